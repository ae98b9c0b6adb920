"""Typer's shell completion, driven the way bash and zsh drive it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Run, process

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


# --------------------------------------------------------------------------- real shells, real processes

BIN = Path(sys.executable).parent
needs_bash = pytest.mark.skipif(
    shutil.which("bash") is None or not (BIN / "chairship").exists(),
    reason="needs bash and the chairship script next to this Python",
)


def chairship_proc(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return process(*args, env=env, timeout=60)


@pytest.mark.parametrize(
    ("shell", "marker", "foreign"),
    [
        ("zsh", "#compdef chairship", "complete -o default"),
        ("bash", "complete -o default -F _chairship_completion chairship", "#compdef"),
        ("fish", "complete --command chairship", "#compdef"),
    ],
)
def test_show_completion_for_the_shell_named(shell: str, marker: str, foreign: str) -> None:
    # $SHELL names another shell: the argument wins (Typer printed the bash script for zsh)
    p = chairship_proc(
        "--show-completion", shell, env={"SHELL": "/bin/bash" if shell != "bash" else "/bin/zsh"}
    )
    assert p.returncode == 0, p.stderr
    assert marker in p.stdout and foreign not in p.stdout


def test_show_completion_from_shell_env() -> None:
    p = chairship_proc("--show-completion", env={"SHELL": "/usr/bin/zsh"})
    assert p.returncode == 0 and p.stdout.startswith("#compdef chairship")


@pytest.mark.parametrize("opt", ["--show-completion", "--install-completion"])
def test_unsupported_shell_is_a_usage_error(opt: str, tmp_path: Path) -> None:
    p = chairship_proc(opt, "tcsh", env={"HOME": str(tmp_path)})
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr == (
        f"chairship: error: {opt}: unsupported shell 'tcsh'; chairship completes bash, zsh and fish\n"
    )
    p = chairship_proc(opt, env={"SHELL": "/bin/sh", "HOME": str(tmp_path)})
    assert p.returncode == 2 and "cannot tell which shell" in p.stderr
    assert list(tmp_path.iterdir()) == []


def test_install_completion_bash(tmp_path: Path) -> None:
    p = chairship_proc("--install-completion", "bash", env={"HOME": str(tmp_path)})
    assert p.returncode == 0, p.stderr
    script = tmp_path / ".bash_completions" / "chairship.sh"
    assert "printf -v q '%q'" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_install_completion_zsh(tmp_path: Path) -> None:
    p = chairship_proc("--install-completion", "zsh", env={"HOME": str(tmp_path)})
    assert p.returncode == 0, p.stderr
    assert (tmp_path / ".zfunc" / "_chairship").read_text().startswith("#compdef chairship")


def bash_candidates(words: list[str]) -> list[str]:
    """Run the installed completion function in a real bash, as Tab would."""
    script = chairship_proc("--show-completion", "bash").stdout
    words_src = " ".join(f"'{w}'" for w in words)
    prog = (
        f"{script}\nCOMP_WORDS=({words_src}); COMP_CWORD={len(words) - 1};"
        ' _chairship_completion chairship; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    p = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", prog],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    return p.stdout.splitlines()


@needs_bash
def test_bash_inserts_names_with_spaces_escaped() -> None:
    assert bash_candidates(["chairship", "show", "Turk"]) == ["Turkic\\ Council"]
    cands = bash_candidates(["chairship", "show", ""])
    assert "sco" in cands and "Shanghai\\ Cooperation\\ Organisation" in cands
    assert not [c for c in cands if " " in c.replace("\\ ", "")]  # no unescaped space


@needs_bash
def test_bash_completes_people_by_name() -> None:
    assert bash_candidates(["chairship", "people", "Kass"]) == ["Kassym-Jomart\\ Tokayev"]
    assert "tokayev" in bash_candidates(["chairship", "people", "to"])


@needs_bash
def test_bash_completion_through_a_terminal(tmp_path: Path) -> None:
    """Tab in an interactive bash on a pseudo-terminal inserts the escaped name."""
    import pty
    import select
    import time

    script = tmp_path / "c.sh"
    script.write_text(chairship_proc("--show-completion", "bash").stdout)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAIRSHIP_")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PS1="$ ", TERM="dumb", HOME=str(tmp_path)
    )
    pid, fd = pty.fork()
    if pid == 0:  # the child: an interactive bash on the terminal
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
    out = b""

    def read_until(needle: bytes, timeout: float) -> bool:
        nonlocal out
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    return needle in out
            if needle in out:
                return True
        return False

    try:
        os.write(fd, f"source {script}\n".encode())
        os.write(fd, b"echo READY\n")
        assert read_until(b"READY\r\n", 30), out
        out = b""
        os.write(fd, b"chairship show Turk\t")
        found = read_until(b"Turkic\\ Council", 30)
        assert found, out
    finally:
        os.write(fd, b"\x03exit\n")
        os.close(fd)
        os.waitpid(pid, 0)
