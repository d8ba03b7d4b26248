"""detente: evidence-backed, dated accounts of how public figures stand with each other.

Public API::

    import detente
    result = detente.analyze(text_or_html, published="2024-07-16", url=None)
    result.to_dict()   # the JSON contract of `detente analyze`
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from detente.errors import (
    DetenteError,
    EmptyInputError,
    EncodingError,
    EvaluationError,
    InputError,
    ModelError,
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
    from detente.pipeline import analyze, analyze_documents

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The pipeline (spaCy, trafilatura) loads on first use, so that commands that only read the
    # store, and `import detente.records`, start fast.
    if name in ("analyze", "analyze_documents"):
        from detente import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'detente' has no attribute {name!r}")


__all__ = [
    "Actor",
    "ArticleAnalysis",
    "CleanArticle",
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
    "__version__",
    "analyze",
    "analyze_documents",
]
