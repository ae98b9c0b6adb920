"""Terminal output with rich. The only module (with chart.py) that imports rich.

Every string from the dataset goes in as ``Text(safe(value))``: never parsed as markup or emoji
codes, and control characters are made visible, so data cannot drive the terminal.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from datetime import date as _date

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chairship_cli.chronology import Span, Upcoming, term_status
from chairship_cli.dates import PartialDate
from chairship_cli.model import Correction, Dataset, Org, Person
from chairship_cli.query import (
    Chairmanship,
    Hit,
    SourceUse,
    ThemeCount,
    TimelineItem,
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


def show(*renderables: RenderableType) -> None:
    console, sink = make_console()
    for r in renderables:
        console.print(r)
    emit(sink.getvalue())


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


def legend(statuses: bool = False) -> Text:
    return Text(LEGEND + ("\n" + STATUS_LEGEND if statuses else ""), style="dim")


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


def lines(values: Sequence[str], style: str = "") -> Text:
    """Several data strings, one per line (each made safe on its own)."""
    return Text("\n".join(safe(v) for v in values), style=style)


# --------------------------------------------------------------------------- commands


def org_list(items: Iterable[tuple[Org, WhoAnswer]], lang: str) -> None:
    table = _table(None, "ID", "Body", "Chair now", "Since", "Status")
    for org, now in items:
        table.add_row(
            T(org.id, "bold"),
            T(org.display_acronym(lang)),
            chair_text(now.chair),
            _d(now.span.start if now.span else None),
            status(now.status),
        )
    show(table, legend(statuses=True))


def _term_table(ds: Dataset, org: Org, title: str) -> Table:
    table = _table(title, "", "Chair", "From", "To", "Status", "Hand-over / note")
    for t in org.terms:
        hand = " → ".join(x for x in (t.start_event, t.end_event) if x)
        style = "bold" if t.chair == "KZ" else ""
        detail = T(hand)
        extra = [t.holder, t.kind if t.kind != "regular" else ""]
        if t.co_chairs:
            extra.append("co-chairs " + ", ".join(t.co_chairs))
        if t.skipped:
            extra.append("skipped " + ", ".join(t.skipped))
        if t.expected_end:
            extra.append(f"expected to end {t.expected_end.human()}")
        extra_text = "; ".join(x for x in extra if x)
        if extra_text:
            detail.append(("\n" if hand else "") + safe(extra_text), style="dim")
        table.add_row(
            mark(t.confidence),
            T(f"{country_name(t.chair)} ({t.chair})", style),
            _d(t.start, "?"),
            _d(t.end, "open"),
            status(term_status(ds, org, t)),
            detail,
        )
    return table


def org_detail(
    ds: Dataset, org: Org, lang: str, now: WhoAnswer, with_sources: bool
) -> None:
    head = Text()
    head.append(safe(org.display_name(lang)), style="bold")
    head.append(f" ({safe(org.display_acronym(lang))})")
    info = _table(None, "", "")
    info.show_header = False
    for n in org.names:
        value = T(n.name)
        if n.acronym:
            value.append(f"  {safe(n.acronym)}", style="dim")
        value.append("  ")
        value.append_text(mark(n.confidence))
        info.add_row(T(f"name ({n.lang})", "dim"), value)
    for a in org.aliases:
        flag = " — mistranslation" if a.kind == "mistranslation" else f" — {a.kind}"
        info.add_row(T(f"alias ({a.lang})", "dim"), T(a.text + flag))
    info.add_row(T("founded", "dim"), T(f"{org.founded.human()}  {org.founded_note}".strip()))
    info.add_row(T("headquarters", "dim"), T(org.headquarters))
    info.add_row(T("website", "dim"), T(org.website))
    info.add_row(T("themes", "dim"), T(", ".join(org.themes)))
    for m in org.members:
        info.add_row(T("members", "dim"), T(f"{m.count} as of {m.as_of.human()}  {m.note}".strip()))
    current = chair_text(now.chair)
    current.append("  ")
    current.append_text(status(now.status))
    current.append("\n" + safe(now.reason), style="dim")
    info.add_row(T("chair today", "dim"), current)
    if org.rotation:
        info.add_row(T("rotation", "dim"), T(org.rotation.text))
    parts: list[RenderableType] = [Panel(info, title=head, title_align="left", box=box.ROUNDED)]
    parts.append(_term_table(ds, org, "Chair history"))
    pri = _table(
        "Priorities", "", "Priority", "Whose", "Themes", *(["Sources"] if with_sources else [])
    )
    for p in org.priorities:
        pri.add_row(
            mark(p.confidence),
            labelled(p.text, p.confidence),
            T(f"{country_name(p.chair)}, chair from {p.term.human() if p.term else '?'}"),
            T(", ".join(p.themes)),
            *([_sources(p.sources)] if with_sources else []),
        )
    parts.append(pri)
    ev = _table("Events", "", "Date", "Event", "Place", *(["Sources"] if with_sources else []))
    for e in org.events:
        date = e.date.isoformat() + (f" – {e.end.isoformat()}" if e.end else "")
        title = labelled(e.title, e.confidence)
        if e.planned:
            title.append(" (planned)", style=STATUS_STYLE["planned"])
        ev.add_row(
            mark(e.confidence),
            T(date),
            title,
            T(e.place),
            *([_sources(e.sources)] if with_sources else []),
        )
    parts.append(ev)
    if org.claims:
        cl = _table("Disputed claims", "Claim", "Asserted by", "What the record shows")
        for c in org.claims:
            cl.add_row(T(c.claim, "red"), T(", ".join(c.asserted_by)), T(c.record))
        parts.append(cl)
    if with_sources:
        parts.append(Group(Text("Sources (basic data)", style="bold"), _sources(org.sources)))
    parts.append(legend(statuses=True))
    show(*parts)


def timeline(items: Iterable[TimelineItem], title: str | None) -> None:
    table = _table(title, "", "Date", "Org", "Event", "Place")
    for i in items:
        date = i.date.isoformat() + (f" – {i.end.isoformat()}" if i.end else "")
        style = "bold" if i.kind == "handover" else ""
        title = labelled(i.title, i.confidence, style)
        if i.status != "recorded":
            title.append(f" ({i.status})", style=STATUS_STYLE.get(i.status, ""))
        table.add_row(
            mark(i.confidence),
            T(date),
            T(i.org),
            title,
            T(i.place or i.meeting),
        )
    show(table, legend())


def themes(counts: Iterable[ThemeCount]) -> None:
    table = _table(None, "Theme", "Label", "Orgs", "Priorities", "Events", "Organisations")
    for t in counts:
        table.add_row(
            T(t.id, "bold"),
            T(t.label),
            T(str(len(t.orgs))),
            T(str(t.priorities)),
            T(str(t.events)),
            T(", ".join(t.orgs)),
        )
    show(table)


def _span_ref(label: str, sp: Span | None) -> Text:
    text = T(f"{label}: ", "dim")
    if sp is None:
        text.append("none recorded")
    else:
        text.append(
            safe(
                f"{country_name(sp.chair)} ({sp.chair}) {sp.start or '?'} to {sp.end or 'open'}"
            )
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
    head.append(" — " + safe(a.reason.split(": ", 1)[-1]))
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
        lines.append(_sources(a.term.sources))
    title = Text(f"{safe(a.org.acronym)} chair on {a.on.isoformat()}")
    show(Panel(Group(*lines), title=title, title_align="left", box=box.ROUNDED), legend())


def next_chairs(now: WhoAnswer, items: Iterable[Upcoming], lang: str) -> None:
    title = f"{now.org.display_acronym(lang)}: the chair now and the coming chairs"
    table = _table(title, "When", "Chair", "Status", "How it is known")
    since = now.span.start.human() if now.span and now.span.start else "?"
    table.add_row(
        T(f"now (since {since})"), chair_text(now.chair), status(now.status), T(now.reason)
    )
    for u in items:
        when = f"{u.start or '?'} to {u.end or 'open'}" if u.chair else f"by {u.start or '?'}"
        table.add_row(T(when), chair_text(u.chair), status(u.status), T(u.reason))
    show(table, legend(statuses=True))


def chairmanships(items: Iterable[Chairmanship], title: str, lang: str) -> None:
    table = _table(title, "", "Org", "Name", "From", "To", "Status")
    for c in items:
        sp = c.span
        to = _d(sp.end, "open")
        if c.uncertain:
            to.append(" ?", style="yellow")
        name = T(c.org.display_name(lang))
        if c.role != "chair":
            name.append(f" ({c.role})", style="dim")
        table.add_row(
            mark(sp.term.confidence if sp.term else "unverified"),
            T(c.org.id, "bold"),
            name,
            _d(sp.start, "?"),
            to,
            status(c.status),
        )
    show(table, legend(statuses=True))


def hits(items: Iterable[Hit]) -> None:
    table = _table(None, "Kind", "Org", "Ref", "Matched in", "Text")
    for h in items:
        table.add_row(T(h.kind), T(h.org or ""), T(h.ref), T(h.field), T(h.text))
    show(table)


def sources(items: Iterable[SourceUse]) -> None:
    table = _table(None, "URL", "Orgs", "Supports")
    for s in items:
        table.add_row(T(s.url), T(", ".join(s.orgs)), lines(s.supports))
    show(table)


def corrections(items: Iterable[Correction]) -> None:
    table = _table(
        "Translation errors in the seed article",
        "#",
        "",
        "Seed (Arabic)",
        "Literally",
        "Correct reading",
    )
    for c in items:
        table.add_row(
            T(str(c.n)),
            mark(c.confidence),
            T(c.seed),
            T(c.literal),
            labelled(c.correct, c.confidence),
        )
    show(table, legend())


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
    emit(sink.getvalue())
