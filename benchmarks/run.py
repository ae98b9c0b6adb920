"""chairship benchmarks: every target as a ratio against a floor measured in the same run.

    python benchmarks/run.py                 # all targets (about two minutes)
    python benchmarks/run.py --quick         # fewer runs, smaller scale sizes
    python benchmarks/run.py --startup-only  # only the start-up targets

Run it with the Python of the environment where chairship is installed (it runs that
environment's `chairship` script). Start-up is the median of paired runs (floor, then
chairship, alternately), so machine noise hits both sides alike; there are two floors, a script
that loads and prints the shipped dataset with tomllib and json, and a bare `import typer`.
Scale runs each command in a fresh process, measuring wall time and peak memory (ru_maxrss of
that process). No third-party packages.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Commands run in an empty directory, so no stray module in the current directory is imported.
CWD = tempfile.mkdtemp(prefix="chairship-bench-cwd-")

FLOOR = """
import json, sys
try:
    import tomllib
except ImportError:
    import tomli as tomllib
with open(sys.argv[1], "rb") as f:
    doc = tomllib.load(f)
sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\\n")
"""

# The least any Typer CLI pays: start Python and import typer.
IMPORT_TYPER = "import typer"

BARE_PARSE = """
import sys
try:
    import tomllib
except ImportError:
    import tomli as tomllib
with open(sys.argv[1], "rb") as f:
    tomllib.load(f)
"""

# Runs a command in a child and prints its wall time and peak RSS (KiB) as JSON.
MEASURE = """
import json, resource, subprocess, sys, time, os
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if p.returncode:
    sys.stderr.write(p.stderr.decode(errors="replace"))
    sys.exit(p.returncode)
print(json.dumps({"wall": wall, "rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def chairship_bin() -> list[str]:
    script = Path(sys.executable).parent / "chairship"
    if script.exists():
        return [str(script)]
    found = shutil.which("chairship")
    return [found] if found else [sys.executable, "-m", "chairship_cli"]


def shipped_data() -> Path:
    from chairship_cli.load import default_data_path

    return default_data_path()


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True, cwd=CWD
    )
    return time.perf_counter() - t


def measured(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=CWD,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def row(name: str, value: float, target: str, ok: bool, detail: str = "") -> dict[str, object]:
    return {"target": name, "ratio": round(value, 3), "limit": target, "ok": ok, "detail": detail}


def startup(runs: int, env: dict[str, str]) -> list[dict[str, object]]:
    data = str(shipped_data())
    ch = chairship_bin()
    floors = {
        "floor": [sys.executable, "-c", FLOOR, data],
        "import typer": [sys.executable, "-c", IMPORT_TYPER],
    }
    results = []
    # (name, command, extra environment, floor, limit)
    cases = [
        ("show sco --json", [*ch, "show", "sco", "--json"], {}, "floor", 2.0),
        (
            "list (terminal table)",
            [*ch, "list"],
            {"CHAIRSHIP_FORCE_TTY": "1", "COLUMNS": "120"},
            "floor",
            3.0,
        ),
        ("show sco --json", [*ch, "show", "sco", "--json"], {}, "import typer", 1.5),
    ]
    for _ in range(3):  # warm the OS cache and chairship's compiled cache
        for floor_cmd in floors.values():
            timed(floor_cmd, env)
        for _, cmd, extra, _floor, _limit in cases:
            timed(cmd, {**env, **extra})
    for name, cmd, extra, floor, limit in cases:
        floor_times, targets = [], []
        for _ in range(runs):
            floor_times.append(timed(floors[floor], env))
            targets.append(timed(cmd, {**env, **extra}))
        ratios = [t / f for t, f in zip(targets, floor_times, strict=True)]
        ratio = statistics.median(ratios)
        detail = (
            f"median {statistics.median(targets) * 1000:.0f} ms vs {floor} "
            f"{statistics.median(floor_times) * 1000:.0f} ms, {runs} paired runs"
        )
        results.append(
            row(f"start-up: {name}", ratio, f"<= {limit}x {floor}", ratio <= limit, detail)
        )
    return results


def questions(n: int = 10_000) -> str:
    """n `who --batch` questions (a body of the shipped dataset and a day in 2015-2026),
    the same every run."""
    import datetime as dt
    import random

    from chairship_cli.load import load

    ids = [o.id for o in load(shipped_data()).orgs]
    rnd = random.Random(1)
    first = dt.date(2015, 1, 1)
    return "".join(
        f"{rnd.choice(ids)} {first + dt.timedelta(days=rnd.randrange(4400))}\n" for _ in range(n)
    )


def batch(runs: int, env: dict[str, str]) -> list[dict[str, object]]:
    """Issue 14's target: 10,000 questions in one `who --batch` take at most 3x the wall time
    of one `show sco --json`, as the median of paired runs."""
    ch = chairship_bin()
    path = Path(CWD) / "questions.txt"
    path.write_text(questions(), encoding="utf-8")
    one = [*ch, "show", "sco", "--json"]

    def batch_time() -> float:
        t = time.perf_counter()
        with path.open("rb") as f:
            subprocess.run(
                [*ch, "who", "--batch"],
                stdin=f,
                stdout=subprocess.DEVNULL,
                env=env,
                check=True,
                cwd=CWD,
            )
        return time.perf_counter() - t

    for _ in range(2):  # warm up, as for start-up
        timed(one, env)
        batch_time()
    ones, batches = [], []
    for _ in range(max(5, runs // 2)):
        ones.append(timed(one, env))
        batches.append(batch_time())
    ratio = statistics.median([b / o for b, o in zip(batches, ones, strict=True)])
    detail = (
        f"median {statistics.median(batches) * 1000:.0f} ms for 10,000 questions vs "
        f"{statistics.median(ones) * 1000:.0f} ms for one show sco --json"
    )
    return [
        row(
            "batch: who --batch, 10,000 questions",
            ratio,
            "<= 3.0x show sco --json",
            ratio <= 3.0,
            detail,
        )
    ]


def scale(
    sizes: list[tuple[int, int, int]], env: dict[str, str], workdir: Path
) -> list[dict[str, object]]:
    results = []
    ch = chairship_bin()
    for n, t, e in sizes:
        src = workdir / f"gen-{n}-{t}-{e}.toml"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_dataset.py"),
                "--orgs",
                str(n),
                "--terms",
                str(t),
                "--events",
                str(e),
                "--output",
                str(src),
                "--seed",
                "1",
            ],
            check=True,
        )
        size_mb = src.stat().st_size / 1e6
        bare = [measured([sys.executable, "-c", BARE_PARSE, str(src)], env) for _ in range(3)]
        bare_wall = statistics.median(b["wall"] for b in bare)
        bare_rss = statistics.median(b["rss_kib"] for b in bare)
        cache_home = workdir / f"cache-{n}"
        shutil.rmtree(cache_home, ignore_errors=True)
        run_env = {**env, "CHAIRSHIP_DATA": str(src), "XDG_CACHE_HOME": str(cache_home)}
        cmd = [*ch, "timeline", "--year", "2024", "--json"]
        firsts = []
        for i in range(3):  # a first run needs an empty cache: a fresh cache directory each time
            fresh = {**run_env, "XDG_CACHE_HOME": str(cache_home / f"first-{i}")}
            firsts.append(measured(cmd, fresh))
        first = {
            "wall": statistics.median(f["wall"] for f in firsts),
            "rss_kib": max(f["rss_kib"] for f in firsts),
        }
        measured(cmd, run_env)  # fill the cache the second runs use
        seconds = [measured(cmd, run_env) for _ in range(3)]
        second_wall = statistics.median(s["wall"] for s in seconds)
        peak = max(first["rss_kib"], *(s["rss_kib"] for s in seconds))
        label = f"N={n} T={t} E={e} ({size_mb:.1f} MB)"
        target = (n, t, e) == (300, 30, 300)  # the targets; other sizes show the growth
        base = f"bare tomllib.load {bare_wall:.2f} s, {bare_rss / 1024:.0f} MiB"
        checks = [
            ("first run", first["wall"] / bare_wall, 1.4, f"{first['wall']:.2f} s; {base}"),
            ("second run", second_wall / bare_wall, 0.2, f"{second_wall:.2f} s"),
            ("peak memory", peak / bare_rss, 1.5, f"{peak / 1024:.0f} MiB"),
        ]
        for what, ratio, limit, detail in checks:
            ok = ratio <= limit
            results.append(
                row(
                    f"scale {label}: {what}",
                    ratio,
                    f"<= {limit}x" if target else f"info; target {limit}x at N=300",
                    ok if target else True,
                    detail,
                )
            )
    return results


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="fewer runs and smaller datasets")
    ap.add_argument("--startup-only", action="store_true", help="skip the scale targets")
    ap.add_argument("--runs", type=int, default=None, help="paired start-up runs (default 21)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    runs = args.runs or (9 if args.quick else 21)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAIRSHIP_", "NO_COLOR"))}
    results = []
    with tempfile.TemporaryDirectory(prefix="chairship-bench-") as tmp:
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        results += startup(runs, env)
        results += batch(runs, env)
        if not args.startup_only:
            sizes = [(30, 30, 300), (100, 30, 300), (300, 30, 300)]
            if args.quick:
                sizes = [(30, 30, 300), (100, 30, 300)]
            results += scale(sizes, env, Path(tmp))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(
            f"chairship benchmarks — Python {platform.python_version()}, {platform.machine()}, "
            f"{os.cpu_count()} CPUs"
        )
        width = max(len(str(r["target"])) for r in results)
        for r in results:
            mark = "info" if str(r["limit"]).startswith("info") else ("ok  " if r["ok"] else "FAIL")
            target = f"{r['target']!s:<{width}}"
            print(f"{mark} {target}  {r['ratio']:>6.3f}  ({r['limit']})  {r['detail']}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
