"""The Gantt-style terminal chart (chairship_cli/render/chart.py) on the shipped dataset."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from chairship_cli.dates import PartialDate
from chairship_cli.model import Dataset, Event, Org, Term
from chairship_cli.render.chart import ASCII, UNICODE, chart, chart_lines

from builders import make_event, make_org, make_rotation, make_term

LO = dt.date(2015, 1, 1)
HI = dt.date(2025, 12, 31)
WIDTHS = (20, 60, 120, 200)
LIGHT = (UNICODE.uncertain, ASCII.uncertain)


class _Sink(io.StringIO):
    """A buffer that reports an encoding, as a real stdout does."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def render(
    orgs: list[Org],
    width: int,
    lo: dt.date = LO,
    hi: dt.date = HI,
    ascii: bool = False,
    console_width: int | None = None,
    encoding: str = "utf-8",
) -> list[str]:
    sink = _Sink(encoding)
    console = Console(
        file=sink,
        width=console_width or width,
        color_system=None,
        force_terminal=True,
    )
    console.print(chart(orgs, lo, hi, width, ascii=ascii))
    return sink.getvalue().splitlines()


def row(lines: list[str], label: str) -> tuple[str, str]:
    """The term line of an organisation and the event line under it."""
    for i, line in enumerate(lines):
        if line.split(" ", 1)[0] == label:
            return line, lines[i + 1]
    raise AssertionError(f"no row for {label!r} in:\n" + "\n".join(lines))


def org(terms: tuple[Term, ...] = (), events: tuple[Event, ...] = (), acronym: str = "TST") -> Org:
    return make_org(acronym=acronym, name="Test organisation", terms=terms, events=events)


def term(
    chair: str, start: str | PartialDate | None, end: str | PartialDate | None, **kw: object
) -> Term:
    return make_term(chair, start, end, sources=(), **kw)


# --------------------------------------------------------------------------- width


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_exceeds_the_width(ds: Dataset, width: int, ascii: bool) -> None:
    lines = render(list(ds.orgs), width, ascii=ascii)
    assert lines
    assert max(cell_len(x) for x in lines) <= width
    labels = [line.split(" ", 1)[0] for line in lines[2::2]]  # each body: a term row, then events
    assert len([x for x in labels if x]) >= len(ds.orgs)


@pytest.mark.parametrize("width", [*range(1, 20), *WIDTHS])
def test_narrow_and_odd_widths_never_raise(ds: Dataset, width: int) -> None:
    lines = chart_lines(list(ds.orgs), LO, HI, width)
    assert all(x.cell_len <= width for x in lines)
    assert chart_lines(list(ds.orgs), LO, HI, 0) == []
    assert chart_lines(list(ds.orgs), LO, HI, -5) == []


def test_the_console_width_wins_when_narrower(ds: Dataset) -> None:
    lines = render(list(ds.orgs), 200, console_width=50)
    assert max(cell_len(x) for x in lines) <= 50


@pytest.mark.parametrize(
    ("lo", "hi"),
    [
        (dt.date(2024, 3, 5), dt.date(2024, 3, 5)),  # one day
        (dt.date(2024, 3, 5), dt.date(2024, 3, 20)),  # fewer days than columns
        (dt.date(1990, 1, 1), dt.date(2026, 12, 31)),
        (dt.date.min, dt.date.max),
        (HI, LO),  # reversed: swapped, not an error
        (dt.datetime(2015, 1, 1, 12), dt.datetime(2025, 6, 1)),
    ],
)
@pytest.mark.parametrize("width", WIDTHS)
def test_any_window_renders(ds: Dataset, lo: dt.date, hi: dt.date, width: int) -> None:
    lines = render(list(ds.orgs), width, lo=lo, hi=hi)
    assert max(cell_len(x) for x in lines) <= width


def test_no_organisations() -> None:
    lines = render([], 60)
    assert "2020" in lines[0]
    assert any("chair term" in x for x in lines)


# --------------------------------------------------------------------------- content


def test_sco_terms_in_order(ds: Dataset) -> None:
    lines = render(list(ds.orgs), 120)
    sco, _ = row(lines, "SCO")
    assert cell_len(sco) == len(sco)  # one cell per character: indexes are columns
    kz1 = sco.index("KZ")  # 2016-17
    cn1 = sco.index("CN", kz1)  # 2017-18
    in_ = sco.index("IN", cn1)  # 2022-23
    kz2 = sco.index("KZ", in_)  # 2023-24
    cn2 = sco.index("CN", kz2)  # 2024-25
    assert kz1 < cn1 < in_ < kz2 < cn2
    # Placed by date: the 2023-24 KZ term starts (4 Jul 2023) between the 2023 and 2024 ticks.
    axis = lines[0]
    y2023, y2024 = axis.index("2023"), axis.index("2024")
    assert y2023 < kz2 < y2024
    assert kz2 - y2023 == pytest.approx((y2024 - y2023) * 184 / 365, abs=1.5)


def test_year_labels_sit_on_ticks(ds: Dataset) -> None:
    lines = render(list(ds.orgs), 120)
    labels, ticks = lines[0], lines[1]
    for year in range(2015, 2026):
        c = labels.index(str(year))
        assert ticks[c] == UNICODE.tick, year
    assert "2024" in labels


def test_narrow_axis_skips_labels_that_would_overlap(ds: Dataset) -> None:
    lines = render(list(ds.orgs), 20)
    labels, ticks = lines[0], lines[1]
    years = labels.split()
    assert 1 <= len(years) < 11 and all(len(y) == 4 and y.isdigit() for y in years)
    for y in years:  # each still starts at its own 1 January
        assert ticks[labels.index(y)] == UNICODE.tick


def test_months_are_labelled_in_a_short_window(ds: Dataset) -> None:
    labels = render(list(ds.orgs), 120, lo=dt.date(2024, 1, 1), hi=dt.date(2024, 12, 31))[0]
    assert "2024" in labels
    assert "Jul" in labels


def test_events_appear_as_marks(ds: Dataset) -> None:
    lines = render(list(ds.orgs), 120)
    for label in ("SCO", "CSTO", "CICA", "OTS", "IFAS", "IOFS"):
        _, events = row(lines, label)
        assert UNICODE.event in events, label
    # CSTO, 1 Jan 2024: "Kazakhstan's CSTO chairmanship begins", where the KZ term starts.
    csto, events = row(lines, "CSTO")
    kz = csto.index("KZ", csto.index("KZ") + 1)
    assert events[kz] == UNICODE.event


def test_events_only_known_to_the_month_use_the_vague_mark() -> None:
    o = org(
        terms=(term("KZ", "2020-01-01", None),),
        events=(
            make_event("2022-06", "x", sources=()),
            make_event("2024-06-01", "y", sources=()),
            make_event("1999", "outside", sources=()),
        ),
    )
    _, events = row(render([o], 80), "TST")
    assert events.count(UNICODE.event_vague) == 1
    assert events.count(UNICODE.event) == 1
    assert events.index(UNICODE.event_vague) < events.index(UNICODE.event)


def test_uncertain_boundaries_are_light(ds: Dataset) -> None:
    lines = render(list(ds.orgs), 120)
    sco, _ = row(lines, "SCO")  # hand-overs known only as "2017-06" etc.
    csto, _ = row(lines, "CSTO")  # every hand-over in the window known to the day
    assert UNICODE.uncertain in sco
    assert UNICODE.uncertain not in csto


def test_a_boundary_known_to_the_year_spans_the_year() -> None:
    o = org(terms=(term("AA", "2015-01-01", "2019"), term("BB", "2020", None)))
    line, _ = row(render([o], 4 + 110), "TST")  # "TST " then 110 columns, 10 a year
    body = line[4:]
    light = [i for i, ch in enumerate(body) if ch == UNICODE.uncertain]
    # 2019 (end of AA) and 2020 (start of BB): about twenty columns between the two bars.
    assert 17 <= len(light) <= 22
    assert light == list(range(light[0], light[-1] + 1))
    assert body.index("BB") == light[-1] + 1


def test_gaps_stay_blank_and_open_terms_run_to_the_end() -> None:
    o = org(terms=(term("AA", "2015-01-01", "2016-12-31"), term("BB", "2020-01-01", None)))
    line, _ = row(render([o], 60), "TST")
    body = line.rstrip()
    assert "   " in body[body.index("AA") : body.index("BB")]
    assert len(line) == 60 and line.endswith(UNICODE.bars[1])  # BB runs to hi


def test_unknown_start_is_drawn_light_only_as_far_back_as_the_rule_reaches() -> None:
    """No guessing: a start that is not recorded is derived from the rule's term length (and
    drawn light); without a rule nothing is drawn before the records begin."""
    rule = make_rotation("yearly", "summit-host", "at-meeting", text="yearly")
    with_rule = dataclasses.replace(
        org(terms=(term("AA", None, "2017-12-31"), term("BB", "2018-01-01", "2019-12-31"))),
        rotation=rule,
    )
    line, _ = row(render([with_rule], 4 + 110), "TST")
    body = line[4:]
    aa = body.index("AA")
    assert body.startswith(" ")  # nothing drawn from the window's start: only from about Dec 2016
    assert body[:aa].strip(" " + UNICODE.uncertain) == ""
    assert UNICODE.uncertain in body[aa : body.index("BB")]  # the derived start is light
    no_rule = org(terms=(term("AA", None, "2017-12-31"), term("BB", "2018-01-01", "2019-12-31")))
    line, _ = row(render([no_rule], 4 + 110), "TST")
    assert "AA" not in line and "BB" in line


def test_consecutive_terms_alternate_and_kazakhstan_is_bold(ds: Dataset) -> None:
    lines = chart_lines(list(ds.orgs), LO, HI, 120)
    console = Console(width=120)
    sco = next(x for x in lines if x.plain.startswith("SCO "))
    kz = sco.plain.index("KZ")
    cn = sco.plain.index("CN", kz)
    assert sco.get_style_at_offset(console, kz).bold
    assert sco.get_style_at_offset(console, kz + 3).bold  # the bar, not just the code
    assert not sco.get_style_at_offset(console, cn).bold
    assert sco.plain[kz + 3] != sco.plain[cn + 3]  # alternating glyphs
    k_style = sco.get_style_at_offset(console, kz + 3).color
    c_style = sco.get_style_at_offset(console, cn + 3).color
    assert k_style != c_style  # and colours


def test_legend(ds: Dataset) -> None:
    text = "\n".join(render(list(ds.orgs), 120))
    for phrase in ("chair term", "known only to the month/year", "event", "Kazakhstan"):
        assert phrase in text


# --------------------------------------------------------------------------- ASCII


@pytest.mark.parametrize("width", WIDTHS)
def test_ascii_mode_is_pure_ascii(ds: Dataset, width: int) -> None:
    lines = render(list(ds.orgs), width, ascii=True)
    text = "\n".join(lines)
    assert text.isascii()
    assert ASCII.bars[0] in text and ASCII.event in text
    if width >= 60:
        sco, _ = row(lines, "SCO")
        assert ASCII.uncertain in sco and "KZ" in sco


def test_ascii_data_is_escaped_in_ascii_mode() -> None:
    o = org(terms=(term("KZ", "2016-01-01", None),), acronym="ШОС")
    text = "\n".join(render([o], 80, ascii=True))
    assert text.isascii()
    assert "\\u0428" in text


def test_a_non_utf8_console_gets_ascii_without_asking(ds: Dataset) -> None:
    text = "\n".join(render(list(ds.orgs), 100, encoding="ascii"))
    assert text.isascii()
    assert "KZ" in text


def test_unicode_by_default(ds: Dataset) -> None:
    text = "\n".join(render(list(ds.orgs), 100))
    assert UNICODE.bars[0] in text and UNICODE.tick in text


# --------------------------------------------------------------------------- hostile data


def test_hostile_acronym_renders_literally(ds: Dataset) -> None:
    sco = ds.org("sco")
    assert sco is not None
    hostile = dataclasses.replace(sco, acronym="[bold]X[/]")
    lines = render([hostile], 120)
    line, _ = row(lines, "[bold]X[/]")
    assert "KZ" in line


def test_control_characters_in_data_are_made_visible() -> None:
    o = org(terms=(term("\x1b[", "2016-01-01", None),), acronym="A\x1b[31mB\u202e")
    text = "\n".join(render([o], 120))
    assert "\x1b" not in text and "\u202e" not in text
    assert "A\\x1b[31mB" in text


def test_impossible_records_do_not_raise() -> None:
    # not constructible through parse(): given as PartialDate objects
    bad = term("ZZ", PartialDate(2019, 13), PartialDate(0))
    o = org(
        terms=(
            term("BB", "2020-01-01", "2018-01-01"),  # ends before it starts
            bad,
            term("CC", None, None),
            term("DD", "2016", "2016"),
        ),
        events=(make_event(PartialDate(2020, 2, 30), "x", confidence="v", sources=()),),
    )
    for width in (20, 80):
        lines = render([o], width)
        assert max(cell_len(x) for x in lines) <= width


# --------------------------------------------------------------------------- property


_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
_partial = _dates.flatmap(
    lambda d: st.sampled_from(
        [PartialDate(d.year), PartialDate(d.year, d.month), PartialDate.from_date(d)]
    )
)
_terms = st.builds(
    Term,
    chair=st.text(min_size=0, max_size=4),
    confidence=st.just("verified"),
    sources=st.just(()),
    start=st.none() | _partial,
    end=st.none() | _partial,
    confirmed_until=st.none() | _partial,
)
_events = st.builds(
    Event, date=_partial, title=st.just("e"), confidence=st.just("verified"), sources=st.just(())
)


@settings(max_examples=150, deadline=None)
@given(
    terms=st.lists(_terms, max_size=8),
    events=st.lists(_events, max_size=8),
    acronym=st.text(max_size=20),
    lo=_dates,
    hi=_dates,
    width=st.integers(min_value=1, max_value=240),
    ascii=st.booleans(),
)
def test_any_records_fit_the_width(
    terms: list[Term],
    events: list[Event],
    acronym: str,
    lo: dt.date,
    hi: dt.date,
    width: int,
    ascii: bool,
) -> None:
    o = org(tuple(terms), tuple(events), acronym)
    lines = chart_lines([o, o], lo, hi, width, ascii=ascii)
    assert all(x.cell_len <= width for x in lines)
    if ascii:
        assert all(x.plain.isascii() for x in lines)
