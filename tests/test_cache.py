"""The compiled cache: reused while the source is unchanged, rebuilt when it changes or breaks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chairship_cli import cache
from chairship_cli.load import load

from conftest import DATA, ROOT


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("CHAIRSHIP_NO_CACHE", raising=False)
    return home / "chairship"


def copy_data(tmp_path: Path) -> Path:
    p = tmp_path / "orgs.toml"
    p.write_bytes(DATA.read_bytes())
    return p


def test_cache_written_then_reused(tmp_path: Path, cache_home: Path) -> None:
    src = copy_data(tmp_path)
    first = load(src)
    files = list(cache_home.glob("*.json"))
    assert len(files) == 1
    k = cache.key(src.read_bytes())
    assert files[0].name == f"{k}.json"
    envelope = json.loads(files[0].read_text(encoding="utf-8"))
    assert envelope["key"] == k and envelope["data"]["org"][0]["id"] == "sco"
    second = load(src)
    assert second == first  # the same dataclasses, from the cache
    assert second.path == str(src)


def test_cache_hit_skips_toml(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_data(tmp_path)
    load(src)

    def no_toml(text: str, name: str) -> None:
        raise AssertionError("parsed TOML although the cache was valid")

    monkeypatch.setattr("chairship_cli.load.parse_toml", no_toml)
    assert load(src).orgs[0].id == "sco"


def test_changed_source_is_rebuilt(tmp_path: Path, cache_home: Path) -> None:
    src = copy_data(tmp_path)
    load(src)
    src.write_text(
        src.read_text(encoding="utf-8").replace(
            "Shanghai Cooperation Organisation", "Shanghai Co-operation Organisation"
        ),
        encoding="utf-8",
    )
    assert load(src).orgs[0].name == "Shanghai Co-operation Organisation"
    files = sorted(p.name for p in cache_home.glob("*.json"))  # the old one is kept (LRU)
    assert f"{cache.key(src.read_bytes())}.json" in files and len(files) == 2


def variant(tmp_path: Path, n: int) -> Path:
    """The shipped dataset with a different summary: another cache key."""
    p = tmp_path / f"ds{n}.toml"
    p.write_bytes(DATA.read_bytes().replace(b"Shanghai Cooperation Organisation", b"SCO %d" % n, 1))
    return p


def test_alternating_two_datasets_never_rebuilds(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = variant(tmp_path, 1), variant(tmp_path, 2)
    load(a)
    load(b)

    def no_toml(text: str, name: str) -> None:
        raise AssertionError("rebuilt a dataset that was cached a moment ago")

    monkeypatch.setattr("chairship_cli.load.parse_toml", no_toml)
    for _ in range(2):
        assert load(a).orgs[0].name == "SCO 1"
        assert load(b).orgs[0].name == "SCO 2"


def test_the_least_recently_used_dataset_goes_first(tmp_path: Path, cache_home: Path) -> None:
    paths = [variant(tmp_path, n) for n in range(cache.KEEP + 1)]
    name = {p: f"{cache.key(p.read_bytes())}.json" for p in paths}
    for i, p in enumerate(paths[: cache.KEEP]):
        load(p)
        t = 1_000_000 + i  # distinct, increasing use times (file systems may be coarse)
        os.utime(cache_home / name[p], (t, t))
    load(paths[0])  # used again: now the most recent
    load(paths[cache.KEEP])  # one too many: paths[1], the least recently used, goes
    kept = {f.name for f in cache_home.glob("*.json")}
    assert kept == {name[p] for p in paths} - {name[paths[1]]}


@pytest.mark.parametrize(
    "content", [b"{not json", b"[]", b'{"key": "other", "data": {}}', b"\x00\x01"]
)
def test_corrupt_cache_is_rebuilt(tmp_path: Path, cache_home: Path, content: bytes) -> None:
    src = copy_data(tmp_path)
    expected = load(src)
    path = cache_home / f"{cache.key(src.read_bytes())}.json"
    path.write_bytes(content)
    assert load(src) == expected
    assert json.loads(path.read_text(encoding="utf-8"))["data"]["org"][0]["id"] == "sco"


def test_structurally_broken_cache_is_rebuilt(tmp_path: Path, cache_home: Path) -> None:
    src = copy_data(tmp_path)
    expected = load(src)
    k = cache.key(src.read_bytes())
    path = cache_home / f"{k}.json"
    path.write_text(
        json.dumps({"key": k, "data": {"org": [{"id": 1, "bogus": True}]}}), encoding="utf-8"
    )
    assert load(src) == expected


def test_validate_never_trusts_the_cache(tmp_path: Path, cache_home: Path) -> None:
    src = copy_data(tmp_path)
    load(src)
    src.write_text(
        src.read_text(encoding="utf-8").replace('chair = "KZ"', 'chair = "XX"', 1), encoding="utf-8"
    )
    from chairship_cli.load import DataError

    with pytest.raises(DataError):
        load(src, use_cache=False)
    with pytest.raises(DataError):
        load(src)  # a changed file has a new key anyway


def test_no_cache_env(tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAIRSHIP_NO_CACHE", "1")
    load(copy_data(tmp_path))
    assert not cache_home.exists()


def test_unwritable_cache_dir_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where a directory should be
    assert load(copy_data(tmp_path)).orgs[0].id == "sco"


def test_concurrent_first_runs(tmp_path: Path, cache_home: Path) -> None:
    src = copy_data(tmp_path)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent), "CHAIRSHIP_DATA": str(src)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "chairship_cli", "list", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        for _ in range(6)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert all(json.loads(o)[0]["id"] == "sco" for o, _ in outs)
    files = list(cache_home.glob("*.json"))
    assert len(files) == 1 and not list(cache_home.glob(".tmp-*"))
    json.loads(files[0].read_text(encoding="utf-8"))


def test_a_cached_run_builds_only_the_organisation_it_reads(
    tmp_path: Path, cache_home: Path
) -> None:
    src = copy_data(tmp_path)
    validated = load(src)
    cached = load(src)
    orgs = cached.orgs
    assert type(orgs).__name__ == "LazyOrgs"
    assert sum(o is not None for o in orgs._built) == 0  # type: ignore[attr-defined]
    assert cached.org("csto") == validated.org("csto")
    assert sum(o is not None for o in orgs._built) == 1  # type: ignore[attr-defined]
    assert cached.org("no-such-body") is None
    assert len(orgs) == len(validated.orgs) and orgs[-1] == validated.orgs[-1]
    assert orgs[1:3] == validated.orgs[1:3]
    assert list(orgs) == list(validated.orgs) and cached == validated
    assert hash(cached) == hash(validated)


def test_events_are_cached_as_rows_of_the_event_fields(tmp_path: Path, cache_home: Path) -> None:
    import dataclasses

    from chairship_cli.load import EVENT_COLUMNS
    from chairship_cli.model import Event

    assert tuple(f.name for f in dataclasses.fields(Event)) == EVENT_COLUMNS
    src = copy_data(tmp_path)
    validated = load(src)
    path = cache_home / f"{cache.key(src.read_bytes())}.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["data"]["org"][0]["events"]
    sco = validated.org("sco")
    assert sco is not None and len(rows) == len(sco.events)
    assert all(len(r) == len(EVENT_COLUMNS) for r in rows)
    assert rows[0][EVENT_COLUMNS.index("title")] == sco.events[0].title
    cached = load(src).org("sco")
    assert cached is not None and cached.events == sco.events
