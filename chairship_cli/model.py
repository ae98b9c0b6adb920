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
    "day",  # a whole day, YYYY-MM-DD (output only: the day a question is about)
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
# The kinds whose value is a list (a tuple in the record).
LIST_KINDS = ("strs", "urls", "themes", "countries")


# The kinds `search` looks in unless a field says search=False: one-line strings and free text.
SEARCH_KINDS = ("str", "text")


def toml(
    kind: str,
    *,
    default: Any = MISSING,
    values: tuple[str, ...] = (),
    required: bool | None = None,
    key: str = "",
    compare: bool = True,
    kw_only: bool = False,
    search: bool | str | None = None,
    doc: str = "",
) -> Any:
    """A field, as it is written in TOML: its ``kind`` (see KINDS) and, for an enum, its
    ``values``. It is required in TOML when it has no ``default``, unless ``required`` says
    otherwise. ``key``: its TOML key, when that is not the field's name. ``kw_only``: a
    keyword-only argument (the fields of a base class). ``search``: whether `search` looks in
    it (by default, fields of SEARCH_KINDS do), or the label its hits show (default: its name).
    ``doc``: what it means, for the field tables of docs/data.md."""
    meta: dict[str, Any] = {"kind": kind}
    if values:
        meta["values"] = values
    if required is not None:
        meta["required"] = required
    if key:
        meta["key"] = key
    if search is not None:
        meta["search"] = search
    if doc:
        meta["doc"] = doc
    return field(default=default, compare=compare, metadata=meta, kw_only=kw_only)


@dataclass(frozen=True, slots=True)
class Sourced:
    """A fact-bearing record: how sure it is, the sources that say so, and a note. They are
    keyword-only arguments: a record's own fields come first, and positionally."""

    confidence: str = toml(
        "confidence",
        kw_only=True,
        doc="how sure the record is: verified, single-source, unverified or disputed",
    )
    sources: tuple[str, ...] = toml(
        "urls",
        kw_only=True,
        doc="the public pages that say so (empty only for an unverified record)",
    )
    note: str = toml(
        "text",
        default="",
        kw_only=True,
        doc="a caveat, or the other reading of a conflict (one or two sentences)",
    )


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

    id: str = toml("id", doc="the id used everywhere else")
    label: str = toml("str", doc="the theme as shown")
    description: str = toml("text", default="", doc="what the theme covers")


@dataclass(frozen=True, slots=True)
class Name(Sourced):
    """A body's name in one language ([org.names.LANG])."""

    lang: str = toml(
        "key", doc="the language: the table's name (`en`, `ru`, `kk`, `ar`)"
    )  # [org.names.LANG]
    name: str = toml("str", doc="the body's full name in that language")
    acronym: str | None = toml("str", default=None, doc="its acronym in that language")


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name a user may type for a body ([[org.aliases]])."""

    text: str = toml("str", doc="the name as a user may type it")
    lang: str = toml("lang", doc="its language (two letters)")
    kind: str = toml("alias_kind", doc="short, variant, former, seed or mistranslation")
    sources: tuple[str, ...] = toml("urls", doc="pages that use the name")
    note: str = toml("text", default="", doc="a caveat")
    until: PartialDate | None = toml(
        "date", default=None, doc="for a former name: when it stopped being used"
    )


@dataclass(frozen=True, slots=True)
class MemberCount(Sourced):
    """How many members a body has, on the date it holds for ([[org.members]])."""

    count: int = toml("int", doc="the number of members")
    as_of: PartialDate = toml("date", doc="the date the count holds for")
    codes: tuple[str, ...] = toml(
        "countries", default=(), doc="the members' country codes, as many as `count`"
    )


@dataclass(frozen=True, slots=True)
class Rotation(Sourced):
    """The rule in prose, and in fields a program can use (period, choice, hand-over, order)."""

    text: str = toml("str", search="rule", doc="the rule, paraphrased")
    period: str = toml(
        "enum",
        values=PERIODS,
        default="irregular",
        required=True,
        doc="how often the chair changes",
    )
    choice: str = toml(
        "enum",
        values=CHOICES,
        default="election",
        required=True,
        doc="how the next chair is chosen",
    )
    handover: str = toml(
        "enum",
        values=HANDOVERS,
        default="at-meeting",
        required=True,
        doc="on-date (automatic on a calendar date) or at-meeting",
    )
    meeting: str = toml("text", default="", doc="the meeting at which the chair passes")
    order: tuple[str, ...] = toml(
        "countries", default=(), doc="the cycle, where a fixed or alphabetical order applies"
    )
    order_until: PartialDate | None = toml(
        "date", default=None, doc="the order is known only up to this date"
    )
    groups: tuple[str, ...] = toml(
        "strs",
        default=(),
        doc="the cycle of groups (e.g. UN regional groups) when each group picks its own"
        " country: no country is computed from it",
    )


@dataclass(frozen=True, slots=True)
class Chairperson:
    """A person who speaks for the chair during a term (``chairpersons`` of a term)."""

    name: str = toml("str", search="chairperson", doc="the person's name")
    role: str = toml("text", default="", doc='their office ("President of Angola")')
    start: PartialDate | None = toml(
        "date", default=None, doc="when they began to speak for the chair"
    )
    end: PartialDate | None = toml("date", default=None, doc="when they stopped")


@dataclass(frozen=True, slots=True)
class Office:
    """One chaired office of a body with more than one (its terms name it)."""

    id: str = toml("id", doc="the office's id; its terms name it in `office`")
    name: str = toml("str", doc="the office's name")
    note: str = toml("text", default="", doc="a caveat")


@dataclass(frozen=True, slots=True)
class Term(Sourced):
    """One chairmanship: ``chair`` holds from ``start`` through ``end`` (both inclusive)."""

    chair: str = toml("country", search=True, doc="the chair's country code")
    start: PartialDate | None = toml(
        "date",
        default=None,
        search=True,
        doc="the first day in the chair (the hand-over day); omitted only if unknown",
    )
    end: PartialDate | None = toml(
        "date",
        default=None,
        search=True,
        doc="the hand-over day to the next chair, or the last day; omitted while open",
    )
    start_event: str = toml("text", default="", doc="the meeting at which the term began")
    end_event: str = toml("text", default="", doc="the meeting at which it ended")
    confirmed_until: PartialDate | None = toml(
        "date", default=None, doc="open terms: the latest date a source confirms"
    )
    # "rule": computed from the rotation rule, not named by a source
    basis: str = toml(
        "enum",
        values=TERM_BASES,
        default="source",
        doc="source, or rule: computed from the rotation rule, shown as projected",
    )
    # an open term's planned end, from a source
    expected_end: PartialDate | None = toml(
        "date", default=None, doc="open terms: when a source says it should end"
    )
    expected_event: str = toml(
        "text", default="", doc="open terms: the meeting at which it should end"
    )
    kind: str = toml(
        "enum", values=TERM_KINDS, default="regular", doc="regular, interim, extended or swapped"
    )
    skipped: tuple[str, ...] = toml("countries", default=(), doc="members passed over at this turn")
    holder: str = toml(
        "text", default="", doc="when the holder is not exactly the country of `chair`"
    )  # when the holder is not exactly the country of `chair`
    co_chairs: tuple[str, ...] = toml("countries", default=(), doc="countries that chair with it")
    group_kind: str = toml(
        "enum", values=GROUP_KINDS, default="", doc="trio or troika, with its members in `group`"
    )
    group: tuple[str, ...] = toml("countries", default=(), doc="the members of the trio or troika")
    chairpersons: tuple[Chairperson, ...] = toml(
        "tables",
        default=(),
        doc="the people who speak for the chair (`name`, `role`, `start`, `end`)",
    )
    office: str = toml(
        "id", default="", doc="the office it holds, for a body with `[[org.offices]]`"
    )


@dataclass(frozen=True, slots=True)
class Priority(Sourced):
    """A chair's stated programme for one term: ``chair`` and the ``term`` (its start)."""

    text: str = toml("str", doc="the priority, paraphrased")
    themes: tuple[str, ...] = toml("themes", doc="its themes")
    chair: str = toml("country", default="", required=True, doc="whose priority")
    term: PartialDate | None = toml(
        "date",
        default=None,
        required=True,
        doc="the `start` of that chair's term, exactly as in `[[org.terms]]`",
    )


@dataclass(frozen=True, slots=True)
class Event(Sourced):
    """A dated event of a body ([[org.events]])."""

    date: PartialDate = toml(
        "date",
        search=True,
        doc="the first day (or the month or year, when that is all that is known)",
    )  # with its end: "2024-07-03 – 2024-07-04"
    title: str = toml("str", doc="what happened")
    end: PartialDate | None = toml("date", default=None, doc="the last day of a multi-day event")
    place: str = toml("text", default="", doc="a place only, never a sentence")
    themes: tuple[str, ...] = toml("themes", default=(), doc="its themes")
    people: tuple[str, ...] = toml("strs", default=(), doc="ids from `[[person]]`")
    planned: bool = toml(
        "bool", default=False, doc="scheduled, not yet reported as held"
    )  # scheduled, not yet reported as held


@dataclass(frozen=True, slots=True)
class Claim(Sourced):
    """A disputed claim, what the dataset records instead, and why ([[org.claims]])."""

    id: str = toml("id", doc="unique in the file")
    claim: str = toml("str", doc="what is claimed")
    asserted_by: tuple[str, ...] = toml("strs", doc="who says it")
    record: str = toml("str", doc="what the dataset records, and why")


@dataclass(frozen=True, slots=True)
class Org:
    """One international body ([[org]])."""

    id: str = toml("id", search=True, doc="stable id (`sco`, `eu-council`, `unsc`, ...)")
    # The English acronym and name: in TOML only without [org.names.en], which then holds them.
    acronym: str = toml(
        "str", required=False, doc="the English acronym: here only without `[org.names.en]`"
    )
    name: str = toml(
        "str", required=False, doc="the English name: here only without `[org.names.en]`"
    )
    founded: PartialDate = toml(
        "date", doc="founding of the body or format, at the source's precision"
    )
    headquarters: str = toml("str", doc="seat of the secretariat, or a sentence when there is none")
    website: str = toml("url", doc="official site")
    themes: tuple[str, ...] = toml("themes", doc="the body's themes")
    sources: tuple[str, ...] = toml("urls", doc="for the basic data above")
    founded_note: str = toml("text", default="", doc='what "founded" means here, other readings')
    summary: str = toml("text", default="", doc="one paraphrased sentence on what it is")
    region: str = toml(
        "enum", values=REGIONS, default="global", required=True, doc="for `list --region`"
    )
    checked: PartialDate | None = toml(
        "date",
        default=None,
        doc="this body's own knowledge horizon (default: the top-level `checked`)",
    )  # this body's knowledge horizon
    dissolved: PartialDate | None = toml(
        "date", default=None, doc="when the body ceased to exist (validate checks terms against it)"
    )
    offices: tuple[Office, ...] = toml(
        "tables",
        default=(),
        doc="a body with more than one chaired office; its terms then name one with `office`",
    )
    names: tuple[Name, ...] = toml(
        "table", default=(), doc="its names, a table per language"
    )  # [org.names.LANG], a table per language
    aliases: tuple[Alias, ...] = toml("tables", default=(), doc="other names a user may type")
    members: tuple[MemberCount, ...] = toml(
        "tables", default=(), doc="member counts with the date each holds for"
    )
    rotation: Rotation | None = toml("table", default=None, doc="how the chair rotates")
    terms: tuple[Term, ...] = toml("tables", default=(), doc="the chair history, oldest first")
    priorities: tuple[Priority, ...] = toml("tables", default=(), doc="chairs' stated programmes")
    # a tuple, or fast.LazyEvents from the compiled cache
    events: Sequence[Event] = toml("tables", default=(), doc="dated events")
    claims: tuple[Claim, ...] = toml("tables", default=(), doc="disputed claims")

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

    title: str = toml("str", search="role", doc="the office held")
    org: str | None = toml(
        "id", default=None, doc="the organisation's id, if it is one of the dataset's"
    )
    start: PartialDate | None = toml("date", default=None, doc="when it began")
    end: PartialDate | None = toml("date", default=None, doc="when it ended")


@dataclass(frozen=True, slots=True)
class Person(Sourced):
    """A person named in the sources ([[person]])."""

    id: str = toml("id", doc="the id events name in `people`")
    name: str = toml("str", doc="the name as usually written in English")
    spellings: tuple[str, ...] = toml("strs", default=(), search="spelling", doc="other spellings")
    seed_forms: tuple[str, ...] = toml(
        "strs", default=(), search="seed form", doc="the forms of the seed article"
    )
    roles: tuple[Role, ...] = toml(
        "tables", default=(), doc="offices held (`title`, `org`, `start`, `end`)"
    )


@dataclass(frozen=True, slots=True)
class Correction(Sourced):
    """A translation error of the seed article, corrected ([[correction]])."""

    n: int = toml("int", doc="its number, unique")
    seed: str = toml("str", doc="exactly as in the seed article")
    literal: str = toml("str", doc="a literal translation")
    correct: str = toml("str", doc="the correct reading")
    org: str | None = toml("id", default=None, doc="the organisation it concerns")
    cause: str = toml("text", default="", doc="how the error arose")


@dataclass(frozen=True, slots=True)
class Dataset:
    """The whole document; its TOML keys are the top level of the file."""

    path: str = toml("none")
    themes: tuple[Theme, ...] = toml(
        "tables", key="theme", doc="the theme vocabulary; its order is the display order"
    )
    # a tuple, or fast.LazyOrgs from the compiled cache (each Org built when first read)
    orgs: Sequence[Org] = toml("tables", key="org", doc="one table per body")
    people: tuple[Person, ...] = toml(
        "tables", default=(), key="person", doc="people named in the seed and the sources"
    )
    corrections: tuple[Correction, ...] = toml(
        "tables", default=(), key="correction", doc="translation errors of the seed article"
    )
    schema_version: int = toml(
        "int", default=SCHEMA_VERSION, required=True, doc="the version of this schema (2)"
    )
    checked: PartialDate | None = toml(
        "date",
        default=None,
        required=True,
        doc="the knowledge horizon: the newest date the sources were checked to",
    )  # knowledge horizon
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
