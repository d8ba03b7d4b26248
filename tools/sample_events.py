"""Draw events from real pages for a hand-judged precision audit (docs/EVALUATION.md).

Runs the pipeline on every page of ``<data>/article-extraction-benchmark/html`` (gzipped HTML,
published pages nobody here wrote), gathers the events it emits, and draws ``--n`` of them with a
fixed seed. For each it prints, to judge by reading: the page id, the evidence span and trigger
span (character offsets into the cleaned text), the source, type, target, score, modality and the
evidence sentence. The printout is for the judge's eyes only and stays out of the repository: the
committed audit (``eval/audit/events.tsv``) holds page ids, offsets, the predicted type and
modality, and the verdict, never the pages' words.

With ``--check FILE`` it recomputes the events and reports, for each audited row, whether the
pipeline still emits an event at those offsets with that type and modality (an audit describes
one version of detente; rows that no longer match need judging again).

Usage: .venv/bin/python tools/sample_events.py [--data ../shared/data] [--n 60] [--check FILE]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from detente.evaluate.clean import load_extraction_benchmark, page_document
from detente.pipeline import analyze_documents
from detente.records import ArticleAnalysis

SEED = 11
_REPO = Path(__file__).resolve().parents[1]


def _analyses(data: Path) -> dict[str, ArticleAnalysis]:
    docs = [page_document(d) for d in load_extraction_benchmark(data)]
    out = {}
    for result in analyze_documents(docs):
        if isinstance(result, ArticleAnalysis) and result.article.doc_id:
            out[result.article.doc_id] = result
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=_REPO.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args()
    analyses = _analyses(args.data)
    events = [
        (page, analysis, n, event)
        for page, analysis in sorted(analyses.items())
        for n, event in enumerate(analysis.events)
    ]
    print(f"{len(analyses)} pages, {len(events)} events", file=sys.stderr)
    if args.check is not None:
        with args.check.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if not line.startswith("#")]
            rows = list(csv.DictReader(lines, delimiter="\t"))
        still = 0
        for number, row in enumerate(rows, 1):
            found = any(
                page == row["page"]
                and str(e.evidence.span[0]) == row["evidence_start"]
                and str((e.trigger_span or (0, 0))[0]) == row["trigger_start"]
                and e.type == row["type"]
                and e.modality == row["modality"]
                for page, _, _, e in events
            )
            still += found
            if not found:
                print(f"row {number} ({row['verdict']}) is no longer emitted")
        right = sum(r["verdict"] == "right" for r in rows)
        print(
            f"{still} of {len(rows)} audited events are still emitted as judged; "
            f"precision as judged: {right}/{len(rows)} = {right / max(len(rows), 1):.3f}"
        )
        return 0
    for page, analysis, _, event in random.Random(SEED).sample(events, min(args.n, len(events))):
        names = {a.id: a.name for a in analysis.actors}
        trigger = event.trigger_span or (0, 0)
        print(
            f"{page}\t{event.evidence.span[0]}\t{event.evidence.span[1]}\t{trigger[0]}\t"
            f"{trigger[1]}\t{event.type}\t{event.modality}\t{event.score:+.1f}\t"
            f"{names.get(event.source)} -> {names.get(event.target)}\t"
            f"{event.evidence.sentence[:300]!r}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
