"""The SQLite export as a whole dataset: claims, members, rotations, people, roles and corrections
next to the organisations, all tied by foreign keys, built through the real CLI and read back."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chairship_cli import export
from chairship_cli.chronology import term_status
from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset
from chairship_cli.query import TimelineItem, timeline
from chairship_cli.safe_write import write_output

from conftest import ROOT

SUBSET = ["iofs", "eu-council"]  # iofs has claims, roles and corrections; the EU Council none


def cli_export(tmp: Path, name: str, *orgs: str) -> Path:
    """`chairship export --format sqlite --output PATH [--org ...]` in a real process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAIRSHIP_", "NO_COLOR"))}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    env["CHAIRSHIP_TODAY"] = "2026-11-26"
    path = tmp / name
    args = ["export", "--format", "sqlite", "--output", str(path)]
    args += [a for o in orgs for a in ("--org", o)]
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr.decode()
    return path


def connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    yield from connect(cli_export(tmp_path_factory.mktemp("sqlite"), "all.db"))


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    yield from connect(cli_export(tmp_path_factory.mktemp("sqlite"), "subset.db", *SUBSET))


def count(db: sqlite3.Connection, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def col(db: sqlite3.Connection, sql: str) -> list[object]:
    return [r[0] for r in db.execute(sql)]


# --------------------------------------------------------------------------- integrity


@pytest.mark.parametrize("which", ["full", "subset"])
def test_integrity_and_foreign_keys(which: str, request: pytest.FixtureRequest) -> None:
    db: sqlite3.Connection = request.getfixturevalue(which)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert count(db, "PRAGMA user_version") == export.SQLITE_SCHEMA_VERSION == 3


def test_every_table_is_tied_by_a_foreign_key(full: sqlite3.Connection) -> None:
    tables = col(full, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert {
        "claims",
        "claim_sources",
        "members",
        "member_sources",
        "rotations",
        "rotation_sources",
        "people",
        "person_sources",
        "roles",
        "corrections",
        "correction_sources",
        "event_people",
        "offices",
        "term_chairpersons",
    } <= set(tables)
    roots = {"organisations", "people", "sources"}
    for t in tables:
        parents = {r[2] for r in full.execute(f"PRAGMA foreign_key_list({t})")}
        assert t in roots or parents, f"{t} has no foreign key"
    fks = {
        t: {(r[2], r[3], r[4]) for r in full.execute(f"PRAGMA foreign_key_list({t})")}
        for t in ("claims", "members", "rotations", "roles", "corrections", "event_people")
    }
    assert ("organisations", "org_id", "id") in fks["claims"]
    assert ("organisations", "org_id", "id") in fks["members"]
    assert ("organisations", "org_id", "id") in fks["rotations"]
    assert fks["roles"] >= {("people", "person_id", "id"), ("organisations", "org_id", "id")}
    assert ("organisations", "org_id", "id") in fks["corrections"]
    assert fks["event_people"] >= {("people", "person_id", "id"), ("events", "event_id", "id")}


# --------------------------------------------------------------------------- row counts


def test_full_row_counts(full: sqlite3.Connection, ds: Dataset) -> None:
    orgs = ds.orgs
    expected = {
        "organisations": len(orgs),
        "claims": sum(len(o.claims) for o in orgs),
        "members": sum(len(o.members) for o in orgs),
        "rotations": sum(o.rotation is not None for o in orgs),
        "offices": sum(len(o.offices) for o in orgs),
        "terms": sum(len(o.terms) for o in orgs),
        "term_chairpersons": sum(len(t.chairpersons) for o in orgs for t in o.terms),
        "priorities": sum(len(o.priorities) for o in orgs),
        "people": len(ds.people),
        "roles": sum(len(p.roles) for p in ds.people),
        "corrections": len(ds.corrections),
        "event_people": sum(len(e.people) for o in orgs for e in o.events),
    }
    # the shipped dataset has some of each (no body has separately chaired offices yet)
    assert all(n for t, n in expected.items() if t != "offices")
    for table, n in expected.items():
        assert count(full, f"SELECT count(*) FROM {table}") == n, table
    assert count(full, "SELECT count(*) FROM events WHERE kind = 'event'") == sum(
        len(o.events) for o in orgs
    )
    sources = {
        "claim": sum(len(c.sources) for o in orgs for c in o.claims),
        "member": sum(len(m.sources) for o in orgs for m in o.members),
        "rotation": sum(len(o.rotation.sources) for o in orgs if o.rotation),
        "person": sum(len(p.sources) for p in ds.people),
        "correction": sum(len(c.sources) for c in ds.corrections),
    }
    for table, n in sources.items():
        assert count(full, f"SELECT count(*) FROM {table}_sources") == n, table


def test_subset_rows_belong_to_the_exported_organisations(
    subset: sqlite3.Connection, ds: Dataset
) -> None:
    orgs = [o for o in ds.orgs if o.id in SUBSET]
    assert set(col(subset, "SELECT id FROM organisations")) == set(SUBSET)
    for table in ("claims", "members", "rotations", "terms", "priorities", "events"):
        assert set(col(subset, f"SELECT DISTINCT org_id FROM {table}")) <= set(SUBSET), table
    assert count(subset, "SELECT count(*) FROM claims") == sum(len(o.claims) for o in orgs)
    assert count(subset, "SELECT count(*) FROM members") == sum(len(o.members) for o in orgs)
    assert count(subset, "SELECT count(*) FROM rotations") == len(SUBSET)
    # people: all of them; roles and corrections: those about no body or an exported one
    assert count(subset, "SELECT count(*) FROM people") == len(ds.people)
    kept_roles = [r for p in ds.people for r in p.roles if r.org is None or r.org in SUBSET]
    assert len(kept_roles) < sum(len(p.roles) for p in ds.people)
    assert count(subset, "SELECT count(*) FROM roles") == len(kept_roles)
    kept = [c.n for c in ds.corrections if c.org is None or c.org in SUBSET]
    assert any(c.org == "iofs" for c in ds.corrections) and len(kept) < len(ds.corrections)
    assert col(subset, "SELECT n FROM corrections ORDER BY n") == kept
    assert set(col(subset, "SELECT DISTINCT org_id FROM corrections")) == {None, "iofs"}


# --------------------------------------------------------------------------- content


def test_claim(full: sqlite3.Connection, ds: Dataset) -> None:
    iofs = ds.org("iofs")
    assert iofs is not None
    (claim,) = [c for c in iofs.claims if c.id == "iofs-kz-chair-2024"]
    row = full.execute(
        "SELECT org_id, claim, asserted_by, record, confidence, note FROM claims"
        " WHERE id = 'iofs-kz-chair-2024'"
    ).fetchone()
    assert row == (
        "iofs",
        claim.claim,
        json.dumps(list(claim.asserted_by), ensure_ascii=False),
        claim.record,
        "disputed",
        claim.note,
    )
    urls = col(
        full,
        """SELECT s.url FROM claim_sources cs JOIN sources s ON s.id = cs.source_id
           WHERE cs.claim_id = 'iofs-kz-chair-2024' ORDER BY cs.position""",
    )
    assert urls == list(claim.sources)


def test_rotation_and_members(full: sqlite3.Connection, ds: Dataset) -> None:
    eu = ds.org("eu-council")
    assert eu is not None and eu.rotation is not None
    row = full.execute(
        'SELECT period, choice, handover, "order", order_until, confidence FROM rotations'
        " WHERE org_id = 'eu-council'"
    ).fetchone()
    assert row == (
        "half-yearly",
        "fixed-order",
        "on-date",
        json.dumps(list(eu.rotation.order)),
        "2030-12-31",
        "verified",
    )
    # the order is queryable with json_each, in order
    first = full.execute(
        "SELECT j.value FROM rotations r, json_each(r.\"order\") j WHERE r.org_id = 'eu-council'"
        " ORDER BY j.key LIMIT 1"
    ).fetchone()
    assert first == (eu.rotation.order[0],)
    m = eu.members[-1]
    assert full.execute(
        "SELECT count, as_of, codes FROM members WHERE org_id = 'eu-council' ORDER BY id DESC"
    ).fetchone() == (m.count, m.as_of.isoformat(), json.dumps(list(m.codes)))


def test_term_status_and_v2_columns(full: sqlite3.Connection, ds: Dataset) -> None:
    csto = ds.org("csto")
    assert csto is not None
    got = full.execute(
        "SELECT chair, start, status, basis, kind FROM terms WHERE org_id = 'csto' ORDER BY id"
    ).fetchall()
    assert got == [
        (
            t.chair,
            t.start.isoformat() if t.start else None,
            term_status(ds, csto, t),
            t.basis,
            t.kind,
        )
        for t in csto.terms
    ]
    (t2026,) = [t for t in csto.terms if t.start == PartialDate(2026, 1, 1)]
    assert full.execute(
        "SELECT status FROM terms WHERE org_id = 'csto' AND start = '2026-01-01'"
    ).fetchone() == (term_status(ds, csto, t2026),)
    # every status appears in the shipped dataset, each where term_status puts it
    statuses = {term_status(ds, o, t) for o in ds.orgs for t in o.terms}
    assert set(col(full, "SELECT DISTINCT status FROM terms")) == statuses
    assert count(full, "SELECT count(*) FROM terms WHERE basis = 'rule'") == count(
        full, "SELECT count(*) FROM terms WHERE status = 'projected'"
    )
    # list columns are JSON arrays; a skipped turn (ASEAN 2026: Myanmar)
    assert full.execute(
        "SELECT skipped, co_chairs, \"group\" FROM terms WHERE org_id = 'asean'"
        " AND start = '2026-01-01'"
    ).fetchone() == ('["MM"]', "[]", "[]")
    assert full.execute(
        """SELECT c.name, c.role FROM term_chairpersons c JOIN terms t ON t.id = c.term_id
           WHERE t.org_id = 'g7' AND t.start = '2026-01-01' ORDER BY c.position"""
    ).fetchall() == [("Emmanuel Macron", "President of France")]


def test_priorities_point_at_their_term(full: sqlite3.Connection, ds: Dataset) -> None:
    assert count(full, "SELECT count(*) FROM priorities WHERE term_id IS NULL") == 0
    mismatched = full.execute(
        """SELECT p.id FROM priorities p JOIN terms t ON t.id = p.term_id
           WHERE p.org_id != t.org_id OR p.chair != t.chair OR p.term != t.start"""
    ).fetchall()
    assert mismatched == []
    assert count(
        full,
        "SELECT count(*) FROM priorities WHERE org_id = 'sco' AND chair = 'KZ'"
        " AND term = '2023-07-04'",
    ) == sum(1 for o in ds.orgs if o.id == "sco" for p in o.priorities if p.chair == "KZ")


def test_people_roles_and_event_people(full: sqlite3.Connection, ds: Dataset) -> None:
    tokayev = ds.person("tokayev")
    assert tokayev is not None
    assert full.execute(
        "SELECT name, spellings, seed_forms, confidence FROM people WHERE id = 'tokayev'"
    ).fetchone() == (
        tokayev.name,
        json.dumps(list(tokayev.spellings), ensure_ascii=False),
        json.dumps(list(tokayev.seed_forms), ensure_ascii=False),
        tokayev.confidence,
    )
    assert full.execute(
        "SELECT title, org_id, start, \"end\" FROM roles WHERE person_id = 'tokayev' ORDER BY id"
    ).fetchall() == [
        (
            r.title,
            r.org,
            r.start.isoformat() if r.start else None,
            r.end.isoformat() if r.end else None,
        )
        for r in tokayev.roles
    ]
    # event_people agrees with each event's JSON people column, in order
    assert (
        full.execute(
            """SELECT e.id, j.key + 1, j.value FROM events e, json_each(e.people) j
           ORDER BY e.id, j.key"""
        ).fetchall()
        == full.execute(
            "SELECT event_id, position, person_id FROM event_people ORDER BY event_id, position"
        ).fetchall()
    )
    held = sum("tokayev" in e.people for o in ds.orgs for e in o.events)
    assert (
        held
        and count(full, "SELECT count(*) FROM event_people WHERE person_id = 'tokayev'") == held
    )
    # planned events keep their status
    assert count(full, "SELECT count(*) FROM events WHERE status = 'planned'") == sum(
        e.planned for o in ds.orgs for e in o.events
    )


def test_corrections(full: sqlite3.Connection, ds: Dataset) -> None:
    c = ds.corrections[0]
    assert full.execute(
        "SELECT seed, literal, correct, org_id, confidence FROM corrections WHERE n = ?", (c.n,)
    ).fetchone() == (c.seed, c.literal, c.correct, c.org, c.confidence)
    assert count(full, "SELECT count(*) FROM corrections WHERE org_id IS NULL") == sum(
        c.org is None for c in ds.corrections
    )


# --------------------------------------------------------------------------- constraints


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO claims VALUES ('x', 'nope', 'c', '[]', 'r', 'disputed', NULL)",
        "INSERT INTO members (org_id, count, as_of, codes, confidence)"
        " VALUES ('nope', 1, '2024', '[]', 'verified')",
        'INSERT INTO rotations (org_id, text, period, choice, handover, "order", confidence)'
        " VALUES ('nope', 't', 'yearly', 'election', 'at-meeting', '[]', 'verified')",
        "INSERT INTO roles (person_id, title) VALUES ('nobody', 'Chair')",
        "INSERT INTO roles (person_id, title, org_id) VALUES ('tokayev', 'Chair', 'nope')",
        "INSERT INTO corrections VALUES (9999, 's', 'l', 'c', 'nope', NULL, NULL, 'verified')",
        "INSERT INTO event_people VALUES (1, 'nobody', 99)",
        "INSERT INTO claim_sources VALUES ('no-such-claim', 1, 1)",
        "INSERT INTO person_sources VALUES ('tokayev', 999999, 99)",
        "UPDATE terms SET office = 'no-such-office' WHERE id = 1",
        "UPDATE priorities SET term_id = 999999 WHERE id = 1",
        "DELETE FROM people WHERE id = 'tokayev'",
        "DELETE FROM organisations WHERE id = 'iofs'",
    ],
)
def test_broken_rows_are_rejected(full: sqlite3.Connection, sql: str) -> None:
    full.execute("PRAGMA foreign_keys = ON")
    assert full.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError):
        full.execute(sql)
    full.rollback()
    assert full.execute("PRAGMA foreign_key_check").fetchall() == []


# --------------------------------------------------------------------------- determinism


def test_deterministic(ds: Dataset, tmp_path: Path) -> None:
    items = timeline(ds)
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for p in (a, b):
        write_output(p, lambda t: export.write_sqlite(ds, list(ds.orgs), items, t))
    assert a.read_bytes() == b.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["a.db", "b.db"]


def test_cli_runs_are_byte_identical(tmp_path: Path) -> None:
    one = cli_export(tmp_path, "one.db", *SUBSET).read_bytes()
    two = cli_export(tmp_path, "two.db", *SUBSET).read_bytes()
    assert one == two and one.startswith(b"SQLite format 3\x00")


def test_unknown_person_in_an_item_is_refused(ds: Dataset, tmp_path: Path) -> None:
    item = TimelineItem(PartialDate(2024), "sco", "x", "event", "verified", (), people=("nobody",))
    sco = ds.org("sco")
    assert sco is not None
    with pytest.raises(ValueError, match="nobody"):
        export.write_sqlite(ds, [sco], [item], tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()
