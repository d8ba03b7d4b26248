"""HTML pages (.html/.htm): one file, one document; extraction happens in the clean stage."""

from __future__ import annotations

import re
from pathlib import Path

from detente.ingest._files import read_text
from detente.records import RawDocument

__all__ = ["looks_like_html", "read_html_file"]

_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p|meta|title)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when the start of ``text`` carries HTML markup."""
    return bool(_HTML_TAG.search(text[:4096]))


def read_html_file(path: Path, *, limit: int | None = None) -> RawDocument:
    """Read an HTML page.

    Raises:
        InputError: missing, unreadable, too large, empty or binary file.
    """
    text, encoding = read_text(path, limit=limit)
    return RawDocument(source=str(path), kind="html", content=text, encoding=encoding)
