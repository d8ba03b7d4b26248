"""Events stage evaluation: PLOVER types and actors on PLV, CAMEO codings on the PETRARCH-2 set.

Two gold sets, both scored from one predictor (``EventPredictor``: sentence -> events):

**PLV** (``plv/plv.csv``; columns ``text,label,meta,context,source,target``): news sentences with a
PLOVER-style event type and the source and target actor strings. Only rows whose ``meta`` holds
``split=test`` are used. A sentence with two annotated dyads appears as two rows; each row is scored
against the predictor's *first* typed event for that sentence (its best guess), so a predictor
should order its events by confidence. detente's predictor (:func:`predict_events`) runs the
actors and events stages on the sentence; when no event joins two resolved actors, it types the
sentence's main lexicon trigger with the learned event typer (:mod:`detente.coder`, trained on
the ``split=train`` rows only), and gives nothing when no trigger fires. Figures (prefix ``plv_``):

* ``type_accuracy``: rows whose predicted type equals the gold label, over all rows (a sentence
  without a predicted event counts as wrong);
* ``macro_f1``: mean per-label F1 over the labels seen in gold or predictions (as scikit-learn's
  default); ``per_label`` holds precision, recall, F1 and support of each;
* ``precision``: correct rows over rows with a predicted type; ``coverage``: rows with a predicted
  type over all rows;
* ``source_match`` / ``target_match``: rows whose predicted actor string matches the gold one, over
  all rows. Both strings are normalised (case-folded, possessive 's and dots dropped, other
  punctuation made a space, articles the/a/an removed); they match when equal, or when one's head
  word (its last word) is a word of the other ("Valdorian officials" matches "Valdorian").
* Label names: plv.csv predates the current PLOVER manual and has ``YIELD`` where the manual has
  ``CONCEDE`` and ``RETREAT``, so predicted CONCEDE and RETREAT are scored as YIELD (see
  ONTOLOGY.md); the older names DEMAND, DISAPPROVE, INVESTIGATE and FIGHT map to REQUEST, ACCUSE,
  ACCUSE and ASSAULT.

**PETRARCH-2 validation** (``petr2-gsr/PETR2_GSR_validation.xml``): news sentences with CAMEO
codings ``<EventCoding eventcode="036" sourcecode="FRA" targetcode="DEU"/>`` or
``<EventCoding noevents="True"/>``. The file is not well-formed XML (``#`` comment lines at the top,
self-closing ``<Sentence .../>`` tags later closed by ``</Sentence>``), so records are read with a
lenient tag scanner: each ``<Sentence>`` opens a record, and the codings and ``<Text>`` that follow
belong to it. Figures (prefix ``petr2_``), over sentences with at least one gold coding:

* ``root_agreement``: some predicted CAMEO root (first two digits of the event code) equals some
  gold root;
* ``source_agreement`` / ``target_agreement``: some predicted actor code's first three letters (the
  country, or ``IGO``/``---``) equal some gold one's;
* ``triple_agreement``: some predicted (root, source country, target country) equals a gold one;
* ``noevent_agreement``: over gold no-event sentences, the share with no predicted CAMEO event.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

from detente.errors import EvaluationError
from detente.evaluate._common import check_aligned, div, macro_f1, require_file, take

__all__ = [
    "LABEL_ALIASES",
    "CameoCoding",
    "EventPredictor",
    "Petr2Sentence",
    "PlvRow",
    "PredictedEvent",
    "actors_match",
    "evaluate",
    "load_petr2",
    "load_plv",
    "normalise_label",
    "predict_events",
    "score_petr2",
    "score_plv",
]

PLV_PATH = Path("plv") / "plv.csv"
PETR2_PATH = Path("petr2-gsr") / "PETR2_GSR_validation.xml"

# Predicted PLOVER names -> the names plv.csv uses (ONTOLOGY.md).
LABEL_ALIASES = {
    "CONCEDE": "YIELD",
    "RETREAT": "YIELD",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


@dataclass(frozen=True, slots=True)
class PlvRow:
    """One PLV test row: a sentence, its event type and the source and target actor strings."""

    sentence_id: str
    text: str
    label: str
    source: str
    target: str


@dataclass(frozen=True, slots=True)
class CameoCoding:
    """One CAMEO coding: event code ("036") and source / target actor codes ("FRA", "DEUGOV")."""

    eventcode: str
    sourcecode: str
    targetcode: str

    @property
    def root(self) -> str:
        """The CAMEO root: the event code's first two digits."""
        return self.eventcode[:2]


@dataclass(frozen=True, slots=True)
class Petr2Sentence:
    """A PETRARCH-2 validation sentence (whitespace collapsed) and its codings (empty: no event)."""

    sentence_id: str
    text: str
    codings: tuple[CameoCoding, ...]


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """What an event predictor says about a sentence; unknown fields stay None.

    ``type`` is a PLOVER type, ``source``/``target`` actor strings as written in the sentence,
    ``cameo_code`` a CAMEO event code or root, ``source_code``/``target_code`` CAMEO actor codes.
    """

    type: str | None = None
    source: str | None = None
    target: str | None = None
    cameo_code: str | None = None
    source_code: str | None = None
    target_code: str | None = None


# Given a sentence, return its events, best first (an empty sequence: no event).
EventPredictor = Callable[[str], Sequence[PredictedEvent]]


# --- loading -------------------------------------------------------------------------------------


def load_plv(data_dir: Path, limit: int | None = None) -> list[PlvRow]:
    """Read the PLV rows of the test split, in file order.

    Raises:
        EvaluationError: ``plv/plv.csv`` is missing, lacks a column, or cannot be read.
    """
    path = require_file(data_dir / PLV_PATH, "PLV event file")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"text", "label", "meta", "source", "target"} - set(reader.fieldnames or ())
            if missing:
                raise EvaluationError(
                    f"{path}: missing column(s) {', '.join(sorted(missing))}; expected "
                    "text,label,meta,context,source,target"
                )
            rows = [
                PlvRow(
                    sentence_id=_meta_value(row["meta"], "sentence_id"),
                    text=row["text"],
                    label=row["label"].strip().upper(),
                    source=row["source"],
                    target=row["target"],
                )
                for row in reader
                if _meta_value(row["meta"], "split") == "test"
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationError(f"{path}: cannot read the CSV ({exc}); restore the file") from exc
    if not rows:
        raise EvaluationError(f"{path}: no row has 'split=test' in its meta column")
    return take(rows, limit)


def _meta_value(meta: str, key: str) -> str:
    for part in meta.split("|"):
        name, sep, value = part.partition("=")
        if sep and name.strip() == key:
            return value.strip()
    return ""


_PETR2_TOKEN = re.compile(
    r"<Sentence\b(?P<sentence>[^>]*?)/?>"
    r"|<EventCoding\b(?P<coding>[^>]*?)/?>"
    r"|<Text>(?P<text>.*?)</Text>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def load_petr2(data_dir: Path, limit: int | None = None) -> list[Petr2Sentence]:
    """Read the PETRARCH-2 validation sentences and their codings, in file order.

    Raises:
        EvaluationError: the file is missing, or a record lacks its id, text or codings.
    """
    path = require_file(data_dir / PETR2_PATH, "PETRARCH-2 validation file")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read as UTF-8 ({exc}); restore the file") from exc
    # '#' banner lines sit outside any tag; drop them before scanning.
    content = "\n".join(line for line in raw.splitlines() if not line.lstrip().startswith("#"))
    records: list[dict[str, Any]] = []
    for match in _PETR2_TOKEN.finditer(content):
        if match.group("sentence") is not None:
            attributes = dict(_ATTRIBUTE.findall(match.group("sentence")))
            if not attributes.get("id"):
                raise EvaluationError(f"{path}: a <Sentence> tag has no id attribute")
            records.append({"id": attributes["id"], "codings": [], "text": None, "noevents": False})
            continue
        if not records:
            raise EvaluationError(f"{path}: an <EventCoding> or <Text> comes before any <Sentence>")
        record = records[-1]
        if match.group("coding") is not None:
            attributes = dict(_ATTRIBUTE.findall(match.group("coding")))
            if attributes.get("noevents", "").lower() == "true":
                record["noevents"] = True
            elif attributes.get("eventcode"):
                record["codings"].append(
                    CameoCoding(
                        eventcode=attributes["eventcode"],
                        sourcecode=attributes.get("sourcecode", ""),
                        targetcode=attributes.get("targetcode", ""),
                    )
                )
            else:
                raise EvaluationError(
                    f"{path}: sentence {record['id']} has an <EventCoding> with neither "
                    "eventcode nor noevents"
                )
        else:
            record["text"] = " ".join(unescape(match.group("text")).split())
    sentences: list[Petr2Sentence] = []
    for record in records:
        if record["text"] is None:
            raise EvaluationError(f"{path}: sentence {record['id']} has no <Text>")
        if not record["codings"] and not record["noevents"]:
            raise EvaluationError(f"{path}: sentence {record['id']} has no <EventCoding>")
        sentences.append(
            Petr2Sentence(
                sentence_id=record["id"], text=record["text"], codings=tuple(record["codings"])
            )
        )
    if not sentences:
        raise EvaluationError(f"{path}: no <Sentence> record found")
    return take(sentences, limit)


# --- scoring -------------------------------------------------------------------------------------


def normalise_label(label: str | None) -> str | None:
    """A predicted PLOVER type in plv.csv's vocabulary (CONCEDE/RETREAT -> YIELD, ...)."""
    if label is None or not label.strip():
        return None
    name = label.strip().upper()
    return LABEL_ALIASES.get(name, name)


_ARTICLES = frozenset({"the", "a", "an"})


def _actor_words(text: str) -> list[str]:
    text = re.sub(r"['\u2019]s\b", "", text.casefold()).replace(".", "")
    return [w for w in re.sub(r"[\W_]+", " ", text).split() if w not in _ARTICLES]


def actors_match(predicted: str | None, gold: str) -> bool:
    """Whether a predicted actor string names the gold actor (the rule in the module docstring)."""
    if predicted is None:
        return False
    pred_words, gold_words = _actor_words(predicted), _actor_words(gold)
    if not pred_words or not gold_words:
        return False
    return pred_words == gold_words or pred_words[-1] in gold_words or gold_words[-1] in pred_words


def score_plv(
    gold: Sequence[PlvRow], predictions: Sequence[PredictedEvent | None]
) -> dict[str, Any]:
    """Type accuracy, macro-F1, precision, coverage and actor match on PLV rows.

    Args:
        gold: the PLV rows.
        predictions: the predicted event for each row, in order (None: no event).
    """
    check_aligned(gold, predictions)
    gold_labels = [row.label for row in gold]
    predicted = [normalise_label(p.type) if p else None for p in predictions]
    labels = sorted(set(gold_labels) | {p for p in predicted if p is not None})
    macro, per_label = macro_f1(gold_labels, predicted, labels)
    n_predicted = sum(1 for p in predicted if p is not None)
    n_correct = sum(1 for g, p in zip(gold_labels, predicted, strict=True) if g == p)
    n_source = sum(
        1
        for row, p in zip(gold, predictions, strict=True)
        if p and actors_match(p.source, row.source)
    )
    n_target = sum(
        1
        for row, p in zip(gold, predictions, strict=True)
        if p and actors_match(p.target, row.target)
    )
    return {
        "plv_type_accuracy": div(n_correct, len(gold)),
        "plv_macro_f1": macro,
        "plv_precision": div(n_correct, n_predicted),
        "plv_coverage": div(n_predicted, len(gold)),
        "plv_source_match": div(n_source, len(gold)),
        "plv_target_match": div(n_target, len(gold)),
        "plv_n_rows": len(gold),
        "plv_n_predicted": n_predicted,
        "plv_n_correct": n_correct,
        "plv_n_source_match": n_source,
        "plv_n_target_match": n_target,
        "plv_per_label": per_label,
    }


def score_petr2(
    gold: Sequence[Petr2Sentence], predictions: Sequence[Sequence[PredictedEvent]]
) -> dict[str, Any]:
    """CAMEO root, source, target and triple agreement on PETRARCH-2 sentences.

    Args:
        gold: the sentences.
        predictions: the predicted events of each sentence, in order.
    """
    check_aligned(gold, predictions)
    agreed = {"root": 0, "source": 0, "target": 0, "triple": 0}
    n_event = n_noevent = n_noevent_agreed = 0
    for sentence, events in zip(gold, predictions, strict=True):
        coded = [e for e in events if e.cameo_code]
        if not sentence.codings:
            n_noevent += 1
            n_noevent_agreed += not coded
            continue
        n_event += 1
        gold_triples = {(c.root, c.sourcecode[:3], c.targetcode[:3]) for c in sentence.codings}
        pred_triples = {
            ((e.cameo_code or "")[:2], (e.source_code or "")[:3], (e.target_code or "")[:3])
            for e in coded
        }
        gold_src = {t[1] for t in gold_triples}
        gold_tgt = {t[2] for t in gold_triples}
        pred_src = {(e.source_code or "")[:3] for e in events if e.source_code}
        pred_tgt = {(e.target_code or "")[:3] for e in events if e.target_code}
        agreed["root"] += bool({t[0] for t in gold_triples} & {t[0] for t in pred_triples})
        agreed["source"] += bool(gold_src & pred_src)
        agreed["target"] += bool(gold_tgt & pred_tgt)
        agreed["triple"] += bool(gold_triples & pred_triples)
    result: dict[str, Any] = {
        f"petr2_{name}_agreement": div(count, n_event) for name, count in agreed.items()
    }
    result["petr2_noevent_agreement"] = div(n_noevent_agreed, n_noevent)
    result.update({f"petr2_n_{name}_agreed": count for name, count in agreed.items()})
    result["petr2_n_event_sentences"] = n_event
    result["petr2_n_noevent_sentences"] = n_noevent
    result["petr2_n_noevent_agreed"] = n_noevent_agreed
    return result


def _counts(rows: Sequence[PlvRow], sentences: Sequence[Petr2Sentence]) -> dict[str, Any]:
    return {
        "n_items": len(rows) + len(sentences),
        "plv_n_rows": len(rows),
        "plv_n_sentences": len({row.sentence_id or row.text for row in rows}),
        "petr2_n_sentences": len(sentences),
        "petr2_n_event_sentences": sum(1 for s in sentences if s.codings),
        "petr2_n_noevent_sentences": sum(1 for s in sentences if not s.codings),
        "petr2_n_codings": sum(len(s.codings) for s in sentences),
    }


def predict_events(sentence: str) -> tuple[PredictedEvent, ...]:
    """detente's own predictor: the actors and events stages on the sentence alone, best first.

    Actor strings are the text of each party's mention in the sentence; actor codes are the ISO
    3166 alpha-3 code of the party's country (a country, or a person whose role names one).
    """
    from detente.actors import extract_actors
    from detente.events import extract_events
    from detente.nlp import load_model
    from detente.records import CleanArticle, ParsedArticle

    doc = load_model()(sentence)
    parsed = ParsedArticle(article=CleanArticle(source="sentence", text=sentence), doc=doc)
    actors = extract_actors(parsed)
    # the sentence's event is its main act: the trigger nearest the root of the parse first
    # ("threatened to cut off power to X" is the threat), then the surest
    depth = {tok.idx: len(list(tok.ancestors)) for tok in doc}
    events = sorted(
        extract_events(parsed, actors),
        key=lambda e: (
            depth.get(e.trigger_span[0], len(doc)) if e.trigger_span else len(doc),
            -e.confidence,
        ),
    )
    out: list[PredictedEvent] = []
    for event in events:
        out.append(
            PredictedEvent(
                type=event.type,
                source=_mention_text(actors, event.source, sentence),
                target=_mention_text(actors, event.target, sentence),
                cameo_code=event.cameo_root,
                source_code=_country_code(actors, event.source),
                target_code=_country_code(actors, event.target),
            )
        )
    if not out:
        # No event between resolved actors: the sentence's main trigger (the one nearest the root
        # of the parse), typed as the event coder reads the sentence.
        from detente.coder import cameo_root_of, event_coder
        from detente.events import find_triggers

        hits = sorted(find_triggers(doc, actors), key=lambda h: len(list(h.head.ancestors)))
        if not hits:
            return ()  # no trigger, no event: as the pipeline, never a guess from the root
        head = hits[0].head
        coder = event_coder()
        reading = coder.read([sentence])[0]
        decision = coder.choose(reading.types, [h.entry.type for h in hits])
        # the parties as the coder reads them (trained on plv's source and target strings), else
        # the trigger's subject and object as written
        source = _read_party(doc, reading, "source") or _argument(head, ("nsubj", "agent"))
        target = _read_party(doc, reading, "target") or _argument(
            head, ("dobj", "dative", "nsubjpass", "prep")
        )
        out.append(
            PredictedEvent(
                type=decision.type,
                source=source.text if source is not None else None,
                target=target.text if target is not None else None,
                cameo_code=cameo_root_of(decision.type),
                source_code=_phrase_country(source),
                target_code=_phrase_country(target),
            )
        )
    return tuple(out)


def _read_party(doc: Any, reading: Any, role: str) -> Any:
    """The words the event coder reads as the act's ``role`` (a spaCy Span), or None."""
    span = reading.role_span(role)
    return doc.char_span(span[0], span[1], alignment_mode="expand") if span else None


def _argument(head: Any, deps: tuple[str, ...]) -> Any:
    """The phrase (a spaCy Span) filling one of ``deps`` of the trigger, or None."""
    for child in head.children:
        if child.dep_ in deps:
            if child.dep_ in ("prep", "agent"):
                child = next((c for c in child.children if c.dep_ == "pobj"), None)
                if child is None:
                    continue
            return child.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _phrase_country(phrase: Any) -> str | None:
    """The ISO code of the first country a phrase names ("the Chinese premier" -> CHN)."""
    from detente.lexicon.places import country_by_demonym, country_by_name, country_by_seat

    if phrase is None:
        return None
    for tok in phrase:
        if not tok.text[:1].isupper():
            continue
        country = country_by_name(tok.text) or country_by_demonym(tok.text)
        if country is None and tok.ent_type_ == "GPE":
            country = country_by_seat(tok.text)
        if country is not None:
            return country.iso3
    return None


def _mention_text(actors: Any, actor_id: str, text: str) -> str | None:
    actor = actors.get(actor_id)
    if actor is None or not actor.mentions:
        return None
    start, end = actor.mentions[0]
    return str(text[start:end])


def _country_code(actors: Any, actor_id: str | None) -> str | None:
    from detente.lexicon.places import country_by_demonym, country_by_name

    actor = actors.get(actor_id)
    if actor is None:
        return None
    if actor.kind == "country":
        country = country_by_name(actor.name)
        return country.iso3 if country else None
    for role in actor.roles:
        for word in role.split():
            country = country_by_demonym(word)
            if country is not None:
                return country.iso3
    return _country_code(actors, actor.affiliation) if actor.affiliation else None


def evaluate(
    data_dir: Path, limit: int | None = None, predict: EventPredictor | None = predict_events
) -> dict[str, Any]:
    """Score ``predict`` (detente's own by default) on PLV (test split) and PETRARCH-2.

    ``predict=None`` only loads and checks the gold data and reports ``"not built"`` with counts.
    ``limit`` caps each of the two gold sets separately.
    """
    rows = load_plv(data_dir, limit)
    sentences = load_petr2(data_dir, limit)
    counts = _counts(rows, sentences)
    if predict is None:
        return {"status": "not built", **counts}
    cache: dict[str, Sequence[PredictedEvent]] = {}
    plv_predictions: list[PredictedEvent | None] = []
    for row in rows:
        if row.text not in cache:
            cache[row.text] = predict(row.text)
        events = cache[row.text]
        typed = [e for e in events if e.type]
        plv_predictions.append(typed[0] if typed else (events[0] if events else None))
    return {
        **counts,
        **score_plv(rows, plv_predictions),
        **score_petr2(sentences, [predict(s.text) for s in sentences]),
    }
