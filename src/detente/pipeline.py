"""The single-article pipeline: ingest -> clean -> nlp -> (actors, quotes, events, dates).

``analyze`` is the public entry point for one text; ``analyze_documents`` runs a batch through
``nlp.pipe`` and yields, in input order, one :class:`ArticleAnalysis` or :class:`Skipped` each.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

from detente.actors import extract_actors
from detente.clean import clean
from detente.config import max_article_chars
from detente.dates import find_dates
from detente.errors import InputError, contained
from detente.events import extract_events
from detente.ingest import looks_like_html
from detente.ingest._dates import parse_iso_date
from detente.ingest.jsonl import parse_jsonl_lines
from detente.nlp import parse, parse_many
from detente.quotes import extract_quotes
from detente.records import (
    ArticleAnalysis,
    CleanArticle,
    ParsedArticle,
    RawDocument,
    Skipped,
    SourceKind,
)
from detente.relations import summarize_relations

__all__ = ["analyze", "analyze_documents", "analyze_parsed"]

# Documents cleaned and parsed together: enough to keep nlp.pipe's batches full, few enough that
# memory stays flat on a stream of any length.
_CHUNK = 64
_T = TypeVar("_T")
_SURROGATE = re.compile("[\ud800-\udfff]")


def analyze(
    text_or_html: str,
    published: date | str | None = None,
    url: str | None = None,
) -> ArticleAnalysis:
    """Analyse one article given as plain text or HTML.

    Args:
        text_or_html: the article; HTML is recognised by its markup.
        published: publication date (``date`` or ``YYYY-MM-DD``); relative dates resolve against it.
        url: where the article was published.

    Returns:
        The analysis; fields of stages not built yet are empty.

    Raises:
        InputError: empty text, a page without article text, or a malformed date.
        ModelError: the spaCy model is not installed.
    """
    if not isinstance(text_or_html, str) or not text_or_html.strip():
        raise InputError("<text>", "input is empty")
    if isinstance(published, str):
        published = parse_iso_date("<text>", published, field="published")
    raw = RawDocument(
        source="<text>",
        kind="html" if looks_like_html(text_or_html) else "text",
        content=text_or_html,
        url=url,
        published=published,
    )
    result = next(analyze_documents([raw]))
    if isinstance(result, Skipped):
        raise InputError(result.source, result.reason)
    return result


def analyze_documents(
    documents: Iterable[RawDocument | Skipped | Mapping[str, Any] | str], *, n_process: int = 1
) -> Iterator[ArticleAnalysis | Skipped]:
    """Analyse documents in input order; a document that fails comes back as :class:`Skipped`.

    Each document is a :class:`RawDocument`, or a dict with the keys of a JSON Lines record
    (``text`` or ``html``, ``published``, ``url``, ``title``, ``language``, ``id``), or a string
    of text or HTML. A record or a date that cannot be read (``published="March 5th"``, a dict
    without ``text``, a number) is that document's :class:`Skipped`, with the reason.
    Input is consumed in chunks, so a long stream never sits in memory whole.
    """
    stream = (_as_document(d, n) for n, d in enumerate(documents, start=1))
    while chunk := list(itertools.islice(stream, _CHUNK)):
        yield from _analyse_chunk(chunk, n_process)


def _as_document(item: object, number: int) -> RawDocument | Skipped:
    """``item`` as a document: a dict read as a JSON Lines record, a string as text or HTML."""
    where = f"<document {number}>"
    if isinstance(item, Skipped):
        return item
    if isinstance(item, RawDocument):
        if isinstance(item.published, str):
            try:
                day = parse_iso_date(item.source, item.published, field="published")
            except InputError as exc:
                return Skipped(source=exc.source, reason=exc.problem, line=item.line)
            return dataclasses.replace(item, published=day)
        return item
    if isinstance(item, str):
        kind: SourceKind = "html" if looks_like_html(item) else "text"
        return RawDocument(source=where, kind=kind, content=item)
    if isinstance(item, Mapping):
        try:
            line = json.dumps(dict(item), ensure_ascii=False, default=_json_value).encode()
        except (TypeError, ValueError) as exc:
            return Skipped(source=where, reason=f"record cannot be read: {exc}")
        record = next(parse_jsonl_lines(where, [line]))
        return dataclasses.replace(record, source=where, line=None)
    return Skipped(
        source=where,
        reason=f"not a document: a {type(item).__name__} (give a RawDocument, a dict or a str)",
    )


def _json_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} value is not text, a number or a date")


def _analyse_chunk(
    documents: Iterable[RawDocument | Skipped], n_process: int
) -> Iterator[ArticleAnalysis | Skipped]:
    items: list[ArticleAnalysis | Skipped | None] = []
    cleaned: list[CleanArticle] = []
    lines: list[int | None] = []
    for doc in documents:
        if isinstance(doc, Skipped):
            items.append(doc)
            continue
        article: CleanArticle | None = None
        with contained("clean") as guard:
            try:
                article = _clean(doc)
            except InputError as exc:
                items.append(Skipped(source=exc.source, reason=exc.problem, line=doc.line))
                continue
        if article is None:
            items.append(Skipped(doc.source, guard.reason or "", doc.line))
            continue
        cleaned.append(article)
        lines.append(doc.line)
        items.append(None)
    parsed = iter(zip(_parse(cleaned, lines, n_process), lines, strict=True))
    for item in items:
        if item is not None:
            yield item
            continue
        one, line = next(parsed)
        yield one if isinstance(one, Skipped) else analyze_parsed(one, line)


def _clean(doc: RawDocument) -> CleanArticle:
    article = clean(_valid_unicode(doc))
    limit = max_article_chars()
    if len(article.text) > limit:
        raise InputError(
            doc.source,
            f"article text is {len(article.text):,} characters, over the {limit:,}-character "
            "limit (set DETENTE_MAX_CHARS to raise it, up to 1,000,000)",
        )
    return article


def _valid_unicode(doc: RawDocument) -> RawDocument:
    """The document with lone surrogates (from JSON escapes like "\\ud800") replaced by U+FFFD:
    they are no text, and spaCy, DuckDB and any UTF-8 output refuse them."""
    fields = ("content", "title", "url", "doc_id", "language")
    changes: dict[str, Any] = {
        name: _SURROGATE.sub("\ufffd", value)
        for name in fields
        if isinstance(value := getattr(doc, name), str) and _SURROGATE.search(value)
    }
    return dataclasses.replace(doc, **changes) if changes else doc


def _parse(
    articles: list[CleanArticle], lines: list[int | None], n_process: int
) -> list[ParsedArticle | Skipped]:
    """Parse the chunk together; if that fails, one by one, so only the failing article skips."""
    with contained("nlp"):
        return list(parse_many(articles, n_process=n_process))
    out: list[ParsedArticle | Skipped] = []
    for article, line in zip(articles, lines, strict=True):
        with contained("nlp") as guard:
            out.append(parse(article))
        if guard.reason is not None:
            out.append(Skipped(article.source, guard.reason, line))
    return out


def analyze_parsed(
    parsed: ParsedArticle, line: int | None, clock: dict[str, float] | None = None
) -> ArticleAnalysis | Skipped:
    """Run the stages after the parse (actors, dates, quotes, events, relations) on one article.

    Args:
        parsed: the article and its parse (no parse: an analysis with the article alone).
        line: its line in the input, kept on the :class:`Skipped` when a stage fails.
        clock: when given, each stage's seconds are added to it under the stage's name
            (``benchmarks/profile_pipeline.py``).

    Returns:
        The analysis, or the document's :class:`Skipped` naming the stage a bug stopped.
    """
    if parsed.doc is None:
        return ArticleAnalysis(article=parsed.article)
    with contained("actors") as guard:

        def stage(name: str, run: Callable[[], _T]) -> _T:
            guard.stage = name
            if clock is None:
                return run()
            started = time.perf_counter()
            out = run()
            clock[name] = clock.get(name, 0.0) + time.perf_counter() - started
            return out

        doc = parsed.doc
        actors = stage("actors", lambda: extract_actors(parsed))
        dates = stage("dates", lambda: find_dates(doc, parsed.article.published))
        quotes = stage("quotes", lambda: extract_quotes(parsed, actors, dates))
        events = stage("events", lambda: extract_events(parsed, actors, quotes, dates))
        relations = stage("relations", lambda: summarize_relations(events, actors))
        return ArticleAnalysis(
            article=parsed.article,
            actors=actors.actors,
            quotes=quotes,
            events=events,
            relations=relations,
        )
    return Skipped(parsed.article.source, guard.reason or "", line)
