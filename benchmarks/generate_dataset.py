#!/usr/bin/env python3
"""Generate a large SYNTHETIC chairship dataset (docs/data.md schema) for scale benchmarks.

    python benchmarks/generate_dataset.py --orgs 300 --terms 30 --events 300 --output /tmp/big.toml

The file is valid (``chairship validate FILE`` accepts it) and deterministic: the same arguments,
including ``--seed`` (default 0), always give a byte-identical file. Every fact in it is made up;
the sources are placeholder URLs under https://example.org/. Standard library only; the TOML text
is written directly (no TOML writer is needed) and replaces FILE atomically.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# The theme vocabulary of data/orgs.toml (id, label, description), in display order.
THEMES: tuple[tuple[str, str, str], ...] = (
    (
        "security",
        "Security",
        "Defence, counter-terrorism, drug trafficking, confidence-building measures",
    ),
    ("environment", "Environment", "Ecology, nature protection, afforestation"),
    ("food", "Food", "Food security, agriculture, food supply"),
    ("water", "Water", "Water resources, water management, drinking water"),
    ("climate", "Climate", "Climate change and adaptation"),
    ("energy", "Energy", "Energy co-operation, water-energy nexus"),
    ("economy", "Economy", "Trade, investment, finance, transport and connectivity"),
    ("culture", "Culture", "Culture, education, tourism, youth, shared history"),
    ("humanitarian", "Humanitarian", "Humanitarian aid"),
    (
        "governance",
        "Governance",
        "Institutional reform, legal basis, enlargement and external relations of the organisation",
    ),
)
THEME_IDS = tuple(t[0] for t in THEMES)
THEME_LABELS = {t[0]: t[1] for t in THEMES}

# Real ISO 3166-1 alpha-2 codes (all in chairship_cli/countries.py NAMES) with a capital for places.
COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("AE", "United Arab Emirates", "Abu Dhabi"),
    ("AF", "Afghanistan", "Kabul"),
    ("AM", "Armenia", "Yerevan"),
    ("AR", "Argentina", "Buenos Aires"),
    ("AT", "Austria", "Vienna"),
    ("AU", "Australia", "Canberra"),
    ("AZ", "Azerbaijan", "Baku"),
    ("BD", "Bangladesh", "Dhaka"),
    ("BE", "Belgium", "Brussels"),
    ("BR", "Brazil", "Brasilia"),
    ("BY", "Belarus", "Minsk"),
    ("CA", "Canada", "Ottawa"),
    ("CH", "Switzerland", "Bern"),
    ("CL", "Chile", "Santiago"),
    ("CN", "China", "Beijing"),
    ("CZ", "Czechia", "Prague"),
    ("DE", "Germany", "Berlin"),
    ("DZ", "Algeria", "Algiers"),
    ("EG", "Egypt", "Cairo"),
    ("ES", "Spain", "Madrid"),
    ("ET", "Ethiopia", "Addis Ababa"),
    ("FI", "Finland", "Helsinki"),
    ("FR", "France", "Paris"),
    ("GB", "United Kingdom", "London"),
    ("GE", "Georgia", "Tbilisi"),
    ("GR", "Greece", "Athens"),
    ("HU", "Hungary", "Budapest"),
    ("ID", "Indonesia", "Jakarta"),
    ("IN", "India", "New Delhi"),
    ("IQ", "Iraq", "Baghdad"),
    ("IR", "Iran", "Tehran"),
    ("IT", "Italy", "Rome"),
    ("JO", "Jordan", "Amman"),
    ("JP", "Japan", "Tokyo"),
    ("KE", "Kenya", "Nairobi"),
    ("KG", "Kyrgyzstan", "Bishkek"),
    ("KR", "Republic of Korea", "Seoul"),
    ("KW", "Kuwait", "Kuwait City"),
    ("KZ", "Kazakhstan", "Astana"),
    ("MA", "Morocco", "Rabat"),
    ("MN", "Mongolia", "Ulaanbaatar"),
    ("MX", "Mexico", "Mexico City"),
    ("MY", "Malaysia", "Kuala Lumpur"),
    ("NG", "Nigeria", "Abuja"),
    ("NL", "Netherlands", "Amsterdam"),
    ("NO", "Norway", "Oslo"),
    ("OM", "Oman", "Muscat"),
    ("PK", "Pakistan", "Islamabad"),
    ("PL", "Poland", "Warsaw"),
    ("QA", "Qatar", "Doha"),
    ("RU", "Russia", "Moscow"),
    ("SA", "Saudi Arabia", "Riyadh"),
    ("SE", "Sweden", "Stockholm"),
    ("TJ", "Tajikistan", "Dushanbe"),
    ("TM", "Turkmenistan", "Ashgabat"),
    ("TR", "Türkiye", "Ankara"),
    ("UA", "Ukraine", "Kyiv"),
    ("US", "United States", "Washington"),
    ("UZ", "Uzbekistan", "Tashkent"),
    ("VN", "Viet Nam", "Hanoi"),
    ("ZA", "South Africa", "Pretoria"),
)

# Weighted pools: picking from a list is cheaper than rng.choices with weights.
CONFIDENCES = ("verified",) * 12 + ("single-source",) * 6 + ("unverified", "disputed")
PERIODS_DAYS = (365, 365, 365, 365, 365, 182, 182, 730, 91, 120)  # yearly or every few months

EVENT_TITLES = (
    "{n} Council of Heads of State",
    "{n} Council of Foreign Ministers",
    "{n} meeting of National Coordinators",
    "{n} forum on {theme}",
    "Ministerial conference on {theme}",
    "Expert working group on {theme}",
    "Joint statement on {theme}",
    "Agreement on {theme} signed",
    "{n} summit; declaration adopted",
    "{n} annual report presented",
)
ROTATIONS = (
    "The chair passes once a year at the summit to the member that hosts the next summit.",
    "The chair rotates among the members in alphabetical order (by English short name).",
    "The chair rotates every six months, in an order agreed at the preceding session.",
    "The chair is elected by the Council for a term of two years and may not serve twice running.",
)
TERM_NOTES = (
    "Hand-over dated to the closing day of the session.",
    'The source calls the post "presidency", not "chairmanship".',
    "The hand-over date is known only from a later report.",
    "Two sources give different hand-over days; the later one is used.",
)
EVENT_NOTES = (
    'Reported as the "first in-person meeting" since the pandemic.',
    "The date is the opening day; the closing day is not reported.",
    "Attendance figures differ between the sources.",
    'The communique is filed under the code "SO\\2024\\17" (backslashes as published).',
)
PRIORITY_TEXTS = (
    "Strengthen co-operation on {theme}.",
    "Adopt a programme of joint action on {theme} for the next five years.",
    "Expand the organisation's work on {theme} and set up an expert council.",
    "Hold a high-level conference on {theme} during the term.",
    "Harmonise the members' rules on {theme}.",
)

_EPOCH_MIN = dt.date(1800, 1, 1).toordinal()
_TARGET_END = dt.date(2030, 1, 1).toordinal()
_EVENT_MIN = dt.date(1990, 1, 1).toordinal()
_EVENT_MAX = dt.date(2030, 12, 31).toordinal()
MAX_TERMS = 20_000  # keeps every term at least four days long inside 1800-2030


# --------------------------------------------------------------------------- TOML text helpers

_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_ESCAPES.update(
    {ord('"'): '\\"', ord("\\"): "\\\\", 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}
)


def toml_str(text: str) -> str:
    """``text`` as a TOML basic string: quoted, with \\ and \" (and control characters) escaped."""
    return '"' + text.translate(_ESCAPES) + '"'


def toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(toml_str(s) for s in items) + "]"


_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{_SUFFIX.get(n % 10, 'th')}"


_PREC_LEN = {"day": 10, "month": 7, "year": 4}


def fmt_date(day: int, precision: str) -> str:
    """The proleptic-Gregorian day ``day`` as "YYYY-MM-DD", "YYYY-MM" or "YYYY"."""
    return dt.date.fromordinal(day).isoformat()[: _PREC_LEN[precision]]


# --------------------------------------------------------------------------- generation


class Generator:
    def __init__(self, orgs: int, terms: int, events: int, seed: int, people: int = 12):
        self.n_orgs = orgs
        self.n_terms = terms
        self.n_events = events
        self.seed = seed
        self.rng = random.Random(seed)
        self.rnd = self.rng.random  # the fast primitive; see pick() and between()
        self.width = max(4, len(str(orgs)))
        self.labelled = ""  # the last confidence label written (see sources())
        self.person_ids = [f"person-{i:02d}" for i in range(1, people + 1)]
        self.out: list[str] = []
        self.w: Callable[[str], None] = self.out.append

    # -- small pieces (random.random() based: rng.choice/randint are several times slower)

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rnd() * len(seq))]

    def between(self, lo: int, hi: int) -> int:
        """A random integer in [lo, hi]."""
        return lo + int(self.rnd() * (hi - lo + 1))

    def sources(self, prefix: str, counter: list[int]) -> str:
        """``sources = [...]`` with one to three fresh placeholder https URLs; at least two
        after a ``verified`` label (docs/data.md: verified means two or more sources)."""
        n = counter[0]
        r = self.rnd()
        if r < 0.9 and self.labelled != "verified":
            counter[0] = n + 1
            return f'sources = ["https://example.org/src/{prefix}/{n}"]\n'
        k = 2 if r < 0.98 else 3
        counter[0] = n + k
        urls = ", ".join(f'"https://example.org/src/{prefix}/{m}"' for m in range(n, n + k))
        return f"sources = [{urls}]\n"

    def confidence(self, verified_ok: bool = True) -> str:
        """A label for the next record; ``verified_ok=False`` for a record given one source."""
        self.labelled = self.pick(CONFIDENCES)
        if self.labelled == "verified" and not verified_ok:
            self.labelled = "single-source"
        return f'confidence = "{self.labelled}"\n'

    def themes(self, lo: int, hi: int) -> list[str]:
        picked = self.rng.sample(range(len(THEME_IDS)), self.between(lo, hi))
        return [THEME_IDS[i] for i in sorted(picked)]

    def precision(self, period: int) -> str:
        r = self.rnd()
        if period >= 365 and r < 0.03:
            return "year"
        if period >= 60 and r < 0.15:
            return "month"
        return "day"

    # -- the document

    def generate(self) -> str:
        w = self.w
        w("# SYNTHETIC chairship dataset for scale benchmarks: every fact in it is made up.\n")
        w(
            f"# benchmarks/generate_dataset.py --orgs {self.n_orgs} --terms {self.n_terms}"
            f" --events {self.n_events} --seed {self.seed}\n"
        )
        w('schema_version = 2\nchecked = "2026-03-31"\n')
        for tid, label, desc in THEMES:
            w(f"\n[[theme]]\nid = {toml_str(tid)}\nlabel = {toml_str(label)}\n")
            w(f"description = {toml_str(desc)}\n")
        for i in range(1, self.n_orgs + 1):
            self.org(i)
        for j, pid in enumerate(self.person_ids, 1):
            self.person(j, pid)
        self.corrections()
        return "".join(self.out)

    def org(self, i: int) -> None:
        rng, w = self.rng, self.w
        num = f"{i:0{self.width}d}"
        oid = f"org-{num}"
        counter = [1]

        def src() -> str:
            return self.sources(oid, counter)

        members = rng.sample(COUNTRIES, self.between(5, 15))
        seat = members[0]
        period = self.pick(PERIODS_DAYS)
        n_terms = self.n_terms
        end_target = _TARGET_END + self.between(-400, 400)
        if n_terms and n_terms * period > end_target - _EPOCH_MIN:
            period = max(1, (end_target - _EPOCH_MIN) // n_terms)
        jitter = min(period // 4, 20)
        bounds = [
            end_target - (n_terms - k) * period + self.between(-jitter, jitter)
            for k in range(n_terms + 1)
        ]
        first_day = bounds[0] if n_terms else _EVENT_MIN
        founded = first_day - self.between(0, 5 * 365)
        founded_prec = "day" if self.rnd() < 0.8 else self.pick(("month", "year"))
        org_themes = self.themes(2, 5)

        w(f"\n[[org]]\nid = {toml_str(oid)}\n")  # name and acronym: in [org.names.en]
        w(f'founded = "{fmt_date(founded, founded_prec)}"\n')
        if self.rnd() < 0.3:
            w('founded_note = "Founding treaty signed; it entered into force a year later."\n')
        w(f"headquarters = {toml_str(f'{seat[2]}, {seat[1]} (Secretariat)')}\n")
        w('region = "asia"\n')
        w(f'website = "https://{oid}.example.org"\n')
        w(f"themes = {toml_list(org_themes)}\n")
        w(
            f'summary = "A synthetic intergovernmental organisation of {len(members)} members'
            ' for benchmarking chairship."\n'
        )
        w(src())

        # names
        w(f'\n[org.names.en]\nname = "Synthetic Organisation {num}"\nacronym = "O{num}"\n')
        w(self.confidence() + src())
        w(f'\n[org.names.ru]\nname = "Синтетическая организация {num}"\nacronym = "СО{num}"\n')
        w(self.confidence() + src())
        if self.rnd() < 0.4:
            w(f'\n[org.names.kk]\nname = "Синтетикалық ұйым {num}"\nacronym = "СҰ{num}"\n')
            w(self.confidence() + src())
        if self.rnd() < 0.3:
            w(f'\n[org.names.ar]\nname = "المنظمة الاصطناعية {num}"\n')
            w(self.confidence() + src())
            w('note = "The form used in Arabic press releases."\n')

        # aliases (unique per organisation: each contains the number)
        w(f'\n[[org.aliases]]\ntext = "Synthetic Organization {num}"\nlang = "en"\n')
        w('kind = "variant"\nnote = "American spelling of the English name."\n' + src())
        w(f'\n[[org.aliases]]\ntext = "SynOrg {num}"\nlang = "en"\nkind = "short"\n' + src())
        if self.rnd() < 0.3:
            w(f'\n[[org.aliases]]\ntext = "Provisional Synthetic Council {num}"\nlang = "en"\n')
            w(f'kind = "former"\nuntil = "{fmt_date(founded, founded_prec)}"\n' + src())
        if self.rnd() < 0.2:
            w(f'\n[[org.aliases]]\ntext = "الصندوق الاصطناعي {num}"\nlang = "ar"\n')
            w('kind = "mistranslation"\nnote = "Seed\'s translation: \\"Synthetic Fund\\"."\n')
            w(src())

        # member counts, growing over time
        count = len(members) - self.between(0, 3)
        day = founded
        for _ in range(self.between(1, 3)):
            day += self.between(200, 3000)
            w(f'\n[[org.members]]\ncount = {count}\nas_of = "{fmt_date(day, "month")}"\n')
            w(self.confidence() + src())
            count += self.between(1, 2)

        w(f"\n[org.rotation]\ntext = {toml_str(self.pick(ROTATIONS))}\n")
        w('period = "yearly"\nchoice = "summit-host"\nhandover = "at-meeting"\n')
        w(self.confidence() + src())

        # terms: consecutive, the hand-over day shared (term k ends where term k+1 starts)
        owner: tuple[str, str] | None = None  # (chair, start) of a term the priorities belong to
        if n_terms:
            precs = [self.precision(period) for _ in bounds]
            dates = [fmt_date(b, p) for b, p in zip(bounds, precs, strict=True)]
            open_last = self.rnd() < 0.25
            no_first_start = self.rnd() < 0.05 and not (n_terms == 1 and open_last)
            rot = int(self.rnd() * len(members))
            for k in range(n_terms):
                chair = members[(rot + k) % len(members)]
                host = members[(rot + k + 1) % len(members)]
                w(f'\n[[org.terms]]\nchair = "{chair[0]}"\n')
                if not (k == 0 and no_first_start):
                    w(f'start = "{dates[k]}"\n')
                    owner = (chair[0], dates[k])
                last = k == n_terms - 1
                if not (last and open_last):
                    w(f'end = "{dates[k + 1]}"\n')
                if self.rnd() < 0.5:
                    w(f'start_event = "{ordinal(k + 1)} session, {chair[2]}"\n')
                    if not (last and open_last):
                        w(f'end_event = "{ordinal(k + 2)} session, {host[2]}; chair passes on"\n')
                if last and open_last:
                    confirmed = bounds[k] + period // 2
                    w(f'confirmed_until = "{fmt_date(confirmed, "month")}"\n')
                w(self.confidence())
                if self.rnd() < 0.1:
                    w(f"note = {toml_str(self.pick(TERM_NOTES))}\n")
                w(src())

        # priorities: the programme of the last chair with a recorded start
        for _ in range(self.between(2, 5) if owner else 0):
            assert owner is not None
            th = self.themes(1, 2)
            text = self.pick(PRIORITY_TEXTS).format(theme=THEME_LABELS[th[0]].lower())
            w(f"\n[[org.priorities]]\ntext = {toml_str(text)}\nthemes = {toml_list(th)}\n")
            w(f'chair = "{owner[0]}"\nterm = "{owner[1]}"\n')
            w(self.confidence() + src())

        # events: 1990-2030 (a single year holds about 2.5% of them), oldest first
        rnd, pick, between = self.rnd, self.pick, self.between
        span = _EVENT_MAX - _EVENT_MIN + 1
        days = sorted(_EVENT_MIN + int(rnd() * span) for _ in range(self.n_events))
        people = self.person_ids
        for n, day in enumerate(days, 1):
            r = rnd()
            prec = "day" if r < 0.85 else ("month" if r < 0.97 else "year")
            w(f'\n[[org.events]]\ndate = "{fmt_date(day, prec)}"\n')
            if prec == "day" and rnd() < 0.15:
                w(f'end = "{fmt_date(day + between(1, 3), "day")}"\n')
            theme = pick(org_themes)
            title = pick(EVENT_TITLES).format(n=ordinal(n), theme=THEME_LABELS[theme].lower())
            w(f"title = {toml_str(title)}\n")
            r = rnd()
            if r < 0.05:
                w('place = "online"\n')
            elif r < 0.5:
                c = pick(members)
                w(f'place = "{c[2]}, {c[1]}"\n')
            if rnd() < 0.4:
                w(f'themes = ["{theme}"]\n')
            if people and rnd() < 0.05:
                who = rng.sample(people, min(len(people), between(1, 2)))
                w(f"people = {toml_list(who)}\n")
            w(self.confidence())
            if rnd() < 0.05:
                w(f"note = {toml_str(pick(EVENT_NOTES))}\n")
            w(src())

        if self.rnd() < 0.1:
            w(f'\n[[org.claims]]\nid = "{oid}-claim-1"\n')
            w(f'claim = "{seat[1]} chairs Synthetic Organisation {num} in 2024."\n')
            w('asserted_by = ["Synthetic News Agency", "Example Herald"]\n')
            w('record = "The term table shows another chair for that year."\n')
            w('confidence = "disputed"\n' + src())

    def person(self, j: int, pid: str) -> None:
        w = self.w
        w(f'\n[[person]]\nid = "{pid}"\nname = "Synthetic Person {j:02d}"\n')
        w(f'spellings = ["Синтетическая персона {j:02d}"]\n')
        if self.rnd() < 0.5:
            w(f'seed_forms = ["شخص اصطناعي {j:02d}"]\n')
        w(self.confidence(verified_ok=False))
        w(f'sources = ["https://example.org/src/{pid}/1"]\n')
        for _ in range(self.between(1, 3)):
            o = self.between(1, self.n_orgs)
            w(f'\n[[person.roles]]\ntitle = "Secretary-General"\norg = "org-{o:0{self.width}d}"\n')
            start = self.between(_EVENT_MIN, _EVENT_MAX - 3 * 365)
            w(f'start = "{fmt_date(start, "day")}"\nend = "{fmt_date(start + 3 * 365, "year")}"\n')

    def corrections(self) -> None:
        w = self.w
        for n in range(1, 4):
            o = self.between(1, self.n_orgs)
            num = f"{o:0{self.width}d}"
            w(f'\n[[correction]]\nn = {n}\nseed = "الصندوق الاصطناعي {num}"\n')
            w(f'literal = "Synthetic Fund {num}"\ncorrect = "Synthetic Organisation {num}"\n')
            w(f'org = "org-{num}"\ncause = "A synthetic mistranslation."\n')
            w(
                self.confidence(verified_ok=False)
                + f'sources = ["https://example.org/src/correction/{n}"]\n'
            )


def generate(orgs: int, terms: int, events: int, seed: int = 0) -> str:
    """The dataset as TOML text."""
    return Generator(orgs, terms, events, seed).generate()


# --------------------------------------------------------------------------- writing and CLI


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` (UTF-8, LF) to a temp file beside ``path``, then rename it over ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".generate_dataset.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _count(lo: int, hi: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if value < lo or (hi is not None and value > hi):
            bound = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
            raise argparse.ArgumentTypeError(f"must be {bound}, not {value}")
        return value

    return parse


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="generate_dataset.py",
        description="Write a large, valid, SYNTHETIC chairship dataset (docs/data.md schema) "
        "for scale benchmarks. Deterministic: the same arguments give the same bytes.",
    )
    p.add_argument("--orgs", type=_count(1), required=True, metavar="N", help="organisations")
    p.add_argument(
        "--terms",
        type=_count(0, MAX_TERMS),
        required=True,
        metavar="T",
        help="chair terms per organisation",
    )
    p.add_argument(
        "--events", type=_count(0), required=True, metavar="E", help="events per organisation"
    )
    p.add_argument("--output", required=True, metavar="FILE", help="where to write the TOML file")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    text = generate(args.orgs, args.terms, args.events, args.seed)
    try:
        write_atomically(args.output, text)
    except OSError as e:
        reason = e.strerror or str(e)
        print(f"generate_dataset.py: cannot write {args.output}: {reason}", file=sys.stderr)
        return 1
    print(
        f"wrote {args.output}: {args.orgs} organisations, {args.terms} terms and {args.events}"
        f" events each, {len(text.encode('utf-8'))} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
