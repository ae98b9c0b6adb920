"""Typer wiring: parse options, call query functions, hand results to one renderer.

Output modes: ``--json`` (the JSON contract, stdout only), a terminal (rich tables), or a pipe
(tab-separated lines). Exit codes: 0 ok (an empty result included), 1 not found or invalid
data, 2 usage error. rich is imported only on the terminal path.
"""

import contextlib
import datetime as _dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .dates import parse_day
from .load import DataError, load
from .model import Dataset, Org, Person
from .query import NotFound
from .render import jsonout, plain
from .render.output import (
    emit,
    emit_bytes,
    error,
    finish_stdout,
    note,
    prepare_streams,
    safe,
    stdout_gone,
    stdout_is_terminal,
    write_failed,
)

EPILOG_ENV = (
    "Environment: CHAIRSHIP_DATA (dataset path), NO_COLOR, TERM=dumb, COLUMNS, "
    "CHAIRSHIP_FORCE_TTY=1 (render as on a terminal), CHAIRSHIP_TODAY=YYYY-MM-DD (pin today)."
)

_APP_SETTINGS: dict[str, Any] = dict(
    name="chairship",
    help=(
        "Offline reference on rotating chairmanships of international organisations: "
        "who chairs what, since when, with which priorities, and where each fact comes from."
    ),
    epilog="Exit codes: 0 ok (empty results included), 1 not found or invalid data, 2 usage. "
    + EPILOG_ENV,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)
app = typer.Typer(**_APP_SETTINGS)


class Lang(str, Enum):
    en = "en"
    ru = "ru"
    kk = "kk"
    ar = "ar"


# --------------------------------------------------------------------------- shell completion
# Called by Typer's completion (each Tab press runs the program); they never raise.


def _completion_dataset() -> Dataset | None:
    try:
        return load(_state.data)
    except DataError:
        return None


def _complete_org(incomplete: str) -> list[tuple[str, str]]:
    """Organisation ids (with their names as help), then acronyms and aliases that match."""
    from .textkey import fold

    ds = _completion_dataset()
    if ds is None:
        return []
    key = fold(incomplete)
    out: list[tuple[str, str]] = []
    for o in ds.orgs:
        texts = [o.id, o.acronym, *(n.acronym for n in o.names if n.acronym)]
        texts += [n.name for n in o.names] + [a.text for a in o.aliases]
        for text in texts:
            if fold(text).startswith(key) and text not in (t for t, _ in out):
                out.append((text, o.name))
    return out


def _complete_theme(incomplete: str) -> list[tuple[str, str]]:
    ds = _completion_dataset()
    themes = ds.themes if ds else ()
    return [(t.id, t.label) for t in themes if t.id.startswith(incomplete.lower())]


def _complete_country(incomplete: str) -> list[tuple[str, str]]:
    from . import countries

    up = incomplete.upper()
    codes = [(c, n) for c, n in countries.NAMES.items() if c.startswith(up)]
    names = [(n, c) for c, n in countries.NAMES.items() if n.lower().startswith(incomplete.lower())]
    return codes + names if len(incomplete) >= 2 else codes


def _complete_person(incomplete: str) -> list[tuple[str, str]]:
    """People's ids (with their names as help), then their names and spellings that match."""
    from .textkey import fold

    ds = _completion_dataset()
    people = ds.people if ds else ()
    key = fold(incomplete)
    out = [(p.id, p.name) for p in people if p.id.startswith(incomplete.lower())]
    for p in people:
        for text in (p.name, *p.spellings):
            if fold(text).startswith(key) and text not in (t for t, _ in out):
                out.append((text, p.id))
    return out


# Typer's bash script inserts a candidate such as "Turkic Council" unquoted (two words). This
# one reads one candidate per line and quotes each with printf %q, so it is inserted escaped.
BASH_COMPLETION = r"""
%(complete_func)s() {
    local c q
    local -a cands
    mapfile -t cands < <(env COMP_WORDS="${COMP_WORDS[*]}" \
                             COMP_CWORD=$COMP_CWORD \
                             %(autocomplete_var)s=complete_bash "$1")
    COMPREPLY=()
    for c in "${cands[@]}"; do
        printf -v q '%%q' "$c"
        COMPREPLY+=("$q")
    done
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""
SHELLS = ("bash", "zsh", "fish")


def _completion_option(args: list[str]) -> int:
    """--show-completion [SHELL] and --install-completion [SHELL], for bash, zsh and fish.

    The shell named wins; otherwise the one in $SHELL. Anything else is a usage error, never a
    script for the wrong shell.
    """
    from typer import _completion_shared as shared

    opt, _, shell = args[0].partition("=")
    rest = args[1:]
    if not shell and rest:
        shell, rest = rest[0], rest[1:]
    if rest:
        error(f"{opt} takes one shell name, not {' '.join(rest)!r} (try 'chairship -h')")
        return 2
    if not shell:
        shell = os.path.basename(os.environ.get("SHELL", ""))
        if shell not in SHELLS:
            error(
                f"cannot tell which shell to complete for ($SHELL is {shell or 'not set'!r});"
                f" name one: {opt} bash, zsh or fish"
            )
            return 2
    if shell not in SHELLS:
        error(f"{opt}: unsupported shell {shell!r}; chairship completes bash, zsh and fish")
        return 2
    shared._completion_scripts["bash"] = BASH_COMPLETION
    prog, var = "chairship", "_CHAIRSHIP_COMPLETE"
    if opt == "--show-completion":
        emit(shared.get_completion_script(prog_name=prog, complete_var=var, shell=shell) + "\n")
        return 0
    try:
        _, path = shared.install(shell=shell, prog_name=prog, complete_var=var)
    except OSError as e:
        error(f"cannot install completion: {e.filename or ''}: {e.strerror or e}")
        return 1
    emit(f"{shell} completion installed in {path}\nIt takes effect in a new shell.\n")
    return 0


# --------------------------------------------------------------------------- shared options

JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print JSON (UTF-8) on stdout: the documented contract.")
]
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Dataset file to use instead of the shipped one (also: $CHAIRSHIP_DATA).",
        metavar="PATH",
        show_default=False,
    ),
]
LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang", help="Language of the names shown: en, ru, kk or ar.", case_sensitive=False
    ),
]


def _year(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    if not (v.isascii() and v.isdigit() and len(v) == 4 and int(v) >= 1):
        raise typer.BadParameter(f"{_short(value)!r} is not a year; use YYYY, for example 2024")
    return v


def _check_day(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_day(value)
        except ValueError:
            raise typer.BadParameter(
                f"{_short(value)!r} is not a valid date; use YYYY-MM-DD, for example 2024-07-04"
            ) from None
    return value


def _day(value: str | None) -> _dt.date | None:
    return parse_day(value) if value is not None else None


def _today() -> _dt.date:
    """Today, or $CHAIRSHIP_TODAY (YYYY-MM-DD) to pin it for reproducible output."""
    pinned = os.environ.get("CHAIRSHIP_TODAY")
    if pinned:
        try:
            return parse_day(pinned)
        except ValueError:
            msg = f"CHAIRSHIP_TODAY={_short(pinned)!r} is not YYYY-MM-DD"
            raise typer.BadParameter(msg) from None
    return _dt.date.today()


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year", help="Only this year.", metavar="YYYY", callback=_year, show_default=False
    ),
]


def _date_opt(name: str, text: str) -> Any:
    return typer.Option(
        name, help=text, metavar="YYYY-MM-DD", show_default=False, callback=_check_day
    )


class _State:
    data: Path | None = None


_state = _State()


def _dataset(data: Path | None) -> Dataset:
    try:
        return load(data or _state.data)
    except DataError as e:
        _fail_data(e)


def _fail_data(e: DataError) -> NoReturn:
    errors = [p for p in e.problems if p.severity == "error"]
    if len(errors) == 1:
        error(f"invalid dataset: {errors[0]}")
    else:
        error(f"invalid dataset: {len(errors)} problems")
        for p in e.problems:
            sys.stderr.write(f"  {safe(str(p))}\n")
    raise typer.Exit(1)


def _org(ds: Dataset, query: str) -> Org:
    from .query import find_org

    try:
        return find_org(ds, query)
    except NotFound as e:
        error(e.message())
        raise typer.Exit(1) from None


def _themes(ds: Dataset, queries: list[str] | None) -> set[str] | None:
    """The theme ids asked for (several --theme options mean any of them), or None for all."""
    if not queries:
        return None
    from .query import find_theme

    out = set()
    for query in queries:
        try:
            out.add(find_theme(ds, query))
        except NotFound:
            valid = ", ".join(ds.theme_ids())
            raise typer.BadParameter(
                f"unknown theme {query!r}; valid themes: {valid}", param_hint="'--theme'"
            ) from None
    return out


def _orgs(ds: Dataset, queries: list[str] | None) -> list[Org] | None:
    """The organisations asked for (several --org options mean all of them, in dataset order),
    or None for every organisation."""
    if not queries:
        return None
    ids = {_org(ds, q).id for q in queries}
    return [o for o in ds.orgs if o.id in ids]


def _out_json(obj: Any) -> None:
    emit(jsonout.dumps(obj))


def _out_plain(rows: list[plain.Row]) -> None:
    emit(plain.lines(rows))


def _empty(what: str) -> None:
    if stdout_is_terminal():
        note(f"no {what}")


def _version(value: bool) -> None:
    if value:
        emit(f"chairship {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    data: DataOpt = None,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = None,
) -> None:
    _state.data = data


# --------------------------------------------------------------------------- list / show / themes


@app.command("list", epilog="Examples: chairship list; chairship list --theme water --json")
def list_cmd(
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            help="Only organisations with this theme (see 'themes'); repeat for any of several.",
            autocompletion=_complete_theme,
        ),
    ] = None,
    lang: LangOpt = Lang.en,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """List the organisations, with the chair today."""
    from .query import current_chair

    ds = _dataset(data)
    wanted = _themes(ds, theme)
    orgs = [o for o in ds.orgs if wanted is None or wanted.intersection(o.themes)]
    now = [(o, current_chair(ds, o, _today())) for o in orgs]
    if json:
        _out_json([jsonout.org_item(o, lang.value, w) for o, w in now])
    elif not orgs:
        _empty("organisations match")
    elif stdout_is_terminal():
        from .render import terminal

        terminal.org_list([(o, w, _kz_2024(ds, o)) for o, w in now], lang.value)
    else:
        _out_plain(plain.org_rows(now, lang.value))


def _kz_2024(ds: Dataset, org: Org) -> str:
    """'chair' when a Kazakh term overlaps 2024; otherwise 'no', pointing at disputed claims."""
    from .query import chairmanships, year_span

    if any(c.org.id == org.id for c in chairmanships(ds, "KZ", *year_span(2024))):
        return "chair"
    return "no (see disputed claims)" if org.claims else "no"


@app.command(
    epilog="Examples: chairship show sco; chairship show 'ШОС' --lang ru; "
    "chairship show iofs --sources"
)
def show(
    org: Annotated[
        str,
        typer.Argument(
            help="Id, acronym, or any name or alias (any language).", autocompletion=_complete_org
        ),
    ],
    lang: LangOpt = Lang.en,
    sources: Annotated[
        bool, typer.Option("--sources", help="Print each fact's sources inline.")
    ] = False,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """One organisation: names, chair history, priorities, events, disputed claims, sources."""
    from .query import current_chair

    ds = _dataset(data)
    o = _org(ds, org)
    now = current_chair(ds, o, _today())
    if json:
        _out_json(jsonout.org_detail(o, lang.value, now))
    elif stdout_is_terminal():
        from .render import terminal

        terminal.org_detail(o, lang.value, now, sources)
    else:
        _out_plain(plain.show_rows(o, lang.value, now))


@app.command()
def themes(json: JsonOpt = False, data: DataOpt = None) -> None:
    """List the themes with how many organisations, priorities and events carry each."""
    from .query import theme_counts

    ds = _dataset(data)
    counts = theme_counts(ds)
    if json:
        _out_json([jsonout.theme_count(t) for t in counts])
    elif stdout_is_terminal():
        from .render import terminal

        terminal.themes(counts)
    else:
        _out_plain(plain.theme_rows(counts))


# --------------------------------------------------------------------------- timeline


@app.command(
    epilog="Examples: chairship timeline --year 2024; chairship timeline --org csto; "
    "chairship timeline --from 2024-06-01 --to 2024-07-31 --json"
)
def timeline(
    year: YearOpt = None,
    org: Annotated[
        list[str] | None,
        typer.Option(
            "--org",
            help="Only this organisation (id or any name); repeat for several.",
            autocompletion=_complete_org,
        ),
    ] = None,
    date_from: Annotated[str | None, _date_opt("--from", "Only from this day on.")] = None,
    date_to: Annotated[str | None, _date_opt("--to", "Only up to this day.")] = None,
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            help="Only events with this theme; repeat for any of several.",
            autocompletion=_complete_theme,
        ),
    ] = None,
    lang: LangOpt = Lang.en,
    chart: Annotated[
        bool,
        typer.Option("--chart", help="Draw chair terms over the years, with events as marks."),
    ] = False,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Dated events and chair hand-overs in date order, or (--chart) a Gantt chart of terms."""
    from .query import timeline as build_timeline
    from .query import year_span

    lo, hi = _day(date_from), _day(date_to)
    if lo and hi and hi < lo:
        raise typer.BadParameter(f"--to {hi} is before --from {lo}", param_hint="'--to'")
    if year is not None:
        ylo, yhi = year_span(int(year))
        for name, day in (("--from", lo), ("--to", hi)):
            if day is not None and not ylo <= day <= yhi:
                raise typer.BadParameter(
                    f"{name} {day} is outside --year {year}; give one or the other",
                    param_hint=f"'{name}'",
                )
        lo, hi = lo or ylo, hi or yhi
    if chart and json:
        raise typer.BadParameter("--chart draws a picture; it cannot be combined with --json")
    if chart and theme:
        raise typer.BadParameter(
            "--chart draws whole chair terms; it cannot be combined with --theme",
            param_hint="'--theme'",
        )
    ds = _dataset(data)
    orgs = _orgs(ds, org)
    if chart:
        from .render import terminal

        shown = orgs or list(ds.orgs)
        clo, chi = _chart_span(shown)
        terminal.gantt(shown, lo or clo, hi or chi, plain=not stdout_is_terminal())
        return
    wanted = _themes(ds, theme)
    items = build_timeline(ds, orgs, lo, hi)
    if wanted is not None:
        items = [i for i in items if wanted.intersection(i.themes)]
    if json:
        _out_json([jsonout.timeline_item(i) for i in items])
    elif not items:
        _empty("events in this period")
    elif stdout_is_terminal():
        from .render import terminal

        title = (
            "Timeline"
            + (f" {year}" if year else "")
            + (f" — {', '.join(o.display_acronym(lang.value) for o in orgs)}" if orgs else "")
        )
        terminal.timeline(items, title)
    else:
        _out_plain(plain.timeline_rows(items))


def _chart_span(orgs: list[Org]) -> tuple[_dt.date, _dt.date]:
    """Default chart window: 1 January of the first known term start to the end of this year
    (or of the last known term end, if later)."""
    starts = [t.start.earliest() for o in orgs for t in o.terms if t.start]
    ends = [t.end.latest() for o in orgs for t in o.terms if t.end]
    today = _today()
    first = min(starts, default=today)
    last = max([*ends, today])
    return _dt.date(first.year, 1, 1), _dt.date(last.year, 12, 31)


# --------------------------------------------------------------------------- who / country


@app.command(epilog="Examples: chairship who csto; chairship who sco --on 2018-01-01 --json")
def who(
    org: Annotated[
        str, typer.Argument(help="Id, acronym, or any name or alias.", autocompletion=_complete_org)
    ],
    on: Annotated[str | None, _date_opt("--on", "The day to ask about (default: today).")] = None,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Who chaired the organisation on a day, with the chairs before and after.

    When no chair is recorded for the day (before the founding, or a gap in the sources) the
    answer is "chair": null and the exit code is 0. Hand-over days belong to the incoming chair.
    """
    from .query import who as ask

    day = _day(on) or _today()
    ds = _dataset(data)
    answer = ask(ds, _org(ds, org), day)
    if json:
        _out_json(jsonout.who(answer))
    elif stdout_is_terminal():
        from .render import terminal

        terminal.who(answer)
    else:
        _out_plain(plain.who_rows(answer))


@app.command(epilog="Examples: chairship country KZ --year 2024; chairship country Türkiye --json")
def country(
    name: Annotated[
        str,
        typer.Argument(
            help="ISO code (KZ) or English name (Kazakhstan).",
            metavar="CODE|NAME",
            autocompletion=_complete_country,
        ),
    ],
    year: YearOpt = None,
    on: Annotated[str | None, _date_opt("--on", "Only terms covering this day.")] = None,
    lang: LangOpt = Lang.en,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Every chairmanship a country held (in a year, on a day, or ever)."""
    from .query import chairmanships, country_code, country_name, year_span

    if year is not None and on is not None:
        raise typer.BadParameter("give --year or --on, not both", param_hint="'--on'")
    day = _day(on)
    try:
        code = country_code(name)
    except NotFound as e:
        error(e.message())
        raise typer.Exit(1) from None
    lo, hi = year_span(int(year)) if year is not None else (day, day)
    ds = _dataset(data)
    items = chairmanships(ds, code, lo, hi)
    if json:
        _out_json([jsonout.chairmanship(c, lang.value) for c in items])
    elif not items:
        _empty(f"chairmanships of {country_name(code)} in this period")
    elif stdout_is_terminal():
        from .render import terminal

        period = f" in {year}" if year else (f" on {day}" if day else "")
        terminal.chairmanships(
            items, f"Chairmanships of {country_name(code)} ({code}){period}", lang.value
        )
    else:
        _out_plain(plain.chairmanship_rows(items, lang.value))


# --------------------------------------------------------------------------- provenance


@app.command("sources")
def sources_cmd(
    org: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only these organisations (one or more).",
            autocompletion=_complete_org,
            show_default=False,
        ),
    ] = None,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Every cited URL with what it supports."""
    from .query import sources as collect

    ds = _dataset(data)
    orgs = _orgs(ds, org)
    if orgs is None:
        uses = collect(ds)
    else:  # several organisations: one entry per URL, as for the whole dataset
        by_url: dict[str, Any] = {}
        for o in orgs:
            for use in collect(ds, o):
                seen = by_url.setdefault(use.url, use)
                if seen is not use:
                    seen.orgs.extend(x for x in use.orgs if x not in seen.orgs)
                    seen.supports.extend(x for x in use.supports if x not in seen.supports)
        uses = list(by_url.values())
    if json:
        _out_json([jsonout.source_use(s) for s in uses])
    elif stdout_is_terminal():
        from .render import terminal

        terminal.sources(uses)
    else:
        _out_plain(plain.source_rows(uses))


@app.command()
def corrections(json: JsonOpt = False, data: DataOpt = None) -> None:
    """Translation errors in the seed article: the Arabic text, its literal sense, the fix."""
    ds = _dataset(data)
    items = list(ds.corrections)
    if json:
        _out_json([jsonout.correction(c) for c in items])
    elif not items:
        _empty("corrections in this dataset")
    elif stdout_is_terminal():
        from .render import terminal

        terminal.corrections(items)
    else:
        _out_plain(plain.correction_rows(items))


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Text to find (case and diacritics ignored).")],
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """Search names, aliases, priorities, events, claims, people and seed corrections."""
    from .query import search as run_search

    ds = _dataset(data)
    hits = run_search(ds, text)
    if json:
        _out_json([jsonout.hit(h) for h in hits])
    elif not hits:
        _empty(f"matches for {text[:60]!r}")
    elif stdout_is_terminal():
        from .render import terminal

        terminal.hits(hits)
    else:
        _out_plain(plain.hit_rows(hits))


@app.command()
def people(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A person's id, name or any spelling.", autocompletion=_complete_person
        ),
    ] = None,
    json: JsonOpt = False,
    data: DataOpt = None,
) -> None:
    """People named in the seed and the sources, with their roles and events."""
    ds = _dataset(data)
    if name is None:
        if json:
            _out_json([jsonout.person(p, ds) for p in ds.people])
        elif stdout_is_terminal():
            from .render import terminal

            for p in ds.people:
                terminal.person(ds, p)
        else:
            _out_plain([row for p in ds.people for row in plain.person_rows(ds, p)])
        return
    p = _person(ds, name)
    if json:
        _out_json(jsonout.person(p, ds))
    elif stdout_is_terminal():
        from .render import terminal

        terminal.person(ds, p)
    else:
        _out_plain(plain.person_rows(ds, p))


def _person(ds: Dataset, query: str) -> Person:
    from .query import find_person

    try:
        return find_person(ds, query)
    except NotFound as e:
        error(e.message())
        raise typer.Exit(1) from None


# --------------------------------------------------------------------------- export


class Format(str, Enum):
    ics = "ics"
    csv = "csv"
    sqlite = "sqlite"
    markdown = "markdown"
    json = "json"


@app.command(
    epilog="Examples: chairship export --format ics --year 2024 > kz2024.ics; "
    "chairship export --format sqlite --output chairship.db; "
    "chairship export --format csv --org sco --output sco.csv"
)
def export(
    fmt: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="ics, csv, sqlite, markdown or json.", case_sensitive=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write ('-' or none: stdout).",
            metavar="PATH",
        ),
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option(
            "--org",
            help="Only this organisation; repeat for several.",
            autocompletion=_complete_org,
        ),
    ] = None,
    year: YearOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing --output file.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Export events and hand-overs as a calendar, spreadsheet, database or report.

    ics: one all-day VEVENT per event (a month- or year-precise date spans its month or year and
    says so). csv: one row per event. sqlite: tables with foreign keys, for Datasette and
    sqlite-utils. Files are written atomically; an existing file needs --force.
    """
    from . import export as ex
    from .query import timeline as build_timeline
    from .query import year_span

    if output is not None and str(output) == "-":
        output = None  # `-o -` means stdout
    ds = _dataset(data)
    orgs = _orgs(ds, org) or list(ds.orgs)
    lo, hi = year_span(int(year)) if year is not None else (None, None)
    items = build_timeline(ds, orgs, lo, hi)
    db_errors: tuple[type[Exception], ...] = ()
    if fmt is Format.sqlite:
        import sqlite3

        db_errors = (sqlite3.Error,)
    try:
        if fmt is Format.sqlite:
            if output is None:
                emit_bytes(_sqlite_bytes(ds, orgs, items))
            else:
                target = output
                ex.write_atomic(target, lambda tmp: ex.write_sqlite(ds, orgs, items, tmp), force)
        else:
            content = ex.render(ds, fmt.value, items, orgs)
            if output is None:
                emit(content.decode("utf-8"))
            else:
                ex.write_atomic(output, content, force)
    except FileExistsError:
        error(f"{output} exists; use --force to overwrite it")
        raise typer.Exit(1) from None
    except OSError as e:
        error(f"cannot write {output or 'the export'}: {e.strerror or e}")
        raise typer.Exit(1) from None
    except db_errors as e:  # "database or disk is full", "disk I/O error", ...
        error(f"cannot write {output or 'the export'}: {e}")
        raise typer.Exit(1) from None
    if output is not None and stdout_is_terminal():
        note(f"wrote {output} ({len(items)} events, {len(orgs)} organisations)")


def _sqlite_bytes(ds: Dataset, orgs: list[Org], items: list[Any]) -> bytes:
    """The SQLite export as bytes (for `-o -`), built in a private temporary directory."""
    import tempfile

    from . import export as ex

    if stdout_is_terminal():
        raise typer.BadParameter(
            "an SQLite database is binary; redirect stdout or give --output PATH",
            param_hint="'--output'",
        )
    with tempfile.TemporaryDirectory(prefix="chairship-") as d:
        path = Path(d) / "export.db"
        ex.write_sqlite(ds, orgs, items, path)
        return path.read_bytes()


# --------------------------------------------------------------------------- validate


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Dataset to check (default: --data, $CHAIRSHIP_DATA, or the shipped one)."
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Check a dataset; report every problem (file:line, organisation, field). Exit 1 if invalid."""
    target = path or _state.data
    try:
        ds = load(target, use_cache=False)  # always check the source itself
    except DataError as e:
        if json:
            _out_json({"valid": False, "problems": [_problem(p) for p in e.problems]})
            raise typer.Exit(1) from None
        _fail_data(e)
    if json:
        _out_json(
            {
                "valid": True,
                "path": ds.path,
                "organisations": len(ds.orgs),
                "warnings": list(ds.warnings),
            }
        )
        return
    for w in ds.warnings:
        note(w)
    emit(f"{ds.path}: valid ({len(ds.orgs)} organisations)\n")


def _problem(p: Any) -> dict[str, Any]:
    return {
        "file": p.file,
        "line": p.line,
        "org": p.org,
        "field": p.field,
        "message": p.message,
        "severity": p.severity,
    }


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    """Console-script entry: one clean line per expected error, documented exit codes.

    Every write is checked: output that could not be written whole ends with exit 1 and one
    line on stderr (a closed pipe, as with `| head`, ends quietly with 0).
    """
    _hostile_world()
    prepare_streams()
    try:
        code = _run(sys.argv[1:] if argv is None else list(argv))
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    if finish_stdout() and code == 0:
        code = 1
    return _exit(code)


def _hostile_world() -> None:
    """A file-size limit makes writes fail with EFBIG instead of killing us (SIGXFSZ), and a
    closed stdout (`>&-`) is not handed to the next file we open."""
    import signal

    sigxfsz = getattr(signal, "SIGXFSZ", None)
    if sigxfsz is not None:
        with contextlib.suppress(OSError, ValueError):  # not the main thread
            signal.signal(sigxfsz, signal.SIG_IGN)
    if sys.stdout is None:
        try:
            os.fstat(1)
        except OSError:
            with contextlib.suppress(OSError):
                fd = os.open(os.devnull, os.O_WRONLY)  # takes the free descriptor 1
                if fd != 1:
                    os.close(fd)


# Options that take a value. The filters may be repeated (any of the values); every other one
# takes a single value, and giving it twice is a usage error, never "the last one wins".
MULTI_VALUE = frozenset({"--org", "--theme"})
SINGLE_VALUE = frozenset(
    {"--year", "--on", "--from", "--to", "--lang", "--format", "--output", "--data"}
)
SHORT = {"-f": "--format", "-o": "--output"}


def check_args(args: list[str]) -> str | None:
    """A usage problem that Typer would let through silently, or None.

    A single-value option given twice, and an empty or blank value for any option or argument.
    """
    seen: dict[str, str] = {}
    i = 0
    options_end = False
    while i < len(args):
        a = args[i]
        i += 1
        name = value = None
        if not options_end and a == "--":
            options_end = True
            continue
        if not options_end and a.startswith("--"):
            name, eq, rest = a.partition("=")
            if name in MULTI_VALUE or name in SINGLE_VALUE:
                if eq:
                    value = rest
                elif i < len(args):
                    value = args[i]
                    i += 1
        elif not options_end and a[:2] in SHORT:
            name = SHORT[a[:2]]
            if len(a) > 2:
                value = a[2:]
            elif i < len(args):
                value = args[i]
                i += 1
        elif not a.strip():
            return "an argument is empty; give a value or leave it out"
        if name is None or value is None:
            continue
        if not value.strip():
            return f"{name} needs a value; it was given an empty one"
        if name in SINGLE_VALUE:
            if name in seen:
                return (
                    f"{name} was given twice ({_short(seen[name])!r} and {_short(value)!r});"
                    " it takes one value"
                )
            seen[name] = value
    return None


def _run(args: list[str]) -> int:
    from typer._click import exceptions as click_exc

    problem = None if os.environ.get("_CHAIRSHIP_COMPLETE") else check_args(args)
    env_data = os.environ.get("CHAIRSHIP_DATA")
    if problem is None and env_data and not env_data.strip():
        problem = "CHAIRSHIP_DATA is blank; unset it or give a dataset path"
    if problem is not None:
        cmd = next((a for a in args if a in _command_names()), None)
        error(f"{problem} (try 'chairship{' ' + cmd if cmd else ''} -h')")
        return 2
    if args and args[0].partition("=")[0] in ("--show-completion", "--install-completion"):
        return _completion_option(args)
    try:
        rv = _app_for(args)(args=args, prog_name="chairship", standalone_mode=False)
    except click_exc.NoArgsIsHelpError as e:
        emit(e.format_message() + "\n")  # bare `chairship`: the help, as asked for
        return 0
    except click_exc.UsageError as e:
        cmd = e.ctx.command_path if e.ctx else "chairship"
        hint = f" (try '{cmd} -h')"
        error(e.format_message() + hint)
        return 2
    except click_exc.ClickException as e:
        error(e.format_message())
        return e.exit_code
    except typer.Abort:
        error("aborted")
        return 130
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        stdout_gone()
    except OSError as e:  # a write by Typer itself (help, completion scripts) that failed
        if e.filename is None:
            write_failed(e)
        error(f"{e.filename}: {e.strerror or e}")
        return 1
    return rv if isinstance(rv, int) else 0


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run, when that is clear from the arguments.

    Typer inspects every command's signature on every run; building just the one in use cuts
    start-up time. Anything unusual (help, --version, an unknown name) gets the full app, so
    help texts, suggestions and errors are exactly the same.
    """
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--data":
            i += 2
        elif a.startswith("--data="):
            i += 1
        elif a.startswith("-"):
            return app
        else:
            break
    else:
        return app
    infos = [c for c in app.registered_commands if _command_name(c) == args[i]]
    if len(infos) != 1:
        return app
    one = typer.Typer(**_APP_SETTINGS)
    one.registered_callback = app.registered_callback
    one.registered_commands = infos
    return one


def _command_names() -> set[str]:
    return {_command_name(c) for c in app.registered_commands}


def _command_name(info: Any) -> str:
    name = info.name or (info.callback.__name__ if info.callback else "")
    return str(name).replace("_", "-")


def _exit(code: int) -> int:
    sys.exit(code)
