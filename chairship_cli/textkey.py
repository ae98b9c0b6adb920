"""Lookup keys: case, diacritics and punctuation do not matter, in any script.

``fold("Shanghai Cooperation Organization") == fold("shanghai  cooperation-organization")``,
``fold("Türkiye") == fold("turkiye")``, and Arabic hamza/madda forms of alef, harakat and
tatweel are ignored, so a name typed without them still matches.
"""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"ى": "ي", "ـ": "", "ı": "i", "ß": "ss"})


def fold(text: str) -> str:
    """Case-fold, strip diacritics and punctuation, collapse spaces."""
    t = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA)
    t = unicodedata.normalize("NFKD", t)
    out: list[str] = []
    for ch in t:
        cat = unicodedata.category(ch)
        if cat.startswith("M"):
            continue
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


def _fold_char(ch: str) -> str:
    t = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKC", ch).casefold().translate(_EXTRA)
    )
    return "".join(
        c if c.isalnum() else " " for c in t if not unicodedata.category(c).startswith("M")
    )


def find_span(text: str, query: str) -> tuple[int, int] | None:
    """Where ``query`` matches in ``text`` as :func:`fold` compares them: (start, end) indexes
    into ``text``, or None. Lets a search hit show the very characters that matched."""
    key = fold(query)
    if not key:
        return None
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            if c == " " and (not chars or chars[-1] == " "):
                continue  # collapse runs of separators, as fold() does
            chars.append(c)
            origin.append(i)
    at = "".join(chars).find(key)
    if at < 0:
        return None
    return origin[at], origin[at + len(key) - 1] + 1
