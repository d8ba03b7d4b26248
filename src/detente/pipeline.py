"""The single-article pipeline: ingest -> clean -> nlp -> (actors, quotes, events, dates).

``analyze`` is the public entry point for one text; ``analyze_documents`` runs a batch through
``nlp.pipe`` and yields, in input order, one :class:`ArticleAnalysis` or :class:`Skipped` each.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import date

from detente.actors import extract_actors
from detente.clean import clean
from detente.dates import find_dates
from detente.errors import InputError
from detente.events import extract_events
from detente.ingest import looks_like_html
from detente.ingest._dates import parse_iso_date
from detente.nlp import parse_many
from detente.quotes import extract_quotes
from detente.records import ArticleAnalysis, ParsedArticle, RawDocument, Skipped
from detente.relations import summarize_relations

__all__ = ["analyze", "analyze_documents"]

# Documents cleaned and parsed together: enough to keep nlp.pipe's batches full, few enough that
# memory stays flat on a stream of any length.
_CHUNK = 64


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
    documents: Iterable[RawDocument | Skipped], *, n_process: int = 1
) -> Iterator[ArticleAnalysis | Skipped]:
    """Analyse documents in input order; a document that fails comes back as :class:`Skipped`.

    Input is consumed in chunks, so a long stream never sits in memory whole.
    """
    stream = iter(documents)
    while chunk := list(itertools.islice(stream, _CHUNK)):
        yield from _analyse_chunk(chunk, n_process)


def _analyse_chunk(
    documents: Iterable[RawDocument | Skipped], n_process: int
) -> Iterator[ArticleAnalysis | Skipped]:
    items: list[ArticleAnalysis | Skipped | None] = []
    cleaned = []
    for doc in documents:
        if isinstance(doc, Skipped):
            items.append(doc)
            continue
        try:
            cleaned.append(clean(doc))
            items.append(None)
        except InputError as exc:
            items.append(Skipped(source=exc.source, reason=exc.problem, line=doc.line))
    parsed = parse_many(cleaned, n_process=n_process)
    for item in items:
        yield _analyse(next(parsed)) if item is None else item


def _analyse(parsed: ParsedArticle) -> ArticleAnalysis:
    if parsed.doc is None:
        return ArticleAnalysis(article=parsed.article)
    actors = extract_actors(parsed)
    dates = find_dates(parsed.doc, parsed.article.published)
    quotes = extract_quotes(parsed, actors, dates)
    events = extract_events(parsed, actors, quotes, dates)
    return ArticleAnalysis(
        article=parsed.article,
        actors=actors.actors,
        quotes=quotes,
        events=events,
        relations=summarize_relations(events, actors),
    )
