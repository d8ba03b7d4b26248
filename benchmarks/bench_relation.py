"""How fast `detente relation` answers for a dyad with many events.

Builds a store with one dyad of ``--events`` story-level events (one article and one story each,
dates spread over ten years, self-generated rows: no model needed), then times the library path
the command runs (open the store, resolve both names, read the dyad's events, draw the timeline
with phases) and the whole command as a user runs it (a new process, text output).

Usage: .venv/bin/python benchmarks/bench_relation.py [--events 1000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from detente.queries import dyad_events, resolve_actor
from detente.relations import dyad_timeline
from detente.store import Store

_SCORES = {"SUPPORT": 5.0, "CONSULT": 2.5, "ACCUSE": -2.0, "REJECT": -3.0, "SANCTION": -6.0}


def build(path: Path, n_events: int) -> None:
    """A store with actors 1 (Elena Varga) and 2 (Anton Kessler) and ``n_events`` events."""
    rng = random.Random(7)
    with Store.open(path) as store:
        con = store._con  # the benchmark fills tables in bulk; the library writes per article
        con.execute(
            "INSERT INTO actors VALUES "
            "(1, 'Elena Varga', 'person', 'elena varga', ['Varga'], ['prime minister'], NULL, "
            "['elena'], 'varga', 'f', NULL, false, 1), "
            "(2, 'Anton Kessler', 'person', 'anton kessler', ['Kessler'], ['president'], NULL, "
            "['anton'], 'kessler', 'm', NULL, false, 1)"
        )
        con.execute(
            "INSERT INTO actor_aliases VALUES (1, 'Elena Varga', 'elena varga'), "
            "(1, 'Varga', 'varga'), (2, 'Anton Kessler', 'anton kessler'), "
            "(2, 'Kessler', 'kessler')"
        )
        now = datetime(2026, 1, 1)
        start = date(2015, 1, 1)
        for n in range(1, n_events + 1):
            day = start + timedelta(days=rng.randrange(3650))
            kind = rng.choice(list(_SCORES))
            source, target = (1, 2) if rng.random() < 0.5 else (2, 1)
            con.execute(
                "INSERT INTO articles (id, content_hash, raw_key, url, outlet, published, "
                "language, title, authors, text, removed, warnings, source, story_id, n_actors, "
                "n_quotes, n_events, ingested_at) VALUES (?, ?, ?, ?, 'Harbor Wire', ?, 'en', "
                "'t', [], 'text', [], [], 'bench', ?, 2, 0, 1, ?)",
                [n, f"h{n}", f"k{n}", f"https://wire.example/{n}", day, n, now],
            )
            con.execute(
                "INSERT INTO events (id, article_id, idx, source, target, source_principal, "
                "target_principal, type, score, modality, date_start, date_end, "
                "evidence_sentence, evidence_start, evidence_end, trigger, trigger_lemma, "
                "confidence) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, 'asserted', ?, ?, ?, 0, 10, "
                "'met', 'meet', 0.8)",
                [n, n, source, target, source, target, kind, _SCORES[kind], day, day, f"s{n}"],
            )
        store.refresh_story_events()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db, args.events)
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            with Store.open(db, read_only=True) as store:
                a, b = resolve_actor(store, "Varga"), resolve_actor(store, "Kessler")
                assert not isinstance(a, list) and not isinstance(b, list)
                events = dyad_events(store, a, b)
            timeline = dyad_timeline(("1", a.name), ("2", b.name), events, by="month")
            timings.append(time.perf_counter() - t0)
        assert len(events) == args.events, len(events)
        best = min(timings)
        print(
            f"dyad with {len(events)} events: {len(timeline.timeline)} periods, "
            f"{len(timeline.phases)} phases"
        )
        print(
            f"library path (open, resolve, query, timeline): best {1000 * best:.0f} ms, "
            f"median {1000 * sorted(timings)[len(timings) // 2]:.0f} ms"
        )
        cli = Path(sys.executable).with_name("detente")
        t0 = time.perf_counter()
        proc = subprocess.run(
            [str(cli), "relation", "Varga", "Kessler", "--db", str(db)],
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - t0
        assert proc.returncode == 0, proc.stderr
        print(f"whole command in a new process (Python start-up included): {1000 * wall:.0f} ms")


if __name__ == "__main__":
    main()
