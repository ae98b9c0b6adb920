"""The JSON contract: one function per output shape (documented in README "JSON contract").

Keys documented there keep their names and types; new keys may be added. Dates are ISO 8601
strings at the precision of their source ("2024", "2024-05", "2024-05-21"). Absent optional
values are null. Never imports rich.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from chairship_cli.dates import PartialDate
from chairship_cli.model import (
    Alias,
    Claim,
    Correction,
    Dataset,
    Event,
    MemberCount,
    Org,
    Person,
    Priority,
    Term,
)
from chairship_cli.query import (
    Chairmanship,
    Hit,
    SourceUse,
    ThemeCount,
    TimelineItem,
    WhoAnswer,
    country_name,
)

JSON = dict[str, Any]


def _d(d: PartialDate | None) -> str | None:
    return d.isoformat() if d is not None else None


def _opt(text: str | None) -> str | None:
    return text or None


def dumps(obj: Any) -> str:
    """UTF-8 JSON (non-ASCII kept) unless stdout cannot encode it; always ends in a newline."""
    enc = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    ascii_only = not enc.startswith("utf")
    return json.dumps(obj, ensure_ascii=ascii_only, indent=2) + "\n"


def current(answer: WhoAnswer | None) -> JSON | None:
    if answer is None or answer.term is None:
        return None
    return {
        "chair": answer.term.chair,
        "chair_name": country_name(answer.term.chair),
        "since": _d(answer.term.start),
        "uncertain": answer.uncertain,
    }


def org_item(org: Org, lang: str, now: WhoAnswer | None) -> JSON:
    return {
        "id": org.id,
        "acronym": org.display_acronym(lang),
        "name": org.display_name(lang),
        "themes": list(org.themes),
        "founded": _d(org.founded),
        "headquarters": org.headquarters,
        "current_chair": current(now),
    }


def term(t: Term) -> JSON:
    return {
        "chair": t.chair,
        "chair_name": country_name(t.chair),
        "start": _d(t.start),
        "end": _d(t.end),
        "start_event": _opt(t.start_event),
        "end_event": _opt(t.end_event),
        "confirmed_until": _d(t.confirmed_until),
        "confidence": t.confidence,
        "sources": list(t.sources),
        "note": _opt(t.note),
    }


def priority(p: Priority) -> JSON:
    return {
        "text": p.text,
        "themes": list(p.themes),
        "confidence": p.confidence,
        "sources": list(p.sources),
        "note": _opt(p.note),
    }


def event(e: Event) -> JSON:
    return {
        "date": _d(e.date),
        "end": _d(e.end),
        "title": e.title,
        "place": _opt(e.place),
        "themes": list(e.themes),
        "people": list(e.people),
        "confidence": e.confidence,
        "sources": list(e.sources),
        "note": _opt(e.note),
    }


def claim(c: Claim, org_id: str) -> JSON:
    return {
        "id": c.id,
        "org": org_id,
        "claim": c.claim,
        "asserted_by": list(c.asserted_by),
        "record": c.record,
        "confidence": c.confidence,
        "sources": list(c.sources),
        "note": _opt(c.note),
    }


def alias(a: Alias) -> JSON:
    return {
        "text": a.text,
        "lang": a.lang,
        "kind": a.kind,
        "mistranslation": a.kind == "mistranslation",
        "until": _d(a.until),
        "note": _opt(a.note),
        "sources": list(a.sources),
    }


def members(m: MemberCount) -> JSON:
    return {
        "count": m.count,
        "as_of": _d(m.as_of),
        "note": _opt(m.note),
        "confidence": m.confidence,
        "sources": list(m.sources),
    }


def org_detail(org: Org, lang: str, now: WhoAnswer | None) -> JSON:
    return {
        **org_item(org, lang, now),
        "names": {
            n.lang: {
                "name": n.name,
                "acronym": n.acronym,
                "confidence": n.confidence,
                "sources": list(n.sources),
                "note": _opt(n.note),
            }
            for n in org.names
        },
        "aliases": [alias(a) for a in org.aliases],
        "founded_note": _opt(org.founded_note),
        "website": org.website,
        "summary": _opt(org.summary),
        "members": [members(m) for m in org.members],
        "rotation": (
            {
                "text": org.rotation.text,
                "confidence": org.rotation.confidence,
                "sources": list(org.rotation.sources),
            }
            if org.rotation
            else None
        ),
        "terms": [term(t) for t in org.terms],
        "priorities": [priority(p) for p in org.priorities],
        "events": [event(e) for e in org.events],
        "claims": [claim(c, org.id) for c in org.claims],
        "sources": list(org.sources),
    }


def timeline_item(i: TimelineItem) -> JSON:
    return {
        "date": _d(i.date),
        "end": _d(i.end),
        "org": i.org,
        "kind": i.kind,
        "title": i.title,
        "place": _opt(i.place),
        "chair": i.chair,
        "themes": list(i.themes),
        "people": list(i.people),
        "confidence": i.confidence,
        "sources": list(i.sources),
        "note": _opt(i.note),
    }


def _term_ref(t: Term | None) -> JSON | None:
    if t is None:
        return None
    return {
        "chair": t.chair,
        "chair_name": country_name(t.chair),
        "start": _d(t.start),
        "end": _d(t.end),
    }


def who(a: WhoAnswer) -> JSON:
    t = a.term
    return {
        "org": a.org.id,
        "on": a.on.isoformat(),
        "chair": t.chair if t else None,
        "chair_name": country_name(t.chair) if t else None,
        "term": (
            {
                "start": _d(t.start),
                "end": _d(t.end),
                "start_event": _opt(t.start_event),
                "end_event": _opt(t.end_event),
                "confirmed_until": _d(t.confirmed_until),
            }
            if t
            else None
        ),
        "previous": _term_ref(a.previous),
        "next": _term_ref(a.next),
        "uncertain": a.uncertain,
        "notes": list(a.notes),
        "candidates": [_term_ref(c) for c in a.candidates if c is not t],
        "confidence": t.confidence if t else None,
        "sources": list(t.sources) if t else [],
    }


def chairmanship(c: Chairmanship, lang: str) -> JSON:
    return {
        "org": c.org.id,
        "org_name": c.org.display_name(lang),
        "chair": c.term.chair,
        "chair_name": country_name(c.term.chair),
        "start": _d(c.term.start),
        "end": _d(c.term.end),
        "start_event": _opt(c.term.start_event),
        "end_event": _opt(c.term.end_event),
        "uncertain": c.uncertain,
        "confidence": c.term.confidence,
        "sources": list(c.term.sources),
    }


def theme_count(t: ThemeCount) -> JSON:
    return {
        "id": t.id,
        "label": t.label,
        "description": t.description,
        "orgs": list(t.orgs),
        "org_count": len(t.orgs),
        "priorities": t.priorities,
        "events": t.events,
    }


def hit(h: Hit) -> JSON:
    return {
        "kind": h.kind,
        "org": h.org,
        "ref": h.ref,
        "text": h.text,
        "field": h.field,
        "matched": h.matched,
    }


def source_use(s: SourceUse) -> JSON:
    return {"url": s.url, "orgs": list(s.orgs), "supports": list(s.supports)}


def correction(c: Correction) -> JSON:
    return {
        "n": c.n,
        "seed": c.seed,
        "literal": c.literal,
        "correct": c.correct,
        "org": c.org,
        "cause": _opt(c.cause),
        "note": _opt(c.note),
        "confidence": c.confidence,
        "sources": list(c.sources),
    }


def person(p: Person, ds: Dataset) -> JSON:
    from chairship_cli.query import events_with_person

    return {
        "id": p.id,
        "name": p.name,
        "spellings": list(p.spellings),
        "seed_forms": list(p.seed_forms),
        "roles": [
            {"title": r.title, "org": r.org, "start": _d(r.start), "end": _d(r.end)}
            for r in p.roles
        ],
        "events": [timeline_item(i) for i in events_with_person(ds, p)],
        "confidence": p.confidence,
        "sources": list(p.sources),
        "note": _opt(p.note),
    }
