"""End-to-end evaluation on real storylines: interactions, their dates, quotes and relation phases.

Gold set: ``storylines-dev/storylines-dev.json`` (six storylines of two public figures, 50 real
news excerpts from 45+ outlets, 9 not in English; see its README.md). The scoring is the one that
README defines, implemented here exactly:

* each storyline's articles are written as JSON Lines (``url``, ``published``, ``language``,
  ``text``) and read back through the same reader ``detente analyze`` uses, one analysis each;
* an **actor matches** a gold actor when one of the gold actor's aliases or its canonical name
  (lower-cased, curly apostrophes made straight, spaces collapsed) equals the predicted actor's
  name or one of its aliases, or occurs in one of them as a whole-word sequence. An event's source
  and target are its actors; an event also stands for its principals (what "two aides to the
  prime minister" did counts for the prime minister, as :mod:`detente.relations` counts it);
* **interactions** (recall): a gold interaction is found when, in one of the articles it names,
  an event has a matching source and target and, for ``asserted`` gold, a score of the gold
  polarity's sign and modality ``asserted``; otherwise the gold modality. Gold and predicted events
  are matched one to one (maximum bipartite matching);
* **dated**: the same, and the event's date range overlaps the gold range with one day of slack at
  each end (a bare year is the whole year, a year-month the whole month); only gold interactions
  with a ``date_start`` count. ``n_dated_wide`` says how many of those matches rest on a
  predicted range longer than eight days;
* **quotes**: a gold quote is found when a quote of its article holds at least 60% of the gold
  quote's words (lower-cased, split on whitespace, counted with repetition) and its speaker
  matches the gold speaker (any speaker for an anonymous gold speaker, but a quote with no
  speaker at all matches none); matched one to one like interactions;
* **phases**: a storyline's articles are ingested into a fresh store, the dyad's relation is drawn
  (every scope, by day: the finest period ``relation`` offers, so that a period's start is its
  events' day; by month a phase from the 11th of April to the 4th of May would hold only May's
  period, and by week an event of the 15th would fall in a period starting on the 13th) and the
  periods whose start falls inside a phase (start <= period start < end) are averaged; a phase
  is right when that mean has the phase's sign (a phase without an end runs on for ever).
  Only phases of confidence ``high`` with a non-zero sign and a start count;
* **events_per_article**: the events the pipeline gave per article (precision is not in the gold;
  a system that emits every pair must not look good);
* **precision_proxy**: of the events between the dyad's two sides (both ends match the dyad's
  persons or a gold state, not the same one), the share that fit some gold interaction of their
  article (source, target, sign or modality, as for interactions, not one to one).

Figures are fractions, overall and per storyline. ``explain=True`` adds, for every missed gold
item, the predicted events of its articles nearest to it (source, type, target, score, modality,
date, basis, trigger), and the relation's periods beside every phase.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from detente.errors import EvaluationError
from detente.evaluate._common import div, require_file
from detente.records import Actor, ArticleAnalysis, DateRange, Event

__all__ = [
    "GoldActor",
    "GoldInteraction",
    "GoldPhase",
    "GoldQuote",
    "Storyline",
    "actor_matches",
    "evaluate",
    "gold_range",
    "load_storylines",
    "match_one_to_one",
    "score_interactions",
    "score_phases",
    "score_quotes",
]

FOLDER = "storylines-dev"
FILE = "storylines-dev.json"
# The README's quote rule: the predicted quote holds 60% of the gold quote's words.
_QUOTE_OVERLAP = 0.6
_SLACK = timedelta(days=1)
# A dated match whose predicted range is longer than a week (a past-perfect window, "since
# 2020", a bare year) is counted apart, so that wide ranges cannot pass for precise dates.
_WIDE_DAYS = 8
# How many predicted events --explain shows beside a missed gold interaction.
_NEAREST = 4


@dataclass(frozen=True, slots=True)
class GoldActor:
    """A gold actor: its canonical name and every surface form the excerpts use."""

    id: str
    canonical: str
    kind: str
    aliases: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        """The normalised forms an actor is matched by."""
        return tuple(dict.fromkeys(_norm(f) for f in (self.canonical, *self.aliases) if f.strip()))


@dataclass(frozen=True, slots=True)
class GoldInteraction:
    """A gold interaction: who did what to whom, its sign, modality, dates and articles."""

    id: str
    source: str
    target: str
    verb: str
    polarity: int
    modality: str
    date_start: str | None
    date_end: str | None
    in_dyad: bool | str
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold quote: speaker (actor id or "anonymous source (...)"), verbatim text, article."""

    speaker: str
    text: str
    url: str

    @property
    def anonymous(self) -> bool:
        return self.speaker.startswith("anonymous")


@dataclass(frozen=True, slots=True)
class GoldPhase:
    """A gold phase of the dyad's relation."""

    start: date | None
    end: date | None
    sign: int
    confidence: str

    @property
    def scored(self) -> bool:
        """Only high-confidence phases with a sign and a start are scored (the README)."""
        return self.confidence == "high" and self.sign != 0 and self.start is not None


@dataclass(frozen=True, slots=True)
class Storyline:
    """One storyline: its dyad, its articles (as the gold file gives them) and its gold."""

    id: str
    dyad: tuple[str, str]
    articles: tuple[dict[str, Any], ...]
    actors: dict[str, GoldActor]
    interactions: tuple[GoldInteraction, ...]
    quotes: tuple[GoldQuote, ...]
    phases: tuple[GoldPhase, ...]

    def dyad_names(self) -> tuple[str, str]:
        """The canonical names of the dyad's two persons, as a user would type them."""
        return (self.actors[self.dyad[0]].canonical, self.actors[self.dyad[1]].canonical)


# --- loading --------------------------------------------------------------------------------


def load_storylines(data_dir: Path, limit: int | None = None) -> list[Storyline]:
    """Read the storylines gold file; ``limit`` caps the number of storylines.

    Raises:
        EvaluationError: the file is missing or not shaped as its README says.
    """
    path = require_file(data_dir / FOLDER / FILE, "storylines-dev gold file")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        out = [_storyline(s) for s in raw["storylines"]]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read the storylines gold file ({exc})") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise EvaluationError(
            f"{path}: malformed storyline record ({type(exc).__name__}: {exc}); "
            "see storylines-dev/README.md for the format"
        ) from exc
    return out[:limit] if limit is not None else out


def _storyline(raw: dict[str, Any]) -> Storyline:
    gold = raw["gold"]
    actors = {
        a["id"]: GoldActor(a["id"], a["canonical"], a["type"], tuple(a.get("aliases") or ()))
        for a in gold["actors"]
    }
    # the dyad is given by canonical names (or ids): find the two gold actors
    by_name = {_norm(a.canonical): a.id for a in actors.values()}
    dyad = tuple(d if d in actors else by_name.get(_norm(d), "") for d in raw["dyad"])
    if len(dyad) != 2 or any(d not in actors for d in dyad):
        raise ValueError(f"storyline {raw['id']}: dyad {raw['dyad']} does not name two gold actors")
    return Storyline(
        id=raw["id"],
        dyad=(dyad[0], dyad[1]),
        articles=tuple(raw["articles"]),
        actors=actors,
        interactions=tuple(
            GoldInteraction(
                id=i["id"],
                source=i["source"],
                target=i["target"],
                verb=i.get("verb", ""),
                polarity=int(i["polarity"]),
                modality=i["modality"],
                date_start=i.get("date_start"),
                date_end=i.get("date_end"),
                in_dyad=i.get("in_dyad", False),
                urls=tuple(i["urls"]),
            )
            for i in gold["interactions"]
        ),
        quotes=tuple(GoldQuote(q["speaker"], q["text"], q["url"]) for q in gold["quotes"]),
        phases=tuple(
            GoldPhase(
                start=_day(p.get("start")),
                end=_day(p.get("end")),
                sign=int(p["sign"]),
                confidence=p.get("confidence", "low"),
            )
            for p in gold["phases"]
        ),
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# --- matching rules -------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Lower case, curly apostrophes straight, spaces collapsed (the README's normalisation)."""
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def actor_matches(gold: GoldActor, names: Iterable[str]) -> bool:
    """Whether a predicted actor known by ``names`` (its name and aliases) is the gold actor."""
    normed = [_norm(n) for n in names if n and n.strip()]
    for form in gold.forms:
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        if any(form == n or pattern.search(n) for n in normed):
            return True
    return False


def gold_range(start: str | None, end: str | None) -> tuple[date, date] | None:
    """A gold date range as days: "2021" is the whole year, "2021-06" the month; a missing end
    is the end of the start's own range."""
    if not start:
        return None
    first, last = _iso_bounds(start)
    if end:
        last = _iso_bounds(end)[1]
    return (first, last) if first <= last else (last, first)


def _iso_bounds(text: str) -> tuple[date, date]:
    parts = text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return date(year, month, 1), following - timedelta(days=1)
    day = date(year, month, int(parts[2]))
    return day, day


def _days(when: DateRange) -> int:
    return (when.end - when.start).days + 1 if when.start and when.end else 0


def _overlaps(predicted: DateRange, gold: tuple[date, date]) -> bool:
    if predicted.start is None or predicted.end is None:
        return False
    return predicted.start <= gold[1] + _SLACK and predicted.end >= gold[0] - _SLACK


def match_one_to_one(edges: dict[int, list[int]]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): gold index -> predicted index."""
    owner: dict[int, int] = {}

    def assign(gold: int, seen: set[int]) -> bool:
        for pred in edges.get(gold, ()):
            if pred in seen:
                continue
            seen.add(pred)
            if pred not in owner or assign(owner[pred], seen):
                owner[pred] = gold
                return True
        return False

    for gold in edges:
        assign(gold, set())
    return {gold: pred for pred, gold in owner.items()}


# --- scoring one storyline ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Predicted:
    """One predicted event with the names of its two ends (actor and principal)."""

    url: str
    index: int
    event: Event
    source_names: tuple[str, ...]
    target_names: tuple[str, ...]
    source_name: str
    target_name: str


def _predicted_events(analyses: dict[str, ArticleAnalysis]) -> list[_Predicted]:
    out = []
    for url, analysis in analyses.items():
        actors = {a.id: a for a in analysis.actors}
        for index, event in enumerate(analysis.events):
            source = actors.get(event.source)
            target = actors.get(event.target)
            out.append(
                _Predicted(
                    url=url,
                    index=index,
                    event=event,
                    source_names=_names(actors, event.source, event.source_principal),
                    target_names=_names(actors, event.target, event.target_principal),
                    source_name=source.name if source else event.source,
                    target_name=target.name if target else event.target,
                )
            )
    return out


def _names(actors: dict[str, Actor], *ids: str | None) -> tuple[str, ...]:
    found: list[str] = []
    for actor_id in ids:
        actor = actors.get(actor_id or "")
        if actor is not None:
            found += [actor.name, *actor.aliases]
    return tuple(found)


def _fits(gold: GoldInteraction, event: Event) -> bool:
    if gold.modality == "asserted":
        return event.modality == "asserted" and event.score * gold.polarity > 0
    return event.modality == gold.modality


def score_interactions(
    storyline: Storyline, analyses: dict[str, ArticleAnalysis], *, explain: bool = False
) -> dict[str, Any]:
    """Found and dated gold interactions of one storyline, given one analysis per article URL."""
    predicted = _predicted_events(analyses)
    actors = storyline.actors
    pairs: dict[int, list[int]] = {}
    for g, gold in enumerate(storyline.interactions):
        pairs[g] = [
            p
            for p, pred in enumerate(predicted)
            if pred.url in gold.urls
            and gold.source in actors
            and gold.target in actors
            and actor_matches(actors[gold.source], pred.source_names)
            and actor_matches(actors[gold.target], pred.target_names)
        ]
    found_edges = {
        g: [p for p in ps if _fits(storyline.interactions[g], predicted[p].event)]
        for g, ps in pairs.items()
    }
    found = match_one_to_one(found_edges)
    dated_edges: dict[int, list[int]] = {}
    n_dated_gold = 0
    for g, ps in found_edges.items():
        gold = storyline.interactions[g]
        window = gold_range(gold.date_start, gold.date_end)
        if window is None:
            continue
        n_dated_gold += 1
        dated_edges[g] = [p for p in ps if _overlaps(predicted[p].event.date, window)]
    dated = match_one_to_one(dated_edges)
    wide = sum(1 for p in dated.values() if _days(predicted[p].event.date) > _WIDE_DAYS)
    between, right = _between_sides(storyline, predicted, found_edges)
    figures: dict[str, Any] = {
        "n_gold": len(storyline.interactions),
        "n_found": len(found),
        "n_gold_dated": n_dated_gold,
        "n_dated": len(dated),
        "n_dated_wide": wide,
        "n_events": len(predicted),
        "n_events_between_sides": len(between),
        "n_events_between_sides_right": right,
    }
    if explain:
        fitting = {p for ps in found_edges.values() for p in ps}
        figures["unfitting"] = [_describe(predicted[p]) for p in between if p not in fitting]
        figures["missed"] = [
            _explain_miss(storyline, gold, predicted, pairs[g], dated=g in found)
            for g, gold in enumerate(storyline.interactions)
            if g not in dated
        ]
    return figures


def _between_sides(
    storyline: Storyline, predicted: Sequence[_Predicted], found_edges: dict[int, list[int]]
) -> tuple[list[int], int]:
    """Predicted events whose two ends are the dyad's two sides (its persons or any gold state,
    not the same one), and how many of them fit some gold interaction of their article."""
    sides = [a for a in storyline.actors.values() if a.id in storyline.dyad or a.kind == "state"]
    fitting = {p for ps in found_edges.values() for p in ps}
    between: list[int] = []
    right = 0
    for p, pred in enumerate(predicted):
        ends = [
            {a.id for a in sides if actor_matches(a, names)}
            for names in (pred.source_names, pred.target_names)
        ]
        if ends[0] and ends[1] and ends[0] != ends[1]:
            between.append(p)
            right += p in fitting
    return between, right


def _explain_miss(
    storyline: Storyline,
    gold: GoldInteraction,
    predicted: Sequence[_Predicted],
    pair_matches: Sequence[int],
    *,
    dated: bool,
) -> dict[str, Any]:
    actors = storyline.actors

    def closeness(p: int) -> int:
        pred = predicted[p]
        source = gold.source in actors and actor_matches(actors[gold.source], pred.source_names)
        target = gold.target in actors and actor_matches(actors[gold.target], pred.target_names)
        return 2 * (p in pair_matches) + source + target

    candidates = [p for p, pred in enumerate(predicted) if pred.url in gold.urls]
    nearest = sorted(candidates, key=lambda p: (-closeness(p), p))[:_NEAREST]
    return {
        "id": gold.id,
        "why": "found, date wrong" if dated else "not found",
        "gold": (
            f"{gold.source} -> {gold.target} {'+' if gold.polarity > 0 else '-'} {gold.modality} "
            f"{gold.date_start or '?'}..{gold.date_end or '?'}: {gold.verb}"
        ),
        "nearest": [_describe(predicted[p]) for p in nearest],
    }


def _describe(pred: _Predicted) -> str:
    e = pred.event
    when = (
        f"{e.date.start}..{e.date.end}" if e.date.start is not None else "undated"
    ) + f" ({e.date.basis or 'no basis'})"
    return (
        f"{pred.source_name} {e.type} {pred.target_name} {e.score:+.1f} {e.modality} {when} "
        f"trigger={e.trigger[:60]!r}"
    )


def score_quotes(
    storyline: Storyline, analyses: dict[str, ArticleAnalysis], *, explain: bool = False
) -> dict[str, Any]:
    """Gold quotes of one storyline found with the right speaker."""
    candidates: list[tuple[str, int, Counter[str], tuple[str, ...]]] = []
    for url, analysis in analyses.items():
        actors = {a.id: a for a in analysis.actors}
        for q, quote in enumerate(analysis.quotes):
            speaker = actors.get(quote.speaker or "")
            names = (speaker.name, *speaker.aliases) if speaker is not None else ()
            candidates.append((url, q, Counter(quote.text.lower().split()), names))
    edges: dict[int, list[int]] = {}
    for g, gold in enumerate(storyline.quotes):
        words = Counter(gold.text.lower().split())
        need = _QUOTE_OVERLAP * sum(words.values())
        edges[g] = []
        for c, (url, _, found_words, names) in enumerate(candidates):
            if url != gold.url or sum((words & found_words).values()) < need or not names:
                continue
            if gold.anonymous or (
                gold.speaker in storyline.actors
                and actor_matches(storyline.actors[gold.speaker], names)
            ):
                edges[g].append(c)
    matched = match_one_to_one(edges)
    figures: dict[str, Any] = {"n_gold": len(storyline.quotes), "n_found": len(matched)}
    if explain:
        figures["missed"] = [
            f"{gold.speaker}: {gold.text[:80]!r}"
            for g, gold in enumerate(storyline.quotes)
            if g not in matched
        ]
    return figures


def score_phases(
    phases: Sequence[GoldPhase], periods: Sequence[tuple[date, float | None]]
) -> list[dict[str, Any]]:
    """Each scored gold phase with the mean of the relation's periods inside it, and whether that
    mean has the phase's sign (no scored period inside: wrong)."""
    out = []
    for phase in phases:
        if not phase.scored or phase.start is None:
            continue
        inside = [
            score
            for start, score in periods
            if score is not None
            and phase.start <= start
            and (phase.end is None or start < phase.end)
        ]
        mean = sum(inside) / len(inside) if inside else None
        out.append(
            {
                "start": phase.start.isoformat(),
                "end": phase.end.isoformat() if phase.end else None,
                "sign": phase.sign,
                "mean": round(mean, 2) if mean is not None else None,
                "n_periods": len(inside),
                "right": mean is not None and mean * phase.sign > 0,
            }
        )
    return out


# --- running the pipeline -------------------------------------------------------------------


def _jsonl(storyline: Storyline, folder: Path) -> Path:
    path = folder / f"{storyline.id}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in storyline.articles:
            record = {
                "id": article.get("article_id"),
                "url": article["url"],
                "published": article.get("publication_date"),
                "language": article.get("language"),
                "text": article["text"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _analyse(path: Path) -> dict[str, ArticleAnalysis]:
    from detente.ingest.folder import read_path
    from detente.pipeline import analyze_documents

    out: dict[str, ArticleAnalysis] = {}
    for result in analyze_documents(read_path(path)):
        if isinstance(result, ArticleAnalysis) and result.article.url:
            out[result.article.url] = result
    return out


def _relation_periods(
    storyline: Storyline, path: Path, folder: Path
) -> tuple[list[tuple[date, float | None]], str | None]:
    """The dyad's relation periods (start, score) after a fresh ingest; or why there are none."""
    from detente.corpus import ingest
    from detente.queries import dyad_events, resolve_actor
    from detente.relations import dyad_timeline
    from detente.store import GlobalActor, Store

    with Store.open(folder / f"{storyline.id}.duckdb") as store:
        ingest([path], store)
        found = []
        for name in storyline.dyad_names():
            actor = resolve_actor(store, name)
            if not isinstance(actor, GlobalActor):
                why = "ambiguous" if actor else "not found"
                return [], f"{name!r}: {why} in the store"
            found.append(actor)
        a, b = found
        events = dyad_events(store, a, b)
    timeline = dyad_timeline((str(a.id), a.name), (str(b.id), b.name), events, by="day")
    return [(p.start, p.score) for p in timeline.timeline], None


def evaluate(
    data_dir: Path,
    limit: int | None = None,
    *,
    explain: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the pipeline on every storyline and score it (module docstring).

    Args:
        data_dir: the shared gold-data folder.
        limit: use at most this many storylines.
        explain: add every missed gold item with the nearest predictions.
        progress: called with a short message per storyline.

    Returns:
        ``interactions``, ``dated``, ``quotes``, ``phases`` (fractions), ``events_per_article``,
        the counts, and ``per_storyline`` with the same figures for each storyline.
    """
    storylines = load_storylines(data_dir, limit)
    per: dict[str, dict[str, Any]] = {}
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="detente-storylines-") as tmp:
        folder = Path(tmp)
        for storyline in storylines:
            if progress is not None:
                progress(f"storylines: {storyline.id}")
            path = _jsonl(storyline, folder)
            analyses = _analyse(path)
            inter = score_interactions(storyline, analyses, explain=explain)
            quotes = score_quotes(storyline, analyses, explain=explain)
            periods, why = _relation_periods(storyline, path, folder)
            phases = score_phases(storyline.phases, periods)
            n_right = sum(p["right"] for p in phases)
            counts = {
                "n_articles": len(storyline.articles),
                "n_analysed": len(analyses),
                "n_events": inter["n_events"],
                "n_gold_interactions": inter["n_gold"],
                "n_found": inter["n_found"],
                "n_gold_dated": inter["n_gold_dated"],
                "n_dated": inter["n_dated"],
                "n_dated_wide": inter["n_dated_wide"],
                "n_events_between_sides": inter["n_events_between_sides"],
                "n_events_between_sides_right": inter["n_events_between_sides_right"],
                "n_gold_quotes": quotes["n_gold"],
                "n_quotes_found": quotes["n_found"],
                "n_phases": len(phases),
                "n_phases_right": n_right,
            }
            totals.update(counts)
            row: dict[str, Any] = {**_fractions(counts), **counts}
            if explain:
                row["missed_interactions"] = inter["missed"]
                row["missed_quotes"] = quotes["missed"]
                row["unfitting_events"] = inter["unfitting"]
                row["phases_detail"] = phases
                row["relation_periods"] = [(start.isoformat(), score) for start, score in periods]
                if why:
                    row["relation_problem"] = why
            per[storyline.id] = row
    return {**_fractions(totals), **dict(totals), "per_storyline": per}


def _fractions(counts: dict[str, int] | Counter[str]) -> dict[str, float]:
    return {
        "interactions": round(div(counts["n_found"], counts["n_gold_interactions"]), 4),
        "dated": round(div(counts["n_dated"], counts["n_gold_dated"]), 4),
        "quotes": round(div(counts["n_quotes_found"], counts["n_gold_quotes"]), 4),
        "phases": round(div(counts["n_phases_right"], counts["n_phases"]), 4),
        "events_per_article": round(div(counts["n_events"], counts["n_articles"]), 2),
        "precision_proxy": round(
            div(counts["n_events_between_sides_right"], counts["n_events_between_sides"]), 4
        ),
    }
