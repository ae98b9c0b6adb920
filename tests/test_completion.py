"""Typer's shell completion, driven the way bash and zsh drive it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run

Runner = Callable[..., Run]


def bash(run: Runner, line: str) -> list[str]:
    words = line.split(" ")
    env = {
        "_CHAIRSHIP_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    r = run(env=env)
    assert r.code == 0, r.stderr
    return r.stdout.split()


def zsh(run: Runner, line: str) -> str:
    r = run(env={"_CHAIRSHIP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    assert r.code == 0, r.stderr
    return r.stdout


def test_commands(run: Runner) -> None:
    assert bash(run, "chairship wh") == ["who"]
    assert {"list", "show", "timeline", "who", "country", "export"} <= set(bash(run, "chairship "))


def test_options(run: Runner) -> None:
    assert "--year" in bash(run, "chairship timeline --y")


def test_org_ids(run: Runner) -> None:
    assert bash(run, "chairship show c") == ["csto", "cica", "CSTO", "CICA"] or {
        "csto",
        "cica",
    } <= set(bash(run, "chairship show c"))
    assert "ots" in bash(run, "chairship who o")
    out = zsh(run, "chairship timeline --org i")
    assert "ifas" in out and "International Fund for Saving the Aral Sea" in out


def test_aliases(run: Runner) -> None:
    # Typer keeps only candidates that start with what was typed, case and all.
    assert "Turkic Council" in zsh(run, "chairship show Turkic")
    assert "ШОС" in zsh(run, "chairship show Ш")


def test_themes(run: Runner) -> None:
    assert bash(run, "chairship list --theme w") == ["water"]


def test_languages(run: Runner) -> None:
    assert set(bash(run, "chairship list --lang ")) == {"en", "ru", "kk", "ar"}


@pytest.mark.parametrize(
    ("line", "expected"), [("chairship country K", "KZ"), ("chairship country Kaz", "Kazakhstan")]
)
def test_countries(run: Runner, line: str, expected: str) -> None:
    assert expected in zsh(run, line)


def test_people(run: Runner) -> None:
    assert "tokayev" in bash(run, "chairship people to")


def test_install_instructions_exist(run: Runner) -> None:
    r = run("--show-completion", "bash")
    assert r.code == 0 and "_CHAIRSHIP_COMPLETE" in r.stdout
