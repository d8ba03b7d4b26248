"""Clean-stage evaluation: the benchmark's shingle measure, its loader and the extractor loop."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from detente.errors import EmptyInputError, EvaluationError
from detente.evaluate.clean import (
    ExtractionDocument,
    evaluate,
    load_extraction_benchmark,
    read_html,
    score_extraction,
    shingle_counts,
    shingles,
)

BODY = "Harbour crews repaired the old pier before the spring regatta began."
OTHER = "Lantern festival tickets sold out within an hour of the announcement."


def _doc(body: str, doc_id: str = "d1") -> ExtractionDocument:
    return ExtractionDocument(doc_id=doc_id, url=None, body=body, html_path=Path("unused"))


def _write_benchmark(root: Path, pages: Mapping[str, tuple[str, str]]) -> Path:
    """Write {id: (html, body)} in the benchmark's layout under root; return the data dir."""
    bench = root / "article-extraction-benchmark"
    (bench / "html").mkdir(parents=True)
    truth = {
        doc_id: {"articleBody": body, "url": f"https://example.test/{doc_id}"}
        for doc_id, (_, body) in pages.items()
    }
    (bench / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    for doc_id, (html, _) in pages.items():
        with gzip.open(bench / "html" / f"{doc_id}.html.gz", "wb") as handle:
            handle.write(html.encode("utf-8"))
    return root


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b c d e", [("a", "b", "c", "d"), ("b", "c", "d", "e")]),
        ("a b c d", [("a", "b", "c", "d")]),
        ("only two", [("only", "two")]),
        ("", []),
        ("... -- !!", []),
    ],
)
def test_shingles_are_four_token_windows_or_one_short_shingle(
    text: str, expected: list[tuple[str, ...]]
) -> None:
    assert sorted(shingles(text).elements()) == sorted(expected)


def test_shingles_are_case_sensitive_and_counted_as_a_multiset() -> None:
    counts = shingles("x y z w x y z w")
    assert counts[("x", "y", "z", "w")] == 2
    assert shingles("Pier")[("Pier",)] == 1
    assert shingles("Pier")[("pier",)] == 0


def test_shingle_counts_partial_overlap_by_hand() -> None:
    # gold shingles: (t1..t4), (t2..t5); predicted: (t1..t4), (t2,t3,t4,x), (t3,t4,x,y)
    # -> tp 1, fp 2, fn 1, normalised by their sum 4.
    assert shingle_counts("t1 t2 t3 t4 t5", "t1 t2 t3 t4 x y") == (0.25, 0.5, 0.25)


def test_shingle_counts_of_two_empty_texts_are_zero() -> None:
    assert shingle_counts("", "") == (0.0, 0.0, 0.0)


def test_score_extraction_perfect_prediction_is_one() -> None:
    scores = score_extraction([_doc(BODY), _doc(OTHER, "d2")], [BODY, OTHER])
    assert scores["precision"] == scores["recall"] == scores["f1"] == 1.0
    assert scores["n_documents"] == 2
    assert scores["n_empty"] == 0


def test_score_extraction_wrong_prediction_is_zero() -> None:
    scores = score_extraction([_doc(BODY)], [OTHER])
    assert scores["precision"] == scores["recall"] == scores["f1"] == 0.0


def test_score_extraction_means_per_document_figures_by_hand() -> None:
    # Document 1 perfect (P 1, R 1); document 2 as in the hand example above (P 1/3, R 1/2).
    scores = score_extraction([_doc(BODY), _doc("t1 t2 t3 t4 t5", "d2")], [BODY, "t1 t2 t3 t4 x y"])
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(3 / 4)
    assert scores["f1"] == pytest.approx(12 / 17)


def test_score_extraction_empty_prediction_counts_with_zero_recall() -> None:
    scores = score_extraction([_doc(BODY), _doc(OTHER, "d2")], [BODY, ""])
    # The empty prediction has no predicted shingle: left out of precision, recall 0.
    assert scores["precision"] == 1.0
    assert scores["recall"] == 0.5
    assert scores["n_empty"] == 1


def test_score_extraction_needs_one_prediction_per_document() -> None:
    with pytest.raises(ValueError, match="one prediction per gold record"):
        score_extraction([_doc(BODY)], [])


def test_load_extraction_benchmark_reads_the_layout(tmp_path: Path) -> None:
    data = _write_benchmark(
        tmp_path,
        {
            "b2": ("<html><body><p>Second page</p></body></html>", OTHER),
            "a1": ("<html><body><p>Caf\u00e9 page</p></body></html>", BODY),
        },
    )
    docs = load_extraction_benchmark(data, None)
    assert [d.doc_id for d in docs] == ["a1", "b2"]
    assert docs[0].body == BODY
    assert docs[0].url == "https://example.test/a1"
    assert "Caf\u00e9 page" in read_html(docs[0])
    assert len(load_extraction_benchmark(data, 1)) == 1


def test_read_html_replaces_invalid_utf8(tmp_path: Path) -> None:
    data = _write_benchmark(tmp_path, {"a1": ("<p>ok</p>", BODY)})
    page = data / "article-extraction-benchmark" / "html" / "a1.html.gz"
    with gzip.open(page, "wb") as handle:
        handle.write(b"<p>bad \xff byte</p>")
    assert read_html(load_extraction_benchmark(data)[0]) == "<p>bad \ufffd byte</p>"


@pytest.mark.parametrize("missing", ["article-extraction-benchmark", "ground-truth.json", "html"])
def test_load_extraction_benchmark_names_the_missing_path(tmp_path: Path, missing: str) -> None:
    data = _write_benchmark(tmp_path, {"a1": ("<p>x</p>", BODY)})
    bench = data / "article-extraction-benchmark"
    target = {
        "article-extraction-benchmark": bench,
        "ground-truth.json": bench / "ground-truth.json",
        "html": bench / "html" / "a1.html.gz",
    }[missing]
    if target.is_dir():
        shutil.rmtree(target)
    else:
        target.unlink()
    with pytest.raises(EvaluationError, match="not found") as info:
        load_extraction_benchmark(data)
    assert str(target) in str(info.value)


def test_load_extraction_benchmark_rejects_a_malformed_ground_truth(tmp_path: Path) -> None:
    data = _write_benchmark(tmp_path, {"a1": ("<p>x</p>", BODY)})
    (data / "article-extraction-benchmark" / "ground-truth.json").write_text("[1, 2]")
    with pytest.raises(EvaluationError, match=r"ground-truth\.json"):
        load_extraction_benchmark(data)


def test_evaluate_counts_failed_extractions_and_keeps_going(tmp_path: Path) -> None:
    data = _write_benchmark(
        tmp_path,
        {
            "a1": ("<p>good</p>", BODY),
            "b2": ("<p>broken</p>", OTHER),
            "c3": ("<p>blank</p>", "Quiet harbour mornings draw painters from across the coast."),
        },
    )
    bodies = {"good": BODY}

    def extract(html: str, url: str | None) -> str:
        assert url is not None
        if "broken" in html:
            raise EmptyInputError(url, "no article text")
        return bodies.get(html[3:-4], "")

    result = evaluate(data, None, extract=extract)
    assert result["n_documents"] == 3
    assert result["n_failed"] == 2
    assert {f["id"] for f in result["failures"]} == {"b2", "c3"}
    assert result["precision"] == 1.0
    assert result["recall"] == pytest.approx(1 / 3)


@pytest.mark.gold
def test_gold_extraction_benchmark_has_181_pages(gold_dir: Path) -> None:
    if not (gold_dir / "article-extraction-benchmark").is_dir():
        pytest.skip(f"gold data not found at {gold_dir}")
    docs = load_extraction_benchmark(gold_dir, None)
    assert len(docs) == 181
    assert all(d.body and d.url for d in docs)
    assert read_html(docs[0]).lstrip()[:1] == "<"
