"""One record of a multi-document source (a JSON Lines line, a feed entry, a WARC page), read on
its own: bad input or a bug in it is that record's skip, and the next record is read."""

from __future__ import annotations

from collections.abc import Callable

from detente.errors import InputError, contained
from detente.records import RawDocument, Skipped

__all__ = ["read_record"]


def read_record(
    where: str,
    line: int,
    read: Callable[[], RawDocument | None],
    *,
    passing: tuple[type[Exception], ...] = (),
) -> RawDocument | Skipped | None:
    """``read()``'s document (None: not a document), or the record's :class:`Skipped`.

    Exceptions in ``passing`` (damage the caller reports for the rest of the file) are raised.
    """
    with contained("read", passing=passing) as guard:
        try:
            return read()
        except InputError as exc:
            return Skipped(source=exc.source, reason=exc.problem, line=line)
    return Skipped(source=where, reason=guard.reason or "", line=line)
