"""Shared fixtures: the shipped dataset, and a runner that calls the real entry point."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chairship_cli.cli import main
from chairship_cli.load import load
from chairship_cli.model import Dataset
from chairship_cli.query import WhoAnswer, find_org, timeline, who

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "orgs.toml"

# The bodies the shipped dataset covers, in file order: the six of the 2024 article, then the
# Central Asian Consultative Meeting and the fourteen most-asked rotating chairs.
SIX = ["sco", "csto", "cica", "ots", "ifas", "iofs"]
SHIPPED_IDS = [
    *SIX,
    "ca-consultative",
    "eu-council",
    "unsc",
    "g7",
    "g20",
    "brics",
    "apec",
    "asean",
    "au",
    "osce",
    "coe-cm",
    "cis",
    "eaeu",
    "arctic-council",
    "mercosur",
    "unga",
    "hrc",
    "commonwealth",
    "oic",
    "saarc",
    # issue 20: Gulf, Arab, African and Pacific bodies
    "gcc",
    "arab-league",
    "sadc",
    "ecowas",
    "pif",
    # issue 20, Americas and Nordic/Central European bodies
    "celac",
    "caricom",
    "pacific-alliance",
    "nordic-ministers",
    "v4",
]


def process(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str = "",
    drop: tuple[str, ...] = ("CHAIRSHIP_",),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python -m chairship_cli ARGS` in a real process, from the repository root, with the
    variables starting with ``drop`` removed and ``env`` added. Output is decoded as UTF-8 byte
    for byte (no newline translation, so CSV's CRLF stays visible)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    full.update(env or {})
    p = subprocess.run(
        [sys.executable, "-m", "chairship_cli", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        env=full,
        cwd=ROOT,
        timeout=timeout,
    )
    out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
    return subprocess.CompletedProcess(p.args, p.returncode, out, err)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def invoke(*args: str, env: dict[str, str | None] | None = None, tty: bool = False) -> Run:
    """Run `chairship ARGS` through main() (as the console script does), capturing output.

    tty=True renders as on a terminal (CHAIRSHIP_FORCE_TTY=1); otherwise stdout is a pipe.
    """
    base: dict[str, str | None] = {
        "CHAIRSHIP_FORCE_TTY": "1" if tty else "0",
        "CHAIRSHIP_DATA": None,
        "COLUMNS": "200",
        "NO_COLOR": None,
        "TERM": "xterm-256color",
        "FORCE_COLOR": None,
    }
    base.update(env or {})
    runner = CliRunner()
    with runner.isolation(env=base) as (out, err, _mixed):
        code = 0
        try:
            main(list(args))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        return Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never touch the user's ~/.cache: every test session gets its own compiled cache."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ.pop("CHAIRSHIP_NO_CACHE", None)


@pytest.fixture
def run() -> Callable[..., Run]:
    return invoke


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return load(DATA)


# --------------------------------------------------------------------------- the data tests' checks


def _day(when: str | dt.date) -> dt.date:
    return when if isinstance(when, dt.date) else dt.date.fromisoformat(when)


def assert_chair(
    ds: Dataset,
    org: str,
    on: str | dt.date,
    chair: str | None,
    status: str | None = None,
    *,
    today: str | dt.date | None = None,
    sourced: bool = False,
) -> WhoAnswer:
    """Who chairs ``org`` (any name `find_org` takes) on the day ``on`` (YYYY-MM-DD), as the
    data tests check it: ``chair``, and with it ``status`` when given; the answer's reason is
    the failure message. ``today``: the day the question is asked on (default: the real today).
    ``sourced``: the answer rests on a term with sources and a confidence label. Returns the
    answer, for a test's own further checks."""
    a = who(ds, find_org(ds, org), _day(on), today=None if today is None else _day(today))
    if status is None:
        assert a.chair == chair, a.reason
    else:
        assert (a.chair, a.status) == (chair, status), a.reason
    if sourced:
        assert a.term is not None and a.term.sources and a.term.confidence, a.reason
    return a


def assert_handover(ds: Dataset, org: str, on: str, outgoing: str, incoming: str) -> None:
    """The hand-over day ``on`` belongs to the incoming chair: ``outgoing`` holds the day
    before, ``incoming`` the day itself, and the timeline shows one hand-over, to ``incoming``."""
    o, d = find_org(ds, org), _day(on)
    assert who(ds, o, d - dt.timedelta(days=1)).chair == outgoing
    assert who(ds, o, d).chair == incoming
    hand = [i for i in timeline(ds, [o], d, d) if i.kind == "handover"]
    assert [h.chair for h in hand] == [incoming]
