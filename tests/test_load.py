"""The loader: the shipped data is valid, and every kind of bad input gets a clear message."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chairship_cli.load import DataError, Problem, load, resolve_path
from chairship_cli.model import CONFIDENCE_LEVELS, Dataset

from conftest import DATA, SHIPPED_IDS, Run

Runner = Callable[..., Run]

MINIMAL = """\
schema_version = 2
checked = "2026-03-31"

[[theme]]
id = "security"
label = "Security"

[[org]]
id = "abc"
acronym = "ABC"
name = "Alpha Beta Council"
founded = "2001-06-15"
headquarters = "Nowhere"
region = "asia"
website = "https://abc.example.org"
themes = ["security"]
sources = ["https://abc.example.org/about"]

[[org.terms]]
chair = "KZ"
start = "2020-01-01"
end = "2021-01-01"
confidence = "verified"
sources = ["https://abc.example.org/t1"]

[[org.terms]]
chair = "CN"
start = "2021-01-01"
confidence = "verified"
sources = ["https://abc.example.org/t2"]

[[org.events]]
date = "2020-05"
title = "A meeting"
confidence = "single-source"
sources = ["https://abc.example.org/e1"]
"""


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing needle."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def write(tmp_path: Path, text: str | bytes, name: str = "orgs.toml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def problems(tmp_path: Path, text: str | bytes) -> list[Problem]:
    with pytest.raises(DataError) as e:
        load(write(tmp_path, text))
    return e.value.problems


def one(tmp_path: Path, text: str | bytes) -> str:
    probs = [p for p in problems(tmp_path, text) if p.severity == "error"]
    assert len(probs) == 1, probs
    return str(probs[0])


# --------------------------------------------------------------------------- the shipped data


def test_shipped_dataset_loads(ds: Dataset) -> None:
    assert [o.id for o in ds.orgs] == SHIPPED_IDS
    assert ds.warnings == ()


def test_every_fact_has_an_http_source_unless_unverified(ds: Dataset) -> None:
    records: list[tuple[str, str, tuple[str, ...]]] = []
    for o in ds.orgs:
        records.append((o.id, "verified", o.sources))
        records += [(f"{o.id} name {n.lang}", n.confidence, n.sources) for n in o.names]
        records += [(f"{o.id} term {t.chair} {t.start}", t.confidence, t.sources) for t in o.terms]
        records += [
            (f"{o.id} priority {p.text[:30]}", p.confidence, p.sources) for p in o.priorities
        ]
        records += [
            (f"{o.id} event {e.date} {e.title[:30]}", e.confidence, e.sources) for e in o.events
        ]
        records += [(f"{o.id} claim {c.id}", c.confidence, c.sources) for c in o.claims]
        records += [(f"{o.id} members", m.confidence, m.sources) for m in o.members]
        if o.rotation:
            records.append((f"{o.id} rotation", o.rotation.confidence, o.rotation.sources))
    records += [(f"person {p.id}", p.confidence, p.sources) for p in ds.people]
    records += [(f"correction {c.n}", c.confidence, c.sources) for c in ds.corrections]
    assert len(records) > 300
    for what, confidence, sources in records:
        assert confidence in CONFIDENCE_LEVELS, what
        assert all(s.startswith(("http://", "https://")) for s in sources), what
        if confidence != "unverified":
            assert sources, f"{what} has no source"


def test_every_org_has_what_issue_2_asks(ds: Dataset) -> None:
    for o in ds.orgs:
        assert {"en", "ru"} <= {n.lang for n in o.names}, o.id
        assert o.members and o.rotation and o.website.startswith("https://")
        assert o.rotation.period and o.rotation.choice and o.rotation.handover, o.id
        assert len(o.events) >= 5, o.id
        assert o.terms and o.region, o.id
    for org_id in ("sco", "csto", "cica", "ots", "ifas", "iofs"):  # the 2024 article's six
        o = ds.org(org_id)
        assert o is not None and {n.lang for n in o.names} == {"en", "ru", "kk", "ar"}
        # Kazakhstan's programmes; none for the IOFS, which Qatar chaired in 2023-2024
        assert len(o.priorities) >= (0 if org_id == "iofs" else 4), org_id


def test_no_kazakh_iofs_term_in_2024(ds: Dataset) -> None:
    iofs = ds.org("iofs")
    assert iofs is not None
    for t in iofs.terms:
        if t.chair == "KZ":
            assert t.end is not None and t.end.latest().year < 2024


def test_month_precision_is_kept(ds: Dataset) -> None:
    sco = ds.org("sco")
    assert sco is not None
    assert any(e.date.precision == "month" and str(e.date) == "2024-05" for e in sco.events)


def test_aliases_never_collide_across_orgs(ds: Dataset) -> None:
    from chairship_cli.model import lookup_texts
    from chairship_cli.textkey import fold

    owner: dict[str, str] = {}
    for o in ds.orgs:
        for text, _ in lookup_texts(o):
            assert owner.setdefault(fold(text), o.id) == o.id, text


# --------------------------------------------------------------------------- where the data comes from


def test_data_option_env_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write(tmp_path, MINIMAL)
    monkeypatch.delenv("CHAIRSHIP_DATA", raising=False)
    assert resolve_path(None).name == "orgs.toml"
    monkeypatch.setenv("CHAIRSHIP_DATA", str(p))
    assert resolve_path(None) == p
    assert resolve_path(tmp_path / "other.toml") == tmp_path / "other.toml"  # option wins


def test_cli_data_option_and_env(run: Runner, tmp_path: Path) -> None:
    p = write(tmp_path, MINIMAL)
    assert [i["id"] for i in run("--data", str(p), "list", "--json").json()] == ["abc"]
    assert [i["id"] for i in run("list", "--data", str(p), "--json").json()] == ["abc"]
    env = {"CHAIRSHIP_DATA": str(p)}
    assert [i["id"] for i in run("list", "--json", env=env).json()] == ["abc"]
    missing = str(tmp_path / "nope.toml")
    r = run("--data", missing, "list", env=env)  # the option wins over the environment
    assert r.code == 1 and "no such file" in r.stderr


# --------------------------------------------------------------------------- unreadable files


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as e:
        load(tmp_path / "missing.toml")
    assert str(e.value).endswith("missing.toml: no such file")


def test_empty_file(tmp_path: Path) -> None:
    assert one(tmp_path, "  \n").endswith("the file is empty")


def test_binary_file(tmp_path: Path) -> None:
    assert "binary" in one(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00")


def test_not_utf8(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace("Nowhere", "Nowh\u00e9re").encode("latin-1"))
    assert "orgs.toml:13" in msg and "not valid UTF-8" in msg


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError) as e:
        load(tmp_path)
    assert "is a directory" in str(e.value)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    p = write(tmp_path, MINIMAL)
    p.chmod(0)
    with pytest.raises(DataError) as e:
        load(p)
    assert "permission denied" in str(e.value)


def test_unreadable_file_via_open_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write(tmp_path, MINIMAL)

    import os

    real_open = os.open

    def deny(path: object, *args: object, **kwargs: object) -> int:
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(DataError) as e:
        load(p)
    assert "permission denied" in str(e.value)


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('acronym = "ABC"', 'acronym = "ABC'))
    n = line_of(MINIMAL, "acronym")
    assert f"orgs.toml:{n}: TOML syntax error" in msg
    assert f"line {n}, column" in msg


# --------------------------------------------------------------------------- schema problems


def test_missing_required_field(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('headquarters = "Nowhere"\n', ""))
    n = line_of(MINIMAL, "[[org]]")
    assert msg == f"{tmp_path / 'orgs.toml'}:{n}: org 'abc': missing required key 'headquarters'"


def test_wrong_type(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('themes = ["security"]', 'themes = "security"'))
    n = line_of(MINIMAL, "themes =")
    assert f"orgs.toml:{n}: org 'abc': themes: must be a list, not a string" in msg


def test_unknown_key_is_an_error_with_a_hint(tmp_path: Path) -> None:
    text = MINIMAL.replace('website = "https://abc.example.org"', 'webiste = "https://x.example"')
    msgs = [str(p) for p in problems(tmp_path, text)]
    n = line_of(MINIMAL, "website =")
    hint = "webiste: unknown key 'webiste' (did you mean 'website'?)"
    assert any(f"orgs.toml:{n}: org 'abc': {hint}" in m for m in msgs), msgs
    assert any("missing required key 'website'" in m for m in msgs)


def test_duplicate_ids(tmp_path: Path) -> None:
    second = MINIMAL.split("[[org]]", 1)[1].split("[[org.terms]]")[0]
    second = second.replace("Alpha Beta Council", "Another").replace('"ABC"', '"XYZ"')
    probs = problems(tmp_path, MINIMAL + "\n[[org]]" + second)
    assert any("duplicate organisation id 'abc'" in str(p) for p in probs)


def test_alias_shared_by_two_orgs(tmp_path: Path) -> None:
    second = MINIMAL.split("[[org]]", 1)[1].split("[[org.terms]]")[0]
    second = (
        second.replace('id = "abc"', 'id = "xyz"')
        .replace('"ABC"', '"XYZ"')
        .replace("Alpha Beta Council", "Xylo")
    )
    alias = '\n[[org.aliases]]\ntext = "alpha-beta council"\nlang = "en"\nkind = "variant"\nsources = ["https://x.example"]\n'
    probs = problems(tmp_path, MINIMAL + "\n[[org]]" + second + alias)
    msg = [str(p) for p in probs]
    assert any(
        "org 'xyz': aliases[0].text: name 'alpha-beta council' is also a name of 'abc'" in m
        for m in msg
    ), msg


@pytest.mark.parametrize("bad", ["2024-02-30", "2024-13", "24-01-01", "2024/01/01", "yesterday"])
def test_impossible_dates(tmp_path: Path, bad: str) -> None:
    msg = one(tmp_path, MINIMAL.replace('date = "2020-05"', f'date = "{bad}"'))
    assert f"orgs.toml:{line_of(MINIMAL, 'date =')}: org 'abc': events[0].date:" in msg


def test_toml_native_date_is_rejected_with_advice(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('date = "2020-05"', "date = 2020-05-01"))
    assert 'must be a date string such as "2024-07-04"' in msg


def test_end_before_start(tmp_path: Path) -> None:
    text = MINIMAL.replace('end = "2021-01-01"', 'end = "2019-01-01"')
    msg = [str(p) for p in problems(tmp_path, text)]
    assert any("terms[0].end: ends (2019-01-01) before it starts (2020-01-01)" in m for m in msg)


def test_overlapping_terms(tmp_path: Path) -> None:
    text = MINIMAL.replace('start = "2021-01-01"', 'start = "2020-06-01"')
    msg = one(tmp_path, text)
    assert (
        "org 'abc': terms[1].start: term of CN starting 2020-06-01 overlaps the term of KZ ending 2021-01-01"
        in msg
    )


def test_unknown_theme_lists_valid_ones(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('themes = ["security"]', 'themes = ["securty"]'))
    assert "unknown theme 'securty' (valid: security)" in msg


def test_bad_country_code(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('chair = "KZ"', 'chair = "XX"'))
    assert (
        "orgs.toml:20: org 'abc': terms[0].chair: 'XX' is not an ISO 3166-1 alpha-2 country code"
        in msg
    )


@pytest.mark.parametrize(
    "bad", ["ftp://abc.example.org/x", "abc.example.org", "javascript:alert(1)", "https://"]
)
def test_bad_source_url(tmp_path: Path, bad: str) -> None:
    msg = one(
        tmp_path,
        MINIMAL.replace('sources = ["https://abc.example.org/e1"]', f'sources = ["{bad}"]'),
    )
    assert "events[0].sources[0]:" in msg and "is not an http(s) URL" in msg


def test_fact_without_sources(tmp_path: Path) -> None:
    msg = one(tmp_path, MINIMAL.replace('sources = ["https://abc.example.org/e1"]', "sources = []"))
    assert "events[0].sources: needs at least one http(s) source URL" in msg


def test_unverified_fact_may_lack_sources(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'confidence = "single-source"\nsources = ["https://abc.example.org/e1"]',
        'confidence = "unverified"\nsources = []',
    )
    assert load(write(tmp_path, text)).orgs[0].events[0].confidence == "unverified"


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace('chair = "KZ"', 'chair = "XX"')
        .replace('date = "2020-05"', 'date = "2020-02-30"')
        .replace('website = "https://abc.example.org"', 'website = "abc"')
        .replace('themes = ["security"]', 'themes = ["nope"]')
    )
    probs = problems(tmp_path, text)
    fields = sorted(p.field for p in probs)
    assert fields == ["events[0].date", "terms[0].chair", "themes[0]", "website"]
    assert all(p.line for p in probs)


def test_validate_command_reports_all(run: Runner, tmp_path: Path) -> None:
    p = write(
        tmp_path,
        MINIMAL.replace('chair = "KZ"', 'chair = "XX"').replace('date = "2020-05"', 'date = "x"'),
    )
    r = run("validate", str(p))
    assert r.code == 1 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0] == "chairship: error: invalid dataset: 2 problems"
    assert len(lines) == 3 and all("orgs.toml:" in line for line in lines[1:])
    j = run("validate", str(p), "--json")
    assert j.code == 1 and j.json()["valid"] is False and len(j.json()["problems"]) == 2
    ok = run("validate", str(write(tmp_path, MINIMAL, "ok.toml")), "--json")
    assert ok.code == 0 and ok.json()["valid"] is True


def test_every_command_gives_the_same_data_error(run: Runner, tmp_path: Path) -> None:
    p = write(tmp_path, MINIMAL.replace('chair = "KZ"', 'chair = "XX"'))
    expected = run("validate", str(p)).stderr
    for args in (["list"], ["show", "abc"], ["timeline"], ["who", "abc"], ["themes"]):
        r = run("--data", str(p), *args)
        assert r.code == 1 and r.stderr == expected and r.stdout == ""
        assert "Traceback" not in r.stderr


def test_huge_argument_strings(run: Runner) -> None:
    huge = "x" * 200_000
    for args in (["show", huge], ["who", huge], ["country", huge], ["people", huge]):
        r = run(*args)
        assert r.code == 1, args[0]
        assert len(r.stderr) < 300
    r = run("search", huge, "--json")
    assert r.code == 0 and r.json() == []
    r = run("timeline", "--year", huge)
    assert r.code == 2 and len(r.stderr) < 300


def test_shipped_file_is_the_default(ds: Dataset) -> None:
    assert Path(ds.path).read_bytes() == DATA.read_bytes()
