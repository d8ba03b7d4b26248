"""JSON Lines (.jsonl): one article per line, ``text`` or ``html`` plus optional metadata.

The publication date is the first of ``published``, ``date``, ``published_at``, ``publishedAt``
that the record holds: ISO (a date, a timestamp with its zone, or a partial date ``2025-03`` /
``2025`` that keeps its precision) or RFC 2822; the other keys may also be written out ("June
15, 2023"). A ``published`` that is none of these skips the record; another key that is no date
is passed over for the next.

Each line becomes a :class:`RawDocument` or, when it cannot, a :class:`Skipped` with its line
number, so a caller can keep its output aligned with the input and lose no other line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from detente.config import max_input_bytes
from detente.errors import InputError
from detente.ingest._dates import PartialDate, dates_in_line, parse_published
from detente.ingest._files import check_regular
from detente.ingest._records import read_record
from detente.records import RawDocument, Skipped

__all__ = ["load_json", "parse_jsonl_lines", "read_jsonl_file"]

_OPTIONAL_STR = ("url", "title", "language", "id")
_DATE_KEYS = ("published", "date", "published_at", "publishedAt")


def read_jsonl_file(path: Path, *, limit: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Yield one document (or skip) per non-blank line of ``path``.

    Raises:
        InputError: the file itself is missing, a directory or unreadable.
    """
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a directory; give a .jsonl file")
    check_regular(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None
    with handle:
        yield from parse_jsonl_lines(source, handle, limit=limit)


def parse_jsonl_lines(
    source: str, lines: Iterable[bytes], *, limit: int | None = None
) -> Iterator[RawDocument | Skipped]:
    """Parse JSON Lines from an iterable of raw lines (a file, standard input)."""
    limit = max_input_bytes() if limit is None else limit
    seen_any = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen_any = True
        item = read_record(
            f"{source}:{number}",
            number,
            lambda: _record(source, number, raw, limit),  # noqa: B023 (called at once)
        )
        if item is not None:
            yield item
    if not seen_any:
        raise InputError(source, "input is empty (no JSON Lines records)")


def _record(source: str, number: int, raw: bytes, limit: int) -> RawDocument:
    where = f"{source}:{number}"
    if len(raw) > limit:
        raise InputError(where, f"record is {len(raw):,} bytes, over the {limit:,}-byte limit")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(where, "line is not UTF-8 (JSON Lines must be UTF-8)") from None
    obj = load_json(where, line)
    if not isinstance(obj, dict):
        raise InputError(where, "line is JSON but not an object with a 'text' or 'html' key")
    kind, content = _content(where, obj)
    meta = {}
    for key in _OPTIONAL_STR:
        value = obj.get(key)
        if value is not None and not isinstance(value, str | int):
            raise InputError(where, f"'{key}' must be a string")
        meta[key] = None if value is None else str(value)
    published = _published(where, obj)
    return RawDocument(
        source=where,
        line=number,
        kind=kind,
        content=content,
        doc_id=meta["id"],
        url=meta["url"],
        title=meta["title"],
        language=meta["language"],
        published=published.day if published else None,
        published_precision=published.precision if published else "day",
    )


def load_json(where: str, line: str) -> Any:
    """Parse one JSON text.

    Raises:
        InputError: invalid JSON, nested too deeply for the parser, or a number too long to read.
    """
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            where, f"line is not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(where, "line is JSON nested too deeply to read") from None
    except ValueError as exc:  # an integer of more digits than Python converts (4,300)
        detail = str(exc).split(":", 1)[0]
        raise InputError(where, f"line is JSON that cannot be read ({detail})") from None


def _published(where: str, obj: dict[str, Any]) -> PartialDate | None:
    """The record's publication date. A malformed ``published`` is the record's error; the other
    keys are only guessed at ("date" may hold anything), so one that does not parse as a date,
    written out or not ("June 15, 2023"), is passed over for the next."""
    for key in _DATE_KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if key == "published":
            return parse_published(where, value, field=key)
        try:
            return parse_published(where, value, field=key)
        except InputError:
            written = dates_in_line(value) if isinstance(value, str) else []
            if written:
                return PartialDate(written[0][1])
    return None


def _content(where: str, obj: dict[str, Any]) -> tuple[Any, str]:
    for key, kind in (("text", "text"), ("html", "html")):
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(where, f"'{key}' must be a string")
        if not value.strip():
            raise InputError(where, f"'{key}' is empty")
        return kind, value
    raise InputError(where, "record has no 'text' or 'html' key")
