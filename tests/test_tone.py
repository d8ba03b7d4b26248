"""Tone: masked profanity, the added lexicon, target-dependent tone and the polarity band.

Every sentence here is invented for these tests (fictional people and places).
"""

from __future__ import annotations

import importlib.resources
import time

import pytest

from detente import tone as tone_module
from detente.evaluate.tone import predict_tone
from detente.tone import polarity, tone, tone_toward, unmask


@pytest.mark.parametrize(
    ("masked", "word"),
    [
        ("F***", "Fuck"),
        ("f---", "fuck"),
        ("s**t", "shit"),
        ("sh*t", "shit"),
        ("b*****d", "bastard"),
        ("a**hole", "asshole"),
        ("f—ing", "fucking"),
        ("f***ing", "fucking"),
        ("SH*T!", "SHIT!"),
        ("“F***.", "“Fuck."),
        ("d***", "damn"),  # the milder reading wins a tie
    ],
)
def test_unmask_restores_masked_swear_words(masked: str, word: str) -> None:
    assert unmask(masked) == word


@pytest.mark.parametrize(
    "word",
    [
        "e-mail",
        "re-elect",
        "co-op",
        "F-16",
        "D-Ill.",
        "Varga—who",
        "****",
        "well-known",
        "mid-term",
    ],
)
def test_unmask_leaves_ordinary_words_alone(word: str) -> None:
    assert unmask(word) == word


@pytest.mark.parametrize(
    ("masked", "plain"),
    [
        ("F*** him", "Fuck him"),
        ("He is a f—ing disgrace", "He is a fucking disgrace"),
        ("What a b*****d", "What a bastard"),
        ("That deal is s**t", "That deal is shit"),
        ("Tell that a**hole to go home", "Tell that asshole to go home"),
    ],
)
def test_masked_profanity_scores_like_the_plain_word(masked: str, plain: str) -> None:
    assert tone(masked) == pytest.approx(tone(plain))
    assert tone(masked) < -0.3


@pytest.mark.parametrize(
    "text",
    [
        "Marko Varga is my dear friend",
        "She is a true statesman and a great friend of our people",
        "I have enormous respect for the governor",
        "We thank the minister for his courage",
        "He lauded the mayor's leadership",
    ],
)
def test_praise_is_positive(text: str) -> None:
    assert polarity(tone(text)) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "He disrespected the Republic of Ostrava",
        "The senator is a traitor and a puppet of the cartel",
        "That man is a liar and a coward",
        "Her conduct was shameful",
        "He betrayed everyone who trusted him",
        "The president threw a tantrum",
        "He is a hypocrite",
    ],
)
def test_insult_is_negative(text: str) -> None:
    assert polarity(tone(text)) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "The committee met on Tuesday in Lindmoor",
        "The Justice Department released the report",
        "The Vice President will travel to the United States next week",
        "",
    ],
)
def test_neutral_statement_scores_near_zero(text: str) -> None:
    assert abs(tone(text)) < 0.05
    assert polarity(tone(text)) == "neutral"


def test_emoji_reads_as_its_description_like_stock_vader() -> None:
    assert tone("Great job 😀") > tone("Great job") > 0


def test_lexicon_entries_are_used_and_stock_vader_misses_them() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    stock = SentimentIntensityAnalyzer()
    assert stock.polarity_scores("He is a traitor")["compound"] == 0.0
    assert tone("He is a traitor") < -0.3
    assert stock.polarity_scores("F*** him")["compound"] == 0.0


def _span(sentence: str, mention: str) -> tuple[int, int]:
    start = sentence.index(mention)
    return start, start + len(mention)


@pytest.mark.parametrize(
    ("sentence", "mention", "expected"),
    [
        ("Varga praised Kessler's courage while mocking Hale.", "Kessler", "positive"),
        ("Varga praised Kessler's courage while mocking Hale.", "Hale", "negative"),
        ("Kessler is a liar and a disgrace, Varga said.", "Kessler", "negative"),
        ("Kessler is a liar and a disgrace, Varga said.", "Varga", "neutral"),
        ("Varga said Kessler is a liar.", "Kessler", "negative"),
        ("Varga said Kessler is a liar.", "Varga", "neutral"),
        (
            "Hale called Ostrin a dear friend, but the Moravek government was furious.",
            "Ostrin",
            "positive",
        ),
        ("Minister Ostrin arrived in Lindmoor on Monday.", "Ostrin", "neutral"),
        ("According to Ostrin, the talks went terribly.", "Ostrin", "neutral"),
    ],
)
def test_tone_toward_scores_the_named_target(sentence: str, mention: str, expected: str) -> None:
    start, end = _span(sentence, mention)
    assert polarity(tone_toward(sentence, start, end)) == expected
    assert predict_tone(sentence, start, end) == expected


def test_tone_toward_ignores_the_mentions_own_words() -> None:
    sentence = "Hope Kessler met the delegation."
    assert tone_toward(sentence, *_span(sentence, "Hope Kessler")) == 0.0
    assert tone(sentence) > 0  # whole-sentence VADER reads "Hope" as sentiment


def test_tone_toward_near_words_outweigh_far_ones() -> None:
    sentence = "Varga, a brilliant negotiator, met the disgraced Hale."
    assert tone_toward(sentence, *_span(sentence, "Varga")) > 0
    assert tone_toward(sentence, *_span(sentence, "Hale")) < 0


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (0, 999), (7, 3)])
def test_tone_toward_rejects_offsets_outside_the_sentence(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="offsets"):
        tone_toward("Varga met Hale.", start, end)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (-1.0, "negative"),
        (-0.04, "negative"),
        (-0.03, "neutral"),
        (0.0, "neutral"),
        (0.059, "neutral"),
        (0.06, "positive"),
        (1.0, "positive"),
    ],
)
def test_polarity_thresholds(score: float, expected: str) -> None:
    assert polarity(score) == expected


def test_scores_stay_within_minus_one_and_one() -> None:
    hostile = "F*** him, the traitor, the liar, the coward, the disgrace!!!"
    warm = "My dear friend, a great statesman, a true hero, brilliant and courageous!!!"
    assert -1.0 <= tone(hostile) < -0.9
    assert 0.9 < tone(warm) <= 1.0


def test_analyzer_is_built_once() -> None:
    assert tone_module._analyzer() is tone_module._analyzer()


def test_lexicon_files_have_headers_and_valid_rows() -> None:
    folder = importlib.resources.files("detente.lexicon")
    lexicon = folder.joinpath("tone_lexicon.tsv").read_text(encoding="utf-8").splitlines()
    assert lexicon[0].startswith("#")
    rows = [line.split("\t") for line in lexicon if line and not line.startswith("#")]
    assert rows[0] == ["forms", "valence", "reason"]
    for forms, valence, reason in rows[1:]:
        assert forms and reason, forms
        assert -4.0 <= float(valence) <= 4.0, forms
    masks = folder.joinpath("tone_masks.tsv").read_text(encoding="utf-8").splitlines()
    assert masks[0].startswith("#")
    words = [line.split("\t")[0] for line in masks if line and not line.startswith("#")]
    assert words[0] == "word" and len(words) == len(set(words))


def test_tone_is_fast() -> None:
    text = "The minister called his rival a f***ing liar and a disgrace to the country."
    tone(text)
    started = time.perf_counter()
    for _ in range(200):
        tone(text)
    # about 10,000 calls a second on one core; the bound leaves room for slow CI machines
    assert time.perf_counter() - started < 2.0
