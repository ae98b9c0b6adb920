"""Options mean one thing, checked in a real process: filters take several values as a union,
single-value options given twice and empty values are usage errors (exit 2), conflicting
options are errors, and --data and $CHAIRSHIP_DATA report the same problem the same way."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import SHIPPED_IDS, process


def chairship(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return process(
        *args, env={"CHAIRSHIP_TODAY": "2026-11-26", **(env or {})}, drop=("CHAIRSHIP_", "NO_COLOR")
    )


def js(*args: str) -> Any:
    p = chairship(*args, "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def usage_error(p: subprocess.CompletedProcess[str], text: str) -> None:
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert p.stdout == ""
    assert p.stderr.startswith("chairship: error: ") and p.stderr.count("\n") == 1, p.stderr
    assert text in p.stderr, p.stderr


# --------------------------------------------------------------------------- union filters


def test_timeline_org_union() -> None:
    both = {i["org"] for i in js("timeline", "--org", "sco", "--org", "CSTO")}
    assert both == {"sco", "csto"}
    n = len(js("timeline", "--org", "sco")) + len(js("timeline", "--org", "csto"))
    assert len(js("timeline", "--org", "sco", "--org", "csto")) == n
    # the same organisation twice, by two names, is still one
    assert js("timeline", "--org", "sco", "--org", "ШОС") == js("timeline", "--org", "sco")


def test_timeline_theme_union() -> None:
    water = js("timeline", "--theme", "water")
    food = js("timeline", "--theme", "food")
    both = js("timeline", "--theme", "water", "--theme", "food")
    titles = {(i["org"], i["date"], i["title"]) for i in both}
    assert titles == {(i["org"], i["date"], i["title"]) for i in water + food}


def test_list_theme_union() -> None:
    water = [o["id"] for o in js("list", "--theme", "water")]
    security = [o["id"] for o in js("list", "--theme", "security")]
    ids = [o["id"] for o in js("list", "--theme", "water", "--theme", "security")]
    assert set(ids) == set(water) | set(security) and len(ids) == len(set(ids))
    assert ids == [i for i in SHIPPED_IDS if i in ids]  # dataset order, no repeats
    assert "ifas" in water and "ifas" not in security and "unsc" in security


def test_export_org_union() -> None:
    p = chairship("export", "-f", "csv", "--org", "sco", "--org", "ifas")
    assert p.returncode == 0, p.stderr
    orgs = {line.split(",")[2] for line in p.stdout.splitlines()[1:]}
    assert orgs == {"sco", "ifas"}


def test_sources_several_orgs() -> None:
    both = js("sources", "sco", "csto")
    urls = [u["url"] for u in both]
    assert len(urls) == len(set(urls))
    assert {u["url"] for u in js("sources", "sco")} | {
        u["url"] for u in js("sources", "csto")
    } == set(urls)


def test_chart_org_union() -> None:
    p = chairship("timeline", "--chart", "--org", "sco", "--org", "csto", "--year", "2024")
    assert p.returncode == 0, p.stderr
    assert "SCO" in p.stdout and "CSTO" in p.stdout and "OTS" not in p.stdout


# --------------------------------------------------------------------------- one value only


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["timeline", "--year", "2024", "--year", "2025"], "--year"),
        (["timeline", "--year=2024", "--year", "2025"], "--year"),
        (["who", "sco", "--on", "2024-01-01", "--on", "2024-02-01"], "--on"),
        (["timeline", "--from", "2024-01-01", "--from", "2024-02-01"], "--from"),
        (["timeline", "--to", "2024-01-01", "--to", "2024-02-01"], "--to"),
        (["list", "--lang", "ru", "--lang", "kk"], "--lang"),
        (["export", "-f", "csv", "--format", "ics"], "--format"),
        (["export", "-f", "csv", "-o", "a.csv", "--output", "b.csv"], "--output"),
        (["--data", "a.toml", "list", "--data", "b.toml"], "--data"),
    ],
)
def test_single_value_option_twice(args: list[str], option: str) -> None:
    usage_error(chairship(*args), f"{option} was given twice")


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--org", ""],
        ["timeline", "--org="],
        ["list", "--theme", " "],
        ["timeline", "--year", ""],
        ["export", "-f", "csv", "-o", ""],
        ["--data", "", "list"],
    ],
)
def test_empty_option_value(args: list[str]) -> None:
    usage_error(chairship(*args), "needs a value; it was given an empty one")


@pytest.mark.parametrize("args", [["show", ""], ["who", "  "], ["search", ""], ["country", ""]])
def test_empty_argument(args: list[str]) -> None:
    usage_error(chairship(*args), "an argument is empty")


def test_blank_chairship_data() -> None:
    usage_error(chairship("list", env={"CHAIRSHIP_DATA": "  "}), "CHAIRSHIP_DATA is blank")


# --------------------------------------------------------------------------- conflicts


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["timeline", "--year", "2024", "--from", "2023-01-01"], "--from 2023-01-01 is outside"),
        (["timeline", "--year", "2024", "--to", "2025-01-01"], "--to 2025-01-01 is outside"),
        (["country", "KZ", "--year", "2024", "--on", "2024-01-01"], "give --year or --on"),
        (["timeline", "--chart", "--json"], "--chart draws a picture"),
        (["timeline", "--chart", "--theme", "water"], "cannot be combined with --theme"),
    ],
)
def test_conflicting_options(args: list[str], text: str) -> None:
    usage_error(chairship(*args), text)


def test_from_inside_the_year_narrows() -> None:
    items = js("timeline", "--year", "2024", "--from", "2024-07-01")
    # an item known only to the year (a hand-over "in 2024") may fall after 1 July: kept
    assert items and all(
        (i["end"] or i["date"]) in ("2024", "2025") or (i["end"] or i["date"]) >= "2024-07"
        for i in items
    )


# --------------------------------------------------------------------------- --data = env


@pytest.mark.parametrize("kind", ["missing", "directory", "bad-toml"])
def test_data_option_and_env_agree(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.toml"
    if kind == "directory":
        path.mkdir()
    elif kind == "bad-toml":
        path.write_text("[[org]\n")
    a = chairship("--data", str(path), "list")
    b = chairship("list", env={"CHAIRSHIP_DATA": str(path)})
    assert a.returncode == b.returncode == 1
    assert a.stderr == b.stderr and a.stderr.startswith(
        f"chairship: error: invalid dataset: {path}"
    )


# --------------------------------------------------------------------------- derived, not listed


def _declared_options() -> list[tuple[str, str, bool]]:
    """(command, option's long name, whether it takes one value) for every value-taking option
    of every command, straight from the Typer/Click declarations."""
    import typer

    from chairship_cli.cli import app

    group = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        for p in [*group.params, *cmd.params]:
            if p.param_type_name != "option" or getattr(p, "is_flag", False) or p.count:
                continue
            long = next(o for o in p.opts if o.startswith("--"))
            out.append((name, long, not p.multiple))
    return out


def test_the_walk_covers_the_options_a_hand_kept_list_missed() -> None:
    single = {(c, o) for c, o, one in _declared_options() if one}
    assert {("next", "--limit"), ("timeline", "--month"), ("export", "--output")} <= single
    multi = {(c, o) for c, o, one in _declared_options() if not one}
    assert {("timeline", "--org"), ("list", "--theme"), ("list", "--region")} <= multi


@pytest.mark.parametrize(
    ("command", "option"), [(c, o) for c, o, one in _declared_options() if one]
)
def test_every_single_value_option_given_twice(command: str, option: str) -> None:
    from conftest import invoke

    r = invoke(command, option, "1", f"{option}=2")
    assert r.code == 2, (r.code, r.stderr)
    assert r.stderr == (
        f"chairship: error: {option} was given twice ('1' and '2'); it takes one value"
        f" (try 'chairship {command} -h')\n"
    )
    assert r.stdout == ""


@pytest.mark.parametrize(
    ("command", "option"), [(c, o) for c, o, one in _declared_options() if not one]
)
def test_repeatable_options_are_not_refused_as_twice(command: str, option: str) -> None:
    from conftest import invoke

    r = invoke(command, option, "nope-1", option, "nope-2")
    assert "was given twice" not in r.stderr
