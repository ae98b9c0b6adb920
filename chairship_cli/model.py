"""The dataset as frozen dataclasses. No I/O, no typer, no rich.

Every fact-bearing record carries ``confidence`` and ``sources``; see docs/data.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .dates import PartialDate

SCHEMA_VERSION = 2
CACHE_FORMAT = 3  # bump when the compiled cache's layout changes (load.compact)

CONFIDENCE_LEVELS = ("verified", "single-source", "unverified", "disputed")
LANGS = ("en", "ru", "kk", "ar")
ALIAS_KINDS = ("variant", "former", "seed", "mistranslation", "short")
REGIONS = ("global", "europe", "eurasia", "asia", "africa", "americas", "arctic")
# How often the chair changes, how the next chair is chosen, and how the hand-over happens.
PERIODS = ("monthly", "half-yearly", "yearly", "two-yearly", "summit-to-summit", "irregular")
CHOICES = ("fixed-order", "alphabetical", "summit-host", "election")
HANDOVERS = ("on-date", "at-meeting")
TERM_KINDS = ("regular", "interim", "extended", "swapped")
TERM_BASES = ("source", "rule")
GROUP_KINDS = ("trio", "troika")
# The five statuses of a chair answer (docs/data.md, "Statuses").
STATUSES = ("recorded", "scheduled", "projected", "overdue", "unknown")


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Name:
    lang: str
    name: str
    confidence: str
    sources: tuple[str, ...]
    acronym: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    lang: str
    kind: str
    sources: tuple[str, ...]
    note: str = ""
    until: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class MemberCount:
    count: int
    as_of: PartialDate
    confidence: str
    sources: tuple[str, ...]
    codes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rotation:
    """The rule in prose, and in fields a program can use (period, choice, hand-over, order)."""

    text: str
    confidence: str
    sources: tuple[str, ...]
    period: str = "irregular"
    choice: str = "election"
    handover: str = "at-meeting"
    meeting: str = ""
    order: tuple[str, ...] = ()
    order_until: PartialDate | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Chairperson:
    name: str
    role: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Office:
    """One chaired office of a body with more than one (its terms name it)."""

    id: str
    name: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Term:
    """One chairmanship: ``chair`` holds from ``start`` through ``end`` (both inclusive)."""

    chair: str
    confidence: str
    sources: tuple[str, ...]
    start: PartialDate | None = None
    end: PartialDate | None = None
    start_event: str = ""
    end_event: str = ""
    confirmed_until: PartialDate | None = None
    note: str = ""
    basis: str = "source"  # "rule": computed from the rotation rule, not named by a source
    expected_end: PartialDate | None = None  # an open term's planned end, from a source
    expected_event: str = ""
    kind: str = "regular"
    skipped: tuple[str, ...] = ()
    holder: str = ""  # when the holder is not exactly the country of `chair`
    co_chairs: tuple[str, ...] = ()
    group_kind: str = ""
    group: tuple[str, ...] = ()
    chairpersons: tuple[Chairperson, ...] = ()
    office: str = ""


@dataclass(frozen=True, slots=True)
class Priority:
    """A chair's stated programme for one term: ``chair`` and the ``term`` (its start)."""

    text: str
    themes: tuple[str, ...]
    confidence: str
    sources: tuple[str, ...]
    chair: str = ""
    term: PartialDate | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    date: PartialDate
    title: str
    confidence: str
    sources: tuple[str, ...]
    end: PartialDate | None = None
    place: str = ""
    themes: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    note: str = ""
    planned: bool = False  # scheduled, not yet reported as held


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claim: str
    asserted_by: tuple[str, ...]
    record: str
    confidence: str
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Org:
    id: str
    acronym: str
    name: str
    founded: PartialDate
    headquarters: str
    website: str
    themes: tuple[str, ...]
    sources: tuple[str, ...]
    founded_note: str = ""
    summary: str = ""
    region: str = "global"
    checked: PartialDate | None = None  # this body's own knowledge horizon
    offices: tuple[Office, ...] = ()
    names: tuple[Name, ...] = ()
    aliases: tuple[Alias, ...] = ()
    members: tuple[MemberCount, ...] = ()
    rotation: Rotation | None = None
    terms: tuple[Term, ...] = ()
    priorities: tuple[Priority, ...] = ()
    events: Sequence[Event] = ()  # a tuple, or load.LazyEvents from the compiled cache
    claims: tuple[Claim, ...] = ()

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
    title: str
    org: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    confidence: str
    sources: tuple[str, ...]
    spellings: tuple[str, ...] = ()
    seed_forms: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    n: int
    seed: str
    literal: str
    correct: str
    confidence: str
    sources: tuple[str, ...]
    org: str | None = None
    cause: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dataset:
    path: str
    themes: tuple[Theme, ...]
    orgs: tuple[Org, ...]
    people: tuple[Person, ...] = ()
    corrections: tuple[Correction, ...] = ()
    schema_version: int = SCHEMA_VERSION
    checked: PartialDate | None = None  # the dataset's knowledge horizon
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def org(self, org_id: str) -> Org | None:
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
