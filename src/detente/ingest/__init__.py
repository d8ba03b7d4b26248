"""Sources: read files, JSON Lines and standard input into :class:`RawDocument` records.

One module per source kind (``text``, ``html``, ``jsonl``, ``stdin``); :func:`read_source`
chooses by the file's suffix (and, for unknown suffixes and stdin, by the content).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from detente.ingest._files import read_text
from detente.ingest.html import looks_like_html, read_html_file
from detente.ingest.jsonl import read_jsonl_file
from detente.ingest.stdin import STDIN, read_stdin
from detente.ingest.text import read_text_file
from detente.records import RawDocument, Skipped, SourceKind

__all__ = ["STDIN", "Source", "looks_like_html", "open_source", "read_source"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}


@dataclass(frozen=True, slots=True)
class Source:
    """An opened source: its records, and whether it holds many documents (JSON Lines)."""

    name: str
    records: Iterator[RawDocument | Skipped]
    multi: bool


def open_source(name: str | Path, *, limit: int | None = None) -> Source:
    """Open ``name`` (a path or ``-``) and say whether it is a multi-document source.

    Standard input is read at once here, so its kind is known before any record is used.

    Raises:
        InputError: as :func:`read_source`, for standard input at once.
    """
    if str(name) == "-":
        records = read_stdin(limit=limit)
        first = next(records)
        multi = first.line is not None
        return Source(STDIN, itertools.chain([first], records), multi)
    multi = Path(name).suffix.lower() in _JSONL_SUFFIXES
    return Source(str(name), read_source(name, limit=limit), multi)


def read_source(name: str | Path, *, limit: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Yield every document in the source ``name`` (a path, or ``-`` for standard input).

    A whole-file problem raises; a bad record inside a JSON Lines source is yielded as
    :class:`Skipped` with its line number, and reading goes on.

    Raises:
        InputError: the source is missing, a directory, unreadable, too large, empty or binary.
    """
    if str(name) == "-":
        yield from read_stdin(limit=limit)
        return
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from read_jsonl_file(path, limit=limit)
    elif suffix in _HTML_SUFFIXES:
        yield read_html_file(path, limit=limit)
    elif suffix in _TEXT_SUFFIXES:
        yield read_text_file(path, limit=limit)
    else:
        text, encoding = read_text(path, limit=limit)
        kind: SourceKind = "html" if looks_like_html(text) else "text"
        yield RawDocument(source=str(path), kind=kind, content=text, encoding=encoding)
