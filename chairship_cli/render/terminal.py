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
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chairship_cli.chronology import Span, term_status
from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset, Org, Person
from chairship_cli.query import (
    WhoAnswer,
    country_name,
    events_with_person,
)

from .output import emit, safe

MARKS = {"verified": "V", "single-source": "S", "unverified": "U", "disputed": "C"}
MARK_STYLE = {
    "verified": "green",
    "single-source": "cyan",
    "unverified": "yellow",
    "disputed": "red",
}
LEGEND = "V verified (2+ sources) · S single source · U unverified · C disputed"
STATUS_STYLE = {
    "recorded": "green",
    "scheduled": "cyan",
    "projected": "yellow",
    "overdue": "red",
    "unknown": "yellow",
    "planned": "cyan",
}
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
    return Text(safe(value or ""), style=style)


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


def chair_text(code: str | None, holder: str = "") -> Text:
    if not code:
        return T("—")
    return T(holder or f"{country_name(code)} ({code})")


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


def records_table(shape: Any, items: Sequence[Any], title: str | None, legend_kind: str) -> None:
    """Any shape's records as a table of its columns (render/shapes.py), 80 columns in mind:
    'wide' columns are left to TSV and CSV, URLs are shortened visibly, never broken."""
    from .shapes import cell_text

    cols = [c for c in shape.columns if not c.wide]
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    for c in cols:
        head = c.header[:1].upper() + c.header[1:]
        least = max(len(head), 1)  # a column never shrinks below its heading
        # Long URLs are shortened with '…', never broken mid-line; wrappable columns, because
        # rich drops wrappable neighbours of no_wrap columns that do not fit.
        if c.kind == "url":
            table.add_column(head, overflow="ellipsis", max_width=50, min_width=16)
        elif c.kind == "first":  # the first item, and how many more
            table.add_column(head, overflow="ellipsis", min_width=16)
        elif c.kind in ("mark", "status", "date", "int", "flag", "chair", "id"):
            table.add_column(head, no_wrap=True, min_width=least)
        else:
            table.add_column(head, overflow="fold", min_width=least)
    for item in items:
        table.add_row(*(_styled(c.kind, c.get(item), item, cell_text) for c in cols))
    parts: list[RenderableType] = [table]
    marks = any(c.kind == "mark" for c in cols)
    statuses = legend_kind == "statuses"
    if marks or statuses:
        parts.append(legend(statuses=statuses, marks=marks))
    show(*parts)


def _styled(kind: str, value: Any, item: Any, cell_text: Any) -> Text:
    if kind == "mark":
        return mark(value)
    if kind == "status":
        return status(value) if value else T("")
    if kind == "chair":
        return chair_text(value)
    if kind == "labelled":
        return labelled(value or "", getattr(item, "confidence", "verified"))
    if kind == "lines":
        return lines(value)
    if kind in ("url", "first"):  # one line, shortened visibly where it does not fit
        return Text(safe(cell_text(kind, value)), no_wrap=True, overflow="ellipsis")
    if kind == "match":
        return _marked(value or "", getattr(item, "span", None))
    return T(cell_text(kind, value))


def _marked(text: str, span: tuple[int, int] | None) -> Text:
    """The matched text, the match itself in reverse video."""
    out = T(text)
    if span is not None:
        out.stylize("reverse", *span)  # safe() keeps the length of printable text
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
    current = chair_text(now.chair)
    current.append("  ")
    current.append_text(status(now.status))
    current.append("\n" + safe(now.reason), style="dim")
    info.add_row(T("chair today", "dim"), current)
    if org.rotation:
        r = org.rotation
        rule = T(r.text)
        rule.append(f"\n{r.period}, {r.choice}, hand-over {r.handover}", style="dim")
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


def _span_ref(label: str, sp: Span | None) -> Text:
    text = T(f"{label}: ", "dim")
    if sp is None:
        text.append("none recorded")
    else:
        text.append(
            safe(f"{country_name(sp.chair)} ({sp.chair}) {sp.start or '?'} to {sp.end or 'open'}")
        )
        if sp.status != "recorded":
            text.append(f" ({sp.status})", style=STATUS_STYLE.get(sp.status, ""))
    return text


def who(a: WhoAnswer) -> None:
    body = Text()
    if a.chair:
        body.append_text(chair_text(a.chair, a.term.holder if a.term else ""))
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
        co = ", ".join(f"{country_name(c)} ({c})" for c in a.term.co_chairs)
        lines.append(T(f"co-chairs: {co}", "dim"))
    for n in a.notes:
        if n != a.reason:
            lines.append(T(("uncertain: " if a.uncertain else "note: ") + n, "yellow"))
    lines += [_span_ref("before", a.previous), _span_ref("after", a.next)]
    if a.term:
        lines.extend(_url_lines(a.term.sources, 3))
    title = Text(f"{safe(a.org.acronym)} chair on {a.on.isoformat()}")
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
