"""Command-line interface: a thin layer that parses arguments, calls the library and renders.

Every error the library raises deliberately (:class:`DetenteError`) becomes a one-line message on
stderr and a non-zero exit; nothing here prints a traceback for bad input.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from rich.console import Console

from detente import __version__
from detente.errors import DetenteError, InputError
from detente.ingest._dates import parse_day_bound, parse_iso_date
from detente.records import ArticleAnalysis, RawDocument, Skipped

__all__ = ["app", "main", "printable"]

app = typer.Typer(
    name="detente",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # click's plain help: paragraphs re-wrapped to the terminal, no boxes cut mid-sentence
    rich_markup_mode=None,
)
_err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_FAILED = 1  # the input (or some of it) could not be analysed
EXIT_BELOW_FLOOR = 3  # `detente eval --floors`: a figure fell below its floor
EXIT_AMBIGUOUS = 4  # a name matches several actors: the candidates are listed
EXIT_INTERNAL = 70  # a bug (EX_SOFTWARE)


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


class TableFormat(StrEnum):
    """Output of the corpus commands: a table for people, or data."""

    text = "text"
    json = "json"
    csv = "csv"


def printable(text: object) -> str:
    """``text`` safe to print on a terminal: control characters, escape sequences, invisible
    format characters and undecodable bytes of file names are shown escaped (``\\x1b``)."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in str(text)
    )


def stdout_console() -> Console:
    """The console for results: as wide as the terminal, and never cut to 80 columns when the
    output goes to a pipe or a file (``COLUMNS`` still sets a width when given)."""
    wide = sys.stdout.isatty() or "COLUMNS" in os.environ
    return Console(highlight=False, width=None if wide else _PIPE_WIDTH)


# Piped tables keep every character of a row on one line; a row is never this long.
_PIPE_WIDTH = 10_000


def _fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    _err.print(f"detente: error: {printable(message)}", markup=False)
    return typer.Exit(code)


def _date_option(value: str | None, option: str = "--published") -> date | None:
    """A day given on the command line: ``YYYY-MM-DD``, nothing before or after it."""
    if value is None:
        return None
    try:
        return parse_iso_date(option, value, field="date")
    except InputError as exc:
        raise typer.BadParameter(exc.problem, param_hint=option) from None


def _bound_option(value: str | None, option: str, *, end: bool) -> date | None:
    """``--since``/``--until``: a day, a month (``YYYY-MM``) or a year (``YYYY``); a month or a
    year starts (``--since``) or ends (``--until``) with its first or last day."""
    if value is None:
        return None
    try:
        return parse_day_bound(option, value, end=end)
    except InputError as exc:
        raise typer.BadParameter(exc.problem, param_hint=option) from None


SinceOption = Annotated[
    str | None, typer.Option(help="First day: YYYY-MM-DD, or a month or year's first.")
]
UntilOption = Annotated[
    str | None, typer.Option(help="Last day: YYYY-MM-DD, or a month or year's last.")
]


def _expand_path(value: Path | None) -> Path | None:
    """``~`` and ``~user`` in a path option or argument, expanded as a shell would."""
    return value.expanduser() if value is not None else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"detente {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read news; say who did what to whom, when, who said so, and how relations change."""


@app.command()
def analyze(
    source: Annotated[str, typer.Argument(help="A .txt, .html or .jsonl file, or - for stdin.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides the source's).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="json (default) or text, for people.")
    ] = OutputFormat.json,
    max_bytes: Annotated[
        int | None, typer.Option(help="Size limit of one document (default 5 MB).", min=1)
    ] = None,
) -> None:
    """Analyse one article (or each line of a JSON Lines file) and print the result.

    JSON Lines input prints JSON Lines: one analysis per input line, in order; a line that fails
    prints {"error": ..., "line": N} in its place. The exit code is 0 only if every line succeeded.
    """
    from detente.ingest import open_source
    from detente.pipeline import analyze_documents

    day = _date_option(published)
    try:
        opened = open_source(
            source if source == "-" else os.path.expanduser(source), limit=max_bytes
        )
        documents = (_override(d, day, url) for d in opened.records)
        failures = 0
        for result in analyze_documents(documents):
            if isinstance(result, Skipped):
                failures += 1
                _print_skip(result, opened.multi, output_format)
            else:
                _print_analysis(result, opened.multi, output_format)
    except DetenteError as exc:
        raise _fail(str(exc)) from None
    if failures:
        if opened.multi:
            _err.print(
                f"detente: {failures} document(s) of {printable(source)} failed", markup=False
            )
        raise typer.Exit(EXIT_FAILED)


def _override(doc: RawDocument | Skipped, day: date | None, url: str | None) -> Any:
    if isinstance(doc, Skipped):
        return doc
    changes: dict[str, Any] = {}
    if day is not None:
        changes["published"] = day
        changes["published_precision"] = "day"
    if url is not None and doc.url is None:
        changes["url"] = url
    return dataclasses.replace(doc, **changes) if changes else doc


def _print_skip(skip: Skipped, multi: bool, output_format: OutputFormat) -> None:
    _err.print(f"detente: error: {printable(skip.source)}: {printable(skip.reason)}", markup=False)
    if multi and output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(skip.to_dict(), ensure_ascii=False) + "\n")


def _print_analysis(result: ArticleAnalysis, multi: bool, output_format: OutputFormat) -> None:
    if output_format is OutputFormat.text:
        from detente.render import render_analysis

        render_analysis(result, Console())
        return
    payload = result.to_dict()
    text = json.dumps(payload, ensure_ascii=False, indent=None if multi else 2)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@app.command("eval")
def evaluate(
    data: Annotated[
        Path | None,
        typer.Option(help="Gold data folder (default: ../shared/data beside the repository)."),
    ] = None,
    stage: Annotated[
        str, typer.Option(help="clean, quotes, events, dates, tone, storylines or all.")
    ] = "all",
    limit: Annotated[
        int | None,
        typer.Option(
            help="Use at most N documents/items per gold set (storylines: N storylines).", min=1
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json.")
    ] = OutputFormat.text,
    floors: Annotated[
        Path | None,
        typer.Option(help="A floors.json file: exit 3 when a figure falls below its floor."),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(help="List every missed gold item beside the nearest predictions."),
    ] = False,
) -> None:
    """Measure each stage against the public gold data in ../shared/data."""
    from detente.evaluate import STAGES, check_floors, load_floors, run_evaluation
    from detente.render import render_evaluation

    stages = STAGES if stage == "all" else (stage,)
    if stage != "all" and stage not in STAGES:
        raise _fail(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)} or all", 2)
    data_dir = data if data is not None else _default_data_dir()
    try:
        floor_table = load_floors(floors) if floors is not None else None
        with _err.status("evaluating ...") as status:
            results = run_evaluation(
                stages, data_dir, limit, progress=lambda msg: status.update(msg), explain=explain
            )
    except DetenteError as exc:
        raise _fail(str(exc)) from None
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    else:
        render_evaluation(results, Console(), explain=explain)
    if floor_table is not None:
        failures = check_floors(results, floor_table)
        for line in failures:
            _err.print(f"detente: below floor: {line}", markup=False)
        if failures:
            raise typer.Exit(EXIT_BELOW_FLOOR)
        _err.print(f"every figure is at or above its floor ({floors})", markup=False)


def _default_data_dir() -> Path:
    # The repository root is three levels above this file in an editable install
    # (src/detente/cli.py); the shared data sits beside the repository.
    repo = Path(__file__).resolve().parents[2]
    candidate = repo.parent / "shared" / "data"
    return candidate if candidate.exists() else Path.cwd().parent / "shared" / "data"


def command() -> Callable[..., Any]:
    """The click command behind ``app``, with help that names values (``PATH``, ``N``,
    ``json|text``), never Python types (``<list[Path]>``, ``<bool>``)."""
    root = typer.main.get_command(app)
    for sub in getattr(root, "commands", {}).values():
        for param in sub.params:
            if getattr(param, "is_flag", False):
                continue
            name = param.metavar or _metavar(param)
            param.metavar = name
            if param.param_type_name == "argument":
                _show_argument(param, name)
    return root


def _show_argument(param: Any, name: str) -> None:
    # typer shows an argument as "{name}... <list[Path]>"; click's habit is "PATH..." in the
    # usage line and the list, "[QUERY]" when it is optional. These are typer's display hooks.
    shown = f"{name}..." if param.nargs != 1 else name
    usage = shown if param.required else f"[{shown}]"
    vars(param).update(
        _rich_display_name=lambda: shown,
        display_type_rich=lambda ctx: None,
        get_usage_pieces=lambda ctx: [usage],
    )


# What a value of an option is called in --help, by the option's name (else by its type).
_METAVARS = {"published": "DATE", "since": "DATE", "until": "DATE", "url": "URL", "plot": "FILE"}


def _metavar(param: Any) -> str:
    if param.param_type_name == "argument":
        name = (param.name or "value").upper()
        return name.removesuffix("S") if param.nargs != 1 else name
    if param.name in _METAVARS:
        return _METAVARS[param.name]
    described = getattr(param, "type_descriptor", None)
    if described is not None and described.is_choice:
        return "|".join(str(c.value if isinstance(c, StrEnum) else c) for c in described.choices)
    if described is not None and described.is_path:
        return "PATH"
    if getattr(described, "annotation", None) is int:
        return "N"
    return "TEXT"


def main() -> None:
    """Console-script entry point."""
    try:
        command()(prog_name="detente")
    except KeyboardInterrupt:
        _err.print("detente: interrupted", markup=False)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        if os.environ.get("DETENTE_DEBUG"):
            raise
        _err.print(
            f"detente: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; rerun with DETENTE_DEBUG=1 for the traceback and report it)",
            markup=False,
        )
        sys.exit(EXIT_INTERNAL)


# The corpus commands (ingest, relation, actors, events, quotes, export) register on ``app``.
from detente import cli_corpus, cli_queries, cli_relation  # noqa: E402, F401
