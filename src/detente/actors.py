"""Actors stage: ``ParsedArticle -> ActorTable``, one actor per real entity in an article.

Mentions come from spaCy's entities (PERSON, ORG, GPE, NORP, and PRODUCT/WORK_OF_ART when they name
an outlet), the curated outlet list, titles before names, role nouns ("the prime minister", "his
Kastorian counterpart"), group and anonymous-source noun phrases ("two aides to the prime minister",
"people in Varga's orbit"), and third-person pronouns. They are clustered into actors:

* **Names.** A multi-word PERSON name founds a person; a surname alone, a possessive and a first
  name alone join the person whose name ends (or starts) with it. Whatever label the tagger gave
  the token (the model often tags a surname ORG or GPE), a span that equals a known person's name
  is that person. A misspelling joins a person only when it is unambiguous: same first letter,
  at least 5 letters, Damerau-Levenshtein distance 1 (2 from 9 letters on), and one candidate.
* **Titles** before a name become roles, with their modifier and country ("former Vardanian
  president"); honorifics (Mr, Dr) only hint at gender. A capitalised name after a title founds
  a person whatever the tagger made of it ("Former President Hale", Hale tagged ORG or nothing).
* **Role nouns** resolve to the actor holding the role in the article, the most recently mentioned
  one first; "leader" matches heads of state, government or party, "counterpart" any officeholder of
  the stated country. A role noun nobody holds ("the former president" of a person named by
  surname only) resolves like a pronoun among the people given no role.
* **Groups and anonymous sources** are actors affiliated with their principal (possessive, "to",
  "of", "for", "close to", "in X's orbit", a national adjective); a later definite mention ("the
  aides", "one of the aides") joins the latest group with the same head noun.
* **Outlets** come from ``lexicon/outlets.tsv`` and from patterns ("told X", "according to X", "X
  reported", "on X" after a posting verb); a person named with an outlet ("Harbor Wire's Tom
  Rivers") is affiliated with it.
* **Pronouns** that are the subject or object of a verb, or a possessor, resolve by a rule-based
  salience model (no neural coreference model installs offline): candidates in the same and the
  previous two sentences, agreeing in number and, where the name or title tells, gender; scored by
  recency, subject position and being the speaker of the surrounding quotes. The speaker of a
  quote is never a person named inside it ("“... Keller ...,” he said"), and whoever a question
  names does not answer it ("Asked whether Keller would come, he said").

Each actor has a normalised ``key`` (lower case, diacritics folded) for matching across articles.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from detente.lexicon import Title, agents, cues, outlets, titles
from detente.lexicon.names import fold, given_name_gender
from detente.lexicon.places import Country, country_by_demonym, country_by_name, country_by_seat
from detente.nlp import doc_text
from detente.records import Actor, ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["ActorTable", "Mention", "dateline_length", "extract_actors"]

ActorKind = Literal["person", "organization", "country", "outlet", "group", "anonymous"]
MentionVia = Literal["name", "role", "pronoun", "group", "outlet"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an actor is mentioned: tokens ``[start, end)``, chars, and its syntactic head."""

    actor: str
    start: int
    end: int
    head: int
    chars: tuple[int, int]
    text: str
    via: MentionVia


@dataclass(frozen=True, slots=True)
class ActorTable:
    """The actors of one article and where each is mentioned."""

    actors: tuple[Actor, ...]
    mentions: tuple[Mention, ...]
    _by_head: dict[int, Mention] = field(default_factory=dict, repr=False, compare=False)
    _by_token: dict[int, Mention] = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict[str, Actor] = field(default_factory=dict, repr=False, compare=False)
    genders: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for actor in self.actors:
            self._by_id[actor.id] = actor
        # smallest mention wins for a token; a mention's head token maps to it directly
        for mention in sorted(self.mentions, key=lambda m: m.start - m.end):
            self._by_head[mention.head] = mention
            for i in range(mention.start, mention.end):
                self._by_token[i] = mention

    def get(self, actor_id: str | None) -> Actor | None:
        """The actor with this id, or None."""
        return self._by_id.get(actor_id) if actor_id else None

    def mention_at(self, token: int) -> Mention | None:
        """The mention headed by ``token``, else the smallest mention covering it."""
        return self._by_head.get(token) or self._by_token.get(token)

    def actor_at(self, token: int) -> str | None:
        """The actor id mentioned at ``token`` (see :meth:`mention_at`)."""
        mention = self.mention_at(token)
        return mention.actor if mention else None

    def gender(self, actor_id: str) -> str | None:
        """A weak gender hint ("m"/"f") for pronoun agreement; never part of the output."""
        return self.genders.get(actor_id)

    def country_of(self, actor_id: str | None) -> str | None:
        """The id of the country actor an actor belongs to: itself for a country, the country
        its role names ("Norlandic prime minister"), else its principal's; None if unknown."""
        actor = self.get(actor_id)
        if actor is None:
            return None
        if actor.kind == "country":
            return actor.id
        countries = [a for a in self.actors if a.kind == "country"]
        for role in actor.roles:
            for word in role.split():
                if word[:1].isupper():
                    stem = _stem_of(word)
                    for country in countries:
                        if _stem_of(country.name) == stem or stem in {
                            _stem_of(alias) for alias in country.aliases
                        }:
                            return country.id
        if actor.affiliation and actor.affiliation != actor.id:
            return self.country_of(actor.affiliation)
        return None

    def country_by_word(self, word: str) -> str | None:
        """The id of this article's country actor a demonym or country name stands for
        ("Chinese" -> the actor for China, when the article names China); None otherwise."""
        wanted = country_by_demonym(word) or country_by_name(word)
        if wanted is None:
            return None
        for actor in self.actors:
            if actor.kind != "country":
                continue
            for name in (actor.name, *actor.aliases):
                found = country_by_name(name) or country_by_seat(name)
                if found is not None and found.iso3 == wanted.iso3:
                    return actor.id
        return None

    def principal(self, actor_id: str | None) -> str | None:
        """The actor a group or anonymous source speaks for (itself for anyone else)."""
        actor = self.get(actor_id)
        if actor is None:
            return None
        if actor.kind in ("group", "anonymous") and actor.affiliation:
            return actor.affiliation
        return actor.id


# --- vocabulary -----------------------------------------------------------------------------

_TITLE_MODIFIERS = {
    "former",
    "then",
    "acting",
    "interim",
    "deputy",
    "outgoing",
    "incoming",
    "late",
    "ex",
    "ex-",
    "new",
    "longtime",
    "longstanding",
    "senior",
}
# Head nouns of anonymous sources (unnamed individuals) and of groups (collectives).
_ANONYMOUS_NOUNS = {
    "aide",
    "adviser",
    "advisor",
    "official",
    "source",
    "person",
    "people",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "diplomat",
    "insider",
    "ally",
    "confidant",
    "associate",
    "staffer",
    "representative",
    "lawmaker",
    "minister",
    "officer",
    "negotiator",
    "envoy",
}
# Nouns that, with "the" and no owner, name the organisation the text has just named
_ORGANISATION_NOUNS = {"company", "firm", "agency", "organisation", "organization", "corporation"}
_GROUP_NOUNS = {"team", "camp", "office", "orbit", "circle", "entourage", "staff", "aides"}
_PRONOUNS_MALE = {"he", "him", "his", "himself"}
_PRONOUNS_FEMALE = {"she", "her", "hers", "herself"}
_PRONOUNS_PLURAL = {"they", "them", "their", "theirs", "themselves"}
_PRONOUNS_NEUTER = {"it", "its", "itself"}
_PERSONAL_PRONOUNS = (
    _PRONOUNS_MALE
    | _PRONOUNS_FEMALE
    | _PRONOUNS_PLURAL
    | _PRONOUNS_NEUTER
    | {"i", "me", "my", "we", "us", "our", "you", "your"}
)
_POST_VERBS = {"post", "write", "say", "tweet", "share", "repost", "announce", "publish"}
_OUTLET_SUFFIX = re.compile(
    r"\b(?:news|wire|press|post|times|herald|journal|tribune|agency|media|network|radio|"
    r"television|tv|daily|gazette|chronicle|observer|guardian|telegraph|dispatch|courier|monitor|"
    r"standard|express|mail|examiner|inquirer|magazine|weekly|broadcasting|report|review)$",
    re.I,
)
_MAX_PRONOUN_SENTENCES = 2
# Participles that put a question to the subject of their sentence ("Asked whether ...,").
_QUESTION_VERBS = {"ask", "press", "question", "quiz", "challenge", "push"}
# Where a party stands in its clause: subject, object, possessor.
_PARTY_DEPS = {"nsubj", "nsubjpass", "poss", "dobj", "pobj", "dative", "agent", "appos", "conj"}
# Entity labels that are never a person's name after a title ("President Trump" tagged ORG is).
_NOT_PEOPLE = {
    "PERSON",  # a person already
    "NORP",
    "DATE",
    "TIME",
    "CARDINAL",
    "ORDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "LAW",
    "EVENT",
}
_DOCUMENT_NAME = re.compile(
    r"^(?:compact|agreement|treaty|accord|accords|pact|protocol|memorandum|convention|deal|act|"
    r"charter|declaration|resolution|plan|initiative|bill|law|framework)$",
    re.I,
)
_LOCATIVE_PREPS = {
    "in",
    "at",
    "near",
    "outside",
    "from",
    "across",
    "into",
    "around",
    "throughout",
    "inside",
    "to",
    "toward",
    "towards",
    "via",
    "through",
}
_TRAVEL_VERBS = {"visit", "leave", "reach", "enter", "tour", "flee", "cross", "approach"}
_PLACE_NOUNS = {
    "capital",
    "city",
    "town",
    "village",
    "region",
    "province",
    "port",
    "county",
    "district",
    "border",
    "island",
    "resort",
    "estate",
}


# --- the stage ------------------------------------------------------------------------------


def extract_actors(parsed: ParsedArticle) -> ActorTable:
    """Find the actors of one parsed article and every mention of each.

    Returns an empty table for an article without a parse (a language the pipeline does not
    handle).
    """
    if parsed.doc is None:
        return ActorTable(actors=(), mentions=())
    return _Builder(parsed.doc).build()


@dataclass
class _Draft:
    kind: ActorKind
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_keys: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    gender: str | None = None
    country: str | None = None
    affiliation: int | None = None
    mentions: list[tuple[int, int, int, MentionVia]] = field(default_factory=list)
    head_lemma: str | None = None


class _Builder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.drafts: list[_Draft] = []
        self.token_actor: dict[int, int] = {}  # token index -> draft index (names, groups)
        self.person_by_surname: dict[str, list[int]] = defaultdict(list)
        self.person_by_first: dict[str, list[int]] = defaultdict(list)
        self.person_by_full: dict[str, int] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.dateline_end, self.dateline_region, self.dateline_city = _dateline(doc)

    # -- building --------------------------------------------------------------------------

    def build(self) -> ActorTable:
        ents = [e for e in self.doc.ents if e.start_char >= self.dateline_end]
        self._found_people(ents)
        self.demonym_stems = {
            _stem_of(t.text)
            for t in self.doc
            if not t.text.endswith("s") and (t.ent_type_ == "NORP" or _looks_demonym(t))
        }
        ents = [e for e in ents if not self._is_title_or_demonym(e)]
        self._outlets(ents)
        self._countries(ents)
        self._names(ents)
        self._titles_and_appositions()
        self._role_nouns()
        self._groups()
        self._drop_places()  # before pronouns, so that no "she" resolves to a town
        self._pronouns()
        return self._freeze()

    def _drop_places(self) -> None:
        """Forget single-word "actors" that the text only uses as places ("talks in Orlek").

        The model tags unfamiliar place names PERSON or ORG; a name that stands after a locative
        preposition, or as the dateline's city, and never acts (subject, possessor, object) is a
        place, not a party.
        """
        for draft in self.drafts:
            if draft.kind not in ("person", "organization") or " " in draft.name:
                continue
            located = acting = 0
            for _start, _end, head, via in draft.mentions:
                if via != "name":
                    acting += 1
                    continue
                tok = self.doc[head]
                locative = tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE_PREPS
                if locative or (tok.dep_ == "appos" and tok.head.lemma_ in _PLACE_NOUNS):
                    located += 1
                elif tok.dep_ == "dobj" and tok.head.lemma_ in _TRAVEL_VERBS:
                    located += 1  # "to visit Veloria"
                elif tok.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "dative", "agent"):
                    acting += 1
                elif (
                    tok.dep_ == "pobj"
                    and tok.head.lower_ == "of"
                    and tok.head.head.lemma_ in (_PLACE_NOUNS)
                ):
                    located += 1
            if self.dateline_city and fold(draft.name) == fold(self.dateline_city):
                located += 1
            if located and not acting:
                draft.mentions.clear()

    def _new(self, kind: ActorKind, name: str) -> int:
        self.drafts.append(_Draft(kind=kind, name=name))
        return len(self.drafts) - 1

    def _mention(
        self, idx: int, start: int, end: int, via: MentionVia, head: int | None = None
    ) -> None:
        if any(self.token_actor.get(i) not in (None, idx) for i in range(start, end)) and via in (
            "name",
            "outlet",
        ):
            return
        span = self.doc[start:end]
        self.drafts[idx].mentions.append((start, end, span.root.i if head is None else head, via))
        for i in range(start, end):
            self.token_actor.setdefault(i, idx)
        if via in ("name", "outlet"):
            text = _strip_possessive(span.text)
            if text and text not in self.drafts[idx].aliases:
                self.drafts[idx].aliases.append(text)

    # -- people ----------------------------------------------------------------------------

    def _is_title_or_demonym(self, ent: Span) -> bool:
        """An entity the model cut out of a title ("Norlandic Prime" before "Minister Ada Brun")
        or a lone national adjective it took for a name ("Kastorian")."""
        if all(t.i in self.title_tokens for t in ent):
            return True
        return (
            ent.label_ != "GPE"
            and len(ent) == 1
            and _demonym_shape(ent[0])
            and ent[0].dep_ in ("amod", "compound", "nmod")
        )

    def _found_people(self, ents: list[Span]) -> None:
        """Multi-word PERSON names found people; single words join them later."""
        self.title_tokens: set[int] = set()
        for ent in ents:
            if ent.label_ != "PERSON":
                continue
            self.title_tokens.update(range(_title_start(self.doc, ent.start), ent.start))
            words = _name_words(ent)
            if len(words) < 2 or any(_is_outlet_name(w) for w in words):
                continue
            full = " ".join(words)
            if full in self.person_by_full:
                continue
            idx = self._new("person", full)
            self.person_by_full[full] = idx
            self.person_by_surname[fold(words[-1])].append(idx)
            self.person_by_first[fold(words[0])].append(idx)
            self.drafts[idx].gender = _gender_hint(words[0])
        self._found_titled_people()

    def _found_titled_people(self) -> None:
        """A capitalised name right after a title founds a person, whatever label the tagger
        gave it: the model often tags a lone surname ORG, or nothing ("Former President Hale")."""
        doc = self.doc
        shaped = [_name_shaped(t) for t in doc]
        for tok in doc:
            if tok.idx < self.dateline_end or not shaped[tok.i]:
                continue
            if tok.i > 0 and shaped[tok.i - 1]:
                continue  # inside a name, not its start
            title = _title_before(doc, tok.i)
            if title is None:
                continue
            end = tok.i
            while end < len(doc) and end - tok.i < 3 and shaped[end]:
                end += 1
            run = doc[tok.i : end]
            if any(t.ent_type_ in _NOT_PEOPLE for t in run) or (
                country_by_name(run.text) or country_by_seat(run.text)
            ):
                continue
            words = _name_words(run)
            if not words or " ".join(words) in self.person_by_full:
                continue
            if self.person_by_surname.get(fold(words[-1])) or self.person_by_first.get(
                fold(words[0])
            ):
                continue  # "President Kessler" after "Anton Kessler": joins him later
            self.title_tokens.update(range(_title_start(doc, tok.i), tok.i))
            idx = self._new("person", " ".join(words))
            self.person_by_full[" ".join(words)] = idx
            self.person_by_surname[fold(words[-1])].append(idx)
            if len(words) > 1:
                self.person_by_first[fold(words[0])].append(idx)
            self.drafts[idx].gender = title[3] if title[3] in ("m", "f") else None

    def _person_for(self, words: list[str]) -> int | None:
        if not words:
            return None
        full = " ".join(words)
        if full in self.person_by_full:
            return self.person_by_full[full]
        if len(words) == 1:
            word = fold(words[0])
            for table in (self.person_by_surname, self.person_by_first):
                found = table.get(word)
                if found:
                    return _most_mentioned(found, self.drafts)
            return self._typo_match(word)
        # "Victor Hollins" when "President Victor J. Hollins" founded the person, etc.
        found = self.person_by_surname.get(fold(words[-1]))
        if found:
            same_first = [
                i for i in found if fold(self.drafts[i].name.split()[0]) == fold(words[0])
            ]
            if same_first:
                return same_first[0]
        return None

    def _typo_match(self, word: str) -> int | None:
        if len(word) < 5:
            return None
        limit = 2 if len(word) >= 9 else 1
        candidates = {
            idx
            for surname, idxs in self.person_by_surname.items()
            if surname[0] == word[0]
            and abs(len(surname) - len(word)) <= limit
            and _edit_distance(surname, word) <= limit
            for idx in idxs
        }
        return candidates.pop() if len(candidates) == 1 else None

    # -- outlets ---------------------------------------------------------------------------

    def _outlets(self, ents: list[Span]) -> None:
        doc = self.doc
        texts = [t.text for t in doc]  # once: a Token is built anew on every doc[i]
        i = 0
        while i < len(doc):
            match = _longest_outlet(texts, i)
            if match is None:
                i += 1
                continue
            end, outlet_name, needs_cue = match
            if not needs_cue or _outlet_cue(doc[i:end]):
                self._outlet(outlet_name, i, end)
            i = end
        for ent in ents:
            if ent.label_ not in ("ORG", "PRODUCT", "WORK_OF_ART", "PERSON", "GPE"):
                continue
            if any(t.i in self.token_actor for t in ent):
                continue
            words = _name_words(ent)
            if not words:
                continue
            name = " ".join(words)
            if ent.label_ == "PERSON" and self._person_for(words) is not None:
                continue
            looks_like_outlet = bool(_OUTLET_SUFFIX.search(name)) and ent.label_ != "PERSON"
            if looks_like_outlet or (_outlet_cue(ent) and ent.label_ in ("ORG", "PRODUCT")):
                start, end = _trim_span(ent)
                self._outlet(name, start, end)

    def _outlet(self, name: str, start: int, end: int) -> None:
        key = ("outlet", fold(re.sub(r"^the\s+", "", name, flags=re.I)))
        idx = self.by_key.get(key)
        if idx is None:
            idx = self._new("outlet", name)
            self.by_key[key] = idx
        self._mention(idx, start, end, "outlet")

    # -- names of people and organisations -------------------------------------------------

    def _names(self, ents: list[Span]) -> None:
        for ent in ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "PRODUCT", "NORP", "LOC", "FAC"):
                continue
            start, end = _trim_span(ent)
            if start >= end or any(i in self.token_actor for i in range(start, end)):
                continue
            words = _name_words(self.doc[start:end])
            person = self._person_for(words)
            if person is not None:
                self._mention(person, start, end, "name")
                continue
            if ent.label_ == "PERSON" and words and _is_outlet_name(words[-1]):
                self._outlet(" ".join(words), start, end)  # "Harbor Wire's Tom Rivers"
            elif ent.label_ == "PERSON" and words:
                idx = self._new("person", " ".join(words))
                if len(words) == 1:
                    self.person_by_surname[fold(words[0])].append(idx)
                self._mention(idx, start, end, "name")
            elif (
                ent.label_ in ("ORG", "PRODUCT")
                and words
                and (("outlet", fold(" ".join(words))) in self.by_key)
            ):
                self._mention(self.by_key[("outlet", fold(" ".join(words)))], start, end, "outlet")
            elif ent.label_ == "ORG" and words and _DOCUMENT_NAME.search(words[-1]):
                continue  # "the Lindmoor Defence Compact": a treaty, not a party
            elif ent.label_ == "ORG" and words and not self._org_is_country(ent):
                name = " ".join(words)
                key = ("organization", fold(re.sub(r"^the\s+", "", name, flags=re.I)))
                org = self.by_key.get(key)
                if org is None:
                    org = self._new("organization", name)
                    self.by_key[key] = org
                self._mention(org, start, end, "name")
        # Surnames the tagger missed altogether: PROPN tokens equal to a known person's name, or
        # a capitalised word the tagger took for a noun or verb where a party stands ("Hale told")
        for tok in self.doc:
            if tok.i in self.token_actor or tok.idx < self.dateline_end:
                continue
            if tok.pos_ == "PRON" or tok.lower_ in _PERSONAL_PRONOUNS:
                continue  # "He urged ..." is a pronoun even beside a person surnamed He
            if tok.pos_ != "PROPN" and not (
                _name_shaped(tok)
                and tok.dep_ in _PARTY_DEPS
                and not any(c.dep_ == "det" for c in tok.children)
            ):
                continue
            word = fold(tok.text)
            found = self.person_by_surname.get(word) or self.person_by_first.get(word)
            if found:
                self._mention(_most_mentioned(found, self.drafts), tok.i, tok.i + 1, "name")

    def _org_is_country(self, ent: Span) -> bool:
        seat = country_by_seat(ent.text)
        if seat is not None:
            self._country(seat, *_trim_span(ent))
            return True
        return False

    # -- countries -------------------------------------------------------------------------

    def _countries(self, ents: list[Span]) -> None:
        for ent in ents:
            start, end = _trim_span(ent)
            if start >= end or any(i in self.token_actor for i in range(start, end)):
                continue
            if ent.label_ in ("GPE", "ORG", "PERSON", "NORP") and (
                ent.label_ == "GPE" or len(ent) == 1
            ):
                country = country_by_name(ent.text)
                if country is None and ent.label_ == "GPE":
                    country = country_by_seat(ent.text)
                if country is not None and ent.label_ != "NORP":
                    self._country(country, start, end)
                elif ent.label_ != "NORP" and self._self_named_country(ent):
                    # a place whose people the article names ("Norland", "Norlandic")
                    self._country_named(ent.text, start, end)
            elif ent.label_ == "NORP" and ent.root.tag_ in ("NNPS", "NNS"):
                # "the Kastorians said": a people standing for its state
                country = country_by_demonym(ent.text)
                if country is not None:
                    self._country(country, start, end)

    def _self_named_country(self, ent: Span) -> bool:
        if self.person_by_surname.get(fold(ent.text)) or self.person_by_first.get(fold(ent.text)):
            return False
        if self.dateline_region is not None and fold(ent.text) == fold(self.dateline_region):
            return True
        return _stem_of(ent.text) in self.demonym_stems and not _demonym_shape(ent[0])

    def _country(self, country: Country, start: int, end: int) -> None:
        idx = self._country_named(country.name, start, end)
        self.drafts[idx].country = country.name

    def _country_named(self, name: str, start: int, end: int) -> int:
        key = ("country", fold(name))
        idx = self.by_key.get(key)
        if idx is None:
            idx = self._new("country", name)
            self.by_key[key] = idx
            self.drafts[idx].country = name
        self._mention(idx, start, end, "name")
        return idx

    # -- titles before names, appositions, reporters of outlets ----------------------------

    def _titles_and_appositions(self) -> None:
        doc = self.doc
        for idx, draft in enumerate(self.drafts):
            if draft.kind != "person":
                continue
            for start, _end, head, via in list(draft.mentions):
                if via != "name":
                    continue
                title = _title_before(doc, start)
                if title is not None:
                    self._add_role(idx, *title)
                    # "NASA Administrator Jim Bridenstine": the organisation the title is of
                    first = _title_start(doc, start)
                    owner = self.token_actor.get(first - 1) if first > 0 else None
                    if owner is not None and self.drafts[owner].kind == "organization":
                        self._affiliate(idx, owner)
                name_head = doc[head]
                for child in name_head.children:
                    # "Paul Ambrose, her chief of staff," / "his longtime adviser Nora Kellan"
                    if (
                        child.dep_ in ("appos", "compound", "nmod")
                        and child.i not in self.token_actor
                    ):
                        role = _role_phrase(doc, child)
                        if role is not None:
                            self._add_role(idx, *role)
                            principal = self._possessor(child)
                            if principal is not None and principal != idx:
                                self._affiliate(idx, principal)
                    if child.dep_ == "poss":
                        owner = self.token_actor.get(child.i)
                        if owner is not None and self.drafts[owner].kind == "outlet":
                            self._affiliate(idx, owner)
                if name_head.dep_ == "appos":
                    role = _role_phrase(doc, name_head.head)
                    if role is not None:
                        self._add_role(idx, *role)
                # "Tom Rivers of Harbor Wire"
                for child in name_head.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from", "at"):
                        for obj in child.children:
                            owner = self.token_actor.get(obj.i)
                            if owner is not None and self.drafts[owner].kind == "outlet":
                                self._affiliate(idx, owner)

    def _add_role(
        self, idx: int, role: str, modifier: str | None, country: str | None, gender: str | None
    ) -> None:
        draft = self.drafts[idx]
        if gender and draft.gender is None:
            draft.gender = gender
        if not role:
            return
        text = " ".join(w for w in (modifier, country, role) if w)
        if text not in draft.roles:
            draft.roles.append(text)
            draft.role_keys.append((role, modifier, country))
        if country and draft.country is None:
            found = country_by_demonym(country)
            draft.country = found.name if found else country

    def _affiliate(self, idx: int, principal: int) -> None:
        if self.drafts[idx].affiliation is None:
            self.drafts[idx].affiliation = principal

    def _possessor(self, token: Token) -> int | None:
        for child in token.children:
            if child.dep_ == "poss":
                owner = self.token_actor.get(child.i)
                if owner is not None:
                    return owner
                return self._pronoun_owner(child)
        return None

    def _pronoun_owner(self, token: Token) -> int | None:
        if token.lower_ not in _PRONOUNS_MALE | _PRONOUNS_FEMALE | _PRONOUNS_PLURAL:
            return None
        return self._resolve_pronoun(token)

    # -- groups and anonymous sources ------------------------------------------------------

    def _groups(self) -> None:
        doc = self.doc
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in self.token_actor:
                continue
            lemma = tok.lemma_.lower()
            agent = lemma not in _ANONYMOUS_NOUNS and lemma not in _GROUP_NOUNS
            if agent and (lemma not in agents() or tok.ent_type_):
                continue
            if tok.dep_ in ("compound", "appos") and tok.head.i in self.token_actor:
                continue  # "adviser Nora Kellan": a role of a named person
            if any(c.dep_ == "appos" and c.i in self.token_actor for c in tok.children):
                continue
            if tok.idx < self.dateline_end:
                continue
            if tok.dep_ == "pobj" and f"{tok.head.head.lower_} of {tok.lower_}" in titles():
                continue  # "chief of staff"
            if _inside_quote(doc, tok) or any(
                c.dep_ == "poss" and c.lower_ in ("my", "our", "your") for c in tok.children
            ):
                continue  # "my own people": the speaker's words, not a source of the article
            if lemma == "office" and not any(c.dep_ in ("poss", "det") for c in tok.children):
                continue  # "took office"
            span = _group_span(tok)
            plural = tok.tag_ in ("NNS", "NNPS") or lemma in ("people",)
            kind: ActorKind = "group" if lemma in _GROUP_NOUNS and not plural else "anonymous"
            if (lemma in _GROUP_NOUNS and lemma != "aides") or agent:
                kind = "group"  # a collective: "Varga's team", "the police", "Kastorian troops"
            principal = self._group_principal(tok)
            definite = any(c.lower_ in ("the", "these", "those") for c in tok.children)
            idx = None
            if principal is None and definite and lemma in _ORGANISATION_NOUNS and not plural:
                # "NASA requested ... that the agency says": the organisation just named
                idx = self._latest_organisation(tok)
            if idx is None and principal is None and definite:
                idx = self._latest_group(lemma)
            if idx is None and principal is not None:
                idx = self.by_key.get((f"group:{lemma}", str(principal)))
            if idx is None:
                idx = self._new(kind, span.text)
                self.drafts[idx].head_lemma = lemma
                self.drafts[idx].affiliation = principal
                if principal is not None:
                    self.by_key[(f"group:{lemma}", str(principal))] = idx
            self._mention(idx, span.start, span.end, "group", head=tok.i)
        # "one of the aides": the head is "one"; the group is its "of" object (already a mention)
        for tok in doc:
            if (
                tok.lower_ in ("one", "two", "three", "some", "many", "several")
                and tok.i not in self.token_actor
            ):
                for prep in tok.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for obj in prep.children:
                            owner = self.token_actor.get(obj.i)
                            if owner is not None and self.drafts[owner].kind in (
                                "group",
                                "anonymous",
                            ):
                                self._mention(owner, tok.i, tok.i + 1, "group", head=tok.i)

    def _latest_organisation(self, tok: Token) -> int | None:
        """The organisation named last before ``tok`` in its sentence or the one before, other
        than the subject of its own clause ("SoftBank tried to rescue the company": another)."""
        before = tok.i
        earliest = self.doc[max(tok.sent.start - 1, 0)].sent.start
        subjects: set[int | None] = set()
        node = tok
        while node.dep_ in ("dobj", "pobj", "prep", "xcomp", "dative") and node.head is not node:
            node = node.head
            subjects.update(self.token_actor.get(c.i) for c in node.children if c.dep_ == "nsubj")
        best: tuple[int, int] | None = None
        for idx, draft in enumerate(self.drafts):
            if draft.kind != "organization" or idx in subjects:
                continue
            for start, *_ in draft.mentions:
                if earliest <= start < before and (best is None or start > best[0]):
                    best = (start, idx)
        return best[1] if best is not None else None

    def _latest_group(self, lemma: str) -> int | None:
        best = None
        for idx, draft in enumerate(self.drafts):
            if draft.kind in ("group", "anonymous") and draft.head_lemma == lemma:
                best = idx
        return best

    def _group_principal(self, tok: Token) -> int | None:
        for child in tok.children:
            if child.dep_ == "poss":
                owner = self._actor_or_pronoun(child)
                if owner is not None:
                    return owner
            if child.dep_ in ("compound", "amod") and child.i in self.token_actor:
                return self.token_actor[child.i]
            if child.dep_ in ("amod", "compound", "nmod") and (
                child.ent_type_ == "NORP" or _looks_demonym(child)
            ):
                # "Kastorian troops", "Turkish jets": the country, named by its adjective
                country = country_by_demonym(child.text)
                if country is not None:
                    return self._country_named(country.name, child.i, child.i + 1)
                name = _country_from_demonym(child.text, self)
                if name:
                    return self._country_named(name, child.i, child.i + 1)
            if child.dep_ == "prep" and child.lower_ in ("to", "of", "for", "in", "from", "with"):
                owner = self._prep_owner(child)
                if owner is not None:
                    return owner
            if child.dep_ == "amod" and child.lower_ == "close":
                for prep in child.children:
                    if prep.dep_ == "prep":
                        owner = self._prep_owner(prep)
                        if owner is not None:
                            return owner
        return None

    def _prep_owner(self, prep: Token) -> int | None:
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            owner = self._actor_or_pronoun(obj)
            if owner is not None:
                return owner
            if obj.lemma_ in ("orbit", "circle", "camp", "team", "office"):
                return self._possessor(obj)
        return None

    def _actor_or_pronoun(self, tok: Token) -> int | None:
        owner = self.token_actor.get(tok.i)
        if owner is not None:
            return (
                self.drafts[owner].affiliation
                if self.drafts[owner].kind == "group" and self.drafts[owner].affiliation is not None
                else owner
            )
        role = self._role_noun_actor(tok)
        if role is not None:
            return role
        return self._pronoun_owner(tok)

    # -- role nouns ------------------------------------------------------------------------

    def _role_nouns(self) -> None:
        for tok in self.doc:
            if tok.i in self.token_actor or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            idx = self._role_noun_actor(tok)
            if idx is None:
                idx = self._role_noun_anaphor(tok)
            if idx is not None:
                span = _role_span(tok)
                self._mention(idx, span[0], span[1], "role", head=tok.i)

    def _role_noun_anaphor(self, tok: Token) -> int | None:
        """A role noun nobody in the article holds ("the former president"): an anaphor, as news
        refers back to a person named by surname alone; resolved like a pronoun among the people
        given no role at all."""
        parsed = _role_noun(self.doc, tok)
        if parsed is None or parsed[0] in ("leader", "counterpart") or parsed[2]:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        if _inside_quote(self.doc, tok):
            return None
        title = titles().get(parsed[0])
        gender = title.gender if title is not None and title.gender in ("m", "f") else None

        def roleless(draft: _Draft) -> bool:
            return (
                draft.kind == "person"
                and not draft.role_keys
                and (gender is None or draft.gender in (None, gender))
            )

        return self._resolve_pronoun(tok, agrees=roleless)

    def _role_noun_actor(self, tok: Token) -> int | None:
        parsed = _role_noun(self.doc, tok)
        if parsed is None:
            return None
        role, modifier, country = parsed
        title = titles().get(role)
        candidates = []
        # holders of the role whose country the article never says: "the French president" is
        # the one president it names, when it names one only
        unplaced = []
        for idx, draft in enumerate(self.drafts):
            if draft.kind != "person":
                continue
            for r_role, r_mod, r_country in draft.role_keys:
                if role == "leader":
                    r_title = titles().get(r_role)
                    ok = r_title is not None and r_title.category in (
                        "head_of_state",
                        "head_of_government",
                        "party",
                    )
                elif role == "counterpart":
                    ok = True
                else:
                    ok = r_role == role or (title is not None and title.role == r_role)
                if not ok:
                    continue
                if (
                    role != "counterpart"
                    and modifier != "then"  # "the then-president": in office then, maybe now
                    and (modifier == "former") != (r_mod == "former")
                ):
                    continue
                if country and not _same_country(country, r_country, draft.country):
                    if r_country is None and draft.country is None and role != "counterpart":
                        unplaced.append(idx)
                    continue
                candidates.append(idx)
                break
        if not candidates and len(set(unplaced)) == 1:
            candidates = unplaced
        if not candidates:
            return None
        return max(candidates, key=lambda i: self._last_mention_before(i, tok.i))

    def _last_mention_before(self, idx: int, token: int) -> int:
        before = [m[0] for m in self.drafts[idx].mentions if m[0] < token]
        return (
            max(before)
            if before
            else -len(self.doc) + min((m[0] for m in self.drafts[idx].mentions), default=0)
        )

    # -- pronouns --------------------------------------------------------------------------

    def _pronouns(self) -> None:
        for tok in self.doc:
            if tok.pos_ != "PRON" or tok.i in self.token_actor:
                continue
            lower = tok.lower_
            if lower not in _PRONOUNS_MALE | _PRONOUNS_FEMALE | _PRONOUNS_PLURAL | _PRONOUNS_NEUTER:
                continue
            if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "poss", "agent"):
                continue
            if lower in _PRONOUNS_NEUTER and tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
                continue  # "had it wrong": an object "it" is nearly always a thing
            if _inside_quote(self.doc, tok):
                continue  # "she" inside a quote is the speaker's words; left unresolved
            idx = self._resolve_pronoun(tok)
            if idx is not None:
                self._mention(idx, tok.i, tok.i + 1, "pronoun")

    def _resolve_pronoun(
        self, tok: Token, agrees: Callable[[_Draft], bool] | None = None
    ) -> int | None:
        """The actor a pronoun (or an anaphor ``agrees`` filters for) most likely stands for."""
        lower = tok.lower_
        sent_index = _sentence_index(self.doc)
        here = sent_index[tok.i]
        quoted = self._quoted_people(tok)
        asked = _question_clause(tok)
        best: tuple[float, int] | None = None
        wanted = "m" if lower in _PRONOUNS_MALE else "f" if lower in _PRONOUNS_FEMALE else None
        for idx, draft in enumerate(self.drafts):
            if idx in quoted or not (agrees(draft) if agrees else _agrees(lower, draft)):
                continue
            # a person known to match the pronoun beats one of unknown gender nearby ("Macron
            # took..., of whom Meloni was..., but he was brief": Macron)
            matched = 0.75 if wanted is not None and draft.gender == wanted else 0.0
            for start, _end, head, _via in draft.mentions:
                if start >= tok.i:
                    # cataphora only inside the same sentence's subordinate clause: rare; skip
                    continue
                if _inside_quote(self.doc, self.doc[start]):
                    continue  # names inside a quote are the speaker's words, not the narrative
                if head in asked:
                    continue  # "Asked whether Varga would come, he said": the one asked answers
                distance = here - sent_index[start]
                if distance > _MAX_PRONOUN_SENTENCES:
                    continue
                score = 3.0 - distance + matched
                head_tok = self.doc[head]
                if head_tok.dep_ in ("nsubj", "nsubjpass"):
                    score += 1.0
                if (
                    distance == 0
                    and head_tok.dep_ in ("nsubj", "nsubjpass")
                    and tok.dep_
                    in (
                        "nsubj",
                        "nsubjpass",
                    )
                ):
                    score += 0.5
                # an object pronoun does not refer to the subject of its own clause (that would
                # be "herself"), including a subject its infinitive borrows ("to congratulate her")
                if (
                    distance == 0
                    and tok.dep_ in ("dobj", "pobj", "dative")
                    and (head in _clause_subjects(tok))
                ):
                    score -= 3.0
                score += 0.001 * start  # recency breaks ties
                if best is None or score > best[0]:
                    best = (score, idx)
        return best[1] if best else None

    def _quoted_people(self, tok: Token) -> set[int]:
        """People named inside the quote whose speaker ``tok`` is ("“... Varga ...,” he said"):
        a speaker who names someone in the third person is someone else."""
        verb = tok.head
        if tok.dep_ != "nsubj" or cues().get(verb.lemma_.lower()) is None:
            return set()
        doc = self.doc
        quoted = [t.i for t in tok.sent if _inside_quote(doc, t)]
        i = tok.sent.start - 1
        while i >= 0 and (_inside_quote(doc, doc[i]) or doc[i].is_punct):
            if _inside_quote(doc, doc[i]):
                quoted.append(i)
            i -= 1  # back through the quote's earlier sentences, to the paragraph's narrative
        return {
            self.token_actor[i]
            for i in quoted
            if i in self.token_actor and self.drafts[self.token_actor[i]].kind == "person"
        }

    # -- output ----------------------------------------------------------------------------

    def _freeze(self) -> ActorTable:
        keep = [i for i, d in enumerate(self.drafts) if d.mentions]
        ids = {old: f"a{new + 1}" for new, old in enumerate(keep)}
        actors = []
        mentions = []
        for old in keep:
            draft = self.drafts[old]
            spans = sorted(set(draft.mentions))
            actors.append(
                Actor(
                    id=ids[old],
                    name=draft.name,
                    kind=draft.kind,
                    key=_key(draft),
                    aliases=tuple(a for a in draft.aliases if a != draft.name),
                    roles=tuple(draft.roles),
                    affiliation=ids.get(draft.affiliation)
                    if draft.affiliation is not None
                    else None,
                    mentions=tuple(
                        (self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text))
                        for s, e, _h, _v in spans
                    ),
                )
            )
            for s, e, h, via in spans:
                span = self.doc[s:e]
                mentions.append(
                    Mention(
                        actor=ids[old],
                        start=s,
                        end=e,
                        head=h,
                        chars=(span.start_char, span.end_char),
                        text=span.text,
                        via=via,
                    )
                )
        mentions.sort(key=lambda m: m.start)
        genders = {ids[i]: d.gender for i, d in enumerate(self.drafts) if i in ids and d.gender}
        return ActorTable(actors=tuple(actors), mentions=tuple(mentions), genders=genders)


# --- helpers --------------------------------------------------------------------------------


_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .'-]{2,40})(?:,\s*(?P<region>[\w .'-]{2,40}?))?(?:\s*\([^)]{1,40}\))?"
    r"\s*(?:—|–|--|-)\s"
)


def dateline_length(text: str) -> int:
    """How many characters of ``text`` a dateline at its start takes ("LINDMOOR, Ardenia — "),
    0 without one."""
    match = _DATELINE.match(text)
    return match.end() if match is not None else 0


def _dateline(doc: Doc) -> tuple[int, str | None, str | None]:
    """End offset of a dateline ("LINDMOOR, Ardenia —", "SARNIC (Harbor Wire) --"), the country
    or region it names and its city; (0, None, None) without one."""
    match = _DATELINE.match(doc_text(doc))
    if match is None:
        return 0, None, None
    return match.end(), match["region"], match["city"].strip().title()


def _strip_possessive(text: str) -> str:
    return re.sub(r"\s*['’]s?$", "", text.strip())


def _name_words(span: Span) -> list[str]:
    """The words of a name: no leading title, honorific or article, no trailing possessive."""
    words = [t.text for t in span if t.tag_ != "POS" and t.text not in ("'s", "’s", "'", "’")]
    while words and (
        words[0].lower() in titles()
        or words[0].lower() in _TITLE_MODIFIERS
        or words[0].lower() in ("the", "a", "an")
    ):
        words = words[1:]
    while words and words[-1].lower() in ("with", "and", "of", "'s", "’s"):
        words = words[:-1]
    words = [_strip_possessive(w) for w in words]
    return [w for w in words if w and any(ch.isalpha() for ch in w)]


def _trim_span(span: Span) -> tuple[int, int]:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in ("the",)
        or doc[start].lower_ in titles()
        or doc[start].lower_ in _TITLE_MODIFIERS
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("with", "and", "of")
    ):
        end -= 1
    return start, end


def _most_mentioned(idxs: Iterable[int], drafts: list[_Draft]) -> int:
    return max(idxs, key=lambda i: (len(drafts[i].mentions), -i))


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance; the strings are short."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_OUTLET_MAX_TOKENS = 6  # longer names are not looked for


@functools.cache
def _outlet_index() -> tuple[dict[tuple[str, ...], tuple[str, bool]], dict[str, int]]:
    """Known outlets by the texts of their tokens, and the longest name each first word starts."""
    index: dict[tuple[str, ...], tuple[str, bool]] = {}
    longest: dict[str, int] = {}
    for outlet in outlets():
        for name in (outlet.name, *outlet.aliases):
            tokens = tuple(re.findall(r"[\w.&-]+|[^\w\s]", name))
            needs_cue = outlet.needs_cue or (len(tokens) == 1 and len(name) <= 3 and name != "CNN")
            index[tokens] = (outlet.name, needs_cue)
            longest[tokens[0]] = max(longest.get(tokens[0], 0), len(tokens))
    return index, longest


def _longest_outlet(texts: Sequence[str], i: int) -> tuple[int, str, bool] | None:
    """The longest known outlet name starting at token ``i`` (``texts``: the doc's token texts):
    its end, its outlet's name and whether it needs a cue to be one."""
    if not texts[i][:1].isupper():
        return None
    index, longest = _outlet_index()
    most = min(longest.get(texts[i], 0), _OUTLET_MAX_TOKENS)
    for length in range(min(most, len(texts) - i), 0, -1):
        key = tuple(texts[i : i + length])
        if key in index:
            name, needs_cue = index[key]
            return i + length, name, needs_cue
    return None


def _outlet_cue(span: Span) -> bool:
    """Whether the span stands where outlets stand: "told X", "according to X", "X reported"."""
    doc = span.doc
    root = span.root
    head = root.head
    if root.dep_ in ("dobj", "dative") and head.lemma_ in ("tell", "say"):
        return True
    if root.dep_ == "pobj":
        prep = head
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            return True
        if prep.lower_ == "on" and prep.head.lemma_ in _POST_VERBS | {"post", "message", "video"}:
            return True
        if prep.lower_ == "with" and prep.head.lemma_ in ("interview", "conversation"):
            return True
        if prep.lower_ in ("to",) and prep.head.lemma_ in ("tell", "say", "statement", "interview"):
            return True
    if root.dep_ in ("nsubj",) and head.lemma_ in ("report", "publish", "air", "reveal"):
        return True
    if root.dep_ == "poss" and head.lemma_ in ("interview", "report", "reporter", "correspondent"):
        return True
    before = doc[max(0, span.start - 3) : span.start].text.lower()
    match = re.search(r"(told|according to|interview with|posted on|wrote on|as)\s*$", before)
    if match is None:
        return False
    if match.group(1) == "as":  # "as X reported", "as X first reported"
        return span.end < len(doc) and doc[span.end].lemma_ in ("report", "first")
    return True


def _name_shaped(tok: Token) -> bool:
    """A word that can be part of a name: capitalised, not all capitals, not a title."""
    text = tok.text
    return (
        text[:1].isupper()
        and any(ch.islower() for ch in text)
        and text.replace("-", "").replace("'", "").replace("’", "").isalpha()
        and tok.lower_ not in titles()
        and tok.lower_ not in _TITLE_MODIFIERS
    )


def _is_outlet_name(word: str) -> bool:
    return word[:1].isupper() and bool(_OUTLET_SUFFIX.search(word))


def _title_before(doc: Doc, start: int) -> tuple[str, str | None, str | None, str | None] | None:
    """The title right before a name: ("president", "former", "Vardanian", gender) or None."""
    i = start
    best: tuple[int, Title] | None = None
    # longest title phrase ending right before the name (up to 4 tokens)
    for length in range(4, 0, -1):
        if i - length < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[i - length : i])
        title = titles().get(phrase)
        if title is not None:
            best = (i - length, title)
            break
    if best is None:
        return None
    j, title = best
    country = None
    modifier = None
    k = j - 1
    if k >= 0 and (
        doc[k].ent_type_ == "NORP" or country_by_demonym(doc[k].text) or _demonym_shape(doc[k])
    ):
        country = doc[k].text
        k -= 1
    if k >= 0 and doc[k].lower_ in _TITLE_MODIFIERS:
        modifier = doc[k].lower_
    return (title.role or "", modifier, country, title.gender)


def _title_start(doc: Doc, start: int) -> int:
    """Where the title, its modifier and its national adjective before a name begin."""
    for length in range(4, 0, -1):
        if start - length < 0:
            continue
        phrase = " ".join(t.lower_ for t in doc[start - length : start])
        if phrase in titles():
            k = start - length
            while k > 0 and (
                doc[k - 1].lower_ in _TITLE_MODIFIERS
                or doc[k - 1].ent_type_ == "NORP"
                or _demonym_shape(doc[k - 1])
            ):
                k -= 1
            return k
    # "Prime" alone before "Minister ..." when the model split the title into the name
    return start


def _role_phrase(doc: Doc, token: Token) -> tuple[str, str | None, str | None, str | None] | None:
    """A role expressed by a noun phrase headed by ``token`` ("her chief of staff")."""
    span = doc[token.left_edge.i : token.i + 1]
    words = [t.lower_ for t in span]
    # "chief of staff": the head is "chief" with "of staff" after it
    tail = [t.lower_ for t in token.rights if t.dep_ == "prep"]
    for length in range(min(4, len(words)), 0, -1):
        phrase = " ".join(words[-length:])
        extended = phrase
        if tail and tail[0] == "of":
            objs = [c.lower_ for r in token.rights if r.dep_ == "prep" for c in r.children]
            if objs:
                extended = f"{phrase} of {objs[0]}"
        for candidate in (extended, phrase):
            title = titles().get(candidate)
            if title is not None and title.role:
                rest = span[: len(words) - length]
                country = next((t.text for t in rest if t.ent_type_ == "NORP"), None)
                modifier = next((t.lower_ for t in rest if t.lower_ in _TITLE_MODIFIERS), None)
                return (title.role, modifier, country, title.gender)
    return None


def _role_noun(doc: Doc, tok: Token) -> tuple[str, str | None, str | None] | None:
    """Parse "the (former) (Ardenian) prime minister" / "his Kastorian counterpart" at its head."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    det = [c for c in tok.children if c.dep_ in ("det", "poss")]
    if not det or det[0].lower_ not in ("the", "his", "her", "their", "its"):
        return None
    lemma = tok.lemma_.lower()
    phrase = lemma
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and f"{prev.lower_} {lemma}" in titles():
        phrase = f"{prev.lower_} {lemma}"
    if phrase not in titles() and lemma not in titles() and lemma not in ("leader", "counterpart"):
        return None
    role = phrase if phrase in titles() else lemma
    if role not in ("leader", "counterpart"):
        title = titles()[role]
        if title.role is None or (title.category in ("official",) and role in ("aide", "adviser")):
            return None
        role = title.role
    modifier = None
    country = None
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            if child.lower_ in _TITLE_MODIFIERS:
                modifier = child.lower_
            elif (
                child.ent_type_ in ("NORP", "GPE", "ORG")
                or country_by_demonym(child.text)
                or _demonym_shape(child)
            ):
                country = child.text
            elif child.text == "Kremlin":
                country = "Russian"
    return role, modifier, country


_DEMONYM_SUFFIX = re.compile(r"(?:ian|ean|an|ese|ish|ic|i)$")


def _looks_demonym(tok: Token) -> bool:
    """A capitalised adjective of nationality the model did not tag ("Ardenian", "Norlandic")."""
    return (
        _demonym_shape(tok)
        and tok.ent_type_ not in ("PERSON", "ORG")
        and tok.dep_ in ("amod", "compound", "nmod")  # modifying a noun: "Norlandic leader"
    )


def _demonym_shape(tok: Token) -> bool:
    """Capitalised, with a demonym's ending, and no title: "Kastorian", "Norlandic"."""
    return (
        tok.text[:1].isupper()
        and tok.tag_ in ("JJ", "NNP")
        and bool(_DEMONYM_SUFFIX.search(tok.lower_))
        and tok.lower_ not in titles()
    )


def _role_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.i + 1


def _group_span(tok: Token) -> Span:
    """The group's noun phrase: its left edge to its head, plus "to/of/for/close to X" after it."""
    doc = tok.doc
    end = tok.i + 1
    for child in tok.rights:
        joins = child.dep_ == "prep" and child.lower_ in ("to", "of", "for", "in", "from")
        if joins or (child.dep_ == "amod" and child.lower_ in ("close", "familiar")):
            end = child.right_edge.i + 1
        else:
            break
    start = tok.left_edge.i
    for i in range(tok.left_edge.i, tok.i):
        if doc[i].text in _QUOTE_CHARS or doc[i].text in (",", ";", ":"):
            start = i + 1  # “...,” a senior aide: the parse hung the quote on the source
    while end > tok.i + 1 and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]


def _same_country(asked: str, role_country: str | None, actor_country: str | None) -> bool:
    wanted = country_by_demonym(asked) or country_by_name(asked)
    names = {fold(x) for x in (role_country, actor_country) if x}
    if wanted is not None:
        names_expanded = set()
        for name in names:
            c = country_by_demonym(name) or country_by_name(name)
            names_expanded.add(fold(c.name) if c else name)
        return fold(wanted.name) in names_expanded
    stem = _stem_of(asked)
    return any(_stem_of(n) == stem for n in names)


def _stem_of(text: str) -> str:
    """A crude stem shared by a place and its demonym: Ardenia/Ardenian, Norland/Norlandic."""
    word = fold(text.strip())
    for suffix in ("ians", "ian", "ans", "an", "ic", "ish", "ese", "i", "ia", "a", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _country_from_demonym(text: str, builder: _Builder) -> str | None:
    stem = _stem_of(text)
    for draft in builder.drafts:
        if draft.kind == "country" and _stem_of(draft.name) == stem:
            return draft.name
    return None


# Given names that end in -a and are not female (a weak fallback for names the list lacks).
_MALE_IN_A = {
    "luca",
    "nikita",
    "ilya",
    "sasha",
    "joshua",
    "mustafa",
    "musa",
    "isa",
    "akira",
    "andrea",
    "costa",
    "kostya",
    "jonah",
    "elijah",
    "noa",
    "garcia",
    "moshe",
}


def _gender_hint(first_name: str) -> str | None:
    """A weak hint for pronoun agreement, never output: the given-name list, else a final -a."""
    gender = given_name_gender(first_name)
    if gender is not None:
        return gender
    folded = fold(first_name)
    # Most given names outside the list that end in -a are female across European languages
    # (Irena, Mila, Dana); the exceptions above are the common male ones.
    if len(folded) > 2 and folded.endswith("a") and folded not in _MALE_IN_A:
        return "f"
    return None


def _agrees(pronoun: str, draft: _Draft) -> bool:
    if pronoun in _PRONOUNS_MALE:
        return draft.kind == "person" and draft.gender != "f"
    if pronoun in _PRONOUNS_FEMALE:
        return draft.kind == "person" and draft.gender != "m"
    if pronoun in _PRONOUNS_PLURAL:
        return draft.kind in ("group", "anonymous", "organization", "country") and (
            draft.head_lemma is None
            or draft.head_lemma not in ("person", "source", "official")
            or draft.name.split()[0].lower() not in ("a", "an", "one")
        )
    return draft.kind in ("organization", "country", "outlet")


def _clause_subjects(tok: Token) -> set[int]:
    """Subjects of the clause an object stands in, following infinitives and participles up."""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    subjects: set[int] = set()
    for _ in range(4):
        subjects.update(c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
        if subjects or verb.dep_ not in ("xcomp", "advcl", "conj", "ccomp") or verb.head is verb:
            break
        verb = verb.head
    return subjects


def _question_clause(tok: Token) -> set[int]:
    """Tokens of the question put to the subject ``tok``: "Asked whether Varga would come, he
    said ...", "Pressed on the deal, she replied ..." (whoever the question names did not answer).
    """
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return set()
    return {
        t.i
        for clause in tok.head.children
        if clause.dep_ == "advcl"
        and clause.lemma_ in _QUESTION_VERBS
        and clause.tag_ in ("VBN", "VBD")  # the tagger reads a clause-initial "Asked" as either
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        for t in clause.subtree
    }


def _sentence_index(doc: Doc) -> list[int]:
    """Narrative sentence number of each token: sentences wholly inside a quote do not count, so
    a pronoun after a long quote still reaches the speaker named before it."""
    cached = doc.user_data.get("detente_sentence_index")
    if cached is None:
        cached = [0] * len(doc)
        n = 0
        for sent in doc.sents:
            if any(not _inside_quote(doc, t) and not t.is_punct for t in sent):
                n += 1
            for i in range(sent.start, sent.end):
                cached[i] = n
        doc.user_data["detente_sentence_index"] = cached
    return list(cached)


_QUOTE_CHARS = {'"', "“", "”"}


def _inside_quote(doc: Doc, tok: Token) -> bool:
    """Whether a token stands between quotation marks within its paragraph."""
    cached: list[bool] | None = doc.user_data.get("detente_in_quote")
    if cached is None:
        cached = [False] * len(doc)
        inside = False
        for t in doc:
            if "\n" in t.text_with_ws and t.text.strip() == "":
                inside = False
            if t.text in _QUOTE_CHARS:
                if t.text == "“":
                    inside = True
                elif t.text == "”":
                    inside = False
                else:
                    inside = not inside
                continue
            cached[t.i] = inside
        doc.user_data["detente_in_quote"] = cached
    return cached[tok.i]


def _key(draft: _Draft) -> str:
    if draft.kind in ("group", "anonymous"):
        return fold(draft.name)
    name = re.sub(r"^the\s+", "", draft.name, flags=re.I)
    return fold(name)
