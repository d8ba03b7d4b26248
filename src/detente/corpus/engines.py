"""Engines that run the per-document analysis for :func:`detente.corpus.ingest`.

The single writer stays in the calling process whatever the engine; an engine only turns the
documents the writer has not met into analyses (or skips), **in input order**, so a run gives
the same store on every engine (ids, stories and global actors are handed out in that order):

* ``local``: the pipeline in this process (``workers=1``) or in ``workers`` spawned processes,
  each loading the model once;
* ``dask``: Dask distributed (:mod:`.dask_engine`): chunks of documents (the input's shards, in
  reading order) mapped over a cluster's workers, each loading the model once through a worker
  plugin. Without a scheduler address a ``LocalCluster`` of ``workers`` processes is started on
  loopback; with one (``--scheduler`` or ``DETENTE_DASK_SCHEDULER`` on the command line) that
  cluster is used.

Both hand out chunks through :func:`in_order`: a window of chunks in flight, results yielded as
the oldest chunk completes. A chunk whose results cannot come back (a worker lost for good,
results that cannot be sent) is one skip per document with that reason, and the run goes on; a
document that trips a bug inside the pipeline is that document's skip already
(:class:`detente.errors.contained`).
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from typing import Literal

from detente.errors import contained
from detente.pipeline import analyze_documents
from detente.records import ArticleAnalysis, RawDocument, Skipped

__all__ = ["ENGINES", "Engine", "analyse", "analyse_chunk", "in_order"]

Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")

# Documents handed to a worker at once, and chunks in flight per worker: small enough that a
# killed run (or a lost worker) loses little, large enough to keep every worker busy.
_WORKER_CHUNK = 8
_CHUNKS_PER_WORKER = 2

Result = ArticleAnalysis | Skipped


def analyse(
    documents: Iterator[RawDocument],
    *,
    engine: Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[Result]:
    """The analysis (or skip) of each document, in input order, on ``engine``.

    Raises:
        EngineError: the Dask engine cannot start or reach its scheduler.
        ModelError: the spaCy model is missing.
    """
    if engine == "dask":
        from detente.corpus.dask_engine import analyse_on_dask

        yield from analyse_on_dask(documents, workers=workers, scheduler=scheduler)
    elif workers <= 1:
        yield from analyze_documents(documents)
    else:
        yield from _analyse_in_processes(documents, workers)


def analyse_chunk(chunk: list[RawDocument]) -> list[Result]:
    """Run where the engine puts it (a worker process): the pipeline over one chunk, in order."""
    return list(analyze_documents(chunk))


def in_order(
    documents: Iterator[RawDocument],
    window: int,
    submit: Callable[[list[RawDocument]], Callable[[], list[Result]]],
    stage: str,
) -> Iterator[Result]:
    """Chunks of ``documents`` submitted ``window`` at a time, results yielded in input order.

    ``submit(chunk)`` starts the chunk's analysis somewhere and returns a function that waits for
    its results. A chunk whose wait fails is a skip of each of its documents, ``internal error
    in <stage>: ...``.
    """
    chunks = _chunks(documents, _WORKER_CHUNK)
    in_flight: deque[tuple[list[RawDocument], Callable[[], list[Result]]]] = deque()
    for chunk in itertools.islice(chunks, max(window, 1)):
        in_flight.append((chunk, submit(chunk)))
    while in_flight:
        chunk, wait = in_flight.popleft()
        results: list[Result] | None = None
        with contained(stage) as guard:
            results = wait()
        nxt = next(chunks, None)
        if nxt is not None:
            in_flight.append((nxt, submit(nxt)))
        if results is None:
            results = [Skipped(d.source, guard.reason or "", d.line) for d in chunk]
        yield from results


def _analyse_in_processes(documents: Iterator[RawDocument], workers: int) -> Iterator[Result]:
    # spawn, not fork: the parent holds an open DuckDB connection and its threads
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:

        def submit(chunk: list[RawDocument]) -> Callable[[], list[Result]]:
            return pool.apply_async(analyse_chunk, (chunk,)).get

        yield from in_order(documents, workers * _CHUNKS_PER_WORKER, submit, "workers")


def _chunks(items: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk
