"""The dataset as frozen dataclasses: the one declaration of the data. No I/O, no typer, no rich.

Every field says how it is written in TOML (``toml(kind, ...)``): load.py derives every check
from these declarations, so a new field is written once, here, with its kind and whether it is
required (it is, unless it has a default). The kinds are listed in KINDS.

Every fact-bearing record carries ``confidence`` and ``sources``; see docs/data.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import MISSING, field
from typing import TYPE_CHECKING, Any, TypeVar

from .dates import PartialDate

SCHEMA_VERSION = 2
CACHE_FORMAT = 4  # bump when the compiled cache's layout changes (load.compact_orgs, cache.write)

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
) -> Any:
    """A field, as it is written in TOML: its ``kind`` (see KINDS) and, for an enum, its
    ``values``. It is required in TOML when it has no ``default``, unless ``required`` says
    otherwise. ``key``: its TOML key, when that is not the field's name."""
    meta: dict[str, Any] = {"kind": kind}
    if values:
        meta["values"] = values
    if required is not None:
        meta["required"] = required
    if key:
        meta["key"] = key
    return field(default=default, compare=compare, metadata=meta)


if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True, field_specifiers=(toml,))
    def record(cls: type[_T]) -> type[_T]:
        """A frozen, slotted dataclass (see fast.record)."""
        ...

else:
    from .fast import record


@record
class Theme:
    id: str = toml("id")
    label: str = toml("str")
    description: str = toml("text", default="")


@record
class Name:
    lang: str = toml("key")  # [org.names.LANG]
    name: str = toml("str")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    acronym: str | None = toml("str", default=None)
    note: str = toml("text", default="")


@record
class Alias:
    text: str = toml("str")
    lang: str = toml("lang")
    kind: str = toml("alias_kind")
    sources: tuple[str, ...] = toml("urls")
    note: str = toml("text", default="")
    until: PartialDate | None = toml("date", default=None)


@record
class MemberCount:
    count: int = toml("int")
    as_of: PartialDate = toml("date")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    codes: tuple[str, ...] = toml("countries", default=())
    note: str = toml("text", default="")


@record
class Rotation:
    """The rule in prose, and in fields a program can use (period, choice, hand-over, order)."""

    text: str = toml("str")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    period: str = toml("enum", values=PERIODS, default="irregular", required=True)
    choice: str = toml("enum", values=CHOICES, default="election", required=True)
    handover: str = toml("enum", values=HANDOVERS, default="at-meeting", required=True)
    meeting: str = toml("text", default="")
    order: tuple[str, ...] = toml("countries", default=())
    order_until: PartialDate | None = toml("date", default=None)
    note: str = toml("text", default="")


@record
class Chairperson:
    name: str = toml("str")
    role: str = toml("text", default="")
    start: PartialDate | None = toml("date", default=None)
    end: PartialDate | None = toml("date", default=None)


@record
class Office:
    """One chaired office of a body with more than one (its terms name it)."""

    id: str = toml("id")
    name: str = toml("str")
    note: str = toml("text", default="")


@record
class Term:
    """One chairmanship: ``chair`` holds from ``start`` through ``end`` (both inclusive)."""

    chair: str = toml("country")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    start: PartialDate | None = toml("date", default=None)
    end: PartialDate | None = toml("date", default=None)
    start_event: str = toml("text", default="")
    end_event: str = toml("text", default="")
    confirmed_until: PartialDate | None = toml("date", default=None)
    note: str = toml("text", default="")
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


@record
class Priority:
    """A chair's stated programme for one term: ``chair`` and the ``term`` (its start)."""

    text: str = toml("str")
    themes: tuple[str, ...] = toml("themes")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    chair: str = toml("country", default="", required=True)
    term: PartialDate | None = toml("date", default=None, required=True)
    note: str = toml("text", default="")


@record
class Event:
    date: PartialDate = toml("date")
    title: str = toml("str")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    end: PartialDate | None = toml("date", default=None)
    place: str = toml("text", default="")
    themes: tuple[str, ...] = toml("themes", default=())
    people: tuple[str, ...] = toml("strs", default=())
    note: str = toml("text", default="")
    planned: bool = toml("bool", default=False)  # scheduled, not yet reported as held


@record
class Claim:
    id: str = toml("id")
    claim: str = toml("str")
    asserted_by: tuple[str, ...] = toml("strs")
    record: str = toml("str")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    note: str = toml("text", default="")


@record
class Org:
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
    dissolved: PartialDate | None = toml("date", default=None)  # when the body ceased to exist
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


@record
class Role:
    title: str = toml("str")
    org: str | None = toml("id", default=None)
    start: PartialDate | None = toml("date", default=None)
    end: PartialDate | None = toml("date", default=None)


@record
class Person:
    id: str = toml("id")
    name: str = toml("str")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    spellings: tuple[str, ...] = toml("strs", default=())
    seed_forms: tuple[str, ...] = toml("strs", default=())
    roles: tuple[Role, ...] = toml("tables", default=())
    note: str = toml("text", default="")


@record
class Correction:
    n: int = toml("int")
    seed: str = toml("str")
    literal: str = toml("str")
    correct: str = toml("str")
    confidence: str = toml("confidence")
    sources: tuple[str, ...] = toml("urls")
    org: str | None = toml("id", default=None)
    cause: str = toml("text", default="")
    note: str = toml("text", default="")


@record
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

    def _replace_warnings(self, warnings: list[str]) -> Dataset:
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
