"""One way out for every command's result: JSON, JSON lines, TSV, CSV or a terminal table.

A command builds a :class:`Result` (its records and their shape, from shapes.py) and calls
:func:`render`; nothing else decides between formats. The default format follows stdout: a
table on a terminal, tab-separated lines in a pipe. rich is imported only for tables.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from . import shapes
from .output import emit, note, safe_lines, stdout_is_terminal, tsv_cell

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Result(NamedTuple):
    """What a command prints: one record or a list, of the command's shape."""

    command: str
    data: Any
    many: bool = True
    title: str | None = None
    empty: str = ""  # said on stderr (terminal only) when there are no records
    legend: str = ""  # "marks", "statuses" or "" (terminal only)
    page: Callable[[], None] | None = None  # a terminal page instead of a table
    rows: tuple[str, list[Any]] | None = None  # (shape name, records) for tables/TSV/CSV/JSONL


def default_format() -> str:
    return "table" if stdout_is_terminal() else "tsv"


def render(result: Result, fmt: str | None = None) -> None:
    fmt = fmt or default_format()
    shape = shapes.COMMANDS[result.command][0]
    items = list(result.data) if result.many else [result.data]
    if fmt == "json":
        obj = shapes.records(shape, items) if result.many else shapes.to_json(shape, items[0])
        emit(dumps(obj))
        return
    if result.rows is not None:  # a one-object result that reads best as rows (next)
        shape, items = shapes.SHAPES[result.rows[0]], result.rows[1]
    if fmt == "jsonl":
        emit("".join(dumps(shapes.to_json(shape, x), indent=None) for x in items))
    elif fmt == "tsv":
        emit("".join("\t".join(map(tsv_cell, row)) + "\n" for row in _rows(shape, items)))
    elif fmt == "csv":
        emit(to_csv(_header(shape), _rows(shape, items)))
    elif not items and result.many:
        if stdout_is_terminal() and result.empty:
            note(result.empty)
    elif result.page is not None:
        result.page()
    else:
        from . import terminal

        terminal.records_table(shape, items, result.title, result.legend)


def _header(shape: shapes.Shape) -> list[str] | None:
    return shapes.headers(shape) if shape.columns else ["field", "value"]


def _rows(shape: shapes.Shape, items: list[Any]) -> Iterator[list[str]]:
    """Each record's column cells; a shape without columns (show) as field/value lines."""
    if shape.columns:
        for x in items:
            yield shapes.cells(shape, x)
        return
    for x in items:
        yield from flatten(shapes.to_json(shape, x))


def flatten(obj: Any, prefix: str = "") -> Iterator[list[str]]:
    """A JSON object as [path, value] pairs: 'terms[0].chair', 'RU' (lists of strings joined)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from flatten(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(obj, list) and obj and any(isinstance(v, (dict, list)) for v in obj):
        for i, v in enumerate(obj):
            yield from flatten(v, f"{prefix}[{i}]")
    elif isinstance(obj, list):
        if obj:
            yield [prefix, " ".join(str(v) for v in obj)]
    elif obj is not None and obj != "":
        yield [prefix, "true" if obj is True else "false" if obj is False else str(obj)]


def dumps(obj: Any, indent: int | None = 2) -> str:
    """UTF-8 JSON (non-ASCII kept) unless stdout cannot encode it; always ends in a newline."""
    enc = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    ascii_only = not enc.startswith("utf")
    return json.dumps(obj, ensure_ascii=ascii_only, indent=indent) + "\n"


def csv_cell(value: str) -> str:
    """A CSV cell that a spreadsheet will not run: formulas get a leading apostrophe (OWASP),
    control and bidi characters are made visible; tab and line breaks stay (RFC 4180 quotes
    the field)."""
    v = safe_lines(value)
    return "'" + v if v.startswith(_FORMULA_START) else v


def to_csv(header: list[str] | None, rows: Iterator[list[str]]) -> str:
    """RFC 4180: comma-separated, CRLF line ends, quotes doubled, a header row first."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if header:
        w.writerow(header)
    for row in rows:
        w.writerow([csv_cell(c) for c in row])
    return buf.getvalue()
