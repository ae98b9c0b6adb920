"""The speed-ups that the performance targets need, and only those (docs/performance.md).

Each says what it buys: how much slower the benchmark of benchmarks/run.py gets without it, on
the project's 2-vCPU machine (CPython 3.11, .pyc files present). Start-up figures are medians
of 41 paired runs of `chairship show sco --json` with and without; scale figures are the
N=300 runs (`timeline --year 2024 --json`, bare tomllib.load of the file ~3.5 s, so the limits
are ~4.9 s for a first run and ~0.7 s for a second). Each is an optimisation of something
simpler that gives the same results: removing one changes the time, never an answer
(tests/test_cache_equivalence.py). No typer, no rich. The other speed-up of a first run, checking
an organisation's events a column at a time, is in load.py (_events_at_once): it applies the
loader's own rules, so it is not a second implementation of them.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Event, Org

# --------------------------------------------------------------------------- 1. lazy organisations
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


# --------------------------------------------------------------------------- 2. lazy events
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

        names = [f.name for f in fields]

        def decode(row: list[Any]) -> Event:
            values = list(row)
            for i, conv in convert:
                if values[i] is not None:
                    values[i] = conv(values[i])
            return Event(**dict(zip(names, values, strict=True)))

        _CODEC.append((decode, names.index("date"), names.index("end")))
    return _CODEC[0]


# --------------------------------------------------------------------------- 3. garbage collector
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
