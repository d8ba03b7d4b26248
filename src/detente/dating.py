"""Event dating: when an event took place (or would), and on what basis.

``EventDater(doc, dates, published, precision).date(head, clause, modality, keys, near_keys)
-> DateRange`` (with ``basis``)

The events stage finds an event; this module decides its date, in this order:

1. **explicit**: a date expression governed by the trigger or its clause ("met on Tuesday",
   "the March 2023 visit"). A deadline or target is not the date of the act ("agreed to build a
   rail line *by 2028*", "*until* the end of the year", "*before* the summit"): the expression is
   skipped when its preposition is ``by``/``until``/``till``/``before``/``through``. "since 2020"
   runs from 2020 to publication: it starts a state, and the event is placed at its start.
2. **narrative**: the latest date stated earlier in the same paragraph, for a past-tense event
   (narrative time: "On Monday police arrested six people. They charged two of them ...");
   else the date of the same act told earlier: the same trigger between the same pair anywhere in
   the article (the lead's "arrested six people Monday" dates the later arrest paragraphs), the
   same type between the same pair within the paragraph; not for an act told "again", "also" or
   as "a new" one, which is another act.
3. **reported**: no date in the text. News reports what just happened: an asserted or negated
   past-tense event falls in the :data:`_RECENT_DAYS` days up to publication; a present-tense
   one ("Beijing condemns ...", the headline present) on the publication day or the one before;
   a past-perfect one ("had cancelled") is background, any time in the year before publication;
   a planned or hypothetical one lies ahead, from publication to :data:`_AHEAD_DAYS` after it.
4. **none**: no date in the text and no publication date: ``DateRange(None, None)``.

Two rules hold over all of them: an asserted (or negated) event is never later than its
article's publication (a range that runs past it is cut at publication; one that starts after
it is not this event's date), and a planned one never earlier (cut the same way). A publication
date known only to the month or year ("2025-03") counts as its period's last day for the first
rule and its first day for the second.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from detente.dates import tense_of
from detente.nlp import doc_text
from detente.records import DateBasis, DatePrecision, DateRange

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from detente.dates import DateMention

__all__ = ["EventDater", "reported_window"]

Modality = Literal["asserted", "planned", "hypothetical", "negated"]

# Judgement, checked against storylines-dev (not tuned on it): of its 93 dated asserted gold
# interactions, 72 end on the publication day or the day before and 86 within 5 days. A week
# holds what "just happened" in a daily news report without reaching into the last story cycle.
_RECENT_DAYS = 7
# Past perfect ("had cancelled") without a date: background, told as before the story's present;
# a year is judgement (not tuned): news background rarely reaches further without a date.
_BACKGROUND_DAYS = 365
# Plans without a date ("is expected to visit"): a season ahead (judgement, not tuned); the
# window only says "after publication", and planned events are listed, never scored.
_AHEAD_DAYS = 90
_DEADLINE_PREPS = {"by", "until", "till", "before", "through"}


def reported_window(
    published: date, modality: Modality, tense: str | None, perfect_past: bool = False
) -> DateRange:
    """The window an undated event falls in, from its article's publication (module docstring)."""
    if modality in ("planned", "hypothetical"):
        return DateRange(published, published + timedelta(days=_AHEAD_DAYS), None, "reported")
    if perfect_past:
        back = _BACKGROUND_DAYS
    elif tense == "present":
        back = 1
    else:
        back = _RECENT_DAYS
    return DateRange(published - timedelta(days=back), published, None, "reported")


class EventDater:
    """Dates the events of one article, in text order (it remembers what it dated).

    ``precision`` is how much of ``published`` is known: with ``month`` or ``year`` (a partial
    date, stored as its first day) the article may have appeared on any day of it, so the
    windows and the publication rules run to that period's last day.
    """

    def __init__(
        self,
        doc: Doc,
        dates: Sequence[DateMention],
        published: date | None,
        precision: DatePrecision | None = "day",
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.dates = sorted(dates, key=lambda d: d.span[0])
        self.published = _last_day(published, precision)
        self.earliest = published
        # the act's name -> (its date, the start of the paragraph it was told in)
        self.told: dict[Hashable, tuple[DateRange, int]] = {}

    def date(
        self,
        head: Token,
        clause: set[int],
        modality: Modality,
        keys: Sequence[Hashable] = (),
        near_keys: Sequence[Hashable] = (),
    ) -> DateRange:
        """The date of the event whose trigger is ``head`` (its clause's token indices given).

        ``keys`` name the act anywhere in the article (the same trigger between the same pair),
        ``near_keys`` within its paragraph (the same type between the same pair), so that a later
        retelling of it takes the same date; an act told "again" or "also" is another one.
        """
        paragraph = self.text.rfind("\n\n", 0, head.idx)
        explicit = self._explicit(head, clause, modality)
        if explicit is not None:
            for key in (*keys, *near_keys):
                self.told.setdefault(key, (explicit, paragraph))
            return explicit
        if not _repeated(head, clause):
            narrative = self._narrative(head, modality, keys, near_keys, paragraph)
            if narrative is not None:
                return narrative
        if self.published is None or self.earliest is None:
            return DateRange(None, None, None, "none")
        window = reported_window(self.published, modality, tense_of(head), _past_perfect(head))
        if window.start is not None and self.earliest < self.published:
            # a partial publication date ("2025-03"): the article may be from its first day, so
            # the window opens as far before that day as it would before a known one
            return DateRange(
                window.start - (self.published - self.earliest), window.end, None, "reported"
            )
        return window

    # -- explicit --------------------------------------------------------------------------

    def _explicit(self, head: Token, clause: set[int], modality: Modality) -> DateRange | None:
        for mention in self.dates:
            governor = mention.governor
            if governor is None or (governor != head.i and governor not in clause):
                continue
            if mention.date.start is None or self._is_deadline(mention):
                continue
            fitted = self._fit(mention.date, modality)
            if fitted is not None:
                return _with(fitted, "explicit")
        return None

    def _is_deadline(self, mention: DateMention) -> bool:
        span = self.doc.char_span(*mention.span, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        first = span[0]
        if first.lower_ in _DEADLINE_PREPS:
            return True
        root = span.root
        return (
            root.head is not root
            and root.head.lower_ in _DEADLINE_PREPS
            and (root.head.i < span.start)
        )

    def _fit(self, when: DateRange, modality: Modality) -> DateRange | None:
        """Cut a range at publication by the modality's rule; None if nothing is left."""
        published = self.published
        if published is None or when.start is None or when.end is None:
            return when
        if modality in ("asserted", "negated"):
            if when.start > published:
                return None
            return DateRange(when.start, min(when.end, published), when.text)
        if modality == "planned":
            earliest = self.earliest or published
            if when.end < earliest:
                return None
            return DateRange(max(when.start, earliest), when.end, when.text)
        return when

    # -- narrative -------------------------------------------------------------------------

    def _narrative(
        self,
        head: Token,
        modality: Modality,
        keys: Sequence[Hashable],
        near_keys: Sequence[Hashable],
        paragraph: int,
    ) -> DateRange | None:
        for key in (*keys, *near_keys):
            if key not in self.told:
                continue
            when, told_in = self.told[key]
            if key in near_keys and key not in keys and told_in != paragraph:
                continue
            fitted = self._fit(when, modality)
            if fitted is not None:
                return _with(fitted, "narrative")
        if modality not in ("asserted", "negated") or not _past(head):
            return None
        paragraph_start = self.text.rfind("\n\n", 0, head.idx)
        earlier = [
            m
            for m in self.dates
            if paragraph_start < m.span[0] < head.idx
            and m.date.start is not None
            and not self._is_deadline(m)
        ]
        for mention in reversed(earlier):
            fitted = self._fit(mention.date, modality)
            if fitted is not None:
                return _with(fitted, "narrative")
        return None


def _last_day(published: date | None, precision: DatePrecision | None) -> date | None:
    if published is None or precision in (None, "day"):
        return published
    if precision == "year":
        return date(published.year, 12, 31)
    following = (
        date(published.year + 1, 1, 1)
        if published.month == 12
        else date(published.year, published.month + 1, 1)
    )
    return following - timedelta(days=1)


def _with(when: DateRange, basis: DateBasis) -> DateRange:
    return DateRange(when.start, when.end, when.text, basis)


def _past(tok: Token) -> bool:
    """Whether the trigger's clause is in the past: its finite verb, up through infinitives."""
    for _ in range(4):
        if tok.tag_ in ("VBD", "VBN"):
            return True
        if tok.dep_ not in ("xcomp", "advcl", "dobj", "pobj", "prep") or tok.head is tok:
            return False
        tok = tok.head
    return False


_REPEATED = {"again", "also", "another", "anew", "new", "fresh", "second", "renewed"}


def _repeated(head: Token, clause: set[int]) -> bool:
    """ "met again", "a new call", "also criticised": another act of the same kind."""
    doc = head.doc
    return any(doc[i].lower_ in _REPEATED for i in clause if doc[i].dep_ in ("advmod", "amod"))


def _past_perfect(tok: Token) -> bool:
    """ "had cancelled": a past perfect tells background, before the story's own past."""
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in tok.children):
            return tok.tag_ == "VBN"
        if tok.dep_ not in ("xcomp", "dobj", "pobj", "prep") or tok.head is tok:
            return False
        tok = tok.head
    return False
