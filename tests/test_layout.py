"""Issue 17: terminal tables that read at 80 columns; TSV and CSV keep every column."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len

from chairship_cli.render.shapes import TIMELINE_ITEM, headers

from conftest import SHIPPED_IDS, Run

Runner = Callable[..., Run]


def table(run: Runner, *args: str, width: int = 80) -> list[str]:
    env = {"CHAIRSHIP_TODAY": "2026-12-01", "COLUMNS": str(width), "NO_COLOR": "1"}
    r = run(*args, tty=True, env=env)
    assert r.code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    return lines


def test_timeline_2024_reads_at_80_columns(run: Runner) -> None:
    items = run("timeline", "--year", "2024", "--json").json()
    lines = table(run, "timeline", "--year", "2024")
    assert len(items) >= 80
    assert len(lines) <= 2 * len(items) + 10  # at most about two lines per item
    head = lines[1]
    assert "Title" in head and "Status" not in head  # "recorded" in every row: left out
    legend = " ".join(lines[-3:])
    assert "status (recorded in every row)" in legend
    assert "place (empty in" in legend
    # TSV keeps every column, as documented
    tsv = run("timeline", "--year", "2024", "--format", "csv").stdout.splitlines()
    assert tsv[0].split(",") == headers(TIMELINE_ITEM)


def test_the_title_column_gets_the_width(run: Runner) -> None:
    lines = table(run, "timeline", "--year", "2024")
    assert any("Kazakhstan takes the chair from Belarus" in line for line in lines)


def test_list_shows_short_names_and_never_cuts_ids(run: Runner) -> None:
    lines = table(run, "list")
    row = next(line for line in lines if line.strip().startswith("eu-council"))
    assert "EU Council" in row
    narrow = run("list", tty=True, env={"COLUMNS": "20", "NO_COLOR": "1"}).stdout
    for org_id in SHIPPED_IDS:
        assert f" {org_id} " in narrow or f" {org_id}\n" in narrow, org_id
    assert "…" not in narrow.split("Not in this table")[0]


def test_sources_show_host_and_path(run: Runner) -> None:
    lines = table(run, "sources", "sco")
    urls = run("sources", "sco", "--json").json()
    long = [u["url"] for u in urls if len(u["url"]) > 60]
    assert long
    for url in long[:5]:
        shown = next(line for line in lines if url[:30] in line)
        cut = shown.split()[0]
        assert cut.endswith("…") and len(cut) >= 41 and url.startswith(cut[:-1])


def test_constant_and_empty_columns_are_explained(run: Runner) -> None:
    lines = table(run, "country", "KZ", "--year", "2024")
    text = "\n".join(lines)
    assert "Not in this table: status (recorded in every row)" in text.replace("\n", " ")
    tsv = run("country", "KZ", "--year", "2024", "--format", "tsv").stdout.splitlines()
    assert all(line.split("\t")[7] == "recorded" for line in tsv)


def test_every_command_fits_80_and_120_columns(run: Runner) -> None:
    for width in (80, 120):
        for args in (
            ["list"],
            ["timeline", "--year", "2024"],
            ["sources", "sco"],
            ["next", "eu-council"],
            ["country", "KZ"],
            ["search", "Astana"],
            ["themes"],
            ["corrections"],
            ["people"],
            ["who", "sco"],
            ["show", "sco"],
        ):
            table(run, *args, width=width)
