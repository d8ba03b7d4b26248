"""Events-stage evaluation: PLV type/actor scoring and PETRARCH-2 CAMEO agreement."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from detente.errors import EvaluationError
from detente.evaluate.events import (
    CameoCoding,
    Petr2Sentence,
    PlvRow,
    PredictedEvent,
    actors_match,
    evaluate,
    load_petr2,
    load_plv,
    normalise_label,
    score_petr2,
    score_plv,
)


def _row(label: str, source: str = "Valdoria", target: str = "Ostmark") -> PlvRow:
    return PlvRow(
        sentence_id="1", text="An invented sentence.", label=label, source=source, target=target
    )


@pytest.mark.parametrize(
    ("predicted", "gold", "match"),
    [
        ("Valdoria", "Valdoria", True),
        ("the Valdorian government", "Valdorian government", True),
        ("Valdorian officials", "Valdorian", True),
        ("Ostmark", "Ostmark, Velia and Karst", True),
        ("U.S.", "US", True),
        ("Valdoria's president", "president of Valdoria", True),
        ("Ostmark", "Valdoria", False),
        ("the", "the", False),
        (None, "Valdoria", False),
    ],
)
def test_actors_match(predicted: str | None, gold: str, match: bool) -> None:
    assert actors_match(predicted, gold) is match


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("CONCEDE", "YIELD"),
        ("retreat", "YIELD"),
        ("DISAPPROVE", "ACCUSE"),
        ("AGREE", "AGREE"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_label_maps_to_plv_names(label: str | None, expected: str | None) -> None:
    assert normalise_label(label) == expected


def test_score_plv_by_hand() -> None:
    gold = [_row("AGREE"), _row("YIELD"), _row("ASSAULT"), _row("AGREE")]
    predictions = [
        PredictedEvent(type="AGREE", source="Valdoria", target="Ostmark"),
        PredictedEvent(type="RETREAT", source="Ostmark", target="the Ostmark army"),
        None,
        PredictedEvent(type="ACCUSE", source="Valdorian leaders"),
    ]
    scores = score_plv(gold, predictions)
    assert scores["plv_type_accuracy"] == 0.5
    assert scores["plv_precision"] == pytest.approx(2 / 3)
    assert scores["plv_coverage"] == 0.75
    # Per-label F1: AGREE 2/3, YIELD 1, ASSAULT 0, ACCUSE 0 -> macro 5/12.
    assert scores["plv_per_label"]["AGREE"]["f1"] == pytest.approx(2 / 3)
    assert scores["plv_macro_f1"] == pytest.approx(5 / 12)
    assert scores["plv_source_match"] == 0.25
    assert scores["plv_target_match"] == 0.5
    assert scores["plv_n_rows"] == 4


def test_score_plv_perfect_and_empty_predictions() -> None:
    gold = [_row("AGREE"), _row("REJECT")]
    perfect = [PredictedEvent(type=r.label, source=r.source, target=r.target) for r in gold]
    scores = score_plv(gold, perfect)
    for key in ("plv_type_accuracy", "plv_macro_f1", "plv_precision", "plv_source_match"):
        assert scores[key] == 1.0
    nothing = score_plv(gold, [None, None])
    assert nothing["plv_type_accuracy"] == nothing["plv_macro_f1"] == 0.0
    assert nothing["plv_coverage"] == nothing["plv_precision"] == 0.0


def _sentence(sid: str, *codings: tuple[str, str, str]) -> Petr2Sentence:
    return Petr2Sentence(
        sentence_id=sid,
        text="An invented sentence.",
        codings=tuple(CameoCoding(*c) for c in codings),
    )


def test_score_petr2_by_hand() -> None:
    gold = [
        _sentence("s1", ("042", "VALGOV", "OSTGOV")),
        _sentence("s2", ("190", "OSTMIL", "VAL"), ("111", "VAL", "OST")),
        _sentence("s3", ("057", "VAL", "OST")),
        _sentence("s4"),
        _sentence("s5"),
    ]
    predictions = [
        [PredictedEvent(cameo_code="043", source_code="VAL", target_code="OST")],
        [PredictedEvent(cameo_code="11", source_code="OST", target_code="VALGOV")],
        [],
        [],
        [PredictedEvent(cameo_code="010", source_code="VAL")],
    ]
    scores = score_petr2(gold, predictions)
    # roots: s1 04=04 yes, s2 11 in {19, 11} yes, s3 none -> 2/3
    assert scores["petr2_root_agreement"] == pytest.approx(2 / 3)
    # sources: s1 VAL yes, s2 OST in {OST, VAL} yes, s3 no -> 2/3; targets: s1 yes, s2 yes
    assert scores["petr2_source_agreement"] == pytest.approx(2 / 3)
    assert scores["petr2_target_agreement"] == pytest.approx(2 / 3)
    # triples: s1 (04, VAL, OST) yes; s2 (11, OST, VAL) vs (11, VAL, OST), (19, OST, VAL) no
    assert scores["petr2_triple_agreement"] == pytest.approx(1 / 3)
    assert scores["petr2_noevent_agreement"] == 0.5
    assert scores["petr2_n_event_sentences"] == 3
    assert scores["petr2_n_root_agreed"] == 2


def test_score_petr2_perfect_prediction_is_one() -> None:
    gold = [_sentence("s1", ("042", "VALGOV", "OSTGOV")), _sentence("s2")]
    predictions = [
        [PredictedEvent(cameo_code="042", source_code="VALGOV", target_code="OSTGOV")],
        [],
    ]
    scores = score_petr2(gold, predictions)
    for name in ("root", "source", "target", "triple", "noevent"):
        assert scores[f"petr2_{name}_agreement"] == 1.0


PLV_ROWS = [
    (
        "Valdoria agreed to reopen its border with Ostmark.",
        "AGREE",
        "split=test|sentence_id=1",
        "Valdoria",
        "Ostmark",
    ),
    (
        "Ostmark, in a note, rejected the offer.",
        "REJECT",
        "PLV|split=test|sentence_id=2",
        "Ostmark",
        "Valdoria",
    ),
    (
        "Training row about a harbour dispute.",
        "ACCUSE",
        "PLV|split=train|sentence_id=3",
        "Karst",
        "Velia",
    ),
]


def _write_plv(root: Path) -> Path:
    (root / "plv").mkdir(parents=True)
    with (root / "plv" / "plv.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "meta", "context", "source", "target"])
        for text, label, meta, source, target in PLV_ROWS:
            writer.writerow([text, label, meta, "", source, target])
    return root


PETR2 = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
##########
#   A banner with <EventCoding...> in it, outside any tag
##########
<Sentences>
<Sentence category="TEST" date="20200101" id="T_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="VAL" targetcode="OST" />
<EventCoding eventcode="111" sourcecode="OSTGOV" targetcode="VAL" />
<Text>
Valdoria's envoy visited Ostmark &amp; criticised
its ministers.
</Text>
<Parse>
1\tValdoria\t_
</Parse></Sentence>
<Sentence category="TEST" date="20200102" id="T_2" evaluate="true">
<EventCoding noevents="True" />
<Text>The weather in Karst was mild.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def _write_petr2(root: Path, content: str = PETR2) -> Path:
    (root / "petr2-gsr").mkdir(parents=True)
    (root / "petr2-gsr" / "PETR2_GSR_validation.xml").write_text(content, encoding="utf-8")
    return root


def test_load_plv_keeps_test_rows(tmp_path: Path) -> None:
    rows = load_plv(_write_plv(tmp_path), None)
    assert [(r.sentence_id, r.label, r.source) for r in rows] == [
        ("1", "AGREE", "Valdoria"),
        ("2", "REJECT", "Ostmark"),
    ]
    assert rows[1].text == PLV_ROWS[1][0]
    assert len(load_plv(tmp_path, 1)) == 1


def test_load_petr2_reads_the_lenient_format(tmp_path: Path) -> None:
    sentences = load_petr2(_write_petr2(tmp_path), None)
    assert [s.sentence_id for s in sentences] == ["T_1", "T_2"]
    assert sentences[0].codings == (
        CameoCoding("042", "VAL", "OST"),
        CameoCoding("111", "OSTGOV", "VAL"),
    )
    assert sentences[0].text == "Valdoria's envoy visited Ostmark & criticised its ministers."
    assert sentences[1].codings == ()
    assert sentences[0].codings[1].root == "11"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<Sentence id="x"/><Text>t</Text>', "has no <EventCoding>"),
        ('<Sentence id="x"/><EventCoding noevents="True"/>', "has no <Text>"),
        ('<Sentence date="1"/><EventCoding noevents="True"/><Text>t</Text>', "no id"),
        ("<Validation></Validation>", "no <Sentence>"),
    ],
)
def test_load_petr2_rejects_malformed_records(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(EvaluationError, match=message):
        load_petr2(_write_petr2(tmp_path, content), None)


@pytest.mark.parametrize(("loader", "path"), [(load_plv, "plv"), (load_petr2, "petr2-gsr")])
def test_loaders_name_the_missing_file(
    tmp_path: Path, loader: Callable[[Path, int | None], list[Any]], path: str
) -> None:
    with pytest.raises(EvaluationError, match="not found") as info:
        loader(tmp_path, None)
    assert str(tmp_path / path) in str(info.value)


def test_evaluate_reports_not_built_with_counts(tmp_path: Path) -> None:
    data = _write_petr2(_write_plv(tmp_path))
    result = evaluate(data, None, predict=None)
    assert result["status"] == "not built"
    assert result["plv_n_rows"] == 2
    assert result["petr2_n_sentences"] == 2
    assert result["petr2_n_codings"] == 2
    assert result["n_items"] == 4


def test_evaluate_scores_one_predictor_on_both_sets(tmp_path: Path) -> None:
    data = _write_petr2(_write_plv(tmp_path))

    def predict(text: str) -> list[PredictedEvent]:
        if "agreed" in text:
            return [PredictedEvent(type="AGREE", source="Valdoria", target="Ostmark")]
        if "envoy" in text:
            return [PredictedEvent(cameo_code="042", source_code="VAL", target_code="OST")]
        return []

    result = evaluate(data, None, predict=predict)
    assert result["plv_type_accuracy"] == 0.5
    assert result["plv_precision"] == 1.0
    assert result["petr2_root_agreement"] == 1.0
    assert result["petr2_noevent_agreement"] == 1.0


@pytest.mark.gold
def test_gold_plv_test_split_and_petr2(gold_dir: Path) -> None:
    if not (gold_dir / "plv").is_dir() or not (gold_dir / "petr2-gsr").is_dir():
        pytest.skip(f"gold data not found at {gold_dir}")
    rows = load_plv(gold_dir, None)
    assert len(rows) == 1033
    assert len({r.label for r in rows}) == 15
    sentences = load_petr2(gold_dir, None)
    assert len(sentences) == 78
    assert sum(len(s.codings) for s in sentences) == 80
    assert sum(not s.codings for s in sentences) == 12
