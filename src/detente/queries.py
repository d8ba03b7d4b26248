"""Reads of the corpus store that the commands share: names to actors, a dyad's events.

The store layer beside the library: it turns what a user types into global actors and reads a
dyad's events (once per story) as :class:`DyadEvent` records for :mod:`detente.relations`,
personal ones and those between the two sides' states (:mod:`detente.states`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Literal

from detente.records import DateRange, DyadEvent, DyadTimeline
from detente.relations import Granularity, dyad_timeline, placed_on
from detente.states import StateRole, country_of_names, state_role_of
from detente.store import GlobalActor, Store

__all__ = [
    "SCOPED_KINDS",
    "Scope",
    "actor_rows",
    "dyad_events",
    "event_rows",
    "has_unnamed_speaker",
    "quote_rows",
    "relation_timeline",
    "resolve_actor",
    "state_roles",
]

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


# --- listings: actors, events and quotes, as `detente actors|events|quotes` and Corpus give them

# Groups ("two aides") and anonymous sources exist within one article: listed only on request.
SCOPED_KINDS = ("group", "anonymous")
# The day an event counts on (relations.placed_on): a window the text gave no date for counts on
# its end, the publication; an event stored before dates had a basis, on its publication.
_PLACED = (
    "CASE WHEN se.date_basis = 'reported' THEN se.date_end "
    "ELSE coalesce(se.date_start, ar.published) END"
)
# Quotes of unnamed sources ("an aide", "two officials") whose description holds some words.
_UNNAMED_SPEAKER = (
    "(q.speaker IS NULL OR q.speaker IN (SELECT id FROM actors WHERE scope_article IS NOT NULL)) "
    "AND contains(strip_accents(lower(coalesce(q.speaker_text, ''))), ?)"
)


def actor_rows(
    store: Store, query: str | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    """The corpus's actors, most cited first: id, name, kind, aliases, roles, n_articles,
    n_stories, first_seen, last_seen. ``query`` is part of a name or alias (folded); groups and
    anonymous sources (per article) are listed only when ``kind`` asks for them."""
    from detente.lexicon.names import fold

    where = ["a.kind = ?" if kind else "a.scope_article IS NULL"]
    params: list[Any] = [kind] if kind else []
    if kind is not None and kind not in SCOPED_KINDS:
        where.append("a.scope_article IS NULL")
    if query is not None and query.strip():
        where.append("a.id IN (SELECT actor_id FROM actor_aliases WHERE contains(alias_key, ?))")
        params.append(fold(" ".join(query.split())))
    return store.rows(
        "SELECT a.id, a.name, a.kind, a.aliases, a.roles, "
        "coalesce(s.n_articles, 0) AS n_articles, coalesce(s.n_stories, 0) AS n_stories, "
        "s.first_published AS first_seen, s.last_published AS last_seen "
        "FROM actors a LEFT JOIN actor_stats s ON s.actor_id = a.id "
        f"WHERE {' AND '.join(where)} ORDER BY n_articles DESC, a.name, a.id",
        params,
    )


def event_rows(
    store: Store,
    *,
    actor: GlobalActor | None = None,
    event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    modality: str | None = None,
) -> list[dict[str, Any]]:
    """Events once per story, oldest first, actors by name; ``since``/``until`` filter on the
    day each event counts on (its date, or its article's publication when the text gives none).
    """
    where: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("(se.source = ? OR se.target = ?)", actor.id if actor else None),
        ("se.type = ?", event_type),
        ("se.modality = ?", modality),
        (f"{_PLACED} >= ?", since),
        (f"{_PLACED} <= ?", until),
    ):
        if value is not None:
            where.append(clause)
            params += [value] * clause.count("?")
    rows = store.rows(
        f"SELECT se.event_id, se.story_id, {_PLACED} AS date, "
        "se.date_start, se.date_end, se.date_text, se.date_basis, ar.published, se.source, "
        "se.target, se.type, se.score, se.modality, se.trigger, "
        "se.evidence_sentence AS evidence, coalesce(se.outlets, []) AS outlets, se.claimed_by, "
        "se.n_articles, ar.url "
        "FROM story_events se JOIN articles ar ON ar.id = se.article_id "
        f"{_where(where)} ORDER BY date NULLS LAST, se.event_id",
        params,
    )
    for row in rows:
        row["score"] = round(float(row["score"]), 2)
        row["evidence"] = row["evidence"].strip()
    return _named(store, rows, ("source", "target"), ("claimed_by",))


def has_unnamed_speaker(store: Store, words: str) -> bool:
    """Whether some quote's unnamed source is described with ``words`` ("aide": "an aide")."""
    from detente.lexicon.names import fold

    key = fold(" ".join(words.split()))
    return bool(key) and bool(
        store.rows(f"SELECT 1 FROM quotes q WHERE {_UNNAMED_SPEAKER} LIMIT 1", [key])
    )


def quote_rows(
    store: Store,
    *,
    speaker: GlobalActor | str | None = None,
    contains: str | None = None,
    anonymous: bool | None = None,
) -> list[dict[str, Any]]:
    """Quotes once per story, oldest first. ``speaker`` is a global actor, or the words that
    describe unnamed sources ("aide" finds "an aide", "two senior aides"); ``contains`` is text
    of the quote (case and accents folded); ``anonymous`` keeps only anonymous sources (True)
    or only quotes on record (False)."""
    from detente.lexicon.names import fold

    where: list[str] = []
    params: list[Any] = []
    if isinstance(speaker, GlobalActor):
        where.append("q.speaker = ?")
        params.append(speaker.id)
    elif speaker is not None:
        where.append(_UNNAMED_SPEAKER)
        params.append(fold(" ".join(speaker.split())))
    if anonymous is not None:
        where.append("q.anonymous = ?")
        params.append(anonymous)
    if contains is not None:
        where.append("contains(strip_accents(lower(q.text)), strip_accents(lower(?)))")
        params.append(contains)
    rows = store.rows(
        "SELECT min(q.id) AS quote_id, ar.story_id, "
        "min(coalesce(q.date_start, ar.published)) AS date, q.speaker, "
        "arg_min(q.speaker_text, q.id) AS speaker_text, q.text, "
        "bool_or(q.direct) AS direct, bool_and(q.anonymous) AS anonymous, "
        "arg_min(q.cue, q.id) AS cue, "
        "coalesce(list_sort(list(DISTINCT ar.outlet) FILTER (WHERE ar.outlet IS NOT NULL)), "
        "[]) AS outlets, "
        "count(DISTINCT q.article_id) AS n_articles, "
        "first(ar.url ORDER BY ar.published NULLS LAST, ar.id) AS url "
        "FROM quotes q JOIN articles ar ON ar.id = q.article_id "
        f"{_where(where)} GROUP BY ar.story_id, q.speaker, q.text "
        "ORDER BY date NULLS LAST, quote_id",
        params,
    )
    rows = _named(store, rows, ("speaker",), ())
    for row in rows:
        row["speaker"] = row["speaker"] or row["speaker_text"]
    return rows


def _where(clauses: list[str]) -> str:
    return f"WHERE {' AND '.join(clauses)}" if clauses else ""


def _named(
    store: Store,
    rows: list[dict[str, Any]],
    single: tuple[str, ...],
    multiple: tuple[str, ...],
) -> list[dict[str, Any]]:
    """Replace actor ids in ``single`` and id lists in ``multiple`` columns by actor names."""
    ids = {r[c] for r in rows for c in single if r[c] is not None}
    ids |= {i for r in rows for c in multiple for i in r[c] or ()}
    names = {}
    if ids:
        found = store.rows("SELECT id, name FROM actors WHERE list_contains(?, id)", [sorted(ids)])
        names = {r["id"]: r["name"] for r in found}
    for row in rows:
        for column in single:
            row[column] = names.get(row[column]) if row[column] is not None else None
        for column in multiple:
            row[column] = [names.get(i, f"#{i}") for i in row[column] or ()]
    return rows


def relation_timeline(
    store: Store,
    a: GlobalActor,
    b: GlobalActor,
    *,
    by: Granularity = "month",
    scope: Scope = "all",
    since: date | None = None,
    until: date | None = None,
) -> DyadTimeline:
    """How ``a`` and ``b`` stand over time: :func:`dyad_events` drawn by
    :func:`detente.relations.dyad_timeline` (``detente relation`` and ``Corpus.relation``)."""
    return dyad_timeline(
        (str(a.id), a.name),
        (str(b.id), b.name),
        dyad_events(store, a, b, scope=scope),
        by=by,
        since=since,
        until=until,
    )
