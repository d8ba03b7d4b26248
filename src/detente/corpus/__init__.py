"""The corpus: sources -> analysis -> store; one story per wire copy, one actor per person.

:func:`ingest` reads files and folders (text, HTML, JSON Lines, WARC, RSS/Atom), runs the
single-article pipeline on each document (in worker processes with ``workers > 1``), and writes
each article with its analysis to the :class:`~detente.store.Store`, whole within one
transaction (articles are committed in groups of up to 64, or every second, to amortise DuckDB's
commit). Around the pipeline it decides three things the store only keeps:

**Duplicates and resume.** Every input document has a *raw key* (a hash of its bytes and declared
metadata): a document met before is passed over without being analysed again, so a rerun after a
crash or Ctrl-C only analyses what is missing. After cleaning, an article is keyed by the hash of
its clean text plus its URL: the same text at the same URL is a duplicate, stored once.

**Syndication.** The same wire story republished by several outlets (another headline, byline and
boilerplate, a trimmed paragraph) is one *story*. Each article's clean body is cut into word
5-shingles (diacritics folded) and summarised by a 128-permutation MinHash; an LSH index finds
earlier articles whose estimated Jaccard similarity is at least :data:`SYNDICATION_THRESHOLD`, and
the article joins their story (bridging two stories merges them). Every copy is kept; events are
counted once per story by the store's ``story_events`` table.

**Actors across articles.** Each article's actors are mapped onto global actors:

* countries by their normalised key; organisations and outlets by theirs (an outlet is an
  organisation, so a name tagged either way in different articles is one actor);
* people by name. A full name joins the person with the same folded key ("Mehmet Yıldıran" =
  "Mehmet Yildiran") or, failing that, the one person with the same surname whose given names agree
  ("Tayyip Erdogan" = "Recep Tayyip Erdoğan"). A surname alone ("Mr Erdogan") joins the one person
  of the corpus with that surname. People **never** merge when their given names differ ("Anna
  Varga" vs "Elena Varga"), when the honorific or given name says another gender ("Mr Varga" vs
  "Elena Varga"), or when their roles name different countries ("the Kastorian minister Varga" vs
  "the Norlandic prime minister Elena Varga"). A surname with two or more such people stays a
  separate actor marked ``ambiguous``. Surname-only actors are settled again at the end of every
  run, so "Mr Erdogan" read before any article gave the full name still joins it then;
* groups and anonymous sources ("two aides to the prime minister") belong to their article, with
  their principal (the prime minister) as a global actor.

The package, one module per concern (the library never imports it; it uses only public
pipeline entry points):

* :mod:`.ingest` — :func:`ingest`: sources to analyses (in this process, in worker processes, or
  on a Dask cluster through :mod:`.engines`) to the writer;
* :mod:`.writer` — :class:`CorpusWriter`, the store's single writer: duplicates, resume, skips,
  groups of articles committed whole;
* :mod:`.stories` — syndication: shingles, MinHash signatures, the LSH index of stories, and
  the trigger lemma that keys a story's events;
* :mod:`.outlets` — who carried an article (site name, host, publisher);
* :mod:`.identity` — one global actor per real entity across articles.
"""

from detente.corpus.ingest import ingest
from detente.corpus.stories import (
    NUM_PERM,
    SHINGLE_WORDS,
    SYNDICATION_THRESHOLD,
    jaccard,
    shingles,
    signature,
    trigger_lemma,
)
from detente.corpus.writer import CorpusWriter, IngestProgress, IngestSummary, raw_key

__all__ = [
    "NUM_PERM",
    "SHINGLE_WORDS",
    "SYNDICATION_THRESHOLD",
    "CorpusWriter",
    "IngestProgress",
    "IngestSummary",
    "ingest",
    "jaccard",
    "raw_key",
    "shingles",
    "signature",
    "trigger_lemma",
]
