"""The corpus from Python (``detente.Corpus``, issue 11 item 9) and the corpus commands on a store
whose articles have no outlet (item 1), '#id' names, unnamed speakers and piped tables (item 8).

One store is ingested for the module, through standard input, from self-written fiction without
URLs or outlets: two leaders of made-up countries meet, praise and quote through an aide.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

import detente
from detente.records import DyadTimeline

DETENTE = Path(sys.executable).with_name("detente")

STORIES = [
    {
        "id": "talks",
        "published": "2024-03-12",
        "text": "President Anna Berg of Norland met Prime Minister Tomas Krell of Sudmark in "
        "Geneva on Tuesday, the first meeting of the two leaders in three years. Berg praised "
        "Krell for his patience during the long talks over the border river and its bridges. "
        '"We will work together on the river," an aide to Berg said after the meeting.',
    },
    {
        "id": "rift",
        "published": "2024-09-03",
        "text": "Prime Minister Tomas Krell of Sudmark accused President Anna Berg of Norland on "
        "Monday of breaking the river accord that the two leaders signed in the spring. "
        '"Norland has broken its word on the bridges," Krell told reporters in his capital.',
    },
]

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, run_text) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "store.duckdb"
    lines = "".join(json.dumps(s) + "\n" for s in STORIES)
    done = run_text("ingest", "-", "--db", path, stdin=lines)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def ids(db: Path) -> dict[str, int]:
    with detente.Corpus(db, read_only=True) as corpus:
        return {a["name"]: a["id"] for a in corpus.actors()}


def test_events_and_quotes_of_articles_without_an_outlet_are_listed(db: Path, run_text) -> None:
    for command in ("events", "quotes"):
        done = run_text(command, "--db", db)
        assert done.returncode == 0, done.stderr
        assert "once per story" in done.stdout
        as_json = json.loads(run_text(command, "--db", db, "--format", "json").stdout)
        assert as_json and all(row["outlets"] == [] for row in as_json)


def test_hash_ids_select_actors_in_relation_and_events(
    db: Path, ids: dict[str, int], run_text
) -> None:
    berg, krell = f"#{ids['Anna Berg']}", f"#{ids['Tomas Krell']}"
    done = run_text("relation", berg, krell, "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    timeline = json.loads(done.stdout)
    assert {timeline["a"]["name"], timeline["b"]["name"]} == {"Anna Berg", "Tomas Krell"}
    events = run_text("events", "--actor", krell, "--db", db, "--format", "json")
    assert events.returncode == 0, events.stderr
    assert all("Tomas Krell" in (e["source"], e["target"]) for e in json.loads(events.stdout))
    unknown = run_text("events", "--actor", "#99999", "--db", db)
    assert unknown.returncode == 1 and "no actor named '#99999'" in unknown.stderr


def test_speaker_aide_finds_the_anonymous_aide_and_filters_by_record(db: Path, run_text) -> None:
    aide = json.loads(
        run_text("quotes", "--speaker", "aide", "--db", db, "--format", "json").stdout
    )
    assert [(q["speaker_text"], q["anonymous"]) for q in aide] == [("an aide to Berg", True)]
    anonymous = json.loads(run_text("quotes", "--anonymous", "--db", db, "--format", "json").stdout)
    on_record = json.loads(run_text("quotes", "--on-record", "--db", db, "--format", "json").stdout)
    assert anonymous and all(q["anonymous"] for q in anonymous)
    assert on_record and not any(q["anonymous"] for q in on_record)
    none = run_text("quotes", "--speaker", "aide", "--on-record", "--db", db)
    assert none.returncode == 0 and none.stdout.strip() == "no quotes match"


def test_since_and_until_take_years_and_months(db: Path, run_text) -> None:
    def dates(*bounds: str) -> list[str]:
        done = run_text("events", "--db", db, "--format", "json", *bounds)
        assert done.returncode == 0, done.stderr
        return [e["date"] for e in json.loads(done.stdout)]

    assert dates("--since", "2024", "--until", "2024") == dates()
    march = dates("--since", "2024-03", "--until", "2024-03")
    assert march and all(d.startswith("2024-03") for d in march)
    assert dates("--since", "2025") == []


def test_piped_tables_are_not_cut_to_80_columns(db: Path, run_text) -> None:
    done = run_text("events", "--db", db)
    rows = [line for line in done.stdout.splitlines() if "accused" in line or "ACCUSE" in line]
    assert rows and max(len(line) for line in done.stdout.splitlines()) > 80
    assert any("breaking the river accord" in line for line in rows)  # evidence on its row


def test_corpus_answers_as_the_commands_do(db: Path, run_text) -> None:
    cli_events = json.loads(run_text("events", "--db", db, "--format", "json").stdout)
    with detente.Corpus(db, read_only=True) as corpus:
        events = corpus.events()
        assert json.loads(json.dumps(events, default=str)) == cli_events
        assert corpus.events(event_type="accuse", since="2024-09") == [
            e for e in events if e["type"] == "ACCUSE" and e["date"] >= date(2024, 9, 1)
        ]
        timeline = corpus.relation("Berg", "Krell", by="quarter")
        assert isinstance(timeline, DyadTimeline) and timeline.timeline
        assert [q["text"] for q in corpus.quotes(speaker="aide")] == [
            q["text"] for q in corpus.quotes(anonymous=True) if "aide" in q["speaker_text"]
        ]
        assert corpus.actor("Anna Berg").name == "Anna Berg"
        assert corpus.skipped() == []


def test_corpus_names_errors_and_ingests(db: Path, tmp_path: Path) -> None:
    with detente.Corpus(db, read_only=True) as corpus:
        with pytest.raises(detente.ActorLookupError, match="no actor named 'Nobody'"):
            corpus.events(actor="Nobody")
        with pytest.raises(detente.InputError, match="not a valid date"):
            corpus.events(since="2024-13")
        with pytest.raises(detente.StoreError, match="read-only"):
            corpus.ingest([tmp_path])
    story = tmp_path / "one.txt"
    story.write_text(STORIES[0]["text"] + "\n", encoding="utf-8")
    with detente.Corpus(tmp_path / "new.duckdb") as corpus:
        summary = corpus.ingest([story], published="2024-03-12")
        assert summary.ingested == 1
        assert {a["name"] for a in corpus.actors(kind="person")} >= {"Anna Berg", "Tomas Krell"}
        again = corpus.ingest([story], published="2024-03-12")
        assert (again.ingested, again.duplicates) == (0, 1)
        written = corpus.export(tmp_path / "out", "gdelt")
        assert written[0].parent == (tmp_path / "out").resolve()
