"""What changes hands next, across the world: expected hand-overs and planned meetings in a window.

The hand-overs come from :func:`chronology.upcoming` and :func:`chronology.answer`, the one place
that decides who holds a chair on a day and how that is known, so `upcoming` agrees with `next`,
`who` and the timeline. The meetings are the events the data marks ``planned``. Pure functions
over the model: no I/O, no typer, no rich.

Each item carries an ``id`` that survives edits of the dataset (a calendar re-importing the file
updates its events instead of duplicating them): a hand-over is named by the term it ends (body,
outgoing chair, the year that term began), so "successor not recorded" becomes "X takes the chair"
under the same id once the successor is added; a meeting by its body, year and folded title.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .chronology import (
    Answer,
    Span,
    Upcoming,
    add_months,
    answer,
    horizon,
    previous_day,
    upcoming,
)
from .countries import NAMES as _COUNTRY_NAMES
from .dates import PartialDate, overlaps
from .model import Dataset, Event, Org, Term
from .textkey import fold

DEFAULT_MONTHS = 3
_ROLE_WORDS = ("presidency", "chairmanship", "chair")


class AgendaItem(NamedTuple):
    """One expected hand-over or planned meeting.

    ``date`` is None only for an overdue hand-over (due before the window, still pending: it is
    listed first, never at a past date; ``due``, set only then, says when it was expected).
    ``chair`` is the incoming chair (None: not recorded), ``previous`` the outgoing one.
    """

    id: str
    org: Org
    kind: str  # "handover" or "meeting"
    date: PartialDate | None
    end: PartialDate | None
    what: str
    status: str
    reason: str
    chair: str | None
    previous: str | None
    due: PartialDate | None
    place: str
    confidence: str
    sources: tuple[str, ...]


def _name(code: str | None) -> str:
    return _COUNTRY_NAMES.get(code, code) if code else ""


def chair_title(org: Org) -> str:
    """'the EU Council presidency', 'the SCO chair' (English, as every reason is)."""
    acronym = org.acronym
    last = acronym.rsplit(" ", 1)[-1].lower()
    return f"the {acronym}" if last in _ROLE_WORDS else f"the {acronym} chair"


def window(start: _dt.date, months: int | None, to: _dt.date | None) -> tuple[_dt.date, _dt.date]:
    """The days asked about: ``start`` to ``to`` (inclusive), or ``months`` months from it."""
    if to is not None:
        return start, to
    return start, previous_day(add_months(start, months or DEFAULT_MONTHS))


def agenda(
    ds: Dataset,
    orgs: Iterable[Org],
    lo: _dt.date,
    hi: _dt.date,
    country: str | None = None,
) -> list[AgendaItem]:
    """Every expected hand-over and planned meeting of ``orgs`` from ``lo`` to ``hi``, in date
    order, overdue hand-overs first. ``country``: only that country's own coming terms (the
    hand-overs it takes or makes, and the meetings held while it chairs)."""
    items: list[AgendaItem] = []
    for org in orgs:
        items.extend(handovers(ds, org, lo, hi))
        items.extend(meetings(ds, org, lo, hi))
    if country is not None:
        items = [i for i in items if _concerns(ds, i, country, lo)]
    items.sort(key=_order)
    return items


def _order(i: AgendaItem) -> tuple[int, _dt.date, int, str, bool, str]:
    if i.date is None:  # overdue: at the top, in the order they fell due
        due = i.due.earliest() if i.due is not None else _dt.date.min
        return (0, due, 0, i.org.id, False, i.what)
    key = i.date.sort_key()
    return (1, key[0], key[1], i.org.id, i.kind != "handover", i.what)


def _concerns(ds: Dataset, i: AgendaItem, code: str, lo: _dt.date) -> bool:
    if i.kind == "handover":
        return code in (i.chair, i.previous) or (
            i.chair is not None and code in _co_chairs(i.org, i.chair, i.date)
        )
    assert i.date is not None
    a = answer(ds, i.org, max(i.date.earliest(), lo))
    return a.chair == code or (a.term is not None and code in a.term.co_chairs)


def _co_chairs(org: Org, chair: str, start: PartialDate | None) -> tuple[str, ...]:
    for t in org.terms:
        if t.chair == chair and t.start == start:
            return t.co_chairs
    return ()


# --------------------------------------------------------------------------- hand-overs


def _term_key(chair: str, span: Span | None) -> str:
    """A term's identity that survives edits: its chair and the year it began (or, without a
    recorded start, the year its earliest possible first day falls in)."""
    year: int | str = "open"
    if span is not None and span.start is not None:
        year = span.start.year
    elif span is not None and span.first_lo is not None:
        year = span.first_lo.year
    return f"{chair.lower()}-{year}"


def _handover_id(org: Org, outgoing: Span | None, incoming: Span | None) -> str:
    if outgoing is not None:
        return f"{org.id}.handover.{_term_key(outgoing.chair, outgoing)}"
    assert incoming is not None
    return f"{org.id}.handover.to-{_term_key(incoming.chair, incoming)}"


def _follows(prev: Span | None, s: Span | None) -> bool:
    """``s`` starts the day after ``prev`` ends (or inside its uncertain boundary)."""
    if prev is None or s is None or prev.last_hi is None or s.first_lo is None:
        return False
    return (s.first_lo - prev.last_hi).days <= 1


def _coming(ds: Dataset, org: Org, lo: _dt.date, hi: _dt.date) -> tuple[Answer, list[Upcoming]]:
    """chronology.upcoming from ``lo``, asked for as many chairs as reach past ``hi``."""
    limit = 16
    while True:
        now, items = upcoming(ds, org, lo, limit)
        known = [u for u in items if u.chair is not None]
        if len(known) < limit or (known[-1].start is not None and known[-1].start.earliest() > hi):
            return now, items
        limit *= 4


def handovers(ds: Dataset, org: Org, lo: _dt.date, hi: _dt.date) -> list[AgendaItem]:
    """The hand-overs of ``org`` expected from ``lo`` to ``hi``; an overdue one (due before
    ``lo``, no successor recorded) once, undated."""
    # Counted from the day before, so that a hand-over on ``lo`` itself is listed.
    before_lo, coming = _coming(ds, org, previous_day(lo), hi)
    now = answer(ds, org, lo)
    title = chair_title(org)
    out: list[AgendaItem] = []
    if now.status == "overdue" and now.span is not None:
        due = now.expected.date if now.expected is not None else None
        by = f", expected by {due.human()}" if due is not None else ""
        out.append(
            _item(
                org,
                _handover_id(org, now.span, None),
                None,
                f"{_name(now.chair)} hands over {title} (overdue{by})",
                now.status,
                now.reason,
                None,
                now.span,
                due,
            )
        )
    prev: Span | None = before_lo.span
    for u in coming:
        if u.chair is None:  # the records run out: the hand-over is expected, its taker unknown
            date = u.start
            if (
                not u.expected
                and prev is not None
                and prev.end is not None
                and prev.end.precision != "day"
            ):
                date = prev.end  # the term ends in that month or year: say no more than that
            if date is None or prev is None or not overlaps(date, date, lo, hi):
                break  # outside the window; due before it: the overdue item above, or no chair
            what = f"{_name(prev.chair)} hands over {title}; successor not recorded"
            out.append(
                _item(
                    org, _handover_id(org, prev, None), date, what, u.status, u.reason, None, prev
                )
            )
            break
        s = u.span
        if u.start is None or s is None:
            prev = s
            continue
        if u.start.earliest() > hi:
            break
        before = prev if _follows(prev, s) else None
        what = f"{_name(u.chair)} takes {title}" + (
            f" from {_name(before.chair)}" if before is not None else ""
        )
        if overlaps(u.start, u.start, lo, hi):
            out.append(
                _item(
                    org,
                    _handover_id(org, before, s),
                    u.start,
                    what,
                    u.status,
                    u.reason,
                    s,
                    before,
                )
            )
        prev = s
    return out


def _item(
    org: Org,
    ident: str,
    date: PartialDate | None,
    what: str,
    status: str,
    reason: str,
    incoming: Span | None,
    outgoing: Span | None,
    due: PartialDate | None = None,
) -> AgendaItem:
    # The incoming term's sources; without a successor, the outgoing term's (its expected end).
    # A turn computed from the rule's order has no term: it cites the rule.
    side = incoming if incoming is not None else outgoing
    term: Term | None = side.term if side is not None else None
    if term is not None:
        confidence, sources = term.confidence, tuple(term.sources)
    else:
        confidence = "unverified"
        sources = tuple(org.rotation.sources) if org.rotation else tuple(org.sources)
    return AgendaItem(
        ident,
        org,
        "handover",
        date,
        None,
        what,
        status,
        reason,
        incoming.chair if incoming is not None else None,
        outgoing.chair if outgoing is not None else None,
        due,
        "",
        confidence,
        sources,
    )


# --------------------------------------------------------------------------- meetings


def meeting_id(org: Org, ev: Event) -> str:
    """Body, year and the title folded (case, accents and punctuation ignored), hashed short."""
    import hashlib

    digest = hashlib.sha1(fold(ev.title).encode("utf-8")).hexdigest()[:12]
    return f"{org.id}.meeting.{ev.date.year}-{digest}"


def _meeting_what(ev: Event) -> str:
    place = ev.place.strip()
    first = place.split(",", 1)[0]
    if not place or fold(first) in fold(ev.title):
        return ev.title
    return f"{ev.title}, {place}"


def meetings(ds: Dataset, org: Org, lo: _dt.date, hi: _dt.date) -> list[AgendaItem]:
    """The planned events of ``org`` whose dates may fall from ``lo`` to ``hi``."""
    h = horizon(ds, org)
    checked = f"sources checked to {PartialDate.from_date(h).human()}" if h else "no horizon"
    out: list[AgendaItem] = []
    for ev in _planned(org.events):
        last = ev.end or ev.date
        if not overlaps(ev.date, last, lo, hi) or last.latest() < lo:
            continue
        when = ev.date.human() + (f" to {ev.end.human()}" if ev.end else "")
        if h is not None and last.latest() <= h:
            status = "unknown"
            reason = f"planned for {when}; the sources ({checked}) do not report it as held"
        else:
            status = "scheduled"
            reason = f"planned for {when}, announced by a source; not yet reported as held"
            if ev.date.earliest() < lo:
                reason += (
                    f"; dated only to the {ev.date.precision}, it may already have taken place"
                )
            reason += f" ({checked})"
        out.append(
            AgendaItem(
                meeting_id(org, ev),
                org,
                "meeting",
                ev.date,
                ev.end,
                _meeting_what(ev),
                status,
                reason,
                None,
                None,
                None,
                ev.place,
                ev.confidence,
                tuple(ev.sources),
            )
        )
    return out


def _planned(events: Sequence[Event]) -> Iterable[Event]:
    return (e for e in events if e.planned)
