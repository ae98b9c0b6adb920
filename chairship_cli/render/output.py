"""Where output goes: terminal detection, safe text, and writing that survives closed pipes."""

from __future__ import annotations

import errno
import os
import sys
from typing import TextIO

FORCE_TTY_ENV = "CHAIRSHIP_FORCE_TTY"
# The formats every record command prints (render/dispatch.py writes each; --format takes them).
FORMATS = ("table", "tsv", "csv", "json", "jsonl")
# The file formats of `export` (export.py writes each).
EXPORT_FORMATS = ("ics", "csv", "sqlite", "markdown", "json")

# Characters that would let data drive the terminal: C0/C1 controls (ESC, BEL, CR, ...) and the
# bidirectional embedding/override/isolate controls. Shown as visible escapes instead.
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def _escape(ch: str) -> str:
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


_TABLE = {cp: _escape(chr(cp)) for cp in [*range(0x00, 0x20), *range(0x7F, 0xA0), *_BIDI]}


def safe(text: str) -> str:
    """One line of text with every control character made visible (\\x1b, \\u202e)."""
    return text.translate(_TABLE)


# Multi-line text for a format that quotes its fields (CSV): line breaks and tabs are data.
_TABLE_LINES = {cp: v for cp, v in _TABLE.items() if cp not in (0x09, 0x0A, 0x0D)}
# TSV, reversibly: tab, newline and backslash escaped too (docs/reference.md, "TSV").
_TABLE_TSV = {**_TABLE, 0x09: "\\t", 0x0A: "\\n", 0x5C: "\\\\"}


def safe_lines(text: str) -> str:
    """Text for a quoted field: control characters visible, but tab and line breaks kept."""
    return text.translate(_TABLE_LINES)


# A cell that starts like a formula (OWASP CSV injection): = + - @ tab or CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """The one spreadsheet-formula guard (CSV, Markdown): a cell that starts like a formula
    gets a ' in front, so a spreadsheet never runs it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def tsv_cell(text: str) -> str:
    """A TSV field that can be turned back into the original text (:func:`tsv_unescape`):
    ``\\`` for a backslash, ``\\t`` for a tab, ``\\n`` for a newline, ``\\xNN`` for any other
    control character, ``\\uNNNN`` for a bidirectional control."""
    return text.translate(_TABLE_TSV)


def tsv_unescape(field: str) -> str:
    """The original text of a field written by :func:`tsv_cell`."""
    if "\\" not in field:
        return field
    import re

    def one(m: re.Match[str]) -> str:
        e = m.group()
        if e == "\\\\":
            return "\\"
        if e == "\\t":
            return "\t"
        if e == "\\n":
            return "\n"
        return chr(int(e[2:], 16))

    return re.sub(r"\\(?:\\|t|n|x[0-9a-f]{2}|u[0-9a-f]{4})", one, field)


def stdout_is_terminal() -> bool:
    """True when stdout is a terminal, or when CHAIRSHIP_FORCE_TTY=1 says to act as if it were."""
    forced = os.environ.get(FORCE_TTY_ENV, "")
    if forced:
        return forced.lower() not in ("0", "false", "no")
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def prepare_streams() -> None:
    """Never crash on a stdout that cannot encode Arabic or Cyrillic: write \\uXXXX escapes."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        reconfigure = getattr(stream, "reconfigure", None)
        if enc and not enc.startswith("utf") and reconfigure is not None:
            reconfigure(errors="backslashreplace")


def emit(text: str, lossy: bool = False) -> None:
    """Write all of ``text`` to stdout and flush it; never leave output half-reported.

    A reader that went away (| head) ends the program quietly with exit 0. Any other failure
    (a full disk, a file-size limit, a closed or read-only stdout) prints one line on stderr and
    exits 1: output that could not be written whole never ends with exit 0. So does text that
    stdout's encoding cannot represent (latin-1 and Cyrillic): data is never changed, unless
    ``lossy`` (terminal tables, for a person to read) allows \\uXXXX escapes for it.
    """
    if not text:
        return
    out = sys.stdout
    if out is None:  # started with stdout closed (`>&-`)
        write_failed("stdout is closed")
    try:
        fd = _fd(out)
        enc = getattr(out, "encoding", None) or "utf-8"
        data = text.encode(enc, "backslashreplace" if lossy else "strict")
        if fd is None:  # not a real file (a test harness): its own write and flush
            out.write(text)
            out.flush()
        else:
            _write_all(fd, data)
    except UnicodeEncodeError as e:
        ch = e.object[e.start]
        write_failed(
            f"stdout's encoding ({enc}) cannot represent {ch!r} (U+{ord(ch):04X});"
            " set PYTHONIOENCODING=utf-8 (or use --json)"
        )
    except BrokenPipeError:
        stdout_gone()
    except (OSError, ValueError) as e:  # ValueError: the stream was closed under us
        write_failed(e)


def emit_bytes(data: bytes) -> None:
    """Like :func:`emit`, for binary output (an SQLite export written to stdout)."""
    out = sys.stdout
    if out is None:
        write_failed("stdout is closed")
    try:
        fd = _fd(out)
        if fd is None:
            out.buffer.write(data)
            out.buffer.flush()
        else:
            _write_all(fd, data)
    except BrokenPipeError:
        stdout_gone()
    except (AttributeError, OSError, ValueError) as e:
        write_failed(e if not isinstance(e, AttributeError) else "stdout does not take bytes")


def _fd(out: TextIO) -> int | None:
    """The file descriptor behind stdout, after flushing anything Python still buffers."""
    out.flush()
    try:
        return out.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out. Python's buffered writer can drop the rest of a short
    write (a file-size limit) without an error, so each count is checked here."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:  # a non-blocking stdout that is full: wait, then go on
            import select

            select.select([], [fd], [])
            continue
        if n <= 0:
            raise OSError(errno.EIO, "short write: the output took no more bytes")
        view = view[n:]


def write_failed(reason: OSError | ValueError | str) -> None:
    """One line on stderr, then exit 1. stdout is pointed at /dev/null first, so the buffered
    rest can never be flushed again at shutdown ("Exception ignored ...")."""
    if isinstance(reason, OSError):
        text = reason.strerror or str(reason)
    elif isinstance(reason, ValueError):
        text = "stdout is closed"
    else:
        text = reason
    _silence_stdout()
    try:
        sys.stderr.write(f"chairship: cannot write output: {safe(text)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass
    raise SystemExit(1)


def finish_stdout() -> int:
    """Flush stdout at the very end (0 when all output was written, else 1 after one line)."""
    out = sys.stdout
    try:
        if out is not None:
            out.flush()
    except BrokenPipeError:
        _silence_stdout()
    except (OSError, ValueError) as e:
        try:
            write_failed(e)
        except SystemExit:
            return 1
    return 0


def stdout_gone() -> None:
    """Point stdout at /dev/null so interpreter shutdown cannot complain, then exit 0."""
    _silence_stdout()
    raise SystemExit(0)


def _silence_stdout() -> None:
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def error(message: str) -> None:
    """One line on stderr: 'chairship: error: ...'."""
    text = safe(" ".join(message.split("\n"))) if "\n" in message else safe(message)
    try:
        sys.stderr.write(f"chairship: error: {text}\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass


def note(message: str) -> None:
    """An informational line on stderr (for example: an empty result on a terminal)."""
    try:
        sys.stderr.write(f"chairship: {safe(message)}\n")
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass


def label(text: str, confidence: str) -> str:
    """Unverified and disputed facts always carry their label."""
    if confidence in ("unverified", "disputed"):
        return f"{text} ({confidence})"
    return text
