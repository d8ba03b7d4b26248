"""The event lexicon: the packaged file loads and validates, covers the triggers news about leaders
needs, keeps scores in each type's range, and rejects malformed rows with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.lexicon.events import (
    EXPERT_SCORES,
    PLOVER_MODES,
    PLOVER_TYPES,
    QUAD_CLASS,
    SCORE_RANGES,
    EventLexicon,
    LexiconError,
    TriggerEntry,
    event_lexicon,
    parse_event_lexicon,
)

HEADER = "pattern\tkind\ttype\tmode\tscore\tquad\tcameo\tsource\tnote"


def _find(lexicon: EventLexicon, kind: str, pattern: str) -> TriggerEntry | None:
    if kind == "verb":
        return lexicon.verb(pattern)
    if kind == "noun":
        return lexicon.noun(pattern)
    if kind == "light":
        verb, noun = pattern.split("+")
        return lexicon.light(verb, noun)
    return next((e for e in lexicon.phrases() if e.pattern == pattern), None)


# (kind, pattern, expected type, expected sign: "+" > 0, "-" < 0, "0" within -1..+1)
REQUIRED = [
    ("verb", "praise", "SUPPORT", "+"),
    ("noun", "praise", "SUPPORT", "+"),
    ("verb", "congratulate", "SUPPORT", "+"),
    ("noun", "congratulation", "SUPPORT", "+"),
    ("phrase", "congratulatory message", "SUPPORT", "+"),
    ("phrase", "congratulatory call", "SUPPORT", "+"),
    ("verb", "condole", "SUPPORT", "+"),
    ("noun", "condolence", "SUPPORT", "+"),
    ("light", "offer+condolence", "SUPPORT", "+"),
    ("light", "send+condolence", "SUPPORT", "+"),
    ("light", "issue+condolence", "SUPPORT", "+"),
    ("verb", "endorse", "SUPPORT", "+"),
    ("noun", "endorsement", "SUPPORT", "+"),
    ("verb", "thank", "SUPPORT", "+"),
    ("verb", "welcome", "SUPPORT", "+"),
    ("verb", "support", "SUPPORT", "+"),
    ("verb", "back", "SUPPORT", "+"),
    ("verb", "defend", "SUPPORT", "+"),
    ("verb", "hug", "SUPPORT", "+"),
    ("verb", "embrace", "SUPPORT", "+"),
    ("light", "shake+hand", "SUPPORT", "+"),
    ("verb", "gift", "SUPPORT", "+"),
    ("light", "deliver+copy", "SUPPORT", "+"),
    ("phrase", "hand deliver", "SUPPORT", "+"),
    ("verb", "repost", "SUPPORT", "+"),
    ("light", "share+message", "SUPPORT", "+"),
    ("verb", "nominate", "SUPPORT", "+"),
    ("verb", "appoint", "SUPPORT", "+"),
    ("verb", "apologise", "CONCEDE", "+"),
    ("verb", "apologize", "CONCEDE", "+"),
    ("noun", "apology", "CONCEDE", "+"),
    ("verb", "reconcile", "AGREE", "+"),
    ("noun", "reconciliation", "AGREE", "+"),
    ("light", "make+amend", "AGREE", "+"),
    ("light", "mend+tie", "AGREE", "+"),
    ("light", "mend+fence", "AGREE", "+"),
    ("phrase", "bury the hatchet", "AGREE", "+"),
    ("verb", "mediate", "CONSULT", "+"),
    ("noun", "mediator", "CONSULT", "+"),
    ("noun", "mediation", "CONSULT", "+"),
    ("light", "serve+mediator", "CONSULT", "+"),
    ("phrase", "offer to mediate", "CONSULT", "+"),
    ("phrase", "go between", "CONSULT", "+"),
    ("verb", "visit", "CONSULT", "+"),
    ("noun", "visit", "CONSULT", "+"),
    ("verb", "host", "CONSULT", "+"),
    ("verb", "invite", "AGREE", "+"),
    ("light", "extend+invitation", "AGREE", "+"),
    ("verb", "meet", "CONSULT", "+"),
    ("verb", "meet|with", "CONSULT", "+"),
    ("noun", "meeting", "CONSULT", "+"),
    ("noun", "talk", "CONSULT", "+"),
    ("noun", "summit", "CONSULT", "+"),
    ("light", "hold+talk", "CONSULT", "+"),
    ("verb", "call", "CONSULT", "+"),
    ("phrase", "phone call", "CONSULT", "+"),
    ("verb", "telephone", "CONSULT", "+"),
    ("verb", "speak|with", "CONSULT", "+"),
    ("verb", "speak|to", "CONSULT", "+"),
    ("noun", "letter", "CONSULT", "+"),
    ("phrase", "video message", "CONSULT", "+"),
    ("noun", "address", "CONSULT", "+"),
    ("verb", "agree", "AGREE", "+"),
    ("verb", "sign", "AGREE", "+"),
    ("light", "sign+agreement", "AGREE", "+"),
    ("light", "sign+deal", "AGREE", "+"),
    ("light", "sign+memorandum", "AGREE", "+"),
    ("light", "sign+treaty", "AGREE", "+"),
    ("verb", "pledge", "AGREE", "+"),
    ("verb", "promise", "AGREE", "+"),
    ("verb", "cooperate", "COOPERATE", "+"),
    ("verb", "aid", "AID", "+"),
    ("verb", "donate", "AID", "+"),
    ("light", "send+aid", "AID", "+"),
    ("light", "send+team", "AID", "+"),
    ("verb", "release", "RETREAT", "+"),
    ("verb", "withdraw", "RETREAT", "+"),
    ("light", "lift+sanction", "RETREAT", "+"),
    ("noun", "ceasefire", "RETREAT", "+"),
    ("verb", "resign", "RETREAT", "+"),
    ("verb", "pardon", "RETREAT", "+"),
    ("verb", "demand", "REQUEST", "0"),
    ("verb", "urge", "REQUEST", "0"),
    ("verb", "call|on", "REQUEST", "0"),
    ("verb", "appeal", "REQUEST", "0"),
    ("verb", "request", "REQUEST", "0"),
    ("verb", "ask", "REQUEST", "0"),
    ("verb", "accuse", "ACCUSE", "-"),
    ("verb", "criticise", "ACCUSE", "-"),
    ("verb", "criticize", "ACCUSE", "-"),
    ("noun", "criticism", "ACCUSE", "-"),
    ("verb", "insult", "ACCUSE", "-"),
    ("verb", "condemn", "ACCUSE", "-"),
    ("verb", "denounce", "ACCUSE", "-"),
    ("verb", "blame", "ACCUSE", "-"),
    ("verb", "mock", "ACCUSE", "-"),
    ("verb", "ridicule", "ACCUSE", "-"),
    ("verb", "slam", "ACCUSE", "-"),
    ("verb", "lash|out", "ACCUSE", "-"),
    ("verb", "attack@speech", "ACCUSE", "-"),
    ("verb", "disrespect", "ACCUSE", "-"),
    ("verb", "humiliate", "ACCUSE", "-"),
    ("verb", "investigate", "ACCUSE", "-"),
    ("verb", "snub", "REJECT", "-"),
    ("verb", "betray", "REJECT", "-"),
    ("noun", "betrayal", "REJECT", "-"),
    ("verb", "reject", "REJECT", "-"),
    ("verb", "refuse", "REJECT", "-"),
    ("verb", "deny", "REJECT", "-"),
    ("verb", "decline", "REJECT", "-"),
    ("verb", "cancel", "REJECT", "-"),
    ("light", "cut+tie", "REJECT", "-"),
    ("light", "cut+contact", "REJECT", "-"),
    ("phrase", "stop speak to", "REJECT", "-"),
    ("phrase", "not speak to", "REJECT", "-"),
    ("phrase", "fall out", "REJECT", "-"),
    ("noun", "feud", "REJECT", "-"),
    ("noun", "rift", "REJECT", "-"),
    ("verb", "threaten", "THREATEN", "-"),
    ("noun", "threat", "THREATEN", "-"),
    ("verb", "warn", "THREATEN", "-"),
    ("noun", "ultimatum", "THREATEN", "-"),
    ("verb", "protest", "PROTEST", "-"),
    ("verb", "boycott", "PROTEST", "-"),
    ("verb", "expel", "SANCTION", "-"),
    ("noun", "expulsion", "SANCTION", "-"),
    ("verb", "sanction", "SANCTION", "-"),
    ("noun", "sanction", "SANCTION", "-"),
    ("light", "recall+ambassador", "SANCTION", "-"),
    ("verb", "suspend", "SANCTION", "-"),
    ("verb", "freeze", "SANCTION", "-"),
    ("verb", "ban", "SANCTION", "-"),
    ("verb", "fire", "SANCTION", "-"),
    ("verb", "arrest", "COERCE", "-"),
    ("verb", "detain", "COERCE", "-"),
    ("verb", "seize", "COERCE", "-"),
    ("verb", "blockade", "COERCE", "-"),
    ("verb", "deploy", "MOBILIZE", "-"),
    ("verb", "mobilise", "MOBILIZE", "-"),
    ("verb", "mobilize", "MOBILIZE", "-"),
    ("verb", "attack", "ASSAULT", "-"),
    ("verb", "shoot|down", "ASSAULT", "-"),
    ("verb", "bomb", "ASSAULT", "-"),
    ("verb", "strike", "ASSAULT", "-"),
    ("verb", "kill", "ASSAULT", "-"),
    ("verb", "assassinate", "ASSAULT", "-"),
    ("phrase", "assassination attempt", "ASSAULT", "-"),
]


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    return event_lexicon()


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "events.tsv"
    path.write_text("# a tiny lexicon\n" + HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_event_lexicon_loads_and_covers_every_plover_type(lexicon: EventLexicon) -> None:
    entries = lexicon.entries()
    assert len(entries) >= 250
    assert {e.type for e in entries} == PLOVER_TYPES
    assert len(PLOVER_TYPES) == 16
    assert {e.kind for e in entries} == {"verb", "noun", "light", "phrase"}


def test_event_lexicon_is_cached_and_reexported() -> None:
    from detente import lexicon as package

    assert event_lexicon() is event_lexicon()
    assert package.event_lexicon is event_lexicon
    assert "event_lexicon" in package.__all__


@pytest.mark.parametrize(("kind", "pattern", "type_", "sign"), REQUIRED)
def test_required_trigger_has_expected_type_and_sign(
    lexicon: EventLexicon, kind: str, pattern: str, type_: str, sign: str
) -> None:
    entry = _find(lexicon, kind, pattern)
    assert entry is not None, f"{kind} {pattern!r} is missing"
    assert entry.type == type_
    if sign == "+":
        assert entry.score > 0
    elif sign == "-":
        assert entry.score < 0
    else:
        assert -1.0 <= entry.score <= 1.0


def test_every_score_is_within_its_type_range_and_quad(lexicon: EventLexicon) -> None:
    for entry in lexicon.entries():
        low, high = SCORE_RANGES[entry.type]
        assert low <= entry.score <= high, entry
        assert entry.quad_class == QUAD_CLASS[entry.type], entry
        assert entry.mode is None or entry.mode in PLOVER_MODES[entry.type], entry
        assert len(entry.cameo_root) == 2 and 1 <= int(entry.cameo_root) <= 20, entry


@pytest.mark.parametrize(("type_", "expert"), sorted(EXPERT_SCORES.items()))
def test_type_range_contains_the_manual_expert_score(type_: str, expert: float) -> None:
    low, high = SCORE_RANGES[type_]
    assert low <= expert <= high


def test_judgement_rows_give_a_reason_and_sources_are_known(lexicon: EventLexicon) -> None:
    for entry in lexicon.entries():
        assert entry.source in {"plover-manual", "cameo-goldstein", "judgement"}
        if entry.source == "judgement":
            assert entry.note, entry


def test_reviewed_vector_proposals_are_marked(lexicon: EventLexicon) -> None:
    proposed = [e for e in lexicon.entries() if "proposed by vectors, reviewed" in e.note]
    assert len(proposed) >= 5
    assert all(e.source == "judgement" for e in proposed)


@pytest.mark.parametrize(
    ("first", "stronger"),
    [
        (("verb", "criticise"), ("verb", "insult")),
        (("verb", "mock"), ("verb", "humiliate")),
        (("verb", "threaten"), ("noun", "ultimatum")),
        (("verb", "criticise"), ("verb", "condemn")),
        (("verb", "attack@speech"), ("verb", "attack")),
        (("phrase", "assassination attempt"), ("verb", "assassinate")),
    ],
)
def test_judgement_orders_hostile_triggers(
    lexicon: EventLexicon, first: tuple[str, str], stronger: tuple[str, str]
) -> None:
    weaker_entry, stronger_entry = _find(lexicon, *first), _find(lexicon, *stronger)
    assert weaker_entry is not None and stronger_entry is not None
    assert stronger_entry.score < weaker_entry.score


def test_consult_modes_follow_the_manual(lexicon: EventLexicon) -> None:
    visit, call, mediate = lexicon.verb("visit"), lexicon.verb("call"), lexicon.verb("mediate")
    assert visit is not None and (visit.mode, visit.score) == ("visit", 4.0)
    assert call is not None and (call.mode, call.score) == ("phone", 1.5)
    assert mediate is not None and (mediate.mode, mediate.score) == ("third-party", 1.0)


def test_verb_lookup_prefers_particle_then_speech_then_lemma(lexicon: EventLexicon) -> None:
    assert (entry := lexicon.verb("call", "on")) is not None and entry.type == "REQUEST"
    assert (entry := lexicon.verb("call", "off")) is not None and entry.type == "REJECT"
    assert (entry := lexicon.verb("call", "with")) is not None and entry.type == "CONSULT"
    assert (entry := lexicon.verb("Attack", speech=True)) is not None and entry.type == "ACCUSE"
    assert (entry := lexicon.verb("attack")) is not None and entry.type == "ASSAULT"
    assert (entry := lexicon.verb("criticise", "for")) is not None
    assert entry.pattern == "criticise"
    assert entry.particle is None and not entry.speech and entry.lemma == "criticise"
    assert lexicon.verb("photosynthesise") is None


def test_lookup_repairs_lemmatizer_final_e_guesses(lexicon: EventLexicon) -> None:
    # en_core_web_md lemmatises "reposted" as "reposte" and "staged" as "stag".
    assert (entry := lexicon.verb("reposte")) is not None and entry.pattern == "repost"
    assert (entry := lexicon.verb("din", "with")) is not None and entry.pattern == "dine"
    assert (entry := lexicon.light("stag", "protest")) is not None
    assert entry.pattern == "stage+protest"


def test_light_construction_beats_the_bare_verb(lexicon: EventLexicon) -> None:
    strike, deal = lexicon.verb("strike"), lexicon.light("strike", "deal")
    assert strike is not None and strike.type == "ASSAULT"
    assert deal is not None and deal.type == "AGREE"
    assert (entry := lexicon.light("lift", "sanction")) is not None and entry.type == "RETREAT"
    assert (entry := lexicon.light("impose", "sanction")) is not None
    assert entry.type == "SANCTION"
    assert lexicon.light("eat", "sandwich") is None


def test_phrases_are_longest_first(lexicon: EventLexicon) -> None:
    lengths = [len(e.words) for e in lexicon.phrases()]
    assert lengths == sorted(lengths, reverse=True)
    assert all(e.kind == "phrase" and len(e.words) >= 2 for e in lexicon.phrases())


@pytest.mark.parametrize(
    ("lemmas", "expected"),
    [
        ("he have n't speak to she since", [(2, 5, "not speak to")]),
        ("he have not speak to she", [(2, 5, "not speak to")]),
        ("she act as a go - between", [(4, 7, "go between")]),
        ("their falling - out last year", [(1, 4, "falling out")]),
        ("their fall - out last year", [(1, 4, "fall out")]),
        ("they stab the prime minister in the back", [(1, 8, "stab * in the back")]),
        ("he be stab in the back", [(2, 6, "stab in the back")]),
        ("they bury the hatchet and hold a phone call", [(1, 4, "bury the hatchet")]),
        ("he hold a phone call with she", [(3, 5, "phone call")]),
        ("nothing to see here", []),
    ],
)
def test_match_phrases(
    lexicon: EventLexicon, lemmas: str, expected: list[tuple[int, int, str]]
) -> None:
    found = [(m.start, m.end, m.entry.pattern) for m in lexicon.match_phrases(lemmas.split())]
    if lemmas.startswith("they bury"):
        assert found[0] == expected[0] and found[1][2] == "phone call"
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("praise\tverb\tPRAISE\t-\t5\t1\t05\tplover-manual\t", "not a PLOVER type"),
        ("praise\tverb\tSUPPORT\t-\t-5\t1\t05\tplover-manual\t", "wrong sign"),
        ("insult\tverb\tACCUSE\tdisapprove\t4\t3\t11\tjudgement\tx", "wrong sign"),
        ("praise\tverb\tSUPPORT\t-\t9\t1\t05\tplover-manual\t", "outside the range of SUPPORT"),
        ("praise\tverb\tSUPPORT\t-\t11\t1\t05\tplover-manual\t", "outside -10..10"),
        ("praise\tverb\tSUPPORT\t-\tfive\t1\t05\tplover-manual\t", "not a number"),
        ("praise\tverb\tSUPPORT\t-\t5\t3\t05\tplover-manual\t", "does not match SUPPORT"),
        ("praise\tverb\tSUPPORT\t-\t5\t1\t21\tplover-manual\t", "CAMEO root"),
        ("praise\tverb\tSUPPORT\t-\t5\t1\t5\tplover-manual\t", "CAMEO root"),
        ("praise\tverb\tSUPPORT\t-\t5\t1\t05\t\t", "source is empty"),
        ("praise\tverb\tSUPPORT\t-\t5\t1\t05\tblog\t", "not one of"),
        ("praise\tverb\tSUPPORT\t-\t5\t1\t05\tjudgement\t", "must give its reason"),
        ("praise\tverb\tSUPPORT\tphone\t5\t1\t05\tplover-manual\t", "not a mode of SUPPORT"),
        ("praise\tadverb\tSUPPORT\t-\t5\t1\t05\tplover-manual\t", "kind 'adverb'"),
        ("Praise\tverb\tSUPPORT\t-\t5\t1\t05\tplover-manual\t", "lower-case lemma"),
        ("issue condolence\tlight\tSUPPORT\t-\t5\t1\t01\tplover-manual\t", '"+"'),
        ("praise\tphrase\tSUPPORT\t-\t5\t1\t05\tplover-manual\t", "two or more"),
        ("praise\tverb\tSUPPORT\t-\t5", "expected 9 tab-separated columns"),
    ],
)
def test_malformed_row_gives_clear_error_naming_the_line(
    tmp_path: Path, row: str, problem: str
) -> None:
    path = _write(
        tmp_path, "thank\tverb\tSUPPORT\t-\t4\t1\t05\tjudgement\tlighter than praise", row
    )
    with pytest.raises(LexiconError) as caught:
        parse_event_lexicon(path.read_text(encoding="utf-8"), str(path))
    message = str(caught.value)
    assert f"{path}, line 4:" in message
    assert problem in message
    assert caught.value.line == 4
    assert isinstance(caught.value, DetenteError)


def test_duplicate_pattern_names_both_lines(tmp_path: Path) -> None:
    row = "praise\tverb\tSUPPORT\t-\t5\t1\t05\tplover-manual\t"
    path = _write(tmp_path, row, row)
    with pytest.raises(LexiconError, match=r"line 4: .*duplicate verb pattern 'praise'.*line 3"):
        parse_event_lexicon(path.read_text(encoding="utf-8"), str(path))


def test_same_pattern_in_two_kinds_is_allowed(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "praise\tverb\tSUPPORT\t-\t5\t1\t05\tplover-manual\t",
        "praise\tnoun\tSUPPORT\t-\t5\t1\t05\tplover-manual",  # trailing empty note stripped
    )
    lexicon = parse_event_lexicon(path.read_text(encoding="utf-8"), str(path))
    assert lexicon.verb("praise") is not None and lexicon.noun("praise") is not None


def test_missing_header_or_empty_file_is_an_error() -> None:
    with pytest.raises(LexiconError, match="line 2: expected the column header"):
        parse_event_lexicon("# comment\npraise\tverb\tSUPPORT\t-\t5\t1\t05\tplover-manual\t\n", "x")
    with pytest.raises(LexiconError, match="x: no entries"):
        parse_event_lexicon(f"# only a header\n{HEADER}\n", "x")


def test_request_may_be_slightly_positive(tmp_path: Path) -> None:
    path = _write(tmp_path, "seek+aid\tlight\tREQUEST\tassist\t0.5\t3\t02\tplover-manual\t")
    entry = parse_event_lexicon(path.read_text(encoding="utf-8"), "t").light("seek", "aid")
    assert entry is not None and entry.score == 0.5


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "kind", "pattern"),
    [
        ("He has not spoken to the senator since the election.", "phrase", "not speak to"),
        ("They are no longer speaking to each other.", "phrase", "no long speak to"),
        ("The envoy acted as a go-between.", "phrase", "go between"),
        ("The two had a bitter falling-out.", "phrase", "falling out"),
        ("Their falling-out lasted a decade.", "phrase", "fall out"),
        ("She hand-delivered the invitation.", "phrase", "hand deliver"),
        ("The rivals buried the hatchet.", "phrase", "bury the hatchet"),
        ("The minister offered his condolences.", "light", "offer+condolence"),
        ("The aides made amends.", "light", "make+amend"),
        ("The leaders held talks.", "light", "hold+talk"),
        ("The president extended an invitation.", "light", "extend+invitation"),
        ("The opposition staged a protest.", "light", "stage+protest"),
        ("The governor reposted the message.", "verb", "repost"),
        ("The mayor lambasted the council.", "verb", "lambast"),
        ("The senator lashed out at the press.", "verb", "lash|out"),
    ],
)
def test_patterns_match_the_pinned_model_lemmas(sentence: str, kind: str, pattern: str) -> None:
    from detente.nlp import load_model

    lexicon = event_lexicon()
    doc = load_model()(sentence)
    found: set[str] = {m.entry.pattern for m in lexicon.match_phrases([t.lemma_ for t in doc])}
    for token in doc:
        if token.dep_ == "dobj" and (light := lexicon.light(token.head.lemma_, token.lemma_)):
            found.add(light.pattern)
        if token.pos_ == "VERB":
            particles = [c.lemma_ for c in token.children if c.dep_ in ("prt", "prep")]
            for particle in [*particles, None]:
                if entry := lexicon.verb(token.lemma_, particle):
                    found.add(entry.pattern)
    assert pattern in found, (kind, [(t.text, t.lemma_, t.dep_) for t in doc])
