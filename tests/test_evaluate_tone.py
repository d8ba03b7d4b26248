"""Tone-stage evaluation: NewsMTSC loading and three-class macro-F1 / accuracy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente.errors import EvaluationError
from detente.evaluate.tone import Polarity, ToneItem, evaluate, load_tone, score_tone


def _item(file: str, polarity: Polarity, n: int = 0) -> ToneItem:
    return ToneItem(
        item_id=f"{file}{n}",
        file=file,
        sentence_id=f"{file}:{n}",
        sentence="Mayor Ilse Brand praised the volunteers.",
        start=6,
        end=15,
        mention="Ilse Brand",
        polarity=polarity,
    )


def test_score_tone_by_hand() -> None:
    gold = [
        _item("mt", "negative", 1),
        _item("mt", "neutral", 2),
        _item("rw", "positive", 3),
        _item("rw", "negative", 4),
    ]
    scores = score_tone(gold, ["negative", "positive", "Positive", None])
    # negative P 1 R 1/2 F1 2/3; neutral F1 0; positive P 1/2 R 1 F1 2/3 -> macro 4/9
    assert scores["accuracy"] == 0.5
    assert scores["macro_f1"] == pytest.approx(4 / 9)
    assert scores["per_class"]["positive"]["precision"] == 0.5
    # mt: negative F1 1, neutral 0, positive 0 -> 1/3; rw: positive 1, others 0 -> 1/3
    assert scores["mt_macro_f1"] == pytest.approx(1 / 3)
    assert scores["rw_macro_f1"] == pytest.approx(1 / 3)
    assert scores["mt_accuracy"] == scores["rw_accuracy"] == 0.5
    assert (scores["n_items"], scores["mt_n_items"], scores["rw_n_items"]) == (4, 2, 2)


def test_score_tone_perfect_and_wrong() -> None:
    gold = [_item("mt", "negative"), _item("rw", "neutral", 1), _item("rw", "positive", 2)]
    perfect = score_tone(gold, ["negative", "neutral", "positive"])
    assert perfect["macro_f1"] == perfect["accuracy"] == 1.0
    wrong = score_tone(gold, ["positive", "negative", "neutral"])
    assert wrong["macro_f1"] == wrong["accuracy"] == 0.0


def _line(sentence: str, targets: list[dict[str, Any]]) -> str:
    return json.dumps({"primary_gid": "g", "sentence_normalized": sentence, "targets": targets})


def _target(sentence: str, mention: str, polarity: float) -> dict[str, Any]:
    start = sentence.index(mention)
    return {
        "Input.gid": f"{mention}-{polarity}",
        "from": start,
        "to": start + len(mention),
        "mention": mention,
        "polarity": polarity,
    }


S1 = "Councillor Ada Lunt criticised Mayor Ilse Brand over the budget."
S2 = "Ilse Brand opened the new library on Saturday."


def _write_newsmtsc(root: Path, mt_lines: list[str] | None = None) -> Path:
    folder = root / "newsmtsc"
    folder.mkdir(parents=True)
    mt = mt_lines or [_line(S1, [_target(S1, "Ada Lunt", 4.0), _target(S1, "Ilse Brand", 2.0)])]
    (folder / "devtest_mt.jsonl").write_text("\n".join(mt) + "\n", encoding="utf-8")
    rw = [_line(S2, [_target(S2, "Ilse Brand", 6)]), "", _line(S1, [_target(S1, "Ada Lunt", 4)])]
    (folder / "devtest_rw.jsonl").write_text("\n".join(rw) + "\n", encoding="utf-8")
    return root


def test_load_tone_reads_every_target_of_both_files(tmp_path: Path) -> None:
    items = load_tone(_write_newsmtsc(tmp_path), None)
    assert [(i.file, i.mention, i.polarity) for i in items] == [
        ("mt", "Ada Lunt", "neutral"),
        ("mt", "Ilse Brand", "negative"),
        ("rw", "Ilse Brand", "positive"),
        ("rw", "Ada Lunt", "neutral"),
    ]
    assert all(i.sentence[i.start : i.end] == i.mention for i in items)
    # limit caps sentences per file: one mt sentence (two targets) and one rw sentence
    assert len(load_tone(tmp_path, 1)) == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "malformed NewsMTSC record"),
        (_line(S2, [{**_target(S2, "Ilse Brand", 2), "polarity": 5}]), "polarity 2/4/6"),
        (_line(S2, [{**_target(S2, "Ilse Brand", 2), "to": 999}]), "outside the sentence"),
        (json.dumps({"targets": []}), "sentence_normalized"),
    ],
)
def test_load_tone_rejects_malformed_lines(tmp_path: Path, line: str, message: str) -> None:
    data = _write_newsmtsc(tmp_path, [line])
    with pytest.raises(EvaluationError, match=message) as info:
        load_tone(data, None)
    assert "devtest_mt.jsonl:1" in str(info.value)


def test_load_tone_names_the_missing_file(tmp_path: Path) -> None:
    data = _write_newsmtsc(tmp_path)
    (data / "newsmtsc" / "devtest_rw.jsonl").unlink()
    with pytest.raises(EvaluationError, match="not found") as info:
        load_tone(data, None)
    assert str(data / "newsmtsc" / "devtest_rw.jsonl") in str(info.value)


def test_evaluate_not_built_then_with_a_predictor(tmp_path: Path) -> None:
    data = _write_newsmtsc(tmp_path)
    assert evaluate(data, None, predict=None) == {
        "status": "not built",
        "n_items": 4,
        "n_sentences": 3,
        "mt_n_items": 2,
        "rw_n_items": 2,
    }
    result = evaluate(data, None, predict=lambda sentence, start, end: "neutral")
    assert result["accuracy"] == 0.5
    assert result["mt_accuracy"] == 0.5


@pytest.mark.gold
def test_gold_newsmtsc_test_files(gold_dir: Path) -> None:
    if not (gold_dir / "newsmtsc").is_dir():
        pytest.skip(f"gold data not found at {gold_dir}")
    items = load_tone(gold_dir, None)
    assert len(items) == 2622
    assert sum(i.file == "mt" for i in items) == 1476
    assert sum(i.file == "rw" for i in items) == 1146
    assert len({i.sentence_id for i in items}) == 1788
