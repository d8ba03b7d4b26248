"""Names: folding text for matching, and given names as a weak hint for pronoun agreement.

``fold`` makes "Erdoğan", "ERDOGAN" and "Erdogan" one key; every lexicon lookup goes through it.
``given_name_gender`` reads ``given_names.tsv``. It is only a hint for resolving "he"/"she" to
a person already named in the text; detente never reports a person's gender from it.

Malformed lexicon files raise :class:`LexiconError`, naming the file and line.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Literal, cast

from detente.errors import DetenteError

__all__ = [
    "GivenName",
    "LexiconError",
    "fold",
    "given_name_gender",
    "given_names",
    "parse_given_names",
]

Gender = Literal["m", "f", "u"]
_GENDERS: frozenset[str] = frozenset({"m", "f", "u"})


class LexiconError(DetenteError):
    """A lexicon data file is malformed.

    Args:
        source: the file's name (``given_names.tsv``).
        line: the 1-based line number of the bad row.
        problem: what is wrong with it, phrased for a person.
    """

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        super().__init__(f"{source}:{line}: {problem}; fix the row in src/detente/lexicon/{source}")


# Letters NFKD leaves whole (they are not base letter + combining mark), and apostrophe variants.
_EXTRA_FOLDS: dict[str, str] = {
    "ı": "i",
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ß": "ss",
    "ẞ": "ss",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "þ": "th",
    "Þ": "th",
    "ð": "d",
    "Ð": "d",
    "ħ": "h",
    "Ħ": "h",
    "’": "'",
    "‘": "'",
    "‛": "'",
    "ʼ": "'",
    "ʻ": "'",
}


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics: "Erdoğan" -> "erdogan", "straße" -> "strasse"."""
    if text.isascii():  # most mentions in English news; skips normalisation entirely
        return text.lower()
    return _fold_unicode(text)


@functools.lru_cache(maxsize=16384)  # the same few names recur across a document's mentions
def _fold_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    extra = _EXTRA_FOLDS
    return "".join([extra.get(c, c) for c in decomposed if not unicodedata.combining(c)]).lower()


def _table(text: str, source: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for each data row of a lexicon TSV, checking the header."""
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(fields) != columns:
                raise LexiconError(
                    source, number, f"expected the column header {'<TAB>'.join(columns)!r}"
                )
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise LexiconError(
                source,
                number,
                f"expected {len(columns)} tab-separated fields ({', '.join(columns)}), "
                f"found {len(fields)}",
            )
        if any(f != f.strip() for f in fields):
            raise LexiconError(source, number, "a field has leading or trailing spaces")
        yield number, fields
    if not header_seen:
        raise LexiconError(source, 1, f"no column header {'<TAB>'.join(columns)!r}")


def _read(filename: str) -> str:
    return resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class GivenName:
    """A given name from ``given_names.tsv``; gender "u" marks unisex or culture-dependent names."""

    name: str
    gender: Gender


def parse_given_names(text: str, source: str = "given_names.tsv") -> tuple[GivenName, ...]:
    """Parse the text of a given-names table.

    Args:
        text: TSV with ``#`` comment lines, the header ``name<TAB>gender``, then one name a row.
        source: the file name used in error messages.

    Returns:
        The names in file order.

    Raises:
        LexiconError: a row is malformed, has an unknown gender or repeats a (folded) name.
    """
    seen: dict[str, int] = {}
    out = []
    for number, (name, gender) in _table(text, source, ("name", "gender")):
        if not name:
            raise LexiconError(source, number, "empty name")
        if gender not in _GENDERS:
            raise LexiconError(source, number, f"gender {gender!r} is not one of m, f, u")
        key = fold(name)
        if key in seen:
            raise LexiconError(source, number, f"{name!r} repeats line {seen[key]}")
        seen[key] = number
        out.append(GivenName(name=name, gender=cast(Gender, gender)))
    return tuple(out)


@functools.cache
def given_names() -> tuple[GivenName, ...]:
    """Every given name in ``given_names.tsv``."""
    return parse_given_names(_read("given_names.tsv"))


@functools.cache
def _gender_by_name() -> dict[str, Gender]:
    return {fold(g.name): g.gender for g in given_names()}


def given_name_gender(name: str) -> Literal["m", "f"] | None:
    """The usual gender of a given name, as a weak hint for pronoun agreement only.

    Args:
        name: a given name in any case, with or without diacritics ("josé", "JOSE").

    Returns:
        "m" or "f"; None for unknown, unisex or culture-dependent names ("Alex", "Andrea").
    """
    gender = _gender_by_name().get(fold(name.strip()))
    return None if gender is None or gender == "u" else gender
