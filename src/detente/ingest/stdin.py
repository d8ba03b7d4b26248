"""Standard input (``-``): plain text, HTML or JSON Lines, recognised by their content."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import BinaryIO

from detente.config import max_input_bytes
from detente.ingest._decode import check_size, decode
from detente.ingest.html import looks_like_html
from detente.ingest.jsonl import parse_jsonl_lines
from detente.records import RawDocument, Skipped, SourceKind

__all__ = ["STDIN", "read_stdin"]

STDIN = "<stdin>"


def read_stdin(
    stream: BinaryIO | None = None, *, limit: int | None = None
) -> Iterator[RawDocument | Skipped]:
    """Yield the documents on standard input (one, or one per JSON Lines record).

    Raises:
        InputError: empty, binary or undecodable input; a single document over the size limit.
    """
    stream = sys.stdin.buffer if stream is None else stream
    limit = max_input_bytes() if limit is None else limit
    data = stream.read()
    if _looks_like_jsonl(data):
        yield from parse_jsonl_lines(STDIN, data.splitlines(), limit=limit)
        return
    check_size(STDIN, len(data), limit)
    text, encoding = decode(STDIN, data)
    kind: SourceKind = "html" if looks_like_html(text) else "text"
    yield RawDocument(source=STDIN, kind=kind, content=text, encoding=encoding)


def _looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip()[:1]
    if first != b"{":
        return False
    line = data.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    except (RecursionError, ValueError):  # JSON too deep or with too long a number: skipped
        return True
