"""Shared fixtures: the shipped dataset, and a runner that calls the real entry point."""

from __future__ import annotations

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
