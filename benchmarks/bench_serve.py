"""Load test of `detente serve`: 50 concurrent clients on loopback against the relation and
events endpoints of a 10,000-article store.

The store is self-generated in bulk (no model; ``bulk_store.py``): ``--articles`` articles
(10,000) in as many stories over ten years, 200 people with state roles of twelve countries,
three events an article, one article in five with one between the benchmark's dyad (Elena
Varga, Anton Kessler: 2,000 personal events at 10,000 articles, and their states' events).
Then `detente serve` runs in its own process and ``--clients`` threads (keep-alive HTTP/1.1, stdlib
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
from pathlib import Path

from bulk_store import build

from detente.store import Store


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
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        build(db, args.articles)
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
