"""The corpus layer: global actors across articles, syndication clusters, idempotent and resumable
ingest.

Most tests hand :class:`CorpusWriter` analyses built by hand (no model). Tests marked ``model`` run
the real pipeline: the sample corpus's syndicated copies cluster, a second ingest adds nothing, and
a run killed with SIGKILL finishes on the next run with every article exactly once.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from detente.clean import clean
from detente.corpus import (
    SYNDICATION_THRESHOLD,
    CorpusWriter,
    jaccard,
    shingles,
    signature,
    trigger_lemma,
)
from detente.ingest import read_source
from detente.lexicon.names import fold
from detente.records import Actor, ArticleAnalysis, CleanArticle, RawDocument
from detente.store import Store

DETENTE = Path(sys.executable).with_name("detente")

# --- hand-built articles --------------------------------------------------------------------


def _article(
    text: str,
    actors: list[tuple[str, str, tuple[str, ...]]],
    *,
    url: str | None = None,
    publisher: str | None = None,
    site_name: str | None = None,
) -> ArticleAnalysis:
    """An analysis of ``text`` whose actors are ``(name, kind, roles)``, mentioned where named."""
    built = []
    for number, (name, kind, roles) in enumerate(actors, start=1):
        spans = []
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + len(name))
        assert spans, f"{name!r} is not in the text"
        built.append(
            Actor(
                id=f"a{number}",
                name=name,
                kind=kind,  # type: ignore[arg-type]
                key=fold(name),
                roles=roles,
                mentions=tuple(spans),
            )
        )
    article = CleanArticle(
        source="t.txt",
        text=text,
        url=url,
        publisher=publisher,
        site_name=site_name,
        published=date(2024, 3, 1),
        language="en",
    )
    return ArticleAnalysis(article=article, actors=tuple(built))


def _ingest(db: Path, *articles: ArticleAnalysis) -> list[str]:
    with Store.open(db) as store:
        writer = CorpusWriter(store)
        outcomes = [writer.add(a, source=f"doc{i}") for i, a in enumerate(articles)]
        writer.finish()
    return outcomes


def _person_ids(db: Path, name: str) -> set[int]:
    """Global actor ids that the mentions written exactly as ``name`` point to."""
    with Store.open(db, read_only=True) as store:
        rows = store.rows(
            "SELECT DISTINCT m.actor_id FROM mentions m JOIN actors a ON a.id = m.actor_id "
            "WHERE m.text = ? AND a.kind = 'person'",
            [name],
        )
    return {r["actor_id"] for r in rows}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "corpus.duckdb"


# --- actors across articles -----------------------------------------------------------------

ERDOGAN_FULL = _article(
    "President Recep Tayyip Erdoğan opened the bridge in the capital on Friday.",
    [("Recep Tayyip Erdoğan", "person", ("president",))],
    url="https://a.example/1",
)
ERDOGAN_MR = _article(
    "Mr Erdogan said the bridge would carry trains by the spring.",
    [("Erdogan", "person", ())],
    url="https://b.example/2",
)


def test_mr_surname_joins_the_one_full_name_diacritics_folded(db: Path) -> None:
    _ingest(db, ERDOGAN_FULL, ERDOGAN_MR)
    assert _person_ids(db, "Erdogan") == _person_ids(db, "Recep Tayyip Erdoğan")
    with Store.open(db, read_only=True) as store:
        (actor,) = store.find_actors("erdoğan")
        assert actor.name == "Recep Tayyip Erdoğan"
        assert "Erdogan" in actor.aliases
        assert store.find_actors("RECEP TAYYIP ERDOGAN") == [actor]


def test_surname_read_before_the_full_name_joins_it_at_the_end_of_the_run(db: Path) -> None:
    _ingest(db, ERDOGAN_MR, ERDOGAN_FULL)
    assert _person_ids(db, "Erdogan") == _person_ids(db, "Recep Tayyip Erdoğan")
    with Store.open(db, read_only=True) as store:
        merges = store.rows("SELECT old_name, reason FROM actor_merges")
        assert [m["old_name"] for m in merges] == ["Erdogan"]
        assert store.counts()["actors"] == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Mehmet Yıldıran", "Mehmet Yildiran"),
        ("Recep Tayyip Erdoğan", "Tayyip Erdogan"),
        ("Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Anton Kessler", "A. Kessler"),
    ],
)
def test_forms_of_one_full_name_are_one_person(db: Path, first: str, second: str) -> None:
    _ingest(
        db,
        _article(f"{first} spoke on Monday.", [(first, "person", ())], url="https://a.example/1"),
        _article(f"{second} spoke on Friday.", [(second, "person", ())], url="https://b.example/2"),
    )
    assert _person_ids(db, first) == _person_ids(db, second)
    with Store.open(db, read_only=True) as store:
        (actor,) = store.actors()
    # the fullest form names the actor
    assert actor.name == max(first, second, key=lambda n: len(n.split()))


def _varga(text: str, name: str, roles: tuple[str, ...] = (), n: int = 0) -> ArticleAnalysis:
    return _article(text, [(name, "person", roles)], url=f"https://v.example/{n}/{fold(text)[:20]}")


def test_two_people_sharing_a_surname_stay_two(db: Path) -> None:
    _ingest(
        db,
        _varga("Anna Varga won the cycling race in Norvik.", "Anna Varga", n=1),
        _varga("Prime Minister Elena Varga met the envoy.", "Elena Varga", ("prime minister",), 2),
    )
    assert len(_person_ids(db, "Anna Varga") | _person_ids(db, "Elena Varga")) == 2


def test_surname_with_two_candidates_stays_apart_and_ambiguous(db: Path) -> None:
    _ingest(
        db,
        _varga("Anna Varga won the cycling race in Norvik.", "Anna Varga", n=1),
        _varga("Prime Minister Elena Varga met the envoy.", "Elena Varga", ("prime minister",), 2),
        _varga("Varga said she was pleased.", "Varga", n=3),
    )
    (surname_only,) = _person_ids(db, "Varga") - _person_ids(db, "Elena Varga")
    assert surname_only not in _person_ids(db, "Anna Varga") | _person_ids(db, "Elena Varga")
    with Store.open(db, read_only=True) as store:
        flagged = store.rows("SELECT name, ambiguous FROM actors WHERE id = ?", [surname_only])
    assert flagged == [{"name": "Varga", "ambiguous": True}]


@pytest.mark.parametrize(
    ("text", "name", "roles"),
    [
        # the honorific says a man; Elena is a woman's name
        ("Mr Varga said the talks had failed.", "Varga", ()),
        # the role names another country than Elena Varga's
        ("The Kastorian foreign minister Varga said no.", "Varga", ("Kastorian foreign minister",)),
        # the given name differs
        ("Anna Varga won the race.", "Anna Varga", ()),
    ],
)
def test_surname_never_joins_a_person_it_contradicts(
    db: Path, text: str, name: str, roles: tuple[str, ...]
) -> None:
    _ingest(
        db,
        _varga(
            "Norlandic Prime Minister Elena Varga met the envoy.",
            "Elena Varga",
            ("Norlandic prime minister",),
            1,
        ),
        _varga(text, name, roles, 2),
    )
    assert _person_ids(db, name).isdisjoint(_person_ids(db, "Elena Varga"))
    with Store.open(db, read_only=True) as store:
        assert store.rows("SELECT * FROM actor_merges") == []


def test_surname_with_agreeing_role_joins(db: Path) -> None:
    _ingest(
        db,
        _varga(
            "Norlandic Prime Minister Elena Varga met the envoy.",
            "Elena Varga",
            ("Norlandic prime minister",),
            1,
        ),
        _varga("The Norlandic leader Varga spoke.", "Varga", ("Norlandic leader",), 2),
    )
    assert _person_ids(db, "Varga") == _person_ids(db, "Elena Varga")


def test_countries_and_organisations_are_one_actor_by_key(db: Path) -> None:
    _ingest(
        db,
        _article(
            "Kastoria posted on Chirper.",
            [("Kastoria", "country", ()), ("Chirper", "organization", ())],
            url="https://a.example/1",
        ),
        _article(
            "Officials in Kastoria wrote on Chirper again.",
            [("Kastoria", "country", ()), ("Chirper", "outlet", ())],
            url="https://a.example/2",
        ),
    )
    with Store.open(db, read_only=True) as store:
        rows = store.rows("SELECT name, kind FROM actors ORDER BY id")
        n_mentions = store.rows("SELECT count(DISTINCT actor_id) AS n FROM mentions")
    # an outlet is an organisation; the name tagged either way is one actor, and an outlet
    assert rows == [{"name": "Kastoria", "kind": "country"}, {"name": "Chirper", "kind": "outlet"}]
    assert n_mentions == [{"n": 2}]


# --- duplicates and stories -----------------------------------------------------------------

WIRE = (
    "Norland and Kastoria agreed on Tuesday to reopen the Halden ferry crossing to freight from "
    "the first of April, ending a closure that had lasted almost a year. Foreign Minister Jonas "
    "Aldt said the decision followed three rounds of quiet talks hosted by Estavia. His Kastorian "
    "counterpart Mila Ostrova said the agreement was a first step and that the harder questions "
    "of the border treaty were still open. Fishing crews in Halden welcomed the news, saying the "
    "closure had cost the harbour most of its winter trade. The two governments will review the "
    "arrangement in September, officials said, and a joint commission will meet every quarter."
)
OTHER = (
    "The Ardenian parliament voted on Wednesday to raise the budget of the coast guard by a fifth, "
    "after a winter of storms that damaged three of its stations. The opposition leader Callum "
    "Reade said the money came too late for the fishing towns of the north coast. The defence "
    "minister said new boats would be ordered from the Lindmoor yards before the summer recess."
)


def test_same_text_at_same_url_is_a_duplicate_but_another_url_is_a_copy(db: Path) -> None:
    original = _article(WIRE, [], url="https://harbor.example/ferry")
    outcomes = _ingest(
        db,
        original,
        original,
        _article(WIRE, [], url="https://courier.example/ferry"),
    )
    assert outcomes == ["ingested", "duplicate", "ingested"]
    with Store.open(db, read_only=True) as store:
        stories = store.rows("SELECT n_articles FROM stories")
    assert stories == [{"n_articles": 2}]


def test_trimmed_copy_joins_the_story_and_another_story_does_not(db: Path) -> None:
    trimmed = WIRE.rsplit(". ", 2)[0] + "."
    _ingest(
        db,
        _article(WIRE, [], url="https://harbor.example/ferry", site_name="Harbor Wire"),
        _article(trimmed, [], url="https://courier.example/ferry", publisher="Harbor Wire"),
        _article(OTHER, [], url="https://harbor.example/coast", site_name="Harbor Wire"),
    )
    with Store.open(db, read_only=True) as store:
        stories = store.rows("SELECT n_articles, outlets FROM stories ORDER BY id")
    assert stories == [
        # the copy's byline credits Harbor Wire, but it is the courier's page that carried it
        {"n_articles": 2, "outlets": ["Harbor Wire", "courier.example"]},
        {"n_articles": 1, "outlets": ["Harbor Wire"]},
    ]


def test_host_named_by_a_later_article_renames_earlier_outlets(db: Path) -> None:
    _ingest(
        db,
        _article(
            WIRE, [], url="https://www.lindmoorcourier.example/ferry", publisher="Harbor Wire"
        ),
        _article(
            OTHER, [], url="https://lindmoorcourier.example/coast", publisher="The Lindmoor Courier"
        ),
    )
    with Store.open(db, read_only=True) as store:
        outlets = [r["outlet"] for r in store.rows("SELECT outlet FROM articles ORDER BY id")]
    assert outlets == ["The Lindmoor Courier", "The Lindmoor Courier"]


def _sample_bodies(samples: Path) -> dict[str, str]:
    bodies = {}
    for doc in read_source(samples / "corpus.jsonl"):
        assert isinstance(doc, RawDocument)
        bodies[doc.doc_id or ""] = clean(doc).text
    return bodies


def test_syndication_threshold_sits_in_the_gap_measured_on_the_samples(samples: Path) -> None:
    """The figures SYNDICATION_THRESHOLD's comment cites: copies >= 0.9, other stories <= 0.1."""
    manifest = json.loads((samples / "manifest.json").read_text(encoding="utf-8"))
    story = {m["id"]: m["syndicated_from"] or m["id"] for m in manifest}
    bodies = _sample_bodies(samples)
    same, different = [], []
    for a, b in itertools.combinations(sorted(bodies), 2):
        x, y = shingles(bodies[a]), shingles(bodies[b])
        exact = len(x & y) / len(x | y)
        estimate = jaccard(signature(bodies[a]), signature(bodies[b]))
        (same if story[a] == story[b] else different).append((exact, estimate))
    assert len(same) == 6  # two stories with two copies each
    assert min(e for e, _ in same) >= 0.9
    assert max(e for e, _ in different) <= 0.1
    assert min(est for _, est in same) > SYNDICATION_THRESHOLD + 0.2
    assert max(est for _, est in different) < SYNDICATION_THRESHOLD - 0.2


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("telephoned", "Telephoned"),
        ("met", "meet"),
        ("thanked", "thanks"),
        ("sent letters", "sends letter"),
    ],
)
def test_trigger_lemma_gives_inflections_one_key(a: str, b: str) -> None:
    assert trigger_lemma(a) == trigger_lemma(b)


# --- the real pipeline ----------------------------------------------------------------------


def _counts(db: Path) -> dict[str, int]:
    with Store.open(db, read_only=True) as store:
        return store.counts()


@pytest.mark.model
def test_ingest_samples_clusters_copies_and_a_second_run_adds_nothing(
    samples: Path, tmp_path: Path, run_cli
) -> None:
    db = tmp_path / "samples.duckdb"
    first = run_cli("ingest", str(samples / "corpus.jsonl"), "--db", str(db), "--format", "json")
    assert first.returncode == 0, first.stderr.decode()
    summary = json.loads(first.stdout)
    assert (summary["ingested"], summary["duplicates"], summary["skipped"]) == (15, 0, 0)
    assert summary["syndicated"] == 4
    counts = _counts(db)
    manifest = json.loads((samples / "manifest.json").read_text(encoding="utf-8"))
    expected = {m["id"]: m["syndicated_from"] or m["id"] for m in manifest}
    with Store.open(db, read_only=True) as store:
        rows = store.rows("SELECT doc_id, story_id FROM articles")
        story_events = store.rows("SELECT n_articles, outlets FROM story_events")
        people = {a.name for a in store.actors() if a.kind == "person" and a.scope_article is None}
    by_story: dict[int, set[str]] = {}
    for row in rows:
        by_story.setdefault(row["story_id"], set()).add(expected[row["doc_id"]])
    # each story holds articles of one original, and each original is one story
    assert all(len(originals) == 1 for originals in by_story.values())
    assert len(by_story) == len(set(expected.values())) == 11
    assert counts["story_events"] < counts["events"]
    assert any(len(e["outlets"]) == 3 for e in story_events)
    assert {"Elena Varga", "Anton Kessler", "Margaret Mercer", "Victor Hollins"} <= people

    again = run_cli("ingest", str(samples / "corpus.jsonl"), "--db", str(db), "--format", "json")
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads(again.stdout)["duplicates"] == 15
    assert _counts(db) == counts


_LEADERS = [
    ("Talia Morrow", "Brevan"),
    ("Oskar Lind", "Feldmark"),
    ("Ines Tavora", "Salcia"),
    ("Ruben Achterveld", "Ostmere"),
    ("Maren Kolb", "Tessaly"),
]
_VERBS = ["met", "called", "criticised", "thanked", "visited"]
_SEASONS = ["spring", "summer", "autumn"]


def _generated_folder(folder: Path, n: int) -> None:
    """``n`` short, distinct articles written from a template."""
    folder.mkdir()
    for i in range(n):
        (a, a_land), (b, b_land) = _LEADERS[i % 5], _LEADERS[(i + 1 + i // 5) % 5]
        if a == b:
            b, b_land = _LEADERS[(i + 2) % 5]
        verb = _VERBS[(i // 3) % len(_VERBS)]
        text = (
            f"{a_land.upper()} CITY — {a}, the leader of {a_land}, {verb} {b} of {b_land} on "
            f"Monday, officials said in a statement numbered {i}. The two leaders discussed "
            f"{7 + i} shipments of grain and a rail link planned for {2025 + i % 4}. "
            f"{b} told reporters that talks would resume in {_SEASONS[i % 3]}."
        )
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")


@pytest.mark.model
def test_ingest_killed_midway_then_rerun_stores_every_article_exactly_once(
    tmp_path: Path, ingest_until
) -> None:
    n = 150  # several commit groups (one a second) before the kill
    folder = tmp_path / "articles"
    _generated_folder(folder, n)
    db = tmp_path / "resume.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DETENTE_DEBUG"}
    with ingest_until(folder, db, 5) as proc:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    before = _counts(db)["articles"]
    assert 5 <= before < n

    rerun = subprocess.run(
        [str(DETENTE), "ingest", str(folder), "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["duplicates"] == before
    assert summary["ingested"] == n - before
    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == n
        sources = store.rows("SELECT count(DISTINCT source) AS n, count(*) AS total FROM articles")
        events = store.rows(
            "SELECT count(*) AS n FROM events e LEFT JOIN articles a ON a.id = e.article_id "
            "WHERE a.id IS NULL"
        )
    assert sources == [{"n": n, "total": n}]
    assert events == [{"n": 0}]  # no event outlived its article


@pytest.mark.model
def test_ingest_with_worker_processes_stores_what_one_process_does(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "articles"
    _generated_folder(folder, 12)
    counts = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.duckdb"
        result = run_cli("ingest", str(folder), "--db", str(db), "--workers", workers)
        assert result.returncode == 0, result.stderr.decode()
        counts.append(_counts(db))
    assert counts[0] == counts[1]
    assert counts[1]["articles"] == 12


@pytest.mark.model
def test_ingest_published_dates_only_documents_without_their_own(tmp_path: Path, run_cli) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    story = (
        "TESSEL — Foreign Minister Ada Brun met her Varnian counterpart Paul Rask on Monday, "
        "officials said, the first meeting since the dispute began."
    )
    (folder / "plain.txt").write_text(story, encoding="utf-8")
    (folder / "stamped.txt").write_text(f"Published June 10, 2023\n\n{story} Again.", "utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "own", "text": f"{story} A third time.", "date": "2022-11"}) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "c.duckdb"
    proc = run_cli("ingest", str(folder), "--db", str(db), "--published", "2023-06-15")
    assert proc.returncode == 0, proc.stderr.decode()
    with Store.open(db, read_only=True) as store:
        rows = store.rows("SELECT source, published, published_source FROM articles")
    got = {
        Path(r["source"].split(":")[0]).name: (r["published"], r["published_source"]) for r in rows
    }
    assert got == {
        "plain.txt": (date(2023, 6, 15), "given"),
        "stamped.txt": (date(2023, 6, 15), "given"),  # the command line's date is the caller's
        "batch.jsonl": (date(2022, 11, 1), "given"),  # the record's own date wins
    }
