"""docs/schema/*.json (JSON Schema 2020-12) describe the real --json output of every command.

The files are generated from chairship_cli/render/shapes.py (scripts/gen_schemas.py) and a test
fails when they drift. Each file is self-contained: plain `jsonschema.validate` works on it with
no registry. Real output of many invocations is validated; deliberately broken instances must
fail, so these tests can fail; and every key the program prints must be declared.
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from chairship_cli.cli import app
from chairship_cli.load import parse_toml
from chairship_cli.render.shapes import COMMANDS

from conftest import DATA, ROOT, Run

Runner = Callable[..., Run]

SCHEMA_DIR = ROOT / "docs" / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = sorted(p.stem for p in SCHEMA_DIR.glob("*.json"))
HERE = "urn:chairship-schema"

# Ids for parametrizing, read from the shipped TOML at collection time. Not through load(): it
# writes the compiled cache, and conftest points the cache at a temporary directory only later.
_SHIPPED = parse_toml(DATA.read_text(encoding="utf-8"), str(DATA))
ORG_IDS = [str(o["id"]) for o in _SHIPPED["org"]]
PERSON_IDS = [str(p["id"]) for p in _SHIPPED.get("person", [])]


# --------------------------------------------------------------------------- loading the schemas


@functools.cache
def schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for name in SCHEMA_FILES:
        out[name] = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return out


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schemas()[name])


def errors(name: str, instance: Any) -> list[str]:
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(map(str, e.path)))
    return [f"{e.json_path}: {e.message[:300]}" for e in found]


def assert_valid(name: str, instance: Any) -> None:
    problems = errors(name, instance)
    assert not problems, f"output does not match docs/schema/{name}.json:\n" + "\n".join(problems)


def refs(node: Any) -> Iterator[str]:
    """Every "$ref" value in a schema document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


# --------------------------------------------------------------------------- the schemas themselves


def test_schema_files_are_generated_from_the_shapes() -> None:
    """docs/schema is what scripts/gen_schemas.py writes from render/shapes.py, file for file."""
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_schemas.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted([*COMMANDS, *(f"{c}-batch" for c in BATCH_FILES)]) == SCHEMA_FILES


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = schemas()[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["title"].strip() and schema["description"].strip()


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_each_file_is_self_contained(name: str) -> None:
    """Only local references, each resolving inside the file: no registry, no network."""
    registry: Registry[Any] = Registry().with_resource(
        HERE, Resource.from_contents(schemas()[name])
    )
    resolver = registry.resolver(base_uri=HERE)
    for ref in refs(schemas()[name]):
        assert ref.startswith("#/$defs/"), ref
        resolver.lookup(ref)  # raises referencing.exceptions.Unresolvable


def test_plain_jsonschema_validate_works(run: Runner) -> None:
    """What a user runs, exactly: jsonschema.validate(data, json.load(open(file)))."""
    with open(SCHEMA_DIR / "list.json", encoding="utf-8") as f:
        jsonschema.validate(real(run, "list"), json.load(f))


def test_objects_allow_new_keys() -> None:
    """The contract says keys may be added: no schema may forbid unknown keys."""
    for name, schema in schemas().items():
        text = json.dumps(schema)
        assert '"additionalProperties": false' not in text, name
        assert '"unevaluatedProperties": false' not in text, name


def test_every_json_command_has_a_schema() -> None:
    for info in app.registered_commands:
        assert info.callback is not None
        cmd = info.name or info.callback.__name__
        if "json" in inspect.signature(info.callback).parameters:
            assert cmd in SCHEMA_FILES, f"'{cmd} --json' has no docs/schema/{cmd}.json"


# --------------------------------------------------------------------------- real output

Case = tuple[str, tuple[str, ...], dict[str, str | None] | None, int]

BEFORE_ANY = {"CHAIRSHIP_TODAY": "1900-01-01"}  # before every founding: no chair, unknown

CASES: list[Case] = [
    ("list", (), None, 0),
    ("list", ("--theme", "water"), None, 0),
    ("list", ("--lang", "ru"), None, 0),
    ("list", ("--lang", "ar"), None, 0),
    ("list", (), BEFORE_ANY, 0),
    *[("show", (org,), None, 0) for org in ORG_IDS],
    *[("show", (org, "--lang", "kk"), {"CHAIRSHIP_TODAY": "2024-07-04"}, 0) for org in ORG_IDS],
    ("show", ("sco",), BEFORE_ANY, 0),
    ("show", ("ШОС", "--lang", "ar"), None, 0),
    ("timeline", (), None, 0),
    ("timeline", ("--year", "2024"), None, 0),
    ("timeline", ("--org", "csto"), None, 0),
    ("timeline", ("--theme", "water"), None, 0),
    ("timeline", ("--from", "2024-06-01", "--to", "2024-07-31"), None, 0),
    ("timeline", ("--year", "1900"), None, 0),
    ("who", ("sco", "--on", "2024-06-01"), None, 0),
    ("who", ("sco", "--on", "2024-07-04"), None, 0),  # a hand-over day
    ("who", ("csto", "--on", "2013-06-01"), None, 0),
    ("who", ("iofs", "--on", "2019-06-01"), None, 0),
    ("who", ("sco", "--on", "1990-01-01"), None, 0),
    *[("who", (org,), None, 0) for org in ORG_IDS],
    *[("next", (org,), None, 0) for org in ORG_IDS],
    ("next", ("csto", "--on", "2024-07-04", "--limit", "3"), None, 0),
    ("country", ("KZ",), None, 0),
    ("country", ("KZ", "--year", "2024"), None, 0),
    ("country", ("KZ", "--on", "2024-07-04"), None, 0),
    ("country", ("Türkiye",), None, 0),
    ("country", ("KZ", "--year", "1900"), None, 0),
    ("search", ("Aral",), None, 0),
    ("search", ("tokayev",), None, 0),
    ("search", ("ШОС",), None, 0),
    ("search", ("no such text anywhere",), None, 0),
    ("sources", (), None, 0),
    *[("sources", (org,), None, 0) for org in ORG_IDS],
    ("corrections", (), None, 0),
    ("themes", (), None, 0),
    ("people", (), None, 0),
    *[("people", (person,), None, 0) for person in PERSON_IDS],
    ("validate", (), None, 0),
    ("validate", ("/nonexistent/chairship/orgs.toml",), None, 1),
    ("upcoming", (), {"CHAIRSHIP_TODAY": "2026-12-01"}, 0),  # overdue, month- and year-dated
    ("upcoming", ("--from", "2015-01-01", "--months", "24"), None, 0),  # recorded hand-overs
    ("upcoming", ("--country", "KZ", "--months", "36", "--lang", "kk"), None, 0),
]


def case_id(case: Case) -> str:
    name, args, env, _code = case
    today = f"@{env['CHAIRSHIP_TODAY']}" if env else ""
    return " ".join((name, *args)) + today


def real(run: Runner, *args: str, env: Any = None, code: int = 0) -> Any:
    """`chairship ARGS --json`, in process: the parsed output, after checking the exit code."""
    r = run(*args, "--json", env=env)
    assert r.code == code, r.stderr
    assert r.stderr == ""
    return r.json()


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_real_output_matches_schema(run: Runner, case: Case) -> None:
    name, args, env, code = case
    assert_valid(name, real(run, name, *args, env=env, code=code))


# `CMD --batch` output lines: (command, stdin), each validated against CMD-batch.json.
BATCH_FILES = {
    "who": "sco 2024-07-04\nunsc 2025-03-01\nnope 2024-01-01\nsco\n",
    "country": "KZ 2024-07-04\nXX 2024-01-01\nKZ 1900-01-01\n",
}


@pytest.mark.parametrize("command", sorted(BATCH_FILES))
def test_batch_lines_match_the_batch_schema(command: str) -> None:
    from conftest import process

    p = process(
        command, "--batch", stdin=BATCH_FILES[command], env={"CHAIRSHIP_TODAY": "2026-12-01"}
    )
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert len(lines) == 3 if command == "country" else len(lines) == 4
    assert any("error" in x for x in lines) and not all("error" in x for x in lines)
    for x in lines:
        assert_valid(f"{command}-batch", x)


def test_every_schema_file_is_used_by_a_test() -> None:
    direct = {name for name, *_ in CASES} | {name for name, *_ in BROKEN}
    direct |= {f"{c}-batch" for c in BATCH_FILES}
    unused = set(SCHEMA_FILES) - direct
    assert not unused, f"no test validates against docs/schema/{sorted(unused)}"


# The branches the brief singles out, checked to really be the branch they claim to be.


def test_who_without_a_recorded_chair(run: Runner) -> None:
    d = real(run, "who", "csto", "--on", "2003-06-01")
    assert d["chair"] is None and d["term"] is None and d["confidence"] is None
    assert d["status"] == "unknown" and "records begin" in d["reason"]
    assert_valid("who", d)


def test_who_when_the_sources_leave_it_open(run: Runner) -> None:
    d = real(run, "who", "sco", "--on", "2017-06-15")  # hand-over known only as June 2017
    assert d["uncertain"] is True and d["chair"] is None and len(d["candidates"]) == 2
    assert d["status"] == "unknown"
    assert_valid("who", d)


def test_who_with_a_chair(run: Runner) -> None:
    d = real(run, "who", "sco", "--on", "2024-06-01")
    assert d["chair"] == "KZ" and isinstance(d["term"], dict) and d["confidence"]
    assert_valid("who", d)


def test_people_is_an_array_without_a_name_and_an_object_with_one(run: Runner) -> None:
    everyone = real(run, "people")
    one = real(run, "people", "tokayev")
    assert isinstance(everyone, list) and len(everyone) == len(PERSON_IDS)
    assert isinstance(one, dict) and one["id"] == "tokayev" and one in everyone
    assert_valid("people", everyone)
    assert_valid("people", one)


def test_list_without_a_chair_today(run: Runner) -> None:
    items = real(run, "list", env=BEFORE_ANY)
    assert items and all(i["current_chair"]["chair"] is None for i in items)
    assert {i["current_chair"]["status"] for i in items} == {"unknown"}
    assert_valid("list", items)


def test_themes_org_count_is_the_number_of_orgs(run: Runner) -> None:
    for t in real(run, "themes"):
        assert t["org_count"] == len(t["orgs"])


# --------------------------------------------------------------------------- other datasets

# a valid dataset with one warning (a repeated source URL)
MINIMAL = (ROOT / "tests" / "data" / "minimal-with-warning.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "orgs.toml") -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_validate_valid_dataset_with_warnings(run: Runner, tmp_path: Path) -> None:
    d = real(run, "validate", write(tmp_path, MINIMAL))
    assert d["valid"] is True and d["organisations"] == 1 and d["warnings"]  # the repeated URL
    assert_valid("validate", d)


def test_validate_invalid_dataset(run: Runner, tmp_path: Path) -> None:
    bad = MINIMAL.replace('chair = "KZ"', 'chair = "XX"').replace('"2020-05"', '"2020-02-30"')
    d = real(run, "validate", write(tmp_path, bad), code=1)
    assert d["valid"] is False
    assert {p["severity"] for p in d["problems"]} == {"error", "warning"}
    assert_valid("validate", d)


def test_validate_unreadable_dataset(run: Runner, tmp_path: Path) -> None:
    d = real(run, "validate", write(tmp_path, "x = [", "broken.toml"), code=1)
    assert d["valid"] is False and d["problems"][0]["line"] is None
    assert_valid("validate", d)


def test_a_sparse_dataset_matches_too(run: Runner, tmp_path: Path) -> None:
    """No names, aliases, rotation, priorities or claims: empty lists and nulls, still valid."""
    data = ("--data", write(tmp_path, MINIMAL))
    shown = real(run, *data, "show", "abc")
    assert shown["rotation"] is None and shown["names"] == {} and shown["claims"] == []
    assert_valid("show", shown)
    assert_valid("list", real(run, *data, "list"))
    assert_valid("timeline", real(run, *data, "timeline"))
    assert_valid("who", real(run, *data, "who", "abc", "--on", "2021-06-01"))
    assert_valid("country", real(run, *data, "country", "CN"))
    assert_valid("sources", real(run, *data, "sources"))
    assert_valid("themes", real(run, *data, "themes"))
    assert_valid("people", real(run, *data, "people"))
    assert_valid("corrections", real(run, *data, "corrections"))
    assert_valid("search", real(run, *data, "search", "meeting"))


# --------------------------------------------------------------------------- the schemas can fail

DELETE = object()

# (schema, command line, path into the real output, new value or DELETE)
BROKEN: list[tuple[str, tuple[str, ...], tuple[str | int, ...], Any]] = [
    ("show", ("show", "sco"), ("terms",), DELETE),
    ("show", ("show", "sco"), ("terms", 0, "chair"), "kz"),
    ("show", ("show", "sco"), ("terms", 0, "confidence"), "probably"),
    ("show", ("show", "sco"), ("terms", 0, "start"), "2024-7-4"),
    ("show", ("show", "sco"), ("terms", 0, "note"), DELETE),
    ("show", ("show", "sco"), ("sources", 0), "ftp://example.org/file"),
    ("show", ("show", "sco"), ("aliases",), None),
    ("show", ("show", "sco"), ("events", 0, "date"), None),
    ("show", ("show", "ifas"), ("names", "en", "confidence"), "Verified"),
    ("list", ("list",), (0, "founded"), "15 June 2001"),
    ("list", ("list",), (0, "current_chair"), {"chair": "KZ"}),
    ("timeline", ("timeline", "--year", "2024"), (0, "kind"), "meeting"),
    ("timeline", ("timeline", "--year", "2024"), (0, "sources"), None),
    ("who", ("who", "sco", "--on", "2024-06-01"), ("on",), "2024-07"),
    ("who", ("who", "sco", "--on", "2024-06-01"), ("term", "start_event"), ""),
    ("who", ("who", "csto", "--on", "2013-06-01"), ("status",), "likely"),
    ("next", ("next", "eu-council"), ("next", 0, "status"), "announced"),
    ("country", ("country", "KZ"), (0, "uncertain"), DELETE),
    ("country", ("country", "KZ"), (0, "chair"), "KAZ"),
    ("corrections", ("corrections",), (0, "n"), "1"),
    ("search", ("search", "Aral"), (0, "kind"), "alias"),
    ("sources", ("sources",), (0, "url"), "piglix.com"),
    ("themes", ("themes",), (0, "org_count"), -1),
    ("people", ("people", "tokayev"), ("id",), DELETE),
    ("people", ("people",), (0, "roles"), None),
    ("validate", ("validate",), ("organisations",), "6"),
]


def broken_id(case: tuple[str, tuple[str, ...], tuple[str | int, ...], Any]) -> str:
    _name, args, path, value = case
    change = "deleted" if value is DELETE else f"= {value!r}"
    return f"{' '.join(args)}: {'.'.join(map(str, path))} {change}"


@pytest.mark.parametrize("case", BROKEN, ids=broken_id)
def test_broken_output_fails(
    run: Runner, case: tuple[str, tuple[str, ...], tuple[str | int, ...], Any]
) -> None:
    name, args, path, value = case
    original = real(run, *args)
    assert_valid(name, original)  # so the failure below comes from the change alone
    broken = copy.deepcopy(original)
    parent = broken
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        assert parent[path[-1]] != value, "the change must change something"
        parent[path[-1]] = value
    assert errors(name, broken), f"{broken_id(case)} was accepted by docs/schema/{name}.json"


def test_new_keys_are_accepted(run: Runner) -> None:
    d = real(run, "show", "sco")
    d["added_later"] = 1
    d["terms"][0]["added_later"] = [1, 2]
    d["names"]["en"]["added_later"] = None
    assert_valid("show", d)


# --------------------------------------------------------------------------- completeness


def _applying(schema: Any, resolver: Any) -> list[tuple[dict[str, Any], Any]]:
    """The schema and every subschema that applies to the same instance ($ref, *Of, then/else)."""
    if not isinstance(schema, dict):
        return []
    out = [(schema, resolver)]
    if "$ref" in schema:
        target = resolver.lookup(schema["$ref"])
        out += _applying(target.contents, target.resolver)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            out += _applying(sub, resolver)
    for key in ("then", "else"):
        out += _applying(schema.get(key), resolver)
    return out


def undeclared(schemas_: list[tuple[Any, Any]], instance: Any, where: str = "$") -> set[str]:
    """Keys in the instance that no applicable schema declares (a key the docs are missing)."""
    parts = [p for schema, resolver in schemas_ for p in _applying(schema, resolver)]
    found: set[str] = set()
    if isinstance(instance, dict):
        for key, value in instance.items():
            subs = [(s["properties"][key], r) for s, r in parts if key in s.get("properties", {})]
            subs += [(s.get("additionalProperties"), r) for s, r in parts]
            subs = [(s, r) for s, r in subs if isinstance(s, dict)]
            if subs:
                found |= undeclared(subs, value, f"{where}.{key}")
            else:
                found.add(f"{where}.{key}")
    elif isinstance(instance, list):
        subs = [(s["items"], r) for s, r in parts if isinstance(s.get("items"), dict)]
        for i, item in enumerate(instance):
            found |= undeclared(subs, item, f"{where}[{i}]")
    return found


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_schemas_declare_every_key_the_program_prints(run: Runner, case: Case) -> None:
    """New keys are allowed by the contract, but the schema here must document them."""
    name, args, env, code = case
    registry: Registry[Any] = Registry().with_resource(
        HERE, Resource.from_contents(schemas()[name])
    )
    resolver = registry.resolver(base_uri=HERE)
    missing = undeclared([(schemas()[name], resolver)], real(run, name, *args, env=env, code=code))
    assert not missing, f"add to docs/schema/{name}.json: {sorted(missing)}"
