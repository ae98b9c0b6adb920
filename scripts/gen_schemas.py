"""Write docs/schema/COMMAND.json for every command, from chairship_cli/render/shapes.py.

    python scripts/gen_schemas.py          # rewrite the files (and remove stale ones)
    python scripts/gen_schemas.py --check  # exit 1 if a file differs (tests/test_schema.py)

Each file is self-contained (its own $defs, no external references), so plain
`jsonschema.validate(data, json.load(open("docs/schema/list.json")))` works.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from chairship_cli.render.shapes import COMMANDS, schema

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "docs" / "schema"


# The commands that take --batch, and the key a JSON question names its subject with.
BATCH = {"who": "org", "country": "country"}


def batch_schema(cmd: str) -> dict[str, object]:
    """One line of `CMD --batch`: the command's --json answer, or an error record."""
    answer = schema(cmd)
    shape = {
        k: v for k, v in answer.items() if k not in ("$schema", "title", "description", "$defs")
    }
    error = {
        "type": "object",
        "description": "A question that could not be answered; the batch goes on.",
        "required": ["line", "input", "error"],
        "properties": {
            "line": {"type": "integer", "minimum": 1, "description": "1-based input line"},
            "input": {
                "type": "string",
                "maxLength": 80,
                "description": "The line as read (at most 80 characters; bytes that are not"
                " UTF-8 shown as U+FFFD)",
            },
            "error": {"type": "string", "minLength": 1, "description": "Why, in one line"},
        },
        "additionalProperties": True,
    }
    return {
        "$schema": answer["$schema"],
        "title": f"chairship {cmd} --batch (one output line)",
        "description": f"Each line `{cmd} --batch` writes: the answer, shaped like"
        f" `{cmd} ... --on DATE --json`, or an error record for a question that could not be"
        f' answered ({{"{BATCH[cmd]}": ..., "on": ...}} or a text line).',
        "oneOf": [shape, error],
        "$defs": answer["$defs"],
    }


def expected() -> dict[str, str]:
    out = {
        f"{cmd}.json": json.dumps(schema(cmd), indent=2, ensure_ascii=False) + "\n"
        for cmd in COMMANDS
    }
    for cmd in BATCH:
        out[f"{cmd}-batch.json"] = (
            json.dumps(batch_schema(cmd), indent=2, ensure_ascii=False) + "\n"
        )
    return out


def main(argv: list[str]) -> int:
    want = expected()
    have = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    if "--check" in argv:
        stale = sorted(n for n in set(want) | set(have) if want.get(n) != have.get(n))
        if stale:
            print("out of date: " + ", ".join(stale) + " (run scripts/gen_schemas.py)")
            return 1
        return 0
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name in set(have) - set(want):
        (SCHEMA_DIR / name).unlink()
    for name, text in want.items():
        (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(want)} schemas to {SCHEMA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
