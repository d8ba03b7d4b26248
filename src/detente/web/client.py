"""``detente ingest --server URL``: read the documents here, ingest them in a running server.

The files are read on this side with the same readers ``detente ingest`` uses (folders, JSON
Lines, HTML, WARC, feeds); each document travels as one JSON Lines record (``text`` or
``html``, ``id``, ``url``, ``published``, ``title``, ``language``) in batches posted to
``POST /api/ingest``, and the server, which owns the store, writes them. Documents this side
cannot read are counted here (the server never sees them). Standard library only
(``urllib``): the client needs no server packages.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.errors import InputError, StoreError
from detente.records import RawDocument, Skipped

__all__ = ["RemoteIngest", "ingest_remote"]

# A batch is posted when it reaches this size (the server takes up to 64 MB a request).
_BATCH_BYTES = 8 * 1024 * 1024
_POLL_SECONDS = 0.5


@dataclass
class RemoteIngest:
    """What a remote ingest did: documents sent, the server's summaries, local skips."""

    sent: int = 0
    local_skips: list[str] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        out = {"sent": self.sent, "skipped_here": len(self.local_skips)}
        for key in ("ingested", "duplicates", "skipped", "internal_errors"):
            out[key] = sum(int((j.get("summary") or {}).get(key, 0)) for j in self.jobs)
        out["failed_jobs"] = sum(j.get("state") == "failed" for j in self.jobs)
        return out


def ingest_remote(
    server: str,
    paths: Sequence[Path],
    *,
    published: date | None = None,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> RemoteIngest:
    """Send the documents under ``paths`` to the server at ``server`` and wait for its jobs.

    Raises:
        InputError: a path does not exist.
        StoreError: the server cannot be reached, refuses ingest, or answers an error.
    """
    from detente.ingest.folder import expand_paths, read_path

    base = _base(server)
    expanded = expand_paths(paths)
    result = RemoteIngest(local_skips=[f"{s.source}: {s.reason}" for s in expanded.refused])
    job_ids = []
    for batch in _batches(
        (d for f in expanded.files for d in read_path(f, limit=limit, published=published)),
        result,
    ):
        query = f"?published={published.isoformat()}" if published else ""
        answer = _call(f"{base}/api/ingest{query}", batch, "application/x-ndjson")
        job_ids.append(int(answer["job"]["id"]))
        if progress is not None:
            progress(f"sent {result.sent} document(s) in {len(job_ids)} job(s)")
    for job_id in job_ids:
        while True:
            job = _call(f"{base}/api/ingest/{job_id}")["job"]
            if job["state"] in ("done", "failed"):
                result.jobs.append(job)
                break
            time.sleep(_POLL_SECONDS)
    return result


def _batches(docs: Iterator[RawDocument | Skipped], result: RemoteIngest) -> Iterator[bytes]:
    lines: list[bytes] = []
    size = 0
    for doc in docs:
        if isinstance(doc, Skipped):
            result.local_skips.append(f"{doc.source}: {doc.reason}")
            continue
        line = (json.dumps(_record(doc), ensure_ascii=False) + "\n").encode("utf-8")
        lines.append(line)
        size += len(line)
        result.sent += 1
        if size >= _BATCH_BYTES:
            yield b"".join(lines)
            lines, size = [], 0
    if lines:
        yield b"".join(lines)


def _record(doc: RawDocument) -> dict[str, Any]:
    record: dict[str, Any] = {"html" if doc.kind == "html" else "text": doc.content}
    for key, value in (
        ("id", doc.doc_id),
        ("url", doc.url),
        ("title", doc.title),
        ("language", doc.language),
    ):
        if value is not None:
            record[key] = value
    if doc.published is not None:
        day = doc.published.isoformat()
        record["published"] = {"day": day, "month": day[:7], "year": day[:4]}.get(
            doc.published_precision, day
        )
    return record


def _base(server: str) -> str:
    parts = urllib.parse.urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            "--server", f"{server!r} is not an http(s) URL, e.g. http://127.0.0.1:8000"
        )
    return server.rstrip("/")


def _call(url: str, body: bytes | None = None, kind: str | None = None) -> dict[str, Any]:
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if kind:
        request.add_header("Content-Type", kind)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]
    except urllib.error.HTTPError as exc:
        try:
            message = json.loads(exc.read())["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = f"HTTP {exc.code}"
        raise StoreError(f"{url}: the server refused: {message}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(
            f"{url}: cannot reach the server ({reason}); is `detente serve` running?"
        ) from None
