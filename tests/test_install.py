"""The installed package (not the source tree) finds its data and runs as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT, SHIPPED_IDS

PROBE = "import chairship_cli, chairship_cli.load as L; print(chairship_cli.__file__); print(L.default_data_path())"


def outside(tmp_path: Path, *cmd: str) -> subprocess.CompletedProcess[str]:
    """Run a command from an empty directory, so the repository is not on sys.path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAIRSHIP_", "PYTHONPATH"))}
    return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)


def test_installed_package_finds_its_data(tmp_path: Path) -> None:
    r = outside(tmp_path, sys.executable, "-c", PROBE)
    assert r.returncode == 0, r.stderr
    package_file, data_path = (Path(line) for line in r.stdout.splitlines())
    assert data_path.is_file()
    assert data_path.read_bytes() == DATA.read_bytes()  # the shipped copy is data/orgs.toml
    if ROOT not in package_file.parents:  # a regular (non-editable) install, as in CI
        assert data_path == package_file.parent / "data" / "orgs.toml"


def test_console_script_from_anywhere(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "chairship"
    if not script.exists():
        pytest.skip("no console script next to this Python (not installed with pip)")
    r = outside(tmp_path, str(script), "list", "--json")
    assert r.returncode == 0, r.stderr
    assert [o["id"] for o in json.loads(r.stdout)] == SHIPPED_IDS
    r = outside(tmp_path, str(script), "show", "iofs")
    assert r.returncode == 0 and "\x1b[" not in r.stdout


def test_python_dash_m_from_anywhere(tmp_path: Path) -> None:
    r = outside(
        tmp_path,
        sys.executable,
        "-m",
        "chairship_cli",
        "who",
        "sco",
        "--on",
        "2024-01-15",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["chair"] == "KZ"
