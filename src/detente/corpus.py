"""The corpus: sources -> analysis -> store; one story per wire copy, one actor per person.

:func:`ingest` reads files and folders (text, HTML, JSON Lines, WARC, RSS/Atom), runs the
single-article pipeline on each document (in worker processes with ``workers > 1``), and writes
each article with its analysis to the :class:`~detente.store.Store`, whole within one
transaction (articles are committed in groups of up to 64, or every second, to amortise DuckDB's
commit). Around the pipeline it decides three things the store only keeps:

**Duplicates and resume.** Every input document has a *raw key* (a hash of its bytes and declared
metadata): a document met before is passed over without being analysed again, so a rerun after a
crash or Ctrl-C only analyses what is missing. After cleaning, an article is keyed by the hash of
its clean text plus its URL: the same text at the same URL is a duplicate, stored once.

**Syndication.** The same wire story republished by several outlets (another headline, byline and
boilerplate, a trimmed paragraph) is one *story*. Each article's clean body is cut into word
5-shingles (diacritics folded) and summarised by a 128-permutation MinHash; an LSH index finds
earlier articles whose estimated Jaccard similarity is at least :data:`SYNDICATION_THRESHOLD`, and
the article joins their story (bridging two stories merges them). Every copy is kept; events are
counted once per story by the store's ``story_events`` view.

**Actors across articles.** Each article's actors are mapped onto global actors:

* countries by their normalised key; organisations and outlets by theirs (an outlet is an
  organisation, so a name tagged either way in different articles is one actor);
* people by name. A full name joins the person with the same folded key ("Mehmet Yıldıran" =
  "Mehmet Yildiran") or, failing that, the one person with the same surname whose given names agree
  ("Tayyip Erdogan" = "Recep Tayyip Erdoğan"). A surname alone ("Mr Erdogan") joins the one person
  of the corpus with that surname. People **never** merge when their given names differ ("Anna
  Varga" vs "Elena Varga"), when the honorific or given name says another gender ("Mr Varga" vs
  "Elena Varga"), or when their roles name different countries ("the Kastorian minister Varga" vs
  "the Norlandic prime minister Elena Varga"). A surname with two or more such people stays a
  separate actor marked ``ambiguous``. Surname-only actors are settled again at the end of every
  run, so "Mr Erdogan" read before any article gave the full name still joins it then;
* groups and anonymous sources ("two aides to the prime minister") belong to their article, with
  their principal (the prime minister) as a global actor.

The library never imports this module; it uses only public pipeline entry points.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import multiprocessing
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from detente.errors import StoreError, contained, is_internal_error
from detente.ingest.folder import count_documents, expand_paths, read_path
from detente.lexicon import outlet_names
from detente.lexicon.names import fold, given_name_gender
from detente.lexicon.places import country_by_demonym, country_by_name
from detente.pipeline import analyze_documents
from detente.records import Actor, ArticleAnalysis, RawDocument, Skipped
from detente.store import ArticleWrite, GlobalActor, Store

__all__ = [
    "NUM_PERM",
    "SHINGLE_WORDS",
    "SYNDICATION_THRESHOLD",
    "CorpusWriter",
    "IngestProgress",
    "IngestSummary",
    "ingest",
    "jaccard",
    "raw_key",
    "shingles",
    "signature",
    "trigger_lemma",
]

# Words per shingle. 5-word shingles keep two different stories about the same people far apart
# (the closest unrelated pair of samples/ is 0.075 with 5 words, 0.112 with 3) while copies stay
# close (0.907 and up with either).
SHINGLE_WORDS = 5
NUM_PERM = 128
# Estimated Jaccard similarity of two clean bodies above which they are one story. Measured on
# samples/ (tests/test_corpus.py checks both figures): every syndicated pair, trimmed copies
# included, is at >= 0.907; every pair of different stories, even on the same dyad and day, is at
# <= 0.075. 0.5 sits in the middle of that gap: it still joins a copy that keeps only half of the
# story's shingles (a copy cut to its first half) and leaves a margin of 0.4 over the MinHash
# estimate's error (standard deviation 0.044 at J = 0.5 with 128 permutations).
SYNDICATION_THRESHOLD = 0.5
_SEED = 1
_SCHEME = "affine32"
# Documents handed to a worker process at once, and chunks in flight per worker: small enough that
# a killed run loses little, large enough to keep every worker busy.
_WORKER_CHUNK = 8
_CHUNKS_PER_WORKER = 2
# A global actor's alias and role lists are capped: a much-cited person otherwise collects every
# misspelling and role phrase of a large archive. Mentions keep every surface form.
_MAX_ALIASES = 100
_MAX_ROLES = 50
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


# --- public helpers -------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The word ``k``-shingles of ``text`` (folded to lower case without diacritics)."""
    words = _WORD.findall(fold(text))
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


_PERMUTATIONS: Any = None


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s shingles: ``NUM_PERM`` uint32 values as bytes."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return bytes(minhash.hashvalues.astype(np.uint32).tobytes())


def jaccard(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate."""
    x = np.frombuffer(a, dtype=np.uint32)
    y = np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(x == y)) / len(x)


_IRREGULAR = {
    "met": "meet",
    "said": "say",
    "told": "tell",
    "spoke": "speak",
    "spoken": "speak",
    "held": "hold",
    "sent": "send",
    "gave": "give",
    "given": "give",
    "made": "make",
    "took": "take",
    "taken": "take",
    "paid": "pay",
    "went": "go",
    "gone": "go",
    "came": "come",
    "broke": "break",
    "broken": "break",
    "sought": "seek",
    "brought": "bring",
    "fought": "fight",
    "struck": "strike",
    "threw": "throw",
    "thrown": "throw",
    "won": "win",
    "lost": "lose",
    "left": "leave",
    "led": "lead",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
}


def trigger_lemma(trigger: str) -> str:
    """A trigger's words folded and reduced to a stem ("Telephoned" -> "telephon", "met" ->
    "meet"), so one event reported in two copies gets one key. Consistent, not linguistic."""
    return " ".join(_stem(w) for w in _WORD.findall(fold(trigger)))


def _stem(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


# --- the ingest loop ------------------------------------------------------------------------


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    limit: int | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    published: date | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store``; resumable and idempotent.

    Args:
        paths: files and folders (folders are read recursively); ``-`` is standard input.
        store: an open, writable store; this process is its only writer.
        workers: processes that run the pipeline (1: in this process).
        limit: size limit of one document in bytes (default: ``DETENTE_MAX_BYTES`` or 5 MB).
        progress: called after every document with the run's counts.
        published: publication date of the documents whose source declares none (a JSON Lines
            record's or a feed entry's own date wins); it counts as given, so it is used before
            HTML metadata, a timestamp line or a date in the address.

    Returns:
        The run's counts; bad documents are recorded in the store's ``skipped`` table.

    Raises:
        InputError: a path does not exist (nothing is read then).
        StoreError: the store cannot be written (each article already written stays).
        ModelError: the spaCy model is missing.
    """
    started = time.perf_counter()
    # "-" is standard input, read once before the files; read_path reads it as any source
    stdin = (Path("-"),) if any(str(p) == "-" for p in paths) else ()
    expanded = expand_paths([p for p in paths if str(p) != "-"])
    files = stdin + expanded.files
    total = sum(count_documents(f) for f in files) + len(expanded.refused)
    writer = CorpusWriter(store, progress=progress, total=total)
    for refused in expanded.refused:
        writer.skip(refused.source, refused.line, refused.reason)
    pending: deque[tuple[RawDocument, str]] = deque()

    def documents() -> Iterator[RawDocument]:
        for path in files:
            for doc in read_path(path, limit=limit, published=published):
                if isinstance(doc, Skipped):
                    writer.skip(doc.source, doc.line, doc.reason)
                    continue
                key = raw_key(doc)
                if writer.seen(key):
                    continue
                pending.append((doc, key))
                yield doc

    try:
        for result in _analyse(documents(), workers):
            doc, key = pending.popleft()
            if isinstance(result, Skipped):
                writer.skip(result.source, result.line, result.reason)
            else:
                writer.add(result, source=doc.source, line=doc.line, raw_key=key)
    except KeyboardInterrupt:
        writer.flush()  # the articles analysed so far are whole: keep them
        raise
    merged = writer.finish()
    return IngestSummary(
        ingested=writer.ingested,
        duplicates=writer.duplicates,
        skipped=writer.skipped,
        skip_reasons=tuple(writer.reasons.most_common()),
        internal_errors=writer.internal_errors,
        files=len(files),
        ignored_files=expanded.ignored,
        syndicated=writer.syndicated,
        actors_merged=merged,
        seconds=time.perf_counter() - started,
    )


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


# --- analysis in this process or in workers -------------------------------------------------


def _analyse(documents: Iterator[RawDocument], workers: int) -> Iterator[ArticleAnalysis | Skipped]:
    if workers <= 1:
        yield from analyze_documents(documents)
        return
    # spawn, not fork: the parent holds an open DuckDB connection and its threads
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        in_flight: deque[tuple[list[RawDocument], Any]] = deque()
        chunks = _chunks(documents, _WORKER_CHUNK)
        window = workers * _CHUNKS_PER_WORKER
        for chunk in itertools.islice(chunks, window):
            in_flight.append((chunk, pool.apply_async(_analyse_chunk, (chunk,))))
        while in_flight:
            chunk, pending = in_flight.popleft()
            results: list[ArticleAnalysis | Skipped] | None = None
            with contained("workers") as guard:
                results = pending.get()
            nxt = next(chunks, None)
            if nxt is not None:
                in_flight.append((nxt, pool.apply_async(_analyse_chunk, (nxt,))))
            # a chunk whose results could not come back (unpicklable, a worker gone): each of its
            # documents is a skip with that reason, and the run goes on
            if results is None:
                results = [Skipped(d.source, guard.reason or "", d.line) for d in chunk]
            yield from results


def _chunks(items: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _analyse_chunk(chunk: list[RawDocument]) -> list[ArticleAnalysis | Skipped]:
    """Run in a worker process: the pipeline over one chunk, in order."""
    return list(analyze_documents(chunk))


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


# --- stories --------------------------------------------------------------------------------


class _Stories:
    """MinHash LSH over stored articles; each article's story, each story's articles."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=SYNDICATION_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[int, bytes] = {}
        self.story_of: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}

    def add(self, article_id: int, story_id: int, sig: bytes, merged: Iterable[int] = ()) -> None:
        for old in merged:
            for member in self.members.pop(old, []):
                self.story_of[member] = story_id
                self.members.setdefault(story_id, []).append(member)
        self.members.setdefault(story_id, []).append(article_id)
        self.story_of[article_id] = story_id
        self.signatures[article_id] = sig
        self.lsh.insert(article_id, _lean(sig))

    def place(self, sig: bytes) -> tuple[int | None, tuple[int, ...]]:
        """The story a new article joins (None: a new one) and the stories it bridges."""
        matches = {
            self.story_of[c]
            for c in self.lsh.query(_lean(sig))
            if jaccard(sig, self.signatures[c]) >= SYNDICATION_THRESHOLD
        }
        if not matches:
            return None, ()
        story = min(matches)
        return story, tuple(sorted(matches - {story}))


def _lean(sig: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=_SCHEME)


# --- outlets --------------------------------------------------------------------------------


class _Outlets:
    """Who carried an article: its site name, else the outlet its URL's host belongs to.

    A host is named from a page's ``og:site_name`` or from an outlet name (a publisher seen in
    the corpus, or the outlet lexicon) that spells the host ("harborwire.news" = "Harbor Wire").
    A syndicated copy's byline names the *original* publisher, so the host, not the publisher,
    says who carried it; the publisher is the last resort, for articles without a URL.
    """

    def __init__(self) -> None:
        self.by_host: dict[str, str] = {}
        self.site_named: set[str] = set()
        self.by_squash: dict[str, str] = {_squash(n): n for n in outlet_names()}

    def learn(self, host: str | None, site_name: str | None, publisher: str | None) -> None:
        if publisher:
            self.by_squash.setdefault(_squash(publisher), publisher)
        if host and site_name:
            self.by_squash.setdefault(_squash(site_name), site_name)
            if host not in self.site_named:
                self.by_host[host] = site_name
                self.site_named.add(host)
        if host and host not in self.by_host:
            for variant in _host_variants(host):
                name = self.by_squash.get(variant)
                if name:
                    self.by_host[host] = name
                    break

    def outlet(self, host: str | None, site_name: str | None, publisher: str | None) -> str | None:
        if site_name:
            return site_name
        if host:
            return self.by_host.get(host, host)
        return publisher


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())


def _host_variants(host: str) -> list[str]:
    labels = [label for label in host.split(".") if label]
    return ["".join(labels[:n]) for n in range(1, len(labels) + 1)]


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", fold(name)))


# --- actors ---------------------------------------------------------------------------------

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Madam|Mme|Sir|Dame|Lord|Lady)\.?\s+$")
_HONORIFIC_GENDER = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "mme": "f",
    "dame": "f",
    "lady": "f",
}
_DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(?:ian|an|ese|ish|ic|i|ch)$")


@dataclass(frozen=True, slots=True)
class _Resolution:
    actor_ids: dict[str, int]
    new: tuple[GlobalActor, ...]
    changed: tuple[GlobalActor, ...]
    aliases: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class _PersonName:
    key: str
    given: tuple[str, ...]
    surname: str
    gender: str | None
    countries: frozenset[str]


class _ActorIndex:
    """Global actors in memory, indexed the ways :meth:`resolve` looks them up."""

    def __init__(self) -> None:
        self.by_id: dict[int, GlobalActor] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.full_by_surname: dict[str, list[int]] = {}
        self.surname_only: dict[str, list[int]] = {}
        self.alias_keys: dict[int, set[str]] = {}

    # -- index maintenance -------------------------------------------------------------------

    def add(self, actor: GlobalActor) -> None:
        self.by_id[actor.id] = actor
        self.alias_keys[actor.id] = {fold(n) for n in (actor.name, *actor.aliases)}
        if actor.scope_article is not None:
            return
        if actor.kind == "person":
            if actor.given_names:
                self.full_by_surname.setdefault(actor.surname or "", []).append(actor.id)
            else:
                self.surname_only.setdefault(actor.surname or actor.key, []).append(actor.id)
        else:
            self.by_key.setdefault((_class_of(actor.kind), actor.key), actor.id)

    def _drop(self, actor: GlobalActor) -> None:
        self.by_id.pop(actor.id, None)
        self.alias_keys.pop(actor.id, None)
        for index in (self.full_by_surname, self.surname_only):
            for ids in index.values():
                if actor.id in ids:
                    ids.remove(actor.id)

    def commit(self, new: Iterable[GlobalActor], changed: Iterable[GlobalActor]) -> None:
        for actor in new:
            self.add(actor)
        for actor in changed:
            previous = self.by_id.get(actor.id)
            if previous is not None and (previous.given_names, previous.surname) != (
                actor.given_names,
                actor.surname,
            ):
                self._drop(previous)
                self.add(actor)
            else:
                self.by_id[actor.id] = actor
                self.alias_keys.setdefault(actor.id, set()).update(
                    fold(n) for n in (actor.name, *actor.aliases)
                )
            if actor.kind != "person" and actor.scope_article is None:
                self.by_key[(_class_of(actor.kind), actor.key)] = actor.id

    def apply_merge(self, old: GlobalActor, into: GlobalActor) -> None:
        self._drop(old)
        self.commit((), (into,))

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, article_id: int, analysis: ArticleAnalysis, ids: _Ids) -> _Resolution:
        """Map each actor of an article to a global actor, creating or updating as needed.

        The in-memory index is not touched: :meth:`commit` takes the result once it is stored.
        """
        text = analysis.article.text
        mapping: dict[str, int] = {}
        new: dict[int, GlobalActor] = {}
        changed: dict[int, GlobalActor] = {}
        aliases: list[tuple[int, str]] = []
        local = {a.id: a for a in analysis.actors}

        def current(actor_id: int) -> GlobalActor:
            return new.get(actor_id) or changed.get(actor_id) or self.by_id[actor_id]

        def create(actor: GlobalActor) -> int:
            new[actor.id] = actor
            ids.actor += 1
            if actor.scope_article is None:
                aliases.extend((actor.id, n) for n in _unique((actor.name, *actor.aliases)))
            return actor.id

        # persons, countries and organisations first; groups need their principal's global id
        ordered = sorted(analysis.actors, key=lambda a: a.kind in ("group", "anonymous"))
        pending_new: dict[tuple[str, str], int] = {}
        for actor in ordered:
            if actor.kind in ("group", "anonymous"):
                principal = local.get(actor.affiliation or "")
                mapping[actor.id] = create(
                    GlobalActor(
                        id=ids.actor,
                        name=actor.name,
                        kind=actor.kind,
                        key=actor.key,
                        roles=actor.roles[:_MAX_ROLES],
                        affiliation=mapping.get(principal.id) if principal else None,
                        scope_article=article_id,
                        first_article=article_id,
                    )
                )
                continue
            if actor.kind == "person":
                name = _person_name(actor, text)
                found = self._find_person(name, extra=[current(i) for i in new])
            else:
                name = None
                key = (_class_of(actor.kind), actor.key)
                found = self.by_key.get(key, pending_new.get(key))
            if found is None:
                gid = create(_new_global(ids.actor, actor, name, article_id))
                if name is None:
                    pending_new[(_class_of(actor.kind), actor.key)] = gid
                mapping[actor.id] = gid
                continue
            mapping[actor.id] = found
            updated, added = _joined(current(found), actor, name)
            if updated is not None:
                if found in new:
                    new[found] = updated
                else:
                    changed[found] = updated
                aliases.extend((found, n) for n in added)
        # affiliations of people and organisations ("Harbor Wire's Tom Rivers")
        for actor in analysis.actors:
            if actor.affiliation is None or actor.kind in ("group", "anonymous"):
                continue
            gid = mapping[actor.id]
            target = mapping.get(actor.affiliation)
            glob = current(gid)
            if target is not None and glob.affiliation is None and target != gid:
                updated_actor = dataclasses.replace(glob, affiliation=target)
                if gid in new:
                    new[gid] = updated_actor
                else:
                    changed[gid] = updated_actor
        return _Resolution(
            actor_ids=mapping,
            new=tuple(new.values()),
            changed=tuple(changed.values()),
            aliases=tuple(dict.fromkeys(aliases)),
        )

    def _find_person(self, name: _PersonName, extra: Sequence[GlobalActor]) -> int | None:
        """The global person this name is, or None for a new one."""
        in_article = [a for a in extra if a.kind == "person" and a.scope_article is None]
        if name.given:
            pool = [self.by_id[i] for i in self.full_by_surname.get(name.surname, ())]
            pool += [a for a in in_article if a.given_names and a.surname == name.surname]
            fitting = [a for a in pool if _compatible(a, name)]
            exact = [a for a in fitting if a.key == name.key]
            if exact:
                return min(a.id for a in exact)
            return fitting[0].id if len(fitting) == 1 else None
        full = [self.by_id[i] for i in self.full_by_surname.get(name.surname, ())]
        full += [a for a in in_article if a.given_names and a.surname == name.surname]
        fitting = [a for a in full if _compatible(a, name)]
        if len(fitting) == 1:
            return fitting[0].id
        lone = [self.by_id[i] for i in self.surname_only.get(name.surname, ())]
        lone += [a for a in in_article if not a.given_names and a.surname == name.surname]
        lone = [a for a in lone if _compatible(a, name)]
        return min(a.id for a in lone) if lone else None

    def surname_merges(self) -> Iterator[tuple[GlobalActor, GlobalActor]]:
        """Each surname-only person with exactly one compatible full name, and its merged state."""
        for surname, ids in list(self.surname_only.items()):
            for actor_id in list(ids):
                old = self.by_id[actor_id]
                fitting = [
                    self.by_id[i]
                    for i in self.full_by_surname.get(surname, ())
                    if _compatible(self.by_id[i], _name_of(old))
                ]
                if len(fitting) != 1:
                    continue
                yield old, _absorbed(fitting[0], old)

    def person_named_merges(self) -> Iterator[tuple[GlobalActor, GlobalActor]]:
        """Each organisation whose whole name is one known person's full name, and that person
        merged with it: the model tags a person's name as ORG now and then ("Donald Trump"
        slammed ..., seen on real pages), and the user asking for the person must get every
        event. One-word names ("Ford") are not full names and stay apart."""
        for (kind, key), org_id in list(self.by_key.items()):
            org = self.by_id.get(org_id)
            if kind != "org" or org is None or org.kind != "organization":
                continue
            if len(key.split()) < 2:
                continue
            people = [
                self.by_id[i]
                for i in self.full_by_surname.get(key.split()[-1], ())
                if self.by_id[i].key == key
            ]
            if len(people) != 1:
                continue
            del self.by_key[(kind, key)]
            yield org, _absorbed(people[0], org)

    def ambiguity_changes(self) -> list[GlobalActor]:
        """Surname-only people whose ``ambiguous`` flag is out of date."""
        out = []
        for surname, ids in self.surname_only.items():
            for actor_id in ids:
                actor = self.by_id[actor_id]
                n = sum(
                    _compatible(self.by_id[i], _name_of(actor))
                    for i in self.full_by_surname.get(surname, ())
                )
                if (n > 1) != actor.ambiguous:
                    out.append(dataclasses.replace(actor, ambiguous=n > 1))
        return out


def _absorbed(into: GlobalActor, old: GlobalActor) -> GlobalActor:
    """``into`` once ``old`` is merged into it: its names, roles, gender hint and affiliation."""
    return dataclasses.replace(
        into,
        aliases=_merge_list(into.aliases, (old.name, *old.aliases), into.name, _MAX_ALIASES),
        roles=_merge_list(into.roles, old.roles, None, _MAX_ROLES),
        gender=into.gender or old.gender,
        affiliation=into.affiliation if into.affiliation is not None else old.affiliation,
    )


def _class_of(kind: str) -> str:
    return "org" if kind in ("organization", "outlet") else kind


def _person_name(actor: Actor, text: str) -> _PersonName:
    words = actor.key.replace(".", ". ").split()
    while len(words) > 1 and words[-1].strip(".,") in _SUFFIXES:
        words.pop()
    surname = words[-1] if words else actor.key
    given = tuple(w for w in words[:-1])
    gender: str | None = given_name_gender(given[0]) if given else None
    if gender is None:
        for start, _end in actor.mentions:
            match = _HONORIFIC.search(text[max(0, start - 8) : start])
            if match:
                gender = _HONORIFIC_GENDER[match.group(1).lower()]
                break
    return _PersonName(
        key=actor.key,
        given=given,
        surname=surname,
        gender=gender,
        countries=_role_countries(actor.roles),
    )


def _name_of(actor: GlobalActor) -> _PersonName:
    return _PersonName(
        key=actor.key,
        given=actor.given_names,
        surname=actor.surname or actor.key,
        gender=actor.gender,
        countries=_role_countries(actor.roles),
    )


def _role_countries(roles: Iterable[str]) -> frozenset[str]:
    """The countries a person's roles name ("Norlandic prime minister" -> {"norlandic"}).

    Known demonyms and country names map to the country's name; other capitalised words shaped
    like demonyms ("Kastorian") stand for themselves.
    """
    out = set()
    for role in roles:
        for word in re.findall(r"\b[A-Z][\w'-]+", role):
            country = country_by_demonym(word) or country_by_name(word)
            if country is not None:
                out.add(fold(country.name))
            elif _DEMONYM_SHAPE.match(word):
                out.add(fold(word))
    return frozenset(out)


def _compatible(actor: GlobalActor, name: _PersonName) -> bool:
    """Whether a global person and a name may be one person (nothing contradicts it)."""
    if actor.kind != "person" or actor.scope_article is not None:
        return False
    if (actor.surname or actor.key) != name.surname:
        return False
    if actor.given_names and name.given and not _given_agree(actor.given_names, name.given):
        return False
    if actor.gender and name.gender and actor.gender != name.gender:
        return False
    theirs = _role_countries(actor.roles)
    return not (theirs and name.countries and not theirs & name.countries)


def _given_agree(a: Sequence[str], b: Sequence[str]) -> bool:
    """Every given name of the shorter list matches one of the longer (an initial matches)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    free = list(long)
    for name in short:
        match = next((n for n in free if _same_given(name, n)), None)
        if match is None:
            return False
        free.remove(match)
    return True


def _same_given(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return a == b


def _new_global(
    actor_id: int, actor: Actor, name: _PersonName | None, article_id: int
) -> GlobalActor:
    return GlobalActor(
        id=actor_id,
        name=actor.name,
        kind=actor.kind,
        key=actor.key,
        aliases=_unique(actor.aliases)[:_MAX_ALIASES],
        roles=_unique(actor.roles)[:_MAX_ROLES],
        given_names=name.given if name else (),
        surname=name.surname if name else None,
        gender=name.gender if name else None,
        first_article=article_id,
    )


def _joined(
    glob: GlobalActor, actor: Actor, name: _PersonName | None
) -> tuple[GlobalActor | None, tuple[str, ...]]:
    """The global actor with what this article adds (None: nothing new), and the new aliases."""
    changes: dict[str, Any] = {}
    known = {fold(n) for n in (glob.name, *glob.aliases)}
    added = tuple(n for n in _unique((actor.name, *actor.aliases)) if fold(n) not in known)
    if name is not None and len(name.given) > len(glob.given_names):
        # a fuller form of the name ("Recep Tayyip Erdoğan" after "Tayyip Erdogan") names the actor
        changes.update(name=actor.name, key=actor.key, given_names=name.given)
        added = tuple(n for n in (glob.name, *added) if fold(n) != fold(actor.name))
    new_aliases = _merge_list(glob.aliases, added, changes.get("name", glob.name), _MAX_ALIASES)
    if new_aliases != glob.aliases:
        changes["aliases"] = new_aliases
    roles = _merge_list(glob.roles, actor.roles, None, _MAX_ROLES)
    if roles != glob.roles:
        changes["roles"] = roles
    if name is not None and glob.gender is None and name.gender is not None:
        changes["gender"] = name.gender
    if glob.kind == "organization" and actor.kind == "outlet":
        changes["kind"] = "outlet"
    if not changes:
        return None, ()
    return dataclasses.replace(glob, **changes), added


def _merge_list(
    old: Sequence[str], extra: Iterable[str], exclude: str | None, cap: int
) -> tuple[str, ...]:
    out = list(old)
    keys = {fold(x) for x in out}
    if exclude is not None:
        keys.add(fold(exclude))
    for item in extra:
        if len(out) >= cap:
            break
        if fold(item) not in keys:
            out.append(item)
            keys.add(fold(item))
    if exclude is not None:
        out = [x for x in out if fold(x) != fold(exclude)]
    return tuple(out)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)
