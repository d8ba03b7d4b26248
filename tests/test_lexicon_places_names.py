"""Lexicon places and names: country lookups, diacritic folding, given-name hints, file checks."""

from __future__ import annotations

import pytest

from detente.errors import DetenteError
from detente.lexicon import names, places
from detente.lexicon.names import (
    LexiconError,
    fold,
    given_name_gender,
    given_names,
    parse_given_names,
)
from detente.lexicon.places import (
    Country,
    countries,
    country_by_demonym,
    country_by_name,
    country_by_seat,
    parse_countries,
)

COUNTRY_HEADER = "# test table\nname\tiso3\taliases\tdemonyms\tseats\n"
NAMES_HEADER = "# test table\nname\tgender\n"


def test_public_api_is_listed() -> None:
    for module in (names, places):
        for name in module.__all__:
            assert hasattr(module, name), name


# -- countries ---------------------------------------------------------------------------------


def test_countries_cover_un_members_and_common_others() -> None:
    table = countries()
    codes = {c.iso3 for c in table}
    assert len(table) >= 200
    assert {"USA", "RUS", "CHN", "TWN", "XKX", "PSE", "VAT", "ESH", "HKG"} <= codes
    assert all(isinstance(c, Country) and len(c.iso3) == 3 for c in table)
    assert countries() is table  # cached


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("United States", "USA"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("the U.S.", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("united states of america", "USA"),
        ("Britain", "GBR"),
        ("the UK", "GBR"),
        ("Russia", "RUS"),
        ("Russia's", "RUS"),
        ("Russian Federation", "RUS"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Burma", "MMR"),
        ("Czechia", "CZE"),
        ("DRC", "COD"),
        ("Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("the Gambia", "GMB"),
        ("The Netherlands", "NLD"),
        ("Holland", "NLD"),
        ("the Philippines", "PHL"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("Palestine", "PSE"),
        ("Holy See", "VAT"),
        ("the Vatican", "VAT"),
        ("Western Sahara", "ESH"),
        ("Hong Kong", "HKG"),
        ("  South   Korea ", "KOR"),
        ("DPRK", "PRK"),
    ],
)
def test_country_by_name_matches_names_and_aliases(text: str, iso3: str) -> None:
    found = country_by_name(text)
    assert found is not None, text
    assert found.iso3 == iso3


@pytest.mark.parametrize("text", ["Atlantis", "Korea", "Kremlin", "Israeli", "", "the"])
def test_country_by_name_misses(text: str) -> None:
    assert country_by_name(text) is None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Israeli", "ISR"),
        ("Israelis", "ISR"),
        ("israeli", "ISR"),
        ("Russian", "RUS"),
        ("Russians", "RUS"),
        ("the Russians", "RUS"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Britons", "GBR"),
        ("Chinese", "CHN"),
        ("Taiwanese", "TWN"),
        ("Ivorian", "CIV"),
        ("Palestinians", "PSE"),
        ("Kosovar", "XKX"),
        ("North Korean", "PRK"),
        ("Congolese", "COD"),
        ("Filipino", "PHL"),
        ("Dutch", "NLD"),
    ],
)
def test_country_by_demonym(text: str, iso3: str) -> None:
    found = country_by_demonym(text)
    assert found is not None, text
    assert found.iso3 == iso3


@pytest.mark.parametrize("text", ["Korean", "Israel", "Martian"])
def test_country_by_demonym_misses(text: str) -> None:
    assert country_by_demonym(text) is None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("the Kremlin", "RUS"),
        ("Kremlin", "RUS"),
        ("Moscow", "RUS"),
        ("Washington", "USA"),
        ("the White House", "USA"),
        ("Beijing", "CHN"),
        ("Zhongnanhai", "CHN"),
        ("London", "GBR"),
        ("Downing Street", "GBR"),
        ("Whitehall", "GBR"),
        ("Paris", "FRA"),
        ("the Élysée", "FRA"),
        ("Elysee", "FRA"),
        ("Berlin", "DEU"),
        ("Jerusalem", "ISR"),
        ("Tehran", "IRN"),
        ("Ankara", "TUR"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Taipei", "TWN"),
        ("Brasília", "BRA"),
        ("Brasilia", "BRA"),
    ],
)
def test_country_by_seat(text: str, iso3: str) -> None:
    found = country_by_seat(text)
    assert found is not None, text
    assert found.iso3 == iso3


@pytest.mark.parametrize("text", ["Russia", "Springfield", "Israeli"])
def test_country_by_seat_misses(text: str) -> None:
    assert country_by_seat(text) is None


def test_parse_countries_reads_a_row() -> None:
    text = COUNTRY_HEADER + "Ardenia\tARD\tRepublic of Ardenia|Arden\tArdenian|Ardenians\tTessel\n"
    (ardenia,) = parse_countries(text)
    assert ardenia == Country(
        name="Ardenia",
        iso3="ARD",
        aliases=("Republic of Ardenia", "Arden"),
        demonyms=("Ardenian", "Ardenians"),
        seats=("Tessel",),
    )


def test_parse_countries_allows_empty_lists() -> None:
    (norland,) = parse_countries(COUNTRY_HEADER + "Norland\tNRL\t\t\t\n")
    assert (norland.aliases, norland.demonyms, norland.seats) == ((), (), ())


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("Ardenia\tARD\tArden\tArdenian\n", "expected 5 tab-separated fields"),
        ("Ardenia\tAR\t\t\t\n", "not three capital letters"),
        ("Ardenia\tard\t\t\t\n", "not three capital letters"),
        ("\tARD\t\t\t\n", "empty name"),
        ("Ardenia\tARD\tArden||Ard\t\t\n", "empty or space-padded item"),
        ("Ardenia\tARD\tArden|Arden\t\t\n", "lists an item twice"),
        ("Ardenia\tARD\t\t\t\nNorland\tARD\t\t\t\n", "iso3 ARD repeats line 3"),
        ("Ardenia\tARD\t\t\t\nNorland\tNRL\tArdenia\t\t\n", "already belongs to Ardenia"),
        ("Ardenia\tARD\t\tArdenian\t\nNorland\tNRL\t\tardenian\t\n", "already belongs"),
        ("Ardenia\tARD\t\t\tTessel\nNorland\tNRL\t\t\tthe Tessel\n", "already belongs"),
    ],
)
def test_parse_countries_rejects_malformed_rows(body: str, problem: str) -> None:
    with pytest.raises(LexiconError, match=problem) as info:
        parse_countries(COUNTRY_HEADER + body, source="countries.tsv")
    assert str(info.value).startswith("countries.tsv:")
    assert isinstance(info.value, DetenteError)


def test_parse_countries_names_the_bad_line() -> None:
    body = "Ardenia\tARD\t\t\t\n# a comment\nNorland\tNRL\t\t\n"
    with pytest.raises(LexiconError) as info:
        parse_countries(COUNTRY_HEADER + body)
    assert info.value.line == 5
    assert "countries.tsv:5:" in str(info.value)


def test_parse_countries_requires_the_column_header() -> None:
    with pytest.raises(LexiconError, match="column header"):
        parse_countries("# no header\nArdenia\tARD\t\t\t\n")


# -- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Erdoğan", "erdogan"),
        ("Erdogan", "erdogan"),
        ("Yıldıran", "yildiran"),
        ("Łukasz", "lukasz"),
        ("Müller", "muller"),
        ("Ørsted", "orsted"),
        ("straße", "strasse"),
        ("Đoković", "dokovic"),
        ("Æsir", "aesir"),
        ("Œuvre", "oeuvre"),
        ("Þórdís", "thordis"),
        ("Guðni", "gudni"),
        ("İstanbul", "istanbul"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("O‘Brien", "o'brien"),
        ("MACRON", "macron"),
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_fold_lowercases_and_strips_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


# -- given names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Mary", "f"),
        ("mary", "f"),
        ("John", "m"),
        ("JOHN", "m"),
        ("José", "m"),
        ("Jose", "m"),
        ("Łukasz", "m"),
        ("Lukasz", "m"),
        ("Ayşe", "f"),
        ("Angela", "f"),
        ("Recep", "m"),
        ("Fatima", "f"),
        ("Narendra", "m"),
        ("Jinping", "m"),
        ("Ing-wen", "f"),
        ("Jae-in", "m"),
        ("Yuko", "f"),
        ("Chimamanda", "f"),
        ("Alex", None),
        ("Jordan", None),
        ("Andrea", None),
        ("Jean", None),
        ("Kim", None),
        ("Sasha", None),
        ("Zyxwv", None),
        ("", None),
    ],
)
def test_given_name_gender(name: str, gender: str | None) -> None:
    assert given_name_gender(name) == gender


def test_given_names_table_is_large_and_clean() -> None:
    table = given_names()
    assert len(table) >= 1500
    assert {g.gender for g in table} == {"m", "f", "u"}
    assert len({fold(g.name) for g in table}) == len(table)


def test_parse_given_names_reads_rows() -> None:
    table = parse_given_names(NAMES_HEADER + "Ada\tf\nBran\tm\nKit\tu\n")
    assert [(g.name, g.gender) for g in table] == [("Ada", "f"), ("Bran", "m"), ("Kit", "u")]


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("Ada\tx\n", 3, "gender 'x' is not one of m, f, u"),
        ("Ada\n", 3, "expected 2 tab-separated fields"),
        ("Ada\tf\textra\n", 3, "expected 2 tab-separated fields"),
        ("\tf\n", 3, "empty name"),
        ("Ada \tf\n", 3, "leading or trailing spaces"),
        ("José\tm\n\nJose\tm\n", 5, "'Jose' repeats line 3"),
    ],
)
def test_parse_given_names_rejects_malformed_rows(body: str, line: int, problem: str) -> None:
    with pytest.raises(LexiconError, match=problem) as info:
        parse_given_names(NAMES_HEADER + body, source="given_names.tsv")
    assert info.value.line == line
    assert f"given_names.tsv:{line}:" in str(info.value)
