"""`chairship upcoming`: what changes hands next across every body, and its calendar (ICS)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset

from builders import toml_dataset
from conftest import Run

Runner = Callable[..., Run]
TODAY = {"CHAIRSHIP_TODAY": "2026-12-01"}


def up(run: Runner, *args: str, env: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    r = run("upcoming", *args, "--json", env={**TODAY, **(env or {})})
    assert r.code == 0, r.stderr
    data: list[dict[str, Any]] = r.json()
    return data


def sort_key(item: dict[str, Any]) -> tuple[int, dt.date]:
    if item["date"] is None:
        return (0, dt.date.min)
    return (1, PartialDate.parse(item["date"]).earliest())


# --------------------------------------------------------------------------- the agenda


def test_the_next_three_months_in_date_order_with_overdue_first(run: Runner) -> None:
    items = up(run)
    assert items == sorted(items, key=sort_key)
    overdue = [i for i in items if i["status"] == "overdue"]
    # exactly the bodies whose chair `who` calls overdue today (SCO, CICA, IOFS in this data)
    today = run("list", "--json", env=TODAY).json()
    late = {o["id"] for o in today if o["current_chair"]["status"] == "overdue"}
    assert {"sco", "cica"} <= late
    assert {i["org"] for i in overdue} == late and len(overdue) == len(late)
    # listed once, first, without a date in the past; the past due date is kept apart
    assert items[: len(overdue)] == overdue
    for i in overdue:
        assert i["date"] is None and i["precision"] is None and i["kind"] == "handover"
        assert PartialDate.parse(i["due"]).latest() < dt.date(2026, 12, 1)
        assert i["chair"] is None and i["from_chair"]
    sco = next(i for i in overdue if i["org"] == "sco")
    assert sco["from_chair"] == "KG" and "expected by 1 Sep 2026" in sco["reason"]
    # every dated row falls in 1 Dec 2026 .. 28 Feb 2027 (a less precise date may start earlier)
    for i in items[len(overdue) :]:
        d = PartialDate.parse(i["date"])
        assert d.earliest() <= dt.date(2027, 2, 28) and d.latest() >= dt.date(2026, 12, 1)
        assert i["precision"] == d.precision


def test_what_happens_reads_as_a_sentence(run: Runner) -> None:
    items = up(run)
    eu = [i for i in items if i["org"] == "eu-council" and i["kind"] == "handover"]
    assert [(i["date"], i["what"], i["status"]) for i in eu] == [
        ("2027-01-01", "Lithuania takes the EU Council presidency from Ireland", "scheduled")
    ]
    assert (eu[0]["chair"], eu[0]["from_chair"]) == ("LT", "IE")
    meetings = {i["what"] for i in items if i["kind"] == "meeting" and i["org"] == "sco"}
    assert any(w.startswith("SCO Council of Heads of State in Bishkek") for w in meetings)
    g20 = next(i for i in items if i["org"] == "g20" and i["kind"] == "meeting")
    assert g20["what"].endswith(", Miami, United States") and g20["status"] == "scheduled"
    assert g20["date"] == "2026-12-14" and g20["end"] == "2026-12-15"


def test_month_precision_stays_month_precision(run: Runner) -> None:
    uk = next(i for i in up(run, "--org", "g20") if i["chair"] == "GB")
    assert (uk["date"], uk["precision"]) == ("2026-12", "month")


def test_hand_overs_agree_with_who_on_their_day(run: Runner) -> None:
    """Derived from chronology, as `who` is: on each day-precise hand-over day, `who` names the
    incoming chair with the same status."""
    checked = 0
    for i in up(run, "--months", "24"):
        if i["kind"] != "handover" or i["precision"] != "day" or i["chair"] is None:
            continue
        w = run("who", i["org"], "--on", i["date"], "--json").json()
        assert (w["chair"], w["status"]) == (i["chair"], i["status"]), i
        checked += 1
    assert checked >= 10


def test_unknown_successor_says_so_and_stops(run: Runner) -> None:
    # The Security Council's order is known to the end of 2027 (its members for 2027 are elected).
    items = up(run, "--org", "unsc", "--from", "2027-11-15", "--months", "3")
    last = items[-1]
    assert last["status"] == "unknown" and last["chair"] is None and last["date"] == "2028-01-01"
    assert "known only to 31 Dec 2027" in last["reason"]
    items = up(run, "--org", "ifas")
    last = {i["org"]: i for i in items}
    assert last["ifas"]["what"] == "Kazakhstan hands over the IFAS chair; successor not recorded"
    assert last["ifas"]["date"] == "2027-01-01"


def test_a_hand_over_on_the_first_day_is_listed(run: Runner) -> None:
    items = up(run, "--org", "eu-council", "--from", "2027-01-01", "--months", "1")
    assert [i["what"] for i in items if i["kind"] == "handover"] == [
        "Lithuania takes the EU Council presidency from Ireland"
    ]


def test_to_and_months(run: Runner) -> None:
    a = up(run, "--org", "unsc", "--org", "eu-council", "--to", "2027-06-30")
    b = up(run, "--org", "unsc", "--org", "eu-council", "--months", "7")
    assert a == b
    assert [i["chair"] for i in a if i["org"] == "eu-council" and i["kind"] == "handover"] == ["LT"]
    longer = up(run, "--org", "eu-council", "--months", "8")
    assert [i["chair"] for i in longer if i["kind"] == "handover"] == ["LT", "GR"]


def test_filters(run: Runner, ds: Dataset) -> None:
    europe = {o.id for o in ds.orgs if o.region == "europe"}
    items = up(run, "--region", "europe", "--months", "12")
    assert items and {i["org"] for i in items} <= europe
    assert {i["org"] for i in up(run, "--org", "sco", "--org", "ШОС", "--org", "g20")} == {
        "sco",
        "g20",
    }
    fixed = {o.id for o in ds.orgs if o.rotation and o.rotation.choice == "fixed-order"}
    assert {i["org"] for i in up(run, "--kind", "fixed-order", "--months", "12")} <= fixed
    kz = up(run, "--country", "Kazakhstan", "--months", "12")
    assert ("eaeu", "KZ", "KG") in {(i["org"], i["from_chair"], i["chair"]) for i in kz}
    assert up(run, "--country", "KZ", "--months", "12") == kz

    # the hand-overs Kazakhstan takes or makes, the meetings while it chairs: nothing else
    def concerns_kz(i: dict[str, Any]) -> bool:
        if i["kind"] == "handover":
            return "KZ" in (i["chair"], i["from_chair"])
        day = max(PartialDate.parse(i["date"]).earliest(), dt.date(2026, 12, 1))
        return run("who", i["org"], "--on", day.isoformat(), "--json").json()["chair"] == "KZ"

    every = up(run, "--months", "12")
    assert kz == [i for i in every if concerns_kz(i)]


@pytest.mark.parametrize(
    "args, text",
    [
        (["--months", "3", "--to", "2027-01-01"], "give --months or --to, not both"),
        (["--from", "2027-01-01", "--to", "2026-12-31"], "is before --from"),
        (["--months", "0"], "--months"),
        (["--months", "2", "--months", "3"], "--months was given twice"),
        (["--region", "mars"], "unknown value 'mars'"),
        (["--format", "xml"], "'xml' is not one of table, tsv, csv, json, jsonl, ics"),
        (["--format", "csv", "-o", "x.csv"], "--output writes the calendar"),
    ],
)
def test_usage_errors(run: Runner, args: list[str], text: str) -> None:
    r = run("upcoming", *args, env=TODAY)
    assert r.code == 2, r.stderr
    assert r.stdout == "" and text in r.stderr and r.stderr.count("\n") == 1, r.stderr


def test_unknown_country_is_not_found(run: Runner) -> None:
    r = run("upcoming", "--country", "Atlantis", env=TODAY)
    assert r.code == 1 and "no country matches 'Atlantis'" in r.stderr


def test_nothing_expected_is_an_empty_array(run: Runner) -> None:
    # the Arctic Council hands over in May 2027 at the earliest
    assert up(run, "--org", "arctic-council", "--from", "2027-06-01", "--months", "1") == []


def test_table_has_the_status_legend(run: Runner) -> None:
    r = run("upcoming", "--org", "eu-council", env={**TODAY, "NO_COLOR": "1"}, tty=True)
    assert r.code == 0 and "Lithuania takes the EU" in r.stdout
    assert "scheduled: announced" in r.stdout


def test_lang_names_the_bodies(run: Runner) -> None:
    items = up(run, "--org", "eu-council", "--lang", "ru")
    assert items and all(i["body"] == "председательство в Совете ЕС" for i in items)


# --------------------------------------------------------------------------- the calendar


def calendar(text: str) -> dict[str, Any]:
    cal = Calendar.from_ical(text)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_ics_loads_in_icalendar_and_matches_the_json(run: Runner) -> None:
    r = run("upcoming", "--format", "ics", env=TODAY)
    assert r.code == 0, r.stderr
    events = calendar(r.stdout)
    items = up(run)
    assert set(events) == {f"{i['id']}@chairship" for i in items}
    for i in items:
        ev = events[f"{i['id']}@chairship"]
        desc = str(ev["DESCRIPTION"])
        assert desc.startswith(f"Status: {i['status']} — {i['reason']}")
        if i["sources"]:
            assert str(ev["URL"]) == i["sources"][0]
            assert i["sources"][0] in desc
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day events
        if i["date"] is None:  # overdue: on the first day of the window
            assert (start, end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
            assert "Overdue: expected by" in desc
            continue
        d = PartialDate.parse(i["date"])
        last = PartialDate.parse(i["end"]) if i["end"] else d
        assert (start, end) == (d.earliest(), last.latest() + dt.timedelta(days=1))
        if d.precision != "day":
            assert f"Date known only to the {d.precision}" in desc
        assert str(ev["STATUS"]) == ("CONFIRMED" if i["status"] == "scheduled" else "TENTATIVE")


def test_ics_month_precision_spans_the_month(run: Runner) -> None:
    r = run("upcoming", "--org", "g20", "--format", "ics", env=TODAY)
    ev = calendar(r.stdout)["g20.handover.us-2025@chairship"]
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
    )
    assert "Date known only to the month (December 2026)." in str(ev["DESCRIPTION"])


def test_ics_output_file_goes_through_the_export_write_path(tmp_path: Path, run: Runner) -> None:
    target = tmp_path / "chairs.ics"
    r = run("upcoming", "--format", "ics", "-o", str(target), env=TODAY)
    assert r.code == 0, r.stderr
    assert (
        target.read_bytes().decode("utf-8") == run("upcoming", "--format", "ics", env=TODAY).stdout
    )
    again = run("upcoming", "--format", "ics", "-o", str(target), env=TODAY)
    assert again.code == 1 and "exists; use --force" in again.stderr
    assert run("upcoming", "--format", "ics", "-o", str(target), "--force", env=TODAY).code == 0
    other = tmp_path / "other.ics"  # the name says the format
    assert run("upcoming", "-o", str(other), env=TODAY).code == 0
    assert other.read_bytes() == target.read_bytes()


# --------------------------------------------------------------------------- stable UIDs

# tests/data/minimal.toml's body, with a summit-host rule and its first chair.
HEAD = toml_dataset("""
[org.rotation]
text = "The host of the summit chairs until the next summit."
confidence = "verified"
sources = ["https://abc.example.org/rule"]
period = "yearly"
choice = "summit-host"
handover = "at-meeting"

[[org.terms]]
chair = "KZ"
start = "2020-01-01"
end = "2021-01-01"
confidence = "verified"
sources = ["https://abc.example.org/t1"]
""")

V1 = (
    HEAD
    + """
[[org.terms]]
chair = "CN"
start = "2021-01-01"
expected_end = "2026-09"
expected_event = "ABC Summit in Beijing"
confidence = "verified"
sources = ["https://abc.example.org/t2"]

[[org.events]]
date = "2026-09"
title = "ABC Summit"
place = "Beijing"
planned = true
note = "Announced in March."
confidence = "single-source"
sources = ["https://abc.example.org/e1"]

[[org.events]]
date = "2026-11-20"
title = "ABC foreign ministers' meeting"
planned = true
confidence = "verified"
sources = ["https://abc.example.org/e2"]
"""
)

# The same world a few months on: the summit's day and place are known (a fact edited, a note
# rewritten, a source added), and the chair it handed to is recorded (a term added).
V2 = (
    HEAD
    + """
[[org.terms]]
chair = "CN"
start = "2021-01-01"
end = "2026-09-14"
confidence = "verified"
sources = ["https://abc.example.org/t2"]

[[org.terms]]
chair = "RU"
start = "2026-09-14"
confidence = "verified"
sources = ["https://abc.example.org/t3"]

[[org.events]]
date = "2026-09-14"
end = "2026-09-15"
title = "ABC summit"
place = "Beijing, China"
planned = true
note = "Dates confirmed by the host in May."
confidence = "verified"
sources = ["https://abc.example.org/e1", "https://abc.example.org/e3"]

[[org.events]]
date = "2026-11-20"
title = "ABC Foreign Ministers Meeting"
planned = true
confidence = "verified"
sources = ["https://abc.example.org/e2"]
"""
)


def test_uids_survive_a_new_version_of_the_dataset(tmp_path: Path, run: Runner) -> None:
    def events(text: str, name: str) -> dict[str, Any]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        args = ("--data", str(path), "upcoming", "--from", "2026-06-01", "--months", "6")
        r = run(*args, "--format", "ics", env=TODAY)
        assert r.code == 0, r.stderr
        return calendar(r.stdout)

    v1, v2 = events(V1, "v1.toml"), events(V2, "v2.toml")
    handover = "abc.handover.cn-2021@chairship"
    summit = next(
        u for u in v1 if u.startswith("abc.meeting.2026-") and "ABC Summit" in str(v1[u]["SUMMARY"])
    )
    assert len(v1) == 3 and set(v2) == set(v1)  # the same three events, updated in place
    assert (
        str(v1[handover]["SUMMARY"])
        == "ABC: China hands over the ABC chair; successor not recorded"
    )
    assert str(v2[handover]["SUMMARY"]) == "ABC: Russia takes the ABC chair from China"
    assert v1[handover].decoded("DTSTART") == dt.date(2026, 9, 1)  # "2026-09": the month
    assert v2[handover].decoded("DTSTART") == dt.date(2026, 9, 14)
    assert (v1[summit].decoded("DTEND"), v2[summit].decoded("DTEND")) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 9, 16),
    )
    assert str(v2[summit]["LOCATION"]) == "Beijing, China"


def test_json_ids_are_the_calendar_uids(tmp_path: Path, run: Runner) -> None:
    path = tmp_path / "v1.toml"
    path.write_text(V1, encoding="utf-8")
    args = ("--data", str(path), "upcoming", "--from", "2026-06-01", "--months", "6")
    ids = [i["id"] for i in json.loads(run(*args, "--json", env=TODAY).stdout)]
    assert ids[0] == "abc.handover.cn-2021" and len(ids) == 3
    uids = calendar(run(*args, "--format", "ics", env=TODAY).stdout)
    assert sorted(uids) == sorted(f"{i}@chairship" for i in ids)


# --------------------------------------------------------------------------- hostile data

EVIL = "[bold]x[/] \x1b[31mRED\x1b[0m \u202etxt <b>&amp;\nsecond line"


def test_hostile_strings_stay_data_in_every_format(tmp_path: Path, run: Runner) -> None:
    text = V1.replace('title = "ABC Summit"', f"title = {json.dumps(EVIL)}").replace(
        'place = "Beijing"', f"place = {json.dumps(EVIL)}"
    )
    text = text.replace('acronym = "ABC"', 'acronym = "<A&B>"')
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    args = ("--data", str(path), "upcoming", "--from", "2026-06-01", "--months", "6")
    items = run(*args, "--json", env=TODAY).json()
    assert any(i["what"].startswith(EVIL) and i["place"] == EVIL for i in items)
    for extra, tty in ((), True), ((), False), (("--format", "csv"), False):
        r = run(*args, *extra, env={**TODAY, "NO_COLOR": "1"}, tty=tty)
        assert r.code == 0, r.stderr
        for ch in ("\x1b", "\u202e"):
            assert ch not in r.stdout
        assert "[bold]x[/]" in "".join(r.stdout.split())  # markup stays text
    piped = run(*args, env=TODAY).stdout.splitlines()
    assert len(piped) == len(items)  # one line per record, the newline made visible
    ics = run(*args, "--format", "ics", env=TODAY).stdout
    assert "\x1b" not in ics and "\u202e" not in ics
    summit = next(ev for ev in calendar(ics).values() if "RED" in str(ev["SUMMARY"]))
    assert str(summit["LOCATION"]).startswith("[bold]x[/] \\x1b[31mRED")
    chart = run("--data", str(path), "timeline", "--chart", "--format", "svg", env=TODAY)
    assert chart.code == 0, chart.stderr
    texts = "".join(t.text or "" for t in ET.fromstring(chart.stdout).iter())
    assert "<A&B>" in texts  # escaped in the XML, read back as the literal label
