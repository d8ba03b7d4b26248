"""Errors raised by detente.

Every error the library raises on purpose derives from :class:`DetenteError`, so an interface can
catch one type, print its message and exit non-zero without a traceback::

    DetenteError
     ├── InputError          the input cannot be read or holds no article
     │    ├── EncodingError  bytes that are not text in any encoding we can detect
     │    └── EmptyInputError  nothing to analyse (empty file, page without article text)
     ├── ModelError          the spaCy model is missing or cannot be loaded
     ├── StoreError          the corpus store (DuckDB file) is locked, corrupt or too new
     ├── ActorLookupError    a name matches no actor of the corpus, or several
     └── EvaluationError     gold data for `detente eval` is missing or malformed

Messages say what happened and how to fix it; they name the input (``source``) when there is one.
"""

from __future__ import annotations

__all__ = [
    "ActorLookupError",
    "DetenteError",
    "EmptyInputError",
    "EncodingError",
    "EvaluationError",
    "InputError",
    "ModelError",
    "StoreError",
]


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
