"""Ingest jobs run by the server: documents posted to ``POST /api/ingest`` (by ``detente ingest
--server URL`` or any client), written by one background thread into the store the server owns.

A job's body is JSON Lines, one document a line, as ``detente ingest`` reads them (``text`` or
``html``, and optional ``id``, ``url``, ``published``, ``title``, ``language``). The server
spools it to a file of its own (never a path the client names) and ingests it with
:func:`detente.corpus.ingest`: idempotent, bad lines recorded as skips, one transaction per
group of articles, so readers see each group once it is committed. Jobs run one at a time, in
the order they came.
"""

from __future__ import annotations

import itertools
import queue
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.corpus import IngestProgress
from detente.errors import DetenteError, contained
from detente.web.served import ServedStore

__all__ = ["IngestJob", "IngestJobs"]

# Jobs remembered for the status page; older finished ones are forgotten.
_KEEP_JOBS = 100


@dataclass
class IngestJob:
    """One posted batch: its state (queued, running, done, failed), counts and summary."""

    id: int
    documents: int
    published: date | None
    state: str = "queued"
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    progress: dict[str, int] = field(default_factory=dict)
    summary: dict[str, Any] | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "documents": self.documents,
            "published": self.published.isoformat() if self.published else None,
            "submitted": _iso(self.submitted),
            "started": _iso(self.started),
            "finished": _iso(self.finished),
            "progress": dict(self.progress),
            "summary": self.summary,
            "error": self.error,
        }


class IngestJobs:
    """The queue of ingest jobs and the one thread that writes them."""

    def __init__(self, served: ServedStore) -> None:
        self.served = served
        self._spool = tempfile.TemporaryDirectory(prefix="detente-serve-")
        self._jobs: dict[int, IngestJob] = {}
        self._ids = itertools.count(1)
        self._queue: queue.Queue[tuple[IngestJob, Path] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="detente-ingest", daemon=True)
        self._thread.start()

    def submit(self, body: bytes, published: date | None) -> IngestJob:
        """Queue ``body`` (JSON Lines) as a job; return it."""
        lines = sum(1 for line in body.splitlines() if line.strip())
        with self._lock:
            job = IngestJob(next(self._ids), lines, published)
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[:-_KEEP_JOBS]:
                if self._jobs[old].state in ("done", "failed"):
                    del self._jobs[old]
        spooled = Path(self._spool.name) / f"upload-{job.id}.jsonl"
        spooled.write_bytes(body)
        self._queue.put((job, spooled))
        return job

    def get(self, job_id: int) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[IngestJob]:
        with self._lock:
            return [self._jobs[i] for i in sorted(self._jobs, reverse=True)]

    def status(self) -> dict[str, Any]:
        """How many jobs wait and run, and the latest ones."""
        jobs = self.all()
        return {
            "enabled": True,
            "queued": sum(j.state == "queued" for j in jobs),
            "running": sum(j.state == "running" for j in jobs),
            "jobs": [j.to_dict() for j in jobs[:10]],
        }

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every queued job has finished; whether it did within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while any(j.state in ("queued", "running") for j in self.all()):
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def close(self) -> None:
        """Stop after the running job (a later ingest of the same body finishes the rest)."""
        self._queue.put(None)
        self._thread.join(timeout=30)
        self._spool.cleanup()

    def _run(self) -> None:
        from detente.corpus import ingest

        writer = self.served.writer()
        try:
            while (item := self._queue.get()) is not None:
                job, spooled = item
                job.state, job.started = "running", time.time()

                def update(p: IngestProgress, job: IngestJob = job) -> None:
                    job.progress = {
                        "done": p.done,
                        "total": p.total,
                        "ingested": p.ingested,
                        "duplicates": p.duplicates,
                        "skipped": p.skipped,
                    }

                try:
                    with contained("ingest job") as guard:
                        summary = ingest(
                            [str(spooled)], writer, progress=update, published=job.published
                        )
                        job.summary, job.state = summary.to_dict(), "done"
                    if guard.reason is not None:  # a bug: the job fails, the server goes on
                        job.error, job.state = guard.reason, "failed"
                except DetenteError as exc:
                    job.error, job.state = str(exc), "failed"
                finally:
                    job.finished = time.time()
                    spooled.unlink(missing_ok=True)
        finally:
            writer.close()


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))
