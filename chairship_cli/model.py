"""The dataset as frozen dataclasses: the one declaration of the data. No I/O, no typer, no rich.

Every field says how it is written in TOML (``toml(kind, ...)``): load.py derives every check
from these declarations, so a new field is written once, here, with its kind and whether it is
required (it is, unless it has a default). The kinds are listed in KINDS.

Every fact-bearing record carries ``confidence`` and ``sources`` (the base class ``Sourced``);
see docs/data.md.
"""

from collections.abc import Iterator, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any

from .dates import PartialDate

SCHEMA_VERSION = 2
CACHE_FORMAT = 5  # bump when the compiled cache's layout changes (load.compact_orgs, cache.write)

CONFIDENCE_LEVELS = ("verified", "single-source", "unverified", "disputed")
LANGS = ("en", "ru", "kk", "ar")
ALIAS_KINDS = ("variant", "former", "seed", "mistranslation", "short")
REGIONS = (
    "global",
    "europe",
    "eurasia",
    "asia",
    "middle-east",
    "africa",
    "americas",
    "oceania",
    "arctic",
)
# How often the chair changes, how the next chair is chosen, and how the hand-over happens.
PERIODS = ("monthly", "half-yearly", "yearly", "two-yearly", "summit-to-summit", "irregular")
CHOICES = ("fixed-order", "alphabetical", "summit-host", "election")
HANDOVERS = ("on-date", "at-meeting")
TERM_KINDS = ("regular", "interim", "extended", "swapped")
TERM_BASES = ("source", "rule")
GROUP_KINDS = ("trio", "troika")
# The five statuses of a chair answer (docs/data.md, "Statuses").
STATUSES = ("recorded", "scheduled", "projected", "overdue", "unknown")

# The TOML kinds of a field (how load.py checks and converts it).
KINDS = (
    "str",  # a one-line string, not empty
    "text",  # free text: may be empty, may hold tab and newline
    "id",  # lowercase letters, digits and '-'
    "int",  # a whole number, not negative
    "bool",
    "date",  # a date string "YYYY", "YYYY-MM" or "YYYY-MM-DD" -> PartialDate
    "url",  # an http(s) URL
    "urls",  # a list of http(s) URLs
    "strs",  # a list of one-line strings
    "themes",  # a list of [[theme]] ids
    "country",  # an ISO 3166-1 alpha-2 code
    "countries",  # a list of them
    "lang",  # a two-letter language code
    "confidence",  # one of CONFIDENCE_LEVELS
    "alias_kind",  # one of ALIAS_KINDS
    "enum",  # one of ``values``
    "table",  # a table of the record in the field's type
    "tables",  # an array of tables of that record
    "key",  # not a key: the name of the record's own table (the language of [org.names.LANG])
    "none",  # not in TOML (set by the loader)
)


def toml(
    kind: str,
    *,
    default: Any = MISSING,
    values: tuple[str, ...] = (),
    required: bool | None = None,
    key: str = "",
    compare: bool = True,
    kw_only: bool = False,
) -> Any:
    """A field, as it is written in TOML: its ``kind`` (see KINDS) and, for an enum, its
    ``values``. It is required in TOML when it has no ``default``, unless ``required`` says
    otherwise. ``key``: its TOML key, when that is not the field's name. ``kw_only``: a
    keyword-only argument (a base class's field with a default)."""
    meta: dict[str, Any] = {"kind": kind}
    if values:
        meta["values"] = values
    if required is not None:
        meta["required"] = required
    if key:
        meta["key"] = key
    return field(default=default, compare=compare, metadata=meta, kw_only=kw_only)


@dataclass(frozen=True, slots=True)
class Sourced:
    """A fact-bearing record: how sure it is, the sources that say so, and a note. They are
    keyword-only arguments: a record's own fields come first, and positionally."""

    confidence: str = toml("confidence", kw_only=True)
    sources: tuple[str, ...] = toml("urls", kw_only=True)
    note: str = toml("text", default="", kw_only=True)


def reading_order(cls: type) -> tuple[Field[Any], ...]:
    """A record's fields as a reader expects them (in docs, exports and search): its own in
    declaration order, then those it inherits from Sourced (confidence, sources, note)."""
    inherited = {f.name for f in fields(Sourced)} if issubclass(cls, Sourced) else set()
    every = fields(cls)
    return (
        *(f for f in every if f.name not in inherited),
        *(f for f in every if f.name in inherited),
    )


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of the vocabulary ([[theme]]); its order is the display order."""

    id: str = toml("id")
    label: str = toml("str")
    description: str = toml("text", default="")


@dataclass(frozen=True, slots=True)
class Name(Sourced):
    """A body's name in one language ([org.names.LANG])."""

    lang: str = toml("key")  # [org.names.LANG]
    name: str = toml("str")
    acronym: str | None = toml("str", default=None)


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name a user may type for a body ([[org.aliases]])."""

    text: str = toml("str")
    lang: str = toml("lang")
    kind: str = toml("alias_kind")
    sources: tuple[str, ...] = toml("urls")
    note: str = toml("text", default="")
    until: PartialDate | None = toml("date", default=None)


@dataclass(frozen=True, slots=True)
class MemberCount(Sourced):
    """How many members a body has, on the date it holds for ([[org.members]])."""

    count: int = toml("int")
    as_of: PartialDate = toml("date")
    codes: tuple[str, ...] = toml("countries", default=())


@dataclass(frozen=True, slots=True)
class Rotation(Sourced):
    """The rule in prose, and in fields a program can use (period, choice, hand-over, order)."""

    text: str = toml("str")
    period: str = toml("enum", values=PERIODS, default="irregular", required=True)
    choice: str = toml("enum", values=CHOICES, default="election", required=True)
    handover: str = toml("enum", values=HANDOVERS, default="at-meeting", required=True)
    meeting: str = toml("text", default="")
    order: tuple[str, ...] = toml("countries", default=())
    order_until: PartialDate | None = toml("date", default=None)


@dataclass(frozen=True, slots=True)
class Chairperson:
    """A person who speaks for the chair during a term (``chairpersons`` of a term)."""

    name: str = toml("str")
    role: str = toml("text", default="")
    start: PartialDate | None = toml("date", default=None)
    end: PartialDate | None = toml("date", default=None)


@dataclass(frozen=True, slots=True)
class Office:
    """One chaired office of a body with more than one (its terms name it)."""

    id: str = toml("id")
    name: str = toml("str")
    note: str = toml("text", default="")


@dataclass(frozen=True, slots=True)
class Term(Sourced):
    """One chairmanship: ``chair`` holds from ``start`` through ``end`` (both inclusive)."""

    chair: str = toml("country")
    start: PartialDate | None = toml("date", default=None)
    end: PartialDate | None = toml("date", default=None)
    start_event: str = toml("text", default="")
    end_event: str = toml("text", default="")
    confirmed_until: PartialDate | None = toml("date", default=None)
    # "rule": computed from the rotation rule, not named by a source
    basis: str = toml("enum", values=TERM_BASES, default="source")
    # an open term's planned end, from a source
    expected_end: PartialDate | None = toml("date", default=None)
    expected_event: str = toml("text", default="")
    kind: str = toml("enum", values=TERM_KINDS, default="regular")
    skipped: tuple[str, ...] = toml("countries", default=())
    holder: str = toml("text", default="")  # when the holder is not exactly the country of `chair`
    co_chairs: tuple[str, ...] = toml("countries", default=())
    group_kind: str = toml("enum", values=GROUP_KINDS, default="")
    group: tuple[str, ...] = toml("countries", default=())
    chairpersons: tuple[Chairperson, ...] = toml("tables", default=())
    office: str = toml("id", default="")


@dataclass(frozen=True, slots=True)
class Priority(Sourced):
    """A chair's stated programme for one term: ``chair`` and the ``term`` (its start)."""

    text: str = toml("str")
    themes: tuple[str, ...] = toml("themes")
    chair: str = toml("country", default="", required=True)
    term: PartialDate | None = toml("date", default=None, required=True)


@dataclass(frozen=True, slots=True)
class Event(Sourced):
    """A dated event of a body ([[org.events]])."""

    date: PartialDate = toml("date")
    title: str = toml("str")
    end: PartialDate | None = toml("date", default=None)
    place: str = toml("text", default="")
    themes: tuple[str, ...] = toml("themes", default=())
    people: tuple[str, ...] = toml("strs", default=())
    planned: bool = toml("bool", default=False)  # scheduled, not yet reported as held


@dataclass(frozen=True, slots=True)
class Claim(Sourced):
    """A disputed claim, what the dataset records instead, and why ([[org.claims]])."""

    id: str = toml("id")
    claim: str = toml("str")
    asserted_by: tuple[str, ...] = toml("strs")
    record: str = toml("str")


@dataclass(frozen=True, slots=True)
class Org:
    """One international body ([[org]])."""

    id: str = toml("id")
    # The English acronym and name: in TOML only without [org.names.en], which then holds them.
    acronym: str = toml("str", required=False)
    name: str = toml("str", required=False)
    founded: PartialDate = toml("date")
    headquarters: str = toml("str")
    website: str = toml("url")
    themes: tuple[str, ...] = toml("themes")
    sources: tuple[str, ...] = toml("urls")
    founded_note: str = toml("text", default="")
    summary: str = toml("text", default="")
    region: str = toml("enum", values=REGIONS, default="global", required=True)
    checked: PartialDate | None = toml("date", default=None)  # this body's knowledge horizon
    offices: tuple[Office, ...] = toml("tables", default=())
    names: tuple[Name, ...] = toml("table", default=())  # [org.names.LANG], a table per language
    aliases: tuple[Alias, ...] = toml("tables", default=())
    members: tuple[MemberCount, ...] = toml("tables", default=())
    rotation: Rotation | None = toml("table", default=None)
    terms: tuple[Term, ...] = toml("tables", default=())
    priorities: tuple[Priority, ...] = toml("tables", default=())
    # a tuple, or fast.LazyEvents from the compiled cache
    events: Sequence[Event] = toml("tables", default=())
    claims: tuple[Claim, ...] = toml("tables", default=())

    def name_in(self, lang: str) -> Name | None:
        for n in self.names:
            if n.lang == lang:
                return n
        return None

    def horizon(self, default: PartialDate | None) -> PartialDate | None:
        return self.checked or default

    def display_name(self, lang: str = "en") -> str:
        n = self.name_in(lang)
        return n.name if n else self.name

    def display_acronym(self, lang: str = "en") -> str:
        n = self.name_in(lang)
        return n.acronym if n and n.acronym else self.acronym


@dataclass(frozen=True, slots=True)
class Role:
    """An office a person held ([[person.roles]])."""

    title: str = toml("str")
    org: str | None = toml("id", default=None)
    start: PartialDate | None = toml("date", default=None)
    end: PartialDate | None = toml("date", default=None)


@dataclass(frozen=True, slots=True)
class Person(Sourced):
    """A person named in the sources ([[person]])."""

    id: str = toml("id")
    name: str = toml("str")
    spellings: tuple[str, ...] = toml("strs", default=())
    seed_forms: tuple[str, ...] = toml("strs", default=())
    roles: tuple[Role, ...] = toml("tables", default=())


@dataclass(frozen=True, slots=True)
class Correction(Sourced):
    """A translation error of the seed article, corrected ([[correction]])."""

    n: int = toml("int")
    seed: str = toml("str")
    literal: str = toml("str")
    correct: str = toml("str")
    org: str | None = toml("id", default=None)
    cause: str = toml("text", default="")


@dataclass(frozen=True, slots=True)
class Dataset:
    """The whole document; its TOML keys are the top level of the file."""

    path: str = toml("none")
    themes: tuple[Theme, ...] = toml("tables", key="theme")
    # a tuple, or fast.LazyOrgs from the compiled cache (each Org built when first read)
    orgs: Sequence[Org] = toml("tables", key="org")
    people: tuple[Person, ...] = toml("tables", default=(), key="person")
    corrections: tuple[Correction, ...] = toml("tables", default=(), key="correction")
    schema_version: int = toml("int", default=SCHEMA_VERSION, required=True)
    checked: PartialDate | None = toml("date", default=None, required=True)  # knowledge horizon
    warnings: tuple[str, ...] = toml("none", default=(), compare=False)

    def org(self, org_id: str) -> Org | None:
        find = getattr(self.orgs, "find", None)  # fast.LazyOrgs builds only the one asked for
        if find is not None:
            found: Org | None = find(org_id)
            return found
        for o in self.orgs:
            if o.id == org_id:
                return o
        return None

    def person(self, person_id: str) -> Person | None:
        for p in self.people:
            if p.id == person_id:
                return p
        return None

    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def _replace_warnings(self, warnings: list[str]) -> "Dataset":
        import dataclasses

        return dataclasses.replace(self, warnings=tuple(warnings)) if warnings else self


def lookup_texts(o: Org) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Every string a user may type to mean this organisation, with where it is defined."""
    yield o.id, ("id",)
    yield o.acronym, ("acronym",)
    yield o.name, ("name",)
    for n in o.names:
        yield n.name, ("names", n.lang, "name")
        if n.acronym:
            yield n.acronym, ("names", n.lang, "acronym")
    for j, a in enumerate(o.aliases):
        yield a.text, ("aliases", j, "text")
