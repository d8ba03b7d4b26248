"""Places: countries and territories by name, alias, demonym and seat of government.

Reads ``countries.tsv``. Lookups fold case and diacritics ("Türkiye" == "turkiye") and ignore a
leading "the" and a trailing possessive ("the Kremlin", "Russia's"). They match strings, not
meanings: "Washington" may be a surname, "Jordan" a given name, "US" the pronoun "us" in a
headline; callers decide from context whether a match names a country.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from detente.lexicon.names import LexiconError, _read, _table, fold

__all__ = [
    "Country",
    "countries",
    "country_by_demonym",
    "country_by_name",
    "country_by_seat",
    "parse_countries",
]

_COLUMNS = ("name", "iso3", "aliases", "demonyms", "seats")
_ISO3 = re.compile(r"[A-Z]{3}")
_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"'s?$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory from ``countries.tsv``.

    ``iso3`` is the ISO 3166-1 alpha-3 code (Kosovo uses the user-assigned XKX); ``seats`` are
    places that stand for its government in news text ("Kremlin", "Downing Street").
    """

    name: str
    iso3: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    seats: tuple[str, ...]


def _split(field: str, column: str, source: str, number: int) -> tuple[str, ...]:
    if not field:
        return ()
    parts = tuple(field.split("|"))
    if any(not p or p != p.strip() for p in parts):
        raise LexiconError(source, number, f"{column} has an empty or space-padded item")
    if len(set(parts)) != len(parts):
        raise LexiconError(source, number, f"{column} lists an item twice")
    return parts


def parse_countries(text: str, source: str = "countries.tsv") -> tuple[Country, ...]:
    """Parse the text of a countries table.

    Args:
        text: TSV with ``#`` comment lines, the header
            ``name<TAB>iso3<TAB>aliases<TAB>demonyms<TAB>seats``, then one country a row;
            list fields are "|"-separated and may be empty.
        source: the file name used in error messages.

    Returns:
        The countries in file order.

    Raises:
        LexiconError: a row is malformed, an ISO code is invalid or repeated, or a name, alias,
            demonym or seat belongs to two countries.
    """
    out = []
    iso_seen: dict[str, int] = {}
    # one owner per folded key in each index, so a lookup can never be a coin toss
    owners: dict[str, dict[str, tuple[str, int]]] = {"name": {}, "demonym": {}, "seat": {}}
    for number, (name, iso3, aliases, demonyms, seats) in _table(text, source, _COLUMNS):
        if not name:
            raise LexiconError(source, number, "empty name")
        if not _ISO3.fullmatch(iso3):
            raise LexiconError(source, number, f"iso3 {iso3!r} is not three capital letters")
        if iso3 in iso_seen:
            raise LexiconError(source, number, f"iso3 {iso3} repeats line {iso_seen[iso3]}")
        iso_seen[iso3] = number
        country = Country(
            name=name,
            iso3=iso3,
            aliases=_split(aliases, "aliases", source, number),
            demonyms=_split(demonyms, "demonyms", source, number),
            seats=_split(seats, "seats", source, number),
        )
        for index, items in (
            ("name", (country.name, *country.aliases)),
            ("demonym", country.demonyms),
            ("seat", country.seats),
        ):
            for item in items:
                key = _key(item)
                owner = owners[index].setdefault(key, (name, number))
                if owner[0] != name:
                    raise LexiconError(
                        source,
                        number,
                        f"{index} {item!r} already belongs to {owner[0]} (line {owner[1]})",
                    )
        out.append(country)
    return tuple(out)


def _key(text: str) -> str:
    return _THE.sub("", _SPACES.sub(" ", fold(text.strip())))


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every country and territory in ``countries.tsv``."""
    return parse_countries(_read("countries.tsv"))


@functools.cache
def _index(kind: str) -> dict[str, Country]:
    index: dict[str, Country] = {}
    for country in countries():
        if kind == "name":
            items: tuple[str, ...] = (country.name, *country.aliases)
        elif kind == "demonym":
            items = country.demonyms
        else:
            items = country.seats
        for item in items:
            index[_key(item)] = country
    return index


def _lookup(kind: str, text: str) -> Country | None:
    index = _index(kind)
    key = _key(text)
    found = index.get(key)
    if found is None and key.endswith(("'s", "'")):
        found = index.get(_POSSESSIVE.sub("", key))
    return found


def country_by_name(text: str) -> Country | None:
    """The country a name or alias denotes: "United States", "the U.S.", "Türkiye", "Burma".

    Args:
        text: the name as written; case, diacritics and a leading "the" are ignored.

    Returns:
        The country, or None when the text names none.
    """
    return _lookup("name", text)


def country_by_demonym(text: str) -> Country | None:
    """The country of a demonym, adjective or plural: "Israeli", "Israelis", "Russian".

    Args:
        text: the word as written; case and diacritics are ignored.

    Returns:
        The country, or None when the word is no known demonym.
    """
    return _lookup("demonym", text)


def country_by_seat(text: str) -> Country | None:
    """The country whose government a capital or seat stands for: "the Kremlin", "Washington".

    Args:
        text: the place as written; case, diacritics and a leading "the" are ignored.

    Returns:
        The country, or None when the place is no known seat.
    """
    return _lookup("seat", text)
