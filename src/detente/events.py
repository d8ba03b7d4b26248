"""Events stage: who did what to whom, typed on PLOVER, scored, with modality, date and evidence.

``extract_events(parsed, actors, quotes, dates) -> tuple[Event, ...]``

**Triggers** come from the event lexicon (``lexicon/events.tsv``), tried from the most specific:
multi-word phrases ("stop speaking to", "bury the hatchet"), light-verb constructions ("issued
condolences", "made amends", "extended an invitation"), verbs (with their particle, "call on"), and
event nouns ("condolences", "a congratulatory call", "the visit"). Acts reported as speech (in a
post, an interview, a statement, with a quote) take the lexicon's ``@speech`` reading ("attacked
her on Chirper" is ACCUSE, not ASSAULT).

**Arguments** come from the dependency parse: the subject (or the passive's agent) is the source;
the object, the indirect object or a prepositional object ("to", "with", "against", "for",
"toward") is the target; a trigger in an infinitive ("refused to meet him") borrows its governor's
subject; nouns take their possessor ("Varga's call to Kessler") or the light verb's subject
("Mercer sent condolences to Hollins"), and "between A and B" gives both. Coordinated actors give
one event each. Each argument resolves to an actor through the actors stage (names, role nouns,
pronouns); a group or anonymous source keeps itself as the source and records its principal
(``source_principal``). Outlets are not parties to events, and an actor never acts on itself.

**Modality**: *negated* ("did not sign", "refused to meet", "there are no plans to meet"),
*hypothetical* ("could serve as a mediator", "would", "if", "a possible visit", a question),
*planned* ("will meet", "is expected to travel", "plans to visit", "the next meeting"), else
*asserted*. Acts told as the content of reports: "denied reports that A met B" is negated, "asked
about reports that A met B" hypothetical, "amid reports that A met B" asserted and ``hedged``, as
are "reportedly met" and "is said to have met". A phrase that carries its own negation ("has not
spoken to" is REJECT) is not negated again.

**Stance without action**: a direct quote that praises or insults an actor named in it is an event
from the speaker to that actor, typed SUPPORT or ACCUSE and scored from the quote's own tone
toward that actor (:func:`detente.tone.tone_toward`), not from the sentence around it; never toward
the speaker's own country, not when the quote reports an act (that act is the event), and only
when one side is of public life (a state, or a person with a public title: a coach praising his
player is no relation detente tracks). A quoted
epithet pinned on someone ("called her 'a shopkeeper with a flag'") is a stance toward the object
of the naming verb: scored by its tone, or as a jab (ACCUSE, -2) when its words carry none.

**claimed_by** is the speaker of the quote the event is stated in (direct or reported), else the
article's publisher (its outlet actor). **Date** and its ``basis`` come from
:mod:`detente.dating`: a date expression governed by the trigger or its clause (``explicit``);
else the latest date earlier in the paragraph or the same act's date told earlier (``narrative``,
lower confidence); else a window ending at publication that the tense allows (``reported``);
``none`` only without a publication date. A stance is dated when its quote was voiced.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from detente.actors import ActorTable, dateline_length
from detente.coder import Reading, cameo_root_of, event_coder
from detente.dating import EventDater, reported_window
from detente.lexicon import titles
from detente.lexicon.events import EXPERT_SCORES, QUAD_CLASS, TriggerEntry, event_lexicon
from detente.nlp import doc_text
from detente.records import (
    Actor,
    DatePrecision,
    DateRange,
    Event,
    Evidence,
    ParsedArticle,
    Quote,
)
from detente.tone import tone, tone_toward

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.dates import DateMention

__all__ = ["TriggerHit", "extract_events", "find_triggers"]

Modality = Literal["asserted", "planned", "hypothetical", "negated"]

# Prepositions of place and destination: a country or seat after them, beside another party, is
# where the act happened ("met him at the Elysee", "invited him to the White House").
_PLACE_PREPS = {"at", "in", "inside", "outside", "near", "to", "into"}
# Prepositions of place alone: an organisation after them is where the act happened.
_VENUE_PREPS = {"in", "inside", "outside", "near"}
# The last word of a name that is an occasion, not an actor ("the Climate Action Summit").
# "Congress", "Assembly" and "Council" act (they vote, condemn) and are not listed.
_OCCASION_HEADS = {
    "summit",
    "conference",
    "forum",
    "festival",
    "games",
    "olympics",
    "expo",
    "fair",
    "week",
    "awards",
    "cup",
    "championship",
    "championships",
    "ceremony",
    "gala",
    "marathon",
    # places the model tags as organisations now and then: where an act happens, never a party
    "hospital",
    "clinic",
    "stadium",
    "field",
    "arena",
    "airport",
    "hotel",
    "museum",
    "park",
    "square",
    "station",
    "prison",
    "jail",
    "cathedral",
}
# The last word of a name that is a product model ("iPad Pro", "MacBook Air", "Galaxy S24
# Ultra", "512GB"): products are sold and released, they do not act.
_PRODUCT_TAIL = re.compile(r"(?:pro|max|plus|mini|ultra|air|lite|\d+\s?(?:gb|tb))$", re.I)
_TARGET_PREPS = ("to", "with", "against", "toward", "towards", "for", "at", "on", "into", "over")
_SOURCE_PREPS = ("from", "by")
_HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should", "ought"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_PLAN_GOVERNORS = {
    "expect",
    "plan",
    "intend",
    "aim",
    "schedule",
    "set",
    "prepare",
    "due",
    "hope",
    "want",
    "seek",
    "propose",
    "offer",
    "agree",
    "promise",
    "pledge",
    "vow",
    "decide",
}
_NEGATING_GOVERNORS = {"refuse", "decline", "fail", "reject", "avoid", "deny", "rule", "stop"}
# Triggers that are an act only between two people ("told Macron"; "told lawmakers" is not)
_PERSON_TO_PERSON = {"tell", "inform"}
_RETORT_REACH = 600  # characters: about three sentences of news
_RETORT_TYPES = {"ACCUSE", "REJECT", "PROTEST", "THREATEN"}
# Answers to someone, who is often left unsaid ("hit back on Monday")
_RETORTS = {"hit|back", "fire|back", "lash|back", "retort", "rebut", "push|back"}
# Acts that name another act: their target is the named act's ("threatened to strike X")
_FRAMING_TYPES = {"THREATEN", "REQUEST"}
# Verbs of handing something over: their direct object is the thing handed, never the one it
# goes to ("offers Apple's laptop", "sold its streaming service"); that one is the dative or a
# "to"/"for" phrase ("offered Ostria talks", "sent arms to Ostria")
_TRANSFER_VERBS = {
    "offer",
    "give",
    "send",
    "provide",
    "sell",
    "supply",
    "deliver",
    "grant",
    "hand",
    "lend",
    "ship",
    "donate",
    "award",
    "extend",
    "return",
}
# Handing-over verbs the lexicon takes bare (AID; "return" RETREAT): weak triggers, an event only
# with a thing handed (the object) and when the event coder reads an act in the sentence
_BARE_HANDING = {"give", "grant", "provide", "hand", "award", "return"}
_MESSAGES = {"letter", "message", "note", "invitation", "copy", "statement"}
_RECEIVING = {"receive", "get", "take"}
# Verbs whose subject undergoes the act their object names ("faced criticism from X", "avoided
# sanctions"): the subject is its target, and its source only an explicit "from"
_AVOIDING = {"avoid", "escape", "dodge"}  # and what is avoided did not happen
_UNDERGOING = {"face", "draw", "attract", "suffer", "endure", "weather"} | _AVOIDING
# Verbs that make a claim noun's clause an act the article reports ("confirmed the rumours")
_CONFIRMING = {"confirm", "acknowledge", "admit", "prove", "verify", "corroborate"}
# Nouns whose "that" clause tells what someone claims, fears or rumours, not what the writer
# reports: "rumours that she had yielded to X", "fears that they met"
_CLAIM_NOUNS = {
    "criticism",
    "claim",
    "allegation",
    "accusation",
    "charge",
    "rumour",
    "rumor",
    "speculation",
    "suggestion",
    "fear",
    "suspicion",
    "notion",
    "idea",
    "perception",
    "impression",
}
_OCCASION_PREPS = {"in", "on", "during", "at"}
_REFUSING_GOVERNORS = {"refuse", "decline", "reject", "rule"}
# an act threatened or asked for has not happened ("threatened to strike", "urged X to talk"),
# through the infinitive only: "warned that Russia had attacked" reports the attack
_ASKING_GOVERNORS = {"threaten", "urge", "demand", "press", "request", "warn"}
# Plan governors that, over a clause with its own subject, wish an act of somebody else's
_WISHING = {"want", "hope", "wish", "seek"}
_HYPOTHETICAL_GOVERNORS = {"consider", "could", "weigh", "mull", "suggest"} | _ASKING_GOVERNORS
_PLANNED_MODIFIERS = {
    "next",
    "upcoming",
    "planned",
    "scheduled",
    "forthcoming",
    "future",
    "coming",
    "expected",
    "proposed",
}
_POSSIBLE_MODIFIERS = {"possible", "potential", "hypothetical", "likely", "prospective"}
_SPEECH_NOUNS = {"post", "interview", "statement", "speech", "tweet", "message", "remarks", "video"}
_PARTY_KINDS = {"person", "organization", "country", "group", "anonymous"}
# Verbs whose object does what their infinitive says ("prompted Mercer to record a message").
_OBJECT_CONTROL = {
    "prompt",
    "ask",
    "urge",
    "persuade",
    "tell",
    "force",
    "allow",
    "invite",
    "encourage",
    "press",
    "order",
    "lead",
    "get",
    "help",
    "cause",
    "enable",
    "require",
    "push",
    "convince",
    "instruct",
    "advise",
    "pressure",
    "inspire",
    "compel",
    "authorize",
    "authorise",
    "permit",
}
_SYMMETRIC = {"CONSULT", "AGREE", "COOPERATE", "REJECT"}
# Acts aimed at what a party owns are aimed at the party ("condemned Russia's rhetoric"); not a
# meeting or an appeal ("discussed Trump's case", "asked for Putin's arrest").
_OWNER_TYPES = {
    "ACCUSE",
    "REJECT",
    "PROTEST",
    "THREATEN",
    "SANCTION",
    "COERCE",
    "ASSAULT",
    "SUPPORT",
    "AGREE",
    "CONCEDE",
}
# How far back (characters) a pronoun inside a quote looks for the person it names: about two
# paragraphs of news.
_QUOTED_PRONOUN_REACH = 1200
# Stance quotes: the quote's tone must be at least this strong to count as praise or insult.
# VADER's own neutral band is +-0.05; news quotes are rarely neutral-worded yet mean nothing, so the
# bar is higher (a quote like "We talked for an hour" scores 0; "my dear friend" 0.6+).
_STANCE_MIN_TONE = 0.35
# Stance scores: praise maps onto SUPPORT's expert +5 at full tone, insult onto ACCUSE down to -4
# (beyond disapproval's -2: a public insult is stronger, ONTOLOGY.md "scored by tone").
_STANCE_SUPPORT_MAX = 5.0
# The tone given to a quoted epithet without tone of its own: times _STANCE_ACCUSE_MAX it scores
# -2, PLOVER's ACCUSE/disapprove.
_EPITHET_TONE = -0.5
# The tone the words pinned on someone need to be an event without quotes ("a fine guy": 0.2)
_NAMING_MIN_TONE = 0.2
_NOT_EPITHETS = {"part", "result", "way", "means", "consequence", "follow"}
_STANCE_ACCUSE_MAX = 4.0
# A quote's stance is an event only when one side is of public life: a state or a person whose
# title is a public office. Praise of a team-mate, a client or a new hire is no relation that
# detente tracks, and the tone of such quotes is what misleads most (docs/EVALUATION.md).
_PRESS_ROLES = frozenset(t.role for t in titles().values() if t.category == "press")
_PUBLIC_ROLES = frozenset(
    t.role
    for t in titles().values()
    if t.role is not None and t.role != "chief executive" and t.category != "press"
)


@dataclass(frozen=True, slots=True)
class _Trigger:
    entry: TriggerEntry
    head: Token  # the token whose arguments are read (the verb, or the event noun)
    tokens: tuple[int, ...]  # every token that fired (for the evidence)
    how: str  # phrase | light | verb | noun


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A lexicon trigger found in a parse, whether or not its parties resolve to actors."""

    entry: TriggerEntry
    head: Token
    how: str


def find_triggers(doc: Doc, actors: ActorTable | None = None) -> tuple[TriggerHit, ...]:
    """Every event trigger in ``doc`` (used by the evaluation to score typing on its own)."""
    finder = _EventFinder(doc, actors or ActorTable((), ()), (), (), None)
    return tuple(
        TriggerHit(t.entry, t.head, t.how) for sent in doc.sents for t in finder._triggers(sent)
    )


def extract_events(
    parsed: ParsedArticle,
    actors: ActorTable,
    quotes: Sequence[Quote] = (),
    dates: Sequence[DateMention] = (),
) -> tuple[Event, ...]:
    """Every interaction between two actors of a parsed article, in text order."""
    doc = parsed.doc
    if doc is None:
        return ()
    publisher = _publisher_actor(actors, parsed.article.publisher)
    article = parsed.article
    finder = _EventFinder(
        doc, actors, quotes, dates, publisher, article.published, article.published_precision
    )
    return finder.run()


def _publisher_actor(actors: ActorTable, publisher: str | None) -> str | None:
    if not publisher:
        return None
    from detente.lexicon.names import fold

    key = fold(re.sub(r"^the\s+", "", publisher, flags=re.I))
    for actor in actors.actors:
        if actor.kind == "outlet" and actor.key.removeprefix("the ") == key:
            return actor.id
    return None


class _EventFinder:
    def __init__(
        self,
        doc: Doc,
        actors: ActorTable,
        quotes: Sequence[Quote],
        dates: Sequence[DateMention],
        publisher: str | None,
        published: date | None = None,
        precision: DatePrecision | None = "day",
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self._people: list[tuple[int, str]] | None = None
        self._people_at: list[int] = []
        self.actors = actors
        self.quotes = quotes
        self.publisher = publisher
        self.published = published
        self.lexicon = event_lexicon()
        self.dater = EventDater(doc, dates, published, precision)
        self._readings: dict[int, Reading] = {}  # the coder's readings, by sentence start
        # tokens standing for a country actor without being its mention: the demonym of an
        # act's object ("shot down a Chinese balloon": China), found by _owner
        self.proxies: dict[int, str] = {}
        self.found: list[Event] = []  # the trigger events of the sentences read so far

    def run(self) -> tuple[Event, ...]:
        seen: set[tuple[str, str, str, int]] = set()
        for sent in self.doc.sents:
            triggers = list(self._triggers(sent))
            # the coder was trained on whole sentences, each typed by its main act: it types the
            # sentence's main trigger (nearest the root) and cannot tell the others apart
            main = min(triggers, key=lambda t: len(list(t.head.ancestors)), default=None)
            for n, trigger in enumerate(triggers):
                others = [t.entry.type for k, t in enumerate(triggers) if k != n]
                types = [trigger.entry.type, *others]
                for event in self._events_for(trigger, types if trigger is main else None):
                    key = (event.source, event.target, event.type, event.evidence.span[0])
                    if key not in seen:
                        seen.add(key)
                        self.found.append(event)
        events = [*self.found, *self._stance_events(self.found)]
        events.sort(key=lambda e: (e.evidence.span[0], e.trigger))
        return tuple(events)

    def _reading(self, sent: Span) -> Reading:
        """The event coder's reading of a sentence, computed once."""
        if sent.start not in self._readings:
            # loaded on first use: find_triggers alone (and the coder's training) needs no model;
            # a dateline ("LISBON, March 4 (Wire) -") is no part of the sentence the coder was
            # trained on (it read the article's first act as a threat with one before it)
            skip = dateline_length(sent.text) if sent.start_char == 0 else 0
            reading = event_coder().read([sent.text[skip:]])[0]
            if skip:
                reading = dataclasses.replace(
                    reading, offsets=tuple((a + skip, b + skip) for a, b in reading.offsets)
                )
            self._readings[sent.start] = reading
        return self._readings[sent.start]

    # -- triggers --------------------------------------------------------------------------

    def _triggers(self, sent: Span) -> Iterator[_Trigger]:
        used: set[int] = set()
        lemmas = [t.lemma_ for t in sent]
        for match in self.lexicon.match_phrases(lemmas):
            tokens = tuple(range(sent.start + match.start, sent.start + match.end))
            span = self.doc[tokens[0] : tokens[-1] + 1]
            verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.lemma_ != "be"]
            head = verbs[-1] if verbs else span.root
            used.update(tokens)
            yield _Trigger(match.entry, head, tokens, "phrase")
        for tok in sent:
            if tok.i in used:
                continue
            if tok.pos_ == "VERB":
                for obj in tok.children:
                    if obj.dep_ in ("dobj", "attr", "oprd") and obj.i not in used:
                        entry = self.lexicon.light(tok.lemma_, obj.lemma_)
                        if entry is not None:
                            used.update((tok.i, obj.i))
                            yield _Trigger(entry, tok, (tok.i, obj.i), "light")
                            break
        for tok in sent:
            if tok.i in used:
                continue
            if tok.pos_ == "VERB":
                if _is_naming(tok) or (tok.lemma_ == "refer" and _naming_words(tok) is not None):
                    # "labelled Xi a dictator": a stance, scored by the words pinned on the
                    # object; a quoted epithet without tone is scored from the quote
                    entry = _naming_entry(tok)
                    if entry is not None:
                        yield _Trigger(entry, tok, (tok.i,), "verb")
                    continue
                entry = self._entry(tok, self.lexicon.verb)
                if entry is not None and not _charges_money(tok):
                    yield _Trigger(entry, tok, (tok.i,), "verb")
            elif tok.pos_ == "NOUN":
                entry = self._entry(tok, self.lexicon.noun)
                if entry is not None:
                    tokens = tuple(
                        [c.i for c in tok.children if c.dep_ in ("amod", "compound")] + [tok.i]
                    )
                    yield _Trigger(entry, tok, tuple(sorted(tokens)), "noun")

    def _entry(self, tok: Token, lookup: Callable[..., TriggerEntry | None]) -> TriggerEntry | None:
        """The lexicon entry for a verb or noun; its speech reading when it has one and the act
        is reported as speech (looked at only then: the context test walks the subtree)."""
        particle = _particle(tok)
        plain = lookup(tok.lemma_, particle)
        spoken = lookup(tok.lemma_, particle, speech=True)
        if spoken is not plain and self._speech_context(tok):
            return spoken
        return plain

    def _speech_context(self, tok: Token) -> bool:
        """Whether the act is reported as speech: on a platform, in a post, with a quote."""
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "in"):
                for obj in child.children:
                    actor = self.actors.get(self.actors.actor_at(obj.i))
                    if actor is not None and actor.kind == "outlet":
                        return True
                    if obj.lemma_ in _SPEECH_NOUNS:
                        return True
        return any(t.text in ("“", '"') for t in tok.subtree)

    # -- arguments -------------------------------------------------------------------------

    def _events_for(
        self, trigger: _Trigger, sentence_types: list[str] | None = None
    ) -> Iterator[Event]:
        """The events of one trigger; ``sentence_types`` (the trigger's lexicon type, then the
        sentence's others) are given for the sentence's main trigger, which the typer types."""
        if _a_question(trigger.head):
            return  # "Asked whether A and B had met, C said...": a reporter's question to C
        if _standing_tie(trigger.head):
            return  # "keeps up a partnership with X", "a ten-year alliance": a state
        sources, targets = self._arguments(trigger)
        pairs: list[tuple[Token, str | None, Token, str | None]] = []
        the_two = (
            self._the_two(sources[0])
            if len(sources) == 1 and trigger.entry.type in _SYMMETRIC
            else None
        )
        if the_two is not None:
            # "the pair dined at the Elysee": the two are the parties, whatever else is named
            pairs.append((sources[0], the_two[0], sources[0], the_two[1]))
            targets = []
        for source_tok in sources:
            for target_tok in targets:
                pairs.append(
                    (source_tok, self._resolve(source_tok), target_tok, self._resolve(target_tok))
                )
        named = [t for t in targets if t.ent_type_ not in ("DATE", "TIME")]
        if trigger.entry.pattern in _RETORTS and not named:
            # "Netanyahu fired back": at whoever last acted on him, a few sentences before
            for source_tok in sources:
                source = self._resolve(source_tok)
                answered = self._answered(source, trigger.head.sent.start_char)
                if answered is not None:
                    pairs.append((source_tok, source, source_tok, answered))
        if not pairs:
            return
        modality = self._modality(trigger)
        frame = _report_frame(trigger.head)
        if frame == "denied":
            modality = "negated"
        elif frame == "asked" and modality == "asserted":
            modality = "hypothetical"
        hedged = frame == "reported" or _hedged(trigger.head)
        if (
            trigger.how == "verb"
            and trigger.head.lemma_ in _BARE_HANDING
            and event_coder().reads_no_act(self._reading(trigger.head.sent).types)
        ):
            return  # a bare "gave", "provided" stands only when the coder reads an act in it
        # The coder reads a whole sentence and types its main act: it decides an act that
        # happened, or a withheld one ("did not invite him": a rejection, as plv codes it); the
        # lexicon types the rest. plv codes an intent ("will meet") as AGREE, detente keeps the
        # act and says "planned"; an act negated from outside ("no plans to meet", "failed to
        # meet") or a denied noun ("there was no call") is no act at all; and an idiom ("hit
        # back", "called him a liar") says its type better than the sentence does.
        decision = (
            event_coder().choose(self._reading(trigger.head.sent).types, sentence_types)
            if sentence_types is not None
            and (
                modality == "asserted"
                or (
                    # a withheld cooperation ("did not invite him") is a rejection; "never
                    # urged her" is no act of any kind
                    modality == "negated"
                    and _negated_itself(trigger.head)
                    and trigger.entry.score > 0
                )
            )
            and not _idiom_entry(trigger.entry)
            else None
        )
        for source_tok, source, target_tok, target in pairs:
            event = self._event(trigger, source_tok, source, target_tok, target, modality)
            if event is None:
                continue
            if event.modality == "negated" and self._presupposed(trigger.head, event):
                # "I was not on the call between A and B": the call happened; the clause denies
                # something of someone else
                event = dataclasses.replace(event, modality="asserted")
            refusal = _refusal(trigger.head)
            if event.modality == "negated" and event.score > 0 and refusal is not None:
                # "refused to receive him", "declined to meet her": the refusal is the act, a
                # rejection of the other party (PLOVER REJECT), not a meeting that did not happen;
                # the one who refused rejects ("refused to take a call from X": X is rejected)
                event = dataclasses.replace(_retyped(event, "REJECT"), modality="asserted")
                refusers = {
                    self.actors.principal(self._resolve(s))
                    for s in [c for c in refusal.children if c.dep_ == "nsubj"]
                    or self._inherited_subject(refusal)
                }
                if self.actors.principal(event.target) in refusers - {None}:
                    event = _reversed(event)
            elif decision is not None and decision.retyped:
                event = _retyped(event, decision.type)
                if event.modality == "negated" and event.score < 0 < trigger.entry.score:
                    # "not inviting him" typed REJECT: the negation is the act (as "has not
                    # spoken to" is REJECT), not negated again
                    event = dataclasses.replace(event, modality="asserted")
            yield dataclasses.replace(event, hedged=True) if hedged else event

    def _private_word(self, target: Actor, sentence: Span) -> bool:
        """Whether telling ``target`` is a word between two people, not testimony to a group or
        an interview with a journalist (of an outlet, or "in an interview")."""
        if target.kind != "person" or any(role in _PRESS_ROLES for role in target.roles):
            return False  # "told VOA correspondent Kim Lee": an interview
        employer = self.actors.get(target.affiliation)
        if employer is not None and employer.kind == "outlet":
            return False
        return not any(t.lemma_ == "interview" for t in sentence)

    def _own_side(self, actor: Actor, other: str, *, country: bool = True) -> bool:
        """Whether ``other`` is the actor's own side: its principal, the organisation it speaks
        for ("NASA's administrator" praising NASA), or the country its role names."""
        own = {self.actors.principal(actor.id), actor.affiliation} - {None}
        if other in own or self.actors.principal(other) in own:
            return True
        if not country:
            return False
        # the country itself, not a group of it: an opposition senator's criticism of "the
        # government" is a real act
        return other == self.actors.country_of(actor.id)

    def _answered(self, actor_id: str | None, before: int) -> str | None:
        """Who a retort answers: the source of the latest event aimed at the actor in the
        sentences just before (``_RETORT_REACH`` characters)."""
        side = self.actors.principal(actor_id)
        if side is None:
            return None
        for event in reversed(self.found):
            if event.evidence.span[0] < before - _RETORT_REACH:
                break
            if (
                self.actors.principal(event.target) == side
                and self.actors.principal(event.source) != side
            ):
                return event.source
        return None

    def _resolve(self, tok: Token) -> str | None:
        """The actor a token stands for, also for pronouns inside quotes."""
        speaker = self._quote_speaker(tok)
        if tok.lower_ in ("i", "we", "me", "us", "my", "our"):
            return speaker
        found = self._actor_at(tok)
        if found is not None or speaker is None:
            return found
        gender = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}.get(tok.lower_)
        if gender is None:
            return None
        # A third person inside a quote: among the people named shortly before it (in the
        # narrative or a bracketed insertion such as "She [Mercer]"), other than the speaker and
        # not contradicting the pronoun, the one the article is most about (most mentioned).
        candidates: dict[str, int] = {}
        for mention in self.actors.mentions:
            if not 0 < tok.idx - mention.chars[0] <= _QUOTED_PRONOUN_REACH:
                continue
            actor = self.actors.get(mention.actor)
            if actor is None or actor.kind != "person" or actor.id == speaker:
                continue
            if self.actors.gender(actor.id) in (None, gender):
                candidates[actor.id] = mention.chars[0]
        if not candidates:
            return None
        return max(candidates, key=lambda a: (self._mention_count(a), candidates[a]))

    def _mention_count(self, actor_id: str) -> int:
        actor = self.actors.get(actor_id)
        return len(actor.mentions) if actor is not None else 0

    def _quote_speaker(self, tok: Token) -> str | None:
        for quote in self.quotes:
            if quote.direct and quote.span[0] <= tok.idx < quote.span[1]:
                return quote.speaker
        return None

    def _the_two(self, tok: Token) -> tuple[str, str] | None:
        """ "the two leaders" / "the two": the two people most mentioned so far."""
        words = {tok.lower_} | {c.lower_ for c in tok.children}
        pair = tok.lower_ == "pair" and "the" in words
        if not pair and ("two" not in words or ("the" not in words and tok.lower_ != "two")):
            return None
        if self._people is None:  # person mentions (in text order, as the table keeps them)
            self._people = [
                (m.chars[0], m.actor)
                for m in self.actors.mentions
                if (a := self.actors.get(m.actor)) is not None and a.kind == "person"
            ]
            self._people_at = [at for at, _ in self._people]
        before = self._people[: bisect.bisect_left(self._people_at, tok.idx)]
        counts = Counter(actor for _, actor in before)
        ranked = sorted(counts, key=lambda a: -counts[a])
        return (ranked[0], ranked[1]) if len(ranked) >= 2 else None

    def _arguments(self, trigger: _Trigger) -> tuple[list[Token], list[Token]]:
        head = trigger.head
        if head.pos_ in ("NOUN", "PROPN") and trigger.how in ("noun", "phrase"):
            return self._noun_arguments(head, trigger.entry.type)
        if (
            trigger.how == "verb"
            and head.lemma_ in _BARE_HANDING
            and not any(c.dep_ == "dobj" and c.lemma_ not in _MESSAGES for c in head.children)
        ):
            # a handing-over hands something: "returned to Kyiv" is travel; a letter handed on is
            # the letter's own act, between its writer and the one it is for
            return [], []
        sources: list[Token] = []
        targets: list[Token] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
        for child in head.children:
            if child.dep_ == "nsubj":
                sources.append(_past_dateline(child))
            elif child.dep_ == "nsubjpass":
                targets.append(child)
            elif child.dep_ == "agent" and passive:
                sources.extend(c for c in child.children if c.dep_ == "pobj")
            elif (
                child.dep_ in ("dobj", "dative", "oprd")
                and self._is_party(child)
                and not (child.dep_ == "dobj" and head.lemma_ in _TRANSFER_VERBS)
            ):
                targets.append(child)
            elif child.dep_ == "dative" and child.pos_ == "ADP":
                targets.extend(c for c in child.children if c.dep_ == "pobj")  # "issued X to Y"
            elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                targets.extend(
                    c for c in child.children if c.dep_ == "pobj" and not self._venue(c, head)
                )
            elif (
                child.dep_ == "prep"
                and child.lower_ in ("in", "amid", "during")
                and trigger.entry.type in _RETORT_TYPES
            ):
                # "hit back in his row with Macron": the other side of the row (a hostile word
                # only: "praised Scholz during a summit with Xi" is no act toward Xi)
                for occasion in child.children:
                    if occasion.dep_ != "pobj":
                        continue
                    for prep in occasion.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("with", "against"):
                            targets.extend(c for c in prep.children if c.dep_ == "pobj")
            elif child.dep_ == "dobj" and head.lemma_ in _TRANSFER_VERBS:
                # "offered Kessler new talks", parsed as the talks' modifier: the one they go
                # to; never the owner of the thing ("offers Apple's laptop", "its X service")
                if not any(c.dep_ == "poss" for c in child.children):
                    targets.extend(
                        c
                        for c in child.children
                        if c.dep_ in ("nmod", "compound")
                        and self._kind_at(c) in ("person", "country")
                    )
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("to", "for"):
                        targets.extend(
                            c
                            for c in prep.children
                            if c.dep_ == "pobj"
                            # "repairs for all laptops": what it is for, not who it goes to
                            and (prep.lower_ == "to" or self._kind_at(c) in ("person", "country"))
                        )
            elif child.dep_ == "dobj":
                owner = self._owner(child) if trigger.entry.type in _OWNER_TYPES else None
                if owner is not None and owner.dep_ == "poss" and not self._own(owner, head):
                    # "appreciate his commitment to Israel": the one whose commitment it is
                    targets.append(owner)
                    continue
                # "signed the compact with Mercer", "made amends with Hollins"
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("with", "to", "against", "for"):
                        targets.extend(c for c in prep.children if c.dep_ == "pobj")
        if not sources and not passive:
            # a passive without its agent has no source to borrow ("X is charged with fraud;
            # Y is charged with one": nobody charges the other)
            sources = self._inherited_subject(head)
        if trigger.entry.type in _FRAMING_TYPES and not any(self._is_party(t) for t in targets):
            targets = self._framed_targets(trigger) or targets
        if trigger.entry.type in _OWNER_TYPES and head.lemma_ not in _TRANSFER_VERBS:
            objects = [c for c in head.children if c.dep_ == "dobj" and c not in targets]
            targets = self._owned_targets(targets, objects)
        people = [
            t for t in targets if self._kind_at(t) in ("person", "country", "group", "anonymous")
        ]
        if people and len(people) < len(targets):
            targets = people  # "signed the Defence Compact with Mercer": the partner, not the pact
        if not any(self._is_party(t) for t in targets) and len(sources) == 1:
            # "Mercer and Hollins met": a symmetric act between coordinated subjects (beside
            # objects that are no party: "met on Monday for talks")
            conj = [c for c in sources[0].children if c.dep_ == "conj"]
            # "A and B disputed the claim", "... disputed that it was missing": a joint act on
            # the claim, not one between them
            joint = any(
                (c.dep_ == "dobj" and c.i not in trigger.tokens and not self._is_party(c))
                # a hostile act on a content clause: "agreed that ..." stays an agreement
                or (c.dep_ == "ccomp" and trigger.entry.quad_class >= 3)
                for c in head.children
            )
            if conj and trigger.entry.type in _SYMMETRIC and not joint:
                targets = conj[:1]
        return _expand(sources), _expand(targets)

    def _framed_targets(self, trigger: _Trigger) -> list[Token]:
        """Whom a threat or a demand is aimed at, from the act it names: "threatened to cut off
        power to X" threatens X; "demanded that X withdraw" asks X."""
        for child in trigger.head.children:
            if child.dep_ == "xcomp" and child.pos_ == "VERB":
                inner = _Trigger(trigger.entry, child, (child.i,), "verb")
                found = [t for t in self._arguments(inner)[1] if self._is_party(t)]
                if found:
                    return found
            elif child.dep_ == "ccomp" and trigger.entry.type == "REQUEST" and not _asks(child):
                found = [c for c in child.children if c.dep_ == "nsubj" and self._is_party(c)]
                if found:
                    return found
        return []

    def _noun_arguments(self, noun: Token, type_: str) -> tuple[list[Token], list[Token]]:
        sources: list[Token] = []
        targets: list[Token] = []
        through_clause: list[Token] = []  # targets named in a clause on the noun
        hostile_or_warm = type_ in _OWNER_TYPES
        # "the invasion of Ukraine" is aimed at Ukraine; "the support of the US" comes from it
        aimed_of = type_ in _OWNER_TYPES and QUAD_CLASS.get(type_, 0) >= 3
        for child in noun.children:
            if child.dep_ == "poss":
                sources.append(child)
            elif child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS:
                sources.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and (
                child.lower_ in _TARGET_PREPS or (child.lower_ == "of" and aimed_of)
            ):
                targets.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "acl":
                # "a video message addressed to the former president"
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in _TARGET_PREPS:
                        through_clause.extend(c for c in prep.children if c.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ == "between":
                pair = [c for c in child.children if c.dep_ == "pobj"]
                if pair:
                    both = _expand(pair)
                    if len(both) >= 2:
                        sources.append(both[0])
                        targets.append(both[1])
        governor = noun.head
        # "avoided a meeting with X" is a meeting withheld (the noun names its party); "avoided
        # criticism that she yielded to X" is still criticism undergone
        undergone = (
            noun.dep_ == "dobj"
            and governor.lemma_ in _UNDERGOING
            and not any(c.dep_ == "prt" for c in governor.children)  # "drew up a deal"
            and not any(self._is_party(t) for t in targets)
        )
        targets.extend(through_clause)
        if (
            noun.dep_ == "dobj"
            and (governor.lemma_ in _RECEIVING or undergone)
            and not any(self._is_party(t) for t in targets)
        ):
            # "received a call from Macron": the call is Macron's, to the one who received it
            if not sources:
                for prep in governor.children:
                    if prep.dep_ == "prep" and prep.lower_ == "from":
                        sources.extend(c for c in prep.children if c.dep_ == "pobj")
            if sources:
                targets = [c for c in governor.children if c.dep_ == "nsubj"] or (
                    self._inherited_subject(governor)
                )
        if not sources and noun.dep_ == "pobj" and noun.head.lower_ in _OCCASION_PREPS:
            # "will mend fences in a phone call with Macron", "landed on a solidarity visit": the
            # one who acts on the occasion takes part in it
            verb = noun.head.head
            if verb.pos_ == "NOUN" and verb.dep_ == "dobj":
                verb = verb.head  # "mend ties in a call": the phrase hangs from the object
            if verb.pos_ == "VERB":
                sources = [c for c in verb.children if c.dep_ == "nsubj"] or (
                    self._inherited_subject(verb)
                )
        if (
            not sources
            and not undergone
            and noun.dep_ in ("dobj", "attr", "nsubjpass")
            and governor.pos_ == "VERB"
        ):
            sources = [c for c in governor.children if c.dep_ == "nsubj"] or (
                self._inherited_subject(governor)
            )
            if not targets:
                for child in governor.children:
                    if child.dep_ == "dative" and self._is_party(child):
                        targets.append(child)
                    elif child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                        targets.extend(
                            c for c in child.children if c.dep_ == "pobj" and self._is_party(c)
                        )
        if hostile_or_warm:
            targets = self._owned_targets(targets, [])
        return _expand(sources), _expand(targets)

    def _inherited_subject(self, verb: Token) -> list[Token]:
        """The subject an infinitive or participle borrows: "refused to meet", "calling her"."""
        token = verb
        for _ in range(4):
            if token.dep_ in ("xcomp", "advcl", "conj", "acl", "relcl", "pcomp", "ccomp") and (
                token.head is not token
            ):
                controlled = token.dep_ == "xcomp" and token.head.lemma_ in _OBJECT_CONTROL
                relative = token.dep_ in ("relcl", "acl")
                modifies = token.dep_ == "acl"
                token = token.head
                objects = [c for c in token.children if c.dep_ == "dobj"]
                if controlled and objects:
                    return objects  # "prompted Mercer to record": Mercer records
                if relative:
                    # "plans for Varga to meet": the "for" object of the noun
                    for prep in token.children:
                        if prep.dep_ == "prep" and prep.lower_ == "for":
                            found = [c for c in prep.children if c.dep_ == "pobj"]
                            if found:
                                return found
                found = [
                    _past_dateline(c) for c in token.children if c.dep_ in ("nsubj", "nsubjpass")
                ]
                if found:
                    return found  # "is expected to visit" borrows the raised subject
                if modifies and token.pos_ in ("NOUN", "PROPN") and self._is_party(token):
                    return [token]  # "resulted in Australia cancelling the contract"
            else:
                break
        return []

    def _presupposed(self, head: Token, event: Event) -> bool:
        """Whether a nominal event stands whole under a negation that is about another subject."""
        verb = _negating_verb(head)
        if verb is None:
            return False
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if not subjects or subjects[0].dep_ == "expl":
            return False  # "there was no call", "did not make the call" (no other subject)
        subject = self.actors.principal(self.actors.actor_at(subjects[0].i))
        parties = {
            self.actors.principal(event.source) or event.source,
            self.actors.principal(event.target) or event.target,
        }
        return subject not in parties

    def _venue(self, tok: Token, trigger: Token) -> bool:
        """Where an act takes place, not a party to it. Beside another party, a place after
        "at", "in", "to" is the venue ("met Garrick at the Elysee", "A and B met at the Elysee",
        "invited him to the White House"); alone, a country is the host, as CAMEO codes a
        visit ("arrived in Israel": Israel), and "lashed out at the government" keeps its target;
        an organisation after "in" is a venue ("voted in the Senate")."""
        kind = self._kind_at(tok)
        prep = tok.head.lower_
        if kind == "person" or prep not in _PLACE_PREPS:
            return False
        for child in trigger.children:
            if child.dep_ in ("dobj", "dative") and self._is_party(child):
                return True
            if child.dep_ == "nsubj" and any(self._is_party(c) for c in child.conjuncts):
                return True  # "Macron and Meloni met at the Elysee": the two are the parties
        return kind == "organization" and prep in _VENUE_PREPS

    def _actor_at(self, tok: Token) -> str | None:
        return self.proxies.get(tok.i) or self.actors.actor_at(tok.i)

    def _kind_at(self, tok: Token) -> str | None:
        actor = self.actors.get(self._actor_at(tok))
        return actor.kind if actor is not None else None

    def _is_party(self, tok: Token) -> bool:
        actor = self.actors.get(self._actor_at(tok))
        return actor is not None and _can_act(actor)

    def _owner(self, tok: Token, depth: int = 0) -> Token | None:
        """The party a thing belongs to, for an act aimed at the thing: "mocked Trump's
        predicament", "condemned Russia's rhetoric", "recalled its Canberra ambassador", "shot
        down a Chinese balloon", "denounced the behaviour of the Italian authorities"."""
        if self._is_party(tok) or _names_a_person(tok):
            return None  # "congratulated his successor": another person, not a thing of his
        for child in tok.children:
            if child.dep_ == "poss" and child.pos_ == "PRON" and child.i not in self.proxies:
                # "his endorsement" inside a quote: the third person it stands for
                found = self._resolve(child)
                if found is not None and found != self.actors.actor_at(child.i):
                    self.proxies[child.i] = found
            if child.dep_ == "poss" and self._is_party(child):
                return child
        for child in tok.children:
            if child.dep_ in ("compound", "nmod") and self._is_party(child):
                return child
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and self._is_party(obj):
                        return obj
                    if obj.dep_ == "pobj" and depth == 0:
                        # "the behaviour of the Italian authorities"
                        owner = self._owner(obj, depth + 1)
                        if owner is not None:
                            return owner
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.text[:1].isupper():
                country = self.actors.country_by_word(child.text)
                if country is not None:
                    self.proxies[child.i] = country
                    return child
        return None

    def _own(self, owner: Token, head: Token) -> bool:
        """Whether a possessive pronoun is the subject's own ("cancelled its contract")."""
        if owner.pos_ != "PRON":
            return False
        subjects = [c for c in head.children if c.dep_ == "nsubj"] or self._inherited_subject(head)
        return self._resolve(owner) in {self._resolve(s) for s in subjects} | {None}

    def _owned_targets(self, targets: list[Token], objects: list[Token]) -> list[Token]:
        """Targets for an act aimed at something a party owns, when no party is its target."""
        if any(self._is_party(t) for t in targets):
            return targets
        owners = [o for o in (self._owner(t) for t in [*targets, *objects]) if o is not None]
        return owners[:1] or targets

    def _event(
        self,
        trigger: _Trigger,
        source_tok: Token,
        source: str | None,
        target_tok: Token,
        target: str | None,
        modality: Modality,
    ) -> Event | None:
        source_actor = self.actors.get(source)
        target_actor = self.actors.get(target)
        if source_actor is None or target_actor is None:
            return None
        if not (_can_act(source_actor) and _can_act(target_actor)):
            return None
        if trigger.entry.pattern in _PERSON_TO_PERSON and not self._private_word(
            target_actor, trigger.head.sent
        ):
            return None  # "told lawmakers" is testimony, "told CNN's Tapper" an interview
        if self._own_side(source_actor, target_actor.id, country=False):
            return None  # a dissident's attack on their own state stays an event
        source_principal = self.actors.principal(source)
        target_principal = self.actors.principal(target)
        if source == target or source_principal == target_principal:
            return None
        entry = trigger.entry
        sent = trigger.head.sent
        pair = frozenset((source_principal, target_principal))
        date = self.dater.date(
            trigger.head,
            _clause_tokens(trigger.head),
            modality,
            keys=((_act_word(trigger.head), pair),),
            near_keys=((entry.type, pair),),
        )
        return Event(
            source=source_actor.id,
            target=target_actor.id,
            source_principal=source_principal if source_principal != source else None,
            target_principal=target_principal if target_principal != target else None,
            type=entry.type,
            mode=entry.mode,
            score=entry.score,
            quad_class=entry.quad_class,
            cameo_root=entry.cameo_root,
            modality=modality,
            date=date,
            evidence=_evidence(sent),
            trigger=_trigger_text(self.doc, trigger.tokens),
            trigger_span=_span_of(self.doc, trigger.tokens),
            confidence=self._confidence(trigger, source_tok, target_tok, date.basis),
            claimed_by=self._claimant(trigger.head),
        )

    def _confidence(
        self, trigger: _Trigger, source: Token, target: Token, basis: str | None
    ) -> float:
        # How the event was found: fixed expressions are the surest, bare nouns the least.
        base = {"phrase": 0.85, "light": 0.85, "verb": 0.8, "noun": 0.65}[trigger.how]
        for tok in (source, target):
            mention = self.actors.mention_at(tok.i)
            if mention is not None and mention.via == "pronoun":
                base -= 0.1
            elif mention is not None and mention.via == "role":
                base -= 0.05
        if basis == "narrative":
            base -= 0.05
        return round(max(0.1, base), 2)

    # -- modality --------------------------------------------------------------------------

    def _modality(self, trigger: _Trigger) -> Modality:
        head = trigger.head
        own_negation = trigger.how == "phrase" and any(
            self.doc[i].lower_ in ("not", "n't", "never", "no") for i in trigger.tokens
        )
        chain = _chain(head)
        negated = hypothetical = planned = False
        # from an act that is only urged, weighed or threatened up, a negation denies the urging,
        # not the act: "did not urge X to prosecute Y" leaves the prosecution hypothetical
        asked_from = next(
            (
                n
                for n in range(1, len(chain))
                if chain[n].lemma_.lower() in _HYPOTHETICAL_GOVERNORS
                and not _reports(chain[n], chain[n - 1])
                and not (chain[n - 1].dep_ == "advcl" and chain[n - 1].tag_ == "VBG")
            ),
            len(chain),
        )
        for n, tok in enumerate(chain):
            for child in tok.children:
                if n >= asked_from and child.dep_ in ("neg", "det"):
                    continue
                if child.dep_ == "neg" and not (own_negation and child.i in trigger.tokens):
                    negated = True
                if child.dep_ == "det" and child.lower_ == "no":
                    negated = True
                if child.dep_ == "prep" and any(
                    g.dep_ == "pobj"
                    and any(d.dep_ == "det" and d.lower_ == "no" for d in g.children)
                    for g in child.children
                ):
                    negated = True  # "at no time did they agree", "in no way"
                if child.dep_ == "aux" and child.lower_ in _HYPOTHETICAL_AUX:
                    hypothetical = True
                if child.dep_ == "aux" and child.lower_ in _FUTURE_AUX:
                    planned = True
                if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                    hypothetical = True
            adjunct = n > 0 and chain[n - 1].dep_ == "advcl" and chain[n - 1].tag_ == "VBG"
            if n > 0 and not adjunct:
                # a participle beside a verb ("vowed to go on, rebuffing Biden") is done as the
                # verb is done, not what the verb plans or refuses
                lemma = tok.lemma_.lower()
                if _reports(tok, chain[n - 1]):
                    lemma = ""  # "warned that Russia had attacked": a report, not a threat
                if lemma in _NEGATING_GOVERNORS:
                    negated = True
                elif lemma in _WISHING and self._wish_of_another(tok, chain[n - 1]):
                    # "wants the UK to extradite him", "hopes Ostria will sign": somebody else's
                    # wish, no plan of the act's own source
                    hypothetical = True
                elif lemma in _PLAN_GOVERNORS or (lemma == "go" and _is_going_to(tok)):
                    planned = True
                elif lemma in _HYPOTHETICAL_GOVERNORS:
                    hypothetical = True
                if tok.lemma_ in ("plan", "plans") and tok.pos_ == "NOUN":
                    planned = True
            if tok.tag_ == "VBG" and any(c.lower_ == "without" for c in tok.children):
                negated = True
        if head.head.lower_ == "without" or (
            head.dep_ == "dobj" and head.head.lemma_.lower() in _AVOIDING
        ):
            negated = True  # "left without meeting her", "avoided sanctions"
        if any(self._claimed_by_others(t) for t in chain):
            hypothetical = True  # "denied rumours that she had yielded to X": a claim, not an act
        if head.pos_ in ("NOUN", "PROPN"):
            # "the next meeting", "a possible visit": the noun's own modifier says it has not
            # happened; "plans for a potential meeting" stay planned
            modifiers = {c.lower_ for c in head.children if c.dep_ in ("amod", "compound")}
            if modifiers & _PLANNED_MODIFIERS:
                planned = True
            elif modifiers & _POSSIBLE_MODIFIERS and not planned:
                hypothetical = True
        if head.sent.text.rstrip().rstrip("”\"'’ ").endswith("?"):
            # a question asserts nothing: "An agreement between the two?"
            hypothetical = True
        if negated:
            return "negated"
        if hypothetical:
            return "hypothetical"
        if planned:
            return "planned"
        return "asserted"

    def _claimed_by_others(self, clause: Token) -> bool:
        """Whether a clause is what a claim noun says ("rumours that she had yielded") and the
        claim is not its subject's own ("her claim that she phoned X" tells her act, as she
        tells it)."""
        if not (
            clause.dep_ == "acl"
            and clause.head.lemma_.lower() in _CLAIM_NOUNS
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
        ):
            return False
        if clause.head.head.lemma_.lower() in _CONFIRMING:
            return False  # "confirmed the rumours that she had met X"
        claimants = {self._resolve(c) for c in clause.head.children if c.dep_ == "poss"}
        subjects = {self._resolve(c) for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")}
        return not (claimants & subjects) - {None}

    # -- date and claimant -----------------------------------------------------------------

    def _claimant(self, head: Token) -> str | None:
        for quote in self.quotes:
            if quote.span[0] <= head.idx < quote.span[1] and quote.speaker:
                return quote.speaker
        return self.publisher

    # -- stance quotes ---------------------------------------------------------------------

    def _stance_events(self, found: Sequence[Event]) -> Iterator[Event]:
        taken = {(e.source, e.target, e.evidence.span[0]) for e in found}
        acts = [e.trigger_span[0] for e in found if e.trigger_span]
        for quote in self.quotes:
            if not quote.direct or quote.speaker is None:
                continue
            if any(quote.span[0] <= at < quote.span[1] for at in acts):
                continue  # the quote reports an act ("the president thanked her"): the event
            speaker = self.actors.get(quote.speaker)
            if speaker is None or speaker.kind not in _PARTY_KINDS:
                continue
            own_country = self.actors.country_of(quote.speaker)
            span = self.doc.char_span(quote.span[0], quote.span[1], alignment_mode="expand")
            if span is None:
                continue
            sentence = span[0].sent
            base = self.text.find(quote.text, quote.span[0])
            for target, chars in self._quote_referents(quote):
                if target == own_country or self._own_side(speaker, target):
                    continue
                if not (self._public(speaker) or self._public(self.actors.get(target))):
                    continue  # a coach on his player, a chief executive on a hire: no relation
                if (quote.speaker, target, sentence.start_char) in taken:
                    continue
                # The quote's own words, toward the one it names when it names several; a
                # mention may take in the opening quote mark (“King Tom”): clip it to the words.
                inner = (
                    (max(chars[0] - base, 0), min(chars[1] - base, len(quote.text)))
                    if chars is not None and base >= 0
                    else (0, 0)
                )
                score = tone_toward(quote.text, *inner) if inner[0] < inner[1] else tone(quote.text)
                if abs(score) < _STANCE_MIN_TONE and chars is None:
                    # "called her 'a shopkeeper with a flag'": a quoted epithet pinned on someone
                    # is a jab even in words without tone (judgement: ACCUSE at disapproval, -2)
                    score = _EPITHET_TONE
                if abs(score) < _STANCE_MIN_TONE:
                    continue
                taken.add((quote.speaker, target, sentence.start_char))
                yield self._stance_event(quote, target, score, sentence)

    def _stance_event(self, quote: Quote, target: str, score: float, sentence: Span) -> Event:
        speaker = quote.speaker or ""
        positive = score > 0
        return Event(
            source=speaker,
            target=target,
            source_principal=_other(self.actors.principal(speaker), speaker),
            target_principal=_other(self.actors.principal(target), target),
            type="SUPPORT" if positive else "ACCUSE",
            mode="praise" if positive else "insult",
            score=round(score * (_STANCE_SUPPORT_MAX if positive else _STANCE_ACCUSE_MAX), 1),
            quad_class=1 if positive else 3,
            cameo_root="05" if positive else "11",
            modality="asserted",
            date=self._said_on(quote),
            evidence=_evidence(sentence),
            trigger=quote.text,
            trigger_span=quote.span,
            confidence=0.5,
            claimed_by=speaker,
        )

    def _said_on(self, quote: Quote) -> DateRange:
        """A stance is dated when it was voiced: the quote's date, else as the act of its cue
        (its clause, its paragraph), else as a reported act."""
        if quote.date is not None and quote.date.start is not None:
            return DateRange(quote.date.start, quote.date.end, quote.date.text, "explicit")
        cue = (
            self.doc.char_span(*quote.cue_span, alignment_mode="expand") if quote.cue_span else None
        )
        if cue is not None and len(cue) > 0:
            return self.dater.date(cue.root, _clause_tokens(cue.root), "asserted")
        if self.dater.published is None:
            return DateRange(None, None, None, "none")
        return reported_window(self.dater.published, "asserted", None)

    def _quote_referents(self, quote: Quote) -> list[tuple[str, tuple[int, int] | None]]:
        """Actors a quote is about, with where the quote names them: the object of a naming cue
        ("described Varga as ...", no position), else every actor named inside the quote."""
        cue = (
            self.doc.char_span(*quote.cue_span, alignment_mode="expand") if quote.cue_span else None
        )
        if cue is not None and cue.root.lemma_ in _NAMING_VERBS:
            named = [
                self.actors.actor_at(child.i)
                for child in cue.root.children
                if child.dep_ in ("dobj", "dative")
            ]
            found: list[tuple[str, tuple[int, int] | None]] = [
                (a, None) for a in named if a is not None and self._is_target_kind(a)
            ]
            if found:
                return found
        if cue is not None:
            # "said of Netanyahu that ...", "spoke about her": the one the words are about
            about = [
                self.actors.actor_at(obj.i)
                for prep in cue.root.children
                if prep.dep_ == "prep" and prep.lower_ in ("of", "about")
                for obj in prep.children
                if obj.dep_ == "pobj"
            ]
            spoken_of: list[tuple[str, tuple[int, int] | None]] = [
                (a, None) for a in about if a is not None and self._is_target_kind(a)
            ]
            if spoken_of:
                return spoken_of
        out: list[tuple[str, tuple[int, int] | None]] = []
        seen: set[str] = set()
        for mention in self.actors.mentions:
            inside = quote.span[0] <= mention.chars[0] < quote.span[1]
            if not inside or mention.actor == quote.speaker or mention.via not in ("name", "role"):
                continue
            if self._aside(mention.chars):
                continue
            if self._is_target_kind(mention.actor) and mention.actor not in seen:
                seen.add(mention.actor)
                out.append((mention.actor, mention.chars))
        if not out:
            # "'Very honoured to have his endorsement,' he said": a third person the quote
            # names only by pronoun, resolved as inside quotes (see _resolve)
            span = self.doc.char_span(quote.span[0], quote.span[1], alignment_mode="expand")
            for tok in span if span is not None else ():
                if tok.lower_ not in ("he", "him", "his", "she", "her"):
                    continue
                actor = self._resolve(tok)
                if (
                    actor is not None
                    and actor != quote.speaker
                    and actor not in seen
                    and self._is_target_kind(actor)
                ):
                    seen.add(actor)
                    out.append((actor, (tok.idx, tok.idx + len(tok))))
        return out

    def _aside(self, chars: tuple[int, int]) -> bool:
        """Whether a quote names an actor only as the partner of what it speaks of ("working
        with the government of X", "our product with X") or as the modifier of another noun
        ("we found the X tariff decision delightful"): the words judge that, not the actor."""
        span = self.doc.char_span(chars[0], chars[1], alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ == "compound" and self.actors.actor_at(root.head.i) is None:
            return True
        tok = root
        for _ in range(6):
            if tok.dep_ in ("conj", "appos"):
                tok = tok.head
            elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i != tok.i:
                tok = tok.head.head
            else:
                break
        with_ = tok.head
        return (
            tok.dep_ == "pobj"
            and with_.lower_ == "with"
            and with_.head.pos_ in ("VERB", "NOUN")
            and with_.head.tag_ != "VBN"  # "furious with X", "disappointed with X": a stance
        )

    def _wish_of_another(self, governor: Token, clause: Token) -> bool:
        """Whether ``clause`` has a subject of its own other than the one who wishes it ("wants
        the UK to extradite him"; not "I hope we will meet her")"""
        wished = [c for c in clause.children if c.dep_ == "nsubj"]
        wisher = [c for c in governor.children if c.dep_ == "nsubj"]
        if not wished:
            return False
        if not wisher:
            return True
        first = {"i", "we"}
        if wished[0].lower_ in first and wisher[0].lower_ in first:
            return False
        one, other = self._resolve(wished[0]), self._resolve(wisher[0])
        return one is None or one != other

    def _public(self, actor: Actor | None) -> bool:
        """Whether an actor is of public life: a state, or a person holding a public office
        the article names (a title of ``titles.tsv`` other than a company's chief executive)."""
        if actor is None:
            return False
        if actor.kind == "country":
            return True
        return actor.kind == "person" and any(role in _PUBLIC_ROLES for role in actor.roles)

    def _is_target_kind(self, actor_id: str) -> bool:
        actor = self.actors.get(actor_id)
        return (
            actor is not None
            and actor.kind in ("person", "country", "organization")
            and _can_act(actor)
        )


# --- helpers --------------------------------------------------------------------------------


_PRICES = {"fee", "price", "rate", "interest", "premium", "commission", "rent", "toll"}


def _charges_money(tok: Token) -> bool:
    """Whether "charge" asks a price ("charged the company $6 million", "charges a fee"), not a
    crime."""
    if tok.lemma_ != "charge":
        return False
    return any(
        c.ent_type_ == "MONEY" or c.tag_ == "$" or c.lemma_.lower() in _PRICES
        for child in tok.children
        if child.dep_ in ("dobj", "dative", "npadvmod", "attr")
        for c in child.subtree
    )


def _reports(governor: Token, below: Token) -> bool:
    """Whether ``governor`` reports the clause ``below`` rather than asks for it: "warned that
    Russia had attacked" tells of an attack; "urged X to", "demanded that X resign", "warned X
    not to" ask for the act."""
    return governor.lemma_.lower() == "warn" and below.dep_ != "xcomp"


def _evidence(sentence: Span) -> Evidence:
    """The sentence as evidence, without the blank space a paragraph break leaves after it."""
    text = sentence.text.rstrip()
    return Evidence(sentence=text, span=(sentence.start_char, sentence.start_char + len(text)))


def _particle(tok: Token) -> str | None:
    for child in tok.children:
        if child.dep_ == "prt":
            return child.lower_
    for child in tok.children:
        # "hit back", "lashed out": the parser often tags the particle as an adverb
        if child.dep_ == "advmod" and child.lower_ in _ADVERB_PARTICLES and child.i == tok.i + 1:
            return child.lower_
    for child in tok.children:
        if child.dep_ == "prep":
            if any(c.ent_type_ in ("DATE", "TIME") for c in child.children):
                continue  # "called him on Monday": a time, not the particle of "call on"
            return child.lower_
    return None


def _expand(tokens: list[Token]) -> list[Token]:
    """Add coordinated actors: "Varga and Kessler" -> both."""
    out: list[Token] = []
    for tok in tokens:
        out.append(tok)
        out.extend(c for c in tok.conjuncts if c not in out)
    return out


_ADVERB_PARTICLES = {"back", "out", "off", "down", "up", "away"}
_NAMING_VERBS = {"call", "brand", "label", "dub", "describe", "term", "name"}


def _naming_words(tok: Token) -> Span | None:
    """The words a naming verb pins on its object: "called Xi a dictator", "described her as
    a fine leader", "referred to him as a 'dictator'"."""
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if len(objects) == 2:  # "labelled Kessler a dictator", parsed as two objects
        return tok.doc[objects[1].left_edge.i : objects[1].right_edge.i + 1]
    for head in [tok, *objects]:
        for child in head.children:
            if (
                head is tok
                and child.dep_ in ("oprd", "xcomp", "ccomp", "attr")
                and child.pos_ not in ("VERB", "AUX")  # "called Xi to discuss trade": a call
            ) or (head is not tok and child.dep_ == "appos"):  # "labelled Xi a dictator"
                return tok.doc[child.left_edge.i : child.right_edge.i + 1]
            if child.dep_ == "prep" and child.lower_ == "as":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_ not in _NOT_EPITHETS:
                    return tok.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


def _core_words(words: Span) -> str:
    """A phrase without the clauses and phrases hung on its head: "a personal betrayal by a
    leader he had once called 'the best partner'" -> "a personal betrayal"."""
    head = words.root
    if head.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return words.text
    dropped: set[int] = set()
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "prep", "ccomp", "advcl"):
            dropped.update(t.i for t in child.subtree)
    return " ".join(t.text for t in words if t.i not in dropped)


def _negated_itself(head: Token) -> bool:
    """Whether a verb trigger carries its own negation ("did not invite"), not a governor's."""
    return head.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in head.children)


def _idiom_entry(entry: TriggerEntry) -> bool:
    """Whether a trigger is an idiom whose words say its type more surely than the sentence's
    reading: a retort ("hit back" is no assault) or a naming ("called him a friend" is no call),
    whose type the event coder leaves alone."""
    return entry.pattern in _RETORTS or entry.pattern.endswith("+epithet")


def _naming_entry(tok: Token) -> TriggerEntry | None:
    """The event of naming someone with words of clear tone (judgement: scored as a quoted
    stance is, from the words' tone), or None for words without tone."""
    words = _naming_words(tok)
    if words is None or tok.lemma_ == "name":
        return None  # "named X as adviser" appoints; "called X as part of a round" calls
    score = tone(_core_words(words))
    if abs(score) < _NAMING_MIN_TONE:
        return None
    positive = score > 0
    return TriggerEntry(
        pattern=f"{tok.lemma_}+epithet",
        kind="verb",
        type="SUPPORT" if positive else "ACCUSE",
        mode="praise" if positive else "insult",
        score=round(score * (_STANCE_SUPPORT_MAX if positive else _STANCE_ACCUSE_MAX), 1),
        quad_class=1 if positive else 3,
        cameo_root="05" if positive else "11",
        source="judgement",
        note="naming someone with words of this tone",
    )


def _is_naming(tok: Token) -> bool:
    """ "call X Y" / "call X 'quoted words'": naming someone, not telephoning them."""
    if tok.lemma_ not in _NAMING_VERBS:
        return False
    has_object = any(c.dep_ == "dobj" for c in tok.children)
    if has_object and _naming_words(tok) is not None:
        return True
    return any(t.text in ("“", '"') for t in tok.subtree)


_REPORT_NOUNS = {
    "report",
    "claim",
    "rumour",
    "rumor",
    "suggestion",
    "speculation",
    "allegation",
    "story",
    "account",
    "assertion",
}
_DENYING = {"deny", "dismiss", "reject", "refute", "rebuff", "debunk", "dispute", "contradict"}
_ASKING = {"ask", "question", "query", "press", "quiz"}
_HEDGES = {
    "reportedly",
    "allegedly",
    "apparently",
    "purportedly",
    "supposedly",
    "seemingly",
    "ostensibly",
}
_HEARSAY_VERBS = {"say", "believe", "report", "think", "understand", "rumour", "rumor", "allege"}


def _report_frame(head: Token) -> str | None:
    """Whether an act is told as the content of reports: "denied reports that A met B" (denied),
    "asked about reports that he had met B" (asked), "amid reports that A met B" (reported)."""
    tok = head
    for _ in range(5):
        if tok.head is tok or tok.dep_ not in ("ccomp", "acl", "relcl", "xcomp", "advcl", "conj"):
            return None
        tok = tok.head
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _REPORT_NOUNS:
            governor = tok.head
            if governor.pos_ == "ADP" and governor.head is not governor:
                governor = governor.head  # "asked about reports", "amid reports"
            lemma = governor.lemma_.lower()
            if lemma in _DENYING:
                return "denied"
            if lemma in _ASKING:
                return "asked"
            return "reported"
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in ("be", "have"):
            return None
    return None


def _hedged(head: Token) -> bool:
    """ "reportedly met", "allegedly threatened", "is said to have met": told, not vouched for."""
    if any(c.dep_ == "advmod" and c.lower_ in _HEDGES for c in head.children):
        return True
    governor = head.head
    return (
        head.dep_ == "xcomp"
        and governor.lemma_.lower() in _HEARSAY_VERBS
        and any(c.dep_ == "auxpass" for c in governor.children)
    )


_CHAIN_DEPS = ("xcomp", "ccomp", "acl", "relcl", "advcl", "pcomp", "prep", "pobj")
# A clause opened by these tells its own act, in its own tense: the main clause's future or
# negation is not its own ("will return after they met", "did not leave until they had talked").
_OWN_CLAUSE_MARKS = {"after", "before", "when", "since", "as", "while", "once", "because", "until"}
# Verbs that carry an event noun as their object ("made a call", "held talks", "paid a visit"):
# their negation and modality are the event's.
_SUPPORT_VERBS = {
    "make",
    "hold",
    "have",
    "pay",
    "place",
    "give",
    "issue",
    "send",
    "extend",
    "offer",
    "conduct",
    "stage",
    "take",
    "host",
}


def _chain(head: Token) -> list[Token]:
    """The trigger and up to three governors it hangs from (infinitives, clauses, prepositions):
    where its modality is read."""
    chain = [head]
    token = head
    for _ in range(3):
        support = token.dep_ == "dobj" and token.head.lemma_.lower() in _SUPPORT_VERBS
        if (token.dep_ not in _CHAIN_DEPS and not support) or token.head is token:
            break
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _OWN_CLAUSE_MARKS for c in token.children
        ):
            break  # "will return its envoy after Biden called Macron": the call happened
        token = token.head
        chain.append(token)
    return chain


# Nouns for a person by their tie to another: "his successor" is someone else, not his thing
_RELATIONAL = {
    "successor",
    "predecessor",
    "rival",
    "opponent",
    "challenger",
    "ally",
    "friend",
    "enemy",
    "critic",
    "supporter",
    "wife",
    "husband",
    "son",
    "daughter",
    "family",
    "staff",
    "team",
    "host",
    "hostess",
    "guest",
    "lawyer",
    "aide",
    "partner",
    "coalition",
    "government",
    "member",
    "neighbour",
    "neighbor",
}


def _names_a_person(tok: Token) -> bool:
    """Whether a noun stands for a person (a title, a tie, a person's name)."""
    lemma = tok.lemma_.lower()
    return tok.ent_type_ == "PERSON" or lemma in _RELATIONAL or lemma in titles()


_WH_WORDS = {"how", "what", "why", "when", "where", "who", "whom", "which"}


def _asks(clause: Token) -> bool:
    """Whether a complement clause is a question ("whether they met", "how he would pay")."""
    return any(
        (c.dep_ == "mark" and c.lower_ in ("whether", "if")) or c.lower_ in _WH_WORDS
        for c in clause.subtree
        if c.i < clause.i
    )


def _standing_tie(head: Token) -> bool:
    """Whether a noun of working together names a standing tie, not an act: held ("has a
    partnership with", "maintains cooperation") or measured in time ("a ten-year alliance",
    "long-standing cooperation")."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in _TIE_NOUNS:
        return False
    if head.dep_ == "dobj" and head.head.lemma_.lower() in ("have", "maintain", "enjoy", "keep"):
        return True
    return any(
        (c.dep_ == "compound" and c.lemma_.lower() in ("year", "decade"))
        or (c.dep_ == "amod" and "".join(t.lower_ for t in c.subtree) in _DURATION_WORDS)
        for c in head.children
    )


_TIE_NOUNS = {"partnership", "cooperation", "collaboration", "alliance", "relationship"}
_DURATION_WORDS = {"long-standing", "longstanding", "decades-long", "years-long", "lasting"}


def _a_question(head: Token) -> bool:
    """A question put to someone, not a demand between parties: "Asked whether ..., X said"
    (the one asked answers; the asker is an unnamed reporter), "asked how ...", "asked him
    about ...", "demanded to know whether ..."."""
    if head.lemma_.lower() not in ("ask", "demand", "question", "press"):
        return False
    if head.tag_ == "VBN" and head.dep_ == "advcl":
        return True
    if head.lemma_.lower() == "ask" and any(
        (c.dep_ == "prep" and c.lower_ in ("about", "regarding"))
        or (c.dep_ in ("ccomp", "xcomp") and _asks(c))
        for c in head.children
    ):
        return True  # "asked him about the delays", "asked her whether ...": a question
    has_party_object = any(c.dep_ in ("dobj", "dative") for c in head.children)
    return not has_party_object and any(
        c.dep_ in ("ccomp", "xcomp") and _asks(c) for c in head.children
    )


def _past_dateline(subject: Token) -> Token:
    """The subject behind a dateline the parser took for it ("ROME, November 11 - Prime
    Minister Meloni condemned...": Meloni, not Rome)."""
    if not (subject.is_upper and len(subject.text) > 2):
        return subject
    for child in subject.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return child
    return subject


def _refusal(head: Token) -> Token | None:
    """The verb of refusal the act hangs from ("refused to meet", "declined to invite", "ruled
    out meeting"), the refusal itself not negated; None when there is none."""
    for tok in _chain(head)[1:]:
        if tok.lemma_.lower() in _REFUSING_GOVERNORS and tok.pos_ == "VERB":
            return None if any(c.dep_ == "neg" for c in tok.children) else tok
    return None


def _reversed(event: Event) -> Event:
    """The event with its two parties swapped."""
    return dataclasses.replace(
        event,
        source=event.target,
        target=event.source,
        source_principal=event.target_principal,
        target_principal=event.source_principal,
    )


def _negating_verb(head: Token) -> Token | None:
    """The verb above a nominal trigger that carries its clause's negation ("I was not on the
    call between A and B": "was"), None when the negation is the noun's own or there is none."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    for tok in _chain(head)[1:]:
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in tok.children):
            return tok
    return None


def _can_act(actor: Actor) -> bool:
    """A party is an actor that can act (DESIGN.md): never an occasion or a product, which the
    model tags as organisations now and then."""
    if actor.kind not in _PARTY_KINDS:
        return False
    if actor.kind != "organization":
        return True
    last = actor.name.split()[-1].lower() if actor.name.split() else ""
    return last not in _OCCASION_HEADS and not (
        " " in actor.name.strip() and _PRODUCT_TAIL.search(actor.name.strip())
    )


def _retyped(event: Event, plover_type: str) -> Event:
    """The event as the learned typer types it: the type's expert score and usual CAMEO root;
    the trigger stays, as the words that fired."""
    return dataclasses.replace(
        event,
        type=plover_type,
        mode=None,
        score=EXPERT_SCORES[plover_type],
        quad_class=QUAD_CLASS[plover_type],
        cameo_root=cameo_root_of(plover_type),
    )


def _act_word(tok: Token) -> str:
    """The word an act is told by, the same for verb and noun: "met" and "the meeting" -> "meet"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma.endswith("ing") and len(lemma) > 6:
        return lemma[:-3]
    return lemma


def _is_going_to(tok: Token) -> bool:
    return tok.tag_ == "VBG" and any(c.dep_ == "xcomp" for c in tok.children)


def _clause_tokens(head: Token) -> set[int]:
    """Tokens of the trigger's own clause, without nested clauses of other verbs."""
    clause = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "conj") and child.pos_ in (
                "VERB",
                "AUX",
            ):
                continue
            clause.add(child.i)
            stack.append(child)
    if head.dep_ in ("xcomp", "pcomp", "dobj", "pobj") and head.head is not head:
        clause.add(head.head.i)
        clause.update(c.i for c in head.head.children if c.dep_ in ("prep", "npadvmod", "advmod"))
        for child in head.head.children:
            if child.dep_ in ("prep", "npadvmod"):
                clause.update(t.i for t in child.subtree)
    return clause


def _trigger_text(doc: Doc, tokens: tuple[int, ...]) -> str:
    return " ".join(doc[i].text for i in tokens)


def _span_of(doc: Doc, tokens: tuple[int, ...]) -> tuple[int, int]:
    first, last = doc[min(tokens)], doc[max(tokens)]
    return first.idx, last.idx + len(last.text)


def _other(principal: str | None, actor: str) -> str | None:
    return principal if principal != actor else None
