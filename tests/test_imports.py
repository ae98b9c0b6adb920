"""Start-up hygiene, checked by the set of imported modules (not by timing, which is noisy)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

PROBE = """
import json, sys
from chairship_cli.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\nMODULES=" + json.dumps(sorted(sys.modules)) + "\\n")
"""

HEAVY = (
    "rich",
    "pydantic",
    "icalendar",
    "sqlite3",
    "csv",
    "jsonschema",
    "pycountry",
    "tomllib",
    "tomli",
)


def modules_after(*args: str, tty: bool = False) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env["CHAIRSHIP_FORCE_TTY"] = "1" if tty else "0"
    for _ in range(2):  # the first run may build the compiled cache; measure the second
        p = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )
    line = [x for x in p.stderr.splitlines() if x.startswith("MODULES=")][-1]
    return set(json.loads(line[len("MODULES=") :]))


def heavy(mods: set[str]) -> list[str]:
    return sorted(m for m in mods if m.split(".")[0] in HEAVY)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "sco", "--json"],
        ["list", "--json"],
        ["timeline", "--year", "2024", "--json"],
        ["who", "csto", "--json"],
        ["upcoming", "--json"],
        ["upcoming"],  # piped
        ["list"],  # piped: plain text, no rich either
    ],
)
def test_json_and_piped_paths_import_nothing_heavy(args: list[str]) -> None:
    assert heavy(modules_after(*args)) == []


def test_import_budget() -> None:
    """A regression guard on the number of modules a --json run loads."""
    mods = modules_after("show", "sco", "--json")
    baseline = modules_after("--version")
    assert len(mods - baseline) < 25, sorted(mods - baseline)
    assert len(mods) < 260, len(mods)


def test_a_cached_run_skips_what_it_does_not_need() -> None:
    """The speed-ups of chairship_cli/fast.py and cache.py that show in the modules: CPython's
    built-in BLAKE2b (hashlib would load OpenSSL), the shipped dataset found without
    importlib.resources, no temporary file unless the cache is written, and no TOML parser."""
    mods = modules_after("show", "sco", "--json")
    for name in ("hashlib", "_hashlib", "importlib.resources", "zipfile", "tempfile", "tomllib"):
        assert name not in mods, name


def test_records_are_made_without_generated_code() -> None:
    """fast.record: every model class shares one __init__ code object (dataclasses would
    compile one per class at every start-up)."""
    from chairship_cli import model

    classes = [model.Theme, model.Term, model.Org, model.Event, model.Dataset]
    assert len({c.__init__.__code__ for c in classes}) == 1


def test_terminal_path_does_use_rich() -> None:
    assert "rich.table" in modules_after("list", tty=True)


def test_upcoming_adds_nothing_to_other_commands() -> None:
    """`upcoming` and the SVG chart load their modules only when asked for (issue 21)."""
    mods = modules_after("show", "sco", "--json")
    assert "chairship_cli.agenda" not in mods
    assert "chairship_cli.agenda" in modules_after("upcoming", "--json")
    assert "icalendar" not in {m.split(".")[0] for m in modules_after("upcoming", "--json")}
