"""Train the event typer (detente.coder) on the plv training split and write its weights.

Reads ``<data>/plv/plv.csv`` and uses only the rows whose ``meta`` holds ``split=train``: the test
split is what ``detente eval --stage events`` reports, and is never read here. Each row gives one
example: its sentence's main lexicon trigger (the one nearest the root of the parse, as the
evaluation's fallback reads it; the root itself when no trigger fires) with the row's label.

Model selection on a held-out fifth of the training rows (seeded shuffle): L2 strength, epochs
and the decision threshold (the lexicon's type stands unless the model gives another type at
least this probability) are chosen for the best macro-F1 of the final decision there; the model is
then refitted on every training row with the chosen settings. Full-batch gradient descent on the
softmax loss, from zeros: the same data gives the same weights.

Usage: .venv/bin/python tools/train_event_typer.py [--data ../shared/data] [--out PATH]
(default out: src/detente/models/event_typer.npz)
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

import numpy as np

from detente.coder import EventTyper, features
from detente.evaluate._common import macro_f1
from detente.evaluate.events import LABEL_ALIASES
from detente.events import find_triggers
from detente.nlp import load_model

SEED = 7
_L2 = (1e-4, 1e-3)
_EPOCHS = (300, 600, 1000)
_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
_LEARNING_RATE = 0.5
_REPO = Path(__file__).resolve().parents[1]


def _rows(data: Path) -> list[dict[str, str]]:
    with (data / "plv" / "plv.csv").open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if "split=train" in r["meta"].split("|")]


def _examples(rows: list[dict[str, str]]) -> tuple[np.ndarray, list[list[str]], list[str]]:
    nlp = load_model()
    x, types, labels = [], [], []
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=64), strict=True):
        hits = sorted(find_triggers(doc), key=lambda h: len(list(h.head.ancestors)))
        if hits:
            head = hits[0].head
            sentence_types = [h.entry.type for h in hits]
        else:
            head = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
            sentence_types = []
        x.append(features(head, doc[:], sentence_types))
        types.append(sentence_types)
        labels.append(row["label"])
    return np.stack(x), types, labels


def _fit(x: np.ndarray, y: np.ndarray, k: int, l2: float, epochs: int) -> tuple[np.ndarray, ...]:
    weights = np.zeros((x.shape[1], k), dtype=np.float32)
    bias = np.zeros(k, dtype=np.float32)
    target = np.eye(k, dtype=np.float32)[y]
    for _ in range(epochs):
        z = x @ weights + bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - target) / len(x)
        weights -= _LEARNING_RATE * (x.T @ grad + l2 * weights)
        bias -= _LEARNING_RATE * grad.sum(axis=0)
    return weights, bias


def _decisions(typer: EventTyper, x: np.ndarray, types: list[list[str]]) -> list[str]:
    out = []
    for row, sentence_types in zip(x, types, strict=True):
        decision = typer.choose(typer.probabilities(row), sentence_types)
        out.append(LABEL_ALIASES.get(decision.type, decision.type))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=_REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=_REPO / "src/detente/models/event_typer.npz")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = _rows(args.data)
    x, types, labels = _examples(rows)
    names = tuple(sorted(set(labels)))
    y = np.array([names.index(label) for label in labels])
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    held = set(order[: len(order) // 5])
    fit_idx = np.array([i for i in range(len(rows)) if i not in held])
    held_idx = np.array(sorted(held))
    gold = [labels[i] for i in held_idx]
    lexicon_only = [
        LABEL_ALIASES.get(t[0], t[0]) if t else None for t in (types[i] for i in held_idx)
    ]
    baseline, _ = macro_f1(gold, lexicon_only, names)
    best: tuple[float, float, int, float] | None = None
    for l2 in _L2:
        for epochs in _EPOCHS:
            weights, bias = _fit(x[fit_idx], y[fit_idx], len(names), l2, epochs)
            for threshold in _THRESHOLDS:
                typer = EventTyper(weights, bias, names, threshold)
                predicted = _decisions(typer, x[held_idx], [types[i] for i in held_idx])
                score, _ = macro_f1(gold, list(predicted), names)
                print(f"l2={l2:g} epochs={epochs} threshold={threshold}: macro-F1 {score:.3f}")
                if best is None or score > best[0]:
                    best = (score, l2, epochs, threshold)
    assert best is not None
    score, l2, epochs, threshold = best
    weights, bias = _fit(x, y, len(names), l2, epochs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        weights=weights.astype(np.float32),
        bias=bias.astype(np.float32),
        labels=np.array(names),
        threshold=np.float32(threshold),
        seed=np.int64(SEED),
        n_train=np.int64(len(rows)),
        heldout_macro_f1=np.float32(score),
        heldout_lexicon_macro_f1=np.float32(baseline),
        l2=np.float32(l2),
        epochs=np.int64(epochs),
    )
    print(
        f"chosen l2={l2:g} epochs={epochs} threshold={threshold}: held-out macro-F1 {score:.3f} "
        f"(lexicon alone {baseline:.3f}); refitted on {len(rows)} rows; wrote {args.out} in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
