"""Command-line interface: a thin layer that parses arguments, calls the library and renders.

One module per group of commands, all registering on :data:`detente.cli.app.app`:
:mod:`.analyze` (analyze, eval), :mod:`.corpus` (ingest, skipped), :mod:`.queries` (actors,
events, quotes, export), :mod:`.relation`, :mod:`.serve`. They read the corpus through
:mod:`detente.queries`, the read service the HTTP API and the web pages use too, so every view
gives the same answer. Every error the library raises deliberately (:class:`DetenteError`)
becomes a one-line message on stderr and a non-zero exit; nothing here prints a traceback for
bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import typer
import typer.main

from detente.cli import analyze, corpus, queries, relation, serve  # noqa: F401  (registration)
from detente.cli.app import EXIT_FAILED, EXIT_INTERNAL, app, err, printable

__all__ = ["EXIT_INTERNAL", "app", "command", "main", "printable"]


def command() -> Callable[..., Any]:
    """The click command behind ``app``, with help that names values (``PATH``, ``N``,
    ``json|text``), never Python types (``<list[Path]>``, ``<bool>``)."""
    root = typer.main.get_command(app)
    for sub in getattr(root, "commands", {}).values():
        for param in sub.params:
            if getattr(param, "is_flag", False):
                continue
            name = param.metavar or _metavar(param)
            param.metavar = name
            if param.param_type_name == "argument":
                _show_argument(param, name)
    return root


def _show_argument(param: Any, name: str) -> None:
    # typer shows an argument as "{name}... <list[Path]>"; click's habit is "PATH..." in the
    # usage line and the list, "[QUERY]" when it is optional. These are typer's display hooks.
    shown = f"{name}..." if param.nargs != 1 else name
    usage = shown if param.required else f"[{shown}]"
    vars(param).update(
        _rich_display_name=lambda: shown,
        display_type_rich=lambda ctx: None,
        get_usage_pieces=lambda ctx: [usage],
    )


# What a value of an option is called in --help, by the option's name (else by its type).
_METAVARS = {"published": "DATE", "since": "DATE", "until": "DATE", "url": "URL", "plot": "FILE"}


def _metavar(param: Any) -> str:
    if param.param_type_name == "argument":
        name = (param.name or "value").upper()
        return name.removesuffix("S") if param.nargs != 1 else name
    if param.name in _METAVARS:
        return _METAVARS[param.name]
    described = getattr(param, "type_descriptor", None)
    if described is not None and described.is_choice:
        return "|".join(str(c.value if isinstance(c, StrEnum) else c) for c in described.choices)
    if described is not None and described.is_path:
        return "PATH"
    if getattr(described, "annotation", None) is int:
        return "N"
    return "TEXT"


def main() -> None:
    """Console-script entry point."""
    try:
        command()(prog_name="detente")
    except KeyboardInterrupt:
        err.print("detente: interrupted", markup=False)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        if os.environ.get("DETENTE_DEBUG"):
            raise
        err.print(
            f"detente: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; rerun with DETENTE_DEBUG=1 for the traceback and report it)",
            markup=False,
        )
        sys.exit(EXIT_INTERNAL)
