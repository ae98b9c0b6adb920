"""Facts of the shipped dataset, asked as a user would: who chaired when, by country, timeline,
lookup. Tests of the code itself, on small made-up datasets, are in test_chronology.py."""

from __future__ import annotations

import datetime as dt

import pytest

from chairship_cli import query
from chairship_cli.model import Dataset
from chairship_cli.query import NotFound, chairmanships, find_org, timeline, who

from conftest import assert_chair, assert_handover


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


# --------------------------------------------------------------------------- who


@pytest.mark.parametrize(
    ("org", "day", "chair"),
    [
        # SCO: India handed over at the virtual summit of 4 Jul 2023;
        # Kazakhstan to China at Astana, 4 Jul 2024.
        ("sco", "2023-07-03", "IN"),
        ("sco", "2023-07-04", "KZ"),  # hand-over day belongs to the incoming chair
        ("sco", "2024-07-03", "KZ"),
        ("sco", "2024-07-04", "CN"),
        ("sco", "2018-01-01", "CN"),  # Qingdao year
        # CSTO: calendar years from 2024.
        ("csto", "2023-12-31", "BY"),
        ("csto", "2024-01-01", "KZ"),
        ("csto", "2024-12-31", "KZ"),
        ("csto", "2025-01-01", "KG"),
        ("csto", "2026-03-01", "RU"),  # open-ended current term
        ("csto", "2018-01-01", "KZ"),
        # CICA: Kazakhstan from 24 Sep 2020 to the online ministerial of 17 Dec 2024.
        ("cica", "2020-09-23", "TJ"),
        ("cica", "2020-09-24", "KZ"),
        ("cica", "2024-12-16", "KZ"),
        ("cica", "2024-12-17", "AZ"),
        # OTS: Astana summit 3 Nov 2023 to Bishkek summit 6 Nov 2024.
        ("ots", "2023-11-02", "UZ"),
        ("ots", "2023-11-03", "KZ"),
        ("ots", "2024-11-06", "KG"),
        ("ots", "2025-10-07", "AZ"),
        # IFAS: Tajikistan to the end of 2023, Kazakhstan from 1 Jan 2024.
        ("ifas", "2023-12-31", "TJ"),
        ("ifas", "2024-01-01", "KZ"),
        # IOFS: Kazakhstan chaired 2021-2022; Qatar, not Kazakhstan, from Oct 2023.
        ("iofs", "2022-01-01", "KZ"),
        ("iofs", "2022-11-01", "TN"),
        ("iofs", "2024-01-01", "QA"),
    ],
)
def test_who_on_day(ds: Dataset, org: str, day: str, chair: str) -> None:
    assert_chair(ds, org, day, chair)


def test_who_previous_and_next(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "sco"), D("2024-01-15"))
    assert a.term is not None and a.term.chair == "KZ"
    assert str(a.term.start) == "2023-07-04" and str(a.term.end) == "2024-07-04"
    assert a.previous is not None and a.previous.chair == "IN"
    assert a.next is not None and a.next.chair == "CN"
    assert not a.uncertain
    assert any("trend.az" in s for s in a.term.sources)


def test_who_before_founding_has_no_chair(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "sco"), D("1999-01-01"))
    assert a.term is None
    assert any("founded" in n for n in a.notes)


def test_who_in_a_gap_of_the_sources_has_no_chair(ds: Dataset) -> None:
    # CSTO: the sheet has Kazakhstan to 19 Dec 2012, then Tajikistan from Dec 2014; nothing between.
    a = who(ds, find_org(ds, "csto"), D("2013-06-01"))
    assert a.term is None
    assert a.previous is not None and a.previous.chair == "KZ"
    assert a.next is not None and a.next.chair == "TJ"
    assert any("no chair is recorded" in n for n in a.notes)


def test_who_flags_a_year_precision_boundary(ds: Dataset) -> None:
    # IFAS: Tajikistan's term starts "2020", known only to the year.
    a = who(ds, find_org(ds, "ifas"), D("2020-03-01"))
    assert a.chair == "TJ" and a.uncertain
    assert any("start is known only as 2020" in n for n in a.notes)


def test_who_flags_a_month_precision_boundary(ds: Dataset) -> None:
    # CICA: Türkiye handed over to China at the Shanghai summit, May 2014 (stored to the month).
    a = who(ds, find_org(ds, "cica"), D("2014-05-10"))
    assert a.uncertain
    mid = who(ds, find_org(ds, "cica"), D("2016-01-01"))
    assert mid.term is not None and mid.term.chair == "CN" and not mid.uncertain


def test_who_two_candidates_inside_an_uncertain_year_gives_no_chair(ds: Dataset) -> None:
    # IOFS Aug 2019: the 2nd General Assembly (27-29 Aug) handed the chair from Kazakhstan to
    # Saudi Arabia; both boundaries are stored to the month.
    a = who(ds, find_org(ds, "iofs"), D("2019-08-15"))
    assert a.chair is None and a.status == "unknown"
    assert a.uncertain
    assert {c.chair for c in a.candidates} == {"KZ", "SA"}


def test_who_open_term_beyond_what_sources_confirm_is_uncertain(ds: Dataset) -> None:
    a = who(ds, find_org(ds, "iofs"), D("2024-03-01"))
    assert a.term is not None and a.term.chair == "QA" and not a.uncertain
    later = who(ds, find_org(ds, "iofs"), D("2025-06-01"))
    assert later.term is not None and later.term.chair == "QA"
    assert later.uncertain
    assert any("only until Apr 2024" in n for n in later.notes)


def test_who_unknown_start_is_derived_from_the_rule_not_stretched_to_the_founding(
    ds: Dataset,
) -> None:
    # CICA: Kazakhstan's first recorded term ends at the Istanbul summit (June 2010), start not
    # recorded; the two-yearly rule puts it about June 2008. Before that: unknown.
    a = who(ds, find_org(ds, "cica"), D("2009-01-01"))
    assert a.chair == "KZ" and a.uncertain
    assert any("start of this term is not recorded" in n for n in a.notes)
    early = who(ds, find_org(ds, "cica"), D("2005-01-01"))
    assert early.chair is None and early.status == "unknown"
    assert "records begin about Jun 2008" in early.reason


# --------------------------------------------------------------------------- country


def test_kazakhstan_in_2024_chaired_five_not_iofs(ds: Dataset) -> None:
    held = chairmanships(ds, "KZ", D("2024-01-01"), D("2024-12-31"))
    # the article's five real ones, and the Central Asian Consultative Meeting it left out
    assert sorted(c.org.id for c in held) == [
        "ca-consultative",
        "cica",
        "csto",
        "ifas",
        "ots",
        "sco",
    ]
    assert all(not c.uncertain and c.status == "recorded" for c in held)


def test_kazakhstan_all_time_includes_earlier_iofs_terms(ds: Dataset) -> None:
    held = chairmanships(ds, "KZ")
    iofs = [(str(c.span.start), str(c.span.end)) for c in held if c.org.id == "iofs"]
    assert iofs == [("2016-04-28", "2019-08"), ("2021-09", "2022-10")]
    assert len([c for c in held if c.org.id == "sco"]) == 2  # 2016-2017 and 2023-2024


@pytest.mark.parametrize("text", ["KZ", "kz", "Kazakhstan", "kazakhstan", "Republic of Kazakhstan"])
def test_country_code_by_code_or_name(text: str) -> None:
    assert query.country_code(text) == "KZ"


@pytest.mark.parametrize(
    ("text", "code"), [("Türkiye", "TR"), ("turkey", "TR"), ("Russia", "RU"), ("IR", "IR")]
)
def test_country_code_other_names(text: str, code: str) -> None:
    assert query.country_code(text) == code


def test_country_unknown_suggests() -> None:
    with pytest.raises(NotFound) as e:
        query.country_code("Kazakstan")
    assert "KZ (Kazakhstan)" in e.value.suggestions


# --------------------------------------------------------------------------- timeline


def test_timeline_is_sorted_and_filtered_by_year(ds: Dataset) -> None:
    items = timeline(ds, lo=D("2024-01-01"), hi=D("2024-12-31"))
    keys = [i.date.sort_key() for i in items]
    assert keys == sorted(keys)
    assert all((i.end or i.date).latest() >= D("2024-01-01") for i in items)  # overlaps the year
    assert all(i.date.earliest() <= D("2024-12-31") for i in items)
    titles = [(str(i.date), i.org, i.kind) for i in items]
    assert ("2024-07-03", "sco", "event") in titles  # Astana summit
    assert ("2024-07-04", "sco", "handover") in titles
    assert ("2024-11-28", "csto", "event") in titles  # Astana CSC session
    assert ("2024-12-17", "cica", "handover") in titles


def test_timeline_handover_titles_name_both_chairs(ds: Dataset) -> None:
    items = timeline(ds, [find_org(ds, "sco")], D("2024-07-04"), D("2024-07-04"))
    hand = [i for i in items if i.kind == "handover"]
    assert [h.title for h in hand] == ["China takes the chair from Kazakhstan"]
    assert hand[0].chair == "CN"


def test_timeline_whole_history_of_one_org(ds: Dataset) -> None:
    org = find_org(ds, "csto")
    items = timeline(ds, [org])
    assert {i.org for i in items} == {"csto"}
    assert len([i for i in items if i.kind == "handover"]) == len([t for t in org.terms if t.start])


def test_month_precision_event_stays_month(ds: Dataset) -> None:
    items = timeline(ds, [find_org(ds, "sco")], D("2017-06-01"), D("2017-06-30"))
    assert any(str(i.date) == "2017-06" for i in items)


# --------------------------------------------------------------------------- lookup


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("sco", "sco"),
        ("SCO", "sco"),
        ("Shanghai Cooperation Organization", "sco"),
        ("shanghai cooperation organisation", "sco"),
        ("ШОС", "sco"),
        ("шос", "sco"),
        ("ОДКБ", "csto"),
        ("Организация Договора о коллективной безопасности", "csto"),
        ("СВМДА", "cica"),
        ("Turkic Council", "ots"),
        ("Cooperation Council of Turkic Speaking States", "ots"),
        ("الصندوق الدولي لإنقاذ الجزر", "ifas"),  # the seed's mistranslation
        ("الصندوق الدولي لانقاذ الجزر", "ifas"),  # same, typed without the hamza
        ("МФСА", "ifas"),
        ("المنظمة الإسلامية للأمن الغذائي", "iofs"),
        ("المنظمة الإسلامية لسلامة الغذاء", "iofs"),
    ],
)
def test_find_org_by_any_name(ds: Dataset, text: str, org: str) -> None:
    assert find_org(ds, text).id == org


def test_find_org_never_auto_picks_a_fuzzy_match(ds: Dataset) -> None:
    with pytest.raises(NotFound) as e:
        find_org(ds, "scoo")
    assert e.value.suggestions == ("sco",)


def test_find_org_huge_input_is_a_clean_miss(ds: Dataset) -> None:
    with pytest.raises(NotFound) as e:
        find_org(ds, "x" * 1_000_000)
    assert e.value.suggestions == ()
    assert len(e.value.message()) < 200


def test_search_finds_people_and_says_where(ds: Dataset) -> None:
    hits = query.search(ds, "Tokayev")
    kinds = {(h.kind, h.field) for h in hits}
    assert ("person", "name") in kinds
    hits = query.search(ds, "توكاييف")  # the seed's Arabic spelling
    assert any(h.kind == "person" and h.ref == "tokayev" and h.field == "seed form" for h in hits)


def test_sources_cover_every_org(ds: Dataset) -> None:
    uses = query.sources(ds)
    assert all(u.url.startswith(("http://", "https://")) for u in uses)
    assert {o for u in uses for o in u.orgs} == {o.id for o in ds.orgs}


# --------------------------------------------------------------------------- every body, real cases
# On 1 Dec 2026 (the day these were written) each body's chair, and how the dataset knows it.

TODAY = D("2026-12-01")

NOW = {
    "sco": ("KG", "overdue"),  # Bishkek summit due by 1 Sep 2026; no hand-over recorded
    "csto": ("RU", "scheduled"),  # chair "for 2026", decided in Nov 2025
    "cica": ("AZ", "overdue"),  # Baku summit planned for Oct 2026
    "ots": ("AZ", "scheduled"),  # summit in Türkiye planned for the end of 2026
    "ifas": ("KZ", "scheduled"),  # President until the end of 2026
    "iofs": ("QA", "overdue"),  # 7th General Assembly planned for 2025
    "ca-consultative": ("TM", "projected"),  # no date for the 8th meeting
    "eu-council": ("IE", "scheduled"),  # order fixed by Decision (EU) 2016/1316
    "unsc": ("LR", "projected"),  # by Rule 18's alphabetical order
    "g7": ("FR", "scheduled"),
    "g20": (None, "unknown"),  # the hand-over to the UK in December 2026: the day is not recorded
    "brics": ("IN", "scheduled"),  # calendar year; China announced as the 2027 host
    "apec": ("VN", "scheduled"),
    "asean": ("PH", "scheduled"),
    "au": ("BI", "scheduled"),
    "osce": ("CH", "scheduled"),
    "coe-cm": ("ME", "scheduled"),
    "cis": ("TM", "scheduled"),
    "eaeu": ("KZ", "scheduled"),
    "arctic-council": ("DK", "scheduled"),
    "mercosur": ("UY", "projected"),
    "unga": (None, "unknown"),  # the 81st President (elected June 2026) is in no page read
    "hrc": ("ID", "scheduled"),  # calendar-year term to 31 Dec 2026
    "commonwealth": ("WS", "overdue"),  # CHOGM St John's 1-4 Nov 2026 not reported held
    "oic": ("GM", "scheduled"),  # 16th Islamic Summit planned in Azerbaijan in 2026
    "saarc": ("NP", "overdue"),  # frozen since the 2016 summit was postponed
    "gcc": ("BH", "scheduled"),  # 47th session under Saudi Arabia expected in Dec 2026
    "arab-league": ("IQ", "overdue"),  # no 35th ordinary summit reported
    "sadc": ("ZA", "overdue"),  # interim chair until the Aug 2026 summit, not reported
    "ecowas": ("SL", "overdue"),  # mid-2026 session not reported
    "pif": ("SB", "overdue"),  # Palau meeting planned for Aug 2026, not reported
    "celac": ("UY", "scheduled"),  # "period 2026-2027"; no successor named
    "caricom": ("KN", "overdue"),  # the 1 July 2026 turn is not in any page read
    "pacific-alliance": ("MX", "scheduled"),  # one-year term from 30 Jan 2026
    "nordic-ministers": ("DK", "scheduled"),  # the 2026 calendar-year presidency
    "v4": ("SK", "projected"),  # by the 1999 order, from 1 Jul 2026
}

PAST = [
    ("sco", "2018-12-01", "KG"),
    ("csto", "2019-01-01", "KG"),
    ("cica", "2019-01-01", "TJ"),
    ("ots", "2019-01-01", "KG"),
    ("ifas", "2021-01-01", "TJ"),
    ("iofs", "2020-01-01", "SA"),
    ("ca-consultative", "2019-01-01", "UZ"),
    ("eu-council", "2018-03-01", "BG"),
    ("unsc", "2018-01-15", "KZ"),
    ("g7", "2018-06-01", "CA"),
    ("g20", "2019-06-01", "JP"),
    ("brics", "2018-06-01", "ZA"),
    ("apec", "2019-06-01", "CL"),
    ("asean", "2018-06-01", "SG"),
    ("au", "2018-06-01", "RW"),
    ("osce", "2018-06-01", "IT"),
    ("coe-cm", "2018-06-01", "HR"),
    ("eaeu", "2018-06-01", "RU"),
    ("arctic-council", "2020-01-01", "IS"),
    ("mercosur", "2018-09-01", "UY"),
]

# (body, hand-over day, outgoing chair, incoming chair): the incoming chair holds on the day.
HANDOVERS = [
    ("sco", "2025-09-01", "CN", "KG"),
    ("cica", "2024-12-17", "KZ", "AZ"),
    ("ots", "2025-10-07", "KG", "AZ"),
    ("iofs", "2023-10-03", "TN", "QA"),
    ("ca-consultative", "2025-11-16", "UZ", "TM"),
    ("eu-council", "2026-07-01", "CY", "IE"),
    ("unsc", "2026-02-01", "SO", "GB"),
    ("g7", "2026-01-01", "CA", "FR"),
    ("g20", "2025-12-01", "ZA", "US"),
    ("brics", "2026-01-01", "BR", "IN"),
    ("apec", "2025-11-01", "KR", "CN"),
    ("asean", "2026-01-01", "MY", "PH"),
    ("au", "2026-02-14", "AO", "BI"),
    ("osce", "2026-01-01", "FI", "CH"),
    ("coe-cm", "2026-05-15", "MD", "MC"),
    ("cis", "2026-01-01", "TJ", "TM"),
    ("eaeu", "2026-01-01", "BY", "KZ"),
    ("csto", "2026-01-01", "KG", "RU"),
    ("arctic-council", "2025-05-12", "NO", "DK"),
    ("mercosur", "2025-12-20", "BR", "PY"),
    ("unga", "2025-09-09", "CM", "DE"),
    ("hrc", "2023-01-01", "AR", "CZ"),
    ("commonwealth", "2024-10-25", "RW", "WS"),
    ("oic", "2019-05-31", "TR", "SA"),
    ("gcc", "2025-12-03", "KW", "BH"),
    ("arab-league", "2025-05-17", "BH", "IQ"),
    ("sadc", "2025-11-07", "MG", "ZA"),
    ("ecowas", "2025-06-22", "NG", "SL"),
    ("pif", "2025-09-08", "TO", "SB"),
    ("celac", "2026-03-21", "CO", "UY"),
    ("caricom", "2026-01-01", "JM", "KN"),
    ("pacific-alliance", "2026-01-30", "CO", "MX"),
    ("nordic-ministers", "2026-01-01", "FI", "DK"),
    ("v4", "2025-07-01", "PL", "HU"),
]

# Days after the sources' horizon: announced in advance (scheduled), computed from the rule
# (projected), past an expected hand-over (overdue), or not knowable (unknown).
FUTURE = [
    ("eu-council", "2027-03-01", "LT", "scheduled"),
    ("eu-council", "2030-12-31", "MT", "scheduled"),
    ("eu-council", "2031-01-01", None, "unknown"),  # no order after 2030 has been decided
    ("g7", "2027-06-01", "US", "scheduled"),
    ("g20", "2028-06-01", "KR", "scheduled"),
    ("csto", "2030-06-01", "KZ", "projected"),  # Russian alphabetical order of the members
    ("asean", "2027-06-01", "SG", "scheduled"),  # announced by Singapore's foreign ministry
    ("brics", "2027-06-01", "CN", "scheduled"),  # China hosts the 2027 summit (TASS, Aug 2025)
    ("eaeu", "2027-06-01", "KG", "projected"),
    ("unsc", "2027-02-01", "RU", "projected"),  # rule 18 applied to the 2027 membership
    ("unsc", "2028-01-15", None, "unknown"),  # the 2028 membership is not yet elected
    ("ots", "2027-06-01", None, "unknown"),  # a day still to come is never overdue
    ("sco", "2028-01-01", None, "unknown"),  # long past the expected hand-over: no guess
]


@pytest.mark.parametrize("org", NOW)
def test_chair_on_the_day_written(ds: Dataset, org: str) -> None:
    a = assert_chair(ds, org, TODAY, *NOW[org])
    assert a.reason and (a.term is None or a.term.sources)


def test_every_body_has_a_current_case() -> None:
    from conftest import SHIPPED_IDS

    assert sorted(NOW) == sorted(SHIPPED_IDS)
    # IFAS: year boundaries; SAARC: no hand-over since its records begin (Nov 2014)
    assert {o for o, *_ in HANDOVERS} == set(SHIPPED_IDS) - {"ifas", "saarc"}


@pytest.mark.parametrize(("org", "day", "chair"), PAST)
def test_a_past_term(ds: Dataset, org: str, day: str, chair: str) -> None:
    assert_chair(ds, org, day, chair, "recorded", sourced=True)


@pytest.mark.parametrize(("org", "day", "outgoing", "incoming"), HANDOVERS)
def test_handover_day_is_the_incoming_chairs_everywhere(
    ds: Dataset, org: str, day: str, outgoing: str, incoming: str
) -> None:
    assert_handover(ds, org, day, outgoing, incoming)
    d = D(day)
    on_day = {c.span.chair for c in chairmanships(ds, incoming, d, d) if c.org.id == org}
    assert on_day == {incoming}
    assert not [
        c for c in chairmanships(ds, outgoing, d, d) if c.org.id == org and c.role == "chair"
    ]


@pytest.mark.parametrize(("org", "day", "chair", "status"), FUTURE)
def test_after_the_horizon(ds: Dataset, org: str, day: str, chair: str | None, status: str) -> None:
    assert_chair(ds, org, day, chair, status, today=TODAY)


def test_the_2024_article_story_stays_whole(ds: Dataset) -> None:
    held = {c.org.id for c in chairmanships(ds, "KZ", D("2024-01-01"), D("2024-12-31"))}
    assert "ca-consultative" in held and "iofs" not in held
    claims = {c.id for o in ds.orgs for c in o.claims}
    assert {"ca-consultative-2024-article", "iofs-kz-chair-2024"} <= claims


def test_priorities_say_whose_they_are(ds: Dataset) -> None:
    for o in ds.orgs:
        for p in o.priorities:
            assert any(t.chair == p.chair and t.start == p.term for t in o.terms), (o.id, p.text)
    csto = find_org(ds, "csto")
    assert {p.chair for p in csto.priorities} == {"KZ"}  # Kazakhstan's 2024 programme, not Russia's


def test_every_term_has_sources_or_a_stated_reason(ds: Dataset) -> None:
    for o in ds.orgs:
        for t in o.terms:
            if not t.sources:
                assert t.confidence == "unverified" and t.note, (o.id, t.chair, t.start)
            if t.basis == "rule":
                assert t.confidence == "unverified", (o.id, t.chair, t.start)
