"""Reads of the corpus store that the commands share: names to actors, a dyad's events.

The store layer beside the library: it turns what a user types into global actors and reads a
dyad's events (once per story) as :class:`DyadEvent` records for :mod:`detente.relations`.
"""

from __future__ import annotations

from detente.records import DateRange, DyadEvent
from detente.store import GlobalActor, Store

__all__ = ["dyad_events", "resolve_actor"]


def resolve_actor(store: Store, name: str) -> GlobalActor | list[GlobalActor]:
    """The one actor a user's name means, or every candidate when it is ambiguous (or none).

    ``#12`` picks an actor by its id. Otherwise the name is matched against every alias (case
    and diacritics folded); failing that, against parts of names ("Kessler" -> "Anton Kessler").
    """
    if name.startswith("#") and name[1:].isdigit():
        wanted = int(name[1:])
        return next(([a] for a in store.actors() if a.id == wanted), [])[0:1] or []
    found = [a for a in store.find_actors(name) if a.scope_article is None]
    if not found:
        from detente.lexicon.names import fold

        key = fold(" ".join(name.split()))
        found = [
            a
            for a in store.actors()
            if a.scope_article is None and key and key in [*a.key.split(), a.key]
        ]
    people = [a for a in found if not a.ambiguous]
    found = people or found
    return found[0] if len(found) == 1 else found


def dyad_events(store: Store, a: GlobalActor, b: GlobalActor) -> list[DyadEvent]:
    """Events between ``a`` and ``b`` in either direction, once per story, with provenance."""
    names = {actor.id: actor.name for actor in store.actors()}
    rows = store.rows(
        "SELECT se.*, ar.url FROM story_events se LEFT JOIN articles ar ON ar.id = se.article_id "
        "WHERE (se.source = ? AND se.target = ?) OR (se.source = ? AND se.target = ?) "
        "ORDER BY se.date_start NULLS LAST, se.event_id",
        [a.id, b.id, b.id, a.id],
    )
    return [
        DyadEvent(
            event_id=int(row["event_id"]),
            source=names.get(row["source"], str(row["source"])),
            target=names.get(row["target"], str(row["target"])),
            type=row["type"],
            score=round(float(row["score"]), 2),
            modality=row["modality"],
            date=DateRange(row["date_start"], row["date_end"], row["date_text"]),
            evidence=row["evidence_sentence"],
            trigger=row["trigger"],
            outlets=tuple(row["outlets"] or ()),
            claimed_by=tuple(names.get(c, str(c)) for c in row["claimed_by"] or ()),
            article_id=row["article_id"],
            url=row["url"],
            n_articles=int(row["n_articles"]),
        )
        for row in rows
    ]
