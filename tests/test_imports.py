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
    """What the modules show of the design: the cache's checksum from zlib (hashlib would load
    OpenSSL), the shipped dataset found without importlib.resources, no temporary file unless
    the cache is written, and no TOML parser."""
    mods = modules_after("show", "sco", "--json")
    for name in ("hashlib", "_hashlib", "importlib.resources", "zipfile", "tempfile", "tomllib"):
        assert name not in mods, name


def test_no_private_api_of_the_standard_library() -> None:
    """No module of the package imports a private module (``_blake2``) or reaches for a private
    name of one (``dataclasses._FIELD``)."""
    import ast
    import sys

    stdlib = sys.stdlib_module_names
    for path in sorted((ROOT / "chairship_cli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("_"), (path.name, alias.name)
                    modules.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                assert not node.module.startswith("_") or node.module == "__future__", path.name
                if node.module.split(".")[0] in stdlib:
                    for alias in node.names:
                        assert not alias.name.startswith("_"), (path.name, alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                raise AssertionError(f"{path.name}: {node.value.id}.{node.attr}")


def test_terminal_path_does_use_rich() -> None:
    assert "rich.table" in modules_after("list", tty=True)


def test_upcoming_adds_nothing_to_other_commands() -> None:
    """`upcoming` and the SVG chart load their modules only when asked for (issue 21)."""
    mods = modules_after("show", "sco", "--json")
    assert "chairship_cli.agenda" not in mods
    assert "chairship_cli.agenda" in modules_after("upcoming", "--json")
    assert "icalendar" not in {m.split(".")[0] for m in modules_after("upcoming", "--json")}
