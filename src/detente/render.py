"""Readable renderings (rich) of analyses and evaluation results, for people at a terminal."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from detente.records import ArticleAnalysis, DateRange
from detente.relations import period_of

__all__ = ["render_analysis", "render_evaluation"]

_SNIPPET = 110


def _snip(text: str, width: int = _SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_analysis(result: ArticleAnalysis, console: Console) -> None:
    """Print one analysis: metadata, body, removed boilerplate and whatever stages found."""
    art = result.article
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    for label, value in (
        ("source", art.source),
        ("title", art.title),
        ("authors", ", ".join(art.authors)),
        ("publisher", art.publisher),
        ("site", art.site_name),
        ("published", art.published.isoformat() if art.published else None),
        ("url", art.url),
        ("language", art.language),
    ):
        meta.add_row(label, Text(value or "—"))
    body = Text(art.text)
    console.print(Panel(Group(meta, Text(""), body), title="article", title_align="left"))
    if art.removed:
        table = Table(title="removed boilerplate", title_justify="left", show_lines=False)
        table.add_column("kind", style="cyan", no_wrap=True)
        table.add_column("text")
        for block in art.removed:
            table.add_row(block.kind, Text(_snip(block.text)))
        console.print(table)
    for warning in art.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    names = {a.id: a.name for a in result.actors}
    if result.actors:
        table = Table(title="actors", title_justify="left")
        for column in ("id", "name", "kind", "roles", "aliases", "affiliation", "mentions"):
            table.add_column(column, overflow="fold")
        for actor in result.actors:
            table.add_row(
                actor.id,
                actor.name,
                actor.kind,
                ", ".join(actor.roles),
                _snip(", ".join(actor.aliases), 40),
                names.get(actor.affiliation or "", ""),
                str(len(actor.mentions)),
            )
        console.print(table)
    if result.quotes:
        table = Table(title="quotes", title_justify="left")
        for column in ("speaker", "quote", "via / channel", "date"):
            table.add_column(column, overflow="fold")
        for quote in result.quotes:
            speaker = names.get(quote.speaker or "", quote.speaker_text or "?")
            if quote.anonymous:
                speaker += " (anonymous)"
            mark = "“”" if quote.direct else "≈"
            via = " / ".join(x for x in (names.get(quote.via or ""), quote.channel) if x)
            when = quote.date.start.isoformat() if quote.date and quote.date.start else ""
            table.add_row(speaker, f"{mark} {_snip(quote.text, 90)}", via, when)
        console.print(table)
    if result.events:
        table = Table(title="events", title_justify="left")
        for column in ("date", "source", "type", "target", "score", "modality", "trigger"):
            table.add_column(column, overflow="fold")
        for event in result.events:
            table.add_row(
                _event_when(event.date),
                names.get(event.source, event.source),
                event.type,
                names.get(event.target, event.target),
                f"{event.score:+.1f}",
                event.modality,
                _snip(event.trigger, 40),
            )
        console.print(table)
    for relation in result.relations:
        periods = ", ".join(
            f"{p.period} {p.score:+.1f}" if p.score is not None else f"{p.period} (not scored)"
            for p in relation.timeline
        )
        current = f"{relation.score:+.1f}" if relation.score is not None else "n/a"
        console.print(
            Text(
                f"{names.get(relation.a, relation.a)} <-> {names.get(relation.b, relation.b)}: "
                f"now {current}, trend {relation.trend or 'n/a'}; {periods or 'no dated events'}"
            )
        )
    counts = (
        f"{len(result.actors)} actors, {len(result.quotes)} quotes, "
        f"{len(result.events)} events, {len(result.relations)} relations"
    )
    console.print(Text(counts, style="dim"))


def _event_when(when: DateRange) -> str:
    """An event's date as the tables show it: a window the text gave no date for is "~" its
    end, the publication it was reported by (as ``detente events`` shows it)."""
    if when.basis == "reported" and when.end is not None:
        return f"~{when.end.isoformat()}"
    return _when(when.start, when.end)


def _when(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "undated"
    return start.isoformat() if start == end else period_of(start, end)


def render_evaluation(
    results: dict[str, dict[str, Any]], console: Console, *, explain: bool = False
) -> None:
    """Print one table per stage: metric, value (storylines: one row per storyline too); with
    ``explain``, every missed gold item the stage reports."""
    for stage, metrics in results.items():
        table = Table(title=f"{stage}", title_justify="left")
        table.add_column("metric", style="cyan")
        table.add_column("value", justify="right")
        for name, value in metrics.items():
            if isinstance(value, dict | list):
                continue
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
            table.add_row(name, shown)
        console.print(table)
        if stage == "storylines" and isinstance(metrics.get("per_storyline"), dict):
            _render_storylines(metrics["per_storyline"], console, explain)


_STORYLINE_FIGURES = ("interactions", "dated", "quotes", "phases", "events_per_article")


def _render_storylines(per: dict[str, dict[str, Any]], console: Console, explain: bool) -> None:
    table = Table(title="storylines, one by one", title_justify="left")
    table.add_column("storyline", style="cyan")
    for name in _STORYLINE_FIGURES:
        table.add_column(name, justify="right")
    for storyline, figures in per.items():
        table.add_row(storyline, *(f"{figures.get(n, 0):.2f}" for n in _STORYLINE_FIGURES))
    console.print(table)
    if not explain:
        return
    for storyline, figures in per.items():
        console.print(Text(f"\n== {storyline}", style="bold"))
        if figures.get("relation_problem"):
            console.print(Text(f"relation: {figures['relation_problem']}", style="red"))
        periods = " ".join(
            f"{start}:{'-' if score is None else f'{score:+.1f}'}"
            for start, score in figures.get("relation_periods", ())
        )
        console.print(Text(f"relation periods: {periods or 'none'}"))
        for phase in figures.get("phases_detail", ()):
            mark = "right" if phase["right"] else "WRONG"
            console.print(
                Text(
                    f"phase {phase['start']}..{phase['end'] or 'open'} sign {phase['sign']:+d}: "
                    f"mean {phase['mean']} over {phase['n_periods']} period(s) -> {mark}"
                )
            )
        for miss in figures.get("missed_interactions", ()):
            console.print(Text(f"missed {miss['id']} ({miss['why']}): {miss['gold']}"))
            for line in miss["nearest"]:
                console.print(Text(f"    near: {line}", style="dim"))
        for miss in figures.get("missed_quotes", ()):
            console.print(Text(f"missed quote {miss}"))
        for line in figures.get("unfitting_events", ()):
            console.print(Text(f"unfitting (between the sides, fits no gold): {line}"))
