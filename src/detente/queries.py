"""Reads of the corpus store that the commands share: names to actors, a dyad's events.

The store layer beside the library: it turns what a user types into global actors and reads a
dyad's events (once per story) as :class:`DyadEvent` records for :mod:`detente.relations`,
personal ones and those between the two sides' states (:mod:`detente.states`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Literal

from detente.records import DateRange, DyadEvent
from detente.relations import placed_on
from detente.states import StateRole, country_of_names, state_role_of
from detente.store import GlobalActor, Store

__all__ = ["Scope", "dyad_events", "resolve_actor", "state_roles"]

Scope = Literal["personal", "state", "all"]


def resolve_actor(store: Store, name: str) -> GlobalActor | list[GlobalActor]:
    """The one actor a user's name means, or every candidate when it is ambiguous (or none).

    ``#12`` picks an actor by its id. Otherwise the name is matched against every alias (case
    and diacritics folded); failing that, against parts of names ("Kessler" -> "Anton Kessler").
    """
    if name.startswith("#") and name[1:].isdigit():
        wanted = int(name[1:])
        by_id: list[GlobalActor] = [a for a in store.actors() if a.id == wanted]
        return by_id[0] if by_id else []
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


def dyad_events(
    store: Store, a: GlobalActor, b: GlobalActor, *, scope: Scope = "all"
) -> list[DyadEvent]:
    """Events between ``a`` and ``b``, once per story, with provenance.

    ``scope="personal"``: events whose two ends are ``a`` and ``b`` themselves. ``"state"``: events
    between ``a`` or ``a``'s state and ``b`` or ``b``'s state where at least one end is a state
    (the country, a government named by it or its seat, or a person holding one of its offices
    at the time of the event), while ``a`` and ``b`` hold their own state roles; a person of a
    third state never enters. ``"all"`` (the default): both. Each event says its ``scope`` and,
    for an end that is not ``a`` or ``b``, whom it stood for.
    """
    actors = {actor.id: actor for actor in store.actors()}
    names = {actor_id: actor.name for actor_id, actor in actors.items()}
    out: list[DyadEvent] = []
    if scope in ("personal", "all"):
        rows = store.rows(
            _DYAD_SQL
            + "WHERE (se.source = ? AND se.target = ?) OR (se.source = ? AND se.target = ?) "
            "ORDER BY se.date_start NULLS LAST, se.event_id",
            [a.id, b.id, b.id, a.id],
        )
        out += [_dyad_event(row, names) for row in rows]
    if scope in ("state", "all"):
        out += _state_events(store, a, b, actors, names)
    out.sort(key=lambda e: (e.date.start or date.max, e.event_id))
    return out


_DYAD_SQL = (
    "SELECT se.*, ar.url FROM story_events se LEFT JOIN articles ar ON ar.id = se.article_id "
)


def _dyad_event(
    row: dict[str, Any],
    names: dict[int, str],
    scope: str = "personal",
    source_for: str | None = None,
    target_for: str | None = None,
) -> DyadEvent:
    return DyadEvent(
        event_id=int(row["event_id"]),
        source=names.get(row["source"], str(row["source"])),
        target=names.get(row["target"], str(row["target"])),
        type=row["type"],
        score=round(float(row["score"]), 2),
        modality=row["modality"],
        date=DateRange(row["date_start"], row["date_end"], row["date_text"], row["date_basis"]),
        evidence=row["evidence_sentence"],
        trigger=row["trigger"],
        outlets=tuple(row["outlets"] or ()),
        claimed_by=tuple(names.get(c, str(c)) for c in row["claimed_by"] or ()),
        article_id=row["article_id"],
        url=row["url"],
        n_articles=int(row["n_articles"]),
        scope=scope,
        source_for=source_for,
        target_for=target_for,
        hedged=bool(row["hedged"]),
    )


def state_roles(store: Store, actors: dict[int, GlobalActor]) -> dict[int, StateRole]:
    """The state each actor of the store is or stands for (:mod:`detente.states`), by actor id.

    Countries and governments named by their country or seat stand for it always; a person
    stands for the one state their offices name, until they are first called "former".
    """
    out: dict[int, StateRole] = {}
    for actor in actors.values():
        code = country_of_names((actor.name, *actor.aliases), actor.kind)
        if code is not None:
            out[actor.id] = StateRole(code)
    evidence: dict[int, list[tuple[date | None, list[str]]]] = defaultdict(list)
    for row in store.rows(
        "SELECT aa.actor_id, ar.published, aa.roles FROM article_actors aa "
        "JOIN articles ar ON ar.id = aa.article_id WHERE aa.kind = 'person' AND len(aa.roles) > 0"
    ):
        evidence[row["actor_id"]].append((row["published"], list(row["roles"])))
    for actor_id, stated in evidence.items():
        person = actors.get(actor_id)
        if person is None:
            continue
        affiliated = out.get(person.affiliation) if person.affiliation is not None else None
        role = state_role_of(person.roles, stated, affiliated.state if affiliated else None)
        if role is not None:
            out[actor_id] = role
    return out


def _state_events(
    store: Store,
    a: GlobalActor,
    b: GlobalActor,
    actors: dict[int, GlobalActor],
    names: dict[int, str],
) -> list[DyadEvent]:
    roles = state_roles(store, actors)
    role_a, role_b = roles.get(a.id), roles.get(b.id)
    if role_a is None or role_b is None or role_a.state == role_b.state:
        return []
    side_a = [i for i, r in roles.items() if r.state == role_a.state and i not in (a.id, b.id)]
    side_b = [i for i, r in roles.items() if r.state == role_b.state and i not in (a.id, b.id)]
    ends_a, ends_b = [a.id, *side_a], [b.id, *side_b]
    rows = store.rows(
        _DYAD_SQL + "WHERE ((list_contains(?, se.source) AND list_contains(?, se.target)) "
        "OR (list_contains(?, se.source) AND list_contains(?, se.target))) "
        "AND NOT ((se.source = ? AND se.target = ?) OR (se.source = ? AND se.target = ?)) "
        "ORDER BY se.date_start NULLS LAST, se.event_id",
        [ends_a, ends_b, ends_b, ends_a, a.id, b.id, b.id, a.id],
    )
    out = []
    for row in rows:
        when = DateRange(row["date_start"], row["date_end"], None, row["date_basis"])
        day = placed_on(when)
        if not (role_a.holds(day) and role_b.holds(day)):
            continue
        stood: list[str | None] = []
        for end in (row["source"], row["target"]):
            if end in (a.id, b.id):
                stood.append(None)
                continue
            if not roles[end].holds(day):
                break
            stood.append(a.name if roles[end].state == role_a.state else b.name)
        else:
            out.append(_dyad_event(row, names, "state", stood[0], stood[1]))
    return out
