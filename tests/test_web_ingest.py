"""`detente serve --allow-ingest` keeps answering while it ingests: a relation query during a
running ingest answers from what is committed, and sees the new articles once they are."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import DETENTE, start_server, stop_server

# Self-written: two invented leaders of invented states, one visit a month.
_CITIES = ("Tarsen", "Olvik", "Merrow", "Castel", "Brinmoor", "Hask")


def _articles(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        month = 1 + i % 12
        year = 2022 + i // 12
        city = _CITIES[i % len(_CITIES)]
        out.append(
            {
                "id": f"brandt-vell-{i}",
                "published": f"{year}-{month:02d}-20",
                "title": f"Brandt and Vell meet in {city} ({i})",
                "text": (
                    f"{city.upper()}, Velmar — Velmarian Prime Minister Orsolya Brandt met "
                    f"Caldrian President Tomas Vell in {city} on Tuesday, and praised him for "
                    f"his help with the river treaty, number {i} of their talks.\n\n"
                    f"Brandt thanked Vell for the grain shipments, aides said. The two leaders "
                    f"signed an agreement on fishing rights in {city}."
                ),
            }
        )
    return out


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_queries_answer_during_an_ingest_and_see_each_commit(
    demo_store: Path, tmp_path: Path
) -> None:
    db = tmp_path / "served.duckdb"
    shutil.copyfile(demo_store, db)
    batch = tmp_path / "brandt-vell.jsonl"
    batch.write_text("".join(json.dumps(a) + "\n" for a in _articles(2)))
    proc, url = start_server(db, "--allow-ingest")
    try:
        before = _get(f"{url}/api/stats")[1]["articles"]
        assert _get(f"{url}/api/relation?a=Orsolya%20Brandt&b=Tomas%20Vell")[0] == 404
        # the writer in this process refuses a second writer, with the way to go through it
        second = subprocess.run(
            [str(DETENTE), "ingest", str(batch), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert second.returncode == 1 and "in use by another process" in second.stderr
        # three jobs posted while we query: each one's articles are committed as it ends
        articles = _articles(24)
        for part in range(3):
            body = "".join(json.dumps(a) + "\n" for a in articles[part * 6 : part * 6 + 6])
            request = urllib.request.Request(f"{url}/api/ingest", data=body.encode(), method="POST")
            with urllib.request.urlopen(request, timeout=30) as answer:
                assert answer.status == 202
        answered, counts, running_seen = 0, [], False
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            status, relation = _get(f"{url}/api/relation?a=Mercer&b=Hollins")
            assert status == 200 and relation["timeline"]
            answered += 1
            stats = _get(f"{url}/api/stats")[1]
            running_seen |= stats["ingest"]["running"] > 0
            counts.append(stats["articles"])
            if stats["ingest"]["running"] == 0 and stats["ingest"]["queued"] == 0:
                break
            time.sleep(0.1)
        assert running_seen and answered >= 3
        assert counts[-1] == before + 18
        # the first jobs' articles were visible while the later ones were still being ingested
        assert any(before < c < before + 18 for c in counts), counts
        # the CLI's way in: the files read here, written there
        rest = tmp_path / "rest.jsonl"
        rest.write_text("".join(json.dumps(a) + "\n" for a in articles[18:]))
        client = subprocess.run(
            [str(DETENTE), "ingest", str(rest), "--server", url, "--format", "json"],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert client.returncode == 0, client.stderr
        summary = json.loads(client.stdout)
        assert summary["ingested"] == 6 and summary["sent"] == 6
        assert _get(f"{url}/api/stats")[1]["articles"] == before + 24
        status, relation = _get(f"{url}/api/relation?a=Orsolya%20Brandt&b=Tomas%20Vell")
        assert status == 200
        assert sum(p["n_events"] for p in relation["timeline"]) >= 12
        jobs = _get(f"{url}/api/ingest")[1]
        assert jobs["enabled"] and jobs["jobs"][0]["state"] == "done"
    finally:
        stop_server(proc)
