"""Issue 17: --lang changes the names a reader sees, in every format."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest
from rich.cells import cell_len

from chairship_cli.i18n import Untranslated, person_name, script_lang
from chairship_cli.model import Dataset

from conftest import Run

Runner = Callable[..., Run]
ENV = {"CHAIRSHIP_TODAY": "2026-12-01", "COLUMNS": "80", "NO_COLOR": "1"}


def test_list_in_arabic_shows_arabic_country_names(run: Runner) -> None:
    rows = run("list", "--lang", "ar", "--json", env=ENV).json()
    csto = next(r for r in rows if r["id"] == "csto")
    assert csto["current_chair"]["chair_name"] == "روسيا"
    assert csto["name"] == "منظمة معاهدة الأمن الجماعي"
    table = run("list", "--lang", "ar", tty=True, env=ENV).stdout
    assert "روسيا (RU)" in table
    assert "Russia" not in table


def test_country_names_change_in_tsv_and_csv(run: Runner) -> None:
    tsv = run("list", "--lang", "ru", env=ENV).stdout.splitlines()
    assert tsv[0].split("\t")[:2] == ["sco", "ШОС"]
    table = run("next", "csto", "--lang", "ru", tty=True, env=ENV).stdout
    assert "Россия (RU)" in table and "Таджикистан" in table
    rows = list(
        csv.reader(io.StringIO(run("country", "KZ", "--lang", "kk", "--format", "csv").stdout))
    )
    sco = next(r for r in rows if r[0] == "sco")
    assert sco[1] == "ШЫҰ" and sco[2] == "Шанхай ынтымақтастық ұйымы"


def test_who_names_chairs_in_the_language(run: Runner) -> None:
    a = run("who", "csto", "--lang", "kk", "--json", env=ENV).json()
    assert a["chair_name"] == "Ресей"
    assert a["next"]["chair_name"] == "Тәжікстан"
    page = run("who", "csto", "--lang", "ru", tty=True, env=ENV).stdout
    assert "ОДКБ chair on 2026-12-01" in page and "Россия (RU)" in page


def test_missing_names_are_english_marked_and_explained(run: Runner) -> None:
    rows = run("country", "KZ", "--year", "2024", "--lang", "ar", "--json").json()
    ca = next(r for r in rows if r["org"] == "ca-consultative")
    assert ca["org_name"] == "Consultative Meeting of the Heads of State of Central Asia"
    table = run("country", "KZ", "--year", "2024", "--lang", "ar", tty=True, env=ENV).stdout
    assert "CA Consultative Meeting *" in table.replace("\n                    ", " ")
    assert "* no name in 'ar' recorded: shown in English" in table
    english = run("country", "KZ", "--year", "2024", tty=True, env=ENV).stdout
    assert "*" not in english


def test_people_names_from_the_dataset(ds: Dataset, run: Runner) -> None:
    tokayev = ds.person("tokayev")
    assert tokayev is not None
    assert person_name(tokayev, "ru") == "Касым-Жомарт Токаев"
    assert person_name(tokayev, "kk") == "Қасым-Жомарт Тоқаев"
    nurtleu = ds.person("nurtleu")
    assert nurtleu is not None and isinstance(person_name(nurtleu, "ru"), Untranslated)
    assert run("people", "tokayev", "--lang", "kk", "--json").json()["name"] == (
        "Қасым-Жомарт Тоқаев"
    )
    assert script_lang("أيبك صمادياروف") == "ar"


def test_right_to_left_names_line_up(run: Runner) -> None:
    lines = run("list", "--lang", "ar", tty=True, env=ENV).stdout.splitlines()
    rows = [line for line in lines[1:] if re.search(r"\d{4}-\d{2}", line)]
    assert len(rows) > 10
    starts = set()
    for line in rows:
        found = re.search(r"\d{4}-\d{2}", line)
        assert found is not None
        starts.add(cell_len(line[: found.start()]))
    assert len(starts) == 1, starts  # the dates start in the same column on every row
    assert any("\u2068" in line for line in rows)  # each right-to-left name is isolated


@pytest.mark.parametrize("cmd", [["list"], ["next", "sco"], ["who", "sco"], ["country", "KZ"]])
def test_help_says_what_stays_english(run: Runner, cmd: list[str]) -> None:
    out = " ".join(run(*cmd, "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Column headers, statuses and the legend stay in English" in out


def test_timeline_hand_overs_name_countries_in_the_language(run: Runner) -> None:
    items = run("timeline", "--year", "2024", "--org", "csto", "--lang", "ru", "--json").json()
    handover = next(i for i in items if i["kind"] == "handover")
    assert handover["title"] == "Казахстан takes the chair from Беларусь"
    english = run("timeline", "--year", "2024", "--org", "csto", "--json").json()
    assert english[0]["title"] == "Kazakhstan takes the chair from Belarus"


def test_batch_answers_name_chairs_in_the_language() -> None:
    import json

    from conftest import process

    p = process("who", "--batch", "--lang", "ru", stdin="csto 2024-07-04\n")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["chair_name"] == "Казахстан"
