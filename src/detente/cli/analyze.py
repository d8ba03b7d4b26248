"""``detente analyze`` (one article, or each line of a JSON Lines file) and ``detente eval``."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from detente.cli.app import (
    EXIT_BELOW_FLOOR,
    EXIT_FAILED,
    OutputFormat,
    app,
    date_option,
    err,
    fail,
    printable,
)
from detente.errors import DetenteError
from detente.records import ArticleAnalysis, RawDocument, Skipped

__all__ = ["analyze", "evaluate"]


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

    day = date_option(published)
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
        raise fail(str(exc)) from None
    if failures:
        if opened.multi:
            err.print(
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
    err.print(f"detente: error: {printable(skip.source)}: {printable(skip.reason)}", markup=False)
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
        raise fail(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)} or all", 2)
    data_dir = data if data is not None else _default_data_dir()
    try:
        floor_table = load_floors(floors) if floors is not None else None
        with err.status("evaluating ...") as status:
            results = run_evaluation(
                stages, data_dir, limit, progress=lambda msg: status.update(msg), explain=explain
            )
    except DetenteError as exc:
        raise fail(str(exc)) from None
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    else:
        render_evaluation(results, Console(), explain=explain)
    if floor_table is not None:
        failures = check_floors(results, floor_table)
        for line in failures:
            err.print(f"detente: below floor: {line}", markup=False)
        if failures:
            raise typer.Exit(EXIT_BELOW_FLOOR)
        err.print(f"every figure is at or above its floor ({floors})", markup=False)


def _default_data_dir() -> Path:
    # The repository root is three levels above this file in an editable install
    # (src/detente/cli/analyze.py); the shared data sits beside the repository.
    repo = Path(__file__).resolve().parents[3]
    candidate = repo.parent / "shared" / "data"
    return candidate if candidate.exists() else Path.cwd().parent / "shared" / "data"
