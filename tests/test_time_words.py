"""Issue 17: time words that are true, and the chairs around a day."""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable

import pytest

from chairship_cli.chronology import PROJECT_TERMS, spans, upcoming
from chairship_cli.model import STATUSES, Dataset
from chairship_cli.query import find_org, who

from conftest import SHIPPED_IDS, Run

Runner = Callable[..., Run]
D = _dt.date.fromisoformat
TODAY = D("2026-12-03")


def test_a_day_still_to_come_is_never_overdue(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "cis"), D("2027-01-01"), today=TODAY)
    assert (a.chair, a.status) == (None, "unknown")
    assert "no chair can be named for a day still to come" in a.reason
    # The same day, asked once it has passed, is overdue.
    later = who(ds, find_org(ds, "cis"), D("2027-01-01"), today=D("2027-02-01"))
    assert (later.chair, later.status) == ("TM", "overdue")


@pytest.mark.parametrize("org_id", SHIPPED_IDS)
def test_no_future_day_is_overdue_in_any_body(ds: Dataset, org_id: str) -> None:
    org = find_org(ds, org_id)
    for days in range(1, 3 * 366, 7):
        a = who(ds, org, TODAY + _dt.timedelta(days=days), today=TODAY)
        assert a.status != "overdue", (org_id, a.on, a.reason)


def test_projections_stop_at_the_order_or_a_few_terms(ds: Dataset) -> None:
    csto = find_org(ds, "csto")
    far = who(ds, csto, D("3000-06-01"), today=TODAY)
    assert (far.chair, far.status) == (None, "unknown")
    assert far.reason == (
        "no chair can be computed after 31 Dec 2030; projections from the rule's order stop"
        f" {PROJECT_TERMS} terms after the last stored term, as the order may change"
    )
    projected = [s for s in spans(ds, csto, D("3000-01-01")) if s.term is None]
    assert [s.chair for s in projected] == ["AM", "BY", "KZ"]
    unsc = spans(ds, find_org(ds, "unsc"), D("2100-01-01"))
    assert max(s.last_hi for s in unsc if s.last_hi) == D("2027-12-31")  # its order_until


def test_no_projection_runs_for_centuries(ds: Dataset) -> None:
    for o in ds.orgs:
        last = max((s.last_hi for s in spans(ds, o, D("2999-01-01")) if s.last_hi), default=None)
        assert last is None or last.year < 2040, (o.id, last)


def test_reasons_are_sentences(ds: Dataset) -> None:
    """No reason has lost its words: no 'as chair start', no doubled spaces, no ' ;'."""
    for o in ds.orgs:
        for year in range(1990, 2032):
            for month in (1, 7):
                a = who(ds, o, _dt.date(year, month, 2), today=TODAY)
                assert a.status in STATUSES
                r = a.reason
                assert "chair start" not in r and "  " not in r and " ;" not in r, (o.id, r)
                assert "chairs start" not in r and not r.endswith((";", ",", ":")), (o.id, r)


def test_a_term_ending_31_december_is_followed_on_1_january(ds: Dataset) -> None:
    _, items = upcoming(ds, find_org(ds, "cis"), TODAY)
    successor = items[-1]
    assert successor.chair is None and str(successor.start) == "2027-01-01"
    for o in ds.orgs:
        ss = [s for s in spans(ds, o, D("2031-01-01")) if s.last_hi and s.first_lo]
        for a, b in itertools.pairwise(ss):
            exact = a.last_hi == a.last_lo and b.first_lo == b.first_hi
            if exact and a.last_hi is not None and (a.last_hi.month, a.last_hi.day) == (12, 31):
                # 1 January, or a recorded vacancy (the HRC elects its President in January);
                # never the off-by-one days 31 December or 2 January
                gap = (b.first_lo - a.last_hi).days
                assert gap == 1 or gap > 2, (o.id, a, b)


def test_a_month_precision_hand_over_names_both_chairs(ds: Dataset, run: Runner) -> None:
    a = who(ds, find_org(ds, "g20"), TODAY, today=TODAY)
    assert (a.chair, a.status) == (None, "unknown")
    assert [(c.chair, c.status) for c in a.candidates] == [("US", "recorded"), ("GB", "scheduled")]
    assert a.previous is not None and a.next is not None
    assert (a.previous.chair, a.next.chair) == ("US", "GB")  # the after line no longer skips GB
    assert a.reason == (
        "the day of the hand-over from United States to United Kingdom is not recorded"
        " (known only as Dec 2026), so either may have held the chair on this day"
    )
    r = run("who", "g20", tty=True, env={"CHAIRSHIP_TODAY": "2026-12-03", "NO_COLOR": "1"})
    assert "candidate (outgoing): United States (US) 2025-12-01 to 2026-12 (recorded)" in r.stdout
    assert "candidate (incoming): United Kingdom (GB) 2026-12 to 2027-11-30 (scheduled)" in r.stdout


def test_the_after_line_names_projected_terms(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "pacific-alliance"), TODAY, today=TODAY)
    assert a.chair == "MX"
    assert a.next is not None and (a.next.chair, a.next.status) == ("PE", "projected")
