"""Read data/orgs.toml (or a user's dataset) into the model, checking every rule in docs/data.md.

Every problem is collected, not just the first, and each names the file, the line where it can be
known, the organisation and the field. No typer, no rich here.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from . import countries
from .dates import parse_date
from .model import (
    ALIAS_KINDS,
    CHOICES,
    CONFIDENCE_LEVELS,
    GROUP_KINDS,
    HANDOVERS,
    LANGS,
    PERIODS,
    REGIONS,
    SCHEMA_VERSION,
    TERM_BASES,
    TERM_KINDS,
    Alias,
    Chairperson,
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
    Role,
    Rotation,
    Term,
    Theme,
    lookup_texts,
)
from .textkey import fold

ENV_VAR = "CHAIRSHIP_DATA"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
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
    from importlib.resources import files

    packaged = files("chairship_cli") / "data" / "orgs.toml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / "orgs.toml"


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


def load(path: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> Dataset:
    """Load and validate a dataset (the shipped one by default).

    With ``use_cache`` a validated copy is kept in the compiled cache (see cache.py) and reused
    while the source file's bytes are unchanged; ``use_cache=False`` always validates the source.
    """
    from chairship_cli import cache

    p = resolve_path(path)
    name = str(p)
    data = read_bytes(p)
    k = cache.key(data)
    with _bulk():
        if use_cache:
            envelope = cache.read(k)
            if envelope is not None:
                try:
                    return build(envelope["data"], "", name, trusted=True)._replace_warnings(
                        envelope.get("warnings") or []
                    )
                except Exception:  # a corrupt or foreign cache file: rebuild from the source
                    cache.discard(k)
        text = decode(data, name)
        del data
        raw = parse_toml(text, name)
        del text  # 2 bytes or more per character; re-read only if a problem needs a line number
        ds = build(raw, lambda: read_text(p), name)
        cache.write(k, compact_orgs(raw, ds), list(ds.warnings))
    return ds


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    A large dataset creates hundreds of thousands of tuples and dataclasses, none in cycles; the
    collector would otherwise walk them again and again (measured: 7x slower compaction).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- line numbers

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")

Path_ = tuple[str | int, ...]


def line_index(text: str) -> dict[Path_, int]:
    """Map table and key paths, e.g. ("org", 2, "terms", 0, "start"), to line numbers.

    A light scan of the source, good enough to point at a line: it follows [table] and
    [[array]] headers and ``key =`` lines, and skips multi-line strings.
    """
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
        m = _HEADER.match(raw) if raw.lstrip().startswith("[") else None
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
        k = _KEY.match(raw)
        if k:
            key = k.group(1).strip("\"'")
            index.setdefault((*current, key), lineno)
            rest = raw[k.end() :]
            for q in ('"""', "'''"):
                if rest.count(q) % 2 == 1:
                    in_multiline = q
                    break
    return index


# --------------------------------------------------------------------------- validation

Spec = Mapping[str, tuple[str, bool]]

_THEME: Spec = {"id": ("id", True), "label": ("str", True), "description": ("text", False)}
_NAME: Spec = {
    "name": ("str", True),
    "acronym": ("str", False),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
    "note": ("text", False),
}
_ALIAS: Spec = {
    "text": ("str", True),
    "lang": ("lang", True),
    "kind": ("alias_kind", True),
    "note": ("text", False),
    "until": ("date", False),
    "sources": ("urls", True),
}
_MEMBERS: Spec = {
    "count": ("int", True),
    "as_of": ("date", True),
    "codes": ("countries", False),
    "note": ("text", False),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
}
_ROTATION: Spec = {
    "text": ("str", True),
    "period": ("enum:" + "|".join(PERIODS), True),
    "choice": ("enum:" + "|".join(CHOICES), True),
    "handover": ("enum:" + "|".join(HANDOVERS), True),
    "meeting": ("text", False),
    "order": ("countries", False),
    "order_until": ("date", False),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
    "note": ("text", False),
}
_TERM: Spec = {
    "chair": ("country", True),
    "start": ("date", False),
    "end": ("date", False),
    "start_event": ("text", False),
    "end_event": ("text", False),
    "confirmed_until": ("date", False),
    "confidence": ("confidence", True),
    "note": ("text", False),
    "sources": ("urls", True),
    "basis": ("enum:" + "|".join(TERM_BASES), False),
    "expected_end": ("date", False),
    "expected_event": ("text", False),
    "kind": ("enum:" + "|".join(TERM_KINDS), False),
    "skipped": ("countries", False),
    "holder": ("text", False),
    "co_chairs": ("countries", False),
    "group_kind": ("enum:" + "|".join(GROUP_KINDS), False),
    "group": ("countries", False),
    "chairpersons": ("tables", False),
    "office": ("id", False),
}
_CHAIRPERSON: Spec = {
    "name": ("str", True),
    "role": ("text", False),
    "start": ("date", False),
    "end": ("date", False),
}
_OFFICE: Spec = {"id": ("id", True), "name": ("str", True), "note": ("text", False)}
_PRIORITY: Spec = {
    "text": ("str", True),
    "themes": ("themes", True),
    "chair": ("country", True),
    "term": ("date", True),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
    "note": ("text", False),
}
_EVENT: Spec = {
    "date": ("date", True),
    "end": ("date", False),
    "title": ("str", True),
    "place": ("text", False),
    "themes": ("themes", False),
    "people": ("strs", False),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
    "note": ("text", False),
    "planned": ("bool", False),
}
_CLAIM: Spec = {
    "id": ("id", True),
    "claim": ("str", True),
    "asserted_by": ("strs", True),
    "record": ("str", True),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
    "note": ("text", False),
}
_ORG: Spec = {
    "id": ("id", True),
    "acronym": ("str", False),  # only without [org.names.en], which otherwise holds them
    "name": ("str", False),
    "founded": ("date", True),
    "founded_note": ("text", False),
    "headquarters": ("str", True),
    "website": ("url", True),
    "themes": ("themes", True),
    "summary": ("text", False),
    "region": ("enum:" + "|".join(REGIONS), True),
    "checked": ("date", False),
    "offices": ("tables", False),
    "sources": ("urls", True),
    "names": ("table", False),
    "aliases": ("tables", False),
    "members": ("tables", False),
    "rotation": ("table", False),
    "terms": ("tables", False),
    "priorities": ("tables", False),
    "events": ("tables", False),
    "claims": ("tables", False),
}
_ROLE: Spec = {
    "title": ("str", True),
    "org": ("id", False),
    "start": ("date", False),
    "end": ("date", False),
}
_PERSON: Spec = {
    "id": ("id", True),
    "name": ("str", True),
    "spellings": ("strs", False),
    "seed_forms": ("strs", False),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
    "note": ("text", False),
    "roles": ("tables", False),
}
_CORRECTION: Spec = {
    "n": ("int", True),
    "seed": ("str", True),
    "literal": ("str", True),
    "correct": ("str", True),
    "org": ("id", False),
    "cause": ("text", False),
    "note": ("text", False),
    "confidence": ("confidence", True),
    "sources": ("urls", True),
}
_TOP: Spec = {
    "schema_version": ("int", True),
    "checked": ("date", True),
    "theme": ("tables", True),
    "org": ("tables", True),
    "person": ("tables", False),
    "correction": ("tables", False),
}

_MISSING = object()


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
        self.good_urls: set[str] = set()
        self.partial_orgs: list[tuple[int, Org]] = []  # invalid ones, for cross-record checks

    trusted = False

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

    # -- scalar conversion
    def convert(self, value: Any, kind: str, path: Path_, org: str | None) -> Any:
        if type(value) is str:  # fast paths for the common, valid case
            if kind == "text" or (kind == "str" and value and not value[0].isspace()):
                return value
            if kind == "url" and value in self.good_urls:
                return value
        bad = _MISSING
        if kind in ("str", "text"):
            if not isinstance(value, str):
                bad = "a string"
            elif kind == "str" and not value.strip():
                self.error(path, org, "must not be empty")
                return None
            else:
                return value
        elif kind == "id":
            if not isinstance(value, str):
                bad = "a string"
            elif not _ID.fullmatch(value):
                self.error(path, org, f"{value!r} is not an id (lowercase letters, digits, '-')")
                return None
            else:
                return value
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                bad = "an integer"
            elif value < 0:
                self.error(path, org, f"{value} must not be negative")
                return None
            else:
                return value
        elif kind == "date":
            if not isinstance(value, str):
                bad = 'a date string such as "2024-07-04", "2024-07" or "2024"'
            else:
                try:
                    return parse_date(value)
                except ValueError as e:
                    self.error(path, org, str(e))
                    return None
        elif kind == "url":
            if not isinstance(value, str):
                bad = "a URL string"
            elif not _URL.fullmatch(value):
                self.error(path, org, f"{value!r} is not an http(s) URL")
                return None
            else:
                self.good_urls.add(value)
                return value
        elif kind == "confidence":
            if value in CONFIDENCE_LEVELS:
                return value
            self.error(path, org, f"{value!r} is not one of {', '.join(CONFIDENCE_LEVELS)}")
            return None
        elif kind == "lang":
            if isinstance(value, str) and re.fullmatch(r"[a-z]{2}", value):
                return value
            self.error(path, org, f"{value!r} is not a two-letter language code (en ru kk ar)")
            return None
        elif kind == "alias_kind":
            if value in ALIAS_KINDS:
                return value
            self.error(path, org, f"{value!r} is not one of {', '.join(ALIAS_KINDS)}")
            return None
        elif kind == "country":
            if isinstance(value, str) and value in countries.NAMES:
                return value
            self.error(path, org, f"{value!r} is not an ISO 3166-1 alpha-2 country code")
            return None
        elif kind.startswith("enum:"):
            allowed = kind[5:].split("|")
            if value in allowed:
                return value
            self.error(path, org, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        elif kind == "bool":
            if isinstance(value, bool):
                return value
            bad = "true or false"
        elif kind in ("strs", "urls", "themes", "countries"):
            if not isinstance(value, list):
                bad = "a list"
            else:
                item_kind = {
                    "strs": "str",
                    "urls": "url",
                    "themes": "theme",
                    "countries": "country",
                }[kind]
                out = []
                for i, item in enumerate(value):
                    if item_kind == "theme":
                        if item in self.theme_ids:
                            out.append(item)
                        else:
                            valid = ", ".join(sorted(self.theme_ids))
                            self.error((*path, i), org, f"unknown theme {item!r} (valid: {valid})")
                    else:
                        v = self.convert(item, item_kind, (*path, i), org)
                        if v is not None:
                            out.append(v)
                if kind == "urls" and len(set(out)) != len(out):
                    self.error(path, org, "lists the same URL twice", "warning")
                return tuple(out)
        else:  # pragma: no cover - a programming error in a spec
            raise AssertionError(kind)
        self.error(path, org, f"must be {bad}, not {_type_name(value)}")
        return None

    def record(
        self, raw: Any, path: Path_, spec: Spec, org: str | None
    ) -> tuple[dict[str, Any], bool]:
        """Check one table against its spec: (valid values, whether all required ones are valid)."""
        if not isinstance(raw, dict):
            self.error(path, org, f"must be a table, not {_type_name(raw)}")
            return {}, False
        info = _spec_info(spec)
        ok = True
        if not info.keys.issuperset(raw):
            for key in raw:
                if key not in spec:
                    hint = _close(key, spec)
                    self.error((*path, key), org, f"unknown key {key!r}{hint}")
        if not info.required.issubset(raw):
            for key in spec:
                if key in info.required and key not in raw:
                    self.error(path, org, f"missing required key {key!r}")
                    ok = False
        out: dict[str, Any] = {}
        good_urls = self.good_urls
        for key, value in raw.items():
            entry = spec.get(key)
            if entry is None:
                continue
            kind, required = entry
            # Fast paths: the common, valid values, checked inline.
            if type(value) is str:
                if kind == "text" or (kind == "confidence" and value in _CONFIDENCE):
                    out[key] = value
                    continue
                if kind == "str" and value and not value[0].isspace():
                    out[key] = value
                    continue
                if kind == "date":
                    try:
                        out[key] = parse_date(value)
                        continue
                    except ValueError:
                        pass  # convert() below reports it
            elif type(value) is list:
                if kind == "urls" and all(
                    u in good_urls or (type(u) is str and _URL.fullmatch(u)) for u in value
                ):
                    good_urls.update(value)
                    out[key] = tuple(value)
                    if len(set(value)) != len(value):
                        self.error((*path, key), org, "lists the same URL twice", "warning")
                    continue
                if kind == "themes" and all(t in self.theme_ids for t in value):
                    out[key] = tuple(value)
                    continue
                if kind == "strs" and all(
                    type(x) is str and x and not x[0].isspace() for x in value
                ):
                    out[key] = tuple(value)
                    continue
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


class _SpecInfo(NamedTuple):
    keys: frozenset[str]
    required: frozenset[str]
    dates: tuple[str, ...]
    tuples: tuple[str, ...]


_SPEC_INFO: dict[int, _SpecInfo] = {}
_CONFIDENCE = frozenset(CONFIDENCE_LEVELS)


def _spec_info(spec: Spec) -> _SpecInfo:
    info = _SPEC_INFO.get(id(spec))
    if info is None:
        info = _SpecInfo(
            frozenset(spec),
            frozenset(k for k, (_, req) in spec.items() if req),
            tuple(k for k, (kind, _) in spec.items() if kind == "date"),
            tuple(
                k
                for k, (kind, _) in spec.items()
                if kind in ("strs", "urls", "themes", "countries")
            ),
        )
        _SPEC_INFO[id(spec)] = info
    return info


class _Trusted(_Checker):
    """Builds objects from a document that was validated before (the compiled cache)."""

    trusted = True

    def record(
        self, raw: Any, path: Path_, spec: Spec, org: str | None
    ) -> tuple[dict[str, Any], bool]:
        info = _spec_info(spec)
        out = dict(raw)
        for k in info.dates:
            v = out.get(k)
            if v is not None:
                out[k] = parse_date(v)
        for k in info.tuples:
            v = out.get(k)
            if v is not None:
                out[k] = tuple(v)
        return out, True


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
    spec: Spec,
    org: str | None,
    make: Callable[[dict[str, Any], Path_], Any],
    check: Callable[[dict[str, Any], Path_], Any] | None = None,
) -> tuple[Any, ...]:
    """Build each valid record; for an invalid one, still run ``check`` on its valid fields so
    one bad field never hides another problem of the same record."""
    out = []
    for i, item in enumerate(raw or ()):
        rec, ok = ck.record(item, (*path, i), spec, org)
        if ok:
            obj = make(rec, (*path, i))
            if obj is not None:
                out.append(obj)
        elif check is not None and not ck.trusted:
            check(rec, (*path, i))
    return tuple(out)


def build(
    raw: dict[str, Any], text: str | Callable[[], str], name: str, *, trusted: bool = False
) -> Dataset:
    """Validate a parsed TOML document and build the Dataset; raise DataError on any error.

    ``trusted`` skips the checks, for documents validated before (the compiled cache).
    """
    ck = _Trusted(name, text) if trusted else _Checker(name, text)
    top, _ok = ck.record(raw, (), _TOP, None)
    if top.get("schema_version") not in (None, SCHEMA_VERSION):
        ck.error(
            ("schema_version",),
            None,
            f"unsupported schema version (this chairship reads {SCHEMA_VERSION})",
        )

    themes = _each(ck, top.get("theme"), ("theme",), _THEME, None, lambda r, p: Theme(**r))
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
    people = _each(
        ck, top.get("person"), ("person",), _PERSON, None, lambda r, p: _person(ck, r, p)
    )
    corrections = _each(
        ck, top.get("correction"), ("correction",), _CORRECTION, None, lambda r, p: Correction(**r)
    )
    if not trusted:
        _check_controls(ck, raw, ())
        _cross_checks(
            ck, sorted(indexed + ck.partial_orgs, key=lambda x: x[0]), people, corrections
        )
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


_PARTIAL_ORG: dict[str, Any] = {
    "acronym": "",
    "name": "",
    "founded": None,
    "headquarters": "",
    "website": "",
    "themes": (),
    "sources": (),
}


def _build_org(ck: _Checker, raw: Any, path: Path_) -> Org | None:
    org_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    label = org_id or f"#{path[1]}"
    rec, ok = ck.record(raw, path, _ORG, label)
    if not ck.trusted and isinstance(raw, dict) and raw.get("sources") == []:
        ck.error((*path, "sources"), label, "needs at least one http(s) source URL")
    names: list[Name] = []
    for lang, nraw in (rec.pop("names", None) or {}).items():
        npath = (*path, "names", lang)
        if lang not in LANGS:
            ck.error(npath, label, f"unknown language {lang!r} (valid: {', '.join(LANGS)})")
            continue
        n, n_ok = ck.record(nraw, npath, _NAME, label)
        if n_ok:
            names.append(Name(lang=lang, **n))
    if names and not any(n.lang == "en" for n in names):
        ck.error((*path, "names"), label, "names must include 'en'")
    en = next((n for n in names if n.lang == "en"), None)
    if en is not None:  # the English name and acronym are stored once, in names.en
        for key in ("name", "acronym"):
            if key in rec and not ck.trusted:
                ck.error(
                    (*path, key),
                    label,
                    f"the English {key} is stored in [org.names.en]; remove this copy"
                    " (one name is stored once)",
                )
        rec["name"], rec["acronym"] = en.name, en.acronym or en.name
    elif not ck.trusted:
        for key in ("name", "acronym"):
            if key not in rec and not (isinstance(raw, dict) and key in raw):
                ck.error(path, label, f"missing required key {key!r} (or give [org.names.en])")
                ok = False
    rot = rec.pop("rotation", None)
    rotation = None
    if rot is not None:
        r, r_ok = ck.record(rot, (*path, "rotation"), _ROTATION, label)
        rotation = Rotation(**r) if r_ok else None

    offices = _each(
        ck, rec.pop("offices", None), (*path, "offices"), _OFFICE, label, lambda r, p: Office(**r)
    )
    aliases = _each(
        ck, rec.pop("aliases", None), (*path, "aliases"), _ALIAS, label, lambda r, p: Alias(**r)
    )
    members = _each(
        ck,
        rec.pop("members", None),
        (*path, "members"),
        _MEMBERS,
        label,
        lambda r, p: MemberCount(**r),
    )
    terms = _each(
        ck,
        rec.pop("terms", None),
        (*path, "terms"),
        _TERM,
        label,
        lambda r, p: _term(ck, r, p, label),
        lambda r, p: _term_ok(ck, r, p, label),
    )
    priorities = _each(
        ck,
        rec.pop("priorities", None),
        (*path, "priorities"),
        _PRIORITY,
        label,
        lambda r, p: Priority(**r),
    )
    if ck.trusted:
        events = LazyEvents(rec.pop("events", None) or [])
    else:
        events = _check_events(ck, rec.pop("events", None), (*path, "events"), label)
    claims = _each(
        ck, rec.pop("claims", None), (*path, "claims"), _CLAIM, label, lambda r, p: Claim(**r)
    )
    if not ck.trusted:
        _check_terms(ck, terms, path, label, offices)
        _check_priorities(ck, priorities, terms, path, label)
    if not ok:
        if not ck.trusted:  # still take part in the cross-record checks
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


# Events are most of a large dataset. In the compiled cache each event is a row in this column
# order instead of a table with its keys, which is quicker to parse and to turn into objects.
EVENT_COLUMNS = (
    "date",
    "end",
    "title",
    "place",
    "themes",
    "people",
    "confidence",
    "sources",
    "note",
    "planned",
)


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


def _decode_events(rows: Iterable[list[Any]]) -> tuple[Event, ...]:
    pd = parse_date
    return tuple(
        Event(pd(d), t, c, tuple(s), pd(e) if e else None, p, tuple(th), tuple(pe), n, pl)
        for d, e, t, p, th, pe, c, s, n, pl in rows
    )


class LazyEvents(Sequence[Event]):
    """An organisation's events from the compiled cache, turned into objects on first use.

    ``overlapping_years`` answers a date-range question by reading only the year digits of the
    rows, so `timeline --year 2024` over a large dataset builds objects for the few events it
    prints rather than for all of them. Behaves as a tuple otherwise (equality included).
    """

    __slots__ = ("_items", "_rows")

    def __init__(self, rows: list[list[Any]]):
        self._rows: list[list[Any]] | None = rows
        self._items: tuple[Event, ...] | None = None

    def rows(self) -> list[list[Any]] | None:
        """The undecoded cache rows, if no command has read the events yet."""
        return self._rows

    def _all(self) -> tuple[Event, ...]:
        if self._items is None:
            self._items = _decode_events(self._rows or ())
            self._rows = None
        return self._items

    def overlapping_years(self, lo: int, hi: int) -> tuple[Event, ...]:
        """The events whose first-to-last day may fall in the years lo..hi."""
        if self._rows is None:
            return tuple(
                e for e in self._all() if e.date.year <= hi and (e.end or e.date).year >= lo
            )
        return _decode_events(
            r for r in self._rows if int(r[0][:4]) <= hi and int((r[1] or r[0])[:4]) >= lo
        )

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self._all())

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __iter__(self) -> Iterator[Event]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyEvents, tuple)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"LazyEvents({len(self)} events)"


_EVENT_KEYS = frozenset(_EVENT)
_EVENT_REQUIRED = frozenset(k for k, (_, req) in _EVENT.items() if req)


def _check_events(ck: _Checker, raw: Any, path: Path_, org: str) -> LazyEvents:
    """Events are most of a large dataset. A plainly valid one is checked in one step and kept
    as a cache row (objects are built only when a command reads them); anything unusual goes
    through the general path, which says exactly what is wrong."""
    if not isinstance(raw, list):
        _each(ck, raw, path, _EVENT, org, lambda r, p: _event(ck, r, p, org))  # reports it
        return LazyEvents([])
    rows = []
    for i, e in enumerate(raw):
        if _plain_event(ck, e):
            rows.append(event_row(e))
            continue
        rec, ok = ck.record(e, (*path, i), _EVENT, org)
        if not ok:
            _event_ok(ck, rec, (*path, i), org)  # still report a bad end next to a bad title
        elif _event(ck, rec, (*path, i), org) is not None:
            rows.append(event_row(e))
    return LazyEvents(rows)


def event_row(e: dict[str, Any]) -> list[Any]:
    """An event table as a cache row, in EVENT_COLUMNS order."""
    return [
        e["date"],
        e.get("end"),
        e["title"],
        e.get("place", ""),
        e.get("themes", []),
        e.get("people", []),
        e["confidence"],
        e["sources"],
        e.get("note", ""),
        e.get("planned", False),
    ]


def _plain_event(ck: _Checker, e: Any) -> bool:
    """Whether an event table is plainly valid (if not, the general checks report on it)."""
    if type(e) is not dict or not (_EVENT_REQUIRED <= e.keys() <= _EVENT_KEYS):
        return False
    title, conf, src, day = e["title"], e["confidence"], e["sources"], e["date"]
    place, note = e.get("place", ""), e.get("note", "")
    themes, people, end = e.get("themes", ()), e.get("people", ()), e.get("end")
    if not (
        type(title) is str
        and title
        and not title[0].isspace()
        and conf in _CONFIDENCE
        and type(day) is str
        and type(place) is str
        and type(note) is str
        and type(src) is list
        and src
        and (type(themes) is list or themes == ())
        and ck.theme_ids.issuperset(themes)
        and (type(people) is list or people == ())
        and (end is None or type(end) is str)
        and type(e.get("planned", False)) is bool
    ):
        return False
    if people and not all(type(x) is str and x and not x[0].isspace() for x in people):
        return False
    good = ck.good_urls
    if not good.issuperset(src):
        if not all(type(u) is str and _URL.fullmatch(u) for u in src):
            return False
        good.update(src)
    if len(src) > 1 and len(set(src)) != len(src):
        return False  # the general path warns about the repeated URL
    try:
        date = parse_date(day)
        last = parse_date(end) if end is not None else None
    except ValueError:
        return False
    return last is None or last.latest() >= date.earliest()


def _term(ck: _Checker, r: dict[str, Any], path: Path_, org: str) -> Term | None:
    if "chairpersons" in r:
        r["chairpersons"] = _each(
            ck,
            r["chairpersons"],
            (*path, "chairpersons"),
            _CHAIRPERSON,
            org,
            lambda x, p: Chairperson(**x),
        )
    if ck.trusted:
        return Term(**r)
    return Term(**r) if _term_ok(ck, r, path, org) else None


def _term_ok(ck: _Checker, r: dict[str, Any], path: Path_, org: str) -> bool:
    start, end = r.get("start"), r.get("end")
    if start and end and end.latest() < start.earliest():
        ck.error((*path, "end"), org, f"ends ({end}) before it starts ({start})")
        return False
    if start is None and end is None and "start" not in r and "end" not in r:
        ck.error(path, org, "a term needs a start or an end")
        return False
    return True


def _event(ck: _Checker, r: dict[str, Any], path: Path_, org: str) -> Event | None:
    if ck.trusted:
        return Event(**r)
    return Event(**r) if _event_ok(ck, r, path, org) else None


def _event_ok(ck: _Checker, r: dict[str, Any], path: Path_, org: str) -> bool:
    if r.get("end") and r.get("date") and r["end"].latest() < r["date"].earliest():
        ck.error((*path, "end"), org, f"ends ({r['end']}) before it starts ({r['date']})")
        return False
    return True


def _person(ck: _Checker, r: dict[str, Any], path: Path_) -> Person:
    roles = _each(ck, r.pop("roles", None), (*path, "roles"), _ROLE, None, lambda x, p: Role(**x))
    return Person(roles=roles, **r)


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
        event_people = (r[5] for r in rows) if rows is not None else (e.people for e in o.events)
        for j, people_ in enumerate(event_people):
            for person in people_:
                if person not in person_ids:
                    ck.error(("org", i, "events", j, "people"), o.id, f"unknown person {person!r}")
        for j, cl in enumerate(o.claims):
            if cl.id in claim_ids:
                ck.error(("org", i, "claims", j, "id"), o.id, f"duplicate claim id {cl.id!r}")
            claim_ids.add(cl.id)


_TEXT_KEYS = frozenset(
    k
    for spec in (
        *(_THEME, _NAME, _ALIAS, _MEMBERS, _ROTATION, _TERM, _PRIORITY, _EVENT, _CLAIM),
        *(_ORG, _ROLE, _PERSON, _CORRECTION),
    )
    for k, (kind, _) in spec.items()
    if kind == "text"
)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")  # one-line fields: no controls at all
_CONTROL_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # text: tab and newline


def _check_controls(ck: _Checker, value: Any, path: Path_, org: str | None = None) -> None:
    """Every string in the document: no C0/C1 control characters (tab and newline only in
    free-text fields) and no bidirectional override or isolate characters."""
    if isinstance(value, str):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        text = key in _TEXT_KEYS
        m = (_CONTROL_TEXT if text else _CONTROL).search(value)
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
        for i, v in enumerate(value):
            _check_controls(ck, v, (*path, i), org)
