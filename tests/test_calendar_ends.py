"""Every dated command answers, or rejects with one line, every day from 0001-01-01 to
9999-12-31: no traceback at the ends of the calendar (issue 18). The dated options are found
from the declarations (their metavar), so a new one is covered without a change here."""

from __future__ import annotations

import json

import pytest

from conftest import SHIPPED_IDS, invoke

EXTREMES = {
    "YYYY-MM-DD": ("0001-01-01", "0001-01-02", "9900-01-01", "9999-12-30", "9999-12-31"),
    "YYYY-MM": ("0001-01", "9999-12"),
    "YYYY": ("0001", "9999"),
}
SUBJECT = {"org": SHIPPED_IDS, "name": ["KZ"]}  # each required or useful argument's values


def _dated() -> list[tuple[str, str, str]]:
    """(command, option, metavar) for every option that takes a date, year or month."""
    import typer

    from chairship_cli.cli import app

    group = typer.main.get_command(app)
    return [
        (name, p.opts[0], p.metavar)
        for name, cmd in group.commands.items()  # type: ignore[attr-defined]
        for p in cmd.params
        if p.param_type_name == "option" and p.metavar in EXTREMES
    ]


def _subjects(command: str) -> list[list[str]]:
    import typer

    from chairship_cli.cli import app

    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    for p in cmd.params:
        if p.param_type_name == "argument" and p.name in SUBJECT:
            return [[v] for v in SUBJECT[p.name]]
    return [[]]


def check(args: list[str], env: dict[str, str | None] | None = None, every: bool = True) -> None:
    """Run ``args`` as JSON, and (``every``) as TSV and as a terminal table."""
    for fmt in (["--format", "json"], ["--format", "tsv"], []) if every else (["--json"],):
        if args[0] == "export" and fmt:
            continue
        tty = not fmt
        r = invoke(*args, *fmt, env={"CHAIRSHIP_TODAY": "2026-12-01", **(env or {})}, tty=tty)
        assert "Traceback" not in r.stderr, (args, r.stderr)
        if r.code == 0:
            if "json" in " ".join(fmt) and r.stdout:
                json.loads(r.stdout)
        else:
            assert r.code in (1, 2), (args, r.code, r.stderr)
            assert r.stderr.startswith("chairship: error: ") and r.stderr.count("\n") == 1, (
                args,
                r.stderr,
            )


def test_the_walk_finds_the_dated_commands() -> None:
    found = {(c, o) for c, o, _ in _dated()}
    assert {("who", "--on"), ("next", "--on"), ("country", "--on"), ("timeline", "--month")} <= (
        found
    )
    assert ("export", "--year") in found


@pytest.mark.parametrize(("command", "option", "metavar"), _dated())
def test_dated_options_at_the_calendar_ends(command: str, option: str, metavar: str) -> None:
    extra = ["-f", "json"] if command == "export" else []
    for n, subject in enumerate(_subjects(command)):
        for day in EXTREMES[metavar]:
            # Tables are slow: the ends only, and not the whole timeline (`--to 9999-12-31`).
            every = n == 0 and day[:4] in ("0001", "9999") and option != "--to"
            check([command, *subject, option, day, *extra], every=every)


def test_the_reported_crashes() -> None:
    for args in (["next", "csto", "--on", "9900-01-01"], ["next", "unsc", "--on", "9999-12-31"]):
        r = invoke(*args, "--json")
        assert r.code == 0, r.stderr
        doc = r.json()
        assert doc["now"]["on"] == args[-1]
        assert doc["next"][-1]["chair"] is None  # nothing is named that far out
        assert doc["next"][-1]["status"] == "unknown"


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
def test_today_at_the_calendar_ends(today: str) -> None:
    """Commands that default to today (list, who, next, timeline --chart) at the extremes."""
    for args in (
        ["list"],
        ["who", "unsc"],
        ["next", "unsc"],
        ["next", "csto"],
        ["timeline", "--chart", "--org", "unsc"],
    ):
        check(args, env={"CHAIRSHIP_TODAY": today})
