"""Knowledge as data: the package's lexicon files and their loaders.

Each data file starts with ``#`` lines saying what it holds and where its facts come from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from detente.lexicon.events import (
    EventLexicon,
    LexiconError,
    TriggerEntry,
    event_lexicon,
    parse_event_lexicon,
)

__all__ = [
    "Cue",
    "EventLexicon",
    "LexiconError",
    "Outlet",
    "Title",
    "TriggerEntry",
    "agents",
    "cues",
    "event_lexicon",
    "outlet_names",
    "outlets",
    "parse_event_lexicon",
    "titles",
]


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news organisation or platform from ``outlets.tsv``."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    needs_cue: bool = False


def _rows(filename: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return rows[1:]  # the first non-comment line is the column header


@functools.cache
def outlets() -> tuple[Outlet, ...]:
    """Every curated outlet and platform."""
    out = []
    for row in _rows("outlets.tsv"):
        name, kind = row[0], row[1]
        aliases = tuple(a for a in (row[2].split("|") if len(row) > 2 else []) if a)
        needs_cue = len(row) > 3 and row[3] == "cue"
        out.append(Outlet(name=name, kind=kind, aliases=aliases, needs_cue=needs_cue))
    return tuple(out)


@functools.cache
def outlet_names() -> frozenset[str]:
    """Lower-cased names and aliases of every curated outlet, for quick membership tests."""
    return frozenset(n.lower() for o in outlets() for n in (o.name, *o.aliases))


@dataclass(frozen=True, slots=True)
class Title:
    """A title or role noun from ``titles.tsv``; ``role`` is None for honorifics (Mr, Dr)."""

    title: str
    role: str | None
    category: str
    gender: str | None


@functools.cache
def titles() -> dict[str, Title]:
    """Titles by their lower-case text ("prime minister", "sen.")."""
    out = {}
    for row in _rows("titles.tsv"):
        title, role, category, gender = row
        out[title] = Title(
            title=title,
            role=None if role == "-" else role,
            category=category,
            gender=None if gender == "-" else gender,
        )
    return out


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution verb from ``cues.tsv``."""

    lemma: str
    kind: str
    channel: str | None


@functools.cache
def cues() -> dict[str, Cue]:
    """Attribution cue verbs by lemma."""
    return {
        row[0]: Cue(lemma=row[0], kind=row[1], channel=None if row[2] == "-" else row[2])
        for row in _rows("cues.tsv")
    }


@functools.cache
def agents() -> dict[str, str]:
    """Generic agent nouns ("police", "troops") by lemma, with their CAMEO agent code."""
    return {row[0]: row[1] for row in _rows("agents.tsv")}
