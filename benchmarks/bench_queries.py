"""Query latency of the read service on large self-generated stores: relation, events, actors.

For each ``--articles`` size, builds a bulk store (``bulk_store.py``: no model, 200 people with
state roles of twelve countries, three events an article, one article in ``--dyad-every`` with an
event between Elena Varga and Anton Kessler), then times in one process the library paths the
CLI, the Python API and the HTTP API share (:mod:`detente.queries`):

* ``relation``: ``relation_timeline(Varga, Kessler)`` by month, scope all (personal and state
  events: the states' roles are read);
* ``events``: a 100-row page of one actor's events;
* ``actors``: the whole actor listing, most cited first;

each first call (nothing kept yet: the cost of a one-shot ``detente relation``) and the median
of ``--repeat`` more (what a server answers once it has read the store's actors and roles),
plus the whole ``detente relation`` command in a new process.

Usage: .venv/bin/python benchmarks/bench_queries.py [--articles 10000 50000] [--out F.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bulk_store import build

from detente.queries import actor_rows, event_rows, relation_timeline, resolve_actor
from detente.store import Store


def _timed(call: Callable[[], Any], repeat: int) -> dict[str, float]:
    t0 = time.perf_counter()
    call()
    first = time.perf_counter() - t0
    rest = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        rest.append(time.perf_counter() - t0)
    return {"first_ms": 1000 * first, "median_ms": 1000 * statistics.median(rest)}


def measure(db: Path, repeat: int) -> dict[str, Any]:
    """The latencies of the three queries on the store at ``db``."""
    with Store.open(db, read_only=True) as store:
        a, b = resolve_actor(store, "Varga"), resolve_actor(store, "Kessler")
        other = resolve_actor(store, "#57")
        assert not isinstance(a, list) and not isinstance(b, list) and not isinstance(other, list)
        figures: dict[str, Any] = {
            "relation": _timed(lambda: relation_timeline(store, a, b), repeat),
            "events": _timed(lambda: event_rows(store, actor=other, limit=100), repeat),
            "actors": _timed(lambda: actor_rows(store), repeat),
        }
        timeline = relation_timeline(store, a, b)
        figures["dyad_events"] = sum(len(p.events) for p in timeline.timeline)
    cli = Path(sys.executable).with_name("detente")
    t0 = time.perf_counter()
    done = subprocess.run(
        [str(cli), "relation", "Varga", "Kessler", "--db", str(db)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures["relation_command_ms"] = 1000 * (time.perf_counter() - t0)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--dyad-every", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    out = []
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        for n in args.articles:
            db = Path(tmp) / f"bulk-{n}.duckdb"
            build(db, n, dyad_every=args.dyad_every)
            figures = {"articles": n, "dyad_every": args.dyad_every, **measure(db, args.repeat)}
            out.append(figures)
            print(
                f"{n:,} articles, dyad of {figures['dyad_events']:,} events: "
                + ", ".join(
                    f"{q} first {figures[q]['first_ms']:.0f} ms, then {figures[q]['median_ms']:.0f}"
                    " ms"
                    for q in ("relation", "events", "actors")
                )
                + f"; `detente relation` command {figures['relation_command_ms']:.0f} ms"
            )
    if args.out:
        args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
