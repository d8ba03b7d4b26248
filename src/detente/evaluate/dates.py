"""Dates stage evaluation: normalising date expressions against the publication date.

Gold set: ``tempeval3-platinum/`` (TempEval-3 platinum test set): 20 news documents in TimeML.
The document creation time (DCT) is ``<DCT><TIMEX3 ... value="YYYY-MM-DD">``, the same
publication date detente resolves relative dates against. The gold items are every
``<TIMEX3 type="DATE">`` inside ``<TEXT>``: its words, its character offsets in the plain text
of ``<TEXT>`` (all tags removed, whitespace kept) and its gold ``value`` (``2013-03-22``,
``2013-W11``, ``2012-SU``, ``PRESENT_REF``, ...). Durations, times and sets (``type`` DURATION,
TIME, SET) are not scored.

The predictor gets a document's plain text, its DCT and the gold DATE mentions (text, start, end),
and returns one TIMEX3-style value (or None) per mention; mention detection is not scored here.
detente's own predictor (:func:`predict_dates`, the default) parses the text with the spaCy model
and resolves the gold spans with :func:`detente.dates.resolve_spans`: in text order, with the
running anchor and the tense of each span's governing verb, as ``find_dates`` resolves the spans it
finds itself.

Figures:

* ``accuracy``: mentions whose predicted value equals the gold value exactly, over all mentions;
* ``precision``: the same over mentions with a predicted value; ``coverage``: mentions with a
  predicted value over all mentions;
* counts ``n_documents``, ``n_items`` (mentions), ``n_predicted``, ``n_correct``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from detente.dates import resolve_spans
from detente.errors import EvaluationError
from detente.evaluate._common import check_aligned, div, require_dir, take
from detente.nlp import load_model

__all__ = [
    "DateMention",
    "DatePredictor",
    "TimeMLDocument",
    "evaluate",
    "load_timeml",
    "parse_timeml",
    "predict_dates",
    "score_dates",
]

FOLDER = "tempeval3-platinum"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|T)")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A gold DATE expression: its words, offsets in the plain text, and TIMEX3 value."""

    text: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """One TempEval-3 document: its id, DCT, plain text and gold DATE mentions."""

    doc_id: str
    dct: date
    text: str
    mentions: tuple[DateMention, ...]


# Given (plain text, DCT, [(mention text, start, end), ...]), return one value or None per mention.
DatePredictor = Callable[[str, date, Sequence[tuple[str, int, int]]], Sequence[str | None]]


def _flatten(element: ET.Element, parts: list[str], found: list[DateMention], offset: int) -> int:
    """Append ``element``'s text to ``parts``, record its DATE TIMEX3s; return the new offset."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, parts, found, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3" and element.get("type") == "DATE":
        found.append(
            DateMention(
                text="".join(element.itertext()),
                start=start,
                end=offset,
                value=element.get("value", ""),
            )
        )
    return offset


def parse_timeml(content: str, source: str) -> TimeMLDocument:
    """Parse one TimeML document.

    Raises:
        EvaluationError: malformed XML, no DCT with an ISO date, no ``<TEXT>``, or a DATE without
            a value.
    """
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise EvaluationError(
            f"{source}: not well-formed TimeML ({exc}); restore the file"
        ) from exc
    doc_id = (root.findtext("DOCID") or "").strip() or Path(source).stem
    dct_element = root.find("DCT/TIMEX3")
    dct_value = (dct_element.get("value") or "") if dct_element is not None else ""
    # A calendar date, possibly with a time ("2013-03-22T10:00"); Python 3.11's fromisoformat
    # would also take week dates ("2013-W12"), which are no document date.
    if not _ISO_DAY.match(dct_value):
        raise EvaluationError(
            f'{source}: no <DCT><TIMEX3 value="YYYY-MM-DD"> document date; restore the file'
        )
    try:
        dct = date.fromisoformat(dct_value[:10])
    except ValueError as exc:
        raise EvaluationError(f"{source}: DCT value {dct_value!r} is not a valid date") from exc
    text_element = root.find("TEXT")
    if text_element is None:
        raise EvaluationError(f"{source}: no <TEXT> element; restore the file")
    parts: list[str] = []
    found: list[DateMention] = []
    _flatten(text_element, parts, found, 0)
    found.sort(key=lambda m: m.start)
    for mention in found:
        if not mention.value:
            raise EvaluationError(f"{source}: DATE {mention.text!r} has no value attribute")
    return TimeMLDocument(doc_id=doc_id, dct=dct, text="".join(parts), mentions=tuple(found))


def load_timeml(data_dir: Path, limit: int | None = None) -> list[TimeMLDocument]:
    """Read the TempEval-3 platinum documents, in file-name order.

    Raises:
        EvaluationError: the folder is missing or holds no ``.tml`` file, or a file is malformed.
    """
    folder = require_dir(data_dir / FOLDER, "TempEval-3 platinum folder")
    paths = sorted(folder.glob("*.tml"))
    if not paths:
        raise EvaluationError(f"{folder}: no .tml files; restore the TempEval-3 platinum set")
    docs: list[TimeMLDocument] = []
    for path in take(paths, limit):
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EvaluationError(f"{path}: cannot read as UTF-8 ({exc}); restore it") from exc
        docs.append(parse_timeml(content, str(path)))
    return docs


def score_dates(
    gold: Sequence[TimeMLDocument], predictions: Sequence[Sequence[str | None]]
) -> dict[str, Any]:
    """Exact-value accuracy, precision and coverage of predicted DATE normalisations.

    Args:
        gold: the documents.
        predictions: for each document, one predicted value (or None) per gold mention, in order.
    """
    check_aligned(gold, predictions)
    n_items = n_predicted = n_correct = 0
    for doc, values in zip(gold, predictions, strict=True):
        if len(values) != len(doc.mentions):
            raise ValueError(
                f"{doc.doc_id}: {len(values)} values for {len(doc.mentions)} DATE mentions; "
                "return one value (or None) per mention"
            )
        for mention, value in zip(doc.mentions, values, strict=True):
            n_items += 1
            n_predicted += value is not None
            n_correct += value == mention.value
    return {
        "accuracy": div(n_correct, n_items),
        "precision": div(n_correct, n_predicted),
        "coverage": div(n_predicted, n_items),
        "n_documents": len(gold),
        "n_items": n_items,
        "n_predicted": n_predicted,
        "n_correct": n_correct,
    }


def predict_dates(
    text: str, dct: date, mentions: Sequence[tuple[str, int, int]]
) -> list[str | None]:
    """detente's predictor: the TIMEX3 value of each gold mention, in order.

    Raises:
        ModelError: the spaCy model is missing.
    """
    doc = load_model()(text)
    resolved = resolve_spans(doc, dct, [(start, end) for _, start, end in mentions])
    return [mention.timex for mention in resolved]


def evaluate(
    data_dir: Path, limit: int | None = None, predict: DatePredictor | None = predict_dates
) -> dict[str, Any]:
    """Score ``predict`` (detente's own by default) on TempEval-3 platinum DATEs.

    ``predict=None`` only loads and checks the gold data and reports ``"not built"`` with counts.
    """
    docs = load_timeml(data_dir, limit)
    if predict is None:
        return {
            "status": "not built",
            "n_documents": len(docs),
            "n_items": sum(len(d.mentions) for d in docs),
        }
    predictions = [
        predict(d.text, d.dct, [(m.text, m.start, m.end) for m in d.mentions]) for d in docs
    ]
    return score_dates(docs, predictions)
