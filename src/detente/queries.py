"""The read service over the corpus store: every view of the corpus (CLI, Python API, HTTP API,
web pages) answers from these functions, so each gives the same answer.

The store layer beside the library: it turns what a user types into global actors and reads a
dyad's events (once per story) as :class:`DyadEvent` records for :mod:`detente.relations`,
personal ones and those between the two sides' states (:mod:`detente.states`); it lists actors,
events and quotes with filters and cursor pages (:class:`Cursor`), ranks dyads by activity and
by swing (:func:`dyad_rows`), describes one actor (:func:`actor_detail`) and one stored article
with its highlighted spans (:func:`article_detail`, :func:`analysis_highlights` for an article
analysed on the spot), and counts the corpus (:func:`corpus_stats`). Nothing here takes SQL or
a path from its caller: filters are values bound as parameters.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from detente.errors import InputError
from detente.records import ArticleAnalysis, DateRange, DyadEvent, DyadTimeline
from detente.relations import Granularity, dyad_timeline, placed_on
from detente.states import StateRole, country_of_names, is_former, is_state_role, state_role_of
from detente.store import GlobalActor, Store

__all__ = [
    "SCOPED_KINDS",
    "Cursor",
    "Scope",
    "actor_detail",
    "actor_rows",
    "analysis_highlights",
    "article_detail",
    "corpus_stats",
    "dyad_events",
    "dyad_rows",
    "event_rows",
    "has_unnamed_speaker",
    "quote_rows",
    "relation_timeline",
    "resolve_actor",
    "state_roles",
]

Scope = Literal["personal", "state", "all"]

_T = TypeVar("_T")
# What a query reads of the whole store (every actor, every person's stated roles), kept per
# store generation (Store.generation): a server answers each relation from them without reading
# them again until a write commits. A few generations of a few stores.
_KEPT_SIZE = 8
_kept_values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_kept_lock = threading.Lock()


def _kept(store: Store, what: str, compute: Callable[[], _T]) -> _T:
    key = (what, *store.generation())
    with _kept_lock:
        if key in _kept_values:
            _kept_values.move_to_end(key)
            return _kept_values[key]  # type: ignore[no-any-return]
    value = compute()
    with _kept_lock:
        _kept_values[key] = value
        while len(_kept_values) > _KEPT_SIZE:
            _kept_values.popitem(last=False)
    return value


def _actors(store: Store) -> dict[int, GlobalActor]:
    """Every actor of the store by id (kept per generation: callers must not change it)."""
    return _kept(store, "actors", lambda: {a.id: a for a in store.actors()})


def _state_roles(store: Store) -> dict[int, StateRole]:
    """:func:`state_roles` of every actor, kept per generation."""
    return _kept(store, "state_roles", lambda: state_roles(store, _actors(store)))


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
    actors = _actors(store)
    names = _kept(store, "names", lambda: {i: actor.name for i, actor in actors.items()})
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
        out += _state_events(store, a, b, names)
    out.sort(key=lambda e: (e.date.start or date.max, e.event_id))
    return out


# The columns a DyadEvent is made of (the lists of article and event ids are left out: turning
# them into Python lists was a third of a relation's read at 50,000 articles).
_DYAD_SQL = (
    "SELECT se.event_id, se.source, se.target, se.type, se.score, se.modality, se.date_start, "
    "se.date_end, se.date_text, se.date_basis, se.evidence_sentence, se.trigger, se.outlets, "
    "se.claimed_by, se.article_id, se.n_articles, se.hedged, ar.url "
    "FROM story_events se LEFT JOIN articles ar ON ar.id = se.article_id "
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
    # Only a person known by a state role can hold one (state_role_of), and of a role stated
    # in many articles only its last day counts, unless it is a "former" one, whose every day
    # may end the tenure: so the evidence is each role's last day, and every day of the former
    # ones (the same answer as every article's roles, from a few hundred rows, not 100,000).
    officials = [
        a.id
        for a in actors.values()
        if a.kind == "person" and any(is_state_role(role) for role in a.roles)
    ]
    evidence: dict[int, list[tuple[date | None, list[str]]]] = defaultdict(list)
    if officials:
        roles_said = (
            "SELECT aa.actor_id, unnest(aa.roles) AS role, ar.published FROM article_actors aa "
            "JOIN articles ar ON ar.id = aa.article_id WHERE aa.kind = 'person' "
            "AND len(aa.roles) > 0 AND list_contains(?, aa.actor_id)"
        )
        former: list[tuple[int, str]] = []
        for row in store.rows(
            f"SELECT actor_id, role, max(published) AS last FROM ({roles_said}) GROUP BY ALL",
            [officials],
        ):
            if is_former(row["role"]):
                former.append((row["actor_id"], row["role"]))
            else:
                evidence[row["actor_id"]].append((row["last"], [row["role"]]))
        if former:
            for row in store.rows(
                f"SELECT DISTINCT s.actor_id, s.role, s.published FROM ({roles_said}) s "
                "JOIN (SELECT unnest(?::BIGINT[]) AS actor_id, unnest(?::VARCHAR[]) AS role) f "
                "ON f.actor_id = s.actor_id AND f.role = s.role",
                [officials, [a for a, _ in former], [r for _, r in former]],
            ):
                evidence[row["actor_id"]].append((row["published"], [row["role"]]))
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
    names: dict[int, str],
) -> list[DyadEvent]:
    roles = _state_roles(store)
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


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page of a listing ends: the sort day (None sorts last) and the row's id.

    Listings are ordered by ``(day, id)``; the next page starts after the cursor. It travels as
    an opaque token (:meth:`encode`), which :meth:`decode` checks.
    """

    day: date | None
    id: int

    def encode(self) -> str:
        """The cursor as a URL-safe token."""
        raw = json.dumps([self.day.isoformat() if self.day else None, self.id])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        """The cursor a token of :meth:`encode` holds.

        Raises:
            InputError: the token is not one this service gave.
        """
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            day, row_id = json.loads(raw)
            if not isinstance(row_id, int) or isinstance(row_id, bool):
                raise ValueError(row_id)
            return cls(date.fromisoformat(day) if day is not None else None, row_id)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise InputError(
                "cursor", "not a cursor this service gave; start again without it"
            ) from None


# Rows without a day sort after every dated row, in id order (a listing's NULLS LAST).
_LAST_DAY = date(9999, 12, 31)


def _after(day_sql: str, id_sql: str, cursor: Cursor | None) -> tuple[str, list[Any]]:
    if cursor is None:
        return "", []
    day = cursor.day or _LAST_DAY
    key = f"coalesce({day_sql}, DATE '{_LAST_DAY.isoformat()}')"
    return f"({key} > ? OR ({key} = ? AND {id_sql} > ?))", [day, day, cursor.id]


def _limit(limit: int | None) -> str:
    # one row more than asked: whether it exists says if there is a next page
    return f" LIMIT {int(limit) + 1}" if limit is not None else ""


def next_cursor(rows: list[dict[str, Any]], limit: int | None, id_key: str) -> Cursor | None:
    """Cut ``rows`` (fetched with one extra) to ``limit`` and give the cursor of the next page."""
    if limit is None or len(rows) <= limit:
        return None
    del rows[limit:]
    last = rows[-1]
    return Cursor(last["date"], int(last[id_key]))


def event_rows(
    store: Store,
    *,
    actor: GlobalActor | None = None,
    event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    modality: str | None = None,
    quad_class: int | None = None,
    outlet: str | None = None,
    anonymous: bool | None = None,
    min_score: float | None = None,
    after: Cursor | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events once per story, oldest first, actors by name; ``since``/``until`` filter on the
    day each event counts on (its date, or its article's publication when the text gives none).

    ``outlet``: carried by that outlet; ``anonymous``: claimed by an anonymous source (True) or
    not (False); ``min_score``: at least that score; ``after``/``limit``: a page (one more row
    than ``limit`` comes back when there is a next page, see :func:`next_cursor`).
    """
    where: list[str] = []
    params: list[Any] = []
    claimed_anonymous = (
        "list_has_any(coalesce(se.claimed_by, []), "
        "(SELECT coalesce(list(id), []) FROM actors WHERE kind = 'anonymous'))"
    )
    for clause, value in (
        ("(se.source = ? OR se.target = ?)", actor.id if actor else None),
        ("se.type = ?", event_type),
        ("se.modality = ?", modality),
        ("se.quad_class = ?", quad_class),
        ("list_contains(coalesce(se.outlets, []), ?)", outlet),
        ("se.score >= ?", min_score),
        (f"{_PLACED} >= ?", since),
        (f"{_PLACED} <= ?", until),
    ):
        if value is not None:
            where.append(clause)
            params += [value] * clause.count("?")
    if anonymous is not None:
        where.append(claimed_anonymous if anonymous else f"NOT {claimed_anonymous}")
    page, page_params = _after(_PLACED, "se.event_id", after)
    if page:
        where.append(page)
        params += page_params
    rows = store.rows(
        f"SELECT se.event_id, se.story_id, {_PLACED} AS date, "
        "se.date_start, se.date_end, se.date_text, se.date_basis, ar.published, se.source, "
        "se.target, se.type, se.score, se.quad_class, se.modality, se.hedged, se.trigger, "
        "se.evidence_sentence AS evidence, se.evidence_start, se.evidence_end, "
        "coalesce(se.outlets, []) AS outlets, se.claimed_by, "
        "se.n_articles, se.article_id, ar.url "
        "FROM story_events se JOIN articles ar ON ar.id = se.article_id "
        f"{_where(where)} ORDER BY date NULLS LAST, se.event_id{_limit(limit)}",
        params,
    )
    for row in rows:
        row["score"] = round(float(row["score"]), 2)
        row["evidence"] = row["evidence"].strip()
    return _named(store, rows, ("source", "target"), ("claimed_by",))


def means_unnamed_speakers(store: Store, words: str) -> bool:
    """Whether a ``speaker`` filter means unnamed sources, not an actor: no actor is named
    ``words`` and some quote's unnamed source is described with them ("aide": "an aide"). The
    CLI, :class:`detente.Corpus` and the API each look the actor up otherwise."""
    found = resolve_actor(store, words)
    named = isinstance(found, GlobalActor) or bool(found)
    return not named and has_unnamed_speaker(store, words)


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
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
    between: tuple[GlobalActor, GlobalActor] | None = None,
    after: Cursor | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Quotes once per story, oldest first. ``speaker`` is a global actor, or the words that
    describe unnamed sources ("aide" finds "an aide", "two senior aides"); ``contains`` is text
    of the quote (case and accents folded); ``anonymous`` keeps only anonymous sources (True)
    or only quotes on record (False); ``outlet`` keeps the quotes that outlet carried;
    ``since``/``until`` filter on the quote's day; ``between`` keeps the quotes one of two
    actors said in a story where the other one is mentioned; ``after``/``limit`` as
    :func:`event_rows`."""
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
    if between is not None:
        a, b = between
        where.append(
            "((q.speaker = ? AND ar.story_id IN (SELECT x.story_id FROM mentions m JOIN articles"
            " x ON x.id = m.article_id WHERE m.actor_id = ?)) OR (q.speaker = ? AND ar.story_id"
            " IN (SELECT x.story_id FROM mentions m JOIN articles x ON x.id = m.article_id "
            "WHERE m.actor_id = ?)))"
        )
        params += [a.id, b.id, b.id, a.id]
    outer: list[str] = []
    outer_params: list[Any] = []
    for clause, value in (
        ("list_contains(outlets, ?)", outlet),
        ("date >= ?", since),
        ("date <= ?", until),
    ):
        if value is not None:
            outer.append(clause)
            outer_params.append(value)
    page, page_params = _after("date", "quote_id", after)
    if page:
        outer.append(page)
        outer_params += page_params
    rows = store.rows(
        "SELECT * FROM (SELECT min(q.id) AS quote_id, ar.story_id, "
        "min(coalesce(q.date_start, ar.published)) AS date, q.speaker, "
        "arg_min(q.speaker_text, q.id) AS speaker_text, q.text, "
        "bool_or(q.direct) AS direct, bool_and(q.anonymous) AS anonymous, "
        "arg_min(q.cue, q.id) AS cue, "
        "coalesce(list_sort(list(DISTINCT ar.outlet) FILTER (WHERE ar.outlet IS NOT NULL)), "
        "[]) AS outlets, "
        "count(DISTINCT q.article_id) AS n_articles, "
        "first(ar.url ORDER BY ar.published NULLS LAST, ar.id) AS url, "
        "first(ar.id ORDER BY ar.published NULLS LAST, ar.id) AS article_id "
        "FROM quotes q JOIN articles ar ON ar.id = q.article_id "
        f"{_where(where)} GROUP BY ar.story_id, q.speaker, q.text) "
        f"{_where(outer)} ORDER BY date NULLS LAST, quote_id{_limit(limit)}",
        params + outer_params,
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


# --- the corpus at a glance: counts, dyads ranked, one actor, one article -------------------


def corpus_stats(store: Store) -> dict[str, Any]:
    """What the corpus holds: articles, stories, actors (corpus-wide), story-level events and
    quotes, outlets, skipped documents, and the first and last publication day."""
    row = store.rows(
        "SELECT (SELECT count(*) FROM articles) AS articles, "
        "(SELECT count(DISTINCT story_id) FROM articles) AS stories, "
        "(SELECT count(*) FROM actors WHERE scope_article IS NULL) AS actors, "
        "(SELECT count(*) FROM story_events) AS events, "
        "(SELECT count(*) FROM quotes) AS quotes, "
        "(SELECT count(DISTINCT outlet) FROM articles) AS outlets, "
        "(SELECT count(*) FROM skipped) AS skipped, "
        "(SELECT min(published) FROM articles) AS first_published, "
        "(SELECT max(published) FROM articles) AS last_published"
    )[0]
    return dict(row)


# A swing is "recent" when its latest period began within this many days of the corpus's
# latest dated event (a year: the span an analyst's "lately" covers in the sample corpus).
_RECENT_DAYS = 365


def dyad_rows(
    store: Store,
    *,
    rank: Literal["activity", "swing"] = "activity",
    actor: GlobalActor | None = None,
    limit: int | None = None,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """Pairs of corpus actors that acted on each other, ranked by activity or by recent swing.

    Each pair is drawn by :func:`detente.relations.dyad_timeline` from its personal events, by
    month, so its ``current`` score and ``trend`` are those of ``detente relation A B --scope
    personal`` (and of the dyad page in that scope). ``swing`` is the change between the last
    two scored periods; ``rank="swing"`` keeps the pairs whose last period is recent and orders
    them by the size of the change. ``actor`` keeps the pairs it is one of (its counterparts).
    """
    actors = _actors(store)
    names = {i: a.name for i, a in actors.items()}
    where = "WHERE se.source <> se.target"
    params: list[Any] = []
    if actor is not None:
        where += " AND (se.source = ? OR se.target = ?)"
        params = [actor.id, actor.id]
    by_pair: dict[tuple[int, int], list[DyadEvent]] = defaultdict(list)
    for row in store.rows(_DYAD_SQL + where, params):
        source, target = actors.get(row["source"]), actors.get(row["target"])
        if source is None or target is None or source.scope_article or target.scope_article:
            continue
        pair = (min(row["source"], row["target"]), max(row["source"], row["target"]))
        by_pair[pair].append(_dyad_event(row, names))
    now = today or date.today()
    out: list[dict[str, Any]] = []
    for (a, b), events in by_pair.items():
        timeline = dyad_timeline((str(a), names[a]), (str(b), names[b]), events, today=now)
        scored = [p for p in timeline.timeline if p.score is not None and p.start <= now]
        days = [p.start for p in timeline.timeline]
        swing = (
            round(scored[-1].score - scored[-2].score, 2)  # type: ignore[operator]
            if len(scored) >= 2
            else None
        )
        out.append(
            {
                "a": {"id": a, "name": names[a]},
                "b": {"id": b, "name": names[b]},
                "n_events": len(events),
                "first": min(days) if days else None,
                "last": max(days) if days else None,
                "current": timeline.current_score,
                "trend": timeline.trend,
                "swing": swing,
                "swing_period": scored[-1].start if len(scored) >= 2 else None,
            }
        )
    if rank == "swing":
        latest = max((r["last"] for r in out if r["last"] is not None), default=None)
        horizon = latest - timedelta(days=_RECENT_DAYS) if latest else None
        out = [
            r
            for r in out
            if r["swing"] is not None and horizon is not None and r["swing_period"] >= horizon
        ]
        out.sort(key=lambda r: (-abs(r["swing"]), -r["n_events"], r["a"]["id"], r["b"]["id"]))
    else:
        out.sort(key=lambda r: (-r["n_events"], r["a"]["id"], r["b"]["id"]))
    return out[:limit] if limit is not None else out


def actor_detail(store: Store, actor: GlobalActor, *, recent: int = 10) -> dict[str, Any]:
    """One actor: names, roles, the state it is or stands for, its counterparts (with the
    current score of each pair, :func:`dyad_rows`) and its latest events."""
    actors = _actors(store)
    role = _state_roles(store).get(actor.id)
    counterparts = []
    for row in dyad_rows(store, actor=actor):
        other = row["b"] if row["a"]["id"] == actor.id else row["a"]
        counterparts.append({"actor": other, **{k: row[k] for k in row if k not in "ab"}})
    stats = store.rows(
        "SELECT n_articles, n_stories, first_published, last_published FROM actor_stats "
        "WHERE actor_id = ?",
        [actor.id],
    )
    latest = event_rows(store, actor=actor)[-recent:][::-1] if recent else []
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": list(actor.aliases),
        "roles": list(actor.roles),
        "affiliation": (
            {"id": actor.affiliation, "name": actors[actor.affiliation].name}
            if actor.affiliation in actors
            else None
        ),
        "state": ({"code": role.state, "until": role.until} if role is not None else None),
        **(stats[0] if stats else {"n_articles": 0, "n_stories": 0}),
        "counterparts": counterparts,
        "recent_events": latest,
    }


def article_detail(store: Store, article_id: int) -> dict[str, Any] | None:
    """One stored article with its analysis (actors, quotes, events) and its spans to
    highlight (:func:`highlights_of`); None when there is no such article."""
    found = store.rows(
        "SELECT id, story_id, title, url, outlet, publisher, published, published_source, "
        "language, authors, text FROM articles WHERE id = ?",
        [article_id],
    )
    if not found:
        return None
    article = found[0]
    actors = store.rows(
        "SELECT aa.local_id, aa.actor_id, aa.name, aa.kind, aa.aliases, aa.roles, "
        "list([m.span_start, m.span_end] ORDER BY m.span_start) AS mentions "
        "FROM article_actors aa LEFT JOIN mentions m ON m.article_id = aa.article_id "
        "AND m.local_id = aa.local_id WHERE aa.article_id = ? "
        "GROUP BY ALL ORDER BY aa.local_id",
        [article_id],
    )
    quotes = store.rows(
        "SELECT id, text, span_start, span_end, speaker, speaker_text, anonymous, direct, cue, "
        "channel FROM quotes WHERE article_id = ? ORDER BY span_start",
        [article_id],
    )
    events = store.rows(
        "SELECT id, source, target, type, score, modality, date_start, date_end, date_text, "
        "date_basis, evidence_sentence AS evidence, evidence_start, evidence_end, trigger, "
        "trigger_start, trigger_end, claimed_by FROM events WHERE article_id = ? ORDER BY idx",
        [article_id],
    )
    events = _named(store, events, ("source", "target", "claimed_by"), ())
    quotes = _named(store, quotes, ("speaker",), ())
    for actor in actors:
        actor["mentions"] = [m for m in actor["mentions"] if m[0] is not None]
    spans = [
        *(
            _span(m[0], m[1], "actor", a["name"], a["actor_id"])
            for a in actors
            for m in a["mentions"]
        ),
        *(
            _span(
                q["span_start"], q["span_end"], "quote", q["speaker"] or q["speaker_text"], q["id"]
            )
            for q in quotes
        ),
        *(
            _span(e["evidence_start"], e["evidence_end"], "event", _said(e), e["id"])
            for e in events
        ),
        *(
            _span(e["trigger_start"], e["trigger_end"], "trigger", e["type"], e["id"])
            for e in events
            if e["trigger_start"] is not None
        ),
    ]
    return {
        **article,
        "actors": actors,
        "quotes": quotes,
        "events": events,
        "highlights": _ordered(spans, len(article["text"])),
    }


def analysis_highlights(analysis: ArticleAnalysis) -> list[dict[str, Any]]:
    """The spans of an article analysed on the spot, in the form :func:`article_detail` gives
    for a stored one: actors' mentions, quotes, events' evidence and triggers."""
    names = {a.id: a.name for a in analysis.actors}
    spans = [
        *(_span(m[0], m[1], "actor", a.name, a.id) for a in analysis.actors for m in a.mentions),
        *(
            _span(q.span[0], q.span[1], "quote", names.get(q.speaker or "", q.speaker_text), i)
            for i, q in enumerate(analysis.quotes)
        ),
    ]
    for i, e in enumerate(analysis.events):
        said = f"{names.get(e.source, e.source)} {e.type} {names.get(e.target, e.target)}"
        spans.append(_span(e.evidence.span[0], e.evidence.span[1], "event", said, i))
        if e.trigger_span is not None:
            spans.append(_span(e.trigger_span[0], e.trigger_span[1], "trigger", e.type, i))
    return _ordered(spans, len(analysis.article.text))


def _span(start: int, end: int, kind: str, label: str | None, ref: object) -> dict[str, Any]:
    return {"start": int(start), "end": int(end), "kind": kind, "label": label, "ref": ref}


def _said(event: dict[str, Any]) -> str:
    return f"{event['source']} {event['type']} {event['target']}"


def _ordered(spans: list[dict[str, Any]], length: int) -> list[dict[str, Any]]:
    """Spans inside the text, ordered by start (longest first at one start)."""
    kept = [s for s in spans if 0 <= s["start"] < s["end"] <= length]
    return sorted(kept, key=lambda s: (s["start"], -s["end"], s["kind"]))
