"""Helpers for the cog blocks in README.md and docs/reference.md: real program output, so the
docs cannot drift from the program (tests/test_docs.py runs `cog --check` on both files).

    cog -r -I scripts README.md docs/reference.md     # regenerate
    cog --check -I scripts README.md docs/reference.md

Every example runs in process with today pinned (TODAY), 80 columns and no colour; ``tty=True``
renders as on a terminal, otherwise as piped.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex

TODAY = "2026-12-01"
WIDTH = "80"


def run(cmdline: str, tty: bool = False, head: int | None = None, stdin: str = "") -> str:
    """The output (stdout, then stderr) of `chairship CMDLINE`, as a user would see it."""
    import sys

    from chairship_cli.cli import main

    env = {
        "CHAIRSHIP_TODAY": TODAY,
        "CHAIRSHIP_FORCE_TTY": "1" if tty else "0",
        "NO_COLOR": "1",
        "COLUMNS": WIDTH,
        "TERM": "xterm",
    }
    saved = {k: os.environ.get(k) for k in (*env, "CHAIRSHIP_DATA")}
    os.environ.update(env)
    os.environ.pop("CHAIRSHIP_DATA", None)
    out, err = io.StringIO(), io.StringIO()
    saved_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.suppress(SystemExit),
        ):
            main(shlex.split(cmdline))
    finally:
        sys.stdin = saved_stdin
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    text = out.getvalue() + err.getvalue()
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if head is not None and len(lines) > head:
        lines = [*lines[:head], "…"]
    return "\n".join(lines)


def example(cmdline: str, tty: bool = True, head: int | None = None) -> str:
    """A fenced block: the command line, then its real output."""
    return f"```console\n$ chairship {cmdline}\n{run(cmdline, tty, head)}\n```\n"


def example_stdin(cmdline: str, stdin: str, cut: int | None = None) -> str:
    """A fenced block: questions piped into the command (and its lines cut to ``cut``
    characters, as `| cut -c1-N` does), then the real output."""
    shown = "\\n".join(stdin.rstrip("\n").split("\n"))
    out = run(cmdline, False, None, stdin)
    pipe = ""
    if cut is not None:
        out = "\n".join(line[:cut] for line in out.split("\n"))
        pipe = f" | cut -c1-{cut}"
    return f"```console\n$ printf '{shown}\\n' | chairship {cmdline}{pipe}\n{out}\n```\n"


def help_text(command: str) -> str:
    return f"```text\n{run(f'{command} --help')}\n```\n"


def columns(command: str) -> str:
    """The TSV/CSV columns of a command, in order, as a Markdown list; nothing for a command
    that has no --format (validate prints lines of text, or --json)."""
    import typer

    from chairship_cli.cli import app
    from chairship_cli.render import shapes

    cmd = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    if not any("--format" in p.opts for p in cmd.params):
        return ""
    shape = shapes.row_shape(command)
    if shape is None:
        return "Piped or as CSV: `field` and `value` lines, one per JSON leaf (`terms[0].chair`).\n"
    names = ", ".join(f"`{h}`" for h in shapes.headers(shape))
    return f"Piped (TSV, no header) or `--format csv` (with this header): {names}.\n"
