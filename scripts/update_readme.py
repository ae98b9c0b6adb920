"""Regenerate the example outputs in README.md from the real program, so docs cannot drift.

A block is written as

    <!-- example: timeline --year 2024 --org csto [tty] [head=N] -->
    ```text
    ...output...
    ```

and this script replaces the fenced block under each marker with the command's real output,
run in-process with today pinned (CHAIRSHIP_TODAY), 100 columns and no colour. ``tty`` renders
as on a terminal; otherwise output is as piped. ``head=N`` keeps the first N lines.

    python scripts/update_readme.py          # rewrite README.md
    python scripts/update_readme.py --check  # exit 1 if README.md is out of date (used by tests)
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TODAY = "2026-11-26"
MARKER = re.compile(r"(<!-- example: (?P<spec>.+?) -->\n```text\n)(?P<body>.*?)(```)", re.DOTALL)


def run(args: list[str], tty: bool) -> str:
    from chairship_cli.cli import main

    env = {
        "CHAIRSHIP_TODAY": TODAY,
        "CHAIRSHIP_FORCE_TTY": "1" if tty else "0",
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    saved = {k: os.environ.get(k) for k in (*env, "CHAIRSHIP_DATA")}
    os.environ.update(env)
    os.environ.pop("CHAIRSHIP_DATA", None)
    out, err = io.StringIO(), io.StringIO()
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.suppress(SystemExit),
        ):
            main(args)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return out.getvalue() + err.getvalue()


def render_block(spec: str) -> str:
    words = shlex.split(spec)
    tty = "tty" in words
    head = next((int(w[5:]) for w in words if w.startswith("head=")), None)
    args = [w for w in words if w != "tty" and not w.startswith("head=")]
    lines = [line.rstrip() for line in run(args, tty).splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    if head is not None and len(lines) > head:
        lines = [*lines[:head], "..."]
    return "".join(line + "\n" for line in lines)


def update(text: str) -> str:
    return MARKER.sub(lambda m: m.group(1) + render_block(m.group("spec")) + m.group(4), text)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    current = README.read_text(encoding="utf-8")
    new = update(current)
    if "--check" in sys.argv:
        if new != current:
            print("README.md examples are out of date: run python scripts/update_readme.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
