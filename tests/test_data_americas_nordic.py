"""Facts of five bodies added in issue 20: the CELAC and Pacific Alliance pro tempore
presidencies, the CARICOM Conference chair, the Nordic Council of Ministers presidency and the
Visegrád Group presidency. Asked as a user would (who, on which day, with which status), with
the anomalies the sources report kept as data: extended and interim terms, a skipped turn, a
swapped rota, shared presidencies and disputed claims."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from chairship_cli.model import Dataset, Org, Term
from chairship_cli.query import find_org, who

from conftest import Run, assert_chair

BODIES = ["celac", "caricom", "pacific-alliance", "nordic-ministers", "v4"]


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def term_on(org: Org, day: str) -> Term:
    d = D(day)
    for t in org.terms:
        if (
            t.start is not None
            and t.start.earliest() <= d
            and (t.end is None or d <= t.end.latest())
        ):
            return t
    raise AssertionError(f"no term of {org.id} covers {day}")


# --------------------------------------------------------------------------- recorded history


@pytest.mark.parametrize(
    ("org", "day", "chair"),
    [
        # CELAC: Costa Rica from Havana (29 Jan 2014) to Belén (29 Jan 2015), then Ecuador.
        ("celac", "2015-01-01", "CR"),
        ("celac", "2015-01-28", "CR"),
        ("celac", "2015-01-29", "EC"),  # hand-over day belongs to the incoming chair
        ("celac", "2016-01-27", "DO"),
        ("celac", "2018-06-01", "SV"),  # no summit in 2018: El Salvador kept it to Jan 2019
        ("celac", "2019-11-20", "BO"),  # under the interim government, still Bolivia's term
        ("celac", "2021-06-01", "MX"),  # re-elected for 2021 by the foreign ministers
        ("celac", "2022-01-07", "AR"),
        ("celac", "2023-01-24", "VC"),  # first CARICOM member to hold it
        ("celac", "2024-03-01", "HN"),
        ("celac", "2025-04-08", "HN"),
        ("celac", "2025-04-09", "CO"),
        ("celac", "2026-03-21", "UY"),  # X Summit, Bogotá, during the CELAC-Africa forum
        # CARICOM: automatic six-month turns on 1 January and 1 July.
        ("caricom", "2015-01-01", "BS"),
        ("caricom", "2015-06-30", "BS"),
        ("caricom", "2015-07-01", "BB"),
        ("caricom", "2016-07-04", "DM"),  # 37th meeting co-hosted by Guyana, Dominica chaired
        ("caricom", "2018-03-01", "HT"),
        ("caricom", "2020-07-02", "VC"),  # ceremony on 3 July; the term began on 1 July
        ("caricom", "2023-07-04", "DM"),  # chaired the 45th meeting in Port of Spain
        ("caricom", "2024-07-28", "GD"),  # meeting postponed by Hurricane Beryl
        ("caricom", "2025-12-31", "JM"),
        ("caricom", "2026-01-01", "KN"),
        # Pacific Alliance.
        ("pacific-alliance", "2016-07-01", "CL"),
        ("pacific-alliance", "2017-06-30", "CO"),
        ("pacific-alliance", "2018-07-24", "PE"),  # Peru's turn came before Mexico's
        ("pacific-alliance", "2020-06-01", "CL"),  # extended through the pandemic
        ("pacific-alliance", "2020-12-11", "CO"),
        ("pacific-alliance", "2023-03-01", "MX"),  # Mexico refused to hand over to Peru
        ("pacific-alliance", "2023-06-28", "CL"),  # Chile, interim, for one month
        ("pacific-alliance", "2023-08-01", "PE"),
        ("pacific-alliance", "2026-01-30", "MX"),
        # Nordic Council of Ministers: calendar years.
        ("nordic-ministers", "2015-06-01", "DK"),
        ("nordic-ministers", "2016-01-01", "FI"),
        ("nordic-ministers", "2017-12-31", "NO"),
        ("nordic-ministers", "2018-01-01", "SE"),
        ("nordic-ministers", "2019-06-01", "IS"),
        ("nordic-ministers", "2020-06-01", "DK"),
        ("nordic-ministers", "2023-06-01", "IS"),  # before Sweden, against the rota
        ("nordic-ministers", "2024-06-01", "SE"),
        ("nordic-ministers", "2025-06-01", "FI"),
        ("nordic-ministers", "2026-06-01", "DK"),
        # Visegrád Group: 1 July to 30 June.
        ("v4", "2015-01-01", "SK"),
        ("v4", "2015-07-01", "CZ"),
        ("v4", "2017-07-01", "HU"),
        ("v4", "2018-06-30", "HU"),
        ("v4", "2018-07-01", "SK"),
        ("v4", "2022-07-01", "SK"),
        ("v4", "2024-07-04", "PL"),
        ("v4", "2026-03-01", "HU"),
    ],
)
def test_who_on_day(ds: Dataset, org: str, day: str, chair: str) -> None:
    assert_chair(ds, org, day, chair)


# --------------------------------------------------------------------------- after the horizon


@pytest.mark.parametrize(
    ("org", "day", "chair", "status"),
    [
        ("celac", "2026-12-03", "UY", "scheduled"),  # "period 2026-2027", no successor named
        ("caricom", "2026-05-01", "KN", "scheduled"),
        ("caricom", "2026-07-15", "KN", "overdue"),  # the 1 July 2026 turn is in no page read
        ("caricom", "2027-06-01", None, "unknown"),
        ("pacific-alliance", "2026-12-03", "MX", "scheduled"),
        ("pacific-alliance", "2027-06-01", "PE", "projected"),  # alphabetical: Peru after Mexico
        ("nordic-ministers", "2026-12-03", "DK", "scheduled"),
        ("nordic-ministers", "2027-06-01", "NO", "projected"),
        ("nordic-ministers", "2028-06-01", None, "unknown"),  # rota varied: no guess
        ("v4", "2026-07-01", "SK", "projected"),
        ("v4", "2026-12-03", "SK", "projected"),
        ("v4", "2027-07-01", "CZ", "projected"),
    ],
)
def test_after_the_horizon(ds: Dataset, org: str, day: str, chair: str | None, status: str) -> None:
    assert_chair(ds, org, day, chair, status)


def test_a_year_only_hand_over_leaves_the_day_unknown(ds: Dataset) -> None:
    # Peru passed the Pacific Alliance to Chile in 2024, on a day no page reports.
    a = who(ds, find_org(ds, "pacific-alliance"), D("2024-07-04"))
    assert a.chair is None and a.status == "unknown"
    assert "Peru" in a.reason and "Chile" in a.reason


# --------------------------------------------------------------------------- anomalies as data


def test_pacific_alliance_2023_crisis(ds: Dataset) -> None:
    o = find_org(ds, "pacific-alliance")
    mx = term_on(o, "2023-03-01")
    assert (mx.chair, mx.kind, str(mx.start), str(mx.end)) == (
        "MX",
        "extended",
        "2022-01",
        "2023-06-28",
    )
    cl = term_on(o, "2023-07-01")
    assert (cl.chair, cl.kind, str(cl.end)) == ("CL", "interim", "2023-08-01")
    pe = term_on(o, "2023-09-01")
    assert (pe.chair, str(pe.start)) == ("PE", "2023-08-01")
    claim = next(c for c in o.claims if c.id == "pacific-alliance-2023-presidency")
    assert claim.confidence == "disputed" and len(claim.asserted_by) == 3
    assert any("alianzapacifico.net" in s for s in pe.sources)


def test_pacific_alliance_skip_and_pandemic_extension(ds: Dataset) -> None:
    o = find_org(ds, "pacific-alliance")
    pe = term_on(o, "2018-08-01")
    assert pe.chair == "PE" and pe.skipped == ("MX",)
    cl = term_on(o, "2020-01-01")
    assert (cl.chair, cl.kind, str(cl.start), str(cl.end)) == (
        "CL",
        "extended",
        "2019-07-06",
        "2020-12-11",
    )


def test_celac_extensions_and_claims(ds: Dataset) -> None:
    o = find_org(ds, "celac")
    assert term_on(o, "2018-06-01").kind == "extended"  # El Salvador, 2017-2019
    mx = term_on(o, "2021-06-01")
    assert (mx.kind, str(mx.start), str(mx.end)) == ("extended", "2020-01-08", "2022-01-07")
    bo = term_on(o, "2019-06-01")
    assert [p.name for p in bo.chairpersons] == ["Evo Morales", "Jeanine Áñez"]
    assert {c.id for c in o.claims} == {"celac-2020-handover", "celac-2025-colombia-start"}


def test_nordic_shared_presidencies_and_swaps(ds: Dataset) -> None:
    o = find_org(ds, "nordic-ministers")
    assert term_on(o, "2020-06-01").co_chairs == ("GL", "FO")
    assert term_on(o, "2025-06-01").co_chairs == ("AX",)
    dk = term_on(o, "2026-06-01")
    assert dk.co_chairs == ("FO",) and "Faroe" in dk.holder and dk.kind == "swapped"
    assert term_on(o, "2023-06-01").kind == "swapped"
    no = term_on(o, "2027-06-01")
    assert no.basis == "rule" and no.confidence == "unverified"


# --------------------------------------------------------------------------- the rules


def test_rotation_rules_in_machine_fields(ds: Dataset) -> None:
    rules = {b: find_org(ds, b).rotation for b in BODIES}
    assert all(r is not None for r in rules.values())
    car = rules["caricom"]
    assert car is not None and (car.period, car.choice, car.handover) == (
        "half-yearly",
        "fixed-order",
        "on-date",
    )
    assert "caricom.org/cochog/about-cochog" in car.sources[0]
    v4 = rules["v4"]
    assert v4 is not None and v4.order == ("CZ", "PL", "HU", "SK") and v4.handover == "on-date"
    assert any("annex-to-the-content-of" in s for s in v4.sources)
    pa = rules["pacific-alliance"]
    assert pa is not None and (pa.choice, pa.order) == ("alphabetical", ("CL", "CO", "MX", "PE"))
    ncm = rules["nordic-ministers"]
    assert ncm is not None and ncm.order == ("DK", "FI", "NO", "SE", "IS")
    assert str(ncm.order_until) == "2027-12-31"
    celac = rules["celac"]
    assert celac is not None and (celac.choice, celac.handover) == ("election", "at-meeting")


@pytest.mark.parametrize(
    ("typed", "org"),
    [
        ("Visegrad Four", "v4"),
        ("Visegrád Group", "v4"),
        ("V4", "v4"),
        ("СЕЛАК", "celac"),
        ("КАРИКОМ", "caricom"),
        ("Pacific Alliance", "pacific-alliance"),
        ("NCM", "nordic-ministers"),
        ("nordic-council-of-ministers", "nordic-ministers"),
        ("Председательство в Совете министров Северных стран", "nordic-ministers"),
        ("Caribbean Community", "caricom"),
        ("CARICOM", "caricom"),
        ("Community of Latin American and Caribbean States", "celac"),
    ],
)
def test_names_people_type(ds: Dataset, typed: str, org: str) -> None:
    assert find_org(ds, typed).id == org


# --------------------------------------------------------------------------- sources and labels

NOT_SOURCES = (
    "wikipedia.org",
    "wikimili",
    "piglix",
    "movatter",
    "profilpelajar",
    "blogspot.",
    "dweb.link",
)


def test_every_record_is_sourced_and_labelled_honestly(ds: Dataset) -> None:
    for b in BODIES:
        o = find_org(ds, b)
        records = [*o.terms, *o.events, *o.priorities, *o.claims, *o.aliases, *o.members]
        for r in records:
            urls = list(r.sources)
            hosts = [urlsplit(u).netloc for u in urls]
            assert not [h for h in hosts if any(n in h for n in NOT_SOURCES)], (b, urls)
            conf = getattr(r, "confidence", None)
            if conf == "verified":
                assert len(set(urls)) >= 2, (b, r)
            if conf is not None and conf != "unverified":
                assert urls, (b, r)
        for t in o.terms:
            if t.basis == "rule":
                assert t.confidence == "unverified", (b, t.chair, t.start)


def test_no_event_after_the_horizon_is_recorded_as_held(ds: Dataset) -> None:
    for b in BODIES:
        o = find_org(ds, b)
        assert o.checked is not None
        for e in o.events:
            assert e.date.earliest() <= o.checked.latest() or e.planned, (b, e.title)


# --------------------------------------------------------------------------- through the CLI


def test_cli_json_for_a_projected_v4_turn(run: Callable[..., Run]) -> None:
    r = run("who", "visegrad four", "--on", "2026-12-03", "--json")
    assert r.code == 0 and r.stderr == ""
    j = r.json()
    assert (j["org"], j["chair"], j["status"]) == ("v4", "SK", "projected")
    assert j["previous"]["chair"] == "HU"


def test_cli_caricom_overdue_reason(run: Callable[..., Run]) -> None:
    r = run("who", "caricom", "--on", "2026-08-01", "--json")
    assert r.code == 0
    j = r.json()
    assert (j["chair"], j["status"]) == ("KN", "overdue")
    assert "30 Jun 2026" in j["reason"]
