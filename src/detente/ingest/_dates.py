"""Publication dates as users and sources give them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from detente.errors import InputError

__all__ = ["parse_iso_date"]


def parse_iso_date(source: str, value: Any, *, field: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` (a full ISO timestamp is accepted and cut to its day).

    Raises:
        InputError: the value is not an ISO date.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(source, f"{field} {value!r} is not an ISO date (YYYY-MM-DD)")
