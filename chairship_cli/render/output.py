"""Where output goes: terminal detection, safe text, and writing that survives closed pipes."""

from __future__ import annotations

import os
import sys

FORCE_TTY_ENV = "CHAIRSHIP_FORCE_TTY"

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


def emit(text: str) -> None:
    """Write to stdout; a reader that went away (| head) ends the program quietly, exit 0."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_gone()


def stdout_gone() -> None:
    """Point stdout at /dev/null so interpreter shutdown cannot complain, then exit 0."""
    try:
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass
    raise SystemExit(0)


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
