"""Quotes stage evaluation: source / cue / content attribution spans on PolNeAR.

Gold set: ``polnear/`` (PolNeAR v1.0, Newell et al., LREC 2018): the dev and test compartments,
168 US political news articles from 2016. ``<split>/text/<name>.txt`` holds an article and
``<split>/attributions/<name>_<annotator>.ann`` its brat standoff annotation:

* ``T<n>\\t<Label> <start> <end>[;<start> <end>...]\\t<text>``: a span (possibly discontinuous)
  labelled Source, Cue, Content, Attribution (the trigger), or Discard / Discuss (ignored);
* ``E<n>\\tAttribution:T4 Content:T3 Cue:T2 Source:T1``: one attribution linking its spans; the
  trigger may be ``Attribution-no-source``, and a role may repeat as ``Content2``.

Choices made on loading (and reported as counts):

* a few articles were annotated by several annotators (agreement checks); the annotation of the
  first annotator in file-name order is used, deterministically (PolNeAR's own reader picks one at
  random); ``n_multi_annotated`` counts them;
* all spans of a role in one attribution (``Content`` and ``Content2``, discontinuous fragments)
  form that role's span, stored as sorted fragments with touching fragments merged;
* spans not linked by any ``E`` line are ignored (``n_unlinked_spans``).

Figures, for each role (``source``, ``cue``, ``content``), micro-averaged over documents:

* ``<role>_exact_{precision,recall,f1}``: a predicted span matches a gold span of the same role
  when their fragments are identical;
* ``<role>_overlap_{precision,recall,f1}``: a predicted span matches a gold span of the same role
  when they share at least one character; matches are one-to-one (a maximum bipartite matching),
  so each gold span is matched at most once;
* ``anonymous_source_{exact,overlap}_{precision,recall,f1}``: the same for source spans whose text
  :func:`is_anonymous_source` calls anonymous (gold spans by their gold text, predicted spans by
  the document text they cover); ``n_gold_anonymous_source`` counts the gold ones;
* counts: ``n_gold_<role>``, ``n_pred_<role>``, ``<role>_<mode>_tp``;
* per split, from :func:`evaluate`: ``<split>_<role>_<mode>_f1`` (``dev_source_exact_f1``, ...),
  the same F1 on that compartment alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import EvaluationError
from detente.evaluate._common import check_aligned, prf, require_dir

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from detente.records import Quote

__all__ = [
    "ROLES",
    "SPLITS",
    "Attribution",
    "AttributionDocument",
    "AttributionPredictor",
    "evaluate",
    "is_anonymous_source",
    "load_attributions",
    "parse_brat",
    "predict_attributions",
    "quotes_to_attributions",
    "score_attributions",
]

FOLDER = "polnear"
SPLITS = ("dev", "test")
ROLES = ("source", "cue", "content")

Fragment = tuple[int, int]
SpanFragments = tuple[Fragment, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution: each role's span as sorted (start, end) fragments; () when absent.

    Offsets are character offsets into the article text. Gold and predictions use this record.
    """

    source: SpanFragments = ()
    cue: SpanFragments = ()
    content: SpanFragments = ()

    def role(self, name: str) -> SpanFragments:
        """The span of role ``name`` (``source``, ``cue`` or ``content``)."""
        span: SpanFragments = getattr(self, name)
        return span


@dataclass(frozen=True, slots=True)
class AttributionDocument:
    """One PolNeAR article with its gold attributions."""

    doc_id: str
    split: str
    text: str
    attributions: tuple[Attribution, ...]
    annotator: str
    n_annotators: int = 1
    n_unlinked_spans: int = 0


# Given the article text, return its attributions (character offsets into that text).
AttributionPredictor = Callable[[str], Sequence[Attribution]]


# --- anonymous sources ---------------------------------------------------------------------------

# A source is "anonymous" when it is headed by one of these unnamed-person nouns...
_ANON_NOUN = re.compile(
    r"\b(?:officials?|sources?|aides?|advis[eo]rs?|insiders?|staffers?|spokes(?:wo)?man|"
    r"spokes(?:wo)?men|spokesperson|strategists?|diplomats?|operatives?|allies|ally|confidants?|"
    r"associates?|people|person|someone|somebody)\b",
    re.IGNORECASE,
)
# ...and names nobody. A name is two consecutive capitalised words that are not titles,
# honorifics, determiners or institution words ("spokesman Jo Reyes" is named, "a State Department
# official" and "aides to Mr. Hale" are not), a capitalised word right after the unnamed-person noun
# ("adviser Reyes"), or a capitalised word opening a coordination ("Reyes and her aides"). The word
# list is closed, so the heuristic errs on rare institution words.
_NOT_NAME_TEXT = """
    a an the some several many most other another two three four five one top senior former
    mr mrs ms miss dr rev sir lt gen col sgt capt adm gov sen rep reps sens president speaker
    secretary minister chairman chairwoman director chief leader
    white house senate congress congressional department dept state states united u s us uk
    justice security homeland defense defence treasury commerce energy labor foreign affairs
    intelligence national federal county city police army navy air force marine marines
    administration campaign party committee council commission agency bureau office ministry
    court supreme union university college institute center centre foundation association
    investigations enforcement customs immigration republican republicans democratic democrat
    democrats gop fbi cia nsa dhs doj un eu nato pentagon kremlin
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def is_anonymous_source(text: str) -> bool:
    """Whether a source mention names nobody ("two senior aides", "a person familiar with ...").

    Heuristic: the text contains an unnamed-person noun (official, source, aide, adviser, insider,
    staffer, spokesman, strategist, diplomat, operative, ally, associate, people, person,
    someone) and no personal name: no two consecutive capitalised words that are not a title,
    honorific, determiner or institution word, no such capitalised word right after the
    unnamed-person noun, and none opening an "X and ..." coordination.
    """
    if not _ANON_NOUN.search(text):
        return False
    words = [w.strip(".'\u2019-") for w in _WORD.findall(text)]
    if len(words) > 1 and _is_name_word(words[0]) and words[1] == "and":
        return False
    for first, second in itertools.pairwise(words):
        if (_is_name_word(first) or _ANON_NOUN.fullmatch(first)) and _is_name_word(second):
            return False
    return True


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and word.lower().replace(".", "") not in _NOT_NAME_WORDS


# --- loading -------------------------------------------------------------------------------------


def _normalise(fragments: Iterable[Fragment]) -> SpanFragments:
    merged: list[list[int]] = []
    for start, end in sorted(fragments):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def parse_brat(ann: str, text: str, source: str) -> tuple[tuple[Attribution, ...], int]:
    """Parse a PolNeAR brat standoff file into attributions.

    Args:
        ann: the ``.ann`` file's content.
        text: the article text the offsets point into (used to check them).
        source: the file's name, for error messages.

    Returns:
        the attributions, in ``E`` line order, and the number of Source/Cue/Content spans that no
        ``E`` line links.

    Raises:
        EvaluationError: a malformed line, an offset outside the text, or a link to no span.
    """
    spans: dict[str, tuple[str, SpanFragments]] = {}
    links: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        fields = line.split("\t")
        kind = fields[0][:1]
        if kind == "T":
            try:
                label, offsets = fields[1].split(" ", 1)
                fragments = [
                    (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
                ]
            except (IndexError, ValueError) as exc:
                raise EvaluationError(
                    f"{where}: malformed brat span line (expected 'T<n>\\t<Label> <start> <end>"
                    "\\t<text>'); restore the file from the PolNeAR release"
                ) from exc
            for start, end in fragments:
                if not 0 <= start <= end <= len(text):
                    raise EvaluationError(
                        f"{where}: span {start}-{end} lies outside the {len(text)}-character "
                        "text; the .ann file does not belong to this .txt file"
                    )
            spans[fields[0]] = (label, _normalise(fragments))
        elif kind == "E":
            try:
                arguments = [
                    (role, ref) for role, ref in (arg.split(":", 1) for arg in fields[1].split())
                ]
            except (IndexError, ValueError) as exc:
                raise EvaluationError(
                    f"{where}: malformed brat event line (expected 'E<n>\\tAttribution:T<n> "
                    "Source:T<n> ...'); restore the file from the PolNeAR release"
                ) from exc
            links.append((where, arguments))
        # Other brat lines (notes, attributes, relations) carry nothing scored here.
    attributions: list[Attribution] = []
    linked: set[str] = set()
    for where, arguments in links:
        roles: dict[str, list[Fragment]] = {role: [] for role in ROLES}
        for role, ref in arguments:
            if ref not in spans:
                raise EvaluationError(f"{where}: links to {ref}, which no T line defines")
            linked.add(ref)
            name = role.rstrip("0123456789").lower()
            if name in roles:
                roles[name].extend(spans[ref][1])
        attributions.append(
            Attribution(
                source=_normalise(roles["source"]),
                cue=_normalise(roles["cue"]),
                content=_normalise(roles["content"]),
            )
        )
    unlinked = sum(
        1 for ref, (label, _) in spans.items() if ref not in linked and label.lower() in ROLES
    )
    return tuple(attributions), unlinked


def load_attributions(
    data_dir: Path, limit: int | None = None, splits: Sequence[str] = SPLITS
) -> list[AttributionDocument]:
    """Read PolNeAR articles and their gold attributions, split by split, in name order.

    Args:
        data_dir: the shared gold-data folder (holding ``polnear/``).
        limit: read only the first ``limit`` articles in all.
        splits: the compartments to read.

    Raises:
        EvaluationError: a folder is missing, an article has no annotation (or the reverse), or a
            file is malformed.
    """
    root = require_dir(data_dir / FOLDER, "PolNeAR folder")
    docs: list[AttributionDocument] = []
    for split in splits:
        text_dir = require_dir(root / split / "text", f"PolNeAR {split} text folder")
        ann_dir = require_dir(root / split / "attributions", f"PolNeAR {split} attribution folder")
        by_stem: dict[str, list[Path]] = {}
        for ann_path in sorted(ann_dir.glob("*.ann")):
            stem, _, _annotator = ann_path.stem.rpartition("_")
            by_stem.setdefault(stem, []).append(ann_path)
        stems = sorted(p.stem for p in text_dir.glob("*.txt"))
        orphans = sorted(set(by_stem) - set(stems))
        if orphans:
            raise EvaluationError(
                f"{ann_dir / orphans[0]}_*.ann: annotation without its article "
                f"{text_dir / orphans[0]}.txt; restore the text file from the PolNeAR release"
            )
        for stem in stems:
            if limit is not None and len(docs) >= limit:
                return docs
            text_path = text_dir / f"{stem}.txt"
            if stem not in by_stem:
                raise EvaluationError(
                    f"{text_path}: no annotation {ann_dir / stem}_<annotator>.ann for this "
                    "article; restore it from the PolNeAR release"
                )
            ann_path = by_stem[stem][0]
            try:
                text = text_path.read_text(encoding="utf-8")
                ann = ann_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise EvaluationError(
                    f"{text_path} / {ann_path.name}: cannot read as UTF-8 ({exc}); "
                    "restore the files from the PolNeAR release"
                ) from exc
            attributions, unlinked = parse_brat(ann, text, str(ann_path))
            docs.append(
                AttributionDocument(
                    doc_id=stem,
                    split=split,
                    text=text,
                    attributions=attributions,
                    annotator=ann_path.stem.rpartition("_")[2],
                    n_annotators=len(by_stem[stem]),
                    n_unlinked_spans=unlinked,
                )
            )
    return docs


# --- scoring -------------------------------------------------------------------------------------


def _overlaps(a: SpanFragments, b: SpanFragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _max_matching(
    predicted: Sequence[SpanFragments],
    gold: Sequence[SpanFragments],
    match: Callable[[SpanFragments, SpanFragments], bool],
) -> int:
    """Size of a maximum one-to-one matching (Kuhn's augmenting paths; lists are short)."""
    edges = [[j for j, g in enumerate(gold) if match(p, g)] for p in predicted]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(predicted)) if edges[i] and augment(i, set()))


def _text_of(text: str, span: SpanFragments) -> str:
    return " ".join(text[s:e] for s, e in span)


def score_attributions(
    gold: Sequence[AttributionDocument], predictions: Sequence[Sequence[Attribution]]
) -> dict[str, Any]:
    """Per-role exact- and overlap-match precision, recall and F1, micro-averaged.

    Args:
        gold: the gold documents.
        predictions: the predicted attributions of each gold document, in the same order.
    """
    check_aligned(gold, predictions)
    groups = [*ROLES, "anonymous_source"]
    tp = {(g, mode): 0 for g in groups for mode in ("exact", "overlap")}
    n_gold = dict.fromkeys(groups, 0)
    n_pred = dict.fromkeys(groups, 0)
    for doc, predicted in zip(gold, predictions, strict=True):
        for group in groups:
            role = "source" if group == "anonymous_source" else group
            gold_spans = [a.role(role) for a in doc.attributions if a.role(role)]
            pred_spans = [_normalise(a.role(role)) for a in predicted if a.role(role)]
            if group == "anonymous_source":
                gold_spans = [s for s in gold_spans if is_anonymous_source(_text_of(doc.text, s))]
                pred_spans = [s for s in pred_spans if is_anonymous_source(_text_of(doc.text, s))]
            n_gold[group] += len(gold_spans)
            n_pred[group] += len(pred_spans)
            tp[group, "exact"] += _max_matching(pred_spans, gold_spans, lambda a, b: a == b)
            tp[group, "overlap"] += _max_matching(pred_spans, gold_spans, _overlaps)
    result: dict[str, Any] = {"n_documents": len(gold)}
    for group in groups:
        result[f"n_gold_{group}"] = n_gold[group]
        result[f"n_pred_{group}"] = n_pred[group]
        for mode in ("exact", "overlap"):
            precision, recall, f1 = prf(tp[group, mode], n_pred[group], n_gold[group])
            result[f"{group}_{mode}_precision"] = precision
            result[f"{group}_{mode}_recall"] = recall
            result[f"{group}_{mode}_f1"] = f1
            result[f"{group}_{mode}_tp"] = tp[group, mode]
    return result


def _counts(docs: Sequence[AttributionDocument]) -> dict[str, Any]:
    n_attributions = sum(len(d.attributions) for d in docs)
    counts: dict[str, Any] = {
        "n_documents": len(docs),
        **{f"n_documents_{split}": sum(1 for d in docs if d.split == split) for split in SPLITS},
        "n_items": n_attributions,
        "n_attributions": n_attributions,
        **{
            f"n_gold_{role}": sum(1 for d in docs for a in d.attributions if a.role(role))
            for role in ROLES
        },
        "n_gold_anonymous_source": sum(
            1
            for d in docs
            for a in d.attributions
            if a.source and is_anonymous_source(_text_of(d.text, a.source))
        ),
        "n_multi_annotated": sum(1 for d in docs if d.n_annotators > 1),
        "n_unlinked_spans": sum(d.n_unlinked_spans for d in docs),
    }
    return counts


def predict_attributions(text: str) -> tuple[Attribution, ...]:
    """detente's own predictor: the quotes stage on the raw article text, mapped to PolNeAR's
    conventions by :func:`quotes_to_attributions`."""
    from detente.actors import extract_actors
    from detente.nlp import load_model
    from detente.quotes import extract_quotes
    from detente.records import CleanArticle, ParsedArticle

    doc = load_model()(text)
    parsed = ParsedArticle(article=CleanArticle(source="polnear", text=text), doc=doc)
    return quotes_to_attributions(doc, extract_quotes(parsed, extract_actors(parsed)))


def quotes_to_attributions(doc: Doc, quotes: Sequence[Quote]) -> tuple[Attribution, ...]:
    """Map detente's quotes of one parsed article onto PolNeAR attributions.

    PolNeAR labels each token once, so a quote lying inside the content of another (a quoted
    fragment of reported words) is dropped. Quotes sharing a cue (a quote split by its
    attribution, its follow-ons) form one attribution with several content fragments. Content
    is the quote's span (direct quotes keep their quotation marks, as PolNeAR's do) without an
    attribution inserted in it ("The talks, she said, had stalled"). The source is the speaker
    phrase, with the comma that closes an apposition ("Jo Reyes, a spokeswoman, said"). The cue
    is the verb with what precedes it in detente's cue (auxiliaries, adverbs), its particle, a
    colon, and a preposition that ends it ("called for"), but not its listener or the phrases
    saying where and when, which PolNeAR leaves out more often than not ("told" of "told
    Harbor Wire in an interview").
    """
    text = doc.text
    kept = [
        q
        for q in quotes
        if not any(
            o is not q and o.span[0] <= q.span[0] and q.span[1] <= o.span[1] and o.span != q.span
            for o in quotes
        )
    ]
    groups: dict[Fragment | int, list[Quote]] = {}
    for n, quote in enumerate(kept):
        groups.setdefault(quote.cue_span if quote.cue_span else n, []).append(quote)
    out = []
    for group in groups.values():
        first = group[0]
        content: list[Fragment] = []
        for quote in group:
            content.extend(_without_attribution(text, quote))
        out.append(
            Attribution(
                source=(_source_span(text, first.speaker_span),) if first.speaker_span else (),
                cue=(_cue_words(doc, first.cue_span),) if first.cue_span else (),
                content=_normalise(content),
            )
        )
    return tuple(out)


def _without_attribution(text: str, quote: Quote) -> list[Fragment]:
    """A quote's span as fragments around the speaker and cue inserted in it."""
    start, end = quote.span
    inside = [
        s for s in (quote.speaker_span, quote.cue_span) if s and start <= s[0] and s[1] <= end
    ]
    if not inside:
        return [(start, end)]
    gap_start = min(s[0] for s in inside)
    gap_end = max(s[1] for s in inside)
    fragments = []
    for a, b in ((start, gap_start), (gap_end, end)):
        while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
            b -= 1
        if b > a:
            fragments.append((a, b))
    return fragments


def _source_span(text: str, span: Fragment) -> Fragment:
    """The speaker span with the comma that closes its apposition."""
    start, end = span
    if "," in text[start:end] and text[end : end + 1] == ",":
        end += 1
    return start, end


def _cue_words(doc: Doc, span: Fragment) -> Fragment:
    """The cue span up to its verb, with the verb's particle, a colon or a final preposition."""
    words = doc.char_span(*span, alignment_mode="expand")
    if words is None:
        return span
    root = words.root
    # "was confident that": the attitude adjective after the copula is the cue's word
    root = next((c for c in root.rights if c.dep_ == "acomp" and c.i < words.end), root)
    end = root.i + 1
    while end < words.end and (
        (doc[end].dep_ == "prt" and doc[end].head == root)
        or doc[end].text == ":"
        or (end == words.end - 1 and doc[end].dep_ == "prep")
    ):
        end += 1
    last = doc[end - 1]
    return span[0], last.idx + len(last)


def evaluate(
    data_dir: Path,
    limit: int | None = None,
    predict: AttributionPredictor | None = predict_attributions,
) -> dict[str, Any]:
    """Score ``predict`` (detente's own by default) on PolNeAR dev + test, together and per split.

    ``predict=None`` only loads and checks the gold data and reports ``"not built"`` with counts.
    """
    docs = load_attributions(data_dir, limit)
    counts = _counts(docs)
    if predict is None:
        return {"status": "not built", **counts}
    predictions = [predict(d.text) for d in docs]
    result = {**counts, **score_attributions(docs, predictions)}
    for split in SPLITS:
        chosen = [n for n, d in enumerate(docs) if d.split == split]
        if not chosen:
            continue
        scores = score_attributions([docs[n] for n in chosen], [predictions[n] for n in chosen])
        for group in (*ROLES, "anonymous_source"):
            for mode in ("exact", "overlap"):
                result[f"{split}_{group}_{mode}_f1"] = scores[f"{group}_{mode}_f1"]
    return result
