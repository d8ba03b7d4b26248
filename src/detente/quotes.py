"""Quotes stage: who said what, directly or reported, through which outlet or channel, and when.

``extract_quotes(parsed, actors, dates) -> tuple[Quote, ...]``

**Direct quotes** are the spans between quotation marks (curly, straight, or the doubled
apostrophes of some wire archives), within a paragraph (blank lines separate paragraphs, and so
do single line breaks in a text that is not hard-wrapped); a quote left open at the end of a
paragraph runs on, as news prints multi-paragraph quotes. A quote inside a sentence takes the cue
it hangs from in the parse ("he called her “a shopkeeper,” and she replied ..."); any other is
attributed by the nearest attribution cue (``lexicon/cues.tsv``: said, told, added, wrote,
posted, insisted, ... and "according to") outside any quote, in the sentences the quote touches.
A quote split by its attribution ("...," she said, "...") gives two quotes with the same cue and
speaker. A quote with no cue of its own takes one from a preceding sentence that ends with a colon
("She went on:"), or from a name and a dash signing it on its line ("“...” — Jo Reyes"), else
continues the previous quote's speaker when it follows it directly (a follow-on in an interview);
a quote followed only by a comma and a source's name ("“...,” a senior aide to the minister", the
verb clipped) is that source's.
Short quoted fragments ("calling her “a weathervane”") are attributed by walking up the parse to
a cue, else to a verb whose subject is an actor ("dismissed the plan as “a fantasy”"). Paragraphs
of an interview transcript ("VARGA: We have had our differences.") are their speaker's words.

**Reported speech** is a cue with its content in the parse: a clausal complement ("aides told
Harbor Wire they believe the relationship can be mended"; "he said he felt betrayed"), an
infinitive for verbs of promising, urging and intending ("vowed to return", "urged Kessler to
resign"), the object of verbs that name what was said ("cited the polls", "described the plan as
reckless", "called Kessler a liar", "spoke about the border"), what a poll or a record shows
("polls show Varga ahead"), what was reported by someone ("the plan was first reported by
Harbor Wire"), an attitude adjective's clause ("Varga is confident that ..."), a
noun's "that"-clause ("Varga's claim that ..."), an attribution inserted in its clause ("The
talks, she said, had stalled"), "according to X", or a headline's "Name: words". It is a quote
with ``direct=False`` whose text is the content (without an inserted attribution or a dateline).
Its content may hold quoted fragments ("she said the plan was “dead on arrival”"); those
fragments are direct quotes as well. An attribution inside the content of another ("he said she
believes ...") is part of that content, not a quote of its own; "asked not to be named" is not a
quote.

The **speaker** is the cue's subject (or the object of "according to"), as the whole noun phrase
written (short of an aside: "Varga, in the middle of a tour, said"), resolved to an actor through
the actors stage (pronouns included; "who" to the noun it modifies; a transcript's "VARGA" to the
person of that surname). Three subjects are not the speaker: "Harbor Wire quoted her as saying"
quotes its object; "Varga's words" are the possessor's; a cue after the words it attributes with
no subject takes its object ("“...”, declared a government source"). ``anonymous`` is true for
unnamed sources. The **cue** is the attributing words: the verb with its auxiliaries, adverbs and
particles, its listener and the phrase saying where ("has also told Harbor Wire in an
interview:"). **via** is the outlet or platform the words went through ("told Harbor Wire",
"Harbor Wire's Tom Rivers", "according to Northline News", "wrote on Chirper"); ``reporter`` the
named reporter. The **channel** comes from the words around the cue (interview, statement, video
message, social-media post, letter, phone call, press conference, speech, remarks to reporters).
The **date** is a date expression governed by the cue or its channel noun ("in a 2021
interview", "said on Saturday"); none is guessed.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente.actors import ActorTable
from detente.lexicon import Cue, cues, outlets
from detente.lexicon.names import fold
from detente.nlp import doc_text
from detente.records import DateRange, ParsedArticle, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
# Lines of a hard-wrapped text are at most this long (plain-text mail and wire copy wrap at 70-80).
_WRAP_WIDTH = 80
# A quoted span shorter than this many words inside a sentence is a fragment ("a weathervane"),
# attributed through the parse rather than taken for a quote standing on its own.
_FRAGMENT_WORDS = 4
# Cue kinds (cues.tsv) whose infinitive complement is the content: "vowed to return", "urged
# Kessler to resign", "claimed to have won", "wants to cut taxes". Plain speech verbs take none
# ("is said to be").
_INFINITIVE_KINDS = {"commissive", "directive", "mention", "belief", "intent"}
# Cue kinds that attribute a direct quote; beliefs and intentions only report.
_QUOTING_KINDS = {"speech", "mention", "post", "commissive", "directive", "report"}
_RELATIVE = {"who", "which", "that", "whom"}
# Nouns that introduce the words they name ("the phrase “...”", "the word “...”").
_NAMING_NOUNS = {"phrase", "word", "term", "label", "slogan", "expression", "nickname", "words"}
# Speech verbs whose object is the listener, never an inverted subject ("told Harbor Wire").
_LISTENER_VERBS = {"tell", "ask", "inform", "assure", "remind", "warn", "brief", "advise", "answer"}
# Nouns for someone's words: "Varga's words", "his statement" speak for their possessor.
_WORDS_NOUNS = {"word", "words", "remark", "remarks", "statement", "comment", "message", "post"}
# A source named after a quote without a verb ("“...,” a senior aide to the minister") is at
# most this many words; longer is a sentence the parse could not read (tuned on the storylines
# dev set's one case, 9 words, with room for a long title).
_TRAILING_SOURCE_WORDS = 12
_PERSONAL = {"i", "we", "you", "he", "she", "they", "me", "us", "him", "her", "them"}
# "asked not to be named / identified / quoted": anonymity, not reported words
_ANONYMITY = {"name", "identify", "quote"}
_CLAUSES = {"advcl", "ccomp", "xcomp", "conj", "cc", "parataxis", "csubj"}
# A headline attribution ("Poll: Voters sour on the plan") names its source in at most this many
# words.
_HEADLINE_SOURCE_WORDS = 5
# An interview transcript's speaker label: one to three capitalised words and a colon at the start
# of a paragraph, maybe inside the paragraph's opening quotation mark ("PENCE: Well, ...").
_TRANSCRIPT_LABEL = re.compile(
    r"(?P<mark>[\s\"“]*)(?P<label>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s"
)

# A dateline ("LINDMOOR, Ardenia —", "SARNIC, Estavia (Harbor Wire) --"): nobody's words.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{2,40}(?:,\s*[\w .'-]{2,40}?)?(?:\s*\([^)]{1,40}\))?\s*(?:—|–|--|-)\s"
)
# A name and a dash signing a quote on its line, before or after it ("Jo Reyes — “...”").
_NAME_DASH = re.compile(r"\s*(?P<name>[^\W\d][\w.'’ -]{1,60}?)\s*(?P<dash>[―—–]|--)\s*")
_DASH_NAME = re.compile(r"\s*(?P<dash>[―—–]|--)\s*(?P<name>[^\W\d][\w.'’ -]{1,60}?)\s*")


@dataclass(frozen=True, slots=True)
class QuoteSegment:
    """Characters ``[start, end)`` of one quoted span, marks included; ``closed`` if it closes.

    ``mark`` is the length of the quotation mark (2 for doubled apostrophes: ''like this'').
    """

    start: int
    end: int
    paragraph: int
    closed: bool
    mark: int = 1

    def inner(self, text: str) -> tuple[int, int]:
        """The span without its quotation marks (and the spaces next to them)."""
        start, end = self.start + self.mark, self.end - (self.mark if self.closed else 0)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


def find_quote_segments(text: str) -> tuple[QuoteSegment, ...]:
    """Every quoted span of ``text``, paragraph by paragraph (blank lines separate paragraphs).

    Curly quotes pair by shape; straight double quotes and doubled apostrophes ('' or ``) open
    after a space or an opening bracket and close at the next mark of the same kind. A single
    apostrophe is never a quotation mark. A curly quote left open whose paragraph then holds a
    single straight mark after a word closes there (“Not yet," she said). A quote still open at
    the end of a paragraph ends there (``closed=False``).
    """
    segments: list[QuoteSegment] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(text)):
        open_at: int | None = None
        expected: str | None = None
        straight: list[int] = []  # straight marks inside an open curly quote
        i = p_start
        while i <= p_end:
            if i == p_end:
                close = _mixed_close(text, straight)
                if open_at is None or close is None:
                    break
                # “...," a curly quote closed by a straight mark, as hurried copy prints it
                segments.append(QuoteSegment(open_at, close + 1, number, True))
                open_at = expected = None
                straight = []
                i = close + 1
                continue
            ch = text[i]
            double = text[i : i + 2] if text[i : i + 2] in ("''", "``") else None
            if expected == "”" and ch == '"':
                straight.append(i)
            close = _mixed_close(text, straight) if expected == "”" and ch == "“" else None
            if open_at is not None and close is not None:
                # “Not yet," she said, “maybe later.”: a new quote opens after a straight close
                segments.append(QuoteSegment(open_at, close + 1, number, True))
                open_at, straight = i, []
                i += 1
                continue
            if open_at is None:
                if ch in _OPENERS:
                    open_at, expected = i, _OPENERS[ch]
                elif double == "``" or (double == "''" and _opens_straight(text, i, 2)):
                    open_at, expected = i, "''"
                elif ch == '"' and _opens_straight(text, i, 1):
                    open_at, expected = i, '"'
            elif expected == "''" and double == "''":
                segments.append(QuoteSegment(open_at, i + 2, number, True, mark=2))
                open_at = expected = None
            elif ch == expected or (expected == "”" and ch in _CLOSERS):
                segments.append(QuoteSegment(open_at, i + 1, number, True))
                open_at = expected = None
                straight = []
            i += 2 if double else 1
        if open_at is not None and p_end - open_at > 2:
            mark = 2 if expected == "''" else 1
            segments.append(QuoteSegment(open_at, p_end, number, False, mark=mark))
    return tuple(segments)


def _mixed_close(text: str, straight: list[int]) -> int | None:
    """The one straight mark that closes a curly quote left open ("shattered," a source),
    else None: two or more are a quote inside the quote."""
    if len(straight) != 1:
        return None
    i = straight[0]
    before = text[i - 1]
    after = text[i + 1] if i + 1 < len(text) else " "
    return i if not before.isspace() and (after.isspace() or after in ".,;:)—–-") else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines separate paragraphs, and so does a single line break in a
    text that is not hard-wrapped (one paragraph per line)."""
    spans = []
    start = 0
    for match in re.finditer(r"\n\s*\n" if _hard_wrapped(text) else r"\n\s*", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _hard_wrapped(text: str) -> bool:
    """Whether line breaks fall inside paragraphs: most lines end near a fixed width."""
    lines = [line for line in text.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(line) <= _WRAP_WIDTH)
    return len(lines) > 2 and short >= 0.8 * len(lines)


def _opens_straight(text: str, i: int, width: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue: Token | None
    speaker: Token | None  # head token of the speaker phrase
    according_to: bool = False
    headline: tuple[int, int] | None = None  # tokens [start, end) of a headline's source


@dataclass(frozen=True, slots=True)
class _Content:
    """Tokens ``[start, end)`` of reported words; ``gap`` is an attribution inserted in them."""

    start: int
    end: int
    gap: tuple[int, int] | None = None


def extract_quotes(
    parsed: ParsedArticle,
    actors: ActorTable,
    dates: Sequence[DateMention] = (),
) -> tuple[Quote, ...]:
    """Find direct and reported quotes in a parsed article, with speaker, via, channel and date.

    Args:
        parsed: the article and its spaCy parse.
        actors: the article's actors (speakers, outlets and reporters resolve to them).
        dates: the article's resolved date expressions (the dates stage), for quote dates.

    Returns:
        The quotes in text order; () for an article without a parse.
    """
    doc = parsed.doc
    if doc is None:
        return ()
    return _QuoteFinder(doc, actors, dates).run()


class _QuoteFinder:
    def __init__(self, doc: Doc, actors: ActorTable, dates: Sequence[DateMention]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.actors = actors
        self.dates = dates
        self.paragraphs = _paragraphs(self.text)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.segments = find_quote_segments(self.text)
        self.in_segment = [False] * len(doc)
        for seg in self.segments:
            for tok in self._tokens(seg.start, seg.end):
                self.in_segment[tok.i] = True
        self.transcript = self._transcript()
        for _, (start, end) in self.transcript:
            for tok in self._tokens(start, end):
                self.in_segment[tok.i] = True  # a transcript's words are quoted speech

    def run(self) -> tuple[Quote, ...]:
        reported = self._reported()
        quotes: list[tuple[int, Quote]] = []
        spoken: list[tuple[int, int]] = []
        for attribution, (start, end) in self.transcript:
            quote = self._quote(
                attribution, direct=True, span=(start, end), text=self.text[start:end]
            )
            quotes.append((start, quote))
            spoken.append((start, end))
        previous: _Attribution | None = None
        previous_segment: QuoteSegment | None = None
        previous_quote: Quote | None = None
        for seg in self.segments:
            start, end = seg.inner(self.text)
            if end <= start or any(a < seg.end and seg.start < b for a, b in spoken):
                continue  # a transcript paragraph's words are its speaker's, quotes and all
            follow_on = False
            fragment = self._is_fragment(seg)
            if fragment:
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
            quote = self._quote(
                attribution, direct=True, span=(seg.start, seg.end), text=self.text[start:end]
            )
            if fragment and self._names_listener(seg, attribution.cue):
                continue  # "told “Morning Joe” that ...": the listener's quoted name, not words
            if follow_on and previous_quote is not None:
                # a follow-on continues the same interview: same speaker, outlet, channel, date
                quote = dataclasses.replace(
                    quote,
                    via=previous_quote.via,
                    reporter=previous_quote.reporter,
                    channel=previous_quote.channel,
                    date=previous_quote.date,
                )
            if not fragment and (attribution.cue or attribution.speaker):
                previous, previous_segment, previous_quote = attribution, seg, quote
            quotes.append((seg.start, quote))
        for attribution, content in reported:
            span, text = self._content_text(content)
            quotes.append((span[0], self._quote(attribution, direct=False, span=span, text=text)))
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
        paragraph_start = self.paragraphs[seg.paragraph][0]
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
        governing = self._governing_cue(tokens)
        if governing is not None:
            return self._attribution_for_cue(governing)
        sents = {t.sent.start: t.sent for t in tokens}
        # The sentence right after a closing quote often holds the attribution ("..." he said.)
        last_sent = tokens[-1].sent
        if last_sent.end < len(self.doc) and self._paragraph_at(
            self.doc[last_sent.end - 1].idx
        ) == self._paragraph_at(self.doc[last_sent.end].idx):
            following = self.doc[last_sent.end].sent
            if not any(self.in_segment[t.i] for t in following[:1]):
                sents.setdefault(following.start, following)
        candidates = [
            t
            for sent in sents.values()
            for t in sent
            if not self.in_segment[t.i]
            and self._is_cue(t, quoting=True)
            and self._same_paragraph_as(t, seg)
            and not (t.sent.start > last_sent.start and self._reports_elsewhere(t, seg))
        ]
        if not candidates:
            cue = self._colon_cue(tokens[0])
            if cue is not None:
                return self._attribution_for_cue(cue)
            signed = self._signed(seg)
            if signed.speaker is None:
                return self._trailing_source(seg) or signed
            return signed
        cue = min(candidates, key=lambda t: _char_distance(t, seg))
        return self._attribution_for_cue(cue)

    def _reports_elsewhere(self, cue: Token, seg: QuoteSegment) -> bool:
        """Whether a cue after the quote has reported words of its own ("she said only that")."""
        according = cue.lower_ == "according"
        content = _according_content(cue) if according else self._complement(cue)
        return content is not None and self.doc[content.start].idx >= seg.end

    def _governing_cue(self, tokens: list[Token]) -> Token | None:
        """The cue a quote inside a sentence hangs from in the parse ("he called her “a
        shopkeeper with a flag,” and she replied ...")."""
        before = self.doc[tokens[0].sent.start : tokens[0].i]
        if not any(t.is_alpha for t in before):
            return None  # a quote opening its sentence: the nearest cue attributes it
        heads = {t.head.i for t in tokens if not self.in_segment[t.head.i]}
        if len(heads) != 1:
            return None
        head = self.doc[heads.pop()]
        for _ in range(3):
            if self._is_cue(head, quoting=True):
                return head
            if head.head.i == head.i or head.dep_ not in ("xcomp", "conj", "advcl"):
                break
            head = head.head
        return None

    def _fragment_attribution(self, seg: QuoteSegment) -> _Attribution:
        """The cue a quoted fragment hangs from, else the verb of a speaker who uses the words.

        "Varga dismissed the plan as “a fantasy”": no cue verb governs the fragment, but the
        words are the subject's; a verb whose subject is an actor (or a pronoun standing for one)
        attributes it.
        """
        tokens = self._tokens(seg.start, seg.end)
        if not tokens:
            return _Attribution(None, None)
        token = min(tokens, key=lambda t: len(list(t.ancestors)))
        user: Token | None = None
        for _ in range(8):
            if not self.in_segment[token.i]:
                if self._is_cue(token, quoting=True):
                    return self._attribution_for_cue(token)
                if user is None and token.pos_ == "VERB" and self._actor_subject(token):
                    user = token
            if token.head.i == token.i:
                break
            token = token.head
        if user is not None:
            return _Attribution(user, self._speaker_of(user))
        return _Attribution(None, None)

    def _actor_subject(self, verb: Token) -> bool:
        subject = self._speaker_of(verb)
        if subject is None or self.in_segment[subject.i]:
            return False
        actor = self.actors.get(self._speaker_actor(subject, verb))
        return actor is not None and actor.kind != "outlet"

    def _names_listener(self, seg: QuoteSegment, cue: Token | None) -> bool:
        """Whether a quoted fragment is the object of a cue whose words are elsewhere."""
        if cue is None or not any(c.dep_ in ("ccomp", "xcomp") for c in cue.children):
            return False
        inner = {t.i for t in self._tokens(*seg.inner(self.text))}
        return any(
            c.dep_ in ("dobj", "dative") and inner <= {t.i for t in c.subtree} for c in cue.children
        )

    def _attribution_for_cue(self, cue: Token) -> _Attribution:
        if cue.dep_ == "pcomp" and cue.head.lower_ == "as" and _quoted_as_saying(cue) is not None:
            cue = cue.head.head  # "quoted him as saying": the quoting verb is the cue
        if cue.lower_ == "according":
            return _Attribution(cue, _according_object(cue), according_to=True)
        return _Attribution(cue, self._speaker_of(cue))

    def _colon_cue(self, first: Token) -> Token | None:
        """'He said:' / 'In a statement, she wrote:' / 'She went on:' right before the quote."""
        i = first.i - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        if i < 0 or self.doc[i].text != ":":
            return None
        sent = self.doc[i].sent
        found = [
            t
            for t in sent
            if self._is_cue(t, quoting=True) and not self.in_segment[t.i] and t.i < i
        ]
        if found:
            return found[-1]
        # "Limbaugh continued:", "She concluded:": a colon opening the words of the subject
        root = sent.root
        if root.i < i and root.pos_ == "VERB" and self._actor_subject(root):
            return root
        return None

    def _trailing_source(self, seg: QuoteSegment) -> _Attribution | None:
        """A source named after the quote with no verb, to the end of its sentence: "“...,” a
        senior aide to the minister." (the cue left out, as captions and clipped copy do)."""
        doc = self.doc
        after = [
            t
            for t in self._tokens(seg.end, self.paragraphs[seg.paragraph][1])
            if t.idx >= seg.end and not t.is_space
        ]
        comma = self.text[slice(*seg.inner(self.text))].endswith(",")
        while after and after[0].text == ",":
            after, comma = after[1:], True
        if not comma:
            return None  # "“...,” a senior aide": the comma a quote hands on to its source
        words: list[Token] = []
        for tok in after:
            if tok.text in (".", "!", "?") or self.in_segment[tok.i]:
                break
            words.append(tok)
        if not words or len(words) > _TRAILING_SOURCE_WORDS:
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in words):
            return None  # a sentence of its own, not a source's name
        head = doc[words[0].i : words[-1].i + 1].root
        actor = self.actors.get(self.actors.actor_at(head.i))
        if actor is None or actor.kind not in ("person", "anonymous"):
            return None
        return _Attribution(None, head)

    def _signed(self, seg: QuoteSegment) -> _Attribution:
        """A quote signed with a person's name and a dash on its line, as lists of reactions
        print them: "Jo Reyes — “...”" or "“...” ― Jo Reyes"."""
        p_start, p_end = self.paragraphs[seg.paragraph]
        line_start = max(p_start, self.text.rfind("\n", 0, seg.start) + 1)
        line_end = self.text.find("\n", seg.end, p_end)
        line_end = p_end if line_end < 0 else line_end
        match = _NAME_DASH.fullmatch(self.text, line_start, seg.start) or _DASH_NAME.fullmatch(
            self.text, seg.end, line_end
        )
        if match is None:
            return _Attribution(None, None)
        name = self.doc.char_span(*match.span("name"))
        dash = self.doc.char_span(*match.span("dash"))
        if name is None or dash is None:
            return _Attribution(None, None)
        actor = self.actors.get(self.actors.actor_at(name.root.i))
        if actor is None or actor.kind != "person":
            return _Attribution(None, None)
        return _Attribution(dash[0], name.root, headline=(name.start, name.end))

    def _follows(self, previous: QuoteSegment, seg: QuoteSegment) -> bool:
        """Whether ``seg`` continues ``previous`` (same or next paragraph, no new voice)."""
        if seg.paragraph - previous.paragraph > 1:
            return False
        between = self.text[previous.end : seg.start]
        if seg.paragraph == previous.paragraph:
            return True
        # A paragraph that only holds quotes continues the previous speaker's words.
        paragraph_start = self.paragraphs[seg.paragraph][0]
        return not self.text[paragraph_start : seg.start].strip() and len(between) < 400

    def _is_cue(self, tok: Token, *, quoting: bool = False) -> bool:
        """Whether ``tok`` attributes words (``quoting``: words quoted directly)."""
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            return True
        noun_post = tok.pos_ == "NOUN" and tok.lemma_ == "post"
        cue = cues().get("post") if noun_post else _verb_cue(tok)
        if cue is None or (quoting and cue.kind not in _QUOTING_KINDS):
            return False
        if tok.lemma_ == "call" and not any(
            c.dep_ in ("oprd", "xcomp", "ccomp") for c in tok.children
        ):
            return self._quote_child(tok)
        return True

    def _quote_child(self, tok: Token) -> bool:
        return any(self.in_segment[t.i] for t in tok.subtree)

    def _same_paragraph_as(self, tok: Token, seg: QuoteSegment) -> bool:
        start, end = self.paragraphs[seg.paragraph]
        return start <= tok.idx < end

    def _paragraph_at(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char)

    def _speaker_of(self, cue: Token) -> Token | None:
        """The head of the phrase naming who speaks through ``cue``."""
        speaker = _quoted_as_saying(cue)
        if speaker is None:
            speaker = self._subject_of(cue)
        if speaker is None:
            speaker = self._inverted_subject(cue)
        if speaker is not None and speaker.lemma_.lower() in _WORDS_NOUNS:
            # "Varga's words seem to confirm it:", "his statement read": the possessor spoke
            owner = next((c for c in speaker.children if c.dep_ == "poss"), None)
            if owner is not None and not self.in_segment[owner.i]:
                return owner
        return speaker

    def _inverted_subject(self, cue: Token) -> Token | None:
        """After the quote or words it attributes, a cue with no subject takes the source the parse
        made its object ("“...”, declared a senior official")."""
        found = _verb_cue(cue)
        if found is None or found.kind not in ("speech", "post", "mention") or cue.pos_ != "VERB":
            return None
        if cue.lemma_ in _LISTENER_VERBS:
            return None  # "“...,” Varga told Harbor Wire": the object is who heard it
        i = cue.i - 1
        while i >= cue.sent.start and self.doc[i].is_punct and not self.in_segment[i]:
            i -= 1
        said = any(c.dep_ == "ccomp" and c.right_edge.i == i for c in cue.children)
        if i < cue.sent.start or not (self.in_segment[i] or said):
            return None  # the words must end right before the cue: "“...”, declared ..."
        for child in cue.children:
            if child.dep_ == "dobj" and child.i > cue.i and not self.in_segment[child.i]:
                actor = self.actors.get(self.actors.actor_at(child.i))
                if actor is not None and actor.kind != "outlet":
                    return child
        return None

    def _subject_of(self, cue: Token) -> Token | None:
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not self.in_segment[child.i]:
                if child.dep_ == "nsubjpass":
                    for agent in cue.children:
                        if agent.dep_ == "agent":
                            return next((c for c in agent.children if c.dep_ == "pobj"), child)
                return child
        # "..., said Hollins's longtime adviser": the subject may follow as nsubj too; conj cues
        if cue.dep_ == "conj" and cue.head.pos_ in ("VERB", "AUX"):
            return self._subject_of(cue.head)
        # "calling her ...", "went on to say": the cue is a clause of the sentence's verb
        if cue.dep_ in ("advcl", "xcomp", "pcomp", "acl") and cue.head.i != cue.i:
            head = cue.head
            if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "dobj":
                head = head.head  # "issued a statement saying ...": the one who issued it
            elif head.pos_ in ("NOUN", "PROPN") and cue.dep_ == "acl" and cue.tag_ == "VBG":
                return head  # "polls showing Varga ahead", "a letter saying ..."
            return self._subject_of(head)
        return None

    # -- reported speech -------------------------------------------------------------------

    def _reported(self) -> list[tuple[_Attribution, _Content]]:
        """Every cue with its content in the parse, outermost first wins (no nesting)."""
        found: list[tuple[_Attribution, _Content]] = []
        headline = self._headline()
        if headline is not None:
            found.append(headline)
        for tok in self.doc:
            if self.in_segment[tok.i]:
                continue
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                content = _according_content(tok)
                attribution = _Attribution(tok, _according_object(tok), according_to=True)
            elif _verb_cue(tok) is not None:
                content = self._complement(tok)
                attribution = _Attribution(tok, self._speaker_of(tok))
                if attribution.speaker is None:
                    continue
            elif tok.pos_ == "VERB" and self._actor_subject(tok):
                # "Varga dismissed the plan as “a fantasy”": an actor's words about something
                content = _object_content(tok)
                if content is None or not self._quotes(content):
                    continue
                attribution = _Attribution(tok, self._speaker_of(tok))
            elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and _adjective_cue(tok):
                # "Varga is confident that ...", "Kessler was eager to ..."
                content = _adjective_complement(tok)
                attribution = _Attribution(tok, self._speaker_of(tok.head))
                if attribution.speaker is None:
                    continue
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in cues():
                # "Varga's claim that the talks failed"
                content = _that_clause(tok)
                owner = next((c for c in tok.children if c.dep_ == "poss"), None)
                if owner is None:
                    continue
                attribution = _Attribution(tok, owner)
            else:
                continue
            if content is None:
                continue
            content = self._with_whole_quotes(content)
            if self._reports_words(content):
                found.append((attribution, content))
        # An attribution inside the content of another is part of what that one reports.
        return [
            (attribution, content)
            for attribution, content in found
            if not any(
                other is not content
                and attribution.cue is not None
                and other.start <= attribution.cue.i < other.end
                and not (other.gap and other.gap[0] <= attribution.cue.i < other.gap[1])
                for _, other in found
            )
        ]

    def _complement(self, cue: Token) -> _Content | None:
        """The words a cue verb reports, from its complements in the parse."""
        entry = _verb_cue(cue)
        if entry is None:
            return None
        children = list(cue.children)
        clause = next((c for c in children if c.dep_ == "ccomp"), None)
        if clause is not None:
            return _Content(clause.left_edge.i, clause.right_edge.i + 1)
        lemma = cue.lemma_.lower()
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
        reported = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if reported is not None and any(c.dep_ == "agent" for c in children):
            # "The plan was first reported by Harbor Wire": what was reported is the subject
            return _Content(reported.left_edge.i, reported.right_edge.i + 1)
        infinitive = next((c for c in children if c.dep_ == "xcomp" and _has_to(c)), None)
        if infinitive is not None and entry.kind in _INFINITIVE_KINDS and not passive:
            if self._complement_of_cue(infinitive):
                return None  # "wanted to know whether ...": the inner cue reports it
            if infinitive.lemma_ in _ANONYMITY and _passive(infinitive):
                return None  # "asked not to be named": a condition of anonymity, not words
            start = infinitive.left_edge.i
            for child in children:
                # "urged Kessler to resign", "called on Varga to resign": the one urged is content
                obj = _object(child) if child.dep_ != "prep" or child.lower_ == "on" else None
                if obj is not None and obj.i < infinitive.i:
                    start = min(start, obj.left_edge.i)
            return _Content(max(start, cue.i + 1), infinitive.right_edge.i + 1)
        for child in children:
            # "spoke about the talks", "called for a ceasefire", "pointed to the polls"
            obj = _object(child) if child.dep_ == "prep" else None
            if obj is not None and f"{lemma} {child.lower_}" in cues() and obj.i > cue.i:
                return _Content(obj.left_edge.i, obj.right_edge.i + 1)
        for child in children:
            # "said at the time that ...": the parser takes the clause for a relative one
            obj = _object(child) if child.dep_ == "prep" else None
            relative = _that_relative(obj) if obj is not None else None
            if relative is not None:
                return relative
        if entry.kind == "report" and not passive and self._document_subject(cue):
            shown = _predicate_content(cue)
            if shown is not None:
                return shown  # "polls show Clinton with a lead": a poll's or a record's finding
        named = _object_content(cue)
        if named is not None and not passive and (entry.kind == "mention" or self._quotes(named)):
            # "cited the polls", "described the plan as reckless", "called Kessler a liar",
            # "promised “jobs, jobs, jobs”"
            return named
        if cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX") and _inserted(cue):
            # "The talks, she said, had stalled": the clause around the inserted attribution
            head = cue.head
            sent = cue.sent
            start = max(head.left_edge.i, sent.start)
            end = min(head.right_edge.i + 1, sent.end)
            gap = _inserted_span(cue)
            if gap[0] <= start:
                start = gap[1]
            if gap[1] >= end:
                end = gap[0]
            inside = start < gap[0] and gap[1] < end
            return _Content(start, end, gap if inside else None) if start < end else None
        return None

    def _document_subject(self, verb: Token) -> bool:
        """Whether a verb's subject is a thing (a poll, data, a report), not a person."""
        subject = self._speaker_of(verb)
        if subject is None or subject.lower_ in _PERSONAL:
            return False
        actor = self.actors.get(self._speaker_actor(subject, verb))
        return actor is None or actor.kind not in ("person", "anonymous", "group")

    def _quotes(self, content: _Content) -> bool:
        """Whether content holds a quoted fragment."""
        return any(self.in_segment[i] for i in range(content.start, content.end))

    def _complement_of_cue(self, verb: Token) -> bool:
        """Whether a verb is itself a cue with reported content ("to know whether ...")."""
        return _verb_cue(verb) is not None and self._complement(verb) is not None

    def _with_whole_quotes(self, content: _Content) -> _Content:
        """Content widened over the marks and punctuation of a quote it ends or starts in."""
        doc = self.doc
        start, end = content.start, content.end
        first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        for seg in self.segments:
            if first <= seg.start < last < seg.end and _only_marks(self.text[last : seg.end]):
                end = max(t.i for t in self._tokens(seg.start, seg.end)) + 1
            if seg.start < first < seg.end <= last and _only_marks(self.text[seg.start : first]):
                start = min(t.i for t in self._tokens(seg.start, seg.end))
        return _Content(start, end, content.gap)

    def _reports_words(self, content: _Content) -> bool:
        """Whether reported content has words of its own, outside whole direct quotes.

        Content that is only a direct quote ("“We will win,” she said") is that quote; content
        that cuts through a quote (a multi-sentence quote) is left to the direct quote too.
        """
        words = [
            t
            for t in self.doc[content.start : content.end]
            if not t.is_punct
            and not t.is_space
            and not (content.gap and content.gap[0] <= t.i < content.gap[1])
        ]
        outside = [t for t in words if not self.in_segment[t.i] and t.lower_ != "that"]
        if len(outside) < 1 or len(words) < 2:
            return False
        start_char = self.doc[content.start].idx
        end_char = self.doc[content.end - 1].idx + len(self.doc[content.end - 1])
        return not any(
            seg.start < end_char
            and start_char < seg.end
            and not (start_char <= seg.start and seg.end <= end_char)
            for seg in self.segments
        )

    def _headline(self) -> tuple[_Attribution, _Content] | None:
        """A first line "Source: words" (a headline attribution, "Poll: Voters sour on ...").

        The source is one word or an actor's name, so that a title with a colon ("Stealth and
        Wealth: ...") is not read as one.
        """
        if not self.paragraphs:
            return None
        first = self.doc.char_span(*self.paragraphs[0], alignment_mode="expand")
        if first is None or "\n" in first.text.strip():
            return None
        colon = next((t for t in first if t.text == ":"), None)
        if colon is None or not 0 < colon.i - first.start <= _HEADLINE_SOURCE_WORDS:
            return None
        source = first[: colon.i - first.start]
        named = self.actors.actor_at(source.root.i) is not None
        if not source[0].text[:1].isupper() or not (named or len(source) == 1):
            return None
        end = first.end
        while end > colon.i + 1 and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space):
            end -= 1
        if end - colon.i < 3:
            return None
        attribution = _Attribution(colon, source.root, headline=(source.start, source.end))
        return attribution, _Content(colon.i + 1, end)

    def _transcript(self) -> list[tuple[_Attribution, tuple[int, int]]]:
        """Paragraphs of an interview transcript: "PENCE: Well, look, ..." (a capitalised label).

        Returns each paragraph's attribution (the label as speaker, the colon as cue) and the
        characters of its words.
        """
        found = []
        for start, end in self.paragraphs:
            match = _TRANSCRIPT_LABEL.match(self.text, start, end)
            if match is None:
                continue
            label = self.doc.char_span(*match.span("label"), alignment_mode="expand")
            colon = self.doc.char_span(match.end("label"), match.end("label") + 1)
            if label is None or colon is None:
                continue
            words = (match.end(), end)
            if match.group("mark") and not match.group("mark").isspace():
                # the paragraph's own quotation marks wrap the label and the words
                while words[1] > words[0] and self.text[words[1] - 1] in '"”':
                    words = (words[0], words[1] - 1)
            words = _trim_space(self.text, *words)
            if words[1] - words[0] < 2:
                continue
            found.append(
                (_Attribution(colon[0], label.root, headline=(label.start, label.end)), words)
            )
        # One labelled paragraph is a note ("CLARIFICATION: ..."), unless it names a person
        if len(found) == 1:
            speaker = found[0][0].speaker
            actor = self.actors.get(self._speaker_actor(speaker, None)) if speaker else None
            if actor is None or actor.kind != "person":
                return []
        return found

    def _content_text(self, content: _Content) -> tuple[tuple[int, int], str]:
        """The character span of reported content and its words without an inserted cue (or a
        dateline: "LINDMOOR, Ardenia — ...")."""
        doc = self.doc
        start = doc[content.start].idx
        dateline = _DATELINE.match(self.text, start) if start == 0 else None
        if dateline is not None:
            start = dateline.end()
        last = doc[content.end - 1]
        start, end = _trim_punct(self.text, start, last.idx + len(last))
        if content.gap is None:
            return (start, end), self.text[start:end]
        before = _trim_punct(self.text, start, doc[content.gap[0]].idx)
        after_start = doc[content.gap[1]].idx if content.gap[1] < len(doc) else end
        after = _trim_punct(self.text, after_start, end)
        text = f"{self.text[before[0] : before[1]]} {self.text[after[0] : after[1]]}".strip()
        return (start, end), text

    # -- building the record ---------------------------------------------------------------

    def _quote(
        self,
        attribution: _Attribution,
        *,
        direct: bool,
        span: tuple[int, int],
        text: str,
    ) -> Quote:
        speaker_tok = attribution.speaker
        speaker_id = None
        speaker_text = None
        speaker_span = None
        if speaker_tok is not None:
            speaker_id = self._speaker_actor(speaker_tok, attribution.cue)
            if attribution.headline is not None:
                first, last = attribution.headline
                phrase = (self.doc[first].idx, self.doc[last - 1].idx + len(self.doc[last - 1]))
            else:
                phrase = self._phrase(speaker_tok, attribution.cue)
            speaker_text = self.text[phrase[0] : phrase[1]]
            speaker_span = phrase
        actor = self.actors.get(speaker_id)
        anonymous = (actor is not None and actor.kind == "anonymous") or (
            actor is None and speaker_text is not None and _looks_anonymous(speaker_text)
        )
        cue = attribution.cue
        cue_span = self._cue_span(cue, span) if cue is not None else None
        via, reporter = self._via(cue, attribution, span)
        return Quote(
            text=text,
            span=span,
            speaker=speaker_id,
            speaker_text=speaker_text,
            speaker_span=speaker_span,
            anonymous=anonymous,
            direct=direct,
            cue=self.text[cue_span[0] : cue_span[1]] if cue_span is not None else None,
            cue_span=cue_span,
            via=via,
            reporter=reporter,
            channel=self._channel(cue, via, span),
            date=self._date(cue, span),
        )

    def _speaker_actor(self, speaker: Token, cue: Token | None) -> str | None:
        if speaker.text.isupper() and len(speaker.text) > 1:
            # "VARGA:" in a transcript: the person of that surname
            surname = fold(speaker.text)
            for actor in self.actors.actors:
                if actor.kind == "person" and fold(actor.name.split()[-1]) == surname:
                    return actor.id
        found = self.actors.actor_at(speaker.i)
        if found is None and speaker.lower_ in _RELATIVE and cue is not None:
            # "Ferrand, who told Northline News ...": the speaker is the noun "who" modifies
            clause = cue
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "relcl":
                found = self.actors.actor_at(clause.head.i)
        return found

    def _phrase(self, tok: Token, cue: Token | None) -> tuple[int, int]:
        """Characters of the noun phrase a speaker token heads, up to quotes and the cue."""
        doc = self.doc
        stop = {cue.i} if cue is not None else set()
        left = tok.i
        while left > tok.left_edge.i and not self.in_segment[left - 1] and left - 1 not in stop:
            left -= 1
        right = tok.i
        last = self._name_end(tok)
        while right < last and not self.in_segment[right + 1] and right + 1 not in stop:
            right += 1
        while left < tok.i and (doc[left].is_punct or doc[left].is_space):
            left += 1
        while right > tok.i and (
            doc[right].is_space or (doc[right].is_punct and not _closes_bracket(doc, left, right))
        ):
            right -= 1
        return doc[left].idx, doc[right].idx + len(doc[right])

    def _name_end(self, tok: Token) -> int:
        """The last token of the phrase a speaker heads, short of a name's aside ("Varga, in the
        middle of a tour of the north, said": the aside is not her name)."""
        last: int = tok.right_edge.i
        mention = self.actors.mention_at(tok.i)
        if mention is None or mention.via != "name" or mention.end != tok.i + 1:
            return last
        commas = [
            c.i - 1
            for c in tok.rights
            if c.dep_ == "prep"
            and c.lower_ not in ("of", "from", "at")  # "Jo Reyes, of Lindmoor,": who she is
            and self.doc[c.i - 1].text == ","
        ]
        return min([last, *(i - 1 for i in commas)])

    def _cue_span(self, cue: Token, content: tuple[int, int]) -> tuple[int, int]:
        """Characters of the attributing words around a cue token.

        The verb with its auxiliaries, negation and adverbs before it (and a verb it is the
        infinitive of: "appeared to suggest"), then its particle, listener and the phrases saying
        where or when ("told Harbor Wire in an interview"), and a colon that opens the quote.
        """
        doc = self.doc
        if cue.lower_ == "according":
            span = doc[cue.i : cue.i + 2]
            return span.start_char, span.end_char
        if cue.is_punct:
            return cue.idx, cue.idx + len(cue)  # a transcript's or a list's "Name:", "Name —"

        def outside(tok: Token) -> bool:
            return not self.in_segment[tok.i] and not content[0] <= tok.idx < content[1]

        anchor = cue.head if cue.dep_ == "acomp" else cue  # "was confident", "is not sure"
        while (
            anchor.dep_ == "xcomp"
            and anchor.head.i < anchor.i
            and all(
                doc[i].head in (anchor, anchor.head) for i in range(anchor.head.i + 1, anchor.i)
            )
            and anchor.head.lemma_.lower() not in cues()
        ):
            anchor = anchor.head  # "appeared to suggest", "went on to explain"
        start = anchor.i
        while start > 0:
            prev = doc[start - 1]
            if (
                prev.head in (anchor, cue)
                and prev.dep_ in ("aux", "auxpass", "neg", "advmod")
                and outside(prev)
            ):
                start -= 1
            else:
                break
        end = cue.i + 1
        while end < len(doc) and outside(doc[end]):
            child = next(
                (
                    c
                    for c in cue.children
                    if c.left_edge.i == end
                    and c.dep_ in ("prt", "advmod", "npadvmod", "dobj", "dative", "prep")
                ),
                None,
            )
            if child is None:
                break
            if child.dep_ == "prep":
                obj = _object(child)
                if obj is not None and not outside(obj):
                    end += 1  # "called for", "accused her of": the object is content
                    break
            last = child.right_edge.i
            if any(not outside(doc[i]) for i in range(end, last + 1)):
                break
            end = last + 1
        if end < len(doc) and doc[end].text == ":":
            end += 1
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])

    def _via(
        self, cue: Token | None, attribution: _Attribution, content: tuple[int, int]
    ) -> tuple[str | None, str | None]:
        if cue is None:
            return None, None
        if attribution.according_to and attribution.speaker is not None:
            actor = self.actors.get(self.actors.actor_at(attribution.speaker.i))
            if actor is not None and actor.kind == "outlet":
                return actor.id, None
        if _quoted_as_saying(cue) is not None:
            verb = cue.head.head if cue.dep_ == "pcomp" else cue
            subject = self._subject_of(verb)  # "Harbor Wire quoted her as saying"
            actor = self.actors.get(self.actors.actor_at(subject.i)) if subject else None
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

    def _channel(self, cue: Token | None, via: str | None, content: tuple[int, int]) -> str | None:
        if cue is None or cue.is_punct:
            return None
        if cue.dep_ == "acl" and _channel_of(cue.head) is not None:
            return _channel_of(cue.head)  # "a statement saying ...", "a post calling ..."
        for tok in cue.subtree:
            if self.in_segment[tok.i] or tok.pos_ != "NOUN" or content[0] <= tok.idx < content[1]:
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
        region = {
            t.i
            for t in cue.subtree
            if not self.in_segment[t.i] and not content[0] <= t.idx < content[1]
        }
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


def _char_distance(tok: Token, seg: QuoteSegment) -> int:
    if tok.idx >= seg.end:
        return tok.idx - seg.end
    if tok.idx < seg.start:
        return seg.start - tok.idx + 5  # prefer the cue after the quote on ties
    return 0


def _verb_cue(tok: Token) -> Cue | None:
    """The cue entry of a verb: its phrasal form ("point out", "speak about") or its lemma."""
    if tok.pos_ not in ("VERB", "AUX") or _asked(tok):
        return None
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("prt", "prep"):
            phrasal = cues().get(f"{lemma} {child.lower_}")
            if phrasal is not None:
                return phrasal
    return cues().get(lemma)


def _quoted_as_saying(cue: Token) -> Token | None:
    """Who "Harbor Wire quoted her as saying" quotes: the object of cite/quote, not its
    subject (the outlet that passes the words on)."""
    verb = cue
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as":
        verb = cue.head.head
    if verb.lemma_ not in ("cite", "quote"):
        return None
    saying = any(
        c.dep_ == "prep" and c.lower_ == "as" and any(g.dep_ == "pcomp" for g in c.children)
        for c in verb.children
    )
    if not saying:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _inserted_span(cue: Token) -> tuple[int, int]:
    """Tokens of an inserted attribution: the cue, its subject and modifiers, not its clauses."""
    parts = [c for c in cue.children if c.dep_ not in _CLAUSES]
    start = min([cue.i] + [p.left_edge.i for p in parts])
    end = max([cue.i] + [p.right_edge.i for p in parts]) + 1
    return start, end


def _inserted(cue: Token) -> bool:
    """Whether a cue's clause stands between commas or dashes ("The talks, she said, had ...")."""
    doc = cue.doc
    first = doc[_inserted_span(cue)[0]]
    while first.is_punct and first.i < cue.i:
        first = doc[first.i + 1]
    before = doc[first.i - 1].text if first.i > 0 else ""
    return before in (",", "—", "–", "--", "(")


def _that_clause(noun: Token) -> _Content | None:
    """The "that"-clause a noun takes ("the claim that the talks failed")."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "appos") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            return _Content(child.left_edge.i, child.right_edge.i + 1)
    return None


def _object_content(verb: Token) -> _Content | None:
    """A verb's object with what it is called or charged with ("the plan as reckless", "Kessler
    a liar", "Kessler of lying")."""
    named = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if named is None:
        return None
    end = named.right_edge.i + 1
    for child in verb.children:
        if child.left_edge.i == end and (
            child.dep_ == "oprd" or (child.dep_ == "prep" and child.lower_ in ("as", "of"))
        ):
            end = child.right_edge.i + 1
    doc = verb.doc
    if (
        named.lemma_.lower() in _NAMING_NOUNS
        and named.right_edge.i + 1 == end > named.i + 2
        and doc[named.i + 1].text in ("“", '"', "``", "''")
        and doc[end - 1].text in ("”", '"', "''")
    ):
        return _Content(named.i + 1, end)  # "used the phrase “a fantasy”": the phrase said
    return _Content(named.left_edge.i, end)


def _predicate_content(verb: Token) -> _Content | None:
    """What follows a verb in its clause, from its object to its last complement before a comma
    ("show Clinton with a lead in Ohio")."""
    doc = verb.doc
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None:
        return None
    end = obj.right_edge.i + 1
    for child in verb.rights:
        if child.i < end:
            continue
        if child.dep_ in ("punct", "cc", "conj") or doc[child.left_edge.i - 1].text == ",":
            break
        end = child.right_edge.i + 1
    return _Content(obj.left_edge.i, end)


def _adjective_cue(adjective: Token) -> bool:
    cue = cues().get(adjective.lemma_.lower())
    return cue is not None and cue.kind == "attitude"


def _adjective_complement(adjective: Token) -> _Content | None:
    """What an attitude adjective is about: a clause, an infinitive, or a preposition's object."""
    for child in adjective.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and _has_to(child)):
            return _Content(child.left_edge.i, child.right_edge.i + 1)
    for child in adjective.children:
        obj = _object(child) if child.dep_ == "prep" else None
        if obj is not None and obj.i > adjective.i:
            return _Content(obj.left_edge.i, obj.right_edge.i + 1)
    return None


def _that_relative(noun: Token) -> _Content | None:
    """A relative clause opened by a complementiser "that" (not a relative pronoun)."""
    for clause in noun.children:
        first = clause.left_edge
        if (
            clause.dep_ == "relcl"
            and first.lower_ == "that"
            and first.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        ):
            return _Content(first.i, clause.right_edge.i + 1)
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _asked(verb: Token) -> bool:
    """A passive participle clause ("Asked whether ..., she said"): its subject is spoken to."""
    return (
        (verb.tag_ == "VBN" or (verb.i == verb.sent.start and verb.lemma_ == "ask"))
        and verb.dep_ in ("advcl", "acl")
        and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in verb.children)
    )


def _only_marks(text: str) -> bool:
    return all(ch.isspace() or not ch.isalnum() for ch in text)


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _object(tok: Token) -> Token | None:
    """A token's direct object, or a preposition's object."""
    if tok.dep_ in ("dobj", "dative"):
        return tok
    if tok.dep_ == "prep":
        return next((c for c in tok.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def _according_object(tok: Token) -> Token | None:
    for prep in tok.children:
        if prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _according_content(tok: Token) -> _Content | None:
    """The clause "according to X" attaches to: the longer side of the sentence around it."""
    if tok.head.i == tok.i:
        return None
    sent = tok.sent
    phrase = {t.i for t in tok.subtree}
    words = [t for t in sent if t.i not in phrase and not t.is_punct]
    left = [t for t in words if t.i < tok.i]
    right = [t for t in words if t.i > tok.i]
    side = left if len(left) >= len(right) else right
    if side and side[0].dep_ == "cc":
        side = side[1:]  # "But according to X, ...": the conjunction links sentences
    if len(side) < 3:
        return None
    return _Content(side[0].i, side[-1].i + 1)


def _closes_bracket(doc: Doc, left: int, right: int) -> bool:
    """Whether token ``right`` closes a bracket opened within ``[left, right)``."""
    return doc[right].text == ")" and "(" in doc[left:right].text


def _looks_anonymous(text: str) -> bool:
    return bool(
        re.search(
            r"\b(?:aides?|officials?|sources?|advis[eo]rs?|people|person|insiders?|diplomats?|"
            r"allies|ally|confidants?)\b",
            text,
            re.I,
        )
    ) and not re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\b", text)


def _channel_of(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("compound", "amod"):
            key = (child.lower_, lemma)
            if key in _COMPOUND_CHANNELS:
                return _COMPOUND_CHANNELS[key]
    return _CHANNEL_NOUNS.get(lemma)


def _is_platform(name: str) -> bool:
    return any(
        outlet.kind == "platform" and name in (outlet.name, *outlet.aliases) for outlet in outlets()
    )


def _trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _trim_punct(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1] in ",;:.—–-" or text[end - 1].isspace()):
        end -= 1
    while start < end and (text[start] in ",;:—–-" or text[start].isspace()):
        start += 1
    return start, end
