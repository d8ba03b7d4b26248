"""Errors raised by detente.

Every error the library raises on purpose derives from :class:`DetenteError`, so an interface can
catch one type, print its message and exit non-zero without a traceback::

    DetenteError
     ├── InputError          the input cannot be read or holds no article
     │    ├── EncodingError  bytes that are not text in any encoding we can detect
     │    └── EmptyInputError  nothing to analyse (empty file, page without article text)
     ├── ModelError          the spaCy model is missing or cannot be loaded
     ├── StoreError          the corpus store (DuckDB file) is locked, corrupt or too new
     ├── EngineError         a distributed engine cannot start or reach its cluster
     ├── ActorLookupError    a name matches no actor of the corpus, or several
     └── EvaluationError     gold data for `detente eval` is missing or malformed

Messages say what happened and how to fix it; they name the input (``source``) when there is one.

A bug that one document trips (any other exception inside a stage) is not raised through a batch:
:class:`contained` turns it into that document's skip reason, ``internal error in <stage>:
...``, so the batch goes on and the summary counts it (see docs/RELIABILITY.md).
"""

from __future__ import annotations

import os
import sys
import traceback
from types import TracebackType

__all__ = [
    "ActorLookupError",
    "DetenteError",
    "EmptyInputError",
    "EncodingError",
    "EngineError",
    "EvaluationError",
    "InputError",
    "ModelError",
    "StoreError",
    "contained",
    "internal_error",
    "is_internal_error",
]

INTERNAL_ERROR = "internal error in "
# A skip reason stays one readable line, whatever the exception's message holds.
_MAX_MESSAGE = 300


class DetenteError(Exception):
    """Root of every error detente raises deliberately."""


class InputError(DetenteError):
    """An input cannot be read, decoded or analysed.

    Args:
        source: the input's name as the user gave it (path, ``<stdin>``, ``file.jsonl:3``).
        problem: what is wrong with it, phrased for a person.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class EncodingError(InputError):
    """The bytes are binary or in an encoding that cannot be detected."""


class EmptyInputError(InputError):
    """The input holds no text to analyse."""


class ModelError(DetenteError):
    """A model (the spaCy pipeline, the event typer) cannot be loaded."""


class StoreError(DetenteError):
    """The corpus store cannot be opened, read or written (locked, corrupt, newer schema)."""


class EngineError(DetenteError):
    """A distributed engine (Dask) cannot start, or its scheduler cannot be reached."""


class ActorLookupError(DetenteError):
    """A name given to a corpus query matches no actor, or several (``candidates``).

    Args:
        name: the name as given.
        candidates: the actors it could mean (empty when none); pass one's ``#id`` instead.
    """

    def __init__(self, name: str, candidates: tuple[object, ...] = ()) -> None:
        self.name = name
        self.candidates = candidates
        if candidates:
            listed = ", ".join(
                f"#{getattr(c, 'id', '?')} {getattr(c, 'name', c)}" for c in candidates[:10]
            )
            problem = f"{name!r} is ambiguous: it could be {listed}; pass a full name or #id"
        else:
            problem = f"no actor named {name!r} in the corpus"
        super().__init__(problem)


class EvaluationError(DetenteError):
    """Gold data for an evaluation stage is missing or malformed."""


def internal_error(stage: str, exc: BaseException) -> str:
    """The skip reason for a bug that one document tripped in ``stage``.

    With ``DETENTE_DEBUG=1`` the traceback is also written to standard error.
    """
    if os.environ.get("DETENTE_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    # one line of valid Unicode: a message may quote the document (lone surrogates included)
    message = " ".join(str(exc).split()).encode("utf-8", "backslashreplace").decode("utf-8")
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"{INTERNAL_ERROR}{stage}: {detail}"


def is_internal_error(reason: str) -> bool:
    """Whether a skip reason records a bug (see :func:`internal_error`) rather than bad input."""
    return reason.startswith(INTERNAL_ERROR)


class contained:
    """Contain a bug that one document trips: the only place that catches every exception.

    Inside the block, any exception other than a :class:`DetenteError` (which callers handle:
    bad input is a skip of its own, a store or model error stops the run) and other than
    ``KeyboardInterrupt``/``SystemExit`` is caught; ``guard.reason`` is then the skip reason
    (:func:`internal_error`), else None.
    """

    def __init__(self, stage: str, *, passing: tuple[type[Exception], ...] = ()) -> None:
        self.stage = stage
        self.passing = passing  # exceptions the caller handles itself (a damaged archive)
        self.reason: str | None = None

    def __enter__(self) -> contained:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc is None or not isinstance(exc, Exception) or isinstance(exc, DetenteError):
            return False
        if isinstance(exc, self.passing):
            return False
        self.reason = internal_error(self.stage, exc)
        return True
