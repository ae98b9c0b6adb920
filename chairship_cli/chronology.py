"""When each chair holds, and how the dataset knows: one hand-over rule and five statuses.

Hand-over rule: the incoming chair holds on the hand-over day. A term recorded as ending on the
day the next one starts therefore holds until the day before; every command (who, country,
timeline, list, the chart and the exports) reads term bounds through :func:`spans`.

Statuses of a chair answer (docs/data.md, "Statuses"):

- ``recorded``: a sourced term covers the day, and the day is inside the knowledge horizon;
- ``scheduled``: after the horizon, but a source announced the chair for that day in advance;
- ``projected``: computed from the rotation rule (its order or its term length), no source yet;
- ``overdue``: the last recorded chair, past the expected hand-over, no successor recorded;
- ``unknown``: no chair can be named.

Pure functions over the model: no I/O, no typer, no rich.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import NamedTuple

from .countries import NAMES as _COUNTRY_NAMES
from .dates import PartialDate, days_in_month
from .model import Dataset, Org, Term

# Months in one term, for the periods that have a fixed length.
PERIOD_MONTHS = {"monthly": 1, "half-yearly": 6, "yearly": 12, "two-yearly": 24}
MAX_PROJECTED = 1200  # terms computed from an order in one answer (100 years of monthly turns)
# Where a rule's order has no recorded end (``order_until``), projections stop this many terms
# after the last stored term: the order may change (a member joins or leaves, a turn is swapped),
# so no chair is computed for centuries ahead (docs/data.md, "Statuses").
PROJECT_TERMS = 3
_ONE_DAY = _dt.timedelta(days=1)


def _name(code: str) -> str:
    return _COUNTRY_NAMES.get(code, code)


def add_months(d: _dt.date, months: int) -> _dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month, and to the ends of
    the calendar (date.min, date.max: 0001-01-01 and 9999-12-31)."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    if year > _dt.MAXYEAR:
        return _dt.date.max
    if year < _dt.MINYEAR:
        return _dt.date.min
    return _dt.date(year, month, min(d.day, days_in_month(year, month)))


def next_day(d: _dt.date) -> _dt.date:
    """The day after ``d``; 9999-12-31 stays itself (the calendar ends there)."""
    return d + _ONE_DAY if d < _dt.date.max else d


def previous_day(d: _dt.date) -> _dt.date:
    """The day before ``d``; 0001-01-01 stays itself (the calendar starts there)."""
    return d - _ONE_DAY if d > _dt.date.min else d


def horizon(ds: Dataset, org: Org) -> _dt.date | None:
    """The last day the sources for ``org`` were checked to (its own date, else the dataset's)."""
    h = org.checked or ds.checked
    return h.latest() if h is not None else None


def term_months(org: Org) -> int | None:
    return PERIOD_MONTHS.get(org.rotation.period) if org.rotation else None


class Expected(NamedTuple):
    """When an open term is expected to end: from a source (``basis`` "source") or the rule."""

    date: PartialDate
    basis: str
    event: str


def expected_end(org: Org, term: Term) -> Expected | None:
    """The expected end of an open term, or None when neither a source nor the rule gives one."""
    if term.end is not None:
        return None
    meeting = org.rotation.meeting if org.rotation else ""
    if term.expected_end is not None:
        return Expected(term.expected_end, "source", term.expected_event or meeting)
    months = term_months(org)
    if months is None or term.start is None or org.rotation is None:
        return None
    start = term.start
    if org.rotation.handover == "on-date" and start.precision == "day":
        return Expected(
            PartialDate.from_date(previous_day(add_months(start.earliest(), months))),
            "rule",
            meeting,
        )
    later = add_months(start.earliest(), months)
    if start.precision == "year":
        return Expected(PartialDate(later.year), "rule", meeting)
    return Expected(PartialDate(later.year, later.month), "rule", meeting)


def term_status(ds: Dataset, org: Org, term: Term) -> str:
    """The status of a stored term as a whole: projected (from the rule), scheduled (announced
    to start after the horizon) or recorded."""
    if term.basis == "rule":
        return "projected"
    h = horizon(ds, org)
    if h is not None and term.start is not None and term.start.earliest() > h:
        return "scheduled"
    return "recorded"


class Span(NamedTuple):
    """One chair's tenure as every command sees it.

    ``first``/``last`` are the earliest and latest possible first and last days under the
    hand-over rule (``last_*`` None: open). ``term`` is None for a turn computed from the order.
    """

    chair: str
    start: PartialDate | None
    end: PartialDate | None
    first_lo: _dt.date | None
    first_hi: _dt.date | None
    last_lo: _dt.date | None
    last_hi: _dt.date | None
    term: Term | None
    status: str

    def definitely_covers(self, d: _dt.date) -> bool:
        if self.first_hi is None or self.first_hi > d:
            return False
        return self.last_lo is None or d <= self.last_lo

    def possibly_covers(self, d: _dt.date) -> bool:
        if self.first_lo is None or self.first_lo > d:
            return False
        return self.last_hi is None or d <= self.last_hi

    def possibly_covers_range(self, lo: _dt.date, hi: _dt.date) -> bool:
        if self.first_lo is None or self.first_lo > hi:
            return False
        return self.last_hi is None or self.last_hi >= lo

    def surely_within(self, lo: _dt.date, hi: _dt.date) -> bool:
        """Whether the span certainly touches lo..hi (both boundaries known well enough)."""
        if self.first_hi is None or self.first_hi > hi:
            return False
        return self.last_lo is None or self.last_lo >= lo


def overdue_until(org: Org, s: Span) -> _dt.date | None:
    """The last day an open term past its expected end is still reported as ``overdue``: one
    more term length after the expected end, or after ``confirmed_until`` when a source
    confirms the chair later than that (a frozen body whose chair stays on); after that no
    chair is named. None when the span is not such a term."""
    if s.term is None or s.term.end is not None or s.last_hi is None:
        return None
    last = s.last_hi
    confirmed = s.term.confirmed_until
    if confirmed is not None and confirmed.latest() > last:
        last = confirmed.latest()
    return add_months(last, term_months(org) or 12)


def office_terms(org: Org, office: str | None = None) -> tuple[Term, ...]:
    if not org.offices:
        return org.terms
    wanted = office or org.offices[0].id
    return tuple(t for t in org.terms if t.office == wanted)


# Spans of a body are computed once per (dataset, body, office) and reused: a batch of many
# questions about the same bodies would otherwise rebuild them for every question (measured:
# 10,000 `who --batch` questions, 1.3 s of 2.6 s). Keyed by identity; models are immutable.
_CACHE: dict[tuple[int, int, str | None], tuple[Dataset, Org, list[Span]]] = {}
_CACHE_MAX = 256
_STARTS: dict[int, tuple[list[Span], list[_dt.date]]] = {}  # first days, for bisection


def stored_spans(ds: Dataset, org: Org, office: str | None = None) -> list[Span]:
    """The recorded terms as spans, with the hand-over rule applied to shared boundaries."""
    key = (id(ds), id(org), office)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ds and hit[1] is org:
        return hit[2]
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    out = _stored_spans(ds, org, office)
    _CACHE[key] = (ds, org, out)
    return out


def _stored_spans(ds: Dataset, org: Org, office: str | None) -> list[Span]:
    terms = office_terms(org, office)
    months = term_months(org)
    out: list[Span] = []
    for i, t in enumerate(terms):
        nxt = terms[i + 1] if i + 1 < len(terms) else None
        first_lo: _dt.date | None
        first_hi: _dt.date | None
        if t.start is not None:
            first_lo, first_hi = t.start.earliest(), t.start.latest()
        elif t.end is not None and months is not None:
            # Start not recorded: the rule's term length puts it about one period before the end.
            back = add_months(t.end.earliest(), -months)
            first_lo = _dt.date(back.year, back.month, 1)
            first_hi = _dt.date(back.year, back.month, days_in_month(back.year, back.month))
        else:
            first_lo = first_hi = None
        last_lo: _dt.date | None
        last_hi: _dt.date | None
        if t.end is not None:
            last_lo, last_hi = t.end.earliest(), t.end.latest()
            if nxt is not None and nxt.start == t.end:
                # The incoming chair holds on the hand-over day, also when that day is known
                # only to the month or year: the outgoing chair's last day is the day before.
                last_lo, last_hi = previous_day(t.end.earliest()), previous_day(t.end.latest())
        else:
            exp = expected_end(org, t)
            last_lo = last_hi = None
            if exp is not None:
                # Open term: it reaches at least to the expected end (later: overdue, see who()).
                last_lo, last_hi = exp.date.earliest(), exp.date.latest()
        out.append(
            Span(
                t.chair,
                t.start,
                t.end,
                first_lo,
                first_hi,
                last_lo,
                last_hi,
                t,
                term_status(ds, org, t),
            )
        )
    return out


def projected_spans(org: Org, after: Span, until: _dt.date) -> Iterator[Span]:
    """Turns computed from the rule's order after ``after``, up to ``until`` (and the order's own
    limit). Only for orders that hand over on fixed dates and a last term whose end is known."""
    rot = org.rotation
    months = term_months(org)
    if rot is None or months is None or rot.handover != "on-date" or not rot.order:
        return
    if after.chair not in rot.order or after.last_lo is None or after.last_lo != after.last_hi:
        return
    limit = rot.order_until.latest() if rot.order_until else None
    i = rot.order.index(after.chair)
    if after.last_lo == _dt.date.max:
        return
    start = after.last_lo + _ONE_DAY
    most = MAX_PROJECTED if limit is not None else PROJECT_TERMS
    for _ in range(most):
        if start > until or (limit is not None and start > limit):
            return
        later = add_months(start, months)
        if later == _dt.date.max:  # the calendar ends within this turn: compute no further
            return
        i = (i + 1) % len(rot.order)
        last = later - _ONE_DAY
        yield Span(
            rot.order[i],
            PartialDate.from_date(start),
            PartialDate.from_date(last),
            start,
            start,
            last,
            last,
            None,
            "projected",
        )
        start = last + _ONE_DAY


def spans(
    ds: Dataset,
    org: Org,
    until: _dt.date | None = None,
    office: str | None = None,
) -> list[Span]:
    """Recorded and scheduled terms, then (up to ``until``) the turns the rule's order gives."""
    stored = stored_spans(ds, org, office)
    if until is None or not stored:
        return stored
    last = stored[-1]
    if last.last_hi is not None and until <= last.last_hi:
        return stored  # nothing to project up to that day
    on_date = org.rotation is not None and org.rotation.handover == "on-date"
    if last.end is not None or on_date:  # an automatic hand-over needs no recorded meeting
        return [*stored, *projected_spans(org, last, until)]
    return stored


# --------------------------------------------------------------------------- who holds on a day


def _near(all_spans: list[Span], on: _dt.date) -> list[Span]:
    """The spans that may cover ``on``: terms do not overlap (but for uncertain boundaries), so
    only the last few starting by ``on`` can; found by bisection over the first days."""
    import bisect

    starts = _STARTS.get(id(all_spans))
    if starts is None or starts[0] is not all_spans:
        starts = (all_spans, [s.first_lo or _dt.date.min for s in all_spans])
        if len(_STARTS) > _CACHE_MAX:
            _STARTS.clear()
        _STARTS[id(all_spans)] = starts
    i = bisect.bisect_right(starts[1], on)
    return all_spans[max(0, i - 3) : i]


class Answer(NamedTuple):
    """The chair of ``org`` on ``on``, with its status and a one-line reason (what `who`
    answers; ``term`` is the recorded term, None for a turn computed from the order)."""

    chair: str | None
    span: Span | None
    status: str
    reason: str
    uncertain: bool
    notes: tuple[str, ...]
    candidates: tuple[Span, ...]
    expected: Expected | None
    previous: Span | None
    next: Span | None
    org: Org
    on: _dt.date
    term: Term | None
    checked: _dt.date | None = None  # the horizon: the date the sources were checked to


def answer(
    ds: Dataset,
    org: Org,
    on: _dt.date,
    office: str | None = None,
    today: _dt.date | None = None,
) -> Answer:
    """Who held the chair of ``org`` on ``on``. Never guesses: see the module docstring.

    ``today`` (default: the system's date) decides what is past: only a past day can be
    ``overdue``; a day still to come is scheduled, projected or unknown."""
    a = _answer_on(ds, org, on, office, today or _dt.date.today())
    return a._replace(checked=horizon(ds, org))


def _reach(org: Org, on: _dt.date) -> _dt.date:
    """How far past ``on`` to compute turns, so that the term after the day is known too."""
    return add_months(on, 2 * (term_months(org) or 12))


def _answer_on(ds: Dataset, org: Org, on: _dt.date, office: str | None, today: _dt.date) -> Answer:
    h = horizon(ds, org)
    checked = f"sources checked to {_human_day(h)}" if h else "no horizon recorded"
    all_spans = spans(ds, org, _reach(org, on), office)
    notes: list[str] = []
    if on < org.founded.earliest():
        when = "on" if org.founded.precision == "day" else "in"
        notes.append(f"{org.acronym} was founded {when} {org.founded.human()}, after this day")
        return _answer(None, None, "unknown", notes[0], False, notes, (), None, all_spans, on, org)

    near = _near(all_spans, on)
    definite = [s for s in near if s.definitely_covers(on)]
    possible = [s for s in near if s.possibly_covers(on) and s not in definite]
    if definite:
        chosen: Span | None = definite[-1]  # on a shared hand-over day the incoming chair holds
    elif len(possible) == 1:
        chosen = possible[0]
    else:
        chosen = None
    uncertain = bool(possible)

    if chosen is None and possible:
        reason = _not_recorded_day(possible, on)
        return _answer(
            None, None, "unknown", reason, True, [reason], possible, None, all_spans, on, org
        )

    if chosen is None:
        stored = [s for s in all_spans if s.term is not None]
        return _uncovered(ds, org, on, all_spans, stored, checked, today)

    notes.extend(_boundary_notes(chosen, on))
    if chosen.start is None:
        uncertain = True  # the term's start is derived from the rule, not recorded
    for other in possible:
        if other is not chosen:
            notes.append(
                f"{_name(other.chair)} may also have held the chair on this day"
                " (a boundary is known only to the month or year)"
            )
    t = chosen.term
    if t is None:  # a turn computed from the order
        status = "projected"
        i = all_spans.index(chosen)
        after = _name(all_spans[i - 1].chair) if i else "the last recorded chair"
        reason = (
            f"{_name(chosen.chair)} follows {after} in the rule's order;"
            " no source names this chair yet"
        )
        return _answer(
            chosen.chair, chosen, status, reason, True, notes, (), None, all_spans, on, org
        )
    since = _since(t)
    exp = expected_end(org, t)
    if t.confirmed_until and t.end is None and on > t.confirmed_until.latest():
        uncertain = True
        notes.append(f"sources confirm this chair only until {t.confirmed_until.human()}")
    if t.basis == "rule":
        status = "projected"
        reason = (
            f"{_name(t.chair)} is computed from the rotation rule; no source names this chair yet"
        )
        uncertain = True
    elif h is None or on <= h:
        status = "recorded"
        reason = f"sources name {_name(t.chair)} as chair{since}"
    elif t.end is not None:
        status = "scheduled"
        reason = f"a source announced in advance that {_name(t.chair)} chairs until {t.end.human()}"
    elif t.start is not None and h is not None and t.start.earliest() > h:
        status = "scheduled"
        reason = (
            f"a source announced in advance that {_name(t.chair)} chairs from {t.start.human()}"
        )
    elif exp is not None and exp.basis == "source":
        status = "scheduled"
        reason = (
            f"{_name(t.chair)} has chaired{since}; a source plans the hand-over for"
            f" {exp.date.human()}{_at(exp.event)}; {checked}"
        )
    else:
        status = "projected"
        uncertain = True
        if exp is not None:
            reason = (
                f"{_name(t.chair)} has chaired{since}; by the rule until about"
                f" {exp.date.human()}; {checked}"
            )
        else:
            reason = (
                f"{_name(t.chair)} was chair when the sources were last checked"
                f" ({_human_day(h)}); the rule sets no term length"
            )
    if exp is not None and exp.date.contains(on):
        uncertain = True
        notes.append(f"the hand-over is expected in {exp.date.human()}{_at(exp.event)}")
    return _answer(
        chosen.chair, chosen, status, reason, uncertain, notes, possible, exp, all_spans, on, org
    )


def _uncovered(
    ds: Dataset,
    org: Org,
    on: _dt.date,
    all_spans: list[Span],
    stored: list[Span],
    checked: str,
    today: _dt.date,
) -> Answer:
    """No term covers the day: before the records, in a gap, overdue (a past day only), or
    past the order."""
    first = next((s for s in stored if s.first_lo is not None), None)
    if first is None or (first.first_lo is not None and on < first.first_lo):
        begin = _span_start_text(first) if first else "nowhere: no chair term is recorded"
        reason = f"no chair is recorded for this day; the records begin {begin}"
        return _answer(None, None, "unknown", reason, False, [reason], (), None, all_spans, on, org)
    last = all_spans[-1]
    if last.last_hi is not None and on > last.last_hi and last.term is not None:
        t = last.term
        exp = expected_end(org, t)
        grace_end = overdue_until(org, last)
        if exp is not None and grace_end is not None:
            since = _since(t)
            if on > today:  # a day still to come is never overdue
                reason = (
                    f"{_name(t.chair)} has chaired{since}; the hand-over is expected by"
                    f" {exp.date.human()}{_at(exp.event)}, but no successor is recorded, so no"
                    f" chair can be named for a day still to come ({checked})"
                )
                return _answer(
                    None, None, "unknown", reason, False, [reason], (), exp, all_spans, on, org
                )
            text = (
                f"{_name(t.chair)} has chaired{since}; the hand-over was expected by"
                f" {exp.date.human()}{_at(exp.event)} and no successor is recorded ({checked})"
            )
            c = t.confirmed_until
            if c is not None and c.earliest() > exp.date.latest():
                when = "on" if c.precision == "day" else "in"
                text += f"; a source still names it as chair {when} {c.human()}"
            if on <= grace_end:
                reason = text
                return _answer(
                    t.chair, last, "overdue", reason, True, [reason], (), exp, all_spans, on, org
                )
            reason = text
            return _answer(
                None, None, "unknown", reason, False, [reason], (), exp, all_spans, on, org
            )
        end = last.end.human() if last.end else "?"
        why = _why_no_projection(org)
        reason = f"no chair is recorded after {end}" + (f"; {why}" if why else "")
        return _answer(None, None, "unknown", reason, False, [reason], (), None, all_spans, on, org)
    if last.last_hi is not None and on > last.last_hi:  # past the turns the order gives
        why = _why_no_projection(org) or _projection_stop(org)
        reason = f"no chair can be computed after {last.end.human() if last.end else '?'}; {why}"
        return _answer(None, None, "unknown", reason, False, [reason], (), None, all_spans, on, org)
    reason = "no chair is recorded for this day in the sources"
    return _answer(None, None, "unknown", reason, False, [reason], (), None, all_spans, on, org)


def _answer(
    chair: str | None,
    span: Span | None,
    status: str,
    reason: str,
    uncertain: bool,
    notes: list[str],
    candidates: list[Span] | tuple[Span, ...],
    exp: Expected | None,
    all_spans: list[Span],
    on: _dt.date,
    org: Org,
) -> Answer:
    """Build the answer, with the terms just before and after the day (or the chosen term)."""
    if span is not None:
        i = all_spans.index(span)
        prev = all_spans[i - 1] if i > 0 else None
        nxt = all_spans[i + 1] if i + 1 < len(all_spans) else None
    elif len(candidates) > 1:  # a hand-over whose day is not recorded: outgoing and incoming
        prev, nxt = candidates[0], candidates[-1]
    else:
        before = [s for s in all_spans if s.last_hi is not None and s.last_hi < on]
        after = [s for s in all_spans if s.first_lo is not None and s.first_lo > on]
        prev = before[-1] if before else None
        nxt = after[0] if after else None
    term = span.term if span is not None else None
    return Answer(
        chair,
        span,
        status,
        reason,
        uncertain,
        tuple(notes),
        tuple(candidates),
        exp,
        prev,
        nxt,
        org,
        on,
        term,
    )


def _since(t: Term) -> str:
    """' since 1 Jan 2026', or a clause saying the start is not recorded."""
    if t.start is not None:
        return f" since {t.start.human()}"
    return " (the start of the term is not recorded)"


def _projection_stop(org: Org) -> str:
    if org.rotation is not None and org.rotation.order and org.rotation.order_until is None:
        return (
            f"projections from the rule's order stop {PROJECT_TERMS} terms after the last"
            " stored term, as the order may change"
        )
    return "the rule's order gives no later turn"


def _or_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _not_recorded_day(possible: list[Span], on: _dt.date) -> str:
    """Why no chair is named on a day inside a hand-over known only to the month or year."""
    names = [_name(s.chair) for s in possible]
    if len(possible) == 2:
        a, b = possible
        known = next(
            (
                p
                for p in (a.end, b.start)
                if p is not None and p.precision != "day" and p.contains(on)
            ),
            None,
        )
        when = f" (known only as {known.human()})" if known is not None else ""
        return (
            f"the day of the hand-over from {names[0]} to {names[1]} is not recorded{when},"
            f" so either may have held the chair on this day"
        )
    return f"the sources do not say whether {_or_list(names)} held the chair on this day"


def _why_no_projection(org: Org) -> str:
    rot = org.rotation
    if rot is None:
        return "no rotation rule is recorded"
    if rot.groups and not rot.order:
        cycle = " → ".join(rot.groups)
        return f"the chair rotates among groups ({cycle}) and each group picks its own country"
    if rot.order_until is not None:
        return f"the rotation order is known only to {rot.order_until.human()}"
    if not rot.order:
        return "the rule gives no fixed order to compute the next chair from"
    return ""


def _boundary_notes(s: Span, on: _dt.date) -> list[str]:
    out = []
    if s.start is None:
        out.append("the start of this term is not recorded; the rule puts it one term earlier")
    elif s.start.precision != "day" and s.start.contains(on):
        out.append(f"this term's start is known only as {s.start.human()}")
    if s.end is not None and s.end.precision != "day" and s.end.contains(on):
        out.append(f"this term's end is known only as {s.end.human()}")
    return out


def _span_start_text(s: Span) -> str:
    if s.start is not None:
        return f"with {_name(s.chair)} from {s.start.human()}"
    assert s.first_lo is not None
    return f"about {PartialDate(s.first_lo.year, s.first_lo.month).human()} ({_name(s.chair)})"


def _at(event: str) -> str:
    return f" ({event})" if event else ""


def _human_day(d: _dt.date | None) -> str:
    return PartialDate.from_date(d).human() if d else "?"


# --------------------------------------------------------------------------- batches


_BREAKS: dict[tuple[int, int, _dt.date], tuple[Dataset, Org, list[_dt.date]]] = {}
_FAR = _dt.date(2200, 1, 1)


def segment(ds: Dataset, org: Org, on: _dt.date, today: _dt.date | None = None) -> int:
    """Which stretch of days ``on`` falls in, such that :func:`answer` is the same (but for
    ``on``) on every day of one stretch: a batch answers each stretch once. The stretches
    end at every day an answer can change on: the founding, the horizon, every term's possible
    first and last days and recorded end, expected ends and the overdue period after them, and
    the turns the rule's order gives, and the day after ``today`` (what is past changes there)."""
    import bisect

    today = today or _dt.date.today()
    key = (id(ds), id(org), today)
    hit = _BREAKS.get(key)
    if hit is None or hit[0] is not ds or hit[1] is not org:
        if len(_BREAKS) > _CACHE_MAX:
            _BREAKS.clear()
        hit = _BREAKS[key] = (ds, org, sorted({*_breakpoints(ds, org), today + _ONE_DAY}))
    return bisect.bisect_right(hit[2], on)


def _breakpoints(ds: Dataset, org: Org) -> list[_dt.date]:
    """The first days of new stretches (see :func:`segment`)."""
    days = {org.founded.earliest()}
    h = horizon(ds, org)
    if h is not None:
        days.add(next_day(h))
    for s in spans(ds, org, _FAR):
        for d in (s.first_lo, s.first_hi):
            if d is not None:
                days |= {d, next_day(d)}
        for d in (s.last_lo, s.last_hi):
            if d is not None:
                days |= {d, next_day(d)}
        t = s.term
        if t is None:
            continue
        for p in (t.start, t.end, t.confirmed_until):
            if p is not None:
                days |= {p.earliest(), next_day(p.latest())}
        exp = expected_end(org, t)
        if exp is not None:
            days |= {exp.date.earliest(), next_day(exp.date.latest())}
        grace = overdue_until(org, s)
        if grace is not None:
            days.add(next_day(grace))
    return sorted(days)


# --------------------------------------------------------------------------- what comes next


class Upcoming(NamedTuple):
    """One coming chair; or (chair None) the point where the records run out: ``start`` is the
    expected hand-over (``expected`` True) or the day after the last known term."""

    chair: str | None
    start: PartialDate | None
    end: PartialDate | None
    status: str
    reason: str
    span: Span | None
    expected: bool = False


def _successor_unknown(ds: Dataset, org: Org, last: Span | None, today: _dt.date) -> Upcoming:
    exp = expected_end(org, last.term) if last is not None and last.term is not None else None
    if last is not None and exp is not None:
        was = "was" if exp.date.latest() < today else "is"
        start = exp.date
        on_date = org.rotation is not None and org.rotation.handover == "on-date"
        if on_date and start.precision == "day":  # the expected end is the last day
            start = PartialDate.from_date(start.earliest() + _ONE_DAY)
        reason = (
            f"no successor is recorded; the hand-over {was} expected by"
            f" {exp.date.human()}{_at(exp.event)}"
        )
        return Upcoming(None, start, None, "unknown", reason, None, expected=True)
    why = _why_no_projection(org) or (
        _projection_stop(org) if last is not None and last.term is None else ""
    )
    why = why or "no later chair is recorded"
    after = None
    if last is not None and last.last_hi is not None:
        after = PartialDate.from_date(next_day(last.last_hi))
    return Upcoming(None, after, None, "unknown", f"no successor is recorded; {why}", None)


def upcoming(
    ds: Dataset,
    org: Org,
    today: _dt.date,
    limit: int = 8,
    office: str | None = None,
    present: _dt.date | None = None,
) -> tuple[Answer, list[Upcoming]]:
    """The chair on ``today``, then the coming chairs as far as the sources or the rule allow.
    ``present``: the real today, when ``today`` is another day to count from (what is past)."""
    present = present or today
    now = answer(ds, org, today, office, present)
    horizon_end = add_months(today, 12 * 100)
    out: list[Upcoming] = []
    for s in spans(ds, org, horizon_end, office):
        if len(out) >= limit:
            break
        if s.first_lo is None or (s.first_hi or s.first_lo) <= today:
            continue  # started by today (a start known only to the month may still be coming)
        probe = s.first_hi or s.first_lo
        a = answer(ds, org, probe, office, present)
        status, reason = (a.status, a.reason) if a.chair == s.chair else (s.status, a.reason)
        out.append(Upcoming(s.chair, s.start, s.end, status, reason, s))
    if len(out) < limit:  # the records run out: say where, and why nothing follows
        out.append(_successor_unknown(ds, org, out[-1].span if out else now.span, today))
    return now, out
