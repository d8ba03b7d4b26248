"""Corpus commands of the CLI (ingest, skipped; relation, queries, export); they register on
``cli.app``.

Thin layers as everywhere in the CLI: parse the arguments, open the store, call
:mod:`detente.corpus` or a store read, render. Every :class:`DetenteError` becomes one line on
stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from detente.cli import EXIT_FAILED, OutputFormat, _date_option, _err, _fail, app
from detente.errors import DetenteError
from detente.store import DEFAULT_DB, Store

if TYPE_CHECKING:
    from detente.corpus import IngestProgress, IngestSummary

__all__ = ["DbOption", "open_store"]

DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="DETENTE_DB",
        help="The corpus store, a DuckDB file (default: detente.duckdb here; env DETENTE_DB).",
    ),
]
_DEFAULT_DB = Path(DEFAULT_DB)
# Non-terminal progress (logs, CI, a test reading stderr): a line after the first document, then
# at every 5% of the run and at least every 30 seconds, so a reader sees the run move.
_LOG_EVERY = 30.0
_LOG_STEPS = 20


def open_store(db: Path, *, read_only: bool = False) -> Store:
    """Open the store for a command; a :class:`StoreError` becomes a clean CLI error."""
    try:
        return Store.open(db, read_only=read_only)
    except DetenteError as exc:
        raise _fail(str(exc)) from None


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .txt, .html, .jsonl, .warc(.gz), .rss/.atom/.xml."),
    ],
    db: DbOption = _DEFAULT_DB,
    workers: Annotated[
        int, typer.Option(help="Processes that run the NLP pipeline (one writer).", min=1)
    ] = 1,
    max_bytes: Annotated[
        int | None, typer.Option(help="Size limit of one document (default 5 MB).", min=1)
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Summary as text (default) or json.")
    ] = OutputFormat.text,
    published: Annotated[
        str | None,
        typer.Option(
            help="Publication date YYYY-MM-DD of documents whose source declares none: a "
            "JSON Lines record's or feed entry's own date wins; it goes before a page's "
            "metadata, a 'Published' line or a date in the URL."
        ),
    ] = None,
) -> None:
    """Ingest articles into the corpus store: idempotent, resumable, one article at a time.

    Folders are read recursively. Documents already in the store are passed over, so running the
    same command again after an interruption finishes the job. Bad documents are skipped and
    recorded (see `detente skipped`). Exit 0 when the run finishes, 1 when nothing could be read
    or when a document hit an internal error (a bug: it is recorded as that document's skip and
    the run goes on).

    --published is a default: it dates the documents whose source declares no date (text files,
    HTML pages, records without a date key) and is used before a page's metadata, a "Published"
    line or a date in the URL.
    """
    from detente.corpus import ingest as ingest_paths

    day = _date_option(published)
    store = open_store(db)
    reporter = _Reporter(_err)
    try:
        with reporter:
            summary = ingest_paths(
                [str(p) for p in paths],
                store,
                workers=workers,
                limit=max_bytes,
                progress=reporter.update,
                published=day,
            )
    except DetenteError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n")
    else:
        _print_summary(summary, db)
    if summary.internal_errors:
        _err.print(
            f"detente: {summary.internal_errors} document(s) hit an internal error (a bug, "
            "recorded as their skip; `detente skipped` lists them, DETENTE_DEBUG=1 prints "
            "tracebacks); the other documents were ingested",
            markup=False,
        )
        raise typer.Exit(EXIT_FAILED)
    if summary.ingested == 0 and summary.duplicates == 0 and summary.skipped > 0:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def skipped(
    db: DbOption = _DEFAULT_DB,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json.")
    ] = OutputFormat.text,
) -> None:
    """List the documents that ingest skipped, with the reason for each."""
    store = open_store(db, read_only=True)
    try:
        records = store.skipped()
    except DetenteError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps([r.to_dict() for r in records], indent=2) + "\n")
        return
    console = Console(highlight=False, soft_wrap=True)
    if not records:
        console.print(f"no skipped documents in {db}", markup=False)
        return
    console.print(f"{len(records)} skipped document(s) in {db}:", markup=False)
    for r in records:
        seen = r.last_seen.isoformat(sep=" ", timespec="seconds")
        times = f", {r.times} times" if r.times > 1 else ""
        console.print(f"{r.source}: {r.reason}  [last seen {seen}{times}]", markup=False)


# --- progress and summary -------------------------------------------------------------------


class _RateColumn(ProgressColumn):
    """Articles per second, averaged over the run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} articles/s", style="progress.data.speed")


class _Reporter:
    """A rich progress bar on a terminal; a plain line every few seconds elsewhere."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.started = time.monotonic()
        self.last_line = 0.0
        self.last_done = 0
        self.lines = 0

    def __enter__(self) -> _Reporter:
        self.started = time.monotonic()
        if self.live:
            self.progress = Progress(
                TextColumn("[bold]ingest[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=False,
            )
            self.progress.__enter__()
            self.task = self.progress.add_task("", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.__exit__(None, None, None)

    def update(self, p: IngestProgress) -> None:
        detail = f"{p.ingested} new, {p.duplicates} dup, {p.skipped} skipped"
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=p.done, total=p.total, description=detail)
            return
        now = time.monotonic()
        step = max(1, p.total // _LOG_STEPS)
        due = now - self.last_line >= _LOG_EVERY or p.done - self.last_done >= step
        if self.lines and not due and p.done < p.total:
            return
        self.last_line = now
        self.last_done = p.done
        self.lines += 1
        elapsed = max(now - self.started, 1e-9)
        rate = p.done / elapsed
        eta = (p.total - p.done) / rate if rate > 0 else 0.0
        self.console.print(
            f"ingest: {p.done}/{p.total} documents ({detail}), {rate:.1f} articles/s, "
            f"ETA {eta:.0f}s",
            markup=False,
        )


def _print_summary(summary: IngestSummary, db: Path) -> None:
    console = Console(highlight=False, soft_wrap=True)
    rate = (summary.ingested + summary.duplicates) / summary.seconds if summary.seconds else 0.0
    console.print(
        f"ingested {summary.ingested} article(s) into {db} "
        f"({summary.syndicated} joined an existing story), "
        f"{summary.duplicates} duplicate(s) passed over, {summary.skipped} skipped; "
        f"{summary.files} file(s) read in {summary.seconds:.1f}s ({rate:.1f} articles/s)",
        markup=False,
    )
    if summary.ignored_files:
        console.print(
            f"{summary.ignored_files} file(s) in folders were not articles and were left out",
            markup=False,
        )
    if summary.actors_merged:
        console.print(
            f"{summary.actors_merged} surname-only actor(s) joined their full name", markup=False
        )
    if summary.skip_reasons:
        console.print("skipped, by reason (`detente skipped` lists each document):", markup=False)
        for reason, count in summary.skip_reasons[:10]:
            console.print(f"  {count:>6}  {reason}", markup=False)
        if len(summary.skip_reasons) > 10:
            console.print(f"  ... and {len(summary.skip_reasons) - 10} other reason(s)")
