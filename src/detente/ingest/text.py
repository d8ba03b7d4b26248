"""Plain-text articles (.txt): one file, one document."""

from __future__ import annotations

from pathlib import Path

from detente.ingest._files import read_text
from detente.records import RawDocument

__all__ = ["read_text_file"]


def read_text_file(path: Path, *, limit: int | None = None) -> RawDocument:
    """Read a plain-text article.

    Raises:
        InputError: missing, unreadable, too large, empty or binary file.
    """
    text, encoding = read_text(path, limit=limit)
    return RawDocument(source=str(path), kind="text", content=text, encoding=encoding)
