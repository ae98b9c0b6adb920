"""The README and CI cannot drift from the program."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from chairship_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_lines() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_lines() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2
    assert lines[0].endswith("chairship list")
    assert "'.[test]'" in lines[1] and lines[1].endswith("pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = quick_start_lines()[1].replace("pip install '.[test]'", "pip install -q '.[test]'")
    assert f'bash -c "{test_line}"' in ci


def test_readme_examples_are_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository
    spec = importlib.util.spec_from_file_location(
        "update_readme", ROOT / "scripts" / "update_readme.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.update(README) == README, "run: python scripts/update_readme.py"


def test_every_command_is_documented() -> None:
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert len(names) >= 11
    for name in names:
        assert f"chairship {name}" in README, name
        assert f"example: {name}" in README or name == "validate", name


def test_changelog_and_data_docs_exist() -> None:
    assert "## " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    data_md = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert "How to add or correct a fact" in data_md
