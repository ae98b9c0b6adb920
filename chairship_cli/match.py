"""Find a body or a person by the words people type: one matcher for every command.

A body matches by any text :func:`model.lookup_texts` yields (its id, acronyms, names and
aliases in every language), compared as :func:`textkey.fold` compares them (case, diacritics
and punctuation ignored). In order, first tier that finds anything wins:

1. the whole query equals one of those texts;
2. every word of the query is a whole word of one text, in any order (``European Union``,
   ``Council of Europe``, ``EU``); small words such as "the" or "of" may be left out;
3. every word of the query starts a word of one text (``Shanghai``, ``Arctic``, ``Aral``).

One body found: that body. Several: :class:`Ambiguous`, listing every candidate (never one
picked at random). None: :class:`NotFound` with close suggestions.

People match by id, name or any recorded spelling, and by their surname alone, with common
transliterations made equal (``Tokayev``, ``Tokaev``, ``Токаев``, ``Тоқаев``).

Pure functions: no typer, no rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from .model import Dataset, Org, Person, lookup_texts
from .textkey import fold

MAX_QUERY = 200  # longer inputs get no fuzzy suggestions (difflib is quadratic)


class NotFound(LookupError):
    """Nothing matched; ``suggestions`` are close candidates (never auto-picked)."""

    def __init__(self, what: str, query: str, suggestions: Iterable[str] = ()):
        self.what = what
        self.query = query
        self.suggestions = tuple(suggestions)
        super().__init__(self.message())

    def message(self) -> str:
        shown = self.query if len(self.query) <= 60 else self.query[:57] + "..."
        msg = f"no {self.what} matches {shown!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        return msg


def suggest(index: dict[str, str], query: str) -> list[str]:
    """Up to 3 ids whose folded keys in ``index`` are close to ``query`` (for a miss)."""
    key = fold(query)
    suggestions: list[str] = []
    if key and len(query) <= MAX_QUERY:
        import difflib  # only when nothing matches: not on the start-up path

        for match in difflib.get_close_matches(key, list(index), n=6, cutoff=0.6):
            if index[match] not in suggestions:
                suggestions.append(index[match])
    return suggestions[:3]


# Words that may be left out of a query ("the Arctic Council" finds "Arctic Council").
SMALL_WORDS = frozenset({"the", "of", "for", "and", "in", "on", "a", "an"})


class Ambiguous(LookupError):
    """More than one record matches; ``candidates`` are (id, name) pairs, in dataset order.
    ``what``: the plural of what was looked for ("bodies", "people")."""

    def __init__(self, what: str, query: str, candidates: Sequence[tuple[str, str]]):
        self.what = what
        self.query = query
        self.candidates = tuple(candidates)
        super().__init__(self.message())

    def message(self) -> str:
        shown = self.query if len(self.query) <= 60 else self.query[:57] + "..."
        listed = ", ".join(f"{i} ({name})" for i, name in self.candidates)
        return (
            f"{shown!r} matches {len(self.candidates)} {self.what}: {listed}; give one of these ids"
        )


# --------------------------------------------------------------------------- the tiers


Entry = tuple[str, str, tuple[str, ...]]  # (record id, folded text, its words)


def _entries(pairs: Iterable[tuple[str, str]], key: Callable[[str], str]) -> list[Entry]:
    out: list[Entry] = []
    for rid, text in pairs:
        k = key(text)
        if k:
            out.append((rid, k, tuple(k.split())))
    return out


def _words(query: str, key: Callable[[str], str]) -> tuple[str, tuple[str, ...]]:
    k = key(query)
    words = tuple(k.split())
    big = tuple(w for w in words if w not in SMALL_WORDS)
    return k, big or words


def _whole_words(qwords: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return all(w in words for w in qwords)


def _word_starts(qwords: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Each query word starts a different word of the text (any order)."""
    free = list(words)
    for q in sorted(qwords, key=len, reverse=True):
        for i, w in enumerate(free):
            if w.startswith(q):
                del free[i]
                break
        else:
            return False
    return True


def matches(
    entries: list[Entry], query: str, key: Callable[[str], str] = fold, prefix: bool = True
) -> list[str]:
    """The ids the first tier that finds anything finds (see the module docstring), in the
    order of ``entries``, each once. ``prefix``: whether the third tier (word starts) runs."""
    k, qwords = _words(query, key)
    if not k:
        return []
    tiers: list[Callable[[Entry], bool]] = [
        lambda e: e[1] == k,
        lambda e: _whole_words(qwords, e[2]),
    ]
    if prefix:
        tiers.append(lambda e: _word_starts(qwords, e[2]))
    for test in tiers:
        found: list[str] = []
        for e in entries:
            if e[0] not in found and test(e):
                found.append(e[0])
        if found:
            return found
    return []


R = TypeVar("R")


def the_one(
    ids: Sequence[str],
    query: str,
    get: Callable[[str], R | None],
    label: Callable[[str], str],
    what: tuple[str, str],
    index: Callable[[], dict[str, str]],
) -> R:
    """The one record ``ids`` (what :func:`matches` found) names, fetched with ``get``.
    Several: :class:`Ambiguous`, each candidate shown with its ``label``. None:
    :class:`NotFound` with suggestions close to the query among the folded keys of ``index()``
    (built only on a miss). ``what``: (one, several), as the messages name them."""
    one, several = what
    if len(ids) > 1:
        raise Ambiguous(several, query, [(i, label(i)) for i in ids])
    if not ids:
        raise NotFound(one, query, suggest(index(), query))
    found = get(ids[0])
    assert found is not None
    return found


# --------------------------------------------------------------------------- bodies

_ORG_ENTRIES: dict[int, tuple[Any, list[Entry]]] = {}


def org_entries(ds: Dataset) -> list[Entry]:
    """Every text a user may type for every body (model.lookup_texts), folded; built once per
    dataset."""
    hit = _ORG_ENTRIES.get(id(ds))
    if hit is not None and hit[0] is ds:
        return hit[1]
    pairs = [(o.id, text) for o in ds.orgs for text, _where in lookup_texts(o)]
    entries = _entries(pairs, fold)
    if len(_ORG_ENTRIES) > 16:
        _ORG_ENTRIES.clear()
    _ORG_ENTRIES[id(ds)] = (ds, entries)
    return entries


def org_ids(ds: Dataset, query: str) -> list[str]:
    """The ids of the bodies ``query`` names (empty: none, several: ambiguous)."""
    return matches(org_entries(ds), query)


def find_org(ds: Dataset, query: str) -> Org:
    """The one body ``query`` names; :class:`Ambiguous` or :class:`NotFound` otherwise."""
    exact = ds.org(query)
    if exact is not None:  # the common case, without the index
        return exact
    return the_one(
        org_ids(ds, query),
        query,
        ds.org,
        lambda i: _org_label(ds, i),
        ("organisation", "bodies"),
        lambda: {e[1]: e[0] for e in org_entries(ds)},
    )


def _org_label(ds: Dataset, org_id: str) -> str:
    o = ds.org(org_id)
    return o.acronym if o is not None else org_id


# --------------------------------------------------------------------------- people

# Cyrillic (Russian and Kazakh letters) to Latin, as names are commonly transliterated.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip
_VOWELS = frozenset("aeiou")


def name_key(text: str) -> str:
    """A spelling-tolerant key for a person's name: folded, Cyrillic transliterated, doubled
    letters single, 'y' after a vowel dropped, 'j' read as 'zh' and 'kh' as 'h'. So Tokayev,
    Tokaev, Токаев and Тоқаев share the key 'tokaev'."""
    k = fold(text)
    k = "".join(_CYRILLIC.get(ch, ch) for ch in k)
    k = k.replace("kh", "h").replace("j", "zh").replace("x", "ks")
    out: list[str] = []
    for ch in k:
        if out and ch == out[-1] and ch.isalpha():
            continue  # Kassym = Kasym
        if ch == "y" and out and out[-1] in _VOWELS:
            continue  # Tokayev = Tokaev, Zhiyenbayev = Zhienbaev
        out.append(ch)
    return "".join(out)


def person_texts(p: Person) -> Iterable[str]:
    yield from (p.id, p.name, *p.spellings, *p.seed_forms)


def find_person(ds: Dataset, query: str) -> Person:
    """A person by id, name, any spelling, or surname alone, in Latin, Cyrillic or Arabic
    script; :class:`Ambiguous` when several people match, :class:`NotFound` when none."""
    exact = ds.person(query)
    if exact is not None:
        return exact
    # Never by the start of a word: "Mur" would name too many people.
    entries = _entries(((p.id, t) for p in ds.people for t in person_texts(p)), fold)
    ids = matches(entries, query, fold, prefix=False)
    if not ids:
        spelled = _entries(((p.id, t) for p in ds.people for t in person_texts(p)), name_key)
        ids = matches(spelled, query, name_key, prefix=False)
    return the_one(
        ids,
        query,
        ds.person,
        lambda i: _person_name(ds, i),
        ("person", "people"),
        lambda: {e[1]: e[0] for e in entries},
    )


def _person_name(ds: Dataset, pid: str) -> str:
    p = ds.person(pid)
    return p.name if p is not None else pid
