"""Propose near-synonyms of event-lexicon triggers for a person to review.

Uses the word vectors of the project's spaCy model (en_core_web_md: 20,000 300-d vectors shared by
~685,000 words) to find words close to each single-word verb or noun trigger of
``detente/lexicon/events.tsv`` that the lexicon does not hold yet. Each candidate is printed with
its nearest trigger, the cosine similarity and the type and score that trigger would give it.

The tool never writes the lexicon and is never used at run time: vectors place antonyms and
topical neighbours close together ("praise" and "criticise" are near), so every proposal needs a
person's review. Reviewed candidates are added to events.tsv by hand with source ``judgement`` and
the note "proposed by vectors, reviewed" (docs/LEXICON.md).

Usage::

    .venv/bin/python tools/propose_synonyms.py [--kind verb|noun|all] [--min-similarity 0.6]
        [--per-trigger 8] [--limit 150] [--type ACCUSE] [--tsv]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc

from detente.errors import DetenteError
from detente.lexicon.events import TriggerEntry, event_lexicon
from detente.nlp import load_model

# Words shorter than this are mostly abbreviations and fragments in the vector table.
_MIN_LENGTH = 3
_POS = {"verb": "VERB", "noun": "NOUN"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word the vectors place near triggers of one type, proposed for review.

    ``support`` counts the triggers of ``nearest.type`` that have the word among their neighbours:
    a word near several triggers of one type is likelier a synonym than a topical neighbour.
    ``other_types`` lists the other types whose triggers also have it as a neighbour.
    """

    lemma: str
    kind: str
    nearest: TriggerEntry
    similarity: float
    support: int
    other_types: tuple[str, ...]


def _triggers(kind: str) -> dict[str, TriggerEntry]:
    """Single-word triggers of one kind by bare lemma (the unqualified entry when there is one)."""
    out: dict[str, TriggerEntry] = {}
    for entry in event_lexicon().entries():
        if entry.kind != kind:
            continue
        if entry.lemma not in out or entry.pattern == entry.lemma:
            out[entry.lemma] = entry
    return out


def _known(kind: str) -> set[str]:
    """Lemmas the lexicon already uses in this kind, including light-verb parts."""
    known = set(_triggers(kind))
    for entry in event_lexicon().entries():
        if entry.kind == "light":
            verb, noun = entry.pattern.split("+", 1)
            known.add(verb if kind == "verb" else noun)
    return known


def _rows_to_words(nlp: Any) -> dict[int, list[str]]:
    """Lower-case alphabetic words of the vector table, grouped by the vector row they share."""
    strings = nlp.vocab.strings
    rows: dict[int, list[str]] = {}
    for key, row in nlp.vocab.vectors.key2row.items():
        word = strings[key]
        if len(word) >= _MIN_LENGTH and word.isalpha() and word.islower():
            rows.setdefault(int(row), []).append(word)
    return rows


def _lemma(nlp: Any, word: str, kind: str) -> str:
    doc = Doc(nlp.vocab, words=[word])
    doc[0].pos_ = _POS[kind]
    return str(nlp.get_pipe("lemmatizer")(doc)[0].lemma_)


def propose(
    kind: str, *, min_similarity: float, per_trigger: int, types: Iterable[str] = ()
) -> list[Candidate]:
    """Candidates for one kind ("verb" or "noun"), most supported and most similar first.

    A candidate must be a base form the model's lemmatizer lists for that part of speech (its
    WordNet-derived ``lemma_index``), not a stop word, and absent from the lexicon. The model's
    vectors are pruned: many words share one vector row, so a similarity of 1.00 means "same row",
    a cluster of related words, not a true synonym.
    """
    nlp = load_model()
    vectors = nlp.vocab.vectors
    table = np.asarray(vectors.data, dtype="float32")
    norms = np.linalg.norm(table, axis=1)
    norms[norms == 0] = 1.0
    unit = table / norms[:, None]
    words_of_row = _rows_to_words(nlp)
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    index = set(lemmatizer.lookups.get_table("lemma_index")[kind])
    stop = nlp.Defaults.stop_words
    known = _known(kind)
    wanted = set(types)

    hits: dict[str, list[tuple[TriggerEntry, float]]] = {}
    for lemma, entry in sorted(_triggers(kind).items()):
        if wanted and entry.type not in wanted:
            continue
        key = nlp.vocab.strings.add(lemma)
        if key not in vectors.key2row:
            continue
        sims = unit @ unit[vectors.key2row[key]]
        # Walk the nearest rows until per_trigger new lemmas are found or similarity drops.
        found: set[str] = set()
        for row in np.argsort(-sims):
            similarity = float(sims[row])
            if similarity < min_similarity or len(found) >= per_trigger:
                break
            for word in words_of_row.get(int(row), []):
                if word in stop or word not in index or _lemma(nlp, word, kind) != word:
                    continue
                if word in known or word in found:
                    continue
                found.add(word)
                hits.setdefault(word, []).append((entry, similarity))

    out = []
    for word, pairs in hits.items():
        by_type: dict[str, list[tuple[TriggerEntry, float]]] = {}
        for entry, similarity in pairs:
            by_type.setdefault(entry.type, []).append((entry, similarity))
        best_type = max(by_type, key=lambda t: (len(by_type[t]), max(s for _, s in by_type[t])))
        nearest, similarity = max(by_type[best_type], key=lambda pair: pair[1])
        others = tuple(sorted(t for t in by_type if t != best_type))
        out.append(Candidate(word, kind, nearest, similarity, len(by_type[best_type]), others))
    return sorted(out, key=lambda c: (-c.support, -c.similarity, c.lemma))


def _print_table(candidates: Sequence[Candidate]) -> None:
    print(
        f"{'candidate':<16} {'kind':<5} {'nearest trigger':<20} {'sim':>5} {'sup':>3}  "
        "proposed (also near)"
    )
    for c in candidates:
        e = c.nearest
        mode = f"/{e.mode}" if e.mode else ""
        also = f"  ({', '.join(c.other_types)})" if c.other_types else ""
        print(
            f"{c.lemma:<16} {c.kind:<5} {e.pattern:<20} {c.similarity:5.2f} {c.support:>3}  "
            f"{e.type}{mode} {e.score:+g}{also}"
        )


def _print_tsv(candidates: Sequence[Candidate]) -> None:
    # Draft rows, commented out: a reviewer edits the score and note, then uncomments.
    for c in candidates:
        e = c.nearest
        row = [
            c.lemma,
            c.kind,
            e.type,
            e.mode or "-",
            f"{e.score:g}",
            str(e.quad_class),
            e.cameo_root,
            "judgement",
            f"proposed by vectors, reviewed; near {e.pattern} ({c.similarity:.2f})",
        ]
        print("# " + "\t".join(row))


def main(argv: Sequence[str] | None = None) -> int:
    """Print candidates; exit 1 with a message when the model or lexicon cannot be loaded."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=["verb", "noun", "all"], default="all")
    parser.add_argument("--min-similarity", type=float, default=0.6)
    parser.add_argument("--per-trigger", type=int, default=8, help="new words per trigger")
    parser.add_argument("--limit", type=int, default=150, help="candidates printed per kind")
    parser.add_argument("--type", action="append", default=[], help="only triggers of this type")
    parser.add_argument("--tsv", action="store_true", help="print commented draft TSV rows")
    args = parser.parse_args(argv)
    kinds = ["verb", "noun"] if args.kind == "all" else [args.kind]
    try:
        for kind in kinds:
            candidates = propose(
                kind,
                min_similarity=args.min_similarity,
                per_trigger=args.per_trigger,
                types=args.type,
            )[: args.limit]
            (_print_tsv if args.tsv else _print_table)(candidates)
    except DetenteError as exc:
        print(f"propose_synonyms: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
