"""Every write is checked, in a real process: full devices, file-size limits, closed or invalid
stdout, read-only and wrong-kind targets. One line on stderr and exit 1; never a traceback,
never a partial file, never exit 0 for output that was not written whole."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT

FULL = "/dev/full"
needs_dev_full = pytest.mark.skipif(not os.path.exists(FULL), reason="no /dev/full")


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAIRSHIP_", "NO_COLOR"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["CHAIRSHIP_TODAY"] = "2026-11-26"
    return env


def chairship(
    tmp_path: Path,
    *args: str,
    stdout: object = subprocess.PIPE,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        env=env_for(tmp_path),
        cwd=ROOT,
        preexec_fn=preexec,
        timeout=120,
    )


def one_line(err: bytes) -> str:
    text = err.decode()
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert text.count("\n") == 1, text
    return text


def file_limit(nbytes: int, ignore_signal: bool) -> Callable[[], None]:
    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))
        if ignore_signal:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return set_limit


# --------------------------------------------------------------------------- stdout


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["timeline", "--json"],
        ["show", "sco"],
        ["export", "--format", "csv"],
        ["export", "--format", "sqlite", "-o", "-"],
        ["--help"],
        ["--version"],
    ],
)
def test_full_device(tmp_path: Path, args: list[str]) -> None:
    with open(FULL, "wb") as full:
        p = chairship(tmp_path, *args, stdout=full)
    assert p.returncode == 1
    assert one_line(p.stderr) == "chairship: cannot write output: No space left on device\n"


@pytest.mark.parametrize("ignore_signal", [True, False])
@pytest.mark.parametrize("args", [["timeline", "--json"], ["export", "--format", "markdown"]])
def test_file_size_limit_on_stdout(tmp_path: Path, args: list[str], ignore_signal: bool) -> None:
    """`ulimit -f`: the write fails with EFBIG (chairship ignores SIGXFSZ itself), exit 1."""
    out = tmp_path / "out.txt"
    with open(out, "wb") as f:
        p = chairship(tmp_path, *args, stdout=f, preexec=file_limit(4096, ignore_signal))
    assert p.returncode == 1, p.stderr
    assert one_line(p.stderr) == "chairship: cannot write output: File too large\n"
    assert out.stat().st_size <= 4096


def test_closed_stdout(tmp_path: Path) -> None:
    """`chairship list >&-`: stdout is closed (DEVNULL would not be)."""
    p = subprocess.run(
        ["sh", "-c", 'exec "$0" -m chairship_cli list >&-', sys.executable],
        stderr=subprocess.PIPE,
        env=env_for(tmp_path),
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 1
    assert one_line(p.stderr) == "chairship: cannot write output: stdout is closed\n"


def test_closed_stdout_without_output_is_fine(tmp_path: Path) -> None:
    """An export to a file needs no stdout at all."""
    target = tmp_path / "x.csv"
    p = subprocess.run(
        [
            "sh",
            "-c",
            'exec "$0" -m chairship_cli export -f csv -o "$1" >&-',
            sys.executable,
            target,
        ],
        stderr=subprocess.PIPE,
        env=env_for(tmp_path),
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert target.read_bytes().startswith(b"date,end,org")


def test_read_only_stdout(tmp_path: Path) -> None:
    """stdout opened for reading only: EBADF on write."""
    with open(os.devnull, "rb") as ro:
        p = chairship(tmp_path, "list", stdout=ro)
    assert p.returncode == 1
    assert one_line(p.stderr) == "chairship: cannot write output: Bad file descriptor\n"


def test_dash_output_means_stdout(tmp_path: Path) -> None:
    a = chairship(tmp_path, "export", "--format", "csv", "-o", "-")
    b = chairship(tmp_path, "export", "--format", "csv")
    assert a.returncode == 0 and a.stdout == b.stdout and a.stdout.startswith(b"date,end,org")
    assert not (ROOT / "-").exists()
    db = chairship(tmp_path, "export", "--format", "sqlite", "-o", "-")
    assert db.returncode == 0 and db.stdout.startswith(b"SQLite format 3\x00")


# --------------------------------------------------------------------------- files


def leftovers(d: Path) -> list[str]:
    return sorted(os.listdir(d))


@pytest.mark.parametrize("fmt", ["csv", "ics", "markdown", "json", "sqlite"])
def test_export_over_file_size_limit_leaves_nothing(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"x.{fmt}"
    p = chairship(tmp_path, "export", "-f", fmt, "-o", str(target), preexec=file_limit(8192, True))
    assert p.returncode == 1
    assert one_line(p.stderr).startswith(f"chairship: error: cannot write {target}: ")
    assert leftovers(out) == []  # no partial export, no temporary file, no SQLite journal


def test_failed_export_keeps_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x.sqlite"
    target.write_bytes(b"old")
    p = chairship(
        tmp_path,
        "export",
        "-f",
        "sqlite",
        "-o",
        str(target),
        "--force",
        preexec=file_limit(8192, True),
    )
    assert p.returncode == 1
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path / "out") == ["x.sqlite"]


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_export_to_a_directory(tmp_path: Path, fmt: str, force: list[str]) -> None:
    d = tmp_path / "d"
    d.mkdir()
    p = chairship(tmp_path, "export", "-f", fmt, "-o", str(d), *force)
    assert p.returncode == 1
    assert one_line(p.stderr) == f"chairship: error: cannot write {d}: is a directory\n"
    assert leftovers(d) == []


def test_export_under_a_file(tmp_path: Path) -> None:
    f = tmp_path / "plain"
    f.write_text("x")
    p = chairship(tmp_path, "export", "-f", "csv", "-o", str(f / "x.csv"))
    assert p.returncode == 1
    assert one_line(p.stderr) == f"chairship: error: cannot write {f / 'x.csv'}: Not a directory\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
def test_export_into_read_only_directory(tmp_path: Path, fmt: str) -> None:
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o555)
    try:
        p = chairship(tmp_path, "export", "-f", fmt, "-o", str(d / "x"))
        assert p.returncode == 1
        assert one_line(p.stderr) == (
            f"chairship: error: cannot write {d / 'x'}: Permission denied\n"
        )
        assert leftovers(d) == []
    finally:
        d.chmod(0o755)


def test_sqlite_export_through_stdout_is_a_database(tmp_path: Path) -> None:
    p = chairship(tmp_path, "export", "-f", "sqlite", "-o", "-")
    db = tmp_path / "x.db"
    db.write_bytes(p.stdout)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        from conftest import SHIPPED_IDS

        count = conn.execute("SELECT count(*) FROM organisations").fetchone()
        assert count == (len(SHIPPED_IDS),)
    finally:
        conn.close()
