"""mypy checks the records' constructor arguments: every field of model.py is a real
``dataclasses.field()`` whose default (or its absence) mypy's dataclass plugin can see, so a
record built without a required field is a type error, not a surprise at run time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

SNIPPETS = {
    # without `chair`: mypy must say so (line 3)
    "missing_chair.py": 'Term(confidence="verified", sources=())',
    # without `sources`, a keyword-only field of the base class Sourced (line 3)
    "missing_sources.py": 'Term(chair="KZ", confidence="verified")',
    # every required field given: no error
    "complete.py": 'Term(chair="KZ", confidence="verified", sources=())',
}


def test_mypy_reports_a_missing_required_field(tmp_path: Path) -> None:
    for name, call in SNIPPETS.items():
        (tmp_path / name).write_text(
            f"from chairship_cli.model import Term\n\n{call}\n", encoding="utf-8"
        )
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            "mypy.ini",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--follow-imports=silent",
            "--no-error-summary",
            "--hide-error-context",
            *SNIPPETS,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    errors = sorted(line for line in result.stdout.splitlines() if ": error: " in line)
    assert errors == [
        'missing_chair.py:3: error: Missing positional argument "chair" in call to "Term"'
        "  [call-arg]",
        'missing_sources.py:3: error: Missing named argument "sources" for "Term"  [call-arg]',
    ], result.stdout + result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
