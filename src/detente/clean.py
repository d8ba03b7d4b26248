"""Clean stage: ``RawDocument -> CleanArticle``, the story's body without boilerplate.

HTML goes through trafilatura first (main text and metadata); an HTML fragment without a page
around it (a feed entry's ``<p>...</p>``), where trafilatura finds no page, gives its paragraphs'
text. Then plain text and trafilatura's output alike are split into paragraphs, and each
paragraph is classified by anchored, length-capped patterns as one of the boilerplate kinds that
syndicated news carries:

================  ==============================================================================
kind              examples
================  ==============================================================================
headline          the title line at the top of a pasted story (or trafilatura's repeated <h1>)
byline            "By Jane Doe", "By JANE DOE and TOM RIVERS", "Reporting by ...", an outlet line
timestamp         "Published July 16, 2024 9:00 a.m." in the header
separator         "– – –", "***", "---"
bio               "Jane Doe is a senior correspondent at The Meridian Post ..."
credit            "Photo: ... Photo by Sam Lee via Wikimedia Commons, CC BY 2.0."
license           "Content created by X is available without charge ...", "(c) 2024 X"
promo             newsletter sign-ups, share prompts, "Read more:", "Advertisement"
================  ==============================================================================

Each removed block is kept in ``CleanArticle.removed`` and used: authors come from the byline,
the publisher from the licence note, the byline or the bio, the publication date from a timestamp.
Every pattern is capped in length, so a long story paragraph is never taken for boilerplate
("never drop a paragraph of the story").

The publication date (``published_source`` says where it came from) is the first known of:
``given`` (the document's own: the command line, a JSON Lines key, a feed entry), ``html`` (page
metadata), ``text`` (the dates of timestamp lines and of a dateline opening the body, "PARIS,
15 June 2023 —": a "published"/"posted" date before an unlabelled one or the dateline before an
"updated" one, the earliest of a rank; a dateline without a year takes it from the other dates),
``url`` (``/2016/08/04/``, ``-20211101-``; ``/2016/08/`` gives a month).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from detente.errors import EmptyInputError, InputError
from detente.ingest._dates import (
    MONTH,
    PartialDate,
    date_in_url,
    dateline_date,
    dates_in_line,
    parse_iso_date,
)
from detente.lexicon import outlet_names
from detente.records import CleanArticle, DatePrecision, RawDocument, Removed

__all__ = ["clean", "detect_language", "extract_body"]

# --- patterns -------------------------------------------------------------------------------

_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[a-z]{1,3}(?=\s+[A-Z]))"  # "de", "van", "al" inside a name
_BYLINE = re.compile(r"^\s*(?:by|written by|words by|reporting by)[:\s]+(?P<names>.+?)\s*$", re.I)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\||\band\b|&|\bwith\b)\s*", re.I)
_PERSON_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}$")
_OUTLET_WORDS = re.compile(
    r"\b(?:news|wire|press|post|times|herald|journal|tribune|agency|service|media|network|radio|"
    r"television|tv|daily|gazette|chronicle|reporter|review|observer|guardian|telegraph|bulletin|"
    r"dispatch|courier|monitor|standard|express|sun|mail|star|examiner|inquirer|report|magazine|"
    r"weekly|online|broadcasting|associated)\b",
    re.I,
)
_REPORTING_CREDIT = re.compile(
    r"^\s*\(?(?:reporting|additional reporting|writing|editing|compiled|contributing)\b"
    r"[^.]{0,160}\bby\b[^.]{0,160}\)?\.?\s*$",
    re.I,
)
_SEPARATOR = re.compile(r"^[\s\-–—_*=•·~#+]{3,}$")
_TIMESTAMP = re.compile(
    rf"^\s*(?:(?:published|updated|posted|first published|last updated|modified)\s*(?:on|:)?\s*)?"
    rf"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s*)?"
    rf"(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d\d-\d\d"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})"
    rf"[\w\s:.,/|()+-]{{0,40}}$",
    re.I,
)
_JOURNALIST = (
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|contributor|producer|"
    r"fellow|bureau chief|analyst|intern|author|photographer|freelancer|anchor|host)s?\b"
)
# "<Name> is a/the/<Outlet>'s ... correspondent ...", "<Name> covers ... for <Outlet>",
# "<Name> contributed reporting".
_BIO = re.compile(
    r"^\s*[—–-]?\s*(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s+"
    r"(?:(?:is|was|has been|serves as|works as)\s+"
    r"(?:(?:a|an|the)\s+|(?P<owner>(?:[Tt]he\s+)?[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,4})['’]s?\s+)"
    rf"(?:[\w-]+\s+){{0,5}}?{_JOURNALIST}"
    r"|(?:covers|writes about|reports on|reports from)\b|contributed (?:reporting|to this)\b)"
    r"(?P<rest>.*)$",
    re.S,
)
_BIO_OUTLET = re.compile(
    r"\b(?:at|for|with|of)\s+(?P<outlet>(?:[Tt]he\s+)?[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&))"
    r"{0,5})"
)
_CREDIT_START = re.compile(
    r"^\s*[(\[]?\s*(?:(?:top|main|lead|featured|header|cover|file)\s+)?"
    r"(?:photo(?:graph)?|image|picture|illustration|video|graphic|caption)s?\s*"
    r"(?:credit\b|courtesy\b|by\b|:|\||/|\)|\])",
    re.I,
)
_CREDIT_MARK = re.compile(
    r"\bCC[ -]BY(?:[ -](?:SA|ND|NC))*(?:\s+\d\.\d)?\b|\bvia Wikimedia\b|\bWikimedia Commons\b|"
    r"\bGetty Images\b|\bAP Photo\b|\b(?:photo|image|picture)s?\s+(?:by|courtesy of|credit)\b|"
    r"^\s*credit\s*:|\bShutterstock\b|\bfile photo\b",
    re.I,
)
_LICENSE = re.compile(
    r"\bis available without charge\b|\bfor licensing opportunities\b|\bcreative commons\b|"
    r"\b(?:this|the) (?:article|story|piece|report|column) (?:was|is|has been|first) "
    r"(?:originally |first )?(?:published|appeared|posted|republished|reprinted|produced)\b|"
    r"\brepublished\b.{0,80}\b(?:with permission|under)\b|^\s*(?:©|\(c\)|copyright\b)|"
    r"\ball rights reserved\b|\bmay not be (?:published|broadcast|rewritten|redistributed)\b",
    re.I,
)
_LICENSE_OUTLET = (
    re.compile(r"\bcontent created by (?P<outlet>.+?) is available\b", re.I),
    re.compile(
        r"\boriginally (?:published|appeared|posted) (?:in|on|by|at) (?P<outlet>[^.,;]+?)"
        r"(?:\s+(?:and|on|in)\b|[.,;]|$)",
        re.I,
    ),
    re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<outlet>[^.,;]+?)(?:[.,;]|$)", re.I),
)
_PROMO_START = re.compile(
    r"^\s*(?:sign up|subscribe|get (?:our|the)\b.{0,40}\bnewsletter|click here|follow (?:us|@)|"
    r"follow [A-Z][\w.]+(?:\s+[A-Z][\w.]+)? on\b|share (?:this|on|via)\b|share:|read more\b|"
    r"related:|related coverage|read also|also read|recommended:|more from\b|"
    r"download (?:the|our)\b|"
    r"listen to (?:this|the) (?:article|story)|advertisement\b|support (?:our|independent)\b|"
    r"donate\b|join (?:our|us)\b|want more\b|don'?t miss\b|like this (?:story|article)|"
    r"have a (?:news )?tip\b|got a tip\b|email (?:us|the author)\b)",
    re.I,
)
_PROMO_NEWSLETTER = re.compile(
    r"\bnewsletter\b.{0,80}\b(?:sign up|subscribe|inbox)\b|"
    r"\b(?:sign up|subscribe)\b.{0,80}\bnewsletter\b",
    re.I,
)
# A share bar: a short line of two to six platform names or actions separated by bars or bullets.
_SHARE_BAR = re.compile(r"^\s*(?:[\w.+-]+(?: [\w.+-]+)?\s*[|•·]\s*){1,5}[\w.+-]+(?: [\w.+-]+)?\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")

# Length caps (characters) per kind: a paragraph longer than its cap is story text, whatever it
# matches. The caps sit well above the longest boilerplate of each kind in the sample corpus and
# well below a typical story paragraph that mentions, say, a newsletter or a photograph.
_CAP = {
    "headline": 200,
    "byline": 160,
    "timestamp": 80,
    "bio": 450,
    "credit": 320,
    "license": 650,
    "promo": 260,
}
# Header region: bylines, outlet lines and timestamps are looked for in the first paragraphs only.
_HEADER_PARAGRAPHS = 5
# An HTML page whose extracted text is shorter than this holds no article (a menu, a login wall).
_MIN_HTML_WORDS = 8
# Any text needs this many words (two letters or more) to be an article: random bytes that decode
# to a few characters, a file of zero-width spaces or of punctuation hold none.
_MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")
# Characters without a space that are parsed as they stand. spaCy's tokenizer peels punctuation
# off a run one character at a time, re-reading the rest each time: 20,000 "<" took 66 s. Longer
# runs are broken with a space every this many characters (a warning says so); no word or URL of
# news is this long.
_MAX_RUN = 300
_LONG_RUN = re.compile(rf"\S{{{_MAX_RUN + 1},}}")
# A tag with more attributes than this is no page markup (lxml's parse time grows with the
# square of a tag's attributes: 50,000 took 56 s); the page is refused before it is parsed.
_MAX_ATTRIBUTES = 1_000
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{10000,}>")
_ATTRIBUTE = re.compile(r"\s[^\s=<>/\"']+\s*=")


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str
    authors: tuple[str, ...] = ()
    outlet: str | None = None


# --- public API -----------------------------------------------------------------------------


def clean(raw: RawDocument) -> CleanArticle:
    """Clean one document: main text without boilerplate, plus its metadata.

    The publication date is the document's own (the command line, its JSON Lines record), else
    the HTML metadata's, else a timestamp line or dateline's, else the address's.

    Raises:
        EmptyInputError: no article text is left (an HTML page without a story, say).
    """
    meta: dict[str, Any] = {}
    if raw.kind == "html":
        _check_markup(raw.source, raw.content)
        text, meta = _extract_html(raw.content, raw.url)
        if len(text.split()) < _MIN_HTML_WORDS:
            raise EmptyInputError(
                raw.source, "HTML page has no article text that could be extracted"
            )
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    else:
        paragraphs = _paragraphs(raw.content)
    title = raw.title or meta.get("title")
    body, removed, found = _strip(paragraphs, title)
    if not body:
        raise EmptyInputError(raw.source, "no article text left after removing boilerplate")
    if title is None:
        title = next((r.text for r in removed if r.kind == "headline"), None)
    authors = _merge_authors(_split_meta_authors(meta.get("author")), *(f.authors for f in found))
    text = "\n\n".join(body)
    if len(_WORD.findall(text, 0, 10_000)) < _MIN_WORDS:
        raise EmptyInputError(raw.source, "no article text: fewer than three words in it")
    text, broken = _LONG_RUN.subn(_break_run, text)
    language, warnings = _language(raw.language, text, meta.get("lang"))
    if broken:
        warnings.append(
            f"{broken} run(s) of over {_MAX_RUN} characters without a space were broken with a "
            f"space every {_MAX_RUN} characters"
        )
    url = raw.url or meta.get("url")
    published = _publication(raw, meta.get("date"), removed, body, url)
    if published is None:
        warnings.append("no publication date: relative dates stay unresolved (use --published)")
    elif published.precision != "day":
        warnings.append(
            f"publication date known to the {published.precision} only: relative dates count "
            f"from {published.day.isoformat()}"
        )
    return CleanArticle(
        source=raw.source,
        doc_id=raw.doc_id,
        text=text,
        title=title,
        authors=authors,
        publisher=_publisher(found, meta.get("sitename")),
        site_name=meta.get("sitename"),
        published=published.day if published else None,
        url=url,
        language=language,
        removed=tuple(removed),
        warnings=tuple(warnings),
        published_source=published.source if published else None,
        published_precision=published.precision if published else None,
    )


def _check_markup(source: str, html: str) -> None:
    for tag in _LONG_TAG.finditer(html):
        attributes = len(_ATTRIBUTE.findall(tag.group()))
        if attributes > _MAX_ATTRIBUTES:
            raise InputError(
                source,
                f"HTML has a tag with {attributes:,} attributes (at most {_MAX_ATTRIBUTES:,} are "
                "read): not a page that can be parsed",
            )


def _break_run(match: re.Match[str]) -> str:
    run = match.group()
    return " ".join(run[i : i + _MAX_RUN] for i in range(0, len(run), _MAX_RUN))


def extract_body(html: str, url: str | None = None) -> str:
    """The clean body text of an HTML page ("" when there is none); used by ``detente eval``."""
    text, meta = _extract_html(html, url)
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    body, _, _ = _strip(paragraphs, meta.get("title"))
    return "\n\n".join(body)


@functools.cache
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # the package's own model file: nothing is downloaded
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of ``text``'s language and the identifier's probability."""
    lang, prob = _language_identifier().classify(text[:5000])
    return str(lang), float(prob)


# --- HTML -----------------------------------------------------------------------------------


def _extract_html(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    # favor_precision without comments measured best on the article-extraction benchmark
    # (F1 0.964 vs 0.953 for trafilatura's defaults; see docs/EVALUATION.md).
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
    )
    declared = _page_language(html)
    if doc is None:
        return _fragment_text(html), {"lang": declared}
    fields = doc if isinstance(doc, dict) else doc.as_dict()
    meta = {k: fields.get(k) for k in ("title", "author", "date", "sitename", "url")}
    meta["lang"] = declared
    return str(fields.get("text") or ""), meta


# A page, as opposed to a fragment: trafilatura's judgement of a page is kept (a menu-only page
# has no article), a fragment's text is its paragraphs'.
_PAGE_TAG = re.compile(r"<(?:html|head|body)\b", re.I)
_FRAGMENT_SKIP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript")
_FRAGMENT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _fragment_text(html: str) -> str:
    """The text of an HTML fragment's blocks, one per line ("" for a whole page)."""
    if _PAGE_TAG.search(html):
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.iter(*_FRAGMENT_SKIP):
        bad.drop_tree()
    blocks = [" ".join(b.text_content().split()) for b in root.iter(*_FRAGMENT_BLOCKS)]
    text = "\n".join(b for b in blocks if b) or " ".join(root.text_content().split())
    return text


# <html lang="id-ID">: the language a page declares (its primary subtag).
_HTML_LANG = re.compile(r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)


def _page_language(html: str) -> str | None:
    found = _HTML_LANG.search(html[:10_000])
    return found[1].lower() if found else None


# --- publication date -----------------------------------------------------------------------

# Timestamp labels in the order they are trusted for the publication date: the first publication,
# then an unlabelled date (or a dateline), then the last update.
_LABEL_RANK = {"published": 0, None: 1, "updated": 2}


@dataclass(frozen=True, slots=True)
class _Published:
    day: date
    precision: DatePrecision
    source: str


def _publication(
    raw: RawDocument,
    meta_date: str | None,
    removed: list[Removed],
    body: list[str],
    url: str | None,
) -> _Published | None:
    if raw.published is not None:
        return _Published(raw.published, raw.published_precision, "given")
    if (day := _meta_date(raw.source, meta_date)) is not None:
        return _Published(day, "day", "html")
    in_url = date_in_url(url) if url else None
    if (day := _text_date(removed, body, in_url)) is not None:
        return _Published(day, "day", "text")
    if in_url is not None:
        return _Published(in_url.day, in_url.precision, "url")
    return None


def _text_date(removed: list[Removed], body: list[str], in_url: PartialDate | None) -> date | None:
    found = [
        (_LABEL_RANK[label], day)
        for block in removed
        if block.kind == "timestamp"
        for label, day in dates_in_line(block.text)
    ]
    # a dateline without a year takes it from the timestamps, else from the address
    reference = min(found)[1] if found else (in_url.day if in_url else None)
    if body and (day := dateline_date(body[0], reference)) is not None:
        found.append((_LABEL_RANK[None], day))
    return min(found)[1] if found else None


def _meta_date(source: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_iso_date(source, value)
    except InputError:
        return None


def _split_meta_authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(a.strip() for a in re.split(r"\s*[;|]\s*", value) if a.strip())


# --- plain text -----------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs, joining hard-wrapped lines and splitting header lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        # Hard-wrapped prose has every line but the last long and not ending a sentence; anything
        # else (a title over a byline, one paragraph per line) keeps its lines apart.
        wrapped = len(lines) > 1 and all(
            len(ln) >= 40 and not _SENTENCE_END.search(ln) for ln in lines[:-1]
        )
        if wrapped:
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


# --- classification -------------------------------------------------------------------------


def _strip(
    paragraphs: list[str], title: str | None
) -> tuple[list[str], list[Removed], list[_Found]]:
    hits = [_classify(par, i, len(paragraphs), title) for i, par in enumerate(paragraphs)]
    byline_names = {a.lower() for h in hits if h is not None for a in h.authors}
    # A bio belongs to the header or footer: accepted when its name is a byline author, or when
    # only boilerplate stands between it and the start or the end of the text. In between,
    # "X is a reporter at Y" is news about a reporter.
    for i, (par, hit) in enumerate(zip(paragraphs, hits, strict=True)):
        if hit is None or hit.kind != "bio":
            continue
        name = _BIO.match(par)
        in_header = all(h is not None for h in hits[:i])
        in_footer = all(h is not None for h in hits[i + 1 :])
        if not (in_header or in_footer or (name and name["name"].lower() in byline_names)):
            hits[i] = None
    body = [par for par, hit in zip(paragraphs, hits, strict=True) if hit is None]
    removed = [
        Removed(kind=hit.kind, text=par)
        for par, hit in zip(paragraphs, hits, strict=True)
        if hit is not None
    ]
    return body, removed, [hit for hit in hits if hit is not None]


def _classify(par: str, index: int, n: int, title: str | None) -> _Found | None:
    length = len(par)
    in_header = index < _HEADER_PARAGRAPHS
    if _SEPARATOR.match(par):
        return _Found("separator")
    if index == 0 and length <= _CAP["headline"]:
        if title and _norm(par) == _norm(title):
            return _Found("headline")
        # a date line on top is the header's timestamp, not a headline (nor the title)
        if title is None and n >= 3 and _looks_like_headline(par) and not _is_timestamp(par):
            return _Found("headline")
    if length <= _CAP["byline"]:
        byline = _byline(par) if (in_header or index >= n - 3) else None
        if byline is not None:
            return byline
        if in_header and _is_outlet_line(par):
            return _Found("byline", outlet=par.strip())
        if _REPORTING_CREDIT.match(par):
            return _Found("byline")
    if in_header and _is_timestamp(par):
        return _Found("timestamp")
    if length <= _CAP["bio"]:
        bio = _BIO.match(par)
        if bio:
            outlet = bio["owner"]
            if outlet is None and (found := _BIO_OUTLET.search(bio["rest"])):
                outlet = found["outlet"]
            return _Found("bio", outlet=_tidy_outlet(outlet))
    if length <= _CAP["credit"] and (_CREDIT_START.match(par) or _CREDIT_MARK.search(par)):
        return _Found("credit")
    if length <= _CAP["license"] and _LICENSE.search(par):
        return _Found("license", outlet=_license_outlet(par))
    if length <= _CAP["promo"] and (
        _PROMO_START.match(par) or _PROMO_NEWSLETTER.search(par) or _SHARE_BAR.match(par)
    ):
        return _Found("promo")
    return None


def _is_timestamp(par: str) -> bool:
    return len(par) <= _CAP["timestamp"] and bool(_TIMESTAMP.match(par))


def _looks_like_headline(par: str) -> bool:
    words = par.split()
    return (
        2 <= len(words) <= 20
        and not par.rstrip().endswith((".", ",", ";", ":"))
        and not _BYLINE.match(par)
        and par[:1].isupper()
        and not par.startswith(('"', "“", "'"))
    )


def _byline(par: str) -> _Found | None:
    match = _BYLINE.match(par)
    if match is None:
        return None
    parts = [p.strip(" .") for p in _SPLIT_NAMES.split(match["names"]) if p.strip(" .")]
    authors: list[str] = []
    outlet: str | None = None
    for part in parts:
        if _is_outlet_line(part):
            outlet = outlet or part
        elif _PERSON_NAME.match(part) or _PERSON_NAME.match(part.title()):
            authors.append(_name_case(part))
        else:
            return None
    if not authors and outlet is None:
        return None
    return _Found("byline", authors=tuple(authors), outlet=outlet)


def _is_outlet_line(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 6 or _SENTENCE_END.search(text):
        return False
    if text.strip().lower() in outlet_names():
        return True
    return all(w[:1].isupper() or w.lower() in {"of", "the", "and", "&"} for w in words) and bool(
        _OUTLET_WORDS.search(text)
    )


def _license_outlet(par: str) -> str | None:
    for pattern in _LICENSE_OUTLET:
        match = pattern.search(par)
        if match:
            outlet = _tidy_outlet(match["outlet"])
            if outlet and len(outlet.split()) <= 8 and outlet[:1].isupper():
                return outlet
    return None


def _tidy_outlet(text: str | None) -> str | None:
    if not text:
        return None
    text = re.split(r"[.;:]\s", re.sub(r"\s+", " ", text))[0].strip(" .,;:")
    text = re.sub(r"\s+(?:and|in|since|where|covering|who)\b.*$", "", text)
    return text or None


def _publisher(found: list[_Found], site_name: str | None) -> str | None:
    # The licence note names who created the content (the original publisher of a syndicated
    # copy); a byline's outlet and the author's bio come next; the site carrying the page last.
    for kind in ("license", "byline", "bio"):
        for hit in found:
            if hit.kind == kind and hit.outlet:
                return hit.outlet
    return site_name or None


def _merge_authors(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for group in groups:
        for name in group:
            seen.setdefault(name.lower(), name)
    return tuple(seen.values())


def _name_case(name: str) -> str:
    return name.title() if name.isupper() else name


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


# --- language -------------------------------------------------------------------------------

# The pipeline parses English only. A text is taken as another language only when the identifier
# is confident and has enough text to judge; short or mixed snippets default to English.
_LANGUAGE_MIN_PROB = 0.9
_LANGUAGE_MIN_CHARS = 40


def _language(declared: str | None, text: str, page: str | None = None) -> tuple[str, list[str]]:
    """The language of ``text``: the one the document's record declares; else the detector's
    when it is sure; else the one the page declares (``<html lang>``), else English.

    A page's declaration and the detector are read together: templates often keep ``lang="en"``
    on pages of another language, so a sure detector wins; an unsure one (a short text, a
    p=0.80 guess) gives way to the declaration.
    """
    warnings: list[str] = []
    if declared:
        language = declared.strip().lower()[:2]
    else:
        lang, prob = detect_language(text)
        confident = prob >= _LANGUAGE_MIN_PROB and len(text) >= _LANGUAGE_MIN_CHARS
        language = lang if confident else (page[:2] if page else "en")
    if language != "en":
        warnings.append(
            f"language '{language}' is not supported yet: returned the clean article "
            "without actors, quotes or events"
        )
    return language, warnings
