"""Reading one file's bytes with the checks every source kind shares."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from detente.config import max_input_bytes
from detente.errors import InputError
from detente.ingest._decode import check_size, decode

__all__ = ["check_regular", "not_regular", "read_bytes", "read_text"]

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(path: Path) -> str | None:
    """Why ``path`` (links followed) is not a regular file that can be read, or None when it is.

    Only regular files are read: a FIFO blocks a reader forever and a device such as /dev/zero
    never ends, so they are refused before they are opened. Folders are their callers' concern.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "is a broken symbolic link" if path.is_symlink() else "no such file"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    for test, kind in _KINDS:
        if test(mode):
            return f"is {kind}, not a regular file; only files are read"
    return None


def check_regular(path: Path) -> None:
    """Raise InputError unless ``path`` is a readable regular file (or a folder).

    Raises:
        InputError: see :func:`not_regular`.
    """
    problem = not_regular(path)
    if problem is not None:
        raise InputError(str(path), problem)


def read_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """Read ``path`` after checking it exists, is a readable file and is under the size limit."""
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        raise InputError(source, "is a directory; give a file (folders are for `detente ingest`)")
    check_regular(path)
    limit = max_input_bytes() if limit is None else limit
    try:
        check_size(source, path.stat().st_size, limit)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # a file that grows while it is read stays bounded
        check_size(source, len(data), limit)
        return data
    except PermissionError:
        raise InputError(source, "permission denied") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read: {exc.strerror or exc}") from None


def read_text(path: Path, *, limit: int | None = None) -> tuple[str, str]:
    """Read and decode ``path``; return ``(text, encoding)``."""
    return decode(str(path), read_bytes(path, limit=limit))
