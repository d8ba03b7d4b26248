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
EventCode                           the CAMEO code of the event's trigger: the sub-code the
                                    event lexicon names for that trigger and type (its note,
                                    "CAMEO 051"), or the root's own code, root + "0" (CAMEO's
                                    "not specified below", e.g. 040 for a CONSULT without one)
EventBaseCode                       the first three digits of EventCode (CAMEO's base code)
EventRootCode                       the CAMEO root code of the event's type
QuadClass                           1 verbal / 2 material cooperation, 3 verbal / 4 material
                                    conflict
GoldsteinScale                      detente's score: a PLOVER-style score placed on GDELT's
                                    -10..+10 scale (not the Goldstein weight of a CAMEO code)
NumMentions                         event rows across every copy of the story
NumSources                          distinct outlets that carried the story
NumArticles                         articles of the syndication cluster that carry the event
AvgTone                             the tone of the evidence sentence (:func:`detente.tone.tone`,
                                    the scorer the events stage uses; -1..1) times 10: detente's
                                    sentence tone on GDELT's usual -10..+10 span, not GDELT's
                                    count of positive and negative words in whole articles
DATEADDED                           when the first of its articles was ingested, UTC
SOURCEURL                           the URL of the story's first article that carries the event
==================================  ==========================================================

The actor attribute codes and the geography columns stay empty.

Two layouts: :data:`GDELT_FILE` (``gdelt-events.tsv``) starts with a header line of the column
names; ``native=True`` writes GDELT's own form instead, no header line, named like GDELT 2.0's
15-minute files (``YYYYMMDDHHMMSS.export.CSV``, tab-separated despite the name), so that scripts
written for GDELT's files read it unchanged.

Safety: every file name and every table name in a statement comes from this module's fixed
lists (:data:`EXPORT_RELATIONS`), never from the store; the output folder is resolved (``~``
expanded) and every file is checked to lie inside it; a symbolic link where a file is to be
written is refused, never followed.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from detente.errors import StoreError
from detente.lexicon.events import QUAD_CLASS, event_lexicon
from detente.records import DateRange
from detente.relations import placed_on
from detente.states import country_of_names, role_countries
from detente.store import GlobalActor, Store
from detente.tone import tone

__all__ = [
    "EXPORT_RELATIONS",
    "GDELT_COLUMNS",
    "GDELT_FILE",
    "TableFormat",
    "cameo_code",
    "export_folder",
    "export_gdelt",
    "export_tables",
]

TableFormat = Literal["parquet", "csv"]
GDELT_FILE = "gdelt-events.tsv"
#: GDELT 2.0's own file names end so (``20150218230000.export.CSV``).
GDELT_NATIVE_SUFFIX = ".export.CSV"

#: The tables, then the views, that an export writes: the store's schema (docs/STORE.md). Fixed
#: here so that no name read from a store file reaches a statement or a file name; a relation
#: of this list that a store lacks is left out.
EXPORT_RELATIONS: tuple[str, ...] = (
    "actor_aliases",
    "actor_merges",
    "actors",
    "article_actors",
    "articles",
    "duplicates",
    "events",
    "mentions",
    "quotes",
    "schema_version",
    "skipped",
    "actor_stats",
    "stories",
    "story_events",
)

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
       ev.trigger_lemma, ev.evidence_sentence,
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
    folder = export_folder(out_dir)
    present = {
        str(row["table_name"])
        for row in store.rows(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_catalog = current_database()"
        )
    }
    options = "FORMAT PARQUET" if fmt == "parquet" else "FORMAT CSV, HEADER"
    written = []
    for name in (n for n in EXPORT_RELATIONS if n in present):
        path = _target(folder, f"{name}.{fmt}")
        try:
            store.rows(f"COPY (SELECT * FROM {_identifier(name)}) TO {_literal(path)} ({options})")
        except StoreError as exc:
            raise StoreError(f"{path}: cannot write the export: {exc}") from None
        written.append(path)
    return written


def export_gdelt(store: Store, out_dir: str | Path, *, native: bool = False) -> Path:
    """Write the corpus's events as a GDELT 2.0 event file (tab-separated) in ``out_dir``.

    One row per story-level event (the ``story_events`` table: a syndicated story's event counted
    once, its copies in NumArticles, its outlets in NumSources), **asserted events only**: planned,
    hypothetical and negated events did not happen, and GDELT records events that did.
    GoldsteinScale holds detente's own score, a PLOVER-style score on GDELT's -10..+10 scale.
    SQLDATE is the event's date, or, when the text gives none, the publication date of the
    earliest article that carries it, which is what GDELT itself does. The module docstring maps
    every column; the ones we have no data for are empty. The file starts with a header line of
    GDELT's column names, unless ``native``: then it has none and is named as GDELT 2.0 names its
    files (``YYYYMMDDHHMMSS.export.CSV``, the export's time in UTC), to mix with GDELT's own.

    Args:
        store: an open store (read-only is enough).
        out_dir: the folder to write to; created if missing.
        native: GDELT's own layout (no header line, ``*.export.CSV``).

    Returns:
        The path of the written file.

    Raises:
        StoreError: the store cannot be read, or the file cannot be written (a symbolic link
            stands at its path, or the folder cannot be written).
    """
    folder = export_folder(out_dir)
    actors = {a.id: a for a in store.actors()}
    countries = _Countries(actors)
    rows = store.rows(_GDELT_QUERY)
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    path = _target(folder, f"{stamp}{GDELT_NATIVE_SUFFIX}" if native else GDELT_FILE)
    try:
        # O_NOFOLLOW: a link planted at the path after the check above is refused, not followed
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
            if not native:
                writer.writerow(GDELT_COLUMNS)
            for row in rows:
                writer.writerow(_gdelt_row(row, actors, countries))
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the export: {exc.strerror or exc}") from None
    return path


def cameo_code(plover_type: str, cameo_root: str | None, trigger_lemma: str | None) -> str:
    """The CAMEO event code of a stored event, as precise as the event lexicon allows.

    The sub-code that the lexicon's entries for this trigger and type name in their note
    ("CAMEO 051 praise or endorse"), when they name one; otherwise the root's own code,
    ``root + "0"`` (CAMEO's "not specified below"). Empty when the event has no root.
    """
    if not cameo_root:
        return ""
    codes = _lexicon_codes().get((plover_type, cameo_root), {})
    found = {codes[w] for w in (trigger_lemma or "").split() if w in codes}
    if len(found) == 1:
        return found.pop()
    return f"{cameo_root}0"


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
    code = cameo_code(row["type"], row["cameo_root"], row["trigger_lemma"])
    out["EventCode"] = code
    out["EventBaseCode"] = code[:3]
    out["EventRootCode"] = row["cameo_root"] or ""
    quad = row["quad_class"] or QUAD_CLASS.get(row["type"])
    out["QuadClass"] = "" if quad is None else str(quad)
    out["GoldsteinScale"] = f"{float(row['score']):.1f}"
    out["NumMentions"] = str(row["n_mentions"])
    out["NumSources"] = str(row["n_sources"])
    out["NumArticles"] = str(row["n_articles"])
    out["AvgTone"] = f"{10 * tone(row['evidence_sentence'] or ''):.2f}"
    added: datetime | None = row["ingested_at"]
    if added is not None:
        # stored as local wall-clock time (datetime.now()); GDELT's DATEADDED is UTC
        out["DATEADDED"] = added.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    out["SOURCEURL"] = _clean(row["url"] or "")
    return list(out.values())


def _clean(text: str) -> str:
    return _UNSAFE.sub(" ", text).strip()


def export_folder(out_dir: str | Path) -> Path:
    """The export folder, ``~`` expanded and resolved to an absolute path; created if missing.

    Raises:
        StoreError: no folder given (an empty name), a file stands there, or it cannot be made.
    """
    if not str(out_dir).strip():
        raise StoreError("no export folder given (--out is empty); name the folder to write to")
    folder = Path(out_dir).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder}: is a file, not a folder; give a folder to export to (--out)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{folder}: cannot create the export folder: {exc.strerror or exc}"
        ) from None
    return folder


def _target(folder: Path, name: str) -> Path:
    """``folder / name``, checked: inside ``folder`` and not a symbolic link."""
    path = folder / name
    if path.parent != folder or name in ("", ".", ".."):
        raise StoreError(f"{name!r}: not a file name inside {folder}; nothing was written")
    if path.is_symlink():
        raise StoreError(
            f"{path}: is a symbolic link; detente does not write through links: remove it or "
            "give another --out"
        )
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: is not a regular file; remove it or give another --out")
    return path


@cache
def _lexicon_codes() -> dict[tuple[str, str], dict[str, str]]:
    """(type, root) -> trigger stem -> the one CAMEO sub-code its entries name."""
    from detente.corpus import trigger_lemma

    named: dict[tuple[str, str], dict[str, set[str]]] = {}
    for entry in event_lexicon().entries():
        code = re.search(r"\bCAMEO (\d{3,4})\b", entry.note)
        if code is None or not code[1].startswith(entry.cameo_root):
            continue
        stems = named.setdefault((entry.type, entry.cameo_root), {})
        # a stored trigger is stemmed from its inflected form ("accused" -> "accus")
        lemma = entry.lemma
        for form in (lemma, f"{lemma}s", f"{lemma}d", f"{lemma}ed", f"{lemma}ing"):
            stems.setdefault(trigger_lemma(form), set()).add(code[1])
    return {
        key: {stem: next(iter(codes)) for stem, codes in stems.items() if len(codes) == 1}
        for key, stems in named.items()
    }


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
