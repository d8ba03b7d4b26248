"""``detente serve``: the HTTP API and the dashboard (:mod:`detente.web`) under uvicorn.

Loopback and read-only by default. The server owns the store while it runs (DuckDB allows one
writing process): with ``--allow-ingest`` it also runs the ingest jobs posted to
``/api/ingest`` (``detente ingest --server URL``), and keeps answering while they run.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer

from detente.cli.app import DEFAULT_DB_PATH, DbOption, app, err, fail, printable
from detente.errors import DetenteError

__all__ = ["serve"]


@app.command()
def serve(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[
        str, typer.Option(help="Address to listen on (default loopback only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_ingest: Annotated[
        bool,
        typer.Option(
            "--allow-ingest",
            help="Accept ingest jobs (POST /api/ingest, `detente ingest --server URL`); the "
            "server then opens the store for writing.",
        ),
    ] = False,
) -> None:
    """Serve the corpus: a JSON API (/api, schema at /openapi.json) and a web dashboard.

    Read-only and bound to 127.0.0.1 unless told otherwise. While it runs, the server owns the
    store: with --allow-ingest, ingest through it (`detente ingest --server URL PATH...`), and
    it keeps answering during the ingest.
    """
    import uvicorn

    from detente.web import create_app

    family = _family(host)
    try:
        # checked before the store is opened: a taken port or a bad address is one clear line
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            bound = str(probe.getsockname()[0])
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 2) from None
    try:
        application = create_app(db, allow_ingest=allow_ingest)
    except DetenteError as exc:
        raise fail(str(exc)) from None
    if not ipaddress.ip_address(bound.split("%")[0]).is_loopback:
        err.print(
            f"detente: warning: listening on {host}, not loopback: anyone who can reach it "
            "can read the corpus",
            markup=False,
        )
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    mode = "ingest allowed" if allow_ingest else "read-only"
    err.print(
        f"detente: serving {printable(db)} ({mode}) at http://{shown}:{port}/ (Ctrl-C stops)",
        markup=False,
    )
    uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)


def _family(host: str) -> socket.AddressFamily:
    """The address family of ``host``; a name that resolves to nothing is a usage error."""
    try:
        info = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise fail(
            f"--host {host!r}: not an address this machine can listen on ({exc})", 2
        ) from None
    return info[0][0]
