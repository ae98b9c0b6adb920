"""`who --batch` and `country --batch` hold a conversation with a co-process, and survive
hostile input: bytes that are not UTF-8, huge lines, wrong JSON types (issue 18)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, invoke

SCHEMA_DIR = ROOT / "docs" / "schema"


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    e["CHAIRSHIP_TODAY"] = "2026-12-01"
    return e


def batch(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        input=stdin,
        capture_output=True,
        env=env(),
        cwd=ROOT,
        timeout=120,
    )


def records(p: subprocess.CompletedProcess[bytes]) -> list[Any]:
    text = p.stdout.decode("utf-8")  # strict: the output is always valid UTF-8
    return [json.loads(line) for line in text.splitlines()]


# --------------------------------------------------------------------------- conversation


def read_line(proc: subprocess.Popen[bytes], timeout: float = 30) -> bytes:
    """One line from the co-process, failing (not hanging) if it does not come in time."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    got = b""
    while not got.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"no answer within {timeout} s (got {got!r}): the batch did not converse"
        data = os.read(fd, 65536)
        assert data, f"the batch ended early: {got!r}"
        got += data
    return got


@pytest.mark.parametrize(
    ("command", "questions"),
    [
        ("who", [("sco 2024-07-04", "CN"), ("sco 2024-07-03", "KZ"), ("nope 2024-01-01", None)]),
        ("country", [("KZ 2024-07-04", "KZ"), ("XX 2024-07-04", None), ("AZ 2025-01-01", "AZ")]),
    ],
)
def test_a_co_process_gets_each_answer_before_the_next_question(
    command: str, questions: list[tuple[str, str | None]]
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "chairship_cli", command, "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
        cwd=ROOT,
    )
    assert proc.stdin is not None
    try:
        for n, (q, want) in enumerate(questions, 1):
            proc.stdin.write(q.encode() + b"\n")
            proc.stdin.flush()
            answer = json.loads(read_line(proc))
            if want is None:
                assert answer["line"] == n and answer["input"] == q and answer["error"]
            elif command == "who":
                assert answer["chair"] == want and answer["on"] == q.split()[1]
            else:
                assert answer and {r["chair"] for r in answer} == {want}
        proc.stdin.close()
        assert proc.wait(timeout=60) == 1  # a line failed
    finally:
        proc.kill()
        proc.wait()


def test_streamed_input_is_still_answered_in_order() -> None:
    qs = "".join(f"sco 2024-07-{d:02d}\n" for d in range(1, 31)) * 100
    p = batch(["who", "--batch"], qs.encode())
    out = records(p)
    assert p.returncode == 0 and len(out) == 3000
    assert [o["on"] for o in out[:30]] == [f"2024-07-{d:02d}" for d in range(1, 31)]
    assert {o["chair"] for o in out[:3]} == {"KZ"} and out[3]["chair"] == "CN"


# --------------------------------------------------------------------------- hostile input


def test_invalid_utf8_never_comes_back_raw() -> None:
    p = batch(["who", "--batch"], b"sco\xff\xfe 2024-07-04\nsco 2024-07-04\n")
    assert p.returncode == 1
    bad, good = records(p)
    assert bad == {
        "line": 1,
        "input": "sco\ufffd\ufffd 2024-07-04",
        "error": "the line is not valid UTF-8 (byte 4)",
    }
    assert good["chair"] == "CN"


def test_a_huge_line_is_capped_and_skipped() -> None:
    huge = b"x" * (3 * 1024 * 1024)
    p = batch(["who", "--batch"], huge + b" 2024-07-04\nsco 2024-07-04\n" + huge)
    assert p.returncode == 1
    out = records(p)
    assert len(out) == 3
    assert out[0]["line"] == 1 and out[0]["error"] == (
        "the line is longer than 65536 bytes; it was skipped"
    )
    assert out[0]["input"] == "x" * 77 + "..."
    assert out[1]["chair"] == "CN"
    assert out[2]["line"] == 3 and "longer than 65536 bytes" in out[2]["error"]
    assert len(p.stdout) < 2000  # nothing is echoed whole


def test_only_a_short_prefix_of_a_bad_line_is_echoed() -> None:
    line = "n" * 5000 + " 2024-07-04"
    p = batch(["who", "--batch"], line.encode() + b"\n")
    (rec,) = records(p)
    assert rec["input"] == "n" * 77 + "..."
    assert len(rec["error"]) < 200


@pytest.mark.parametrize(
    ("question", "error"),
    [
        ('{"org": 5, "on": "2024-07-04"}', '"org" must be a string, not a number'),
        ('{"org": ["sco"], "on": "2024-07-04"}', '"org" must be a string, not an array'),
        ('{"on": "2024-07-04"}', 'missing "org" (a string)'),
        (
            '{"org": "sco", "on": 20240704}',
            '"on" must be a string (a date, YYYY-MM-DD), not a number',
        ),
        ('{"org": "sco", "on": null}', '"on" must be a string (a date, YYYY-MM-DD), not null'),
        ('{"org": "sco"}', 'missing "on" (a date, YYYY-MM-DD)'),
    ],
)
def test_wrong_json_types_say_so(question: str, error: str) -> None:
    p = batch(["who", "--batch"], question.encode() + b"\n")
    assert records(p) == [{"line": 1, "input": question, "error": error}]


@pytest.mark.parametrize("date", ["２０２４-07-04", "٢٠٢٤-07-04", "2024-०७-04"])
def test_non_ascii_digits_are_not_dates(date: str) -> None:
    p = batch(["who", "--batch"], f"sco {date}\n".encode())
    (rec,) = records(p)
    assert rec["error"] == f"{date!r} is not a date; use YYYY-MM-DD"
    r = invoke("who", "sco", "--on", date)
    assert r.code == 2 and "is not a valid date" in r.stderr


def test_batch_accepts_format_jsonl_and_names_real_options() -> None:
    p = batch(["who", "--batch", "--format", "jsonl"], b"sco 2024-07-04\n")
    assert p.returncode == 0 and records(p)[0]["chair"] == "CN"
    q = batch(["country", "--batch", "--format", "jsonl"], b"KZ 2024-07-04\n")
    assert q.returncode == 0 and records(q)[0][0]["chair"] == "KZ"
    for args, flag in (
        (["who", "--batch", "--format", "json"], "--format json"),
        (["who", "--batch", "--format", "tsv"], "--format tsv"),
        (["who", "--batch", "--json"], "--json"),
        (["country", "--batch", "--on", "2024-07-04"], "--on"),
        (["country", "--batch", "--year", "2024"], "--year"),
    ):
        r = invoke(*args)
        assert r.code == 2, (args, r.stderr)
        assert f"drop {flag}" in r.stderr and "--fmt" not in r.stderr, r.stderr


def test_country_batch_examples_use_a_country() -> None:
    p = batch(["country", "--batch"], b"KZ\n")
    assert records(p)[0]["error"] == "expected CODE DATE, for example 'KZ 2024-07-04'"
    p = batch(["who", "--batch"], b"sco\n")
    assert records(p)[0]["error"] == "expected ORG DATE, for example 'sco 2024-07-04'"
    r = invoke("country", "-h")
    assert "printf 'KZ 2024-07-04\\n' | chairship country --batch" in " ".join(r.stdout.split())
    ref = (ROOT / "docs" / "reference.md").read_text("utf-8")
    assert "sco 2024-07-04\\n' | chairship country --batch" not in ref


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("command", ["who", "country"])
def test_batch_lines_match_the_batch_schema(command: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMA_DIR / f"{command}-batch.json").read_text("utf-8"))
    assert len(schema["oneOf"]) == 2
    good = "sco 2024-07-04" if command == "who" else "KZ 2024-07-04"
    p = batch([command, "--batch"], f"{good}\nnope 2024-01-01\n\xff\n".encode("latin-1"))
    out = records(p)
    assert len(out) == 3
    for rec in out:
        jsonschema.validate(rec, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"line": 1, "error": "x"}, schema)  # no input: neither shape


def test_readme_links_the_batch_schema() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/schema/who-batch.json" in readme
    assert Path(SCHEMA_DIR / "who-batch.json").is_file()
