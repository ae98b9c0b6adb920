"""The dataset as frozen dataclasses: the one declaration of the data. No I/O, no typer, no rich.

Every field is a plain ``dataclasses.field()`` whose metadata says how it is written in TOML::

    chair: str = field(metadata=toml("country", doc="the chair's country code"))
    note: str = field(default="", metadata=toml("text", doc="a caveat"))

load.py derives every check from these declarations, so a new field is written once, here, with
its kind and whether it is required (it is, unless it has a default). Because the default is an
argument of ``field()`` itself, type checkers see which constructor arguments are required. The
kinds are listed in KINDS.

Every fact-bearing record carries ``confidence`` and ``sources`` (the base class ``Sourced``);
see docs/data.md.
"""

from collections.abc import Iterator, Sequence
from dataclasses import Field, dataclass, field, fields
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
    values: tuple[str, ...] = (),
    required: bool | None = None,
    key: str = "",
    search: bool | str | None = None,
    doc: str = "",
) -> dict[str, Any]:
    """A field's metadata: how it is written in TOML. Its ``kind`` (see KINDS) and, for an
    enum, its ``values``. It is required in TOML when the field has no ``default``, unless
    ``required`` says otherwise. ``key``: its TOML key, when that is not the field's name.
    ``search``: whether `search` looks in it (by default, fields of SEARCH_KINDS do), or the
    label its hits show (default: its name). ``doc``: what it means, for the field tables of
    docs/data.md. The default, ``compare`` and ``kw_only`` belong to ``field()`` itself."""
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
    return meta


@dataclass(frozen=True, slots=True)
class Sourced:
    """A fact-bearing record: how sure it is, the sources that say so, and a note. They are
    keyword-only arguments: a record's own fields come first, and positionally."""

    confidence: str = field(
        kw_only=True,
        metadata=toml(
            "confidence",
            doc="how sure the record is: verified, single-source, unverified or disputed",
        ),
    )
    sources: tuple[str, ...] = field(
        kw_only=True,
        metadata=toml(
            "urls", doc="the public pages that say so (empty only for an unverified record)"
        ),
    )
    note: str = field(
        default="",
        kw_only=True,
        metadata=toml(
            "text", doc="a caveat, or the other reading of a conflict (one or two sentences)"
        ),
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

    id: str = field(metadata=toml("id", doc="the id used everywhere else"))
    label: str = field(metadata=toml("str", doc="the theme as shown"))
    description: str = field(default="", metadata=toml("text", doc="what the theme covers"))


@dataclass(frozen=True, slots=True)
class Name(Sourced):
    """A body's name in one language ([org.names.LANG])."""

    lang: str = field(
        metadata=toml("key", doc="the language: the table's name (`en`, `ru`, `kk`, `ar`)")
    )  # [org.names.LANG]
    name: str = field(metadata=toml("str", doc="the body's full name in that language"))
    acronym: str | None = field(
        default=None, metadata=toml("str", doc="its acronym in that language")
    )


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name a user may type for a body ([[org.aliases]])."""

    text: str = field(metadata=toml("str", doc="the name as a user may type it"))
    lang: str = field(metadata=toml("lang", doc="its language (two letters)"))
    kind: str = field(
        metadata=toml("alias_kind", doc="short, variant, former, seed or mistranslation")
    )
    sources: tuple[str, ...] = field(metadata=toml("urls", doc="pages that use the name"))
    note: str = field(default="", metadata=toml("text", doc="a caveat"))
    until: PartialDate | None = field(
        default=None, metadata=toml("date", doc="for a former name: when it stopped being used")
    )


@dataclass(frozen=True, slots=True)
class MemberCount(Sourced):
    """How many members a body has, on the date it holds for ([[org.members]])."""

    count: int = field(metadata=toml("int", doc="the number of members"))
    as_of: PartialDate = field(metadata=toml("date", doc="the date the count holds for"))
    codes: tuple[str, ...] = field(
        default=(), metadata=toml("countries", doc="the members' country codes, as many as `count`")
    )


@dataclass(frozen=True, slots=True)
class Rotation(Sourced):
    """The rule in prose, and in fields a program can use (period, choice, hand-over, order)."""

    text: str = field(metadata=toml("str", search="rule", doc="the rule, paraphrased"))
    period: str = field(
        default="irregular",
        metadata=toml("enum", values=PERIODS, required=True, doc="how often the chair changes"),
    )
    choice: str = field(
        default="election",
        metadata=toml("enum", values=CHOICES, required=True, doc="how the next chair is chosen"),
    )
    handover: str = field(
        default="at-meeting",
        metadata=toml(
            "enum",
            values=HANDOVERS,
            required=True,
            doc="on-date (automatic on a calendar date) or at-meeting",
        ),
    )
    meeting: str = field(
        default="", metadata=toml("text", doc="the meeting at which the chair passes")
    )
    order: tuple[str, ...] = field(
        default=(),
        metadata=toml("countries", doc="the cycle, where a fixed or alphabetical order applies"),
    )
    order_until: PartialDate | None = field(
        default=None, metadata=toml("date", doc="the order is known only up to this date")
    )
    groups: tuple[str, ...] = field(
        default=(),
        metadata=toml(
            "strs",
            doc="the cycle of groups (e.g. UN regional groups) when each group picks its own"
            " country: no country is computed from it",
        ),
    )


@dataclass(frozen=True, slots=True)
class Chairperson:
    """A person who speaks for the chair during a term (``chairpersons`` of a term)."""

    name: str = field(metadata=toml("str", search="chairperson", doc="the person's name"))
    role: str = field(default="", metadata=toml("text", doc='their office ("President of Angola")'))
    start: PartialDate | None = field(
        default=None, metadata=toml("date", doc="when they began to speak for the chair")
    )
    end: PartialDate | None = field(default=None, metadata=toml("date", doc="when they stopped"))


@dataclass(frozen=True, slots=True)
class Office:
    """One chaired office of a body with more than one (its terms name it)."""

    id: str = field(metadata=toml("id", doc="the office's id; its terms name it in `office`"))
    name: str = field(metadata=toml("str", doc="the office's name"))
    note: str = field(default="", metadata=toml("text", doc="a caveat"))


@dataclass(frozen=True, slots=True)
class Term(Sourced):
    """One chairmanship: ``chair`` holds from ``start`` through ``end`` (both inclusive)."""

    chair: str = field(metadata=toml("country", search=True, doc="the chair's country code"))
    start: PartialDate | None = field(
        default=None,
        metadata=toml(
            "date",
            search=True,
            doc="the first day in the chair (the hand-over day); omitted only if unknown",
        ),
    )
    end: PartialDate | None = field(
        default=None,
        metadata=toml(
            "date",
            search=True,
            doc="the hand-over day to the next chair, or the last day; omitted while open",
        ),
    )
    start_event: str = field(
        default="", metadata=toml("text", doc="the meeting at which the term began")
    )
    end_event: str = field(default="", metadata=toml("text", doc="the meeting at which it ended"))
    confirmed_until: PartialDate | None = field(
        default=None, metadata=toml("date", doc="open terms: the latest date a source confirms")
    )
    # "rule": computed from the rotation rule, not named by a source
    basis: str = field(
        default="source",
        metadata=toml(
            "enum",
            values=TERM_BASES,
            doc="source, or rule: computed from the rotation rule, shown as projected",
        ),
    )
    # an open term's planned end, from a source
    expected_end: PartialDate | None = field(
        default=None, metadata=toml("date", doc="open terms: when a source says it should end")
    )
    expected_event: str = field(
        default="", metadata=toml("text", doc="open terms: the meeting at which it should end")
    )
    kind: str = field(
        default="regular",
        metadata=toml("enum", values=TERM_KINDS, doc="regular, interim, extended or swapped"),
    )
    skipped: tuple[str, ...] = field(
        default=(), metadata=toml("countries", doc="members passed over at this turn")
    )
    holder: str = field(
        default="",
        metadata=toml("text", doc="when the holder is not exactly the country of `chair`"),
    )  # when the holder is not exactly the country of `chair`
    co_chairs: tuple[str, ...] = field(
        default=(), metadata=toml("countries", doc="countries that chair with it")
    )
    group_kind: str = field(
        default="",
        metadata=toml(
            "enum", values=GROUP_KINDS, doc="trio or troika, with its members in `group`"
        ),
    )
    group: tuple[str, ...] = field(
        default=(), metadata=toml("countries", doc="the members of the trio or troika")
    )
    chairpersons: tuple[Chairperson, ...] = field(
        default=(),
        metadata=toml(
            "tables", doc="the people who speak for the chair (`name`, `role`, `start`, `end`)"
        ),
    )
    office: str = field(
        default="",
        metadata=toml("id", doc="the office it holds, for a body with `[[org.offices]]`"),
    )


@dataclass(frozen=True, slots=True)
class Priority(Sourced):
    """A chair's stated programme for one term: ``chair`` and the ``term`` (its start)."""

    text: str = field(metadata=toml("str", doc="the priority, paraphrased"))
    themes: tuple[str, ...] = field(metadata=toml("themes", doc="its themes"))
    chair: str = field(default="", metadata=toml("country", required=True, doc="whose priority"))
    term: PartialDate | None = field(
        default=None,
        metadata=toml(
            "date",
            required=True,
            doc="the `start` of that chair's term, exactly as in `[[org.terms]]`",
        ),
    )


@dataclass(frozen=True, slots=True)
class Event(Sourced):
    """A dated event of a body ([[org.events]])."""

    date: PartialDate = field(
        metadata=toml(
            "date",
            search=True,
            doc="the first day (or the month or year, when that is all that is known)",
        )
    )  # with its end: "2024-07-03 – 2024-07-04"
    title: str = field(metadata=toml("str", doc="what happened"))
    end: PartialDate | None = field(
        default=None, metadata=toml("date", doc="the last day of a multi-day event")
    )
    place: str = field(default="", metadata=toml("text", doc="a place only, never a sentence"))
    themes: tuple[str, ...] = field(default=(), metadata=toml("themes", doc="its themes"))
    people: tuple[str, ...] = field(default=(), metadata=toml("strs", doc="ids from `[[person]]`"))
    planned: bool = field(
        default=False, metadata=toml("bool", doc="scheduled, not yet reported as held")
    )  # scheduled, not yet reported as held


@dataclass(frozen=True, slots=True)
class Claim(Sourced):
    """A disputed claim, what the dataset records instead, and why ([[org.claims]])."""

    id: str = field(metadata=toml("id", doc="unique in the file"))
    claim: str = field(metadata=toml("str", doc="what is claimed"))
    asserted_by: tuple[str, ...] = field(metadata=toml("strs", doc="who says it"))
    record: str = field(metadata=toml("str", doc="what the dataset records, and why"))


@dataclass(frozen=True, slots=True)
class Org:
    """One international body ([[org]])."""

    id: str = field(
        metadata=toml("id", search=True, doc="stable id (`sco`, `eu-council`, `unsc`, ...)")
    )
    # The English acronym and name: in TOML only without [org.names.en], which then holds them.
    acronym: str = field(
        metadata=toml(
            "str", required=False, doc="the English acronym: here only without `[org.names.en]`"
        )
    )
    name: str = field(
        metadata=toml(
            "str", required=False, doc="the English name: here only without `[org.names.en]`"
        )
    )
    founded: PartialDate = field(
        metadata=toml("date", doc="founding of the body or format, at the source's precision")
    )
    headquarters: str = field(
        metadata=toml("str", doc="seat of the secretariat, or a sentence when there is none")
    )
    website: str = field(metadata=toml("url", doc="official site"))
    themes: tuple[str, ...] = field(metadata=toml("themes", doc="the body's themes"))
    sources: tuple[str, ...] = field(metadata=toml("urls", doc="for the basic data above"))
    founded_note: str = field(
        default="", metadata=toml("text", doc='what "founded" means here, other readings')
    )
    summary: str = field(
        default="", metadata=toml("text", doc="one paraphrased sentence on what it is")
    )
    region: str = field(
        default="global",
        metadata=toml("enum", values=REGIONS, required=True, doc="for `list --region`"),
    )
    checked: PartialDate | None = field(
        default=None,
        metadata=toml(
            "date", doc="this body's own knowledge horizon (default: the top-level `checked`)"
        ),
    )  # this body's knowledge horizon
    dissolved: PartialDate | None = field(
        default=None,
        metadata=toml(
            "date", doc="when the body ceased to exist (validate checks terms against it)"
        ),
    )
    offices: tuple[Office, ...] = field(
        default=(),
        metadata=toml(
            "tables",
            doc="a body with more than one chaired office; its terms then name one with `office`",
        ),
    )
    names: tuple[Name, ...] = field(
        default=(), metadata=toml("table", doc="its names, a table per language")
    )  # [org.names.LANG], a table per language
    aliases: tuple[Alias, ...] = field(
        default=(), metadata=toml("tables", doc="other names a user may type")
    )
    members: tuple[MemberCount, ...] = field(
        default=(), metadata=toml("tables", doc="member counts with the date each holds for")
    )
    rotation: Rotation | None = field(
        default=None, metadata=toml("table", doc="how the chair rotates")
    )
    terms: tuple[Term, ...] = field(
        default=(), metadata=toml("tables", doc="the chair history, oldest first")
    )
    priorities: tuple[Priority, ...] = field(
        default=(), metadata=toml("tables", doc="chairs' stated programmes")
    )
    # a tuple, or fast.LazyEvents from the compiled cache
    events: Sequence[Event] = field(default=(), metadata=toml("tables", doc="dated events"))
    claims: tuple[Claim, ...] = field(default=(), metadata=toml("tables", doc="disputed claims"))

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

    title: str = field(metadata=toml("str", search="role", doc="the office held"))
    org: str | None = field(
        default=None,
        metadata=toml("id", doc="the organisation's id, if it is one of the dataset's"),
    )
    start: PartialDate | None = field(default=None, metadata=toml("date", doc="when it began"))
    end: PartialDate | None = field(default=None, metadata=toml("date", doc="when it ended"))


@dataclass(frozen=True, slots=True)
class Person(Sourced):
    """A person named in the sources ([[person]])."""

    id: str = field(metadata=toml("id", doc="the id events name in `people`"))
    name: str = field(metadata=toml("str", doc="the name as usually written in English"))
    spellings: tuple[str, ...] = field(
        default=(), metadata=toml("strs", search="spelling", doc="other spellings")
    )
    seed_forms: tuple[str, ...] = field(
        default=(), metadata=toml("strs", search="seed form", doc="the forms of the seed article")
    )
    roles: tuple[Role, ...] = field(
        default=(), metadata=toml("tables", doc="offices held (`title`, `org`, `start`, `end`)")
    )


@dataclass(frozen=True, slots=True)
class Correction(Sourced):
    """A translation error of the seed article, corrected ([[correction]])."""

    n: int = field(metadata=toml("int", doc="its number, unique"))
    seed: str = field(metadata=toml("str", doc="exactly as in the seed article"))
    literal: str = field(metadata=toml("str", doc="a literal translation"))
    correct: str = field(metadata=toml("str", doc="the correct reading"))
    org: str | None = field(default=None, metadata=toml("id", doc="the organisation it concerns"))
    cause: str = field(default="", metadata=toml("text", doc="how the error arose"))


@dataclass(frozen=True, slots=True)
class Dataset:
    """The whole document; its TOML keys are the top level of the file."""

    path: str = field(metadata=toml("none"))
    themes: tuple[Theme, ...] = field(
        metadata=toml(
            "tables", key="theme", doc="the theme vocabulary; its order is the display order"
        )
    )
    # a tuple, or fast.LazyOrgs from the compiled cache (each Org built when first read)
    orgs: Sequence[Org] = field(metadata=toml("tables", key="org", doc="one table per body"))
    people: tuple[Person, ...] = field(
        default=(),
        metadata=toml("tables", key="person", doc="people named in the seed and the sources"),
    )
    corrections: tuple[Correction, ...] = field(
        default=(),
        metadata=toml("tables", key="correction", doc="translation errors of the seed article"),
    )
    schema_version: int = field(
        default=SCHEMA_VERSION,
        metadata=toml("int", required=True, doc="the version of this schema (2)"),
    )
    checked: PartialDate | None = field(
        default=None,
        metadata=toml(
            "date",
            required=True,
            doc="the knowledge horizon: the newest date the sources were checked to",
        ),
    )  # knowledge horizon
    warnings: tuple[str, ...] = field(default=(), compare=False, metadata=toml("none"))

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
