"""Export the dataset (or a filtered part of it) as files: iCalendar, CSV, SQLite, Markdown, JSON.

Pure functions: nothing here parses options, prints, or imports typer or rich. Heavy modules
(icalendar, sqlite3, csv, json) are imported inside the functions that need them, so importing
this module stays cheap at start-up.

Every export is deterministic: the same dataset and filters give byte-identical files (no
timestamps of the run, no random ids), so exports can be diffed and committed.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .dates import PartialDate
from .model import STATUSES, Dataset, Org, Term

if TYPE_CHECKING:  # imported lazily at run time: this module must be cheap to import
    import sqlite3

    from .query import TimelineItem

Row = tuple[object, ...]

FORMATS = ("ics", "csv", "sqlite", "markdown", "json")

CSV_HEADER = ("date", "end", "org", "kind", "title", "place", "themes", "confidence", "sources")

ICS_PRODID = "-//chairship//chairship//EN"
ICS_CALNAME = "chairship"
# DTSTAMP is required on every VEVENT and is meant to say when the record was last revised. The
# dataset carries no revision time (and the run's clock would make every export differ), so all
# events get this fixed instant. It changes only if the export format itself changes.
ICS_DTSTAMP = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)

# Bumped when the SQLite schema below changes (readable as PRAGMA user_version).
# 2: members, rotations, offices, claims, people, roles, corrections, term_chairpersons and
# event_people tables; the v2 term columns (status, basis, kind, ...); priorities' term.
SQLITE_SCHEMA_VERSION = 2

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


# --------------------------------------------------------------------------- CSV


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A cell safe to open in a spreadsheet (OWASP CSV injection): a leading = + - @ tab or CR
    gets a ' in front, so it is never read as a formula; control and bidi characters are shown
    as escapes (\\x1b, \\u202e)."""
    from .render.output import safe

    if text.startswith(_FORMULA_START):
        text = "'" + text
    return safe(text)


def csv_cell(text: str) -> str:
    """Like :func:`cell`, but tab and line breaks are kept: RFC 4180 quotes the field."""
    from .render.output import safe_lines

    if text.startswith(_FORMULA_START):
        text = "'" + text
    return safe_lines(text)


def render_csv(items: list[TimelineItem]) -> bytes:
    """One row per timeline item; themes joined by '; ', sources by ' '; CRLF line ends."""
    import csv
    import io

    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for i in items:
        row = (
            _d(i.date),
            _d(i.end),
            i.org,
            i.kind,
            i.title,
            i.place,
            "; ".join(i.themes),
            i.confidence,
            " ".join(i.sources),
        )
        w.writerow([csv_cell(c) for c in row])
    return buf.getvalue().encode("utf-8")


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
    return cell(md_text(text))


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
    """The JSON contract's org_detail and timeline_item shapes, UTF-8, two-space indent.

    Each organisation's current_chair is the answer for the newest date its sources were
    checked to (the knowledge horizon), so the same dataset always exports the same bytes."""
    import json

    from .chronology import horizon
    from .query import who
    from .render import shapes

    def detail(o: Org) -> dict[str, object]:
        shapes.CTX.ds, shapes.CTX.org = ds, o
        day = horizon(ds, o) or o.founded.latest()
        return shapes.to_json(shapes.ORG_DETAIL, (o, who(ds, o, day)))

    doc = {
        "organisations": [detail(o) for o in orgs],
        "timeline": shapes.records(shapes.TIMELINE_ITEM, items),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- SQLite

# Dates are ISO text at the precision of their source ("2024", "2024-05", "2024-05-21").
# List-valued columns (themes, people, codes, order, ...) hold JSON arrays: query them with
# json_each(). Link tables keep the order of a record's sources in ``position`` (1 = first).
# Every table is a child of ``organisations`` or ``people`` (or of a child of theirs) through a
# declared foreign key; empty optional text is stored as NULL.
_STATUS_SQL = ", ".join(f"'{s}'" for s in STATUSES)
_SQLITE_SCHEMA = (
    """CREATE TABLE organisations (
        id TEXT PRIMARY KEY, acronym TEXT NOT NULL, name TEXT NOT NULL, founded TEXT NOT NULL,
        headquarters TEXT, website TEXT, themes TEXT NOT NULL, region TEXT NOT NULL,
        checked TEXT, summary TEXT, founded_note TEXT)""",
    """CREATE TABLE names (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        lang TEXT NOT NULL, name TEXT NOT NULL, acronym TEXT, confidence TEXT NOT NULL,
        note TEXT)""",
    """CREATE TABLE aliases (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        text TEXT NOT NULL, lang TEXT NOT NULL, kind TEXT NOT NULL, "until" TEXT, note TEXT)""",
    """CREATE TABLE members (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        count INTEGER NOT NULL, as_of TEXT NOT NULL, codes TEXT NOT NULL,
        confidence TEXT NOT NULL, note TEXT)""",
    """CREATE TABLE rotations (
        org_id TEXT PRIMARY KEY REFERENCES organisations(id), text TEXT NOT NULL,
        period TEXT NOT NULL, choice TEXT NOT NULL, handover TEXT NOT NULL, meeting TEXT,
        "order" TEXT NOT NULL, order_until TEXT, confidence TEXT NOT NULL, note TEXT)""",
    """CREATE TABLE offices (
        org_id TEXT NOT NULL REFERENCES organisations(id), id TEXT NOT NULL,
        name TEXT NOT NULL, note TEXT, PRIMARY KEY (org_id, id))""",
    f"""CREATE TABLE terms (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        chair TEXT NOT NULL, chair_name TEXT NOT NULL, start TEXT, "end" TEXT,
        start_event TEXT, end_event TEXT, confirmed_until TEXT, confidence TEXT NOT NULL,
        note TEXT,
        status TEXT NOT NULL CHECK (status IN ({_STATUS_SQL})),
        basis TEXT NOT NULL, kind TEXT NOT NULL, holder TEXT, co_chairs TEXT NOT NULL,
        skipped TEXT NOT NULL, group_kind TEXT, "group" TEXT NOT NULL, expected_end TEXT,
        expected_event TEXT, office TEXT,
        FOREIGN KEY (org_id, office) REFERENCES offices(org_id, id))""",
    """CREATE TABLE term_chairpersons (
        term_id INTEGER NOT NULL REFERENCES terms(id), position INTEGER NOT NULL,
        name TEXT NOT NULL, role TEXT, start TEXT, "end" TEXT,
        PRIMARY KEY (term_id, position))""",
    """CREATE TABLE priorities (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        text TEXT NOT NULL, themes TEXT NOT NULL, confidence TEXT NOT NULL, note TEXT,
        chair TEXT, term TEXT, term_id INTEGER REFERENCES terms(id))""",
    """CREATE TABLE people (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, spellings TEXT NOT NULL,
        seed_forms TEXT NOT NULL, confidence TEXT NOT NULL, note TEXT)""",
    """CREATE TABLE roles (
        id INTEGER PRIMARY KEY, person_id TEXT NOT NULL REFERENCES people(id),
        title TEXT NOT NULL, org_id TEXT REFERENCES organisations(id), start TEXT,
        "end" TEXT)""",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL CHECK (kind IN ('event', 'handover')), date TEXT NOT NULL,
        "end" TEXT, title TEXT NOT NULL, place TEXT, chair TEXT, themes TEXT NOT NULL,
        people TEXT NOT NULL, confidence TEXT NOT NULL, note TEXT, status TEXT NOT NULL,
        meeting TEXT)""",
    """CREATE TABLE event_people (
        event_id INTEGER NOT NULL REFERENCES events(id),
        person_id TEXT NOT NULL REFERENCES people(id), position INTEGER NOT NULL,
        PRIMARY KEY (event_id, position))""",
    """CREATE TABLE claims (
        id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id),
        claim TEXT NOT NULL, asserted_by TEXT NOT NULL, record TEXT NOT NULL,
        confidence TEXT NOT NULL, note TEXT)""",
    """CREATE TABLE corrections (
        n INTEGER PRIMARY KEY, seed TEXT NOT NULL, literal TEXT NOT NULL,
        correct TEXT NOT NULL, org_id TEXT REFERENCES organisations(id), cause TEXT,
        note TEXT, confidence TEXT NOT NULL)""",
    "CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE)",
    *(
        f"""CREATE TABLE {table}_sources (
        {table}_id {key_type} NOT NULL REFERENCES {parent}({parent_key}),
        source_id INTEGER NOT NULL REFERENCES sources(id),
        position INTEGER NOT NULL,
        PRIMARY KEY ({table}_id, position))"""
        for table, parent, parent_key, key_type in (
            ("org", "organisations", "id", "TEXT"),
            ("name", "names", "id", "INTEGER"),
            ("alias", "aliases", "id", "INTEGER"),
            ("member", "members", "id", "INTEGER"),
            ("rotation", "rotations", "org_id", "TEXT"),
            ("term", "terms", "id", "INTEGER"),
            ("priority", "priorities", "id", "INTEGER"),
            ("event", "events", "id", "INTEGER"),
            ("claim", "claims", "id", "TEXT"),
            ("person", "people", "id", "TEXT"),
            ("correction", "corrections", "n", "INTEGER"),
        )
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

_SOURCE_LINKS = (
    "org",
    "name",
    "alias",
    "member",
    "rotation",
    "term",
    "priority",
    "event",
    "claim",
    "person",
    "correction",
)


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
    links: dict[str, list[Row]] = {t: [] for t in _SOURCE_LINKS}

    def cite(table: str, key: object, urls: Iterable[str]) -> None:
        for pos, url in enumerate(urls, 1):
            sid = source_ids.setdefault(url, len(source_ids) + 1)
            links[table].append((key, sid, pos))

    rows: dict[str, list[Row]] = {
        t: []
        for t in (
            "organisations",
            "names",
            "aliases",
            "members",
            "rotations",
            "offices",
            "terms",
            "term_chairpersons",
            "priorities",
            "people",
            "roles",
            "events",
            "event_people",
            "claims",
            "corrections",
        )
    }

    def add(table: str, row: Row) -> None:
        rows[table].append(row)

    row: Row
    for o in orgs:
        checked = o.checked or ds.checked
        add(
            "organisations",
            (
                o.id,
                o.acronym,
                o.name,
                o.founded.isoformat(),
                o.headquarters,
                o.website,
                js(o.themes),
                o.region,
                day(checked),
                opt(o.summary),
                opt(o.founded_note),
            ),
        )
        cite("org", o.id, o.sources)
        for n in o.names:
            key = len(rows["names"]) + 1
            add("names", (key, o.id, n.lang, n.name, n.acronym, n.confidence, opt(n.note)))
            cite("name", key, n.sources)
        for a in o.aliases:
            key = len(rows["aliases"]) + 1
            add("aliases", (key, o.id, a.text, a.lang, a.kind, day(a.until), opt(a.note)))
            cite("alias", key, a.sources)
        for m in o.members:
            key = len(rows["members"]) + 1
            row = (key, o.id, m.count, m.as_of.isoformat(), js(m.codes), m.confidence)
            add("members", (*row, opt(m.note)))
            cite("member", key, m.sources)
        if o.rotation is not None:
            r = o.rotation
            add(
                "rotations",
                (
                    o.id,
                    r.text,
                    r.period,
                    r.choice,
                    r.handover,
                    opt(r.meeting),
                    js(r.order),
                    day(r.order_until),
                    r.confidence,
                    opt(r.note),
                ),
            )
            cite("rotation", o.id, r.sources)
        for office in o.offices:
            add("offices", (o.id, office.id, office.name, opt(office.note)))
        term_ids: dict[tuple[str, PartialDate | None], list[int]] = {}
        for t in o.terms:
            key = len(rows["terms"]) + 1
            term_ids.setdefault((t.chair, t.start), []).append(key)
            add(
                "terms",
                (
                    key,
                    o.id,
                    t.chair,
                    country_name(t.chair),
                    day(t.start),
                    day(t.end),
                    opt(t.start_event),
                    opt(t.end_event),
                    day(t.confirmed_until),
                    t.confidence,
                    opt(t.note),
                    term_status(ds, o, t),
                    t.basis,
                    t.kind,
                    opt(t.holder),
                    js(t.co_chairs),
                    js(t.skipped),
                    opt(t.group_kind),
                    js(t.group),
                    day(t.expected_end),
                    opt(t.expected_event),
                    opt(t.office),
                ),
            )
            cite("term", key, t.sources)
            for pos, cp in enumerate(t.chairpersons, 1):
                row = (key, pos, cp.name, opt(cp.role), day(cp.start), day(cp.end))
                add("term_chairpersons", row)
        for p in o.priorities:
            key = len(rows["priorities"]) + 1
            matches = term_ids.get((p.chair, p.term), []) if p.chair else []
            term_id = matches[0] if len(matches) == 1 else None
            row = (key, o.id, p.text, js(p.themes), p.confidence, opt(p.note))
            add("priorities", (*row, opt(p.chair), day(p.term), term_id))
            cite("priority", key, p.sources)
        for cl in o.claims:
            row = (cl.id, o.id, cl.claim, js(cl.asserted_by), cl.record, cl.confidence)
            add("claims", (*row, opt(cl.note)))
            cite("claim", cl.id, cl.sources)
    for person in ds.people:
        row = (person.id, person.name, js(person.spellings), js(person.seed_forms))
        add("people", (*row, person.confidence, opt(person.note)))
        cite("person", person.id, person.sources)
        for role in person.roles:
            if role.org and role.org not in exported:
                continue
            key = len(rows["roles"]) + 1
            row = (key, person.id, role.title, role.org or None, day(role.start))
            add("roles", (*row, day(role.end)))
    for c in ds.corrections:
        if c.org and c.org not in exported:
            continue
        row = (c.n, c.seed, c.literal, c.correct, c.org or None, opt(c.cause), opt(c.note))
        add("corrections", (*row, c.confidence))
        cite("correction", c.n, c.sources)
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
            for stmt in _SQLITE_SCHEMA:
                conn.execute(stmt)
            for table, table_rows in rows.items():  # parents before children
                _insert(conn, table, table_rows)
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


def _insert(conn: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    """Insert ``rows`` (all of one width) into ``table``, positionally."""
    if not rows:
        return
    marks = ", ".join("?" * len(rows[0]))
    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
