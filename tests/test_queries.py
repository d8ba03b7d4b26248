"""A dyad's events from the store: personal and state scope (self-written stories, real model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

# Invented leaders of real states, so that roles and seats name countries the lexicon knows.
STORIES = [
    (
        "2024-03-04",
        "Australian Prime Minister Tom Garrick met French President Elise Marchand in Paris on "
        "Monday.\n\nGarrick praised Marchand for her leadership, aides said.",
    ),
    (
        "2024-05-10",
        "Canberra accused Paris of bad faith on Friday over the cancelled shipyard contract.\n\n"
        "German Chancellor Hans Vogel called Elise Marchand on Thursday to discuss the dispute.",
    ),
    (
        "2025-01-20",
        "Former Australian prime minister Tom Garrick criticised Elise Marchand on Monday in a "
        "radio interview.",
    ),
    ("2025-03-05", "Australia thanked France on Monday for its help after the floods."),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, run_cli) -> Path:
    folder = tmp_path_factory.mktemp("scope")
    corpus = folder / "scope.jsonl"
    corpus.write_text(
        "".join(
            json.dumps(
                {"id": f"s{n}", "url": f"https://example.org/{n}", "published": day, "text": t}
            )
            + "\n"
            for n, (day, t) in enumerate(STORIES)
        ),
        encoding="utf-8",
    )
    db = folder / "scope.duckdb"
    proc = run_cli("ingest", str(corpus), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    return db


def _events(run_cli, store: Path, scope: str) -> list[dict]:
    proc = run_cli(
        "relation",
        "Tom Garrick",
        "Elise Marchand",
        "--db",
        str(store),
        "--scope",
        scope,
        "--by",
        "day",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    return [e for p in json.loads(proc.stdout)["timeline"] for e in p["events"]]


def test_personal_scope_holds_only_the_two_people(run_cli, store: Path) -> None:
    events = _events(run_cli, store, "personal")
    assert events
    assert {(e["source"], e["target"]) for e in events} == {("Tom Garrick", "Elise Marchand")}
    assert {e["scope"] for e in events} == {"personal"}


def test_state_scope_sees_capitals_for_their_leaders_while_they_hold_office(
    run_cli, store: Path
) -> None:
    events = _events(run_cli, store, "state")
    seen = {(e["date"]["start"], e["source"], e["type"], e["target"]) for e in events}
    assert ("2024-05-10", "Australia", "ACCUSE", "France") in seen
    accusation = next(e for e in events if e["type"] == "ACCUSE")
    assert (accusation["source_for"], accusation["target_for"]) == ("Tom Garrick", "Elise Marchand")
    # called "former" in January 2025: Australia's thanks in March are no longer his
    assert not any(e["date"]["start"] >= "2025-02-01" for e in events)
    # a third state's leader never enters the pair
    assert not any("Vogel" in (e["source"] + e["target"]) for e in events)


def test_all_scope_is_both(run_cli, store: Path) -> None:
    every = _events(run_cli, store, "all")
    assert len(every) == len(_events(run_cli, store, "personal")) + len(
        _events(run_cli, store, "state")
    )
    assert all(e["date"]["basis"] for e in every)


def test_state_roles_read_from_each_roles_last_day_equal_those_read_from_every_article(
    store: Path,
) -> None:
    from collections import defaultdict

    from detente.queries import state_roles
    from detente.states import state_role_of
    from detente.store import Store

    with Store.open(store, read_only=True) as opened:
        actors = {a.id: a for a in opened.actors()}
        every: dict[int, list] = defaultdict(list)
        for row in opened.rows(
            "SELECT aa.actor_id, ar.published, aa.roles FROM article_actors aa JOIN articles ar "
            "ON ar.id = aa.article_id WHERE aa.kind = 'person' AND len(aa.roles) > 0"
        ):
            every[row["actor_id"]].append((row["published"], list(row["roles"])))
        kept = state_roles(opened, actors)
    # the reading of version 2: each article's stated roles, one by one
    expected = {i: r for i, r in kept.items() if i not in every}
    for actor_id, stated in every.items():
        person = actors[actor_id]
        affiliated = kept.get(person.affiliation) if person.affiliation is not None else None
        role = state_role_of(person.roles, stated, affiliated.state if affiliated else None)
        if role is not None:
            expected[actor_id] = role
    assert kept == expected
    garrick = next(a.id for a in actors.values() if a.name == "Tom Garrick")
    assert kept[garrick].until is not None  # the "former" role ends his tenure
