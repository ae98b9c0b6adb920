"""Every output record, declared once: its JSON fields and its table columns.

A :class:`Shape` lists the JSON keys of one kind of record (the JSON contract) and the columns
it shows as a table, tab-separated or CSV line. Everything else derives from it:
:func:`to_json` builds the JSON, :func:`cells` the plain text of each column, the terminal
renderer the table, and :func:`schema` the JSON Schemas in docs/schema/ (a test fails when the
files drift). No rich here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from chairship_cli.chronology import Span, Upcoming, term_status
from chairship_cli.dates import PRECISIONS, PartialDate
from chairship_cli.i18n import country_name, org_acronym, org_name, person_name
from chairship_cli.model import (
    CHOICES,
    CONFIDENCE_LEVELS,
    HANDOVERS,
    LANGS,
    PERIODS,
    REGIONS,
    STATUSES,
    TERM_BASES,
    TERM_KINDS,
    Dataset,
    Org,
    Term,
)
from chairship_cli.query import HIT_KINDS

JSON = dict[str, Any]
Get = Callable[[Any], Any]


class _Lang:
    """The display language of names for the current command (set by the CLI)."""

    value = "en"


LANG = _Lang()

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


# --------------------------------------------------------------------------- the declarations


@dataclass(frozen=True)
class Field:
    """One JSON key: its type (or nested shape), whether it may be null, and how to get it.

    ``kind``: string, text (empty -> null), date, day, integer, boolean, url, enum, strings,
    urls, codes, or object/array/map of ``shape``.
    """

    key: str
    kind: str
    get: Get
    null: bool = False
    shape: Shape | None = None
    values: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Column:
    """One column of the table / TSV / CSV form. ``kind`` picks the text and terminal style:
    text, date, list (", "), urls (" "), flag (yes or empty), int, mark (the confidence
    mark, terminal only), status, chair (an ISO code; the terminal adds the name). ``wide``:
    not in the terminal table (too wide for 80 columns), but in TSV and CSV."""

    header: str
    get: Get
    kind: str = "text"
    wide: bool = False


@dataclass(frozen=True)
class Shape:
    name: str
    doc: str
    fields: tuple[Field, ...]
    columns: tuple[Column, ...] = field(default=())


def _get(key: str, get: Get | None) -> Get:
    return get if get is not None else attrgetter(key)


def s(key: str, get: Get | None = None, *, null: bool = False, doc: str = "") -> Field:
    return Field(key, "string", _get(key, get), null, doc=doc)


def text(key: str, get: Get | None = None, *, doc: str = "") -> Field:
    """Optional free text: an empty string is printed as null."""
    return Field(key, "text", _get(key, get), True, doc=doc)


def date(key: str, get: Get | None = None, *, null: bool = True, doc: str = "") -> Field:
    return Field(key, "date", _get(key, get), null, doc=doc)


def day(key: str, get: Get | None = None, *, doc: str = "") -> Field:
    return Field(key, "day", _get(key, get), doc=doc)


def n(key: str, get: Get | None = None, *, null: bool = False, doc: str = "") -> Field:
    return Field(key, "integer", _get(key, get), null, doc=doc)


def b(key: str, get: Get | None = None, *, doc: str = "") -> Field:
    return Field(key, "boolean", _get(key, get), doc=doc)


def enum(
    key: str, values: Sequence[str], get: Get | None = None, *, null: bool = False, doc: str = ""
) -> Field:
    return Field(key, "enum", _get(key, get), null, values=tuple(values), doc=doc)


def strs(key: str, get: Get | None = None, *, doc: str = "") -> Field:
    return Field(key, "strings", _get(key, get), doc=doc)


def urls(key: str = "sources", get: Get | None = None, *, doc: str = "") -> Field:
    return Field(key, "urls", _get(key, get), doc=doc or "Public pages that support the fact.")


def codes(key: str, get: Get | None = None, *, doc: str = "") -> Field:
    return Field(key, "codes", _get(key, get), doc=doc)


def code(key: str, get: Get | None = None, *, null: bool = False, doc: str = "") -> Field:
    """An ISO 3166-1 alpha-2 country code."""
    return Field(key, "code", _get(key, get), null, doc=doc)


def obj(key: str, shape: Shape, get: Get | None = None, *, null: bool = True) -> Field:
    return Field(key, "object", _get(key, get), null, shape=shape)


def arr(key: str, shape: Shape, get: Get | None = None) -> Field:
    return Field(key, "array", _get(key, get), shape=shape)


def confidence(get: Get | None = None, *, null: bool = False) -> Field:
    return enum("confidence", CONFIDENCE_LEVELS, get, null=null)


def country(code: str | None) -> str | None:
    """The country's name in the language of the names shown (--lang; i18n.py)."""
    return country_name(code, LANG.value) if code else None


# --------------------------------------------------------------------------- shapes


def _term_end(org: Org, start: PartialDate | None, chair: str) -> PartialDate | None:
    t = next((t for t in org.terms if t.chair == chair and t.start == start), None)
    return t.end if t else None


SPAN_REF = Shape(
    "span_ref",
    "A chair's term in brief.",
    (
        code("chair"),
        s("chair_name", lambda x: country(x.chair)),
        date("start"),
        date("end"),
        enum("status", STATUSES),
    ),
)

CURRENT = Shape(
    "current",
    "The chair today, with how the dataset knows it.",
    (
        code("chair", null=True),
        s("chair_name", lambda a: country(a.chair), null=True),
        date("since", lambda a: a.span.start if a.span else None),
        enum("status", STATUSES, doc="recorded, scheduled, projected, overdue or unknown"),
        s("reason", doc="One line: why this status."),
        b("uncertain", doc="A boundary is known only to the month or year, or a guess is due."),
        date("expected_end", lambda a: a.expected.date if a.expected else None),
    ),
)


# An organisation with its chair today: a pair (Org, the answer for today).
ORG_FIELDS: tuple[Field, ...] = (
    s("id", lambda o: o[0].id),
    s("acronym", lambda o: org_acronym(o[0], LANG.value)),
    s("name", lambda o: org_name(o[0], LANG.value)),
    enum("region", REGIONS, lambda o: o[0].region),
    enum("kind", CHOICES, lambda o: o[0].rotation.choice if o[0].rotation else None, null=True),
    enum("period", PERIODS, lambda o: o[0].rotation.period if o[0].rotation else None, null=True),
    strs("themes", lambda o: o[0].themes),
    date("founded", lambda o: o[0].founded, null=False),
    s("headquarters", lambda o: o[0].headquarters),
    obj("current_chair", CURRENT, lambda o: o[1], null=False),
)

ORG_ITEM = Shape(
    "org_item",
    "One organisation with its chair today (a pair: the Org and the answer for today).",
    ORG_FIELDS,
    (
        Column("id", lambda o: o[0].id, "id"),
        Column("body", lambda o: org_acronym(o[0], LANG.value)),
        Column("name", lambda o: org_name(o[0], LANG.value), wide=True),
        Column("region", lambda o: o[0].region),
        Column("kind", lambda o: o[0].rotation.choice if o[0].rotation else "", wide=True),
        Column("themes", lambda o: o[0].themes, "list", wide=True),
        Column("chair now", lambda o: o[1].chair, "chair"),
        Column("since", lambda o: o[1].span.start if o[1].span else None, "date"),
        Column("status", lambda o: o[1].status, "status"),
    ),
)

NAME = Shape(
    "name",
    "The organisation's name in one language.",
    (s("name"), s("acronym", null=True), confidence(), urls(), text("note")),
)
ALIAS = Shape(
    "alias",
    "Another name users may type (a short form, a former name, a mistranslation).",
    (
        s("text"),
        enum("lang", LANGS),
        s("kind"),
        b("mistranslation", lambda a: a.kind == "mistranslation"),
        date("until"),
        text("note"),
        urls(),
    ),
)
MEMBERS = Shape(
    "members",
    "A dated count of members.",
    (
        n("count"),
        date("as_of", null=False),
        codes("codes"),
        text("note"),
        confidence(),
        urls(),
    ),
)
ROTATION = Shape(
    "rotation",
    "How the chair rotates, in prose and in fields a program can use.",
    (
        s("text"),
        enum("period", PERIODS),
        enum("choice", CHOICES),
        enum("handover", HANDOVERS),
        text("meeting"),
        codes("order", doc="The rotation cycle (ISO codes), where a fixed order applies."),
        date("order_until"),
        confidence(),
        urls(),
        text("note"),
        strs(
            "groups",
            doc="The cycle of groups (e.g. UN regional groups), where the chair rotates among"
            " groups and each group picks its own country.",
        ),
    ),
)
GROUP = Shape("group", "A trio or troika.", (s("kind"), codes("members")))
CHAIRPERSON = Shape(
    "chairperson",
    "A person who chaired for the holding country.",
    (s("name"), text("role"), date("start"), date("end")),
)


def _term_fields(status: Get) -> tuple[Field, ...]:
    return (
        code("chair"),
        s("chair_name", lambda t: country(t.chair)),
        text("holder", doc="When the holder is not exactly the country of `chair`."),
        date("start"),
        date("end"),
        text("start_event"),
        text("end_event"),
        date("expected_end"),
        text("expected_event"),
        date("confirmed_until"),
        enum("status", STATUSES, status),
        enum("basis", TERM_BASES),
        enum("kind", TERM_KINDS),
        codes("skipped"),
        codes("co_chairs"),
        obj(
            "group",
            GROUP,
            lambda t: (
                type("G", (), {"kind": t.group_kind, "members": t.group}) if t.group else None
            ),
        ),
        arr("chairpersons", CHAIRPERSON),
        text("office"),
        confidence(),
        urls(),
        text("note"),
    )


class _Ctx:
    """The dataset and organisation a nested term or priority is printed for."""

    ds: Dataset | None = None
    org: Org | None = None


CTX = _Ctx()


def _status_of(t: Term) -> str:
    assert CTX.ds is not None and CTX.org is not None
    return term_status(CTX.ds, CTX.org, t)


TERM = Shape("term", "One chairmanship as recorded.", _term_fields(_status_of))

PRIORITY_TERM = Shape(
    "priority_term", "The chairmanship a priority belongs to.", (date("start"), date("end"))
)
PRIORITY = Shape(
    "priority",
    "A chair's stated priority for its term.",
    (
        s("text"),
        strs("themes"),
        code("chair"),
        s("chair_name", lambda p: country(p.chair)),
        obj(
            "term",
            PRIORITY_TERM,
            lambda p: type(
                "PT",
                (),
                {
                    "start": p.term,
                    "end": _term_end(CTX.org, p.term, p.chair) if CTX.org else None,
                },
            ),
            null=False,
        ),
        confidence(),
        urls(),
        text("note"),
    ),
)
EVENT = Shape(
    "event",
    "A dated event.",
    (
        date("date", null=False),
        date("end"),
        s("title"),
        text("place"),
        b("planned", doc="Scheduled, not yet reported as held."),
        strs("themes"),
        strs("people"),
        confidence(),
        urls(),
        text("note"),
    ),
)
CLAIM = Shape(
    "claim",
    "A claim that the sources dispute, and what the dataset records.",
    (
        s("id"),
        s("org", lambda c: CTX.org.id if CTX.org else None),
        s("claim"),
        strs("asserted_by"),
        s("record"),
        confidence(),
        urls(),
        text("note"),
    ),
)


ORG_DETAIL = Shape(
    "org_detail",
    "One organisation in full (`show`).",
    (
        *ORG_FIELDS,
        Field(
            "names",
            "map",
            lambda o: {n.lang: n for n in o[0].names},
            shape=NAME,
            values=LANGS,
        ),
        arr("aliases", ALIAS, lambda o: o[0].aliases),
        text("founded_note", lambda o: o[0].founded_note),
        s("website", lambda o: o[0].website),
        text("summary", lambda o: o[0].summary),
        arr("members", MEMBERS, lambda o: o[0].members),
        date("checked", lambda o: o[0].checked or (CTX.ds.checked if CTX.ds else None)),
        obj("rotation", ROTATION, lambda o: o[0].rotation),
        arr("terms", TERM, lambda o: o[0].terms),
        arr("priorities", PRIORITY, lambda o: o[0].priorities),
        arr("events", EVENT, lambda o: o[0].events),
        arr("claims", CLAIM, lambda o: o[0].claims),
        urls("sources", lambda o: o[0].sources),
    ),
)


def _timeline_title(i: Any) -> str:
    if i.kind != "handover" or LANG.value == "en" or i.chair is None:
        return str(i.title)
    from chairship_cli.query import handover_title

    return handover_title(i.chair, i.previous, LANG.value)


TIMELINE_ITEM = Shape(
    "timeline_item",
    "A dated event or a chair hand-over.",
    (
        date("date", null=False),
        date("end"),
        s("org"),
        enum("kind", ("event", "handover")),
        s("title", _timeline_title, doc="Hand-overs name the countries in --lang."),
        text("place"),
        code("chair", null=True),
        enum(
            "status",
            (*STATUSES, "planned"),
            doc="Events: recorded or planned. Hand-overs: the term's status.",
        ),
        text("meeting"),
        strs("themes"),
        strs("people"),
        confidence(),
        urls(),
        text("note"),
    ),
    (
        Column("", attrgetter("confidence"), "mark"),
        Column("date", attrgetter("date"), "date"),
        Column("end", attrgetter("end"), "date", wide=True),
        Column("org", attrgetter("org"), "id"),
        Column("kind", attrgetter("kind"), wide=True),
        Column("title", _timeline_title, "labelled"),
        Column("place", attrgetter("place")),
        Column("meeting", attrgetter("meeting"), wide=True),
        Column("status", attrgetter("status"), "status"),
        Column("confidence", attrgetter("confidence"), wide=True),
        Column("sources", attrgetter("sources"), "urls", wide=True),
    ),
)

WHO_TERM = Shape(
    "who_term",
    "The bounds of the chair's term.",
    (
        date("start", lambda a: a.span.start),
        date("end", lambda a: a.span.end),
        text("start_event", lambda a: a.term.start_event if a.term else ""),
        text("end_event", lambda a: a.term.end_event if a.term else ""),
        date("confirmed_until", lambda a: a.term.confirmed_until if a.term else None),
        codes("co_chairs", lambda a: a.term.co_chairs if a.term else ()),
        text("holder", lambda a: a.term.holder if a.term else ""),
    ),
)
EXPECTED = Shape(
    "expected",
    "When the open term is expected to end, and whether a source or the rule says so.",
    (date("date", null=False), enum("basis", ("source", "rule")), text("event")),
)


def _who_sources(a: Any) -> tuple[str, ...]:
    if a.term is not None:
        return tuple(a.term.sources)
    if a.span is not None and a.org.rotation is not None:
        return tuple(a.org.rotation.sources)  # a turn computed from the rule cites the rule
    return ()


def _who_confidence(a: Any) -> str | None:
    if a.term is not None:
        return str(a.term.confidence)
    return "unverified" if a.span is not None else None


WHO = Shape(
    "who",
    "Who chaired an organisation on one day, with the status and reason of the answer.",
    (
        s("org", lambda a: a.org.id),
        day("on", lambda a: a.on.isoformat()),
        code("chair", null=True),
        s("chair_name", lambda a: country(a.chair), null=True),
        enum("status", STATUSES),
        s("reason"),
        date("checked", doc="The date this body's sources were checked to (the horizon)."),
        obj("term", WHO_TERM, lambda a: a if a.span is not None else None),
        obj("expected", EXPECTED),
        obj("previous", SPAN_REF),
        obj("next", SPAN_REF),
        b("uncertain"),
        strs("notes"),
        arr("candidates", SPAN_REF, lambda a: [c for c in a.candidates if c is not a.span]),
        confidence(_who_confidence, null=True),
        urls("sources", _who_sources),
    ),
    (
        Column("org", lambda a: a.org.id),
        Column("on", lambda a: a.on, "date"),
        Column("chair", attrgetter("chair"), "chair"),
        Column("from", lambda a: a.span.start if a.span else None, "date"),
        Column("to", lambda a: a.span.end if a.span else None, "date"),
        Column("status", attrgetter("status"), "status"),
        Column("uncertain", attrgetter("uncertain"), "flag"),
        Column("reason", attrgetter("reason"), wide=True),
    ),
)


def _up_term(u: Upcoming) -> Term | None:
    return u.span.term if u.span is not None else None


UPCOMING = Shape(
    "upcoming",
    "A coming chair, or an expected hand-over whose successor is not recorded (chair null).",
    (
        code("chair", null=True),
        s("chair_name", lambda u: country(u.chair), null=True),
        date("start"),
        date("end"),
        enum("status", STATUSES),
        s("reason"),
        confidence(lambda u: t.confidence if (t := _up_term(u)) else "unverified"),
        urls("sources", lambda u: t.sources if (t := _up_term(u)) else ()),
    ),
    (
        Column("chair", attrgetter("chair"), "chair"),
        Column("from", attrgetter("start"), "date"),
        Column("to", attrgetter("end"), "date"),
        Column("status", attrgetter("status"), "status"),
        Column("reason", attrgetter("reason")),
    ),
)
NEXT = Shape(
    "next",
    "The chair now and the coming chairs (`next`).",
    (
        s("org", lambda x: x[0].org.id),
        day("on", lambda x: x[0].on.isoformat()),
        obj("now", WHO, lambda x: x[0], null=False),
        arr("next", UPCOMING, lambda x: x[1]),
    ),
)

CHAIRMANSHIP = Shape(
    "chairmanship",
    "A chairmanship held (or co-chaired) by a country.",
    (
        s("org", lambda c: c.org.id),
        s("org_name", lambda c: org_name(c.org, LANG.value)),
        code("chair", lambda c: c.span.chair),
        s("chair_name", lambda c: country(c.span.chair)),
        enum("role", ("chair", "co-chair")),
        date("start", lambda c: c.span.start),
        date("end", lambda c: c.span.end),
        text("start_event", lambda c: c.span.term.start_event if c.span.term else ""),
        text("end_event", lambda c: c.span.term.end_event if c.span.term else ""),
        enum("status", STATUSES),
        b("uncertain"),
        confidence(lambda c: c.span.term.confidence if c.span.term else "unverified"),
        urls("sources", lambda c: c.span.term.sources if c.span.term else ()),
    ),
    (
        Column("", lambda c: c.span.term.confidence if c.span.term else "unverified", "mark"),
        Column("org", lambda c: c.org.id, "id"),
        Column("body", lambda c: org_acronym(c.org, LANG.value)),
        Column("name", lambda c: org_name(c.org, LANG.value), wide=True),
        Column("chair", lambda c: c.span.chair, "chair", wide=True),
        Column("role", attrgetter("role"), wide=True),
        Column("from", lambda c: c.span.start, "date"),
        Column("to", lambda c: c.span.end, "date"),
        Column("status", attrgetter("status"), "status"),
        Column("uncertain", attrgetter("uncertain"), "flag", wide=True),
    ),
)

THEME_COUNT = Shape(
    "theme_count",
    "A theme and how many organisations, priorities and events carry it.",
    (
        s("id"),
        s("label"),
        s("description"),
        strs("orgs"),
        n("org_count", lambda t: len(t.orgs)),
        n("priorities"),
        n("events"),
    ),
    (
        Column("theme", attrgetter("id")),
        Column("label", attrgetter("label")),
        Column("orgs", lambda t: len(t.orgs), "int"),
        Column("priorities", attrgetter("priorities"), "int"),
        Column("events", attrgetter("events"), "int"),
        Column("organisations", attrgetter("orgs"), "list"),
    ),
)

HIT = Shape(
    "hit",
    "A search match: the record it is in and the text that matched.",
    (
        enum("kind", HIT_KINDS),
        s("org", null=True),
        s("ref"),
        s("text"),
        s("field"),
        s("matched", doc="The text of the field that matched."),
        n("match_start", lambda h: h.span[0] if h.span else None, null=True),
        n("match_end", lambda h: h.span[1] if h.span else None, null=True),
    ),
    (
        Column("kind", attrgetter("kind")),
        Column("org", attrgetter("org"), "id"),
        Column("ref", attrgetter("ref"), wide=True),
        Column("field", attrgetter("field")),
        Column("matched", attrgetter("matched"), "match"),
    ),
)

SOURCE_USE = Shape(
    "source_use",
    "A cited URL and what it supports.",
    (Field("url", "url", attrgetter("url")), strs("orgs"), strs("supports")),
    (
        Column("url", attrgetter("url"), "url"),
        Column("orgs", attrgetter("orgs"), "list"),
        Column("uses", lambda u: len(u.supports), "int"),
        Column("supports", attrgetter("supports"), "first"),
    ),
)

CORRECTION = Shape(
    "correction",
    "A translation error in the 2024 seed article and its correct reading.",
    (
        n("n"),
        s("seed"),
        s("literal"),
        s("correct"),
        s("org", null=True),
        text("cause"),
        text("note"),
        confidence(),
        urls(),
    ),
    (
        Column("#", attrgetter("n"), "int"),
        Column("", attrgetter("confidence"), "mark"),
        Column("org", attrgetter("org"), wide=True),
        Column("seed (Arabic)", attrgetter("seed")),
        Column("literally", attrgetter("literal")),
        Column("correct reading", attrgetter("correct"), "labelled"),
        Column("confidence", attrgetter("confidence"), wide=True),
        Column("sources", attrgetter("sources"), "urls", wide=True),
    ),
)

ROLE = Shape(
    "role",
    "A post a person held.",
    (s("title"), s("org", null=True), date("start"), date("end")),
)


def _person_events(p: Any) -> list[Any]:
    from chairship_cli.query import events_with_person

    assert CTX.ds is not None
    return events_with_person(CTX.ds, p)


PERSON = Shape(
    "person",
    "A person named in the sources, with roles and events.",
    (
        s("id"),
        s("name", lambda p: person_name(p, LANG.value)),
        strs("spellings"),
        strs("seed_forms"),
        arr("roles", ROLE),
        arr("events", TIMELINE_ITEM, _person_events),
        confidence(),
        urls(),
        text("note"),
    ),
    (
        Column("", attrgetter("confidence"), "mark"),
        Column("id", attrgetter("id")),
        Column("name", lambda p: person_name(p, LANG.value), "labelled"),
        Column("roles", lambda p: [_role_text(r) for r in p.roles], "first"),
        Column("spellings", attrgetter("spellings"), "list", wide=True),
        Column("sources", attrgetter("sources"), "urls", wide=True),
    ),
)


def _role_text(r: Any) -> str:
    span = "–".join(x.isoformat() for x in (r.start, r.end) if x)
    return f"{r.title} ({span})" if span else r.title


PROBLEM = Shape(
    "problem",
    "One problem in a dataset.",
    (
        s("file"),
        n("line", null=True),
        s("org", null=True),
        s("field"),
        s("message"),
        enum("severity", ("error", "warning")),
    ),
    (
        Column("file", attrgetter("file")),
        Column("line", attrgetter("line"), "int"),
        Column("org", attrgetter("org")),
        Column("field", attrgetter("field")),
        Column("severity", attrgetter("severity")),
        Column("message", attrgetter("message")),
    ),
)
VALIDATE = Shape(
    "validate",
    "The result of checking a dataset: valid or not, and every problem found.",
    (
        b("valid"),
        s("path"),
        n("organisations", null=True),
        strs("warnings"),
        arr("problems", PROBLEM),
    ),
)


# (agenda.py is imported only by `upcoming`: its kinds are named here, as the timeline's are.)
def _precision(x: Any) -> str | None:
    return x.date.precision if x.date is not None else None


AGENDA_ITEM = Shape(
    "agenda_item",
    "An expected hand-over or a planned meeting (`upcoming`), with its status and reason.",
    (
        s("id", doc="Stays the same when the dataset is edited: the calendar event's UID."),
        date("date", doc="When (at its precision); null for an overdue hand-over, listed first."),
        enum("precision", PRECISIONS, _precision, null=True),
        date("end", doc="A meeting's last day, when it lasts several."),
        s("org", lambda x: x.org.id),
        s("body", lambda x: x.org.display_acronym(LANG.value)),
        enum("kind", ("handover", "meeting")),
        s("what", doc="What happens, in one line."),
        text("place"),
        code("chair", null=True, doc="The incoming chair (null: not recorded)."),
        s("chair_name", lambda x: country(x.chair), null=True),
        code("from_chair", attrgetter("previous"), null=True, doc="The outgoing chair."),
        s("from_chair_name", lambda x: country(x.previous), null=True),
        enum("status", STATUSES),
        s("reason", doc="One line: why this status."),
        date("due", doc="An overdue hand-over: when it was expected (before the window)."),
        confidence(),
        urls(),
    ),
    (
        Column("", attrgetter("confidence"), "mark"),
        Column("date", attrgetter("date"), "date"),
        Column("precision", _precision, wide=True),
        Column("org", lambda x: x.org.id, wide=True),
        Column("body", lambda x: x.org.display_acronym(LANG.value)),
        Column("kind", attrgetter("kind"), wide=True),
        Column("what", attrgetter("what"), "labelled"),
        Column("status", attrgetter("status"), "status"),
        Column("reason", attrgetter("reason"), wide=True),
        Column("due", attrgetter("due"), "date", wide=True),
        Column("id", attrgetter("id"), wide=True),
        Column("sources", attrgetter("sources"), "urls", wide=True),
    ),
)

# Each command's JSON output: its shape, and whether it prints an array of records, one object,
# or either (`people` lists everyone, `people NAME` prints one person).
COMMANDS: dict[str, tuple[Shape, str]] = {
    "list": (ORG_ITEM, "array"),
    "show": (ORG_DETAIL, "object"),
    "themes": (THEME_COUNT, "array"),
    "timeline": (TIMELINE_ITEM, "array"),
    "who": (WHO, "object"),
    "next": (NEXT, "object"),
    "country": (CHAIRMANSHIP, "array"),
    "sources": (SOURCE_USE, "array"),
    "corrections": (CORRECTION, "array"),
    "search": (HIT, "array"),
    "people": (PERSON, "either"),
    "validate": (VALIDATE, "object"),
    "upcoming": (AGENDA_ITEM, "array"),
}


_ROW_SHAPES = (ORG_ITEM, TIMELINE_ITEM, WHO, UPCOMING, CHAIRMANSHIP, THEME_COUNT, HIT, SOURCE_USE)
SHAPES = {sh.name: sh for sh in (*_ROW_SHAPES, CORRECTION, PERSON, PROBLEM)}


def row_shape(command: str) -> Shape | None:
    """The shape of one table / TSV / CSV row of a command (None: field-value lines)."""
    if command == "next":
        return UPCOMING  # the chair now, then the coming chairs
    shape = COMMANDS[command][0]
    return shape if shape.columns else None


# --------------------------------------------------------------------------- JSON


def _iso(v: Any) -> Any:
    if v is None:
        return None
    return v.isoformat() if isinstance(v, (PartialDate, _dt.date)) else str(v)


def _as_is(v: Any) -> Any:
    return v


def _string(v: Any) -> Any:
    return v if v is None or isinstance(v, str) else str(v)


def _converter(f: Field) -> Callable[[Any], Any]:
    """How one field's value becomes JSON, chosen once per field (not per record)."""
    k, sub = f.kind, f.shape
    if k in ("date", "day"):
        return _iso
    if k == "text":
        return lambda v: v or None
    if k in ("strings", "urls", "codes"):
        return lambda v: list(v or ())
    if k == "object":
        assert sub is not None
        return lambda v: None if v is None else to_json(sub, v)
    if k == "array":
        assert sub is not None
        return lambda v: [to_json(sub, x) for x in v or ()]
    if k == "map":
        assert sub is not None
        return lambda v: {key: to_json(sub, x) for key, x in (v or {}).items()}
    if k in ("string", "code", "url"):
        return _string
    return _as_is


_PLANS: dict[str, list[tuple[str, Get, Callable[[Any], Any]]]] = {}


def to_json(shape: Shape, record: Any) -> JSON:
    plan = _PLANS.get(shape.name)
    if plan is None:
        plan = _PLANS[shape.name] = [(f.key, f.get, _converter(f)) for f in shape.fields]
    return {key: conv(get(record)) for key, get, conv in plan}


# --------------------------------------------------------------------------- plain cells


def cell_text(kind: str, v: Any) -> str:
    """A column value as plain text (TSV, CSV); the terminal styles some kinds."""
    if v is None or v == "":
        return ""
    if kind == "date":
        return v.isoformat() if hasattr(v, "isoformat") else str(v)
    if kind in ("list", "lines"):
        return ", ".join(v)
    if kind == "urls":
        return " ".join(v)
    if kind == "first":
        return str(v[0]) + (f" (+{len(v) - 1} more)" if len(v) > 1 else "") if v else ""
    if kind == "flag":
        return "yes" if v else ""
    return str(v)


def data_columns(shape: Shape) -> list[Column]:
    """The columns of TSV and CSV: all but the terminal's confidence marks."""
    return [c for c in shape.columns if c.kind != "mark"]


def cells(shape: Shape, record: Any) -> list[str]:
    return [cell_text(c.kind, c.get(record)) for c in data_columns(shape)]


def headers(shape: Shape) -> list[str]:
    return [c.header for c in data_columns(shape)]


# --------------------------------------------------------------------------- JSON Schema

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _field_schema(f: Field, defs: dict[str, Any]) -> dict[str, Any]:
    k = f.kind
    out: dict[str, Any]
    if k == "string":
        out = {"type": "string"}
    elif k == "text":
        out = {"type": "string", "minLength": 1}  # free text: absent is null, never ""
    elif k == "url":
        out = {"type": "string", "pattern": "^https?://"}
    elif k == "date":
        out = {"type": "string", "pattern": DATE_PATTERN}
    elif k == "day":
        out = {"type": "string", "pattern": DAY_PATTERN}
    elif k == "integer":
        out = {"type": "integer", "minimum": 0}
    elif k == "code":
        out = {"type": "string", "pattern": "^[A-Z]{2}$"}
    elif k == "boolean":
        out = {"type": "boolean"}
    elif k == "enum":
        out = {"enum": list(f.values)}
    elif k == "strings":
        out = {"type": "array", "items": {"type": "string"}}
    elif k == "codes":
        out = {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}}
    elif k == "urls":
        out = {"type": "array", "items": {"type": "string", "pattern": "^https?://"}}
    elif k == "object":
        out = {"$ref": _ref(f.shape, defs)}  # type: ignore[arg-type]
    elif k == "array":
        out = {"type": "array", "items": {"$ref": _ref(f.shape, defs)}}  # type: ignore[arg-type]
    elif k == "map":
        out = {
            "type": "object",
            "propertyNames": {"enum": list(f.values)},
            "additionalProperties": {"$ref": _ref(f.shape, defs)},  # type: ignore[arg-type]
        }
    else:  # pragma: no cover - a declaration error
        raise AssertionError(k)
    if f.null or k == "text":
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]  # e.g. ["string", "null"], keeping its pattern
        else:
            out = {"anyOf": [out, {"type": "null"}]}  # a $ref or an enum
    if f.doc:
        out["description"] = f.doc
    return out


def _ref(shape: Shape, defs: dict[str, Any]) -> str:
    if shape.name not in defs:
        defs[shape.name] = {}  # reserve first: shapes may refer to each other
        defs[shape.name] = _object_schema(shape, defs)
    return f"#/$defs/{shape.name}"


def _object_schema(shape: Shape, defs: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": shape.doc,
        "required": [f.key for f in shape.fields],
        "properties": {f.key: _field_schema(f, defs) for f in shape.fields},
        "additionalProperties": True,
    }


def schema(command: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of `chairship COMMAND --json`: one self-contained document."""
    shape, mode = COMMANDS[command]
    defs: dict[str, Any] = {}
    ref = _ref(shape, defs)
    what = {"array": "An array of", "object": "One", "either": "One, or an array of"}[mode]
    top: dict[str, Any] = {
        "$schema": _DIALECT,
        "title": f"chairship {command} --json",
        "description": (
            f"{what} {shape.name} record: {shape.doc} Keys may be added in later versions;"
            " none is removed without a marked CHANGELOG entry."
        ),
    }
    array = {"type": "array", "items": {"$ref": ref}}
    if mode == "array":
        top.update(array)
    elif mode == "object":
        top["$ref"] = ref
    else:
        top["anyOf"] = [{"$ref": ref}, array]
    top["$defs"] = dict(sorted(defs.items()))
    return top


def records(shape: Shape, items: Iterable[Any]) -> list[JSON]:
    return [to_json(shape, x) for x in items]


__all__ = ["COMMANDS", "CTX", "LANG", "Column", "Field", "Shape", "Span", "schema", "to_json"]
