"""Reading one file's bytes with the checks every source kind shares."""

from __future__ import annotations

from pathlib import Path

from detente.config import max_input_bytes
from detente.errors import InputError
from detente.ingest._decode import check_size, decode

__all__ = ["read_bytes", "read_text"]


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """Read ``path`` after checking it exists, is a readable file and is under the size limit."""
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a directory; give a file (folders are for `detente ingest`)")
    limit = max_input_bytes() if limit is None else limit
    try:
        check_size(source, path.stat().st_size, limit)
        return path.read_bytes()
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None


def read_text(path: Path, *, limit: int | None = None) -> tuple[str, str]:
    """Read and decode ``path``; return ``(text, encoding)``."""
    return decode(str(path), read_bytes(path, limit=limit))
