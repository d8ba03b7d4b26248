"""Relations: per pair of actors, a timeline of their events, in one article or a corpus.

``summarize_relations(events, actors) -> tuple[Relation, ...]`` summarises one article;
``dyad_timeline(a, b, events, by=...) -> DyadTimeline`` draws a pair across a corpus (its events
counted once per story by the store), with phases and turning points.

Events count for their principals: what "two aides to the prime minister" did counts for the prime
minister. For each pair with events in either direction, each period holds the mean score of its
*asserted* events (planned, hypothetical and negated ones are listed but never scored). A period
is the month of the event's date; a date known only to the year (or to a span of months) is its
own period ("2018"), placed by its start. Events without a date are listed apart (``undated``).
``score`` is the latest scored period's mean; ``trend`` compares it with the period before
("improving", "worsening", "stable"; None with a single scored period).

Across a corpus, the store already counts each event once per story (syndicated copies); the same
event retold by different stories (a 2018 treaty recalled in every later article) is also one
event here: reports with the same direction, type, date and trigger merge, listing every outlet and
claimant. Periods are days, calendar weeks, months or quarters; an event falls in the period of
its date's start (a date known only to the year falls in January: its ``date`` says so), or, for
an event whose text gives no date (basis ``reported``: a window ending at publication), of its
end. Every dated event is scored, whatever its basis; periods without events are gaps. A period's
score is the mean of its asserted events. **Phases** are maximal runs of scored periods with the
same sign: warm (mean above +0.5), hostile (below -0.5) or cool (in between). Smoothing: a single
period that holds one event and whose neighbours share a sign different from its own is absorbed
by them, so one stray event does not split a phase. A phase's **turning event** is its first
asserted event.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from statistics import mean
from typing import Literal

from detente.actors import ActorTable
from detente.records import (
    DateRange,
    DyadEvent,
    DyadTimeline,
    Event,
    Phase,
    Relation,
    RelationPeriod,
    TimelinePeriod,
)

__all__ = [
    "Granularity",
    "dyad_timeline",
    "merge_reports",
    "period_bounds",
    "period_of",
    "phases_of",
    "placed_on",
    "runs_of",
    "summarize_relations",
    "trend_of",
]

Granularity = Literal["day", "week", "month", "quarter"]
# A period's mean score beyond +-0.5 gives it a sign; within, the relation is "cool": less than a
# third of a phone call's +1.5, so a quiet mix of small gestures and gripes reads as neither.
_SIGN_BAND = 0.5

# A change in mean score smaller than this between two periods is noise, not a trend: one step on
# the PLOVER scale is ~1.5 (a phone call); half of it is the smallest change worth reporting.
_TREND_MIN_CHANGE = 0.75


def placed_on(when: DateRange) -> date | None:
    """The day an event counts on: its range's start, except for a ``reported`` window (no date
    in the text), which counts on its end, the publication it was reported by."""
    if when.basis == "reported" and when.end is not None:
        return when.end
    return when.start


def period_of(start: date, end: date) -> str:
    """The period label of a date range: "2024-07" within a month, else "2024" within a year,
    else "2023/2024"."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}"
    if start.year == end.year:
        return f"{start.year:04d}"
    return f"{start.year:04d}/{end.year:04d}"


def trend_of(previous: float | None, current: float | None) -> str | None:
    """ "improving", "worsening" or "stable" from one period's mean score to the next."""
    if previous is None or current is None:
        return None
    change = current - previous
    if change >= _TREND_MIN_CHANGE:
        return "improving"
    if change <= -_TREND_MIN_CHANGE:
        return "worsening"
    return "stable"


def summarize_relations(events: Sequence[Event], actors: ActorTable) -> tuple[Relation, ...]:
    """One relation per pair of principals with events between them, in order of first event."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        a = event.source_principal or event.source
        b = event.target_principal or event.target
        if a == b:
            continue
        by_pair[(a, b) if _order(actors, a) <= _order(actors, b) else (b, a)].append(index)
    relations = []
    for (a, b), indices in by_pair.items():
        periods: dict[str, list[int]] = defaultdict(list)
        starts: dict[str, date] = {}
        undated: list[int] = []
        for index in indices:
            when = events[index].date
            day = placed_on(when)
            if day is None or when.start is None or when.end is None:
                undated.append(index)
                continue
            label = period_of(when.start, when.end) if day == when.start else period_of(day, day)
            periods[label].append(index)
            starts[label] = min(starts.get(label, day), day)
        timeline = []
        for label in sorted(periods, key=lambda p: (starts[p], p)):
            members = periods[label]
            asserted = [events[i].score for i in members if events[i].modality == "asserted"]
            score = round(mean(asserted), 2) if asserted else None
            timeline.append(RelationPeriod(period=label, score=score, events=tuple(members)))
        scored = [p.score for p in timeline if p.score is not None]
        relations.append(
            Relation(
                a=a,
                b=b,
                score=scored[-1] if scored else None,
                trend=trend_of(scored[-2], scored[-1]) if len(scored) >= 2 else None,
                timeline=tuple(timeline),
                undated=tuple(undated),
            )
        )
    return tuple(relations)


def period_bounds(day: date, by: Granularity) -> tuple[date, date]:
    """The first and last day of the day, week (Monday to Sunday), month or quarter holding
    ``day``."""
    if by == "day":
        return day, day
    if by == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    first_month = day.month if by == "month" else 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    last_month = first_month + (0 if by == "month" else 2)
    next_start = date(day.year + 1, 1, 1) if last_month == 12 else date(day.year, last_month + 1, 1)
    return start, next_start - timedelta(days=1)


def dyad_timeline(
    a: tuple[str, str],
    b: tuple[str, str],
    events: Sequence[DyadEvent],
    *,
    by: Granularity = "month",
    since: date | None = None,
    until: date | None = None,
    today: date | None = None,
) -> DyadTimeline:
    """Draw how ``a`` and ``b`` (``(id, name)`` each) stand over time from their events.

    Events outside ``since``..``until`` are left out; events without a date are listed apart.
    Each event counts on :func:`placed_on`'s day. ``current_score`` is the latest scored period
    that has begun by ``today`` (default: the system date), so a planned summit never is "now".
    """
    buckets: dict[tuple[date, date], list[DyadEvent]] = defaultdict(list)
    undated = []
    for event in sorted(
        merge_reports(events), key=lambda e: (placed_on(e.date) or date.max, e.event_id)
    ):
        start = placed_on(event.date)
        if start is None:
            undated.append(event)
            continue
        if (since and start < since) or (until and start > until):
            continue
        buckets[period_bounds(start, by)].append(event)
    timeline = []
    for (start, end), members in sorted(buckets.items()):
        asserted = [e.score for e in members if e.modality == "asserted"]
        score = round(mean(asserted), 2) if asserted else None
        timeline.append(TimelinePeriod(start=start, end=end, score=score, events=tuple(members)))
    now = today or date.today()
    scored = [p for p in timeline if p.score is not None and p.start <= now]
    return DyadTimeline(
        a=a,
        b=b,
        by=by,
        timeline=tuple(timeline),
        phases=phases_of(timeline),
        current_score=scored[-1].score if scored else None,
        trend=trend_of(scored[-2].score, scored[-1].score) if len(scored) >= 2 else None,
        undated=tuple(undated),
    )


def merge_reports(events: Sequence[DyadEvent]) -> list[DyadEvent]:
    """One event per act, its reports merged (outlets, claimants and article counts joined).

    Reports are one act when they agree on source, target, type, modality, trigger and date.
    A report whose text gave no date (basis ``reported``) is also the act of a dated report
    that agrees on the rest when that date lies in its window, or, for a verbatim quote (six
    words or more), lies before its window ends: the same words retold later without a date are
    the act dated where it was first told.
    """
    merged: dict[tuple[object, ...], DyadEvent] = {}
    undated_reports: list[DyadEvent] = []
    for event in sorted(events, key=lambda e: e.event_id):
        if event.date.basis == "reported":
            undated_reports.append(event)
            continue
        key = (*_act(event), event.date.start, event.date.end)
        if event.date.start is None or key not in merged:
            merged.setdefault(key if event.date.start else (event.event_id,), event)
            continue
        merged[key] = _joined_reports(merged[key], event)
    for event in undated_reports:
        home = next(
            (
                key
                for key, known in merged.items()
                if known.date.start is not None
                and _act(known) == _act(event)
                and _same_act_date(known.date, event.date, event.trigger)
            ),
            None,
        )
        if home is None:
            key = (*_act(event), event.date.start, event.date.end)
            if key in merged:
                merged[key] = _joined_reports(merged[key], event)
            else:
                merged[key] = event
        else:
            merged[home] = _joined_reports(merged[home], event)
    return list(merged.values())


# A trigger this long is a quote's words, not the same kind of act: longer than the longest
# lexicon phrase (five words, "refuse to shake hand"), so two retold phrases never merge by length.
_VERBATIM_WORDS = 6


def _act(event: DyadEvent) -> tuple[object, ...]:
    return (event.source, event.target, event.type, event.modality, event.trigger.lower())


def _same_act_date(known: DateRange, window: DateRange, trigger: str) -> bool:
    if known.start is None or window.start is None or window.end is None:
        return False
    if window.start <= known.start <= window.end:
        return True
    return len(trigger.split()) >= _VERBATIM_WORDS and known.start <= window.end


def _joined_reports(first: DyadEvent, other: DyadEvent) -> DyadEvent:
    return dataclasses.replace(
        first,
        outlets=tuple(dict.fromkeys(first.outlets + other.outlets)),
        claimed_by=tuple(dict.fromkeys(first.claimed_by + other.claimed_by)),
        n_articles=first.n_articles + other.n_articles,
    )


def runs_of(timeline: Sequence[TimelinePeriod]) -> list[list[TimelinePeriod]]:
    """Scored periods in runs of consecutive periods: a period without events is a gap between
    runs, never a line drawn across it."""
    runs: list[list[TimelinePeriod]] = []
    for period in timeline:
        if period.score is None:
            continue
        if runs and runs[-1][-1].end + timedelta(days=1) == period.start:
            runs[-1].append(period)
        else:
            runs.append([period])
    return runs


def phases_of(timeline: Sequence[TimelinePeriod]) -> tuple[Phase, ...]:
    """Maximal runs of scored periods with the same sign, after smoothing (module docstring)."""
    scored = [p for p in timeline if p.score is not None]
    signs = [_sign(p.score) for p in scored]
    for i in range(1, len(scored) - 1):
        lone = len([e for e in scored[i].events if e.modality == "asserted"]) == 1
        if lone and signs[i - 1] == signs[i + 1] != signs[i]:
            signs[i] = signs[i - 1]
    phases: list[Phase] = []
    run: list[TimelinePeriod] = []
    for i, period in enumerate(scored):
        run.append(period)
        if i + 1 == len(scored) or signs[i + 1] != signs[i]:
            asserted = [e for p in run for e in p.events if e.modality == "asserted"]
            phases.append(
                Phase(
                    start=run[0].start,
                    end=run[-1].end,
                    sign=signs[i],
                    score=round(mean(e.score for e in asserted), 2) if asserted else None,
                    turning_event=asserted[0] if asserted else None,
                )
            )
            run = []
    return tuple(phases)


def _sign(score: float | None) -> str:
    if score is None:
        return "cool"
    if score > _SIGN_BAND:
        return "warm"
    if score < -_SIGN_BAND:
        return "hostile"
    return "cool"


def _order(actors: ActorTable, actor_id: str) -> tuple[int, str]:
    """Pairs are named in order of first mention (then id), so (a, b) and (b, a) are one pair."""
    actor = actors.get(actor_id)
    first = actor.mentions[0][0] if actor is not None and actor.mentions else 1 << 30
    return first, actor_id
