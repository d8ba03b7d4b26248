"""The corpus store: schema and migrations, round trips, one transaction per article, clear errors.

Articles are built by hand here (no model): the store keeps rows, it does not analyse.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from detente import store as store_module
from detente.errors import DetenteError, StoreError
from detente.records import (
    Actor,
    ArticleAnalysis,
    CleanArticle,
    DateRange,
    Event,
    Evidence,
    Quote,
)
from detente.store import SCHEMA_VERSION, ArticleWrite, GlobalActor, Store

TEXT = (
    "Prime Minister Elena Varga met President Anton Kessler in Sarnic on Monday. "
    '"We talked as neighbours," Varga said. Two aides to Varga said the talks went well.'
)


def _span(needle: str, start: int = 0) -> tuple[int, int]:
    i = TEXT.index(needle, start)
    return (i, i + len(needle))


def _analysis(text: str = TEXT, url: str | None = "https://harbor.example/a") -> ArticleAnalysis:
    article = CleanArticle(
        source="a.txt",
        text=text,
        title="Varga meets Kessler",
        authors=("Clara Benning",),
        publisher="Harbor Wire",
        published=date(2024, 7, 16),
        url=url,
        language="en",
    )
    actors = (
        Actor(
            id="a1",
            name="Elena Varga",
            kind="person",
            key="elena varga",
            aliases=("Varga",),
            roles=("prime minister",),
            mentions=(_span("Elena Varga"), _span("Varga", 90)),
        ),
        Actor(
            id="a2",
            name="Anton Kessler",
            kind="person",
            key="anton kessler",
            roles=("president",),
            mentions=(_span("Anton Kessler"),),
        ),
        Actor(
            id="a3",
            name="Two aides to Varga",
            kind="group",
            key="two aides to varga",
            affiliation="a1",
            mentions=(_span("Two aides to Varga"),),
        ),
    )
    quote = Quote(
        text="We talked as neighbours,",
        span=_span("We talked as neighbours,"),
        speaker="a1",
        speaker_text="Varga",
        anonymous=False,
        direct=True,
        cue="Varga said",
        cue_span=_span("Varga said"),
    )
    sentence = "Prime Minister Elena Varga met President Anton Kessler in Sarnic on Monday."
    event = Event(
        source="a1",
        target="a2",
        type="CONSULT",
        score=1.0,
        modality="asserted",
        date=DateRange(date(2024, 7, 15), date(2024, 7, 15), "on Monday"),
        evidence=Evidence(sentence, (0, len(sentence))),
        trigger="met",
        confidence=0.9,
        claimed_by="a3",
        quad_class=1,
        cameo_root="04",
        trigger_span=_span("met"),
    )
    return ArticleAnalysis(article=article, actors=actors, quotes=(quote,), events=(event,))


def _write(analysis: ArticleAnalysis, article_id: int = 1, story_id: int = 1) -> ArticleWrite:
    """Article ``article_id`` with Varga (global 1), Kessler (2) and its own group of aides."""
    aides = 2 + article_id
    people = (
        GlobalActor(id=1, name="Elena Varga", kind="person", key="elena varga"),
        GlobalActor(id=2, name="Anton Kessler", kind="person", key="anton kessler"),
    )
    group = GlobalActor(
        id=aides,
        name="Two aides to Varga",
        kind="group",
        key="two aides to varga",
        affiliation=1,
        scope_article=article_id,
    )
    new = (*people, group) if article_id == 1 else (group,)
    return ArticleWrite(
        id=article_id,
        analysis=analysis,
        content_hash=f"hash{article_id}",
        raw_key=f"raw{article_id}",
        source="a.txt",
        line=None,
        outlet="Harbor Wire",
        host="harbor.example",
        story_id=story_id,
        signature=b"\x00" * 512,
        actor_ids={"a1": 1, "a2": 2, "a3": aides},
        trigger_lemmas=("meet",),
        first_quote_id=article_id,
        first_event_id=article_id,
        new_actors=new,
        new_aliases=((1, "Elena Varga"), (1, "Varga"), (2, "Anton Kessler"))
        if article_id == 1
        else (),
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "corpus.duckdb"


def test_store_new_file_has_current_schema_version(db: Path) -> None:
    with Store.open(db) as store:
        assert store.version == SCHEMA_VERSION
        assert store.counts()["articles"] == 0
    with Store.open(db, read_only=True) as store:
        assert store.version == SCHEMA_VERSION


def test_store_round_trip_of_an_article_with_its_analysis(db: Path) -> None:
    analysis = _analysis()
    with Store.open(db) as store:
        store.write_article(_write(analysis))
    with Store.open(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == 1
        assert counts["actors"] == 3
        assert counts["mentions"] == 4
        assert counts["quotes"] == 1
        assert counts["events"] == 1
        assert counts["stories"] == 1
        article = store.rows("SELECT * FROM articles")[0]
        assert article["text"] == TEXT
        assert article["url"] == "https://harbor.example/a"
        assert article["published"] == date(2024, 7, 16)
        assert article["authors"] == ["Clara Benning"]
        assert article["outlet"] == "Harbor Wire"
        event = store.rows("SELECT * FROM events")[0]
        assert (event["source"], event["target"], event["type"]) == (1, 2, "CONSULT")
        # a person is its own principal; the claim is the aides'
        assert (event["source_principal"], event["target_principal"]) == (1, 2)
        assert event["claimed_by"] == 3
        assert event["date_start"] == date(2024, 7, 15)
        assert event["evidence_sentence"].startswith("Prime Minister Elena Varga met")
        assert TEXT[event["trigger_start"] : event["trigger_end"]] == "met"
        mention_texts = {r["text"] for r in store.rows("SELECT text FROM mentions")}
        assert mention_texts == {"Elena Varga", "Varga", "Anton Kessler", "Two aides to Varga"}
        quote = store.rows("SELECT * FROM quotes")[0]
        assert quote["speaker"] == 1
        assert TEXT[quote["span_start"] : quote["span_end"]] == quote["text"]
        assert [a.name for a in store.find_actors("VARGA")] == ["Elena Varga"]
        aides = store.rows("SELECT * FROM actors WHERE kind = 'group'")[0]
        assert aides["affiliation"] == 1
        assert aides["scope_article"] == 1


def test_store_write_that_fails_midway_leaves_nothing(db: Path) -> None:
    write = _write(_analysis())
    broken = ArticleWrite(**{**_fields(write), "actor_ids": {"a1": 1, "a2": 2}})  # no "a3"
    with Store.open(db) as store:
        with pytest.raises(KeyError):
            store.write_article(broken)
        counts = store.counts()
        assert counts["articles"] == counts["actors"] == counts["mentions"] == 0
        store.write_article(write)
        assert store.counts()["articles"] == 1


def _fields(write: ArticleWrite) -> dict[str, object]:
    return {name: getattr(write, name) for name in ArticleWrite.__slots__}  # type: ignore[attr-defined]


def test_story_events_counts_a_syndicated_event_once_with_every_outlet(db: Path) -> None:
    with Store.open(db) as store:
        store.write_article(_write(_analysis(), article_id=1, story_id=1))
        copy = _write(_analysis(url="https://meridian.example/b"), article_id=2, story_id=1)
        copy = ArticleWrite(
            **{**_fields(copy), "outlet": "The Meridian Post", "host": "meridian.example"}
        )
        store.write_article(copy)
        assert store.counts()["events"] == 2
        rows = store.story_events()
        # the two copies' "Two aides to Varga" are different article-scoped actors, yet one claim
        assert len(rows) == 1
        row = rows[0]
        assert row["n_articles"] == 2
        assert row["outlets"] == ["Harbor Wire", "The Meridian Post"]
        assert row["article_ids"] == [1, 2]
        assert row["trigger_lemma"] == "meet"
        story = store.rows("SELECT * FROM stories")[0]
        assert story["n_articles"] == 2
        assert story["article_ids"] == [1, 2]


def test_story_merge_moves_every_member(db: Path) -> None:
    with Store.open(db) as store:
        store.write_article(_write(_analysis(), article_id=1, story_id=1))
        store.write_article(_write(_analysis(url="https://x.example/2"), article_id=2, story_id=2))
        bridge = _write(_analysis(url="https://x.example/3"), article_id=3, story_id=1)
        store.write_article(ArticleWrite(**{**_fields(bridge), "merged_stories": (2,)}))
        assert [r["story_id"] for r in store.rows("SELECT story_id FROM articles")] == [1, 1, 1]


def test_skip_recorded_again_updates_count_not_rows(db: Path) -> None:
    with Store.open(db) as store:
        store.record_skip("feed.rss", None, "is not an RSS or Atom feed")
        store.record_skip("feed.rss", None, "is not an RSS or Atom feed")
        store.record_skip("a.jsonl:3", 3, "line is not valid JSON")
        skips = store.skipped()
    assert [(s.source, s.line, s.times) for s in skips] == [
        ("feed.rss", None, 2),
        ("a.jsonl:3", 3, 1),
    ]
    assert skips[0].to_dict()["reason"] == "is not an RSS or Atom feed"


def test_merge_actor_moves_every_reference(db: Path) -> None:
    with Store.open(db) as store:
        store.write_article(_write(_analysis()))
        into = GlobalActor(
            id=2, name="Anton Kessler", kind="person", key="anton kessler", aliases=("Kessler",)
        )
        store.merge_actor(store.find_actors("Elena Varga")[0], into, reason="test")
        event = store.rows("SELECT source, target, source_principal FROM events")[0]
        assert event == {"source": 2, "target": 2, "source_principal": 2}
        assert store.rows("SELECT DISTINCT affiliation FROM actors WHERE kind = 'group'") == [
            {"affiliation": 2}
        ]
        assert store.counts()["actors"] == 2
        assert store.rows("SELECT old_id, new_id FROM actor_merges") == [{"old_id": 1, "new_id": 2}]
        assert {a.id for a in store.find_actors("Varga")} == {2}


def test_store_applies_new_migrations_forward(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as store:
        store.write_article(_write(_analysis()))
    migrations = [
        *store_module._MIGRATIONS,
        (SCHEMA_VERSION + 1, "articles.notes", "ALTER TABLE articles ADD COLUMN notes VARCHAR"),
    ]
    monkeypatch.setattr(store_module, "_MIGRATIONS", migrations)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Store.open(db) as store:
        assert store.version == SCHEMA_VERSION + 1
        assert store.rows("SELECT notes FROM articles") == [{"notes": None}]
        versions = [r["version"] for r in store.rows("SELECT version FROM schema_version")]
        assert versions == list(range(1, SCHEMA_VERSION + 2))


def test_store_written_by_a_newer_detente_is_refused(db: Path) -> None:
    Store.open(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    con.close()
    with pytest.raises(StoreError, match="newer detente"):
        Store.open(db)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"SQLite format 3\x00" + bytes(range(256)) * 40, "not a readable DuckDB database"),
        (b"\x00" * 8192, "not a readable DuckDB database"),
    ],
)
def test_corrupt_store_file_gives_a_clear_error(db: Path, content: bytes, message: str) -> None:
    db.write_bytes(content)
    with pytest.raises(StoreError, match=message) as info:
        Store.open(db)
    assert isinstance(info.value, DetenteError)
    assert str(db) in str(info.value)


def test_other_duckdb_database_is_not_taken_for_a_store(db: Path) -> None:
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a detente store"):
        Store.open(db)


def test_read_only_open_of_a_missing_store_says_how_to_make_one(db: Path) -> None:
    with pytest.raises(StoreError, match="detente ingest"):
        Store.open(db, read_only=True)
    assert not db.exists()


def test_store_locked_by_another_process_is_a_clear_error(db: Path) -> None:
    Store.open(db).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        for read_only in (False, True):
            with pytest.raises(StoreError, match="in use by another process"):
                Store.open(db, read_only=read_only)
    finally:
        holder.communicate("", timeout=30)
    deadline = time.monotonic() + 10
    while True:  # the lock is released when the holder exits
        try:
            Store.open(db).close()
            break
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _story_events_as_the_view_gives_them(store: Store) -> list[dict[str, object]]:
    """The story-level events recomputed from the events (what version 2's view answered)."""
    select = store_module._STORY_EVENTS_SELECT.format(where="")
    return store.rows(f"SELECT * FROM ({select}) ORDER BY story_id, event_id")


def _kept_story_events(store: Store) -> list[dict[str, object]]:
    return store.rows("SELECT * FROM story_events ORDER BY story_id, event_id")


def test_story_events_table_stays_equal_to_the_view_through_every_kind_of_write(db: Path) -> None:
    from detente.queries import event_rows, relation_timeline

    with Store.open(db) as store:
        steps = [
            lambda: store.write_article(_write(_analysis(), article_id=1, story_id=1)),
            # a syndicated copy joins story 1 with another outlet
            lambda: store.write_article(
                ArticleWrite(
                    **{
                        **_fields(_write(_analysis(url="https://m.example/2"), 2, 1)),
                        "outlet": "The Meridian Post",
                        "host": "m.example",
                    }
                )
            ),
            lambda: store.write_article(_write(_analysis(url="https://x.example/3"), 3, 2)),
            # an article bridging stories 1 and 2 folds 2 into 1
            lambda: store.write_article(
                ArticleWrite(
                    **{
                        **_fields(_write(_analysis(url="https://x.example/4"), 4, 1)),
                        "merged_stories": (2,),
                    }
                )
            ),
            # a surname-only Kessler of article 5 (actor 60), then folded into Anton Kessler
            lambda: store.write_article(
                ArticleWrite(
                    **{
                        **_fields(_write(_analysis(url="https://y.example/5"), 5, 3)),
                        "actor_ids": {"a1": 1, "a2": 60, "a3": 7},
                        "new_actors": (
                            GlobalActor(id=60, name="Kessler", kind="person", key="kessler"),
                            GlobalActor(
                                id=7,
                                name="Two aides to Varga",
                                kind="group",
                                key="two aides to varga",
                                affiliation=1,
                                scope_article=5,
                            ),
                        ),
                    }
                )
            ),
            lambda: store.merge_actor(
                GlobalActor(id=60, name="Kessler", kind="person", key="kessler"),
                GlobalActor(id=2, name="Anton Kessler", kind="person", key="anton kessler"),
                reason="test",
            ),
            # a scoped actor renamed: its story's events regroup
            lambda: store.update_actors(
                [
                    GlobalActor(
                        id=7,
                        name="Aides",
                        kind="group",
                        key="aides",
                        affiliation=1,
                        scope_article=5,
                    )
                ]
            ),
            lambda: store.set_outlets({"harbor.example": "The Harbor Wire"}),
        ]
        generations = [store.generation()]
        for step in steps:
            step()
            assert _kept_story_events(store) == _story_events_as_the_view_gives_them(store)
            generations.append(store.generation())
        assert len({n for _, n in generations}) == len(generations)  # every write counted
        assert {s for s, _ in generations} == {generations[0][0]}
        varga, kessler = store.find_actors("Elena Varga")[0], store.find_actors("Anton Kessler")[0]
        relation = relation_timeline(store, varga, kessler).to_dict()
        events = event_rows(store, actor=varga)
        assert relation["timeline"] and events
        assert {e["n_articles"] for e in events} == {4, 1}  # story 1 (2 folded in), story 3
        # version 2 answered from a view over the events: the same relation, the same listing
        store._con.execute("DROP TABLE story_events")
        store._con.execute(
            "CREATE VIEW story_events AS " + store_module._STORY_EVENTS_SELECT.format(where="")
        )
        assert relation_timeline(store, varga, kessler).to_dict() == relation
        assert event_rows(store, actor=varga) == events
        # and a version-2 store is migrated to the table with the same rows
        view_rows = store.rows("SELECT * FROM story_events ORDER BY story_id, event_id")
        store._con.execute("DROP TABLE store_generation")
        store._con.execute("DELETE FROM schema_version WHERE version = 3")
    with Store.open(db) as store:
        assert store.version == SCHEMA_VERSION
        assert _kept_story_events(store) == view_rows
        assert relation_timeline(store, varga, kessler).to_dict() == relation


def test_two_stores_of_the_same_writes_have_equal_contents_and_digests(tmp_path: Path) -> None:
    stores = []
    for name in ("first", "second"):
        db = tmp_path / f"{name}.duckdb"
        with Store.open(db) as store:
            store.write_article(_write(_analysis()))
            store.record_skip("bad.jsonl", 3, "not JSON")
            stores.append((store.contents(), store.content_digests()))
    (contents, digests), (contents2, digests2) = stores
    assert contents == contents2 and digests == digests2  # write times differ, and are left out
    assert set(contents) == set(digests) and "ingested_at" not in contents["articles"][0]
    assert len(contents["events"]) == 1 and len(contents["skipped"]) == 1
    with Store.open(tmp_path / "first.duckdb") as store:
        store.record_skip("other.jsonl", None, "empty")
        changed = store.content_digests()
    assert [t for t in digests if changed[t] != digests[t]] == ["skipped"]
