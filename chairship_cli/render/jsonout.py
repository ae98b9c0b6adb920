"""The JSON contract: one function per output shape (documented in README "JSON contract").

Keys documented there keep their names and types; new keys may be added. Dates are ISO 8601
strings at the precision of their source ("2024", "2024-05", "2024-05-21"). Absent optional
values are null. Never imports rich.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from chairship_cli.chronology import Span, Upcoming, term_status
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


def current(a: WhoAnswer) -> JSON:
    """The chair today as `list` and `show` give it: always with a status and a reason."""
    return {
        "chair": a.chair,
        "chair_name": country_name(a.chair) if a.chair else None,
        "since": _d(a.span.start) if a.span else None,
        "status": a.status,
        "reason": a.reason,
        "uncertain": a.uncertain,
        "expected_end": _d(a.expected.date) if a.expected else None,
    }


def rotation(org: Org) -> JSON | None:
    r = org.rotation
    if r is None:
        return None
    return {
        "text": r.text,
        "period": r.period,
        "choice": r.choice,
        "handover": r.handover,
        "meeting": _opt(r.meeting),
        "order": list(r.order),
        "order_until": _d(r.order_until),
        "confidence": r.confidence,
        "sources": list(r.sources),
        "note": _opt(r.note),
    }


def org_item(org: Org, lang: str, now: WhoAnswer) -> JSON:
    return {
        "id": org.id,
        "acronym": org.display_acronym(lang),
        "name": org.display_name(lang),
        "region": org.region,
        "kind": org.rotation.choice if org.rotation else None,
        "period": org.rotation.period if org.rotation else None,
        "themes": list(org.themes),
        "founded": _d(org.founded),
        "headquarters": org.headquarters,
        "current_chair": current(now),
    }


def term(t: Term, status: str) -> JSON:
    return {
        "chair": t.chair,
        "chair_name": country_name(t.chair),
        "holder": _opt(t.holder),
        "start": _d(t.start),
        "end": _d(t.end),
        "start_event": _opt(t.start_event),
        "end_event": _opt(t.end_event),
        "expected_end": _d(t.expected_end),
        "expected_event": _opt(t.expected_event),
        "confirmed_until": _d(t.confirmed_until),
        "status": status,
        "basis": t.basis,
        "kind": t.kind,
        "skipped": list(t.skipped),
        "co_chairs": list(t.co_chairs),
        "group": {"kind": t.group_kind, "members": list(t.group)} if t.group else None,
        "chairpersons": [
            {"name": c.name, "role": _opt(c.role), "start": _d(c.start), "end": _d(c.end)}
            for c in t.chairpersons
        ],
        "office": _opt(t.office),
        "confidence": t.confidence,
        "sources": list(t.sources),
        "note": _opt(t.note),
    }


def priority(p: Priority, org: Org) -> JSON:
    owner = next((t for t in org.terms if t.chair == p.chair and t.start == p.term), None)
    return {
        "text": p.text,
        "themes": list(p.themes),
        "chair": p.chair,
        "chair_name": country_name(p.chair),
        "term": {"start": _d(p.term), "end": _d(owner.end) if owner else None},
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
        "planned": e.planned,
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


def org_detail(ds: Dataset, org: Org, lang: str, now: WhoAnswer) -> JSON:
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
        "checked": _d(org.checked or ds.checked),
        "rotation": rotation(org),
        "terms": [term(t, term_status(ds, org, t)) for t in org.terms],
        "priorities": [priority(p, org) for p in org.priorities],
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
        "status": i.status,
        "meeting": _opt(i.meeting),
        "themes": list(i.themes),
        "people": list(i.people),
        "confidence": i.confidence,
        "sources": list(i.sources),
        "note": _opt(i.note),
    }


def span_ref(s: Span | None) -> JSON | None:
    if s is None:
        return None
    return {
        "chair": s.chair,
        "chair_name": country_name(s.chair),
        "start": _d(s.start),
        "end": _d(s.end),
        "status": s.status,
    }


def who(a: WhoAnswer) -> JSON:
    t = a.term
    s = a.span
    return {
        "org": a.org.id,
        "on": a.on.isoformat(),
        "chair": a.chair,
        "chair_name": country_name(a.chair) if a.chair else None,
        "status": a.status,
        "reason": a.reason,
        "term": (
            {
                "start": _d(s.start),
                "end": _d(s.end),
                "start_event": _opt(t.start_event) if t else None,
                "end_event": _opt(t.end_event) if t else None,
                "confirmed_until": _d(t.confirmed_until) if t else None,
                "co_chairs": list(t.co_chairs) if t else [],
                "holder": _opt(t.holder) if t else None,
            }
            if s
            else None
        ),
        "expected": (
            {
                "date": _d(a.expected.date),
                "basis": a.expected.basis,
                "event": _opt(a.expected.event),
            }
            if a.expected
            else None
        ),
        "previous": span_ref(a.previous),
        "next": span_ref(a.next),
        "uncertain": a.uncertain,
        "notes": list(a.notes),
        "candidates": [span_ref(c) for c in a.candidates if c is not s],
        "confidence": t.confidence if t else ("unverified" if s else None),
        "sources": list(t.sources) if t else _rule_sources(a.org) if s else [],
    }


def _rule_sources(org: Org) -> list[str]:
    """A turn computed from the rule is sourced by the rule itself."""
    return list(org.rotation.sources) if org.rotation else []


def upcoming(u: Upcoming) -> JSON:
    return {
        "chair": u.chair,
        "chair_name": country_name(u.chair) if u.chair else None,
        "start": _d(u.start),
        "end": _d(u.end),
        "status": u.status,
        "reason": u.reason,
        "confidence": u.span.term.confidence if u.span and u.span.term else "unverified",
        "sources": list(u.span.term.sources) if u.span and u.span.term else [],
    }


def next_chairs(now: WhoAnswer, items: list[Upcoming]) -> JSON:
    return {"org": now.org.id, "on": now.on.isoformat(), "now": who(now), "next": [
        upcoming(u) for u in items
    ]}


def chairmanship(c: Chairmanship, lang: str) -> JSON:
    s, t = c.span, c.span.term
    return {
        "org": c.org.id,
        "org_name": c.org.display_name(lang),
        "chair": s.chair,
        "chair_name": country_name(s.chair),
        "role": c.role,
        "start": _d(s.start),
        "end": _d(s.end),
        "start_event": _opt(t.start_event) if t else None,
        "end_event": _opt(t.end_event) if t else None,
        "status": c.status,
        "uncertain": c.uncertain,
        "confidence": t.confidence if t else "unverified",
        "sources": list(t.sources) if t else [],
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
