"""``detente serve``: the HTTP API and the dashboard (:mod:`detente.web`) under uvicorn."""
