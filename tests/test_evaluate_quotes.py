"""Quotes-stage evaluation: brat parsing, PolNeAR layout, span matching and anonymity."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import EvaluationError
from detente.evaluate.quotes import (
    Attribution,
    AttributionDocument,
    evaluate,
    is_anonymous_source,
    load_attributions,
    parse_brat,
    score_attributions,
)

TEXT = (
    "Mara Quell said the ferry would resume on Monday. "
    "Two harbour officials, she added, expect delays, "
    "though the timetable remains unchanged."
)


def _span(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _t(n: int, label: str, *phrases: str) -> str:
    spans = [_span(p) for p in phrases]
    offsets = ";".join(f"{s} {e}" for s, e in spans)
    return f"T{n}\t{label} {offsets}\t{' '.join(phrases)}"


# Attribution 1: source, cue, content. Attribution 2: a discontinuous content split around its
# cue, plus a Content2 role. Attribution 3 has no source. One Discard span, one unlinked Source.
ANN = "\n".join(
    [
        _t(1, "Source", "Mara Quell"),
        _t(2, "Cue", "said"),
        _t(3, "Content", "the ferry would resume on Monday"),
        _t(4, "Attribution", "said"),
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        _t(5, "Source", "Two harbour officials"),
        _t(6, "Cue", "she added"),
        _t(7, "Content", "expect delays"),
        _t(8, "Content", "though the timetable"),
        _t(9, "Attribution", "she added"),
        "E2\tAttribution:T9 Cue:T6 Source:T5 Content:T7 Content2:T8",
        _t(10, "Cue", "remains"),
        _t(11, "Content", "unchanged"),
        _t(12, "Attribution-no-source", "remains"),
        "E3\tAttribution-no-source:T12 Content:T11 Cue:T10",
        _t(13, "Discard", "on Monday"),
        _t(14, "Source", "ferry"),
        "#1\tAnnotatorNotes T1\ta note brat allows",
    ]
)

A1 = Attribution(
    source=(_span("Mara Quell"),),
    cue=(_span("said"),),
    content=(_span("the ferry would resume on Monday"),),
)
A2 = Attribution(
    source=(_span("Two harbour officials"),),
    cue=(_span("she added"),),
    content=(_span("expect delays"), _span("though the timetable")),
)
A3 = Attribution(cue=(_span("remains"),), content=(_span("unchanged"),))


def _doc(*attributions: Attribution) -> AttributionDocument:
    return AttributionDocument(
        doc_id="d", split="dev", text=TEXT, attributions=attributions, annotator="x"
    )


def test_parse_brat_builds_attributions_from_linked_spans() -> None:
    attributions, unlinked = parse_brat(ANN, TEXT, "t.ann")
    assert attributions == (A1, A2, A3)
    assert unlinked == 1


def test_parse_brat_merges_touching_fragments() -> None:
    ann = "T1\tContent 0 4;4 10\tMara Quell\nE1\tAttribution:T1 Content:T1"
    attributions, _ = parse_brat(ann, TEXT, "t.ann")
    assert attributions[0].content == ((0, 10),)


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tSource zero 4\tMara", "malformed brat span line"),
        ("T1\tSource 0 9999\tMara", "outside the"),
        ("E1\tAttribution:T7 Source:T8", "which no T line defines"),
        ("E1\tAttribution", "malformed brat event line"),
    ],
)
def test_parse_brat_rejects_malformed_lines(ann: str, message: str) -> None:
    with pytest.raises(EvaluationError, match=message) as info:
        parse_brat(ann, TEXT, "bad.ann")
    assert "bad.ann:1" in str(info.value)


@pytest.mark.parametrize(
    ("text", "anonymous"),
    [
        ("two senior aides", True),
        ("a person familiar with the talks", True),
        ("officials at the State Department", True),
        ("aides to Mr. Hale", True),
        ("Several Coastal Party insiders", True),
        ("spokesman Jo Reyes", False),
        ("Reyes and her advisers", False),
        ("adviser Reyes", False),
        ("Mara Quell", False),
        ("she", False),
    ],
)
def test_is_anonymous_source(text: str, anonymous: bool) -> None:
    assert is_anonymous_source(text) is anonymous


def test_score_perfect_prediction_is_one_for_every_role() -> None:
    scores = score_attributions([_doc(A1, A2, A3)], [[A1, A2, A3]])
    for role in ("source", "cue", "content", "anonymous_source"):
        for mode in ("exact", "overlap"):
            assert scores[f"{role}_{mode}_f1"] == 1.0
    assert scores["n_gold_source"] == 2
    assert scores["n_gold_cue"] == 3
    assert scores["n_gold_anonymous_source"] == 1


def test_score_wrong_prediction_is_zero() -> None:
    wrong = Attribution(
        source=(_span("ferry"),), cue=(_span("Monday"),), content=(_span("delays"),)
    )
    scores = score_attributions([_doc(A1)], [[wrong]])
    for role in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            assert scores[f"{role}_{mode}_f1"] == 0.0


def test_score_partial_spans_match_by_overlap_only() -> None:
    partial = Attribution(
        source=(_span("Quell"),), cue=(_span("said"),), content=(_span("ferry would resume"),)
    )
    scores = score_attributions([_doc(A1)], [[partial]])
    assert scores["source_exact_f1"] == 0.0
    assert scores["source_overlap_f1"] == 1.0
    assert scores["cue_exact_f1"] == 1.0
    assert scores["content_exact_recall"] == 0.0
    assert scores["content_overlap_precision"] == 1.0


def test_score_micro_averages_over_documents_by_hand() -> None:
    # Doc 1: A1 and A3 gold, A1 predicted -> cue tp 1 of 1 predicted, 2 gold.
    # Doc 2: A2 gold, A2 and a spurious cue predicted -> cue tp 1 of 2 predicted, 1 gold.
    spurious = Attribution(cue=(_span("Monday"),))
    scores = score_attributions([_doc(A1, A3), _doc(A2)], [[A1], [A2, spurious]])
    assert scores["cue_exact_tp"] == 2
    assert scores["cue_exact_precision"] == pytest.approx(2 / 3)
    assert scores["cue_exact_recall"] == pytest.approx(2 / 3)
    assert scores["cue_exact_f1"] == pytest.approx(2 / 3)


def test_score_overlap_matches_each_gold_span_once_maximally() -> None:
    # Predicted p1 overlaps both gold spans, p2 only the first: a greedy pass pairing p1 with the
    # first gold span would match 1; the one-to-one maximum is 2.
    g1, g2 = (0, 10), (11, 20)
    gold = _doc(Attribution(cue=(g1,)), Attribution(cue=(g2,)))
    predicted = [Attribution(cue=((5, 15),)), Attribution(cue=((0, 3),))]
    assert score_attributions([gold], [predicted])["cue_overlap_tp"] == 2
    # Two predictions on one gold span: only one counts.
    doubled = [Attribution(cue=((0, 3),)), Attribution(cue=((4, 8),))]
    scores = score_attributions([_doc(Attribution(cue=(g1,)))], [doubled])
    assert scores["cue_overlap_tp"] == 1
    assert scores["cue_overlap_precision"] == 0.5


def _write_polnear(root: Path) -> Path:
    for split, names in {"dev": ["b-story", "a-story"], "test": ["c-story"]}.items():
        (root / "polnear" / split / "text").mkdir(parents=True)
        (root / "polnear" / split / "attributions").mkdir(parents=True)
        for name in names:
            (root / "polnear" / split / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
            (root / "polnear" / split / "attributions" / f"{name}_ff01.ann").write_text(
                ANN, encoding="utf-8"
            )
    # a second annotator of a-story, who annotated nothing: not the one used
    (root / "polnear" / "dev" / "attributions" / "a-story_zz99.ann").write_text("")
    return root


def test_load_attributions_reads_both_splits(tmp_path: Path) -> None:
    docs = load_attributions(_write_polnear(tmp_path), None)
    assert [(d.split, d.doc_id) for d in docs] == [
        ("dev", "a-story"),
        ("dev", "b-story"),
        ("test", "c-story"),
    ]
    assert docs[0].annotator == "ff01"
    assert docs[0].n_annotators == 2
    assert docs[0].attributions == (A1, A2, A3)
    assert len(load_attributions(tmp_path, 2)) == 2


def test_load_attributions_names_the_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found") as info:
        load_attributions(tmp_path, None)
    assert str(tmp_path / "polnear") in str(info.value)


def test_load_attributions_needs_an_annotation_per_article(tmp_path: Path) -> None:
    data = _write_polnear(tmp_path)
    (data / "polnear" / "test" / "attributions" / "c-story_ff01.ann").unlink()
    with pytest.raises(EvaluationError, match="no annotation") as info:
        load_attributions(data, None)
    assert "c-story.txt" in str(info.value)


def test_evaluate_reports_not_built_with_counts(tmp_path: Path) -> None:
    result = evaluate(_write_polnear(tmp_path), None, predict=None)
    assert result["status"] == "not built"
    assert result["n_documents"] == 3
    assert result["n_documents_dev"] == 2
    assert result["n_documents_test"] == 1
    assert result["n_attributions"] == result["n_items"] == 9
    assert result["n_gold_source"] == 6
    assert result["n_gold_anonymous_source"] == 3
    assert result["n_multi_annotated"] == 1
    assert result["n_unlinked_spans"] == 3


def test_evaluate_scores_a_predictor(tmp_path: Path) -> None:
    result = evaluate(_write_polnear(tmp_path), None, predict=lambda text: [A1])
    assert "status" not in result
    assert result["source_exact_precision"] == 1.0
    assert result["source_exact_recall"] == 0.5


@pytest.mark.gold
def test_gold_polnear_dev_and_test(gold_dir: Path) -> None:
    if not (gold_dir / "polnear").is_dir():
        pytest.skip(f"gold data not found at {gold_dir}")
    docs = load_attributions(gold_dir, None)
    assert len(docs) == 168
    assert sum(d.split == "dev" for d in docs) == 84
    assert sum(d.split == "test" for d in docs) == 84
    assert sum(len(d.attributions) for d in docs) == 4237
    assert sum(d.n_annotators > 1 for d in docs) == 4
