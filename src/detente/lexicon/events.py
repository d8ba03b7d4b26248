"""The event lexicon: trigger patterns mapped to PLOVER type and mode, score, QuadClass, CAMEO root.

The data lives in ``events.tsv`` beside this module; its header says what each column means and
where the facts come from (the PLOVER manual, the CAMEO codebook with Goldstein weights, or the
project's judgement with a reason). Four kinds of pattern are looked up separately:

* ``verb``: a verb lemma, optionally qualified by a particle or preposition (``call|on``) or by the
  speech reading (``attack@speech``), see :meth:`EventLexicon.verb`;
* ``noun``: an event noun lemma ("condolence", "talk"), with the same qualifiers;
* ``light``: a light-verb construction, verb lemma plus object noun lemma (``issue+condolence``);
* ``phrase``: a sequence of lemmas (``stop speak to``), see :meth:`EventLexicon.match_phrases`.

The events stage tries them in that order of specificity: phrase, light, qualified lemma, bare
lemma. ``tools/propose_synonyms.py`` proposes new entries for review; nothing here is learnt.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal

from detente.errors import DetenteError

__all__ = [
    "COLUMNS",
    "EXPERT_SCORES",
    "PLOVER_MODES",
    "PLOVER_TYPES",
    "QUAD_CLASS",
    "SCORE_RANGES",
    "SOURCES",
    "EventLexicon",
    "LexiconError",
    "PhraseMatch",
    "TriggerEntry",
    "event_lexicon",
    "parse_event_lexicon",
]

TriggerKind = Literal["verb", "noun", "light", "phrase"]

#: The 16 event types of the current PLOVER manual.
PLOVER_TYPES: frozenset[str] = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)

#: QuadClass of each type: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
#: 4 material conflict (PLOVER manual).
QUAD_CLASS: Mapping[str, int] = MappingProxyType(
    {
        "AGREE": 1,
        "CONSULT": 1,
        "SUPPORT": 1,
        "CONCEDE": 1,
        "COOPERATE": 2,
        "AID": 2,
        "RETREAT": 2,
        "REQUEST": 3,
        "ACCUSE": 3,
        "REJECT": 3,
        "THREATEN": 3,
        "PROTEST": 4,
        "SANCTION": 4,
        "MOBILIZE": 4,
        "COERCE": 4,
        "ASSAULT": 4,
    }
)

#: The PLOVER manual's expert score of each type (ONTOLOGY.md): what an event typed by the learned
#: event typer (detente.coder) scores; each type's allowed range below contains it.
EXPERT_SCORES: Mapping[str, float] = MappingProxyType(
    {
        "AGREE": 2.5,
        "CONSULT": 2.5,
        "SUPPORT": 5.0,
        "CONCEDE": 4.5,
        "COOPERATE": 9.5,
        "AID": 10.0,
        "RETREAT": 6.5,
        "REQUEST": 0.0,
        "ACCUSE": -2.0,
        "REJECT": -2.0,
        "THREATEN": -3.5,
        "PROTEST": -5.0,
        "SANCTION": -6.0,
        "MOBILIZE": -5.5,
        "COERCE": -7.0,
        "ASSAULT": -9.0,
    }
)

#: Allowed score range of each type: the PLOVER expert scores of the type and its modes (e.g.
#: CONSULT +1 for mediation to +4 for a visit) widened by the room judgement rows need ("insult"
#: below "criticise", "summit" above "meeting"). REQUEST spans zero: the manual scores its assist
#: mode +0.5 and its change mode -1. docs/LEXICON.md lists the same table.
SCORE_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "AGREE": (1.0, 6.0),
        "CONSULT": (0.5, 5.0),
        "SUPPORT": (2.0, 7.0),
        "CONCEDE": (2.0, 6.0),
        "COOPERATE": (5.0, 10.0),
        "AID": (6.0, 10.0),
        "RETREAT": (3.0, 9.0),
        "REQUEST": (-2.0, 1.0),
        "ACCUSE": (-6.0, -1.0),
        "REJECT": (-5.0, -1.0),
        "THREATEN": (-7.0, -2.0),
        "PROTEST": (-8.0, -3.0),
        "SANCTION": (-8.0, -3.0),
        "MOBILIZE": (-7.0, -4.0),
        "COERCE": (-9.0, -5.0),
        "ASSAULT": (-10.0, -7.0),
    }
)

#: PLOVER modes usable with each type: those of the manual's CAMEO-to-PLOVER conversion table
#: (2021) plus "aerial" and "resign", which the manual scores separately. Types not listed take
#: no mode.
PLOVER_MODES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "CONSULT": frozenset({"phone", "visit", "third-party", "multilateral"}),
        "RETREAT": frozenset(
            {"release", "return", "access", "disarm", "ceasefire", "withdraw", "resign"}
        ),
        "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
        "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
        "REJECT": frozenset({"assist", "change", "yield", "meet"}),
        "THREATEN": frozenset(
            {"relations", "restrict", "ban", "violence", "territory", "expel", "political"}
        ),
        "PROTEST": frozenset({"demo", "hunger", "boycott", "obstruct", "riot"}),
        "SANCTION": frozenset({"withdraw", "discontinue", "expel"}),
        "MOBILIZE": frozenset({"police", "troops"}),
        "COERCE": frozenset(
            {"seize", "restrict", "ban", "curfew", "martial-law", "arrest", "deport"}
        ),
        "ASSAULT": frozenset(
            {
                "abduct",
                "beat",
                "sexual",
                "torture",
                "suicide-attack",
                "explosives",
                "assassinate",
                "firearms",
                "heavy-weapons",
                "aerial",
                "massacre",
                "cleansing",
                "unconventional",
            }
        ),
    }
)

#: Where an entry's facts come from (see the header of events.tsv).
SOURCES: frozenset[str] = frozenset({"plover-manual", "cameo-goldstein", "judgement"})

#: The column header of events.tsv.
COLUMNS: tuple[str, ...] = (
    "pattern",
    "kind",
    "type",
    "mode",
    "score",
    "quad",
    "cameo",
    "source",
    "note",
)

_KINDS: Mapping[str, TriggerKind] = MappingProxyType(
    {"verb": "verb", "noun": "noun", "light": "light", "phrase": "phrase"}
)
_SPEECH = "@speech"
_WORD = r"[a-z]+(?:['-][a-z]+)*"
_PATTERN_SHAPES: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "verb": re.compile(rf"{_WORD}(?:\|{_WORD})?(?:{_SPEECH})?"),
        "noun": re.compile(rf"{_WORD}(?:\|{_WORD})?(?:{_SPEECH})?"),
        "light": re.compile(rf"{_WORD}\+{_WORD}"),
        "phrase": re.compile(rf"{_WORD}(?: (?:{_WORD}|\*))*(?: {_WORD})"),
    }
)
_SHAPE_HELP: Mapping[str, str] = MappingProxyType(
    {
        "verb": 'a lower-case lemma, optionally "lemma|particle" and/or a trailing "@speech"',
        "noun": 'a lower-case lemma, optionally "lemma|particle" and/or a trailing "@speech"',
        "light": 'verb lemma "+" noun lemma, e.g. "issue+condolence"',
        "phrase": (
            "two or more lower-case lemmas separated by single spaces, starting and ending with a "
            'lemma, "*" allowed between them, e.g. "stop speak to", "stab * in the back"'
        ),
    }
)
# Token lemmas skipped when matching phrases: spaCy splits "go-between" into go, -, between.
_HYPHENS = frozenset({"-", "‐", "‑"})
# A "*" in a phrase pattern spans 1 to _GAP_MAX tokens: an object between verb and particle
# ("stabbed the prime minister in the back"); longer gaps are rare and risk false matches.
_GAP = "*"
_GAP_MAX = 4
# Lemmas read as another word when matching phrases ("hasn't spoken to" has the lemma "n't" in
# some pipelines and "not" in en_core_web_md).
_PHRASE_ALIASES: Mapping[str, str] = MappingProxyType({"n't": "not", "n’t": "not"})


class LexiconError(DetenteError):
    """A lexicon data file is malformed.

    Args:
        source: the file's name as shown to the user.
        line: the 1-based line number of the bad row (0 for the file as a whole).
        problem: what is wrong with it, phrased for a person.
    """

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One row of the event lexicon: a pattern and the event it signals."""

    pattern: str
    kind: TriggerKind
    type: str
    mode: str | None
    score: float
    quad_class: int
    cameo_root: str
    source: str
    note: str

    @property
    def lemma(self) -> str:
        """The head lemma: verb or noun without qualifiers, light verb, or a phrase's first word."""
        return re.split(r"[|+@ ]", self.pattern, maxsplit=1)[0]

    @property
    def particle(self) -> str | None:
        """The particle or preposition of a ``lemma|particle`` pattern, else None."""
        if "|" not in self.pattern:
            return None
        return self.pattern.split("|", 1)[1].removesuffix(_SPEECH)

    @property
    def speech(self) -> bool:
        """Whether this is the reading for acts reported as speech (``@speech``)."""
        return self.pattern.endswith(_SPEECH)

    @property
    def words(self) -> tuple[str, ...]:
        """The lemmas of a phrase pattern, in order (a one-tuple for other kinds)."""
        return tuple(self.pattern.split(" "))


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A phrase pattern found in a lemma sequence: tokens ``start`` to ``end`` (exclusive)."""

    start: int
    end: int
    entry: TriggerEntry


@dataclass(frozen=True, slots=True, eq=False)
class EventLexicon:
    """The parsed event lexicon with one lookup table per kind of pattern."""

    source: str
    verbs: Mapping[str, TriggerEntry]
    nouns: Mapping[str, TriggerEntry]
    lights: Mapping[tuple[str, str], TriggerEntry]
    phrase_entries: tuple[TriggerEntry, ...]
    all_entries: tuple[TriggerEntry, ...]
    phrase_index: Mapping[str, tuple[TriggerEntry, ...]]

    def verb(
        self, lemma: str, particle: str | None = None, *, speech: bool = False
    ) -> TriggerEntry | None:
        """The entry for a verb lemma, or None.

        Args:
            lemma: the verb's lemma ("call"), or a full pattern ("call|on", "attack@speech").
            particle: a particle or preposition attached to the verb ("on"); its entry is preferred
                and the bare lemma is the fallback.
            speech: the act is reported as speech (on a platform, in a speech, post, interview or
                statement); the ``@speech`` reading is preferred when there is one.
        """
        return _lookup(self.verbs, lemma, particle, speech)

    def noun(
        self, lemma: str, particle: str | None = None, *, speech: bool = False
    ) -> TriggerEntry | None:
        """The entry for an event noun lemma, or None; arguments as for :meth:`verb`."""
        return _lookup(self.nouns, lemma, particle, speech)

    def light(self, verb_lemma: str, noun_lemma: str) -> TriggerEntry | None:
        """The entry for a light-verb construction (verb and its object noun), or None."""
        noun = noun_lemma.strip().lower()
        for verb in _e_variants(verb_lemma.strip().lower()):
            entry = self.lights.get((verb, noun))
            if entry is not None:
                return entry
        return None

    def phrases(self) -> tuple[TriggerEntry, ...]:
        """Every multi-word pattern, longest (most words) first."""
        return self.phrase_entries

    def entries(self) -> tuple[TriggerEntry, ...]:
        """Every entry, in file order."""
        return self.all_entries

    def match_phrases(self, lemmas: Sequence[str]) -> tuple[PhraseMatch, ...]:
        """Find phrase patterns in a sentence's token lemmas, left to right, longest first.

        Lemmas are compared lower-cased, hyphen tokens are skipped ("go - between" matches
        ``go between``), "n't" reads as "not", and a ``*`` in a pattern spans one to four words
        ("stab * in the back"). Matches do not overlap. ``start`` and ``end`` index ``lemmas``.
        """
        kept = [
            (i, _PHRASE_ALIASES.get(low, low))
            for i, low in ((i, lemma.lower()) for i, lemma in enumerate(lemmas))
            if low not in _HYPHENS
        ]
        words = [w for _, w in kept]
        found: list[PhraseMatch] = []
        pos = 0
        while pos < len(words):
            for entry in self.phrase_index.get(words[pos], ()):
                end = _match_at(words, pos, entry.words)
                if end is not None:
                    found.append(PhraseMatch(kept[pos][0], kept[end - 1][0] + 1, entry))
                    pos = end
                    break
            else:
                pos += 1
        return tuple(found)


def _lookup(
    table: Mapping[str, TriggerEntry], lemma: str, particle: str | None, speech: bool
) -> TriggerEntry | None:
    key = lemma.strip().lower()
    if "|" in key or "@" in key:
        return table.get(key)
    for base in _e_variants(key):
        keys = []
        if particle:
            qualified = f"{base}|{particle.strip().lower()}"
            keys += [qualified + _SPEECH, qualified] if speech else [qualified]
        keys += [base + _SPEECH, base] if speech else [base]
        for candidate in keys:
            entry = table.get(candidate)
            if entry is not None:
                return entry
    return None


def _e_variants(lemma: str) -> tuple[str, ...]:
    """The lemma, then its spelling with the final "e" restored or removed.

    en_core_web_md's rule lemmatizer guesses wrong on some "-ed" forms: "reposted" -> "reposte",
    "dined" -> "din", "staged" -> "stag", "waged" -> "wag", "shamed" -> "sham". The lexicon holds
    the dictionary lemma; the variants are tried only when the lemma itself has no entry.
    """
    if len(lemma) < 3:
        return (lemma,)
    return (lemma, lemma[:-1]) if lemma.endswith("e") else (lemma, lemma + "e")


def _match_at(words: Sequence[str], pos: int, pattern: tuple[str, ...]) -> int | None:
    """End of ``pattern`` matched at ``words[pos]``, or None; "*" spans 1 to _GAP_MAX words."""
    if not pattern:
        return pos
    head, rest = pattern[0], pattern[1:]
    if head == _GAP:
        for end in range(pos + 1, min(pos + _GAP_MAX, len(words)) + 1):
            found = _match_at(words, end, rest)
            if found is not None:
                return found
        return None
    if pos < len(words) and words[pos] == head:
        return _match_at(words, pos + 1, rest)
    return None


def parse_event_lexicon(text: str, source: str) -> EventLexicon:
    """Parse and validate the text of an event lexicon file.

    Args:
        text: the file's content (``#`` comment lines, the column header, tab-separated rows).
        source: the file's name, used in error messages.

    Returns:
        The lexicon with its lookup tables.

    Raises:
        LexiconError: a row is malformed (wrong column count, unknown type or mode, score out of
            range or of the wrong sign for its quad class, bad CAMEO root, missing source or
            judgement reason, duplicate pattern); the message names the line.
    """
    header_seen = False
    entries: list[TriggerEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != COLUMNS:
                raise LexiconError(
                    source, number, f"expected the column header {'<TAB>'.join(COLUMNS)!r}"
                )
            header_seen = True
            continue
        entry = _parse_row(fields, source, number)
        key = (entry.pattern, entry.kind)
        if key in seen:
            raise LexiconError(
                source,
                number,
                f"duplicate {entry.kind} pattern {entry.pattern!r} (first on line {seen[key]})",
            )
        seen[key] = number
        entries.append(entry)
    if not entries:
        raise LexiconError(source, 0, "no entries (is the column header missing?)")
    return _build(entries, source)


def _parse_row(fields: list[str], source: str, number: int) -> TriggerEntry:
    if len(fields) == len(COLUMNS) - 1:
        fields = [*fields, ""]  # an empty note whose trailing tab an editor stripped
    if len(fields) != len(COLUMNS):
        raise LexiconError(
            source,
            number,
            f"expected {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)}), "
            f"found {len(fields)}",
        )
    pattern, kind_text, type_, mode_text, score_text, quad_text, cameo, src, note = (
        f.strip() for f in fields
    )

    def bad(problem: str) -> LexiconError:
        return LexiconError(source, number, f"{pattern or '<empty pattern>'}: {problem}")

    kind = _KINDS.get(kind_text)
    if kind is None:
        raise bad(f"kind {kind_text!r} is not one of {', '.join(_KINDS)}")
    if not _PATTERN_SHAPES[kind].fullmatch(pattern):
        raise bad(f"a {kind} pattern must be {_SHAPE_HELP[kind]}")
    if type_ not in PLOVER_TYPES:
        raise bad(f"type {type_!r} is not a PLOVER type ({', '.join(sorted(PLOVER_TYPES))})")
    mode = None if mode_text in ("", "-") else mode_text
    allowed = PLOVER_MODES.get(type_, frozenset())
    if mode is not None and mode not in allowed:
        choices = ", ".join(sorted(allowed)) or 'none; use "-"'
        raise bad(f"mode {mode!r} is not a mode of {type_} (allowed: {choices})")
    try:
        score = float(score_text)
    except ValueError:
        raise bad(f"score {score_text!r} is not a number") from None
    if not math.isfinite(score) or not -10.0 <= score <= 10.0:
        raise bad(f"score {score_text} is outside -10..10")
    try:
        quad = int(quad_text)
    except ValueError:
        raise bad(f"quad {quad_text!r} is not a QuadClass (1-4)") from None
    if quad != QUAD_CLASS[type_]:
        raise bad(f"quad {quad} does not match {type_}, whose QuadClass is {QUAD_CLASS[type_]}")
    # REQUEST is verbal conflict in PLOVER but its assist mode scores +0.5: its range decides.
    if type_ != "REQUEST" and quad in (1, 2) and score < 0:
        raise bad(f"score {score_text} has the wrong sign: cooperation (quad 1-2) needs >= 0")
    if type_ != "REQUEST" and quad in (3, 4) and score > 0:
        raise bad(f"score {score_text} has the wrong sign: conflict (quad 3-4) needs <= 0")
    low, high = SCORE_RANGES[type_]
    if not low <= score <= high:
        raise bad(f"score {score_text} is outside the range of {type_} ({low:+g} to {high:+g})")
    if not re.fullmatch(r"\d\d", cameo) or not 1 <= int(cameo) <= 20:
        raise bad(f"cameo {cameo!r} is not a two-digit CAMEO root code 01-20")
    if not src:
        raise bad(f"source is empty (use one of {', '.join(sorted(SOURCES))})")
    if src not in SOURCES:
        raise bad(f"source {src!r} is not one of {', '.join(sorted(SOURCES))}")
    if src == "judgement" and not note:
        raise bad("a judgement row must give its reason in the note")
    return TriggerEntry(
        pattern=pattern,
        kind=kind,
        type=type_,
        mode=mode,
        score=score,
        quad_class=quad,
        cameo_root=cameo,
        source=src,
        note=note,
    )


def _build(entries: list[TriggerEntry], source: str) -> EventLexicon:
    phrases = sorted(
        (e for e in entries if e.kind == "phrase"),
        key=lambda e: (-len(e.words), -len(e.pattern), e.pattern),
    )
    index: dict[str, list[TriggerEntry]] = {}
    for entry in phrases:  # longest first within each first word, too
        index.setdefault(entry.words[0], []).append(entry)
    return EventLexicon(
        source=source,
        verbs=MappingProxyType({e.pattern: e for e in entries if e.kind == "verb"}),
        nouns=MappingProxyType({e.pattern: e for e in entries if e.kind == "noun"}),
        lights=MappingProxyType(
            {
                (verb, noun): e
                for e in entries
                if e.kind == "light"
                for verb, noun in [e.pattern.split("+", 1)]
            }
        ),
        phrase_entries=tuple(phrases),
        all_entries=tuple(entries),
        phrase_index=MappingProxyType({w: tuple(es) for w, es in index.items()}),
    )


@functools.cache
def event_lexicon() -> EventLexicon:
    """The package's event lexicon (``detente/lexicon/events.tsv``), parsed and validated once.

    Raises:
        LexiconError: the data file is malformed (a packaging or editing mistake).
    """
    text = resources.files(__package__).joinpath("events.tsv").read_text(encoding="utf-8")
    return parse_event_lexicon(text, "detente/lexicon/events.tsv")
