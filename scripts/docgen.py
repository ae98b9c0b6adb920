"""Helpers for the cog blocks in README.md, docs/reference.md and docs/data.md: real program
output and the model's own declarations, so the docs cannot drift from the program
(tests/test_docs.py runs `cog --check` on the three files).

    cog -r -I scripts README.md docs/reference.md docs/data.md     # regenerate
    cog --check -I scripts README.md docs/reference.md docs/data.md

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


def example_fields(cmdline: str, fields: str) -> str:
    """A fenced block: the command piped (TSV) through `cut -f FIELDS`, then the real output."""
    keep = [int(f) - 1 for f in fields.split(",")]
    lines = run(cmdline, False).split("\n")
    shown = "\n".join("\t".join(line.split("\t")[i] for i in keep) for line in lines)
    return f"```console\n$ chairship {cmdline} | cut -f{fields}\n{shown}\n```\n"


# --------------------------------------------------------------------------- docs/data.md

_KIND_TYPES = {
    "str": "string",
    "text": "text",
    "id": "id `[a-z0-9-]+`",
    "int": "whole number ≥ 0",
    "bool": "`true` or `false`",
    "date": "date string",
    "url": "URL",
    "urls": "list of URLs",
    "strs": "list of strings",
    "themes": "list of theme ids",
    "country": "country code",
    "countries": "list of country codes",
    "lang": "language code",
    "confidence": "`verified` `single-source` `unverified` `disputed`",
    "alias_kind": "`variant` `former` `seed` `mistranslation` `short`",
    "table": "table",
    "tables": "array of tables",
    "key": "the table's name",
}


def fields_table(record: str) -> str:
    """The key table of one record of chairship_cli/model.py (docs/data.md): each TOML key,
    its type, whether it is required and what it means, from the field's declaration; its
    own fields first, then the sourced ones (confidence, sources, note)."""
    import dataclasses

    from chairship_cli import model

    cls = getattr(model, record)
    rows = ["| key | type | required | meaning |", "|---|---|---|---|"]
    for f in model.reading_order(cls):
        kind = f.metadata["kind"]
        if kind == "none":
            continue
        key = f.metadata.get("key", f.name)
        if kind == "enum":
            kind_text = " ".join(f"`{v}`" for v in f.metadata["values"])
        else:
            kind_text = _KIND_TYPES[kind]
        if kind == "key":
            required = "—"
        else:
            required = (
                "yes" if f.metadata.get("required", f.default is dataclasses.MISSING) else "no"
            )
        rows.append(f"| `{key}` | {kind_text} | {required} | {f.metadata.get('doc', '')} |")
    return "\n".join(rows) + "\n"
