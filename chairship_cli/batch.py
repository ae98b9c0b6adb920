"""Many questions in one process: `who --batch` and `country --batch` read one per line.

A line is ``ORG DATE`` (or ``CODE DATE``: the last whitespace-separated word is the date, so a
name may contain spaces), or a JSON object ``{"org": ..., "on": ...}`` (``{"country": ...,
"on": ...}``). ``#`` starts a comment; blank lines are skipped. Each answer is one JSON line,
shaped exactly like the single command's ``--json`` output; a bad line gives
``{"line": N, "input": ..., "error": ...}`` in its place (with a ``"hint"`` where the question
may belong to another command) and the batch goes on.
No typer, no rich.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Answer = Callable[[str, str], Any]  # the answer as JSON-ready data, or as JSON text already

encode_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every line


class BadLine(ValueError):
    """A question that cannot be answered; its message goes into the error record, and its
    ``hint`` (where the question may belong instead), when there is one, too."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def question(text: str, key: str) -> tuple[str, str] | None:
    """(subject, date) from one input line, or None for a blank line or a comment."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except ValueError:
            raise BadLine("not valid JSON") from None
        if not isinstance(obj, dict):
            raise BadLine('expected a JSON object such as {"' + key + '": ..., "on": ...}')
        subject, on = obj.get(key), obj.get("on")
        if not isinstance(subject, str) or not subject.strip():
            raise BadLine(f'missing "{key}" (a string)')
        if not isinstance(on, str):
            raise BadLine('missing "on" (a date, YYYY-MM-DD)')
        return subject, on
    body = stripped.split("#", 1)[0].strip()
    if not body:
        return None
    parts = body.rsplit(None, 1)
    if len(parts) != 2:
        raise BadLine(f"expected {key.upper()} DATE, for example 'sco 2024-07-04'")
    return parts[0], parts[1]


def run(lines: Iterable[str], key: str, answer: Answer) -> Iterator[tuple[str, bool]]:
    """(one JSON line, whether it answered) per question, in input order."""
    for n, raw in enumerate(lines, 1):
        text = raw.rstrip("\r\n")
        try:
            q = question(text, key)
            if q is None:
                continue
            result = answer(*q)
        except BadLine as e:
            record = {"line": n, "input": text, "error": str(e)}
            if e.hint:
                record["hint"] = e.hint
            yield encode_json(record) + "\n", False
            continue
        yield (result if isinstance(result, str) else encode_json(result)) + "\n", True
