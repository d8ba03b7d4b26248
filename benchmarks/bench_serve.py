"""Load test of `detente serve`: 50 concurrent clients on loopback against the relation and
events endpoints of a 10,000-article store.

The store is self-generated in bulk (no model, as benchmarks/bench_relation.py does): 10,000
articles in 10,000 stories over ten years, 200 people, three events an article (30,000 in
all), 2,000 of them between the benchmark's dyad (Elena Varga, Anton Kessler). Then `detente
serve` runs in its own process and ``--clients`` threads (keep-alive HTTP/1.1, stdlib
``http.client``) each send ``--requests`` requests, in turn to the relation endpoint
(``/api/relation?a=Varga&b=Kessler``, the whole dyad by month) and the events endpoint (a
100-row page of one actor's events, at a random cursor-less filter). Every answer must be 200.

Usage: .venv/bin/python benchmarks/bench_serve.py [--clients 50] [--requests 40]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

from detente.store import Store

_TYPES = [("SUPPORT", 5.0, 1), ("CONSULT", 2.5, 1), ("ACCUSE", -2.0, 3), ("REJECT", -3.0, 3)]


def build(path: Path, n_articles: int = 10_000, n_people: int = 200) -> None:
    """A store of ``n_articles`` articles, ``n_people`` people, three events an article."""
    with Store.open(path) as store:
        con = store._con  # bulk rows for the benchmark; the library writes per article
        con.execute(
            "INSERT INTO actors SELECT i, CASE i WHEN 1 THEN 'Elena Varga' WHEN 2 THEN "
            "'Anton Kessler' ELSE 'Person ' || i END, 'person', lower(CASE i WHEN 1 THEN "
            "'elena varga' WHEN 2 THEN 'anton kessler' ELSE 'person ' || i END), "
            "CASE i WHEN 1 THEN ['Varga'] WHEN 2 THEN ['Kessler'] ELSE [] END, [], NULL, [], "
            "NULL, NULL, NULL, false, 1 FROM range(1, ?) t(i)",
            [n_people + 1],
        )
        con.execute(
            "INSERT INTO actor_aliases SELECT id, name, key FROM actors UNION ALL "
            "SELECT 1, 'Varga', 'varga' UNION ALL SELECT 2, 'Kessler', 'kessler'"
        )
        now = datetime(2026, 1, 1)
        con.execute(
            "INSERT INTO articles (id, content_hash, raw_key, url, outlet, published, language, "
            "title, authors, text, removed, warnings, source, story_id, n_actors, n_quotes, "
            "n_events, ingested_at) SELECT i, 'h' || i, 'k' || i, 'https://wire.example/' || i, "
            "['Harbor Wire', 'Northline News', 'The Meridian Post'][1 + i % 3], "
            "DATE '2015-01-01' + CAST(i * 3650 / ? AS INTEGER), 'en', 'Story ' || i, [], "
            "'A self-generated benchmark sentence about two leaders.', [], [], 'bench', i, 2, 0, "
            "3, ? FROM range(1, ?) t(i)",
            [n_articles, now, n_articles + 1],
        )
        types = ", ".join(f"('{t}', {s}, {q})" for t, s, q in _TYPES)
        con.execute(
            f"WITH kinds(type, score, quad) AS (VALUES {types}), "
            "k AS (SELECT row_number() OVER () AS n, * FROM kinds), "
            "e AS (SELECT a.id AS article_id, j, a.published, (a.id * 3 + j) AS id, "
            "CASE WHEN j = 0 AND a.id % 5 = 0 THEN 1 + a.id % 2 "
            "ELSE 1 + (a.id * 7 + j * 13) % ? END AS source, "
            "CASE WHEN j = 0 AND a.id % 5 = 0 THEN 2 - a.id % 2 "
            "ELSE 1 + (a.id * 11 + j * 17 + 1) % ? END AS target FROM articles a, range(3) r(j)) "
            "INSERT INTO events (id, article_id, idx, source, target, source_principal, "
            "target_principal, type, score, quad_class, modality, date_start, date_end, "
            "evidence_sentence, evidence_start, evidence_end, trigger, trigger_lemma, "
            "confidence, date_basis, hedged) SELECT e.id, e.article_id, e.j, e.source, e.target, "
            "e.source, e.target, k.type, k.score, k.quad, 'asserted', e.published, e.published, "
            "'A self-generated benchmark sentence about two leaders.', 0, 54, 'met', 'meet', "
            "0.8, 'explicit', false FROM e JOIN k ON k.n = 1 + (e.id % 4) "
            "WHERE e.source <> e.target",
            [n_people, n_people],
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _client(port: int, paths: list[str], out: list[tuple[str, float, int]]) -> None:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for path in paths:
        t0 = time.perf_counter()
        con.request("GET", path)
        answer = con.getresponse()
        answer.read()
        out.append((path.split("?")[0], time.perf_counter() - t0, answer.status))
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        build(db)
        with Store.open(db, read_only=True) as store:
            counts = store.counts()
        print(
            f"store: {counts['articles']:,} articles, {counts['actors']} actors, "
            f"{counts['story_events']:,} story events (built in {time.perf_counter() - t0:.1f} s)"
        )
        port = _free_port()
        cli = Path(sys.executable).with_name("detente")
        server = subprocess.Popen(
            [str(cli), "serve", "--db", str(db), "--port", str(port)],
            stderr=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if k != "DETENTE_DEBUG"},
        )
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                    break
                except OSError:
                    time.sleep(0.1)
            relation = "/api/relation?a=Varga&b=Kessler"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{relation}") as answer:
                timeline = json.loads(answer.read())
            n = sum(p["n_events"] for p in timeline["timeline"])
            print(f"dyad Varga-Kessler: {n:,} events in {len(timeline['timeline'])} periods")
            rng = random.Random(3)
            plans = [
                [
                    relation
                    if i % 2 == 0
                    else f"/api/events?actor=%23{rng.randrange(3, 200)}&limit=100"
                    for i in range(c, c + args.requests)
                ]
                for c in range(args.clients)
            ]
            results: list[tuple[str, float, int]] = []
            threads = [
                threading.Thread(target=_client, args=(port, plan, results)) for plan in plans
            ]
            t0 = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
    bad = [r for r in results if r[2] != 200]
    print(
        f"{args.clients} clients x {args.requests} requests: {len(results):,} in {wall:.1f} s, "
        f"{len(results) / wall:.1f} requests/s overall, {len(bad)} not 200"
    )
    for endpoint in ("/api/relation", "/api/events"):
        times = sorted(t for path, t, _ in results if path == endpoint)
        p50 = statistics.median(times)
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"  {endpoint}: {len(times):,} requests, p50 {1000 * p50:.0f} ms, "
            f"p95 {1000 * p95:.0f} ms"
        )
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
