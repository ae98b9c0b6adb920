"""Every record command speaks the same formats, and the batch protocol answers many questions in
one process. Through real processes where the bytes matter (CSV, JSON lines, stdin)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable

import pytest

from chairship_cli.render import shapes

from conftest import ROOT, Run, process

Runner = Callable[..., Run]

# One invocation per record command (issue 14's list), with the number of records it prints.
COMMANDS: list[tuple[str, ...]] = [
    ("list",),
    ("list", "--region", "europe"),
    ("timeline", "--year", "2024", "--org", "sco"),
    ("country", "KZ", "--year", "2024"),
    ("sources", "ots"),
    ("search", "Aral"),
    ("people",),
    ("corrections",),
    ("themes",),
    ("next", "csto", "--limit", "3"),
    ("who", "sco", "--on", "2024-07-04"),
    ("upcoming", "--months", "6"),
]
ENV = {"CHAIRSHIP_TODAY": "2026-12-01"}


def chairship(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return process(*args, env=ENV, stdin=stdin)


def json_records(run: Runner, args: tuple[str, ...]) -> list[dict[str, object]]:
    data = run(*args, "--json", env=ENV).json()
    if args[0] == "next":
        return [data["now"], *data["next"]]  # the table rows: now, then the coming chairs
    return data if isinstance(data, list) else [data]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_csv_parses_with_the_csv_module_and_matches_the_json(
    run: Runner, args: tuple[str, ...]
) -> None:
    p = chairship(*args, "--format", "csv")
    assert p.returncode == 0, p.stderr
    assert p.stdout.endswith("\r\n") and "\r\n" in p.stdout  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(p.stdout, newline="")))
    shape = shapes.row_shape(args[0])
    assert shape is not None
    assert rows[0] == shapes.headers(shape)
    assert len(rows) - 1 == len(json_records(run, args))
    assert all(len(r) == len(rows[0]) for r in rows)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_jsonl_is_one_json_record_per_line(run: Runner, args: tuple[str, ...]) -> None:
    p = chairship(*args, "--format", "jsonl")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    if args[0] == "who":
        assert len(records) == 1  # one object: as --json, on one line
        assert records[0] == run(*args, "--json", env=ENV).json()
    elif args[0] == "next":  # the table's rows: the chair now, then each coming chair
        data = run(*args, "--json", env=ENV).json()
        assert records[1:] == data["next"]
        assert (records[0]["chair"], records[0]["status"]) == (
            data["now"]["chair"],
            data["now"]["status"],
        )
    else:
        assert records == run(*args, "--json", env=ENV).json()


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_tsv_is_the_default_in_a_pipe_and_table_on_request(
    run: Runner, args: tuple[str, ...]
) -> None:
    piped = run(*args, env=ENV)
    assert piped.stdout == run(*args, "--format", "tsv", env=ENV).stdout
    shape = shapes.row_shape(args[0])
    assert shape is not None
    width = len(shapes.headers(shape))
    assert all(len(line.split("\t")) == width for line in piped.stdout.splitlines())
    table = run(*args, "--format", "table", env={**ENV, "NO_COLOR": "1", "COLUMNS": "80"})
    assert table.code == 0 and "─" in table.stdout and "\t" not in table.stdout


def test_json_and_format_json_are_the_same_and_conflicts_are_usage_errors(run: Runner) -> None:
    assert run("list", "--json", env=ENV).stdout == run("list", "--format", "json", env=ENV).stdout
    bad = run("list", "--json", "--format", "csv")
    assert bad.code == 2 and "--json means --format json" in bad.stderr
    assert run("list", "--format", "xml").code == 2


def test_csv_neutralises_formulas_from_data(tmp_path: object) -> None:
    p = chairship(
        "--data", str(ROOT / "tests" / "data" / "formulas.toml"), "timeline", "--format", "csv"
    )
    assert p.returncode == 0, p.stderr
    for row in list(csv.reader(io.StringIO(p.stdout, newline="")))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell


# --------------------------------------------------------------------------- batch


def test_batch_good_bad_and_mixed_lines_in_order_with_exit_code(run: Runner) -> None:
    questions = (
        "sco 2024-07-04\n"
        "# a comment\n"
        "\n"
        "Turkic Council\t2024-01-01\n"
        '{"org": "unsc", "on": "2025-03-01"}\n'
        "nope 2024-01-01\n"
        "sco 2024-02-30\n"
        "sco\n"
        "{not json\n"
        '{"org": "sco"}\n'
        "csto 2024-06-01  # trailing comment\n"
    )
    p = chairship("who", "--batch", stdin=questions)
    assert p.returncode == 1, p.stderr
    out = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(out) == 9  # one per question; comments and blank lines give none
    # each answer is exactly `who ORG --on DATE --json`
    assert out[0] == run("who", "sco", "--on", "2024-07-04", "--json").json()
    assert out[1] == run("who", "ots", "--on", "2024-01-01", "--json").json()
    assert out[2] == run("who", "unsc", "--on", "2025-03-01", "--json").json()
    assert out[8] == run("who", "csto", "--on", "2024-06-01", "--json").json()
    errors = {o["line"]: o for o in out if "error" in o}
    assert set(errors) == {6, 7, 8, 9, 10}
    assert errors[6] == {
        "line": 6,
        "input": "nope 2024-01-01",
        "error": "no organisation matches 'nope'",
    }
    assert "is not a date" in errors[7]["error"]
    assert "expected ORG DATE" in errors[8]["error"]
    assert errors[9]["error"] == "not valid JSON"
    assert 'missing "on"' in errors[10]["error"]


def test_batch_all_good_exits_0_and_country_batch_works_too(run: Runner) -> None:
    p = chairship("who", "--batch", stdin="sco 2024-07-04\nsco 2024-07-03\n")
    assert p.returncode == 0 and [json.loads(x)["chair"] for x in p.stdout.splitlines()] == [
        "CN",
        "KZ",
    ]
    c = chairship(
        "country",
        "--batch",
        stdin='KZ 2024-07-04\n{"country": "Казахстан", "on": "2024-07-04"}\nXX 2024-01-01\n',
    )
    assert c.returncode == 1
    lines = [json.loads(x) for x in c.stdout.splitlines()]
    expected = run("country", "KZ", "--on", "2024-07-04", "--json").json()
    assert lines[0] == expected and lines[1] == expected
    assert lines[2]["line"] == 3 and "no country matches 'XX'" in lines[2]["error"]


def test_batch_with_an_argument_or_a_date_is_a_usage_error() -> None:
    assert chairship("who", "sco", "--batch").returncode == 2
    assert chairship("who", "--batch", "--on", "2024-01-01").returncode == 2
    assert chairship("country", "KZ", "--batch").returncode == 2


# --------------------------------------------------------------------------- pointing the way


@pytest.mark.parametrize(
    ("args", "hint", "code"),
    [
        (("timeline", "2024"), "for a year, use --year: chairship timeline --year 2024", 2),
        (
            ("timeline", "2024-07"),
            "for a month, use --month: chairship timeline --month 2024-07",
            2,
        ),
        (
            ("show", "Turkic", "Council"),
            "a name with spaces needs quotes: chairship show 'Turkic Council'",
            2,
        ),
        (("who", "Kazakhstan"), "it is a country, so try: chairship country Kazakhstan", 1),
        (("show", "Kazakhstan"), "it is a country, so try: chairship country Kazakhstan", 1),
        (("who", "scoo"), "did you mean sco?", 1),
        (("who", "ШОСС"), "did you mean sco?", 1),
        (("country", "Kazakstan"), "did you mean KZ (Kazakhstan)", 1),
        (("search", "--", "---"), "no letters or digits", 2),
    ],
)
def test_misses_point_the_way(run: Runner, args: tuple[str, ...], hint: str, code: int) -> None:
    r = run(*args)
    assert r.code == code
    assert r.stdout == ""
    assert hint in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "name", ["Kazakhstan", "kazakhstan", "Казахстан", "Қазақстан", "كازاخستان", "KZ"]
)
def test_country_names_in_four_languages(run: Runner, name: str) -> None:
    items = run("country", name, "--year", "2024", "--json").json()
    assert {i["org"] for i in items} == {"sco", "csto", "cica", "ots", "ifas", "ca-consultative"}


def test_search_covers_terms_meetings_dates_and_rules(run: Runner) -> None:
    hits = run("search", "Qingdao", "--json").json()
    assert {(h["kind"], h["org"], h["field"]) for h in hits} >= {("term", "sco", "start_event")}
    h = hits[0]
    assert h["matched"][h["match_start"] : h["match_end"]] == "Qingdao"
    dated = run("search", "2024-07-04", "--json").json()
    assert {(h["kind"], h["org"]) for h in dated} >= {("term", "sco"), ("event", "sco")}
    rules = run("search", "alphabetical order", "--json").json()
    assert "rotation" in {h["kind"] for h in rules}
