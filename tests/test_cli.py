"""Every command in its three modes (terminal, piped, --json), errors and exit codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from chairship_cli import __version__
from chairship_cli.render.shapes import TIMELINE_ITEM, headers

from conftest import SHIPPED_IDS, Run

TIMELINE_COLUMNS = headers(TIMELINE_ITEM)

Runner = Callable[..., Run]
ANSI = re.compile(r"\x1b\[")
COMMANDS = (
    "list",
    "show",
    "themes",
    "timeline",
    "who",
    "country",
    "sources",
    "corrections",
    "search",
    "people",
    "export",
    "validate",
)
BOX = re.compile(r"[─│┃━┏┓└┘╭╮╰╯]")


def assert_plain(r: Run) -> None:
    assert r.code == 0, r.stderr
    assert not ANSI.search(r.stdout)
    assert not BOX.search(r.stdout)


# --------------------------------------------------------------------------- basics


def test_version(run: Runner) -> None:
    r = run("--version")
    assert r.code == 0
    assert r.stdout == f"chairship {__version__}\n"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(run: Runner, flag: str) -> None:
    r = run(flag)
    assert r.code == 0
    for cmd in COMMANDS:
        assert cmd in r.stdout
    assert "Exit codes" in r.stdout


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help(run: Runner, cmd: str) -> None:
    r = run(cmd, "-h")
    assert r.code == 0
    assert "Usage: chairship " + cmd in r.stdout


def test_no_args_shows_help(run: Runner) -> None:
    r = run()
    assert "Usage: chairship" in r.stdout + r.stderr


# --------------------------------------------------------------------------- list


def test_list_json_contract(run: Runner) -> None:
    r = run("list", "--json")
    assert r.code == 0 and r.stderr == ""
    items = r.json()
    assert [i["id"] for i in items] == SHIPPED_IDS
    sco = items[0]
    assert sco["acronym"] == "SCO"
    assert sco["name"] == "Shanghai Cooperation Organisation"
    assert "security" in sco["themes"]
    assert set(sco) >= {"id", "acronym", "name", "themes", "current_chair"}


def test_list_json_is_utf8_not_escaped(run: Runner) -> None:
    r = run("list", "--json", "--lang", "ar")
    assert "منظمة شنغهاي للتعاون" in r.stdout
    assert "\\u0645" not in r.stdout


def test_list_piped_is_tsv(run: Runner) -> None:
    r = run("list")
    assert_plain(r)
    lines = r.stdout.splitlines()
    assert len(lines) == len(SHIPPED_IDS)
    first = lines[0].split("\t")
    assert first[:3] == ["sco", "SCO", "Shanghai Cooperation Organisation"]
    assert first[-3:] == ["KG", "2025-09-01", "overdue"]  # chair now, since, status


def test_list_terminal_is_a_table(run: Runner) -> None:
    r = run("list", tty=True, env={"CHAIRSHIP_TODAY": "2026-12-01", "COLUMNS": "80"})
    assert r.code == 0
    assert "Kyrgyzstan (KG)" in r.stdout and "overdue" in r.stdout
    assert "Kazakhstan in 2024" not in r.stdout  # that question is `country KZ --year 2024`
    assert BOX.search(r.stdout) or "─" in r.stdout
    assert "projected: computed from the rule" in r.stdout  # the status legend
    plain = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
    assert max(len(line) for line in plain.splitlines()) <= 80


@pytest.mark.parametrize("theme", ["water", "WATER", "Water"])
def test_list_theme_is_case_insensitive(run: Runner, theme: str) -> None:
    r = run("list", "--theme", theme, "--json")
    assert r.code == 0
    assert [i["id"] for i in r.json()] == ["sco", "ifas", "iofs"]


def test_list_theme_security(run: Runner) -> None:
    ids = [i["id"] for i in run("list", "--theme", "security", "--json").json()]
    assert "csto" in ids and "iofs" not in ids


def test_list_unknown_theme_is_usage_error(run: Runner) -> None:
    r = run("list", "--theme", "nonsense")
    assert r.code == 2
    assert r.stdout == ""
    assert "security, environment, food, water" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_list_lang_ru(run: Runner) -> None:
    items = run("list", "--json", "--lang", "ru").json()
    assert items[0]["name"] == "Шанхайская организация сотрудничества"
    assert items[0]["acronym"] == "ШОС"


def test_unknown_lang_is_usage_error(run: Runner) -> None:
    r = run("list", "--lang", "xx")
    assert r.code == 2
    assert "--lang" in r.stderr


# --------------------------------------------------------------------------- show


def test_show_json_contract(run: Runner) -> None:
    r = run("show", "sco", "--json")
    assert r.code == 0
    d = r.json()
    assert d["id"] == "sco" and d["name"] == "Shanghai Cooperation Organisation"
    assert d["names"]["ru"]["name"] == "Шанхайская организация сотрудничества"
    assert {"en", "ru", "kk", "ar"} <= set(d["names"])
    kz = [t for t in d["terms"] if t["chair"] == "KZ" and t["start"] == "2023-07-04"]
    assert kz and kz[0]["end"] == "2024-07-04"
    assert all(t["sources"] for t in d["terms"])
    assert len(d["priorities"]) >= 4
    for p in d["priorities"]:
        assert set(p) >= {"text", "themes", "sources", "confidence"}
    for e in d["events"]:
        assert set(e) >= {"date", "title", "place", "sources", "confidence"}
    assert any(e["date"] == "2024-07-03" and e["end"] == "2024-07-04" for e in d["events"])
    assert d["rotation"]["text"]


def test_show_iofs_never_says_kazakhstan_chaired_in_2024(run: Runner) -> None:
    d = run("show", "iofs", "--json").json()
    for t in d["terms"]:
        if t["chair"] == "KZ":
            assert t["end"] is not None and t["end"] < "2023"
    claim = [c for c in d["claims"] if "2024" in c["claim"]]
    assert claim and claim[0]["confidence"] == "disputed"
    assert "Kazinform" in claim[0]["asserted_by"]
    assert "Qatar" in claim[0]["record"]


def test_show_by_any_name(run: Runner) -> None:
    assert run("show", "ШОС", "--json").json()["id"] == "sco"
    assert run("show", "Turkic Council", "--json").json()["id"] == "ots"


def test_show_terminal(run: Runner) -> None:
    r = run("show", "csto", tty=True)
    assert r.code == 0
    assert "Collective Security Treaty Organization" in r.stdout
    assert "Chair history" in r.stdout and "Priorities" in r.stdout
    assert "Events" not in r.stdout and "--section events" in r.stdout  # a section away
    assert "V verified" in r.stdout  # the legend
    assert "Events" in run("show", "csto", "--section", "events", tty=True).stdout


def test_show_sources_inline(run: Runner) -> None:
    r = run("show", "csto", "--sources", tty=True)
    assert r.code == 0
    assert "Sources" in r.stdout
    assert "https://daryo.uz/en/2023/11/24/" in r.stdout


def test_show_piped(run: Runner) -> None:
    r = run("show", "ifas")
    assert_plain(r)
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert ["id", "ifas"] in rows  # field<TAB>value, as the JSON's paths
    last = max(int(k[6:].split("]")[0]) for k, *_ in rows if k.startswith("terms["))
    assert [f"terms[{last}].chair", "KZ"] in rows
    assert [f"terms[{last}].end", "2026-12-31"] in rows


def test_show_unknown_org(run: Runner) -> None:
    r = run("show", "scoo")
    assert r.code == 1
    assert r.stdout == ""
    assert r.stderr.strip() == "chairship: error: no organisation matches 'scoo'; did you mean sco?"


# --------------------------------------------------------------------------- themes


def test_themes_json_counts(run: Runner) -> None:
    items = {t["id"]: t for t in run("themes", "--json").json()}
    assert set(items) >= {"security", "environment", "food", "water"}
    assert items["food"]["orgs"] == ["iofs"]
    assert items["security"]["org_count"] >= 4


def test_themes_piped_and_terminal(run: Runner) -> None:
    r = run("themes")
    assert_plain(r)
    assert r.stdout.splitlines()[0].split("\t")[0] == "security"
    assert "Organisations" in run("themes", tty=True).stdout


# --------------------------------------------------------------------------- timeline


def test_timeline_year_json(run: Runner) -> None:
    items = run("timeline", "--year", "2024", "--json").json()
    dates = [i["date"] for i in items]
    assert dates == sorted(dates)
    summit = [i for i in items if i["org"] == "sco" and i["date"] == "2024-07-03"]
    assert summit and summit[0]["place"] == "Astana, Kazakhstan"
    assert set(summit[0]) >= {"date", "org", "title", "place", "sources"}
    assert any(
        i["kind"] == "handover" and i["org"] == "csto" and i["date"] == "2024-01-01" for i in items
    )


def test_timeline_from_to(run: Runner) -> None:
    items = run("timeline", "--from", "2024-07-01", "--to", "2024-07-31", "--json").json()
    assert items and all(i["date"] <= "2024-07-31" for i in items)
    assert {i["org"] for i in items} >= {"sco"}


def test_timeline_org_whole_history(run: Runner) -> None:
    items = run("timeline", "--org", "OTS", "--json").json()
    assert {i["org"] for i in items} == {"ots"}
    assert items[0]["date"] < "2015"


def test_timeline_empty_is_empty_list(run: Runner) -> None:
    r = run("timeline", "--year", "1950", "--json")
    assert r.code == 0 and r.stdout.strip() == "[]"
    r = run("timeline", "--year", "1950")
    assert r.code == 0 and r.stdout == ""


def test_timeline_piped_one_line_per_item(run: Runner) -> None:
    r = run("timeline", "--year", "2024")
    assert_plain(r)
    for line in r.stdout.splitlines():
        cols = line.split("\t")
        assert len(cols) == len(TIMELINE_COLUMNS)  # the columns documented in docs/reference.md
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", cols[0])


def test_timeline_terminal(run: Runner) -> None:
    r = run("timeline", "--year", "2024", "--org", "csto", tty=True)
    assert r.code == 0
    assert "Timeline 2024" in r.stdout
    assert "Kazakhstan takes the chair" in r.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["timeline", "--year", "abc"], "--year"),
        (["timeline", "--from", "2024-02-30"], "--from"),
        (["who", "sco", "--on", "2024-02-30"], "--on"),
        (["timeline", "--from", "2024-05"], "--from"),
        (["timeline", "--from", "2024-07-01", "--to", "2024-06-01"], "before"),
    ],
)
def test_bad_dates_are_usage_errors(run: Runner, args: list[str], needle: str) -> None:
    r = run(*args)
    assert r.code == 2
    assert needle in r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr


# --------------------------------------------------------------------------- who / country


def test_who_json_contract(run: Runner) -> None:
    d = run("who", "sco", "--on", "2024-01-15", "--json").json()
    assert d["org"] == "sco" and d["on"] == "2024-01-15"
    assert d["chair"] == "KZ" and d["chair_name"] == "Kazakhstan"
    assert d["term"]["start"] == "2023-07-04" and d["term"]["end"] == "2024-07-04"
    assert d["previous"]["chair"] == "IN" and d["next"]["chair"] == "CN"
    assert d["uncertain"] is False
    assert d["sources"]


def test_who_no_chair_is_null_exit_0(run: Runner) -> None:
    r = run("who", "csto", "--on", "2013-06-01", "--json")
    assert r.code == 0
    d = r.json()
    assert d["chair"] is None and d["term"] is None
    assert d["previous"]["chair"] == "KZ"


def test_who_uncertain_flag_and_terminal_note(run: Runner) -> None:
    assert run("who", "ifas", "--on", "2020-03-01", "--json").json()["uncertain"] is True
    r = run("who", "ifas", "--on", "2020-03-01", tty=True)
    assert "uncertain: this term's start is known only as 2020" in r.stdout


def test_who_piped(run: Runner) -> None:
    r = run("who", "ots", "--on", "2024-11-06")
    assert_plain(r)
    assert r.stdout.split("\t")[:6] == [
        "ots",
        "2024-11-06",
        "KG",
        "2024-11-06",
        "2025-10-07",
        "recorded",
    ]


def test_country_json(run: Runner) -> None:
    items = run("country", "Kazakhstan", "--year", "2024", "--json").json()
    assert sorted(i["org"] for i in items) == [
        "ca-consultative",
        "cica",
        "csto",
        "ifas",
        "ots",
        "sco",
    ]
    assert all(i["chair"] == "KZ" for i in items)
    assert set(items[0]) >= {"org", "chair", "start", "end"}


def test_country_on_day(run: Runner) -> None:
    items = run("country", "kz", "--on", "2022-06-01", "--json").json()
    assert sorted(i["org"] for i in items) == ["cica", "cis", "iofs"]


def test_country_terminal_and_piped(run: Runner) -> None:
    r = run("country", "KZ", "--year", "2024", tty=True)
    assert "Chairmanships of Kazakhstan (KZ) in 2024" in r.stdout
    assert_plain(run("country", "KZ", "--year", "2024"))


def test_country_unknown(run: Runner) -> None:
    r = run("country", "Atlantis")
    assert r.code == 1 and r.stdout == ""
    assert "no country matches 'Atlantis'" in r.stderr


# --------------------------------------------------------------------------- provenance


def test_sources_json(run: Runner) -> None:
    items = run("sources", "csto", "--json").json()
    assert items and all(i["url"].startswith("http") for i in items)
    assert all(i["orgs"] == ["csto"] for i in items)
    assert any(any("priority" in s for s in i["supports"]) for i in items)


def test_corrections_json(run: Runner) -> None:
    items = run("corrections", "--json").json()
    assert len(items) == 37
    first = items[0]
    assert set(first) >= {"seed", "literal", "correct", "sources"}
    assert first["seed"] == "الصندوق الدولي لإنقاذ الجزر"
    assert "Aral" in first["correct"]
    unctad = [c for c in items if "UNCTAD" in c["literal"]]
    assert unctad and "CICA" in unctad[0]["correct"]


def test_corrections_terminal_and_piped(run: Runner) -> None:
    assert "Translation errors in the seed" in run("corrections", tty=True).stdout
    assert_plain(run("corrections"))


def test_search_json(run: Runner) -> None:
    hits = run("search", "Aral", "--json").json()
    kinds = {h["kind"] for h in hits}
    assert {"org", "correction"} <= kinds
    assert all(set(h) >= {"kind", "org", "ref", "field", "matched"} for h in hits)


def test_search_no_match(run: Runner) -> None:
    r = run("search", "zzzzqqq", "--json")
    assert r.code == 0 and r.json() == []


def test_people(run: Runner) -> None:
    d = run("people", "Smadiyarov", "--json").json()
    assert d["id"] == "smadiyarov"
    assert "أيبك سمادياروف" in d["seed_forms"]
    assert any(e["org"] == "sco" for e in d["events"])
    r = run("people", "nobody-at-all")
    assert r.code == 1


def test_validate_shipped(run: Runner) -> None:
    r = run("validate")
    assert r.code == 0
    assert f"valid ({len(SHIPPED_IDS)} organisations)" in r.stdout


# --------------------------------------------------------------------------- export


def test_export_csv_to_stdout(run: Runner) -> None:
    r = run("export", "--format", "csv", "--org", "csto", "--year", "2024")
    assert r.code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == ",".join(TIMELINE_COLUMNS)  # exactly `timeline --format csv`
    assert any(line.startswith("2024-11-28,,csto,event,") for line in lines)
    same = run("timeline", "--format", "csv", "--org", "csto", "--year", "2024")
    assert r.stdout == same.stdout  # one CSV writer for both


def test_export_sqlite_needs_output_and_force(run: Runner, tmp_path: Path) -> None:
    r = run("export", "--format", "sqlite", tty=True)  # binary, not for a terminal
    assert r.code == 2 and "redirect stdout or give --output PATH" in r.stderr
    db = tmp_path / "c.db"
    assert run("export", "-f", "sqlite", "-o", str(db)).code == 0
    size = db.stat().st_size
    r = run("export", "-f", "sqlite", "-o", str(db), "--org", "sco")
    assert r.code == 1 and "exists; use --force" in r.stderr
    assert db.stat().st_size == size
    assert run("export", "-f", "sqlite", "-o", str(db), "--org", "sco", "--force").code == 0
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from organisations").fetchone() == (1,)


def test_export_bad_format(run: Runner) -> None:
    r = run("export", "--format", "pdf")
    assert r.code == 2 and "--format" in r.stderr


# --------------------------------------------------------------------------- timeline --chart


def test_timeline_chart_terminal(run: Runner) -> None:
    r = run(
        "timeline",
        "--chart",
        "--org",
        "sco",
        "--from",
        "2015-01-01",
        "--to",
        "2025-12-31",
        tty=True,
    )
    assert r.code == 0, r.stderr
    assert "\x1b[" in r.stdout  # styled on a terminal
    plain = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
    row = next(line for line in plain.splitlines() if line.startswith("SCO"))
    assert row.index("IN") < row.rindex("KZ") < row.rindex("CN")
    assert "2024" in plain and "chair term" in plain


def test_timeline_chart_piped_is_plain(run: Runner) -> None:
    r = run("timeline", "--chart")
    assert r.code == 0
    assert "\x1b[" not in r.stdout
    assert [
        line[:4].strip()
        for line in r.stdout.splitlines()
        if line[:4].strip() in {"SCO", "CSTO", "CICA", "OTS", "IFAS", "IOFS"}
    ] == ["SCO", "CSTO", "CICA", "OTS", "IFAS", "IOFS"]


def test_timeline_chart_and_json_conflict(run: Runner) -> None:
    r = run("timeline", "--chart", "--json")
    assert r.code == 2 and "--chart" in r.stderr


def test_terminal_lists_of_urls_are_real_lines(run: Runner) -> None:
    r = run("people", "orazbay", tty=True, env={"NO_COLOR": "1"})
    assert "\\x0a" not in r.stdout  # newlines between URLs are layout, not data to escape
    assert "(unverified)" in r.stdout  # the seed-only meeting keeps its label
    assert "\\x0a" not in run("sources", "ifas", tty=True).stdout
