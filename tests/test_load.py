"""The loader: the shipped data is valid, and every kind of bad input gets a clear message."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import inspect
import os
import pickle
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chairship_cli import model
from chairship_cli.load import DataError, Problem, build, load, parse_toml, resolve_path
from chairship_cli.model import CONFIDENCE_LEVELS, KINDS, SCHEMA_VERSION, Dataset

from builders import data_text, make_dataset, make_term, toml_org
from conftest import DATA, ROOT, SHIPPED_IDS, Run

Runner = Callable[..., Run]

MINIMAL = data_text("minimal.toml")  # one small valid dataset


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
    assert any(e.date.precision == "month" and str(e.date) == "2017-06" for e in sco.events)


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
    second = toml_org(acronym='"XYZ"', name='"Another"')  # the same id, "abc"
    probs = problems(tmp_path, MINIMAL + second)
    assert any("duplicate organisation id 'abc'" in str(p) for p in probs)


def test_alias_shared_by_two_orgs(tmp_path: Path) -> None:
    second = toml_org(id='"xyz"', acronym='"XYZ"', name='"Xylo"')
    alias = '\n[[org.aliases]]\ntext = "alpha-beta council"\nlang = "en"\nkind = "variant"\nsources = ["https://x.example"]\n'
    probs = problems(tmp_path, MINIMAL + second + alias)
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


# --------------------------------------------------------------------------- one schema
#
# model.py's dataclasses are the one declaration of the data: each field says its TOML kind, and
# load.py derives every check from them. These tests read the declarations directly (not what
# load.py derived) and check that the loader accepts exactly the keys they declare.

RECORDS = [
    v
    for v in vars(model).values()
    if isinstance(v, type)
    and dataclasses.is_dataclass(v)
    and v.__module__ == model.__name__
    and v is not model.Sourced  # the base of the fact-bearing records, not a table of its own
]


def nested_record(f: dataclasses.Field[Any]) -> type:
    """The record class named in a field's type (``tuple[Term, ...]``, ``Rotation | None``)."""
    found = [getattr(model, w) for w in re.findall(r"\w+", str(f.type)) if w in vars(model)]
    records = [c for c in found if c in RECORDS]
    assert len(records) == 1, f.type
    return records[0]


def declared(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """The TOML keys a record's fields declare (the key of [org.names.LANG] and fields the
    loader sets are not keys)."""
    return {
        f.metadata.get("key", f.name): f
        for f in dataclasses.fields(cls)
        if f.metadata["kind"] not in ("key", "none")
    }


def test_every_dataclass_field_declares_its_toml_kind() -> None:
    assert len(RECORDS) >= 16
    for cls in RECORDS:
        for f in dataclasses.fields(cls):
            where = f"{cls.__name__}.{f.name}"
            assert f.metadata.get("kind") in KINDS, f"{where} has no TOML kind (model.toml)"
            if f.metadata["kind"] == "enum":
                assert f.metadata["values"], where
                if f.default is not dataclasses.MISSING and f.default != "":
                    assert f.default in f.metadata["values"], where
            if f.metadata["kind"] in ("table", "tables"):
                nested_record(f)


def test_every_record_is_part_of_the_document() -> None:
    seen: set[type] = set()
    todo: list[type] = [Dataset]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo += [
                nested_record(f)
                for f in dataclasses.fields(cls)
                if f.metadata["kind"] in ("table", "tables")
            ]
    assert seen == set(RECORDS)


SAMPLE: dict[str, Any] = {
    "str": "x",
    "text": "",
    "id": "x",
    "int": 1,
    "bool": True,
    "date": "2020",
    "url": "https://x.example",
    "urls": ["https://x.example"],
    "strs": ["x"],
    "themes": ["security"],
    "country": "KZ",
    "countries": ["KZ"],
    "lang": "en",
    "confidence": "verified",
    "alias_kind": "variant",
}


def full_table(cls: type) -> dict[str, Any]:
    """A table of ``cls`` with every key its fields declare, each with a value of its kind."""
    out: dict[str, Any] = {}
    for key, f in declared(cls).items():
        kind = f.metadata["kind"]
        if kind == "enum":
            out[key] = f.metadata["values"][0]
        elif kind == "tables":
            out[key] = [full_table(nested_record(f))]
        elif kind == "table":
            sub = nested_record(f)
            out[key] = {"en": full_table(sub)} if sub is model.Name else full_table(sub)
        else:
            out[key] = SAMPLE[kind]
    return out


def tables(doc: dict[str, Any], cls: type = Dataset) -> Iterator[tuple[dict[str, Any], type]]:
    """Every table of a document made by full_table, with its record class."""
    yield doc, cls
    for key, f in declared(cls).items():
        if f.metadata["kind"] not in ("table", "tables"):
            continue
        sub = nested_record(f)
        value = doc[key]
        items = value if isinstance(value, list) else [value]
        if sub is model.Name:
            items = list(value.values())
        for item in items:
            yield from tables(item, sub)


def problems_of(doc: dict[str, Any]) -> list[Problem]:
    try:
        build(doc, "", "t.toml")
    except DataError as e:
        return e.problems
    return []


def unknown_keys(probs: list[Problem]) -> Counter[str]:
    found = (re.match(r"unknown key '([^']*)'", p.message) for p in probs)
    return Counter(m.group(1) for m in found if m)


def test_every_declared_key_is_accepted() -> None:
    doc = full_table(Dataset)
    doc["schema_version"] = SCHEMA_VERSION
    assert len(list(tables(doc))) == len(RECORDS)
    assert unknown_keys(problems_of(doc)) == Counter()


def test_no_key_is_accepted_that_the_dataclasses_do_not_declare() -> None:
    """Every key of any record (and an unknown one) is refused where its fields do not declare
    it: the loader accepts no key besides the declared ones."""
    doc = full_table(Dataset)
    every_key = {k for cls in RECORDS for k in declared(cls)} | {"lang", "path", "bogus"}
    added: Counter[str] = Counter()
    for table, cls in list(tables(doc)):
        for key in sorted(every_key - set(declared(cls))):
            table[key] = "x"
            added[key] += 1
    assert unknown_keys(problems_of(doc)) == added


def test_required_keys_are_those_without_a_default() -> None:
    """Dropping a key is 'missing required key' exactly when its field has no default, unless
    the field says otherwise."""
    for cls in RECORDS:
        if cls is Dataset:
            continue
        for key, f in declared(cls).items():
            doc = full_table(Dataset)
            doc["schema_version"] = SCHEMA_VERSION
            for table, c in list(tables(doc)):
                if c is cls:
                    del table[key]
            required = f.metadata.get("required", f.default is dataclasses.MISSING)
            missing = [p for p in problems_of(doc) if p.message == f"missing required key {key!r}"]
            assert bool(missing) == required, (cls.__name__, key)


def test_the_key_tables_in_docs_are_the_model() -> None:
    """Each key table of docs/data.md (generated by cog from model.py) lists exactly the TOML
    keys of its record, required as declared, each with a meaning."""
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    blocks = re.findall(r'fields_table\("(\w+)"\)\) \]\]\] -->\n(.*?)<!-- \[\[\[end', text, re.S)
    assert {name for name, _ in blocks} == {c.__name__ for c in RECORDS}
    for name, table in blocks:
        rows = [r.split(" | ") for r in table.splitlines()[2:]]
        documented = {r[0].strip("| `"): r[2] for r in rows if r[2] != "—"}  # —: a table's name
        keys = declared(getattr(model, name))
        assert set(documented) == set(keys), name
        for key, required in documented.items():
            f = keys[key]
            want = f.metadata.get("required", f.default is dataclasses.MISSING)
            assert required == ("yes" if want else "no"), (name, key)
            assert f.metadata.get("doc"), f"{name}.{key} has no doc= (its meaning in docs/data.md)"


DOC_SECTIONS = {  # docs/data.md heading -> the records it documents
    "## Top level": (Dataset, model.Theme),
    "## `[[org]]`": (model.Org,),
    "### `[org.names.LANG]`": (model.Name,),
    "### `[[org.aliases]]`": (model.Alias,),
    "### `[[org.members]]`": (model.MemberCount,),
    "### `[org.rotation]`": (model.Rotation,),
    "### `[[org.terms]]`": (model.Term, model.Chairperson),
    "### `[[org.priorities]]`": (model.Priority,),
    "### `[[org.events]]`": (model.Event,),
    "### `[[org.claims]]`": (model.Claim,),
    "## `[[person]]`": (model.Person, model.Role),
    "## `[[correction]]`": (model.Correction,),
}


def test_every_declared_key_is_documented() -> None:
    """Each section of docs/data.md names every key of its records (`note`, allowed on any
    record, is described once under Conventions; nested tables have sections of their own)."""
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    for heading, classes in DOC_SECTIONS.items():
        assert heading in text, heading
        section = re.split(r"\n#{2,3} ", text.split(heading, 1)[1], maxsplit=1)[0]
        for cls in classes:
            for key, f in declared(cls).items():
                if key == "note" or f.metadata["kind"] in ("table", "tables"):
                    continue  # a nested table has its own section
                assert re.search(rf"`{key}`|\b{key} =", section), (heading, key)


ODD_VALUES = ['[["x"]]', "{ a = 1 }", "1.5", "true", "2024-01-01", '[1, { b = "2" }]', '""', "-3"]


def test_odd_values_are_reported_never_a_crash() -> None:
    lines = MINIMAL.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"(\w+) = ", line)
        for value in ODD_VALUES if m else ():
            text = "\n".join([*lines[:i], f"{m.group(1)} = {value}", *lines[i + 1 :]])
            with contextlib.suppress(DataError):  # reported: fine; anything else fails the test
                build(parse_toml(text, "t.toml"), text, "t.toml")


# --------------------------------------------------------------------------- events at once

EVENT_VALUES = st.sampled_from(
    [
        *("2024", "2024-05", "2024-05-20", "2024-02-30", "2023-12-31", "24-01-01", "x", ""),
        *("A summit", " A summit", "Tokyo", "verified", "disputed", "nope", "KZ", "security"),
        *("a\tb", "a\nb", "bell\x07", "rtl\u202e", "c1\x85", "back\\slash", "\u00e9t\u00e9"),
        *(["https://a.example"], ["https://a.example", "https://a.example"], ["ftp://x"]),
        *([], ["security"], ["nope"], ["x"], [" x"], [""], [1], [["x"]], {"a": 1}, 1, -1, 1.5),
        *(["a\nb"], ["https://a.example/\x1b"], True, False, 0, None),
    ]
)
EVENT_KEYS = st.sampled_from([*(f.name for f in dataclasses.fields(model.Event)), "bogus"])
PLAIN_EVENT = {
    "date": "2024-05",
    "title": "A summit",
    "confidence": "verified",
    "sources": ["https://a.example/1"],
}


def checked_events(events: list[dict[str, Any]], *, at_once: bool) -> tuple[Any, list[str]]:
    """(the cache rows, every problem) of one organisation's events, found by the loader's
    column-at-a-time path (falling back to one by one) or one by one only; the control
    characters checked as build() does."""
    from chairship_cli import load as loader

    ck = loader._Checker("t.toml", "")
    ck.theme_ids = {"security"}
    path = ("org", 0, "events")
    if at_once:
        rows = loader._check_events(ck, events, path, "t")
    else:
        rows = loader._events_one_by_one(ck, events, path, "t")
    loader._check_controls(ck, events, path, "t")
    return rows.rows(), [str(p) for p in ck.problems]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), EVENT_KEYS, EVENT_VALUES), max_size=4))
def test_events_at_once_agree_with_one_by_one(changes: list[tuple[int, str, Any]]) -> None:
    """Checking an organisation's events a column at a time gives the same rows and the same
    problems (control characters included) as checking them one by one, and it takes them
    whole only when one by one finds no problem at all."""
    from chairship_cli import load as loader

    events: list[dict[str, Any]] = [dict(PLAIN_EVENT, title=f"Summit {i}") for i in range(4)]
    for i, key, value in changes:
        if value is None:
            events[i].pop(key, None)
        else:
            events[i][key] = value
    fast = checked_events(copy.deepcopy(events), at_once=True)
    slow = checked_events(copy.deepcopy(events), at_once=False)
    assert fast == slow
    ck = loader._Checker("t.toml", "")
    ck.theme_ids = {"security"}
    if loader._events_at_once(ck, events, loader.schema(model.Event)):
        assert slow[1] == []
        assert slow[0] == [loader.event_row(e) for e in events]


# --------------------------------------------------------------------------- plain dataclasses


def test_every_record_is_a_plain_frozen_slotted_dataclass() -> None:
    """model.py declares each record with ``@dataclass(frozen=True, slots=True)`` itself (no
    home-made class factory), and the records behave so."""
    import ast

    tree = ast.parse((ROOT / "chairship_cli" / "model.py").read_text(encoding="utf-8"))
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert {c.name for c in classes} == {c.__name__ for c in RECORDS} | {"Sourced"}
    for c in classes:
        assert [ast.unparse(d) for d in c.decorator_list] == [
            "dataclass(frozen=True, slots=True)"
        ], c.name
    for cls in RECORDS:
        args = [
            f"{f.name}-value" for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING
        ]
        names = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
        a = cls(**dict(zip(names, args, strict=True)))
        assert not hasattr(a, "__dict__"), cls
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(a, names[0], "other")
        assert pickle.loads(pickle.dumps(a)) == a == copy.deepcopy(a)
        assert hash(a) == hash(dataclasses.replace(a))


def test_sourced_records_share_one_declaration_of_their_sources() -> None:
    """confidence, sources and note are declared once, on model.Sourced; every record with a
    confidence inherits them."""
    for cls in RECORDS:
        names = {f.name for f in dataclasses.fields(cls)}
        if "confidence" in names:
            assert issubclass(cls, model.Sourced), cls
            assert "confidence" not in inspect.get_annotations(cls), cls
    term = make_term("KZ", None, None, sources=("https://a.example",))
    assert (term.confidence, term.sources, term.note) == ("verified", ("https://a.example",), "")


def test_fields_compared_only_when_declared() -> None:
    a = make_dataset(warnings=("w",))
    assert a == make_dataset()
    assert hash(a) == hash(make_dataset())
