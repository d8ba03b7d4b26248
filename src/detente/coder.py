"""The learned event typer: which PLOVER type a lexicon trigger's event is, from its sentence.

``event_typer().decide(head, lexicon_type) -> TypeDecision``

The lexicon finds a trigger and its parties; this model, trained on real news (the
``split=train`` rows of ``../shared/data/plv``, by ``tools/train_event_typer.py``), reads the
trigger in its sentence and says which type the act is. It overrides the lexicon's type only when
it is sure (its probability for another type at least the decision threshold chosen on a held-out
fifth of the training rows); the lexicon trigger stays the explanation (``trigger``) either way.

The model is a multinomial logistic regression (softmax) over features of the trigger in its
sentence (:func:`features`): the sentence's and the trigger's en_core_web_md vectors (unit
length), the lexicon types of the sentence's triggers (the trigger's own one weighs most), and a
hashed bag of the sentence's content lemmas and of the trigger's dependents. Pure NumPy at run time
(a few microseconds per event): no new dependency, nothing downloaded. The weights ship inside the
package (``models/event_typer.npz``, written by the training script with a fixed seed).

A retyped event takes its new type's PLOVER expert score (ONTOLOGY.md) and the CAMEO root most of
the lexicon's entries of that type carry. plv's ``YIELD`` (the older name of CONCEDE and
RETREAT) becomes RETREAT for a material trigger and CONCEDE otherwise.
"""

from __future__ import annotations

import functools
import zlib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.errors import ModelError
from detente.lexicon.events import PLOVER_TYPES, QUAD_CLASS, event_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "HASH_SIZE",
    "TYPE_ORDER",
    "EventTyper",
    "TypeDecision",
    "cameo_root_of",
    "event_typer",
    "features",
]

TYPE_ORDER: tuple[str, ...] = tuple(sorted(PLOVER_TYPES))
# Hashed bag of lemmas: 4,096 buckets hold a thousand training sentences' content words with few
# collisions; more buckets did not help on the held-out fifth of the training rows.
HASH_SIZE = 4096
_VECTOR = 300
_CONTENT = {"VERB", "NOUN", "ADJ", "ADV"}
_MODEL_FILE = "event_typer.npz"


def features(head: Token, sentence: Span, sentence_types: list[str]) -> np.ndarray:
    """The typer's features of the trigger ``head`` in ``sentence``.

    ``sentence_types`` are the lexicon types of the sentence's triggers, the trigger's own first.
    """
    lexicon = np.zeros(len(TYPE_ORDER) + 1, dtype=np.float32)
    if sentence_types:
        lexicon[TYPE_ORDER.index(sentence_types[0])] += 2.0
        for other in sentence_types[1:3]:
            lexicon[TYPE_ORDER.index(other)] += 0.5
    else:
        lexicon[-1] = 2.0
    bag = np.zeros(HASH_SIZE, dtype=np.float32)
    for tok in sentence:
        if tok.pos_ in _CONTENT or tok.dep_ == "neg":
            bag[_bucket(tok.lemma_.lower())] += 1.0
    for child in head.children:
        bag[_bucket(f"R:{child.dep_}:{child.lemma_.lower()}")] += 1.0
    bag[_bucket(f"ROOT:{head.lemma_.lower()}")] += 2.0
    return np.concatenate(
        [_unit(sentence.vector), _unit(head.vector), lexicon, np.log1p(bag)]
    ).astype(np.float32)


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % HASH_SIZE


def _unit(vector: Any) -> np.ndarray:
    v = np.asarray(vector, dtype=np.float32)
    if v.shape != (_VECTOR,):
        v = np.zeros(_VECTOR, dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


@dataclass(frozen=True, slots=True)
class TypeDecision:
    """The type an event gets: the lexicon's, or the model's when it is sure."""

    type: str
    retyped: bool
    probability: float


class EventTyper:
    """A trained softmax over :func:`features`; ``labels`` are plv's (YIELD for CONCEDE/RETREAT)."""

    def __init__(
        self, weights: np.ndarray, bias: np.ndarray, labels: tuple[str, ...], threshold: float
    ) -> None:
        if weights.shape != (_VECTOR * 2 + len(TYPE_ORDER) + 1 + HASH_SIZE, len(labels)):
            raise ModelError(f"event typer weights have shape {weights.shape}: retrain the model")
        self.weights = weights
        self.bias = bias
        self.labels = labels
        self.threshold = threshold

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The probability of each label for one feature vector (or a matrix of them)."""
        z = x @ self.weights + self.bias
        z = z - z.max(axis=-1, keepdims=True)
        p = np.exp(z)
        return np.asarray(p / p.sum(axis=-1, keepdims=True))

    def decide(self, head: Token, sentence: Span, sentence_types: list[str]) -> TypeDecision:
        """The type of the event whose trigger is ``head`` (its lexicon type first in
        ``sentence_types``): the model's when its probability reaches the threshold."""
        return self.choose(
            self.probabilities(features(head, sentence, sentence_types)), sentence_types
        )

    def choose(self, p: np.ndarray, sentence_types: list[str]) -> TypeDecision:
        """The decision from the label probabilities ``p`` (see :meth:`decide`)."""
        best = int(p.argmax())
        label = self.labels[best]
        lexicon_type = sentence_types[0] if sentence_types else None
        if lexicon_type is not None and _same(label, lexicon_type):
            return TypeDecision(lexicon_type, False, float(p[best]))
        if float(p[best]) < self.threshold and lexicon_type is not None:
            return TypeDecision(lexicon_type, False, float(p[best]))
        return TypeDecision(_plover(label, lexicon_type), True, float(p[best]))


def _same(label: str, plover_type: str) -> bool:
    return label == plover_type or (label == "YIELD" and plover_type in ("CONCEDE", "RETREAT"))


def _plover(label: str, lexicon_type: str | None) -> str:
    if label != "YIELD":
        return label
    material = lexicon_type is not None and QUAD_CLASS.get(lexicon_type) in (2, 4)
    return "RETREAT" if material else "CONCEDE"


@functools.cache
def cameo_root_of(plover_type: str) -> str:
    """The CAMEO root most of the lexicon's entries of a type carry."""
    roots = Counter(e.cameo_root for e in event_lexicon().entries() if e.type == plover_type)
    return roots.most_common(1)[0][0] if roots else ""


@functools.cache
def event_typer() -> EventTyper:
    """The shipped model, loaded once.

    Raises:
        ModelError: the weights are missing or unreadable (reinstall detente, or retrain with
            ``tools/train_event_typer.py``).
    """
    try:
        with resources.files("detente.models").joinpath(_MODEL_FILE).open("rb") as handle:
            data = np.load(handle, allow_pickle=False)
            return EventTyper(
                data["weights"],
                data["bias"],
                tuple(str(label) for label in data["labels"]),
                float(data["threshold"]),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"the event typer's weights (detente/models/{_MODEL_FILE}) cannot be read ({exc}); "
            "reinstall detente or rerun tools/train_event_typer.py"
        ) from exc
