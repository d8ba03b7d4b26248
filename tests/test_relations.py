"""Dyad timelines across a corpus: periods, phases with smoothing, turning points (no model)."""

from __future__ import annotations

from datetime import date

import pytest

from detente.records import DateRange, DyadEvent
from detente.relations import dyad_timeline, period_bounds, runs_of

A = ("1", "Elena Varga")
B = ("2", "Anton Kessler")


def _ev(n: int, day: date | None, score: float, modality: str = "asserted") -> DyadEvent:
    return DyadEvent(
        event_id=n,
        source=A[0],
        target=B[0],
        type="SUPPORT" if score > 0 else "ACCUSE",
        score=score,
        modality=modality,
        date=DateRange(day, day, None) if day else DateRange(None, None, None),
        evidence=f"sentence {n}",
        trigger="t",
        outlets=("Harbor Wire",),
    )


HISTORY = [
    _ev(1, date(2020, 11, 3), 4.0),  # warm: a signed agreement
    _ev(2, date(2021, 11, 16), -6.0),  # the falling out
    _ev(3, date(2021, 11, 20), -3.5),
    _ev(4, date(2022, 9, 21), -4.0),
    _ev(5, date(2023, 3, 3), 1.0),  # one lone gesture inside the hostile years
    _ev(6, date(2023, 6, 1), -2.0),
    _ev(7, date(2024, 2, 13), 5.0),  # condolences: the thaw
    _ev(8, date(2024, 6, 12), 4.5),
    _ev(9, date(2024, 8, 1), 2.5, modality="planned"),
    _ev(10, None, -2.0),
]


def test_timeline_periods_means_and_unscored_events() -> None:
    timeline = dyad_timeline(A, B, HISTORY, by="month")
    periods = [(p.start.isoformat(), p.score, len(p.events)) for p in timeline.timeline]
    assert periods[1] == ("2021-11-01", -4.75, 2)
    assert periods[-1] == ("2024-08-01", None, 1)  # the planned visit is listed, not scored
    assert [e.event_id for e in timeline.undated] == [10]
    assert timeline.current_score == 4.5
    assert timeline.trend == "stable"


def test_phases_show_falling_out_and_thaw_with_turning_events() -> None:
    phases = dyad_timeline(A, B, HISTORY, by="month").phases
    assert [p.sign for p in phases] == ["warm", "hostile", "warm"]
    hostile, thaw = phases[1], phases[2]
    assert hostile.turning_event is not None and hostile.turning_event.event_id == 2
    assert thaw.turning_event is not None and thaw.turning_event.event_id == 7
    assert hostile.start == date(2021, 11, 1) and hostile.end == date(2023, 6, 30)


def test_a_lone_event_between_two_periods_of_the_other_sign_is_smoothed_away() -> None:
    phases = dyad_timeline(A, B, HISTORY[1:6], by="month").phases
    assert [p.sign for p in phases] == ["hostile"]


def test_two_events_of_the_other_sign_do_split_a_phase() -> None:
    events = [*HISTORY[1:5], _ev(11, date(2023, 3, 20), 3.0), *HISTORY[5:6]]
    signs = [p.sign for p in dyad_timeline(A, B, events, by="month").phases]
    assert signs == ["hostile", "warm", "hostile"]


def test_since_and_until_bound_the_timeline() -> None:
    timeline = dyad_timeline(A, B, HISTORY, since=date(2024, 1, 1), until=date(2024, 6, 30))
    assert [p.start for p in timeline.timeline] == [date(2024, 2, 1), date(2024, 6, 1)]
    assert timeline.trend == "stable"


def test_json_contract() -> None:
    out = dyad_timeline(A, B, HISTORY, by="quarter").to_dict()
    assert set(out) >= {"a", "b", "timeline", "phases", "current", "evidence"}
    assert out["a"] == {"id": "1", "name": "Elena Varga"}
    assert set(out["timeline"][0]) == {"start", "end", "score", "n_events", "events"}
    assert set(out["phases"][0]) == {"start", "end", "sign", "score", "turning_event"}
    assert set(out["current"]) == {"score", "trend"}
    assert all(e["modality"] == "asserted" for e in out["evidence"])


@pytest.mark.parametrize(
    ("day", "by", "bounds"),
    [
        (date(2024, 7, 17), "week", (date(2024, 7, 15), date(2024, 7, 21))),
        (date(2024, 2, 10), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2024, 12, 31), "month", (date(2024, 12, 1), date(2024, 12, 31))),
        (date(2024, 11, 5), "quarter", (date(2024, 10, 1), date(2024, 12, 31))),
        (date(2023, 5, 5), "quarter", (date(2023, 4, 1), date(2023, 6, 30))),
    ],
)
def test_period_bounds(day: date, by: str, bounds: tuple[date, date]) -> None:
    assert period_bounds(day, by) == bounds  # type: ignore[arg-type]


def test_the_same_event_retold_by_several_stories_is_one_event() -> None:
    retold = [
        DyadEvent(
            event_id=n,
            source=A[0],
            target=B[0],
            type="AGREE",
            score=4.0,
            modality="asserted",
            date=DateRange(date(2018, 1, 1), date(2018, 12, 31), "2018"),
            evidence=f"told again {n}",
            trigger="signed",
            outlets=(outlet,),
        )
        for n, outlet in ((20, "Harbor Wire"), (21, "The Meridian Post"))
    ]
    timeline = dyad_timeline(A, B, [*retold, _ev(22, date(2018, 5, 1), 2.0)])
    events = [e for p in timeline.timeline for e in p.events]
    signed = [e for e in events if e.trigger == "signed"]
    assert len(signed) == 1
    assert signed[0].outlets == ("Harbor Wire", "The Meridian Post")
    assert signed[0].n_articles == 2
    assert len(events) == 2


def _report(
    n: int, when: DateRange, trigger: str = "met", score: float = 2.5, outlet: str = "Harbor Wire"
) -> DyadEvent:
    return DyadEvent(
        event_id=n,
        source=A[0],
        target=B[0],
        type="CONSULT",
        score=score,
        modality="asserted",
        date=when,
        evidence=f"sentence {n}",
        trigger=trigger,
        outlets=(outlet,),
    )


def _reported(end: date) -> DateRange:
    return DateRange(date.fromordinal(end.toordinal() - 7), end, None, "reported")


@pytest.mark.parametrize(
    ("later", "merged"),
    [
        # the undated retelling's window holds the dated act: one act
        (_report(2, _reported(date(2024, 7, 18)), outlet="Northline News"), True),
        # a week later, "met" again is another meeting
        (_report(2, _reported(date(2024, 8, 20)), outlet="Northline News"), False),
        # the same words quoted again, however much later, are the same act
        (
            _report(
                2,
                _reported(date(2024, 9, 1)),
                trigger="thank you to my old friend today",
                outlet="N",
            ),
            True,
        ),
    ],
)
def test_an_undated_retelling_joins_the_dated_act(later: DyadEvent, merged: bool) -> None:
    trigger = later.trigger
    first = _report(
        1, DateRange(date(2024, 7, 15), date(2024, 7, 15), "Monday", "explicit"), trigger
    )
    timeline = dyad_timeline(A, B, [first, later], by="day")
    events = [e for p in timeline.timeline for e in p.events]
    assert len(events) == (1 if merged else 2)
    if merged:
        assert events[0].date.start == date(2024, 7, 15)
        assert events[0].n_articles == 2 and len(events[0].outlets) == 2


def test_reported_events_count_on_publication_and_gaps_split_runs() -> None:
    events = [
        _report(1, _reported(date(2024, 3, 2))),  # window from February: counts in March
        _report(2, DateRange(date(2024, 4, 9), date(2024, 4, 9), None, "explicit"), "called"),
        _report(3, DateRange(date(2024, 9, 9), date(2024, 9, 9), None, "explicit"), "phoned"),
    ]
    timeline = dyad_timeline(A, B, events, by="month")
    assert [p.start for p in timeline.timeline] == [
        date(2024, 3, 1),
        date(2024, 4, 1),
        date(2024, 9, 1),
    ]
    assert [[p.start.month for p in run] for run in runs_of(timeline.timeline)] == [[3, 4], [9]]


def test_current_is_the_latest_period_that_has_begun() -> None:
    events = [
        _report(1, DateRange(date(2024, 3, 4), date(2024, 3, 4), None, "explicit"), score=-3.0),
        _report(2, DateRange(date(2030, 1, 1), date(2030, 1, 1), None, "explicit"), score=4.0),
    ]
    timeline = dyad_timeline(A, B, events, by="month", today=date(2024, 7, 1))
    assert timeline.current_score == -3.0
