"""The HTTP API (detente.web.api) over the demo corpus: the same answers as the CLI, filters,
cursor pages, the error shape, and the limits on what a client may ask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.queries import Cursor
from detente.web import create_app


@pytest.fixture(scope="module")
def client(demo_store: Path):
    with TestClient(create_app(demo_store)) as http:
        yield http


def test_relation_is_the_json_of_detente_relation(client, run_text, demo_store: Path) -> None:
    cli = run_text(
        "relation", "Mercer", "Hollins", "--db", demo_store, "--format", "json", "--by", "quarter"
    )
    assert cli.returncode == 0, cli.stderr
    api = client.get("/api/relation", params={"a": "Mercer", "b": "Hollins", "by": "quarter"})
    assert api.status_code == 200
    assert api.json() == json.loads(cli.stdout)
    assert api.json()["timeline"], "the demo dyad has a timeline"


def test_relation_scope_and_dates_narrow_it(client) -> None:
    whole = client.get("/api/relation", params={"a": "Mercer", "b": "Hollins"}).json()
    since = client.get(
        "/api/relation", params={"a": "Mercer", "b": "Hollins", "since": "2023"}
    ).json()
    personal = client.get(
        "/api/relation", params={"a": "Mercer", "b": "Hollins", "scope": "personal"}
    ).json()
    assert all(p["start"] >= "2023-01-01" for p in since["timeline"])
    assert len(since["timeline"]) < len(whole["timeline"])
    assert all(e["scope"] == "personal" for p in personal["timeline"] for e in p["events"])


def test_event_pages_join_into_the_whole_listing(client) -> None:
    whole = client.get("/api/events", params={"limit": 500}).json()
    assert whole["next_cursor"] is None
    seen, cursor = [], None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/events", params=params).json()
        assert len(page["events"]) <= 7
        seen += [e["event_id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["event_id"] for e in whole["events"]]
    assert len(seen) > 14, "more than two pages"


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"quad_class": 3}, lambda e: e["quad_class"] == 3),
        ({"min_score": 2}, lambda e: e["score"] >= 2),
        ({"modality": "planned"}, lambda e: e["modality"] == "planned"),
        ({"type": "consult"}, lambda e: e["type"] == "CONSULT"),
        ({"outlet": "Harbor Wire"}, lambda e: "Harbor Wire" in e["outlets"]),
        (
            {"since": "2024-01", "until": "2024-06"},
            lambda e: "2024-01-01" <= e["date"] <= "2024-06-30",
        ),
        ({"actor": "Varga"}, lambda e: "Elena Varga" in (e["source"], e["target"])),
    ],
)
def test_event_filters_keep_only_matching_events(client, params, check) -> None:
    rows = client.get("/api/events", params={**params, "limit": 500}).json()["events"]
    assert rows, f"the demo corpus has events for {params}"
    assert all(check(e) for e in rows)


def test_anonymous_claimants_split_the_events(client) -> None:
    def count(**params):
        return len(client.get("/api/events", params={**params, "limit": 500}).json()["events"])

    anonymous, on_record = count(anonymous="true"), count(anonymous="false")
    assert anonymous > 0 and on_record > 0
    assert anonymous + on_record == count()


def test_quotes_between_two_are_said_by_one_of_them(client) -> None:
    rows = client.get("/api/quotes", params={"a": "Mercer", "b": "Hollins"}).json()["quotes"]
    assert rows
    assert {q["speaker"] for q in rows} <= {"Margaret Mercer", "Victor Hollins"}
    anonymous = client.get("/api/quotes", params={"anonymous": "true", "limit": 500}).json()
    assert anonymous["quotes"] and all(q["anonymous"] for q in anonymous["quotes"])


def test_dyads_rank_and_counterparts_agree_with_the_relation(client) -> None:
    top = client.get("/api/dyads", params={"rank": "activity", "limit": 1}).json()["dyads"][0]
    assert {top["a"]["name"], top["b"]["name"]} == {"Margaret Mercer", "Victor Hollins"}
    personal = client.get(
        "/api/relation", params={"a": "Mercer", "b": "Hollins", "scope": "personal"}
    ).json()
    assert top["current"] == personal["current"]["score"]
    swings = client.get("/api/dyads", params={"rank": "swing"}).json()["dyads"]
    assert [abs(d["swing"]) for d in swings] == sorted(
        (abs(d["swing"]) for d in swings), reverse=True
    )
    mercer = client.get(
        f"/api/actors/{top['b']['id'] if top['b']['name'] == 'Margaret Mercer' else top['a']['id']}"
    ).json()
    assert mercer["name"] == "Margaret Mercer" and "Mercer" in mercer["aliases"]
    hollins = next(c for c in mercer["counterparts"] if c["actor"]["name"] == "Victor Hollins")
    assert hollins["current"] == top["current"]
    assert mercer["recent_events"]


def test_article_spans_lie_in_its_text(client) -> None:
    event = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    article = client.get(f"/api/articles/{event['article_id']}").json()
    text = article["text"]
    kinds = {h["kind"] for h in article["highlights"]}
    assert {"actor", "event"} <= kinds
    for h in article["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(text)
    stored = next(e for e in article["events"] if e["id"] == event["event_id"])
    assert text[stored["evidence_start"] : stored["evidence_end"]].strip() == event["evidence"]


def test_stats_count_the_corpus(client) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 15 and stats["events"] > 0
    assert stats["ingest"] == {"enabled": False}


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/relation?a=Nobody%20At%20All&b=Hollins", 404, "unknown_actor"),
        ("/api/relation?a=Mercer&b=Mercer", 400, "same_actor"),
        ("/api/relation?a=Mercer&b=Hollins&since=2024-13-01", 400, "invalid_input"),
        ("/api/relation?a=Mercer&b=Hollins&by=year", 422, "invalid_parameter"),
        ("/api/relation?a=" + "x" * 201 + "&b=Hollins", 422, "invalid_parameter"),
        ("/api/events?limit=501", 422, "invalid_parameter"),
        ("/api/events?limit=0", 422, "invalid_parameter"),
        ("/api/events?cursor=bm90IGEgY3Vyc29y", 400, "invalid_input"),
        ("/api/events?type=HUG", 400, "invalid_parameter"),
        ("/api/events?min_score=11", 422, "invalid_parameter"),
        ("/api/quotes?a=Mercer", 400, "invalid_parameter"),
        ("/api/articles/999999", 404, "not_found"),
        ("/api/no-such-thing", 404, "not_found"),
    ],
)
def test_errors_are_json_with_their_status(client, path, status, code) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    body = answer.json()
    assert body["error"]["code"] == code and body["error"]["message"]


def test_posted_bodies_are_limited_and_ingest_is_refused_read_only(client) -> None:
    big = client.post("/api/analyze", content=b"x" * (5 * 1024 * 1024 + 1))
    assert big.status_code == 413 and big.json()["error"]["code"] == "body_too_large"
    assert client.post("/api/analyze", content=b"  ").json()["error"]["code"] == "invalid_body"
    bad = client.post("/api/analyze", json={"html": 3})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_body"
    refused = client.post("/api/ingest", content=b'{"text": "A story."}\n')
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "ingest_disabled"


def test_cursor_tokens_round_trip_and_refuse_forgeries() -> None:
    from datetime import date

    from detente.errors import InputError

    cursor = Cursor(date(2024, 7, 1), 42)
    assert Cursor.decode(cursor.encode()) == cursor
    assert Cursor.decode(Cursor(None, 7).encode()) == Cursor(None, 7)
    for forged in ("", "!!", "WzEsMl0", "WyJ4IiwgMV0"):  # [1,2] and ["x", 1]
        with pytest.raises(InputError):
            Cursor.decode(forged)


def test_pages_escape_what_the_client_typed(client) -> None:
    answer = client.get(
        "/dyad",
        params={"a": "<script>alert(1)</script>", "b": "Hollins"},
        headers={"accept": "text/html"},
    )
    assert answer.status_code == 404
    assert "<script>alert(1)</script>" not in answer.text
    assert "&lt;script&gt;" in answer.text


def test_every_page_answers_and_names_its_json_twin(client) -> None:
    mercer = client.get("/api/actors", params={"q": "Mercer"}).json()["actors"][0]
    for path, twin in (
        ("/", "/api/stats"),
        (f"/actors/{mercer['id']}", f"/api/actors/{mercer['id']}"),
        ("/dyad?a=Mercer&b=Hollins", "/api/relation?"),
        ("/articles/1", "/api/articles/1"),
        ("/analyze", "/openapi.json"),
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert f'id="twin" href="{twin}' in page.text, path
    schema = client.get("/openapi.json").json()
    assert {"/api/relation", "/api/events", "/api/quotes", "/api/analyze", "/api/dyads"} <= set(
        schema["paths"]
    )


@pytest.mark.model
def test_analyze_returns_the_analysis_with_highlights(client) -> None:
    text = (
        "Prime Minister Margaret Mercer praised President Victor Hollins on Tuesday for his "
        "help with the flood relief. \u201cHe was a true friend,\u201d Mercer told reporters."
    )
    answer = client.post("/api/analyze", json={"text": text, "published": "2024-07-16"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    names = {a["name"] for a in body["actors"]}
    assert {"Margaret Mercer", "Victor Hollins"} <= names
    actor_spans = [h for h in body["highlights"] if h["kind"] == "actor"]
    assert any(body["article"]["text"][h["start"] : h["end"]] == "Mercer" for h in actor_spans)
    assert (
        client.post("/api/analyze", json={"text": "x", "published": "2024-99-01"}).status_code
        == 400
    )
