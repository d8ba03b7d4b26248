"""Ingest throughput against the single-article pipeline's, and store size per article.

Generates a corpus of self-written articles (``corpus_gen.py``: fictional leaders, countries and
outlets, 400-900 words, 10% syndicated copies with another outlet's headline, byline and a
trimmed last paragraph) as one JSON Lines file, then, in one process with the model loaded:

1. runs ``analyze_documents`` alone over every article (the single-article pipeline);
2. runs ``detente.corpus.ingest`` over the same file into a fresh store (reading, duplicate keys,
   MinHash/LSH syndication, global actors, one DuckDB transaction per article);

and reports both rates in articles/s, their ratio (issue 6 asks for >= 0.8), the store's size per
article after a checkpoint, and the store's row counts.

Usage: .venv/bin/python benchmarks/bench_ingest.py [--articles 10000] [--workers 1] [--out F.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corpus_gen import generate

from detente.corpus import ingest
from detente.ingest import read_source
from detente.nlp import load_model
from detente.pipeline import analyze_documents
from detente.records import RawDocument
from detente.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--skip-pipeline", action="store_true", help="time the ingest only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        copies = generate(args.articles, corpus).syndicated
        docs = [d for d in read_source(corpus) if isinstance(d, RawDocument)]
        words = sum(len(d.content.split()) for d in docs)
        print(f"generated {len(docs)} articles ({copies} syndicated copies), {words:,} words")
        load_model()
        list(analyze_documents(docs[:5]))  # warm-up: model, lexicons, tone analyzer

        pipeline_rate = None
        if not args.skip_pipeline:
            start = time.perf_counter()
            n = sum(1 for _ in analyze_documents(iter(docs)))
            pipeline_s = time.perf_counter() - start
            pipeline_rate = n / pipeline_s
            print(f"pipeline alone: {n} articles in {pipeline_s:.1f}s = {pipeline_rate:.2f}/s")

        db = Path(tmp) / "bench.duckdb"
        with Store.open(db) as store:
            start = time.perf_counter()
            summary = ingest([corpus], store, workers=args.workers)
            ingest_s = time.perf_counter() - start
            store.rows("CHECKPOINT")
            counts = store.counts()
        size = db.stat().st_size + (
            db.with_name(db.name + ".wal").stat().st_size
            if db.with_name(db.name + ".wal").exists()
            else 0
        )
        ingest_rate = summary.ingested / ingest_s
        print(
            f"ingest (workers={args.workers}): {summary.ingested} articles in {ingest_s:.1f}s "
            f"= {ingest_rate:.2f}/s; {summary.duplicates} duplicates, {summary.skipped} skipped, "
            f"{summary.syndicated} joined a story"
        )
        if pipeline_rate:
            print(f"ingest / pipeline throughput: {ingest_rate / pipeline_rate:.2f}")
        print(
            f"store: {size / 1e6:.1f} MB, {size / max(summary.ingested, 1) / 1024:.1f} KiB per "
            f"article; stories {counts['stories']}, events {counts['events']} "
            f"(story-level {counts['story_events']}), actors {counts['actors']}"
        )
        figures = {
            "articles": len(docs),
            "syndicated_copies": copies,
            "words": words,
            "workers": args.workers,
            "pipeline_articles_per_s": pipeline_rate,
            "ingest_articles_per_s": ingest_rate,
            "ratio": ingest_rate / pipeline_rate if pipeline_rate else None,
            "ingest_seconds": ingest_s,
            "store_bytes": size,
            "store_bytes_per_article": size / max(summary.ingested, 1),
            "counts": counts,
            "summary": summary.to_dict(),
        }
        if args.out:
            args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
