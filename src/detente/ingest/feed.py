"""RSS and Atom feeds saved as files (.rss, .atom, .xml): one document per entry.

feedparser reads every RSS (0.9x, 1.0, 2.0) and Atom dialect and tolerates the small XML errors
real feeds carry. Each entry becomes a :class:`RawDocument`: its full content when the feed carries
it (``content:encoded``, Atom ``<content>``), else its summary/description, with the entry's link
as the URL, its published (else updated) date, title and id. Entry bodies are usually HTML
fragments; the clean stage extracts their text as it does for pages.

A file that is not a feed at all (not XML, an HTML page, empty) raises :class:`InputError`; an entry
without any text is a :class:`Skipped` with its entry number, and the other entries go on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import feedparser

from detente.config import max_input_bytes
from detente.errors import InputError
from detente.ingest._files import read_bytes
from detente.ingest._records import read_record
from detente.ingest.html import looks_like_html
from detente.records import RawDocument, Skipped, SourceKind

__all__ = ["FEED_SUFFIXES", "looks_like_feed", "read_feed_file"]

FEED_SUFFIXES = (".rss", ".atom", ".xml")
# A feed holds many entries: the whole file may be this many times the one-document size limit.
_FEED_FILE_FACTOR = 40
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a file open an RSS or Atom document."""
    start = head[:2048].lower()
    return any(root in start for root in _FEED_ROOTS)


def read_feed_file(path: Path, *, limit: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Yield one document per entry of the feed at ``path``, in feed order.

    ``RawDocument.source`` is ``PATH:N`` and ``line`` is ``N``, the 1-based entry number.

    Raises:
        InputError: the file is missing, unreadable, too large, or not an RSS/Atom feed.
    """
    source = str(path)
    limit = max_input_bytes() if limit is None else limit
    data = read_bytes(path, limit=limit * _FEED_FILE_FACTOR)
    if not data.strip():
        raise InputError(source, "is empty, not an RSS/Atom feed")
    parsed: Any = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason)[:200]})" if reason else ""
        raise InputError(source, f"is not an RSS or Atom feed{detail}")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}:{number}"
        item = read_record(where, number, lambda: _entry(where, number, entry, limit))  # noqa: B023
        if item is not None:
            yield item


def _entry(where: str, number: int, entry: Any, limit: int) -> RawDocument:
    body = _body(entry)
    if body is None:
        raise InputError(where, "feed entry has no content or summary text")
    if len(body) > limit:
        raise InputError(where, f"feed entry is over the {limit:,}-character limit")
    kind: SourceKind = "html" if looks_like_html(body) else "text"
    link = entry.get("link")
    title = entry.get("title")
    entry_id = entry.get("id")
    return RawDocument(
        source=where,
        kind=kind,
        content=body,
        line=number,
        doc_id=str(entry_id) if entry_id else None,
        url=str(link) if link else None,
        published=_entry_date(entry),
        title=str(title).strip() or None if title else None,
    )


def _body(entry: Any) -> str | None:
    # the full text beats the summary, which is often a teaser of the first sentence
    candidates = [c.get("value") for c in entry.get("content") or ()]
    candidates.append(entry.get("summary"))
    texts = [str(c) for c in candidates if c and str(c).strip()]
    return max(texts, key=len) if texts else None


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: feedparser's own get maps a missing key to another with a DeprecationWarning
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None
