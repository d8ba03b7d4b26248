"""Knowledge as data: the package's lexicon files and their loaders.

Each data file starts with ``#`` lines saying what it holds and where its facts come from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["Outlet", "outlet_names", "outlets"]


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news organisation or platform from ``outlets.tsv``."""

    name: str
    kind: str
    aliases: tuple[str, ...]


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
        out.append(Outlet(name=name, kind=kind, aliases=aliases))
    return tuple(out)


@functools.cache
def outlet_names() -> frozenset[str]:
    """Lower-cased names and aliases of every curated outlet, for quick membership tests."""
    return frozenset(n.lower() for o in outlets() for n in (o.name, *o.aliases))
