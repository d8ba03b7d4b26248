"""Sources: read files, JSON Lines and standard input into :class:`RawDocument` records.

One module per source kind (``text``, ``html``, ``jsonl``, ``stdin``); :func:`read_source`
chooses by the file's suffix (and, for unknown suffixes and stdin, by the content).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from detente.ingest._files import read_text
from detente.ingest.html import looks_like_html, read_html_file
from detente.ingest.jsonl import read_jsonl_file
from detente.ingest.stdin import STDIN, read_stdin
from detente.ingest.text import read_text_file
from detente.records import RawDocument, Skipped

__all__ = ["STDIN", "looks_like_html", "read_source"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_TEXT_SUFFIXES = {".txt", ".text", ".md"}


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
        kind = "html" if looks_like_html(text) else "text"
        yield RawDocument(source=str(path), kind=kind, content=text, encoding=encoding)
