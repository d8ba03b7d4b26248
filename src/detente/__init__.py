"""detente: evidence-backed, dated accounts of how public figures stand with each other.

Public API::

    import detente
    result = detente.analyze(text_or_html, published="2024-07-16", url=None)
    result.to_dict()   # the JSON contract of `detente analyze`

    with detente.Corpus("news.duckdb") as corpus:   # a corpus store (detente.api)
        corpus.ingest(["articles/"])
        corpus.relation("Mercer", "Hollins"); corpus.events(actor="Mercer", since="2024")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from detente.errors import (
    ActorLookupError,
    DetenteError,
    EmptyInputError,
    EncodingError,
    EvaluationError,
    InputError,
    ModelError,
    StoreError,
)
from detente.records import (
    Actor,
    ArticleAnalysis,
    CleanArticle,
    DateRange,
    Event,
    Evidence,
    Quote,
    RawDocument,
    Relation,
    Removed,
    Skipped,
)

if TYPE_CHECKING:
    from detente.api import Corpus
    from detente.pipeline import analyze, analyze_documents

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The pipeline (spaCy, trafilatura) loads on first use, so that commands that only read the
    # store, and `import detente.records`, start fast.
    if name in ("analyze", "analyze_documents"):
        from detente import pipeline

        return getattr(pipeline, name)
    if name == "Corpus":
        from detente.api import Corpus

        return Corpus
    raise AttributeError(f"module 'detente' has no attribute {name!r}")


__all__ = [
    "Actor",
    "ActorLookupError",
    "ArticleAnalysis",
    "CleanArticle",
    "Corpus",
    "DateRange",
    "DetenteError",
    "EmptyInputError",
    "EncodingError",
    "EvaluationError",
    "Event",
    "Evidence",
    "InputError",
    "ModelError",
    "Quote",
    "RawDocument",
    "Relation",
    "Removed",
    "Skipped",
    "StoreError",
    "__version__",
    "analyze",
    "analyze_documents",
]
