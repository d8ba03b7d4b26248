"""Helpers shared by the evaluation adapters: gold-path checks and precision/recall arithmetic."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from detente.errors import EvaluationError

__all__ = [
    "DATA_HINT",
    "check_aligned",
    "div",
    "macro_f1",
    "prf",
    "require_dir",
    "require_file",
    "take",
]

T = TypeVar("T")

DATA_HINT = (
    "point --data at the shared gold-data folder (../shared/data from the project root) "
    "that holds one sub-folder per gold set, as listed in its README.md"
)


def require_file(path: Path, what: str) -> Path:
    """Return ``path`` if it is a file, else raise EvaluationError naming it and the fix."""
    if not path.is_file():
        raise EvaluationError(f"{path}: {what} not found; {DATA_HINT}")
    return path


def require_dir(path: Path, what: str) -> Path:
    """Return ``path`` if it is a directory, else raise EvaluationError naming it and the fix."""
    if not path.is_dir():
        raise EvaluationError(f"{path}: {what} not found; {DATA_HINT}")
    return path


def take(items: Iterable[T], limit: int | None) -> list[T]:
    """The first ``limit`` items (all of them when ``limit`` is None)."""
    out: list[T] = []
    for item in items:
        if limit is not None and len(out) >= limit:
            break
        out.append(item)
    return out


def check_aligned(gold: Sequence[Any], predictions: Sequence[Any]) -> None:
    """Scorers take one prediction per gold record, in the same order."""
    if len(gold) != len(predictions):
        raise ValueError(
            f"{len(predictions)} predictions for {len(gold)} gold records: "
            "pass exactly one prediction per gold record, in order"
        )


def div(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when there is nothing to divide by."""
    return numerator / denominator if denominator else 0.0


def prf(tp: int, n_predicted: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives and the two totals."""
    precision = div(tp, n_predicted)
    recall = div(tp, n_gold)
    return precision, recall, div(2 * precision * recall, precision + recall)


def macro_f1(
    gold: Sequence[str], predicted: Sequence[str | None], labels: Iterable[str]
) -> tuple[float, dict[str, dict[str, float]]]:
    """Macro-F1 over ``labels`` and the per-label figures.

    A None prediction counts against recall of the gold label and against no label's precision.
    """
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision, recall, f1 = prf(tp, n_pred, n_gold)
        per_label[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": n_gold,
            "n_predicted": n_pred,
        }
    macro = div(sum(v["f1"] for v in per_label.values()), len(per_label))
    return macro, per_label
