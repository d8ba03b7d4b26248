"""The engines of `detente ingest`: local and Dask give the same store; Dask survives a killed
worker, records skips (a bug in one document included) and says clearly when it cannot run.

The model tests run real Dask clusters on loopback (a LocalCluster of two worker processes, or
an in-process cluster for the one test that injects a bug); the fast ones build inputs by hand.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from detente.corpus.engines import in_order
from detente.records import ArticleAnalysis, RawDocument, Skipped
from detente.store import Store

DETENTE = Path(sys.executable).with_name("detente")


def _contents(db: Path) -> dict[str, list[dict[str, object]]]:
    with Store.open(db, read_only=True) as store:
        return store.contents()


def _doc(text: str, source: str, line: int | None = None) -> RawDocument:
    return RawDocument(content=text, source=source, kind="text", line=line)


def _env() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DETENTE_DEBUG", "DETENTE_DASK_SCHEDULER")
    }
    env["DETENTE_PROGRESS_EVERY"] = "0"  # a progress line per document
    return env


def _ingest_one(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`detente ingest` of one short text file with ``options``."""
    text = tmp_path / "a.txt"
    text.write_text("Elena Varga met Anton Kessler on Monday.", encoding="utf-8")
    return subprocess.run(
        [str(DETENTE), "ingest", str(text), "--db", str(tmp_path / "s.duckdb"), *options],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )


# --- fast: the ordered window, the command's refusals ---------------------------------------


def test_in_order_yields_results_in_input_order_and_a_lost_chunk_as_skips() -> None:
    docs = [_doc(f"text {i}", f"d{i}.txt") for i in range(20)]
    submitted: list[list[str]] = []

    def submit(chunk: list[RawDocument]):  # type: ignore[no-untyped-def]
        submitted.append([d.source for d in chunk])
        if chunk[0].source == "d8.txt":

            def lost() -> list[ArticleAnalysis | Skipped]:
                raise OSError("worker tcp://127.0.0.1:4000 lost")

            return lost
        return lambda: [Skipped(d.source, "analysed", d.line) for d in chunk]

    results = list(in_order(iter(docs), 2, submit, "dask"))
    assert [r.source for r in results] == [d.source for d in docs]
    lost = [r for r in results if r.reason != "analysed"]
    assert [r.source for r in lost] == [f"d{i}.txt" for i in range(8, 16)]
    assert {r.reason for r in lost} == {
        "internal error in dask: OSError: worker tcp://127.0.0.1:4000 lost"
    }
    assert [len(c) for c in submitted] == [8, 8, 4]


def test_unreachable_scheduler_is_a_clear_error_without_traceback(tmp_path: Path) -> None:
    done = _ingest_one(tmp_path, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in done.stderr
    assert "Traceback" not in done.stderr
    # nothing was ingested: no empty store is left behind
    assert not (tmp_path / "s.duckdb").exists()
    assert not (tmp_path / "s.duckdb.wal").exists()


def test_an_engine_failure_keeps_a_store_that_was_there(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    assert _ingest_one(tmp_path).returncode == 0
    done = _ingest_one(tmp_path, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 1
    assert db.exists()
    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler is for --engine dask"),
        (["--engine", "dask", "--server", "http://127.0.0.1:9"], "pick one"),
        (["--engine", "spark"], "'spark' is not one of"),
    ],
)
def test_ingest_engine_options_that_do_not_fit_are_refused(
    tmp_path: Path, options: list[str], message: str
) -> None:
    done = _ingest_one(tmp_path, *options)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_corpus_package_exports_what_callers_import() -> None:
    import detente.corpus as corpus
    from detente.corpus import engines

    assert set(corpus.__all__) >= {
        "CorpusWriter",
        "IngestProgress",
        "IngestSummary",
        "ingest",
        "raw_key",
        "signature",
        "jaccard",
        "shingles",
        "trigger_lemma",
        "SYNDICATION_THRESHOLD",
        "NUM_PERM",
        "SHINGLE_WORDS",
    }
    for module in (corpus, engines):
        assert all(hasattr(module, name) for name in module.__all__)
    assert engines.ENGINES == ("local", "dask")


# --- with the model: real clusters -----------------------------------------------------------


@pytest.mark.model
def test_dask_engine_gives_the_store_the_local_engine_gives(
    tmp_path: Path, samples: Path, run_cli
) -> None:
    stores = {}
    for engine in ("local", "dask"):
        db = tmp_path / f"{engine}.duckdb"
        done = run_cli(
            "ingest",
            str(samples / "corpus.jsonl"),
            "--db",
            str(db),
            "--engine",
            engine,
            "--workers",
            "2",
            "--format",
            "json",
        )
        assert done.returncode == 0, done.stderr.decode()
        summary = json.loads(done.stdout)
        assert summary["ingested"] == 15 and summary["syndicated"] == 4
        stores[engine] = _contents(db)
    local, dask = stores["local"], stores["dask"]
    assert len(local["articles"]) == 15 and len(local["events"]) > 50
    assert dask.keys() == local.keys()
    for table in local:
        assert dask[table] == local[table], table


def _generated_folder(folder: Path, n: int) -> None:
    """``n`` short, distinct articles written from a template."""
    folder.mkdir()
    leaders = [
        ("Talia Morrow", "Brevania"),
        ("Oskar Lindqvist", "Feldmark"),
        ("Ines Tavora", "Salcia"),
        ("Maren Kolb", "Tessaly"),
    ]
    for i in range(n):
        (a, land), (b, other) = leaders[i % 4], leaders[(i + 1) % 4]
        text = (
            f"{land.upper()} CITY — {a}, the leader of {land}, met {b} of {other} on Monday, "
            f"officials said in statement number {i}. The two discussed {5 + i} grain "
            f"shipments. {b} told reporters that talks would resume in spring."
        )
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")


def _workers_of(proc: subprocess.Popen[str]) -> list[psutil.Process]:
    """The Dask worker processes a `detente ingest --engine dask` started (its nannies live in
    the command's own process; each worker is a spawned child)."""
    out = []
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            line = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in line and "resource_tracker" not in line:
            out.append(child)
    return out


@pytest.mark.model
def test_dask_ingest_survives_a_killed_worker_and_stores_every_document_once(
    tmp_path: Path,
) -> None:
    n = 300  # short ones: enough for the run to go on some seconds after the first commit
    folder = tmp_path / "articles"
    _generated_folder(folder, n)
    db = tmp_path / "killed.duckdb"
    command = [str(DETENTE), "ingest", str(folder), "--db", str(db), "--engine", "dask"]
    command += ["--workers", "2", "--format", "json"]
    seen: list[str] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    ) as proc:
        try:
            assert proc.stderr is not None
            for line in proc.stderr:
                seen.append(line)
                # the first commit: the workers are up, have loaded the model, and most of the
                # documents are still to be analysed
                if line.startswith("ingest: ") and 0 < int(line.split("(")[1].split(" new")[0]) < n:
                    break
            workers = _workers_of(proc)
            assert len(workers) == 2, "".join(seen)
            workers[0].send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert summary["ingested"] == n and summary["skipped"] == 0
    with Store.open(db, read_only=True) as store:
        rows = store.rows("SELECT count(DISTINCT source) AS n, count(*) AS total FROM articles")
    assert rows == [{"n": n, "total": n}]


@pytest.mark.model
def test_dask_records_a_bug_in_one_document_as_its_skip(tmp_path: Path, bug_in_events: str) -> None:
    from distributed import Client, LocalCluster

    from detente.corpus import ingest

    folder = tmp_path / "texts"
    _generated_folder(folder, 3)
    (folder / "article-001.txt").write_text(
        "Quillfeather met Maren Kolb of Tessaly on Monday.", encoding="utf-8"
    )
    # an in-process cluster (worker threads), so the injected bug is in the workers' pipeline
    with (
        LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster),
        Store.open(tmp_path / "s.duckdb") as store,
    ):
        summary = ingest([folder], store, engine="dask", scheduler=cluster.scheduler_address)
        skipped = store.skipped()
    assert (summary.ingested, summary.skipped, summary.internal_errors) == (2, 1, 1)
    assert [(Path(s.source).name, s.reason) for s in skipped] == [
        ("article-001.txt", bug_in_events)
    ]
