"""The compiled cache changes the time a run takes, never an answer: on random datasets
(benchmarks/generate_dataset.py, sometimes with a control character that makes a warning), a
dataset loaded from the cache equals the one validated from the source, with the same warnings,
and every question gets the same answer."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairship_cli import cache
from chairship_cli.load import load
from chairship_cli.model import Dataset
from chairship_cli.query import search, timeline, who

from conftest import ROOT


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "generate_dataset", ROOT / "benchmarks" / "generate_dataset.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GENERATE = _generator().generate


@contextmanager
def cache_home() -> Iterator[Path]:
    """A fresh, empty compiled cache for one example."""
    saved = os.environ.get("XDG_CACHE_HOME")
    with tempfile.TemporaryDirectory(prefix="chairship-cache-eq-") as d:
        os.environ["XDG_CACHE_HOME"] = d
        try:
            yield Path(d)
        finally:
            if saved is None:
                os.environ.pop("XDG_CACHE_HOME", None)
            else:
                os.environ["XDG_CACHE_HOME"] = saved


def answers(ds: Dataset) -> list[Any]:
    """Every kind of question, on every organisation: who chaired on a spread of days, the
    timeline of a few years, and searches for words the generator uses."""
    out: list[Any] = []
    days = [dt.date(y, m, 1) for y in range(1995, 2031, 3) for m in (1, 7)]
    for org in ds.orgs:
        out += [who(ds, org, day) for day in days]
        out.append(timeline(ds, [org], dt.date(2018, 1, 1), dt.date(2024, 12, 31)))
    out.append(timeline(ds))
    out += [search(ds, q) for q in ("summit", "council", "2021", "meeting")]
    return out


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    orgs=st.integers(1, 3),
    terms=st.integers(0, 6),
    events=st.integers(0, 8),
    seed=st.integers(0, 10_000),
    control=st.sampled_from(["", "\\u0007", "\\u202E", "\\t"]),  # TOML escapes
)
def test_cached_and_uncached_loads_agree(
    orgs: int, terms: int, events: int, seed: int, control: str
) -> None:
    text = GENERATE(orgs, terms, events, seed)
    at = text.find('title = "') if control else -1
    if at >= 0:  # into the first title: a warning (a title is one line: tab too), kept as data
        at += len('title = "')
        text = text[:at] + control + text[at:]
    with cache_home() as home:
        path = home / "orgs.toml"
        path.write_text(text, encoding="utf-8")
        fresh = load(path, use_cache=False)
        first = load(path)  # validates, then writes the cache
        assert (home / "chairship" / f"{cache.key(path.read_bytes())}.json").is_file()
        cached = load(path)  # read from the cache
        assert fresh == first == cached
        assert fresh.warnings == first.warnings == cached.warnings
        if at >= 0:
            assert any("control character" in w for w in fresh.warnings)
        assert answers(fresh) == answers(cached)
        for a, b in zip(fresh.orgs, cached.orgs, strict=True):
            assert a == b and list(a.events) == list(b.events) and a.terms == b.terms
