"""Names in the reader's language: bodies and people from the dataset, countries from the
Unicode CLDR (through Babel, as `country` reads them). Fixed words (headers, statuses, the
legend) stay English.

A name the dataset (or the CLDR) lacks in that language comes back in English as an
:class:`Untranslated` string: it prints as the English name everywhere (JSON, TSV, CSV), and
a terminal table marks it and says so in its legend. No typer, no rich.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .countries import NAMES
from .model import Org, Person

# Kazakh letters that Russian does not use: a Cyrillic spelling with one of them is Kazakh.
_KAZAKH = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
MARK = "*"  # the terminal's mark for a name shown in English


class Untranslated(str):
    """A name shown in English because the dataset has none in the language asked for."""

    __slots__ = ()


def _untranslated(text: str, lang: str) -> str:
    return text if lang == "en" else Untranslated(text)


@lru_cache(maxsize=8)
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(lang).territories)


def country_name(code: str, lang: str = "en") -> str:
    """The country's short name: English from ISO 3166 (as everywhere), else from the CLDR."""
    english = NAMES.get(code, code)
    if lang == "en":
        return english
    local = _territories(lang).get(code)
    return local if local else _untranslated(english, lang)


def org_name(org: Org, lang: str = "en") -> str:
    n = org.name_in(lang)
    return n.name if n is not None else _untranslated(org.name, lang)


def org_acronym(org: Org, lang: str = "en") -> str:
    n = org.name_in(lang)
    if n is not None and n.acronym:
        return n.acronym
    return _untranslated(org.acronym, lang)


def script_lang(text: str) -> str:
    """The language a spelling is written for: ar (Arabic script), kk or ru (Cyrillic, Kazakh
    when it has a Kazakh letter), else en."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "en"
    name = unicodedata.name(letters[0], "")
    if name.startswith("ARABIC"):
        return "ar"
    if name.startswith("CYRILLIC"):
        return "kk" if any(ch in _KAZAKH for ch in text) else "ru"
    return "en"


def person_name(p: Person, lang: str = "en") -> str:
    """The person's name as the dataset spells it in that language: the first recorded
    spelling in its script (Kazakh: a Cyrillic spelling with a Kazakh letter)."""
    if lang == "en":
        return p.name
    found = next((s for s in p.spellings if script_lang(s) == lang), None)
    return found if found else _untranslated(p.name, lang)


def is_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (Arabic, Hebrew, ...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
