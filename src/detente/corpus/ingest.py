"""The ingest loop: sources to analyses to the single writer, with the analysis run in this
process, in worker processes, or by an engine (:mod:`.engines`).
"""

from __future__ import annotations

import itertools
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from detente.corpus.writer import CorpusWriter, IngestProgress, IngestSummary, raw_key
from detente.errors import contained
from detente.ingest.folder import count_documents, expand_paths, read_path
from detente.pipeline import analyze_documents
from detente.records import ArticleAnalysis, RawDocument, Skipped
from detente.store import Store

# Documents handed to a worker process at once, and chunks in flight per worker: small enough that
# a killed run loses little, large enough to keep every worker busy.
_WORKER_CHUNK = 8
_CHUNKS_PER_WORKER = 2

# --- the ingest loop ------------------------------------------------------------------------


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    limit: int | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    published: date | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store``; resumable and idempotent.

    Args:
        paths: files and folders (folders are read recursively); ``-`` is standard input.
        store: an open, writable store; this process is its only writer.
        workers: processes that run the pipeline (1: in this process).
        limit: size limit of one document in bytes (default: ``DETENTE_MAX_BYTES`` or 5 MB).
        progress: called after every document with the run's counts.
        published: publication date of the documents whose source declares none (a JSON Lines
            record's or a feed entry's own date wins); it counts as given, so it is used before
            HTML metadata, a timestamp line or a date in the address.

    Returns:
        The run's counts; bad documents are recorded in the store's ``skipped`` table.

    Raises:
        InputError: a path does not exist (nothing is read then).
        StoreError: the store cannot be written (each article already written stays).
        ModelError: the spaCy model is missing.
    """
    started = time.perf_counter()
    # "-" is standard input, read once before the files; read_path reads it as any source
    stdin = (Path("-"),) if any(str(p) == "-" for p in paths) else ()
    expanded = expand_paths([p for p in paths if str(p) != "-"])
    files = stdin + expanded.files
    total = sum(count_documents(f) for f in files) + len(expanded.refused)
    writer = CorpusWriter(store, progress=progress, total=total)
    for refused in expanded.refused:
        writer.skip(refused.source, refused.line, refused.reason)
    pending: deque[tuple[RawDocument, str]] = deque()

    def documents() -> Iterator[RawDocument]:
        for path in files:
            for doc in read_path(path, limit=limit, published=published):
                if isinstance(doc, Skipped):
                    writer.skip(doc.source, doc.line, doc.reason)
                    continue
                key = raw_key(doc)
                if writer.seen(key):
                    continue
                pending.append((doc, key))
                yield doc

    try:
        for result in _analyse(documents(), workers):
            doc, key = pending.popleft()
            if isinstance(result, Skipped):
                writer.skip(result.source, result.line, result.reason)
            else:
                writer.add(result, source=doc.source, line=doc.line, raw_key=key)
    except KeyboardInterrupt:
        writer.flush()  # the articles analysed so far are whole: keep them
        raise
    merged = writer.finish()
    return IngestSummary(
        ingested=writer.ingested,
        duplicates=writer.duplicates,
        skipped=writer.skipped,
        skip_reasons=tuple(writer.reasons.most_common()),
        internal_errors=writer.internal_errors,
        files=len(files),
        ignored_files=expanded.ignored,
        syndicated=writer.syndicated,
        actors_merged=merged,
        seconds=time.perf_counter() - started,
    )


# --- analysis in this process or in workers -------------------------------------------------


def _analyse(documents: Iterator[RawDocument], workers: int) -> Iterator[ArticleAnalysis | Skipped]:
    if workers <= 1:
        yield from analyze_documents(documents)
        return
    # spawn, not fork: the parent holds an open DuckDB connection and its threads
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        in_flight: deque[tuple[list[RawDocument], Any]] = deque()
        chunks = _chunks(documents, _WORKER_CHUNK)
        window = workers * _CHUNKS_PER_WORKER
        for chunk in itertools.islice(chunks, window):
            in_flight.append((chunk, pool.apply_async(_analyse_chunk, (chunk,))))
        while in_flight:
            chunk, pending = in_flight.popleft()
            results: list[ArticleAnalysis | Skipped] | None = None
            with contained("workers") as guard:
                results = pending.get()
            nxt = next(chunks, None)
            if nxt is not None:
                in_flight.append((nxt, pool.apply_async(_analyse_chunk, (nxt,))))
            # a chunk whose results could not come back (unpicklable, a worker gone): each of its
            # documents is a skip with that reason, and the run goes on
            if results is None:
                results = [Skipped(d.source, guard.reason or "", d.line) for d in chunk]
            yield from results


def _chunks(items: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _analyse_chunk(chunk: list[RawDocument]) -> list[ArticleAnalysis | Skipped]:
    """Run in a worker process: the pipeline over one chunk, in order."""
    return list(analyze_documents(chunk))
