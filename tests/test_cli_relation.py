"""`detente relation` on a store ingested from the project's own sample stories."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

# The Mercer-Hollins stories of the sample corpus, with their dates and URLs (JSON Lines), the
# wire story with one of its syndicated copies.
DYAD_IDS = (
    "harbor-hollins-interview-2021",
    "lindmoor-hollins-chirper-2022",
    "meridian-mercer-outreach-2023",
    "harbor-hollins-crash",
    "hollins-mercer-wire",
    "northline-mercer-visit",
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, samples: Path, run_cli) -> Path:
    folder = tmp_path_factory.mktemp("dyad")
    lines = (samples / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    chosen = [line for line in lines if json.loads(line)["id"] in DYAD_IDS]
    assert len(chosen) == len(DYAD_IDS)
    corpus = folder / "dyad.jsonl"
    corpus.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    db = folder / "store.duckdb"
    proc = run_cli("ingest", str(corpus), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    return db


pytestmark = pytest.mark.model


def test_relation_json_shows_the_falling_out_and_the_thaw(run_cli, store: Path) -> None:
    proc = run_cli("relation", "Mercer", "Hollins", "--db", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {out["a"]["name"], out["b"]["name"]} == {"Margaret Mercer", "Victor Hollins"}
    signs = [p["sign"] for p in out["phases"]]
    # the falling-out, then the thaw: a warm phase after the hostile one, and no hostility since
    assert "hostile" in signs and "warm" in signs[signs.index("hostile") :]
    assert signs[-1] in ("warm", "cool")
    hostile = out["phases"][signs.index("hostile")]
    assert hostile["turning_event"]["score"] < 0
    assert hostile["turning_event"]["evidence"]
    assert out["current"]["score"] > 0
    for period in out["timeline"]:
        assert period["n_events"] == len(period["events"])
        for event in period["events"]:
            assert event["outlets"] and event["evidence"]


def test_syndicated_copies_are_counted_once(run_cli, store: Path) -> None:
    proc = run_cli("relation", "Mercer", "Hollins", "--db", str(store), "--format", "json")
    events = [e for p in json.loads(proc.stdout)["timeline"] for e in p["events"]]
    keys = [(e["source"], e["target"], e["type"], e["date"]["start"], e["trigger"]) for e in events]
    assert len(keys) == len(set(keys))
    # the wire story and its trimmed copy carry the same events: one each, both articles counted
    carried = [e for e in events if e["n_articles"] >= 2]
    assert carried


def test_relation_text_csv_and_plots(run_cli, store: Path, tmp_path: Path) -> None:
    png, page = tmp_path / "dyad.png", tmp_path / "dyad.html"
    text = run_cli(
        "relation", "Margaret Mercer", "victor hollins", "--db", str(store), "--plot", str(png)
    )
    assert text.returncode == 0, text.stderr
    assert b"turning event" in text.stdout and b"hostile phase" in text.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = run_cli(
        "relation",
        "Mercer",
        "Hollins",
        "--db",
        str(store),
        "--format",
        "csv",
        "--by",
        "quarter",
        "--plot",
        str(page),
    )
    rows = list(csv.DictReader(io.StringIO(table.stdout.decode())))
    assert rows and set(rows[0]) == {"start", "end", "score", "n_events", "n_asserted", "phase"}
    assert all(r["start"][5:7] in ("01", "04", "07", "10") for r in rows)
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "http" not in html.split("<body>", 1)[1].split("const events")[0]


@pytest.mark.parametrize(
    ("a", "b", "code", "message"),
    [
        ("Nobody Atall", "Hollins", 1, b"no actor named"),
        ("Mercer", "Mercer", 2, b"same actor"),
    ],
)
def test_relation_bad_names(
    run_cli, store: Path, a: str, b: str, code: int, message: bytes
) -> None:
    proc = run_cli("relation", a, b, "--db", str(store))
    assert proc.returncode == code
    assert message in proc.stderr and b"Traceback" not in proc.stderr


def test_relation_missing_store_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    proc = run_cli("relation", "A", "B", "--db", str(tmp_path / "none.duckdb"))
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
