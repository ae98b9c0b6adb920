"""Property-based tests: random strings and random datasets through the loader and renderers.

Whatever the data, the loader either returns a Dataset or raises DataError; every renderer
finishes; JSON output is valid and gives back exactly the strings that went in; piped output
keeps one record per line; nothing lets a string drive the terminal.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chairship_cli.load import DataError, build, load, parse_toml
from chairship_cli.model import Dataset
from chairship_cli.query import (
    OrgNow,
    chairmanships,
    find_org,
    search,
    sources,
    theme_counts,
    timeline,
    who,
)
from chairship_cli.render import output, terminal
from chairship_cli.render.output import safe

from builders import toml_dataset

EXAMPLES = int(os.environ.get("CHAIRSHIP_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Any text a dataset could hold (TOML strings cannot carry lone surrogates).
text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: not s[0].isspace()
)
dates = st.builds(
    lambda y, m, d, p: (
        f"{y:04d}" if p == 0 else (f"{y:04d}-{m:02d}" if p == 1 else f"{y:04d}-{m:02d}-{d:02d}")
    ),
    st.integers(1990, 2030),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


def toml_str(s: str) -> str:
    """A TOML basic string for any text."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@st.composite
def datasets(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A valid dataset whose free-text fields are random; returns (TOML, the strings used)."""
    strings = {
        "name": draw(text),
        "hq": draw(text),
        "title": draw(text),
        "place": draw(text),
        "note": draw(text),
        "priority": draw(text),
    }
    n_terms = draw(st.integers(1, 4))  # a priority belongs to a term, so at least one
    years = sorted(
        draw(
            st.lists(
                st.integers(1995, 2030), min_size=n_terms + 1, max_size=n_terms + 1, unique=True
            )
        )
    )
    chairs = draw(
        st.lists(
            st.sampled_from(["KZ", "CN", "RU", "TR", "QA", "AZ"]),
            min_size=n_terms,
            max_size=n_terms,
        )
    )
    terms = "".join(
        f'\n[[org.terms]]\nchair = "{c}"\nstart = "{a}-01-01"\nend = "{b}-01-01"\n'
        f'confidence = "verified"\nsources = ["https://t.example/{i}"]\n'
        for i, (c, a, b) in enumerate(zip(chairs, years, years[1:], strict=False))
    )
    n_events = draw(st.integers(0, 4))
    events = "".join(
        f"\n[[org.events]]\ndate = {toml_str(draw(dates))}\ntitle = {toml_str(strings['title'])}\n"
        f"place = {toml_str(strings['place'])}\nnote = {toml_str(strings['note'])}\n"
        f'confidence = "{draw(st.sampled_from(["verified", "single-source", "disputed"]))}"\n'
        f'sources = ["https://e.example/{i}"]\n'
        for i in range(n_events)
    )
    priority = (
        f"\n[[org.priorities]]\ntext = {toml_str(strings['priority'])}\n"
        f'themes = ["security"]\nchair = "{chairs[0]}"\nterm = "{years[0]}-01-01"\n'
        'confidence = "unverified"\nsources = []\n'
    )
    doc = toml_dataset(
        priority + terms + events,
        id='"org-x"',
        acronym='"OX"',
        name=toml_str(strings["name"]),
        founded='"1990"',
        headquarters=toml_str(strings["hq"]),
    )
    return doc, strings


def render_everything(ds: Dataset) -> list[str]:
    """Every renderer over a dataset; returns the JSON texts produced."""
    import datetime as dt

    from chairship_cli.render import dispatch, shapes

    out = []
    org = ds.orgs[0]
    now = who(ds, org, dt.date(2024, 6, 1))
    items = timeline(ds)
    ctx = shapes.Ctx(ds=ds)
    out.append(dispatch.dumps(shapes.to_json(shapes.ORG_DETAIL, OrgNow(org, now), ctx)))
    out.append(dispatch.dumps(shapes.records(shapes.TIMELINE_ITEM, items, ctx)))
    out.append(dispatch.dumps(shapes.to_json(shapes.WHO, now, ctx)))
    out.append(dispatch.dumps(shapes.records(shapes.THEME_COUNT, theme_counts(ds), ctx)))
    out.append(dispatch.dumps(shapes.records(shapes.SOURCE_USE, sources(ds), ctx)))
    out.append(dispatch.dumps(shapes.records(shapes.CHAIRMANSHIP, chairmanships(ds, "KZ"), ctx)))
    out.append(dispatch.dumps(shapes.records(shapes.HIT, search(ds, org.name[:3]), ctx)))
    for shape, records in (
        (shapes.TIMELINE_ITEM, items),
        (shapes.WHO, [now]),
        (shapes.ORG_ITEM, [OrgNow(org, now)]),
    ):
        text_out = "".join(
            "\t".join(output.safe(c) for c in shapes.cells(shape, r, ctx)) + "\n" for r in records
        )
        assert text_out.count("\n") == len(records)  # one record per line, always
        assert "\x1b" not in text_out and "\r" not in text_out
    # terminal renderers, into a buffer
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        terminal.org_detail(ds, org, "en", now, with_sources=True, sections=("all",))
        terminal.records_table(shapes.TIMELINE_ITEM, items, "t", "marks", ctx)
        terminal.who(now, "en")
        terminal.records_table(shapes.ORG_ITEM, [OrgNow(org, now)], None, "statuses", ctx)
    assert "\x1b]" not in buf.getvalue()  # no OSC sequences (links, titles) from data
    return out


@SETTINGS
@given(datasets())
def test_random_datasets_render_and_round_trip(case: tuple[str, dict[str, str]]) -> None:
    doc, strings = case
    ds = build(parse_toml(doc, "random.toml"), doc, "random.toml")
    outs = render_everything(ds)
    detail = json.loads(outs[0])
    assert detail["name"] == strings["name"]
    assert detail["headquarters"] == strings["hq"]
    assert detail["priorities"][0]["text"] == strings["priority"]
    for e in detail["events"]:
        assert (e["title"], e["place"], e["note"]) == (
            strings["title"],
            strings["place"],
            strings["note"],
        )
    for o in outs:
        json.loads(o)
    assert find_org(ds, "org-x") is ds.orgs[0]


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_never_crashes_the_loader(src: str) -> None:
    try:
        raw = parse_toml(src, "x.toml")
        build(raw, src, "x.toml")
    except DataError as e:
        assert e.problems and all(str(p) for p in e.problems)


values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | text,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "name", "date", "x", "terms", "events"]), inner, max_size=3
        )
    ),
    max_leaves=10,
)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(["schema_version", "theme", "org", "person", "correction", "zzz"]),
        values,
        max_size=5,
    )
)
def test_random_structures_give_data_errors_not_crashes(doc: dict[str, object]) -> None:
    try:
        build(doc, "", "x.toml")
    except DataError as e:
        assert all(str(p) for p in e.problems)


@SETTINGS
@given(st.text(max_size=200))
def test_safe_output_never_contains_controls(s: str) -> None:
    out = safe(s)
    assert not any(
        ord(c) < 0x20
        or 0x7F <= ord(c) < 0xA0
        or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        for c in out
    )


@SETTINGS
@given(st.text(max_size=100))
def test_any_query_string_is_a_clean_miss_or_hit(tmp_path_factory: object, q: str) -> None:
    ds = load()
    from chairship_cli.match import Ambiguous
    from chairship_cli.query import NotFound

    try:
        find_org(ds, q)
    except NotFound as e:
        assert len(e.message()) < 300
    except Ambiguous as e:  # a word many bodies share: every candidate named
        assert e.candidates and all(ds.org(i) for i, _ in e.candidates)
    from chairship_cli.render import dispatch, shapes

    json.loads(dispatch.dumps(shapes.records(shapes.HIT, search(ds, q), shapes.Ctx())))


def test_examples_setting_is_sensible() -> None:
    assert EXAMPLES >= 100 or os.environ.get("CHAIRSHIP_HYPOTHESIS_EXAMPLES")
    assert Path(__file__).exists()
