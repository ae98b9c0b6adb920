"""Hostile strings in data, closed pipes, odd terminals and encodings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chairship_cli.render.shapes import TIMELINE_ITEM, headers

from builders import toml_dataset
from conftest import ROOT, Run

Runner = Callable[..., Run]

HOSTILE = {
    "markup": "EU [eu] chair [bold]loud[/bold] [/] [link=https://evil.example]click[/link]",
    "emoji": "Alert :warning: and :smile:",
    "esc": "red \x1b[31mALERT\x1b[0m bell \x07 done",
    "cr": "first\rOVERWRITE",
    "bidi": "abc \u202etxt.exe\u202c \u2066iso\u2069",
    "newline": "two\nlines\tand a tab",
}


def hostile_dataset(tmp_path: Path) -> Path:
    def s(text: str) -> str:
        return json.dumps(text)  # a JSON string with these characters is a valid TOML basic string

    events = "".join(
        f"""
[[org.events]]
date = "2024-0{i + 1}-01"
title = {s(text)}
place = {s(text)}
confidence = "verified"
sources = ["https://ex.example/{key}"]
note = {s(text)}
"""
        for i, (key, text) in enumerate(HOSTILE.items())
    )
    tables = f"""
[[org.priorities]]
text = {s(HOSTILE["bidi"])}
themes = ["security"]
chair = "KZ"
term = "2020-01-01"
confidence = "verified"
sources = ["https://ex.example/p"]

[[org.terms]]
chair = "KZ"
start = "2020-01-01"
confidence = "verified"
sources = ["https://ex.example/t"]
note = {s(HOSTILE["cr"])}
{events}"""
    text = toml_dataset(
        tables,
        id='"evil"',
        acronym='"EVL"',
        name=s(HOSTILE["markup"]),
        founded='"2000"',
        headquarters=s(HOSTILE["esc"]),
        summary=s(HOSTILE["emoji"]),
    )
    p = tmp_path / "evil.toml"
    p.write_text(text, encoding="utf-8")
    return p


RAW_CONTROLS = ["\x1b", "\x07", "\r", "\u202e", "\u2066"]


@pytest.mark.parametrize("tty", [True, False])
def test_hostile_strings_are_shown_literally(run: Runner, tmp_path: Path, tty: bool) -> None:
    data = hostile_dataset(tmp_path)
    env = {"NO_COLOR": "1"}
    for args in (["show", "evil", "--section", "all"], ["timeline"], ["list"]):
        r = run("--data", str(data), *args, tty=tty, env=env)
        assert r.code == 0, r.stderr
        for ch in RAW_CONTROLS:
            assert ch not in r.stdout, (args, repr(ch))
        if args[0] == "show":
            flat = "".join(r.stdout.split())
            assert "[bold]loud[/bold]" in flat  # markup stays text, nothing swallowed
            assert "[link=https://evil.example]click[/link]" in flat
            assert "\\x1b[31mALERT" in flat  # ESC made visible
            assert "\\u202etxt.exe" in flat
    r = run("--data", str(data), "show", "evil", "--section", "all", tty=True, env=env)
    assert ":warning:" in r.stdout and "⚠" not in r.stdout


def test_hostile_strings_piped_stay_one_line_per_record(run: Runner, tmp_path: Path) -> None:
    r = run("--data", str(hostile_dataset(tmp_path)), "timeline")
    lines = r.stdout.splitlines()
    assert len(lines) == len(HOSTILE) + 1  # six events and one hand-over
    assert all(len(line.split("\t")) == len(headers(TIMELINE_ITEM)) for line in lines)
    assert any("two\\nlines\\tand a tab" in line for line in lines)  # reversible escapes


def test_hostile_strings_round_trip_in_json(run: Runner, tmp_path: Path) -> None:
    data = str(hostile_dataset(tmp_path))
    d = run("--data", data, "show", "evil", "--json").json()
    assert d["name"] == HOSTILE["markup"]
    assert d["headquarters"] == HOSTILE["esc"]
    assert d["summary"] == HOSTILE["emoji"]
    assert d["priorities"][0]["text"] == HOSTILE["bidi"]
    assert d["terms"][0]["note"] == HOSTILE["cr"]
    assert [e["title"] for e in d["events"]] == list(HOSTILE.values())
    items = run("--data", data, "timeline", "--json").json()
    assert {i["title"] for i in items if i["kind"] == "event"} == set(HOSTILE.values())


def test_hostile_help_text_is_safe(run: Runner) -> None:
    for cmd in ("show", "timeline", "who", "country", "export"):
        r = run(cmd, "--help")
        assert r.code == 0 and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- terminals


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminal(run: Runner, env: dict[str, str]) -> None:
    r = run("show", "sco", tty=True, env=env)
    assert r.code == 0
    assert "\x1b[" not in r.stdout
    assert "Shanghai Cooperation Organisation" in r.stdout


def test_colour_on_a_terminal_by_default(run: Runner) -> None:
    r = run("list", tty=True)
    assert "\x1b[" in r.stdout


@pytest.mark.parametrize(
    "cmd",
    [["list"], ["show", "sco"], ["timeline", "--year", "2024"], ["who", "ots"], ["corrections"]],
)
def test_twenty_column_terminal(run: Runner, cmd: list[str]) -> None:
    r = run(*cmd, tty=True, env={"COLUMNS": "20", "NO_COLOR": "1"})
    assert r.code == 0, r.stderr
    from rich.cells import cell_len  # display width: Arabic marks take no cell

    assert max(cell_len(line) for line in r.stdout.splitlines()) <= 20


# --------------------------------------------------------------------------- subprocess: pipes and encodings


def chairship(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CHAIRSHIP_", "FORCE_COLOR", "NO_COLOR"))
    }
    full.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "chairship_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full,
        cwd=ROOT,
    )


@pytest.mark.parametrize("args", [["timeline", "--json"], ["sources"], ["sources", "--json"]])
def test_closed_stdout_ends_quietly(args: list[str]) -> None:
    full = chairship(*args)
    out, _ = full.communicate(timeout=60)
    assert len(out) > 70_000  # more than a pipe buffer, so the write really hits a closed pipe
    p = chairship(*args)
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.read(1)
    p.stdout.close()
    rc = p.wait(timeout=60)
    err = p.stderr.read().decode()
    assert rc == 0
    assert err == ""  # no traceback, no "Exception ignored"


def test_ascii_only_stdout_never_crashes() -> None:
    env = {"PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    p = chairship("show", "sco", env=env)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 1 and out == b""  # TSV that cannot be written exactly is refused
    assert err.decode().count("\n") == 1 and "cannot represent" in err.decode()
    p = chairship("show", "sco", "--json", env=env)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    d = json.loads(out.decode("ascii"))
    assert d["names"]["ru"]["acronym"] == "ШОС"
    p = chairship("show", "sco", env={**env, "CHAIRSHIP_FORCE_TTY": "1"})
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert "\\xb7" in out.decode("ascii")  # a table may show · (the legend's dot) as an escape
    p = chairship("show", "nosuch-org-ш", env=env)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 1 and b"Traceback" not in err


def test_python_dash_m_works() -> None:
    p = chairship("--version")
    out, _ = p.communicate(timeout=60)
    assert p.returncode == 0 and out.startswith(b"chairship ")
