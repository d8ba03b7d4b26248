"""Shared fixtures: the repository paths, the gold-data folder, and the CLI runner."""

from __future__ import annotations

import os
import signal
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


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _ingest_until(folder: Path, db: Path, stored: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DETENTE_DEBUG"}
    env["DETENTE_PROGRESS_EVERY"] = "0"  # a progress line per document
    proc = subprocess.Popen(
        [str(DETENTE), "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # a test run started in the background inherits SIGINT ignored, and Python then never
        # turns Ctrl-C into KeyboardInterrupt: give the command the terminal's default
        preexec_fn=_sigint_default,
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


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested as `make demo` does, once per session (read it, never write)."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    done = _run_text("ingest", SAMPLES / "corpus.jsonl", "--db", db, "--quiet")
    assert done.returncode == 0, done.stderr
    return db


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """Start `detente serve` on a free loopback port; return the process and its base URL."""
    import time
    import urllib.request

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DETENTE_DEBUG"}
    proc = subprocess.Popen(
        [str(DETENTE), "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"detente serve exited: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(f"{url}/api/stats", timeout=5):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("detente serve did not answer within 60 s")


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop a server started by :func:`start_server`."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()


@pytest.fixture(scope="session")
def demo_server(demo_store: Path):
    """`detente serve` over the demo store (read-only), for the session; yields its base URL."""
    proc, url = start_server(demo_store)
    yield url
    stop_server(proc)


@pytest.fixture
def bug_in_events(monkeypatch: pytest.MonkeyPatch) -> str:
    """The events stage raises a TypeError (a stand-in bug) on any article that names
    Quillfeather, in this process; returns the skip reason such an article gets."""
    from detente import pipeline

    real = pipeline.extract_events

    def events(parsed, actors, quotes, dates):  # type: ignore[no-untyped-def]
        if "Quillfeather" in parsed.article.text:
            raise TypeError("can only join an iterable")
        return real(parsed, actors, quotes, dates)

    monkeypatch.setattr(pipeline, "extract_events", events)
    return "internal error in events: TypeError: can only join an iterable"
