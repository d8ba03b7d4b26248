"""Typed, immutable records that flow between pipeline stages.

One direction of flow (see DESIGN.md)::

    RawDocument --clean--> CleanArticle --nlp--> ParsedArticle
                --actors/quotes/events/dates--> ArticleAnalysis

Every record is a frozen dataclass. ``to_dict`` methods give the JSON output contract of
``detente analyze``; offsets are character offsets into ``CleanArticle.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "Actor",
    "ArticleAnalysis",
    "CleanArticle",
    "DateBasis",
    "DatePrecision",
    "DateRange",
    "DyadEvent",
    "DyadTimeline",
    "Event",
    "Evidence",
    "ParsedArticle",
    "Phase",
    "Quote",
    "RawDocument",
    "Relation",
    "RelationPeriod",
    "Removed",
    "Skipped",
    "SourceKind",
    "Span",
    "TimelinePeriod",
]

SourceKind = Literal["text", "html"]
# How much of a publication date is known: a partial date ("2025-03") is stored as its first day.
DatePrecision = Literal["day", "month", "year"]
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read from a source, before any cleaning.

    ``content`` is decoded text (plain text or HTML markup, as ``kind`` says). ``source`` names the
    input for messages (a path, ``<stdin>``, ``feed.jsonl:3``); ``line`` is the 1-based line of a
    JSON Lines record. Metadata fields hold what the source
    itself declared (a JSON Lines record's keys, the command line); HTML metadata is read later, by
    the clean stage. ``published_precision`` says how much of ``published`` is known.
    """

    source: str
    kind: SourceKind
    content: str
    encoding: str = "utf-8"
    line: int | None = None
    doc_id: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    language: str | None = None
    published_precision: DatePrecision = "day"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document that was not analysed, and why; batch work records it and goes on.

    ``source`` names the input as messages do (``feed.jsonl:3``); ``line`` is the 1-based line of
    a JSON Lines record, None for whole files.
    """

    source: str
    reason: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": f"{self.source}: {self.reason}"}
        # JSON Lines output stays aligned with its input: the failed line says which it was
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass(frozen=True, slots=True)
class Removed:
    """A block taken out of the body (byline, bio, credit, license, promo, ...), kept."""

    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """The story's body without boilerplate, with the metadata found on the way.

    ``published_source`` says where the publication date came from: ``given`` (the caller:
    ``--published``, a JSON Lines key), ``html`` (page metadata), ``text`` (a "Published ..." line
    or a dateline), ``url`` (a date in the address); None when there is no date.
    ``published_precision`` is ``day``, ``month`` or ``year`` (a partial date is its first day).
    """

    source: str
    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    site_name: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = ()
    doc_id: str | None = None
    published_source: str | None = None
    published_precision: DatePrecision | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "authors": list(self.authors),
            "publisher": self.publisher,
            "site_name": self.site_name,
            "published": self.published.isoformat() if self.published else None,
            "published_source": self.published_source,
            "published_precision": self.published_precision,
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """A clean article with its spaCy parse (``doc`` is None when the language is not handled)."""

    article: CleanArticle
    doc: Doc | None


DateBasis = Literal["explicit", "narrative", "reported", "none"]


@dataclass(frozen=True, slots=True)
class DateRange:
    """A resolved date or range; ``start``/``end`` stay None when the text cannot be resolved.

    ``basis`` says how an event's date was found (DESIGN.md): ``explicit`` (an expression governed
    by the trigger or its clause), ``narrative`` (carried from earlier in the paragraph or from the
    lead), ``reported`` (no date in the text: a window ending at publication), ``none`` (not even
    a publication date). It is None for dates that are not an event's (quotes, mentions).
    """

    start: date | None
    end: date | None
    text: str | None = None
    basis: DateBasis | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"date range starts after it ends: {self.start} > {self.end}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "text": self.text,
        }
        if self.basis is not None:
            out["basis"] = self.basis
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that supports a figure, with its span in ``article.text``."""

    sentence: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "span": list(self.span)}


@dataclass(frozen=True, slots=True)
class Actor:
    """One real entity in an article, with every name it goes by there."""

    id: str
    name: str
    kind: Literal["person", "organization", "country", "outlet", "group", "anonymous"]
    key: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    affiliation: str | None = None
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "key": self.key,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "affiliation": self.affiliation,
            "mentions": [list(m) for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what, directly or reported, through which outlet or channel, and when."""

    text: str
    span: Span
    speaker: str | None
    speaker_text: str | None
    anonymous: bool
    direct: bool
    cue: str | None = None
    cue_span: Span | None = None
    via: str | None = None
    channel: str | None = None
    date: DateRange | None = None
    speaker_span: Span | None = None
    reporter: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": list(self.span),
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "anonymous": self.anonymous,
            "direct": self.direct,
            "cue": {"text": self.cue, "span": list(self.cue_span) if self.cue_span else None}
            if self.cue
            else None,
            "via": self.via,
            "reporter": self.reporter,
            "channel": self.channel,
            "date": self.date.to_dict() if self.date else None,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One interaction between two actors, typed on PLOVER, with its evidence.

    ``hedged`` is true when the text tells the act without vouching for it ("reportedly met",
    "amid reports that ..."); the act stays ``asserted``.
    """

    source: str
    target: str
    type: str
    score: float
    modality: Literal["asserted", "planned", "hypothetical", "negated"]
    date: DateRange
    evidence: Evidence
    trigger: str
    confidence: float
    claimed_by: str | None = None
    source_principal: str | None = None
    target_principal: str | None = None
    quad_class: int | None = None
    cameo_root: str | None = None
    mode: str | None = None
    trigger_span: Span | None = None
    hedged: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "source_principal": self.source_principal,
            "target_principal": self.target_principal,
            "type": self.type,
            "mode": self.mode,
            "score": self.score,
            "quad_class": self.quad_class,
            "cameo_root": self.cameo_root,
            "modality": self.modality,
            "hedged": self.hedged,
            "date": self.date.to_dict(),
            "evidence": self.evidence.to_dict(),
            "claimed_by": self.claimed_by,
            "trigger": self.trigger,
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class RelationPeriod:
    """One period of a relation's timeline: mean score of its asserted events (None if it has
    none); ``events`` are indices into the analysis's events."""

    period: str
    score: float | None
    events: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, "score": self.score, "events": list(self.events)}


@dataclass(frozen=True, slots=True)
class Relation:
    """How two actors stand in one article: current score, trend and timeline."""

    a: str
    b: str
    score: float | None
    trend: str | None
    timeline: tuple[RelationPeriod, ...] = ()
    undated: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": self.score,
            "trend": self.trend,
            "timeline": [p.to_dict() for p in self.timeline],
            "undated": list(self.undated),
        }


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything detente finds in one article; ``to_dict`` is the ``analyze`` JSON contract."""

    article: CleanArticle
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "relations": [r.to_dict() for r in self.relations],
        }


@dataclass(frozen=True, slots=True)
class DyadEvent:
    """One event between two actors of a corpus, counted once per story, with its provenance.

    ``scope`` is ``personal`` when its two ends are the dyad's two actors, ``state`` when an end
    is one's state (a country, its government, one of its office holders); ``source_for`` and
    ``target_for`` then name the dyad actor that end stood for (None for the actor itself).
    ``hedged``: every report of it tells it without vouching for it ("reportedly").
    """

    event_id: int
    source: str
    target: str
    type: str
    score: float
    modality: str
    date: DateRange
    evidence: str
    trigger: str
    outlets: tuple[str, ...] = ()
    claimed_by: tuple[str, ...] = ()
    article_id: int | None = None
    url: str | None = None
    n_articles: int = 1
    scope: str = "personal"
    source_for: str | None = None
    target_for: str | None = None
    hedged: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "score": self.score,
            "modality": self.modality,
            "date": self.date.to_dict(),
            "evidence": self.evidence,
            "trigger": self.trigger,
            "outlets": list(self.outlets),
            "claimed_by": list(self.claimed_by),
            "article_id": self.article_id,
            "url": self.url,
            "n_articles": self.n_articles,
            "scope": self.scope,
            "source_for": self.source_for,
            "target_for": self.target_for,
            "hedged": self.hedged,
        }


@dataclass(frozen=True, slots=True)
class TimelinePeriod:
    """A period of a dyad's timeline: mean score of its asserted events and every event in it."""

    start: date
    end: date
    score: float | None
    events: tuple[DyadEvent, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "score": self.score,
            "n_events": len(self.events),
            "events": [e.to_dict() for e in self.events],
        }


@dataclass(frozen=True, slots=True)
class Phase:
    """A maximal run of periods with the same sign; its turning event is its first event."""

    start: date
    end: date
    sign: str
    score: float | None
    turning_event: DyadEvent | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "sign": self.sign,
            "score": self.score,
            "turning_event": self.turning_event.to_dict() if self.turning_event else None,
        }


@dataclass(frozen=True, slots=True)
class DyadTimeline:
    """How two actors stand over time: periods, phases, the current state and the evidence."""

    a: tuple[str, str]
    b: tuple[str, str]
    by: str
    timeline: tuple[TimelinePeriod, ...]
    phases: tuple[Phase, ...]
    current_score: float | None
    trend: str | None
    undated: tuple[DyadEvent, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        scored = [e for p in self.timeline for e in p.events if e.modality == "asserted"]
        return {
            "a": {"id": self.a[0], "name": self.a[1]},
            "b": {"id": self.b[0], "name": self.b[1]},
            "by": self.by,
            "timeline": [p.to_dict() for p in self.timeline],
            "phases": [p.to_dict() for p in self.phases],
            "current": {"score": self.current_score, "trend": self.trend},
            "evidence": [e.to_dict() for e in scored],
            "undated": [e.to_dict() for e in self.undated],
        }
