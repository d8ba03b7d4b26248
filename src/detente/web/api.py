"""The JSON API (``/api/...``): each route checks its parameters, reads through
:mod:`detente.queries` on a read session and returns what it gives, so the CLI, the API and
the pages answer alike. The schema is at ``/openapi.json``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from detente.errors import ActorLookupError, InputError
from detente.ingest._dates import parse_day_bound, parse_iso_date
from detente.lexicon.events import PLOVER_TYPES
from detente.queries import (
    Cursor,
    actor_detail,
    actor_rows,
    analysis_highlights,
    article_detail,
    corpus_stats,
    dyad_rows,
    event_rows,
    means_unnamed_speakers,
    next_cursor,
    quote_rows,
    relation_timeline,
    resolve_actor,
)
from detente.store import GlobalActor, Store
from detente.web.errors import ApiError

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

# What a client may ask for: names and search words are short, pages are bounded.
_MAX_NAME = 200
_MAX_PAGE = 500
_DEFAULT_PAGE = 100
Name = Annotated[str, Query(min_length=1, max_length=_MAX_NAME)]
OptionalName = Annotated[str | None, Query(min_length=1, max_length=_MAX_NAME)]
Day = Annotated[
    str | None,
    Query(max_length=10, description="YYYY-MM-DD, or YYYY-MM / YYYY (a month's or year's bound)"),
]
PageSize = Annotated[int, Query(ge=1, le=_MAX_PAGE, description="Rows per page")]
CursorToken = Annotated[
    str | None, Query(max_length=200, description="next_cursor of the previous page")
]
ScopeQuery = Literal["all", "personal", "state"]
ByQuery = Literal["day", "week", "month", "quarter"]
ModalityQuery = Literal["asserted", "planned", "hypothetical", "negated"]
KindQuery = Literal["person", "organization", "country", "outlet", "group", "anonymous"]


def served_reader(request: Request) -> Any:
    """A read session of the served store, for one request."""
    return request.app.state.served.reader()


def pick(store: Store, name: str) -> GlobalActor:
    """The one actor a name (or ``#id``) means, as the CLI resolves it.

    Raises:
        ActorLookupError: none or several (404 or 409).
    """
    found = resolve_actor(store, name)
    if isinstance(found, GlobalActor):
        return found
    raise ActorLookupError(name, tuple(found))


def bound(value: str | None, name: str, *, end: bool) -> date | None:
    """``since``/``until``: a day, month or year, strictly read (400 otherwise)."""
    return parse_day_bound(name, value, end=end) if value is not None else None


def cursor_of(token: str | None) -> Cursor | None:
    return Cursor.decode(token) if token else None


def ingest_status(request: Request) -> dict[str, Any]:
    """The ingest jobs' state (``enabled: false`` when the server is read-only)."""
    jobs = request.app.state.jobs
    return jobs.status() if jobs is not None else {"enabled": False}


@router.get("/stats", summary="Corpus counts and ingest status")
def stats(request: Request) -> dict[str, Any]:
    # the jobs' state first: when it says every job has ended, the counts read after it include
    # all they committed (read the other way round, a job could end between the two)
    ingest = ingest_status(request)
    with served_reader(request) as store:
        return {**corpus_stats(store), "store": store.path, "ingest": ingest}


@router.get("/actors", summary="Search actors by part of a name or alias")
def actors(
    request: Request,
    q: Annotated[str | None, Query(max_length=_MAX_NAME)] = None,
    kind: KindQuery | None = None,
    limit: PageSize = _DEFAULT_PAGE,
) -> dict[str, Any]:
    with served_reader(request) as store:
        rows = actor_rows(store, q, kind)
    return {"actors": rows[:limit], "total": len(rows)}


@router.get("/actors/{actor_id}", summary="One actor: names, roles, state, counterparts, events")
def actor(request: Request, actor_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    with served_reader(request) as store:
        found = pick(store, f"#{actor_id}")
        return actor_detail(store, found)


@router.get("/relation", summary="How two actors stand over time (as `detente relation`)")
def relation(
    request: Request,
    a: Name,
    b: Name,
    by: ByQuery = "month",
    scope: ScopeQuery = "all",
    since: Day = None,
    until: Day = None,
) -> Response:
    first, last = bound(since, "since", end=False), bound(until, "until", end=True)
    with served_reader(request) as store:
        actor_a, actor_b = pick(store, a), pick(store, b)
        if actor_a.id == actor_b.id:
            raise ApiError(400, "same_actor", f"{a!r} and {b!r} are the same actor")
        served = request.app.state.served

        def answer() -> bytes:
            timeline = relation_timeline(
                store, actor_a, actor_b, by=by, scope=scope, since=first, until=last
            )
            return bytes(JSONResponse(jsonable_encoder(timeline.to_dict())).body)

        # kept encoded: turning a dyad of 3,000 events into JSON cost more than reading it
        body = served.cached(
            store, ("relation", actor_a.id, actor_b.id, by, scope, first, last), answer
        )
    return Response(content=body, media_type="application/json")


@router.get("/events", summary="Events once per story, oldest first, filtered, in pages")
def events(
    request: Request,
    actor: OptionalName = None,
    type: Annotated[str | None, Query(max_length=20, description="PLOVER type")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    modality: ModalityQuery | None = None,
    outlet: OptionalName = None,
    anonymous: Annotated[bool | None, Query(description="claimed by an anonymous source")] = None,
    since: Day = None,
    until: Day = None,
    min_score: Annotated[float | None, Query(ge=-10, le=10)] = None,
    limit: PageSize = _DEFAULT_PAGE,
    cursor: CursorToken = None,
) -> dict[str, Any]:
    wanted = type.strip().upper() if type else None
    if wanted is not None and wanted not in PLOVER_TYPES:
        raise ApiError(400, "invalid_parameter", f"type: {type!r} is not a PLOVER type")
    first, last = bound(since, "since", end=False), bound(until, "until", end=True)
    after = cursor_of(cursor)
    with served_reader(request) as store:
        rows = event_rows(
            store,
            actor=pick(store, actor) if actor else None,
            event_type=wanted,
            since=first,
            until=last,
            modality=modality,
            quad_class=quad_class,
            outlet=outlet,
            anonymous=anonymous,
            min_score=min_score,
            after=after,
            limit=limit,
        )
    following = next_cursor(rows, limit, "event_id")
    return {"events": rows, "next_cursor": following.encode() if following else None}


@router.get("/quotes", summary="Quotes once per story, oldest first, filtered, in pages")
def quotes(
    request: Request,
    speaker: OptionalName = None,
    contains: OptionalName = None,
    anonymous: bool | None = None,
    outlet: OptionalName = None,
    since: Day = None,
    until: Day = None,
    a: Annotated[str | None, Query(max_length=_MAX_NAME, description="with b: exchanged")] = None,
    b: Annotated[str | None, Query(max_length=_MAX_NAME)] = None,
    limit: PageSize = _DEFAULT_PAGE,
    cursor: CursorToken = None,
) -> dict[str, Any]:
    if (a is None) != (b is None):
        raise ApiError(400, "invalid_parameter", "a and b go together (the quotes between two)")
    first, last = bound(since, "since", end=False), bound(until, "until", end=True)
    after = cursor_of(cursor)
    with served_reader(request) as store:
        who: GlobalActor | str | None = None
        if speaker is not None:
            who = speaker if means_unnamed_speakers(store, speaker) else pick(store, speaker)
        between = (pick(store, a), pick(store, b)) if a is not None and b is not None else None
        rows = quote_rows(
            store,
            speaker=who,
            contains=contains,
            anonymous=anonymous,
            outlet=outlet,
            since=first,
            until=last,
            between=between,
            after=after,
            limit=limit,
        )
    following = next_cursor(rows, limit, "quote_id")
    return {"quotes": rows, "next_cursor": following.encode() if following else None}


@router.get("/articles/{article_id}", summary="One article, its analysis and spans to highlight")
def article(request: Request, article_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    with served_reader(request) as store:
        found = article_detail(store, article_id)
    if found is None:
        raise ApiError(404, "not_found", f"no article {article_id} in the store")
    return found


@router.get("/dyads", summary="Pairs of actors ranked by activity or by recent swing")
def dyads(
    request: Request,
    rank: Literal["activity", "swing"] = "activity",
    limit: Annotated[int, Query(ge=1, le=_MAX_PAGE)] = 20,
) -> dict[str, Any]:
    served = request.app.state.served
    with served.reader() as store:
        rows = served.cached(store, ("dyads", rank), lambda: dyad_rows(store, rank=rank))
    return {"rank": rank, "dyads": rows[:limit], "total": len(rows)}


@router.post(
    "/analyze",
    summary="Analyse a posted article (not stored)",
    description="Body: JSON {text | html, published?, url?}, or the article as text/plain or "
    "text/html. At most 5 MB.",
)
async def analyze(request: Request) -> dict[str, Any]:
    from detente.web.app import MAX_ANALYZE_BYTES

    body = await read_body(request, MAX_ANALYZE_BYTES)
    content, published, url = article_of(request, body)
    return await run_in_threadpool(analyse, content, published, url)


def analyse(content: str, published: date | None, url: str | None) -> dict[str, Any]:
    """The analysis of one article with its spans to highlight (the analyze page's data)."""
    from detente.pipeline import analyze as analyze_article

    result = analyze_article(content, published=published, url=url)
    return {**result.to_dict(), "highlights": analysis_highlights(result)}


def article_of(request: Request, body: bytes) -> tuple[str, date | None, str | None]:
    """The article, its publication day and URL from a JSON or a text/HTML body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_body", "the body is not UTF-8 text") from None
    if kind != "application/json":
        return text, day_of(request.query_params.get("published")), None
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise ApiError(400, "invalid_body", "the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise ApiError(400, "invalid_body", 'the JSON body is an object: {"text": ...}')
    content = payload.get("text", payload.get("html"))
    if not isinstance(content, str) or not content.strip():
        raise ApiError(400, "invalid_body", 'the JSON body needs "text" or "html" (a string)')
    url = payload.get("url")
    if url is not None and (not isinstance(url, str) or len(url) > 2000):
        raise ApiError(400, "invalid_body", '"url" is a string of at most 2000 characters')
    published = payload.get("published")
    if published is not None and not isinstance(published, str):
        raise ApiError(400, "invalid_body", '"published" is a date string, YYYY-MM-DD')
    return content, day_of(published), url


def day_of(value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    if len(value) > 10:
        raise InputError("published", f"{value[:20]!r} is not a date (YYYY-MM-DD)")
    return parse_iso_date("published", value, field="published")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes before it is read whole."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "body_too_large", f"the body is over {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "body_too_large", f"the body is over {limit:,} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise ApiError(400, "invalid_body", "the body is empty")
    return body


@router.post(
    "/ingest",
    status_code=202,
    summary="Queue documents to ingest (only with `detente serve --allow-ingest`)",
    description="Body: JSON Lines, one document a line ({text | html, id?, url?, published?, "
    "title?, language?}), at most 64 MB. `detente ingest --server URL PATH...` posts files so.",
)
async def ingest(request: Request, published: Day = None) -> dict[str, Any]:
    from detente.web.app import MAX_INGEST_BYTES

    jobs = request.app.state.jobs
    if jobs is None:
        raise ApiError(
            403, "ingest_disabled", "this server is read-only; start it with --allow-ingest"
        )
    day = day_of(published)
    body = await read_body(request, MAX_INGEST_BYTES)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_body", "the body is not UTF-8 JSON Lines") from None
    job = jobs.submit(body, day)
    return {"job": job.to_dict()}


@router.get("/ingest", summary="Ingest jobs and their state")
def ingest_jobs(request: Request) -> dict[str, Any]:
    return ingest_status(request)


@router.get("/ingest/{job_id}", summary="One ingest job")
def ingest_job(request: Request, job_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    jobs = request.app.state.jobs
    job = jobs.get(job_id) if jobs is not None else None
    if job is None:
        raise ApiError(404, "not_found", f"no ingest job {job_id}")
    return {"job": job.to_dict()}
