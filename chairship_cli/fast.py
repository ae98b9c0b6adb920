"""The speed-ups that the performance targets need, and only those (docs/performance.md).

Each says what it buys: how much slower the benchmark of benchmarks/run.py gets without it, on
the project's 2-vCPU machine (CPython 3.11, .pyc files present). Start-up figures are medians
of 41 paired runs of `chairship show sco --json` with and without; scale figures are the
N=300 runs (`timeline --year 2024 --json`, bare tomllib.load of the file ~3.5 s, so the limits
are ~4.6 s for a first run and ~0.7 s for a second). Each is an optimisation of something
simpler that gives the same results: removing one changes the time, never an answer.
No typer, no rich.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import chain, repeat
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from .model import Event, Org

T = TypeVar("T")

# --------------------------------------------------------------------------- 1. cheap records
#
# Buys 10-12 ms of every start-up (importing model.py took 12 ms, now under 1 ms).
# ``dataclasses.dataclass(frozen=True, slots=True)`` compiles six methods per class with exec()
# and then builds each class twice (for __slots__): about 0.6 ms a class, 16 classes. ``record``
# makes the same frozen, slotted class in one step from shared methods. It behaves as the
# dataclass would (tests/test_load.py compares them): the same __init__ arguments and defaults,
# ==, hash, repr, FrozenInstanceError, __match_args__, pickling and copying, and
# dataclasses.fields() / replace() / asdict() work on it. A Python whose dataclasses module
# lacks the internals it relies on gets the real dataclass.


def record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True, slots=True)``, without generating code."""
    field_type = getattr(dataclasses, "_FIELD", None)
    if field_type is None or cls.__bases__ != (object,):  # pragma: no cover - other Pythons
        return dataclasses.dataclass(frozen=True, slots=True)(cls)
    ns = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    fields: dict[str, dataclasses.Field[Any]] = {}
    for name, annotation in cls.__annotations__.items():
        value = ns.pop(name, dataclasses.MISSING)
        f: dataclasses.Field[Any] = (
            value if isinstance(value, dataclasses.Field) else dataclasses.field(default=value)
        )
        if f.default_factory is not dataclasses.MISSING or not f.init:  # pragma: no cover
            return dataclasses.dataclass(frozen=True, slots=True)(cls)  # not needed here
        f.name, f.type = name, annotation
        f._field_type = field_type  # type: ignore[attr-defined]
        f.kw_only = False
        fields[name] = f
    names = tuple(fields)
    ns["__slots__"] = names
    ns["__match_args__"] = names
    ns["__dataclass_fields__"] = fields
    ns.update(_methods(cls.__qualname__, fields))
    new = type(cls.__name__, cls.__bases__, ns)
    new.__qualname__ = cls.__qualname__
    return cast("type[T]", new)


def _methods(qualname: str, fields: dict[str, dataclasses.Field[Any]]) -> dict[str, Any]:
    names = tuple(fields)
    n = len(names)
    index = {name: i for i, name in enumerate(names)}
    defaults = tuple(f.default for f in fields.values())
    required = sum(1 for d in defaults if d is dataclasses.MISSING)
    if any(d is dataclasses.MISSING for d in defaults[required:]):  # pragma: no cover
        raise TypeError(f"{qualname}: a field without a default follows one with a default")
    put = object.__setattr__
    compare = [k for k, f in fields.items() if f.compare]
    compared: Callable[[Any], Any] = (
        attrgetter(*compare)
        if len(compare) > 1
        else lambda x: tuple(getattr(x, k) for k in compare)
    )
    shown = tuple(k for k, f in fields.items() if f.repr)

    def bind(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        if len(args) > n:
            takes = f"from {required + 1} to {n + 1}" if required < n else f"{n + 1}"
            raise TypeError(
                f"{qualname}.__init__() takes {takes} positional arguments"
                f" but {len(args) + 1} were given"
            )
        values = [*args, *defaults[len(args) :]]
        given = [True] * len(args) + [False] * (n - len(args))
        for key, value in kwargs.items():
            i = index.get(key)
            if i is None:
                raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument {key!r}")
            if given[i]:
                raise TypeError(f"{qualname}.__init__() got multiple values for argument {key!r}")
            values[i], given[i] = value, True
        missing = [names[i] for i in range(required) if not given[i]]
        if missing:
            listed = " and ".join(", ".join(repr(m) for m in missing).rsplit(", ", 1))
            s = "s" if len(missing) > 1 else ""
            raise TypeError(
                f"{qualname}.__init__() missing {len(missing)} required positional argument{s}:"
                f" {listed}"
            )
        return tuple(values)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs or not required <= len(args) <= n:
            args = bind(args, kwargs)
        elif len(args) < n:
            args += defaults[len(args) :]
        for name, value in zip(names, args, strict=True):
            put(self, name, value)

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{k}={getattr(self, k)!r}" for k in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)  # type: ignore[no-any-return]
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(compared(self))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, k) for k in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=True):
            put(self, name, value)

    methods: dict[str, Any] = {
        "__init__": __init__,
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }
    for name, fn in methods.items():
        fn.__qualname__ = f"{qualname}.{name}"
    return methods


# --------------------------------------------------------------------------- 2. lazy organisations
#
# Buys 8-10 ms of `show sco --json` (and of every command about one body, `who --batch` too):
# a run from the compiled cache decodes (2.5 ms of it) and builds the one organisation it is
# asked about, not all 21. Dataset.org(id) finds it by id (cache.read gives each one's id and
# JSON) without building the others; iterating builds each in turn.


class LazyOrgs(Sequence["Org"]):
    """Dataset.orgs from the compiled cache: each Org built from its cached table on first use.
    Behaves as a tuple otherwise (equality included).

    A cached table that cannot be built (a damaged or forged cache whose checksum matches) is
    never trusted: ``rebuild`` validates the source again and its organisations are used.
    """

    __slots__ = ("_built", "_ids", "_make", "_raw", "_rebuild")

    def __init__(
        self,
        ids: list[str],
        raw: list[Any],
        make: Callable[[Any], Org],
        rebuild: Callable[[], Sequence[Org]] | None = None,
    ):
        self._raw: list[Any] = list(raw)
        self._built: list[Org | None] = [None] * len(raw)
        self._ids = {org_id: i for i, org_id in enumerate(ids)}
        self._make = make
        self._rebuild = rebuild

    def _get(self, i: int) -> Org:
        org = self._built[i]
        if org is None:
            raw = self._raw[i]
            assert raw is not None
            try:
                with paused_gc():
                    org = self._make(raw)
            except Exception:
                if self._rebuild is None:
                    raise
                self._use(self._rebuild())
                return self[i]  # type: ignore[no-any-return]
            self._built[i] = org
            self._raw[i] = None  # built: the cached table is no longer needed
        return org

    def _use(self, orgs: Sequence[Org]) -> None:
        self._built = list(orgs)
        self._raw = [None] * len(orgs)
        self._ids = {o.id: i for i, o in enumerate(orgs)}
        self._rebuild = None

    def find(self, org_id: str) -> Org | None:
        """The organisation with this id, building no other."""
        i = self._ids.get(org_id)
        if i is None:
            return None
        org = self._get(i)
        if org.id != org_id:  # rebuilt from the source: look again
            i = self._ids.get(org_id)
            return None if i is None else self._get(i)
        return org

    def __len__(self) -> int:
        return len(self._built)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return tuple(self._get(j) for j in range(len(self._built))[i])
        return self._get(range(len(self._built))[i])

    def __iter__(self) -> Iterator[Org]:
        i = 0
        while i < len(self._built):
            yield self._get(i)
            i += 1

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyOrgs, tuple)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"LazyOrgs({len(self)} organisations)"


# --------------------------------------------------------------------------- 3. lazy events
#
# Buys 0.2-0.25 s of the N=300 second run (0.20x-0.22x, over its limit, if events are built
# with their organisation) and 0.2 s of the first. Events are most of a large dataset: they are
# validated and cached as rows (their values in the order of Event's fields), and turned into
# objects only when a command reads them; ``overlapping_years`` answers `timeline --year` by
# reading the year digits of each row, so it builds only the few events it prints (query.py
# asks for it; without it the first run is 1.34x and the second 0.21x).


class LazyEvents(Sequence["Event"]):
    """An organisation's events as cache rows, turned into objects on first use. Behaves as a
    tuple otherwise (equality included)."""

    __slots__ = ("_items", "_rows")

    def __init__(self, rows: list[list[Any]]):
        self._rows: list[list[Any]] | None = rows
        self._items: tuple[Event, ...] | None = None

    def rows(self) -> list[list[Any]] | None:
        """The undecoded cache rows, if no command has read the events yet."""
        return self._rows

    def _all(self) -> tuple[Event, ...]:
        if self._items is None:
            decode = _event_codec()[0]
            self._items = tuple(decode(r) for r in self._rows or ())
            self._rows = None
        return self._items

    def overlapping_years(self, lo: int, hi: int) -> tuple[Event, ...]:
        """The events whose first-to-last day may fall in the years lo..hi."""
        if self._rows is None:
            return tuple(
                e for e in self._all() if e.date.year <= hi and (e.end or e.date).year >= lo
            )
        decode, date, end = _event_codec()
        return tuple(
            decode(r)
            for r in self._rows
            if int(r[date][:4]) <= hi and int((r[end] or r[date])[:4]) >= lo
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


_CODEC: list[tuple[Callable[[list[Any]], Event], int, int]] = []


def _event_codec() -> tuple[Callable[[list[Any]], Event], int, int]:
    """(a row -> Event, the column of ``date``, the column of ``end``), from Event's fields."""
    if not _CODEC:
        from .dates import parse_date
        from .model import Event

        fields = dataclasses.fields(Event)
        convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, f in enumerate(fields):
            kind = f.metadata["kind"]
            if kind == "date":
                convert.append((i, parse_date))
            elif kind in ("strs", "urls", "themes", "countries"):
                convert.append((i, tuple))

        def decode(row: list[Any]) -> Event:
            values = list(row)
            for i, conv in convert:
                if values[i] is not None:
                    values[i] = conv(values[i])
            return Event(*values)

        names = [f.name for f in fields]
        _CODEC.append((decode, names.index("date"), names.index("end")))
    return _CODEC[0]


# --------------------------------------------------------------------------- 4. garbage collector
#
# Buys 1.1-1.2 s of the N=300 first run (1.58x-1.63x without), 0.9-1.0 s of the second (0.41x)
# and 14 ms of every start-up. Loading creates up to millions of objects, none in cycles: the
# cyclic garbage collector is paused while they are made, and gc.freeze() then moves every
# object made so far out of its sight, so later collections (and the one at exit) do not walk
# them again (without the freeze: 1.54x, 0.39x and 14 ms). An organisation built later by
# LazyOrgs gets the same (without: the second run is 0.35x). The price, in a long-lived
# process such as the test suite: cycles among frozen objects are never collected (+13 MB).


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- 5. plain events
#
# Buys 0.2 s of the N=300 first run (1.25x-1.35x without). Events are 90% of a large dataset.
# Those of one organisation are checked a key (a column) at a time: the type of every value
# at once, then each distinct value once by its quick check (``quick_checks``: the plainly
# valid case of a kind, accepting nothing that load._Checker.convert would reject). If every
# one passes, so do the events, which become cache rows at once. Otherwise, or in any doubt,
# load._check_events checks them one by one and says exactly what is wrong.

NOT_QUICK: Any = object()


class _Checks(dict[str, Callable[[Any], Any]]):
    def __missing__(self, kind: str) -> Callable[[Any], Any]:
        allowed = frozenset(kind[5:].split("|")) if kind.startswith("enum:") else frozenset()
        check = self[kind] = lambda v: v if type(v) is str and v in allowed else NOT_QUICK
        return check  # an enum's values; for another kind (lang, tables), never plain


def quick_checks(ck: Any) -> dict[str, Callable[[Any], Any]]:
    """For each scalar kind (model.KINDS; theme_id: one item of ``themes``), a check of the
    plainly valid value: the value as load._Checker.convert would return it, else NOT_QUICK.
    ``ck``: the load._Checker (its patterns and theme ids)."""
    from . import countries
    from .dates import parse_date
    from .model import ALIAS_KINDS, CONFIDENCE_LEVELS

    bad = NOT_QUICK
    url_match = ck.url_re.fullmatch
    id_match = ck.id_re.fullmatch

    def date(v: Any) -> Any:
        if type(v) is str:
            try:
                return parse_date(v)
            except ValueError:
                pass
        return bad

    def member(allowed: Iterable[str]) -> Callable[[Any], Any]:
        values = frozenset(allowed)
        return lambda v: v if type(v) is str and v in values else bad

    return _Checks(
        {
            "str": lambda v: v if type(v) is str and v != "" and not v[0].isspace() else bad,
            "text": lambda v: v if type(v) is str else bad,
            "id": lambda v: v if type(v) is str and id_match(v) else bad,
            "int": lambda v: v if type(v) is int and v >= 0 else bad,
            "bool": lambda v: v if type(v) is bool else bad,
            "date": date,
            "url": lambda v: v if type(v) is str and url_match(v) else bad,
            "theme_id": lambda v: v if type(v) is str and v in ck.theme_ids else bad,
            "country": member(countries.NAMES),
            "confidence": member(CONFIDENCE_LEVELS),
            "alias_kind": member(ALIAS_KINDS),
        }
    )


def plain_events(events: Any, schema: Any, ck: Any) -> bool:
    """Whether every event table is plainly valid (a load.Schema of Event, a load._Checker)."""
    from .dates import parse_date

    if type(events) is not list or set(map(type, events)) - {dict}:
        return False
    if not schema.keys.issuperset(set().union(*events)):
        return False
    columns: dict[str, list[Any]] = {}
    for key, (kind, required) in schema.spec.items():
        column = columns[key] = list(map(dict.get, events, repeat(key)))  # None: no such key
        present = list(filter(_given, column))
        if (required and len(present) < len(column)) or not _plain_column(kind, present, ck):
            return False
    if [] in columns["sources"]:
        return False  # only an unverified fact may lack sources: record() decides
    for day, end in zip(columns["date"], columns["end"], strict=True):
        # An end that sorts before its date may still be fine ("2024" ends after "2024-05").
        if end is not None and end < day and parse_date(end).latest() < parse_date(day).earliest():
            return False  # load._event_ok reports it
    return True


_given = partial(is_not, None)  # TOML has no null: None is a missing key


def _plain_column(kind: str, values: list[Any], ck: Any) -> bool:
    """Whether every value of one key is plainly valid for its kind (as quick_checks)."""
    if kind in _ITEM_KINDS:  # a list: its items, each of the item kind
        if set(map(type, values)) - {list}:
            return False
        items = list(chain.from_iterable(values))
        if set(map(type, items)) - {str}:
            return False
        if kind == "urls" and any(len(set(v)) != len(v) for v in values):
            return False  # convert() warns of a repeated URL
        values, kind = items, _ITEM_KINDS[kind]
    elif set(map(type, values)) - {_SCALAR_TYPES.get(kind, str)}:
        return False
    check = ck.quick[kind]
    return all(check(v) is not NOT_QUICK for v in set(values))  # each distinct value once


_ITEM_KINDS = {"strs": "str", "urls": "url", "themes": "theme_id", "countries": "country"}
_SCALAR_TYPES = {"int": int, "bool": bool}  # other scalar kinds are strings


# --------------------------------------------------------------------------- 6. control characters
#
# Buys 0.4-0.5 s of the N=300 first run (1.37x-1.44x without). load._check_controls looks at every
# string of the document for control and bidirectional characters; a table whose repr() shows
# none of them escaped is
# skipped whole. repr() escapes every character that check looks for (C0, DEL, C1 and the bidi
# overrides and isolates are all non-printable), so a table passes only if it has none; one
# that fails this test, or has another escaped character, is looked at string by string.

# A run of backslashes, then what follows one that escapes a character the check reports.
_ESCAPED = r"\\(\\*)(?:x[01][0-9a-f]|x7f|x[89][0-9a-f]|[tnr]|u202[a-e]|u206[6-9])"


def no_controls(table: dict[str, Any]) -> bool:
    """True if no string in the table (nested tables and lists included) has a character that
    load._check_controls reports."""
    text = repr(table)
    if "\\" not in text:
        return True
    # an odd run escapes its last character; an even one is backslashes in the text itself
    return all(len(m.group(1)) % 2 == 1 for m in re.finditer(_ESCAPED, text))


# --------------------------------------------------------------------------- 7. BLAKE2b
#
# Buys 3-4 ms of every start-up: CPython's built-in module, where hashlib would load OpenSSL.
# (Without it `show sco --json` is ~1.36x `import typer`, against a limit of 1.5x that the
# machine's noise moves by up to 0.15.)


def blake2b() -> Any:
    """A BLAKE2b hash with a 32-byte digest (the compiled cache's name and checksum)."""
    try:
        from _blake2 import blake2b as new
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b as new
    return new(digest_size=32)
