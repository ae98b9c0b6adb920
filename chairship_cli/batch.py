"""Many questions in one process: `who --batch` and `country --batch` read one per line.

A line is ``ORG DATE`` (or ``CODE DATE``: the last whitespace-separated word is the date, so a
name may contain spaces), or a JSON object ``{"org": ..., "on": ...}`` (``{"country": ...,
"on": ...}``). ``#`` starts a comment; blank lines are skipped. Each answer is one JSON line,
shaped exactly like the single command's ``--json`` output; a bad line gives
``{"line": N, "input": ..., "error": ...}`` in its place (with a ``"hint"`` where the question
may belong to another command) and the batch goes on (docs/schema/who-batch.json). The output
is always valid UTF-8: a line that is not UTF-8 is an error record, and only a short prefix of
a bad line is echoed. A line longer than MAX_LINE bytes is an error record too, and is never
held in memory whole.

Conversation: an answer is written as soon as its question is read whenever no more input is
waiting (a terminal, or a pipe with nothing more buffered), so a co-process may write one
question and wait for its answer; input that streams in is answered in blocks. No typer, no rich.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, TextIO

# The answer: JSON-ready data (a dict or a list), or a line render/dispatch already wrote.
Answer = Callable[[str, str], Any]


MAX_LINE = 64 * 1024  # bytes in one question line (documented in docs/reference.md)
ECHO = 80  # characters of a bad line echoed back in its error record
_READ = 1 << 16
SUBJECT = {"org": "ORG", "country": "CODE"}  # what the first word of a line is, per batch
EXAMPLE = {"org": "sco 2024-07-04", "country": "KZ 2024-07-04"}


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
        if key not in obj:
            raise BadLine(f'missing "{key}" (a string)')
        if not isinstance(subject, str):
            raise BadLine(f'"{key}" must be a string, not {_json_type(subject)}')
        if not subject.strip():
            raise BadLine(f'"{key}" must not be empty')
        if "on" not in obj:
            raise BadLine('missing "on" (a date, YYYY-MM-DD)')
        if not isinstance(on, str):
            raise BadLine(f'"on" must be a string (a date, YYYY-MM-DD), not {_json_type(on)}')
        return subject, on
    body = stripped.split("#", 1)[0].strip()
    if not body:
        return None
    parts = body.rsplit(None, 1)
    if len(parts) != 2:
        raise BadLine(f"expected {SUBJECT[key]} DATE, for example {EXAMPLE[key]!r}")
    return parts[0], parts[1]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"


def echo(text: str) -> str:
    """The part of a bad line that its error record repeats: at most ECHO characters."""
    return text if len(text) <= ECHO else text[: ECHO - 3] + "..."


class TooLong(bytes):
    """The start of an input line longer than MAX_LINE bytes (the rest was skipped)."""


def read_lines(
    stream: TextIO | BinaryIO, idle: Callable[[], None], cap: int = MAX_LINE
) -> Iterator[bytes]:
    """Each line of ``stream`` as bytes, without its line end; a line longer than ``cap``
    bytes comes as a :class:`TooLong` holding its start, and its rest is skipped unread into
    memory. ``idle()`` is called before every read that would wait for more input, so the
    caller can write the answers it has so far."""
    read, waiting = _reader(stream)
    pending = b""
    skipping = False  # inside a line that is too long: drop bytes up to its end
    while True:
        if not waiting():
            idle()
        chunk = read()
        if not chunk:
            break
        parts = chunk.split(b"\n")
        last = parts.pop()  # the start of a line whose end has not come yet
        if parts:
            if skipping:
                del parts[0]
                skipping = False
            elif pending:
                parts[0] = pending + parts[0]
            pending = b""
            for line in parts:
                yield line if len(line) <= cap else TooLong(line[: ECHO * 4])
        if not skipping:
            pending += last
            if len(pending) > cap:
                yield TooLong(pending[: ECHO * 4])
                pending, skipping = b"", True
    if pending and not skipping:
        yield pending


def _reader(stream: TextIO | BinaryIO) -> tuple[Callable[[], bytes], Callable[[], bool]]:
    """(read some bytes, whether more input is waiting) for stdin: the file descriptor when
    there is one (select() tells whether a read would wait), else the stream's binary buffer
    (an in-memory stream never waits)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        fd = None
    if fd is not None:
        import select

        def waiting() -> bool:
            try:
                return bool(select.select([fd], [], [], 0)[0])
            except (OSError, ValueError):  # cannot tell: answer at once, to be safe
                return False

        return (lambda: os.read(fd, _READ)), waiting
    buf: Any = getattr(stream, "buffer", stream)
    read1 = getattr(buf, "read1", None) or buf.read

    def read() -> bytes:
        data = read1(_READ)
        return data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)

    return read, lambda: True


def run(lines: Iterable[bytes], key: str, answer: Answer) -> Iterator[tuple[Any, bool]]:
    """(the JSON-ready record of one line, whether it answered) per question, in input order;
    the caller writes each as a JSON line with the one JSON writer (render/dispatch)."""
    for n, raw in enumerate(lines, 1):
        if isinstance(raw, TooLong):
            text = raw.decode("utf-8", "replace")
            record = {
                "line": n,
                "input": echo(text),
                "error": f"the line is longer than {MAX_LINE} bytes; it was skipped",
            }
            yield record, False
            continue
        try:
            text = raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError as e:
            record = {
                "line": n,
                "input": echo(raw.decode("utf-8", "replace").rstrip("\r")),
                "error": f"the line is not valid UTF-8 (byte {e.start + 1})",
            }
            yield record, False
            continue
        try:
            q = question(text, key)
            if q is None:
                continue
            result = answer(*q)
        except BadLine as e:
            record = {"line": n, "input": echo(text), "error": str(e)}
            if e.hint:
                record["hint"] = e.hint
            yield record, False
            continue
        yield result, True
