"""Pure questions over a Dataset: lookup, filters, timeline, who chaired when, search, sources.

Nothing here prints, parses options or imports typer or rich.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from . import countries
from .chronology import Answer, Span
from .dates import PartialDate, overlaps
from .match import MAX_QUERY as MAX_QUERY
from .match import NotFound as NotFound
from .match import find_org as find_org
from .match import find_person as find_person
from .match import suggest as suggest
from .model import Dataset, Event, Org, Person, lookup_texts
from .textkey import fold

# --------------------------------------------------------------------------- lookup


def org_index(ds: Dataset) -> dict[str, str]:
    """Folded name/alias/acronym/id -> org id."""
    index: dict[str, str] = {}
    for o in ds.orgs:
        for text, _where in lookup_texts(o):
            key = fold(text)
            if key:
                index.setdefault(key, o.id)
    return index


def find_theme(ds: Dataset, query: str) -> str:
    """A theme id, case-insensitively; raise NotFound with the valid values."""
    key = fold(query)
    for t in ds.themes:
        if fold(t.id) == key or fold(t.label) == key:
            return t.id
    raise NotFound("theme", query, ds.theme_ids())


def country_code(query: str) -> str:
    """ISO alpha-2 code from a code or a country name in English, Russian, Kazakh or Arabic,
    ignoring case and diacritics; NotFound with the nearest names (any language) otherwise."""
    q = query.strip()
    if len(q) == 2 and q.upper() in countries.NAMES:
        return q.upper()
    key = fold(q)
    for code, name in countries.NAMES.items():
        if fold(name) == key:
            return code
    for code, others in countries.OTHER_NAMES.items():
        if any(fold(o) == key for o in others):
            return code
    names = _localised_country_names()  # Russian, Kazakh and Arabic: only on this slower path
    if key in names:
        return names[key]
    suggestions: list[str] = []
    if key and len(q) <= MAX_QUERY:
        import difflib  # only when nothing matches: not on the start-up path

        for m in difflib.get_close_matches(key, list(names), n=6, cutoff=0.7):
            hint = f"{names[m]} ({countries.NAMES[names[m]]})"
            if hint not in suggestions:
                suggestions.append(hint)
    raise NotFound("country", query, suggestions[:3])


COUNTRY_LANGS = ("ru", "kk", "ar")  # with English, the languages of the organisations' names


def _localised_country_names() -> dict[str, str]:
    """Folded country name -> ISO code, in English and (from the Unicode CLDR, through Babel)
    Russian, Kazakh and Arabic."""
    from babel import Locale

    out: dict[str, str] = {}
    for code, name in countries.NAMES.items():
        out.setdefault(fold(name), code)
        for other in countries.OTHER_NAMES.get(code, ()):
            out.setdefault(fold(other), code)
    for lang in COUNTRY_LANGS:
        territories = Locale.parse(lang).territories
        for code in countries.NAMES:
            local = territories.get(code)
            if local:
                out.setdefault(fold(local), code)
    return out


def looks_like_country(query: str) -> str | None:
    """The ISO code when ``query`` names a country exactly (for a hint on a miss), else None."""
    try:
        return country_code(query)
    except NotFound:
        return None


def country_name(code: str) -> str:
    return countries.NAMES.get(code, code)


# --------------------------------------------------------------------------- themes


class ThemeCount(NamedTuple):
    id: str
    label: str
    description: str
    orgs: tuple[str, ...]
    priorities: int
    events: int


def theme_counts(ds: Dataset) -> list[ThemeCount]:
    out = []
    for t in ds.themes:
        out.append(
            ThemeCount(
                id=t.id,
                label=t.label,
                description=t.description,
                orgs=tuple(o.id for o in ds.orgs if t.id in o.themes),
                priorities=sum(t.id in p.themes for o in ds.orgs for p in o.priorities),
                events=sum(t.id in e.themes for o in ds.orgs for e in o.events),
            )
        )
    return out


# --------------------------------------------------------------------------- timeline


class TimelineItem(NamedTuple):
    date: PartialDate
    org: str
    title: str
    kind: str  # "event" or "handover"
    confidence: str
    sources: tuple[str, ...]
    end: PartialDate | None = None
    place: str = ""
    note: str = ""
    themes: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    chair: str | None = None
    status: str = "recorded"  # events: recorded or planned; hand-overs: a term status
    meeting: str = ""  # hand-overs: the meeting at which the chair passed
    previous: str | None = None  # hand-overs: the outgoing chair, when it hands over directly


def handover_items(ds: Dataset, org: Org, until: _dt.date | None = None) -> Iterator[TimelineItem]:
    """One item per chair's first day: 'Kazakhstan takes the chair from India'.

    Built from chronology.spans, so its days agree with who, country, the chart and exports;
    turns computed from the rule's order (up to ``until``) are included as projected."""
    from .chronology import spans

    prev: Span | None = None
    rot_sources = org.rotation.sources if org.rotation else ()
    for s in spans(ds, org, until):
        if s.start is not None:
            outgoing = prev.chair if prev is not None and _follows(prev, s) else None
            title = handover_title(s.chair, outgoing)
            t = s.term
            yield TimelineItem(
                date=s.start,
                org=org.id,
                title=title,
                kind="handover",
                confidence=t.confidence if t else "unverified",
                sources=t.sources if t else rot_sources,
                place="",
                note=(t.note if t else "computed from the rotation rule's order"),
                chair=s.chair,
                status=s.status,
                meeting=t.start_event if t else "",
                previous=outgoing,
            )
        prev = s


def handover_title(chair: str, outgoing: str | None, lang: str = "en") -> str:
    """'Kazakhstan takes the chair from India', the countries named in ``lang``."""
    from .i18n import country_name as local

    title = f"{local(chair, lang)} takes the chair"
    return title + (f" from {local(outgoing, lang)}" if outgoing else "")


def _follows(prev: Span, s: Span) -> bool:
    """s starts the day after prev's last day (or within its uncertain boundary)."""
    if prev.last_hi is None or s.first_lo is None:
        return False
    return (s.first_lo - prev.last_hi).days <= 1


def event_item(org: Org, ev: Event) -> TimelineItem:
    return TimelineItem(
        date=ev.date,
        end=ev.end,
        org=org.id,
        title=ev.title,
        kind="event",
        confidence=ev.confidence,
        sources=ev.sources,
        place=ev.place,
        note=ev.note,
        themes=ev.themes,
        people=ev.people,
        status="planned" if ev.planned else "recorded",
    )


def year_span(year: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


def timeline(
    ds: Dataset,
    orgs: Iterable[Org] | None = None,
    lo: _dt.date | None = None,
    hi: _dt.date | None = None,
    theme: str | None = None,
) -> list[TimelineItem]:
    """Dated events and hand-overs in date order, optionally within lo..hi (inclusive)."""
    lo = lo or _dt.date.min
    hi = hi or _dt.date.max
    items: list[TimelineItem] = []
    lo_year, hi_year = lo.year, hi.year
    for org in ds.orgs if orgs is None else orgs:
        narrow = getattr(org.events, "overlapping_years", None)  # fast.LazyEvents
        for ev in narrow(lo_year, hi_year) if narrow else org.events:
            last = ev.end or ev.date
            if ev.date.year > hi_year or last.year < lo_year:
                continue  # cheap year test first: most events of a large dataset fail it
            if overlaps(ev.date, last, lo, hi):
                items.append(event_item(org, ev))
        until = hi if hi != _dt.date.max else None
        for h in handover_items(ds, org, until):
            if overlaps(h.date, h.date, lo, hi):
                items.append(h)
    if theme is not None:
        items = [i for i in items if theme in i.themes]
    items.sort(key=lambda i: (i.date.sort_key(), i.org, i.kind != "handover", i.title))
    return items


# --------------------------------------------------------------------------- who chaired when


WhoAnswer = Answer  # what `who` answers: see chronology.Answer


def who(
    ds: Dataset,
    org: Org,
    on: _dt.date,
    office: str | None = None,
    today: _dt.date | None = None,
) -> WhoAnswer:
    """The chair on a day. Hand-over rule: the incoming chair holds on the hand-over day.

    Never guesses: a day before the records, in a gap, or past what the rule can compute gives
    no chair ("unknown"); every answer carries its status and a one-line reason. ``today``
    (default: the system's date) decides what is past: a day still to come is never overdue.
    """
    from .chronology import answer

    return answer(ds, org, on, office, today)


def current_chair(ds: Dataset, org: Org, today: _dt.date | None = None) -> WhoAnswer:
    today = today or _dt.date.today()
    return who(ds, org, today, today=today)


class OrgNow(NamedTuple):
    """An organisation and its chair on the day asked about (`list`, `show`)."""

    org: Org
    now: Answer


# --------------------------------------------------------------------------- countries


class Chairmanship(NamedTuple):
    org: Org
    span: Span
    status: str
    uncertain: bool
    role: str  # "chair" or "co-chair"


def _role(span: Span, code: str) -> str | None:
    if span.chair == code:
        return "chair"
    if span.term is not None and code in span.term.co_chairs:
        return "co-chair"
    return None


def chairmanships(
    ds: Dataset,
    code: str,
    lo: _dt.date | None = None,
    hi: _dt.date | None = None,
    today: _dt.date | None = None,
    orgs: Iterable[Org] | None = None,
) -> list[Chairmanship]:
    """Every term the country held (or co-chaired) that overlaps lo..hi (all recorded time
    without bounds), in all bodies or in ``orgs``, oldest first. One day (lo == hi) is
    answered exactly as `who` answers it."""
    from .chronology import spans

    out = []
    for org in ds.orgs if orgs is None else orgs:
        if lo is not None and lo == hi:
            a = who(ds, org, lo, today=today)
            if a.span is not None and (role := _role(a.span, code)):
                out.append(Chairmanship(org, a.span, a.status, a.uncertain, role))
            continue
        for s in spans(ds, org, hi):
            role = _role(s, code)
            if role is None:
                continue
            if lo is not None and hi is not None:
                if not s.possibly_covers_range(lo, hi):
                    continue
                sure = s.surely_within(lo, hi) and s.start is not None
            else:
                sure = s.start is not None
            out.append(Chairmanship(org, s, s.status, not sure, role))
    out.sort(key=lambda c: (c.span.first_lo or _dt.date.min, c.org.id))
    return out


# --------------------------------------------------------------------------- search


HIT_KINDS = ("org", "term", "rotation", "priority", "event", "claim", "person", "correction")


class Hit(NamedTuple):
    kind: str  # one of HIT_KINDS
    org: str | None
    ref: str  # what the hit is: an org id, a date, a person id, a correction number
    text: str  # the record's main text
    field: str  # where the query matched
    matched: str  # the text of that field
    span: tuple[int, int] | None = None  # where in ``matched`` the query matched


def search(ds: Dataset, query: str) -> list[Hit]:
    """Substring search (case, diacritics and punctuation ignored) over everything named:
    bodies, chair terms and their hand-over meetings, rotation rules, priorities, events (their
    dates too: `2024-07-04`), disputed claims, people and the seed's corrections. The fields
    looked in are those model.py declares searchable (see :func:`searchable`)."""
    from .textkey import find_span

    key = fold(query)
    if not key:
        return []
    hits: list[Hit] = []

    def check(
        kind: str, org: str | None, ref: str, text: str, fields: Iterable[tuple[str, str]]
    ) -> None:
        for fname, value in fields:
            if value and key in fold(value):
                hits.append(Hit(kind, org, ref, text, fname, value, find_span(value, query)))
                return

    for o in ds.orgs:
        names: list[tuple[str, str]] = searched(o)
        for n in o.names:
            names.append((f"names.{n.lang}", n.name))
            if n.acronym:
                names.append((f"names.{n.lang}.acronym", n.acronym))
        names += [(f"alias ({a.kind}, {a.lang})", a.text) for a in o.aliases]
        check("org", o.id, o.id, o.name, names)
        if o.rotation:
            check("rotation", o.id, o.id, o.rotation.text, searched(o.rotation))
        for t in o.terms:
            span = f"{t.start or '?'} to {t.end or 'open'}"
            label = f"{country_name(t.chair)} chairs {o.acronym}, {span}"
            check("term", o.id, str(t.start or t.end), label, searched(t))
        for p in o.priorities:
            check("priority", o.id, o.id, p.text, searched(p))
        for ev in o.events:
            check("event", o.id, ev.date.isoformat(), ev.title, searched(ev))
        for c in o.claims:
            check("claim", o.id, c.id, c.claim, searched(c))
    for person in ds.people:
        check("person", None, person.id, person.name, searched(person))
    for fix in ds.corrections:
        check("correction", fix.org, str(fix.n), fix.correct, searched(fix))
    return hits


# Records with hits of their own (and an organisation's names and aliases, searched with their
# language): not searched again as a part of the record that holds them.
_HIT_RECORDS = ("Org", "Rotation", "Term", "Priority", "Event", "Claim", "Person", "Correction")
_NOT_NESTED = (*_HIT_RECORDS, "Name", "Alias")
_SEARCHABLE: dict[type, tuple[tuple[str, str, str], ...]] = {}


def searchable(cls: type) -> tuple[tuple[str, str, str], ...]:
    """(field, label, kind) of each field of a record that `search` looks in, in reading order
    (model.reading_order): those of model.SEARCH_KINDS unless declared ``search=False``, and
    those declared ``search=True`` or with a label; then (kind "tables") the records it holds
    that have no hits of their own."""
    found = _SEARCHABLE.get(cls)
    if found is None:
        from .model import SEARCH_KINDS, reading_order

        out = []
        for f in reading_order(cls):
            kind, flag = f.metadata["kind"], f.metadata.get("search")
            if kind in ("table", "tables"):
                if not any(name in str(f.type) for name in _NOT_NESTED):
                    out.append((f.name, "", "tables"))
                continue
            if flag is False or (flag is None and kind not in SEARCH_KINDS):
                continue
            out.append((f.name, flag if isinstance(flag, str) else f.name, kind))
        found = _SEARCHABLE[cls] = tuple(out)
    return found


def searched(record: object) -> list[tuple[str, str]]:
    """(label, text) of each searchable value of a record (see :func:`searchable`): a
    country as its name, a date as ISO text (an event's with its end), a list item by item."""
    out: list[tuple[str, str]] = []
    for name, label, kind in searchable(type(record)):
        value = getattr(record, name)
        if kind == "tables":
            for held in value if isinstance(value, tuple) else (value,):
                if held is not None:
                    out += searched(held)
        elif kind == "country":
            out.append((label, country_name(value)))
        elif kind == "date":
            end = getattr(record, "end", None) if name == "date" else None
            text = value.isoformat() if value is not None else ""
            out.append((label, text + (f" – {end.isoformat()}" if end else "")))
        elif isinstance(value, tuple):
            out += [(label, str(v)) for v in value]
        elif value is not None:
            out.append((label, str(value)))
    return out


def events_with_person(ds: Dataset, person: Person) -> list[TimelineItem]:
    items = [event_item(o, e) for o in ds.orgs for e in o.events if person.id in e.people]
    items.sort(key=lambda i: (i.date.sort_key(), i.org))
    return items


# --------------------------------------------------------------------------- sources


class SourceUse(NamedTuple):
    url: str
    orgs: list[str]
    supports: list[str]


def sources(ds: Dataset, orgs: Iterable[Org] | None = None) -> list[SourceUse]:
    """Every cited URL with what it supports, in first-cited order (all or some bodies)."""
    by_url: dict[str, SourceUse] = {}

    def add(urls: Iterable[str], org_id: str | None, what: str) -> None:
        for u in urls:
            use = by_url.get(u) or by_url.setdefault(u, SourceUse(u, [], []))
            if org_id and org_id not in use.orgs:
                use.orgs.append(org_id)
            if what not in use.supports:
                use.supports.append(what)

    for o in ds.orgs if orgs is None else orgs:
        add(o.sources, o.id, f"{o.acronym}: basic data")
        for n in o.names:
            add(n.sources, o.id, f"{o.acronym}: name ({n.lang}) {n.name}")
        for a in o.aliases:
            add(a.sources, o.id, f"{o.acronym}: alias {a.text}")
        for m in o.members:
            add(m.sources, o.id, f"{o.acronym}: {m.count} members as of {m.as_of}")
        if o.rotation:
            add(o.rotation.sources, o.id, f"{o.acronym}: rotation rule")
        for t in o.terms:
            span = f"{t.start or '?'} to {t.end or 'open'}"
            add(t.sources, o.id, f"{o.acronym}: chair {country_name(t.chair)} {span}")
        for p in o.priorities:
            add(p.sources, o.id, f"{o.acronym}: priority: {p.text}")
        for ev in o.events:
            add(ev.sources, o.id, f"{o.acronym}: {ev.date} {ev.title}")
        for c in o.claims:
            add(c.sources, o.id, f"{o.acronym}: disputed claim: {c.claim}")
    if orgs is None:
        for person in ds.people:
            add(person.sources, None, f"person: {person.name}")
        for fix in ds.corrections:
            add(fix.sources, fix.org, f"seed correction {fix.n}: {fix.correct}")
    return list(by_url.values())
