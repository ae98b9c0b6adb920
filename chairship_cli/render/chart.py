"""A Gantt-style terminal chart: chair terms over the years, one row per organisation.

Layout (Unicode glyphs; ``ascii=True`` switches to ``#``, ``=``, ``.``, ``*``, ``o``, ``-``)::

          2016      2017      2018
          ┬─────────┬─────────┬─────────
    SCO   KZ━━━━━━━╌CN════════╌KG━━━━━━━
             •    ◦      •
    ━═ chair term (ISO code where it fits)  KZ bold = Kazakhstan  ╌ boundary ...

* Days map linearly onto the columns after the label column; a column shows whatever covers
  most of its days (an uncertain boundary counts double, so it stays visible). With fewer
  columns than years the chart simply compresses: terms too short for a column may vanish.
* Consecutive terms alternate glyph and colour; Kazakhstan's terms are bold.
* A boundary known only to the month or year is drawn light between its earliest and latest
  possible day (the same rule as ``query.who``: a term surely covers start.latest() through
  end.earliest()). A term whose start is unknown is drawn light and dim (still labelled) from
  the window, the founding or the previous term's end; an open term runs to ``hi``, light and
  dim after its ``confirmed_until``.
* The row under each organisation marks its events: ``•`` on the day, ``◦`` in the middle of
  a month or year when that is all that is known.

Data strings (acronyms, chair codes) go in as ``Text(safe(...))``, never as markup. Every line
is at most ``width`` cells; nothing here raises on odd input (empty lists, ``hi < lo``, tiny
widths, terms outside the window).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

from chairship_cli.chronology import Answer, Span, answer, overdue_until, segment, spans
from chairship_cli.dates import MONTH_ABBR, PartialDate
from chairship_cli.model import Dataset, Org, Term

from .output import safe
from .styles import STATUS_STYLE

HIGHLIGHT = "KZ"  # Kazakhstan: the chair this reference is about
MIN_WIDTH = 20  # the narrowest width the layout is designed for (narrower still renders)
MAX_LABEL = 12  # widest label column (before the one-space gap)

BAR_STYLES = ("cyan", "magenta")  # alternating between consecutive terms
HIGHLIGHT_STYLE = "bold"
UNCERTAIN_STYLE = "dim"
DIM_STYLE = "dim"
EVENT_STYLE = "yellow"
AXIS_STYLE = "dim"

# Label spacing steps for year labels, in years.
_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
_DAYS_PER_YEAR = 365.2425

# What an impossible PartialDate (month 13, year 0) raises from earliest()/latest().
_BAD_DATE = (ValueError, OverflowError, IndexError)

_UNCERTAIN = -1  # column keys besides term indexes
_BLANK = -2


@dataclass(frozen=True, slots=True)
class Glyphs:
    bars: tuple[str, str]
    uncertain: str
    event: str
    event_vague: str
    axis: str
    tick: str
    ellipsis: str


UNICODE = Glyphs(("━", "═"), "╌", "•", "◦", "─", "┬", "…")
ASCII = Glyphs(("#", "="), ".", "*", "o", "-", "+", "")


# --------------------------------------------------------------------------- public API


def chart(
    orgs: Sequence[Org],
    lo: _dt.date,
    hi: _dt.date,
    width: int,
    ascii: bool = False,
    ds: Dataset | None = None,
    lang: str = "en",
    by_status: bool = False,
) -> RenderableType:
    """The chart as a rich renderable, at most ``width`` cells wide.

    The console may narrow it further (its own width) and switches to ASCII glyphs when its
    encoding is not UTF-8 (``options.ascii_only``), even without ``ascii=True``. ``lang``: the
    language of the body names; ``by_status``: bars coloured by the status of each day's chair
    (see :func:`chart_lines`).
    """
    return Chart(tuple(orgs), lo, hi, width, ascii, ds, lang, by_status)


def chart_lines(
    orgs: Sequence[Org],
    lo: _dt.date,
    hi: _dt.date,
    width: int,
    ascii: bool = False,
    ds: Dataset | None = None,
    lang: str = "en",
    by_status: bool = False,
) -> list[Text]:
    """The chart as lines of rich Text, each at most ``width`` cells (easy to test).

    ``ds`` gives the knowledge horizon (terms past it are drawn dim); without it, the orgs
    alone are charted as recorded. With ``by_status`` each bar cell is coloured by the status
    that chronology.answer gives the chair on the middle day of its column (recorded,
    scheduled, projected, overdue), solid rather than dim, and the legend names the statuses.
    """
    if width <= 0:
        return []
    data = ds if ds is not None else Dataset(path="", themes=(), orgs=tuple(orgs))

    def spans_of(org: Org) -> list[Span]:
        try:
            return spans(data, org, hi)
        except _BAD_DATE:  # an impossible date in a hand-built record: chart the good terms
            good = tuple(t for t in org.terms if _computable(t))
            try:
                return spans(data, dataclasses.replace(org, terms=good), hi)
            except _BAD_DATE:
                return []

    g = ASCII if ascii else UNICODE
    lo, hi = _day(lo), _day(hi)
    if hi < lo:
        lo, hi = hi, lo
    first, last = lo.toordinal(), hi.toordinal()
    days = last - first + 1

    labels = [_clean(o.acronym if lang == "en" else o.display_acronym(lang), ascii) for o in orgs]
    widest = max((cell_len(x) for x in labels), default=0)
    label_w = min(widest, MAX_LABEL, max(0, (width - 1) // 4))
    gap = 1 if label_w else 0
    axis_w = max(1, min(width - label_w - gap, days))
    scale = _Scale(first, days, axis_w)
    pad = " " * (label_w + gap)

    lines: list[Text] = []
    year_row, tick_row = _axis(scale, lo, hi, g)
    lines.append(Text(pad) + year_row)
    lines.append(Text(pad) + tick_row)
    for org, label in zip(orgs, labels, strict=True):
        head = Text()
        head.append(label, style="bold")  # a span: Text(label, style=) would bold the row
        if label_w:
            head.truncate(label_w, overflow="ellipsis" if g.ellipsis else "crop", pad=True)
            head.append(" " * gap)
        else:
            head = Text()
        chron = spans_of(org)
        status_of = _status_of(data, org, chron, scale) if by_status else None
        lines.append(head + _term_row(org, chron, scale, g, ascii, status_of))
        lines.append(Text(pad) + _event_row(org, scale, g))
    lines.extend(_status_legend(g, width) if by_status else _legend(g, width))
    for line in lines:
        line.no_wrap = True
        line.overflow = "crop"
        line.truncate(width)  # a safety net: the layout above already fits
    return lines


class Chart:
    """Renders :func:`chart_lines` at the narrower of ``width`` and the console's width."""

    def __init__(
        self,
        orgs: tuple[Org, ...],
        lo: _dt.date,
        hi: _dt.date,
        width: int,
        ascii: bool,
        ds: Dataset | None = None,
        lang: str = "en",
        by_status: bool = False,
    ) -> None:
        self.ds = ds
        self.lang = lang
        self.by_status = by_status
        self.orgs = orgs
        self.lo = lo
        self.hi = hi
        self.width = width
        self.ascii = ascii

    def _width(self, options: ConsoleOptions) -> int:
        return max(0, min(self.width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ascii = self.ascii or options.ascii_only
        w = self._width(options)
        lines = chart_lines(
            self.orgs, self.lo, self.hi, w, ascii, self.ds, self.lang, self.by_status
        )
        yield Group(*lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        w = self._width(options)
        return Measurement(w, w)


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True, slots=True)
class _Scale:
    """Days (as ordinals) onto ``cols`` columns; every column covers at least one day."""

    first: int
    days: int
    cols: int

    def col(self, ordinal: int) -> int:
        k = min(max(ordinal - self.first, 0), self.days - 1)
        return k * self.cols // self.days

    def start(self, c: int) -> int:
        """First day (ordinal) of column c; start(cols) is one past the last day."""
        return self.first + -(-c * self.days // self.cols)

    @property
    def last(self) -> int:
        return self.first + self.days - 1

    @property
    def cols_per_year(self) -> float:
        return self.cols * _DAYS_PER_YEAR / self.days


def _day(d: _dt.date) -> _dt.date:
    """A datetime (a date subclass that will not compare with dates) as its date."""
    return d.date() if isinstance(d, _dt.datetime) else d


def _clean(text: str, ascii: bool) -> str:
    """A data string made safe for one line (and for ASCII output when asked)."""
    s = safe(text)
    if ascii:
        s = s.encode("ascii", "backslashreplace").decode("ascii")
    return s


# --------------------------------------------------------------------------- axis


def _axis(scale: _Scale, lo: _dt.date, hi: _dt.date, g: Glyphs) -> tuple[Text, Text]:
    """Year (and, when roomy, month) labels starting at their first day's column, and ticks."""
    labels = [" "] * scale.cols
    ticks = [g.axis] * scale.cols
    taken_to = -1  # one past the last label's column (labels keep a blank column between them)

    def place(c: int, text: str) -> bool:
        nonlocal taken_to
        if c > taken_to and c + len(text) <= scale.cols:
            labels[c : c + len(text)] = list(text)
            taken_to = c + len(text)
            return True
        return False

    cpy = scale.cols_per_year
    step = next((s for s in _STEPS if s * cpy >= 5), _STEPS[-1])
    y0 = lo.year if (lo.month, lo.day) == (1, 1) else lo.year + 1
    marks: dict[int, str] = {}  # column -> label, in date order
    if cpy >= 2:
        for y in range(y0, hi.year + 1):
            ticks[scale.col(_dt.date(y, 1, 1).toordinal())] = g.tick
    if cpy / 12 >= 4:  # at least four columns a month: label months too
        y, m = lo.year, lo.month
        while (y, m) <= (hi.year, hi.month):
            day = _dt.date(y, m, 1)
            if day >= lo:
                c = scale.col(day.toordinal())
                ticks[c] = g.tick
                marks[c] = str(y) if m == 1 else MONTH_ABBR[m]
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        for y in range(-(-y0 // step) * step, hi.year + 1, step):
            if y < 1:
                continue
            c = scale.col(_dt.date(y, 1, 1).toordinal())
            ticks[c] = g.tick
            marks[c] = str(y)
    placed = False
    for c in sorted(marks):
        placed = place(c, marks[c]) or placed
    if not placed:  # nothing starts inside the window: name its first day instead
        for text in (lo.isoformat(), str(lo.year)):
            if place(0, text):
                break
    return Text("".join(labels), style=AXIS_STYLE), Text("".join(ticks), style=AXIS_STYLE)


# --------------------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class _Span:
    lo: int  # ordinals, inclusive
    hi: int
    key: int  # term index, or _UNCERTAIN
    dim: bool = False


def _spans(org: Org, chron: Sequence[Span], first: int, last: int) -> list[_Span]:
    """Where each term surely holds (by index), and where a boundary is uncertain.

    The bounds come from chronology.Span, so the chart draws the same hand-over days as every
    other command; terms not recorded as fact (scheduled, projected, overdue) are drawn dim.
    """
    out: list[_Span] = []
    for i, s in enumerate(chron):
        if s.first_lo is None or s.first_hi is None:
            continue  # a start that is not recorded and cannot be derived: nothing to draw
        lo, hi = s.first_lo.toordinal(), s.first_hi.toordinal()
        if lo < hi:
            out.append(_Span(lo, hi - 1, _UNCERTAIN))
        sure_to = last
        if s.last_lo is not None and s.last_hi is not None:
            e_lo, e_hi = s.last_lo.toordinal(), s.last_hi.toordinal()
            if e_lo < e_hi:
                out.append(_Span(e_lo + 1, e_hi, _UNCERTAIN))
            sure_to = e_lo
        dim = s.status != "recorded" or s.start is None
        out.append(_Span(hi, sure_to, i, dim=dim))
        grace = overdue_until(org, s)
        if grace is not None and s.last_hi is not None:
            out.append(_Span(s.last_hi.toordinal() + 1, grace.toordinal(), i, dim=True))
    return [x for x in out if x.lo <= x.hi and x.hi >= first and x.lo <= last]


def _computable(t: Term) -> bool:
    try:
        for d in (t.start, t.end, t.expected_end):
            if d is not None:
                d.earliest().toordinal()
                d.latest().toordinal()
        return t.end is None or t.start is None or t.end.latest() >= t.start.earliest()
    except _BAD_DATE:
        return False


def _safe_earliest(d: PartialDate | None) -> int | None:
    try:
        return d.earliest().toordinal() if d is not None else None
    except _BAD_DATE:
        return None


def _safe_latest(d: PartialDate | None) -> int | None:
    try:
        return d.latest().toordinal() if d is not None else None
    except _BAD_DATE:
        return None


def _flatten(spans: list[_Span], first: int, last: int) -> list[_Span]:
    """Non-overlapping pieces inside first..last: a sure term beats an uncertain boundary, and
    the later term wins where sure spans overlap (the incoming chair holds on hand-over day)."""
    cuts = {first, last + 1}
    for s in spans:
        for x in (s.lo, s.hi + 1):
            if first < x <= last:
                cuts.add(x)
    points = sorted(cuts)
    out: list[_Span] = []
    for a, b in itertools.pairwise(points):
        best: _Span | None = None
        for s in spans:
            covers = s.lo <= a and b - 1 <= s.hi
            if covers and (best is None or (s.key, not s.dim) >= (best.key, not best.dim)):
                best = s
        if best is not None:
            out.append(_Span(a, b - 1, best.key, best.dim))
    return out


def _columns(pieces: list[_Span], scale: _Scale) -> list[tuple[int, bool]]:
    """(key, dim) per column: what covers most of its days, uncertain days counting double."""
    result: list[tuple[int, bool]] = []
    j = 0
    for c in range(scale.cols):
        c_lo, c_hi = scale.start(c), scale.start(c + 1) - 1
        weight: dict[int, int] = {}
        dim_days: dict[int, int] = {}
        covered = 0
        while j < len(pieces) and pieces[j].hi < c_lo:
            j += 1
        k = j
        while k < len(pieces) and pieces[k].lo <= c_hi:
            p = pieces[k]
            n = min(p.hi, c_hi) - max(p.lo, c_lo) + 1
            if n > 0:
                covered += n
                weight[p.key] = weight.get(p.key, 0) + (2 * n if p.key == _UNCERTAIN else n)
                if p.dim:
                    dim_days[p.key] = dim_days.get(p.key, 0) + n
            k += 1
        weight[_BLANK] = (c_hi - c_lo + 1) - covered
        key = max(weight, key=lambda x: (weight[x], x))
        dim = 2 * dim_days.get(key, 0) > weight[key]
        result.append((key, dim))
    return result


def _term_row(
    org: Org,
    chron: Sequence[Span],
    scale: _Scale,
    g: Glyphs,
    ascii: bool,
    status_of: Callable[[int, int], str] | None = None,
) -> Text:
    pieces = _flatten(_spans(org, chron, scale.first, scale.last), scale.first, scale.last)
    cols = _columns(pieces, scale)
    cells: list[tuple[str, str]] = []
    for c, (key, dim) in enumerate(cols):
        if key == _BLANK:
            cells.append((" ", ""))
        elif key == _UNCERTAIN:
            cells.append((g.uncertain, UNCERTAIN_STYLE))
        elif status_of is not None:
            style = STATUS_STYLE.get(status_of(key, c), "")
            if chron[key].chair == HIGHLIGHT:
                style += " " + HIGHLIGHT_STYLE
            cells.append((g.bars[key % 2], style))
        else:
            glyph = g.uncertain if dim else g.bars[key % 2]
            cells.append((glyph, _term_style(chron[key].chair, key, dim)))
    # The chair's code at the start of each run of a term's columns, where it fits: first
    # where a bar glyph still follows it, then flush runs whose neighbours are not codes.
    runs: list[tuple[int, int, str]] = []  # (first column, length, code)
    c = 0
    while c < len(cols):
        key = cols[c][0]
        end = c
        while end < len(cols) and cols[end][0] == key:
            end += 1
        if key >= 0:
            code = _clean(chron[key].chair, ascii)
            if code and cell_len(code) == len(code) <= end - c:
                runs.append((c, end - c, code))
        c = end
    is_code = [False] * len(cells)

    def put(c: int, code: str) -> None:
        for n, ch in enumerate(code):
            cells[c + n] = (ch, cells[c + n][1])
            is_code[c + n] = True

    for c, n, code in runs:
        if n > len(code):
            put(c, code)
    for c, n, code in runs:
        after = c + n
        code_before = c > 0 and is_code[c - 1]
        code_after = after < len(cells) and is_code[after]
        if n == len(code) and not code_before and not code_after:
            put(c, code)
    return _cells_text(cells)


def _term_style(chair: str, index: int, dim: bool) -> str:
    style = BAR_STYLES[index % 2]
    if chair == HIGHLIGHT:
        style += " " + HIGHLIGHT_STYLE
    if dim:
        style += " " + DIM_STYLE
    return style


def _status_of(
    ds: Dataset, org: Org, chron: Sequence[Span], scale: _Scale
) -> Callable[[int, int], str]:
    """(term index, column) -> the status chronology.answer gives that chair on the column's
    middle day (the term's own status where another chair holds that day; unknown where no chair
    can be named). One answer per
    stretch of days whose answers agree (chronology.segment)."""
    seen: dict[int, Answer] = {}

    def status(key: int, c: int) -> str:
        day = _dt.date.fromordinal((scale.start(c) + scale.start(c + 1) - 1) // 2)
        try:
            stretch = segment(ds, org, day)
            a = seen.get(stretch)
            if a is None:
                a = seen[stretch] = answer(ds, org, day)
        except _BAD_DATE:
            return chron[key].status
        if a.status == "unknown":  # no chair can be named that day: the bar says so
            return "unknown"
        return a.status if a.chair == chron[key].chair else chron[key].status

    return status


def _status_legend(g: Glyphs, width: int) -> list[Text]:
    """The key of a chart coloured by status."""
    keyed = [
        (Text(g.bars[0], style=STATUS_STYLE[s]), s) for s in ("recorded", "scheduled", "projected")
    ]
    keyed += [
        (Text(g.bars[0], style=STATUS_STYLE["overdue"]), "overdue"),
        (Text(g.bars[0], style=STATUS_STYLE["unknown"]), "unknown (no chair can be named)"),
        (Text(HIGHLIGHT, style=HIGHLIGHT_STYLE), "bold = Kazakhstan"),
        (Text(g.uncertain, style=UNCERTAIN_STYLE), "boundary known only to the month/year"),
        (Text(g.event, style=EVENT_STYLE), "event"),
        (Text(g.event_vague, style=EVENT_STYLE), "event dated to the month/year"),
    ]
    return _wrap_legend(keyed, g, width)


# --------------------------------------------------------------------------- events


def _event_row(org: Org, scale: _Scale, g: Glyphs) -> Text:
    cells: list[tuple[str, str]] = [(" ", "")] * scale.cols
    for ev in org.events:
        a, b = _safe_earliest(ev.date), _safe_latest(ev.date)
        if a is None or b is None or b < scale.first or a > scale.last:
            continue
        if ev.date.precision == "day":
            cells[scale.col(a)] = (g.event, EVENT_STYLE)
        else:
            c = scale.col((max(a, scale.first) + min(b, scale.last)) // 2)
            if cells[c][0] != g.event:
                cells[c] = (g.event_vague, EVENT_STYLE)
    return _cells_text(cells)


def _cells_text(cells: list[tuple[str, str]]) -> Text:
    text = Text()
    run, style = "", ""
    for ch, st in cells:
        if st != style and run:
            text.append(run, style=style or None)
            run = ""
        run += ch
        style = st
    if run:
        text.append(run, style=style or None)
    return text


# --------------------------------------------------------------------------- legend


def _legend(g: Glyphs, width: int) -> list[Text]:
    """The key, wrapped at item boundaries to the width."""
    bars = Text()
    bars.append(g.bars[0], style=BAR_STYLES[0])
    bars.append(g.bars[1], style=BAR_STYLES[1])
    keyed = [
        (bars, "chair term (ISO code where it fits)"),
        (Text(HIGHLIGHT, style=HIGHLIGHT_STYLE), "bold = Kazakhstan"),
        (Text(g.uncertain, style=UNCERTAIN_STYLE), "boundary known only to the month/year"),
        (Text("XX" + g.uncertain * 2, style=DIM_STYLE), "start unknown / not confirmed"),
        (Text(g.event, style=EVENT_STYLE), "event"),
        (Text(g.event_vague, style=EVENT_STYLE), "event dated to the month/year"),
    ]
    return _wrap_legend(keyed, g, width)


def _wrap_legend(keyed: list[tuple[Text, str]], g: Glyphs, width: int) -> list[Text]:
    items = [glyph + Text(" " + what, style="dim") for glyph, what in keyed]
    lines: list[Text] = []
    line = Text()
    for item in items:
        if item.cell_len > width:
            item.truncate(width, overflow="ellipsis" if g.ellipsis and width > 1 else "crop")
        if line.cell_len and line.cell_len + 2 + item.cell_len > width:
            lines.append(line)
            line = Text()
        if line.cell_len:
            line.append("  ")
        line.append_text(item)
    if line.cell_len:
        lines.append(line)
    return lines
