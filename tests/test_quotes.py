"""Quotes stage: direct, split, follow-on and reported quotes with speaker, via, channel and date.

Sentences are invented (fictional leaders, outlets and platforms). Tests that parse load the real
spaCy model once per process and analyse each text once (cached); the quotation-mark tests need
no model.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import pytest

import detente
from detente.actors import extract_actors
from detente.evaluate.quotes import quotes_to_attributions
from detente.nlp import parse
from detente.quotes import QuoteSegment, extract_quotes, find_quote_segments
from detente.records import ArticleAnalysis, CleanArticle

PUBLISHED = "2024-07-16"  # a Tuesday

AIDES = (
    "Prime Minister Elena Varga will visit Orlek next week. Two aides to the prime minister told "
    "Harbor Wire that the visit could mend the relationship."
)
INTERVIEW = (
    "Former President Victor Hollins has not forgotten how Prime Minister Elena Varga snubbed "
    "him. “She [Varga] was on the phone before my own people had finished counting,” he told "
    "Harbor Wire’s Tom Rivers in a 2021 interview.\n\n"
    "“I don’t forget that kind of thing.”"
)
SPLIT = (
    "Prime Minister Elena Varga spoke after the vote. “We have had our differences,” Varga said, "
    "“and the whole world knows it.”"
)
POST = (
    "President Anton Kessler answered the next morning. “Thank you to my old friend,” he wrote on "
    "Chirper."
)
VIDEO = (
    "Prime Minister Elena Varga recorded a video message for Kessler. “Kastoria is praying for "
    "you,” she said in the message."
)
STATEMENT = "“We will not be moved,” President Anton Kessler said in a statement."
ACCORDING = "According to Northline News, the summit between the two leaders was postponed."
BETRAYED = "President Anton Kessler said he felt betrayed."
SATURDAY = "President Anton Kessler said on Saturday that the border would reopen."
INSERTED = "The talks, Prime Minister Elena Varga said, had stalled over the border."
URGED = "President Anton Kessler urged Prime Minister Elena Varga to resign."
VOWED = "Prime Minister Elena Varga vowed to return to the talks."
MIXED = "President Anton Kessler said the border plan was “a fantasy.”"
ASKED = (
    "Prime Minister Elena Varga spoke to reporters on Monday. “I was glad to hear his voice,” she "
    "said. “What we talked about stays between us.” Asked whether she would meet Kessler, she "
    "said only that her schedule was “not final.”"
)
TRANSCRIPT = (
    "Harbor Wire spoke to Prime Minister Elena Varga and President Anton Kessler.\n\n"
    "VARGA: We have had our differences. But the tone is different now.\n\n"
    "KESSLER: I have not spoken to her since the election."
)
NESTED = "President Anton Kessler said Varga believes the talks can resume."
POLL = (
    "Prime Minister Elena Varga is campaigning in the north. A Harbor Wire poll shows Varga "
    "with a narrow lead in the region, though the race is close."
)
CONFIDENT = "Prime Minister Elena Varga is confident that the talks will resume."
REPLIED = (
    "Prime Minister Elena Varga and President Anton Kessler fell out in 2021. The following "
    "year he called Varga “a shopkeeper with a flag,” and she replied at the time that he "
    "“governs by tantrum.”"
)
DATELINE = "LINDMOOR, Ardenia — The border will reopen on Monday, two officials said."
ISSUED = "Prime Minister Elena Varga issued a statement saying that the border would reopen."
SIGNED = "Harbor Wire asked readers about the summit.\n\n“It was a waste of time.” — Jo Reyes"
WENT_ON = (
    "Prime Minister Elena Varga did not stop there. She went on:\n\n“The border is the hard part.”"
)

# Speakers named away from the cue's subject, or by an anaphor
QUOTED_AS = (
    "President Anton Kessler had hoped to visit Orlek. “I was ready for it,” the Northline "
    "newspaper quoted him as saying on Tuesday."
)
INVERTED = (
    "The decision of the Kastorian authorities is “contrary to every rule of the sea”, declared a "
    "Norlandic government source."
)
WORDS_OF = (
    "Prime Minister Elena Varga greeted President Anton Kessler before the summit. Varga’s words "
    "seemed to confirm the thaw: “Norland cannot be left alone with this.”"
)
TRAILING = (
    "Officials in Sarnic were furious on Tuesday.\n\n"
    '“Trust has been completely broken," a senior aide to Prime Minister Elena Varga\n\n'
    "“This is not how partners behave.”"
)
QUESTION = (
    "“I hope he drops the plan,” Mr Aldo said of the Veloran premier.\n\n"
    "Asked if the Veloran leader Bram Keller would be invited to Lindmoor, he replied: “No. Not "
    "in the near term.”"
)
NAMED_INSIDE = (
    "Corvin Aldo spoke about his rival Mira Tovan on Tuesday. He took aim at Bram Keller again in "
    "a series of posts.\n\n"
    "“Have you heard that Keller wants to change his name again? Nobody cares, Keller,” he said."
)
THEN_PRESIDENT = (
    "Corvin Aldo endorsed Mira Tovan in 2019. “Mira Tovan is a fighter and a great friend of our "
    "movement!” the then-president wrote on Chirper."
)
UNTAGGED_NAME = (
    "Former President Hale in a new interview warned Governor Mira Tovan against running. “I "
    "think she would be making a mistake,” Hale told Harbor Wire."
)
PHRASE = (
    "President Anton Kessler met Varga. Kessler has used the phrase “border bandits” often in "
    "his campaign."
)


@functools.cache
def _analysis(text: str) -> ArticleAnalysis:
    return detente.analyze(text, published=PUBLISHED)


def _quote(text: str, words: str) -> dict[str, Any]:
    """The quote of ``text`` whose words include ``words``, with actor ids read as names."""
    result = _analysis(text)
    names = {a.id: a.name for a in result.actors}
    found = [q for q in result.quotes if words in q.text]
    assert found, f"no quote holds {words!r}: {[q.text for q in result.quotes]}"
    quote = found[0]
    return {
        "text": quote.text,
        "speaker": names.get(quote.speaker or ""),
        "speaker_text": quote.speaker_text,
        "anonymous": quote.anonymous,
        "direct": quote.direct,
        "cue": quote.cue,
        "via": names.get(quote.via or ""),
        "reporter": names.get(quote.reporter or ""),
        "channel": quote.channel,
        "date": (quote.date.start, quote.date.end) if quote.date else None,
    }


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        pytest.param(
            AIDES,
            "could mend",
            {
                "text": "that the visit could mend the relationship",
                "speaker_text": "Two aides to the prime minister",
                "anonymous": True,
                "direct": False,
                "via": "Harbor Wire",
                "channel": "interview",
            },
            id="anonymous-aides-via-outlet",
        ),
        pytest.param(
            INTERVIEW,
            "on the phone",
            {
                "speaker": "Victor Hollins",
                "speaker_text": "he",
                "direct": True,
                "via": "Harbor Wire",
                "reporter": "Tom Rivers",
                "channel": "interview",
                "date": (date(2021, 1, 1), date(2021, 12, 31)),
            },
            id="pronoun-speaker-reporter-of-outlet",
        ),
        pytest.param(
            INTERVIEW,
            "She [Varga] was",
            {"text": "She [Varga] was on the phone before my own people had finished counting,"},
            id="bracket-insertion-kept",
        ),
        pytest.param(
            INTERVIEW,
            "I don’t forget",
            {
                "speaker": "Victor Hollins",
                "via": "Harbor Wire",
                "reporter": "Tom Rivers",
                "channel": "interview",
                "date": (date(2021, 1, 1), date(2021, 12, 31)),
            },
            id="follow-on-paragraph",
        ),
        pytest.param(
            SPLIT,
            "our differences",
            {"text": "We have had our differences,", "speaker": "Elena Varga", "cue": "said"},
            id="split-quote-first-part",
        ),
        pytest.param(
            SPLIT,
            "whole world",
            {"text": "and the whole world knows it.", "speaker": "Elena Varga", "cue": "said"},
            id="split-quote-second-part",
        ),
        pytest.param(
            POST,
            "old friend",
            {
                "speaker": "Anton Kessler",
                "via": "Chirper",
                "channel": "social-media post",
                "cue": "wrote on Chirper",
            },
            id="social-media-post-on-platform",
        ),
        pytest.param(
            VIDEO,
            "praying",
            {"speaker": "Elena Varga", "channel": "video message"},
            id="video-message",
        ),
        pytest.param(
            STATEMENT,
            "not be moved",
            {"speaker": "Anton Kessler", "channel": "statement", "cue": "said in a statement"},
            id="statement",
        ),
        pytest.param(
            ACCORDING,
            "postponed",
            {
                "text": "the summit between the two leaders was postponed",
                "speaker": "Northline News",
                "via": "Northline News",
                "direct": False,
                "cue": "According to",
            },
            id="according-to-outlet",
        ),
        pytest.param(
            BETRAYED,
            "betrayed",
            {"text": "he felt betrayed", "speaker": "Anton Kessler", "direct": False},
            id="reported-speech",
        ),
        pytest.param(
            SATURDAY,
            "reopen",
            {
                "text": "that the border would reopen",
                "direct": False,
                "date": (date(2024, 7, 13), date(2024, 7, 13)),
            },
            id="date-on-saturday",
        ),
        pytest.param(
            INSERTED,
            "stalled",
            {"text": "The talks had stalled over the border", "speaker": "Elena Varga"},
            id="attribution-inserted-in-the-clause",
        ),
        pytest.param(
            URGED,
            "resign",
            {"text": "Prime Minister Elena Varga to resign", "cue": "urged", "direct": False},
            id="urged-someone-to",
        ),
        pytest.param(
            VOWED,
            "return",
            {"text": "to return to the talks", "speaker": "Elena Varga", "direct": False},
            id="vowed-to",
        ),
        pytest.param(
            MIXED,
            "border plan",
            {"text": "the border plan was “a fantasy.”", "speaker": "Anton Kessler"},
            id="reported-words-with-a-quoted-fragment",
        ),
        pytest.param(
            ASKED,
            "stays between us",
            {"speaker": "Elena Varga", "cue": "said"},
            id="asked-is-not-the-cue",
        ),
        pytest.param(
            TRANSCRIPT,
            "since the election",
            {
                "text": "I have not spoken to her since the election.",
                "speaker": "Anton Kessler",
                "speaker_text": "KESSLER",
                "direct": True,
                "cue": ":",
            },
            id="transcript-label",
        ),
        pytest.param(
            POLL,
            "narrow lead",
            {
                "text": "Varga with a narrow lead in the region",
                "speaker_text": "A Harbor Wire poll",
                "cue": "shows",
                "direct": False,
            },
            id="a-poll-shows",
        ),
        pytest.param(
            CONFIDENT,
            "resume",
            {
                "text": "that the talks will resume",
                "speaker": "Elena Varga",
                "cue": "is confident",
                "direct": False,
            },
            id="attitude-adjective",
        ),
        pytest.param(
            REPLIED,
            "shopkeeper",
            {"speaker": "Anton Kessler", "cue": "called Varga", "direct": True},
            id="quote-inside-a-sentence-takes-the-cue-it-hangs-from",
        ),
        pytest.param(
            REPLIED,
            "that he",
            {"text": "that he “governs by tantrum.”", "speaker": "Elena Varga", "direct": False},
            id="replied-at-the-time-that",
        ),
        pytest.param(
            DATELINE,
            "reopen",
            {"text": "The border will reopen on Monday", "anonymous": True},
            id="dateline-is-not-content",
        ),
        pytest.param(
            ISSUED,
            "reopen",
            {"speaker": "Elena Varga", "channel": "statement", "cue": "saying"},
            id="statement-saying",
        ),
        pytest.param(
            SIGNED,
            "waste of time",
            {"speaker": "Jo Reyes", "speaker_text": "Jo Reyes", "cue": "—", "direct": True},
            id="quote-signed-with-a-name",
        ),
        pytest.param(
            WENT_ON,
            "hard part",
            {"speaker": "Elena Varga", "cue": "went on:"},
            id="colon-after-the-speakers-verb",
        ),
        pytest.param(
            QUOTED_AS,
            "ready for it",
            {
                "speaker": "Anton Kessler",
                "speaker_text": "him",
                "cue": "quoted him as saying on Tuesday",
            },
            id="quoted-him-as-saying-names-the-speaker-as-object",
        ),
        pytest.param(
            INVERTED,
            "every rule",
            {"speaker_text": "a Norlandic government source", "anonymous": True},
            id="inverted-source-parsed-as-object",
        ),
        pytest.param(
            WORDS_OF,
            "left alone",
            {"speaker": "Elena Varga", "speaker_text": "Varga’s", "direct": True},
            id="someones-words-speak-for-their-possessor",
        ),
        pytest.param(
            TRAILING,
            "completely broken",
            {
                "text": "Trust has been completely broken,",
                "speaker_text": "a senior aide to Prime Minister Elena Varga",
                "anonymous": True,
                "cue": None,
            },
            id="curly-quote-closed-straight-then-a-source-without-verb",
        ),
        pytest.param(
            TRAILING,
            "partners behave",
            {"speaker_text": "a senior aide to Prime Minister Elena Varga", "anonymous": True},
            id="follow-on-of-a-source-without-verb",
        ),
        pytest.param(
            QUESTION,
            "near term",
            {"speaker": "Aldo", "speaker_text": "he", "cue": "replied:"},
            id="asked-about-someone-the-one-asked-answers",
        ),
        pytest.param(
            NAMED_INSIDE,
            "change his name",
            {"speaker": "Corvin Aldo", "speaker_text": "he"},
            id="person-named-inside-the-quote-is-not-its-speaker",
        ),
        pytest.param(
            THEN_PRESIDENT,
            "a fighter",
            {"speaker": "Corvin Aldo", "speaker_text": "the then-president", "via": "Chirper"},
            id="role-noun-nobody-holds-refers-back",
        ),
        pytest.param(
            UNTAGGED_NAME,
            "making a mistake",
            {"speaker": "Hale", "speaker_text": "Hale", "cue": "told Harbor Wire"},
            id="surname-after-a-title-is-a-person",
        ),
        pytest.param(
            PHRASE,
            "border bandits",
            {"text": "border bandits", "speaker": "Anton Kessler", "cue": "has used"},
            id="used-the-phrase-quoted",
        ),
    ],
)
def test_quotes_pattern(text: str, words: str, expected: dict[str, Any]) -> None:
    quote = _quote(text, words)
    assert {key: quote[key] for key in expected} == expected


@pytest.mark.model
def test_quotes_anonymous_aides_are_affiliated_with_their_principal() -> None:
    result = _analysis(AIDES)
    (quote,) = result.quotes
    actors = {a.id: a for a in result.actors}
    speaker = actors[quote.speaker or ""]
    assert speaker.kind == "anonymous"
    assert actors[speaker.affiliation or ""].name == "Elena Varga"


@pytest.mark.model
def test_quotes_split_quote_halves_share_their_cue() -> None:
    first, second = _analysis(SPLIT).quotes
    assert first.cue_span == second.cue_span
    assert first.speaker == second.speaker


@pytest.mark.model
def test_quotes_used_the_phrase_is_not_reported_speech_of_its_own() -> None:
    assert [q.text for q in _analysis(PHRASE).quotes] == ["border bandits"]


@pytest.mark.model
def test_quotes_a_names_aside_is_not_part_of_the_speaker() -> None:
    text = (
        "Prime Minister Elena Varga spoke on Monday. Varga, in the middle of a two-day tour of "
        "the north, said the border would reopen. Jo Reyes, of Lindmoor, said it would not."
    )
    assert [q.speaker_text for q in _analysis(text).quotes] == ["Varga", "Jo Reyes, of Lindmoor"]


@pytest.mark.model
def test_quotes_nested_attribution_is_part_of_the_outer_quote() -> None:
    (quote,) = _analysis(NESTED).quotes
    assert quote.text == "Varga believes the talks can resume"
    assert _quote(NESTED, "believes")["speaker"] == "Anton Kessler"


@pytest.mark.model
def test_quotes_asked_not_to_be_named_is_not_a_quote() -> None:
    text = "Two officials, who asked not to be named, said the border would reopen."
    assert [q.text for q in _analysis(text).quotes] == ["the border would reopen"]


@pytest.mark.model
def test_quotes_headline_attribution() -> None:
    text = "Poll: Voters sour on the border plan\n\nThe survey was taken last week."
    parsed = parse(CleanArticle(source="<test>", text=text))
    (quote,) = extract_quotes(parsed, extract_actors(parsed))
    assert (quote.speaker_text, quote.cue, quote.text) == (
        "Poll",
        ":",
        "Voters sour on the border plan",
    )


@pytest.mark.model
def test_quotes_map_onto_polnear_attributions() -> None:
    text = (
        "Jo Reyes, a spokeswoman for the ministry, said the talks had stalled. The border, Reyes "
        "said, is the hard part. “We are not there yet,” she told Harbor Wire, “and nobody is "
        "pretending otherwise.”"
    )
    parsed = parse(CleanArticle(source="<test>", text=text))
    assert parsed.doc is not None
    attributions = quotes_to_attributions(
        parsed.doc, extract_quotes(parsed, extract_actors(parsed))
    )
    found = [
        tuple([text[s:e] for s, e in span] for span in (a.source, a.cue, a.content))
        for a in attributions
    ]
    assert found == [
        # the comma that closes an apposition belongs to the source
        (["Jo Reyes, a spokeswoman for the ministry,"], ["said"], ["the talks had stalled"]),
        # the inserted attribution is cut out of its content
        (["Reyes"], ["said"], ["The border", "is the hard part"]),
        # one attribution for a split quote, marks kept; the cue stops before the listener
        (
            ["she"],
            ["told"],
            ["“We are not there yet,”", "“and nobody is pretending otherwise.”"],
        ),
    ]


# --- quotation marks (no model) ---------------------------------------------------------------


def _spans(text: str) -> list[tuple[str, bool]]:
    return [(text[s.start : s.end], s.closed) for s in find_quote_segments(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Varga said “yes.” Kessler said “no.”",
            [("“yes.”", True), ("“no.”", True)],
            id="curly",
        ),
        pytest.param('Varga said "we will" and left.', [('"we will"', True)], id="straight"),
        pytest.param(
            "Varga said ''we will win'' on Monday.", [("''we will win''", True)], id="doubled"
        ),
        pytest.param(
            "Kessler's aides don't agree; it's the 'plan' they dislike, and the '90s are over.",
            [],
            id="apostrophes-are-not-quotes",
        ),
        pytest.param(
            "“The border stays open.\n\n“The talks go on,” she said.",
            [("“The border stays open.", False), ("“The talks go on,”", True)],
            id="quote-left-open-at-paragraph-end",
        ),
    ],
)
def test_find_quote_segments(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '“Not yet," she said, “maybe later.”',
            [('“Not yet,"', True), ("“maybe later.”", True)],
            id="curly-quote-closed-by-a-straight-mark",
        ),
        pytest.param(
            '“He called it "a disgrace" and left.\n\nThen he came back.',
            [('“He called it "a disgrace" and left.', False)],
            id="straight-pair-inside-an-open-curly-quote-closes-nothing",
        ),
    ],
)
def test_find_quote_segments_mixed_marks(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _spans(text) == expected


def test_quote_segment_paragraph_numbers() -> None:
    text = "Intro.\n\n“One,” she said.\n\nMore.\n\n“Two.”"
    assert [s.paragraph for s in find_quote_segments(text)] == [1, 3]


@pytest.mark.parametrize(
    ("segment", "text", "inner"),
    [
        (QuoteSegment(0, 8, 0, True), "“ yes, ” x", "yes,"),
        (QuoteSegment(0, 8, 0, True, mark=2), "''yes.''", "yes."),
        (QuoteSegment(0, 6, 0, False), "“open ", "open"),
    ],
)
def test_quote_segment_inner_drops_marks_and_spaces(
    segment: QuoteSegment, text: str, inner: str
) -> None:
    start, end = segment.inner(text)
    assert text[start:end] == inner
