"""Tone stage evaluation: sentiment toward a named person on NewsMTSC.

Gold set: ``newsmtsc/`` (NewsMTSC, Hamborg & Donnay, EACL 2021): the two test files
``devtest_mt.jsonl`` (sentences with two or more target mentions) and ``devtest_rw.jsonl``
("real-world" distribution). Each line is ``{"sentence_normalized", "targets": [{"from", "to",
"mention", "polarity", ...}]}``; polarity 2 / 4 / 6 means negative / neutral / positive. Every
target is one item; ``limit`` caps the sentences read from each file.

The predictor gets the sentence and the target's character offsets and returns ``"negative"``,
``"neutral"``, ``"positive"`` or None (no opinion given, always wrong). detente's own predictor
(:func:`predict_tone`, the default) is :func:`detente.tone.polarity` of
:func:`detente.tone.tone_toward`: lexicon-based (VADER and detente's additions), no model loaded.

Figures, for both files together and per file (prefixes ``mt_`` and ``rw_``):

* ``macro_f1``: the mean of the three classes' F1 (the measure NewsMTSC reports);
* ``accuracy``: items whose predicted polarity equals the gold one;
* ``per_class``: precision, recall, F1 and support of each class (combined only);
* counts ``n_items``, ``n_sentences``, ``mt_n_items``, ``rw_n_items``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from detente.errors import EvaluationError
from detente.evaluate._common import check_aligned, div, macro_f1, require_dir, require_file
from detente.tone import polarity, tone_toward

__all__ = [
    "FILES",
    "POLARITIES",
    "Polarity",
    "ToneItem",
    "TonePredictor",
    "evaluate",
    "load_tone",
    "predict_tone",
    "score_tone",
]

FOLDER = "newsmtsc"
FILES = {"mt": "devtest_mt.jsonl", "rw": "devtest_rw.jsonl"}
POLARITIES = ("negative", "neutral", "positive")

Polarity = Literal["negative", "neutral", "positive"]
_POLARITY_CODES: dict[float, Polarity] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(frozen=True, slots=True)
class ToneItem:
    """One target mention in a sentence and the gold polarity toward it."""

    item_id: str
    file: str
    sentence_id: str
    sentence: str
    start: int
    end: int
    mention: str
    polarity: Polarity


# Given (sentence, target start, target end), return the polarity toward the target or None.
TonePredictor = Callable[[str, int, int], str | None]


def load_tone(data_dir: Path, limit: int | None = None) -> list[ToneItem]:
    """Read every target of both NewsMTSC test files (``mt`` first, then ``rw``).

    Raises:
        EvaluationError: a file is missing, a line is not JSON, or a target is malformed.
    """
    folder = require_dir(data_dir / FOLDER, "NewsMTSC folder")
    items: list[ToneItem] = []
    for key, name in FILES.items():
        path = require_file(folder / name, f"NewsMTSC {key} test file")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise EvaluationError(f"{path}: cannot read as UTF-8 ({exc}); restore it") from exc
        n_sentences = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            if limit is not None and n_sentences >= limit:
                break
            n_sentences += 1
            items.extend(_parse_line(line, key, f"{path}:{number}", f"{key}:{number}"))
    return items


def _parse_line(line: str, key: str, where: str, sentence_id: str) -> list[ToneItem]:
    try:
        record = json.loads(line)
        sentence = record["sentence_normalized"]
        targets = record["targets"]
        parsed = []
        for index, target in enumerate(targets):
            start, end = int(target["from"]), int(target["to"])
            polarity = _POLARITY_CODES[float(target["polarity"])]
            if not (isinstance(sentence, str) and 0 <= start < end <= len(sentence)):
                raise ValueError(f"offsets {start}-{end} outside the sentence")
            item_id = str(target.get("Input.gid") or f"{where}#{index}")
            parsed.append(
                ToneItem(
                    item_id=item_id,
                    file=key,
                    sentence_id=sentence_id,
                    sentence=sentence,
                    start=start,
                    end=end,
                    mention=str(target.get("mention", sentence[start:end])),
                    polarity=polarity,
                )
            )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise EvaluationError(
            f"{where}: malformed NewsMTSC record ({exc!r}); each line needs sentence_normalized "
            "and targets with from, to and polarity 2/4/6"
        ) from exc
    return parsed


def _figures(gold: Sequence[ToneItem], predicted: Sequence[str | None]) -> dict[str, Any]:
    labels = [item.polarity for item in gold]
    macro, per_class = macro_f1(labels, predicted, POLARITIES)
    correct = sum(1 for g, p in zip(labels, predicted, strict=True) if g == p)
    return {"macro_f1": macro, "accuracy": div(correct, len(gold)), "per_class": per_class}


def score_tone(gold: Sequence[ToneItem], predictions: Sequence[str | None]) -> dict[str, Any]:
    """Macro-F1 and accuracy over the three polarities, combined and per file.

    Args:
        gold: the target items.
        predictions: one polarity (or None) per item, in order.
    """
    check_aligned(gold, predictions)
    predicted = [p.strip().lower() if p else None for p in predictions]
    result = _figures(gold, predicted)
    result["n_items"] = len(gold)
    result["n_sentences"] = len({item.sentence_id for item in gold})
    for key in FILES:
        pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g.file == key]
        figures = _figures([g for g, _ in pairs], [p for _, p in pairs])
        result[f"{key}_macro_f1"] = figures["macro_f1"]
        result[f"{key}_accuracy"] = figures["accuracy"]
        result[f"{key}_n_items"] = len(pairs)
    return result


def predict_tone(sentence: str, start: int, end: int) -> str:
    """detente's predictor: the polarity of the sentence's tone toward the target."""
    return polarity(tone_toward(sentence, start, end))


def evaluate(
    data_dir: Path, limit: int | None = None, predict: TonePredictor | None = predict_tone
) -> dict[str, Any]:
    """Score ``predict`` (detente's own by default) on the NewsMTSC test files.

    ``predict=None`` only loads and checks the gold data and reports ``"not built"`` with counts.
    """
    items = load_tone(data_dir, limit)
    if predict is None:
        return {
            "status": "not built",
            "n_items": len(items),
            "n_sentences": len({item.sentence_id for item in items}),
            **{f"{key}_n_items": sum(1 for i in items if i.file == key) for key in FILES},
        }
    return score_tone(items, [predict(i.sentence, i.start, i.end) for i in items])
