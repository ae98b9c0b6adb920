"""Piped output: tab-separated lines, one record per line, no header, no ANSI, no truncation.

Like gh: fields are separated by tabs; lists inside a field by ", " (themes) or " " (URLs);
every control character in data is made visible (``\\x1b``), so a line is always one record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from chairship_cli.chronology import Upcoming, term_status
from chairship_cli.dates import PartialDate
from chairship_cli.model import Correction, Dataset, Org, Person, Term
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

from .output import safe

Row = Sequence[str | None]


def _cell(value: str | None) -> str:
    return safe(value) if value else ""


def _d(d: PartialDate | None) -> str:
    return d.isoformat() if d is not None else ""


def label(text: str, confidence: str) -> str:
    """Unverified and disputed facts always carry their label."""
    if confidence in ("unverified", "disputed"):
        return f"{text} ({confidence})"
    return text


def lines(rows: Iterable[Row]) -> str:
    return "".join("\t".join(_cell(c) for c in row) + "\n" for row in rows)


def org_rows(orgs: Iterable[tuple[Org, WhoAnswer]], lang: str) -> list[Row]:
    rows: list[Row] = []
    for org, now in orgs:
        rows.append(
            [
                org.id,
                org.display_acronym(lang),
                org.display_name(lang),
                ", ".join(org.themes),
                now.chair or "",
                _d(now.span.start) if now.span else "",
                now.status,
            ]
        )
    return rows


def term_row(t: Term, status: str) -> Row:
    return [
        "term",
        t.chair,
        country_name(t.chair),
        _d(t.start),
        _d(t.end),
        t.start_event,
        t.end_event,
        t.confidence,
        " ".join(t.sources),
        status,
    ]


def show_rows(ds: Dataset, org: Org, lang: str, now: WhoAnswer) -> list[Row]:
    rows: list[Row] = [
        ["id", org.id],
        ["acronym", org.display_acronym(lang)],
        ["name", org.display_name(lang)],
    ]
    for n in org.names:
        rows.append(
            ["name." + n.lang, label(n.name, n.confidence), n.acronym or "", " ".join(n.sources)]
        )
    for a in org.aliases:
        rows.append(["alias", a.text, a.lang, a.kind, a.note])
    rows.append(["founded", _d(org.founded), org.founded_note])
    rows.append(["headquarters", org.headquarters])
    rows.append(["website", org.website])
    rows.append(["themes", ", ".join(org.themes)])
    for m in org.members:
        rows.append(["members", str(m.count), _d(m.as_of), m.note, " ".join(m.sources)])
    rows.append(
        [
            "current_chair",
            now.chair or "",
            country_name(now.chair) if now.chair else "",
            _d(now.span.start) if now.span else "",
            now.status,
            now.reason,
        ]
    )
    if org.rotation:
        rows.append(["rotation", org.rotation.text, " ".join(org.rotation.sources)])
    rows.extend(term_row(t, term_status(ds, org, t)) for t in org.terms)
    for p in org.priorities:
        rows.append(
            [
                "priority",
                label(p.text, p.confidence),
                ", ".join(p.themes),
                p.confidence,
                " ".join(p.sources),
                p.chair,
                _d(p.term),
            ]
        )
    for e in org.events:
        rows.append(
            [
                "event",
                _d(e.date),
                _d(e.end),
                label(e.title, e.confidence),
                e.place,
                e.confidence,
                " ".join(e.sources),
            ]
        )
    for c in org.claims:
        rows.append(
            ["claim", c.id, c.claim, ", ".join(c.asserted_by), c.record, " ".join(c.sources)]
        )
    rows.append(["sources", " ".join(org.sources)])
    return rows


def timeline_rows(items: Iterable[TimelineItem]) -> list[Row]:
    return [
        [
            _d(i.date),
            _d(i.end),
            i.org,
            i.kind,
            label(i.title, i.confidence),
            i.place,
            i.confidence,
            " ".join(i.sources),
            i.status,
        ]
        for i in items
    ]


def theme_rows(counts: Iterable[ThemeCount]) -> list[Row]:
    return [
        [t.id, t.label, str(len(t.orgs)), str(t.priorities), str(t.events), ", ".join(t.orgs)]
        for t in counts
    ]


def who_rows(a: WhoAnswer) -> list[Row]:
    s = a.span
    return [
        [
            a.org.id,
            a.on.isoformat(),
            a.chair or "",
            country_name(a.chair) if a.chair else "",
            _d(s.start) if s else "",
            _d(s.end) if s else "",
            "uncertain" if a.uncertain else "",
            "; ".join(a.notes),
            a.status,
            a.reason,
        ]
    ]


def next_rows(now: WhoAnswer, items: Iterable[Upcoming]) -> list[Row]:
    rows: list[Row] = [
        ["now", now.chair or "", _d(now.span.start) if now.span else "", "", now.status, now.reason]
    ]
    for u in items:
        rows.append(["next", u.chair or "", _d(u.start), _d(u.end), u.status, u.reason])
    return rows


def chairmanship_rows(items: Iterable[Chairmanship], lang: str) -> list[Row]:
    return [
        [
            c.org.id,
            c.span.chair,
            _d(c.span.start),
            _d(c.span.end),
            c.span.term.confidence if c.span.term else "unverified",
            "uncertain" if c.uncertain else "",
            c.org.display_name(lang),
            c.status,
            c.role,
        ]
        for c in items
    ]


def hit_rows(hits: Iterable[Hit]) -> list[Row]:
    return [[h.kind, h.org or "", h.ref, h.field, h.text] for h in hits]


def source_rows(uses: Iterable[SourceUse]) -> list[Row]:
    return [[s.url, ", ".join(s.orgs), " | ".join(s.supports)] for s in uses]


def correction_rows(items: Iterable[Correction]) -> list[Row]:
    return [
        [str(c.n), c.org or "", c.seed, c.literal, c.correct, c.confidence, " ".join(c.sources)]
        for c in items
    ]


def person_rows(ds: Dataset, p: Person) -> list[Row]:
    rows: list[Row] = [["person", p.id, label(p.name, p.confidence), ", ".join(p.spellings)]]
    for r in p.roles:
        rows.append(["role", r.title, r.org or "", _d(r.start), _d(r.end)])
    for i in events_with_person(ds, p):
        rows.append(["event", _d(i.date), i.org, i.title])
    return rows
