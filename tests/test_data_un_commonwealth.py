"""Facts of five bodies added for issue 20: the UN General Assembly and Human Rights Council
presidents (persons elected for a session, recorded by country), the Commonwealth
Chair-in-Office, the OIC Islamic Summit chair and the frozen SAARC chair. Asked as a user
would, through the query functions and the CLI; each expected value is from the pages cited in
data/orgs.toml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from chairship_cli.model import Dataset
from chairship_cli.query import chairmanships, find_org, timeline, who

from conftest import Run, assert_chair

Runner = Callable[..., Run]
TODAY = dt.date(2026, 12, 3)


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def ask(ds: Dataset, org: str, day: str, today: dt.date = TODAY) -> tuple[str | None, str]:
    a = who(ds, find_org(ds, org), D(day), today=today)
    return a.chair, a.status


LATER = dt.date(2099, 12, 31)  # asked after every day in question: overdue is for the past only


# --------------------------------------------------------------------------- who, on given days


@pytest.mark.parametrize(
    ("org", "day", "chair"),
    [
        # General Assembly: the President takes office when the session opens (rule 30).
        ("unga", "2015-01-01", "UG"),  # Sam Kutesa, 69th session
        ("unga", "2015-09-14", "UG"),
        ("unga", "2015-09-15", "DK"),  # 70th session opened on 15 Sep 2015
        ("unga", "2018-09-17", "SK"),  # Espinosa was sworn in on the 17th...
        ("unga", "2018-09-18", "EC"),  # ...the 73rd session opened on the 18th
        ("unga", "2020-01-01", "NG"),
        ("unga", "2021-09-14", "MV"),
        ("unga", "2024-07-04", "TT"),
        ("unga", "2025-09-09", "DE"),  # Baerbock, 80th session
        # Human Rights Council: calendar years, with the January elections of 2021/2024/2026.
        ("hrc", "2015-06-01", "DE"),
        ("hrc", "2017-03-01", "SV"),
        ("hrc", "2019-12-31", "SN"),
        ("hrc", "2020-01-01", "AT"),
        ("hrc", "2023-06-30", "CZ"),
        ("hrc", "2024-01-10", "MA"),  # elected by secret ballot that day
        ("hrc", "2025-07-01", "CH"),
        ("hrc", "2026-01-08", "ID"),
        # Commonwealth: host of the latest CHOGM.
        ("commonwealth", "2015-01-01", "LK"),  # Colombo, Nov 2013
        ("commonwealth", "2015-11-27", "MT"),
        ("commonwealth", "2018-04-18", "MT"),
        ("commonwealth", "2018-04-19", "GB"),  # London CHOGM opened
        ("commonwealth", "2021-01-01", "GB"),  # held on while Kigali was postponed twice
        ("commonwealth", "2022-06-24", "RW"),
        ("commonwealth", "2024-10-25", "WS"),
        # OIC: host of the latest Islamic Summit.
        ("oic", "2015-01-01", "EG"),  # Cairo, Feb 2013
        ("oic", "2016-04-13", "EG"),
        ("oic", "2016-04-14", "TR"),  # Istanbul
        ("oic", "2019-05-31", "SA"),  # Makkah
        ("oic", "2024-05-03", "SA"),
        ("oic", "2024-05-04", "GM"),  # Banjul
        # SAARC: Nepal since the 18th summit (Kathmandu, Nov 2014).
        ("saarc", "2015-01-01", "NP"),
        ("saarc", "2016-01-01", "NP"),
    ],
)
def test_chair_on_a_day(ds: Dataset, org: str, day: str, chair: str) -> None:
    assert_chair(ds, org, day, chair, sourced=True)


def test_the_person_is_named_with_the_country(ds: Dataset) -> None:
    people = {
        ("unga", "2025-10-01"): "Annalena Baerbock",
        ("unga", "2016-10-01"): "Peter Thomson",
        ("hrc", "2021-06-01"): "Nazhat Shameem Khan",
        ("hrc", "2024-06-01"): "Omar Zniber",
        ("commonwealth", "2023-01-01"): "Paul Kagame",
        ("oic", "2017-01-01"): "Recep Tayyip Erdoğan",
    }
    for (org, day), name in people.items():
        t = who(ds, find_org(ds, org), D(day)).term
        assert t is not None and name in [p.name for p in t.chairpersons], (org, day)


def test_hrc_years_without_a_president_in_january(ds: Dataset) -> None:
    # The Council began 2024 and 2026 without a President: no chair is named for those days.
    assert ask(ds, "hrc", "2024-01-05") == (None, "unknown")
    assert ask(ds, "hrc", "2026-01-07") == (None, "unknown")
    # 2021: elected in mid-January, the day is not in the pages read (start kept to the month).
    a = who(ds, find_org(ds, "hrc"), D("2021-01-05"))
    assert a.chair == "FJ" and a.uncertain


# --------------------------------------------------------------------------- today and beyond


def test_unga_after_the_80th_session_names_no_country(ds: Dataset) -> None:
    org = find_org(ds, "unga")
    before = who(ds, org, D("2026-08-01"))
    assert (before.chair, before.status) == ("DE", "scheduled")  # term ends with the session
    for day in ("2026-12-03", "2027-06-01", "2030-01-01"):
        a = who(ds, org, D(day))
        assert (a.chair, a.status) == (None, "unknown")
        assert "rotates among groups (African States → Western European" in a.reason
    assert org.rotation is not None and org.rotation.groups[2] == "Asia-Pacific States"
    assert not org.rotation.order  # no country can be computed from a group cycle
    assert "Asia-Pacific States' turn" in org.terms[-1].note
    assert any(e.planned and str(e.date) == "2026-06-02" for e in org.events)


def test_hrc_2026_is_scheduled_and_2027_unknown(ds: Dataset) -> None:
    assert ask(ds, "hrc", "2026-12-03") == ("ID", "scheduled")
    assert ask(ds, "hrc", "2026-12-31") == ("ID", "scheduled")
    assert ask(ds, "hrc", "2027-01-01") == (None, "unknown")
    hrc = find_org(ds, "hrc")
    assert hrc.rotation is not None
    assert hrc.rotation.groups[0] == "Eastern European States"
    assert "Latin American and Caribbean States' turn" in hrc.terms[-1].note


def test_commonwealth_chogm_2026_is_planned_so_samoa_is_overdue(ds: Dataset) -> None:
    org = find_org(ds, "commonwealth")
    assert ask(ds, "commonwealth", "2026-10-31") == ("WS", "scheduled")
    a = who(ds, org, TODAY, today=TODAY)
    assert (a.chair, a.status) == ("WS", "overdue")
    assert "expected by 1 Nov 2026" in a.reason and "St John's" in a.reason
    assert ask(ds, "commonwealth", "2028-11-02") == (None, "unknown")  # one period later
    chogm = [e for e in org.events if str(e.date) == "2026-11-01"]
    assert len(chogm) == 1 and chogm[0].planned  # never recorded as held
    assert org.terms[-1].end is None


def test_oic_hand_over_to_azerbaijan_is_planned_and_disputed(ds: Dataset) -> None:
    assert ask(ds, "oic", "2026-12-03") == ("GM", "scheduled")
    assert ask(ds, "oic", "2027-06-01") == (None, "unknown")  # a day still to come
    assert ask(ds, "oic", "2027-06-01", LATER) == ("GM", "overdue")
    assert ask(ds, "oic", "2028-01-01") == (None, "unknown")
    org = find_org(ds, "oic")
    (claim,) = [c for c in org.claims if c.id == "oic-16th-summit-year"]
    assert claim.confidence == "disputed" and any("2027" in s for s in claim.asserted_by)


def test_saarc_is_overdue_today_with_an_honest_reason(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "saarc"), TODAY, today=TODAY)
    assert (a.chair, a.status) == ("NP", "overdue")
    assert "expected by 9 Nov 2016" in a.reason and "Islamabad" in a.reason
    assert "still names it as chair on 8 Dec 2025" in a.reason
    # Recorded until the postponed summit's day; overdue for a year after the last confirmation.
    assert ask(ds, "saarc", "2016-11-08") == ("NP", "recorded")
    assert ask(ds, "saarc", "2020-06-01") == ("NP", "overdue")
    assert ask(ds, "saarc", "2026-12-08", LATER) == ("NP", "overdue")
    assert ask(ds, "saarc", "2026-12-09", LATER) == (None, "unknown")


# --------------------------------------------------------------------------- country, timeline, CLI


def test_country_answers_by_country_for_elected_persons(ds: Dataset) -> None:
    fiji = {(c.org.id, str(c.span.start)) for c in chairmanships(ds, "FJ")}
    assert ("unga", "2016-09-13") in fiji and ("hrc", "2021-01") in fiji
    germany = {c.org.id for c in chairmanships(ds, "DE")}
    assert {"unga", "hrc"} <= germany


def test_timeline_2024_hand_overs(ds: Dataset) -> None:
    orgs = [find_org(ds, o) for o in ("commonwealth", "oic", "unga")]
    items = timeline(ds, orgs, D("2024-01-01"), D("2024-12-31"))
    handovers = {(str(i.date), i.org) for i in items if i.kind == "handover"}
    assert ("2024-10-25", "commonwealth") in handovers
    assert ("2024-05-04", "oic") in handovers
    assert ("2024-09-10", "unga") in handovers


def test_cli_who_saarc_json(run: Runner) -> None:
    r = run("who", "saarc", "--on", "2026-12-03", "--json")
    assert r.code == 0, r.stderr
    data = r.json()
    assert (data["chair"], data["status"], data["checked"]) == ("NP", "overdue", "2025-12-10")
    assert data["expected"] == {
        "date": "2016-11-09",
        "basis": "source",
        "event": (
            "19th SAARC Summit in Islamabad, set for 9–10 November 2016, postponed on"
            " 30 September 2016; no new date in any page read"
        ),
    }


def test_cli_show_unga_json_carries_the_group_cycle(run: Runner) -> None:
    r = run("show", "unga", "--json")
    assert r.code == 0, r.stderr
    rot = r.json()["rotation"]
    assert rot["groups"] == [
        "African States",
        "Western European and other States",
        "Asia-Pacific States",
        "Eastern European States",
        "Latin American and Caribbean States",
    ]
    assert rot["order"] == [] and rot["choice"] == "election"


@pytest.mark.parametrize(
    ("name", "org_id"),
    [
        ("PGA", "unga"),
        ("President of the General Assembly", "unga"),
        ("UNHRC", "hrc"),
        ("CHOGM", "commonwealth"),
        ("Commonwealth of Nations", "commonwealth"),
        ("Organisation of Islamic Cooperation", "oic"),
        ("منظمة التعاون الإسلامي", "oic"),
        ("South Asian Association for Regional Cooperation", "saarc"),
        ("ЮААРС", "saarc"),
    ],
)
def test_names_people_type(ds: Dataset, name: str, org_id: str) -> None:
    assert find_org(ds, name).id == org_id


def test_cli_next_unga_says_why_no_successor(run: Runner) -> None:
    r = run("next", "unga", "--json")
    assert r.code == 0, r.stderr
    (last,) = r.json()["next"]
    assert last["chair"] is None and last["status"] == "unknown"
    assert last["reason"].startswith("no successor is recorded; the chair rotates among groups")
