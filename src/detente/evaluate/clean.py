"""Clean stage evaluation: article body vs boilerplate on the article-extraction benchmark.

Gold set: ``article-extraction-benchmark/`` (Scrapinghub's benchmark, MIT): 181 real article
pages, ``html/<id>.html.gz``, and ``ground-truth.json`` mapping each ``<id>`` to
``{"articleBody": ..., "url": ...}``, the body a person marked as the article.

Figures (the published benchmark's measure, re-implemented here from its description so that
detente's numbers compare with the published table):

* tokens are the ``\\w+`` matches of a text (case-sensitive); shingles are all contiguous runs of
  4 tokens, counted as a multiset (a text of 1-3 tokens has one shingle of all its tokens, an empty
  text none);
* per document: ``tp`` = shared shingles (sum of the smaller count), ``fp`` = predicted shingles in
  excess of the gold count, ``fn`` = gold shingles in excess of the predicted count; the three are
  then divided by their sum so that long pages do not outweigh short ones;
* per-document precision = 1 when ``fp == fn == 0``, 0 when ``tp == fp == 0``, else
  ``tp / (tp + fp)``; recall likewise with ``fn``;
* ``precision`` = mean per-document precision over documents with ``tp + fp > 0``; ``recall`` =
  mean per-document recall over documents with ``tp + fn > 0``; ``f1`` = ``2PR / (P + R)`` of
  those two means;
* ``n_failed`` counts documents whose extraction returned no text or raised an InputError; they
  are scored with an empty prediction (recall 0), never dropped.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import EvaluationError, InputError
from detente.evaluate._common import check_aligned, div, require_dir, require_file, take
from detente.records import RawDocument

__all__ = [
    "ExtractionDocument",
    "Extractor",
    "evaluate",
    "load_extraction_benchmark",
    "page_document",
    "read_html",
    "score_extraction",
    "shingle_counts",
    "shingles",
]

FOLDER = "article-extraction-benchmark"
SHINGLE_SIZE = 4

# Extracts the body from (html, url); detente.clean.extract_body is the default.
Extractor = Callable[[str, str | None], str]

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ExtractionDocument:
    """One benchmark page: its id, URL, gold article body and the path of its gzipped HTML."""

    doc_id: str
    url: str | None
    body: str
    html_path: Path


def load_extraction_benchmark(data_dir: Path, limit: int | None = None) -> list[ExtractionDocument]:
    """Read the benchmark's ground truth, in id order.

    Args:
        data_dir: the shared gold-data folder (holding ``article-extraction-benchmark/``).
        limit: read only the first ``limit`` documents.

    Raises:
        EvaluationError: the folder, ``ground-truth.json`` or a page's HTML is missing or malformed.
    """
    root = require_dir(data_dir / FOLDER, "article-extraction benchmark folder")
    truth_path = require_file(root / "ground-truth.json", "article-extraction ground truth")
    html_dir = require_dir(root / "html", "article-extraction HTML folder")
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(
            f"{truth_path}: cannot read the ground truth ({exc}); restore the file from the "
            "benchmark's repository"
        ) from exc
    if not isinstance(truth, dict):
        raise EvaluationError(f"{truth_path}: expected a JSON object {{id: {{articleBody, url}}}}")
    docs: list[ExtractionDocument] = []
    for doc_id in take(sorted(truth), limit):
        entry = truth[doc_id]
        body = entry.get("articleBody") if isinstance(entry, dict) else None
        if not isinstance(body, str):
            raise EvaluationError(f"{truth_path}: entry {doc_id!r} has no string 'articleBody'")
        url = entry.get("url")
        html_path = require_file(html_dir / f"{doc_id}.html.gz", f"HTML page of {doc_id}")
        docs.append(
            ExtractionDocument(
                doc_id=doc_id,
                url=url if isinstance(url, str) and url else None,
                body=body,
                html_path=html_path,
            )
        )
    return docs


def read_html(doc: ExtractionDocument) -> str:
    """The page's HTML as text.

    Raises:
        EvaluationError: the gzip file cannot be read.
    """
    try:
        with gzip.open(doc.html_path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise EvaluationError(
            f"{doc.html_path}: cannot read the gzipped page ({exc}); restore it from the benchmark"
        ) from exc
    # The benchmark stores every page as UTF-8 (all 181 decode cleanly) and its published runs read
    # them as UTF-8; "replace" keeps one stray byte in a future copy from aborting the whole run,
    # at the cost of a single mangled token in that page.
    return raw.decode("utf-8", errors="replace")


def page_document(doc: ExtractionDocument) -> RawDocument:
    """The page as a document for the pipeline (its id kept, no URL: the pages are measured as
    text, the way ``tools/sample_events.py`` audits them and ``profile_pipeline.py`` times them).

    Raises:
        EvaluationError: the gzip file cannot be read.
    """
    return RawDocument(
        source=doc.html_path.name, kind="html", content=read_html(doc), doc_id=doc.doc_id
    )


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles of ``text`` (one short shingle for short texts)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of shingles between a gold and a predicted body."""
    gold = shingles(true)
    guess = shingles(pred)
    tp = fp = fn = 0
    for key in gold.keys() | guess.keys():
        g, p = gold[key], guess[key]
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score_extraction(
    gold: Sequence[ExtractionDocument], predictions: Sequence[str]
) -> dict[str, Any]:
    """Shingle precision, recall and F1 of predicted bodies against the gold bodies.

    Args:
        gold: the benchmark documents.
        predictions: one extracted body per gold document, in the same order ("" for a failure).

    Returns:
        ``precision``, ``recall``, ``f1``, ``n_documents`` and ``n_empty`` (predictions without a
        single token).
    """
    check_aligned(gold, predictions)
    counts = [shingle_counts(doc.body, pred) for doc, pred in zip(gold, predictions, strict=True)]
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": div(2 * precision * recall, precision + recall),
        "n_documents": len(gold),
        "n_empty": sum(1 for pred in predictions if not _TOKEN.search(pred)),
    }


def evaluate(
    data_dir: Path, limit: int | None = None, extract: Extractor | None = None
) -> dict[str, Any]:
    """Run an extractor (detente's own by default) over the benchmark and score it.

    Returns:
        the figures of :func:`score_extraction` plus ``n_failed`` and ``failures`` (one
        ``{"id", "reason"}`` per document whose extraction was empty or raised an InputError).
    """
    docs = load_extraction_benchmark(data_dir, limit)
    if extract is None:
        # Imported here so that loading the evaluation package does not pull in trafilatura.
        from detente.clean import extract_body

        extract = extract_body
    predictions: list[str] = []
    failures: list[dict[str, str]] = []
    for doc in docs:
        try:
            text = extract(read_html(doc), doc.url)
        except InputError as exc:
            failures.append({"id": doc.doc_id, "reason": exc.problem})
            text = ""
        else:
            if not text.strip():
                failures.append({"id": doc.doc_id, "reason": "extraction returned no text"})
        predictions.append(text)
    result = score_extraction(docs, predictions)
    result["n_failed"] = len(failures)
    result["failures"] = failures
    return result
