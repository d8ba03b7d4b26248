"""Ingest throughput against the single-article pipeline's, and store size per article.

Generates a corpus of self-written articles from templates (fictional leaders, countries and
outlets; varied sentences; 10% syndicated copies with another outlet's headline, byline and a
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
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from detente.corpus import ingest
from detente.ingest import read_source
from detente.nlp import load_model
from detente.pipeline import analyze_documents
from detente.records import RawDocument
from detente.store import Store

# --- a fictional world ----------------------------------------------------------------------

LEADERS = [
    ("Talia Morrow", "prime minister", "Brevan", "Brevania", "f"),
    ("Oskar Lindqvist", "president", "Feldish", "Feldmark", "m"),
    ("Ines Tavora", "president", "Salcian", "Salcia", "f"),
    ("Ruben Achterveld", "prime minister", "Ostmerian", "Ostmere", "m"),
    ("Maren Kolb", "chancellor", "Tessalian", "Tessaly", "f"),
    ("Dmitar Vesko", "president", "Kordanian", "Kordania", "m"),
    ("Amara Okafor-Lind", "prime minister", "Varesian", "Varesia", "f"),
    ("Henrik Dahlgren", "foreign minister", "Feldish", "Feldmark", "m"),
    ("Soraya Benali", "foreign minister", "Salcian", "Salcia", "f"),
    ("Petra Novak", "defence minister", "Kordanian", "Kordania", "f"),
    ("Lukas Brenner", "president", "Ostmerian", "Ostmere", "m"),
    ("Celia Marchetti", "prime minister", "Tessalian", "Tessaly", "f"),
]
OUTLETS = [
    ("Coastline Wire", "coastlinewire.example"),
    ("The Evening Ledger", "eveningledger.example"),
    ("Northgate Times", "northgatetimes.example"),
    ("The Harbour Standard", "harbourstandard.example"),
    ("Valley Courier", "valleycourier.example"),
    ("Meridian Daily", "meridiandaily.example"),
]
REPORTERS = ["Ada Frey", "Jonah Pike", "Mira Castell", "Tobias Wren", "Lena Ostrow", "Cyrus Hale"]
WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week"]
TOPICS = [
    "the disputed river border",
    "grain shipments",
    "a gas pipeline",
    "fishing rights in the strait",
    "a prisoner exchange",
    "visa rules for students",
    "a rail link between the two capitals",
    "the reopening of a consulate",
]
PLACES = ["Arvik", "Selby Point", "Molvan", "Tarrow", "Quessin", "Brightwater", "Olm", "Dunreay"]

OPENERS = [
    "{a} met {b} in {place} {when} to discuss {topic}, officials said.",
    "{a} telephoned {b} {when}, the first call between the two leaders in {n} months.",
    "{a} accused {b} of bad faith over {topic} {when}.",
    "{a} thanked {b} for help after floods in {place} {when}.",
    "{a} will visit {b_land} next month for talks on {topic}, {a_poss} office said {when}.",
    "{a} criticised {b} sharply {when}, saying the talks on {topic} had gone nowhere.",
    "{a} signed an agreement with {b} on {topic} in {place} {when}.",
    "{a} refused to meet {b} {when} and recalled the ambassador from {b_land}.",
]
MIDDLES = [
    '"We have a great deal to gain from working together," {a} told reporters in {place}.',
    "Two aides to {a} said the meeting lasted {n} minutes and ended without a statement.",
    "{b} said in a televised address that {b_pron} would not accept new conditions on {topic}.",
    "{a_land} sent {n} tonnes of supplies to {b_land} {when}, the foreign ministry said.",
    "A senior official in {b_land} said the government was studying the proposal on {topic}.",
    '"This is not how neighbours behave," {b} wrote on social media {when}.',
    "{a} praised {b} as a reliable partner and invited {b_obj} to {place} in the autumn.",
    "{a_land} imposed sanctions on {n} companies from {b_land} {when} over {topic}.",
    "{b} could travel to {a_land} later this year if the talks on {topic} make progress.",
    "The two governments have not held formal talks on {topic} since {year}.",
    "{a_land} and {b_land} agreed to set up a joint commission on {topic} that will meet "
    "every {n} weeks.",
    "Analysts in {place} said the dispute over {topic} had cost both sides dearly.",
]
CLOSERS = [
    "Neither side said when the next round of talks would take place.",
    "A spokesperson for {b} declined to comment on the report.",
    "The talks are expected to resume in {place} after the holidays.",
    "Markets in {place} rose slightly after the announcement.",
    "Officials said a written summary of the talks would be published within {n} days.",
]


def _article(rng: random.Random, i: int, day: date) -> dict[str, Any]:
    a, b = rng.sample(LEADERS, 2)
    while a[3] == b[3]:
        a, b = rng.sample(LEADERS, 2)
    values = {
        "a": a[0],
        "b": b[0],
        "a_land": a[3],
        "b_land": b[3],
        "a_poss": "her" if a[4] == "f" else "his",
        "b_pron": "she" if b[4] == "f" else "he",
        "b_obj": "her" if b[4] == "f" else "him",
        "place": rng.choice(PLACES),
        "when": rng.choice(WHEN),
        "topic": rng.choice(TOPICS),
    }

    def fill(template: str) -> str:
        return template.format(**values, n=rng.randint(2, 90), year=rng.randint(2005, 2022))

    opener = fill(rng.choice(OPENERS))
    opener = opener.replace(a[0], f"{a[2]} {a[1].title()} {a[0]}", 1)
    paragraphs = [f"{values['place'].upper()}, {a[3]} — {opener}"]
    paragraphs += [fill(t) for t in rng.sample(MIDDLES, rng.randint(3, 6))]
    paragraphs.append(fill(rng.choice(CLOSERS)))
    outlet, host = rng.choice(OUTLETS)
    reporter = rng.choice(REPORTERS)
    title = f"{a[0].split()[-1]} and {b[0].split()[-1]} at odds over {values['topic']}"
    return {
        "id": f"bench-{i:06d}",
        "url": f"https://{host}/{day.isoformat()}/story-{i}",
        "published": day.isoformat(),
        "title": title,
        "outlet": outlet,
        "reporter": reporter,
        "paragraphs": paragraphs,
    }


def _text(item: dict[str, Any], trimmed: bool = False) -> str:
    body = item["paragraphs"][:-1] if trimmed else item["paragraphs"]
    byline = f"By {item['reporter']}, {item['outlet']}"
    return "\n\n".join([item["title"], byline, *body])


def generate(n: int, path: Path, seed: int = 6) -> int:
    """Write ``n`` articles (about 10% syndicated copies) as JSON Lines; return the copies."""
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    originals: list[dict[str, Any]] = []
    copies = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            day = start + timedelta(days=i * 1200 // n)
            if originals and rng.random() < 0.1:
                source = rng.choice(originals[-50:])
                outlet, host = rng.choice([o for o in OUTLETS if o[0] != source["outlet"]])
                record = {
                    "id": f"bench-{i:06d}",
                    "url": f"https://{host}/{source['published']}/copy-{i}",
                    "published": source["published"],
                    "title": f"{outlet}: {source['title']}",
                    "text": _text(source, trimmed=True).replace(
                        source["title"], f"Wire report: {source['title'].lower()}", 1
                    ),
                }
                copies += 1
            else:
                item = _article(rng, i, day)
                originals.append(item)
                record = {
                    "id": item["id"],
                    "url": item["url"],
                    "published": item["published"],
                    "title": item["title"],
                    "text": _text(item),
                }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--skip-pipeline", action="store_true", help="time the ingest only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        copies = generate(args.articles, corpus)
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
