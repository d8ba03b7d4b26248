"""``detente ingest`` and ``detente skipped``: writing the store, with progress and summary.

Thin layers as everywhere in the CLI: parse the arguments, open the store, call
:mod:`detente.corpus`, render. ``ingest --server URL`` hands the documents to a running
``detente serve --allow-ingest`` instead (:mod:`detente.web.client`), which owns the store.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
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
)
from rich.text import Text

from detente.cli.app import (
    DEFAULT_DB_PATH,
    EXIT_FAILED,
    DbOption,
    EngineChoice,
    OutputFormat,
    app,
    date_option,
    err,
    fail,
    open_store,
    printable,
)
from detente.errors import DetenteError

# where `detente ingest --engine dask` finds a scheduler's address when --scheduler is not given
SCHEDULER_ENV = "DETENTE_DASK_SCHEDULER"

if TYPE_CHECKING:
    from detente.corpus import IngestProgress, IngestSummary
    from detente.store import Store

__all__ = ["ingest", "remaining_seconds", "skipped"]

# Non-terminal progress (logs, CI, a pipe): a line every 30 seconds, or at a 5% step of the run
# when 10 seconds have passed since the last line; a run shorter than that prints only its
# summary. Never a line per document, unless DETENTE_PROGRESS_EVERY (seconds) asks for it (0).
_LOG_EVERY = 30.0
_LOG_STEP_GAP = 10.0
_LOG_EVERY_ENV = "DETENTE_PROGRESS_EVERY"
_LOG_STEPS = 20
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: .txt, .html, .jsonl, .warc(.gz), .rss/.atom/.xml; - reads "
            "standard input (one article, or JSON Lines).",
            callback=lambda values: [p.expanduser() for p in values],
        ),
    ],
    db: DbOption = DEFAULT_DB_PATH,
    workers: Annotated[
        int,
        typer.Option(
            help="Processes that run the NLP pipeline (one writer); with --engine dask and no "
            "--scheduler, the local cluster's workers.",
            min=1,
        ),
    ] = 1,
    engine: Annotated[
        EngineChoice,
        typer.Option(
            help="Where the analysis runs: local (this process or --workers processes) or dask "
            "(a Dask cluster: a local one, or --scheduler's). The store is written here."
        ),
    ] = EngineChoice.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            envvar=SCHEDULER_ENV,
            help="Address of a running Dask scheduler (tcp://HOST:8786) for --engine dask "
            "(default: $DETENTE_DASK_SCHEDULER, else a local cluster of --workers processes).",
        ),
    ] = None,
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
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress and no summary; errors only."),
    ] = False,
    server: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="Ingest through a running `detente serve --allow-ingest` at URL (which owns "
            "the store and keeps answering meanwhile) instead of writing --db here.",
        ),
    ] = None,
) -> None:
    """Ingest articles into the corpus store: idempotent, resumable, one article at a time.

    Folders are read recursively; - reads standard input. Documents already in the store are
    passed over, so running the same command again after an interruption (Ctrl-C prints what
    was stored) finishes the job. Bad documents are skipped and recorded (see `detente
    skipped`). Exit 0 when the run finishes, 1 when nothing could be read or when a document
    hit an internal error (a bug: it is recorded as that document's skip and the run goes on),
    130 when interrupted.

    --published is a default: it dates the documents whose source declares no date (text files,
    HTML pages, records without a date key) and is used before a page's metadata, a "Published"
    line or a date in the URL.
    """
    from detente.corpus import ingest as ingest_paths

    day = date_option(published)
    for path in paths:
        # checked before the store is opened, so that a mistyped path creates no empty store
        if str(path) != "-" and not (path.exists() or path.is_symlink()):
            raise fail(f"{path}: no such file or folder")
    if engine is EngineChoice.dask and server is not None:
        raise fail("--engine dask analyses here; --server has the server analyse: pick one", 2)
    if server is not None:
        _ingest_remote(server, paths, day, max_bytes, output_format, quiet)
        return
    if engine is EngineChoice.local:
        if scheduler is not None and scheduler != os.environ.get(SCHEDULER_ENV):
            raise fail("--scheduler is for --engine dask", 2)
        scheduler = None  # $DETENTE_DASK_SCHEDULER concerns the dask engine only
    created = not db.exists()
    store = open_store(db)
    reporter = _Reporter(err, quiet=quiet)
    try:
        with reporter:
            summary = ingest_paths(
                [str(p) for p in paths],
                store,
                workers=workers,
                engine=engine.value,
                scheduler=scheduler,
                limit=max_bytes,
                progress=reporter.update,
                published=day,
            )
    except DetenteError as exc:
        if created and _empty(store):
            # the engine failed before any article (an unreachable scheduler): leave no empty
            # store behind, as a mistyped path leaves none
            store.close()
            for leftover in (db, db.with_name(db.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        _print_interrupted(reporter.last, db)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        store.close()
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2) + "\n")
    elif not quiet:
        _print_summary(summary, db)
    if summary.internal_errors:
        err.print(
            f"detente: {summary.internal_errors} document(s) hit an internal error (a bug, "
            "recorded as their skip; `detente skipped` lists them, DETENTE_DEBUG=1 prints "
            "tracebacks); the other documents were ingested",
            markup=False,
        )
        raise typer.Exit(EXIT_FAILED)
    if summary.ingested == 0 and summary.duplicates == 0 and summary.skipped > 0:
        raise typer.Exit(EXIT_FAILED)


def _empty(store: Store) -> bool:
    """Whether the store holds nothing at all (no article, skip or other row)."""
    try:
        return not any(store.counts().values())
    except DetenteError:
        return False


def _ingest_remote(
    server: str,
    paths: list[Path],
    day: date | None,
    max_bytes: int | None,
    output_format: OutputFormat,
    quiet: bool,
) -> None:
    from detente.web.client import ingest_remote

    if any(str(p) == "-" for p in paths):
        raise fail("--server takes files and folders, not - (standard input)", 2)
    try:
        done = ingest_remote(
            server,
            paths,
            published=day,
            limit=max_bytes,
            progress=None if quiet else lambda line: err.print(f"ingest: {line}", markup=False),
        )
    except DetenteError as exc:
        raise fail(str(exc)) from None
    totals = done.totals()
    if output_format is OutputFormat.json:
        payload = {**totals, "jobs": done.jobs, "skipped_here": done.local_skips}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    elif not quiet:
        for line in done.local_skips[:10]:
            err.print(f"detente: skipped here: {printable(line)}", markup=False)
        Console(highlight=False, soft_wrap=True).print(
            f"sent {totals['sent']} document(s) to {printable(server)} in {len(done.jobs)} "
            f"job(s): {totals['ingested']} ingested, {totals['duplicates']} duplicate(s), "
            f"{totals['skipped']} skipped there, {totals['skipped_here']} skipped here",
            markup=False,
        )
    for job in done.jobs:
        if job["state"] == "failed":
            err.print(f"detente: job {job['id']} failed: {printable(job['error'])}", markup=False)
    if totals["failed_jobs"] or totals["internal_errors"]:
        raise typer.Exit(EXIT_FAILED)
    if (
        totals["ingested"] == 0
        and totals["duplicates"] == 0
        and (totals["skipped"] or totals["skipped_here"])
    ):
        raise typer.Exit(EXIT_FAILED)


@app.command()
def skipped(
    db: DbOption = DEFAULT_DB_PATH,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text (default) or json.")
    ] = OutputFormat.text,
) -> None:
    """List the documents that ingest skipped, with the reason for each."""
    store = open_store(db, read_only=True)
    try:
        records = store.skipped()
    except DetenteError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps([r.to_dict() for r in records], indent=2) + "\n")
        return
    console = Console(highlight=False, soft_wrap=True)
    if not records:
        console.print(f"no skipped documents in {printable(db)}", markup=False)
        return
    console.print(f"{len(records)} skipped document(s) in {printable(db)}:", markup=False)
    for r in records:
        seen = r.last_seen.isoformat(sep=" ", timespec="seconds")
        times = f", {r.times} times" if r.times > 1 else ""
        console.print(
            f"{printable(r.source)}: {printable(r.reason)}  [last seen {seen}{times}]",
            markup=False,
        )


# --- progress and summary -------------------------------------------------------------------


class _RateColumn(ProgressColumn):
    """Articles per second, averaged over the run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} articles/s", style="progress.data.speed")


class _EtaColumn(ProgressColumn):
    """Time left at the run's average pace; nothing when the total is not known yet."""

    def render(self, task: Task) -> Text:
        left = remaining_seconds(task.elapsed or 0.0, int(task.completed), task.total)
        return Text("" if left is None else f"ETA {_clock(left)}", style="progress.remaining")


def remaining_seconds(elapsed: float, done: int, total: float | None) -> float | None:
    """Seconds left when ``done`` of ``total`` documents took ``elapsed`` seconds: the average
    pace so far times what remains; None while nothing is done or the total is unknown."""
    if total is None or done <= 0 or elapsed <= 0:
        return None
    return elapsed / done * max(total - done, 0)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


class _Reporter:
    """A rich progress bar on a terminal; a plain line now and then elsewhere; nothing quiet.

    ``last`` keeps the latest counts, for the summary of an interrupted run.
    """

    def __init__(self, console: Console, *, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.live = console.is_terminal and not quiet
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.started = time.monotonic()
        self.last_line = self.started
        self.last_done = 0
        self.last: IngestProgress | None = None
        self.every = _log_every()

    def __enter__(self) -> _Reporter:
        self.started = self.last_line = time.monotonic()
        if self.live:
            self.progress = Progress(
                TextColumn("[bold]ingest[/]"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(),
                _EtaColumn(),
                TextColumn("elapsed"),
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
        self.last = p
        if self.quiet:
            return
        detail = f"{p.ingested} new, {p.duplicates} dup, {p.skipped} skipped"
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=p.done, total=p.total, description=detail)
            return
        now = time.monotonic()
        since = now - self.last_line
        step = max(1, p.total // _LOG_STEPS)
        stepped = p.done - self.last_done >= step and since >= min(_LOG_STEP_GAP, self.every)
        if since < self.every and not stepped:
            return
        self.last_line = now
        self.last_done = p.done
        elapsed = max(now - self.started, 1e-9)
        left = remaining_seconds(elapsed, p.done, p.total)
        eta = f", ETA {_clock(left)}" if left is not None else ""
        self.console.print(
            f"ingest: {p.done}/{p.total} documents ({detail}), {p.done / elapsed:.1f} articles/s"
            f"{eta}",
            markup=False,
        )


def _log_every() -> float:
    try:
        return max(0.0, float(os.environ.get(_LOG_EVERY_ENV, _LOG_EVERY)))
    except ValueError:
        return _LOG_EVERY


def _print_interrupted(last: IngestProgress | None, db: Path) -> None:
    if last is None:
        done = "nothing was stored"
    else:
        done = (
            f"{last.ingested} new article(s) stored, {last.duplicates} duplicate(s) passed over, "
            f"{last.skipped} skipped; about {max(last.total - last.done, 0)} of {last.total} "
            "document(s) not read yet"
        )
    err.print(
        f"detente: interrupted: {done}. Every stored article is whole: run the same command "
        f"again to resume (what {printable(db)} holds is passed over).",
        markup=False,
    )


def _print_summary(summary: IngestSummary, db: Path) -> None:
    console = Console(highlight=False, soft_wrap=True)
    rate = (summary.ingested + summary.duplicates) / summary.seconds if summary.seconds else 0.0
    console.print(
        f"ingested {summary.ingested} article(s) into {printable(db)} "
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
            console.print(f"  {count:>6}  {printable(reason)}", markup=False)
        if len(summary.skip_reasons) > 10:
            console.print(f"  ... and {len(summary.skip_reasons) - 10} other reason(s)")
