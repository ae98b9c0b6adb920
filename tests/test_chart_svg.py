"""`timeline --chart --format svg`: the chair-term chart as an SVG image (rich's own export),
checked by parsing the XML and reading its labels and bar colours back against the data."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run

Runner = Callable[..., Run]
SVG = "{http://www.w3.org/2000/svg}"
TODAY = {"CHAIRSHIP_TODAY": "2026-12-01"}
LO, HI = dt.date(2020, 1, 1), dt.date(2026, 12, 31)


class Picture:
    """The terminal grid an SVG shows: rows of (character, fill colour), and the title."""

    def __init__(self, text: str) -> None:
        root = ET.fromstring(text)  # raises on invalid XML
        assert root.tag == f"{SVG}svg"
        css = "".join(s.text or "" for s in root.iter(f"{SVG}style"))
        fills = dict(re.findall(r"\.([\w-]+) \{ fill: (#[0-9a-f]{6})", css))
        cells: dict[float, dict[int, tuple[str, str]]] = {}
        self.title = ""
        for t in root.iter(f"{SVG}text"):
            content = (t.text or "").replace("\xa0", " ")
            if "textLength" not in t.attrib:
                self.title = content
                continue
            width = float(t.attrib["textLength"]) / len(content)
            col = round(float(t.attrib["x"]) / width)
            row = cells.setdefault(float(t.attrib["y"]), {})
            for i, ch in enumerate(content):
                if ch != "\n":  # rich ends each line with one
                    row[col + i] = (ch, fills.get(t.attrib["class"], ""))
        self.rows: list[list[tuple[str, str]]] = []
        for y in sorted(cells):
            row = cells[y]
            self.rows.append([row.get(c, (" ", "")) for c in range(max(row, default=-1) + 1)])

    def line(self, i: int) -> str:
        return "".join(ch for ch, _ in self.rows[i])

    def row_of(self, label: str) -> int:
        return next(i for i, r in enumerate(self.rows) if self.line(i).startswith(label + " "))

    def legend_colour(self, words: str) -> str:
        """The colour of the glyph just before ``words`` in the legend."""
        for i in range(len(self.rows)):
            at = self.line(i).find(" " + words)
            if at > 0:
                return self.rows[i][at - 1][1]
        raise AssertionError(f"no {words!r} in the legend")


def svg(run: Runner, *args: str, env: dict[str, str | None] | None = None) -> str:
    r = run("timeline", "--chart", *args, env={**TODAY, **(env or {})})
    assert r.code == 0, r.stderr
    assert r.stdout.startswith("<svg")
    return r.stdout


def column(p: Picture, label: str, day: dt.date) -> tuple[str, str]:
    """The cell of ``label``'s bar on ``day`` (days map linearly onto the axis columns)."""
    ticks = p.rows[1]
    first = next(i for i, (ch, _) in enumerate(ticks) if ch != " ")
    cols = len(ticks) - first
    days = (HI - LO).days + 1
    return p.rows[p.row_of(label)][first + (day - LO).days * cols // days]


def test_bars_are_coloured_by_the_status_who_gives(run: Runner) -> None:
    args = ("--org", "sco", "--org", "csto", "--from", LO.isoformat(), "--to", HI.isoformat())
    # no colour in the environment: a file is still drawn in colour
    p = Picture(svg(run, "--format", "svg", *args, env={"NO_COLOR": "1", "TERM": "dumb"}))
    statuses = ("recorded", "scheduled", "projected", "overdue", "unknown")
    colours = {s: p.legend_colour(s) for s in statuses}
    assert len(set(colours.values())) == 5  # five statuses, five colours
    checked = 0
    for org in ("sco", "csto"):
        for day in (dt.date(2021, 6, 15), dt.date(2024, 3, 1), dt.date(2026, 6, 1), HI):
            w = run("who", org, "--on", day.isoformat(), "--json", env=TODAY).json()
            ch, fill = column(p, org.upper(), day)
            assert ch in "━═" or ch.isalpha(), (org, day, ch)
            assert fill == colours[w["status"]], (org, day, w["status"])
            checked += 1
    assert checked == 8
    # SCO's open term past its expected hand-over is overdue up to today, and unknown after it
    assert column(p, "SCO", dt.date(2026, 10, 15))[1] == colours["overdue"]
    assert column(p, "SCO", HI)[1] == colours["unknown"]
    # the chair codes sit on their bars, in the data's order
    sco = p.line(p.row_of("SCO"))
    codes = re.findall(r"[A-Z]{2}", sco[4:])
    first = run("who", "sco", "--on", LO.isoformat(), "--json", env=TODAY).json()["chair"]
    window = ("--from", LO.isoformat(), "--to", HI.isoformat())
    items = run("timeline", "--org", "sco", *window, "--json", env=TODAY).json()
    chairs = [first] + [i["chair"] for i in items if i["kind"] == "handover"]
    assert codes == chairs and "KZ" in codes


def test_axis_title_and_legend_are_labelled(run: Runner) -> None:
    p = Picture(svg(run, "--format", "svg", "--org", "sco", "--year", "2024"))
    assert p.title == "chairship: chair terms, 2024-01-01 to 2024-12-31"
    axis = p.line(0)
    assert "2024" in axis and "Jul" in axis  # one year: the months are labelled
    assert "bold = Kazakhstan" in "\n".join(p.line(i) for i in range(len(p.rows)))


def test_body_names_follow_lang(run: Runner) -> None:
    p = Picture(svg(run, "--format", "svg", "--org", "sco", "--org", "csto", "--lang", "ru"))
    assert p.row_of("ШОС") < p.row_of("ОДКБ")


def test_no_web_fonts(run: Runner) -> None:
    text = svg(run, "--format", "svg", "--org", "sco")
    assert "@font-face" not in text and "url(http" not in text and "cdnjs" not in text


def test_many_bodies_over_a_range(run: Runner, ds: object) -> None:
    p = Picture(svg(run, "--format", "svg", "--from", "2015-01-01", "--to", "2027-12-31"))
    labels = [p.line(i).split(" ", 1)[0] for i in range(2, len(p.rows)) if p.line(i)[:1] != " "]
    assert labels[:3] == ["SCO", "CSTO", "CICA"] and len(labels) >= 21


def test_output_file_is_written_once(tmp_path: Path, run: Runner) -> None:
    target = tmp_path / "chart.svg"
    args = ("timeline", "--chart", "--org", "sco", "-o", str(target))
    r = run(*args, env=TODAY)
    assert r.code == 0, r.stderr
    assert r.stdout == ""
    assert target.read_bytes().decode("utf-8") == svg(run, "--format", "svg", "--org", "sco")
    again = run(*args, env=TODAY)
    assert again.code == 1 and "exists; use --force" in again.stderr
    assert run(*args, "--force", env=TODAY).code == 0


@pytest.mark.parametrize(
    "args, text",
    [
        (["timeline", "--format", "svg"], "add --chart"),
        (["timeline", "-o", "x.svg"], "add --chart"),
        (["timeline", "--chart", "-o", "x.png"], "give a PATH ending in .svg"),
        (["timeline", "--chart", "--format", "csv"], "cannot be combined with --json or --format"),
        (["list", "--format", "svg"], "svg"),
    ],
)
def test_usage_errors(run: Runner, args: list[str], text: str) -> None:
    r = run(*args, env=TODAY)
    assert r.code == 2 and text in r.stderr and r.stdout == "", r.stderr
