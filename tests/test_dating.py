"""Event dating: every event says how its date was found (explicit, narrative, reported, none).

Self-written sentences about invented leaders; each is parsed by the real model.
"""

from __future__ import annotations

from datetime import date

import pytest

from detente.dating import reported_window
from detente.records import DateRange

MERCER = "Ardenian Prime Minister Margaret Mercer"
HOLLINS = "Vardanian President Victor Hollins"
THURSDAY = "2024-07-18"


@pytest.mark.parametrize(
    ("modality", "tense", "perfect", "expected"),
    [
        ("asserted", "past", False, (date(2024, 7, 11), date(2024, 7, 18))),
        ("negated", None, False, (date(2024, 7, 11), date(2024, 7, 18))),
        ("asserted", "present", False, (date(2024, 7, 17), date(2024, 7, 18))),
        ("asserted", "past", True, (date(2023, 7, 19), date(2024, 7, 18))),
        ("planned", "future", False, (date(2024, 7, 18), date(2024, 10, 16))),
        ("hypothetical", "present", False, (date(2024, 7, 18), date(2024, 10, 16))),
    ],
)
def test_reported_window_follows_modality_and_tense(
    modality: str, tense: str | None, perfect: bool, expected: tuple[date, date]
) -> None:
    window = reported_window(date(2024, 7, 18), modality, tense, perfect)  # type: ignore[arg-type]
    assert (window.start, window.end) == expected
    assert window.basis == "reported"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published", "trigger", "expected"),
    [
        # a date governed by the trigger
        (
            f"{MERCER} met {HOLLINS} on Tuesday.",
            THURSDAY,
            "met",
            ("2024-07-16", "2024-07-16", "explicit"),
        ),
        # no date in the text: the week up to publication
        (
            f"{MERCER} criticised {HOLLINS}.",
            THURSDAY,
            "criticised",
            ("2024-07-11", THURSDAY, "reported"),
        ),
        # the headline present: the publication day or the one before
        (
            f"{MERCER} condemns {HOLLINS}.",
            THURSDAY,
            "condemns",
            ("2024-07-17", THURSDAY, "reported"),
        ),
        # past perfect: background, within the year before
        (
            f"{MERCER} had criticised {HOLLINS}.",
            THURSDAY,
            "criticised",
            ("2023-07-19", THURSDAY, "reported"),
        ),
        # a plan lies ahead: never before publication
        (
            f"{MERCER} will visit {HOLLINS}.",
            THURSDAY,
            "visit",
            (THURSDAY, "2024-10-16", "reported"),
        ),
        # a deadline is not the date of the signing
        (
            f"{MERCER} signed an agreement with {HOLLINS} to build a rail line by 2028.",
            THURSDAY,
            "signed agreement",
            ("2024-07-11", THURSDAY, "reported"),
        ),
        # narrative time: the paragraph's earlier date carries to a later past event
        (
            f"On Monday, {MERCER} met {HOLLINS} in Lindmoor. Mercer thanked Hollins for his help.",
            THURSDAY,
            "thanked",
            ("2024-07-15", "2024-07-15", "narrative"),
        ),
        # the same act told again paragraphs later keeps its date
        (
            f"{MERCER} met {HOLLINS} on Monday in Lindmoor.\n\nThe port dispute was not settled."
            "\n\nThe meeting between Mercer and Hollins lasted two hours, aides said.",
            THURSDAY,
            "meeting",
            ("2024-07-15", "2024-07-15", "narrative"),
        ),
        # told "again": another act, not the one dated earlier
        (
            f"{MERCER} met {HOLLINS} on Monday in Lindmoor.\n\nThe port dispute was not settled."
            "\n\nMercer met Hollins again, aides said.",
            THURSDAY,
            "met",
            ("2024-07-11", THURSDAY, "reported"),
        ),
        # "since" starts a state that runs to publication
        (
            "Margaret Mercer has not spoken to Victor Hollins since 2021.",
            THURSDAY,
            "not spoken to",
            ("2021-01-01", THURSDAY, "explicit"),
        ),
        # no publication date: nothing to count from
        (f"{MERCER} criticised {HOLLINS}.", None, "criticised", (None, None, "none")),
    ],
)
def test_events_are_dated_and_say_how(
    text: str, published: str | None, trigger: str, expected: tuple[str | None, ...]
) -> None:
    from detente import analyze

    result = analyze(text, published=published)
    dated = [e.date for e in result.events if e.trigger == trigger]
    assert dated, [e.trigger for e in result.events]
    got = dated[-1].to_dict()  # the last event the trigger fired: the one the case is about
    assert (got["start"], got["end"], got["basis"]) == expected


@pytest.mark.model
def test_asserted_events_never_after_publication_planned_never_before() -> None:
    from detente import analyze

    text = (
        f"{MERCER} met {HOLLINS} this week in Lindmoor. "
        "Mercer will visit Hollins this month, her office said."
    )
    result = analyze(text, published=THURSDAY)
    published = date.fromisoformat(THURSDAY)
    assert {e.modality for e in result.events} >= {"asserted", "planned"}
    for event in result.events:
        assert event.date.start is not None and event.date.end is not None
        if event.modality == "asserted":
            assert event.date.end <= published
        if event.modality == "planned":
            assert event.date.start >= published


def test_date_range_basis_is_in_the_json_only_when_set() -> None:
    assert "basis" not in DateRange(None, None, "last year").to_dict()
    assert DateRange(None, None, None, "none").to_dict()["basis"] == "none"


@pytest.mark.model
def test_a_publication_known_to_the_month_dates_over_the_whole_month() -> None:
    from detente.pipeline import analyze_documents
    from detente.records import ArticleAnalysis, RawDocument

    doc = RawDocument(
        source="<test>",
        kind="text",
        content=f"{MERCER} criticised {HOLLINS}.",
        published=date(2025, 3, 1),
        published_precision="month",
    )
    result = next(analyze_documents([doc]))
    assert isinstance(result, ArticleAnalysis)
    when = result.events[0].date
    # from a week before the month's first day (the article may be from the 1st) to its last
    assert (when.start, when.end, when.basis) == (date(2025, 2, 22), date(2025, 3, 31), "reported")
