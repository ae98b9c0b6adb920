"""Read data/orgs.toml (or a user's dataset) into the model, checking every rule in docs/data.md.

Every problem is collected, not just the first, and each names the file, the line where it can be
known, the organisation and the field. The checks of each table derive from model.py, whose
dataclass fields say their TOML kind and whether they are required (:func:`schema`): no key,
kind or default is written here again. No typer, no rich here.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import itertools
import operator
import os
import re
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from . import cache, countries, model
from .dates import parse_date
from .fast import LazyEvents, LazyOrgs, paused_gc
from .model import (
    ALIAS_KINDS,
    CONFIDENCE_LEVELS,
    LANGS,
    SCHEMA_VERSION,
    Alias,
    Claim,
    Correction,
    Dataset,
    Event,
    MemberCount,
    Name,
    Office,
    Org,
    Person,
    Priority,
    Rotation,
    Term,
    Theme,
    lookup_texts,
)
from .textkey import fold

ENV_VAR = "CHAIRSHIP_DATA"
_ID = r"[a-z0-9][a-z0-9-]*"
_URL = r"(?i:https?://[^\s/$.?#][^\s]*)"
MAX_BYTES = 64 * 1024 * 1024  # documented in README (Troubleshooting) and docs/data.md


class Problem(NamedTuple):
    file: str
    line: int | None
    org: str | None
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.org:
            parts.append(f"org {self.org!r}")
        if self.field:
            parts.append(self.field)
        prefix = ": ".join(parts)
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}: {tag}{self.message}"


class DataError(Exception):
    """The dataset could not be read or is invalid; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --------------------------------------------------------------------------- locating the file


def default_data_path() -> Path:
    """The shipped dataset: inside the installed package, else the source checkout's data/."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "orgs.toml"  # where the wheel puts it (pyproject.toml)
    if packaged.is_file():
        return packaged
    return here.parent / "data" / "orgs.toml"


def resolve_path(option: str | os.PathLike[str] | None = None) -> Path:
    """--data wins over $CHAIRSHIP_DATA, which wins over the shipped dataset."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return default_data_path()


def read_bytes(path: Path) -> bytes:
    """Read a dataset file, turning every I/O failure into a DataError.

    Only a regular file up to MAX_BYTES is read: a directory, a device (/dev/zero), a FIFO or a
    socket is refused before anything is read, so a run never hangs or grows without bound.
    """
    import stat

    name = str(path)

    def fail(msg: str) -> DataError:
        return DataError([Problem(name, None, None, "", msg)])

    def check(st: os.stat_result) -> None:
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise fail("is a directory, not a dataset file")
        if not stat.S_ISREG(mode):
            kind = (
                "a named pipe (FIFO)"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            raise fail(f"is {kind}, not a regular dataset file")
        if st.st_size > MAX_BYTES:
            raise fail(
                f"file is too large ({st.st_size} bytes; the limit is {MAX_BYTES} bytes, 64 MiB)"
            )

    try:
        check(os.stat(path))
        # O_NONBLOCK: if the path became a FIFO since the stat, opening it must not hang.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        with open(fd, "rb", closefd=True) as f:
            check(os.fstat(fd))
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise fail(f"file is too large (the limit is {MAX_BYTES} bytes, 64 MiB)")
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except NotADirectoryError:
        raise fail("no such file (a part of the path is not a directory)") from None
    except OSError as e:
        raise fail(f"cannot read the file: {e.strerror or e}") from None
    if not data.strip():
        raise fail("the file is empty")
    if b"\x00" in data:
        raise fail("the file is binary (contains NUL bytes), not TOML text")
    return data


def decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, line, None, "", f"not valid UTF-8 (byte {e.start}); save as UTF-8")]
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: Path) -> str:
    """Read a dataset file as UTF-8 text, turning every failure into a DataError."""
    return decode(read_bytes(path), str(path))


def parse_toml(text: str, name: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):  # imported here: a cached run never needs the parser
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 in CI
        import tomli as tomllib
    try:
        doc: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        raise DataError([Problem(name, line, None, "", f"TOML syntax error: {msg}")]) from None
    return doc


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    use_cache: bool = True,
    validate_on: _dt.date | None = None,
) -> Dataset:
    """Load and validate a dataset (the shipped one by default).

    With ``use_cache`` a validated copy is kept in the compiled cache (see cache.py) and reused
    while the source file's bytes are unchanged; ``use_cache=False`` always validates the source.
    ``validate_on`` (the day `chairship validate` runs; implies no cache): the checks of time and
    labels (:func:`history_checks`) are errors rather than warnings, and no ``checked`` date may
    be after that day.
    """
    if validate_on is not None:
        use_cache = False
    p = resolve_path(path)
    name = str(p)
    data = read_bytes(p)
    k = cache.key(data)
    with paused_gc():
        if use_cache:
            envelope = cache.read(k)
            if envelope is not None:
                try:
                    ds = from_cache(envelope["data"], name, lambda: _rebuilt(p, k))
                    return ds._replace_warnings(envelope.get("warnings") or [])
                except Exception:  # a corrupt or foreign cache file: rebuild from the source
                    cache.discard(k)
        text = decode(data, name)
        del data
        raw = parse_toml(text, name)
        del text  # 2 bytes or more per character; re-read only if a problem needs a line number
        ds = build(raw, lambda: read_text(p), name, validate_on=validate_on)
        if validate_on is not None:
            return ds
        cache.write(k, compact_orgs(raw, ds), list(ds.warnings))
    return ds


def _rebuilt(p: Path, k: str) -> Sequence[Org]:
    """The organisations, validated from the source, when the cache proved unusable."""
    cache.discard(k)
    return load(p, use_cache=False).orgs


# --------------------------------------------------------------------------- line numbers

# Regular expressions are compiled when first used: a run that reads the cache needs none.
_HEADER = r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$"
_KEY = r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*="""

Path_ = tuple[str | int, ...]


def line_index(text: str) -> dict[Path_, int]:
    """Map table and key paths, e.g. ("org", 2, "terms", 0, "start"), to line numbers.

    A light scan of the source, good enough to point at a line: it follows [table] and
    [[array]] headers and ``key =`` lines, and skips multi-line strings.
    """
    header, key_re = re.compile(_HEADER), re.compile(_KEY)
    index: dict[Path_, int] = {}
    counts: dict[Path_, int] = {}
    current: Path_ = ()
    in_multiline: str | None = None

    def resolve(parts: Iterable[str]) -> Path_:
        path: Path_ = ()
        for part in parts:
            path = (*path, part)
            if path in counts:
                path = (*path, counts[path])
        return path

    for lineno, raw in enumerate(text.splitlines(), 1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        m = header.match(raw) if raw.lstrip().startswith("[") else None
        if m:
            parts = [p.strip().strip("\"'") for p in m.group(2).split(".")]
            if m.group(1) == "[[":
                parent = resolve(parts[:-1])
                arr = (*parent, parts[-1])
                counts[arr] = counts.get(arr, -1) + 1
                current = (*arr, counts[arr])
            else:
                current = resolve(parts)
            index.setdefault(current, lineno)
            continue
        k = key_re.match(raw)
        if k:
            key = k.group(1).strip("\"'")
            index.setdefault((*current, key), lineno)
            rest = raw[k.end() :]
            for q in ('"""', "'''"):
                if rest.count(q) % 2 == 1:
                    in_multiline = q
                    break
    return index


# --------------------------------------------------------------------------- the schema

Spec = Mapping[str, tuple[str, bool]]  # TOML key -> (kind, required)


class Schema(NamedTuple):
    """How one record of model.py is written in TOML, derived from its dataclass fields."""

    cls: type
    spec: Spec  # in field order
    keys: frozenset[str]
    required: frozenset[str]
    dates: tuple[str, ...]  # keys whose value becomes a PartialDate
    lists: tuple[str, ...]  # keys whose list becomes a tuple
    nested: dict[str, type]  # key of a table or an array of tables -> its record


_LIST_KINDS = model.LIST_KINDS
_ITEM_KINDS = {"strs": "str", "urls": "url", "themes": "theme", "countries": "country"}
_SCHEMAS: dict[type, Schema] = {}


def schema(cls: type) -> Schema:
    """The TOML form of a record class, from the ``toml(...)`` declaration of each field."""
    s = _SCHEMAS.get(cls)
    if s is None:
        s = _SCHEMAS[cls] = _derive(cls)
    return s


def _derive(cls: type) -> Schema:
    spec: dict[str, tuple[str, bool]] = {}
    nested: dict[str, type] = {}
    for f in dataclasses.fields(cls):
        kind = f.metadata["kind"]
        if kind in ("key", "none"):  # not a key of this table
            continue
        key = f.metadata.get("key", f.name)
        if kind == "enum":
            kind = "enum:" + "|".join(f.metadata["values"])
        elif kind in ("table", "tables"):
            nested[key] = _record_of(f.type)
        spec[key] = (kind, f.metadata.get("required", f.default is dataclasses.MISSING))
    return Schema(
        cls,
        spec,
        frozenset(spec),
        frozenset(k for k, (_, req) in spec.items() if req),
        tuple(k for k, (kind, _) in spec.items() if kind == "date"),
        tuple(k for k, (kind, _) in spec.items() if kind in _LIST_KINDS),
        nested,
    )


def _record_of(annotation: Any) -> type:
    """The record class in a field's type: ``tuple[Term, ...]`` or ``Rotation | None``."""
    found = [
        getattr(model, word)
        for word in re.findall(r"\w+", str(annotation))
        if hasattr(getattr(model, word, None), "__dataclass_fields__")
    ]
    assert len(found) == 1, annotation
    return found[0]  # type: ignore[no-any-return]


def records(root: type = Dataset) -> Iterator[Schema]:
    """The schema of ``root`` and of every record nested in it, each once."""
    seen: set[type] = set()
    todo = [root]
    while todo:
        cls = todo.pop(0)
        if cls in seen:
            continue
        seen.add(cls)
        s = schema(cls)
        yield s
        todo += s.nested.values()


# Events are most of a large dataset. In the compiled cache each event is a row, its values in
# the order of Event's fields, instead of a table with its keys: quicker to parse and to build.
EVENT_COLUMNS = tuple(schema(Event).spec)


# --------------------------------------------------------------------------- validation


def _fmt_path(path: Path_) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else p
    return out


class _Checker:
    def __init__(self, name: str, text: str | Callable[[], str]):
        self.name = name
        self.text = text
        self._lines: dict[Path_, int] | None = None
        self.problems: list[Problem] = []
        self.theme_ids: set[str] = set()
        self.partial_orgs: list[tuple[int, Org]] = []  # invalid ones, for cross-record checks
        self.id_re = re.compile(_ID)
        self.url_re = re.compile(_URL)
        self.control = re.compile(_CONTROL)
        self.control_text = re.compile(_CONTROL_TEXT)
        self.clean: set[int] = set()  # id() of event lists checked whole, controls included
        self._rules: dict[str, Callable[[Any], tuple[Any, str]]] = {}

    def line(self, path: Path_) -> int | None:
        if self._lines is None:
            self._lines = line_index(self.text if isinstance(self.text, str) else self.text())
        p = path
        while p:
            if p in self._lines:
                return self._lines[p]
            p = p[:-1]
        return None

    def error(self, path: Path_, org: str | None, msg: str, severity: str = "error") -> None:
        # ("org", 3, "terms", 1, "start") is reported as org 'x', field terms[1].start
        field_path = path[2:] if len(path) >= 2 and path[0] == "org" and org else path
        self.problems.append(
            Problem(self.name, self.line(path), org, _fmt_path(field_path), msg, severity)
        )

    # -- conversion: the one rule per kind (model.KINDS)
    def convert(self, value: Any, kind: str, path: Path_, org: str | None) -> Any:
        """The value as the record holds it, or None after reporting why it is not valid."""
        if kind in _LIST_KINDS and isinstance(value, list):
            item_kind = _ITEM_KINDS[kind]
            out = []
            for i, item in enumerate(value):
                v, problem = self.value(item, item_kind)
                if problem:
                    self.error((*path, i), org, problem)
                else:
                    out.append(v)
            if kind == "urls" and len(set(out)) != len(out):
                self.error(path, org, "lists the same URL twice", "warning")
            return tuple(out)
        v, problem = self.value(value, kind)
        if problem:
            self.error(path, org, problem)
            return None
        return v

    def value(self, value: Any, kind: str) -> tuple[Any, str]:
        """(the value as the record holds it, "") if ``value`` is valid for ``kind``, else
        (None, why not). A list kind's items are of kind ``_ITEM_KINDS[kind]``; "theme" is one
        item of ``themes``. The one check of a value: record() and _events_at_once both use it
        (the latter takes ``rule(kind)`` once for a whole column)."""
        return self.rule(kind)(value)

    def rule(self, kind: str) -> Callable[[Any], tuple[Any, str]]:
        """The check of one kind of value (see value())."""
        found = self._rules.get(kind)
        if found is None:
            found = self._rules[kind] = self._make_rule(kind)
        return found

    def _make_rule(self, kind: str) -> Callable[[Any], tuple[Any, str]]:
        def wrong(bad: str) -> Callable[[Any], tuple[Any, str]]:
            return lambda value: (None, f"must be {bad}, not {_type_name(value)}")

        def member(allowed: Collection[str], why: str) -> Callable[[Any], tuple[Any, str]]:
            def check(value: Any) -> tuple[Any, str]:
                if isinstance(value, str) and value in allowed:
                    return value, ""
                return None, f"{value!r} {why}"

            return check

        if kind in ("str", "text"):
            not_string = wrong("a string")

            def string(value: Any) -> tuple[Any, str]:
                if not isinstance(value, str):
                    return not_string(value)
                if kind == "str" and not value.strip():
                    return None, "must not be empty"
                return value, ""

            return string
        if kind in ("id", "url"):
            match = (self.id_re if kind == "id" else self.url_re).fullmatch
            why = (
                "is not an id (lowercase letters, digits, '-')"
                if kind == "id"
                else "is not an http(s) URL"
            )
            not_text = wrong("a string" if kind == "id" else "a URL string")

            def pattern(value: Any) -> tuple[Any, str]:
                if not isinstance(value, str):
                    return not_text(value)
                if not match(value):
                    return None, f"{value!r} {why}"
                return value, ""

            return pattern
        if kind == "int":
            not_int = wrong("an integer")

            def integer(value: Any) -> tuple[Any, str]:
                if isinstance(value, bool) or not isinstance(value, int):
                    return not_int(value)
                if value < 0:
                    return None, f"{value} must not be negative"
                return value, ""

            return integer
        if kind == "date":
            not_date = wrong('a date string such as "2024-07-04", "2024-07" or "2024"')

            def date(value: Any) -> tuple[Any, str]:
                if not isinstance(value, str):
                    return not_date(value)
                if value != value.strip():
                    return None, f"{value!r} has spaces around the date; remove them"
                try:
                    return parse_date(value), ""
                except ValueError as e:
                    return None, str(e)

            return date
        if kind == "theme":

            def theme(value: Any) -> tuple[Any, str]:
                if isinstance(value, str) and value in self.theme_ids:
                    return value, ""
                valid = ", ".join(sorted(self.theme_ids))
                return None, f"unknown theme {value!r} (valid: {valid})"

            return theme
        if kind == "confidence":
            return member(CONFIDENCE_LEVELS, f"is not one of {', '.join(CONFIDENCE_LEVELS)}")
        if kind == "lang":
            lang = re.compile(r"[a-z]{2}").fullmatch

            def language(value: Any) -> tuple[Any, str]:
                if isinstance(value, str) and lang(value):
                    return value, ""
                return None, f"{value!r} is not a two-letter language code (en ru kk ar)"

            return language
        if kind == "alias_kind":
            return member(ALIAS_KINDS, f"is not one of {', '.join(ALIAS_KINDS)}")
        if kind == "country":
            return member(countries.NAMES, "is not an ISO 3166-1 alpha-2 country code")
        if kind.startswith("enum:"):
            allowed = kind[5:].split("|")
            return member(allowed, f"is not one of {', '.join(allowed)}")
        if kind == "bool":
            not_bool = wrong("true or false")
            return lambda value: (value, "") if isinstance(value, bool) else not_bool(value)
        if kind in _LIST_KINDS:  # not a list (convert() checks the items of a list)
            return wrong("a list")
        raise AssertionError(kind)  # pragma: no cover - a kind of model.KINDS not handled here

    def record(
        self, raw: Any, path: Path_, cls: type, org: str | None
    ) -> tuple[dict[str, Any], bool]:
        """Check one table against its record's schema: (valid values, whether all required
        ones are valid). Tables and arrays of tables are passed on unchecked."""
        if not isinstance(raw, dict):
            self.error(path, org, f"must be a table, not {_type_name(raw)}")
            return {}, False
        s = schema(cls)
        spec = s.spec
        ok = True
        if not s.keys.issuperset(raw):
            for key in raw:
                if key not in spec:
                    hint = _close(key, spec)
                    self.error((*path, key), org, f"unknown key {key!r}{hint}")
        if not s.required.issubset(raw):
            for key in spec:
                if key in s.required and key not in raw:
                    self.error(path, org, f"missing required key {key!r}")
                    ok = False
        out: dict[str, Any] = {}
        for key, value in raw.items():
            entry = spec.get(key)
            if entry is None:  # an unknown key, reported above
                continue
            kind, required = entry
            if kind in ("table", "tables"):
                if kind == "tables" and not isinstance(value, list):
                    self.error(
                        (*path, key), org, f"must be an array of tables, not {_type_name(value)}"
                    )
                    ok = ok and not required
                    continue
                if kind == "table" and not isinstance(value, dict):
                    self.error((*path, key), org, f"must be a table, not {_type_name(value)}")
                    continue
                out[key] = value
                continue
            v = self.convert(value, kind, (*path, key), org)
            if v is None:
                ok = ok and not required
                continue
            out[key] = v
        if raw.get("sources") == [] and out.get("confidence") not in (None, "unverified"):
            self.error((*path, "sources"), org, "needs at least one http(s) source URL")
        return out, ok


def _type_name(value: Any) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _close(key: str, spec: Spec) -> str:
    import difflib

    m = difflib.get_close_matches(key, list(spec), n=1)
    return f" (did you mean {m[0]!r}?)" if m else ""


def _each(
    ck: _Checker,
    raw: Any,
    path: Path_,
    cls: type,
    org: str | None,
    make: Callable[[dict[str, Any], Path_], Any] | None = None,
    check: Callable[[dict[str, Any], Path_], Any] | None = None,
) -> tuple[Any, ...]:
    """Build each valid record (``make``, by default the class with its nested records); for
    an invalid one, still run ``check`` on its valid fields so one bad field never hides
    another problem of the same record."""
    out = []
    for i, item in enumerate(raw or ()):
        rec, ok = ck.record(item, (*path, i), cls, org)
        if ok:
            obj = make(rec, (*path, i)) if make else _make(ck, cls, rec, (*path, i), org)
            if obj is not None:
                out.append(obj)
        elif check is not None:
            check(rec, (*path, i))
    return tuple(out)


def _make(ck: _Checker, cls: type, rec: dict[str, Any], path: Path_, org: str | None) -> Any:
    """A record from its checked values, its arrays of tables checked and built in turn."""
    return cls(**_nested(ck, cls, rec, path, org))


def _nested(
    ck: _Checker, cls: type, rec: dict[str, Any], path: Path_, org: str | None
) -> dict[str, Any]:
    for key, sub in schema(cls).nested.items():
        if key in rec:
            rec[key] = _each(ck, rec[key], (*path, key), sub, org)
    return rec


def build(
    raw: dict[str, Any],
    text: str | Callable[[], str],
    name: str,
    *,
    trusted: bool = False,
    validate_on: _dt.date | None = None,
) -> Dataset:
    """Validate a parsed TOML document and build the Dataset; raise DataError on any error.

    ``trusted`` skips the checks, for documents validated before (the compiled cache).
    ``validate_on``: see :func:`load`.
    """
    if trusted:
        return from_cache(raw, name)
    ck = _Checker(name, text)
    top, _ok = ck.record(raw, (), Dataset, None)
    if top.get("schema_version") not in (None, SCHEMA_VERSION):
        ck.error(
            ("schema_version",),
            None,
            f"unsupported schema version (this chairship reads {SCHEMA_VERSION})",
        )

    themes = _each(ck, top.get("theme"), ("theme",), Theme, None)
    seen: set[str] = set()
    for i, t in enumerate(themes):
        if t.id in seen:
            ck.error(("theme", i, "id"), None, f"duplicate theme id {t.id!r}")
        seen.add(t.id)
    ck.theme_ids = seen

    orgs: list[Org] = []
    indexed: list[tuple[int, Org]] = []
    for i, raw_org in enumerate(top.get("org") or ()):
        org = _build_org(ck, raw_org, ("org", i))
        if org is not None:
            orgs.append(org)
            indexed.append((i, org))
    people = _each(ck, top.get("person"), ("person",), Person, None)
    corrections = _each(ck, top.get("correction"), ("correction",), Correction, None)
    _check_controls(ck, raw, ())
    _cross_checks(ck, sorted(indexed + ck.partial_orgs, key=lambda x: x[0]), people, corrections)
    history_checks(ck, raw, indexed, validate_on)
    errors = [p for p in ck.problems if p.severity == "error"]
    if errors:
        raise DataError(ck.problems)
    return Dataset(
        path=name,
        checked=top.get("checked"),
        themes=themes,
        orgs=tuple(orgs),
        people=people,
        corrections=corrections,
        warnings=tuple(str(p) for p in ck.problems),
    )


# Stand-ins for the required fields of an invalid organisation, which still takes part in the
# cross-record checks: no date, empty lists, empty strings.
_PARTIAL_ORG: dict[str, Any] = {
    f.name: None if kind == "date" else () if kind in _LIST_KINDS else ""
    for f in dataclasses.fields(Org)
    if f.default is dataclasses.MISSING and (kind := f.metadata["kind"])
}


def _build_org(ck: _Checker, raw: Any, path: Path_) -> Org | None:
    org_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    label = org_id or f"#{path[1]}"
    rec, ok = ck.record(raw, path, Org, label)
    if isinstance(raw, dict) and raw.get("sources") == []:
        ck.error((*path, "sources"), label, "needs at least one http(s) source URL")
    names: list[Name] = []
    for lang, nraw in (rec.pop("names", None) or {}).items():
        npath = (*path, "names", lang)
        if lang not in LANGS:
            ck.error(npath, label, f"unknown language {lang!r} (valid: {', '.join(LANGS)})")
            continue
        n, n_ok = ck.record(nraw, npath, Name, label)
        if n_ok:
            names.append(Name(lang=lang, **n))
    if names and not any(n.lang == "en" for n in names):
        ck.error((*path, "names"), label, "names must include 'en'")
    if any(n.lang == "en" for n in names):
        for key in ("name", "acronym"):
            if key in rec:
                ck.error(
                    (*path, key),
                    label,
                    f"the English {key} is stored in [org.names.en]; remove this copy"
                    " (one name is stored once)",
                )
        _english(rec, names)
    else:
        for key in ("name", "acronym"):
            if key not in rec:  # missing, or not valid (record() said why)
                if not (isinstance(raw, dict) and key in raw):
                    ck.error(path, label, f"missing required key {key!r} (or give [org.names.en])")
                ok = False
    rot = rec.pop("rotation", None)
    rotation = None
    if rot is not None:
        r, r_ok = ck.record(rot, (*path, "rotation"), Rotation, label)
        rotation = Rotation(**r) if r_ok else None

    def each(key: str, cls: type, **kw: Any) -> tuple[Any, ...]:
        return _each(ck, rec.pop(key, None), (*path, key), cls, label, **kw)

    def term(r: dict[str, Any], p: Path_) -> Term | None:
        r = _nested(ck, Term, r, p, label)  # its chairpersons first
        return Term(**r) if _term_ok(ck, r, p, label) else None

    offices = each("offices", Office)
    aliases = each("aliases", Alias)
    members = each("members", MemberCount)
    terms = each("terms", Term, make=term, check=lambda r, p: _term_ok(ck, r, p, label))
    priorities = each("priorities", Priority)
    events = _check_events(ck, rec.pop("events", None), (*path, "events"), label)
    claims = each("claims", Claim)
    _check_terms(ck, terms, path, label, offices)
    _check_priorities(ck, priorities, terms, path, label)
    if not ok:  # still take part in the cross-record checks
        partial = {**_PARTIAL_ORG, **rec, "id": org_id or label}
        stub = Org(names=tuple(names), aliases=aliases, events=events, claims=claims, **partial)
        ck.partial_orgs.append((int(path[1]), stub))
        return None
    return Org(
        offices=offices,
        names=tuple(names),
        rotation=rotation,
        aliases=aliases,
        members=members,
        terms=terms,
        priorities=priorities,
        events=events,
        claims=claims,
        **rec,
    )


def _english(rec: dict[str, Any], names: Iterable[Name]) -> None:
    """The English name and acronym are stored once, in [org.names.en]; the Org has them too."""
    for n in names:
        if n.lang == "en":
            rec["name"], rec["acronym"] = n.name, n.acronym or n.name


def _check_events(ck: _Checker, raw: Any, path: Path_, org: str) -> LazyEvents:
    """Each valid event is kept as a cache row: objects are built only when a command reads
    them (fast.LazyEvents)."""
    if not isinstance(raw, list):
        _each(ck, raw, path, Event, org)  # reports it
        return LazyEvents([])
    if _events_at_once(ck, raw, schema(Event)):  # all valid, checked a column at a time
        ck.clean.add(id(raw))
        return LazyEvents([event_row(e) for e in raw])
    return _events_one_by_one(ck, raw, path, org)


def _events_one_by_one(ck: _Checker, raw: list[Any], path: Path_, org: str) -> LazyEvents:
    """Check each event on its own, reporting every problem; the valid ones as cache rows."""
    rows = []
    for i, e in enumerate(raw):
        where = (*path, i)
        rec, ok = ck.record(e, where, Event, org)
        if _event_ok(ck, rec, where, org) and ok:  # a bad end is reported next to a bad title
            rows.append(event_row(e))
    return LazyEvents(rows)


def _events_at_once(ck: _Checker, events: list[Any], s: Schema) -> bool:
    """Whether every event of an organisation is valid and free of control characters, found
    by the rules of the one-by-one path applied a key (a column) at a time: ck.value to each
    distinct value of a key once, the control-character pattern of the key to all its strings
    at once. False at the first doubt (then _check_events checks each event and says exactly
    what is wrong). Events are 90% of a large dataset: this is most of a first run's speed."""
    if set(map(type, events)) - {dict} or not s.keys.issuperset(set().union(*events)):
        return False
    columns: dict[str, list[Any]] = {}
    text_keys = _text_keys()
    for key, (kind, required) in s.spec.items():
        # TOML has no null: None is a missing key
        column = columns[key] = list(map(dict.get, events, itertools.repeat(key)))
        values = list(filter(_given, column))
        if required and len(values) < len(column):
            return False
        lists: list[Any] = values if kind == "urls" else []  # convert() warns of a repeat
        if kind in _LIST_KINDS:
            if set(map(type, values)) - {list}:
                return False
            kind = _ITEM_KINDS[kind]
            values = list(itertools.chain.from_iterable(values))
        if set(map(type, values)) - {str, int, bool}:
            return False  # no valid value of a scalar kind is anything else
        if any(len(set(v)) != len(v) for v in lists):
            return False  # a repeated URL: a warning, reported one by one
        distinct = set(zip(map(type, values), values, strict=True))  # 1 and True stay apart
        rule = ck.rule(kind)
        if any(rule(v)[1] for _, v in distinct):
            return False
        strings = [v for t, v in distinct if t is str]
        control = ck.control_text if key in text_keys else ck.control
        if strings and control.search(" ".join(strings)):  # a space: matched by neither
            return False
    if [] in columns["sources"] and any(
        src == [] and conf != "unverified"
        for src, conf in zip(columns["sources"], columns["confidence"], strict=True)
    ):
        return False  # record() reports it
    for end, day in zip(columns["end"], columns["date"], strict=True):
        if end is not None and _ends_before(parse_date(end), parse_date(day)):
            return False  # _event_ok reports it
    return True


_given = functools.partial(operator.is_not, None)


def event_row(e: dict[str, Any]) -> list[Any]:
    """A checked event table as a cache row, in EVENT_COLUMNS order."""
    return list(map(e.get, EVENT_COLUMNS, _EVENT_DEFAULTS))


_EVENT_DEFAULTS = tuple(f.default for f in dataclasses.fields(Event))  # required: always given


def _term_ok(ck: _Checker, r: dict[str, Any], path: Path_, org: str) -> bool:
    start, end = r.get("start"), r.get("end")
    if _ends_before(end, start):
        ck.error((*path, "end"), org, f"ends ({end}) before it starts ({start})")
        return False
    if start is None and end is None and "start" not in r and "end" not in r:
        ck.error(path, org, "a term needs a start or an end")
        return False
    return True


def _ends_before(end: Any, start: Any) -> bool:
    """Whether a record ends before it starts (PartialDates: "2024" ends after "2024-05")."""
    return bool(end and start and end.latest() < start.earliest())


def _event_ok(ck: _Checker, r: dict[str, Any], path: Path_, org: str) -> bool:
    if _ends_before(r.get("end"), r.get("date")):
        ck.error((*path, "end"), org, f"ends ({r['end']}) before it starts ({r['date']})")
        return False
    return True


# --------------------------------------------------------------------------- the compiled cache


def compact_orgs(
    doc: dict[str, Any], ds: Dataset | None = None
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """(the document without organisations, each organisation in cache form).

    The organisations are compacted one at a time and released from ``doc`` as they go, so a
    large dataset is never held twice in memory while the cache is written.
    """
    orgs = doc.get("org", [])
    rest = {k: v for k, v in doc.items() if k != "org"}

    built = {o.id: o.events for o in ds.orgs} if ds is not None else {}

    def each() -> Iterator[dict[str, Any]]:
        for i, org in enumerate(orgs):
            orgs[i] = None
            events = built.get(org.get("id"))
            rows = events.rows() if isinstance(events, LazyEvents) else None
            yield {**org, "events": rows} if rows is not None else compact_org(org)

    return rest, each()


def compact_org(org: dict[str, Any]) -> dict[str, Any]:
    """One organisation in cache form: its events as rows in EVENT_COLUMNS order."""
    return {**org, "events": [event_row(e) for e in org.get("events", ())]}


def from_cache(
    doc: dict[str, Any], name: str, rebuild: Callable[[], Sequence[Org]] | None = None
) -> Dataset:
    """The Dataset of a document validated before (the compiled cache), without checking it
    again. Each organisation is built when first read (fast.LazyOrgs); if one cannot be,
    ``rebuild`` gives them all from the source. An organisation is its table, or (from
    cache.read) its id and JSON."""
    orgs = doc["org"]
    return Dataset(
        path=name,
        checked=parse_date(doc["checked"]) if doc.get("checked") is not None else None,
        themes=tuple(_cached(Theme, t) for t in doc.get("theme") or ()),
        orgs=LazyOrgs(
            [o[0] if isinstance(o, tuple) else o["id"] for o in orgs], orgs, _cached_org, rebuild
        ),
        people=tuple(_cached(Person, p) for p in doc.get("person") or ()),
        corrections=tuple(_cached(Correction, c) for c in doc.get("correction") or ()),
    )


def _cached_values(cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    """A checked table's values as the record's fields: dates parsed, lists as tuples, arrays
    of tables built."""
    s = schema(cls)
    rec = dict(raw)
    for k in s.dates:
        v = rec.get(k)
        if v is not None:
            rec[k] = parse_date(v)
    for k in s.lists:
        v = rec.get(k)
        if v is not None:
            rec[k] = tuple(v)
    for k, sub in s.nested.items():
        v = rec.get(k)
        if v is not None:
            rec[k] = tuple(_cached(sub, x) for x in v)
    return rec


def _cached(cls: type, raw: dict[str, Any]) -> Any:
    return cls(**_cached_values(cls, raw))


def _org_table(org: cache.CachedOrg) -> dict[str, Any]:
    """A cached organisation's table; ValueError if it is not the shape the loader relies on."""
    import json

    org_id, text = org
    table = json.loads(text)
    width = len(EVENT_COLUMNS)
    if not (
        isinstance(table, dict)
        and table.get("id") == org_id
        and isinstance(table.get("events", []), list)
        and all(isinstance(e, list) and len(e) == width for e in table.get("events", []))
    ):
        raise ValueError(f"cached organisation {org_id!r} has the wrong shape")
    return table


def _cached_org(raw: dict[str, Any] | tuple[str, bytes]) -> Org:
    rec = _org_table(raw) if isinstance(raw, tuple) else dict(raw)
    names = tuple(Name(lang=k, **_cached_values(Name, v)) for k, v in rec.pop("names", {}).items())
    rotation = rec.pop("rotation", None)
    events = LazyEvents(rec.pop("events", None) or [])
    rec = _cached_values(Org, rec)
    _english(rec, names)
    return Org(
        names=names,
        rotation=_cached(Rotation, rotation) if rotation is not None else None,
        events=events,
        **rec,
    )


def _check_terms(
    ck: _Checker, terms: tuple[Term, ...], path: Path_, org: str, offices: tuple[Office, ...]
) -> None:
    """Terms are oldest first and overlap at most on a shared hand-over day (per office)."""
    office_ids = [o.id for o in offices]
    by_office: dict[str, list[tuple[int, Term]]] = {}
    for i, t in enumerate(terms):
        if office_ids and t.office not in office_ids:
            ck.error(
                (*path, "terms", i, "office"),
                org,
                f"must name one of the offices ({', '.join(office_ids)})",
            )
        elif not office_ids and t.office:
            ck.error((*path, "terms", i, "office"), org, "this body has no [[org.offices]]")
        if t.basis == "rule" and t.confidence != "unverified":
            ck.error(
                (*path, "terms", i, "confidence"),
                org,
                "a term computed from the rule (basis = 'rule') is 'unverified'",
            )
        if t.expected_end is not None and t.end is not None:
            ck.error(
                (*path, "terms", i, "expected_end"), org, "only an open term has an expected end"
            )
        by_office.setdefault(t.office, []).append((i, t))
    for indexed in by_office.values():
        for (_, prev), (i, cur) in itertools.pairwise(indexed):
            where = (*path, "terms", i, "start")
            if prev.end is None:
                ck.error(where, org, f"term {i} follows an open-ended term ({prev.chair}, no end)")
                continue
            if cur.start is None:
                ck.error(where, org, "only the first term may have an unknown start")
                continue
            if cur.start.latest() < prev.end.earliest():
                ck.error(
                    where,
                    org,
                    f"term of {cur.chair} starting {cur.start} overlaps the term of {prev.chair}"
                    f" ending {prev.end}",
                )


def _check_priorities(
    ck: _Checker, priorities: tuple[Priority, ...], terms: tuple[Term, ...], path: Path_, org: str
) -> None:
    """A priority names the chairmanship it belongs to: a term of that chair starting on `term`."""
    for i, p in enumerate(priorities):
        if not any(t.chair == p.chair and t.start == p.term for t in terms):
            ck.error(
                (*path, "priorities", i, "term"),
                org,
                f"no term of {p.chair} starts on {p.term}; `term` must be that term's start",
            )


def _cross_checks(
    ck: _Checker,
    orgs: list[tuple[int, Org]],
    people: tuple[Person, ...],
    corrections: tuple[Correction, ...],
) -> None:
    org_ids: dict[str, int] = {}
    for i, o in orgs:
        if o.id in org_ids:
            ck.error(("org", i, "id"), o.id, f"duplicate organisation id {o.id!r}")
        org_ids.setdefault(o.id, i)
    person_ids: set[str] = set()
    for i, p in enumerate(people):
        if p.id in person_ids:
            ck.error(("person", i, "id"), None, f"duplicate person id {p.id!r}")
        person_ids.add(p.id)
        for j, role in enumerate(p.roles):
            if role.org and role.org not in org_ids:
                ck.error(
                    ("person", i, "roles", j, "org"), None, f"unknown organisation {role.org!r}"
                )
    numbers: set[int] = set()
    for i, c in enumerate(corrections):
        if c.n in numbers:
            ck.error(("correction", i, "n"), None, f"duplicate correction number {c.n}")
        numbers.add(c.n)
        if c.org and c.org not in org_ids:
            ck.error(("correction", i, "org"), None, f"unknown organisation {c.org!r}")
    # Lookup keys: no two organisations may answer to the same name.
    owner: dict[str, str] = {}
    claim_ids: set[str] = set()
    for i, o in orgs:
        for key_text, where in lookup_texts(o):
            key = fold(key_text)
            if not key:
                continue
            other = owner.setdefault(key, o.id)
            if other != o.id:
                ck.error(
                    ("org", i, *where),
                    o.id,
                    f"name {key_text!r} is also a name of {other!r}; lookups would be ambiguous",
                )
        rows = o.events.rows() if isinstance(o.events, LazyEvents) else None
        people_col = EVENT_COLUMNS.index("people")
        event_people = (
            (r[people_col] for r in rows) if rows is not None else (e.people for e in o.events)
        )
        for j, people_ in enumerate(event_people):
            for person in people_:
                if person not in person_ids:
                    ck.error(("org", i, "events", j, "people"), o.id, f"unknown person {person!r}")
        for j, cl in enumerate(o.claims):
            if cl.id in claim_ids:
                ck.error(("org", i, "claims", j, "id"), o.id, f"duplicate claim id {cl.id!r}")
            claim_ids.add(cl.id)


_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = f"[\x00-\x1f\x7f-\x9f{_BIDI}]"  # one-line fields: no controls at all
_CONTROL_TEXT = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]"  # free text: tab and newline too


def _check_controls(ck: _Checker, value: Any, path: Path_, org: str | None = None) -> None:
    """Every string in the document: no C0/C1 control characters (tab and newline only in
    free-text fields) and no bidirectional override or isolate characters."""
    if isinstance(value, str):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        text = key in _text_keys()
        m = (ck.control_text if text else ck.control).search(value)
        if m:
            where = "" if text else " (only free-text fields may hold tab or newline)"
            msg = f"contains the control character U+{ord(m.group()):04X}; remove it{where}"
            ck.error(path, org, msg, "warning")  # shown safely everywhere; validate reports it
    elif isinstance(value, dict):
        if len(path) == 2 and path[0] == "org":
            oid = value.get("id")
            org = oid if isinstance(oid, str) else f"#{path[1]}"
        for k, v in value.items():
            _check_controls(ck, v, (*path, k), org)
    elif isinstance(value, list):
        if id(value) in ck.clean:  # events checked a column at a time (_events_at_once)
            return
        for i, v in enumerate(value):
            _check_controls(ck, v, (*path, i), org)


_TEXT_KEYS: frozenset[str] = frozenset()


def _text_keys() -> frozenset[str]:
    """The keys of free-text fields, in any record."""
    global _TEXT_KEYS
    if not _TEXT_KEYS:
        _TEXT_KEYS = frozenset(
            k for s in records() for k, (kind, _) in s.spec.items() if kind == "text"
        )
    return _TEXT_KEYS


# --------------------------------------------------------------------------- time and labels


def history_checks(
    ck: _Checker, raw: dict[str, Any], orgs: list[tuple[int, Org]], validate_on: _dt.date | None
) -> None:
    """What a dataset claims about time and about its own confidence labels (docs/data.md,
    "Confidence"): errors under `chairship validate` (``validate_on``), warnings on a plain
    load, so a command still answers from a dataset with a mislabelled record.

    - no ``checked`` date after the day validate runs;
    - no term that starts before its body was founded or after it was dissolved;
    - no alias that is another body's name or acronym (reported at the alias itself);
    - ``verified`` needs two or more distinct sources;
    - a term computed from the rule (``basis = "rule"``) is never ``verified`` nor
      ``single-source`` (see _check_terms, which reports it).
    """
    severity = "error" if validate_on is not None else "warning"
    if validate_on is not None:
        _check_checked_dates(ck, raw, validate_on)
    for i, o in orgs:
        _check_terms_in_lifetime(ck, o, ("org", i), severity)
    _check_aliases_against_names(ck, orgs)
    _check_verified_sources(ck, raw, (), None, severity)


def _check_checked_dates(ck: _Checker, raw: dict[str, Any], today: _dt.date) -> None:
    """A ``checked`` date (the dataset's or a body's) after today claims sources not yet read."""

    def check(value: Any, path: Path_, org: str | None) -> None:
        if not isinstance(value, str):
            return
        try:
            d = parse_date(value)
        except ValueError:
            return  # reported by the schema check
        if d.earliest() > today:
            ck.error(
                path, org, f"checked date {value} is after today ({today.isoformat()})", "error"
            )

    check(raw.get("checked"), ("checked",), None)
    for i, o in enumerate(raw.get("org") or ()):
        if isinstance(o, dict):
            oid = o.get("id") if isinstance(o.get("id"), str) else f"#{i}"
            check(o.get("checked"), ("org", i, "checked"), oid)


def _check_terms_in_lifetime(ck: _Checker, o: Org, path: Path_, severity: str) -> None:
    """A term cannot start before the body was founded, nor after it was dissolved."""
    for j, t in enumerate(o.terms):
        if t.start is None:
            continue
        if t.start.latest() < o.founded.earliest():
            ck.error(
                (*path, "terms", j, "start"),
                o.id,
                f"term of {t.chair} starts {t.start}, before {o.id!r} was founded ({o.founded})",
                severity,
            )
        if o.dissolved is not None and t.start.earliest() > o.dissolved.latest():
            ck.error(
                (*path, "terms", j, "start"),
                o.id,
                f"term of {t.chair} starts {t.start}, after {o.id!r} was dissolved ({o.dissolved})",
                severity,
            )


def _check_aliases_against_names(ck: _Checker, orgs: list[tuple[int, Org]]) -> None:
    """An alias that is another body's name or acronym: reported at the alias's own line (the
    general lookup check in _cross_checks reports it where the second of the two is written,
    which may be the other body's name)."""
    names: dict[str, str] = {}
    index = {o.id: i for i, o in orgs}
    for _, o in orgs:
        for text, where in lookup_texts(o):
            if where[0] != "aliases":
                names.setdefault(fold(text), o.id)
    for i, o in orgs:
        for j, a in enumerate(o.aliases):
            other = names.get(fold(a.text))
            if other is None or other == o.id or index[other] < i:
                continue  # none, its own, or already reported here by _cross_checks
            ck.error(
                ("org", i, "aliases", j, "text"),
                o.id,
                f"alias {a.text!r} is a name or acronym of {other!r}; lookups would be ambiguous",
            )


def _check_verified_sources(
    ck: _Checker, value: Any, path: Path_, org: str | None, severity: str
) -> None:
    """Every record labelled ``verified`` cites two or more distinct sources. Only tables and
    arrays of tables are walked (a dataset of a million events is read once, quickly)."""
    if type(value) is not dict:
        return
    if len(path) == 2 and path[0] == "org":
        oid = value.get("id")
        org = oid if isinstance(oid, str) else f"#{path[1]}"
    if value.get("confidence") == "verified":
        sources = value.get("sources")
        if isinstance(sources, list):
            n = len({s for s in sources if isinstance(s, str)})
            if n < 2:
                ck.error(
                    (*path, "confidence"),
                    org,
                    f"'verified' needs two or more independent sources; this record has {n}"
                    " (label it 'single-source')",
                    severity,
                )
    for k, v in value.items():
        t = type(v)
        if t is dict:
            _check_verified_sources(ck, v, (*path, k), org, severity)
        elif t is list and v and type(v[0]) is dict:
            for i, x in enumerate(v):
                _check_verified_sources(ck, x, (*path, k, i), org, severity)
