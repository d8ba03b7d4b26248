"""The ground of the command-line interface: the typer app, exit codes, output formats and the
option habits every command shares (dates, ``--db``, actor names).

Command modules (:mod:`.analyze`, :mod:`.corpus`, :mod:`.queries`, :mod:`.relation`,
:mod:`.serve`) import this one and register on :data:`app`; this module imports none of them, so
the package has no import circle. Every error the library raises deliberately
(:class:`DetenteError`) becomes a one-line message on stderr (:func:`fail`) and a non-zero exit.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from detente import __version__
from detente.errors import DetenteError, InputError
from detente.ingest._dates import parse_day_bound, parse_iso_date
from detente.queries import resolve_actor
from detente.store import DEFAULT_DB, GlobalActor, Store

__all__ = [
    "DEFAULT_DB_PATH",
    "EXIT_AMBIGUOUS",
    "EXIT_BELOW_FLOOR",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "DbOption",
    "OutputFormat",
    "SinceOption",
    "TableFormat",
    "UntilOption",
    "app",
    "bound_option",
    "date_option",
    "err",
    "expand_path",
    "fail",
    "open_store",
    "pick_actor",
    "printable",
    "stdout_console",
]

app = typer.Typer(
    name="detente",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # click's plain help: paragraphs re-wrapped to the terminal, no boxes cut mid-sentence
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_FAILED = 1  # the input (or some of it) could not be analysed
EXIT_BELOW_FLOOR = 3  # `detente eval --floors`: a figure fell below its floor
EXIT_AMBIGUOUS = 4  # a name matches several actors: the candidates are listed
EXIT_INTERNAL = 70  # a bug (EX_SOFTWARE)


class OutputFormat(StrEnum):
    json = "json"
    text = "text"


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


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


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    err.print(f"detente: error: {printable(message)}", markup=False)
    return typer.Exit(code)


def date_option(value: str | None, option: str = "--published") -> date | None:
    """A day given on the command line: ``YYYY-MM-DD``, nothing before or after it."""
    if value is None:
        return None
    try:
        return parse_iso_date(option, value, field="date")
    except InputError as exc:
        raise typer.BadParameter(exc.problem, param_hint=option) from None


def bound_option(value: str | None, option: str, *, end: bool) -> date | None:
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


def expand_path(value: Path | None) -> Path | None:
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


DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="DETENTE_DB",
        callback=expand_path,
        help="The corpus store, a DuckDB file (default: detente.duckdb here; env DETENTE_DB).",
    ),
]
DEFAULT_DB_PATH = Path(DEFAULT_DB)


def open_store(db: Path, *, read_only: bool = False) -> Store:
    """Open the store for a command; a :class:`StoreError` becomes a clean CLI error."""
    try:
        return Store.open(db, read_only=read_only)
    except DetenteError as exc:
        raise fail(str(exc)) from None


def pick_actor(store: Store, name: str) -> GlobalActor:
    """The one actor a typed name (or ``#id``) means; exit 1 when none, 4 (listing the
    candidates) when several."""
    found = resolve_actor(store, name)
    if isinstance(found, GlobalActor):
        return found
    if not found:
        raise fail(f"no actor named {name!r} in {store.path}; list them with `detente actors`")
    err.print(
        f"detente: {printable(repr(name))} is ambiguous; pass one of these (a full name or #id):",
        markup=False,
    )
    for candidate in found[:20]:
        roles = f" ({', '.join(candidate.roles)})" if candidate.roles else ""
        err.print(f"  #{candidate.id}  {candidate.name}  [{candidate.kind}]{roles}", markup=False)
    raise typer.Exit(EXIT_AMBIGUOUS)
