"""Export the corpus store: every table as Parquet or CSV, and the events in GDELT 2.0's layout.

The store layer's way out to other tools. :func:`export_tables` copies each table and view with
DuckDB's own ``COPY ... TO`` (no pyarrow needed); :func:`export_gdelt` writes the story-level
events as a GDELT 2.0 event file, so an analyst can load detente's events with the scripts and
dashboards they already have for GDELT.

GDELT mapping (one row per story-level asserted event; columns we have no data for stay empty):

==================================  ==========================================================
GLOBALEVENTID                       the story-level event's id (its first event row)
SQLDATE, MonthYear, Year,           the day the event counts on: its date's start, or for an
FractionDate                        event the text gives no date (basis ``reported``) its
                                    article's publication (GDELT's own convention)
Actor1Code / Actor2Code             the actor's ISO3 country code when known (a CAMEO actor
                                    code's country part); empty otherwise
Actor1Name / Actor2Name             the global actor's name (the principal: "Kastoria", not
                                    the ambassador who acted for it)
Actor1CountryCode / Actor2...       ISO3 of the actor's country: a country, a government body
                                    named by its country or seat, a person whose role names a
                                    country ("French foreign minister"), or their affiliation's
IsRootEvent                         1 when the evidence sentence is in the lead paragraph
EventRootCode                       the CAMEO root code of the event's type
QuadClass                           1 verbal / 2 material cooperation, 3 verbal / 4 material
                                    conflict
GoldsteinScale                      detente's score: a PLOVER-style score placed on GDELT's
                                    -10..+10 scale (not the Goldstein weight of a CAMEO code)
NumMentions                         event rows across every copy of the story
NumSources                          distinct outlets that carried the story
NumArticles                         articles of the syndication cluster that carry the event
DATEADDED                           when the first of its articles was ingested, UTC
SOURCEURL                           the URL of the story's first article that carries the event
==================================  ==========================================================

EventCode and EventBaseCode stay empty: detente types events on PLOVER, which maps to CAMEO root
codes only. AvgTone, the actor attribute codes and the geography columns stay empty too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from detente.errors import StoreError
from detente.lexicon.events import QUAD_CLASS
from detente.records import DateRange
from detente.relations import placed_on
from detente.states import country_of_names, role_countries
from detente.store import GlobalActor, Store

__all__ = ["GDELT_COLUMNS", "GDELT_FILE", "TableFormat", "export_gdelt", "export_tables"]

TableFormat = Literal["parquet", "csv"]
GDELT_FILE = "gdelt-events.tsv"

#: The 61 columns of a GDELT 2.0 event record, in the codebook's order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{part}"
        for n in (1, 2)
        for part in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
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
    *(
        f"{who}Geo_{part}"
        for who in ("Actor1", "Actor2", "Action")
        for part in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)

# One row per story-level asserted event, with what GDELT wants from the articles that carry it:
# the earliest of them (its URL and date), when the first was ingested, and how many outlets.
_GDELT_QUERY = """
WITH ev AS (
    SELECT * FROM story_events WHERE modality = 'asserted'
),
carried AS (
    SELECT ev.event_id, unnest(ev.article_ids) AS article_id FROM ev
),
arts AS (
    SELECT c.event_id,
           first(a.url ORDER BY a.published NULLS LAST, a.id) AS url,
           min(a.published)                                    AS published,
           min(a.ingested_at)                                  AS ingested_at,
           count(DISTINCT coalesce(a.outlet, a.host, CAST(a.id AS VARCHAR))) AS n_sources
    FROM carried c JOIN articles a ON a.id = c.article_id
    GROUP BY c.event_id
)
SELECT ev.event_id, ev.source, ev.target, ev.type, ev.score, ev.quad_class, ev.cameo_root,
       ev.date_start, ev.date_end, ev.date_basis, ev.n_articles, len(ev.event_ids) AS n_mentions,
       arts.url, arts.published, arts.ingested_at, arts.n_sources,
       -- the lead is the clean text's first paragraph
       ev.evidence_start < coalesce(nullif(strpos(lead.text, chr(10) || chr(10)), 0) - 1,
                                    length(lead.text)) AS in_lead
FROM ev
JOIN arts ON arts.event_id = ev.event_id
JOIN articles lead ON lead.id = ev.article_id
ORDER BY ev.event_id
"""
_UNSAFE = re.compile(r"[\t\r\n]+")


def export_tables(store: Store, out_dir: str | Path, fmt: TableFormat = "parquet") -> list[Path]:
    """Write every table and view of the store to ``out_dir``, one file each.

    Uses DuckDB's ``COPY ... TO`` (Parquet, or CSV with a header line). Views (``stories``,
    ``story_events``, ``actor_stats``) are written beside the tables: they are what an analyst
    usually wants, and recomputing them outside DuckDB is error-prone.

    Args:
        store: an open store (read-only is enough).
        out_dir: the folder to write to; created if missing; files of the same name are replaced.
        fmt: ``"parquet"`` or ``"csv"``.

    Returns:
        The written files, tables first, in name order.

    Raises:
        StoreError: the folder cannot be created or a file cannot be written.
    """
    if fmt not in ("parquet", "csv"):
        raise StoreError(f"unknown export format {fmt!r}; choose parquet or csv")
    folder = _folder(out_dir)
    relations = store.rows(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = current_database() "
        "ORDER BY table_type, table_name"
    )
    options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER"
    written = []
    for row in relations:
        name = str(row["table_name"])
        path = folder / f"{name}.{fmt}"
        try:
            store.rows(f'COPY (SELECT * FROM "{name}") TO {_literal(path)} ({options})')
        except StoreError as exc:
            raise StoreError(f"{path}: cannot write the export: {exc}") from None
        written.append(path)
    return written


def export_gdelt(store: Store, out_dir: str | Path) -> Path:
    """Write the corpus's events as a GDELT 2.0 event file (tab-separated) in ``out_dir``.

    One row per story-level event (the ``story_events`` view: a syndicated story's event counted
    once, its copies in NumArticles, its outlets in NumSources), **asserted events only**: planned,
    hypothetical and negated events did not happen, and GDELT records events that did.
    GoldsteinScale holds detente's own score, a PLOVER-style score on GDELT's -10..+10 scale.
    SQLDATE is the event's date, or, when the text gives none, the publication date of the
    earliest article that carries it, which is what GDELT itself does. The module docstring maps
    every column; the ones we have no data for are empty. The file starts with a header line of
    GDELT's column names (GDELT's own files have none; skip it to mix the two).

    Args:
        store: an open store (read-only is enough).
        out_dir: the folder to write to; created if missing.

    Returns:
        The path of the written file (``gdelt-events.tsv``).

    Raises:
        StoreError: the store cannot be read or the file cannot be written.
    """
    folder = _folder(out_dir)
    actors = {a.id: a for a in store.actors()}
    countries = _Countries(actors)
    rows = store.rows(_GDELT_QUERY)
    path = folder / GDELT_FILE
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
            writer.writerow(GDELT_COLUMNS)
            for row in rows:
                writer.writerow(_gdelt_row(row, actors, countries))
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the export: {exc.strerror or exc}") from None
    return path


# --- helpers --------------------------------------------------------------------------------


class _Countries:
    """The ISO3 country of each actor of one export, looked up once per actor."""

    def __init__(self, actors: Mapping[int, GlobalActor]) -> None:
        self.actors = actors
        self.cache: dict[int, str | None] = {}

    def of(self, actor_id: int, depth: int = 0) -> str | None:
        """The country an actor is or stands for, when the lexicon knows it.

        A country by its name or an alias; an organisation named as a country or by its seat
        ("Kremlin"); an actor whose roles name one country ("Estavian president"); failing
        those, the country of its affiliation. Roles that name two countries give None.
        """
        if actor_id not in self.cache:
            self.cache[actor_id] = self._lookup(actor_id, depth)
        return self.cache[actor_id]

    def _lookup(self, actor_id: int, depth: int) -> str | None:
        actor = self.actors.get(actor_id)
        if actor is None:
            return None
        found = country_of_names((actor.name, *actor.aliases), actor.kind)
        if found:
            return found
        codes = {code for role in actor.roles for code in role_countries(role)}
        if len(codes) == 1:
            return codes.pop()
        # depth: an affiliation chain is short (person -> party -> country); never loop
        if not codes and actor.affiliation is not None and depth < 2:
            return self.of(actor.affiliation, depth + 1)
        return None


def _gdelt_row(
    row: Mapping[str, Any], actors: Mapping[int, GlobalActor], countries: _Countries
) -> list[str]:
    out = dict.fromkeys(GDELT_COLUMNS, "")
    # the day the event counts on; GDELT's publication date when the store has none
    when = DateRange(row["date_start"], row["date_end"], None, row["date_basis"])
    day: date | None = placed_on(when) or row["published"]
    out["GLOBALEVENTID"] = str(row["event_id"])
    if day is not None:
        out["SQLDATE"] = day.strftime("%Y%m%d")
        out["MonthYear"] = day.strftime("%Y%m")
        out["Year"] = str(day.year)
        # GDELT's approximation (30-day months): 1979-01-01 -> 1979.0027
        out["FractionDate"] = f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"
    for n, actor_id in ((1, row["source"]), (2, row["target"])):
        actor = actors.get(actor_id)
        country = countries.of(actor_id)
        out[f"Actor{n}Name"] = _clean(actor.name) if actor else ""
        out[f"Actor{n}CountryCode"] = country or ""
        out[f"Actor{n}Code"] = country or ""
    out["IsRootEvent"] = "1" if row["in_lead"] else "0"
    out["EventRootCode"] = row["cameo_root"] or ""
    quad = row["quad_class"] or QUAD_CLASS.get(row["type"])
    out["QuadClass"] = "" if quad is None else str(quad)
    out["GoldsteinScale"] = f"{float(row['score']):.1f}"
    out["NumMentions"] = str(row["n_mentions"])
    out["NumSources"] = str(row["n_sources"])
    out["NumArticles"] = str(row["n_articles"])
    added: datetime | None = row["ingested_at"]
    if added is not None:
        # stored as local wall-clock time (datetime.now()); GDELT's DATEADDED is UTC
        out["DATEADDED"] = added.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    out["SOURCEURL"] = _clean(row["url"] or "")
    return list(out.values())


def _clean(text: str) -> str:
    return _UNSAFE.sub(" ", text).strip()


def _folder(out_dir: str | Path) -> Path:
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: is a file, not a folder; give a folder to export to (--out)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{folder}: cannot create the export folder: {exc.strerror or exc}"
        ) from None
    return folder


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
