"""Datasets and caches from a hostile world, in a real process: FIFOs, devices, directories and
oversized files are refused at once; a tampered compiled cache is rebuilt, never trusted; old
cache files are pruned; an empty HOME never puts the cache at the top of the file system."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from chairship_cli import cache

from conftest import DATA, SHIPPED_IDS, process


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return process(
        *args,
        env={"XDG_CACHE_HOME": str(tmp_path / "xdg"), **(env or {})},
        drop=("CHAIRSHIP_", "NO_COLOR", "XDG_CACHE_HOME"),
        timeout=timeout,
    )


def refused(p: subprocess.CompletedProcess[str], path: object, why: str) -> None:
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""
    assert p.stderr == f"chairship: error: invalid dataset: {path}: {why}\n"


NOT_REGULAR = "not a regular dataset file"


@pytest.mark.parametrize("how", ["option", "env"])
def test_fifo_dataset_is_refused_without_hanging(tmp_path: Path, how: str) -> None:
    fifo = tmp_path / "orgs.toml"
    os.mkfifo(fifo)  # nobody ever writes to it: opening it for reading would block forever
    args = ["--data", str(fifo), "list"] if how == "option" else ["list"]
    env = {"CHAIRSHIP_DATA": str(fifo)} if how == "env" else None
    p = run(tmp_path, *args, env=env, timeout=30)
    refused(p, fifo, f"is a named pipe (FIFO), {NOT_REGULAR}")


@pytest.mark.parametrize("how", ["option", "env"])
def test_dev_zero_is_refused(tmp_path: Path, how: str) -> None:
    args = ["--data", "/dev/zero", "list"] if how == "option" else ["list"]
    env = {"CHAIRSHIP_DATA": "/dev/zero"} if how == "env" else None
    p = run(tmp_path, *args, env=env, timeout=30)
    refused(p, "/dev/zero", f"is a device, {NOT_REGULAR}")


def test_directory_is_refused(tmp_path: Path) -> None:
    refused(
        run(tmp_path, "--data", str(tmp_path), "list"),
        tmp_path,
        "is a directory, not a dataset file",
    )
    refused(
        run(tmp_path, "validate", str(tmp_path)), tmp_path, "is a directory, not a dataset file"
    )


def test_oversized_dataset_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as f:
        f.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    p = run(tmp_path, "--data", str(big), "list")
    refused(p, big, "file is too large (67108865 bytes; the limit is 67108864 bytes, 64 MiB)")


# --------------------------------------------------------------------------- the compiled cache


def cache_file(tmp_path: Path, src: Path) -> Path:
    return tmp_path / "xdg" / "chairship" / f"{cache.key(src.read_bytes())}.json"


def ids(p: subprocess.CompletedProcess[str]) -> list[str]:
    assert p.returncode == 0, p.stderr
    return [o["id"] for o in json.loads(p.stdout)]


ALL = SHIPPED_IDS


def test_cache_of_the_wrong_shape_is_rebuilt(tmp_path: Path) -> None:
    assert ids(run(tmp_path, "list", "--json")) == ALL
    f = cache_file(tmp_path, DATA)
    k = f.name[: -len(".json")]
    # valid JSON, the right key, but no organisations: once trusted, `list` printed nothing
    f.write_text(json.dumps({"key": k, "warnings": [], "data": {"theme": [], "org": []}}))
    assert ids(run(tmp_path, "list", "--json")) == ALL
    assert json.loads(f.read_text(encoding="utf-8"))["checksum"]  # rebuilt, with its checksum


def test_cache_with_a_bad_checksum_is_rebuilt(tmp_path: Path) -> None:
    run(tmp_path, "list")
    f = cache_file(tmp_path, DATA)
    raw = f.read_bytes()
    assert b"Shanghai Cooperation Organisation" in raw
    f.write_bytes(raw.replace(b"Shanghai Cooperation", b"Shanghai Cooperatiom", 1))
    p = run(tmp_path, "show", "sco", "--json")
    assert p.returncode == 0 and json.loads(p.stdout)["name"] == "Shanghai Cooperation Organisation"
    assert f.read_bytes() == raw


def test_cache_with_a_forged_shape_and_checksum_is_still_checked(tmp_path: Path) -> None:
    """Even a file whose checksum matches must have the shape the loader relies on."""
    run(tmp_path, "list")
    f = cache_file(tmp_path, DATA)
    k = f.name[: -len(".json")]
    from chairship_cli.cache import Checksum

    body = json.dumps({"key": k, "warnings": [], "data": {"theme": [], "org": [{"id": 1}]}})
    body = body[:-1]
    digest = Checksum(body.encode()).hexdigest()
    f.write_text(body + ',"checksum":"' + digest + '"}')
    assert ids(run(tmp_path, "list", "--json")) == ALL


def test_old_cache_files_are_pruned(tmp_path: Path) -> None:
    d = tmp_path / "xdg" / "chairship"
    d.mkdir(parents=True)
    old = d / f"{'0' * 64}-s1-c1-v0.0.1.json"
    old.write_text("{}")
    stale_tmp = d / ".tmp-abc.json"
    stale_tmp.write_text("{")
    os.utime(stale_tmp, (1, 1))
    fresh_tmp = d / ".tmp-def.json"  # may belong to a run that is writing right now
    fresh_tmp.write_text("{")
    mine = d / "notes.txt"  # not a cache file: never touched
    mine.write_text("x")
    assert ids(run(tmp_path, "list", "--json")) == ALL
    assert sorted(p.name for p in d.iterdir()) == sorted(
        [cache_file(tmp_path, DATA).name, fresh_tmp.name, mine.name]
    )


@pytest.mark.parametrize("home", ["", "/", "relative/home"])
def test_unusable_home_never_caches_at_the_root(tmp_path: Path, home: str) -> None:
    root_cache = Path("/.cache/chairship")
    existed = root_cache.exists()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"HOME": home, "XDG_CACHE_HOME": "", "TMPDIR": str(tmp)}
    assert ids(run(tmp_path, "list", "--json", env=env)) == ALL
    assert root_cache.exists() == existed
    private = tmp / f"chairship-cache-{os.getuid()}"
    assert private.is_dir() and (private.stat().st_mode & 0o777) == 0o700
    assert len(list(private.glob("*.json"))) == 1


def test_shared_temp_cache_dir_is_not_trusted(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    private = tmp / f"chairship-cache-{os.getuid()}"
    private.mkdir(parents=True)
    private.chmod(0o777)  # anyone could plant a cache here
    env = {"HOME": "", "XDG_CACHE_HOME": "", "TMPDIR": str(tmp)}
    assert ids(run(tmp_path, "list", "--json", env=env)) == ALL
    assert list(private.iterdir()) == []


def test_cache_with_a_forged_organisation_is_rebuilt_when_read(tmp_path: Path) -> None:
    """An organisation is built from the cache only when a command reads it; one that cannot
    be built (a forged file whose checksum and outline are right) is rebuilt from the source."""
    run(tmp_path, "list")
    f = cache_file(tmp_path, DATA)
    from chairship_cli.cache import Checksum

    raw = f.read_bytes()
    body = raw[: raw.rindex(b',"checksum":"')]
    good, bad = b'"founded": "2002-10-07"', b'"founded": 5'  # csto's, then not a date string
    assert body.count(good) == 1
    body = body.replace(good, bad.ljust(len(good)))  # the same length: the index still holds
    digest = Checksum(body).hexdigest().encode()
    f.write_bytes(body + b',"checksum":"' + digest + b'"}')
    p = run(tmp_path, "show", "csto", "--json")
    assert p.returncode == 0 and p.stderr == "", p.stderr
    assert json.loads(p.stdout)["founded"] == "2002-10-07"
    assert f.read_bytes() == raw  # rebuilt from the source
    assert ids(run(tmp_path, "list", "--json")) == ALL
