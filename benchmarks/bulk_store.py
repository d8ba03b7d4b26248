"""A large store in bulk rows, self-generated, no model: what the query benchmarks read.

Ingesting 50,000 articles with the spaCy model takes hours on two cores, so the query benchmarks
(``bench_serve.py``, ``bench_queries.py``) fill the tables directly with SQL, in the shapes the
writer gives them: ``n_articles`` articles in as many stories over ten years, ``n_people``
people with state roles (named in ``article_actors`` rows, two an article, dated by the
article), twelve countries, three events an article (the first one of one article in
``dyad_every`` between the benchmark's dyad, Elena Varga and Anton Kessler; one in ten of the
rest between two countries),
then :meth:`Store.refresh_story_events`, as a write through :meth:`Store.write_articles` would.
Every name and sentence here is invented for the benchmark.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from detente.store import Store

__all__ = ["COUNTRIES", "build"]

_TYPES = [("SUPPORT", 5.0, 1), ("CONSULT", 2.5, 1), ("ACCUSE", -2.0, 3), ("REJECT", -3.0, 3)]
# (name, demonym): real country names so that detente.states places the people's roles.
COUNTRIES = [
    ("France", "French"),
    ("Germany", "German"),
    ("Italy", "Italian"),
    ("Spain", "Spanish"),
    ("Portugal", "Portuguese"),
    ("Austria", "Austrian"),
    ("Poland", "Polish"),
    ("Sweden", "Swedish"),
    ("Norway", "Norwegian"),
    ("Greece", "Greek"),
    ("Ireland", "Irish"),
    ("Finland", "Finnish"),
]
_OFFICES = ["foreign minister", "defence minister", "prime minister", "ambassador"]


def build(path: Path, n_articles: int = 10_000, n_people: int = 200, dyad_every: int = 5) -> None:
    """Write the bulk store described in the module docstring to ``path`` (a new file); one
    article in ``dyad_every`` has an event between the dyad."""
    n_countries = len(COUNTRIES)
    demonyms = "[" + ", ".join(f"'{d}'" for _, d in COUNTRIES) + "]"
    offices = "[" + ", ".join(f"'{o}'" for o in _OFFICES) + "]"
    with Store.open(path) as store:
        con = store._con  # bulk rows for the benchmark; the library writes per article
        # Elena Varga (1) is France's president, Anton Kessler (2) Germany's chancellor; person
        # i holds an office of country i % 12. Countries follow the people.
        con.execute(
            "INSERT INTO actors SELECT i, CASE i WHEN 1 THEN 'Elena Varga' WHEN 2 THEN "
            "'Anton Kessler' ELSE 'Person ' || i END, 'person', lower(CASE i WHEN 1 THEN "
            "'elena varga' WHEN 2 THEN 'anton kessler' ELSE 'person ' || i END), "
            "CASE i WHEN 1 THEN ['Varga'] WHEN 2 THEN ['Kessler'] ELSE [] END, "
            f"CASE i WHEN 1 THEN ['French president'] WHEN 2 THEN ['German chancellor'] "
            f"ELSE [{demonyms}[1 + i % {n_countries}] || ' ' || {offices}[1 + i % 4]] END, "
            "NULL, [], NULL, NULL, NULL, false, 1 FROM range(1, ?) t(i)",
            [n_people + 1],
        )
        for k, (country, _) in enumerate(COUNTRIES):
            con.execute(
                "INSERT INTO actors VALUES (?, ?, 'country', ?, [], [], NULL, [], NULL, NULL, "
                "NULL, false, 1)",
                [n_people + 1 + k, country, country.lower()],
            )
        con.execute(
            "INSERT INTO actor_aliases SELECT id, name, key FROM actors UNION ALL "
            "SELECT 1, 'Varga', 'varga' UNION ALL SELECT 2, 'Kessler', 'kessler'"
        )
        now = datetime(2026, 1, 1)
        con.execute(
            "INSERT INTO articles (id, content_hash, raw_key, url, outlet, published, language, "
            "title, authors, text, removed, warnings, source, story_id, n_actors, n_quotes, "
            "n_events, ingested_at) SELECT i, 'h' || i, 'k' || i, 'https://wire.example/' || i, "
            "['Harbor Wire', 'Northline News', 'The Meridian Post'][1 + i % 3], "
            "DATE '2015-01-01' + CAST(i * 3650 / ? AS INTEGER), 'en', 'Story ' || i, [], "
            "'A self-generated benchmark sentence about two leaders.', [], [], 'bench', i, 2, 0, "
            "3, ? FROM range(1, ?) t(i)",
            [n_articles, now, n_articles + 1],
        )
        types = ", ".join(f"('{t}', {s}, {q})" for t, s, q in _TYPES)
        first_country = n_people + 1
        con.execute(
            f"WITH kinds(type, score, quad) AS (VALUES {types}), "
            "k AS (SELECT row_number() OVER () AS n, * FROM kinds), "
            "e AS (SELECT a.id AS article_id, j, a.published, (a.id * 3 + j) AS id, "
            "CASE WHEN j = 0 AND a.id % $2 = 0 THEN 1 + a.id % 2 "
            f"WHEN j > 0 AND a.id % 10 = j THEN {first_country} + a.id % {n_countries} "
            "ELSE 1 + (a.id * 7 + j * 13) % $1 END AS source, "
            "CASE WHEN j = 0 AND a.id % $2 = 0 THEN 2 - a.id % 2 "
            f"WHEN j > 0 AND a.id % 10 = j THEN {first_country} + (a.id + 1) % {n_countries} "
            "ELSE 1 + (a.id * 11 + j * 17 + 1) % $1 END AS target "
            "FROM articles a, range(3) r(j)) "
            "INSERT INTO events (id, article_id, idx, source, target, source_principal, "
            "target_principal, type, score, quad_class, modality, date_start, date_end, "
            "evidence_sentence, evidence_start, evidence_end, trigger, trigger_lemma, "
            "confidence, date_basis, hedged) SELECT e.id, e.article_id, e.j, e.source, e.target, "
            "e.source, e.target, k.type, k.score, k.quad, 'asserted', e.published, e.published, "
            "'A self-generated benchmark sentence about two leaders.', 0, 54, 'met', 'meet', "
            "0.8, 'explicit', false FROM e JOIN k ON k.n = 1 + (e.id % 4) "
            "WHERE e.source <> e.target",
            [n_people, dyad_every],
        )
        # the people each article names, with the roles it gives them (state_roles reads these)
        con.execute(
            "INSERT INTO article_actors SELECT s.article_id, s.local_id, s.actor_id, "
            "x.name, x.kind, x.key, x.aliases, x.roles, NULL FROM ("
            "SELECT article_id, 'a1' AS local_id, source AS actor_id FROM events WHERE idx = 0 "
            "UNION ALL SELECT article_id, 'a2', target FROM events WHERE idx = 0) s "
            "JOIN actors x ON x.id = s.actor_id WHERE x.kind = 'person'"
        )
        con.execute(
            "INSERT INTO mentions SELECT aa.article_id, aa.actor_id, aa.local_id, 0, 10, "
            "aa.name FROM article_actors aa"
        )
        store.refresh_story_events()
