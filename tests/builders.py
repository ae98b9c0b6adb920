"""The one place tests build records by hand: each builder gives a valid record with plain
defaults, and a test names only what it is about (``make_org(terms=...)``). Datasets read from
files are in tests/data/ (``data_file``, ``data_text``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset, Event, Org, Rotation, Term

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE = "https://t.example"


def data_file(name: str = "minimal.toml") -> Path:
    """A dataset of tests/data/ (minimal.toml: one valid body, two terms, one event)."""
    return DATA_DIR / name


def data_text(name: str = "minimal.toml") -> str:
    return data_file(name).read_text(encoding="utf-8")


def day(text: str | PartialDate | None) -> PartialDate | None:
    """A PartialDate from "2024", "2024-05" or "2024-05-01"; None for None or "". A PartialDate
    is kept as it is (for an impossible date no text parses to, e.g. ``PartialDate(2019, 13)``)."""
    if isinstance(text, PartialDate):
        return text
    return PartialDate.parse(text) if text else None


def make_org(**overrides: Any) -> Org:
    """An organisation "tst" (TST, founded 2000) with no terms, events or rotation."""
    fields: dict[str, Any] = {
        "id": "tst",
        "acronym": "TST",
        "name": "Test body",
        "founded": PartialDate(2000),
        "headquarters": "Nowhere",
        "website": SOURCE,
        "themes": (),
        "sources": (SOURCE,),
    }
    return Org(**{**fields, **overrides})


def make_term(
    chair: str, start: str | PartialDate | None, end: str | PartialDate | None, **overrides: Any
) -> Term:
    """A verified, sourced term of ``chair`` from ``start`` to ``end`` (ISO text or None)."""
    fields: dict[str, Any] = {"confidence": "verified", "sources": (SOURCE,)}
    return Term(chair=chair, start=day(start), end=day(end), **{**fields, **overrides})


def make_rotation(period: str, choice: str, handover: str, **overrides: Any) -> Rotation:
    fields: dict[str, Any] = {"text": f"{period}, {choice}", "confidence": "verified"}
    return Rotation(
        period=period, choice=choice, handover=handover, **{"sources": (), **fields, **overrides}
    )


def make_event(date: str | PartialDate, title: str, **overrides: Any) -> Event:
    fields: dict[str, Any] = {"confidence": "verified", "sources": (SOURCE,)}
    when = day(date)
    assert when is not None
    return Event(date=when, title=title, **{**fields, **overrides})


def make_dataset(*orgs: Org, checked: str | None = "2026-03-31", **overrides: Any) -> Dataset:
    """A dataset of ``orgs`` (no themes, people or corrections) checked up to ``checked``."""
    return Dataset(
        **{"path": "<test>", "themes": (), "orgs": orgs, "checked": day(checked), **overrides}
    )


def _minimal_head() -> tuple[list[str], list[str]]:
    """tests/data/minimal.toml up to its first [[org.*]] table: the top level (up to and with
    the line ``[[org]]``) and the keys of that [[org]] table, as lines."""
    head = data_text("minimal.toml").split("\n[[org.", 1)[0].rstrip("\n").splitlines()
    start = head.index("[[org]]")
    return head[: start + 1], head[start + 1 :]


def _org_keys(keys: list[str], org: dict[str, str]) -> list[str]:
    lines, given = [], dict(org)
    for line in keys:
        key = line.split(" = ", 1)[0]
        lines.append(f"{key} = {given.pop(key)}" if key in given else line)
    return lines + [f"{key} = {value}" for key, value in given.items()]


def toml_dataset(tables: str = "", **org: str) -> str:
    """A dataset as TOML text: the top level and the [[org]] table of tests/data/minimal.toml,
    with ``org``'s keys replaced or added (each value TOML text, e.g. ``name='"X"'``), then
    ``tables`` ([[org.terms]], [[org.events]], ... of that organisation) instead of its own."""
    top, keys = _minimal_head()
    return "\n".join(top + _org_keys(keys, org)) + "\n" + tables


def toml_org(**org: str) -> str:
    """One more body as TOML text, to append to a dataset: the [[org]] table of
    tests/data/minimal.toml (its keys only, no terms or events) with ``org``'s keys replaced or
    added, as in :func:`toml_dataset`. Starts with a blank line."""
    _top, keys = _minimal_head()
    return "\n[[org]]\n" + "\n".join(_org_keys(keys, org)) + "\n"
