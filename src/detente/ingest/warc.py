"""WARC archives (.warc, .warc.gz, and the older .arc): one document per HTML response record.

Web archives hold every exchange of a crawl: requests, DNS records, images, scripts. Only
``response`` records whose HTTP ``Content-Type`` is HTML (or, without a header, whose body looks
like HTML) are news pages; each becomes an HTML :class:`RawDocument` with the record's
``WARC-Target-URI`` as its URL. The page's own metadata (publication date, site name) is read later
by the clean stage; ``WARC-Date`` is when the page was *crawled*, not published, so it is not used.

warcio is the reader: maintained by Webrecorder, pure Python, streaming (an archive of any size is
read record by record), and it reads gzip-per-record WARCs and ARCs alike. Parsing speed is not
what limits ingest (the NLP stage is three orders of magnitude slower per article), so fastwarc's
speed would buy nothing here.

Records that are not pages (requests, images, scripts, redirects, HTTP errors) are passed over; a
page that cannot be used (undecodable bytes, over the size limit) is a :class:`Skipped` with its
reason. A corrupt archive yields the pages read before the damage, then one
:class:`Skipped` for the rest of the file.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from detente.config import max_input_bytes
from detente.errors import InputError
from detente.ingest._decode import decode
from detente.ingest._files import check_regular, not_regular
from detente.ingest._records import read_record
from detente.ingest.html import looks_like_html
from detente.records import RawDocument, Skipped

# warcio logs its repairs of malformed headers as warnings; skips are reported our way instead.
logging.getLogger("warcio").setLevel(logging.ERROR)

__all__ = ["WARC_SUFFIXES", "count_warc_pages", "is_warc", "read_warc_file"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HEAD = 4096
# What warcio raises on damaged bytes: its own error, zlib's and EOF for cut streams, and plain
# Python errors from its header parser when a header is cut in the middle (a None URI, a short
# status line).
_DAMAGE = (
    ArchiveLoadFailed,
    zlib.error,
    EOFError,
    ValueError,
    OSError,
    AttributeError,
    IndexError,
    KeyError,
    TypeError,
    OverflowError,
)
_CHUNK = 1 << 16
# The longest WARC or HTTP header line read (real ones are under 16 KB: long cookies, URLs).
_MAX_LINE = 1 << 20
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def is_warc(path: Path) -> bool:
    """True when ``path`` is named like a web archive."""
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc_file(path: Path, *, limit: int | None = None) -> Iterator[RawDocument | Skipped]:
    """Yield every HTML page of the archive at ``path``, in archive order.

    ``RawDocument.source`` is ``PATH:N`` and ``line`` is ``N``, the 1-based number of the record
    in the archive, so a skipped page can be found again.

    Raises:
        InputError: the file is missing, unreadable, or not a WARC/ARC archive at all.
    """
    source = str(path)
    limit = max_input_bytes() if limit is None else limit
    if not path.is_dir():
        check_regular(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None
    with handle:
        if not _opens_like_archive(handle.read(_HEAD)):
            raise InputError(source, "is not a WARC archive (it does not start with a WARC record)")
        handle.seek(0)
        size = path.stat().st_size
        archive = _archive(handle)
        records = iter(archive)
        number = 0
        end = 0  # where the last whole record ends in the file
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except _DAMAGE as exc:
                problem = _damage(exc, number)
                if number == 0:
                    raise InputError(source, problem) from None
                yield Skipped(source=source, reason=problem, line=number + 1)
                return
            number += 1
            try:
                doc = read_record(
                    f"{source}:{number}",
                    number,
                    lambda: _page(record, source, number, limit),  # noqa: B023 (called here)
                    passing=_DAMAGE,
                )
            except _DAMAGE as exc:
                yield Skipped(source=source, reason=_damage(exc, number - 1), line=number)
                return
            if _truncated(record):
                reason = _damage(EOFError(f"record {number} is cut short"), number - 1)
                yield Skipped(source=source, reason=reason, line=number)
                return
            end = archive.get_record_offset() + archive.get_record_length()
            if doc is not None:
                yield doc
        if number == 0:
            raise InputError(source, "is empty or not a WARC archive (no records)")
        if end < size and not _only_separators(handle, end, size):
            # the stream stopped before the file did: a record cut inside its compression
            reason = _damage(EOFError(f"{size - end:,} bytes after it could not be read"), number)
            yield Skipped(source=source, reason=reason, line=number + 1)


def _only_separators(handle: BinaryIO, end: int, size: int) -> bool:
    """Whether the bytes after the last record are only its CRLF separators (plain WARC)."""
    if size - end > _HEAD:
        return False
    handle.seek(end)
    return not handle.read(_HEAD).strip(b"\r\n")


def _page_type(record: Any) -> str | None:
    """The record's content type ("" when it declares none) if it may be a page, else None.

    Requests, metadata, images and scripts are not pages; neither are redirects and error
    responses (a crawl is full of them), so they are passed over without a skip.
    """
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers
    if record.http_headers is not None:
        headers = record.http_headers
        status = str(headers.get_statuscode() or "200")
        if not status.startswith("2"):
            return None
    content_type = str(headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return None
    return content_type


def _truncated(record: Any) -> bool:
    """Read the rest of the record; True when the archive ends before the record does."""
    stream = record.raw_stream
    while stream.read(_CHUNK):
        pass
    return bool(getattr(stream, "limit", 0) > 0)


def _opens_like_archive(head: bytes) -> bool:
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


def count_warc_pages(path: Path) -> int:
    """How many HTML response records the archive holds (as far as it can be read)."""
    count = 0
    if not_regular(path) is not None:
        return 0
    try:
        with path.open("rb") as handle:
            if not _opens_like_archive(handle.read(_HEAD)):
                return 0
            handle.seek(0)
            for record in _archive(handle):
                count += _page_type(record) is not None
    except _DAMAGE:
        pass  # the reader reports the damage; the count only feeds a progress bar
    return count


def _archive(handle: BinaryIO) -> ArchiveIterator:
    """warcio's reader over ``handle``, quiet, with header lines capped at :data:`_MAX_LINE` bytes.

    warcio reads a header line until its newline, however far: a gzip member of zeros (200 MB
    from 200 KB) made one "line" of it and took 2.7 GB. A capped line fails to parse as a header
    and the archive is reported damaged from there.
    """
    archive = ArchiveIterator(handle, arc2warc=True)
    # warcio writes "Record not followed by newline" to stderr itself, once per bad record (a
    # line per record of a damaged archive on the user's terminal); damage is reported as skips
    archive.INC_RECORD = ""
    reader = archive.reader
    unbounded = reader.readline

    def readline(length: int | None = None) -> bytes:
        cap = _MAX_LINE if length is None or length < 0 else min(length, _MAX_LINE)
        return bytes(unbounded(cap))

    reader.readline = readline
    return archive


def _damage(exc: BaseException, read: int) -> str:
    if isinstance(exc, AttributeError | IndexError | KeyError | TypeError | OverflowError):
        detail = "a record header is cut or malformed"
    else:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if read == 0:
        return f"not a readable WARC archive ({detail[:200]})"
    return f"archive is corrupt after record {read}; the rest is lost ({detail[:200]})"


def _page(record: Any, source: str, number: int, limit: int) -> RawDocument | None:
    """The record as an HTML document; None for records that are not pages."""
    where = f"{source}:{number}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = _page_type(record)
    if content_type is None:
        return None
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        raise InputError(where, f"page is over the {limit:,}-byte limit ({url})")
    if not content_type and not looks_like_html(data[:4096].decode("latin-1")):
        return None
    text, encoding = _decode_page(where, data, content_type)
    return RawDocument(
        source=where, kind="html", content=text, encoding=encoding, line=number, url=url
    )


def _decode_page(where: str, data: bytes, content_type: str) -> tuple[str, str]:
    match = _CHARSET.search(content_type)
    if match:
        try:
            return data.decode(match.group(1)), match.group(1).lower()
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong header is common; fall back to detection
    return decode(where, data)
