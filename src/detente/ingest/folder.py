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
from typing import TypeVar

from detente.errors import InputError, contained
from detente.ingest import read_source
from detente.ingest._files import check_regular, not_regular
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
_Record = TypeVar("_Record", bound=RawDocument | Skipped)


@dataclass(frozen=True, slots=True)
class Expanded:
    """The files to read; how many files of folders were left out (other kinds, hidden); and
    the paths refused before any read, each a :class:`Skipped` with its reason (a folder that
    cannot be listed, a FIFO or device, a symbolic link out of the folder given)."""

    files: tuple[Path, ...]
    ignored: int
    refused: tuple[Skipped, ...] = ()


def expand_paths(paths: Iterable[str | Path]) -> Expanded:
    """List the files to ingest: each file as given, each folder's article files recursively.

    Only regular files are read. Inside a folder, a symbolic link is followed only to a file
    within that folder (a link to /etc/passwd is refused, not stored as an article); links to
    folders are not followed. A file given by name may be a link to anywhere.

    Raises:
        InputError: a path that does not exist (a typo on the command line stops the run before
            anything is written; bad files *inside* a folder are skipped later instead).
    """
    files: list[Path] = []
    refused: list[Skipped] = []
    ignored = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, left_out, bad = _walk(path)
            files.extend(found)
            refused.extend(bad)
            ignored += left_out
        elif path.exists() or path.is_symlink():
            problem = not_regular(path)
            if problem is None:
                files.append(path)
            else:
                refused.append(_named(Skipped(source=str(path), reason=problem)))
        else:
            raise InputError(str(path), "no such file or folder")
    return Expanded(files=tuple(files), ignored=ignored, refused=tuple(refused))


def _walk(folder: Path) -> tuple[list[Path], int, list[Skipped]]:
    found: list[Path] = []
    refused: list[Skipped] = []
    ignored = 0

    def unreadable(exc: OSError) -> None:
        where = exc.filename if isinstance(exc.filename, str) else str(folder)
        problem = f"folder cannot be read: {exc.strerror or exc}; its files were not ingested"
        refused.append(_named(Skipped(source=where, reason=problem)))

    inside = folder.resolve()
    for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if name.startswith(".") or not _is_article_file(path):
                ignored += 1
                continue
            problem = _outside(path, inside) or not_regular(path)
            if problem is None:
                found.append(path)
            else:
                refused.append(_named(Skipped(source=str(path), reason=problem)))
    return found, ignored, refused


def _outside(path: Path, inside: Path) -> str | None:
    """Why a link found in a folder walk is not followed, or None (not a link, or a link to a
    file within the folder)."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        return "is a broken symbolic link"
    if not target.is_relative_to(inside):
        return "is a symbolic link to a file outside the folder being ingested; not followed"
    return None


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


def _named(doc: _Record) -> _Record:
    """The record with its source named in valid Unicode: a file name's undecodable bytes (kept
    by Python as lone surrogates) are written as ``\\xff`` escapes."""
    source = os.fsencode(doc.source).decode("utf-8", "backslashreplace")
    return doc if source == doc.source else dataclasses.replace(doc, source=source)


def _read(path: Path, limit: int | None) -> Iterator[RawDocument | Skipped]:
    if str(path) == "-":  # standard input: one article, or JSON Lines
        yield from read_source(path, limit=limit)
        return
    if not path.is_dir():
        check_regular(path)  # before any look at its first bytes: a FIFO would block it
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
