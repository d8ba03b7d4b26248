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

from detente.cli import EXIT_AMBIGUOUS, TableFormat, _date_option, _fail, app
from detente.cli_corpus import _DEFAULT_DB, DbOption, open_store
from detente.errors import DetenteError
from detente.lexicon.events import PLOVER_TYPES
from detente.queries import resolve_actor
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


# Groups ("two aides") and anonymous sources exist within one article: listed only on request.
_SCOPED_KINDS = (ActorKind.group, ActorKind.anonymous)
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
# The day an event counts on (relations.placed_on): a window the text gave no date for counts on
# its end, the publication; an event stored before dates had a basis, on its publication.
_PLACED = (
    "CASE WHEN se.date_basis = 'reported' THEN se.date_end "
    "ELSE coalesce(se.date_start, ar.published) END"
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
    db: DbOption = _DEFAULT_DB,
    kind: Annotated[
        ActorKind | None,
        typer.Option(help="Only this kind (group and anonymous list per-article actors)."),
    ] = None,
    output_format: FormatOption = TableFormat.text,
) -> None:
    """List the corpus's actors: name, kind, aliases, roles, articles, first and last seen."""
    from detente.lexicon.names import fold

    where = ["a.kind = ?" if kind else "a.scope_article IS NULL"]
    params: list[Any] = [kind.value] if kind else []
    if kind is not None and kind not in _SCOPED_KINDS:
        where.append("a.scope_article IS NULL")
    if query is not None and query.strip():
        where.append("a.id IN (SELECT actor_id FROM actor_aliases WHERE contains(alias_key, ?))")
        params.append(fold(" ".join(query.split())))
    sql = (
        "SELECT a.id, a.name, a.kind, a.aliases, a.roles, "
        "coalesce(s.n_articles, 0) AS n_articles, coalesce(s.n_stories, 0) AS n_stories, "
        "s.first_published AS first_seen, s.last_published AS last_seen "
        "FROM actors a LEFT JOIN actor_stats s ON s.actor_id = a.id "
        f"WHERE {' AND '.join(where)} ORDER BY n_articles DESC, a.name, a.id"
    )
    rows = _read(db, lambda store: store.rows(sql, params))
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
    since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    modality: Annotated[
        Modality | None, typer.Option(help="Only asserted, planned, hypothetical or negated.")
    ] = None,
    db: DbOption = _DEFAULT_DB,
    output_format: FormatOption = TableFormat.text,
) -> None:
    """List events once per story, oldest first, with evidence, outlets and who claimed them.

    An event's date is the one the text gives; when it gives none, the article's publication
    date stands in (marked "~" in the text table, "date_start" empty in JSON and CSV), and
    --since/--until filter on that date.
    """
    first, last = _date_option(since), _date_option(until)
    wanted_type = _plover_type(event_type)

    def query(store: Store) -> list[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
        if actor is not None:
            found = _pick(store, actor)
            where.append("(se.source = ? OR se.target = ?)")
            params += [found.id, found.id]
        if wanted_type is not None:
            where.append("se.type = ?")
            params.append(wanted_type)
        if modality is not None:
            where.append("se.modality = ?")
            params.append(modality.value)
        if first is not None:
            where.append(f"{_PLACED} >= ?")
            params.append(first)
        if last is not None:
            where.append(f"{_PLACED} <= ?")
            params.append(last)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = store.rows(
            f"SELECT se.event_id, se.story_id, {_PLACED} AS date, "
            "se.date_start, se.date_end, se.date_text, se.date_basis, ar.published, se.source, "
            "se.target, "
            "se.type, se.score, se.modality, se.trigger, se.evidence_sentence AS evidence, "
            "coalesce(se.outlets, []) AS outlets, coalesce(se.claimed_by, []) AS claimed_by, "
            "se.n_articles, ar.url "
            "FROM story_events se JOIN articles ar ON ar.id = se.article_id "
            f"{clause} ORDER BY date NULLS LAST, se.event_id",
            params,
        )
        return _named(store, rows, ("source", "target"), ("claimed_by",))

    rows = _read(db, query)
    for row in rows:
        row["score"] = round(float(row["score"]), 2)
        row["evidence"] = row["evidence"].strip()
    _emit(
        rows,
        output_format,
        what="event(s), once per story",
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
    speaker: Annotated[str | None, typer.Option(help="Only quotes of this speaker.")] = None,
    contains: Annotated[
        str | None, typer.Option(help="Only quotes containing this text (case and accents folded).")
    ] = None,
    db: DbOption = _DEFAULT_DB,
    output_format: FormatOption = TableFormat.text,
) -> None:
    """List quotes once per story, oldest first, with speaker, outlets and the article's URL."""

    def query(store: Store) -> list[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
        if speaker is not None:
            where.append("q.speaker = ?")
            params.append(_pick(store, speaker).id)
        if contains is not None:
            where.append("contains(strip_accents(lower(q.text)), strip_accents(lower(?)))")
            params.append(contains)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = store.rows(
            "SELECT min(q.id) AS quote_id, ar.story_id, "
            "min(coalesce(q.date_start, ar.published)) AS date, q.speaker, "
            "arg_min(q.speaker_text, q.id) AS speaker_text, q.text, "
            "bool_or(q.direct) AS direct, bool_and(q.anonymous) AS anonymous, "
            "arg_min(q.cue, q.id) AS cue, "
            "coalesce(list_sort(list(DISTINCT ar.outlet) FILTER (WHERE ar.outlet IS NOT NULL)), "
            "[]) AS outlets, "
            "count(DISTINCT q.article_id) AS n_articles, "
            "first(ar.url ORDER BY ar.published NULLS LAST, ar.id) AS url "
            "FROM quotes q JOIN articles ar ON ar.id = q.article_id "
            f"{clause} GROUP BY ar.story_id, q.speaker, q.text "
            "ORDER BY date NULLS LAST, quote_id",
            params,
        )
        return _named(store, rows, ("speaker",), ())

    rows = _read(db, query)
    for row in rows:
        row["speaker"] = row["speaker"] or row["speaker_text"]
    _emit(
        rows,
        output_format,
        what="quote(s), once per story",
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
        Path, typer.Option("--out", help="The folder to write to (created if missing).")
    ],
    output_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="parquet or csv (every table and view, one file each), or gdelt (a GDELT 2.0 "
            "events file).",
        ),
    ] = ExportFormat.parquet,
    db: DbOption = _DEFAULT_DB,
) -> None:
    """Export the store: every table as Parquet or CSV, or the events as a GDELT 2.0 file.

    The GDELT file has one tab-separated row per story-level asserted event, in GDELT 2.0's
    column order, with a header line; columns detente has no data for are empty (docs/STORE.md).
    """
    from detente.export import export_gdelt, export_tables

    def write(store: Store) -> list[Path]:
        if output_format is ExportFormat.gdelt:
            return [export_gdelt(store, out)]
        if output_format is ExportFormat.csv:
            return export_tables(store, out, "csv")
        return export_tables(store, out, "parquet")

    written = _read(db, write)
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"wrote {len(written)} file(s) to {out}:", markup=False)
    for path in written:
        console.print(f"  {path}", markup=False)


# --- helpers --------------------------------------------------------------------------------

Column = tuple[str, Callable[[dict[str, Any]], str]]
_T = TypeVar("_T")


def _read(db: Path, work: Callable[[Store], _T]) -> _T:
    """Open the store read-only, run ``work``, close it; a DetenteError becomes a CLI error."""
    try:
        with open_store(db, read_only=True) as store:
            return work(store)
    except DetenteError as exc:
        raise _fail(str(exc)) from None


def _pick(store: Store, name: str) -> GlobalActor:
    """The one actor a typed name means; exit 1 when none, 4 (listing them) when several."""
    found = resolve_actor(store, name)
    if isinstance(found, GlobalActor):
        return found
    if not found:
        raise _fail(f"no actor named {name!r} in {store.path}; list them with `detente actors`")
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(
        f"detente: {name!r} is ambiguous; pass one of these (a full name or #id):", markup=False
    )
    for candidate in found[:20]:
        roles = f" ({', '.join(candidate.roles)})" if candidate.roles else ""
        console.print(
            f"  #{candidate.id}  {candidate.name}  [{candidate.kind}]{roles}", markup=False
        )
    raise typer.Exit(EXIT_AMBIGUOUS)


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


def _named(
    store: Store,
    rows: list[dict[str, Any]],
    single: Sequence[str],
    multiple: Sequence[str],
) -> list[dict[str, Any]]:
    """Replace actor ids in ``single`` and id lists in ``multiple`` columns by actor names."""
    ids = {r[c] for r in rows for c in single if r[c] is not None}
    ids |= {i for r in rows for c in multiple for i in r[c] or ()}
    names = _actor_names(store, ids)
    for row in rows:
        for column in single:
            row[column] = names.get(row[column]) if row[column] is not None else None
        for column in multiple:
            row[column] = [names.get(i, f"#{i}") for i in row[column] or ()]
    return rows


def _actor_names(store: Store, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = store.rows("SELECT id, name FROM actors WHERE list_contains(?, id)", [sorted(ids)])
    return {r["id"]: r["name"] for r in rows}


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
) -> None:
    """Print ``rows`` as a JSON array or CSV (``fields``, header first) or as a rich table."""
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
    console = Console(highlight=False)
    if not rows:
        console.print(f"no {what.replace('(s)', 's')} match", markup=False)
        return
    table = Table(title=f"{len(rows)} {what}", title_justify="left", show_lines=False)
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
