"""The shipped dataset cites no page from a domain that is not a source (data/not-sources.txt):
Wikipedia and its copies, personal blogs, quiz sites, machine-written aggregators."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "orgs.toml"
NOT_SOURCES = ROOT / "data" / "not-sources.txt"


def not_sources(text: str) -> list[str]:
    """The domains of the list: one a line, `#` starts a comment, blank lines are skipped."""
    out = []
    for line in text.splitlines():
        domain = line.split("#", 1)[0].strip().lower()
        if domain:
            out.append(domain)
    return out


def banned_domain(url: str, domains: list[str]) -> str | None:
    """The listed domain that is the URL's host or one of its parent domains, if any."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    for d in domains:
        if host == d or host.endswith("." + d):
            return d
    return None


def cited(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every URL under a `sources` key (and every `website`), with the record's path."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if key == "sources" and isinstance(value, list):
                for url in value:
                    yield where, url
            elif key == "website" and isinstance(value, str):
                yield where, value
            else:
                yield from cited(value, where)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            label = item.get("id") if isinstance(item, dict) and path == "org" else None
            yield from cited(item, f"{path}[{label or i}]")


DOMAINS = not_sources(NOT_SOURCES.read_text(encoding="utf-8"))


def test_the_list_names_the_known_kinds() -> None:
    for d in ("wikipedia.org", "piglix.com", "movatter.jp", "wikisum.wiki", "blogspot.com"):
        assert d in DOMAINS
    for d in ("hanna-ai.com", "legalclarity.org", "bungopos.com", "profilpelajar.com"):
        assert d in DOMAINS
    assert len(DOMAINS) == len(set(DOMAINS)), "a domain is listed twice"
    assert all("/" not in d and " " not in d and "." in d for d in DOMAINS)


@pytest.mark.parametrize(
    ("url", "hit"),
    [
        ("https://en.wikipedia.org/wiki/SCO", "wikipedia.org"),
        ("http://smarkos.blogspot.com/2016/01/x.html", "blogspot.com"),
        ("https://news.hanna-ai.com/fr/article/x", "hanna-ai.com"),
        ("https://pravda-7pd.pages.dev/russia/2026/06/04/1.html", "pages.dev"),
        ("https://PIGLIX.COM./piglix/x", "piglix.com"),
        ("https://notwikipedia.org/x", None),  # another domain that only ends in the same letters
        ("https://www.un.org/en/sc/presidency/", None),
    ],
)
def test_matching_host_and_parent_domains(url: str, hit: str | None) -> None:
    assert banned_domain(url, DOMAINS) == hit


def test_the_dataset_cites_no_listed_domain() -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    urls = list(cited(data))
    assert len(urls) > 2000  # the walk reaches the records
    bad = [f"{where}: {url}" for where, url in urls if banned_domain(url, DOMAINS)]
    assert bad == [], "cited pages that are not sources:\n" + "\n".join(bad)


def test_a_cited_listed_domain_is_caught() -> None:
    sample = {"org": [{"id": "x", "terms": [{"sources": ["https://x.wordpress.com/p"]}]}]}
    found = [(w, u) for w, u in cited(sample) if banned_domain(u, DOMAINS)]
    assert found == [("org[x].terms[0].sources", "https://x.wordpress.com/p")]
