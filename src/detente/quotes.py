"""Quotes stage: who said what, directly or reported, through which outlet or channel, and when.

``extract_quotes(parsed, actors, dates) -> tuple[Quote, ...]``

**Direct quotes** are the spans between quotation marks (curly or straight), within a paragraph; a
quote left open at the end of a paragraph runs on, as news prints multi-paragraph quotes. Each is
attributed by the nearest attribution cue (``lexicon/cues.tsv``: said, told, added, wrote, posted,
insisted, ... and "according to") outside any quote, in the sentences the quote touches; a quote
split by its attribution ("...," she said, "...") gives two quotes with the same speaker. A quote
with no cue of its own takes one from a preceding sentence that ends with a colon, else continues
the previous quote's speaker when it follows it directly (a follow-on in an interview).
Short quoted fragments inside a sentence ("calling her “a weathervane”") are attributed by walking
up the parse from the fragment to a cue verb.

**Reported speech** is a cue verb with a clausal complement ("aides told Harbor Wire they believe
the relationship can be mended"; "he said he felt betrayed"), or "according to X": a quote with
``direct=False`` whose text is the complement.

The **speaker** is the cue's subject (or the object of "according to"), resolved to an actor
through the actors stage (pronouns included); ``anonymous`` is true for unnamed sources. **via** is
the outlet or platform the words went through ("told Harbor Wire", "Harbor Wire's Tom Rivers",
"according to Northline News", "wrote on Chirper"); ``reporter`` the named reporter. The
**channel** comes from the words around the cue (interview, statement, video message, social-media
post, letter, phone call, press conference, speech, remarks to reporters). The **date** is a date
expression governed by the cue or its channel noun ("in a 2021 interview", "said on Saturday");
none is guessed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente.actors import ActorTable
from detente.lexicon import cues
from detente.records import DateRange, ParsedArticle, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.dates import DateMention

__all__ = ["QuoteSegment", "extract_quotes", "find_quote_segments"]

_OPENERS = {"“": "”", "«": "»", "„": "“"}
_CLOSERS = {"”", "»"}
_CHANNEL_NOUNS = {
    "interview": "interview",
    "statement": "statement",
    "letter": "letter",
    "speech": "speech",
    "address": "speech",
    "remarks": "remarks",
    "remark": "remarks",
    "post": "social-media post",
    "tweet": "social-media post",
    "video": "video message",
    "podcast": "podcast",
    "briefing": "press conference",
    "conference": "press conference",
    "call": "phone call",
    "conversation": "conversation",
    "message": "message",
    "email": "email",
    "op-ed": "op-ed",
    "column": "op-ed",
    "memo": "memo",
}
_COMPOUND_CHANNELS = {
    ("video", "message"): "video message",
    ("phone", "call"): "phone call",
    ("telephone", "call"): "phone call",
    ("press", "conference"): "press conference",
    ("news", "conference"): "press conference",
    ("text", "message"): "text message",
    ("voice", "message"): "voice message",
    ("radio", "interview"): "interview",
    ("television", "interview"): "interview",
    ("tv", "interview"): "interview",
}
_REPORTERS = {"reporter", "reporters", "journalist", "journalists", "press"}
# A quoted span shorter than this many words inside a sentence is a fragment ("a weathervane"),
# attributed through the parse rather than taken for a quote standing on its own.
_FRAGMENT_WORDS = 4


@dataclass(frozen=True, slots=True)
class QuoteSegment:
    """Characters ``[start, end)`` of one quoted span, marks included; ``closed`` if it closes."""

    start: int
    end: int
    paragraph: int
    closed: bool

    def inner(self, text: str) -> tuple[int, int]:
        """The span without its quotation marks (and the spaces next to them)."""
        start, end = self.start + 1, self.end - (1 if self.closed else 0)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


def find_quote_segments(text: str) -> tuple[QuoteSegment, ...]:
    """Every quoted span of ``text``, paragraph by paragraph (blank lines separate paragraphs)."""
    segments: list[QuoteSegment] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(text)):
        open_at: int | None = None
        expected: str | None = None
        for i in range(p_start, p_end):
            ch = text[i]
            if open_at is None:
                if ch in _OPENERS:
                    open_at, expected = i, _OPENERS[ch]
                elif ch == '"' and _opens_straight(text, i):
                    open_at, expected = i, '"'
            elif (
                ch == expected
                or (expected == "”" and ch in _CLOSERS)
                or (expected == '"' and ch == '"')
            ):
                segments.append(QuoteSegment(open_at, i + 1, number, True))
                open_at = expected = None
        if open_at is not None and p_end - open_at > 2:
            segments.append(QuoteSegment(open_at, p_end, number, False))
    return tuple(segments)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in re.finditer(r"\n\s*\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _opens_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue: Token | None
    speaker: Token | None  # head token of the speaker phrase
    according_to: bool = False


def extract_quotes(
    parsed: ParsedArticle,
    actors: ActorTable,
    dates: Sequence[DateMention] = (),
) -> tuple[Quote, ...]:
    """Find direct and reported quotes in a parsed article, with speaker, via, channel and date."""
    doc = parsed.doc
    if doc is None:
        return ()
    return _QuoteFinder(doc, actors, dates).run()


class _QuoteFinder:
    def __init__(self, doc: Doc, actors: ActorTable, dates: Sequence[DateMention]) -> None:
        self.doc = doc
        self.text = doc.text
        self.actors = actors
        self.dates = dates
        self.segments = find_quote_segments(self.text)
        self.in_segment = [False] * len(doc)
        self.segment_of: dict[int, int] = {}
        for n, seg in enumerate(self.segments):
            for tok in self._tokens(seg.start, seg.end):
                self.in_segment[tok.i] = True
                self.segment_of[tok.i] = n

    def run(self) -> tuple[Quote, ...]:
        quotes: list[tuple[int, Quote]] = []
        used_cues: set[int] = set()
        previous: _Attribution | None = None
        previous_segment: QuoteSegment | None = None
        previous_quote: Quote | None = None
        for seg in self.segments:
            follow_on = False
            if self._is_fragment(seg):
                attribution = self._fragment_attribution(seg)
            else:
                attribution = self._segment_attribution(seg)
                if (
                    attribution.cue is None
                    and previous is not None
                    and previous_segment is not None
                    and self._follows(previous_segment, seg)
                ):
                    attribution = previous
                    follow_on = True
            if attribution.cue is not None:
                used_cues.add(attribution.cue.i)
            start, end = seg.inner(self.text)
            if end <= start:
                continue
            quote = self._quote(start, end, attribution, direct=True, span=(seg.start, seg.end))
            if follow_on and previous_quote is not None:
                # a follow-on continues the same interview: same speaker, outlet, channel, date
                quote = dataclasses.replace(
                    quote,
                    via=previous_quote.via,
                    reporter=previous_quote.reporter,
                    channel=previous_quote.channel,
                    date=previous_quote.date,
                )
            if not self._is_fragment(seg) and (attribution.cue or attribution.speaker):
                previous, previous_segment, previous_quote = attribution, seg, quote
            quotes.append((seg.start, quote))
        for quote_start, quote in self._reported(used_cues):
            quotes.append((quote_start, quote))
        quotes.sort(key=lambda item: item[0])
        return tuple(q for _, q in quotes)

    # -- direct quotes ---------------------------------------------------------------------

    def _tokens(self, start: int, end: int) -> list[Token]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def _is_fragment(self, seg: QuoteSegment) -> bool:
        start, end = seg.inner(self.text)
        words = len(self.text[start:end].split())
        if words >= _FRAGMENT_WORDS and re.search(r"[.!?,;:…]$", self.text[start:end]):
            return False
        paragraph_start = _paragraphs(self.text)[seg.paragraph][0]
        at_start = not self.text[paragraph_start : seg.start].strip()
        return (
            words < _FRAGMENT_WORDS * 2
            and not at_start
            and not re.search(r"[.!?]$", self.text[start:end])
        )

    def _segment_attribution(self, seg: QuoteSegment) -> _Attribution:
        tokens = self._tokens(seg.start, seg.end)
        if not tokens:
            return _Attribution(None, None)
        sents = {t.sent.start: t.sent for t in tokens}
        # The sentence right after a closing quote often holds the attribution ("..." he said.)
        last_sent = tokens[-1].sent
        if last_sent.end < len(self.doc) and _same_paragraph(
            self.doc, last_sent.end - 1, last_sent.end
        ):
            following = self.doc[last_sent.end].sent
            if not any(self.in_segment[t.i] for t in following[:1]):
                sents.setdefault(following.start, following)
        candidates = [
            t
            for sent in sents.values()
            for t in sent
            if not self.in_segment[t.i] and self._is_cue(t) and self._same_paragraph_as(t, seg)
        ]
        if not candidates:
            cue = self._colon_cue(seg, tokens[0])
            if cue is not None:
                return _Attribution(cue, self._speaker_of(cue))
            return _Attribution(None, None)
        cue = min(candidates, key=lambda t: _char_distance(t, seg))
        return self._attribution_for_cue(cue)

    def _fragment_attribution(self, seg: QuoteSegment) -> _Attribution:
        tokens = self._tokens(seg.start, seg.end)
        if not tokens:
            return _Attribution(None, None)
        token: Token | None = min(tokens, key=lambda t: len(list(t.ancestors)))
        steps = 0
        while token is not None and steps < 8:
            if not self.in_segment[token.i] and self._is_cue(token):
                return self._attribution_for_cue(token)
            if token.head is token:
                break
            token = token.head
            steps += 1
        return _Attribution(None, None)

    def _attribution_for_cue(self, cue: Token) -> _Attribution:
        if cue.lower_ == "according":
            obj = _according_object(cue)
            return _Attribution(cue, obj, according_to=True)
        return _Attribution(cue, self._speaker_of(cue))

    def _colon_cue(self, seg: QuoteSegment, first: Token) -> Token | None:
        """'He said:' / 'In a statement, she wrote:' right before the quote."""
        i = first.i - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        if i < 0 or self.doc[i].text != ":":
            return None
        sent = self.doc[i].sent
        found = [t for t in sent if self._is_cue(t) and not self.in_segment[t.i] and t.i < i]
        return found[-1] if found else None

    def _follows(self, previous: QuoteSegment, seg: QuoteSegment) -> bool:
        """Whether ``seg`` continues ``previous`` (same or next paragraph, no new voice)."""
        if seg.paragraph - previous.paragraph > 1:
            return False
        between = self.text[previous.end : seg.start]
        if seg.paragraph == previous.paragraph:
            return True
        # A paragraph that only holds quotes continues the previous speaker's words.
        paragraph_start = _paragraphs(self.text)[seg.paragraph][0]
        return not self.text[paragraph_start : seg.start].strip() and len(between) < 400

    def _is_cue(self, tok: Token) -> bool:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            return True
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.lemma_ == "post"):
            return False
        cue = cues().get(tok.lemma_.lower())
        if cue is None or cue.kind == "belief":
            return False
        if tok.lemma_ == "call" and not any(
            c.dep_ in ("oprd", "xcomp", "ccomp") for c in tok.children
        ):
            return cue is not None and self._quote_child(tok)
        return True

    def _quote_child(self, tok: Token) -> bool:
        return any(self.in_segment[t.i] for t in tok.subtree)

    def _same_paragraph_as(self, tok: Token, seg: QuoteSegment) -> bool:
        start, end = _paragraphs(self.text)[seg.paragraph]
        return start <= tok.idx < end

    def _speaker_of(self, cue: Token) -> Token | None:
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not self.in_segment[child.i]:
                if child.dep_ == "nsubjpass":
                    for agent in cue.children:
                        if agent.dep_ == "agent":
                            return next((c for c in agent.children if c.dep_ == "pobj"), child)
                return child
        # "..., said Hollins's longtime adviser": the subject may follow as nsubj too; conj cues
        if cue.dep_ == "conj" and cue.head.pos_ in ("VERB", "AUX"):
            return self._speaker_of(cue.head)
        # "calling her ...": the cue is an adverbial clause of the sentence's verb
        if cue.dep_ in ("advcl", "xcomp", "pcomp", "acl") and cue.head is not cue:
            return self._speaker_of(cue.head)
        return None

    # -- reported speech -------------------------------------------------------------------

    def _reported(self, used: set[int]) -> list[tuple[int, Quote]]:
        out = []
        for tok in self.doc:
            if tok.i in used or self.in_segment[tok.i]:
                continue
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                content = _according_content(tok)
                if content is None:
                    continue
                attribution = _Attribution(tok, _according_object(tok), according_to=True)
            else:
                cue = cues().get(tok.lemma_.lower())
                if cue is None or tok.pos_ not in ("VERB", "AUX"):
                    continue
                complement = next((c for c in tok.children if c.dep_ == "ccomp"), None)
                if complement is None:
                    continue
                content = self.doc[complement.left_edge.i : complement.right_edge.i + 1]
                mark = self.doc[content.start - 1] if content.start > 0 else None
                if mark is not None and mark.lower_ == "that" and mark.head == complement:
                    content = self.doc[content.start - 1 : content.end]
                attribution = _Attribution(tok, self._speaker_of(tok))
                if attribution.speaker is None:
                    continue
                if attribution.speaker.lower_ in ("i", "we", "you", "it", "this", "that"):
                    continue
            if any(self.in_segment[t.i] for t in content):
                continue  # the words are quoted directly; the direct quote carries them
            start, end = _trim_punct(self.text, content.start_char, content.end_char)
            if end - start < 3:
                continue
            out.append(
                (start, self._quote(start, end, attribution, direct=False, span=(start, end)))
            )
        return out

    # -- building the record ---------------------------------------------------------------

    def _quote(
        self,
        start: int,
        end: int,
        attribution: _Attribution,
        *,
        direct: bool,
        span: tuple[int, int],
    ) -> Quote:
        speaker_tok = attribution.speaker
        speaker_id = None
        speaker_text = None
        speaker_span = None
        if speaker_tok is not None:
            speaker_id = self.actors.actor_at(speaker_tok.i)
            phrase = _phrase(speaker_tok, self.in_segment)
            speaker_text = phrase.text
            speaker_span = (phrase.start_char, phrase.end_char)
        actor = self.actors.get(speaker_id)
        anonymous = (actor is not None and actor.kind == "anonymous") or (
            actor is None and speaker_text is not None and _looks_anonymous(speaker_text)
        )
        cue = attribution.cue
        via, reporter = self._via(cue, attribution, span)
        channel = self._channel(cue, via)
        return Quote(
            text=self.text[start:end],
            span=span,
            speaker=speaker_id,
            speaker_text=speaker_text,
            speaker_span=speaker_span,
            anonymous=anonymous,
            direct=direct,
            cue=_cue_text(cue) if cue is not None else None,
            cue_span=_cue_span(cue) if cue is not None else None,
            via=via,
            reporter=reporter,
            channel=channel,
            date=self._date(cue, span),
        )

    def _via(
        self, cue: Token | None, attribution: _Attribution, content: tuple[int, int]
    ) -> tuple[str | None, str | None]:
        if cue is None:
            return None, None
        if attribution.according_to and attribution.speaker is not None:
            actor = self.actors.get(self.actors.actor_at(attribution.speaker.i))
            if actor is not None and actor.kind == "outlet":
                return actor.id, None
        for tok in cue.subtree:
            if self.in_segment[tok.i] or content[0] <= tok.idx < content[1]:
                continue
            is_object = tok.dep_ in ("dobj", "dative") and tok.head == cue
            in_prep = tok.dep_ == "pobj" and tok.head.lower_ in ("on", "with", "to")
            if not (is_object or in_prep):
                continue
            actor = self.actors.get(self.actors.actor_at(tok.i))
            if actor is None:
                continue
            if actor.kind == "outlet":
                return actor.id, None
            if actor.kind == "person" and actor.affiliation:
                owner = self.actors.get(actor.affiliation)
                if owner is not None and owner.kind == "outlet":
                    return owner.id, actor.id
        return None, None

    def _channel(self, cue: Token | None, via: str | None) -> str | None:
        if cue is None:
            return None
        for tok in cue.subtree:
            if self.in_segment[tok.i] or tok.pos_ != "NOUN":
                continue
            if not (tok.head == cue or tok.head.head == cue):
                continue
            channel = _channel_of(tok)
            if channel is not None:
                if channel == "message" and any(c.lower_ == "the" for c in tok.children):
                    channel = self._earlier_channel(tok) or channel
                return channel
        for child in cue.children:
            if child.dep_ in ("dobj", "dative") and child.lower_ in _REPORTERS:
                return "remarks to reporters"
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ == "on":
                for obj in child.children:
                    actor = self.actors.get(self.actors.actor_at(obj.i))
                    if actor is not None and actor.kind == "outlet":
                        return "social-media post"
        cue_entry = cues().get(cue.lemma_.lower())
        if cue_entry is not None and cue_entry.channel:
            return cue_entry.channel
        if via is not None:
            actor = self.actors.get(via)
            if (
                cue.lemma_ in ("write", "post", "say")
                and actor is not None
                and _is_platform(actor.name)
            ):
                return "social-media post"
            if cue.lemma_ == "tell":
                return "interview"
        return None

    def _earlier_channel(self, tok: Token) -> str | None:
        for prev in reversed(self.doc[: tok.i]):
            if prev.lemma_ == tok.lemma_ and prev.i != tok.i:
                channel = _channel_of(prev)
                if channel and channel != "message":
                    return channel
        return None

    def _date(self, cue: Token | None, content: tuple[int, int]) -> DateRange | None:
        if cue is None or not self.dates:
            return None
        region = {t.i for t in cue.subtree if not self.in_segment[t.i]}
        for mention in self.dates:
            if content[0] <= mention.span[0] < content[1]:
                continue
            if mention.governor is not None and (
                mention.governor == cue.i or mention.governor in region
            ):
                span = self.doc.char_span(*mention.span, alignment_mode="expand")
                if span is not None and any(t.i in region for t in span):
                    return mention.date
        return None


# --- helpers --------------------------------------------------------------------------------


def _same_paragraph(doc: Doc, i: int, j: int) -> bool:
    lo, hi = sorted((i, j))
    return "\n\n" not in doc[lo : hi + 1].text_with_ws


def _char_distance(tok: Token, seg: QuoteSegment) -> int:
    if tok.idx >= seg.end:
        return tok.idx - seg.end
    if tok.idx < seg.start:
        return seg.start - tok.idx + 5  # prefer the cue after the quote on ties
    return 0


def _according_object(tok: Token) -> Token | None:
    for prep in tok.children:
        if prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _according_content(tok: Token) -> Span | None:
    """The clause "according to X" attaches to, without the according-phrase."""
    head = tok.head
    if head is tok:
        return None
    sent = tok.sent
    phrase = {t.i for t in tok.subtree}
    words = [t for t in sent if t.i not in phrase and not t.is_punct]
    if not words:
        return None
    doc = tok.doc
    # the longest run of the sentence on one side of the phrase
    left = [t for t in words if t.i < tok.i]
    right = [t for t in words if t.i > tok.i]
    side = left if len(left) >= len(right) else right
    if len(side) < 3:
        return None
    return doc[side[0].i : side[-1].i + 1]


def _phrase(tok: Token, in_segment: list[bool]) -> Span:
    """The noun phrase a speaker token heads, without relative clauses and quoted words."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj") or in_segment[child.i]:
            break
        right = child.right_edge.i
    while left < tok.i and (in_segment[left] or doc[left].is_punct):
        left += 1
    return doc[left : right + 1]


def _looks_anonymous(text: str) -> bool:
    return bool(
        re.search(
            r"\b(?:aides?|officials?|sources?|advis[eo]rs?|people|person|insiders?|diplomats?|"
            r"allies|ally|confidants?)\b",
            text,
            re.I,
        )
    ) and not re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b", text)


def _cue_text(cue: Token) -> str:
    doc = cue.doc
    if cue.lower_ == "according":
        return doc[cue.i : cue.i + 2].text
    words = [cue]
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.i > cue.i and child.i - cue.i <= 4:
            words.extend(doc[cue.i + 1 : child.right_edge.i + 1])
            break
    aux = [c for c in cue.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < cue.i]
    start = min([w.i for w in words] + [a.i for a in aux])
    end = max(w.i for w in words) + 1
    return doc[start:end].text


def _cue_span(cue: Token) -> tuple[int, int]:
    doc = cue.doc
    if cue.lower_ == "according":
        span = doc[cue.i : cue.i + 2]
        return span.start_char, span.end_char
    aux = [c for c in cue.children if c.dep_ in ("aux", "auxpass") and c.i < cue.i]
    start = min([cue.i] + [a.i for a in aux])
    span = doc[start : cue.i + 1]
    return span.start_char, span.end_char


def _channel_of(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("compound", "amod"):
            key = (child.lower_, lemma)
            if key in _COMPOUND_CHANNELS:
                return _COMPOUND_CHANNELS[key]
    return _CHANNEL_NOUNS.get(lemma)


def _is_platform(name: str) -> bool:
    from detente.lexicon import outlets

    for outlet in outlets():
        if outlet.kind == "platform" and name in (outlet.name, *outlet.aliases):
            return True
    return False


def _trim_punct(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,;:.—–-":
        end -= 1
    while start < end and text[start] in " ,;:—–-":
        start += 1
    return start, end
