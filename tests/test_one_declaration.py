"""model.py is the one declaration of the data: a field added there (and a value in the data)
reaches the loader, `show --json` and its JSON Schema, the SQLite export, `search` and
docs/data.md's key table with no other edit. Proved on a copy of the package whose Term has one more text field, `venue`."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from builders import data_text
from conftest import ROOT

VENUE = "Palace of Independence"


@pytest.fixture(scope="module")
def patched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of chairship_cli whose Term declares `venue`, and a dataset that gives one."""
    root = tmp_path_factory.mktemp("patched")
    pkg = root / "chairship_cli"
    shutil.copytree(ROOT / "chairship_cli", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    model = pkg / "model.py"
    text = model.read_text(encoding="utf-8")
    end = text.index("\n\n\n", text.index("class Term("))  # after Term's last field
    added = '\n    venue: str = field(default="", metadata=toml("text", doc="where the term was handed over"))'
    model.write_text(text[:end] + added + text[end:], encoding="utf-8")
    data = data_text("minimal.toml").replace(
        'chair = "KZ"\n', f'chair = "KZ"\nvenue = "{VENUE}"\n', 1
    )
    (root / "orgs.toml").write_text(data, encoding="utf-8")
    return root


def chairship(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env.update(
        PYTHONPATH=str(root),
        CHAIRSHIP_DATA=str(root / "orgs.toml"),
        XDG_CACHE_HOME=str(root / "cache"),
        CHAIRSHIP_FORCE_TTY="0",
    )
    return subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=root,
        timeout=120,
    )


def test_the_copy_is_the_one_that_runs(patched: Path) -> None:
    p = subprocess.run(
        [sys.executable, "-c", "import chairship_cli.model as m; print(m.__file__)"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(patched)},
        cwd=patched,
        check=True,
    )
    assert Path(p.stdout.strip()) == patched / "chairship_cli" / "model.py"


def test_the_unpatched_loader_refuses_the_new_key(patched: Path) -> None:
    """Without the declaration the value is an unknown key: the test below proves something."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", "validate", str(patched / "orgs.toml")],
        capture_output=True,
        text=True,
        env={**env, "XDG_CACHE_HOME": str(patched / "cache-unpatched")},
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 1 and "unknown key 'venue'" in p.stderr


def test_a_new_term_field_is_loaded_exported_and_searched(patched: Path) -> None:
    assert chairship(patched, "validate").returncode == 0

    hits = json.loads(chairship(patched, "search", "independence", "--json").stdout)
    assert [(h["kind"], h["org"], h["field"], h["matched"]) for h in hits] == [
        ("term", "abc", "venue", VENUE)
    ]

    db = patched / "out.db"
    p = chairship(patched, "export", "--format", "sqlite", "--output", str(db))
    assert p.returncode == 0, p.stderr
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT chair, start, venue FROM terms ORDER BY id").fetchall()
    finally:
        con.close()
    assert rows == [("KZ", "2020-01-01", VENUE), ("CN", "2021-01-01", None)]


def test_a_new_term_field_is_in_show_json_and_its_schema(patched: Path) -> None:
    """The JSON shape of a term is derived from model.py: `venue` is printed, an absent
    optional text is null, and the generated JSON Schema declares it."""
    p = chairship(patched, "show", "abc", "--json")
    assert p.returncode == 0, p.stderr
    terms = json.loads(p.stdout)["terms"]
    assert [(t["chair"], t["venue"]) for t in terms] == [("KZ", VENUE), ("CN", None)]
    code = (
        "import json; from chairship_cli.render.shapes import schema;"
        " print(json.dumps(schema('show')['$defs']['term']['properties']['venue']))"
    )
    q = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(patched)},
        cwd=patched,
        check=True,
    )
    assert json.loads(q.stdout) == {
        "type": ["string", "null"],
        "minLength": 1,
        "description": "where the term was handed over",
    }


def test_a_new_term_field_is_in_the_key_table_of_the_docs(patched: Path) -> None:
    code = "import docgen; print(docgen.fields_table('Term'))"
    p = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{patched}{os.pathsep}{ROOT / 'scripts'}"},
        cwd=patched,
        check=True,
    )
    assert "| `venue` | text | no | where the term was handed over |" in p.stdout
