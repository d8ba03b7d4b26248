"""The storylines scorer: the README's rules on hand-built gold and predictions (no model)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from detente.evaluate.storylines import (
    GoldActor,
    GoldInteraction,
    GoldPhase,
    GoldQuote,
    Storyline,
    actor_matches,
    gold_range,
    match_one_to_one,
    score_interactions,
    score_phases,
    score_quotes,
)
from detente.records import (
    Actor,
    ArticleAnalysis,
    CleanArticle,
    DateRange,
    Event,
    Evidence,
    Quote,
)

MERCER = GoldActor("mercer", "Margaret Mercer", "person", ("Mercer", "the Ardenian leader"))
HOLLINS = GoldActor("hollins", "Victor Hollins", "person", ("Hollins",))
URL = "https://example.org/a"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Margaret Mercer"], True),
        (["Prime Minister Margaret Mercer"], True),  # the alias as whole words inside a name
        (["MERCER’S"], True),  # a word ends at the apostrophe, made straight
        (["the  Ardenian   leader"], True),  # spaces collapsed
        (["Mercerville"], False),
        ([], False),
    ],
)
def test_actor_matches(names: list[str], expected: bool) -> None:
    assert actor_matches(MERCER, names) is expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2021", None, (date(2021, 1, 1), date(2021, 12, 31))),
        ("2021-06", None, (date(2021, 6, 1), date(2021, 6, 30))),
        ("2021-06-15", "2021-06-17", (date(2021, 6, 15), date(2021, 6, 17))),
        ("2021-06-15", "2021-07", (date(2021, 6, 15), date(2021, 7, 31))),
        (None, "2021-06-15", None),
    ],
)
def test_gold_range(start: str | None, end: str | None, expected: object) -> None:
    assert gold_range(start, end) == expected


def test_matching_is_one_to_one_and_maximal() -> None:
    # gold 0 fits both predictions, gold 1 only the first: both must be found
    assert match_one_to_one({0: [0, 1], 1: [0]}) == {0: 1, 1: 0}
    assert len(match_one_to_one({0: [0], 1: [0]})) == 1


def _event(score: float, modality: str, day: date | None, basis: str = "explicit") -> Event:
    return Event(
        source="a1",
        target="a2",
        type="SUPPORT" if score > 0 else "ACCUSE",
        score=score,
        modality=modality,  # type: ignore[arg-type]
        date=DateRange(day, day, None, basis) if day else DateRange(None, None, None, "none"),  # type: ignore[arg-type]
        evidence=Evidence("s", (0, 1)),
        trigger="t",
        confidence=0.8,
    )


def _analysis(events: list[Event], quotes: list[Quote] = ()) -> ArticleAnalysis:  # type: ignore[assignment]
    return ArticleAnalysis(
        article=CleanArticle(source="x", text="t", url=URL),
        actors=(
            Actor("a1", "Margaret Mercer", "person", "margaret mercer", ("Mercer",)),
            Actor("a2", "Victor Hollins", "person", "victor hollins"),
        ),
        quotes=tuple(quotes),
        events=tuple(events),
    )


def _storyline(interactions: list[GoldInteraction], quotes: list[GoldQuote] = ()) -> Storyline:  # type: ignore[assignment]
    return Storyline(
        id="s",
        dyad=("mercer", "hollins"),
        articles=(),
        actors={"mercer": MERCER, "hollins": HOLLINS},
        interactions=tuple(interactions),
        quotes=tuple(quotes),
        phases=(),
    )


def _gold(n: int, polarity: int, modality: str, start: str | None) -> GoldInteraction:
    return GoldInteraction(
        f"g{n}", "mercer", "hollins", "v", polarity, modality, start, None, True, (URL,)
    )


def test_interactions_need_sign_modality_and_one_event_each() -> None:
    story = _storyline(
        [
            _gold(1, 1, "asserted", "2024-07-15"),
            _gold(2, 1, "asserted", "2024-07-15"),  # a second gold item: no second event
            _gold(3, -1, "negated", None),  # negated: modality must equal, sign free
        ]
    )
    found = score_interactions(
        story,
        {
            URL: _analysis(
                [
                    _event(2.5, "asserted", date(2024, 7, 16)),  # one day of slack
                    _event(-3.0, "asserted", date(2024, 7, 15)),  # wrong sign for g1/g2
                    _event(2.5, "negated", None),
                ]
            )
        },
        explain=True,
    )
    assert (found["n_found"], found["n_gold"]) == (2, 3)
    assert (found["n_dated"], found["n_gold_dated"]) == (1, 2)
    assert found["n_events"] == 3
    # all three join the dyad's two sides; two fit some gold interaction (the -3.0 fits none)
    assert (found["n_events_between_sides"], found["n_events_between_sides_right"]) == (3, 2)
    assert [m["id"] for m in found["missed"]] == ["g2", "g3"]


def test_an_event_dated_two_days_off_is_found_but_not_dated() -> None:
    story = _storyline([_gold(1, 1, "asserted", "2024-07-15")])
    found = score_interactions(
        story, {URL: _analysis([_event(2.5, "asserted", date(2024, 7, 17))])}
    )
    assert (found["n_found"], found["n_dated"]) == (1, 0)


def test_quotes_need_most_words_and_the_speaker() -> None:
    gold = [
        GoldQuote("mercer", "We will rebuild the bridge together", URL),
        GoldQuote("anonymous source (aide)", "The call went well", URL),
        GoldQuote("hollins", "Nothing has changed", URL),
    ]
    quotes = [
        Quote("We will rebuild the bridge", (0, 1), "a1", "Mercer", False, True),  # 5 of 6 words
        Quote("the call went well,", (0, 1), "a2", "he", False, True),  # any speaker: anonymous
        Quote("Nothing has changed", (0, 1), "a1", "she", False, True),  # wrong speaker
    ]
    found = score_quotes(_storyline([], gold), {URL: _analysis([], quotes)}, explain=True)
    assert found["n_found"] == 2
    assert found["missed"][0].startswith("hollins")


def test_phases_take_the_periods_starting_inside_them() -> None:
    phases = [
        GoldPhase(date(2024, 1, 1), date(2024, 3, 1), -1, "high"),
        GoldPhase(date(2024, 3, 1), None, 1, "high"),
        GoldPhase(date(2024, 5, 1), None, 1, "low"),  # low confidence: not scored
        GoldPhase(date(2025, 1, 1), None, 1, "high"),  # no period inside: wrong
    ]
    periods = [
        (date(2023, 12, 30), 5.0),  # before the first phase
        (date(2024, 1, 10), -4.0),
        (date(2024, 2, 20), 1.0),
        (date(2024, 3, 1), 2.0),  # the end is exclusive: this one is the second phase's
        (date(2024, 4, 1), None),  # listed, not scored
    ]
    scored = score_phases(phases, periods)
    assert [(p["mean"], p["right"]) for p in scored] == [(-1.5, True), (2.0, True), (None, False)]


def test_a_dated_match_on_a_wide_range_is_counted_apart() -> None:
    story = _storyline([_gold(1, 1, "asserted", "2024-07-15")])
    year = dataclasses.replace(
        _event(2.5, "asserted", None),
        date=DateRange(date(2024, 1, 1), date(2024, 12, 31), "2024", "explicit"),
    )
    found = score_interactions(story, {URL: _analysis([year])})
    assert (found["n_dated"], found["n_dated_wide"]) == (1, 1)
