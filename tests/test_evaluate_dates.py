"""Dates-stage evaluation: TimeML parsing (DCT, DATE offsets) and exact-value scoring."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from detente.errors import EvaluationError
from detente.evaluate.dates import (
    DateMention,
    TimeMLDocument,
    evaluate,
    load_timeml,
    parse_timeml,
    score_dates,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>harbour_20210305</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-05" functionInDocument="CREATION_TIME">March 5, 2021</TIMEX3></DCT>
<TITLE>Ferry returns</TITLE>
<TEXT>
The ferry <EVENT eid="e1" class="OCCURRENCE">returned</EVENT> <TIMEX3 tid="t1" type="DATE" value="2021-03-04">on Thursday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3> of repairs.
Crews expect a new hull <TIMEX3 tid="t3" type="DATE" value="2022">next year</TIMEX3>, and the pier dates from <TIMEX3 tid="t4" type="DATE" value="1950">1950</TIMEX3>.
</TEXT>
</TimeML>
"""  # noqa: E501


def test_parse_timeml_reads_dct_and_date_mentions_with_plain_text_offsets() -> None:
    doc = parse_timeml(TML, "harbour.tml")
    assert doc.doc_id == "harbour_20210305"
    assert doc.dct == date(2021, 3, 5)
    assert "<" not in doc.text
    assert doc.text.startswith("\nThe ferry returned on Thursday after three weeks of repairs.")
    assert [(m.text, m.value) for m in doc.mentions] == [
        ("on Thursday", "2021-03-04"),
        ("next year", "2022"),
        ("1950", "1950"),
    ]
    for mention in doc.mentions:
        assert doc.text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<TimeML><TEXT>x</TEXT>", "not well-formed"),
        ("<TimeML><TEXT>x</TEXT></TimeML>", "document date"),
        ('<TimeML><DCT><TIMEX3 value="2021-W09"/></DCT><TEXT>x</TEXT></TimeML>', "document date"),
        ('<TimeML><DCT><TIMEX3 value="2021-03-05"/></DCT></TimeML>', "no <TEXT>"),
        (
            '<TimeML><DCT><TIMEX3 value="2021-03-05"/></DCT>'
            '<TEXT><TIMEX3 type="DATE">today</TIMEX3></TEXT></TimeML>',
            "no value",
        ),
    ],
)
def test_parse_timeml_rejects_malformed_documents(content: str, message: str) -> None:
    with pytest.raises(EvaluationError, match=message) as info:
        parse_timeml(content, "bad.tml")
    assert "bad.tml" in str(info.value)


def _doc(*values: str) -> TimeMLDocument:
    mentions = tuple(
        DateMention(text=f"m{i}", start=i, end=i + 1, value=v) for i, v in enumerate(values)
    )
    return TimeMLDocument(doc_id="d", dct=date(2021, 3, 5), text="abcdef", mentions=mentions)


def test_score_dates_by_hand() -> None:
    gold = [_doc("2021-03-04", "2022"), _doc("1950", "PRESENT_REF")]
    predictions: list[list[str | None]] = [["2021-03-04", "2021"], [None, "PRESENT_REF"]]
    scores = score_dates(gold, predictions)
    assert scores["accuracy"] == 0.5
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["coverage"] == 0.75
    assert (scores["n_items"], scores["n_predicted"], scores["n_correct"]) == (4, 3, 2)


def test_score_dates_perfect_and_wrong() -> None:
    gold = [_doc("2021-03-04", "2022")]
    assert score_dates(gold, [["2021-03-04", "2022"]])["accuracy"] == 1.0
    assert score_dates(gold, [["2021-03-05", "2021"]])["accuracy"] == 0.0


def test_score_dates_needs_one_value_per_mention() -> None:
    with pytest.raises(ValueError, match="one value"):
        score_dates([_doc("2022")], [[]])


def _write_tempeval(root: Path) -> Path:
    folder = root / "tempeval3-platinum"
    folder.mkdir(parents=True)
    (folder / "b_doc.tml").write_text(TML, encoding="utf-8")
    (folder / "a_doc.tml").write_text(TML.replace("harbour_20210305", "pier_1"), encoding="utf-8")
    (folder / "README").write_text("not a document")
    return root


def test_load_timeml_reads_every_tml_file_in_name_order(tmp_path: Path) -> None:
    docs = load_timeml(_write_tempeval(tmp_path), None)
    assert [d.doc_id for d in docs] == ["pier_1", "harbour_20210305"]
    assert len(load_timeml(tmp_path, 1)) == 1


def test_load_timeml_names_the_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found") as info:
        load_timeml(tmp_path, None)
    assert str(tmp_path / "tempeval3-platinum") in str(info.value)


def test_evaluate_not_built_then_with_a_predictor(tmp_path: Path) -> None:
    data = _write_tempeval(tmp_path)
    assert evaluate(data, None, predict=None) == {
        "status": "not built",
        "n_documents": 2,
        "n_items": 6,
    }

    def predict(text: str, dct: date, mentions: Sequence[tuple[str, int, int]]) -> list[str | None]:
        assert dct == date(2021, 3, 5)
        known = {"on Thursday": "2021-03-04", "1950": "1950"}
        assert all(text[s:e] == m for m, s, e in mentions)
        return [known.get(m) for m, _, _ in mentions]

    result = evaluate(data, None, predict=predict)
    assert result["accuracy"] == pytest.approx(2 / 3)
    assert result["coverage"] == pytest.approx(2 / 3)


@pytest.mark.gold
def test_gold_tempeval3_platinum(gold_dir: Path) -> None:
    if not (gold_dir / "tempeval3-platinum").is_dir():
        pytest.skip(f"gold data not found at {gold_dir}")
    docs = load_timeml(gold_dir, None)
    assert len(docs) == 20
    assert sum(len(d.mentions) for d in docs) == 96
    for doc in docs:
        for mention in doc.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
