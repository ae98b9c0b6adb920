"""Dates that keep the precision of their source: "2024", "2024-05" or "2024-05-21".

A source that says "May 2024" must not become 1 May 2024. A :class:`PartialDate` is therefore
a *range* of days: :meth:`PartialDate.earliest` and :meth:`PartialDate.latest` are its first and
last possible day, and comparisons that matter (who chaired on a day?) use those bounds.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import NamedTuple

# ASCII digits only: "２０２４" (fullwidth) or "٢٠٢٤" (Arabic-Indic) is not a date here, in a
# dataset, an option or a batch line (documented in docs/reference.md, "Dates").
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

PRECISIONS = ("year", "month", "day")
# English month abbreviations, fixed (not the locale's), and month lengths; `calendar` is not
# imported because it costs start-up time for two small tables.
MONTH_ABBR = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month]


class PartialDate(NamedTuple):
    """A calendar date known to the year, the month or the day (month/day 0 = unknown)."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError on anything else."""
        if not isinstance(text, str):
            raise ValueError(f"expected a date string, got {type(text).__name__}")
        m = _PATTERN.fullmatch(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(m.group(1))
        month = int(m.group(2) or 0)
        day = int(m.group(3) or 0)
        if year < 1 or (m.group(2) and not 1 <= month <= 12):
            raise ValueError(f"{text!r} is not a valid date")
        if m.group(3):
            try:
                _dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{text!r} is not a valid date") from None
        return cls(year, month, day)

    @classmethod
    def from_date(cls, d: _dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    @property
    def precision(self) -> str:
        if self.day:
            return "day"
        if self.month:
            return "month"
        return "year"

    def earliest(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        month = self.month or 12
        day = self.day or days_in_month(self.year, month)
        return _dt.date(self.year, month, day)

    def contains(self, d: _dt.date) -> bool:
        return self.earliest() <= d <= self.latest()

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """'4 Jul 2024', 'Jul 2024' or '2024'."""
        if self.day:
            return f"{self.day} {MONTH_ABBR[self.month]} {self.year}"
        if self.month:
            return f"{MONTH_ABBR[self.month]} {self.year}"
        return str(self.year)

    def sort_key(self) -> tuple[_dt.date, int]:
        """Order by first possible day; a less precise date sorts before a precise one."""
        return (self.earliest(), PRECISIONS.index(self.precision))

    def __str__(self) -> str:
        return self.isoformat()


@functools.lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> PartialDate:
    """PartialDate.parse, memoised: datasets repeat the same dates many times."""
    return PartialDate.parse(text)


def parse_day(text: str) -> _dt.date:
    """Parse a full ``YYYY-MM-DD`` date (command-line options); raise ValueError otherwise."""
    pd = PartialDate.parse(text)
    if pd.precision != "day":
        raise ValueError(f"{text!r} is not a full date (YYYY-MM-DD)")
    return pd.earliest()


def overlaps(start: PartialDate, end: PartialDate | None, lo: _dt.date, hi: _dt.date) -> bool:
    """Whether the span start..end (inclusive, open end = ongoing) may touch lo..hi."""
    if start.earliest() > hi:
        return False
    return end is None or end.latest() >= lo
