"""Terminal output with rich. The only module (with chart.py) that imports rich.

Every string from the dataset goes in as ``Text(safe(value))``: never parsed as markup or emoji
codes, and control characters are made visible, so data cannot drive the terminal.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date as _date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chairship_cli.chronology import Span, term_status
from chairship_cli.dates import PartialDate
from chairship_cli.i18n import MARK as I18N_MARK
from chairship_cli.i18n import Untranslated, is_rtl, org_acronym
from chairship_cli.i18n import country_name as i18n_country
from chairship_cli.model import Dataset, Org, Person
from chairship_cli.query import (
    WhoAnswer,
    country_name,
    events_with_person,
)

from .output import emit, safe
from .styles import STATUS_STYLE

if TYPE_CHECKING:
    from .shapes import Ctx, Shape

MARKS = {"verified": "V", "single-source": "S", "unverified": "U", "disputed": "C"}
MARK_STYLE = {
    "verified": "green",
    "single-source": "cyan",
    "unverified": "yellow",
    "disputed": "red",
}
LEGEND = "V verified (2+ sources) · S single source · U unverified · C disputed"
STATUS_LEGEND = (
    "recorded: sourced, up to the date sources were checked · scheduled: announced\n"
    "projected: computed from the rule · overdue: hand-over due but not recorded"
)


class _Sink(io.StringIO):
    """A text buffer that reports stdout's encoding, so rich picks ASCII boxes when needed."""

    def __init__(self, encoding: str):
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def make_console(plain: bool = False) -> tuple[Console, _Sink]:
    """A console rendering into a buffer; plain (or NO_COLOR, TERM=dumb) means no styling."""
    enc = getattr(sys.stdout, "encoding", None) or "utf-8"
    sink = _Sink(enc)
    plain = plain or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    width = shutil.get_terminal_size((100, 24)).columns
    console = Console(
        file=sink,
        force_terminal=not plain,
        color_system=None if plain else "auto",
        no_color=plain,
        width=max(width, 20),
        markup=False,
        emoji=False,
        highlight=False,
    )
    return console, sink


def count(n: int, one: str, many: str) -> str:
    """'1 disputed claim', '2 disputed claims', '0 events'."""
    return f"{n} {one if n == 1 else many}"


def show(*renderables: RenderableType) -> None:
    console, sink = make_console()
    for r in renderables:
        console.print(r)
    emit(sink.getvalue(), lossy=True)  # a table for a person: \uXXXX where it cannot encode


def T(value: str | None, style: str = "") -> Text:
    """Data as text: made safe, and right-to-left text isolated (U+2068 ... U+2069, both zero
    width) so that a bidi terminal keeps the columns around it in place."""
    text = safe(value or "")
    if is_rtl(text):
        text = f"\u2068{text}\u2069"
    return Text(text, style=style)


def localised(value: Any, style: str = "") -> Text:
    """A name, marked when it is shown in English for want of one in --lang."""
    t = T(str(value), style)
    if isinstance(value, Untranslated):
        t.append(" " + I18N_MARK, style="dim")
    return t


def lang_legend(lang: str) -> Text:
    return Text(f"{I18N_MARK} no name in '{lang}' recorded: shown in English", style="dim")


def _d(d: PartialDate | None, open_text: str = "") -> Text:
    return Text(d.isoformat() if d else open_text)


def mark(confidence: str) -> Text:
    return Text(MARKS.get(confidence, "?"), style=MARK_STYLE.get(confidence, ""))


def labelled(text: str, confidence: str, style: str = "") -> Text:
    t = T(text, style)
    if confidence in ("unverified", "disputed"):
        t.append(f" ({confidence})", style=MARK_STYLE[confidence])
    return t


def legend(statuses: bool = False, marks: bool = True) -> Text:
    parts = ([LEGEND] if marks else []) + ([STATUS_LEGEND] if statuses else [])
    return Text("\n".join(parts), style="dim")


def status(value: str) -> Text:
    return Text(value, style=STATUS_STYLE.get(value, ""))


def chair_text(code: str | None, lang: str, holder: str = "") -> Text:
    if not code:
        return T("—")
    if holder:
        return T(holder)
    name = i18n_country(code, lang)
    text = T(f"{name} ({code})")
    if isinstance(name, Untranslated):
        text.append(" " + I18N_MARK, style="dim")
    return text


def _table(title: str | None, *columns: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    return table


def _sources(urls: Sequence[str]) -> Text:
    return lines(urls, "dim")


def _url_lines(urls: Sequence[str], most: int) -> list[Text]:
    """Sources, one per line, each shortened with '…' rather than broken; the rest counted."""
    out = []
    for u in urls[:most]:
        t = Text(safe(u), style="dim", no_wrap=True, overflow="ellipsis")
        out.append(t)
    if len(urls) > most:
        out.append(Text(f"(+{len(urls) - most} more sources: --json)", style="dim"))
    return out


def lines(values: Sequence[str], style: str = "") -> Text:
    """Several data strings, one per line (each made safe on its own)."""
    return Text("\n".join(safe(v) for v in values), style=style)


# --------------------------------------------------------------------------- records as a table


# Kinds that are never wrapped nor cut: ids, codes, dates, statuses, counts, marks.
RIGID = ("mark", "status", "date", "int", "flag", "id")
SENTENCE_KINDS = ("labelled", "match", "first")  # what a row says: it gets the width
URL_MIN = 44  # a URL keeps its host and the start of its path, shortened with '…'
FLEX_MIN = 20  # other columns wrap between words, down to their longest word up to this
URL_MAX = 64
SENTENCE_MIN = 24
SENTENCE_WANT = 40  # sparse columns make way until the sentence column has this much


def records_table(
    shape: Shape, items: Sequence[Any], title: str | None, legend_kind: str, ctx: Ctx
) -> None:
    """Any shape's records as a table of its columns (render/shapes.py), 80 columns in mind.

    'wide' columns are left to TSV and CSV. Of the rest, a column that is empty in every row,
    or the same in every row, is left out and the legend says so; ids, codes and dates are
    never wrapped nor cut; the column that carries the sentence (a title, a reason, what a
    source supports) gets the width, the others shrink first; sparse columns are left out
    when the table is too narrow; URLs are shortened visibly, never broken."""
    from .shapes import cell_text

    console, sink = make_console()
    cols = [c for c in shape.columns if not c.wide]
    values = [[c.get(item, ctx) for item in items] for c in cols]
    cells = [
        [_styled(c.style, v, item, cell_text, ctx.lang) for v, item in zip(vs, items, strict=True)]
        for c, vs in zip(cols, values, strict=True)
    ]
    texts = [[t.plain for t in col] for col in cells]  # as shown: a chair with its name
    left_out: list[str] = []
    keep = []
    for i, c in enumerate(cols):
        distinct = set(texts[i])
        name = c.header or "confidence"
        if distinct == {""}:
            left_out.append(f"{name} (empty in every row)")
        elif len(items) > 1 and len(distinct) == 1 and c.style != "id":
            shown = texts[i][0] if c.style != "mark" else values[i][0]
            left_out.append(f"{name} ({shown} in every row)")
        else:
            keep.append(i)
    widths = _fit(cols, texts, keep, console.width, left_out)
    # The title on its own line: a narrow table would otherwise wrap it to its own width.
    table = Table(box=box.SIMPLE_HEAD, expand=False, show_edge=False)
    for i in keep:
        c = cols[i]
        head = c.header[:1].upper() + c.header[1:]
        w = widths.get(i)
        if c.style in RIGID:
            table.add_column(head, no_wrap=True, width=w)
        elif c.style in ("url", "first"):  # one line each, shortened with '…' where too long
            table.add_column(head, overflow="ellipsis", no_wrap=True, width=w)
        else:
            table.add_column(head, overflow="fold", width=w)
    for n in range(len(items)):
        table.add_row(*(cells[i][n] for i in keep))
    parts: list[RenderableType] = [Text(safe(title), style="italic")] if title else []
    parts.append(table)
    marks = any(cols[i].style == "mark" for i in keep)
    statuses = legend_kind == "statuses"
    if marks or statuses:
        parts.append(legend(statuses=statuses, marks=marks))
    if any(t.plain.endswith(" " + I18N_MARK) for i in keep for t in cells[i]):
        parts.append(lang_legend(ctx.lang))
    if left_out:
        note = "Not in this table: " + "; ".join(left_out) + " (all columns: --format tsv)"
        parts.append(Text(safe(note), style="dim"))
    for r in parts:
        console.print(r)
    emit(sink.getvalue())


def _natural(c: Any, texts: list[str]) -> int:
    from rich.cells import cell_len

    head = len(c.header)
    return max([head, *(cell_len(line) for t in texts for line in t.split("\n"))])


def _fit(
    cols: list[Any], texts: list[list[str]], keep: list[int], width: int, left_out: list[str]
) -> dict[int, int]:
    """Column widths for ``width`` terminal columns (empty: the table fits as it is). Drops
    from ``keep`` (and notes in ``left_out``) what cannot fit: sparse columns first, then the
    rightmost columns that are not ids."""
    natural = {i: _natural(cols[i], texts[i]) for i in keep}

    def room() -> int:
        return width - (3 * len(keep) - 1)  # padding and separators of box.SIMPLE_HEAD

    if sum(natural.values()) <= room():
        return {}
    flex = [i for i in keep if cols[i].style not in RIGID]
    pick = [i for i in flex if cols[i].style in ("labelled", "match")]
    pick = pick or [i for i in flex if cols[i].style == "first" or cols[i].header == "reason"]
    sentence = max(pick, key=lambda i: sum(len(t) for t in texts[i])) if pick else None
    word = {i: max((len(w) for t in texts[i] for w in t.split()), default=1) for i in flex}

    def least(i: int) -> int:
        c = cols[i]
        if c.style in RIGID:
            return natural[i]
        if c.style == "url":
            return min(natural[i], URL_MIN)
        if i == sentence:
            return min(natural[i], SENTENCE_MIN)
        # wrapped between words where it can be, never narrower than its heading
        return min(natural[i], max(len(c.header), min(word[i], FLEX_MIN)))

    def drop(i: int, why: str) -> None:
        keep.remove(i)
        left_out.append(f"{cols[i].header or 'confidence'} ({why})")

    rows = len(texts[0]) if texts else 0

    def cramped() -> bool:
        """The sentence column gets less than SENTENCE_WANT (or its natural width)."""
        if sentence is None or sentence not in keep:
            return sum(least(j) for j in keep) > room()
        others = sum(least(j) for j in keep if j != sentence)
        return room() - others < min(natural[sentence], SENTENCE_WANT)

    for i in sorted(flex, key=lambda i: texts[i].count(""), reverse=True):
        if not cramped():
            break
        empty = texts[i].count("")
        if i != sentence and empty * 2 > rows:
            drop(i, f"empty in {empty} of {rows} rows; too narrow here")
    # Then the narrowest other columns (a URL and a chair stay), and only where the table
    # cannot fit at all, what is not an id, from the right.
    others = sorted(
        (i for i in flex if i in keep and i != sentence and cols[i].style not in ("url", "chair")),
        key=lambda i: natural[i],
    )
    for i in others:
        if not cramped():
            break
        drop(i, "too narrow here")
    rigid = [i for i in reversed(keep) if cols[i].style in RIGID and cols[i].style != "id"]
    last = [i for i in reversed(keep) if cols[i].style != "id" and i not in rigid]
    for i in [*rigid, *last]:
        if sum(least(j) for j in keep) <= room() or len(keep) == 1:
            break
        drop(i, "too narrow here")
    widths = {i: least(i) for i in keep}
    spare = room() - sum(widths.values())
    if sentence in keep:  # the sentence first, up to SENTENCE_WANT
        grow = max(0, min(spare, min(natural[sentence], SENTENCE_WANT) - widths[sentence]))
        widths[sentence] += grow
        spare -= grow
    most = {i: min(natural[i], URL_MAX) if cols[i].style == "url" else natural[i] for i in keep}
    for i in sorted((i for i in keep if i != sentence), key=lambda i: most[i] - widths[i]):
        # a column made whole for little room (all of it, where no sentence needs it)
        if 0 < most[i] - widths[i] <= (spare if sentence not in keep else spare // 2):
            spare -= most[i] - widths[i]
            widths[i] = most[i]
    while spare > 0:  # then shared in proportion to what each still lacks (the sentence x2)
        lack = {i: (most[i] - widths[i]) * (2 if i == sentence else 1) for i in keep}
        total = sum(v for v in lack.values() if v > 0)
        if total == 0:
            break
        given = 0
        for i, v in lack.items():
            if v > 0:
                step = min(most[i] - widths[i], max(1, spare * v // total))
                step = min(step, spare - given)
                widths[i] += step
                given += step
        if given == 0:
            break
        spare -= given
    return widths


def _styled(kind: str, value: Any, item: Any, cell_text: Any, lang: str) -> Text:
    if kind == "mark":
        return mark(value)
    if kind == "status":
        return status(value) if value else T("")
    if kind == "chair":
        return chair_text(value, lang)
    if kind == "labelled":
        text = labelled(value or "", getattr(item, "confidence", "verified"))
        if isinstance(value, Untranslated):
            text.append(" " + I18N_MARK, style="dim")
        return text
    if kind == "lines":
        return lines(value)
    if kind in ("url", "first"):  # one line, shortened visibly where it does not fit
        return Text(safe(cell_text(kind, value)), no_wrap=True, overflow="ellipsis")
    if kind == "match":
        return _marked(value or "", getattr(item, "span", None))
    if isinstance(value, Untranslated):
        return localised(value)
    return T(cell_text(kind, value))


def _marked(text: str, span: tuple[int, int] | None) -> Text:
    """The matched text, the match itself in reverse video."""
    out = T(text)
    if span is not None:  # safe() keeps the length of printable text; T() may isolate it
        shift = 1 if out.plain.startswith("\u2068") else 0
        out.stylize("reverse", span[0] + shift, span[1] + shift)
    return out


# --------------------------------------------------------------------------- commands


SECTIONS = ("history", "priorities", "events", "claims", "names", "sources")
DEFAULT_SECTIONS = ("history", "priorities", "claims")


class _Notes:
    """Footnotes: each distinct note is printed once, and cells refer to it as [n]."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def ref(self, note: str) -> str:
        if not note:
            return ""
        if note not in self.texts:
            self.texts.append(note)
        return f"[{self.texts.index(note) + 1}]"

    def render(self) -> Text:
        return Text("\n".join(f"[{i}] {safe(t)}" for i, t in enumerate(self.texts, 1)), style="dim")


RECENT_TERMS = 12  # the history shown by default; --section history shows all


def _term_table(ds: Dataset, org: Org, notes: _Notes, everything: bool) -> Table:
    terms = org.terms if everything else org.terms[-RECENT_TERMS:]
    title = "Chair history"
    if len(terms) < len(org.terms):
        title += f" (latest {len(terms)} of {len(org.terms)}; all: --section history)"
    table = _table(title, "", "Chair", "From", "To", "Status", "Note")
    for t in terms:
        style = "bold" if t.chair == "KZ" else ""
        chair = T(t.holder or f"{country_name(t.chair)} ({t.chair})", style)
        extra = [t.kind if t.kind != "regular" else ""]
        if t.co_chairs:
            extra.append("co-chairs " + ", ".join(t.co_chairs))
        if t.skipped:
            extra.append("skipped " + ", ".join(t.skipped))
        if t.expected_end:
            extra.append(f"expected to end {t.expected_end.human()}")
        extra_text = "; ".join(x for x in extra if x)
        if extra_text:
            chair.append("\n" + safe(extra_text), style="dim")
        refs = " ".join(
            r
            for r in (
                notes.ref(" → ".join(x for x in (t.start_event, t.end_event) if x)),
                notes.ref(t.note),
            )
            if r
        )
        table.add_row(
            mark(t.confidence),
            chair,
            _d(t.start, "?"),
            _d(t.end, "open"),
            status(term_status(ds, org, t)),
            T(refs, "dim"),
        )
    return table


def org_detail(
    ds: Dataset,
    org: Org,
    lang: str,
    now: WhoAnswer,
    with_sources: bool,
    sections: Sequence[str] = DEFAULT_SECTIONS,
) -> None:
    """`show`: a one-screen summary, then the sections asked for (each note said once)."""
    notes = _Notes()
    head = Text()
    head.append(safe(org.display_name(lang)), style="bold")
    head.append(f" ({safe(org.display_acronym(lang))})")
    info = _table(None, "", "")
    info.show_header = False
    if org.summary:
        info.add_row(T("summary", "dim"), T(org.summary))
    current = chair_text(now.chair, lang)
    current.append("  ")
    current.append_text(status(now.status))
    current.append("\n" + safe(now.reason), style="dim")
    info.add_row(T("chair today", "dim"), current)
    if org.rotation:
        r = org.rotation
        rule = T(r.text)
        rule.append(f"\n{r.period}, {r.choice}, hand-over {r.handover}", style="dim")
        if r.groups:
            rule.append("; groups in turn: " + safe(" → ".join(r.groups)), style="dim")
        info.add_row(T("rotation", "dim"), rule)
    info.add_row(T("themes", "dim"), T(", ".join(org.themes)))
    if org.members:
        m = org.members[-1]
        info.add_row(T("members", "dim"), T(f"{m.count} (as of {m.as_of.human()})"))
    info.add_row(T("founded", "dim"), T(org.founded.human()))
    info.add_row(T("website", "dim"), T(org.website))
    checked = org.checked or ds.checked
    if checked:
        info.add_row(T("sources to", "dim"), T(checked.human()))
    counts = " · ".join(
        count(n, one, many)
        for n, one, many in (
            (len(org.terms), "term", "terms"),
            (len(org.priorities), "priority", "priorities"),
            (len(org.events), "event", "events"),
            (len(org.claims), "disputed claim", "disputed claims"),
        )
    )
    info.add_row(T("records", "dim"), T(counts))
    parts: list[RenderableType] = [Panel(info, title=head, title_align="left", box=box.ROUNDED)]
    chosen = SECTIONS if "all" in sections else tuple(sections)
    src = ["Sources"] if with_sources else []
    if "history" in chosen and org.terms:
        parts.append(_term_table(ds, org, notes, tuple(sections) != DEFAULT_SECTIONS))
    if "priorities" in chosen and org.priorities:
        pri = _table("Priorities", "", "Priority", "Whose", "Themes", *src)
        for p in org.priorities:
            pri.add_row(
                mark(p.confidence),
                labelled(p.text, p.confidence),
                T(f"{country_name(p.chair)}, chair from {p.term.human() if p.term else '?'}"),
                T(", ".join(p.themes)),
                *([_sources(p.sources)] if with_sources else []),
            )
        parts.append(pri)
    if "events" in chosen and org.events:
        ev = _table("Events", "", "Date", "Event", "Place", *src)
        for e in org.events:
            date = e.date.isoformat() + (f" – {e.end.isoformat()}" if e.end else "")
            title = labelled(e.title, e.confidence)
            if e.planned:
                title.append(" (planned)", style=STATUS_STYLE["planned"])
            if e.note:
                title.append(" " + notes.ref(e.note), style="dim")
            ev.add_row(
                mark(e.confidence),
                T(date),
                title,
                T(e.place),
                *([_sources(e.sources)] if with_sources else []),
            )
        parts.append(ev)
    if "claims" in chosen and org.claims:
        cl = _table("Disputed claims", "Claim", "What the record shows")
        for c in org.claims:
            cl.add_row(T(c.claim, "red"), T(c.record))
        parts.append(cl)
    if "names" in chosen:
        names = _table("Names", "Lang", "Name", "")
        for n in org.names:
            value = T(n.name)
            if n.acronym:
                value.append(f"  {safe(n.acronym)}", style="dim")
            names.add_row(T(n.lang), value, mark(n.confidence))
        for a in org.aliases:
            names.add_row(T(a.lang), T(a.text), T(a.kind, "dim"))
        parts.append(names)
    if "sources" in chosen or with_sources:
        parts.append(Group(Text("Sources (basic data)", style="bold"), _sources(org.sources)))
    if notes.texts:
        parts.append(notes.render())
    hidden = [x for x in SECTIONS if x not in chosen]
    if hidden:
        parts.append(Text("More: --section " + " | ".join(hidden) + " | all", style="dim"))
    parts.append(legend(statuses=True))
    show(*parts)


def _span_ref(label: str, sp: Span | None, lang: str, always_status: bool = False) -> Text:
    text = T(f"{label}: ", "dim")
    if sp is None:
        text.append("none recorded")
    else:
        text.append_text(chair_text(sp.chair, lang))
        text.append(f" {sp.start or '?'} to {sp.end or 'open'}")
        if sp.status != "recorded" or always_status:
            text.append(f" ({sp.status})", style=STATUS_STYLE.get(sp.status, ""))
    return text


def who(a: WhoAnswer, lang: str) -> None:
    body = Text()
    if a.chair:
        body.append_text(chair_text(a.chair, lang, a.term.holder if a.term else ""))
        body.stylize("bold")
        if a.span is not None:
            body.append(f"  {a.span.start or '?'} to {a.span.end or 'open'}  ")
        if a.term is not None:
            body.append_text(mark(a.term.confidence))
    else:
        body.append("No chair can be named for this date", style="yellow")
    lines: list[RenderableType] = [body]
    head = Text("status: ", style="dim")
    head.append_text(status(a.status))
    head.append(" — " + safe(a.reason))
    lines.append(head)
    if a.term and (a.term.start_event or a.term.end_event):
        lines.append(T(" → ".join(x for x in (a.term.start_event, a.term.end_event) if x), "dim"))
    if a.term and a.term.co_chairs:
        co = ", ".join(f"{i18n_country(c, lang)} ({c})" for c in a.term.co_chairs)
        lines.append(T(f"co-chairs: {co}", "dim"))
    for n in a.notes:
        if n != a.reason:
            lines.append(T(("uncertain: " if a.uncertain else "note: ") + n, "yellow"))
    if a.chair is None and len(a.candidates) > 1:  # a hand-over day that is not recorded
        labels = ["candidate (outgoing)", *["candidate"] * (len(a.candidates) - 2)]
        labels.append("candidate (incoming)")
        lines += [_span_ref(lb, c, lang, True) for lb, c in zip(labels, a.candidates, strict=True)]
    else:
        lines += [_span_ref("before", a.previous, lang), _span_ref("after", a.next, lang)]
    if a.term:
        lines.extend(_url_lines(a.term.sources, 3))
    title = Text(f"{safe(org_acronym(a.org, lang))} chair on {a.on.isoformat()}")
    show(Panel(Group(*lines), title=title, title_align="left", box=box.ROUNDED), legend())


def person(ds: Dataset, p: Person) -> None:
    info = _table(None, "", "")
    info.show_header = False
    if p.spellings:
        info.add_row(T("spellings", "dim"), T(", ".join(p.spellings)))
    if p.seed_forms:
        info.add_row(T("in the seed", "dim"), T(", ".join(p.seed_forms)))
    for r in p.roles:
        span = " to ".join(
            x
            for x in (r.start.isoformat() if r.start else "", r.end.isoformat() if r.end else "")
            if x
        )
        info.add_row(T("role", "dim"), T(f"{r.title} {span}".strip()))
    if p.note:
        info.add_row(T("note", "dim"), T(p.note))
    info.add_row(T("sources", "dim"), _sources(p.sources))
    title = labelled(p.name, p.confidence, "bold")
    parts: list[RenderableType] = [Panel(info, title=title, title_align="left", box=box.ROUNDED)]
    items = events_with_person(ds, p)
    if items:
        table = _table("Events", "Date", "Org", "Event")
        for i in items:
            table.add_row(T(i.date.isoformat()), T(i.org), labelled(i.title, i.confidence))
        parts.append(table)
    show(*parts)


def gantt(ds: Dataset, orgs: Sequence[Org], lo: _date, hi: _date, plain: bool) -> None:
    """The chair-term chart (render/chart.py); plain text without styling when piped."""
    from .chart import chart

    console, sink = make_console(plain=plain)
    console.print(chart(list(orgs), lo, hi, console.width, ds=ds))
    emit(sink.getvalue(), lossy=True)


SVG_WIDTH = 120  # terminal columns of a shared chart: room for a label and ten years


def gantt_svg(ds: Dataset, orgs: Sequence[Org], lo: _date, hi: _date, lang: str) -> str:
    """The chair-term chart as an SVG image (rich's own export of the terminal chart): bars
    coloured by status with a legend, a labelled time axis, body names in ``lang``.

    Rendered in colour whatever the environment says (NO_COLOR, TERM=dumb concern terminals,
    not files), at a fixed width, so the same data gives the same file. The web fonts rich's
    template links to are left out: the image names a monospace font and fetches nothing.
    """
    import re

    from .chart import chart

    console = Console(
        file=io.StringIO(),
        record=True,
        width=SVG_WIDTH,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    console.print(chart(list(orgs), lo, hi, SVG_WIDTH, ds=ds, lang=lang, by_status=True))
    title = f"chairship: chair terms, {lo.isoformat()} to {hi.isoformat()}"
    svg = console.export_svg(title=title)
    return re.sub(r"@font-face\s*\{[^}]*\}\s*", "", svg)
