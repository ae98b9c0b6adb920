"""One way out for every command's result: JSON, JSON lines, TSV, CSV or a terminal table.

A command builds a :class:`Result` (its records and their shape, from shapes.py) and calls
:func:`render`; nothing else decides between formats. The default format follows stdout: a
table on a terminal, tab-separated lines in a pipe. rich is imported only for tables.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from . import shapes
from .output import emit, formula_safe, note, safe_lines, stdout_is_terminal, tsv_cell


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


def render(result: Result, fmt: str | None, ctx: shapes.Ctx) -> None:
    """Print ``result`` in ``fmt`` (None: the default for stdout), its names etc. for ``ctx``."""
    fmt = fmt or default_format()
    if fmt != "table":
        emit(text(result, fmt, ctx, indent=2 if stdout_is_terminal() else None))
        return
    sh, items = _records(result)
    if not items and result.many:
        if stdout_is_terminal() and result.empty:
            note(result.empty)
    elif result.page is not None:
        result.page()
    else:
        from . import terminal

        terminal.records_table(sh, items, result.title, result.legend, ctx)


def text(
    result: Result,
    fmt: str,
    ctx: shapes.Ctx,
    ascii_only: bool | None = None,
    indent: int | None = 2,
) -> str:
    """The whole output of ``result`` in a text format (json, jsonl, tsv, csv): what `render`
    prints, and what an export writes to a file (``ascii_only=False``: always UTF-8).

    JSON is indented for a person (``indent``): `render` indents it on a terminal and writes
    it on one line in a pipe, as `gh` does; a program reads the same values either way."""
    if fmt == "json":
        sh = shapes.COMMANDS[result.command][0]
        if result.many:
            return dumps(shapes.records(sh, result.data, ctx), indent, ascii_only)
        return dumps(shapes.to_json(sh, result.data, ctx), indent, ascii_only)
    sh, items = _records(result)
    if fmt == "jsonl":
        return "".join(json_line(shapes.to_json(sh, x, ctx), ascii_only) for x in items)
    if fmt == "tsv":
        return "".join("\t".join(map(tsv_cell, row)) + "\n" for row in _rows(sh, items, ctx))
    if fmt == "csv":
        return to_csv(_header(sh), _rows(sh, items, ctx))
    raise ValueError(f"not a text format: {fmt}")


def _records(result: Result) -> tuple[shapes.Shape, list[Any]]:
    """The shape and records of the row formats (a one-object result such as `next` may read
    best as rows of another shape)."""
    if result.rows is not None:
        return shapes.SHAPES[result.rows[0]], result.rows[1]
    sh = shapes.COMMANDS[result.command][0]
    return sh, list(result.data) if result.many else [result.data]


def _header(sh: shapes.Shape) -> list[str] | None:
    return shapes.headers(sh) if sh.columns else ["field", "value"]


def _rows(sh: shapes.Shape, items: list[Any], ctx: shapes.Ctx) -> Iterator[list[str]]:
    """Each record's column cells; a shape without columns (show) as field/value lines."""
    if sh.columns:
        for x in items:
            yield shapes.cells(sh, x, ctx)
        return
    for x in items:
        yield from flatten(shapes.to_json(sh, x, ctx))


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


def _ascii_only() -> bool:
    enc = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    return not enc.startswith("utf")


@functools.cache
def _encoder(ascii_only: bool, indent: int | None) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=ascii_only, indent=indent)


def dumps(obj: Any, indent: int | None = 2, ascii_only: bool | None = None) -> str:
    """The JSON writer: UTF-8 JSON (non-ASCII kept) unless ``ascii_only`` (None: when stdout
    cannot encode it); always ends in a newline. One encoder per kind of output, made once
    (a batch writes 10,000 lines with it)."""
    if ascii_only is None:
        ascii_only = _ascii_only()
    return _encoder(ascii_only, indent).encode(obj) + "\n"


def json_line(obj: Any, ascii_only: bool | None = None) -> str:
    """One JSON line (JSON lines, and each answer of a batch)."""
    return dumps(obj, None, ascii_only)


class JsonLine(str):
    """A JSON line already written by this module's writers (see :func:`json_lines_of`)."""


_MARK = "\ue000chairship\ue000"  # a private-use marker for the varying value


def json_lines_of(record: dict[str, Any], key: str, ascii_only: bool = False) -> Any:
    """The JSON lines of ``record`` with ``key`` set to each value given: the rest of the
    record is encoded once, and each value with the same encoder (a batch asks about many
    days of one stretch, whose answers differ only in "on"). Each line equals
    ``json_line({**record, key: value})``, key order included; should the marker be found
    more than once in the encoded record, every line is encoded whole instead."""
    enc = _encoder(ascii_only, None)
    probe = record.copy()
    probe[key] = _MARK
    parts = enc.encode(probe).split(enc.encode(_MARK))
    if len(parts) != 2:

        def whole(value: Any) -> JsonLine:
            line = record.copy()
            line[key] = value
            return JsonLine(json_line(line, ascii_only))

        return whole
    head, tail = parts
    return lambda value: JsonLine(f"{head}{enc.encode(value)}{tail}\n")


def csv_cell(value: str) -> str:
    """A CSV cell that a spreadsheet will not run (output.formula_safe); control and bidi
    characters are made visible; tab and line breaks stay (RFC 4180 quotes the field)."""
    return formula_safe(safe_lines(value))


def to_csv(header: list[str] | None, rows: Iterable[list[str]]) -> str:
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
