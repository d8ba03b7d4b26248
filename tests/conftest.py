"""Shared fixtures: the repository paths, the gold-data folder, and the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
GOLD = REPO.parent / "shared" / "data"
DETENTE = Path(sys.executable).with_name("detente")


@pytest.fixture(scope="session")
def run_cli():
    """Run the installed ``detente`` console script; return the CompletedProcess."""

    def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None):
        full_env = {**os.environ, **(env or {})}
        full_env.pop("DETENTE_DEBUG", None)
        return subprocess.run(
            [str(DETENTE), *args],
            input=stdin,
            capture_output=True,
            env=full_env,
            timeout=300,
            check=False,
        )

    return run


def _run_text(
    *args: str | Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    for name in ("DETENTE_DEBUG", "DETENTE_DB", "COLUMNS"):
        if name not in (env or {}):
            full_env.pop(name, None)
    return subprocess.run(
        [str(DETENTE), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def run_text():
    """Run the ``detente`` script with text output; ``env`` adds variables, and DETENTE_DEBUG,
    DETENTE_DB and COLUMNS are unset unless it gives them."""
    return _run_text


def _ingest_until(folder: Path, db: Path, stored: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DETENTE_DEBUG"}
    env["DETENTE_PROGRESS_EVERY"] = "0"  # a progress line per document
    proc = subprocess.Popen(
        [str(DETENTE), "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    # progress lines go to stderr when it is not a terminal: "ingest: 5/150 documents (5 new, ..."
    for line in proc.stderr:
        if line.startswith("ingest: ") and int(line.split("(")[1].split(" new")[0]) >= stored:
            break
    return proc


@pytest.fixture(scope="session")
def ingest_until():
    """Start ``detente ingest FOLDER --db DB`` and return the running process once ``stored``
    new articles are reported (to interrupt or kill it midway)."""
    return _ingest_until


@pytest.fixture(scope="session")
def samples() -> Path:
    """The project's own sample corpus (self-written fiction)."""
    return SAMPLES


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """The shared gold data; tests that need it skip when it is absent."""
    if not GOLD.exists():
        pytest.skip("../shared/data is not present")
    return GOLD
