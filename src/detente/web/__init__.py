"""The HTTP API and the web dashboard over a corpus store (``detente serve``).

A thin layer, as the CLI is: each route parses and checks its parameters, calls the read
service (:mod:`detente.queries`) on a read session of the store and renders the answer as JSON
(:mod:`.api`, under ``/api``) or as a page (:mod:`.pages`); every page's data is also one API
call away. The server owns the store (:mod:`.served`): reads go through per-request sessions,
and with ``allow_ingest`` one background writer runs the ingest jobs posted to ``/api/ingest``
(:mod:`.jobs`), so the server keeps answering while an ingest runs.
"""

from __future__ import annotations

from detente.web.app import create_app

__all__ = ["create_app"]
