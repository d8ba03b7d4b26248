"""The corpus from Python: :class:`Corpus` opens a store, ingests, and answers what the corpus
commands answer (``detente ingest``, ``actors``, ``events``, ``quotes``, ``relation``, ``export``),
from the same code (:mod:`detente.corpus`, :mod:`detente.queries`, :mod:`detente.export`)::

    import detente

    with detente.Corpus("news.duckdb") as corpus:
        corpus.ingest(["articles/"], published="2024-07-16")
        timeline = corpus.relation("Margaret Mercer", "Victor Hollins", by="quarter")
        for event in corpus.events(actor="Mercer", since="2024"):
            print(event["date"], event["source"], event["type"], event["target"])

Names resolve as on the command line (``"#12"`` is an actor id); a name that matches no actor or
several raises :class:`ActorLookupError` (its ``candidates`` list the actors it could mean). Dates
are ``date`` objects or strings: ``YYYY-MM-DD``, and for ``since``/``until`` also ``YYYY-MM`` and
``YYYY`` (a month's or year's first day, or last day for ``until``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, cast

from detente.corpus import IngestProgress, IngestSummary
from detente.errors import ActorLookupError, StoreError
from detente.ingest._dates import parse_day_bound, parse_iso_date
from detente.queries import (
    Scope,
    actor_rows,
    event_rows,
    means_unnamed_speakers,
    quote_rows,
    relation_timeline,
    resolve_actor,
)
from detente.records import DyadTimeline
from detente.relations import Granularity
from detente.store import DEFAULT_DB, GlobalActor, SkipRecord, Store

__all__ = ["Corpus"]


class Corpus:
    """A corpus store, opened; close it, or use it as a context manager.

    Args:
        path: the DuckDB file (``~`` expanded); created by the first ingest.
        read_only: open for reading only, so that another process may write (DuckDB allows one
            writer); :meth:`ingest` is refused then.

    Raises:
        StoreError: as :meth:`Store.open` (locked, not a store, newer schema, missing when
            read-only).
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.store = Store.open(Path(path).expanduser(), read_only=read_only)

    @property
    def path(self) -> str:
        """The store's file."""
        return self.store.path

    def close(self) -> None:
        """Close the store (and release its file lock)."""
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        workers: int = 1,
        limit: int | None = None,
        published: date | str | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
    ) -> IngestSummary:
        """Ingest files and folders (``"-"``: standard input), as ``detente ingest`` does:
        idempotent and resumable; bad documents are recorded (:meth:`skipped`).

        Raises:
            InputError: a path does not exist, or ``published`` is not a date.
            StoreError: the store is read-only or cannot be written.
        """
        from detente.corpus import ingest

        if self.store.read_only:
            raise StoreError(f"{self.path}: opened read-only; open Corpus(path) to ingest")
        day = _day(published, "published")
        expanded = [p if str(p) == "-" else Path(p).expanduser() for p in paths]
        return ingest(
            [str(p) for p in expanded],
            self.store,
            workers=workers,
            limit=limit,
            progress=progress,
            published=day,
        )

    def actor(self, name: str) -> GlobalActor:
        """The one actor a name (or ``#id``) means.

        Raises:
            ActorLookupError: no actor, or several, match.
        """
        found = resolve_actor(self.store, name)
        if isinstance(found, GlobalActor):
            return found
        raise ActorLookupError(name, tuple(found))

    def actors(self, query: str | None = None, *, kind: str | None = None) -> list[dict[str, Any]]:
        """Actors as ``detente actors --format json`` lists them, most cited first."""
        return actor_rows(self.store, query, kind)

    def events(
        self,
        *,
        actor: str | None = None,
        event_type: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        modality: str | None = None,
    ) -> list[dict[str, Any]]:
        """Events once per story, oldest first, as ``detente events --format json`` lists them.

        Raises:
            ActorLookupError: ``actor`` matches no actor or several.
            InputError: ``since`` or ``until`` is not a date.
        """
        return event_rows(
            self.store,
            actor=self.actor(actor) if actor is not None else None,
            event_type=event_type.upper() if event_type else None,
            since=_bound(since, "since", end=False),
            until=_bound(until, "until", end=True),
            modality=modality,
        )

    def quotes(
        self,
        *,
        speaker: str | None = None,
        contains: str | None = None,
        anonymous: bool | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes once per story, as ``detente quotes --format json`` lists them. ``speaker`` is
        a name, or words of an unnamed source ("aide"); ``anonymous`` True or False keeps only
        anonymous or only on-record quotes.

        Raises:
            ActorLookupError: ``speaker`` matches neither an actor nor an unnamed source.
        """
        who: GlobalActor | str | None = None
        if speaker is not None:
            who = speaker if means_unnamed_speakers(self.store, speaker) else self.actor(speaker)
        return quote_rows(self.store, speaker=who, contains=contains, anonymous=anonymous)

    def relation(
        self,
        a: str,
        b: str,
        *,
        by: Granularity = "month",
        scope: Scope = "all",
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> DyadTimeline:
        """How ``a`` and ``b`` stand over time, as ``detente relation`` draws it.

        Raises:
            ActorLookupError: a name matches no actor or several.
        """
        return relation_timeline(
            self.store,
            self.actor(a),
            self.actor(b),
            by=by,
            scope=scope,
            since=_bound(since, "since", end=False),
            until=_bound(until, "until", end=True),
        )

    def skipped(self) -> list[SkipRecord]:
        """The documents ingest skipped, with the reason for each."""
        return self.store.skipped()

    def export(self, out: str | Path, fmt: str = "parquet") -> list[Path]:
        """Export as ``detente export`` does: ``parquet`` or ``csv`` (every table and view),
        ``gdelt`` or ``gdelt-native`` (the events file); files only inside ``out``.

        Raises:
            StoreError: an unknown format, or the files cannot be written there.
        """
        from detente.export import TableFormat, export_gdelt, export_tables

        if fmt in ("gdelt", "gdelt-native"):
            return [export_gdelt(self.store, out, native=fmt == "gdelt-native")]
        return export_tables(self.store, out, cast(TableFormat, fmt))  # checked there


def _day(value: date | str | None, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_iso_date(f"<{field}>", value, field=field)


def _bound(value: date | str | None, field: str, *, end: bool) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_day_bound(f"<{field}>", value, end=end)
