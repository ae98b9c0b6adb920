"""Exports are safe to open: no spreadsheet formulas, no raw control or bidi characters
(OWASP CSV injection), checked on a real process's output (tests/data/formulas.toml)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

from builders import data_file
from conftest import ROOT

DATA = data_file("formulas.toml")
RAW = ("\x1b", "\u202e")


def export(fmt: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env["CHAIRSHIP_NO_CACHE"] = "1"
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", "--data", str(DATA), "export", "-f", fmt],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_csv_cells_never_start_a_formula() -> None:
    rows = list(csv.reader(io.StringIO(export("csv"))))[1:]
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    titles = [r[4] for r in rows]
    assert '\'=HYPERLINK("https://evil.example","click")' in titles
    assert "'@SUM(A1:A9)" in titles
    assert {r[5] for r in rows} >= {"'+1+2", "'-3"}
    assert "Summit \\u202etxt.exe\\x1b[31m" in titles
    assert not any(ch in c for c in cells for ch in RAW)


def test_markdown_cells_never_start_a_formula() -> None:
    md = export("markdown")
    assert "| '=HYPERLINK(" in md and "| '@SUM(A1:A9) |" in md and "| '+1+2 |" in md
    assert not any(ch in md for ch in RAW)
