"""Issue 17: bodies and people found by the names people type; hints both ways."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from chairship_cli.match import Ambiguous, find_org, find_person, name_key
from chairship_cli.model import Dataset
from chairship_cli.query import NotFound

from conftest import Run

Runner = Callable[..., Run]
TODAY = {"CHAIRSHIP_TODAY": "2026-12-03"}


@pytest.mark.parametrize(
    ("query", "org_id"),
    [
        ("African Union", "au"),
        ("AU", "au"),
        ("EU", "eu-council"),
        ("European Union", "eu-council"),
        ("Council of the EU", "eu-council"),
        ("UN Security Council", "unsc"),
        ("Security Council", "unsc"),
        ("Council of Europe", "coe-cm"),
        ("Shanghai Cooperation Organization", "sco"),
        ("Shanghai Cooperation Organisation", "sco"),
        ("shanghai  cooperation-ORGANISATION", "sco"),
        ("Organisation Shanghai Cooperation", "sco"),  # word order
        ("Turkic Council", "ots"),
        ("Shanghai", "sco"),
        ("Arctic", "arctic-council"),
        ("the Arctic Council", "arctic-council"),
        ("Aral", "ifas"),
        ("ШОС", "sco"),
        ("Совбез", "unsc"),
        ("منظمة شنغهاي للتعاون", "sco"),
        ("Turkiye", None),
    ],
)
def test_bodies_by_the_names_people_use(ds: Dataset, query: str, org_id: str | None) -> None:
    if org_id is None:
        with pytest.raises(NotFound):
            find_org(ds, query)
    else:
        assert find_org(ds, query).id == org_id


def test_an_ambiguous_name_lists_every_candidate(ds: Dataset, run: Runner) -> None:
    with pytest.raises(Ambiguous) as e:
        find_org(ds, "Council")
    ids = [i for i, _ in e.value.candidates]
    assert {"eu-council", "coe-cm", "arctic-council", "unsc", "ots", "eaeu"} <= set(ids)
    r = run("who", "Council")
    assert r.code == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1
    for i in ids:
        assert i in r.stderr
    assert "give one of these ids" in r.stderr


@pytest.mark.parametrize("cmd", [["who"], ["show"], ["next"], ["sources"], ["timeline", "--org"]])
def test_every_command_uses_the_matcher(run: Runner, cmd: list[str]) -> None:
    r = run(*cmd, "Security Council", "--json", env=TODAY)
    assert r.code == 0, r.stderr
    assert "unsc" in r.stdout
    assert run(*cmd, "Union", env=TODAY).code == 1


def test_batch_hints(run: Runner) -> None:
    from conftest import process

    p = process(
        "who", "--batch", stdin="Aral 2024-07-04\nKazakhstan 2024-07-04\nCouncil 2024-07-04\n"
    )
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert p.returncode == 1
    assert lines[0]["org"] == "ifas" and lines[0]["chair"] == "KZ"
    assert lines[1]["hint"] == "it is a country, so try: chairship country Kazakhstan"
    assert "eu-council" in lines[2]["error"] and "coe-cm" in lines[2]["error"]
    p = process("country", "--batch", stdin="sco 2024-07-04\nKZ 2024-07-04\n")
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert lines[0] == {
        "line": 1,
        "input": "sco 2024-07-04",
        "error": "no country matches 'sco'",
        "hint": "it is an organisation, so try: chairship who sco",
    }
    assert {r["org"] for r in lines[1]} >= {"csto", "ifas"}


def test_hints_both_ways(run: Runner) -> None:
    r = run("country", "sco")
    assert r.code == 1
    assert r.stderr.strip().endswith("it is an organisation, so try: chairship who sco")
    r = run("who", "Kazakhstan")
    assert r.code == 1
    assert r.stderr.strip().endswith("it is a country, so try: chairship country Kazakhstan")


@pytest.mark.parametrize(
    "query", ["Tokayev", "Tokaev", "Токаев", "Тоқаев", "tokayev", "Kassym-Jomart Tokayev"]
)
def test_people_by_surname_and_transliteration(ds: Dataset, run: Runner, query: str) -> None:
    assert find_person(ds, query).id == "tokayev"
    r = run("people", query, "--json")
    assert r.code == 0 and r.json()["name"] == "Kassym-Jomart Tokayev"


def test_transliteration_keys() -> None:
    assert name_key("Tokayev") == name_key("Tokaev") == name_key("Токаев") == name_key("Тоқаев")
    assert name_key("Zhiyenbayev") == name_key("Жиенбаев")
    assert name_key("Tokayev") != name_key("Nazarbayev")


def test_an_ambiguous_name_lists_the_people(ds: Dataset, run: Runner) -> None:
    r = run("people", "Murat")
    assert r.code == 1
    assert "nurtleu (Murat Nurtleu)" in r.stderr and "mukushev (Murat Mukushev)" in r.stderr
    with pytest.raises(NotFound):
        find_person(ds, "Mur")  # never by the start of a word


def test_completion_offers_the_body_a_word_names(ds: Dataset) -> None:
    from chairship_cli import cli

    assert [t for t, _ in cli._complete_org("Aral")] == ["ifas"]
