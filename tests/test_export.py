"""Exports of the real dataset, each read back by a real client (icalendar, csv, sqlite3, json)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from chairship_cli import export
from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset, Org
from chairship_cli.query import TimelineItem, timeline
from chairship_cli.render import shapes
from chairship_cli.safe_write import OutputError, write_output

from builders import make_dataset, make_event, make_org, make_term

ASTANA_TITLE = "24th Council of Heads of State; Belarus becomes the tenth member"


def astana(items: list[TimelineItem]) -> TimelineItem:
    """The SCO Astana summit of 3-4 July 2024."""
    (found,) = [
        i
        for i in items
        if i.org == "sco" and i.kind == "event" and i.date == PartialDate(2024, 7, 3)
    ]
    assert found.title.startswith(ASTANA_TITLE)
    assert found.end == PartialDate(2024, 7, 4)
    return found


@pytest.fixture(scope="module")
def items(ds: Dataset) -> list[TimelineItem]:
    return timeline(ds)


@pytest.fixture(scope="module")
def orgs(ds: Dataset) -> list[Org]:
    return list(ds.orgs)


def test_formats_and_unknown_format(ds: Dataset, items: list[TimelineItem]) -> None:
    assert export.FORMATS == ("ics", "csv", "sqlite", "markdown", "json")
    with pytest.raises(ValueError, match="unknown export format"):
        export.render(ds, "xlsx", items, list(ds.orgs))
    with pytest.raises(ValueError, match="write_sqlite"):
        export.render(ds, "sqlite", items, list(ds.orgs))


def test_import_is_light() -> None:
    code = (
        "import sys, chairship_cli.export; "
        "print(sorted({'icalendar', 'sqlite3', 'csv', 'json', 'rich', 'typer'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- ics


def vevents(data: bytes) -> list[icalendar.Component]:
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//chairship//chairship//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "chairship"
    return list(cal.walk("VEVENT"))


def test_ics_one_event_per_item(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> None:
    events = vevents(export.render(ds, "ics", items, orgs))
    assert len(events) == len(items)
    for ev, item in zip(events, items, strict=True):
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        # all-day (DATE, not DATE-TIME), exclusive end
        assert type(start) is dt.date and type(end) is dt.date
        assert start < end
        assert start == item.date.earliest()
        assert end == (item.end or item.date).latest() + dt.timedelta(days=1)
        assert ev.decoded("DTSTAMP") == export.ICS_DTSTAMP


def test_ics_known_event(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> None:
    item = astana(items)
    (ev,) = [
        e
        for e in vevents(export.render(ds, "ics", items, orgs))
        if str(e["SUMMARY"]).startswith("SCO: " + ASTANA_TITLE)
    ]
    assert ev.decoded("DTSTART") == dt.date(2024, 7, 3)
    assert ev.decoded("DTEND") == dt.date(2024, 7, 5)
    assert "VALUE=DATE" in ev.to_ical().decode()
    assert str(ev["LOCATION"]) == "Astana, Kazakhstan"
    assert str(ev["URL"]) == item.sources[0]
    desc = str(ev["DESCRIPTION"])
    assert "Confidence: verified" in desc
    assert "Sources:" in desc
    assert len(item.sources) > 1
    for url in item.sources:
        assert url in desc.splitlines()
    assert ev["CATEGORIES"].to_ical() == ",".join(["sco", *item.themes]).encode()
    assert str(ev["UID"]).endswith("@chairship")


def test_ics_month_precision(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> None:
    (item,) = [
        i
        for i in items
        if i.org == "sco"
        and i.date == PartialDate(2017, 6)
        and i.end is None
        and "Pakistan" in i.title
    ]
    assert item.date.precision == "month"
    (ev,) = [
        e
        for e in vevents(export.render(ds, "ics", [item], orgs))
        if str(e["SUMMARY"]) == f"SCO: {item.title}"
    ]
    assert ev.decoded("DTSTART") == dt.date(2017, 6, 1)
    assert ev.decoded("DTEND") == dt.date(2017, 7, 1)
    assert "Date known only to the month (June 2017)" in str(ev["DESCRIPTION"])


def test_ics_year_precision_and_ranges() -> None:
    def item(date: str, end: str | None = None) -> TimelineItem:
        return TimelineItem(
            date=PartialDate.parse(date),
            end=PartialDate.parse(end) if end else None,
            org="x",
            title="t",
            kind="event",
            confidence="verified",
            sources=("https://example.org/",),
        )

    assert export.day_span(item("2024")) == (dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    assert export.day_span(item("2024-12")) == (dt.date(2024, 12, 1), dt.date(2025, 1, 1))
    assert export.day_span(item("2024-02")) == (dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert export.day_span(item("2019", "2021")) == (dt.date(2019, 1, 1), dt.date(2022, 1, 1))
    assert export.precision_notes(item("2024")) == ["Date known only to the year (2024)"]
    assert export.precision_notes(item("2022-12", "2025-05")) == [
        "Start date known only to the month (December 2022)",
        "End date known only to the month (May 2025)",
    ]
    assert export.precision_notes(item("2024-07-03", "2024-07-04")) == []


def test_ics_uids_unique_and_stable(
    ds: Dataset, items: list[TimelineItem], orgs: list[Org]
) -> None:
    first = export.render(ds, "ics", items, orgs)
    second = export.render(ds, "ics", list(timeline(ds)), orgs)
    assert first == second  # byte-identical: no run time, no random ids
    uids = [str(e["UID"]) for e in vevents(first)]
    assert len(set(uids)) == len(uids) == len(items)
    # A UID depends on the item, not on what else is exported.
    alone = vevents(export.render(ds, "ics", [astana(items)], orgs))
    assert str(alone[0]["UID"]) in uids


def test_ics_unverified_is_labelled(
    ds: Dataset, items: list[TimelineItem], orgs: list[Org]
) -> None:
    unverified = [i for i in items if i.confidence == "unverified"]
    assert unverified
    for ev in vevents(export.render(ds, "ics", unverified, orgs)):
        assert str(ev["SUMMARY"]).endswith("(unverified)")


# --------------------------------------------------------------------------- csv


def test_csv(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> None:
    data = export.render(ds, "csv", items, orgs)
    text = data.decode("utf-8")
    # exactly the timeline's CSV (`timeline --format csv`): one writer, one header
    assert text.startswith(
        "date,end,org,kind,title,place,meeting,status,themes,confidence,sources\r\n"
    )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == shapes.headers(shapes.TIMELINE_ITEM)
    rows = list(reader)
    assert len(rows) == len(items)
    item = astana(items)
    (row,) = [r for r in rows if r["date"] == "2024-07-03" and r["org"] == "sco"]
    assert row["end"] == "2024-07-04"
    assert row["kind"] == "event"
    assert row["title"] == item.title
    assert row["place"] == "Astana, Kazakhstan"
    assert row["themes"] == ", ".join(item.themes)
    assert row["sources"].split(" ") == list(item.sources)
    (handover,) = [
        r
        for r in rows
        if r["kind"] == "handover" and r["org"] == "sco" and r["date"] == "2024-07-04"
    ]
    assert handover["title"] == "China takes the chair from Kazakhstan"
    assert handover["end"] == ""


# --------------------------------------------------------------------------- json


def test_json(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> None:
    doc = json.loads(export.render(ds, "json", items, orgs).decode("utf-8"))
    assert list(doc) == ["organisations", "timeline"]
    assert [o["id"] for o in doc["organisations"]] == [o.id for o in orgs]
    assert [len(o["terms"]) for o in doc["organisations"]] == [len(o.terms) for o in orgs]
    assert doc["timeline"] == shapes.records(shapes.TIMELINE_ITEM, items, shapes.Ctx(ds=ds))
    # current_chair is the answer at each body's knowledge horizon: the same bytes every day
    sco = next(o for o in doc["organisations"] if o["id"] == "sco")
    assert sco["current_chair"]["chair"] == "KG" and sco["checked"] == "2026-01-12"
    raw = export.render(ds, "json", items, orgs).decode("utf-8")
    assert "Шанхайская" in raw  # UTF-8, not \u escapes
    assert raw.endswith("}\n")


# --------------------------------------------------------------------------- sqlite


def build_db(
    ds: Dataset, orgs: list[Org], items: list[TimelineItem], path: Path
) -> sqlite3.Connection:
    write_output(path, lambda p: export.write_sqlite(ds, orgs, items, p), force=False)
    return sqlite3.connect(path)


def test_sqlite(ds: Dataset, items: list[TimelineItem], orgs: list[Org], tmp_path: Path) -> None:
    db = build_db(ds, orgs, items, tmp_path / "chairship.db")
    try:

        def count(sql: str) -> int:
            return int(db.execute(sql).fetchone()[0])

        assert count("SELECT count(*) FROM organisations") == len(orgs)
        assert count("SELECT count(*) FROM terms") == sum(len(o.terms) for o in orgs)
        assert count("SELECT count(*) FROM priorities") == sum(len(o.priorities) for o in orgs)
        assert count("SELECT count(*) FROM events") == len(items)
        assert count("SELECT count(*) FROM events WHERE kind = 'event'") == sum(
            len(o.events) for o in orgs
        )
        assert count("SELECT count(*) FROM names") == sum(len(o.names) for o in orgs)
        assert count("SELECT count(*) FROM aliases") == sum(len(o.aliases) for o in orgs)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert count("PRAGMA user_version") == export.SQLITE_SCHEMA_VERSION

        item = astana(items)
        urls = [
            u
            for (u,) in db.execute(
                """SELECT s.url FROM events e
                   JOIN event_sources es ON es.event_id = e.id
                   JOIN sources s ON s.id = es.source_id
                   WHERE e.org_id = 'sco' AND e.date = '2024-07-03'
                   ORDER BY es.position"""
            )
        ]
        assert urls == list(item.sources)
        row = db.execute(
            'SELECT "end", title, place, themes, confidence FROM events'
            " WHERE org_id = 'sco' AND date = '2024-07-03'"
        ).fetchone()
        assert row == (
            "2024-07-04",
            item.title,
            "Astana, Kazakhstan",
            json.dumps(list(item.themes)),
            "verified",
        )
        # JSON-array columns are queryable with json_each
        assert count(
            "SELECT count(*) FROM organisations o, json_each(o.themes) t WHERE t.value = 'security'"
        ) == sum("security" in o.themes for o in orgs)
        # a term and its sources; hand-over day 2024-07-04 (Kazakhstan -> China)
        kz = db.execute(
            'SELECT id, chair_name, "end" FROM terms'
            " WHERE org_id = 'sco' AND start = '2023-07-04'"
        ).fetchone()
        assert kz[1:] == ("Kazakhstan", "2024-07-04")
        assert count(f"SELECT count(*) FROM term_sources WHERE term_id = {kz[0]}") >= 1
    finally:
        db.close()


def test_sqlite_foreign_keys_are_declared(
    ds: Dataset, items: list[TimelineItem], orgs: list[Org], tmp_path: Path
) -> None:
    db = build_db(ds, orgs, items, tmp_path / "fk.db")
    try:
        db.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO terms (org_id, chair, chair_name, confidence)"
                " VALUES ('nope', 'KZ', 'Kazakhstan', 'verified')"
            )
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO event_sources VALUES (1, 999999, 99)")
    finally:
        db.close()


def test_sqlite_subset(ds: Dataset, tmp_path: Path) -> None:
    sco = ds.org("sco")
    assert sco is not None
    items = timeline(ds, [sco])
    db = build_db(ds, [sco], items, tmp_path / "sco.db")
    try:
        assert db.execute("SELECT id FROM organisations").fetchall() == [("sco",)]
        assert db.execute("SELECT DISTINCT org_id FROM events").fetchall() == [("sco",)]
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == len(items)
    finally:
        db.close()
    # an item whose organisation is not exported would break the foreign keys
    with pytest.raises(ValueError, match="csto"):
        export.write_sqlite(ds, [sco], timeline(ds), tmp_path / "bad.db")


# --------------------------------------------------------------------------- markdown

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def table_cells(line: str) -> list[str]:
    assert line.startswith("| ") and line.endswith(" |"), line
    return [c.strip() for c in _UNESCAPED_PIPE.split(line[2:-2])]


def check_tables(text: str) -> int:
    """Every table row has as many cells as its header; return the number of data rows."""
    rows = 0
    width = 0
    for line in text.splitlines():
        if not line.startswith("|"):
            width = 0
            continue
        if line.startswith("|---"):
            continue
        cells = table_cells(line)
        if width == 0:
            width = len(cells)
        else:
            assert len(cells) == width, line
            rows += 1
    return rows


def test_markdown(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> None:
    text = export.render(ds, "markdown", items, orgs).decode("utf-8")
    assert "## SCO — Shanghai Cooperation Organisation" in text
    for o in orgs:
        assert f"## {o.acronym} — " in text
    assert text.count("| Chair | From | To | Confidence |") == sum(bool(o.terms) for o in orgs)
    assert "| Date | Event | Place | Confidence | Sources |" in text
    rows = check_tables(text)
    assert rows == len(items) + sum(len(o.terms) for o in orgs)
    item = astana(items)
    (line,) = [ln for ln in text.splitlines() if ln.startswith("| 2024-07-03 – 2024-07-04 |")]
    cells = table_cells(line)
    assert cells[1] == item.title
    assert cells[4] == " ".join(f"[{n}]({u})" for n, u in enumerate(item.sources, 1))
    assert text.endswith("\n") and not text.endswith("\n\n")


def tiny_dataset() -> Dataset:
    src = ("https://example.org/a_(b)|c",)
    org = make_org(
        id="tiny",
        acronym="TINY",
        name="Tiny | Org",
        website="https://example.org/",
        sources=src,
        terms=(make_term("KZ", "2020-01-01", None, sources=src),),
        events=(
            make_event(
                "2021-05",
                "Pipe | in title\nand a newline \\ backslash",
                confidence="disputed",
                sources=src,
                place="A|B",
            ),
        ),
    )
    return make_dataset(org, checked=None, path="<tiny>")


def test_markdown_escapes_cells() -> None:
    tiny = tiny_dataset()
    items = timeline(tiny)
    text = export.render(tiny, "markdown", items, list(tiny.orgs)).decode("utf-8")
    assert check_tables(text) == 1 + len(items)
    (line,) = [ln for ln in text.splitlines() if ln.startswith("| 2021-05 |")]
    cells = table_cells(line)
    assert cells[1] == "Pipe \\| in title and a newline \\\\ backslash"
    assert cells[2] == "A\\|B"
    assert cells[4] == "[1](https://example.org/a_%28b%29%7Cc)"
    assert export.md_cell("a\r\nb|c") == "a b\\|c"


def test_markdown_refuses_orphan_items(ds: Dataset, items: list[TimelineItem]) -> None:
    sco = ds.org("sco")
    assert sco is not None
    with pytest.raises(ValueError, match="not in the export"):
        export.render(ds, "markdown", items, [sco])


# --------------------------------------------------------------------------- write_output


def leftovers(directory: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


def test_write_output_refuses_existing(tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="exists; use --force"):
        write_output(target, b"new", force=False)
    assert target.read_bytes() == b"old"

    called = []
    with pytest.raises(OutputError, match="exists; use --force"):
        write_output(target, lambda p: called.append(p), force=False)
    assert called == []  # refused before anything was written
    assert leftovers(tmp_path, {"out.ics"}) == []


def test_write_output_force_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    write_output(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    new = tmp_path / "new.csv"
    write_output(new, b"fresh", force=False)
    assert new.read_bytes() == b"fresh"
    assert leftovers(tmp_path, {"out.csv", "new.csv"}) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_write_output_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_output(target, b"x", force=False)
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_write_output_cleans_up_on_error(tmp_path: Path) -> None:
    def boom(p: Path) -> None:
        p.write_bytes(b"half")
        raise RuntimeError("writer failed")

    target = tmp_path / "out.db"
    with pytest.raises(RuntimeError, match="writer failed"):
        write_output(target, boom, force=False)
    assert leftovers(tmp_path, set()) == []

    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        write_output(target, boom, force=True)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path, {"out.db"}) == []


def test_write_output_sqlite_error_leaves_nothing(ds: Dataset, tmp_path: Path) -> None:
    sco = ds.org("sco")
    assert sco is not None
    with pytest.raises(ValueError):
        write_output(
            tmp_path / "x.db",
            lambda p: export.write_sqlite(ds, [sco], timeline(ds), p),
            force=False,
        )
    assert leftovers(tmp_path, set()) == []


def test_write_output_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="No such file or directory"):
        write_output(tmp_path / "no" / "such.ics", b"x", force=False)
