"""The chronology (who holds the chair on a day, and how the dataset knows), tested as code: on
small made-up histories, with properties over generated ones, and by walking every hand-over
of the shipped dataset to check that every command agrees on it."""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairship_cli import chronology
from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset, Org, Rotation, Term
from chairship_cli.query import chairmanships, timeline, who
from chairship_cli.render.chart import _flatten, _spans

from builders import make_dataset, make_org, make_rotation, make_term

EXAMPLES = int(os.environ.get("CHAIRSHIP_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def P(s: str | None) -> PartialDate | None:
    return PartialDate.parse(s) if s else None


term = make_term


def body(*terms: Term, rotation: Rotation | None = None, checked: str | None = None) -> Dataset:
    return make_dataset(
        make_org(terms=terms, rotation=rotation, sources=()), checked=checked or "2026-03-31"
    )


def ask(ds: Dataset, day: str, today: str | None = None) -> tuple[str | None, str]:
    a = who(ds, ds.orgs[0], D(day), today=D(today) if today else None)
    return a.chair, a.status


LATER = "2099-12-31"  # a "today" after every day asked: overdue describes only the past


YEARLY_ON_DATE = make_rotation("yearly", "alphabetical", "on-date")
YEARLY_AT_SUMMIT = make_rotation("yearly", "summit-host", "at-meeting")


# --------------------------------------------------------------------------- the five statuses


def test_recorded_inside_the_horizon_and_scheduled_after_it() -> None:
    ds = body(term("AA", "2026-01-01", "2026-12-31"), checked="2026-03-31")
    assert ask(ds, "2026-03-31") == ("AA", "recorded")
    assert ask(ds, "2026-04-01") == ("AA", "scheduled")  # a source gave the end in advance


def test_a_term_announced_to_start_after_the_horizon_is_scheduled() -> None:
    ds = body(term("AA", "2025-01-01", "2026-12-31"), term("BB", "2027-01-01", "2027-12-31"))
    assert ask(ds, "2027-05-05") == ("BB", "scheduled")


def test_a_term_computed_from_the_rule_is_projected_even_inside_the_horizon() -> None:
    rule_term = term("BB", "2026-01-01", "2026-01-31", confidence="unverified", basis="rule")
    ds = body(term("AA", "2025-12-01", "2025-12-31"), rule_term, checked="2026-06-30")
    assert ask(ds, "2026-01-15") == ("BB", "projected")


def test_an_open_term_runs_to_its_expected_end_then_is_overdue_then_unknown() -> None:
    t = term("AA", "2025-10-07", None, expected_end=P("2026-10"), expected_event="Summit")
    ds = body(t, rotation=YEARLY_AT_SUMMIT, checked="2026-03-31")
    assert ask(ds, "2026-03-01") == ("AA", "recorded")
    assert ask(ds, "2026-09-01") == ("AA", "scheduled")  # the source's planned hand-over
    chair, status = ask(ds, "2026-12-01")
    assert (chair, status) == ("AA", "overdue")
    a = who(ds, ds.orgs[0], D("2026-12-01"))
    assert "expected by Oct 2026 (Summit)" in a.reason and a.uncertain
    assert ask(ds, "2028-01-01") == (None, "unknown")  # a term length past it: no guess


def test_the_rule_gives_an_open_term_its_expected_end() -> None:
    ds = body(term("AA", "2026-01-01", None), rotation=YEARLY_ON_DATE, checked="2026-03-31")
    a = who(ds, ds.orgs[0], D("2026-06-01"))
    assert (a.chair, a.status) == ("AA", "projected")
    assert a.expected is not None and a.expected.date == PartialDate(2026, 12, 31)
    assert a.expected.basis == "rule"


def test_projection_follows_the_order_and_stops_where_the_order_is_known() -> None:
    import dataclasses

    rot = dataclasses.replace(YEARLY_ON_DATE, order=("AA", "BB", "CC"), order_until=P("2029"))
    ds = body(term("AA", "2026-01-01", "2026-12-31"), rotation=rot)
    assert ask(ds, "2027-06-01") == ("BB", "projected")
    assert ask(ds, "2028-06-01") == ("CC", "projected")
    assert ask(ds, "2029-06-01") == ("AA", "projected")  # the cycle starts again
    chair, status = ask(ds, "2030-06-01")
    assert (chair, status) == (None, "unknown")
    assert "known only to 2029" in who(ds, ds.orgs[0], D("2030-06-01")).reason


def test_before_the_records_begin_is_unknown_not_stretched_to_the_founding() -> None:
    ds = body(
        term("AA", None, "2015-07"), term("BB", "2015-07", "2016-06"), rotation=YEARLY_AT_SUMMIT
    )
    assert ask(ds, "2002-01-01")[0] is None
    assert "records begin about Jul 2014" in who(ds, ds.orgs[0], D("2002-01-01")).reason
    chair, _ = ask(ds, "2015-01-01")
    assert chair == "AA" and who(ds, ds.orgs[0], D("2015-01-01")).uncertain
    no_rule = body(term("AA", None, "2015-07"), term("BB", "2015-07", "2016-06"))
    assert ask(no_rule, "2015-01-01") == (None, "unknown")


def test_a_gap_between_terms_names_no_chair() -> None:
    ds = body(term("AA", "2010-01-01", "2012-12-19"), term("BB", "2014-12", "2015-12-31"))
    assert ask(ds, "2013-06-01") == (None, "unknown")


def test_a_month_precision_hand_over_names_no_chair_inside_that_month() -> None:
    ds = body(term("AA", "2015-01-01", "2016-06"), term("BB", "2016-06", "2017-06"))
    a = who(ds, ds.orgs[0], D("2016-06-15"))
    assert (
        a.chair is None
        and a.status == "unknown"
        and {c.chair for c in a.candidates}
        == {
            "AA",
            "BB",
        }
    )


# --------------------------------------------------------------------------- one hand-over rule


def test_the_incoming_chair_holds_on_the_hand_over_day_in_who_country_and_timeline() -> None:
    ds = body(term("KZ", "2023-07-04", "2024-07-04"), term("CN", "2024-07-04", "2025-09-01"))
    org, day = ds.orgs[0], D("2024-07-04")
    assert who(ds, org, day).chair == "CN"
    assert who(ds, org, day - dt.timedelta(days=1)).chair == "KZ"
    assert [c.span.chair for c in chairmanships(ds, "CN", day, day)] == ["CN"]
    assert chairmanships(ds, "KZ", day, day) == []
    assert [i.chair for i in timeline(ds, None, day, day) if i.kind == "handover"] == ["CN"]


def test_co_chairs_are_found_by_country() -> None:
    ds = body(term("TM", "2026-01-01", "2026-12-31", co_chairs=("TJ", "UZ")))
    held = chairmanships(ds, "UZ", D("2026-05-01"), D("2026-05-01"))
    assert [(c.span.chair, c.role) for c in held] == [("TM", "co-chair")]


# --------------------------------------------------------------------------- properties


@st.composite
def histories(draw: st.DrawFn) -> tuple[Dataset, list[dt.date]]:
    """A body with consecutive terms at mixed precision, a rule, a horizon, and days to ask."""
    n = draw(st.integers(1, 6))
    years = sorted(
        draw(st.lists(st.integers(2000, 2030), min_size=n + 1, max_size=n + 1, unique=True))
    )
    precision = draw(
        st.lists(st.sampled_from(["day", "month", "year"]), min_size=n + 1, max_size=n + 1)
    )

    def bound(i: int) -> str:
        y = years[i]
        return {"day": f"{y}-07-01", "month": f"{y}-07", "year": f"{y}"}[precision[i]]

    chairs = draw(st.lists(st.sampled_from(["AA", "BB", "CC", "DD"]), min_size=n, max_size=n))
    open_last = draw(st.booleans())
    no_first_start = draw(st.booleans())
    terms = []
    for i in range(n):
        start = None if (i == 0 and no_first_start and n > 1) else bound(i)
        end = None if (i == n - 1 and open_last) else bound(i + 1)
        if start is None and end is None:
            start = bound(i)
        terms.append(term(chairs[i], start, end))
    rotation = draw(st.sampled_from([None, YEARLY_ON_DATE, YEARLY_AT_SUMMIT]))
    checked = draw(st.dates(dt.date(2000, 1, 1), dt.date(2031, 12, 31))).isoformat()
    ds = body(*terms, rotation=rotation, checked=checked)
    days = draw(
        st.lists(st.dates(dt.date(1999, 1, 1), dt.date(2035, 12, 31)), min_size=1, max_size=25)
    )
    edges = [d for t in terms for p in (t.start, t.end) if p for d in (p.earliest(), p.latest())]
    return ds, days + edges


@SETTINGS
@given(histories())
def test_properties_of_every_answer(case: tuple[Dataset, list[dt.date]]) -> None:
    ds, days = case
    org = ds.orgs[0]
    horizon = chronology.horizon(ds, org)
    stored = chronology.stored_spans(ds, org)
    for day in days:
        a = who(ds, org, day)
        assert a.status in ("recorded", "scheduled", "projected", "overdue", "unknown")
        assert a.reason
        # never a chair outside a covering term (overdue: only after the last term's end)
        if a.chair is not None:
            assert a.span is not None and a.span.chair == a.chair
            if a.status == "overdue":
                assert a.span is stored[-1] and a.expected is not None
                assert day > a.expected.date.latest()
            else:
                assert a.span.possibly_covers(day), (day, a.span)
        else:
            assert a.status == "unknown"
        # recorded never after the horizon
        if a.status == "recorded":
            assert horizon is not None and day <= horizon
        # who and country agree on every day
        for code in ("AA", "BB", "CC", "DD"):
            held = chairmanships(ds, code, day, day)
            assert bool(held) == (a.chair == code), (day, code, a.chair)


# --------------------------------------------------------------------------- the shipped dataset


def _boundary_days(ds: Dataset) -> list[tuple[Org, dt.date]]:
    out = []
    for org in ds.orgs:
        for s in chronology.spans(ds, org, D("2031-12-31")):
            for d in (s.first_lo, s.first_hi, s.last_lo, s.last_hi):
                if d is not None and d.year < 2032:
                    out += [
                        (org, d - dt.timedelta(days=1)),
                        (org, d),
                        (org, d + dt.timedelta(days=1)),
                    ]
    return out


def test_every_boundary_of_the_shipped_dataset_agrees_everywhere(ds: Dataset) -> None:
    """who, country, timeline, the chart and the JSON export name the same chair on every day
    around every term boundary of every body (the incoming chair holds on the hand-over day)."""
    import json

    from chairship_cli import export
    from chairship_cli.render import shapes

    exported = json.loads(export.render(ds, "json", timeline(ds), list(ds.orgs)))
    export_handovers = {
        (i["org"], i["date"], i["chair"]) for i in exported["timeline"] if i["kind"] == "handover"
    }
    checked = 0
    for org, day in _boundary_days(ds):
        a = who(ds, org, day)
        # country
        if a.chair is not None:
            assert org.id in {c.org.id for c in chairmanships(ds, a.chair, day, day)}, (org.id, day)
        for c in chairmanships(ds, a.chair or "ZZ", day, day):
            if c.org.id == org.id and c.role == "chair":
                assert c.span.chair == a.chair
        # timeline and export: a hand-over listed on this day names who's chair
        for item in timeline(ds, [org], day, day):
            if item.kind == "handover" and item.date.precision == "day":
                assert item.chair == a.chair, (org.id, day, item.chair, a.chair)
                if item.status != "projected":
                    assert (org.id, item.date.isoformat(), item.chair) in export_handovers
        # the chart draws the same chair where the answer is certain
        if a.chair is not None and not a.uncertain and a.status != "overdue":
            pieces = _flatten(
                _spans(org, chronology.spans(ds, org, day), day.toordinal(), day.toordinal()),
                day.toordinal(),
                day.toordinal(),
            )
            spans_ = chronology.spans(ds, org, day)
            keys = [p.key for p in pieces if p.key >= 0]
            assert keys and spans_[keys[0]].chair == a.chair, (org.id, day)
        shapes.to_json(shapes.WHO, a, shapes.Ctx())  # and it prints
        checked += 1
    assert checked > 1000


def test_a_batch_answers_exactly_as_who_on_every_boundary_day(ds: Dataset) -> None:
    """`who --batch` answers each stretch of days once (chronology.segment); on every day
    around every boundary of every body, and on random days, its lines equal `who --json`."""
    import io
    import json
    import random
    import sys

    from chairship_cli.cli import main
    from chairship_cli.render import shapes

    days = _boundary_days(ds)
    rnd = random.Random(7)
    days += [
        (rnd.choice(ds.orgs), D("2010-01-01") + dt.timedelta(days=rnd.randrange(8000)))
        for _ in range(500)
    ]
    days = [(o, d) for o, d in days if dt.date(1900, 1, 1) < d < dt.date(2100, 1, 1)]
    questions = "".join(f"{o.id} {d.isoformat()}\n" for o, d in days)
    saved = sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO(questions), io.StringIO()
    try:
        try:
            main(["who", "--batch"])
        except SystemExit as e:
            assert e.code == 0
        out = sys.stdout.getvalue()
    finally:
        sys.stdin, sys.stdout = saved
    lines = out.splitlines()
    assert len(lines) == len(days)
    for (o, d), line in zip(days, lines, strict=True):
        assert json.loads(line) == shapes.to_json(shapes.WHO, who(ds, o, d), shapes.Ctx()), (
            o.id,
            d,
        )


# --------------------------------------------------------------------------- frozen chairs, group cycles


def test_overdue_lasts_a_period_after_a_later_confirmation() -> None:
    """A frozen chair (SAARC): the hand-over was due long ago, but a source still names the
    chair later; overdue then runs one period past that confirmation, not past the due date."""
    frozen = term("AA", "2014-11", None, expected_end=P("2016-11-09"))
    ds = body(frozen, rotation=YEARLY_AT_SUMMIT, checked="2025-12-10")
    assert ask(ds, "2017-11-09", LATER) == ("AA", "overdue")
    assert ask(ds, "2017-11-10", LATER) == (None, "unknown")  # one period after the due date
    confirmed = term(
        "AA", "2014-11", None, expected_end=P("2016-11-09"), confirmed_until=P("2025-12-08")
    )
    ds = body(confirmed, rotation=YEARLY_AT_SUMMIT, checked="2025-12-10")
    assert ask(ds, "2020-01-01", LATER) == ("AA", "overdue")
    assert ask(ds, "2026-12-08", LATER) == ("AA", "overdue")
    assert ask(ds, "2026-12-09", LATER) == (None, "unknown")
    a = who(ds, ds.orgs[0], D("2026-12-01"), today=D(LATER))
    assert a.reason.endswith("; a source still names it as chair on 8 Dec 2025")
    # every day of a stretch answers alike (the batch relies on it)
    assert chronology.segment(ds, ds.orgs[0], D("2026-12-08")) != chronology.segment(
        ds, ds.orgs[0], D("2026-12-09")
    )


def test_a_confirmation_before_the_due_date_changes_nothing() -> None:
    t = term("AA", "2023-10", None, expected_end=P("2025"), confirmed_until=P("2024-04"))
    ds = body(t, rotation=YEARLY_AT_SUMMIT, checked="2024-04-30")
    assert ask(ds, "2026-12-31", LATER) == ("AA", "overdue")
    assert ask(ds, "2027-01-01", LATER) == (None, "unknown")
    assert "still names" not in who(ds, ds.orgs[0], D("2026-06-01"), today=D(LATER)).reason


def test_a_group_cycle_names_no_country_and_says_why() -> None:
    groups = ("African States", "Asia-Pacific States")
    rot = make_rotation("yearly", "election", "at-meeting", text="sessions", groups=groups)
    ds = body(term("AA", "2024-09-10", "2025-09-09"), rotation=rot, checked="2025-12-31")
    assert ask(ds, "2025-09-08") == ("AA", "recorded")
    a = who(ds, ds.orgs[0], D("2026-01-01"))
    assert (a.chair, a.status) == (None, "unknown")
    assert "rotates among groups (African States → Asia-Pacific States)" in a.reason
    _, coming = chronology.upcoming(ds, ds.orgs[0], D("2026-01-01"))
    assert coming[-1].chair is None and "each group picks its own country" in coming[-1].reason
