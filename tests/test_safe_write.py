"""`-o PATH` never destroys what it should not: devices, FIFOs, sockets, symlinks, directories,
the dataset being read. Every writer goes through safe_write.write_output (issue 18)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from chairship_cli.safe_write import OutputError, is_stdout, write_output

from conftest import ROOT

PKG = ROOT / "chairship_cli"
DATA = ROOT / "data" / "orgs.toml"


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["CHAIRSHIP_TODAY"] = "2026-12-01"
    return subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def one_error(p: subprocess.CompletedProcess[bytes]) -> str:
    err = p.stderr.decode()
    assert p.returncode == 1, (p.returncode, err)
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_fifo_is_refused(tmp_path: Path, force: list[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    p = run(tmp_path, "export", "-f", "csv", "-o", str(fifo), *force)
    assert one_error(p) == (
        f"chairship: error: cannot write {fifo}: is a named pipe (FIFO), not a regular file\n"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["cache", "pipe"]  # no temporary file left


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        p = run(tmp_path, "export", "-f", "json", "-o", str(path), "--force")
    assert "is a socket, not a regular file" in one_error(p)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_device_is_refused() -> None:
    """/dev/null is only ever named here without --force, so a regression cannot replace it."""
    with pytest.raises(OutputError, match=r"^cannot write /dev/null: is a device"):
        write_output("/dev/null", b"x", force=False)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_device_is_refused_by_the_command(tmp_path: Path) -> None:
    p = run(tmp_path, "export", "-f", "csv", "-o", "/dev/null")
    assert (
        one_error(p)
        == "chairship: error: cannot write /dev/null: is a device, not a regular file\n"
    )


def test_dev_stdout_means_stdout(tmp_path: Path) -> None:
    a = run(tmp_path, "export", "-f", "csv", "-o", "/dev/stdout")
    b = run(tmp_path, "export", "-f", "csv", "-o", "-")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout and a.stdout.startswith(b"date,end,org,kind")
    db = run(tmp_path, "export", "-f", "sqlite", "-o", "/dev/stdout")
    assert db.returncode == 0 and db.stdout.startswith(b"SQLite format 3\x00")
    assert is_stdout("-") and is_stdout("/dev/stdout") and not is_stdout(tmp_path / "x")


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_symlink_is_refused_and_kept(tmp_path: Path, force: list[str]) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    p = run(tmp_path, "export", "-f", "csv", "-o", str(link), *force)
    assert one_error(p) == (
        f"chairship: error: cannot write {link}: is a symbolic link; give the file it points to\n"
    )
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "old\n"


def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    p = run(tmp_path, "export", "-f", "csv", "-o", str(link), "--force")
    assert "is a symbolic link" in one_error(p)
    assert link.is_symlink() and not (tmp_path / "nowhere.csv").exists()


def test_force_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_text("old\n")
    target.chmod(0o640)
    p = run(tmp_path, "export", "-f", "csv", "-o", str(target), "--force")
    assert p.returncode == 0, p.stderr
    assert target.read_bytes().startswith(b"date,end,org")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_force_refuses_a_file_you_may_not_write(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    target.write_text("old\n")
    target.chmod(0o444)
    p = run(tmp_path, "export", "-f", "csv", "-o", str(target), "--force")
    assert "you may not write this file" in one_error(p)
    assert target.read_text() == "old\n"


@pytest.mark.parametrize("name", ["ds.toml", "./ds.toml", "hard.toml"])
def test_never_writes_over_the_dataset(tmp_path: Path, name: str) -> None:
    ds = tmp_path / "ds.toml"
    shutil.copy(DATA, ds)
    os.link(ds, tmp_path / "hard.toml")
    before = ds.read_bytes()
    target = str(tmp_path / name) if not name.startswith("./") else str(tmp_path) + "/" + name
    p = run(tmp_path, "export", "-f", "json", "--data", str(ds), "-o", target, "--force")
    assert one_error(p) == (
        f"chairship: error: cannot write {Path(target)}: it is the dataset being read;"
        " write elsewhere\n"
    )
    assert ds.read_bytes() == before


def test_never_writes_over_the_dataset_from_the_environment(tmp_path: Path) -> None:
    ds = tmp_path / "ds.toml"
    shutil.copy(DATA, ds)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), CHAIRSHIP_DATA=str(ds))
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", "export", "-f", "csv", "-o", str(ds), "--force"],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert "it is the dataset being read" in one_error(p)
    assert ds.read_bytes() == DATA.read_bytes()


def test_every_writer_goes_through_write_output() -> None:
    """Only safe_write.py puts a file in place (the compiled cache renames into its own
    directory); no module opens a user's path for writing any other way."""
    placing = re.compile(
        r"os\.replace\(|os\.rename\(|\.write_bytes\(|\.write_text\(|open\([^)]*['\"]w"
    )
    offenders = sorted(
        p.relative_to(ROOT).as_posix()
        for p in PKG.rglob("*.py")
        if p.name not in ("safe_write.py", "cache.py") and placing.search(p.read_text("utf-8"))
    )
    assert offenders == []
