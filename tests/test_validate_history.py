"""`validate` knows time and history (issue 18): checked dates in the future, terms outside
the body's lifetime, dates with spaces, aliases that are another body's name, and labels
that claim more than their sources. Each is reported with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import data_text, toml_org
from conftest import SHIPPED_IDS, invoke

MINIMAL = data_text("minimal.toml")
TODAY = {"CHAIRSHIP_TODAY": "2026-12-01"}

SECOND_ORG = toml_org(
    id='"def"',
    acronym='"DEF"',
    name='"Delta Epsilon Forum"',
    founded='"2005"',
    headquarters='"Somewhere"',
    website='"https://def.example.org"',
    sources='["https://def.example.org/about"]',
)


def validate(tmp_path: Path, text: str, today: str = "2026-12-01") -> tuple[int, list[str]]:
    p = tmp_path / "orgs.toml"
    p.write_text(text, encoding="utf-8")
    r = invoke("validate", str(p), env={"CHAIRSHIP_TODAY": today})
    lines = r.stderr.splitlines()
    if len(lines) > 1:
        lines = [x.strip() for x in lines[1:]]
    else:
        lines = [x.removeprefix("chairship: error: invalid dataset: ") for x in lines]
    return r.code, lines


def line_of(text: str, needle: str, nth: int = 1) -> int:
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def test_minimal_is_valid(tmp_path: Path) -> None:
    assert validate(tmp_path, MINIMAL) == (0, [])


def test_checked_after_today(tmp_path: Path) -> None:
    text = MINIMAL.replace('checked = "2026-03-31"', 'checked = "2027-01-15"')
    code, lines = validate(tmp_path, text)
    f = tmp_path / "orgs.toml"
    assert code == 1
    assert lines == [f"{f}:2: checked: checked date 2027-01-15 is after today (2026-12-01)"]
    assert validate(tmp_path, text, today="2027-01-15") == (0, [])
    # a plain command still answers from it: only validate judges the clock
    r = invoke("--data", str(f), "who", "abc", "--on", "2020-06-01", "--json", env=TODAY)
    assert r.code == 0 and r.json()["chair"] == "KZ"


def test_an_organisations_checked_after_today(tmp_path: Path) -> None:
    text = MINIMAL.replace('region = "asia"', 'region = "asia"\nchecked = "2027-01"', 1)
    code, lines = validate(tmp_path, text)
    n = line_of(text, 'checked = "2027-01"')
    assert code == 1
    assert lines == [
        f"{tmp_path / 'orgs.toml'}:{n}: org 'abc': checked: checked date 2027-01 is after today"
        " (2026-12-01)"
    ]


def test_term_before_founding_and_after_dissolution(tmp_path: Path) -> None:
    text = MINIMAL.replace('start = "2020-01-01"', 'start = "1999-01-01"', 1)
    code, lines = validate(tmp_path, text)
    n = line_of(text, 'start = "1999-01-01"')
    assert code == 1
    assert lines == [
        f"{tmp_path / 'orgs.toml'}:{n}: org 'abc': terms[0].start: term of KZ starts 1999-01-01,"
        " before 'abc' was founded (2001-06-15)"
    ]
    text = MINIMAL.replace('region = "asia"', 'region = "asia"\ndissolved = "2020-06"', 1)
    code, lines = validate(tmp_path, text)
    n = line_of(text, 'start = "2021-01-01"')
    assert code == 1
    assert lines == [
        f"{tmp_path / 'orgs.toml'}:{n}: org 'abc': terms[1].start: term of CN starts 2021-01-01,"
        " after 'abc' was dissolved (2020-06)"
    ]


@pytest.mark.parametrize("spaced", [" 2020-01-01", "2020-01-01 ", "\t2020-01-01"])
def test_a_date_with_spaces_around_it(tmp_path: Path, spaced: str) -> None:
    text = MINIMAL.replace('start = "2020-01-01"', f'start = "{spaced}"'.replace("\t", "\\t"), 1)
    code, lines = validate(tmp_path, text)
    assert code == 1
    assert lines == [
        f"{tmp_path / 'orgs.toml'}:21: org 'abc': terms[0].start: {spaced!r} has spaces around"
        " the date; remove them"
    ]


def test_an_alias_that_is_another_bodys_name_is_reported_at_the_alias(tmp_path: Path) -> None:
    alias = (
        '\n[[org.aliases]]\ntext = "Delta Epsilon Forum"\nlang = "en"\nkind = "variant"\n'
        'sources = ["https://abc.example.org/a"]\n'
    )
    text = MINIMAL + alias + SECOND_ORG
    code, lines = validate(tmp_path, text)
    f = tmp_path / "orgs.toml"
    assert code == 1
    at_alias = line_of(text, 'text = "Delta Epsilon Forum"')
    at_name = line_of(text, 'name = "Delta Epsilon Forum"')
    assert (
        f"{f}:{at_alias}: org 'abc': aliases[0].text: alias 'Delta Epsilon Forum' is a name or"
        " acronym of 'def'; lookups would be ambiguous" in lines
    )
    assert any(x.startswith(f"{f}:{at_name}: org 'def': name:") for x in lines), lines
    assert len(lines) == 2


def test_verified_with_one_source(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'sources = ["https://abc.example.org/t1", "https://news.example.org/t1"]',
        'sources = ["https://abc.example.org/t1", "https://abc.example.org/t1"]',
    )
    code, lines = validate(tmp_path, text)
    n = line_of(text, 'confidence = "verified"')
    assert code == 1
    assert (
        f"{tmp_path / 'orgs.toml'}:{n}: org 'abc': terms[0].confidence: 'verified' needs two or"
        " more independent sources; this record has 1 (label it 'single-source')"
    ) in lines


@pytest.mark.parametrize("label", ["verified", "single-source"])
def test_a_rule_term_claims_no_source_label(tmp_path: Path, label: str) -> None:
    text = MINIMAL.replace(
        'start = "2021-01-01"\nconfidence = "verified"',
        f'start = "2021-01-01"\nbasis = "rule"\nconfidence = "{label}"',
    )
    code, lines = validate(tmp_path, text)
    n = line_of(text, f'confidence = "{label}"', 1 if label == "single-source" else 2)
    assert code == 1
    assert (
        f"{tmp_path / 'orgs.toml'}:{n}: org 'abc': terms[1].confidence: a term computed from the"
        " rule (basis = 'rule') is 'unverified'"
    ) in lines


def test_the_shipped_dataset_passes_the_new_checks() -> None:
    r = invoke("validate", env=TODAY)
    assert r.code == 0, r.stderr
    assert r.stdout.endswith(f": valid ({len(SHIPPED_IDS)} organisations)\n")
