"""Relations in one article: per pair of actors, a small timeline of their events.

``summarize_relations(events, actors) -> tuple[Relation, ...]``

Events count for their principals: what "two aides to the prime minister" did counts for the prime
minister. For each pair with events in either direction, each period holds the mean score of its
*asserted* events (planned, hypothetical and negated ones are listed but never scored). A period
is the month of the event's date; a date known only to the year (or to a span of months) is its
own period ("2018"), placed by its start. Events without a date are listed apart (``undated``).
``score`` is the latest scored period's mean; ``trend`` compares it with the period before
("improving", "worsening", "stable"; None with a single scored period).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from statistics import mean

from detente.actors import ActorTable
from detente.records import Event, Relation, RelationPeriod

__all__ = ["period_of", "summarize_relations", "trend_of"]

# A change in mean score smaller than this between two periods is noise, not a trend: one step on
# the PLOVER scale is ~1.5 (a phone call); half of it is the smallest change worth reporting.
_TREND_MIN_CHANGE = 0.75


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
            if when.start is None or when.end is None:
                undated.append(index)
                continue
            label = period_of(when.start, when.end)
            periods[label].append(index)
            starts[label] = min(starts.get(label, when.start), when.start)
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


def _order(actors: ActorTable, actor_id: str) -> tuple[int, str]:
    """Pairs are named in order of first mention (then id), so (a, b) and (b, a) are one pair."""
    actor = actors.get(actor_id)
    first = actor.mentions[0][0] if actor is not None and actor.mentions else 1 << 30
    return first, actor_id
