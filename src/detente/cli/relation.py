"""``detente relation A B``: how two actors stand over time, from the corpus store.

A thin layer: resolve the two names in the store, read their events (counted once per story),
draw the timeline with :func:`detente.relations.dyad_timeline`, render it as text, JSON or CSV,
and plot it on request.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from detente.cli.app import (
    DEFAULT_DB_PATH,
    DbOption,
    SinceOption,
    TableFormat,
    UntilOption,
    app,
    bound_option,
    expand_path,
    fail,
    open_store,
    pick_actor,
    printable,
    stdout_console,
)
from detente.errors import DetenteError
from detente.queries import Scope, relation_timeline
from detente.records import DyadEvent, DyadTimeline
from detente.relations import Granularity, placed_on, runs_of

__all__ = ["render_timeline"]

_SPARK = "▁▂▃▄▅▆▇█"


class ScopeOption(StrEnum):
    personal = "personal"
    state = "state"
    all = "all"


class By(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"


@app.command()
def relation(
    a: Annotated[str, typer.Argument(help="An actor, as you would type the name (or #id).")],
    b: Annotated[str, typer.Argument(help="The other actor.")],
    db: DbOption = DEFAULT_DB_PATH,
    since: SinceOption = None,
    until: UntilOption = None,
    by: Annotated[By, typer.Option(help="Period: day, week, month or quarter.")] = By.month,
    scope: Annotated[
        ScopeOption,
        typer.Option(
            help="personal: only A and B themselves; state: acts between their states "
            "(countries, governments, office holders); all (default): both."
        ),
    ] = ScopeOption.all,
    output_format: Annotated[
        TableFormat, typer.Option("--format", help="text (default), json or csv.")
    ] = TableFormat.text,
    plot: Annotated[
        Path | None,
        typer.Option(help="Also draw the timeline: FILE.png or FILE.html.", callback=expand_path),
    ] = None,
) -> None:
    """How A and B stand over time: timeline, phases, turning events and their evidence."""
    first = bound_option(since, "--since", end=False)
    last = bound_option(until, "--until", end=True)
    try:
        with open_store(db, read_only=True) as store:
            actor_a = pick_actor(store, a)
            actor_b = pick_actor(store, b)
            if actor_a.id == actor_b.id:
                raise fail(f"{a!r} and {b!r} are the same actor ({actor_a.name})", 2)
            timeline = relation_timeline(
                store,
                actor_a,
                actor_b,
                by=_granularity(by),
                scope=_scope(scope),
                since=first,
                until=last,
            )
        if plot is not None:
            from detente.plot import plot_timeline

            plot_timeline(timeline, plot)
    except DetenteError as exc:
        raise fail(str(exc)) from None
    if output_format is TableFormat.json:
        sys.stdout.write(json.dumps(timeline.to_dict(), indent=2, ensure_ascii=False) + "\n")
    elif output_format is TableFormat.csv:
        _write_csv(timeline)
    else:
        render_timeline(timeline, stdout_console())
    if plot is not None:
        Console(stderr=True).print(f"plot written to {printable(plot)}", markup=False)


def _scope(scope: ScopeOption) -> Scope:
    return (
        "personal"
        if scope is ScopeOption.personal
        else "state"
        if scope is ScopeOption.state
        else "all"
    )


def _granularity(by: By) -> Granularity:
    names: dict[By, Granularity] = {
        By.day: "day",
        By.week: "week",
        By.month: "month",
        By.quarter: "quarter",
    }
    return names[by]


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
    runs = runs_of(timeline.timeline)
    console.print(
        Text("sparkline: " + " ".join(_sparkline([p.score or 0.0 for p in run]) for run in runs))
    )
    table = Table(show_lines=False)
    for column in ("period", "score", "", "events", "main event"):
        table.add_column(column, overflow="fold")
    previous = None
    for period in timeline.timeline:
        if previous is not None and previous.end + timedelta(days=1) < period.start:
            table.add_row("…", "", "", "", Text("no events: a gap, not a trend", style="dim"))
        previous = period
        main = max(period.events, key=lambda e: (e.modality == "asserted", abs(e.score)))
        scope = f", via {main.source_for or main.target_for}" if main.scope == "state" else ""
        table.add_row(
            _label(period.start, timeline.by),
            "—" if period.score is None else f"{period.score:+.1f}",
            _bar(period.score),
            str(len(period.events)),
            f"{main.source} {main.type} {main.target} ({main.modality}{scope})",
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
    basis = f" ({event.date.basis})" if event.date.basis else ""
    stood = [
        f"{end} for {who}"
        for end, who in ((event.source, event.source_for), (event.target, event.target_for))
        if who
    ]
    scope = f" [state: {'; '.join(stood)}]" if stood else ""
    return (
        f"{placed_on(event.date)}{basis} {event.source} {event.type} {event.target} "
        f"{event.score:+.1f}{scope} [{outlets}{claimed}]"
    )


def _label(day: date, by: str) -> str:
    if by in ("day", "week"):
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
