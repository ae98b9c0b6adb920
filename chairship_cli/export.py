"""Export the dataset (or a filtered part of it) as files: iCalendar, CSV, SQLite, Markdown, JSON.

Pure functions: nothing here parses options, prints, or imports typer or rich. Heavy modules
(icalendar, sqlite3, csv, json) are imported inside the functions that need them, so importing
this module stays cheap at start-up.

Every export is deterministic: the same dataset and filters give byte-identical files (no
timestamps of the run, no random ids), so exports can be diffed and committed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .dates import PartialDate
from .model import (
    LIST_KINDS,
    STATUSES,
    Alias,
    Chairperson,
    Claim,
    Correction,
    Dataset,
    MemberCount,
    Name,
    Office,
    Org,
    Person,
    Priority,
    Role,
    Rotation,
    Term,
    reading_order,
)
from .render.output import EXPORT_FORMATS

if TYPE_CHECKING:  # imported lazily at run time: this module must be cheap to import
    import sqlite3

    from .agenda import AgendaItem
    from .query import TimelineItem

Row = tuple[object, ...]

FORMATS = EXPORT_FORMATS  # declared in render/output.py, where the CLI reads it cheaply


ICS_PRODID = "-//chairship//chairship//EN"
ICS_CALNAME = "chairship"
# DTSTAMP is required on every VEVENT and is meant to say when the record was last revised. The
# dataset carries no revision time (and the run's clock would make every export differ), so all
# events get this fixed instant. It changes only if the export format itself changes.
ICS_DTSTAMP = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)

# Bumped when the SQLite schema below changes (readable as PRAGMA user_version).
# 2: members, rotations, offices, claims, people, roles, corrections, term_chairpersons and
# event_people tables; the v2 term columns (status, basis, kind, ...); priorities' term.
# 3: every record's table derived from model.py: its columns in the model's order (confidence
# and note after a record's own fields), headquarters and website NOT NULL.
SQLITE_SCHEMA_VERSION = 3

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# --------------------------------------------------------------------------- shared helpers


def _d(d: PartialDate | None) -> str:
    return d.isoformat() if d is not None else ""


def _human(d: PartialDate) -> str:
    """'May 2024' or '2024' (English month names, independent of the locale)."""
    return f"{_MONTHS[d.month - 1]} {d.year}" if d.month else str(d.year)


def precision_notes(item: TimelineItem) -> list[str]:
    """Sentences saying which of the item's dates are known only to the month or year."""
    notes = []
    if item.date.precision != "day":
        what = "Start date" if item.end is not None else "Date"
        notes.append(f"{what} known only to the {item.date.precision} ({_human(item.date)})")
    if item.end is not None and item.end.precision != "day":
        notes.append(f"End date known only to the {item.end.precision} ({_human(item.end)})")
    return notes


def day_span(item: TimelineItem) -> tuple[_dt.date, _dt.date]:
    """First day and the day *after* the last day (exclusive end, as iCalendar wants).

    A date known only to the month or year covers the whole month or year.
    """
    last = (item.end or item.date).latest()
    return item.date.earliest(), last + _dt.timedelta(days=1)


def _acronyms(ds: Dataset) -> dict[str, str]:
    return {o.id: o.acronym for o in ds.orgs}


def _check_items(orgs: Iterable[Org], items: Iterable[TimelineItem]) -> None:
    """Formats grouped by organisation need every item's organisation among ``orgs``."""
    ids = {o.id for o in orgs}
    missing = sorted({i.org for i in items} - ids)
    if missing:
        raise ValueError(
            "timeline items belong to organisations not in the export: " + ", ".join(missing)
        )


# --------------------------------------------------------------------------- entry points


def render(ds: Dataset, fmt: str, items: list[TimelineItem], orgs: list[Org]) -> bytes:
    """The file content (UTF-8) for ``fmt`` in ics, csv, markdown, json.

    ``items`` is the already filtered timeline (events and hand-overs), ``orgs`` the already
    filtered organisations. SQLite is a file, not bytes: use :func:`write_sqlite`.
    """
    if fmt == "ics":
        return render_ics(ds, items)
    if fmt == "csv":
        return render_csv(items)
    if fmt == "markdown":
        return render_markdown(ds, items, orgs)
    if fmt == "json":
        return render_json(ds, items, orgs)
    if fmt == "sqlite":
        raise ValueError("the sqlite format is written to a file: use write_sqlite()")
    raise ValueError(f"unknown export format {fmt!r} (valid: {', '.join(FORMATS)})")


# --------------------------------------------------------------------------- iCalendar


def _uid(item: TimelineItem) -> str:
    import hashlib

    key = "\x1f".join((item.org, item.kind, item.date.isoformat(), item.title))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _ics_description(item: TimelineItem) -> str:
    lines = [f"Confidence: {item.confidence}"]
    lines += [n + "." for n in precision_notes(item)]
    if item.note:
        lines.append(item.note)
    if item.sources:
        lines.append("Sources:")
        lines.extend(item.sources)
    else:
        lines.append("Sources: none recorded")
    return "\n".join(lines)


def render_ics(ds: Dataset, items: list[TimelineItem]) -> bytes:
    """One VCALENDAR with an all-day VEVENT per timeline item (RFC 5545)."""
    from icalendar import Calendar, Event

    from .render.output import label

    acronyms = _acronyms(ds)
    cal = Calendar()
    cal.add("prodid", ICS_PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ICS_CALNAME)
    seen: dict[str, int] = {}
    for item in items:
        uid = _uid(item)
        n = seen[uid] = seen.get(uid, 0) + 1
        if n > 1:  # two identical items: keep UIDs unique, still stable across runs
            uid = f"{uid}-{n}"
        start, end = day_span(item)
        ev = Event()
        ev.add("uid", f"{uid}@chairship")
        ev.add("dtstamp", ICS_DTSTAMP)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        summary = f"{acronyms.get(item.org, item.org.upper())}: {item.title}"
        ev.add("summary", label(summary, item.confidence))
        if item.place:
            ev.add("location", item.place)
        if item.sources:
            ev.add("url", item.sources[0])
        ev.add("description", _ics_description(item))
        ev.add("categories", [item.org, *item.themes])
        cal.add_component(ev)
    return bytes(cal.to_ical())


# The RFC 5545 STATUS of an agenda item: announced by a source, or not (yet) certain.
_ICS_STATUS = {"recorded": "CONFIRMED", "scheduled": "CONFIRMED"}


def _agenda_description(item: AgendaItem) -> str:
    """Status and reason, confidence, what the dates leave open, the sources: one per line,
    each data string with its control characters made visible (RFC 5545 allows none)."""
    from .render.output import safe

    lines = [f"Status: {item.status} — {safe(item.reason)}", f"Confidence: {item.confidence}"]
    if item.date is None and item.due is not None:
        lines.append(
            f"Overdue: expected by {_human_date(item.due)}; listed on the export's first day."
        )
    for what, d in (("Date", item.date), ("End date", item.end)):
        if d is not None and d.precision != "day":
            lines.append(f"{what} known only to the {d.precision} ({_human(d)}).")
    if item.sources:
        lines.append("Sources:")
        lines.extend(safe(u) for u in item.sources)
    else:
        lines.append("Sources: none recorded")
    return "\n".join(lines)


def _human_date(d: PartialDate) -> str:
    return d.isoformat() if d.precision == "day" else _human(d)


def render_agenda_ics(items: Sequence[AgendaItem], first_day: _dt.date) -> bytes:
    """The agenda of `upcoming` as one VCALENDAR of all-day VEVENTs (RFC 5545).

    Each UID is the item's ``id`` (stable when the dataset is edited), so a calendar that imports
    the file again updates its events. A date known only to the month or year spans the month or
    year and says so; an overdue hand-over (no date) sits on ``first_day``, the window's start.
    """
    from icalendar import Calendar, Event

    from .render.output import label, safe

    cal = Calendar()
    cal.add("prodid", ICS_PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{ICS_CALNAME}: upcoming hand-overs and meetings")
    seen: dict[str, int] = {}
    one_day = _dt.timedelta(days=1)
    for item in items:
        n = seen[item.id] = seen.get(item.id, 0) + 1
        uid = item.id if n == 1 else f"{item.id}-{n}"
        if item.date is None:
            start, end = first_day, first_day + one_day
        else:
            start, end = item.date.earliest(), (item.end or item.date).latest() + one_day
        ev = Event()
        ev.add("uid", f"{uid}@chairship")
        ev.add("dtstamp", ICS_DTSTAMP)
        ev.add("dtstart", start)
        ev.add("dtend", end)
        summary = safe(f"{item.org.acronym}: {item.what}")
        ev.add("summary", label(summary, item.confidence))
        ev.add("status", _ICS_STATUS.get(item.status, "TENTATIVE"))
        if item.place:
            ev.add("location", safe(item.place))
        if item.sources:
            ev.add("url", safe(item.sources[0]))
        ev.add("description", _agenda_description(item))
        ev.add("categories", [item.org.id, item.kind, item.status])
        cal.add_component(ev)
    return bytes(cal.to_ical())


# --------------------------------------------------------------------------- CSV


def render_csv(items: list[TimelineItem]) -> bytes:
    """The timeline's CSV, exactly as `timeline --format csv` prints it (render/dispatch)."""
    from .render.dispatch import Result, text
    from .render.shapes import Ctx

    return text(Result("timeline", items), "csv", Ctx()).encode("utf-8")


# --------------------------------------------------------------------------- Markdown


# Characters that Markdown or HTML would read as syntax in a data string, each escaped with a
# backslash (CommonMark: any ASCII punctuation may be): links and images, emphasis, code,
# tables, raw HTML and entities, strikethrough.
_MD_SYNTAX = {ord(c): "\\" + c for c in "\\`*_[]<>|&~"}


def md_text(text: str) -> str:
    """A data string as Markdown text that renders as itself: one line, its Markdown and HTML
    syntax escaped (a leading # too), control characters made visible."""
    text = " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    text = text.translate(_MD_SYNTAX)
    if text.lstrip().startswith("#"):
        text = "\\" + text.lstrip()
    return text


def md_cell(text: str) -> str:
    """Text safe inside a GitHub-flavoured Markdown table cell: one line, syntax escaped, never
    a spreadsheet formula."""
    from .render.output import formula_safe, safe

    return safe(formula_safe(md_text(text)))


def _md_url(url: str) -> str:
    """A URL usable as a link destination inside a table cell (percent-encode the breakers)."""
    for ch, enc in (("(", "%28"), (")", "%29"), ("|", "%7C"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(ch, enc)
    return url


def _md_links(urls: Iterable[str]) -> str:
    """Numbered links to http(s) URLs; any other URL is shown as escaped text, never a link."""
    out = []
    for n, u in enumerate(urls, 1):
        scheme = u.split(":", 1)[0].lower() if ":" in u else ""
        out.append(f"[{n}]({_md_url(u)})" if scheme in ("http", "https") else md_cell(u))
    return " ".join(out)


def _md_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _term_to(t: Term) -> str:
    if t.end is not None:
        return t.end.isoformat()
    if t.confirmed_until is not None:
        return f"open (confirmed until {t.confirmed_until.isoformat()})"
    return "open"


def render_markdown(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> bytes:
    """A section per organisation: its chair terms and its timeline items, as tables."""
    from .query import country_name

    _check_items(orgs, items)
    lines = ["# chairship export", ""]
    for o in orgs:
        heading = md_cell(f"{o.acronym} — {o.name}")
        lines += [f"## {heading}", "", "### Chair terms", ""]
        if o.terms:
            terms = [
                (
                    md_cell(f"{country_name(t.chair)} ({t.chair})"),
                    t.start.isoformat() if t.start else "unknown",
                    _term_to(t),
                    md_cell(t.confidence),
                )
                for t in o.terms
            ]
            lines += _md_table(("Chair", "From", "To", "Confidence"), terms)
        else:
            lines.append("_No chair terms recorded._")
        lines += ["", "### Timeline", ""]
        own = [
            (
                i.date.isoformat() + (f" – {i.end.isoformat()}" if i.end else ""),
                md_cell(i.title),
                md_cell(i.place),
                md_cell(i.confidence),
                _md_links(i.sources),
            )
            for i in items
            if i.org == o.id
        ]
        if own:
            lines += _md_table(("Date", "Event", "Place", "Confidence", "Sources"), own)
        else:
            lines.append("_No timeline items in this export._")
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


# --------------------------------------------------------------------------- JSON


def render_json(ds: Dataset, items: list[TimelineItem], orgs: list[Org]) -> bytes:
    """The JSON contract's org_detail and timeline_item shapes, UTF-8, two-space indent, written
    by the one JSON writer (render/dispatch.dumps).

    Each organisation's current_chair is the answer for the newest date its sources were
    checked to (the knowledge horizon), so the same dataset always exports the same bytes."""
    from .chronology import horizon
    from .query import OrgNow, who
    from .render import shapes
    from .render.dispatch import dumps

    ctx = shapes.Ctx(ds=ds)

    def detail(o: Org) -> dict[str, object]:
        day = horizon(ds, o) or o.founded.latest()
        return shapes.to_json(shapes.ORG_DETAIL, OrgNow(o, who(ds, o, day)), ctx)

    doc = {
        "organisations": [detail(o) for o in orgs],
        "timeline": shapes.records(shapes.TIMELINE_ITEM, items, ctx),
    }
    return dumps(doc, ascii_only=False).encode("utf-8")


# --------------------------------------------------------------------------- SQLite

# Dates are ISO text at the precision of their source ("2024", "2024-05", "2024-05-21").
# List-valued columns (themes, people, codes, order, ...) hold JSON arrays: query them with
# json_each(). Link tables keep the order of a record's sources in ``position`` (1 = first).
# Every table is a child of ``organisations`` or ``people`` (or of a child of theirs) through a
# declared foreign key; empty optional text is stored as NULL.
_STATUS_SQL = ", ".join(f"'{s}'" for s in STATUSES)


class _Table(NamedTuple):
    """How one record of model.py is stored: only what the model does not say. Its columns
    are its fields (model.toml kinds: dates as ISO text, lists as JSON arrays, int and bool as
    INTEGER, the rest TEXT; NOT NULL unless the field may be empty); its ``sources`` go to the
    link table ``<link>_sources``; each of its arrays of tables is a child table."""

    name: str
    key: str = "id"  # its field "id" or "n", or a row number "id"; or the columns of a compound key
    parent: str = ""  # the column naming its parent row (the parent is the record that holds it)
    link: str = ""  # the prefix of its sources' link table
    columns: tuple[str, ...] = ()  # columns computed by write_sqlite, after the fields
    renamed: tuple[tuple[str, str], ...] = ()  # (field, "column constraint")
    constraints: tuple[str, ...] = ()


# Parents before children (rows are inserted in this order, foreign keys enforced).
_TABLES: dict[type, _Table] = {
    Org: _Table("organisations", link="org"),
    Office: _Table("offices", key="org_id, id", parent="org_id"),
    Name: _Table("names", parent="org_id", link="name"),
    Alias: _Table("aliases", parent="org_id", link="alias"),
    MemberCount: _Table("members", parent="org_id", link="member"),
    Rotation: _Table("rotations", key="org_id", parent="org_id", link="rotation"),
    Term: _Table(
        "terms",
        parent="org_id",
        link="term",
        columns=(
            "chair_name TEXT NOT NULL",
            f"status TEXT NOT NULL CHECK (status IN ({_STATUS_SQL}))",
        ),
        constraints=("FOREIGN KEY (org_id, office) REFERENCES offices(org_id, id)",),
    ),
    Chairperson: _Table("term_chairpersons", key="term_id, position", parent="term_id"),
    Priority: _Table(
        "priorities",
        parent="org_id",
        link="priority",
        columns=("term_id INTEGER REFERENCES terms(id)",),
    ),
    Claim: _Table("claims", parent="org_id", link="claim"),
    Person: _Table("people", link="person"),
    Role: _Table(
        "roles", parent="person_id", renamed=(("org", "org_id REFERENCES organisations(id)"),)
    ),
    Correction: _Table(
        "corrections",
        key="n",
        link="correction",
        renamed=(("org", "org_id REFERENCES organisations(id)"),),
    ),
}


def _parents() -> dict[type, type]:
    """Each stored record's parent: the stored record one of whose fields holds it."""
    found: dict[type, type] = {}
    for cls in _TABLES:
        for f in dataclasses.fields(cls):
            sub = _nested(cls, f)
            if sub in _TABLES:
                found[sub] = cls
    return found


def _nested(cls: type, f: dataclasses.Field[Any]) -> type | None:
    """The record a table or array-of-tables field of ``cls`` holds (None for other fields)."""
    from .load import schema

    return schema(cls).nested.get(f.metadata.get("key", f.name))


def _row_number(cls: type, t: _Table) -> bool:
    """Whether the table's key is a row number (the record has no id of its own)."""
    return t.key == "id" and "id" not in {f.name for f in dataclasses.fields(cls)}


class _Column(NamedTuple):
    name: str
    field: dataclasses.Field[Any] | None  # None: a key or a computed column
    decl: str  # type and constraints


def _table_columns(cls: type) -> list[_Column]:
    """A stored record's columns, in order: its row number, its parent, its position among
    its parent's, its fields (not its sources or child tables), the computed ones."""
    t = _TABLES[cls]
    parent = _parents().get(cls)
    cols: list[_Column] = []
    every = reading_order(cls)
    own_key = [f for f in every if f.name == t.key]  # its id (or n) first
    if _row_number(cls, t):
        cols.append(_Column("id", None, "INTEGER PRIMARY KEY"))
    elif own_key:
        cols.append(_Column(t.key, own_key[0], f"{_sql_type(own_key[0])} PRIMARY KEY"))
    if parent is not None:
        pt = _TABLES[parent]
        ptype = "INTEGER" if _row_number(parent, pt) else "TEXT"
        pk = " PRIMARY KEY" if t.key == t.parent else " NOT NULL"
        cols.append(_Column(t.parent, None, f"{ptype}{pk} REFERENCES {pt.name}({pt.key})"))
    if "position" in t.key:
        cols.append(_Column("position", None, "INTEGER NOT NULL"))
    renamed = dict(t.renamed)
    for f in every:
        kind = f.metadata["kind"]
        if kind in ("table", "tables", "none") or (kind == "urls" and f.name == "sources"):
            continue
        sql = _sql_type(f)
        if f.name == t.key:
            continue  # first, above
        if f.name in renamed:
            name, _, constraint = renamed[f.name].partition(" ")
            cols.append(_Column(name, f, f"{sql} {constraint}"))
        else:
            cols.append(_Column(f.name, f, f"{sql} NOT NULL" if _required(f) else sql))
    for c in t.columns:
        name, _, decl = c.partition(" ")
        cols.append(_Column(name, None, decl))
    return cols


def _sql_type(f: dataclasses.Field[Any]) -> str:
    return "INTEGER" if f.metadata["kind"] in ("int", "bool") else "TEXT"


def _required(f: dataclasses.Field[Any]) -> bool:
    """Whether a field always has a value in SQLite (empty optional values are stored NULL)."""
    return (
        f.default is dataclasses.MISSING
        or f.metadata["kind"] in LIST_KINDS
        or f.default not in ("", None)
    )


def _create(cls: type) -> str:
    t = _TABLES[cls]
    parts = [f'"{c.name}" {c.decl}' for c in _table_columns(cls)]
    if "," in t.key:
        parts.append(f"PRIMARY KEY ({t.key})")
    parts += t.constraints
    return f"CREATE TABLE {t.name} (\n        " + ",\n        ".join(parts) + ")"


def _sqlite_schema() -> tuple[str, ...]:
    """Every CREATE statement: the records' tables (derived from model.py), the timeline's
    events, the sources and their link tables, the indexes."""
    links = [
        (t.link, t.name, t.key, "INTEGER" if _row_number(cls, t) or t.key == "n" else "TEXT")
        for cls, t in _TABLES.items()
        if t.link
    ]
    links.insert(
        links.index(("priority", "priorities", "id", "INTEGER")) + 1,
        ("event", "events", "id", "INTEGER"),
    )
    return (
        *(_create(cls) for cls in _TABLES),
        _EVENTS_TABLE,
        _EVENT_PEOPLE_TABLE,
        "CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE)",
        *(
            f"""CREATE TABLE {link}_sources (
        {link}_id {key_type} NOT NULL REFERENCES {table}({key}),
        source_id INTEGER NOT NULL REFERENCES sources(id),
        position INTEGER NOT NULL,
        PRIMARY KEY ({link}_id, position))"""
            for link, table, key, key_type in links
        ),
        "CREATE INDEX events_org ON events(org_id, date)",
        "CREATE INDEX terms_org ON terms(org_id)",
        "CREATE INDEX priorities_term ON priorities(term_id)",
        "CREATE INDEX members_org ON members(org_id)",
        "CREATE INDEX claims_org ON claims(org_id)",
        "CREATE INDEX roles_person ON roles(person_id)",
        "CREATE INDEX roles_org ON roles(org_id)",
        "CREATE INDEX event_people_person ON event_people(person_id)",
        "CREATE INDEX corrections_org ON corrections(org_id)",
    )


# The timeline's items (events and hand-overs, query.TimelineItem), not records of model.py.
_EVENTS_TABLE = """CREATE TABLE events (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL CHECK (kind IN ('event', 'handover')), date TEXT NOT NULL,
        "end" TEXT, title TEXT NOT NULL, place TEXT, chair TEXT, themes TEXT NOT NULL,
        people TEXT NOT NULL, confidence TEXT NOT NULL, note TEXT, status TEXT NOT NULL,
        meeting TEXT)"""
_EVENT_PEOPLE_TABLE = """CREATE TABLE event_people (
        event_id INTEGER NOT NULL REFERENCES events(id),
        person_id TEXT NOT NULL REFERENCES people(id), position INTEGER NOT NULL,
        PRIMARY KEY (event_id, position))"""


def write_sqlite(ds: Dataset, orgs: list[Org], items: list[TimelineItem], path: Path) -> None:
    """Build a SQLite database of ``orgs`` and the timeline ``items`` at ``path`` (a new or
    empty file), in one transaction, with foreign keys declared and enforced.

    The ``events`` table holds the timeline items (events and hand-overs, ``kind`` column;
    ``status`` is recorded/planned for events and the term status for hand-overs), and
    ``event_people`` links them to ``people``. Every item's organisation must be among ``orgs``
    and every person an item names must be in ``ds.people`` (ValueError otherwise).

    Per organisation: names, aliases, members, its rotation (one row), offices, terms (with
    their status from :func:`chronology.term_status` and their chairpersons), priorities (with
    the chair and start of their term, and ``term_id`` when exactly one term matches) and
    disputed claims. Only the organisations in ``orgs`` are exported, and only their rows.

    People are exported in full, all of them, whatever ``orgs`` is. Their roles and the
    seed's corrections are exported when they name no organisation or an exported one; a role
    or correction about an organisation left out of the export is left out with it (rather
    than kept with its organisation set to NULL, which would read as "about no organisation").
    So the database always passes ``PRAGMA foreign_key_check``.
    """
    import json
    import sqlite3

    from .chronology import term_status
    from .query import country_name

    _check_items(orgs, items)
    person_ids = {p.id for p in ds.people}
    unknown = sorted({who for i in items for who in i.people} - person_ids)
    if unknown:
        raise ValueError("timeline items name people not in the dataset: " + ", ".join(unknown))
    exported = {o.id for o in orgs}

    def js(values: Iterable[str]) -> str:
        return json.dumps(list(values), ensure_ascii=False)

    def opt(text: str) -> str | None:
        return text or None

    def day(d: PartialDate | None) -> str | None:
        return d.isoformat() if d is not None else None

    source_ids: dict[str, int] = {}
    links: dict[str, list[Row]] = {t.link: [] for t in _TABLES.values() if t.link}
    links["event"] = []

    def cite(table: str, key: object, urls: Iterable[str]) -> None:
        for pos, url in enumerate(urls, 1):
            sid = source_ids.setdefault(url, len(source_ids) + 1)
            links[table].append((key, sid, pos))

    rows: dict[str, list[Row]] = {t.name: [] for t in _TABLES.values()}
    rows["events"], rows["event_people"] = [], []

    def add(table: str, row: Row) -> None:
        rows[table].append(row)

    term_ids: dict[tuple[str, str, PartialDate | None], list[int]] = {}
    org: Org | None = None  # the organisation being stored

    def computed(obj: Any, column: str) -> object:
        """The value of a column that is not a field, or that differs from its field."""
        assert org is not None
        if isinstance(obj, Term) and column == "chair_name":
            return country_name(obj.chair)
        if isinstance(obj, Term) and column == "status":
            return term_status(ds, org, obj)
        if isinstance(obj, Priority) and column == "term_id":
            matches = term_ids.get((org.id, obj.chair, obj.term), []) if obj.chair else []
            return matches[0] if len(matches) == 1 else None
        raise AssertionError(column)  # pragma: no cover - a column _TABLES declares

    def value(obj: Any, f: dataclasses.Field[Any]) -> object:
        v = getattr(obj, f.name)
        if isinstance(obj, Org) and f.name == "checked":
            v = obj.checked or ds.checked  # the body's effective knowledge horizon
        kind = f.metadata["kind"]
        if kind in LIST_KINDS:
            return js(v)
        if kind == "date":
            return day(v)
        if kind == "bool":
            return int(v)
        if kind in ("int",) or _required(f):
            return v
        return v or None

    def kept(obj: Any) -> bool:
        """A role or correction about an organisation left out of the export is left out."""
        about = getattr(obj, "org", None) if isinstance(obj, (Role, Correction)) else None
        return not about or about in exported

    def store(obj: Any, parent_key: object = None, position: int = 0) -> None:
        cls = type(obj)
        t = _TABLES[cls]
        row: list[object] = []
        key: object = None
        for c in columns_of[cls]:
            if c.field is not None:
                row.append(value(obj, c.field))
                if c.name == t.key:
                    key = row[-1]
            elif c.name == "id":  # a row number
                key = len(rows[t.name]) + 1
                row.append(key)
            elif c.name == t.parent:
                row.append(parent_key)
            elif c.name == "position":
                row.append(position)
            else:
                row.append(computed(obj, c.name))
        if t.key == t.parent:
            key = parent_key
        add(t.name, tuple(row))
        if isinstance(obj, Term):
            assert org is not None
            term_ids.setdefault((org.id, obj.chair, obj.start), []).append(key)  # type: ignore[arg-type]
        if t.link:
            cite(t.link, key, obj.sources)
        for f in children_of[cls]:
            held = getattr(obj, f.name)
            for pos, child in enumerate(held if isinstance(held, tuple) else (held,), 1):
                if child is not None and kept(child):
                    store(child, key, pos)

    columns_of = {cls: _table_columns(cls) for cls in _TABLES}
    children_of = {
        cls: [f for f in dataclasses.fields(cls) if _nested(cls, f) in _TABLES] for cls in _TABLES
    }
    for o in orgs:
        org = o
        store(o)
    for person in ds.people:
        store(person)
    for c in ds.corrections:
        if kept(c):
            store(c)
    for i in items:
        key = len(rows["events"]) + 1
        add(
            "events",
            (
                key,
                i.org,
                i.kind,
                i.date.isoformat(),
                day(i.end),
                i.title,
                opt(i.place),
                i.chair,
                js(i.themes),
                js(i.people),
                i.confidence,
                opt(i.note),
                i.status,
                opt(i.meeting),
            ),
        )
        cite("event", key, i.sources)
        for pos, who in enumerate(i.people, 1):
            add("event_people", (key, who, pos))

    conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit below
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA user_version = {SQLITE_SCHEMA_VERSION}")
        conn.execute("BEGIN")
        try:
            for stmt in _sqlite_schema():
                conn.execute(stmt)
            for cls, t in _TABLES.items():  # parents before children
                _insert(conn, t.name, rows[t.name], [c.name for c in columns_of[cls]])
            _insert(conn, "events", rows["events"])
            _insert(conn, "event_people", rows["event_people"])
            _insert(conn, "sources", [(sid, url) for url, sid in source_ids.items()])
            for table, link_rows in links.items():
                _insert(conn, f"{table}_sources", link_rows)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _insert(
    conn: sqlite3.Connection, table: str, rows: list[Row], columns: Sequence[str] = ()
) -> None:
    """Insert ``rows`` into ``table``: values of the named ``columns`` (a record's table, from
    its declaration), or of every column in order (the timeline's and the link tables)."""
    if not rows:
        return
    marks = ", ".join("?" * len(rows[0]))
    names = " (" + ", ".join(f'"{c}"' for c in columns) + ")" if columns else ""
    conn.executemany(f"INSERT INTO {table}{names} VALUES ({marks})", rows)
