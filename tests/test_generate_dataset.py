"""benchmarks/generate_dataset.py writes valid, deterministic synthetic datasets."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from chairship_cli.load import load, parse_toml

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_dataset.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60
    )


def generate(path: Path, seed: int | None = None) -> bytes:
    args = ["--orgs", "3", "--terms", "4", "--events", "5", "--output", str(path)]
    if seed is not None:
        args += ["--seed", str(seed)]
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    return path.read_bytes()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3-organisation dataset (4 terms, 5 events each) generated with the default seed."""
    out = tmp_path_factory.mktemp("generated") / "synthetic.toml"
    generate(out)
    return out


def test_small_dataset_is_valid_with_the_requested_counts(small: Path) -> None:
    ds = load(small)  # raises DataError if anything is invalid
    assert ds.warnings == ()
    assert ds.schema_version == 2
    assert ds.theme_ids() == (
        "security",
        "environment",
        "food",
        "water",
        "climate",
        "energy",
        "economy",
        "culture",
        "humanitarian",
        "governance",
    )
    assert [o.id for o in ds.orgs] == ["org-0001", "org-0002", "org-0003"]
    for org in ds.orgs:
        assert len(org.terms) == 4
        assert len(org.events) == 5
        for prev, cur in zip(org.terms, org.terms[1:], strict=False):
            assert prev.end == cur.start  # the hand-over day is shared
        assert all(t.sources and t.sources[0].startswith("https://") for t in org.terms)
        assert all(e.sources and e.sources[0].startswith("https://") for e in org.events)
    assert ds.people
    assert [p.name for p in small.parent.iterdir()] == [small.name]  # no temp file left


def test_the_cli_validate_command_accepts_it(small: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "chairship_cli", "validate", str(small)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "valid (3 organisations)" in proc.stdout


def test_same_seed_same_bytes_other_seed_other_bytes(small: Path, tmp_path: Path) -> None:
    a = small.read_bytes()
    b = generate(tmp_path / "b.toml", seed=0)
    c = generate(tmp_path / "c.toml", seed=1)
    assert a == b
    assert a != c


@pytest.mark.parametrize("bad", [["--orgs", "0"], ["--terms", "-1"], ["--events", "x"]])
def test_bad_arguments_exit_2(tmp_path: Path, bad: list[str]) -> None:
    args = {"--orgs": "1", "--terms": "1", "--events": "1"}
    args[bad[0]] = bad[1]
    flat = [s for kv in args.items() for s in kv]
    proc = run(*flat, "--output", str(tmp_path / "x.toml"))
    assert proc.returncode == 2
    assert not (tmp_path / "x.toml").exists()


def test_toml_str_escapes_quotes_backslashes_and_control_characters() -> None:
    spec = importlib.util.spec_from_file_location("generate_dataset", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = 'a "quoted" C:\\path\\ with\ttab, newline\n, NUL\x00, DEL\x7f and Қазақ / عربي'
    assert parse_toml(f"v = {mod.toml_str(text)}\n", "t")["v"] == text
