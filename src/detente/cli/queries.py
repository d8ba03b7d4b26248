"""Query and export commands of the CLI: ``detente actors``, ``events``, ``quotes``, ``export``.

Thin layers over the store: parse the options, resolve typed names to global actors (as
``detente relation`` does), run one read query, render it as a table (text), a JSON array or CSV.
Events and quotes are listed once per story: a syndicated copy adds its outlet, not a row.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from detente.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    SinceOption,
    TableFormat,
    UntilOption,
    app,
    bound_option,
    fail,
    open_store,
    pick_actor,
    printable,
    stdout_console,
)
from detente.errors import DetenteError
from detente.lexicon.events import PLOVER_TYPES
from detente.queries import (
    actor_rows,
    event_rows,
    means_unnamed_speakers,
    quote_rows,
)
from detente.store import GlobalActor, Store

__all__ = ["actors", "events", "export", "quotes"]

FormatOption = Annotated[
    TableFormat, typer.Option("--format", help="text (a table, default), json (an array) or csv.")
]


class ActorKind(StrEnum):
    person = "person"
    organization = "organization"
    country = "country"
    outlet = "outlet"
    group = "group"
    anonymous = "anonymous"


class Modality(StrEnum):
    asserted = "asserted"
    planned = "planned"
    hypothetical = "hypothetical"
    negated = "negated"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    gdelt = "gdelt"
    gdelt_native = "gdelt-native"


# The fields of each JSON object and CSV row, in order.
_ACTOR_FIELDS = (
    "id",
    "name",
    "kind",
    "aliases",
    "roles",
    "n_articles",
    "n_stories",
    "first_seen",
    "last_seen",
)
_EVENT_FIELDS = (
    "event_id",
    "story_id",
    "date",
    "date_start",
    "date_end",
    "date_text",
    "date_basis",
    "published",
    "source",
    "type",
    "target",
    "score",
    "modality",
    "trigger",
    "evidence",
    "outlets",
    "claimed_by",
    "n_articles",
    "url",
    "quad_class",
    "hedged",
    "evidence_start",
    "evidence_end",
    "article_id",
)
_QUOTE_FIELDS = (
    "quote_id",
    "story_id",
    "date",
    "speaker",
    "speaker_text",
    "text",
    "direct",
    "anonymous",
    "cue",
    "outlets",
    "n_articles",
    "url",
)


@app.command()
def actors(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Part of a name or alias (case and diacritics folded); all if omitted."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    kind: Annotated[
        ActorKind | None,
        typer.Option(help="Only this kind (group and anonymous list per-article actors)."),
    ] = None,
    output_format: FormatOption = TableFormat.text,
) -> None:
    """List the corpus's actors: name, kind, aliases, roles, articles, first and last seen."""
    rows = _read(db, lambda store: actor_rows(store, query, kind.value if kind else None))
    _emit(
        rows,
        output_format,
        what="actor(s)",
        fields=_ACTOR_FIELDS,
        columns=(
            ("id", lambda r: f"#{r['id']}"),
            ("name", lambda r: r["name"]),
            ("kind", lambda r: r["kind"]),
            ("aliases", lambda r: ", ".join(r["aliases"])),
            ("roles", lambda r: ", ".join(r["roles"])),
            ("articles", lambda r: str(r["n_articles"])),
            ("first seen", lambda r: _day(r["first_seen"])),
            ("last seen", lambda r: _day(r["last_seen"])),
        ),
    )


@app.command()
def events(
    actor: Annotated[
        str | None, typer.Option(help="Only events with this actor as source or target.")
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this PLOVER type, e.g. ACCUSE, CONSULT.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    modality: Annotated[
        Modality | None, typer.Option(help="Only asserted, planned, hypothetical or negated.")
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    output_format: FormatOption = TableFormat.text,
) -> None:
    """List events once per story, oldest first, with evidence, outlets and who claimed them.

    An event's date is the one the text gives; when it gives none, the article's publication
    date stands in (marked "~" in the text table, "date_start" empty in JSON and CSV), and
    --since/--until filter on that date.
    """
    first = bound_option(since, "--since", end=False)
    last = bound_option(until, "--until", end=True)
    wanted_type = _plover_type(event_type)

    def query(store: Store) -> list[dict[str, Any]]:
        return event_rows(
            store,
            actor=pick_actor(store, actor) if actor is not None else None,
            event_type=wanted_type,
            since=first,
            until=last,
            modality=modality.value if modality else None,
        )

    rows = _read(db, query)
    _emit(
        rows,
        output_format,
        what="event(s)",
        note="once per story",
        fields=_EVENT_FIELDS,
        columns=(
            ("date", _event_day),
            ("source", lambda r: r["source"]),
            ("type", lambda r: f"{r['type']} ({r['trigger']})"),
            ("target", lambda r: r["target"]),
            ("score", lambda r: f"{r['score']:+.1f}"),
            ("modality", lambda r: r["modality"]),
            ("evidence", lambda r: r["evidence"]),
            ("outlets", lambda r: ", ".join(r["outlets"])),
            ("claimed by", lambda r: ", ".join(r["claimed_by"])),
        ),
    )


@app.command()
def quotes(
    speaker: Annotated[
        str | None,
        typer.Option(
            help="Only quotes of this speaker: a name or #id, or the words of an unnamed "
            "source ('aide', 'officials')."
        ),
    ] = None,
    anonymous: Annotated[
        bool | None,
        typer.Option(
            "--anonymous/--on-record",
            help="Only quotes of anonymous sources, or only those on record.",
            show_default=False,
        ),
    ] = None,
    contains: Annotated[
        str | None, typer.Option(help="Only quotes containing this text (case and accents folded).")
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    output_format: FormatOption = TableFormat.text,
) -> None:
    """List quotes once per story, oldest first, with speaker, outlets and the article's URL.

    --speaker takes a name as `detente relation` does; a word that names no actor of the corpus
    ("aide", "officials", "a senior official") selects the quotes of unnamed sources described
    so ("an aide", "two aides").
    """

    def query(store: Store) -> list[dict[str, Any]]:
        who = _speaker(store, speaker) if speaker is not None else None
        return quote_rows(store, speaker=who, contains=contains, anonymous=anonymous)

    rows = _read(db, query)
    _emit(
        rows,
        output_format,
        what="quote(s)",
        note="once per story",
        fields=_QUOTE_FIELDS,
        columns=(
            ("date", lambda r: _day(r["date"])),
            ("speaker", lambda r: r["speaker"] or "(unknown)"),
            ("quote", lambda r: r["text"].strip()),
            ("direct", lambda r: "yes" if r["direct"] else "no"),
            ("outlets", lambda r: ", ".join(r["outlets"])),
        ),
    )


@app.command()
def export(
    out: Annotated[
        str,
        typer.Option(
            "--out", metavar="FOLDER", help="The folder to write to (created if missing)."
        ),
    ],
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="parquet or csv (every table and view, one file each); gdelt (a GDELT 2.0 "
            "events file with a header line, gdelt-events.tsv); gdelt-native (GDELT's own form: "
            "no header line, named YYYYMMDDHHMMSS.export.CSV).",
        ),
    ] = ExportFormat.parquet,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Export the store: every table as Parquet or CSV, or the events as a GDELT 2.0 file.

    The GDELT file has one tab-separated row per story-level asserted event, in GDELT 2.0's
    column order; columns detente has no data for are empty (docs/STORE.md). Files are written
    only inside --out, and never through a symbolic link.
    """
    from detente.export import export_folder, export_gdelt, export_tables

    try:
        folder = export_folder(out)
    except DetenteError as exc:
        raise fail(str(exc)) from None

    def write(store: Store) -> list[Path]:
        if output_format in (ExportFormat.gdelt, ExportFormat.gdelt_native):
            return [export_gdelt(store, folder, native=output_format is ExportFormat.gdelt_native)]
        if output_format is ExportFormat.csv:
            return export_tables(store, folder, "csv")
        return export_tables(store, folder, "parquet")

    written = _read(db, write)
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"wrote {len(written)} file(s) to {printable(folder)}:", markup=False)
    for path in written:
        console.print(f"  {printable(path)}", markup=False)


# --- helpers --------------------------------------------------------------------------------

Column = tuple[str, Callable[[dict[str, Any]], str]]
_T = TypeVar("_T")


def _read(db: Path, work: Callable[[Store], _T]) -> _T:
    """Open the store read-only, run ``work``, close it; a DetenteError becomes a CLI error."""
    try:
        with open_store(db, read_only=True) as store:
            return work(store)
    except DetenteError as exc:
        raise fail(str(exc)) from None


def _speaker(store: Store, name: str) -> GlobalActor | str:
    """``quotes --speaker``: the actor a name means, or words that describe unnamed sources."""
    if means_unnamed_speakers(store, name):
        return name
    return pick_actor(store, name)  # the actor, or a clear error when none or several


def _plover_type(value: str | None) -> str | None:
    if value is None:
        return None
    wanted = value.strip().upper()
    if wanted not in PLOVER_TYPES:
        raise typer.BadParameter(
            f"{value!r} is not a PLOVER type; choose one of {', '.join(sorted(PLOVER_TYPES))}",
            param_hint="--type",
        )
    return wanted


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _event_day(row: Mapping[str, Any]) -> str:
    if row["date_basis"] == "reported" and row["date_end"] is not None:
        return f"~{_day(row['date_end'])}"
    if row["date_start"] is not None:
        return _day(row["date_start"])
    return f"~{_day(row['published'])}" if row["published"] is not None else ""


def _emit(
    rows: list[dict[str, Any]],
    output_format: TableFormat,
    *,
    what: str,
    fields: Sequence[str],
    columns: Sequence[Column],
    note: str = "",
) -> None:
    """Print ``rows`` as a JSON array or CSV (``fields``, header first) or as a rich table.

    ``what`` names the rows ("event(s)"); ``note`` says how they are counted ("once per story").
    """
    if output_format is TableFormat.json:
        records = [{f: row[f] for f in fields} for row in rows]
        sys.stdout.write(json.dumps(records, indent=2, ensure_ascii=False, default=_json) + "\n")
        return
    if output_format is TableFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([_csv(row[f]) for f in fields])
        return
    console = stdout_console()
    if not rows:
        console.print(f"no {what.replace('(s)', 's')} match", markup=False)
        return
    title = f"{len(rows)} {what}, {note}" if note else f"{len(rows)} {what}"
    table = Table(title=title, title_justify="left", show_lines=False)
    for name, _ in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(render(row) for _, render in columns), end_section=False)
    console.print(table)


def _json(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
