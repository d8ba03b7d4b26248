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
