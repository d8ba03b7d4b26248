"""The one error a route raises on purpose: an HTTP status, a code and a message."""

from __future__ import annotations

__all__ = ["ApiError"]


class ApiError(Exception):
    """A client's mistake or a refusal, answered as ``{"error": {"code", "message"}}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
