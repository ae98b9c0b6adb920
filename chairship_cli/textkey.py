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
