"""How ingest cost grows: throughput of each engine, memory per worker, store size, length.

On a corpus written by ``corpus_gen.py`` (``--articles``, 400-900 words, 10% syndicated copies),
in one run:

1. **pipeline vs bare spaCy**: ``nlp.pipe`` alone and the whole ``analyze`` pipeline over the
   first ``--sample`` articles, alternated, best of ``--repeat``; their ratio;
2. **the writer alone**: those analyses written into a fresh store through
   :class:`~detente.corpus.CorpusWriter` (syndication, global actors, DuckDB), articles/s;
3. **ingest on each engine**: ``detente ingest`` of the whole corpus, as a user runs it (a new
   process: model loading and cluster start included), with ``--engine local`` and ``dask``,
   ``--workers`` 1 and 2; articles/s and words/s, and the peak resident memory of the writer
   process and of each worker process (sampled every 0.2 s with psutil);
4. **store size**: bytes per article in all and without the article text, after a checkpoint;
5. **article length**: ingest (local, 2 workers) of ``--length-articles`` short (150-250
   words) and long (800-900 words) articles;
6. **identical stores**: every ingest of step 3 read the same corpus, so each store's rows
   (``Store.content_digests``: every table an ingest fills, by key, without write times) must
   equal the first run's; with ``--kill-worker`` one worker of each Dask run with two or more
   workers is killed (SIGKILL) after the first commit, and its store must still be identical.

``--no-ratio`` and ``--no-length`` leave steps 1-2 and 5 out (for a long run of step 3 alone:
``--articles 5000 --runs local:2 dask:2 --kill-worker --no-ratio --no-length``).

Usage: .venv/bin/python benchmarks/bench_scale.py [--articles 1000] [--out F.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from corpus_gen import generate

from detente.clean import clean
from detente.coder import event_coder
from detente.corpus import CorpusWriter
from detente.ingest import read_source
from detente.nlp import load_model
from detente.pipeline import analyze_documents
from detente.records import ArticleAnalysis, RawDocument
from detente.store import Store

CLI = Path(sys.executable).with_name("detente")
_MB = 1024 * 1024


def pipeline_ratio(docs: list[RawDocument], repeat: int) -> dict[str, Any]:
    """Bare ``nlp.pipe`` and the whole pipeline on the same documents; the analyses kept."""
    nlp = load_model()
    texts = [clean(d).text for d in docs]
    words = sum(len(t.split()) for t in texts)
    list(analyze_documents(docs[:3]))  # warm-up: model, lexicons, tone analyzer
    bare = whole = float("inf")
    analyses: list[Any] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare = min(bare, time.perf_counter() - t0)
        event_coder().forget_readings()  # each pass reads its sentences anew
        t0 = time.perf_counter()
        analyses = list(analyze_documents(docs))
        whole = min(whole, time.perf_counter() - t0)
    return {
        "articles": len(docs),
        "words": words,
        "bare_articles_per_s": len(docs) / bare,
        "bare_words_per_s": words / bare,
        "pipeline_articles_per_s": len(docs) / whole,
        "pipeline_words_per_s": words / whole,
        "ratio": bare / whole,
        "_analyses": analyses,
    }


def writer_rate(analyses: list[Any], folder: Path) -> dict[str, Any]:
    """The single writer's own throughput on analyses computed beforehand."""
    kept = [a for a in analyses if isinstance(a, ArticleAnalysis)]
    with Store.open(folder / "writer.duckdb") as store:
        t0 = time.perf_counter()
        writer = CorpusWriter(store)
        for i, analysis in enumerate(kept):
            writer.add(analysis, source=f"sample:{i}", line=i)
        writer.finish()
        seconds = time.perf_counter() - t0
    return {"articles": len(kept), "articles_per_s": len(kept) / seconds}


class _Peaks:
    """Peak resident memory of a process and of each of its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if not self.root.is_running():
                return
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:  # a child ended while being listed: sample again
                self._stop.wait(0.05)
                continue
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                    role = "writer" if proc.pid == self.root.pid else _role(proc)
                except psutil.Error:
                    continue
                old = self.peaks.get(proc.pid, (role, 0))
                self.peaks[proc.pid] = (role, max(old[1], rss))
            self._stop.wait(0.2)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        workers = [rss for role, rss in self.peaks.values() if role == "worker"]
        writer = [rss for role, rss in self.peaks.values() if role == "writer"]
        return {
            "writer_peak_mb": max(writer, default=0) / _MB,
            "worker_peak_mb": max(workers, default=0) / _MB,
            "workers_seen": len(workers),
        }


def _role(proc: psutil.Process) -> str:
    line = " ".join(proc.cmdline())
    return "worker" if "spawn_main" in line and "resource_tracker" not in line else "other"


def ingest_run(
    corpus: Path, db: Path, engine: str, workers: int, words: int, *, kill_worker: bool = False
) -> dict[str, Any]:
    """``detente ingest`` as a user runs it, timed, with the memory of its processes; with
    ``kill_worker``, one worker process is killed (SIGKILL) once the first documents are
    committed, and the run must still store every document."""
    env = {k: v for k, v in os.environ.items() if k not in ("DETENTE_DEBUG",)}
    env.pop("DETENTE_DASK_SCHEDULER", None)
    env["DETENTE_PROGRESS_EVERY"] = "5"
    command = [str(CLI), "ingest", str(corpus), "--db", str(db), "--format", "json"]
    command += ["--engine", engine, "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    peaks = _Peaks(proc.pid)
    assert proc.stderr is not None and proc.stdout is not None
    errors: list[str] = []
    killed: dict[str, Any] = {}
    for line in proc.stderr:  # progress lines: "ingest: 128/1000 documents (...)"
        errors.append(line)
        done = re.match(r"ingest: (\d+)/(\d+) documents", line)
        if kill_worker and not killed and done and 0 < int(done[1]) < int(done[2]):
            victims = [c for c in proc_children(proc.pid) if _role(c) == "worker"]
            if victims:
                victims[0].kill()
                killed = {"after_documents": int(done[1]), "at_s": time.perf_counter() - t0}
    out = proc.stdout.read()
    proc.wait()
    wall = time.perf_counter() - t0
    memory = peaks.stop()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({engine}, {workers}): {''.join(errors)[-2000:]}")
    if kill_worker and not killed:
        raise SystemExit(f"ingest {engine} x{workers}: no worker was seen to kill")
    summary = json.loads(out)
    return {
        "engine": engine,
        "workers": workers,
        "wall_s": wall,
        "ingested": summary["ingested"],
        "syndicated": summary["syndicated"],
        "skipped": summary["skipped"],
        "articles_per_s": summary["ingested"] / wall,
        "words_per_s": words / wall,
        "killed_worker": killed or None,
        **memory,
    }


def proc_children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def store_size(db: Path) -> dict[str, Any]:
    """Bytes per article of a store, in all and without the articles' text."""
    with Store.open(db) as store:
        store.rows("CHECKPOINT")
        row = store.rows("SELECT count(*) AS n, sum(strlen(text)) AS text_bytes FROM articles")[0]
        counts = store.counts()
    size = db.stat().st_size
    n = max(int(row["n"]), 1)
    return {
        "bytes": size,
        "bytes_per_article": size / n,
        "text_bytes_per_article": int(row["text_bytes"] or 0) / n,
        "bytes_per_article_without_text": (size - int(row["text_bytes"] or 0)) / n,
        "counts": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=150, help="articles for the ratio")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--length-articles", type=int, default=150)
    parser.add_argument(
        "--runs",
        nargs="+",
        default=["local:1", "local:2", "dask:1", "dask:2"],
        help="ENGINE:WORKERS ingests to time",
    )
    parser.add_argument(
        "--kill-worker",
        action="store_true",
        help="kill one worker of each Dask run with 2+ workers after its first commit",
    )
    parser.add_argument(
        "--no-ratio", action="store_true", help="skip the pipeline / bare spaCy ratio"
    )
    parser.add_argument("--no-length", action="store_true", help="skip the article-length runs")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    figures: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        }
    }
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        folder = Path(tmp)
        corpus = generate(args.articles, folder / "corpus.jsonl")
        figures["corpus"] = {
            "articles": corpus.articles,
            "syndicated": corpus.syndicated,
            "words": corpus.words,
        }
        print(
            f"corpus: {corpus.articles} articles ({corpus.syndicated} copies), "
            f"{corpus.words:,} words"
        )
        if not args.no_ratio:
            docs = [d for d in read_source(corpus.path) if isinstance(d, RawDocument)]
            ratio = pipeline_ratio(docs[: args.sample], args.repeat)
            analyses = ratio.pop("_analyses")
            figures["pipeline"] = ratio
            print(
                f"bare nlp.pipe {ratio['bare_words_per_s']:,.0f} words/s, whole pipeline "
                f"{ratio['pipeline_words_per_s']:,.0f} words/s: ratio {ratio['ratio']:.2f} "
                f"({ratio['articles']} articles, 1 process)"
            )
            figures["writer"] = writer_rate(analyses, folder)
            print(f"writer alone: {figures['writer']['articles_per_s']:.0f} articles/s")
        runs = []
        digests: dict[str, dict[str, str]] = {}
        for spec in args.runs:
            engine, workers = spec.split(":")
            db = folder / f"{engine}-{workers}.duckdb"
            kill = args.kill_worker and engine == "dask" and int(workers) >= 2
            run = ingest_run(corpus.path, db, engine, int(workers), corpus.words, kill_worker=kill)
            run["store"] = store_size(db)
            with Store.open(db, read_only=True) as store:
                digests[spec] = store.content_digests()
            runs.append(run)
            print(
                f"ingest {engine} x{workers}: {run['ingested']} in {run['wall_s']:.0f} s = "
                f"{run['articles_per_s']:.2f} articles/s, {run['words_per_s']:,.0f} words/s; "
                f"writer {run['writer_peak_mb']:.0f} MB, worker {run['worker_peak_mb']:.0f} MB; "
                f"store {run['store']['bytes_per_article'] / 1024:.1f} KiB/article "
                f"({run['store']['bytes_per_article_without_text'] / 1024:.1f} without text)"
                + (
                    f"; a worker killed after {run['killed_worker']['after_documents']} documents"
                    if run["killed_worker"]
                    else ""
                )
            )
        figures["ingest"] = runs
        # every run ingested the same corpus: their stores must hold the same rows
        first = args.runs[0]
        figures["identical_stores"] = {
            spec: [t for t in digests[first] if digests[spec][t] != digests[first][t]] or True
            for spec in args.runs[1:]
        }
        for spec, same in figures["identical_stores"].items():
            print(
                f"store of {spec} against {first}: "
                + ("identical" if same is True else f"differs in {same}")
            )
        lengths = []
        for low, high in ((150, 250), (800, 900)) if not args.no_length else ():
            path = folder / f"len-{low}.jsonl"
            made = generate(args.length_articles, path, seed=9, words=(low, high))
            db = folder / f"len-{low}.duckdb"
            run = ingest_run(path, db, "local", 2, made.words)
            run["store"] = store_size(db)
            run["words_per_article"] = made.words / made.articles
            lengths.append(run)
            print(
                f"length {low}-{high} words: {run['articles_per_s']:.2f} articles/s, "
                f"{run['words_per_s']:,.0f} words/s, "
                f"{run['store']['bytes_per_article'] / 1024:.1f} KiB/article"
            )
        figures["length"] = lengths
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
