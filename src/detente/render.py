"""Readable renderings (rich) of analyses and evaluation results, for people at a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from detente.records import ArticleAnalysis

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
    counts = (
        f"{len(result.actors)} actors, {len(result.quotes)} quotes, "
        f"{len(result.events)} events, {len(result.relations)} relations"
    )
    console.print(Text(counts, style="dim"))


def render_evaluation(results: dict[str, dict[str, Any]], console: Console) -> None:
    """Print one table per stage: metric, value."""
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
