"""The dashboard's pages, server-rendered with Jinja (autoescaped), each beside its JSON twin.

home ``/`` (``/api/stats``, ``/api/dyads``), actor ``/actors/{id}`` (``/api/actors/{id}``),
dyad ``/dyad?a=&b=`` (``/api/relation``, ``/api/quotes?a=&b=``), article ``/articles/{id}``
(``/api/articles/{id}``), analyze ``/analyze`` (``POST /api/analyze``). Charts are drawn in the
browser by Vega-Lite, served from the package (``/static/vendor``), from the page's own data.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from detente.errors import DetenteError
from detente.queries import (
    article_detail,
    corpus_stats,
    dyad_rows,
    quote_rows,
    relation_timeline,
)
from detente.web import api
from detente.web.errors import ApiError

__all__ = ["error_page", "router", "segments"]

router = APIRouter(include_in_schema=False)
_env = Environment(
    loader=FileSystemLoader(FilePath(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
# dates in a page's JSON data as ISO strings, as the API gives them
_env.policies["json.dumps_kwargs"] = {"default": str, "sort_keys": False}
templates = Jinja2Templates(env=_env)
# An article's text is cut into at most this many highlighted pieces on a page.
_MAX_SPANS = 5000


def segments(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``text`` cut at every span boundary; each piece with the kinds and labels covering it."""
    spans = spans[:_MAX_SPANS]
    cuts = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    out = []
    for start, end in itertools.pairwise(cuts):
        over = [s for s in spans if s["start"] <= start and s["end"] >= end]
        out.append(
            {
                "text": text[start:end],
                "kinds": sorted({s["kind"] for s in over}),
                "labels": sorted({f"{s['kind']}: {s['label']}" for s in over if s["label"]}),
                "events": sorted({str(s["ref"]) for s in over if s["kind"] == "event"}),
            }
        )
    return out


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context)


def error_page(request: Request, status: int, code: str, message: str) -> Response:
    """The error as a page, for a browser (the API answers JSON)."""
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "code": code, "message": message}, status
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    served = request.app.state.served
    with served.reader() as store:
        stats = corpus_stats(store)
        active = served.cached(store, ("dyads", "activity"), lambda: dyad_rows(store))
        swings = served.cached(store, ("dyads", "swing"), lambda: dyad_rows(store, rank="swing"))
    return _page(
        request,
        "home.html",
        stats=stats,
        active=active[:15],
        swings=swings[:10],
        ingest=api.ingest_status(request),
        store=served.path,
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: Annotated[int, Path(ge=1)]) -> HTMLResponse:
    detail = api.actor(request, actor_id)
    return _page(request, "actor.html", actor=detail)


@router.get("/dyad", response_class=HTMLResponse)
def dyad(
    request: Request,
    a: api.Name,
    b: api.Name,
    by: api.ByQuery = "month",
    scope: api.ScopeQuery = "all",
    since: api.Day = None,
    until: api.Day = None,
) -> HTMLResponse:
    first = api.bound(since, "since", end=False)
    last = api.bound(until, "until", end=True)
    with api.served_reader(request) as store:
        actor_a, actor_b = api.pick(store, a), api.pick(store, b)
        if actor_a.id == actor_b.id:
            raise ApiError(400, "same_actor", f"{a!r} and {b!r} are the same actor")
        timeline = relation_timeline(
            store, actor_a, actor_b, by=by, scope=scope, since=first, until=last
        )
        exchanged = quote_rows(store, between=(actor_a, actor_b), limit=200)
    query = {"a": f"#{actor_a.id}", "b": f"#{actor_b.id}", "by": by, "scope": scope}
    if since:
        query["since"] = since
    if until:
        query["until"] = until
    return _page(
        request,
        "dyad.html",
        relation=timeline.to_dict(),
        quotes=exchanged[:200],
        query=query,
        today=date.today().isoformat(),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: Annotated[int, Path(ge=1)]) -> HTMLResponse:
    with api.served_reader(request) as store:
        found = article_detail(store, article_id)
    if found is None:
        raise ApiError(404, "not_found", f"no article {article_id} in the store")
    pieces = segments(found["text"], found["highlights"])
    return _page(request, "article.html", article=found, pieces=pieces)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return _page(request, "analyze.html", result=None, text="", published="", error=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_posted(request: Request) -> HTMLResponse:
    from detente.web.app import MAX_ANALYZE_BYTES

    # the form is url-encoded (the page's own form), read here within the body limit
    body = await api.read_body(request, MAX_ANALYZE_BYTES)
    try:
        form = parse_qs(body.decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "invalid_body", "the form could not be read") from None
    text = form.get("text", [""])[0]
    published = form.get("published", [""])[0]
    result, error = None, None
    try:
        day = api.day_of(published)
        result = await run_in_threadpool(api.analyse, text, day, None)
    except DetenteError as exc:
        error = str(exc)
    pieces = segments(result["article"]["text"], result["highlights"]) if result else []
    return _page(
        request,
        "analyze.html",
        result=result,
        pieces=pieces,
        names={a["id"]: a["name"] for a in result["actors"]} if result else {},
        text=text,
        published=published,
        error=error,
    )
