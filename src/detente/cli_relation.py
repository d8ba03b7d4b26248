"""``detente relation A B``: how two actors stand over time, from the corpus store.

A thin layer: resolve the two names in the store, read their events (counted once per story),
draw the timeline with :func:`detente.relations.dyad_timeline`, render it as text, JSON or CSV,
and plot it on request.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from detente.cli import _date_option, _fail, app
from detente.cli_corpus import _DEFAULT_DB, DbOption, open_store
from detente.errors import DetenteError
from detente.records import DateRange, DyadEvent, DyadTimeline
from detente.relations import Granularity, dyad_timeline
from detente.store import GlobalActor, Store

__all__ = ["resolve_actor"]

EXIT_AMBIGUOUS = 4  # a name matches several actors: the candidates are listed
_SPARK = "▁▂▃▄▅▆▇█"


class TableFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


class By(StrEnum):
    week = "week"
    month = "month"
    quarter = "quarter"


def resolve_actor(store: Store, name: str) -> GlobalActor | list[GlobalActor]:
    """The one actor a user's name means, or every candidate when it is ambiguous (or none).

    ``#12`` picks an actor by its id. Otherwise the name is matched against every alias (case
    and diacritics folded); failing that, against parts of names ("Kessler" -> "Anton Kessler").
    """
    if name.startswith("#") and name[1:].isdigit():
        wanted = int(name[1:])
        return next(([a] for a in store.actors() if a.id == wanted), [])[0:1] or []
    found = [a for a in store.find_actors(name) if a.scope_article is None]
    if not found:
        from detente.lexicon.names import fold

        key = fold(" ".join(name.split()))
        found = [
            a
            for a in store.actors()
            if a.scope_article is None and key and key in [*a.key.split(), a.key]
        ]
    people = [a for a in found if not a.ambiguous]
    found = people or found
    return found[0] if len(found) == 1 else found


def _pick(store: Store, name: str) -> GlobalActor:
    found = resolve_actor(store, name)
    if isinstance(found, GlobalActor):
        return found
    if not found:
        raise _fail(f"no actor named {name!r} in {store.path}; list them with `detente actors`")
    _describe_candidates(name, found)
    raise typer.Exit(EXIT_AMBIGUOUS)


def _describe_candidates(name: str, candidates: list[GlobalActor]) -> None:
    console = Console(stderr=True)
    console.print(f"detente: {name!r} is ambiguous; pass one of these (a full name or #id):")
    for actor in candidates[:20]:
        roles = f" ({', '.join(actor.roles)})" if actor.roles else ""
        console.print(f"  #{actor.id}  {actor.name}  [{actor.kind}]{roles}", markup=False)


def dyad_events(store: Store, a: GlobalActor, b: GlobalActor) -> list[DyadEvent]:
    """Events between ``a`` and ``b`` in either direction, once per story, with provenance."""
    names = {actor.id: actor.name for actor in store.actors()}
    rows = store.rows(
        "SELECT se.*, ar.url FROM story_events se LEFT JOIN articles ar ON ar.id = se.article_id "
        "WHERE (se.source = ? AND se.target = ?) OR (se.source = ? AND se.target = ?) "
        "ORDER BY se.date_start NULLS LAST, se.event_id",
        [a.id, b.id, b.id, a.id],
    )
    return [
        DyadEvent(
            event_id=int(row["event_id"]),
            source=names.get(row["source"], str(row["source"])),
            target=names.get(row["target"], str(row["target"])),
            type=row["type"],
            score=round(float(row["score"]), 2),
            modality=row["modality"],
            date=DateRange(row["date_start"], row["date_end"], row["date_text"]),
            evidence=row["evidence_sentence"],
            trigger=row["trigger"],
            outlets=tuple(row["outlets"] or ()),
            claimed_by=tuple(names.get(c, str(c)) for c in row["claimed_by"] or ()),
            article_id=row["article_id"],
            url=row["url"],
            n_articles=int(row["n_articles"]),
        )
        for row in rows
    ]


@app.command()
def relation(
    a: Annotated[str, typer.Argument(help="An actor, as you would type the name (or #id).")],
    b: Annotated[str, typer.Argument(help="The other actor.")],
    db: DbOption = _DEFAULT_DB,
    since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    by: Annotated[By, typer.Option(help="Period: week, month or quarter.")] = By.month,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="text (default), json or csv.")
    ] = TableFormat.text,
    plot: Annotated[
        Path | None, typer.Option(help="Also draw the timeline: FILE.png or FILE.html.")
    ] = None,
) -> None:
    """How A and B stand over time: timeline, phases, turning events and their evidence."""
    first = _date_option(since)
    last = _date_option(until)
    try:
        with open_store(db, read_only=True) as store:
            actor_a = _pick(store, a)
            actor_b = _pick(store, b)
            if actor_a.id == actor_b.id:
                raise _fail(f"{a!r} and {b!r} are the same actor ({actor_a.name})", 2)
            events = dyad_events(store, actor_a, actor_b)
        timeline = dyad_timeline(
            (str(actor_a.id), actor_a.name),
            (str(actor_b.id), actor_b.name),
            events,
            by=_granularity(by),
            since=first,
            until=last,
        )
        if plot is not None:
            from detente.plot import plot_timeline

            plot_timeline(timeline, plot)
    except DetenteError as exc:
        raise _fail(str(exc)) from None
    if output_format is TableFormat.json:
        sys.stdout.write(json.dumps(timeline.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif output_format is TableFormat.csv:
        _write_csv(timeline)
    else:
        render_timeline(timeline, Console())
    if plot is not None:
        Console(stderr=True).print(f"plot written to {plot}", markup=False)


def _granularity(by: By) -> Granularity:
    return "week" if by is By.week else "quarter" if by is By.quarter else "month"


def _write_csv(timeline: DyadTimeline) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["start", "end", "score", "n_events", "n_asserted", "phase"])
    phase_of = {}
    for phase in timeline.phases:
        for period in timeline.timeline:
            if phase.start <= period.start <= phase.end:
                phase_of[period.start] = phase.sign
    for period in timeline.timeline:
        writer.writerow(
            [
                period.start.isoformat(),
                period.end.isoformat(),
                "" if period.score is None else period.score,
                len(period.events),
                sum(1 for e in period.events if e.modality == "asserted"),
                phase_of.get(period.start, ""),
            ]
        )


def render_timeline(timeline: DyadTimeline, console: Console) -> None:
    """The timeline as a table with a sparkline, then the phases with their turning events."""
    a, b = timeline.a[1], timeline.b[1]
    console.print(Text(f"{a} <-> {b}, by {timeline.by}", style="bold"))
    if not timeline.timeline:
        console.print("no dated events between them in the store")
    scores = [p.score for p in timeline.timeline if p.score is not None]
    console.print(Text("sparkline: " + _sparkline(scores)))
    table = Table(show_lines=False)
    for column in ("period", "score", "", "events", "main event"):
        table.add_column(column, overflow="fold")
    for period in timeline.timeline:
        main = max(period.events, key=lambda e: (e.modality == "asserted", abs(e.score)))
        table.add_row(
            _label(period.start, timeline.by),
            "—" if period.score is None else f"{period.score:+.1f}",
            _bar(period.score),
            str(len(period.events)),
            f"{main.source} {main.type} {main.target} ({main.modality})",
        )
    console.print(table)
    for phase in timeline.phases:
        score = "n/a" if phase.score is None else f"{phase.score:+.1f}"
        console.print(
            Text(
                f"{phase.sign} phase {_label(phase.start, timeline.by)} .. "
                f"{_label(phase.end, timeline.by)} (mean {score})",
                style={"warm": "green", "hostile": "red"}.get(phase.sign, "white"),
            )
        )
        event = phase.turning_event
        if event is not None:
            console.print(Text(f"  turning event: {_describe(event)}"))
            console.print(Text(f"    “{event.evidence.strip()}”", style="italic"))
    current = "n/a" if timeline.current_score is None else f"{timeline.current_score:+.1f}"
    console.print(Text(f"now: {current}, trend {timeline.trend or 'n/a'}", style="bold"))
    if timeline.undated:
        console.print(Text(f"{len(timeline.undated)} undated event(s) not scored", style="dim"))


def _describe(event: DyadEvent) -> str:
    outlets = ", ".join(event.outlets) or "unknown outlet"
    claimed = f"; claimed by {', '.join(event.claimed_by)}" if event.claimed_by else ""
    return (
        f"{event.date.start} {event.source} {event.type} {event.target} {event.score:+.1f} "
        f"[{outlets}{claimed}]"
    )


def _label(day: date, by: str) -> str:
    if by == "week":
        return day.isoformat()
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _sparkline(scores: list[float]) -> str:
    return "".join(_SPARK[min(7, max(0, int((s + 10) / 20 * 8)))] for s in scores)


def _bar(score: float | None) -> str:
    if score is None:
        return ""
    length = round(abs(score))
    return ("+" if score > 0 else "-") * length
