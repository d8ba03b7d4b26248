"""`detente actors`, `events`, `quotes` and `export` (detente.export, detente.cli.queries).

A small store is ingested once for the module from four self-written articles (fiction: the
leaders, the outlets and the fisheries row are made up; the countries are real so that country
codes can be checked): a wire story and a trimmed syndicated copy of it, a reconciliation story,
and a story with a planned and a negated event. Every command runs as a subprocess of the
installed ``detente`` script. Tests without the model use an empty store.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import duckdb
import pytest

from conftest import _run_text
from detente.export import GDELT_COLUMNS, GDELT_FILE
from detente.store import Store

WIRE_URL = "https://coastlinewire.example/2024/03/04/ferraz-riquelme-fisheries"
VISIT_URL = "https://southernherald.example/2024/05/10/ferraz-riquelme-accord"

WIRE = [
    "LISBON, March 4 (Coastline Wire) - Portuguese Prime Minister Ana Ferraz accused Chilean "
    "President Tomás Riquelme on Monday of breaking the Atlantic fisheries accord, and said Lisbon "
    "would take the dispute to arbitration.",
    "“Chile has broken its word on the anchovy quotas, and we will not pretend otherwise,” Ferraz "
    "told reporters in Lisbon.",
    "Riquelme rejected the charge in a statement from Santiago. “Our fleets have respected every "
    "line of the accord, from Valparaíso to the Azores,” he said.",
    "The accord, signed in 2019, sets catch limits for both fleets in the South Atlantic and has "
    "been renewed twice.",
    "Senator Lucía Riquelme, a Chilean opposition leader and the president's cousin, criticised "
    "the government's handling of the dispute.",
    "Officials in both capitals said talks between the fisheries ministries had been suspended "
    "until further notice.",
]
VISIT = [
    "SANTIAGO, May 10 (Southern Herald) - Portuguese Prime Minister Ana Ferraz met Chilean "
    "President Tomás Riquelme in Santiago on Friday, and the two leaders signed a new fisheries "
    "agreement ending a two-month dispute.",
    "“Friends can disagree and still find their way back,” Riquelme said after the talks at La "
    "Moneda.",
    "Ferraz praised Riquelme for his patience and invited him to visit Lisbon in the autumn.",
    "Senator Lucía Riquelme said the agreement was a good one for Chilean fishermen.",
    "Chilean Foreign Minister Tomás Vidal said the agreement would be ratified within weeks.",
]
PLAN = [
    "LISBON, June 1 (Southern Herald) - Portuguese Prime Minister Ana Ferraz will visit Brazil "
    "next month, her office said on Saturday.",
    "There was no meeting between Ferraz and the Brazilian foreign minister, Paulo Meireles, "
    "during his stop in Lisbon last week, officials said.",
    "Meireles said Brazil hoped the visit would deepen trade ties.",
]


def _page(site: str, title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><title>{title}</title><meta property="og:site_name" content="{site}">'
        f"</head><body><article><h1>{title}</h1>{body}</article>"
        f"<footer><p>Subscribe to {site} for the news every morning.</p></footer></body></html>"
    )


ARTICLES = [
    {
        "id": "wire",
        "url": WIRE_URL,
        "published": "2024-03-04",
        "html": _page("Coastline Wire", "Ferraz accuses Riquelme over fisheries accord", WIRE),
    },
    {
        "id": "copy",
        "url": "https://dailymeridian.example/world/ferraz-riquelme-fish-row",
        "published": "2024-03-04",
        "html": _page("The Daily Meridian", "Portugal and Chile clash over fish", WIRE[:5]),
    },
    {
        "id": "visit",
        "url": VISIT_URL,
        "published": "2024-05-10",
        "html": _page("Southern Herald", "Ferraz and Riquelme sign fisheries deal", VISIT),
    },
    {
        "id": "plan",
        "url": "https://southernherald.example/2024/06/01/ferraz-brazil",
        "published": "2024-06-01",
        "html": _page("Southern Herald", "Ferraz to visit Brazil", PLAN),
    },
]


def detente(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``detente`` script, wide enough that tables keep their columns."""
    return _run_text(*args, env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the four articles, ingested once for the module."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus = folder / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    path = folder / "store.duckdb"
    done = detente("ingest", corpus, "--db", path)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def events_json(db: Path) -> list[dict[str, object]]:
    """Every story-level event of the store, as `detente events --format json` gives them."""
    done = detente("events", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A fresh store with the schema and no article (no model needed)."""
    path = tmp_path / "empty.duckdb"
    Store.open(path).close()
    return path


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --- actors ---------------------------------------------------------------------------------


@pytest.mark.model
def test_actors_text_lists_people_with_roles_and_article_counts(db: Path) -> None:
    done = detente("actors", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "Ana Ferraz" in done.stdout
    assert "Portuguese prime minister" in done.stdout
    assert "actor(s)" in done.stdout


@pytest.mark.model
def test_actors_query_folds_case_and_diacritics_and_matches_aliases(db: Path) -> None:
    done = detente("actors", "LUCIA", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["name"] for r in rows] == ["Lucía Riquelme"]
    both = json.loads(detente("actors", "riquelme", "--db", db, "--format", "json").stdout)
    assert {r["name"] for r in both} == {"Tomás Riquelme", "Lucía Riquelme"}
    ferraz = json.loads(detente("actors", "Ferraz", "--db", db, "--format", "json").stdout)[0]
    assert ferraz["n_articles"] == 4
    assert (ferraz["first_seen"], ferraz["last_seen"]) == ("2024-03-04", "2024-06-01")
    assert set(ferraz) >= {"id", "kind", "aliases", "roles", "n_stories"}


@pytest.mark.model
def test_actors_csv_by_kind(db: Path) -> None:
    done = detente("actors", "--kind", "country", "--db", db, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = _csv_rows(done.stdout)
    assert done.stdout.startswith("id,name,kind,aliases,roles,n_articles,n_stories,")
    assert {r["kind"] for r in rows} == {"country"}
    assert {"Portugal", "Chile"} <= {r["name"] for r in rows}


# --- events ---------------------------------------------------------------------------------


@pytest.mark.model
def test_events_counts_a_syndicated_event_once_and_lists_both_outlets(
    events_json: list[dict[str, object]],
) -> None:
    accusations = [e for e in events_json if e["type"] == "ACCUSE" and e["source"] == "Ana Ferraz"]
    assert len(accusations) == 1  # the wire and its copy state it once between them
    event = accusations[0]
    assert event["target"] == "Tomás Riquelme"
    assert event["outlets"] == ["Coastline Wire", "The Daily Meridian"]
    assert event["n_articles"] == 2
    assert event["date"] == "2024-03-04"
    assert event["modality"] == "asserted"
    assert "accused" in str(event["evidence"])
    assert event["url"] == WIRE_URL
    assert {"trigger", "claimed_by", "score", "story_id"} <= set(event)


@pytest.mark.model
def test_events_filters_by_actor_type_and_dates(db: Path) -> None:
    done = detente(
        "events", "--actor", "ferraz", "--type", "agree", "--since", "2024-05-01",
        "--until", "2024-05-31", "--db", db, "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows
    assert all(r["type"] == "AGREE" for r in rows)
    assert all("2024-05-01" <= r["date"] <= "2024-05-31" for r in rows)
    assert all("Ana Ferraz" in (r["source"], r["target"]) for r in rows)


@pytest.mark.model
def test_events_modality_filter_as_csv(db: Path) -> None:
    done = detente("events", "--modality", "planned", "--db", db, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("event_id,story_id,date,")
    rows = _csv_rows(done.stdout)
    assert rows
    assert {r["modality"] for r in rows} == {"planned"}
    assert any(r["target"] == "Brazil" for r in rows)


@pytest.mark.model
def test_events_text_table_shows_evidence_and_outlets(db: Path) -> None:
    done = detente("events", "--actor", "Tomás Riquelme", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "event(s), once per story" in done.stdout
    assert "Coastline Wire" in done.stdout
    assert "ACCUSE" in done.stdout


@pytest.mark.model
def test_events_ambiguous_actor_lists_candidates_and_exits_4(db: Path) -> None:
    done = detente("events", "--actor", "Tomás", "--db", db)
    assert done.returncode == 4
    assert "ambiguous" in done.stderr
    assert "Tomás Riquelme" in done.stderr
    assert "Tomás Vidal" in done.stderr


@pytest.mark.model
def test_unknown_speaker_is_a_clear_error(db: Path) -> None:
    done = detente("quotes", "--speaker", "Nobody Atall", "--db", db)
    assert done.returncode == 1
    assert "no actor named 'Nobody Atall'" in done.stderr
    assert "Traceback" not in done.stderr


# --- quotes ---------------------------------------------------------------------------------


@pytest.mark.model
def test_quotes_contains_folds_case_and_accents_once_per_story(db: Path) -> None:
    done = detente("quotes", "--contains", "VALPARAISO", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 1
    assert rows[0]["speaker"] == "Tomás Riquelme"
    assert rows[0]["outlets"] == ["Coastline Wire", "The Daily Meridian"]
    assert rows[0]["n_articles"] == 2


@pytest.mark.model
def test_quotes_by_speaker_as_text_and_csv(db: Path) -> None:
    text = detente("quotes", "--speaker", "Ferraz", "--db", db)
    assert text.returncode == 0, text.stderr
    assert "anchovy" in text.stdout
    done = detente("quotes", "--speaker", "Ferraz", "--db", db, "--format", "csv")
    rows = _csv_rows(done.stdout)
    assert rows
    assert {r["speaker"] for r in rows} == {"Ana Ferraz"}
    assert done.stdout.startswith("quote_id,story_id,date,speaker,")


# --- export ---------------------------------------------------------------------------------


@pytest.mark.model
def test_export_parquet_writes_every_table_readable_by_duckdb(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    done = detente("export", "--format", "parquet", "--out", out, "--db", db)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.iterdir()}
    assert {"articles.parquet", "actors.parquet", "events.parquet", "quotes.parquet"} <= names
    assert {"story_events.parquet", "skipped.parquet", "actor_aliases.parquet"} <= names
    with duckdb.connect() as con:
        articles = con.sql(f"SELECT id, url, outlet FROM '{out / 'articles.parquet'}'").fetchall()
        stories = con.sql(f"SELECT count(*) FROM '{out / 'stories.parquet'}'").fetchall()
    assert len(articles) == 4
    assert stories == [(3,)]


@pytest.mark.model
def test_export_csv_has_headers_and_every_row(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    done = detente("export", "--format", "csv", "--out", out, "--db", db)
    assert done.returncode == 0, done.stderr
    rows = _csv_rows((out / "articles.csv").read_text(encoding="utf-8"))
    assert len(rows) == 4
    assert {"id", "url", "outlet", "published", "story_id"} <= set(rows[0])


@pytest.mark.model
def test_export_gdelt_one_row_per_story_event_with_countries_and_syndication(
    db: Path, tmp_path: Path, events_json: list[dict[str, object]]
) -> None:
    done = detente("export", "--format", "gdelt", "--out", tmp_path, "--db", db)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / GDELT_FILE).read_text(encoding="utf-8").splitlines()
    header, *body = (line.split("\t") for line in lines)
    assert tuple(header) == GDELT_COLUMNS
    assert all(len(row) == 61 for row in body)
    rows = [dict(zip(header, row, strict=True)) for row in body]
    asserted = [e for e in events_json if e["modality"] == "asserted"]
    assert sorted(int(r["GLOBALEVENTID"]) for r in rows) == sorted(
        int(str(e["event_id"])) for e in asserted
    )
    assert not any(r["Actor2Name"] in ("Brazil", "Paulo Meireles") for r in rows)

    accuse = next(r for r in rows if r["Actor1Name"] == "Ana Ferraz" and r["QuadClass"] == "3")
    assert accuse["SQLDATE"] == "20240304"
    assert (accuse["MonthYear"], accuse["Year"]) == ("202403", "2024")
    assert (accuse["Actor1CountryCode"], accuse["Actor2CountryCode"]) == ("PRT", "CHL")
    assert accuse["Actor2Name"] == "Tomás Riquelme"
    assert (accuse["NumArticles"], accuse["NumSources"]) == ("2", "2")
    assert accuse["EventRootCode"].isdigit()
    assert float(accuse["GoldsteinScale"]) < 0
    assert accuse["IsRootEvent"] == "1"
    assert accuse["SOURCEURL"] == WIRE_URL
    assert len(accuse["DATEADDED"]) == 14
    # "accused": the lexicon's CAMEO 112 (accuse), its base code the same three digits
    assert (accuse["EventCode"], accuse["EventBaseCode"]) == ("112", "112")
    assert accuse["EventCode"].startswith(accuse["EventRootCode"])
    # the evidence sentence's tone, on -10..10: an accusation reads negative
    assert -10 <= float(accuse["AvgTone"]) < 0
    assert accuse["ActionGeo_Lat"] == ""

    # an event the text gives no date for counts on its article's publication date
    reported = [e for e in asserted if e["date_basis"] == "reported"]
    assert reported
    by_id = {r["GLOBALEVENTID"]: r for r in rows}
    for event in reported:
        published = str(event["published"]).replace("-", "")
        assert event["date_end"] == event["published"] == event["date"]
        assert by_id[str(event["event_id"])]["SQLDATE"] == published


# --- no model: an empty store and bad arguments ---------------------------------------------


def test_gdelt_columns_follow_the_codebook() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:35] == (
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_empty_store_exports_a_header_only_gdelt_file_and_lists_nothing(
    empty_db: Path, tmp_path: Path
) -> None:
    done = detente("export", "--format", "gdelt", "--out", tmp_path / "g", "--db", empty_db)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "g" / GDELT_FILE).read_text(encoding="utf-8")
    assert text == "\t".join(GDELT_COLUMNS) + "\n"
    listed = detente("events", "--db", empty_db, "--format", "json")
    assert (listed.returncode, json.loads(listed.stdout)) == (0, [])
    header_only = detente("quotes", "--db", empty_db, "--format", "csv")
    assert header_only.stdout.splitlines() == [
        "quote_id,story_id,date,speaker,speaker_text,text,direct,anonymous,cue,outlets,"
        "n_articles,url"
    ]


def test_export_to_a_file_instead_of_a_folder_fails_cleanly(empty_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    done = detente("export", "--format", "csv", "--out", target, "--db", empty_db)
    assert done.returncode == 1
    assert "is a file, not a folder" in done.stderr


def test_unknown_event_type_is_a_usage_error(empty_db: Path) -> None:
    done = detente("events", "--type", "HUG", "--db", empty_db)
    assert done.returncode == 2
    assert "not a PLOVER type" in done.stderr


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    done = detente("actors", "--db", tmp_path / "absent.duckdb")
    assert done.returncode == 1
    assert "no such store" in done.stderr
