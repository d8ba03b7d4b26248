"""The learned event typer: its decision rule (no model) and the shipped weights (real model)."""

from __future__ import annotations

import numpy as np
import pytest

from detente.coder import HASH_SIZE, TYPE_ORDER, EventTyper, cameo_root_of, event_typer
from detente.errors import ModelError

LABELS = ("ACCUSE", "AGREE", "REJECT", "YIELD")
N_FEATURES = 300 * 2 + len(TYPE_ORDER) + 1 + HASH_SIZE


def _typer(threshold: float) -> EventTyper:
    return EventTyper(
        np.zeros((N_FEATURES, len(LABELS)), np.float32),
        np.zeros(len(LABELS), np.float32),
        LABELS,
        threshold,
    )


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
    decision = _typer(0.5).choose(np.array(p), types)
    assert (decision.type, decision.retyped) == expected


def test_weights_of_the_wrong_shape_are_a_model_error() -> None:
    with pytest.raises(ModelError, match="retrain"):
        EventTyper(np.zeros((3, 4), np.float32), np.zeros(4, np.float32), LABELS, 0.5)


def test_cameo_roots_come_from_the_lexicon() -> None:
    assert cameo_root_of("ASSAULT") in ("18", "19", "20")
    assert cameo_root_of("CONSULT") == "04"


def test_the_shipped_weights_load() -> None:
    typer = event_typer()
    assert set(typer.labels) <= {*TYPE_ORDER, "YIELD"} and len(typer.labels) == 15
    assert 0.0 < typer.threshold <= 1.01
    assert typer.weights.shape == (N_FEATURES, 15)


@pytest.mark.model
def test_features_of_a_trigger_in_its_sentence() -> None:
    from detente.coder import features
    from detente.nlp import load_model

    doc = load_model()("Elena Varga praised Anton Kessler for his courage.")
    head = next(t for t in doc if t.lemma_ == "praise")
    x = features(head, doc[:], ["SUPPORT"])
    assert x.shape == (N_FEATURES,) and x.dtype == np.float32
    assert np.isclose(np.linalg.norm(x[:300]), 1.0, atol=1e-4)  # the sentence vector, unit
    assert x[600 + TYPE_ORDER.index("SUPPORT")] == 2.0  # the trigger's own lexicon type
    probabilities = event_typer().probabilities(x)
    assert np.isclose(probabilities.sum(), 1.0)
