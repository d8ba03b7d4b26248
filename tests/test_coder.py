"""The learned event coder: its decision rule (no model) and the shipped model (real model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.coder import NONE, TYPE_ORDER, EventCoder, Reading, cameo_root_of, event_coder
from detente.errors import ModelError

LABELS = ("ACCUSE", "AGREE", "REJECT", "YIELD")


def _rule(threshold: float) -> EventCoder:
    return EventCoder(None, None, LABELS, threshold, 96)


@pytest.mark.parametrize(
    ("p", "types", "expected"),
    [
        ([0.1, 0.7, 0.1, 0.1], ["AGREE"], ("AGREE", False)),  # the model agrees
        ([0.1, 0.1, 0.7, 0.1], ["AGREE"], ("REJECT", True)),  # sure of another type
        ([0.1, 0.3, 0.4, 0.2], ["AGREE"], ("AGREE", False)),  # not sure enough: the lexicon's
        ([0.1, 0.1, 0.1, 0.7], ["RETREAT"], ("RETREAT", False)),  # YIELD is RETREAT or CONCEDE
        ([0.1, 0.1, 0.1, 0.7], ["SANCTION"], ("RETREAT", True)),  # material: RETREAT
        ([0.1, 0.1, 0.1, 0.7], ["ACCUSE"], ("CONCEDE", True)),  # verbal: CONCEDE
        ([0.1, 0.4, 0.3, 0.2], [], ("AGREE", True)),  # no lexicon type: the model's
    ],
)
def test_the_lexicon_type_stands_unless_the_model_is_sure(
    p: list[float], types: list[str], expected: tuple[str, bool]
) -> None:
    decision = _rule(0.5).choose(np.array(p), types)
    assert (decision.type, decision.retyped) == expected


def test_no_act_never_replaces_a_type() -> None:
    # "no act" likeliest: the lexicon's type stands, or with none the likeliest act is taken
    coder = EventCoder(None, None, (*LABELS, NONE), 0.3, 96)
    assert coder.choose(np.array([0.05, 0.1, 0.05, 0.0, 0.8]), ["REJECT"]).type == "REJECT"
    decision = coder.choose(np.array([0.05, 0.1, 0.05, 0.0, 0.8]), [])
    assert (decision.type, decision.probability) == ("AGREE", pytest.approx(0.1))
    # no act likelier than the likeliest act: its types say nothing sure, the lexicon's stands
    assert coder.choose(np.array([0.05, 0.05, 0.05, 0.35, 0.5]), ["REJECT"]).type == "REJECT"
    assert coder.choose(np.array([0.05, 0.05, 0.05, 0.55, 0.3]), ["REJECT"]).type == "CONCEDE"
    # and the act it compares is the likeliest one, not the first label
    assert coder.choose(np.array([0.01, 0.05, 0.6, 0.04, 0.3]), ["AGREE"]).type == "REJECT"


def test_a_near_tie_keeps_the_lexicon_type() -> None:
    # above the threshold, but not twice as likely as the lexicon's own type
    assert _rule(0.3).choose(np.array([0.35, 0.25, 0.2, 0.2]), ["AGREE"]).type == "AGREE"
    assert _rule(0.3).choose(np.array([0.55, 0.25, 0.1, 0.1]), ["AGREE"]).type == "ACCUSE"


def test_the_decision_rule_alone_has_no_probabilities() -> None:
    with pytest.raises(ModelError, match="decision rule only"):
        _rule(0.5).probabilities(["Varga met Kessler."])


def test_a_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="reinstall detente"):
        EventCoder.load(tmp_path)


def test_plv_names_concessions_and_retreats_yield() -> None:
    assert [EventCoder.plv_label(t) for t in ("CONCEDE", "RETREAT", "ACCUSE")] == [
        "YIELD",
        "YIELD",
        "ACCUSE",
    ]


def test_cameo_roots_come_from_the_lexicon() -> None:
    assert cameo_root_of("ASSAULT") in ("18", "19", "20")
    assert cameo_root_of("CONSULT") == "04"


def test_the_shipped_model_loads_with_its_labels() -> None:
    coder = event_coder()
    assert set(coder.labels) <= {*TYPE_ORDER, "YIELD", NONE} and len(coder.labels) == 16
    assert 0.0 < coder.threshold <= 1.01
    assert coder.max_length >= 32
    assert len(coder.tokenizer.encode("Varga met Kessler.").ids) < 12  # no padding to a length


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Prime Minister Elena Varga praised President Anton Kessler for his courage.", "SUPPORT"),
        (
            "Valdorian artillery shelled the border town overnight, killing four soldiers.",
            "ASSAULT",
        ),
        ("The finance ministry froze the assets of three Ostrian banks on Monday.", "SANCTION"),
        ("Kessler flatly rejected the proposal and walked out of the talks.", "REJECT"),
        # plv codes signing an agreement as SUPPORT (detente's lexicon: AGREE or COOPERATE)
        pytest.param(
            "The two leaders signed a trade agreement in the capital.",
            "SUPPORT",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known error: since it learnt sentences of no act, the coder reads this "
                "one as none (0.78; the lexicon's type stands in the analysis)",
            ),
        ),
        # the two types plv has fewest rows of, taught by the project's own sentences too
        ("The Ostrian army was placed on high alert along the frontier with Valdoria.", "MOBILIZE"),
        (
            "Ostrian and Valdorian police began a joint operation against the smugglers.",
            "COOPERATE",
        ),
        # parties named with no act between them: a result, a likeness, a schooling, a hiring
        ("Elena Varga beat Anna Olsen 6-2, 6-4 in the final in Madrid on Sunday.", NONE),
        ("Tom Hale scored twice for the Harriers in their win over the Kestrels.", NONE),
        ("Anton Kessler and Elena Varga are both former finance ministers.", NONE),
        ("Anton Kessler studied under Tom Hale at the university in Graz.", NONE),
        ("The company hired Tom Hale as an adviser after Ruth Brennan left.", NONE),
    ],
)
def test_the_model_types_plain_sentences(sentence: str, label: str) -> None:
    p = event_coder().probabilities([sentence])[0]
    if label == NONE:
        assert event_coder().labels[int(p.argmax())] == NONE
    else:
        # the type the analysis takes from it: its likeliest act ("no act" replaces no type)
        assert EventCoder.plv_label(event_coder().choose(p, []).type) == label


def test_a_batch_gives_each_sentence_its_own_row() -> None:
    coder = event_coder()
    sentences = [
        "Varga thanked Kessler.",
        "After weeks of tension along the river, the government of Ostria accused its neighbour "
        "of moving tanks and artillery towards the frontier in breach of the ceasefire.",
        "Kessler called Varga.",
    ]
    batch = coder.probabilities(sentences)
    assert batch.shape == (3, 16)
    assert np.allclose(batch.sum(axis=1), 1.0, atol=1e-5)
    alone = EventCoder.load()
    alone.keep = 0  # read every sentence anew, not from what the batch left
    for i, sentence in enumerate(sentences):
        # each sentence is read alone: its batch mates never change its probabilities
        assert np.allclose(batch[i], alone.probabilities([sentence])[0], atol=1e-6)
    assert coder.probabilities([]).shape == (0, 16)


def test_a_sentence_read_again_gets_its_kept_reading_without_the_encoder() -> None:
    coder = EventCoder.load()
    first = coder.read(["Varga thanked Kessler for the aid."])[0]
    assert coder.encoder_passes == 1
    again = coder.read(["Kessler called Varga.", "Varga thanked Kessler for the aid."])
    assert coder.encoder_passes == 2  # only the new sentence went through the encoder
    assert again[1] is first
    with pytest.raises(ValueError):
        first.types[0] = 1.0  # shared by every later reading: read-only


def test_kept_readings_are_bounded_and_a_dropped_one_is_read_again_alike() -> None:
    coder = EventCoder.load()
    coder.keep = 2
    first = coder.read(["Varga thanked Kessler."])[0]
    coder.read(["Kessler called Varga.", "Olsen met Hale."])
    assert coder.encoder_passes == 3
    again = coder.read(["Varga thanked Kessler."])[0]  # the oldest, dropped: read anew
    assert coder.encoder_passes == 4
    assert again is not first
    assert np.array_equal(again.types, first.types)
    assert np.array_equal(again.roles, first.roles)
    coder.forget_readings()
    coder.read(["Olsen met Hale."])
    assert coder.encoder_passes == 5


def _reading(roles: list[list[float]], offsets: list[tuple[int, int]]) -> Reading:
    return Reading(np.zeros(16, np.float32), tuple(offsets), np.array(roles, np.float32))


def test_the_likeliest_run_of_tokens_is_the_party() -> None:
    # "[CLS] Elena Varga met Anton Kessler [SEP]": two source runs, the surer one wins
    offsets = [(0, 0), (0, 5), (6, 11), (12, 15), (16, 21), (22, 29), (0, 0)]
    roles = [
        [1, 0, 0],
        [0.1, 0.8, 0.1],
        [0.1, 0.9, 0.0],
        [0.9, 0.05, 0.05],
        [0.3, 0.6, 0.1],
        [0.2, 0.1, 0.7],
        [0.0, 1.0, 0.0],  # a special token never counts, whatever the head says of it
    ]
    reading = _reading(roles, offsets)
    assert reading.role_span("source") == (0, 11)
    assert reading.role_span("target") == (22, 29)
    assert reading.role_span("target", threshold=0.8) is None


def test_threads_reading_at_once_get_each_sentence_its_own_reading() -> None:
    from concurrent.futures import ThreadPoolExecutor

    coder = EventCoder.load()
    coder.keep = 1  # every reading drops another: the threads keep taking each other's
    sentences = ["Varga thanked Kessler.", "Kessler called Varga.", "Olsen met Hale."]
    alone = [EventCoder.load().read([s])[0].types for s in sentences]
    with ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(
            pool.map(lambda k: coder.read(sentences[k % 3 :] + sentences[: k % 3]), range(24))
        )
    for k, batch in enumerate(batches):
        order = sentences[k % 3 :] + sentences[: k % 3]
        for sentence, reading in zip(order, batch, strict=True):
            assert np.array_equal(reading.types, alone[sentences.index(sentence)])
