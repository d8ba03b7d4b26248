"""The ingest loop: sources to analyses to the single writer, with the analysis run in this
process, in worker processes, or by an engine (:mod:`.engines`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

from detente.corpus.engines import Engine, analyse
from detente.corpus.writer import CorpusWriter, IngestProgress, IngestSummary, raw_key
from detente.ingest.folder import count_documents, expand_paths, read_path
from detente.records import RawDocument, Skipped
from detente.store import Store

# --- the ingest loop ------------------------------------------------------------------------


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
    limit: int | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    published: date | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store``; resumable and idempotent.

    Args:
        paths: files and folders (folders are read recursively); ``-`` is standard input.
        store: an open, writable store; this process is its only writer.
        workers: processes that run the pipeline (1: in this process); with ``engine="dask"``
            and no ``scheduler``, the local cluster's worker processes.
        engine: ``local`` (this machine's processes) or ``dask`` (:mod:`.engines`).
        scheduler: the address of a Dask scheduler to use (``engine="dask"``); None starts a
            local cluster.
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
        EngineError: the Dask engine cannot start or reach its scheduler.
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
        analyses = analyse(documents(), engine=engine, workers=workers, scheduler=scheduler)
        for result in analyses:
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
