"""Typer wiring: parse options, call query functions, hand results to one renderer.

Output modes: ``--json`` (the JSON contract, stdout only), a terminal (rich tables), or a pipe
(tab-separated lines). Exit codes: 0 ok (an empty result included), 1 not found or invalid
data, 2 usage error. rich is imported only on the terminal path.
"""

import contextlib
import datetime as _dt
import functools
import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .dates import parse_day
from .load import DataError, load
from .model import CHOICES, LANGS, REGIONS, Dataset, Org, Person
from .query import NotFound
from .render.output import (
    EXPORT_FORMATS,
    FORMATS,
    emit,
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


# The sections `show --section` takes (checked and completed from here).
SECTIONS = ("history", "priorities", "events", "claims", "names", "sources", "all")


# --------------------------------------------------------------------------- shell completion
# Called by Typer's completion (each Tab press runs the program); they never raise.


def _completion_dataset() -> Dataset | None:
    try:
        return load(_state.data)
    except DataError:
        return None


def _complete_org(incomplete: str) -> list[tuple[str, str]]:
    """Organisation ids (with their names as help), then acronyms and aliases that match; when
    none starts with what was typed, the ids of the bodies the matcher finds (match.py)."""
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
    if not out and key:  # a word inside a name ("Aral", "Security Council"): the matcher's ids
        from .match import org_ids

        found = [ds.org(i) for i in org_ids(ds, incomplete)]
        out = [(f.id, f.name) for f in found if f is not None]
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


def _fixed(values: tuple[str, ...]) -> Any:
    """Completion of one of a fixed set of values (--section, --region, --kind)."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete.lower())]

    return complete


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
        readable=False,  # the loader says why a file cannot be read (exit 1, not a usage error)
    ),
]


def _choice_option(flag: str, names: tuple[str, ...], help: str, *decls: str) -> Any:
    """An option that takes one of ``names`` (any case), checked and completed from them."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in names:
            raise typer.BadParameter(f"{_short(value)!r} is not one of {', '.join(names)}")
        return value.lower()

    def complete(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete.lower())]

    return typer.Option(
        flag,
        *decls,
        help=help,
        metavar=f"<{'|'.join(names)}>",
        callback=check,
        autocompletion=complete,
        show_default=False,
    )


LangOpt = Annotated[
    str,
    _choice_option(
        "--lang",
        LANGS,
        "Language of the names shown (bodies, countries, people): en, ru, kk or ar, in"
        " tables, TSV, CSV and JSON. A name not recorded in that language is shown in English"
        " (marked * in tables). Column headers, statuses and the legend stay in English.",
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
    from .match import Ambiguous
    from .query import find_org

    try:
        return find_org(ds, query)
    except (NotFound, Ambiguous) as e:
        error(e.message() + _hint_suffix(org_hint(e, query)))
        raise typer.Exit(1) from None


def _hint_suffix(hint: str) -> str:
    return f"; {hint}" if hint else ""


def org_hint(e: Exception, query: str) -> str:
    """Where a body query that found nothing may belong: a country (`country NAME`)."""
    import shlex

    from .query import looks_like_country

    if not isinstance(e, NotFound) or e.suggestions:
        return ""
    if looks_like_country(query) is None:
        return ""
    return f"it is a country, so try: chairship country {shlex.quote(query)}"


def country_hint(ds: Dataset | None, query: str) -> str:
    """Where a country query that found nothing may belong: a body (`who NAME`)."""
    import shlex

    from .match import org_ids

    if ds is None or not org_ids(ds, query):
        return ""
    return f"it is an organisation, so try: chairship who {shlex.quote(query)}"


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


class Output:
    """The shared output options of a command (--json, --format, --data and, where names are
    shown, --lang) and what follows from them: the dataset, the render context, and the one
    dispatcher (render/dispatch.py) that prints every result."""

    def __init__(self, json: bool, fmt: str | None, data: Path | None, lang: str = "en"):
        if json and fmt not in (None, "json"):
            raise typer.BadParameter(
                f"--json means --format json; it cannot be combined with --format {fmt}",
                param_hint="'--format'",
            )
        self.json, self.fmt, self.data, self.lang = json, fmt, data, lang
        self._ds: Dataset | None = None

    def dataset(self) -> Dataset:
        if self._ds is None:
            self._ds = _dataset(self.data)
        return self._ds

    @property
    def record_format(self) -> str | None:
        """The format records are printed in: json, or --format (None: the default)."""
        return "json" if self.json else self.fmt

    def ctx(self, org: Org | None = None) -> Any:
        from .render.shapes import Ctx

        return Ctx(lang=self.lang, today=_today(), ds=self._ds, org=org)

    def render(self, command: str, data: Any, **kw: Any) -> None:
        """Print a command's result (render/dispatch.Result) in the format asked for."""
        from .render.dispatch import Result, render

        render(Result(command, data, **kw), self.record_format, self.ctx())


def _format_option(*extra: str) -> Any:
    """--format: the record formats (render/output.FORMATS) and a command's own ``extra``."""
    names = (*FORMATS, *extra)
    return _choice_option(
        "--format",
        names,
        f"{', '.join(names[:-1])} or {names[-1]} (default: a table on a terminal, tsv in a pipe).",
    )


class _WithOutput:
    """A command with the shared output options (see :func:`output_options`). Typer reads its
    ``__signature__``: the command's own parameters, then the shared ones; it is worked out
    when Typer builds this command, so a run pays only for the command it runs."""

    def __init__(self, command: Callable[..., None], extra: tuple[str, ...], lang: bool):
        functools.update_wrapper(self, command)
        self._command, self._extra, self._lang = command, extra, lang

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        sig = inspect.signature(self._command)
        own = [p for p in sig.parameters.values() if p.name != "out"]
        tail: dict[str, tuple[Any, Any]] = {
            "json": (JsonOpt, False),
            "fmt": (Annotated[str | None, _format_option(*self._extra)], None),
            "data": (DataOpt, None),
        }
        if self._lang:
            tail = {"lang": (LangOpt, "en"), **tail}
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a)
            for name, (a, d) in tail.items()
        ]
        return sig.replace(parameters=[*own, *added])

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        chosen = kwargs.pop("lang", "en")
        out = Output(kwargs.pop("json"), kwargs.pop("fmt"), kwargs.pop("data"), chosen)
        self._command(*args, out=out, **kwargs)


def output_options(*extra: str, lang: bool = False) -> Callable[[Callable[..., None]], Any]:
    """The shared tail of every record command, declared once: --lang (``lang``), --json,
    --format (the record formats and the command's ``extra`` ones) and --data. The command
    takes them as one ``out: Output`` argument (sqlite-utils' output_options, for Typer: the
    options are added to the signature Typer reads)."""

    def decorate(command: Callable[..., None]) -> Any:
        return _WithOutput(command, extra, lang)

    return decorate


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the calendar (--format ics, or a PATH ending in .ics) to PATH.",
        metavar="PATH",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]


def _write_file(output: Path, content: bytes, force: bool, data: Path | None) -> None:
    """Write a file through the one safe-write path (safe_write.write_output), never over the
    dataset being read; one line and exit 1 on a refusal or failure."""
    from .load import resolve_path
    from .safe_write import OutputError, write_output

    try:
        write_output(output, content, force=force, protect=[resolve_path(data or _state.data)])
    except OutputError as e:
        error(str(e))
        raise typer.Exit(1) from None


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


OrgsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--org",
        help="Only this organisation (id or any name); repeat for several.",
        autocompletion=_complete_org,
    ),
]
ThemesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        help="Only records with this theme (see 'themes'); repeat for any of several.",
        autocompletion=_complete_theme,
    ),
]


RegionsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--region",
        help="Only this region; repeat for several.",
        metavar="REGION",
        autocompletion=_fixed(REGIONS),
    ),
]
KindsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        help="Only this way of choosing the chair: " + ", ".join(CHOICES) + "; repeat for several.",
        metavar="KIND",
        autocompletion=_fixed(CHOICES),
    ),
]


# --------------------------------------------------------------------------- list / show / themes


@app.command(
    "list",
    epilog="Examples: chairship list; chairship list --region europe; "
    "chairship list --on 2024-07-04; chairship list --kind election --json",
)
@output_options(lang=True)
def list_cmd(
    on: Annotated[
        str | None, _date_opt("--on", "Every body's chair on this day (default: today).")
    ] = None,
    theme: ThemesOpt = None,
    region: RegionsOpt = None,
    kind: KindsOpt = None,
    *,
    out: Output,
) -> None:
    """List the bodies, with the chair today (or on --on DATE) and how that is known."""
    from .query import who as ask

    regions = _choices("--region", region, REGIONS)
    kinds = _choices("--kind", kind, CHOICES)
    ds = out.dataset()
    wanted = _themes(ds, theme)
    orgs = [
        o
        for o in ds.orgs
        if (wanted is None or wanted.intersection(o.themes))
        and (regions is None or o.region in regions)
        and (kinds is None or (o.rotation is not None and o.rotation.choice in kinds))
    ]
    if regions or kinds:  # grouped as asked: by region, then by kind, in dataset order
        orgs.sort(key=lambda o: (o.region, o.rotation.choice if o.rotation else ""))
    from .query import OrgNow

    today = _today()
    day = _day(on) or today
    now = [OrgNow(o, ask(ds, o, day, today=today)) for o in orgs]
    out.render(
        "list",
        now,
        title=f"Chairs on {day.isoformat()}",
        empty="no bodies match",
        legend="statuses",
    )


def _choices(option: str, values: list[str] | None, allowed: tuple[str, ...]) -> set[str] | None:
    if not values:
        return None
    bad = [v for v in values if v.lower() not in allowed]
    if bad:
        raise typer.BadParameter(
            f"unknown value {bad[0]!r}; valid: {', '.join(allowed)}", param_hint=f"'{option}'"
        )
    return {v.lower() for v in values}


@app.command(
    epilog="Examples: chairship show sco; chairship show 'ШОС' --lang ru; "
    "chairship show eu-council --section all"
)
@output_options(lang=True)
def show(
    org: Annotated[
        str,
        typer.Argument(
            help="Id, acronym, or any name or alias (any language).", autocompletion=_complete_org
        ),
    ],
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            help="Sections after the summary: history, priorities, events, claims, names,"
            " sources or all; repeat for several (default: history, priorities, claims).",
            metavar="NAME",
            autocompletion=_fixed(SECTIONS),
        ),
    ] = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="Print each fact's sources inline.")
    ] = False,
    *,
    out: Output,
) -> None:
    """One body: a summary, then its chair history, priorities, events and disputed claims."""
    from .query import OrgNow, current_chair

    sections = _choices("--section", section, SECTIONS)
    ds = out.dataset()
    o = _org(ds, org)
    now = current_chair(ds, o, _today())

    def page() -> None:
        from .render import terminal

        chosen = tuple(sections) if sections else terminal.DEFAULT_SECTIONS
        terminal.org_detail(ds, o, out.lang, now, sources, chosen)

    out.render("show", OrgNow(o, now), many=False, page=page)


@app.command(epilog="Examples: chairship themes; chairship themes --format csv")
@output_options()
def themes(*, out: Output) -> None:
    """List the themes with how many bodies, priorities and events carry each."""
    from .query import theme_counts

    out.render("themes", theme_counts(out.dataset()))


# --------------------------------------------------------------------------- timeline


def _month(value: str | None) -> str | None:
    if value is None:
        return None
    from .dates import PartialDate

    try:
        ok = PartialDate.parse(value).precision == "month"
    except ValueError:
        ok = False
    if not ok:
        raise typer.BadParameter(f"{_short(value)!r} is not a month; use YYYY-MM, e.g. 2024-07")
    return value


@app.command(
    epilog="Examples: chairship timeline --year 2024; chairship timeline --month 2024-07; "
    "chairship timeline --org csto --org sco; "
    "chairship timeline --from 2024-06-01 --to 2024-07-31 --json"
)
@output_options("svg", lang=True)
def timeline(
    year: YearOpt = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="Only this month.",
            metavar="YYYY-MM",
            callback=_month,
            show_default=False,
        ),
    ] = None,
    org: OrgsOpt = None,
    date_from: Annotated[str | None, _date_opt("--from", "Only from this day on.")] = None,
    date_to: Annotated[str | None, _date_opt("--to", "Only up to this day.")] = None,
    theme: ThemesOpt = None,
    chart: Annotated[
        bool,
        typer.Option("--chart", help="Draw chair terms over the years, with events as marks."),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="With --chart: write the chart as an SVG image to PATH (.svg).",
            metavar="PATH",
        ),
    ] = None,
    force: ForceOpt = False,
    *,
    out: Output,
) -> None:
    """Dated events and chair hand-overs in date order, or (--chart) a Gantt chart of terms.

    --chart --format svg (or -o chart.svg) draws the chart as an SVG image to share: bars
    coloured by status, with a legend, the years labelled, body names in --lang.
    """
    from .query import timeline as build_timeline
    from .query import year_span

    lo, hi = _day(date_from), _day(date_to)
    if lo and hi and hi < lo:
        raise typer.BadParameter(f"--to {hi} is before --from {lo}", param_hint="'--to'")
    if year is not None and month is not None:
        raise typer.BadParameter("give --year or --month, not both", param_hint="'--month'")
    period = None
    if year is not None:
        period, (plo, phi) = f"--year {year}", year_span(int(year))
    elif month is not None:
        from .dates import PartialDate

        m = PartialDate.parse(month)
        period, (plo, phi) = f"--month {month}", (m.earliest(), m.latest())
    if period is not None:
        for name, day in (("--from", lo), ("--to", hi)):
            if day is not None and not plo <= day <= phi:
                raise typer.BadParameter(
                    f"{name} {day} is outside {period}; give one or the other",
                    param_hint=f"'{name}'",
                )
        lo, hi = lo or plo, hi or phi
    if output is not None and str(output) == "-":
        output = None
    svg = out.fmt == "svg" or (output is not None and output.suffix.lower() == ".svg")
    if (svg or output is not None) and not chart:
        raise typer.BadParameter(
            "--format svg and --output draw the chart: add --chart", param_hint="'--chart'"
        )
    if output is not None and not svg:
        raise typer.BadParameter(
            "--output writes the chart as SVG: give a PATH ending in .svg, or --format svg",
            param_hint="'--output'",
        )
    if chart and (out.json or (out.fmt and out.fmt != "svg")):
        raise typer.BadParameter(
            "--chart draws a picture; it cannot be combined with --json or --format"
            " (but --format svg)"
        )
    if chart and theme:
        raise typer.BadParameter(
            "--chart draws whole chair terms; it cannot be combined with --theme",
            param_hint="'--theme'",
        )
    ds = out.dataset()
    orgs = _orgs(ds, org)
    if chart:
        from .render import terminal

        shown = orgs or list(ds.orgs)
        clo, chi = _chart_span(shown)
        if svg:
            image = terminal.gantt_svg(ds, shown, lo or clo, hi or chi, out.lang)
            if output is None:
                emit(image)
            else:
                _write_file(output, image.encode("utf-8"), force, out.data)
                if stdout_is_terminal():
                    note(f"wrote {output} ({len(shown)} bodies)")
            return
        terminal.gantt(ds, shown, lo or clo, hi or chi, plain=not stdout_is_terminal())
        return
    wanted = _themes(ds, theme)
    items = build_timeline(ds, orgs, lo, hi)
    if wanted is not None:
        items = [i for i in items if wanted.intersection(i.themes)]
    title = (
        "Timeline"
        + (f" {year}" if year else f" {month}" if month else "")
        + (f" — {', '.join(o.display_acronym(out.lang) for o in orgs)}" if orgs else "")
    )
    out.render("timeline", items, title=title, empty="no events in this period", legend="marks")


def _chart_span(orgs: list[Org]) -> tuple[_dt.date, _dt.date]:
    """Default chart window: 1 January of the first known term start to the end of this year
    (or of the last known term end, if later)."""
    starts = [t.start.earliest() for o in orgs for t in o.terms if t.start]
    ends = [t.end.latest() for o in orgs for t in o.terms if t.end]
    today = _today()
    first = min(starts, default=today)
    last = max([*ends, today])
    return _dt.date(first.year, 1, 1), _dt.date(last.year, 12, 31)


# --------------------------------------------------------------------------- who / next / country


BatchOpt = Annotated[
    bool,
    typer.Option(
        "--batch",
        help="Read questions from stdin, one per line, and answer each as a JSON line"
        " (see docs/reference.md, 'Batch questions').",
    ),
]


@app.command(
    epilog="Examples: chairship who csto; chairship who sco --on 2018-01-01 --json; "
    "printf 'sco 2024-07-04\\nunsc 2025-03-01\\n' | chairship who --batch"
)
@output_options(lang=True)
def who(
    org: Annotated[
        str | None,
        typer.Argument(
            help="Id, acronym, or any name or alias.",
            autocompletion=_complete_org,
            show_default=False,
        ),
    ] = None,
    on: Annotated[str | None, _date_opt("--on", "The day to ask about (default: today).")] = None,
    batch: BatchOpt = False,
    *,
    out: Output,
) -> None:
    """Who chaired a body on a day, how that is known (its status), and the chairs around it.

    Status: recorded, scheduled, projected, overdue or unknown ("chair": null, exit 0). The
    incoming chair holds on the hand-over day. With --batch, each stdin line "ORG DATE" (or
    {"org": ..., "on": ...}) is answered as one JSON line; exit 1 if any line failed.
    """
    from .query import who as ask

    if batch:
        _no_batch_conflicts(org, "ORG", out, **{"--on": on})
        ds = out.dataset()
        from .batch import BadLine
        from .chronology import segment
        from .match import Ambiguous
        from .query import find_org
        from .render import shapes
        from .render.dispatch import json_lines_of

        orgs: dict[str, Org] = {}
        today = _today()
        ctx = out.ctx()
        # Answers on the days of one stretch (chronology.segment) differ only in "on": the
        # record is built and encoded once per stretch, by the one JSON writer
        # (dispatch.json_lines_of; benchmarks/run.py: 10,000 questions).
        built: dict[tuple[Any, ...], Callable[[str], str]] = {}

        def one(query: str, day: str) -> Any:
            o = orgs.get(query)
            if o is None:
                try:
                    o = orgs[query] = find_org(ds, query)
                except (NotFound, Ambiguous) as e:
                    raise BadLine(e.message(), hint=org_hint(e, query)) from None
            on = _batch_day(day)
            key = (o.id, segment(ds, o, on, today))
            known = built.get(key)
            if known is None:
                record = shapes.to_json(shapes.WHO, ask(ds, o, on, today=today), ctx)
                known = built[key] = json_lines_of(record, "on")
            return known(on.isoformat())

        _batch("org", one)
        return
    if org is None:
        raise typer.BadParameter("give an organisation (or --batch to read questions from stdin)")
    today = _today()
    day = _day(on) or today
    ds = out.dataset()
    answer = ask(ds, _org(ds, org), day, today=today)

    def page() -> None:
        from .render import terminal

        terminal.who(answer, out.lang)

    out.render("who", answer, many=False, page=page)


def _no_batch_conflicts(arg: str | None, name: str, out: Output, **options: Any) -> None:
    """--batch reads its subjects and dates from stdin and writes JSON lines: an argument, a
    date option or another format is a usage error (``--format jsonl`` is what it writes)."""
    if arg is not None:
        raise typer.BadParameter(f"--batch reads {name} DATE lines from stdin; drop the {name}")
    for flag, value in {**options, "--json": out.json}.items():
        if value:
            raise typer.BadParameter(
                f"--batch always writes JSON lines, one date per question; drop {flag}"
            )
    if out.fmt is not None and out.fmt != "jsonl":
        raise typer.BadParameter(
            f"--batch always writes JSON lines (--format jsonl); drop --format {out.fmt}"
        )


_DAYS: dict[str, _dt.date] = {}  # a batch asks about the same days again and again


def _batch_day(text: str) -> _dt.date:
    day = _DAYS.get(text)
    if day is not None:
        return day
    from .batch import BadLine

    try:
        day = _DAYS[text] = parse_day(text)
    except ValueError:
        raise BadLine(f"{_short(text)!r} is not a date; use YYYY-MM-DD") from None
    return day


def _batch(key: str, answer: Any) -> None:
    """Answer stdin's questions as JSON lines; exit 1 if any line failed.

    Answers are written in blocks while questions stream in, and at once whenever no more
    input is waiting (batch.read_lines), so a co-process gets each answer before it asks again.
    """
    from .batch import read_lines, run
    from .render.dispatch import JsonLine, json_line

    failed = False
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            emit("".join(chunk))
            chunk.clear()

    for record, ok in run(read_lines(sys.stdin, flush), key, answer):
        failed = failed or not ok
        # always UTF-8; an answer may be a line the JSON writer already wrote
        chunk.append(record if isinstance(record, JsonLine) else json_line(record, False))
        if len(chunk) >= 1024:
            flush()
    flush()
    if failed:
        raise typer.Exit(1)


@app.command(
    "next", epilog="Examples: chairship next eu-council; chairship next unsc --limit 3 --json"
)
@output_options(lang=True)
def next_cmd(
    org: Annotated[
        str, typer.Argument(help="Id, acronym, or any name or alias.", autocompletion=_complete_org)
    ],
    on: Annotated[str | None, _date_opt("--on", "Count from this day (default: today).")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=200, help="At most this many coming chairs.")
    ] = 8,
    *,
    out: Output,
) -> None:
    """The chair now and the coming chairs, as far as the sources or the rule allow.

    Each comes with its status: scheduled (announced by a source), projected (computed from the
    rule's order) or unknown (a hand-over is expected but no successor is recorded).
    """
    from .chronology import upcoming

    today = _today()
    day = _day(on) or today
    ds = out.dataset()
    o = _org(ds, org)
    now, items = upcoming(ds, o, day, limit, present=today)

    from .chronology import Upcoming

    current = Upcoming(
        now.chair,
        now.span.start if now.span else None,
        now.span.end if now.span else None,
        now.status,
        now.reason,
        now.span,
    )
    title = f"{o.display_acronym(out.lang)}: the chair on {day.isoformat()}, then the coming chairs"
    out.render(
        "next",
        (now, items),
        many=False,
        title=title,
        legend="statuses",
        rows=("upcoming", [current, *items]),
    )


@app.command(
    epilog="Examples: chairship country KZ --year 2024; chairship country Türkiye --json; "
    "chairship country Казахстан --on 2024-07-04; "
    "printf 'KZ 2024-07-04\\n' | chairship country --batch"
)
@output_options(lang=True)
def country(
    name: Annotated[
        str | None,
        typer.Argument(
            help="ISO code (KZ) or a country name in English, Russian, Kazakh or Arabic"
            " (Kazakhstan, Казахстан, Қазақстан, كازاخستان).",
            metavar="CODE|NAME",
            autocompletion=_complete_country,
            show_default=False,
        ),
    ] = None,
    year: YearOpt = None,
    on: Annotated[str | None, _date_opt("--on", "Only the chairs held on this day.")] = None,
    org: OrgsOpt = None,
    batch: BatchOpt = False,
    *,
    out: Output,
) -> None:
    """Every chairmanship a country held or co-chaired (in a year, on a day, or ever), oldest
    first; with --org, only in those bodies ("when did Kazakhstan last chair the SCO?": the
    last row of `country KZ --org sco`).

    With --batch, each stdin line "CODE DATE" (or {"country": ..., "on": ...}) is answered as
    one JSON line, shaped like `country CODE --on DATE --json`.
    """
    from .query import chairmanships, country_code, country_name, year_span
    from .render import shapes

    if batch:
        _no_batch_conflicts(name, "CODE", out, **{"--year": year, "--on": on, "--org": org})
        ds = out.dataset()
        ctx = out.ctx()
        codes: dict[str, str] = {}
        today = _today()

        def one(query: str, day: str) -> Any:
            from .batch import BadLine

            code = codes.get(query)
            if code is None:
                try:
                    code = codes[query] = country_code(query)
                except NotFound as e:
                    raise BadLine(e.message(), hint=country_hint(ds, query)) from None
            d = _batch_day(day)
            found = chairmanships(ds, code, d, d, today=today)
            return shapes.records(shapes.CHAIRMANSHIP, found, ctx)

        _batch("country", one)
        return
    if name is None:
        raise typer.BadParameter("give a country (or --batch to read questions from stdin)")
    if year is not None and on is not None:
        raise typer.BadParameter("give --year or --on, not both", param_hint="'--on'")
    day = _day(on)
    ds = out.dataset()
    try:
        code = country_code(name)
    except NotFound as e:
        error(e.message() + _hint_suffix(country_hint(ds, name)))
        raise typer.Exit(1) from None
    lo, hi = year_span(int(year)) if year is not None else (day, day)
    orgs = _orgs(ds, org)
    items = chairmanships(ds, code, lo, hi, today=_today(), orgs=orgs)
    period = f" in {year}" if year else (f" on {day}" if day else "")
    if orgs:
        period = f" in {', '.join(o.acronym for o in orgs)}" + period
    out.render(
        "country",
        items,
        title=f"Chairmanships of {country_name(code)} ({code}){period}",
        empty=f"no chairmanships of {country_name(code)} in this period",
        legend="statuses",
    )


# --------------------------------------------------------------------------- upcoming


@app.command(
    epilog="Examples: chairship upcoming; chairship upcoming --months 12 --region europe; "
    "chairship upcoming --country KZ --to 2027-12-31; "
    "chairship upcoming --months 12 -o chairs.ics"
)
@output_options("ics", lang=True)
def upcoming(
    date_from: Annotated[
        str | None, _date_opt("--from", "Start on this day (default: today).")
    ] = None,
    date_to: Annotated[
        str | None, _date_opt("--to", "End on this day (instead of --months).")
    ] = None,
    months: Annotated[
        int | None,
        typer.Option(
            "--months",
            min=1,
            max=1200,
            help="How many months ahead (default: 3).",
            show_default=False,
        ),
    ] = None,
    org: OrgsOpt = None,
    region: RegionsOpt = None,
    kind: KindsOpt = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            help="Only this country's own coming terms: the chairs it takes or hands over, and"
            " the meetings held while it chairs.",
            metavar="CODE|NAME",
            autocompletion=_complete_country,
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    *,
    out: Output,
) -> None:
    """What changes hands next, across every body: expected hand-overs and planned meetings.

    In date order from today (or --from) for --months N (default 3) or up to --to. Each row has
    its status (scheduled, projected, overdue, unknown) and the reason; an overdue hand-over
    (due before the window, no successor recorded) is listed once, first, without a date.
    --format ics writes an RFC 5545 calendar whose event UIDs stay the same when the dataset
    is edited, so a calendar app updates its events on a new import.
    """
    from .agenda import agenda, window
    from .query import country_code, country_name

    if months is not None and date_to is not None:
        raise typer.BadParameter("give --months or --to, not both", param_hint="'--to'")
    if output is not None and str(output) == "-":
        output = None
    if output is not None and out.fmt is None and output.suffix.lower() == ".ics":
        out.fmt = "ics"  # -o chairs.ics says which format
    if output is not None and out.fmt != "ics":
        raise typer.BadParameter(
            "--output writes the calendar: give a PATH ending in .ics, or --format ics",
            param_hint="'--output'",
        )
    lo = _day(date_from) or _today()
    hi = _day(date_to)
    if hi is not None and hi < lo:
        raise typer.BadParameter(f"--to {hi} is before --from {lo}", param_hint="'--to'")
    regions = _choices("--region", region, REGIONS)
    kinds = _choices("--kind", kind, CHOICES)
    code = None
    if country is not None:
        try:
            code = country_code(country)
        except NotFound as e:
            error(e.message())
            raise typer.Exit(1) from None
    ds = out.dataset()
    orgs = [
        o
        for o in _orgs(ds, org) or ds.orgs
        if (regions is None or o.region in regions)
        and (kinds is None or (o.rotation is not None and o.rotation.choice in kinds))
    ]
    lo, hi = window(lo, months, hi)
    items = agenda(ds, orgs, lo, hi, code)
    if out.fmt == "ics":
        _write_calendar(items, lo, output, force, out.data)
        return
    whose = f" for {country_name(code)} ({code})" if code else ""
    out.render(
        "upcoming",
        items,
        title=f"Coming hand-overs and meetings{whose}, {lo.isoformat()} to {hi.isoformat()}",
        empty="nothing expected in this period",
        legend="statuses",
    )


def _write_calendar(
    items: list[Any], first_day: _dt.date, output: Path | None, force: bool, data: Path | None
) -> None:
    """The agenda as an iCalendar file, on stdout or through the one safe-write path."""
    from . import export as ex

    content = ex.render_agenda_ics(items, first_day)
    if output is None:
        emit(content.decode("utf-8"))
        return
    _write_file(output, content, force, data)
    if stdout_is_terminal():
        note(f"wrote {output} ({len(items)} events)")


# --------------------------------------------------------------------------- provenance


@app.command("sources", epilog="Examples: chairship sources sco; chairship sources --json")
@output_options()
def sources_cmd(
    org: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only these bodies (one or more).",
            autocompletion=_complete_org,
            show_default=False,
        ),
    ] = None,
    *,
    out: Output,
) -> None:
    """Every cited URL with what it supports."""
    from .query import sources as collect

    ds = out.dataset()
    uses = collect(ds, _orgs(ds, org))
    out.render("sources", uses, empty="no sources")


@app.command(epilog="Example: chairship corrections --format csv > corrections.csv")
@output_options()
def corrections(*, out: Output) -> None:
    """Translation errors in the seed article: the Arabic text, its literal sense, the fix."""
    ds = out.dataset()
    out.render(
        "corrections",
        list(ds.corrections),
        title="Translation errors in the seed article",
        empty="no corrections in this dataset",
        legend="marks",
    )


@app.command(epilog="Examples: chairship search Qingdao; chairship search 2024-07-04 --json")
@output_options()
def search(
    text: Annotated[str, typer.Argument(help="Text to find (case and diacritics ignored).")],
    *,
    out: Output,
) -> None:
    """Search names, chair terms, rotation rules, priorities, events, claims, people and
    corrections; each hit shows the text that matched."""
    from .query import search as run_search
    from .textkey import fold

    if not fold(text):
        raise typer.BadParameter(
            "the search has no letters or digits; give a word, a name or a date"
        )
    ds = out.dataset()
    hits = run_search(ds, text)
    out.render("search", hits, empty=f"no matches for {text[:60]!r}")


@app.command(epilog="Examples: chairship people; chairship people tokayev --json")
@output_options(lang=True)
def people(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A person's id, name or any spelling.", autocompletion=_complete_person
        ),
    ] = None,
    *,
    out: Output,
) -> None:
    """People named in the seed and the sources, with their roles and events."""
    ds = out.dataset()
    if name is None:
        out.render("people", list(ds.people), empty="no people in this dataset")
        return
    p = _person(ds, name)

    def page() -> None:
        from .render import terminal

        terminal.person(ds, p)

    out.render("people", p, many=False, page=page)


def _person(ds: Dataset, query: str) -> Person:
    from .match import Ambiguous
    from .query import find_person

    try:
        return find_person(ds, query)
    except (NotFound, Ambiguous) as e:
        error(e.message())
        raise typer.Exit(1) from None


# --------------------------------------------------------------------------- export


@app.command(
    epilog="Examples: chairship export --format ics --year 2024 > kz2024.ics; "
    "chairship export --format sqlite --output chairship.db; "
    "chairship export --format csv --org sco --output sco.csv"
)
def export(
    fmt: Annotated[
        str,
        _choice_option(
            "--format",
            EXPORT_FORMATS,
            f"{', '.join(EXPORT_FORMATS[:-1])} or {EXPORT_FORMATS[-1]}.",
            "-f",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write ('-' or none: stdout).",
            metavar="PATH",
            readable=False,  # safe_write decides what may be written (exit 1)
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
    sqlite-utils. Files are written atomically; an existing file needs --force (it keeps its
    permissions). A symlink, directory, device, FIFO or the dataset being read is never written.
    """
    from . import export as ex
    from .load import resolve_path
    from .query import timeline as build_timeline
    from .query import year_span
    from .safe_write import Content, OutputError, is_stdout, write_output

    if output is not None and is_stdout(output):
        output = None  # `-o -` and `-o /dev/stdout` mean stdout
    if fmt == "sqlite" and output is None and stdout_is_terminal():
        raise typer.BadParameter(
            "an SQLite database is binary; redirect stdout or give --output PATH",
            param_hint="'--output'",
        )
    ds = _dataset(data)
    orgs = _orgs(ds, org) or list(ds.orgs)
    lo, hi = year_span(int(year)) if year is not None else (None, None)
    items = build_timeline(ds, orgs, lo, hi)
    db_errors: tuple[type[Exception], ...] = ()
    content: Content
    if fmt == "sqlite":
        import sqlite3

        db_errors = (sqlite3.Error,)
        content = lambda tmp: ex.write_sqlite(ds, orgs, items, tmp)  # noqa: E731
    else:
        content = ex.render(ds, fmt, items, orgs)
    try:
        write_output(output, content, force=force, protect=[resolve_path(data or _state.data)])
    except OutputError as e:
        error(str(e))
        raise typer.Exit(1) from None
    except db_errors as e:  # "database or disk is full", "disk I/O error", ...
        error(f"cannot write {output or 'the export'}: {e}")
        raise typer.Exit(1) from None
    if output is not None and stdout_is_terminal():
        note(f"wrote {output} ({len(items)} events, {len(orgs)} organisations)")


# --------------------------------------------------------------------------- validate


@app.command()
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Dataset to check (default: --data, $CHAIRSHIP_DATA, or the shipped one).",
            readable=False,
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Check a dataset; report every problem (file:line, organisation, field). Exit 1 if invalid."""
    from .render.shapes import Checked

    out = Output(json, None, None)
    target = path or _state.data
    try:
        ds = load(target, validate_on=_today())  # always the source itself, and its dates
    except DataError as e:
        if json:
            name = e.problems[0].file if e.problems else str(target or "")
            out.render("validate", Checked(False, name, None, (), tuple(e.problems)), many=False)
            raise typer.Exit(1) from None
        _fail_data(e)
    if json:
        checked = Checked(True, ds.path, len(ds.orgs), ds.warnings, ())
        out.render("validate", checked, many=False)
        return
    for w in ds.warnings:
        note(w)
    emit(f"{ds.path}: valid ({len(ds.orgs)} organisations)\n")


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


def value_options(group: Any, args: list[str]) -> tuple[dict[str, str], frozenset[str]]:
    """Every option that takes a value, derived from the Click declarations of ``group`` (the
    app's callback) and of the command named in ``args``: (each spelling, such as ``-f``, to
    its long name ``--format``; the long names that take a single value).

    An option declared ``multiple`` (a filter such as --org, --theme) may be repeated; every
    other value-taking option takes one value. Flags take none. A new option is covered by
    its declaration alone.
    """
    params = list(group.params)
    names = getattr(group, "commands", {})
    cmd = next((names[a] for a in args if a in names), None)
    if cmd is not None:
        params += cmd.params
    spelling: dict[str, str] = {}
    single: set[str] = set()
    for p in params:
        if p.param_type_name != "option" or getattr(p, "is_flag", False) or p.count:
            continue
        opts = [*p.opts, *p.secondary_opts]
        long = next((o for o in opts if o.startswith("--")), opts[0])
        for o in opts:
            spelling[o] = long
        if not p.multiple:
            single.add(long)
    return spelling, frozenset(single)


def check_args(args: list[str], group: Any) -> str | None:
    """A usage problem that Typer would let through silently, or None.

    A single-value option given twice (never "the last one wins"), and an empty or blank value
    for any option or argument. Which options take values comes from :func:`value_options`.
    """
    spelling, single = value_options(group, args)
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
            opt, eq, rest = a.partition("=")
            name = spelling.get(opt)
            if name is not None:
                if eq:
                    value = rest
                elif i < len(args):
                    value = args[i]
                    i += 1
        elif not options_end and a.startswith("-") and a[:2] in spelling:
            name = spelling[a[:2]]
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
        if name in single:
            if name in seen:
                return (
                    f"{name} was given twice ({_short(seen[name])!r} and {_short(value)!r});"
                    " it takes one value"
                )
            seen[name] = value
    return None


def _run(args: list[str]) -> int:
    from typer._click import exceptions as click_exc

    group = typer.main.get_command(_app_for(args))
    problem = None if os.environ.get("_CHAIRSHIP_COMPLETE") else check_args(args, group)
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
        rv = group(args=args, prog_name="chairship", standalone_mode=False)
    except click_exc.NoArgsIsHelpError as e:
        emit(e.format_message() + "\n")  # bare `chairship`: the help, as asked for
        return 0
    except click_exc.UsageError as e:
        cmd = e.ctx.command_path if e.ctx else "chairship"
        hint = _usage_hint(e, args) or f"try '{cmd} -h'"
        error(f"{e.format_message()} ({hint})")
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


def _usage_hint(e: Exception, args: list[str]) -> str | None:
    """Point the way when an extra argument is probably meant otherwise: a bare year or month
    given to `timeline`, or a name with spaces that was not quoted."""
    import shlex

    msg = str(e)
    if "unexpected extra argument" not in msg:
        return None
    cmd = next((a for a in args if a in _command_names()), None)
    if cmd is None:
        return None
    rest = args[args.index(cmd) + 1 :]
    words = [a for a in rest if not a.startswith("-")]
    if cmd == "timeline" and len(words) == 1:
        w = words[0]
        if len(w) == 4 and w.isdigit():
            return f"for a year, use --year: chairship timeline --year {w}"
        if len(w) == 7 and w[:4].isdigit() and w[4] == "-" and w[5:].isdigit():
            return f"for a month, use --month: chairship timeline --month {w}"
    if len(words) >= 2:
        name = " ".join(words)
        return f"a name with spaces needs quotes: chairship {cmd} {shlex.quote(name)}"
    return None


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
