"""The corpus store: one DuckDB file with the articles, global actors, quotes, events and stories.

The store sits beside the library (DESIGN.md): it imports records, never the CLI, and the pipeline
never imports it. It knows how to keep rows, not how to match them: which global actor an article's
actor is, and which story an article belongs to, are decided by :mod:`detente.corpus`, which hands
the store one :class:`ArticleWrite` per article.

* **One file, one writer.** DuckDB locks the file for the process that opens it for writing; a
  second process gets a :class:`StoreError` that says so. Readers open it read-only.
* **One transaction per article.** :meth:`Store.write_article` writes an article, its actors,
  mentions, quotes and events and its story assignment in one transaction: a run killed at any
  point leaves each article either whole or absent, so rerunning the ingest finishes the job.
* **Forward migrations.** ``schema_version`` holds one row per applied migration; opening a store
  applies the missing ones in order, each in its own transaction. A store written by a newer
  detente is refused rather than guessed at.

The schema (tables, views and what each column means) is documented in ``docs/STORE.md``.
Inserts go through ``unnest`` over column lists: one statement per table per article, which is
~20x faster than ``executemany`` in DuckDB (7 ms vs 140 ms for an article with 200 mentions).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from detente.errors import StoreError
from detente.records import ArticleAnalysis

__all__ = [
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "ArticleWrite",
    "GlobalActor",
    "SkipRecord",
    "Store",
    "StoredArticleKey",
]

DEFAULT_DB = "detente.duckdb"
# DuckDB would otherwise fetch extensions from the network on demand (e.g. to read a SQLite file
# given by mistake): a store needs none, and a run must never reach out.
_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}

# --- schema ---------------------------------------------------------------------------------

_V1_TABLES = """
CREATE TABLE articles (
    id            BIGINT PRIMARY KEY,
    content_hash  VARCHAR NOT NULL,
    raw_key       VARCHAR NOT NULL,
    url           VARCHAR,
    doc_id        VARCHAR,
    outlet        VARCHAR,
    publisher     VARCHAR,
    site_name     VARCHAR,
    host          VARCHAR,
    published     DATE,
    language      VARCHAR,
    title         VARCHAR,
    authors       VARCHAR[],
    text          VARCHAR NOT NULL,
    removed       STRUCT(kind VARCHAR, text VARCHAR)[],
    warnings      VARCHAR[],
    source        VARCHAR NOT NULL,
    line          INTEGER,
    story_id      BIGINT NOT NULL,
    signature     BLOB,
    n_actors      INTEGER NOT NULL,
    n_quotes      INTEGER NOT NULL,
    n_events      INTEGER NOT NULL,
    ingested_at   TIMESTAMP NOT NULL
);
CREATE TABLE duplicates (
    raw_key     VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    line        INTEGER,
    article_id  BIGINT NOT NULL,
    seen_at     TIMESTAMP NOT NULL
);
CREATE TABLE actors (
    id             BIGINT PRIMARY KEY,
    name           VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    key            VARCHAR NOT NULL,
    aliases        VARCHAR[] NOT NULL,
    roles          VARCHAR[] NOT NULL,
    affiliation    BIGINT,
    given_names    VARCHAR[] NOT NULL,
    surname        VARCHAR,
    gender         VARCHAR,
    scope_article  BIGINT,
    ambiguous      BOOLEAN NOT NULL,
    first_article  BIGINT
);
CREATE TABLE actor_aliases (
    actor_id   BIGINT NOT NULL,
    alias      VARCHAR NOT NULL,
    alias_key  VARCHAR NOT NULL
);
CREATE TABLE actor_merges (
    old_id     BIGINT NOT NULL,
    new_id     BIGINT NOT NULL,
    old_name   VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    merged_at  TIMESTAMP NOT NULL
);
CREATE TABLE article_actors (
    article_id   BIGINT NOT NULL,
    local_id     VARCHAR NOT NULL,
    actor_id     BIGINT NOT NULL,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    key          VARCHAR NOT NULL,
    aliases      VARCHAR[] NOT NULL,
    roles        VARCHAR[] NOT NULL,
    affiliation  VARCHAR
);
CREATE TABLE mentions (
    article_id  BIGINT NOT NULL,
    actor_id    BIGINT NOT NULL,
    local_id    VARCHAR NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    text        VARCHAR NOT NULL
);
CREATE TABLE quotes (
    id             BIGINT PRIMARY KEY,
    article_id     BIGINT NOT NULL,
    idx            INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    span_start     INTEGER NOT NULL,
    span_end       INTEGER NOT NULL,
    speaker        BIGINT,
    speaker_text   VARCHAR,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    anonymous      BOOLEAN NOT NULL,
    direct         BOOLEAN NOT NULL,
    cue            VARCHAR,
    cue_start      INTEGER,
    cue_end        INTEGER,
    via            BIGINT,
    reporter       VARCHAR,
    channel        VARCHAR,
    date_start     DATE,
    date_end       DATE,
    date_text      VARCHAR
);
CREATE TABLE events (
    id                 BIGINT PRIMARY KEY,
    article_id         BIGINT NOT NULL,
    idx                INTEGER NOT NULL,
    source             BIGINT NOT NULL,
    target             BIGINT NOT NULL,
    source_principal   BIGINT NOT NULL,
    target_principal   BIGINT NOT NULL,
    type               VARCHAR NOT NULL,
    mode               VARCHAR,
    score              DOUBLE NOT NULL,
    quad_class         INTEGER,
    cameo_root         VARCHAR,
    modality           VARCHAR NOT NULL,
    date_start         DATE,
    date_end           DATE,
    date_text          VARCHAR,
    evidence_sentence  VARCHAR NOT NULL,
    evidence_start     INTEGER NOT NULL,
    evidence_end       INTEGER NOT NULL,
    claimed_by         BIGINT,
    trigger            VARCHAR NOT NULL,
    trigger_lemma      VARCHAR NOT NULL,
    trigger_start      INTEGER,
    trigger_end        INTEGER,
    confidence         DOUBLE NOT NULL
);
CREATE TABLE skipped (
    source      VARCHAR NOT NULL,
    line        INTEGER,
    reason      VARCHAR NOT NULL,
    first_seen  TIMESTAMP NOT NULL,
    last_seen   TIMESTAMP NOT NULL,
    times       INTEGER NOT NULL
);
"""

_V1_VIEWS = """
CREATE VIEW stories AS
SELECT story_id                                              AS id,
       count(*)                                              AS n_articles,
       list(id ORDER BY published NULLS LAST, id)            AS article_ids,
       list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL)) AS outlets,
       min(published)                                        AS first_published,
       max(published)                                        AS last_published,
       arg_min(title, id)                                    AS title
FROM articles
GROUP BY story_id;

CREATE VIEW story_events AS
WITH ev AS (
    SELECT e.*, a.story_id, a.outlet,
           CASE WHEN sp.scope_article IS NULL THEN CAST(e.source_principal AS VARCHAR)
                ELSE sp.kind || ':' || sp.key END AS source_key,
           CASE WHEN tp.scope_article IS NULL THEN CAST(e.target_principal AS VARCHAR)
                ELSE tp.kind || ':' || tp.key END AS target_key
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN actors sp ON sp.id = e.source_principal
    LEFT JOIN actors tp ON tp.id = e.target_principal
)
SELECT story_id,
       min(id)                                   AS event_id,
       arg_min(source_principal, id)             AS source,
       arg_min(target_principal, id)             AS target,
       type,
       modality,
       date_start,
       date_end,
       arg_min(date_text, id)                    AS date_text,
       trigger_lemma,
       arg_min(trigger, id)                      AS trigger,
       avg(score)                                AS score,
       arg_min(quad_class, id)                   AS quad_class,
       arg_min(cameo_root, id)                   AS cameo_root,
       max(confidence)                           AS confidence,
       arg_min(article_id, id)                   AS article_id,
       arg_min(evidence_sentence, id)            AS evidence_sentence,
       arg_min(evidence_start, id)               AS evidence_start,
       arg_min(evidence_end, id)                 AS evidence_end,
       list_sort(list(DISTINCT claimed_by) FILTER (WHERE claimed_by IS NOT NULL)) AS claimed_by,
       list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL))         AS outlets,
       list_sort(list(DISTINCT article_id))      AS article_ids,
       list_sort(list(id))                       AS event_ids,
       count(DISTINCT article_id)                AS n_articles
FROM ev
GROUP BY story_id, source_key, target_key, type, modality, date_start, date_end, trigger_lemma;

CREATE VIEW actor_stats AS
SELECT m.actor_id,
       count(DISTINCT m.article_id)  AS n_articles,
       count(DISTINCT a.story_id)    AS n_stories,
       count(*)                      AS n_mentions,
       min(a.published)              AS first_published,
       max(a.published)              AS last_published
FROM mentions m JOIN articles a ON a.id = m.article_id
GROUP BY m.actor_id;
"""

# Story-level events: a syndicated story's event counted once, with every outlet that carried
# it. Version 2 computed them in a view, regrouping every event of the corpus on each query
# (0.15 s of a relation's 0.2 s at 10,000 articles); from version 3 they are a table the writer
# keeps in step, refreshing only the stories a write touches (:meth:`Store._refresh_stories`).
# ``{where}`` narrows the events to some stories. One definition, used by version 2's view (this
# query with no ``{where}`` is what that view was), by the migration that fills the table and by
# every refresh.
_STORY_EVENTS_SELECT = """
WITH ev AS (
    SELECT e.*, a.story_id, a.outlet,
           CASE WHEN sp.scope_article IS NULL THEN CAST(e.source_principal AS VARCHAR)
                ELSE sp.kind || ':' || sp.key END AS source_key,
           CASE WHEN tp.scope_article IS NULL THEN CAST(e.target_principal AS VARCHAR)
                ELSE tp.kind || ':' || tp.key END AS target_key
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN actors sp ON sp.id = e.source_principal
    LEFT JOIN actors tp ON tp.id = e.target_principal
    {where}
)
SELECT story_id,
       min(id)                                   AS event_id,
       arg_min(source_principal, id)             AS source,
       arg_min(target_principal, id)             AS target,
       type,
       modality,
       date_start,
       date_end,
       arg_min(date_text, id)                    AS date_text,
       arg_min(date_basis, id)                   AS date_basis,
       coalesce(bool_and(hedged), false)         AS hedged,
       trigger_lemma,
       arg_min(trigger, id)                      AS trigger,
       avg(score)                                AS score,
       arg_min(quad_class, id)                   AS quad_class,
       arg_min(cameo_root, id)                   AS cameo_root,
       max(confidence)                           AS confidence,
       arg_min(article_id, id)                   AS article_id,
       arg_min(evidence_sentence, id)            AS evidence_sentence,
       arg_min(evidence_start, id)               AS evidence_start,
       arg_min(evidence_end, id)                 AS evidence_end,
       list_sort(list(DISTINCT claimed_by) FILTER (WHERE claimed_by IS NOT NULL)) AS claimed_by,
       list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL))         AS outlets,
       list_sort(list(DISTINCT article_id))      AS article_ids,
       list_sort(list(id))                       AS event_ids,
       count(DISTINCT article_id)                AS n_articles
FROM ev
GROUP BY story_id, source_key, target_key, type, modality, date_start, date_end, trigger_lemma
"""

# Version 2: how each event's date was found (events.date_basis: explicit | narrative | reported
# | none; NULL for events stored before it), whether the text vouches for it (events.hedged),
# and where each article's publication date came from
# (articles.published_source); story_events carries the basis.
_V2 = (
    """
ALTER TABLE events ADD COLUMN date_basis VARCHAR;
ALTER TABLE events ADD COLUMN hedged BOOLEAN;
ALTER TABLE articles ADD COLUMN published_source VARCHAR;
DROP VIEW story_events;
CREATE VIEW story_events AS """
    + _STORY_EVENTS_SELECT.format(where="")
    + ";\n"
)

# Version 3: story_events becomes a table, filled from the events stored so far; the store
# gets an identity and a generation, counted up by every committed write (what readers key
# their caches on: :meth:`Store.generation`).
_V3 = (
    "DROP VIEW story_events;\n"
    "CREATE TABLE story_events AS " + _STORY_EVENTS_SELECT.format(where="") + ";\n"
    "CREATE TABLE store_generation (store_id UUID NOT NULL, n BIGINT NOT NULL);\n"
    "INSERT INTO store_generation VALUES (uuid(), 0);\n"
)

# Each migration: (version, description, SQL). Append new ones; never edit an applied one.
_MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "articles, actors, mentions, quotes, events, stories, skipped", _V1_TABLES + _V1_VIEWS),
    (2, "events.date_basis and hedged, articles.published_source", _V2),
    (3, "story_events kept as a table by the writer", _V3),
]
SCHEMA_VERSION = _MIGRATIONS[-1][0]

_TABLES = (
    "articles",
    "duplicates",
    "actors",
    "actor_aliases",
    "actor_merges",
    "article_actors",
    "mentions",
    "quotes",
    "events",
    "skipped",
)


# --- records the store takes and gives ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GlobalActor:
    """One row of ``actors``: an entity across the whole corpus.

    ``given_names``/``surname`` are the folded parts of a person's name (empty/None otherwise);
    ``scope_article`` is set for groups and anonymous sources, which exist within one article
    ("two aides to the prime minister"); ``ambiguous`` marks a surname-only person that matches
    several people of the corpus and so stays apart.
    """

    id: int
    name: str
    kind: str
    key: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    affiliation: int | None = None
    given_names: tuple[str, ...] = ()
    surname: str | None = None
    gender: str | None = None
    scope_article: int | None = None
    ambiguous: bool = False
    first_article: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleWrite:
    """Everything written for one article, in one transaction.

    ``actor_ids`` maps the article's local actor ids ("a1") to global ids; ``new_actors`` are
    inserted, ``changed_actors`` (their full new state) replace stored rows, ``new_aliases`` are
    ``(actor id, alias)`` pairs to index. ``merged_stories`` are stories folded into ``story_id``
    because this article bridges them. ``trigger_lemmas`` holds one lemma per event.
    """

    id: int
    analysis: ArticleAnalysis
    content_hash: str
    raw_key: str
    source: str
    line: int | None
    outlet: str | None
    host: str | None
    story_id: int
    signature: bytes
    actor_ids: Mapping[str, int]
    trigger_lemmas: tuple[str, ...]
    first_quote_id: int
    first_event_id: int
    merged_stories: tuple[int, ...] = ()
    new_actors: tuple[GlobalActor, ...] = ()
    changed_actors: tuple[GlobalActor, ...] = ()
    new_aliases: tuple[tuple[int, str], ...] = ()
    clears_skip: bool = False


@dataclass(frozen=True, slots=True)
class StoredArticleKey:
    """What the writer needs to know of a stored article to place the next ones."""

    id: int
    content_hash: str
    url: str | None
    raw_key: str
    story_id: int
    signature: bytes | None
    host: str | None
    site_name: str | None
    publisher: str | None


@dataclass(frozen=True, slots=True)
class SkipRecord:
    """A document that was not ingested, and why (``times``: runs that met it)."""

    source: str
    line: int | None
    reason: str
    first_seen: datetime
    last_seen: datetime
    times: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "line": self.line,
            "reason": self.reason,
            "first_seen": self.first_seen.isoformat(timespec="seconds"),
            "last_seen": self.last_seen.isoformat(timespec="seconds"),
            "times": self.times,
        }


@dataclass(slots=True)
class _Columns:
    """Column lists for one ``INSERT ... SELECT unnest(...)`` statement."""

    names: tuple[str, ...]
    values: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, *row: Any) -> None:
        for name, value in zip(self.names, row, strict=True):
            self.values.setdefault(name, []).append(value)

    def __len__(self) -> int:
        return len(self.values.get(self.names[0], []))


# --- the store ------------------------------------------------------------------------------


# What Store.contents compares: each table an ingest fills, by a key that is the same however
# the rows arrived, and the columns that say when they were written (left out).
_CONTENT_ORDER = {
    "articles": "id",
    "stories": "id",
    "actors": "id",
    "actor_aliases": "actor_id, alias",
    "article_actors": "article_id, local_id",
    "mentions": "article_id, span_start, actor_id",
    "events": "id",
    "quotes": "id",
    "story_events": "story_id, event_id",
    "skipped": "source, line",
}
_WRITE_TIMES = {"articles": ("ingested_at",), "skipped": ("first_seen", "last_seen")}


def _content_queries() -> Iterator[tuple[str, str]]:
    for table, order in _CONTENT_ORDER.items():
        written = _WRITE_TIMES.get(table)
        columns = f"* EXCLUDE ({', '.join(written)})" if written else "*"
        yield table, f"SELECT {columns} FROM {table} ORDER BY {order}"


class Store:
    """An open corpus store. Use :meth:`open`; close it (or use it as a context manager)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self._con = connection
        self.path = path
        self.read_only = read_only
        # False while migrations run: the generation table arrives with version 3
        self._counts_generations = True

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
        """Open (and create or migrate, unless ``read_only``) the store at ``path``.

        Raises:
            StoreError: the file is locked by another process, is not a DuckDB database or not
                a detente store, was written by a newer detente, or (read-only) does not exist.
        """
        name = str(Path(path).expanduser())  # as a shell would; DuckDB expands "~" itself
        if read_only and not Path(name).exists():
            raise StoreError(
                f"{name}: no such store; create it with `detente ingest PATH --db {name}`"
            )
        if Path(name).is_dir():
            raise StoreError(f"{name}: is a folder; give a file name for the store (--db)")
        try:
            con = duckdb.connect(name, read_only=read_only, config=_CONFIG)
        except duckdb.Error as exc:
            raise _open_error(name, exc) from None
        store = cls(con, name, read_only)
        try:
            store._migrate()
            store._verify()
        except BaseException:
            con.close()
            raise
        return store

    def _verify(self) -> None:
        """Read every stored value once, so a damaged file is refused before it is used.

        DuckDB checks a block's checksum only when it reads the block, so a query that happens
        not to touch a damaged block would answer (and an ingest would write on) as if nothing
        were wrong: a cut file, a zeroed block, garbage in the middle. Every column of every
        table is hashed here, at DuckDB's scan speed: 0.8 s for a 156 MB store, so ~0.15 s for
        10,000 articles at 2.9 KiB each (docs/RELIABILITY.md).

        Raises:
            StoreError: the file is damaged.
        """
        for table in (*_TABLES, "story_events"):
            try:
                self._con.execute(f"SELECT sum(hash(COLUMNS(*))) FROM {table}").fetchall()
            except duckdb.Error as exc:
                raise _damaged(self.path, exc) from None

    def close(self) -> None:
        """Close the connection (and release the file lock)."""
        self._con.close()

    def session(self, *, read_only: bool = True) -> Store:
        """Another connection to this open store, for one thread of this process.

        DuckDB lets one process read and write a file through many connections, each seeing
        only committed transactions; a server gives each request a read session while its
        ingest job writes through a session of its own. Close it after use (the store stays
        open). A session of a read-only store is read-only.
        """
        return Store(self._con.cursor(), self.path, read_only or self.read_only)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def generation(self) -> tuple[str, int]:
        """This store's identity and how many writes it has committed: equal pairs mean equal
        contents, so a reader may keep what it computed until the pair changes."""
        row = self._one("SELECT CAST(store_id AS VARCHAR), n FROM store_generation")
        if row is None:  # pragma: no cover - the migration writes the one row
            raise StoreError(f"{self.path}: has no generation row; open it once for writing")
        return str(row[0]), int(row[1])

    @property
    def version(self) -> int:
        """The schema version of the open store."""
        row = self._one("SELECT max(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0

    def _migrate(self) -> None:
        tables = {r[0] for r in self._all("SELECT table_name FROM information_schema.tables")}
        if "schema_version" not in tables:
            if tables:
                raise StoreError(
                    f"{self.path}: is a DuckDB database but not a detente store "
                    f"(it has tables {', '.join(sorted(tables)[:5])}); give another --db"
                )
            if self.read_only:
                raise StoreError(f"{self.path}: is empty, not a detente store yet")
            self._run(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
            )
        current = self.version
        self._counts_generations = False
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: was written by a newer detente (schema {current}, this one knows "
                f"up to {SCHEMA_VERSION}); upgrade detente to read it"
            )
        pending = [m for m in _MIGRATIONS if m[0] > current]
        if pending and self.read_only:
            raise StoreError(
                f"{self.path}: has schema {current}, older than {SCHEMA_VERSION}; open it once "
                "for writing (e.g. `detente ingest`) to migrate it"
            )
        for version, description, sql in pending:
            with self._transaction():
                for statement in _statements(sql):
                    self._con.execute(statement)
                self._con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, ?)",
                    [version, description, datetime.now()],
                )
        self._counts_generations = True

    # -- writing ---------------------------------------------------------------------------

    def write_article(self, w: ArticleWrite) -> None:
        """Write one article with its analysis, actors and story, in one transaction.

        Raises:
            StoreError: the write failed (disk full, a value DuckDB refuses); nothing was written.
        """
        self.write_articles([w])

    def write_articles(
        self,
        writes: Sequence[ArticleWrite],
        duplicates: Sequence[tuple[str, str, int | None, int]] = (),
    ) -> None:
        """Write articles (in order) and duplicate records in one transaction: all or none.

        Each article is whole within it, so the store never holds part of an article; grouping
        articles only amortises DuckDB's per-statement and per-commit costs (one article per
        transaction costs ~25 ms, grouped ones ~2 ms each).

        Args:
            writes: the articles, in the order the writer placed them.
            duplicates: ``(raw key, source, line, article id)`` of input documents that repeat a
                stored article (so reruns pass over them without analysis).

        Raises:
            StoreError: the write failed (disk full, a value DuckDB refuses); nothing was written.
        """
        now = datetime.now()
        new: list[GlobalActor] = []
        changed: dict[int, GlobalActor] = {}
        aliases: list[tuple[int, str]] = []
        articles = _Columns(tuple(_ARTICLE_TYPES))
        article_actors = _Columns(tuple(_ARTICLE_ACTOR_TYPES))
        mentions = _Columns(tuple(_MENTION_TYPES))
        quotes = _Columns(tuple(_QUOTE_TYPES))
        events = _Columns(tuple(_EVENT_TYPES))
        for w in writes:
            new.extend(w.new_actors)
            changed.update((a.id, a) for a in w.changed_actors)
            aliases.extend(w.new_aliases)
            _article_row(w, now, articles)
            _article_actor_rows(w, article_actors, mentions)
            _quote_rows(w, quotes)
            _event_rows(w, events)
        inserted = {a.id for a in new}
        # an actor created and then changed within the group is inserted in its last state
        new = [changed.pop(a.id, a) if a.id in changed else a for a in new]
        cleared = [w.source for w in writes if w.clears_skip]
        with self._transaction():
            self._insert_actors(new)
            touched = self._update_actors([a for a in changed.values() if a.id not in inserted])
            self._insert_aliases(aliases)
            self._insert("articles", articles, _ARTICLE_TYPES)
            for w in writes:
                if w.merged_stories:
                    self._con.execute(
                        "UPDATE articles SET story_id = ? WHERE list_contains(?, story_id)",
                        [w.story_id, list(w.merged_stories)],
                    )
            self._insert("article_actors", article_actors, _ARTICLE_ACTOR_TYPES)
            self._insert("mentions", mentions, _MENTION_TYPES)
            self._insert("quotes", quotes, _QUOTE_TYPES)
            self._insert("events", events, _EVENT_TYPES)
            self._refresh_stories(
                {w.story_id for w in writes}
                | {s for w in writes for s in w.merged_stories}
                | touched
            )
            dup = _Columns(tuple(_DUPLICATE_TYPES))
            for raw_key, source, line, article_id in duplicates:
                dup.add(raw_key, source, line, article_id, now)
            self._insert("duplicates", dup, _DUPLICATE_TYPES)
            if cleared:
                self._con.execute("DELETE FROM skipped WHERE list_contains(?, source)", [cleared])

    def record_duplicate(
        self, raw_key: str, source: str, line: int | None, article_id: int
    ) -> None:
        """Remember an input document that repeats a stored article (so reruns skip it fast)."""
        self.write_articles((), [(raw_key, source, line, article_id)])

    def record_skip(self, source: str, line: int | None, reason: str) -> None:
        """Record a skipped document; the same skip met again only updates its time and count."""
        self.record_skips([(source, line, reason)])

    def record_skips(self, skips: Sequence[tuple[str, int | None, str]]) -> None:
        """Record ``(source, line, reason)`` skips in one transaction, as :meth:`record_skip`.

        One statement for the whole group: 100,000 skips are stored in about a second.
        """
        if not skips:
            return
        now = datetime.now()
        counted = Counter(skips)
        params = [
            [s for s, _, _ in counted],
            [line for _, line, _ in counted],
            [r for _, _, r in counted],
            list(counted.values()),
            now,
        ]
        new = (
            "(SELECT unnest($1::VARCHAR[]) AS source, unnest($2::INTEGER[]) AS line, "
            "unnest($3::VARCHAR[]) AS reason, unnest($4::INTEGER[]) AS times) n"
        )
        same = "s.source = n.source AND s.line IS NOT DISTINCT FROM n.line AND s.reason = n.reason"
        with self._transaction():
            self._con.execute(
                f"UPDATE skipped s SET last_seen = $5, times = s.times + n.times FROM {new} "
                f"WHERE {same}",
                params,
            )
            self._con.execute(
                f"INSERT INTO skipped SELECT n.source, n.line, n.reason, $5, $5, n.times "
                f"FROM {new} WHERE NOT EXISTS (SELECT 1 FROM skipped s WHERE {same})",
                params,
            )

    def update_actors(
        self, actors: Sequence[GlobalActor], aliases: Iterable[tuple[int, str]] = ()
    ) -> None:
        """Replace stored actors with their new state and index new aliases, in one transaction."""
        with self._transaction():
            self._refresh_stories(self._update_actors(actors))
            self._insert_aliases(tuple(aliases))

    def merge_actor(self, old: GlobalActor, into: GlobalActor, reason: str) -> None:
        """Fold actor ``old`` into ``into`` everywhere (mentions, quotes, events, affiliations).

        ``into`` is the merged actor's new state. The merge is recorded in ``actor_merges``.
        """
        with self._transaction():
            stories = self._stories_of_actors([old.id])
            for table, columns in _ACTOR_REFERENCES.items():
                for column in columns:
                    self._con.execute(
                        f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [into.id, old.id]
                    )
            self._con.execute(
                "UPDATE actor_aliases SET actor_id = ? WHERE actor_id = ?", [into.id, old.id]
            )
            self._con.execute("DELETE FROM actors WHERE id = ?", [old.id])
            stories |= self._update_actors([into])
            self._refresh_stories(stories)
            self._con.execute(
                "INSERT INTO actor_merges VALUES (?, ?, ?, ?, ?)",
                [old.id, into.id, old.name, reason, datetime.now()],
            )

    def set_outlets(self, outlet_by_host: Mapping[str, str]) -> int:
        """Name the outlet of articles known only by their URL's host; return how many changed."""
        if not outlet_by_host:
            return 0
        with self._transaction():
            rows = self._con.execute(
                "UPDATE articles SET outlet = m.name "
                "FROM (SELECT unnest(?::VARCHAR[]) AS host, unnest(?::VARCHAR[]) AS name) m "
                "WHERE articles.site_name IS NULL AND articles.host = m.host "
                "AND articles.outlet IS DISTINCT FROM m.name RETURNING story_id",
                [list(outlet_by_host), list(outlet_by_host.values())],
            ).fetchall()
            self._refresh_stories({r[0] for r in rows})
        return len(rows)

    # -- reading ---------------------------------------------------------------------------

    def actors(self) -> Iterator[GlobalActor]:
        """Every global actor, in id order."""
        cursor = self._con.cursor()
        cursor.execute(
            "SELECT id, name, kind, key, aliases, roles, affiliation, given_names, surname, "
            "gender, scope_article, ambiguous, first_article FROM actors ORDER BY id"
        )
        while rows := cursor.fetchmany(10_000):
            for r in rows:
                yield GlobalActor(
                    id=r[0],
                    name=r[1],
                    kind=r[2],
                    key=r[3],
                    aliases=tuple(r[4]),
                    roles=tuple(r[5]),
                    affiliation=r[6],
                    given_names=tuple(r[7]),
                    surname=r[8],
                    gender=r[9],
                    scope_article=r[10],
                    ambiguous=bool(r[11]),
                    first_article=r[12],
                )

    def article_keys(self) -> Iterator[StoredArticleKey]:
        """The keys, story and MinHash signature of every stored article, in id order."""
        cursor = self._con.cursor()
        cursor.execute(
            "SELECT id, content_hash, url, raw_key, story_id, signature, host, site_name, "
            "publisher FROM articles ORDER BY id"
        )
        while rows := cursor.fetchmany(10_000):
            for r in rows:
                yield StoredArticleKey(*r)

    def duplicate_keys(self) -> Iterator[str]:
        """Raw keys of input documents already met as duplicates."""
        cursor = self._con.cursor()
        cursor.execute("SELECT DISTINCT raw_key FROM duplicates")
        while rows := cursor.fetchmany(10_000):
            for r in rows:
                yield r[0]

    def skipped_sources(self) -> set[str]:
        """Sources with a recorded skip (an article ingested later from one clears it)."""
        return {r[0] for r in self._all("SELECT DISTINCT source FROM skipped")}

    def next_ids(self) -> dict[str, int]:
        """The next free id of each id-keyed table (the single writer hands ids out itself)."""
        out = {}
        for table in ("articles", "actors", "quotes", "events"):
            row = self._one(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            out[table] = int(row[0]) if row else 1
        row = self._one("SELECT coalesce(max(story_id), 0) + 1 FROM articles")
        out["stories"] = int(row[0]) if row else 1
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table, plus stories and story-level (de-duplicated) events."""
        return {t: self._count(t) for t in (*_TABLES, "stories", "story_events")}

    def _count(self, table: str) -> int:
        row = self._one(f"SELECT count(*) FROM {table}")
        return int(row[0]) if row else 0

    def skipped(self) -> list[SkipRecord]:
        """Every recorded skip, oldest first."""
        rows = self._all(
            "SELECT source, line, reason, first_seen, last_seen, times FROM skipped "
            "ORDER BY first_seen, source, line"
        )
        return [SkipRecord(*r) for r in rows]

    def find_actors(self, name: str) -> list[GlobalActor]:
        """Global actors with ``name`` as their name or an alias (case and diacritics folded)."""
        from detente.lexicon.names import fold

        key = fold(" ".join(name.split()))
        ids = [
            r[0]
            for r in self._all(
                "SELECT DISTINCT actor_id FROM actor_aliases WHERE alias_key = ? ORDER BY 1", [key]
            )
        ]
        wanted = set(ids)
        return [a for a in self.actors() if a.id in wanted] if wanted else []

    def story_events(
        self, actor: int | None = None, story: int | None = None
    ) -> list[dict[str, Any]]:
        """Events counted once per story (the ``story_events`` table), oldest first.

        Args:
            actor: only events whose source or target (principal) is this global actor.
            story: only events of this story.
        """
        where = []
        params: list[Any] = []
        if actor is not None:
            where.append("(source = ? OR target = ?)")
            params += [actor, actor]
        if story is not None:
            where.append("story_id = ?")
            params.append(story)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return self.rows(
            f"SELECT * FROM story_events{clause} ORDER BY date_start NULLS LAST, event_id", params
        )

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query; each row as a dict keyed by column name.

        Raises:
            StoreError: the query failed.
        """
        try:
            cursor = self._con.execute(sql, list(params))
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
        except duckdb.Error as exc:
            if _DAMAGE.search(str(exc)):
                raise _damaged(self.path, exc) from None
            raise StoreError(f"{self.path}: query failed: {exc}") from None

    def contents(self) -> dict[str, list[dict[str, Any]]]:
        """Every row an ingest writes, table by table, each table in the order of its key (not
        of arrival) and without the times of writing: two ingests of the same input, on either
        engine, resumed or not, have equal contents."""
        return {table: self.rows(sql) for table, sql in _content_queries()}

    def content_digests(self) -> dict[str, str]:
        """The SHA-256 of each table's :meth:`contents`, read in batches: what compares two
        stores too large to hold in memory as rows."""
        out = {}
        for table, sql in _content_queries():
            digest = hashlib.sha256()
            try:
                cursor = self._con.execute(sql)
                while batch := cursor.fetchmany(10_000):
                    for row in batch:
                        digest.update(repr(row).encode())
            except duckdb.Error as exc:
                raise StoreError(f"{self.path}: query failed: {exc}") from None
            out[table] = digest.hexdigest()
        return out

    # -- helpers ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; cannot write")
        try:
            self._con.execute("BEGIN TRANSACTION")
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot start a transaction: {exc}") from None
        try:
            yield
            if self._counts_generations:
                self._con.execute("UPDATE store_generation SET n = n + 1")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: write failed, nothing of it was kept: {exc}") from None
        except BaseException:
            self._rollback()
            raise
        try:
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: commit failed, nothing of it was kept: {exc}") from None

    def _rollback(self) -> None:
        # DuckDB may have aborted the transaction itself already
        with suppress(duckdb.Error):
            self._con.execute("ROLLBACK")

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self._con.execute(sql, list(params))
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        try:
            return self._con.execute(sql, list(params)).fetchone()
        except duckdb.Error as exc:
            if _DAMAGE.search(str(exc)):
                raise _damaged(self.path, exc) from None
            raise StoreError(f"{self.path}: cannot read the store: {exc}") from None

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._con.execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            if _DAMAGE.search(str(exc)):
                raise _damaged(self.path, exc) from None
            raise StoreError(f"{self.path}: cannot read the store: {exc}") from None

    def _insert(self, table: str, cols: _Columns, types: Mapping[str, str]) -> None:
        if not len(cols):
            return
        select = ", ".join(
            f"unnest(${i + 1}::{types[name]}[]) AS {name}" for i, name in enumerate(cols.names)
        )
        self._con.execute(
            f"INSERT INTO {table} ({', '.join(cols.names)}) SELECT {select}",
            [cols.values[name] for name in cols.names],
        )

    def _insert_actors(self, actors: Sequence[GlobalActor]) -> None:
        cols = _Columns(_ACTOR_COLUMNS)
        for a in actors:
            cols.add(*_actor_row(a))
        self._insert("actors", cols, _ACTOR_TYPES)

    def _update_actors(self, actors: Sequence[GlobalActor]) -> set[int]:
        """Replace stored actors; return the stories whose story-level events that changes.

        Story events group a scoped actor (a group, an anonymous source) by its kind and key,
        any other by its id, so only a change of a scoped actor's kind, key or scope counts.
        """
        if not actors:
            return set()
        cols = _Columns(_ACTOR_COLUMNS)
        for a in actors:
            cols.add(*_actor_row(a))
        select = ", ".join(
            f"unnest(${i + 1}::{_ACTOR_TYPES[n]}[]) AS {n}" for i, n in enumerate(cols.names)
        )
        params = [cols.values[n] for n in cols.names]
        regrouped = [
            r[0]
            for r in self._con.execute(
                f"SELECT a.id FROM actors a JOIN (SELECT {select}) u ON u.id = a.id "
                "WHERE (a.scope_article IS NOT NULL OR u.scope_article IS NOT NULL) "
                "AND (a.kind, a.key, a.scope_article) IS DISTINCT FROM "
                "(u.kind, u.key, u.scope_article)",
                params,
            ).fetchall()
        ]
        sets = ", ".join(f"{n} = u.{n}" for n in cols.names if n != "id")
        self._con.execute(
            f"UPDATE actors SET {sets} FROM (SELECT {select}) u WHERE actors.id = u.id", params
        )
        return self._stories_of_actors(regrouped)

    def _stories_of_actors(self, actor_ids: Sequence[int]) -> set[int]:
        """The stories with an event that names one of these actors in any of its columns."""
        if not actor_ids:
            return set()
        return {
            r[0]
            for r in self._con.execute(
                "SELECT DISTINCT a.story_id FROM events e JOIN articles a ON a.id = e.article_id "
                "WHERE list_has_any(?, [e.source, e.target, e.source_principal, "
                "e.target_principal, e.claimed_by])",
                [list(actor_ids)],
            ).fetchall()
        }

    def _refresh_stories(self, story_ids: Iterable[int]) -> None:
        """Recompute the story-level events of these stories (inside the caller's transaction)."""
        wanted = sorted(set(story_ids))
        if not wanted:
            return
        self._con.execute("DELETE FROM story_events WHERE list_contains($1, story_id)", [wanted])
        self._con.execute(
            "INSERT INTO story_events BY NAME "
            + _STORY_EVENTS_SELECT.format(where="WHERE list_contains($1, a.story_id)"),
            [wanted],
        )

    def refresh_story_events(self) -> None:
        """Recompute every story-level event (after rows were loaded in bulk, bypassing
        :meth:`write_articles`, as the benchmarks do)."""
        with self._transaction():
            self._con.execute("DELETE FROM story_events")
            self._con.execute(
                "INSERT INTO story_events BY NAME " + _STORY_EVENTS_SELECT.format(where="")
            )

    def _insert_aliases(self, aliases: Sequence[tuple[int, str]]) -> None:
        from detente.lexicon.names import fold

        cols = _Columns(("actor_id", "alias", "alias_key"))
        for actor_id, alias in aliases:
            cols.add(actor_id, alias, fold(" ".join(alias.split())))
        self._insert(
            "actor_aliases",
            cols,
            {"actor_id": "BIGINT", "alias": "VARCHAR", "alias_key": "VARCHAR"},
        )


# --- column sets ----------------------------------------------------------------------------

_ACTOR_TYPES = {
    "id": "BIGINT",
    "name": "VARCHAR",
    "kind": "VARCHAR",
    "key": "VARCHAR",
    "aliases": "VARCHAR[]",
    "roles": "VARCHAR[]",
    "affiliation": "BIGINT",
    "given_names": "VARCHAR[]",
    "surname": "VARCHAR",
    "gender": "VARCHAR",
    "scope_article": "BIGINT",
    "ambiguous": "BOOLEAN",
    "first_article": "BIGINT",
}
_ACTOR_COLUMNS = tuple(_ACTOR_TYPES)
_ARTICLE_TYPES = {
    "id": "BIGINT",
    "content_hash": "VARCHAR",
    "raw_key": "VARCHAR",
    "url": "VARCHAR",
    "doc_id": "VARCHAR",
    "outlet": "VARCHAR",
    "publisher": "VARCHAR",
    "site_name": "VARCHAR",
    "host": "VARCHAR",
    "published": "DATE",
    "language": "VARCHAR",
    "title": "VARCHAR",
    "authors": "VARCHAR[]",
    "text": "VARCHAR",
    "removed": "STRUCT(kind VARCHAR, text VARCHAR)[]",
    "warnings": "VARCHAR[]",
    "source": "VARCHAR",
    "line": "INTEGER",
    "story_id": "BIGINT",
    "signature": "BLOB",
    "n_actors": "INTEGER",
    "n_quotes": "INTEGER",
    "n_events": "INTEGER",
    "ingested_at": "TIMESTAMP",
    "published_source": "VARCHAR",
}
_DUPLICATE_TYPES = {
    "raw_key": "VARCHAR",
    "source": "VARCHAR",
    "line": "INTEGER",
    "article_id": "BIGINT",
    "seen_at": "TIMESTAMP",
}
_ARTICLE_ACTOR_TYPES = {
    "article_id": "BIGINT",
    "local_id": "VARCHAR",
    "actor_id": "BIGINT",
    "name": "VARCHAR",
    "kind": "VARCHAR",
    "key": "VARCHAR",
    "aliases": "VARCHAR[]",
    "roles": "VARCHAR[]",
    "affiliation": "VARCHAR",
}
_MENTION_TYPES = {
    "article_id": "BIGINT",
    "actor_id": "BIGINT",
    "local_id": "VARCHAR",
    "span_start": "INTEGER",
    "span_end": "INTEGER",
    "text": "VARCHAR",
}
_QUOTE_TYPES = {
    "id": "BIGINT",
    "article_id": "BIGINT",
    "idx": "INTEGER",
    "text": "VARCHAR",
    "span_start": "INTEGER",
    "span_end": "INTEGER",
    "speaker": "BIGINT",
    "speaker_text": "VARCHAR",
    "speaker_start": "INTEGER",
    "speaker_end": "INTEGER",
    "anonymous": "BOOLEAN",
    "direct": "BOOLEAN",
    "cue": "VARCHAR",
    "cue_start": "INTEGER",
    "cue_end": "INTEGER",
    "via": "BIGINT",
    "reporter": "VARCHAR",
    "channel": "VARCHAR",
    "date_start": "DATE",
    "date_end": "DATE",
    "date_text": "VARCHAR",
}
_EVENT_TYPES = {
    "id": "BIGINT",
    "article_id": "BIGINT",
    "idx": "INTEGER",
    "source": "BIGINT",
    "target": "BIGINT",
    "source_principal": "BIGINT",
    "target_principal": "BIGINT",
    "type": "VARCHAR",
    "mode": "VARCHAR",
    "score": "DOUBLE",
    "quad_class": "INTEGER",
    "cameo_root": "VARCHAR",
    "modality": "VARCHAR",
    "date_start": "DATE",
    "date_end": "DATE",
    "date_text": "VARCHAR",
    "evidence_sentence": "VARCHAR",
    "evidence_start": "INTEGER",
    "evidence_end": "INTEGER",
    "claimed_by": "BIGINT",
    "trigger": "VARCHAR",
    "trigger_lemma": "VARCHAR",
    "trigger_start": "INTEGER",
    "trigger_end": "INTEGER",
    "confidence": "DOUBLE",
    "date_basis": "VARCHAR",
    "hedged": "BOOLEAN",
}
# Every column that holds a global actor id, for merges.
_ACTOR_REFERENCES = {
    "actors": ("affiliation",),
    "article_actors": ("actor_id",),
    "mentions": ("actor_id",),
    "quotes": ("speaker", "via"),
    "events": ("source", "target", "source_principal", "target_principal", "claimed_by"),
}


def _article_row(w: ArticleWrite, now: datetime, cols: _Columns) -> None:
    art = w.analysis.article
    cols.add(
        w.id,
        w.content_hash,
        w.raw_key,
        art.url,
        art.doc_id,
        w.outlet,
        art.publisher,
        art.site_name,
        w.host,
        art.published,
        art.language,
        art.title,
        list(art.authors),
        art.text,
        [{"kind": r.kind, "text": r.text} for r in art.removed],
        list(art.warnings),
        w.source,
        w.line,
        w.story_id,
        w.signature,
        len(w.analysis.actors),
        len(w.analysis.quotes),
        len(w.analysis.events),
        now,
        art.published_source,
    )


def _article_actor_rows(w: ArticleWrite, actors: _Columns, mentions: _Columns) -> None:
    text = w.analysis.article.text
    for a in w.analysis.actors:
        gid = w.actor_ids[a.id]
        actors.add(
            w.id,
            a.id,
            gid,
            a.name,
            a.kind,
            a.key,
            list(a.aliases),
            list(a.roles),
            a.affiliation,
        )
        for start, end in a.mentions:
            mentions.add(w.id, gid, a.id, start, end, text[start:end])


def _quote_rows(w: ArticleWrite, cols: _Columns) -> None:
    ids = w.actor_ids
    for i, q in enumerate(w.analysis.quotes):
        cols.add(
            w.first_quote_id + i,
            w.id,
            i,
            q.text,
            q.span[0],
            q.span[1],
            ids.get(q.speaker) if q.speaker else None,
            q.speaker_text,
            q.speaker_span[0] if q.speaker_span else None,
            q.speaker_span[1] if q.speaker_span else None,
            q.anonymous,
            q.direct,
            q.cue,
            q.cue_span[0] if q.cue_span else None,
            q.cue_span[1] if q.cue_span else None,
            ids.get(q.via) if q.via else None,
            q.reporter,
            q.channel,
            q.date.start if q.date else None,
            q.date.end if q.date else None,
            q.date.text if q.date else None,
        )


def _event_rows(w: ArticleWrite, cols: _Columns) -> None:
    ids = w.actor_ids
    for i, e in enumerate(w.analysis.events):
        source, target = ids[e.source], ids[e.target]
        cols.add(
            w.first_event_id + i,
            w.id,
            i,
            source,
            target,
            # a person, country or organisation is its own principal (ActorTable.principal)
            ids.get(e.source_principal, source) if e.source_principal else source,
            ids.get(e.target_principal, target) if e.target_principal else target,
            e.type,
            e.mode,
            float(e.score),
            e.quad_class,
            e.cameo_root,
            e.modality,
            e.date.start,
            e.date.end,
            e.date.text,
            e.evidence.sentence,
            e.evidence.span[0],
            e.evidence.span[1],
            ids.get(e.claimed_by) if e.claimed_by else None,
            e.trigger,
            w.trigger_lemmas[i],
            e.trigger_span[0] if e.trigger_span else None,
            e.trigger_span[1] if e.trigger_span else None,
            float(e.confidence),
            e.date.basis,
            e.hedged,
        )


def _actor_row(a: GlobalActor) -> tuple[Any, ...]:
    return (
        a.id,
        a.name,
        a.kind,
        a.key,
        list(a.aliases),
        list(a.roles),
        a.affiliation,
        list(a.given_names),
        a.surname,
        a.gender,
        a.scope_article,
        a.ambiguous,
        a.first_article,
    )


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


_LOCKED = re.compile(r"Could not set lock on file|Conflicting lock", re.I)
# "Extension ... not found": DuckDB recognised a format it reads by an extension (SQLite)
_NOT_DUCKDB = re.compile(
    r"not a valid DuckDB database|is corrupt|Corrupt|Extension .* not found|sqlite_scanner", re.I
)
_NEWER = re.compile(r"newer version|storage version", re.I)


# What DuckDB says when it reads a damaged block (a checksum, a cut file, a broken header).
_DAMAGE = re.compile(
    r"Corrupt database file|checksum|Could not read enough bytes|not a valid DuckDB database|"
    r"INTERNAL Error|Serialization Error|deserializ",
    re.I,
)


def _damaged(path: str, exc: duckdb.Error) -> StoreError:
    detail = _without_path(str(exc), path).strip().splitlines()[0][:200]
    return StoreError(
        f"{path}: the store is damaged ({detail}); restore it from a copy, or move it away and "
        "ingest the sources again into a new one"
    )


def _without_path(message: str, path: str) -> str:
    """DuckDB's message with the file's name taken out, so that a word in the name ("corrupt")
    is not read as the error."""
    for name in sorted({path, str(Path(path).resolve())}, key=len, reverse=True):
        message = message.replace(name, "<store>")
    return message


def _open_error(path: str, exc: duckdb.Error) -> StoreError:
    said = message = _without_path(str(exc), path)
    # classified by what DuckDB says, never by the file's name ("/data/corrupt/s.duckdb")
    if _LOCKED.search(said):
        holder = re.search(r"\(PID (\d+)\)", message)
        who = f" (process {holder.group(1)})" if holder else ""
        return StoreError(
            f"{path}: the store is in use by another process{who}; DuckDB allows one writer at "
            "a time: wait for it to finish, or give another --db"
        )
    if _NOT_DUCKDB.search(said):
        return StoreError(
            f"{path}: is not a readable DuckDB database (corrupt, or another kind of file); "
            "move it away or give another --db"
        )
    if _NEWER.search(said):
        return StoreError(f"{path}: was written by a newer DuckDB; upgrade detente to read it")
    return StoreError(f"{path}: cannot open the store: {message.splitlines()[0]}")
