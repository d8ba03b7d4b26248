"""The Dask engine: the per-document analysis on a Dask distributed cluster.

Why Dask (README, "Scale-out"): measured on this project's two-core machines, distributed adds
~35 MB installed and starts a local cluster in ~0.4 s; Ray added ~253 MB, ~2.5 s to start and
~10 background processes, and once hung waiting for CPUs on two cores; PySpark needs a JVM.

* The model is loaded once per worker by :class:`ModelPlugin` (a worker plugin run when the
  worker joins, and again in a worker that replaces a lost one).
* Chunks of documents are submitted as tasks, a window at a time, and their results come back
  to the client in input order (:func:`detente.corpus.engines.in_order`), where the store's one
  writer places them exactly as the local engine does.
* A worker killed mid-task: the scheduler gives its tasks to another worker (up to
  ``distributed.scheduler.allowed-failures`` times, 3 by default); a task that keeps killing
  workers is a skip of its documents, and the run goes on.
* With no scheduler address, a ``LocalCluster`` of ``workers`` processes (one thread each) is
  started on loopback for the run and closed after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin

from detente.corpus.engines import Result, analyse_chunk, in_order
from detente.errors import EngineError
from detente.records import RawDocument

__all__ = ["ModelPlugin", "analyse_on_dask"]

# How long the client waits for a scheduler it was given before saying it cannot reach it.
_CONNECT_SECONDS = 5
_CHUNKS_PER_WORKER = 2


class ModelPlugin(WorkerPlugin):
    """Loads the spaCy model when a worker starts, so each worker loads it once."""

    name = "detente-model"

    def setup(self, worker: Any) -> None:
        from detente.nlp import load_model

        load_model()


def analyse_on_dask(
    documents: Iterator[RawDocument], *, workers: int, scheduler: str | None
) -> Iterator[Result]:
    """The analysis (or skip) of each document, in input order, computed on Dask workers.

    Raises:
        EngineError: distributed is missing, the local cluster cannot start, or the scheduler
            cannot be reached.
    """
    with ExitStack() as stack:
        client = _client(stack, workers, scheduler)
        try:
            client.register_plugin(ModelPlugin(), name=ModelPlugin.name)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"the Dask workers could not load the model: {exc}") from None
        n_workers = len(client.scheduler_info().get("workers", {})) or workers

        def submit(chunk: list[RawDocument]) -> Callable[[], list[Result]]:
            future = client.submit(analyse_chunk, chunk, pure=False)
            return future.result  # type: ignore[no-any-return]

        yield from in_order(documents, n_workers * _CHUNKS_PER_WORKER, submit, "dask")


def _client(stack: ExitStack, workers: int, scheduler: str | None) -> Any:
    if scheduler is None:
        try:
            cluster = stack.enter_context(
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    scheduler_port=0,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
        except (OSError, RuntimeError, TimeoutError) as exc:
            raise EngineError(f"could not start a local Dask cluster: {exc}") from None
        return stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
    try:
        client = Client(scheduler, timeout=_CONNECT_SECONDS)  # type: ignore[no-untyped-call]
        return stack.enter_context(client)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        detail = " ".join(str(exc).split())[:200]
        raise EngineError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({detail}); start one "
            "(`dask scheduler`, then `dask worker ADDRESS` where detente is installed) or "
            "leave out --scheduler to run a local cluster"
        ) from None
