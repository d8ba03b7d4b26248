"""The store as the server holds it: one open store, a read session per request, one writer.

DuckDB allows one process to write a file, and inside that process many connections, each
seeing only what is committed. So the server is that process: it opens the store once
(read-only unless ingest is allowed), hands every request a session of its own
(:meth:`ServedStore.reader`), and runs ingest jobs (:mod:`.jobs`) through a writer session;
a query during an ingest answers from the articles committed so far (the ingest commits every
64 articles or every second).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from detente.store import Store

__all__ = ["ServedStore"]

_T = TypeVar("_T")
# Answers kept per store generation (dyad rankings cost a pass over every event; a relation,
# one over the dyad's).
_CACHE_SIZE = 64


class ServedStore:
    """An open store shared by the server's threads.

    Raises:
        StoreError: as :meth:`Store.open` (missing when read-only, locked, damaged, too new).
    """

    def __init__(self, path: Path, *, writable: bool = False) -> None:
        self.store = Store.open(path, read_only=not writable)
        self.path = self.store.path
        self.writable = writable
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A read session for one request (closed after it)."""
        with self._lock:
            session = self.store.session(read_only=True)
        try:
            yield session
        finally:
            session.close()

    def writer(self) -> Store:
        """A write session, for the one ingest thread."""
        with self._lock:
            return self.store.session(read_only=False)

    def cached(self, store: Store, key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
        """``compute()``, kept until the store changes (a write is committed)."""
        full = (*key, store.generation())
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._cache[full] = value
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        """Close the store."""
        self.store.close()
