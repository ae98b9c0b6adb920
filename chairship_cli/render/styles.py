"""Colours of the statuses, shared by the tables (terminal.py) and the chart (chart.py).

A module of its own so that neither of the two imports the other: terminal.py loads chart.py
only when a chart is drawn.
"""

from __future__ import annotations

STATUS_STYLE = {
    "recorded": "green",
    "scheduled": "cyan",
    "projected": "yellow",
    "overdue": "red",
    "unknown": "magenta",
    "planned": "cyan",
}
