"""Dates stage: resolving temporal expressions against the publication date.

Every phrase here is invented. The publication date is Tuesday 16 July 2024 unless a case says
otherwise.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

import detente.dates
from detente.dates import (
    DateMention,
    Tense,
    find_dates,
    resolve_date,
    resolve_spans,
    timex_value,
)
from detente.records import DateRange

PUBLISHED = date(2024, 7, 16)  # a Tuesday
D = date


def _month(year: int, month: int) -> DateRange:
    end = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return DateRange(date(year, month, 1), end)


def _year(year: int) -> DateRange:
    return DateRange(date(year, 1, 1), date(year, 12, 31))


def _check(text: str, expected: tuple[date | None, date | None], **kwargs: object) -> None:
    published = kwargs.pop("published", PUBLISHED)
    assert published is None or isinstance(published, date)
    got = resolve_date(text, published, **kwargs)  # type: ignore[arg-type]
    assert (got.start, got.end) == expected
    assert got.text == text


def test_public_api_is_exported() -> None:
    for name in detente.dates.__all__:
        assert hasattr(detente.dates, name)
    assert {"resolve_date", "find_dates", "timex_value", "DateMention"} <= set(
        detente.dates.__all__
    )


# ---------------------------------------------------------------------------------------------
# resolve_date: one expression


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        # past (or no tense): the most recent such day, the publication day itself included
        ("on Saturday", "past", D(2024, 7, 13)),
        ("on Saturday", None, D(2024, 7, 13)),
        ("Tuesday", "past", D(2024, 7, 16)),
        ("on Monday", "past", D(2024, 7, 15)),
        ("Wednesday", "past", D(2024, 7, 10)),
        ("Friday night", None, D(2024, 7, 12)),
        ("Tuesday's", None, D(2024, 7, 16)),
        # future: the next one after publication
        ("on Saturday", "future", D(2024, 7, 20)),
        ("on Tuesday", "future", D(2024, 7, 23)),
        ("Wednesday", "future", D(2024, 7, 17)),
        # present: the nearest
        ("on Friday", "present", D(2024, 7, 19)),
        ("on Sunday", "present", D(2024, 7, 14)),
        # explicit modifiers win over tense
        ("last Thursday", "future", D(2024, 7, 11)),
        ("last Tuesday", None, D(2024, 7, 9)),
        ("next Monday", "past", D(2024, 7, 22)),
        ("this Friday", None, D(2024, 7, 19)),
        ("Friday, March 22, 2019", None, D(2019, 3, 22)),
    ],
)
def test_resolve_weekday_by_tense(text: str, tense: Tense | None, expected: date) -> None:
    _check(text, (expected, expected), tense=tense)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("last November", None, _month(2023, 11)),
        ("last November", "future", _month(2023, 11)),
        ("last July", None, _month(2023, 7)),
        ("next March", None, _month(2025, 3)),
        ("this March", None, _month(2024, 3)),
        ("in March", "past", _month(2024, 3)),
        ("in March", "future", _month(2025, 3)),
        ("in September", "past", _month(2023, 9)),
        ("in September", "future", _month(2024, 9)),
        ("in July", "past", _month(2024, 7)),
        ("in July", "future", _month(2024, 7)),
        # no tense: the nearest (August 2024 is two weeks away, August 2023 eleven months back)
        ("in August", None, _month(2024, 8)),
        ("in December", None, _month(2024, 12)),
        ("in January", None, _month(2024, 1)),
        ("May 2011", None, _month(2011, 5)),
        ("in March of 2021", None, _month(2021, 3)),
    ],
)
def test_resolve_month_names(text: str, tense: Tense | None, expected: DateRange) -> None:
    _check(text, (expected.start, expected.end), tense=tense)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("March 3, 2023", None, D(2023, 3, 3)),
        ("3 March 2023", None, D(2023, 3, 3)),
        ("the 3rd of March, 2023", None, D(2023, 3, 3)),
        ("2023-03-03", None, D(2023, 3, 3)),
        ("on June 29", "past", D(2024, 6, 29)),
        ("on June 29", "future", D(2025, 6, 29)),
        ("Aug. 2", None, D(2024, 8, 2)),
        ("Jan. 5", "past", D(2024, 1, 5)),
        ("Jan. 5", None, D(2025, 1, 5)),
        ("Christmas Eve", "past", D(2023, 12, 24)),
        ("Christmas 2019", None, D(2019, 12, 25)),
    ],
)
def test_resolve_explicit_days(text: str, tense: Tense | None, expected: date) -> None:
    _check(text, (expected, expected), tense=tense)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", (D(2024, 7, 15), D(2024, 7, 15))),
        ("today", (D(2024, 7, 16), D(2024, 7, 16))),
        ("tonight", (D(2024, 7, 16), D(2024, 7, 16))),
        ("tomorrow", (D(2024, 7, 17), D(2024, 7, 17))),
        ("last night", (D(2024, 7, 15), D(2024, 7, 15))),
        ("two days ago", (D(2024, 7, 14), D(2024, 7, 14))),
        ("three weeks ago", (D(2024, 6, 24), D(2024, 6, 30))),
        ("seven years ago", (D(2017, 1, 1), D(2017, 12, 31))),
        ("this week", (D(2024, 7, 15), D(2024, 7, 21))),
        ("last week", (D(2024, 7, 8), D(2024, 7, 14))),
        ("the last week", (D(2024, 7, 8), D(2024, 7, 14))),
        ("next week", (D(2024, 7, 22), D(2024, 7, 28))),
        ("this month", (D(2024, 7, 1), D(2024, 7, 31))),
        ("last month", (D(2024, 6, 1), D(2024, 6, 30))),
        ("next month", (D(2024, 8, 1), D(2024, 8, 31))),
        ("earlier this month", (D(2024, 7, 1), D(2024, 7, 15))),
        ("later this month", (D(2024, 7, 17), D(2024, 7, 31))),
        ("this year", (D(2024, 1, 1), D(2024, 12, 31))),
        ("this calendar year", (D(2024, 1, 1), D(2024, 12, 31))),
        ("last year", (D(2023, 1, 1), D(2023, 12, 31))),
        ("next year", (D(2025, 1, 1), D(2025, 12, 31))),
        ("later this year", (D(2024, 7, 17), D(2024, 12, 31))),
        ("over the past year", (D(2023, 7, 16), D(2024, 7, 16))),
        ("the past two weeks", (D(2024, 7, 2), D(2024, 7, 16))),
        ("this weekend", (D(2024, 7, 20), D(2024, 7, 21))),
        ("last weekend", (D(2024, 7, 13), D(2024, 7, 14))),
        ("next weekend", (D(2024, 7, 27), D(2024, 7, 28))),
        ("last summer", (D(2023, 6, 1), D(2023, 8, 31))),
        ("this summer", (D(2024, 6, 1), D(2024, 8, 31))),
        ("last winter", (D(2023, 12, 1), D(2024, 2, 29))),
        ("the third quarter", (D(2024, 7, 1), D(2024, 9, 30))),
        ("now", (D(2024, 7, 16), D(2024, 7, 16))),
        ("currently", (D(2024, 7, 16), D(2024, 7, 16))),
        ("in the past", (None, D(2024, 7, 16))),
        ("in the coming months", (D(2024, 7, 16), None)),
        ("several years ago", (None, D(2024, 7, 16))),
    ],
)
def test_resolve_deictic_expressions(text: str, expected: tuple[date | None, date | None]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("the weekend", "past", (D(2024, 7, 13), D(2024, 7, 14))),
        ("over the weekend", None, (D(2024, 7, 13), D(2024, 7, 14))),
        ("the weekend", "future", (D(2024, 7, 20), D(2024, 7, 21))),
        ("in three years", "future", (D(2027, 1, 1), D(2027, 12, 31))),
    ],
)
def test_resolve_tense_dependent_ranges(
    text: str, tense: Tense | None, expected: tuple[date | None, date | None]
) -> None:
    _check(text, expected, tense=tense)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2020", (D(2020, 1, 1), D(2020, 12, 31))),
        ("fiscal 2023", (D(2023, 1, 1), D(2023, 12, 31))),
        ("2019-2021", (D(2019, 1, 1), D(2021, 12, 31))),
        ("1961-63", (D(1961, 1, 1), D(1963, 12, 31))),
        ("the summer of 2019", (D(2019, 6, 1), D(2019, 8, 31))),
        ("the third quarter of 2023", (D(2023, 7, 1), D(2023, 9, 30))),
        ("Q2 2022", (D(2022, 4, 1), D(2022, 6, 30))),
        ("the first half of 2023", (D(2023, 1, 1), D(2023, 6, 30))),
        ("in the 1990s", (D(1990, 1, 1), D(1999, 12, 31))),
        ("the '80s", (D(1980, 1, 1), D(1989, 12, 31))),
        ("the nineties", (D(1990, 1, 1), D(1999, 12, 31))),
        ("the 2000s", (D(2000, 1, 1), D(2009, 12, 31))),
        ("the 1800s", (D(1800, 1, 1), D(1899, 12, 31))),
        ("the 18th century", (D(1700, 1, 1), D(1799, 12, 31))),
        ("the nineteenth century", (D(1800, 1, 1), D(1899, 12, 31))),
        # early / mid / late keep a third, in whole years, months or days
        ("early 2021", (D(2021, 1, 1), D(2021, 4, 30))),
        ("mid-2019", (D(2019, 5, 1), D(2019, 8, 31))),
        ("late 2021", (D(2021, 9, 1), D(2021, 12, 31))),
        ("the late 1980s", (D(1987, 1, 1), D(1989, 12, 31))),
        ("the beginning of March 2021", (D(2021, 3, 1), D(2021, 3, 10))),
        ("late May 2011", (D(2011, 5, 22), D(2011, 5, 31))),
        ("early December", (D(2023, 12, 1), D(2023, 12, 10))),
        ("early this year", (D(2024, 1, 1), D(2024, 4, 30))),
        ("the start of last year", (D(2023, 1, 1), D(2023, 4, 30))),
        ("the end of the year", (D(2024, 9, 1), D(2024, 12, 31))),
        ("since March 2022", (D(2022, 3, 1), D(2024, 7, 16))),
    ],
)
def test_resolve_explicit_ranges(text: str, expected: tuple[date | None, date | None]) -> None:
    _check(text, expected, tense="past")


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("the year prior", D(2021, 6, 1), (D(2020, 1, 1), D(2020, 12, 31))),
        ("the year prior", _year(2021), (D(2020, 1, 1), D(2020, 12, 31))),
        ("the previous year", D(2021, 6, 1), (D(2020, 1, 1), D(2020, 12, 31))),
        ("a year earlier", D(2022, 5, 10), (D(2021, 1, 1), D(2021, 12, 31))),
        ("the following year", _month(2020, 12), (D(2021, 1, 1), D(2021, 12, 31))),
        ("the following month", _month(2020, 12), (D(2021, 1, 1), D(2021, 1, 31))),
        ("the following March", _month(2020, 12), (D(2021, 3, 1), D(2021, 3, 31))),
        ("the day before", D(2022, 5, 10), (D(2022, 5, 9), D(2022, 5, 9))),
        ("the next day", D(2022, 5, 10), (D(2022, 5, 11), D(2022, 5, 11))),
        ("two weeks later", D(2022, 5, 10), (D(2022, 5, 24), D(2022, 5, 24))),
        ("a couple of days later", D(2022, 5, 10), (D(2022, 5, 12), D(2022, 5, 12))),
        ("the following week", D(2022, 5, 10), (D(2022, 5, 16), D(2022, 5, 22))),
        ("that day", D(2022, 5, 10), (D(2022, 5, 10), D(2022, 5, 10))),
        ("the same year", D(2022, 5, 10), (D(2022, 1, 1), D(2022, 12, 31))),
        ("later that year", D(2022, 5, 10), (D(2022, 9, 1), D(2022, 12, 31))),
        ("the end of the year", _month(2019, 2), (D(2019, 9, 1), D(2019, 12, 31))),
        ("at the time", _month(2020, 12), (D(2020, 12, 1), D(2020, 12, 31))),
        ("since then", _month(2021, 11), (D(2021, 11, 1), D(2024, 7, 16))),
    ],
)
def test_resolve_anaphora_against_the_anchor(
    text: str, anchor: date | DateRange, expected: tuple[date | None, date | None]
) -> None:
    _check(text, expected, anchor=anchor)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # offsets fall back on the publication date
        ("the year prior", (D(2023, 1, 1), D(2023, 12, 31))),
        ("the day before", (D(2024, 7, 15), D(2024, 7, 15))),
        # points need an anchor
        ("at the time", (None, None)),
        ("since then", (None, None)),
        ("that day", (None, None)),
        ("that year", (None, None)),
    ],
)
def test_resolve_anaphora_without_an_anchor(
    text: str, expected: tuple[date | None, date | None]
) -> None:
    _check(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "five years",
        "for two weeks",
        "the tenth day",
        "a sunny afternoon",
        "the harbour",
        "February 30, 2023",
        "",
        "   ",
        "annual",
        "99999999 days ago",
        "in 99999999 weeks",
        "Q5 2020",
        "2020-13-01",
    ],
)
def test_resolve_unknown_is_never_the_publication_date(text: str) -> None:
    got = resolve_date(text, PUBLISHED)
    assert got == DateRange(None, None, text)


@pytest.mark.parametrize(
    "text",
    [
        "on Saturday",
        "last November",
        "in March",
        "June 29",
        "next week",
        "yesterday",
        "today",
        "two days ago",
        "the weekend",
        "this year",
        "last summer",
        "the '90s",
        "now",
    ],
)
def test_resolve_relative_without_publication_date_stays_unknown(text: str) -> None:
    got = resolve_date(text, None, tense="past")
    assert (got.start, got.end) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 3, 2023", (D(2023, 3, 3), D(2023, 3, 3))),
        ("in 2020", (D(2020, 1, 1), D(2020, 12, 31))),
        ("May 2011", (D(2011, 5, 1), D(2011, 5, 31))),
        ("the 1990s", (D(1990, 1, 1), D(1999, 12, 31))),
        ("the year prior", (D(2020, 1, 1), D(2020, 12, 31))),
    ],
)
def test_resolve_absolute_without_publication_date(
    text: str, expected: tuple[date | None, date | None]
) -> None:
    anchor = D(2021, 4, 4) if "prior" in text else None
    _check(text, expected, published=None, anchor=anchor)


_PHRASES = (
    "on Saturday",
    "Tuesday",
    "last Friday",
    "next Sunday",
    "in March",
    "last November",
    "June 29",
    "the weekend",
    "last weekend",
    "this week",
    "earlier this month",
    "later this month",
    "later this year",
    "the past year",
    "last summer",
    "this winter",
    "early December",
    "late this month",
    "the end of the year",
    "two weeks later",
    "since then",
    "since last year",
    "at the time",
    "the year prior",
    "the middle of the week",
    "the past two weeks",
    "Christmas",
)


@pytest.mark.parametrize("tense", ["past", "future", "present", None])
def test_every_range_starts_before_it_ends(tense: Tense | None) -> None:
    anchor = DateRange(D(2019, 12, 1), D(2019, 12, 31))
    # every day of a leap year, so every weekday, month end and season boundary is met
    days = [D(2024, 1, 1) + timedelta(days=i) for i in range(366)]
    for published, phrase in itertools.product(days, _PHRASES):
        got = resolve_date(phrase, published, tense=tense, anchor=anchor)
        assert got.start is not None or got.end is not None, (phrase, published)
        if got.start and got.end:
            assert got.start <= got.end, (phrase, published)


# ---------------------------------------------------------------------------------------------
# timex_value: the TIMEX3 convention TempEval scores


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Friday", "past", "2024-07-12"),
        ("Friday", "future", "2024-07-19"),
        ("the last week", None, "2024-W28"),
        ("this week", None, "2024-W29"),
        ("next weekend", None, "2024-W30-WE"),
        ("this month", None, "2024-07"),
        ("early December", "past", "2023-12"),
        ("last summer", None, "2023-SU"),
        ("the third quarter of 2023", None, "2023-Q3"),
        ("2012", None, "2012"),
        ("early 2011", None, "2011"),
        ("seven years ago", None, "2017"),
        ("the 1990s", None, "199"),
        ("the 18th century", None, "17"),
        ("now", None, "PRESENT_REF"),
        ("currently", "present", "PRESENT_REF"),
        ("today", "present", "PRESENT_REF"),
        ("today", "past", "2024-07-16"),
        ("in the past", None, "PAST_REF"),
        ("at the time", None, "PAST_REF"),
        ("soon", None, "FUTURE_REF"),
        ("five years", None, "P5Y"),
        ("the past two weeks", None, "P2W"),
        ("the 12th day", None, "XXXX-XX-XX"),
        ("the day", None, "XXXX-XX-XX"),
        ("a sunny afternoon", None, None),
    ],
)
def test_timex_value(text: str, tense: Tense | None, expected: str | None) -> None:
    assert timex_value(text, PUBLISHED, tense) == expected


def test_timex_value_anchored_and_undated() -> None:
    may_2019 = DateRange(D(2019, 5, 1), D(2019, 5, 31))
    assert timex_value("the day", PUBLISHED, anchor=may_2019) == "2019-XX-XX"
    assert timex_value("the end of the year", PUBLISHED, anchor=may_2019) == "2019"
    assert timex_value("Monday", None) == "XXXX-WXX-1"
    assert timex_value("June", None) == "XXXX-06"
    assert timex_value("March 3, 2023", None) == "2023-03-03"


# ---------------------------------------------------------------------------------------------
# find_dates / resolve_spans: a parsed article (real model, kept few)

_STORY = (
    "Minister Alder and Minister Brandt met in Corvella in March 2021. The year prior, talks "
    "had collapsed. At the time, officials blamed the ferry dispute. On Saturday the two spoke "
    "by phone, and they will meet again on Friday. Brandt said on Monday that relations had "
    "improved since then."
)


@pytest.fixture(scope="module")
def story_doc():  # type: ignore[no-untyped-def]
    from detente.nlp import load_model

    return load_model()(_STORY)


def _by_text(mentions: tuple[DateMention, ...]) -> dict[str, DateMention]:
    return {m.text: m for m in mentions}


@pytest.mark.model
def test_find_dates_anchor_chain_and_tense(story_doc) -> None:  # type: ignore[no-untyped-def]
    found = find_dates(story_doc, PUBLISHED)
    by_text = _by_text(found)
    assert by_text["March 2021"].date == DateRange(D(2021, 3, 1), D(2021, 3, 31), "March 2021")
    # relative to the running anchor (March 2021), not to the publication date
    assert (by_text["The year prior"].date.start, by_text["The year prior"].date.end) == (
        D(2020, 1, 1),
        D(2020, 12, 31),
    )
    assert (by_text["At the time"].date.start, by_text["At the time"].date.end) == (
        D(2020, 1, 1),
        D(2020, 12, 31),
    )
    # weekdays by the tense of their verb
    assert by_text["Saturday"].date.start == D(2024, 7, 13)
    assert by_text["Friday"].date.start == D(2024, 7, 19)
    assert by_text["Monday"].date.start == D(2024, 7, 15)
    assert by_text["since then"].date.end == PUBLISHED
    for mention in found:
        assert _STORY[mention.span[0] : mention.span[1]] == mention.text
    assert [m.span for m in found] == sorted(m.span for m in found)


@pytest.mark.model
def test_find_dates_governor_is_the_attaching_word(story_doc) -> None:  # type: ignore[no-untyped-def]
    by_text = _by_text(find_dates(story_doc, PUBLISHED))
    governors = {
        text: story_doc[m.governor].text for text, m in by_text.items() if m.governor is not None
    }
    assert governors["March 2021"] == "met"
    assert governors["Saturday"] == "spoke"
    assert governors["Friday"] == "meet"


@pytest.mark.model
def test_find_dates_without_publication_date(story_doc) -> None:  # type: ignore[no-untyped-def]
    by_text = _by_text(find_dates(story_doc, None))
    assert by_text["March 2021"].date.start == D(2021, 3, 1)
    assert by_text["The year prior"].date.start == D(2020, 1, 1)
    assert (by_text["Saturday"].date.start, by_text["Saturday"].date.end) == (None, None)


@pytest.mark.model
def test_resolve_spans_keeps_the_given_order(story_doc) -> None:  # type: ignore[no-untyped-def]
    spans = [(_STORY.index(t), _STORY.index(t) + len(t)) for t in ("The year prior", "March 2021")]
    resolved = resolve_spans(story_doc, PUBLISHED, spans)
    assert [m.text for m in resolved] == ["The year prior", "March 2021"]
    # the anchor still runs in text order
    assert resolved[0].timex == "2020"
    assert resolved[1].timex == "2021-03"
