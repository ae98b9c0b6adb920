"""Every output record, declared once: its JSON fields and its table columns.

A :class:`Shape` lists the JSON keys of one kind of record (the JSON contract) and the columns
it shows as a table, tab-separated or CSV line. The shape of a model record is derived from
model.py (:func:`derive`): its fields, kinds, order and docs come from the dataclass, and the
shape lists only what differs (a derived value, a renamed or hidden field, the columns). A
field's ``kind`` is one of model.KINDS, the one vocabulary of kinds; a column's ``style`` says
only how a terminal shows it. Everything else derives from the shapes: :func:`to_json` builds
the JSON, :func:`cells` the plain text of each column, the terminal renderer the table, and
:func:`schema` the JSON Schemas in docs/schema/ (a test fails when the files drift).

What a record is printed for (the language of names, today, the dataset and organisation) is a
:class:`Ctx` passed to every getter: nothing here is module state. No rich here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from chairship_cli.chronology import Answer, Expected, Span, Upcoming, term_status
from chairship_cli.dates import PRECISIONS, PartialDate
from chairship_cli.i18n import country_name, org_acronym, org_name, person_name
from chairship_cli.load import Problem
from chairship_cli.load import schema as toml_schema
from chairship_cli.model import (
    ALIAS_KINDS,
    CHOICES,
    CONFIDENCE_LEVELS,
    KINDS,
    LANGS,
    LIST_KINDS,
    PERIODS,
    STATUSES,
    Alias,
    Claim,
    Correction,
    Dataset,
    Org,
    Person,
    Priority,
    Sourced,
    Term,
    reading_order,
)
from chairship_cli.query import (
    HIT_KINDS,
    Chairmanship,
    Hit,
    OrgNow,
    SourceUse,
    ThemeCount,
    TimelineItem,
)

if TYPE_CHECKING:  # agenda.py is imported only by `upcoming`
    from chairship_cli.agenda import AgendaItem

R = TypeVar("R")
JSON = dict[str, Any]

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class Ctx(NamedTuple):
    """What records are printed for, passed to every getter: the language of names (--lang),
    today, the terminal width, and the dataset and organisation a nested record belongs to."""

    lang: str = "en"
    today: _dt.date | None = None
    width: int | None = None
    ds: Dataset | None = None
    org: Org | None = None

    def at(self, org: Org) -> Ctx:
        """The same context for the records of ``org`` (its terms, priorities, claims)."""
        return Ctx(self.lang, self.today, self.width, self.ds, org)


Get = Callable[[Any, Ctx], Any]


# --------------------------------------------------------------------------- the declarations


class Field(NamedTuple):
    """One JSON key: its kind (model.KINDS), whether it may be null, and how to get it.

    ``shape``: the record of a ``table`` (a JSON object) or ``tables`` (an array) field;
    ``map_key``: a ``table`` of records keyed by that field of theirs (a JSON object of them,
    e.g. names by language). ``empty_null``: an empty string is printed as null."""

    key: str
    kind: str
    get: Get
    null: bool = False
    shape: Shape | None = None
    values: tuple[str, ...] = ()
    doc: str = ""
    map_key: str = ""
    empty_null: bool = False


class Column(NamedTuple):
    """One column of the table / TSV / CSV form. ``style`` is how it is shown: text, date,
    list (", "), urls (" "), url, flag (yes or empty), int, id (never cut), chair (an ISO code;
    the terminal adds the name), and the terminal's own: mark (the confidence mark, not in TSV
    or CSV), status, labelled (with an unverified/disputed label), first (the first of a list,
    "+N more"), match (the matched text, marked). ``wide``: not in the terminal table (too wide
    for 80 columns), but in TSV and CSV."""

    header: str
    get: Get
    style: str = "text"
    wide: bool = False


class Ref(NamedTuple):
    """A column that shows a field of the shape (``path``: its key, or ``key.key`` for a field
    of a nested object): the field's getter and kind are used, never written again."""

    header: str
    path: str
    style: str = ""
    wide: bool = False


class Shape(NamedTuple):
    name: str
    doc: str
    fields: tuple[Field, ...]
    columns: tuple[Column, ...] = ()
    enter: Callable[[Any, Ctx], Ctx] | None = None  # the context its nested records get

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


# How a column shows a field of each kind, unless it says otherwise.
STYLE_OF_KIND = {
    "date": "date",
    "day": "date",
    "country": "chair",
    "id": "id",
    "int": "int",
    "bool": "flag",
    "strs": "list",
    "themes": "list",
    "countries": "list",
    "urls": "urls",
    "url": "url",
}


def _attr(key: str) -> Get:
    g = attrgetter(key)
    return lambda r, c: g(r)


def _then(first: Get, second: Get) -> Get:
    return lambda r, c: None if (v := first(r, c)) is None else second(v, c)


def shape(
    name: str,
    doc: str,
    fields_: Sequence[Field],
    columns: Sequence[Column | Ref] = (),
    enter: Callable[[Any, Ctx], Ctx] | None = None,
) -> Shape:
    """A shape; a :class:`Ref` column takes its getter and kind from the field it names."""
    sh = Shape(name, doc, tuple(fields_), (), enter)  # columns resolved against its fields
    cols: list[Column] = []
    for c in columns:
        if isinstance(c, Column):
            cols.append(c)
            continue
        get: Get | None = None
        current: Shape | None = sh
        f: Field | None = None
        for part in c.path.split("."):
            assert current is not None, c.path
            f = current.field(part)
            get = f.get if get is None else _then(get, f.get)
            current = f.shape
        assert f is not None and get is not None
        cols.append(Column(c.header, get, c.style or STYLE_OF_KIND.get(f.kind, "text"), c.wide))
    return Shape(name, doc, sh.fields, tuple(cols), enter)


class Of(Generic[R]):
    """Field and column builders for records of type R: mypy checks every getter against R.
    A field is named by its model kind (model.KINDS), as the model's own fields are."""

    def field(
        self,
        key: str,
        kind: str,
        get: Callable[[R, Ctx], object] | None = None,
        *,
        null: bool | None = None,
        doc: str = "",
        values: Sequence[str] = (),
    ) -> Field:
        """One field of ``kind``; the getter reads the attribute ``key`` unless given. Text
        and dates may be null unless ``null=False`` (empty text is printed as null); other
        kinds only with ``null=True``."""
        assert kind in KINDS, kind
        text = kind == "text"
        return Field(
            key,
            kind,
            _attr(key) if get is None else get,
            null if null is not None else text or kind == "date",
            values=tuple(values),
            doc=doc,
            empty_null=text,
        )

    def enum(
        self,
        key: str,
        values: Sequence[str],
        get: Callable[[R, Ctx], object] | None = None,
        *,
        null: bool = False,
        doc: str = "",
    ) -> Field:
        return self.field(key, "enum", get, null=null, doc=doc, values=values)

    def urls(
        self,
        key: str = "sources",
        get: Callable[[R, Ctx], object] | None = None,
        *,
        doc: str = "",
    ) -> Field:
        return self.field(key, "urls", get, doc=doc or "Public pages that support the fact.")

    def confidence(
        self, get: Callable[[R, Ctx], object] | None = None, *, null: bool = False
    ) -> Field:
        return self.field("confidence", "confidence", get, null=null)

    def obj(
        self,
        key: str,
        sub: Shape,
        get: Callable[[R, Ctx], object] | None = None,
        *,
        null: bool = True,
        doc: str = "",
    ) -> Field:
        return Field(key, "table", _attr(key) if get is None else get, null, sub, doc=doc)

    def arr(
        self,
        key: str,
        sub: Shape,
        get: Callable[[R, Ctx], object] | None = None,
        *,
        doc: str = "",
    ) -> Field:
        return Field(key, "tables", _attr(key) if get is None else get, False, sub, doc=doc)

    def column(
        self,
        header: str,
        get: Callable[[R, Ctx], object],
        style: str = "text",
        wide: bool = False,
    ) -> Column:
        return Column(header, get, style, wide)


def country(code: str | None, ctx: Ctx) -> str | None:
    """The country's name in the language of the names shown (--lang; i18n.py)."""
    return country_name(code, ctx.lang) if code else None


# --------------------------------------------------------------------------- model records

_DERIVED: dict[type, Shape] = {}


def _snake(name: str) -> str:
    return "".join(
        "_" + ch.lower() if ch.isupper() and i else ch.lower() for i, ch in enumerate(name)
    )


def derive(
    cls: type,
    name: str = "",
    doc: str = "",
    *,
    via: str = "",
    pick: Iterable[str] | None = None,
    hide: Iterable[str] = (),
    replace: Mapping[str, Field] | None = None,
    add: Mapping[str, Sequence[Field]] | None = None,
    columns: Sequence[Column | Ref] = (),
    enter: Callable[[Any, Ctx], Ctx] | None = None,
) -> Shape:
    """The shape of a model record, from its declaration in model.py: every field, in reading
    order (model.reading_order), with its kind, docs and nullability (a field whose default is
    None or an optional empty string may be null). Only what differs is given here: ``via`` the
    attribute of the printed record that holds the model record; ``pick`` only these fields;
    ``hide`` fields left out; ``replace`` a field computed otherwise (a localised name);
    ``add`` derived fields after the named key ("" : before the sourced fields, or last).
    A nested record (a table or array of tables) gets its own derived shape."""
    replace, add = replace or {}, add or {}
    chosen = set(pick) if pick is not None else None
    hidden = set(hide)
    sourced = {"confidence", "sources", "note"}
    plan = [
        f
        for f in reading_order(cls)
        if f.metadata["kind"] not in ("key", "none")
        and f.name not in hidden
        and (chosen is None or f.name in chosen)
    ]
    out: list[Field] = []
    tail_added = False
    for f in plan:
        if not tail_added and f.name in sourced and issubclass(cls, Sourced):
            out.extend(add.get("", ()))
            tail_added = True
        out.append(replace[f.name] if f.name in replace else _model_field(cls, f, via))
        out.extend(add.get(f.name, ()))
    if not tail_added:
        out.extend(add.get("", ()))
    title = doc or (cls.__doc__ or "").strip().split("\n")[0]
    return shape(name or _snake(cls.__name__), title, out, columns, enter)


def _model_field(cls: type, f: Any, via: str) -> Field:
    kind: str = f.metadata["kind"]
    get = _attr(f"{via}.{f.name}" if via else f.name)
    default = f.default
    required = f.metadata.get("required", default is MISSING)
    optional_text = default == "" and not required
    null = default is None or optional_text or kind == "text"
    sub: Shape | None = None
    map_key = ""
    values = tuple(f.metadata.get("values", ()))
    if kind in ("table", "tables"):
        record = toml_schema(cls).nested[f.metadata.get("key", f.name)]
        sub = _DERIVED.get(record) or _DERIVED.setdefault(record, derive(record))
        # a table of keyed tables ([org.names.LANG]): a JSON object by that key, a language
        map_key = next((g.name for g in fields(record) if g.metadata["kind"] == "key"), "")
        null = kind == "table" and not map_key
        values = LANGS if map_key else ()
    return Field(
        f.name,
        kind,
        get,
        null,
        sub,
        values,
        f.metadata.get("doc", ""),
        map_key,
        kind == "text" or optional_text,
    )


def _term_end(org: Org | None, p: Priority) -> PartialDate | None:
    if org is None:
        return None
    t = next((t for t in org.terms if t.chair == p.chair and t.start == p.term), None)
    return t.end if t else None


def _status_of(t: Term, ctx: Ctx) -> str:
    assert ctx.ds is not None and ctx.org is not None
    return term_status(ctx.ds, ctx.org, t)


class _Group(NamedTuple):
    kind: str
    members: tuple[str, ...]


class _PriorityTerm(NamedTuple):
    start: PartialDate | None
    end: PartialDate | None


_group: Of[_Group] = Of()
GROUP = shape(
    "group",
    "A trio or troika.",
    (_group.field("kind", "str"), _group.field("members", "countries")),
)

_term: Of[Term] = Of()
TERM = derive(
    Term,
    "term",
    "One chairmanship as recorded.",
    hide=("group_kind",),
    replace={
        "group": _term.obj(
            "group",
            GROUP,
            lambda t, c: _Group(t.group_kind, t.group) if t.group else None,
            doc="The trio or troika it belongs to (kind and members).",
        )
    },
    add={
        "chair": (_term.field("chair_name", "str", lambda t, c: country(t.chair, c)),),
        "": (
            _term.enum(
                "status",
                STATUSES,
                _status_of,
                doc="recorded, scheduled, projected, overdue or unknown (as of today)",
            ),
        ),
    },
)

_ptm: Of[_PriorityTerm] = Of()
PRIORITY_TERM = shape(
    "priority_term",
    "The chairmanship a priority belongs to.",
    (_ptm.field("start", "date"), _ptm.field("end", "date")),
)
_pri: Of[Priority] = Of()
PRIORITY = derive(
    Priority,
    "priority",
    "A chair's stated priority for its term.",
    replace={
        "term": _pri.obj(
            "term",
            PRIORITY_TERM,
            lambda p, c: _PriorityTerm(p.term, _term_end(c.org, p)),
            null=False,
            doc="The start and end of the chair's term the priority belongs to.",
        )
    },
    add={"chair": (_pri.field("chair_name", "str", lambda p, c: country(p.chair, c)),)},
)
_claim: Of[Claim] = Of()
CLAIM = derive(
    Claim,
    "claim",
    "A claim that the sources dispute, and what the dataset records.",
    add={"id": (_claim.field("org", "str", lambda x, c: c.org.id if c.org else None),)},
)
_alias: Of[Alias] = Of()
ALIAS = derive(
    Alias,
    "alias",
    "Another name users may type (a short form, a former name, a mistranslation).",
    add={
        "kind": (_alias.field("mistranslation", "bool", lambda a, c: a.kind == "mistranslation"),)
    },
)
for _cls, _shape in ((Term, TERM), (Priority, PRIORITY), (Claim, CLAIM), (Alias, ALIAS)):
    _DERIVED[_cls] = _shape  # nested in Org: these shapes, not the plain derived ones


# --------------------------------------------------------------------------- answers

_span: Of[Span] = Of()
SPAN_REF = shape(
    "span_ref",
    "A chair's term in brief.",
    (
        _span.field("chair", "country"),
        _span.field("chair_name", "str", lambda x, c: country(x.chair, c)),
        _span.field("start", "date"),
        _span.field("end", "date"),
        _span.enum("status", STATUSES),
    ),
)

_cur: Of[Answer] = Of()
CURRENT = shape(
    "current",
    "The chair today, with how the dataset knows it.",
    (
        _cur.field("chair", "country", null=True),
        _cur.field("chair_name", "str", lambda a, c: country(a.chair, c), null=True),
        _cur.field("since", "date", lambda a, c: a.span.start if a.span else None),
        _cur.enum("status", STATUSES, doc="recorded, scheduled, projected, overdue or unknown"),
        _cur.field("reason", "str", doc="One line: why this status."),
        _cur.field(
            "uncertain",
            "bool",
            doc="A boundary is known only to the month or year, or a guess is due.",
        ),
        _cur.field("expected_end", "date", lambda a, c: a.expected.date if a.expected else None),
    ),
)

_on: Of[OrgNow] = Of()
_LOCALISED = {
    "acronym": _on.field("acronym", "str", lambda o, c: org_acronym(o.org, c.lang)),
    "name": _on.field("name", "str", lambda o, c: org_name(o.org, c.lang)),
}
_NOW = (
    _on.enum(
        "kind", CHOICES, lambda o, c: o.org.rotation.choice if o.org.rotation else None, null=True
    ),
    _on.enum(
        "period", PERIODS, lambda o, c: o.org.rotation.period if o.org.rotation else None, null=True
    ),
    _on.obj("current_chair", CURRENT, lambda o, c: o.now, null=False),
)
# An organisation with its chair on a day (query.OrgNow).
ORG_ITEM = derive(
    Org,
    "org_item",
    "One organisation with its chair on the day asked about.",
    via="org",
    pick=("id", "acronym", "name", "region", "themes", "founded", "headquarters"),
    replace=_LOCALISED,
    add={"region": _NOW[:2], "": _NOW[2:]},
    columns=(
        Ref("id", "id"),
        Ref("body", "acronym"),
        Ref("name", "name", wide=True),
        Ref("region", "region"),
        Ref("kind", "kind", wide=True),
        Ref("themes", "themes", wide=True),
        Ref("chair now", "current_chair.chair"),
        Ref("since", "current_chair.since"),
        Ref("status", "current_chair.status", "status"),
    ),
)
ORG_DETAIL = derive(
    Org,
    "org_detail",
    "One organisation in full (`show`).",
    via="org",
    replace={
        **_LOCALISED,
        "checked": _on.field(
            "checked",
            "date",
            lambda o, c: o.org.checked or (c.ds.checked if c.ds else None),
            doc="The date this body's sources were checked to (the horizon).",
        ),
    },
    add={"region": _NOW[:2], "headquarters": _NOW[2:]},
    enter=lambda o, c: c.at(o.org),
)


def _timeline_title(i: TimelineItem, ctx: Ctx) -> str:
    if i.kind != "handover" or ctx.lang == "en" or i.chair is None:
        return str(i.title)
    from chairship_cli.query import handover_title

    return handover_title(i.chair, i.previous, ctx.lang)


_tl: Of[TimelineItem] = Of()
TIMELINE_ITEM = shape(
    "timeline_item",
    "A dated event or a chair hand-over.",
    (
        _tl.field("date", "date", null=False),
        _tl.field("end", "date"),
        _tl.field("org", "id"),
        _tl.enum("kind", ("event", "handover")),
        _tl.field("title", "str", _timeline_title, doc="Hand-overs name the countries in --lang."),
        _tl.field("place", "text"),
        _tl.field("chair", "country", null=True),
        _tl.enum(
            "status",
            (*STATUSES, "planned"),
            doc="Events: recorded or planned. Hand-overs: the term's status.",
        ),
        _tl.field("meeting", "text"),
        _tl.field("themes", "strs"),
        _tl.field("people", "strs"),
        _tl.confidence(),
        _tl.urls(),
        _tl.field("note", "text"),
    ),
    (
        Ref("", "confidence", "mark"),
        Ref("date", "date"),
        Ref("end", "end", wide=True),
        Ref("org", "org"),
        Ref("kind", "kind", wide=True),
        Ref("title", "title", "labelled"),
        Ref("place", "place"),
        Ref("meeting", "meeting", wide=True),
        Ref("status", "status", "status"),
        Ref("themes", "themes", wide=True),
        Ref("confidence", "confidence", wide=True),
        Ref("sources", "sources", wide=True),
    ),
)

WHO_TERM = shape(
    "who_term",
    "The bounds of the chair's term.",
    (
        _cur.field("start", "date", lambda a, c: a.span.start if a.span else None),
        _cur.field("end", "date", lambda a, c: a.span.end if a.span else None),
        _cur.field("start_event", "text", lambda a, c: a.term.start_event if a.term else ""),
        _cur.field("end_event", "text", lambda a, c: a.term.end_event if a.term else ""),
        _cur.field(
            "confirmed_until", "date", lambda a, c: a.term.confirmed_until if a.term else None
        ),
        _cur.field("co_chairs", "countries", lambda a, c: a.term.co_chairs if a.term else ()),
        _cur.field("holder", "text", lambda a, c: a.term.holder if a.term else ""),
    ),
)
_exp: Of[Expected] = Of()
EXPECTED = shape(
    "expected",
    "When the open term is expected to end, and whether a source or the rule says so.",
    (
        _exp.field("date", "date", null=False),
        _exp.enum("basis", ("source", "rule")),
        _exp.field("event", "text"),
    ),
)


def _who_sources(a: Answer, ctx: Ctx) -> tuple[str, ...]:
    if a.term is not None:
        return tuple(a.term.sources)
    if a.span is not None and a.org.rotation is not None:
        return tuple(a.org.rotation.sources)  # a turn computed from the rule cites the rule
    return ()


def _who_confidence(a: Answer, ctx: Ctx) -> str | None:
    if a.term is not None:
        return str(a.term.confidence)
    return "unverified" if a.span is not None else None


WHO = shape(
    "who",
    "Who chaired an organisation on one day, with the status and reason of the answer.",
    (
        _cur.field("org", "id", lambda a, c: a.org.id),
        _cur.field("on", "day", lambda a, c: a.on),
        _cur.field("chair", "country", null=True),
        _cur.field("chair_name", "str", lambda a, c: country(a.chair, c), null=True),
        _cur.enum("status", STATUSES),
        _cur.field("reason", "str"),
        _cur.field(
            "checked", "date", doc="The date this body's sources were checked to (the horizon)."
        ),
        _cur.obj("term", WHO_TERM, lambda a, c: a if a.span is not None else None),
        _cur.obj("expected", EXPECTED),
        _cur.obj("previous", SPAN_REF),
        _cur.obj("next", SPAN_REF),
        _cur.field("uncertain", "bool"),
        _cur.field("notes", "strs"),
        _cur.arr("candidates", SPAN_REF, lambda a, c: [x for x in a.candidates if x is not a.span]),
        _cur.confidence(_who_confidence, null=True),
        _cur.urls("sources", _who_sources),
    ),
    (
        Ref("org", "org"),
        Ref("on", "on"),
        Ref("chair", "chair"),
        Ref("from", "term.start"),
        Ref("to", "term.end"),
        Ref("status", "status", "status"),
        Ref("uncertain", "uncertain"),
        Ref("reason", "reason", wide=True),
    ),
)


def _up_term(u: Upcoming) -> Term | None:
    return u.span.term if u.span is not None else None


_up: Of[Upcoming] = Of()
UPCOMING = shape(
    "upcoming",
    "A coming chair, or an expected hand-over whose successor is not recorded (chair null).",
    (
        _up.field("chair", "country", null=True),
        _up.field("chair_name", "str", lambda u, c: country(u.chair, c), null=True),
        _up.field("start", "date"),
        _up.field("end", "date"),
        _up.enum("status", STATUSES),
        _up.field("reason", "str"),
        _up.confidence(lambda u, c: t.confidence if (t := _up_term(u)) else "unverified"),
        _up.urls("sources", lambda u, c: t.sources if (t := _up_term(u)) else ()),
    ),
    (
        Ref("chair", "chair"),
        Ref("from", "start"),
        Ref("to", "end"),
        Ref("status", "status", "status"),
        Ref("reason", "reason"),
    ),
)
_next: Of[tuple[Answer, list[Upcoming]]] = Of()
NEXT = shape(
    "next",
    "The chair now and the coming chairs (`next`).",
    (
        _next.field("org", "id", lambda x, c: x[0].org.id),
        _next.field("on", "day", lambda x, c: x[0].on),
        _next.obj("now", WHO, lambda x, c: x[0], null=False),
        _next.arr("next", UPCOMING, lambda x, c: x[1]),
    ),
)


def _held_confidence(h: Chairmanship, ctx: Ctx) -> str:
    return h.span.term.confidence if h.span.term else "unverified"


_held: Of[Chairmanship] = Of()
CHAIRMANSHIP = shape(
    "chairmanship",
    "A chairmanship held (or co-chaired) by a country.",
    (
        _held.field("org", "id", lambda h, c: h.org.id),
        _held.field("org_name", "str", lambda h, c: org_name(h.org, c.lang)),
        _held.field("chair", "country", lambda h, c: h.span.chair),
        _held.field("chair_name", "str", lambda h, c: country(h.span.chair, c)),
        _held.enum("role", ("chair", "co-chair")),
        _held.field("start", "date", lambda h, c: h.span.start),
        _held.field("end", "date", lambda h, c: h.span.end),
        _held.field(
            "start_event", "text", lambda h, c: h.span.term.start_event if h.span.term else ""
        ),
        _held.field("end_event", "text", lambda h, c: h.span.term.end_event if h.span.term else ""),
        _held.enum("status", STATUSES),
        _held.field("uncertain", "bool"),
        _held.confidence(_held_confidence),
        _held.urls("sources", lambda h, c: h.span.term.sources if h.span.term else ()),
    ),
    (
        Ref("", "confidence", "mark"),
        Ref("org", "org"),
        _held.column("body", lambda h, c: org_acronym(h.org, c.lang)),
        Ref("name", "org_name", wide=True),
        Ref("chair", "chair", wide=True),
        Ref("role", "role", wide=True),
        Ref("from", "start"),
        Ref("to", "end"),
        Ref("status", "status", "status"),
        Ref("uncertain", "uncertain", wide=True),
    ),
)

_theme: Of[ThemeCount] = Of()
THEME_COUNT = shape(
    "theme_count",
    "A theme and how many organisations, priorities and events carry it.",
    (
        _theme.field("id", "id"),
        _theme.field("label", "str"),
        _theme.field("description", "str"),
        _theme.field("orgs", "strs"),
        _theme.field("org_count", "int", lambda t, c: len(t.orgs)),
        _theme.field("priorities", "int"),
        _theme.field("events", "int"),
    ),
    (
        Ref("theme", "id", "text"),
        Ref("label", "label"),
        Ref("orgs", "org_count"),
        Ref("priorities", "priorities"),
        Ref("events", "events"),
        Ref("organisations", "orgs"),
    ),
)

_hit: Of[Hit] = Of()
HIT = shape(
    "hit",
    "A search match: the record it is in and the text that matched.",
    (
        _hit.enum("kind", HIT_KINDS),
        _hit.field("org", "str", null=True),
        _hit.field("ref", "str"),
        _hit.field("text", "str"),
        _hit.field("field", "str"),
        _hit.field("matched", "str", doc="The text of the field that matched."),
        _hit.field("match_start", "int", lambda h, c: h.span[0] if h.span else None, null=True),
        _hit.field("match_end", "int", lambda h, c: h.span[1] if h.span else None, null=True),
    ),
    (
        Ref("kind", "kind"),
        Ref("org", "org", "id"),
        Ref("ref", "ref", wide=True),
        Ref("field", "field"),
        Ref("matched", "matched", "match"),
    ),
)

_use: Of[SourceUse] = Of()
SOURCE_USE = shape(
    "source_use",
    "A cited URL and what it supports.",
    (
        _use.field("url", "url"),
        _use.field("orgs", "strs"),
        _use.field("supports", "strs"),
    ),
    (
        Ref("url", "url"),
        Ref("orgs", "orgs"),
        _use.column("uses", lambda u, c: len(u.supports), "int"),
        Ref("supports", "supports", "first"),
    ),
)

CORRECTION = derive(
    Correction,
    "correction",
    "A translation error in the 2024 seed article and its correct reading.",
    columns=(
        Ref("#", "n"),
        Ref("", "confidence", "mark"),
        Ref("org", "org", wide=True),
        Ref("seed (Arabic)", "seed"),
        Ref("literally", "literal"),
        Ref("correct reading", "correct", "labelled"),
        Ref("confidence", "confidence", wide=True),
        Ref("sources", "sources", wide=True),
    ),
)


def _person_events(p: Person, ctx: Ctx) -> list[TimelineItem]:
    from chairship_cli.query import events_with_person

    assert ctx.ds is not None
    return events_with_person(ctx.ds, p)


def _role_text(r: Any) -> str:
    span = "–".join(x.isoformat() for x in (r.start, r.end) if x)
    return f"{r.title} ({span})" if span else str(r.title)


_person: Of[Person] = Of()
PERSON = derive(
    Person,
    "person",
    "A person named in the sources, with roles and events.",
    replace={"name": _person.field("name", "str", lambda p, c: person_name(p, c.lang))},
    add={"roles": (_person.arr("events", TIMELINE_ITEM, _person_events),)},
    columns=(
        Ref("", "confidence", "mark"),
        Ref("id", "id", "text"),
        Ref("name", "name", "labelled"),
        _person.column("roles", lambda p, c: [_role_text(r) for r in p.roles], "first"),
        Ref("spellings", "spellings", wide=True),
        Ref("sources", "sources", wide=True),
    ),
)

_problem: Of[Problem] = Of()
PROBLEM = shape(
    "problem",
    "One problem in a dataset.",
    (
        _problem.field("file", "str"),
        _problem.field("line", "int", null=True),
        _problem.field("org", "str", null=True),
        _problem.field("field", "str"),
        _problem.field("message", "str"),
        _problem.enum("severity", ("error", "warning")),
    ),
    (
        Ref("file", "file"),
        Ref("line", "line"),
        Ref("org", "org"),
        Ref("field", "field"),
        Ref("severity", "severity"),
        Ref("message", "message"),
    ),
)


class Checked(NamedTuple):
    """What `validate` found: valid or not, the organisations, warnings and problems."""

    valid: bool
    path: str
    organisations: int | None
    warnings: tuple[str, ...]
    problems: tuple[Problem, ...]


_checked: Of[Checked] = Of()
VALIDATE = shape(
    "validate",
    "The result of checking a dataset: valid or not, and every problem found.",
    (
        _checked.field("valid", "bool"),
        _checked.field("path", "str"),
        _checked.field("organisations", "int", null=True),
        _checked.field("warnings", "strs"),
        _checked.arr("problems", PROBLEM),
    ),
)


def _precision(x: AgendaItem, ctx: Ctx) -> str | None:
    return x.date.precision if x.date is not None else None


_ag: Of[AgendaItem] = Of()
AGENDA_ITEM = shape(
    "agenda_item",
    "An expected hand-over or a planned meeting (`upcoming`), with its status and reason.",
    (
        _ag.field(
            "id", "str", doc="Stays the same when the dataset is edited: the calendar event's UID."
        ),
        _ag.field(
            "date",
            "date",
            doc="When (at its precision); null for an overdue hand-over, listed first.",
        ),
        _ag.enum("precision", PRECISIONS, _precision, null=True),
        _ag.field("end", "date", doc="A meeting's last day, when it lasts several."),
        _ag.field("org", "id", lambda x, c: x.org.id),
        _ag.field("body", "str", lambda x, c: x.org.display_acronym(c.lang)),
        _ag.enum("kind", ("handover", "meeting")),
        _ag.field("what", "str", doc="What happens, in one line."),
        _ag.field("place", "text"),
        _ag.field("chair", "country", null=True, doc="The incoming chair (null: not recorded)."),
        _ag.field("chair_name", "str", lambda x, c: country(x.chair, c), null=True),
        _ag.field(
            "from_chair", "country", lambda x, c: x.previous, null=True, doc="The outgoing chair."
        ),
        _ag.field("from_chair_name", "str", lambda x, c: country(x.previous, c), null=True),
        _ag.enum("status", STATUSES),
        _ag.field("reason", "str", doc="One line: why this status."),
        _ag.field(
            "due", "date", doc="An overdue hand-over: when it was expected (before the window)."
        ),
        _ag.confidence(),
        _ag.urls(),
    ),
    (
        Ref("", "confidence", "mark"),
        Ref("date", "date"),
        Ref("precision", "precision", wide=True),
        Ref("org", "org", wide=True),
        Ref("body", "body"),
        Ref("kind", "kind", wide=True),
        Ref("what", "what", "labelled"),
        Ref("status", "status", "status"),
        Ref("reason", "reason", wide=True),
        Ref("due", "due", wide=True),
        Ref("id", "id", wide=True),
        Ref("sources", "sources", wide=True),
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

SHAPES = {sh.name: sh for sh, _ in COMMANDS.values()} | {UPCOMING.name: UPCOMING}


def row_shape(command: str) -> Shape | None:
    """The shape of one table / TSV / CSV row of a command (None: field-value lines)."""
    if command == "next":
        return UPCOMING  # the chair now, then the coming chairs
    sh = COMMANDS[command][0]
    return sh if sh.columns else None


# --------------------------------------------------------------------------- JSON


def _iso(v: Any, ctx: Ctx) -> Any:
    if v is None:
        return None
    return v.isoformat() if isinstance(v, (PartialDate, _dt.date)) else str(v)


def _as_is(v: Any, ctx: Ctx) -> Any:
    return v


def _string(v: Any, ctx: Ctx) -> Any:
    return v if v is None or isinstance(v, str) else str(v)


def _or_null(v: Any, ctx: Ctx) -> Any:
    return v or None


def _list(v: Any, ctx: Ctx) -> Any:
    return list(v or ())


def _converter(f: Field) -> Callable[[Any, Ctx], Any]:
    """How one field's value becomes JSON, chosen once per field (not per record)."""
    k, sub = f.kind, f.shape
    if k in ("date", "day"):
        return _iso
    if f.empty_null:
        return _or_null
    if k in LIST_KINDS:
        return _list
    if k == "table" and f.map_key:
        assert sub is not None
        key = attrgetter(f.map_key)
        return lambda v, c: {key(x): to_json(sub, x, c) for x in v or ()}
    if k == "table":
        assert sub is not None
        return lambda v, c: None if v is None else to_json(sub, v, c)
    if k == "tables":
        assert sub is not None
        return lambda v, c: [to_json(sub, x, c) for x in v or ()]
    if k in ("int", "bool"):
        return _as_is
    return _string


_PLANS: dict[str, list[tuple[str, Get, Callable[[Any, Ctx], Any]]]] = {}


def to_json(sh: Shape, record: Any, ctx: Ctx) -> JSON:
    """One record as its shape's JSON object, for ``ctx`` (the language of names, ...)."""
    plan = _PLANS.get(sh.name)
    if plan is None:
        plan = _PLANS[sh.name] = [(f.key, f.get, _converter(f)) for f in sh.fields]
    if sh.enter is not None:
        ctx = sh.enter(record, ctx)
    return {key: conv(get(record, ctx), ctx) for key, get, conv in plan}


def records(sh: Shape, items: Iterable[Any], ctx: Ctx) -> list[JSON]:
    return [to_json(sh, x, ctx) for x in items]


# --------------------------------------------------------------------------- plain cells


def cell_text(style: str, v: Any) -> str:
    """A column value as plain text (TSV, CSV); the terminal styles some kinds."""
    if v is None or v == "":
        return ""
    if style == "date":
        return v.isoformat() if hasattr(v, "isoformat") else str(v)
    if style in ("list", "lines"):
        return ", ".join(v)
    if style == "urls":
        return " ".join(v)
    if style == "first":
        return str(v[0]) + (f" (+{len(v) - 1} more)" if len(v) > 1 else "") if v else ""
    if style == "flag":
        return "yes" if v else ""
    return str(v)


def data_columns(sh: Shape) -> list[Column]:
    """The columns of TSV and CSV: all but the terminal's confidence marks."""
    return [c for c in sh.columns if c.style != "mark"]


def cells(sh: Shape, record: Any, ctx: Ctx) -> list[str]:
    return [cell_text(c.style, c.get(record, ctx)) for c in data_columns(sh)]


def headers(sh: Shape) -> list[str]:
    return [c.header for c in data_columns(sh)]


# --------------------------------------------------------------------------- JSON Schema

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_CODE = {"type": "string", "pattern": "^[A-Z]{2}$"}
_URL = {"type": "string", "pattern": "^https?://"}
# The JSON Schema of a value of each scalar and list kind (model.KINDS).
KIND_SCHEMA: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "id": {"type": "string"},
    "text": {"type": "string", "minLength": 1},  # free text: absent is null, never ""
    "url": _URL,
    "date": {"type": "string", "pattern": DATE_PATTERN},
    "day": {"type": "string", "pattern": DAY_PATTERN},
    "int": {"type": "integer", "minimum": 0},
    "bool": {"type": "boolean"},
    "country": _CODE,
    "lang": {"enum": list(LANGS)},
    "confidence": {"enum": list(CONFIDENCE_LEVELS)},
    "alias_kind": {"enum": list(ALIAS_KINDS)},
    "strs": {"type": "array", "items": {"type": "string"}},
    "themes": {"type": "array", "items": {"type": "string"}},
    "countries": {"type": "array", "items": _CODE},
    "urls": {"type": "array", "items": _URL},
}


def _field_schema(f: Field, defs: dict[str, Any]) -> dict[str, Any]:
    k = f.kind
    out: dict[str, Any]
    if k == "enum":
        out = {"enum": list(f.values)}
    elif k == "table" and f.map_key:
        assert f.shape is not None
        out = {
            "type": "object",
            "propertyNames": {"enum": list(f.values)},
            "additionalProperties": {"$ref": _ref(f.shape, defs)},
        }
    elif k == "table":
        assert f.shape is not None
        out = {"$ref": _ref(f.shape, defs)}
    elif k == "tables":
        assert f.shape is not None
        out = {"type": "array", "items": {"$ref": _ref(f.shape, defs)}}
    else:
        out = dict(KIND_SCHEMA[k])
    if f.null:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]  # e.g. ["string", "null"], keeping its pattern
        else:
            out = {"anyOf": [out, {"type": "null"}]}  # a $ref or an enum
    if f.doc:
        out["description"] = f.doc
    return out


def _ref(sh: Shape, defs: dict[str, Any]) -> str:
    if sh.name not in defs:
        defs[sh.name] = {}  # reserve first: shapes may refer to each other
        defs[sh.name] = _object_schema(sh, defs)
    return f"#/$defs/{sh.name}"


def _object_schema(sh: Shape, defs: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": sh.doc,
        "required": [f.key for f in sh.fields],
        "properties": {f.key: _field_schema(f, defs) for f in sh.fields},
        "additionalProperties": True,
    }


def schema(command: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of `chairship COMMAND --json`: one self-contained document."""
    sh, mode = COMMANDS[command]
    defs: dict[str, Any] = {}
    ref = _ref(sh, defs)
    what = {"array": "An array of", "object": "One", "either": "One, or an array of"}[mode]
    top: dict[str, Any] = {
        "$schema": _DIALECT,
        "title": f"chairship {command} --json",
        "description": (
            f"{what} {sh.name} record: {sh.doc} Keys may be added in later versions;"
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


__all__ = ["COMMANDS", "Column", "Ctx", "Field", "Shape", "Span", "schema", "to_json"]
