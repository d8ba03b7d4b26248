"""The ASGI application: the JSON API, the pages, the static files, one error shape.

Every error a client can cause comes back as JSON ``{"error": {"code", "message"}}`` with its
HTTP status (a page shows the same message); nothing returns a traceback. Request bodies are
capped before they are read whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import __version__
from detente.errors import ActorLookupError, DetenteError, InputError, StoreError
from detente.web.errors import ApiError
from detente.web.jobs import IngestJobs
from detente.web.served import ServedStore

__all__ = ["create_app"]

STATIC = Path(__file__).with_name("static")
# POST bodies: an article to analyse (the CLI's own 5 MB document limit), a batch to ingest.
MAX_ANALYZE_BYTES = 5 * 1024 * 1024
MAX_INGEST_BYTES = 64 * 1024 * 1024


def create_app(db: str | Path, *, allow_ingest: bool = False) -> FastAPI:
    """The application over the store ``db``: read-only unless ``allow_ingest``.

    Raises:
        StoreError: the store cannot be opened (missing, locked, damaged, too new).
    """
    served = ServedStore(Path(db).expanduser(), writable=allow_ingest)
    jobs = IngestJobs(served) if allow_ingest else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if jobs is not None:
            jobs.close()
        served.close()

    app = FastAPI(
        title="detente",
        version=__version__,
        description="Evidence-backed, dated accounts of how public figures stand with each "
        'other, read from the news. Errors are {"error": {"code", "message"}}.',
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.served = served
    app.state.jobs = jobs
    from detente.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _handlers(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
            problems.append(f"{where}: {error.get('msg', 'invalid')}")
        return _error(request, 422, "invalid_parameter", "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, exc: DetenteError) -> Response:
        if isinstance(exc, ActorLookupError):
            status, code = (409, "ambiguous_actor") if exc.candidates else (404, "unknown_actor")
            return _error(request, status, code, str(exc))
        if isinstance(exc, InputError):
            return _error(request, 400, "invalid_input", str(exc))
        if isinstance(exc, StoreError):
            return _error(request, 503, "store_error", str(exc))
        return _error(request, 500, "error", str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # a bug: the client gets one line, never the traceback (the server log has it)
        return _error(request, 500, "internal_error", f"internal error: {type(exc).__name__}")


def _error(request: Request, status: int, code: str, message: str) -> Response:
    payload: dict[str, Any] = {"error": {"code": code, "message": message}}
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(payload, status_code=status)
    from detente.web.pages import error_page

    return error_page(request, status, code, message)
