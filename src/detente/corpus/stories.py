"""Syndication: one story per wire copy, and one key per reported event within a story.

An article's clean body is cut into word shingles and summarised by a MinHash signature; the
LSH index of stored signatures (:class:`_Stories`) finds the story a new article joins, or the
stories it bridges. :func:`trigger_lemma` gives inflections of one trigger one key, so the store
counts an event reported by several copies once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from detente.lexicon.names import fold

# Words per shingle. 5-word shingles keep two different stories about the same people far apart
# (the closest unrelated pair of samples/ is 0.075 with 5 words, 0.112 with 3) while copies stay
# close (0.907 and up with either).
SHINGLE_WORDS = 5
NUM_PERM = 128
# Estimated Jaccard similarity of two clean bodies above which they are one story. Measured on
# samples/ (tests/test_corpus.py checks both figures): every syndicated pair, trimmed copies
# included, is at >= 0.907; every pair of different stories, even on the same dyad and day, is at
# <= 0.075. 0.5 sits in the middle of that gap: it still joins a copy that keeps only half of the
# story's shingles (a copy cut to its first half) and leaves a margin of 0.4 over the MinHash
# estimate's error (standard deviation 0.044 at J = 0.5 with 128 permutations).
SYNDICATION_THRESHOLD = 0.5
_SEED = 1
_SCHEME = "affine32"


# --- public helpers -------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The word ``k``-shingles of ``text`` (folded to lower case without diacritics)."""
    words = _WORD.findall(fold(text))
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


_PERMUTATIONS: Any = None


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s shingles: ``NUM_PERM`` uint32 values as bytes."""
    global _PERMUTATIONS
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, permutations=_PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return bytes(minhash.hashvalues.astype(np.uint32).tobytes())


def jaccard(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate."""
    x = np.frombuffer(a, dtype=np.uint32)
    y = np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(x == y)) / len(x)


_IRREGULAR = {
    "met": "meet",
    "said": "say",
    "told": "tell",
    "spoke": "speak",
    "spoken": "speak",
    "held": "hold",
    "sent": "send",
    "gave": "give",
    "given": "give",
    "made": "make",
    "took": "take",
    "taken": "take",
    "paid": "pay",
    "went": "go",
    "gone": "go",
    "came": "come",
    "broke": "break",
    "broken": "break",
    "sought": "seek",
    "brought": "bring",
    "fought": "fight",
    "struck": "strike",
    "threw": "throw",
    "thrown": "throw",
    "won": "win",
    "lost": "lose",
    "left": "leave",
    "led": "lead",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
}


def trigger_lemma(trigger: str) -> str:
    """A trigger's words folded and reduced to a stem ("Telephoned" -> "telephon", "met" ->
    "meet"), so one event reported in two copies gets one key. Consistent, not linguistic."""
    return " ".join(_stem(w) for w in _WORD.findall(fold(trigger)))


def _stem(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


# --- stories --------------------------------------------------------------------------------


class _Stories:
    """MinHash LSH over stored articles; each article's story, each story's articles."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=SYNDICATION_THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[int, bytes] = {}
        self.story_of: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}

    def add(self, article_id: int, story_id: int, sig: bytes, merged: Iterable[int] = ()) -> None:
        for old in merged:
            for member in self.members.pop(old, []):
                self.story_of[member] = story_id
                self.members.setdefault(story_id, []).append(member)
        self.members.setdefault(story_id, []).append(article_id)
        self.story_of[article_id] = story_id
        self.signatures[article_id] = sig
        self.lsh.insert(article_id, _lean(sig))

    def place(self, sig: bytes) -> tuple[int | None, tuple[int, ...]]:
        """The story a new article joins (None: a new one) and the stories it bridges."""
        matches = {
            self.story_of[c]
            for c in self.lsh.query(_lean(sig))
            if jaccard(sig, self.signatures[c]) >= SYNDICATION_THRESHOLD
        }
        if not matches:
            return None, ()
        story = min(matches)
        return story, tuple(sorted(matches - {story}))


def _lean(sig: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=_SCHEME)
