"""`validate` reports every problem in one run, through a real process (tests/data/every-problem.toml)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from builders import data_file
from conftest import ROOT

BAD = data_file("every-problem.toml")


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    return subprocess.run(
        [sys.executable, "-m", "chairship_cli", "validate", str(BAD), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_every_problem_in_one_run() -> None:
    p = validate("--json")
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["valid"] is False
    found = {(x["org"], x["field"], x["severity"]): x["message"] for x in doc["problems"]}
    assert found[("abc", "sources", "error")] == "needs at least one http(s) source URL"
    # a name stored twice (top-level and in [org.names.en]) is reported, both copies
    assert "one name is stored once" in found[("abc", "name", "error")]
    assert "one name is stored once" in found[("abc", "acronym", "error")]
    # a bad chair code no longer hides the end before the start
    assert "not an ISO 3166-1" in found[("abc", "terms[0].chair", "error")]
    assert (
        found[("abc", "terms[0].end", "error")] == "ends (2019-06-01) before it starts (2020-01-01)"
    )
    # nor does a bad confidence hide the event's end before its start
    assert "is not one of" in found[("abc", "events[0].confidence", "error")]
    assert found[("abc", "events[0].end", "error")].startswith("ends (2020-04-01)")
    # control and bidi characters, in any string
    assert "U+001B" in found[("abc", "headquarters", "warning")]
    assert "U+202E" in found[("abc", "events[0].title", "warning")]
    # an organisation with an invalid field still takes part in cross-record checks
    assert "not a date" in found[("def", "founded", "error")]
    assert "is also a name of 'abc'" in found[("def", "acronym", "error")]


def test_every_problem_as_text() -> None:
    p = validate()
    assert p.returncode == 1 and p.stdout == ""
    lines = p.stderr.splitlines()
    assert lines[0] == "chairship: error: invalid dataset: 11 problems"
    assert len(lines) == 1 + 13  # eleven errors and two warnings, each on its own line
    assert "Traceback" not in p.stderr


def test_shipped_dataset_is_clean() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", "validate", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")},
    )
    assert p.returncode == 0 and json.loads(p.stdout)["warnings"] == []
