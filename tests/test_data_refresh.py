"""The refresh of issue 20 on the first 21 bodies: the Security Council's 2027, the facts the
third audit found missing or wrong, and labels that follow their sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from chairship_cli.model import Dataset, Org, Term
from chairship_cli.query import find_org, who

from conftest import Run, assert_chair

TODAY = {"CHAIRSHIP_TODAY": "2026-12-03"}


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def term(org: Org, chair: str, start: str) -> Term:
    (t,) = [t for t in org.terms if t.chair == chair and str(t.start) == start]
    return t


# --------------------------------------------------------------------------- UNSC 2027

UNSC_2027 = ["PT", "RU", "TT", "GB", "US", "ZW", "AT", "BH", "CN", "CO", "CD", "FR"]


def test_unsc_2027_membership_is_recorded(ds: Dataset) -> None:
    org = find_org(ds, "unsc")
    (m,) = [m for m in org.members if str(m.as_of) == "2027-01-01"]
    assert m.count == 15 and len(m.codes) == 15
    elected = {"PT", "AT", "KG", "TT", "ZW"}
    assert elected <= set(m.codes)
    assert not {"DK", "GR", "PK", "PA", "SO"} & set(m.codes)  # their terms end in 2026
    assert {"BH", "CO", "CD", "LV", "LR", "CN", "FR", "RU", "GB", "US"} <= set(m.codes)
    assert any("mb.com.ph" in u for u in m.sources)
    # The rotation order is that membership in English alphabetical order, valid for 2027.
    assert org.rotation is not None
    assert org.rotation.order == (
        *("AT", "BH", "CN", "CO", "CD", "FR", "KG", "LV", "LR"),
        *("PT", "RU", "TT", "GB", "US", "ZW"),
    )
    assert str(org.rotation.order_until) == "2027-12-31"


@pytest.mark.parametrize(("month", "chair"), list(enumerate(UNSC_2027, start=1)))
def test_unsc_2027_presidencies_are_projected_by_rule(ds: Dataset, month: int, chair: str) -> None:
    assert_chair(ds, "unsc", dt.date(2027, month, 15), chair, "projected")
    org = find_org(ds, "unsc")
    t = term(org, chair, f"2027-{month:02d}-01")
    assert t.basis == "rule" and t.confidence == "unverified"
    assert "rule 18" in t.note


def test_who_unsc_2027_02_01_names_russia_with_its_reason(run: Callable[..., Run]) -> None:
    r = run("who", "unsc", "--on", "2027-02-01", "--json", env=TODAY)
    assert r.code == 0, r.stderr
    d = r.json()
    assert (d["chair"], d["status"]) == ("RU", "projected")
    assert "rotation rule" in d["reason"]
    assert (d["term"]["start"], d["term"]["end"]) == ("2027-02-01", "2027-02-28")
    assert (d["previous"]["chair"], d["next"]["chair"]) == ("PT", "TT")
    assert d["confidence"] == "unverified"


def test_unsc_beyond_2027_is_unknown(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "unsc"), D("2028-01-15"))
    assert (a.chair, a.status) == (None, "unknown")
    assert "2027" in a.reason


def test_unsc_2026_election_event(ds: Dataset) -> None:
    (e,) = [e for e in find_org(ds, "unsc").events if str(e.date) == "2026-06-03"]
    assert "Kyrgyzstan" in e.title and "Zimbabwe" in e.title and "Portugal" in e.title
    assert len(e.sources) >= 3


# --------------------------------------------------------------------------- audit fixes


def test_ots_kazakh_name_as_kazakh_press_writes_it(ds: Dataset) -> None:
    (kk,) = [n for n in find_org(ds, "ots").names if n.lang == "kk"]
    assert kk.name == "Түркі мемлекеттері ұйымы"
    assert kk.sources == (
        "https://baribar.kz/222942/t-rki-memleketteri-jymyny-kelesi-sammiti-yr-yzstanda-tedi",
    )


def test_ots_kazakh_name_finds_the_body(run: Callable[..., Run]) -> None:
    r = run("show", "Түркі мемлекеттері ұйымы", "--json")
    assert r.code == 0, r.stderr
    assert r.json()["id"] == "ots"


def test_world_nomad_games_closing_day_is_settled(ds: Dataset) -> None:
    org = find_org(ds, "ots")
    (e,) = [e for e in org.events if "World Nomad Games" in e.title and str(e.date) == "2024-09-08"]
    assert str(e.end) == "2024-09-13" and e.confidence == "verified"
    assert "ots-wng-closing-date" not in {c.id for c in org.claims}


def test_coe_alias(run: Callable[..., Run]) -> None:
    r = run("who", "coe", "--json", env=TODAY)
    assert r.code == 0, r.stderr
    assert (r.json()["org"], r.json()["chair"]) == ("coe-cm", "ME")


@pytest.mark.parametrize(
    ("org", "chair", "start", "label"),
    [
        ("unsc", "DK", "2026-08-01", "single-source"),  # no page reports the month itself
        ("unsc", "KR", "2025-09-01", "verified"),  # Korean MFA, Korea Herald, JoongAng Daily
        ("unsc", "PK", "2025-07-01", "verified"),  # was a single blog-like listing
        ("unsc", "SI", "2025-12-01", "single-source"),  # two releases of one government
    ],
)
def test_relabelled_terms(ds: Dataset, org: str, chair: str, start: str, label: str) -> None:
    t = term(find_org(ds, org), chair, start)
    assert t.confidence == label
    assert not any("bungopos" in u or "pscmcqs" in u for u in t.sources)


def test_korea_2025_presidency_and_its_ai_debate(ds: Dataset) -> None:
    org = find_org(ds, "unsc")
    t = term(org, "KR", "2025-09-01")
    assert "https://www.mofa.go.kr/eng/brd/m_5676/view.do?seq=323000" in t.sources
    assert "Lee Jae Myung" in t.note
    (e,) = [e for e in org.events if str(e.date) == "2025-09-24"]
    assert "artificial intelligence" in e.title and e.confidence == "verified"


def test_relabelled_events(ds: Dataset) -> None:
    sco = find_org(ds, "sco")
    (aral,) = [e for e in sco.events if "Aral" in e.title]
    assert (str(aral.date), aral.confidence) == ("2024-05-22", "verified")
    (ufa,) = [e for e in find_org(ds, "brics").events if "Ufa" in (e.place or "")]
    assert ufa.confidence == "verified" and len(ufa.sources) >= 2
    cis = term(find_org(ds, "cis"), "RU", "2017-01-01")
    assert "single source" not in cis.note and "Infotag" in cis.note
    assert "http://www.infotag.md/politics-m9/231177/" in cis.sources


# --------------------------------------------------------------------------- refresh


def test_china_hosts_brics_2027(ds: Dataset) -> None:
    org = find_org(ds, "brics")
    t = term(org, "CN", "2027-01-01")
    assert t.basis == "source" and t.confidence == "single-source"
    assert t.sources == ("https://tass.com/world/2004829",)
    a = who(ds, org, D("2027-06-01"))
    assert (a.chair, a.status) == ("CN", "scheduled"), a.reason
    # India's year ends the day before.
    assert str(term(org, "IN", "2026-01-01").end) == "2026-12-31"


@pytest.mark.parametrize(
    ("org", "day", "chair"),
    [
        ("asean", "2027-06-01", "SG"),  # announced by Singapore's foreign ministry
        ("apec", "2027-06-01", "VN"),  # Phu Quoc, 2027
        ("eu-council", "2027-03-01", "LT"),
        ("g20", "2027-06-01", "GB"),
        ("coe-cm", "2027-01-15", "ME"),
    ],
)
def test_announced_successors_are_scheduled(ds: Dataset, org: str, day: str, chair: str) -> None:
    assert_chair(ds, org, day, chair, "scheduled")


def test_audit_missing_facts_are_recorded(ds: Dataset) -> None:
    (epc,) = [
        e for e in find_org(ds, "eu-council").events if "European Political Community" in e.title
    ]
    assert epc.planned and str(epc.date) == "2026"
    (water,) = [e for e in find_org(ds, "sco").events if "Water Research" in e.title]
    assert str(water.date) == "2025-09-01" and "water" in water.themes
    dk = term(find_org(ds, "arctic-council"), "DK", "2025-05-12")
    assert "Kenneth Høegh" in {p.name for p in dk.chairpersons}


# --------------------------------------------------------------------------- label rules


def test_every_verified_record_cites_two_pages(ds: Dataset) -> None:
    bad = []
    for org in ds.orgs:
        records = [*org.names, *org.members, *org.terms, *org.priorities, *org.events]
        for r in records:
            if r.confidence == "verified" and len(r.sources) < 2:
                bad.append(f"{org.id}: {r}")
    assert bad == []


def test_every_rule_term_is_unverified(ds: Dataset) -> None:
    bad = [
        f"{org.id} {t.chair} {t.start}"
        for org in ds.orgs
        for t in org.terms
        if t.basis == "rule" and t.confidence != "unverified"
    ]
    assert bad == []
