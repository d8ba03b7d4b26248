"""Paths as `detente ingest` takes them: files of any supported kind, and folders, recursively.

:func:`expand_paths` turns the command line's paths into the files to read (a folder's files in
sorted order, hidden files and files of other kinds left out); :func:`read_path` reads one file of
any kind (text, HTML, JSON Lines, WARC, RSS/Atom) and never raises for a bad file: a file that
cannot be read at all becomes one :class:`Skipped` with its reason, so a batch goes on. A default
publication date given to it is set on the documents whose source declares none.
"""

from __future__ import annotations

import dataclasses
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from detente.errors import InputError, contained
from detente.ingest import read_source
from detente.ingest.feed import FEED_SUFFIXES, looks_like_feed, read_feed_file
from detente.ingest.warc import count_warc_pages, is_warc, read_warc_file
from detente.records import RawDocument, Skipped

__all__ = ["ARTICLE_SUFFIXES", "Expanded", "count_documents", "expand_paths", "read_path"]

# What a folder walk picks up. Markdown is left out on purpose: in a folder it is a README far
# more often than an article (a .md file named on the command line is still read, as text).
ARTICLE_SUFFIXES = (
    ".txt",
    ".text",
    ".html",
    ".htm",
    ".xhtml",
    ".jsonl",
    ".ndjson",
    *FEED_SUFFIXES,
)
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_KNOWN_SUFFIXES = frozenset({*ARTICLE_SUFFIXES, ".md", ".gz"})


@dataclass(frozen=True, slots=True)
class Expanded:
    """The files to read, and how many files of folders were left out (other kinds, hidden)."""

    files: tuple[Path, ...]
    ignored: int


def expand_paths(paths: Iterable[str | Path]) -> Expanded:
    """List the files to ingest: each file as given, each folder's article files recursively.

    Raises:
        InputError: a path that does not exist (a typo on the command line stops the run before
            anything is written; bad files *inside* a folder are skipped later instead).
    """
    files: list[Path] = []
    ignored = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, left_out = _walk(path)
            files.extend(found)
            ignored += left_out
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return Expanded(files=tuple(files), ignored=ignored)


def _walk(folder: Path) -> tuple[list[Path], int]:
    found: list[Path] = []
    ignored = 0
    for root, dirs, names in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if name.startswith(".") or not _is_article_file(path):
                ignored += 1
                continue
            found.append(path)
    return found, ignored


def _is_article_file(path: Path) -> bool:
    return is_warc(path) or path.name.lower().endswith(ARTICLE_SUFFIXES)


def read_path(
    path: Path, *, limit: int | None = None, published: date | None = None
) -> Iterator[RawDocument | Skipped]:
    """Yield the documents of one file of any supported kind; a bad file is one ``Skipped``.

    Documents read before a file turns out to be damaged (a truncated archive) are kept.
    ``published`` is the publication date of documents whose source declares none (a JSON Lines
    record's or a feed entry's own date wins).
    """
    with contained("read") as guard:
        try:
            for doc in _read(path, limit):
                if published is not None and isinstance(doc, RawDocument) and not doc.published:
                    doc = dataclasses.replace(doc, published=published, published_precision="day")
                yield _named(doc)
        except InputError as exc:
            yield _named(Skipped(source=exc.source, reason=exc.problem))
    if guard.reason is not None:
        yield _named(Skipped(source=str(path), reason=guard.reason))


def _named(doc: RawDocument | Skipped) -> RawDocument | Skipped:
    """The record with its source named in valid Unicode: a file name's undecodable bytes (kept
    by Python as lone surrogates) are written as ``\\xff`` escapes."""
    source = os.fsencode(doc.source).decode("utf-8", "backslashreplace")
    return doc if source == doc.source else dataclasses.replace(doc, source=source)


def _read(path: Path, limit: int | None) -> Iterator[RawDocument | Skipped]:
    if is_warc(path) or _looks_like_warc(path):
        yield from read_warc_file(path, limit=limit)
    elif _is_feed(path):
        yield from read_feed_file(path, limit=limit)
    else:
        yield from read_source(path, limit=limit)


def _is_feed(path: Path) -> bool:
    if path.name.lower().endswith(FEED_SUFFIXES):
        return True
    if path.suffix.lower() in _KNOWN_SUFFIXES:
        return False
    return looks_like_feed(_head(path))  # a feed saved under another name


def _looks_like_warc(path: Path) -> bool:
    if path.suffix.lower() in _KNOWN_SUFFIXES:
        return False
    head = _head(path)
    if head.startswith(b"WARC/"):
        return True
    return head.startswith(b"\x1f\x8b") and b"WARC/" in _gunzip_head(head)


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(2048)
    except OSError:
        return b""


def count_documents(path: Path) -> int:
    """How many documents ``path`` holds, cheaply, for a progress bar's total (1 when unknown)."""
    try:
        if is_warc(path):
            return max(count_warc_pages(path), 1)
        name = path.name.lower()
        if name.endswith(_JSONL_SUFFIXES):
            with path.open("rb") as handle:
                return max(sum(1 for line in handle if line.strip()), 1)
        if _is_feed(path):
            with path.open("rb") as handle:
                head = handle.read()
            return max(head.count(b"<item") + head.count(b"<entry"), 1)
    except OSError:
        return 1
    return 1
