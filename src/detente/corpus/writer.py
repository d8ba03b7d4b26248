"""The store's single writer: places each analysed article (ids, story, outlet, global actors)
and commits articles in groups, each whole; duplicates, resume and skip records.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from detente.corpus.identity import _ActorIndex
from detente.corpus.outlets import _host, _Outlets
from detente.corpus.stories import _Stories, signature, trigger_lemma
from detente.errors import StoreError, contained, is_internal_error
from detente.records import ArticleAnalysis, RawDocument
from detente.store import ArticleWrite, Store

# Articles committed together: each is whole in its transaction, and grouping them amortises
# DuckDB's per-statement and per-commit cost (~25 ms an article alone, ~2 ms grouped:
# benchmarks/bench_ingest.py). A kill loses at most this much work, which a rerun redoes.
_GROUP_ARTICLES = 64
_GROUP_SECONDS = 1.0
# Skips recorded together: one statement stores them all (100,000 bad lines in seconds, where one
# transaction each ran at ~240 a second).
_GROUP_SKIPS = 10_000


# --- public records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestProgress:
    """Where an ingest run stands; ``done`` counts documents of any outcome."""

    done: int
    total: int
    ingested: int
    duplicates: int
    skipped: int


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What an ingest run did.

    ``skip_reasons`` lists ``(reason, count)`` pairs, most frequent first; ``internal_errors``
    counts the skips that record a bug (``internal error in <stage>: ...``), not bad input;
    ``syndicated`` counts
    new articles that joined an existing story; ``actors_merged`` counts surname-only actors that
    were joined to a full name at the end of the run.
    """

    ingested: int
    duplicates: int
    skipped: int
    skip_reasons: tuple[tuple[str, int], ...]
    internal_errors: int
    files: int
    ignored_files: int
    syndicated: int
    actors_merged: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["skip_reasons"] = [{"reason": r, "count": n} for r, n in self.skip_reasons]
        return out


class CorpusWriter:
    """The single writer of a store: places each analysed article and commits it whole.

    It keeps in memory what placing an article needs (keys of stored articles, the LSH index of
    their bodies, the global actors), loaded from the store when it is created; so there must be
    one writer per store at a time, which DuckDB's file lock enforces across processes.
    :func:`ingest` uses it; so can any code that produces analyses another way (a distributed
    run's results). Call :meth:`finish` at the end.

    Args:
        store: an open, writable store.
        progress: called after every document with the run's counts.
        total: documents expected, for ``progress``.
    """

    def __init__(
        self,
        store: Store,
        *,
        progress: Callable[[IngestProgress], None] | None = None,
        total: int = 0,
    ) -> None:
        self.store = store
        self.state = _State.load(store)
        self.progress = progress
        self.total = total
        self.ingested = 0
        self.duplicates = 0
        self.skipped = 0
        self.internal_errors = 0
        self.syndicated = 0
        self.reasons: Counter[str] = Counter()
        self._batch: list[ArticleWrite] = []
        self._skips: list[tuple[str, int | None, str]] = []
        self._duplicates: list[tuple[str, str, int | None, int]] = []
        self._joined: set[int] = set()
        self._flushed = time.monotonic()

    def seen(self, key: str) -> bool:
        """Whether an input document with this :func:`raw_key` was met before (it is then
        counted as a duplicate); an unseen key is remembered."""
        if key in self.state.raw_keys:
            self.duplicates += 1
            self._report()
            return True
        self.state.raw_keys.add(key)
        return False

    def add(
        self,
        analysis: ArticleAnalysis,
        *,
        source: str,
        line: int | None = None,
        raw_key: str | None = None,
    ) -> Literal["ingested", "duplicate", "skipped"]:
        """Place one analysed article (committed with its group, at the latest by :meth:`flush`
        or :meth:`finish`), or count it as a duplicate of a stored one.

        Args:
            analysis: the pipeline's result.
            source: where the document came from (a path, ``file.jsonl:3``).
            line: its record number within the source, if any.
            raw_key: the input document's :func:`raw_key` (default: from the clean text and URL).

        Raises:
            StoreError: the store cannot be written (articles already written stay).
        """
        state = self.state
        article = analysis.article
        content_hash = hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()
        key = raw_key or f"clean:{content_hash}:{article.url or ''}"
        existing = state.article_by_key.get((content_hash, article.url))
        if existing is not None:
            self._duplicates.append((key, source, line, existing))
            state.raw_keys.add(key)
            self.duplicates += 1
            self._report()
            self._flush_if_due()
            return "duplicate"
        write: ArticleWrite | None = None
        with contained("corpus") as guard:
            write = state.plan(analysis, source, line, key, content_hash)
        if write is None:
            self.skip(source, line, guard.reason or "")
            return "skipped"
        if write.story_id in state.stories.members:
            self._joined.add(write.id)
        state.commit(write)
        self._batch.append(write)
        self._flush_if_due()
        return "ingested"

    def flush(self) -> None:
        """Commit the articles placed so far (one transaction; each article is whole in it).

        A group that DuckDB refuses (a value it cannot store) is written again one article per
        transaction, so only the offending article is skipped.

        Raises:
            StoreError: the store cannot be written (articles already committed stay).
        """
        batch, duplicates, skips = self._batch, self._duplicates, self._skips
        self._batch, self._duplicates, self._skips = [], [], []
        self._flushed = time.monotonic()
        self.store.record_skips(skips)
        if not batch and not duplicates:
            return
        try:
            self.store.write_articles(batch, duplicates)
        except StoreError as exc:
            if not _refused_value(exc):
                raise
            self._rewrite_one_by_one(batch)
            return
        self._committed(batch)

    def _rewrite_one_by_one(self, batch: list[ArticleWrite]) -> None:
        # the transaction was rolled back: rebuild the in-memory state from the store and place
        # the group's articles again, each in its own transaction
        self.state = _State.load(self.store)
        for old in batch:
            self.state.raw_keys.add(old.raw_key)
            content_hash = old.content_hash
            write = self.state.plan(old.analysis, old.source, old.line, old.raw_key, content_hash)
            try:
                self.store.write_article(write)
            except StoreError as exc:
                if not _refused_value(exc):
                    raise
                self.state = _State.load(self.store)
                self.state.raw_keys.add(old.raw_key)
                self.skip(old.source, old.line, f"could not be stored: {exc}")
                continue
            self.state.commit(write)
            self._committed([write])

    def _committed(self, batch: list[ArticleWrite]) -> None:
        self.ingested += len(batch)
        self.syndicated += sum(w.id in self._joined for w in batch)
        self._joined.difference_update(w.id for w in batch)
        self._report()

    def _flush_if_due(self) -> None:
        due = time.monotonic() - self._flushed >= _GROUP_SECONDS
        if len(self._batch) >= _GROUP_ARTICLES or len(self._skips) >= _GROUP_SKIPS or due:
            self.flush()

    def skip(self, source: str, line: int | None, reason: str) -> None:
        """Record a document that could not be ingested, and why (stored with the next group)."""
        source, reason = _valid_text(source), _valid_text(reason)
        self._skips.append((source, line, reason))
        self.state.skipped_sources.add(source)
        self.skipped += 1
        self.internal_errors += is_internal_error(reason)
        self.reasons[reason] += 1
        self._report()
        self._flush_if_due()

    def finish(self) -> int:
        """Commit what is pending, settle surname-only actors and outlet names; return how many
        actors were merged."""
        self.flush()
        merged = self.state.settle_actors(self.store)
        self.store.set_outlets(self.state.outlets.by_host)
        return merged

    def _report(self) -> None:
        if self.progress is not None:
            done = self.ingested + self.duplicates + self.skipped
            self.progress(
                IngestProgress(
                    done=done,
                    total=max(self.total, done),
                    ingested=self.ingested,
                    duplicates=self.duplicates,
                    skipped=self.skipped,
                )
            )


def _valid_text(text: str) -> str:
    """``text`` with lone surrogates written as escapes: DuckDB stores valid UTF-8 only."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _refused_value(exc: StoreError) -> bool:
    return bool(re.search(r"Conversion Error|Invalid Input Error|Invalid unicode", str(exc), re.I))


def raw_key(doc: RawDocument) -> str:
    """A hash of an input document's content and declared metadata: the same input read again
    (a rerun, a resumed run) has the same key and is passed over before any analysis."""
    meta = "\x00".join(
        str(v or "")
        for v in (doc.kind, doc.url, doc.published, doc.title, doc.language, doc.doc_id)
    )
    digest = hashlib.sha256(meta.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(doc.content.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# --- in-memory state of the single writer ---------------------------------------------------


@dataclass
class _Ids:
    article: int
    actor: int
    quote: int
    event: int
    story: int


@dataclass
class _State:
    """What the writer keeps in memory to place each new article (rebuilt from the store)."""

    ids: _Ids
    raw_keys: set[str]
    article_by_key: dict[tuple[str, str | None], int]
    skipped_sources: set[str]
    stories: _Stories
    actors: _ActorIndex
    outlets: _Outlets

    @classmethod
    def load(cls, store: Store) -> _State:
        nxt = store.next_ids()
        state = cls(
            ids=_Ids(
                article=nxt["articles"],
                actor=nxt["actors"],
                quote=nxt["quotes"],
                event=nxt["events"],
                story=nxt["stories"],
            ),
            raw_keys=set(store.duplicate_keys()),
            article_by_key={},
            skipped_sources=store.skipped_sources(),
            stories=_Stories(),
            actors=_ActorIndex(),
            outlets=_Outlets(),
        )
        for row in store.article_keys():
            state.raw_keys.add(row.raw_key)
            state.article_by_key[(row.content_hash, row.url)] = row.id
            if row.signature is not None:
                state.stories.add(row.id, row.story_id, row.signature)
            state.outlets.learn(row.host, row.site_name, row.publisher)
        for actor in store.actors():
            state.actors.add(actor)
        return state

    def plan(
        self,
        analysis: ArticleAnalysis,
        source: str,
        line: int | None,
        key: str,
        content_hash: str,
    ) -> ArticleWrite:
        """Everything to write for a new article (ids are taken; nothing is stored yet)."""
        article = analysis.article
        article_id = self.ids.article
        sig = signature(article.text)
        story_id, merged = self.stories.place(sig)
        if story_id is None:
            story_id = self.ids.story
        host = _host(article.url)
        self.outlets.learn(host, article.site_name, article.publisher)
        resolution = self.actors.resolve(article_id, analysis, self.ids)
        return ArticleWrite(
            id=article_id,
            analysis=analysis,
            content_hash=content_hash,
            raw_key=key,
            source=source,
            line=line,
            outlet=self.outlets.outlet(host, article.site_name, article.publisher),
            host=host,
            story_id=story_id,
            signature=sig,
            actor_ids=resolution.actor_ids,
            trigger_lemmas=tuple(trigger_lemma(e.trigger) for e in analysis.events),
            first_quote_id=self.ids.quote,
            first_event_id=self.ids.event,
            merged_stories=merged,
            new_actors=resolution.new,
            changed_actors=resolution.changed,
            new_aliases=resolution.aliases,
            clears_skip=source in self.skipped_sources,
        )

    def commit(self, w: ArticleWrite) -> None:
        """Take a written article into the in-memory indexes."""
        self.ids.article = w.id + 1
        self.ids.quote = w.first_quote_id + len(w.analysis.quotes)
        self.ids.event = w.first_event_id + len(w.analysis.events)
        self.ids.story = max(self.ids.story, w.story_id + 1)
        self.article_by_key[(w.content_hash, w.analysis.article.url)] = w.id
        self.stories.add(w.id, w.story_id, w.signature, merged=w.merged_stories)
        self.actors.commit(w.new_actors, w.changed_actors)
        if w.clears_skip:
            self.skipped_sources.discard(w.source)

    def settle_actors(self, store: Store) -> int:
        """Join each surname-only person to the one full name it can be; mark the ambiguous."""
        merged = 0
        for old, into in self.actors.surname_merges():
            store.merge_actor(old, into, reason=f"surname {old.name!r} has one candidate")
            self.actors.apply_merge(old, into)
            merged += 1
        for old, into in self.actors.person_named_merges():
            store.merge_actor(old, into, reason=f"organisation {old.name!r} is a person's name")
            self.actors.apply_merge(old, into)
            merged += 1
        flagged = self.actors.ambiguity_changes()
        if flagged:
            store.update_actors(flagged)
            self.actors.commit((), flagged)
        return merged
