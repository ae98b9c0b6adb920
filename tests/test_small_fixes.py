"""Smaller fixes of issue 18: an unreadable --data exits 1, fixed-value options complete,
counts agree with their number."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from chairship_cli import cli
from chairship_cli.model import CHOICES, REGIONS

from conftest import DATA, invoke


def bash(line: str) -> list[str]:
    words = line.split(" ")
    env = {
        "_CHAIRSHIP_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    r = invoke(env=env)
    assert r.code == 0, r.stderr
    return r.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("chairship show sco --section ", list(cli.SECTIONS)),
        ("chairship show sco --section pr", ["priorities"]),
        ("chairship list --region ", list(REGIONS)),
        ("chairship list --region e", ["europe", "eurasia"]),
        ("chairship list --kind ", list(CHOICES)),
        ("chairship list --kind al", ["alphabetical"]),
    ],
)
def test_fixed_values_complete(line: str, expected: list[str]) -> None:
    assert bash(line) == expected


def test_sections_are_the_renderers_sections() -> None:
    from chairship_cli.render import terminal

    assert (*terminal.SECTIONS, "all") == cli.SECTIONS


def test_unreadable_data_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dataset the user may not read: exit 1 and the loader's one line (README, exit codes),
    not a usage error. Simulated, since the tests may run as root."""
    ds = tmp_path / "ds.toml"
    ds.write_bytes(DATA.read_bytes())
    real_access, real_open = os.access, os.open

    def access(path: object, mode: int, *a: object, **k: object) -> bool:
        return False if str(path) == str(ds) else real_access(path, mode, *a, **k)  # type: ignore[arg-type]

    def deny(path: object, flags: int, *a: object, **k: object) -> int:
        if str(path) == str(ds):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "open", deny)
    for args in (["--data", str(ds), "list"], ["list", "--data", str(ds)], ["validate", str(ds)]):
        r = invoke(*args)
        assert r.code == 1, (args, r.stderr)
        assert r.stderr == (
            f"chairship: error: invalid dataset: {ds}: permission denied: the file cannot be read\n"
        )


def test_one_disputed_claim_is_singular() -> None:
    r = invoke("show", "sco", tty=True, env={"CHAIRSHIP_TODAY": "2026-12-01"})
    assert r.code == 0
    assert "· 1 disputed claim\n" in r.stdout or "· 1 disputed claim " in r.stdout
    assert "1 disputed claims" not in r.stdout
