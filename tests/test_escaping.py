"""Escaping you can undo (issue 18): TSV escapes reversibly, CSV quotes per RFC 4180 and keeps
line breaks, Markdown escapes HTML and Markdown syntax and links only to http(s)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from chairship_cli import export
from chairship_cli.render.dispatch import csv_cell, to_csv
from chairship_cli.render.output import tsv_cell, tsv_unescape

from builders import data_file
from conftest import ROOT

FORMULAS = data_file("formulas.toml")


def chairship(*args: str, data: Path = FORMULAS) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env["CHAIRSHIP_NO_CACHE"] = "1"
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", "--data", str(data), *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    return p.stdout.decode("utf-8")


# --------------------------------------------------------------------------- TSV


@given(st.text())
def test_tsv_cells_round_trip(text: str) -> None:
    field = tsv_cell(text)
    assert "\t" not in field and "\n" not in field and "\r" not in field
    assert tsv_unescape(field) == text


def test_tsv_escapes_as_documented() -> None:
    assert tsv_cell("a\tb\nc\\d\x1be\u202e") == "a\\tb\\nc\\\\d\\x1be\\u202e"
    assert tsv_cell("C:\\x41") == "C:\\\\x41"  # a literal backslash never reads as an escape
    assert tsv_unescape("C:\\\\x41") == "C:\\x41"
    ref = (ROOT / "docs" / "reference.md").read_text("utf-8")
    assert "tsv_unescape" in ref or "\\\\` for a backslash" in ref


def test_real_tsv_output_restores_the_data() -> None:
    rows = [line.split("\t") for line in chairship("timeline", "--format", "tsv").splitlines()]
    data = json.loads(chairship("timeline", "--json"))
    restored = {tsv_unescape(c) for row in rows for c in row}
    assert {i["title"] for i in data} <= restored
    assert "Summit \u202etxt.exe\x1b[31m" in restored


# --------------------------------------------------------------------------- CSV


def test_csv_keeps_line_breaks_inside_quotes() -> None:
    text = to_csv(["a", "b"], iter([["line one\nline two", "tab\there"], ["x,y", 'say "hi"']]))
    assert text == ('a,b\r\n"line one\nline two",tab\there\r\n"x,y","say ""hi"""\r\n')
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["line one\nline two", "tab\there"] and rows[2] == ["x,y", 'say "hi"']
    assert csv_cell("a\x1bb\u202e") == "a\\x1bb\\u202e"  # other controls still made visible
    assert csv_cell("=1+1") == "'=1+1"


def test_csv_export_keeps_line_breaks(tmp_path: Path) -> None:
    ds = tmp_path / "ds.toml"
    ds.write_text(
        FORMULAS.read_text("utf-8")
        + '\n[[org.events]]\ndate = "2024-04-01"\ntitle = "Two"\nplace = "Hall A\\nHall B"\n'
        'confidence = "unverified"\nsources = ["https://frm.example.org/4"]\n',
        "utf-8",
    )
    out = chairship("export", "-f", "csv", data=ds)
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[-1][:6] == ["2024-04-01", "", "frm", "event", "Two", "Hall A\nHall B"]
    assert '"Hall A\nHall B"' in out


# --------------------------------------------------------------------------- Markdown


HOSTILE = (
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "*bold* _it_ `code` ~~gone~~",
    "# not a heading",
    "&lt;b&gt; | pipe",
)


def test_markdown_escapes_html_and_markdown_syntax(tmp_path: Path) -> None:
    events = "".join(
        f'\n[[org.events]]\ndate = "2025-01-{n:02d}"\ntitle = {json.dumps(t)}\n'
        f"place = {json.dumps(t)}\n"
        f'confidence = "unverified"\nsources = ["https://frm.example.org/e{n}"]\n'
        for n, t in enumerate(HOSTILE, 1)
    )
    ds = tmp_path / "ds.toml"
    ds.write_text(
        FORMULAS.read_text("utf-8").replace('name = "Formula Org"', 'name = "<b>Formula</b> *Org*"')
        + events,
        "utf-8",
    )
    md = chairship("export", "-f", "markdown", data=ds)
    assert "<script>" not in md and "<b>" not in md
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "\\[click\\](javascript:alert(1))" in md
    assert "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~" in md
    assert "| \\# not a heading |" in md
    assert "\\&lt;b\\&gt; \\| pipe" in md
    assert "## FRM — \\<b\\>Formula\\</b\\> \\*Org\\*" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # never an unescaped link


def test_markdown_links_only_http_and_https() -> None:
    links = export._md_links(["https://a.example/x", "javascript:alert(1)", "HTTP://b.example"])
    assert links == "[1](https://a.example/x) javascript:alert(1) [3](HTTP://b.example)"
    assert export._md_links(["data:text/html,<b>x</b>"]) == "data:text/html,\\<b\\>x\\</b\\>"


# --------------------------------------------------------------------------- encodings


def latin1(*args: str, tty: bool = False) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env.update(PYTHONIOENCODING="latin-1", CHAIRSHIP_TODAY="2026-12-01")
    if tty:
        env["CHAIRSHIP_FORCE_TTY"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_an_output_that_cannot_encode_is_an_error() -> None:
    for fmt in ("tsv", "csv"):  # JSON and JSON lines stay exact as \\u escapes
        p = latin1("show", "sco", "--lang", "ru", "--format", fmt)
        assert p.returncode == 1, (fmt, p.stdout[:200])
        assert p.stdout == b""
        assert p.stderr.decode("latin-1") == (
            "chairship: cannot write output: stdout's encoding (iso8859-1) cannot represent"
            " '\\u0428' (U+0428); set PYTHONIOENCODING=utf-8 (or use --json)\n"
        )
    ok = latin1("who", "sco", "--on", "2024-07-04", "--format", "tsv")  # all latin-1: fine
    assert ok.returncode == 0 and ok.stdout.startswith(b"sco\t2024-07-04\tCN")


def test_json_and_tables_still_work_on_latin1() -> None:
    j = latin1("show", "sco", "--lang", "ru", "--json")
    assert j.returncode == 0 and json.loads(j.stdout)["names"]["ru"]["acronym"] == "ШОС"
    t = latin1("show", "sco", "--lang", "ru", tty=True)
    assert t.returncode == 0 and b"\\u0428\\u041e\\u0421" in t.stdout  # documented fallback
