"""Clean stage: boilerplate kinds removed and kept, metadata used, story paragraphs never lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.clean import clean, extract_body
from detente.errors import EmptyInputError
from detente.records import RawDocument

BODY = [
    "TESSEL — Foreign Minister Ada Brun said on Monday that she had spoken with her Varnian "
    "counterpart, Paul Rask, for the first time since the border dispute began last spring.",
    '"We spoke for almost an hour, and it was a serious conversation," Brun told Harbor Wire. '
    '"Nobody pretended the past year did not happen."',
    "Two aides to the minister said a visit to Varna is being prepared for next month, although "
    "no date has been set and officials in Varna did not confirm it.",
    "Rask, who had called the dispute a betrayal in a 2022 interview, struck a softer tone in a "
    "statement on Tuesday, saying the talks were a first step.",
]


def _doc(*paragraphs: str, **meta: object) -> RawDocument:
    return RawDocument(source="story.txt", kind="text", content="\n\n".join(paragraphs), **meta)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        ("By Jane Doe", "byline"),
        ("By JANE DOE and TOM RIVERS", "byline"),
        ("Written by Lena Ortiz", "byline"),
        ("– – –", "separator"),
        ("***", "separator"),
        ("Published July 16, 2024 9:00 a.m.", "timestamp"),
        # a date line on top is a timestamp, not the headline
        ("June 15, 2023 10:32 AM ET", "timestamp"),
        ("Wed 15 Jun 2023 06.00 BST", "timestamp"),
        ("2023-06-15T10:32:00Z", "timestamp"),
        ("15/06/2023", "timestamp"),
    ],
)
def test_header_blocks_are_removed_with_their_kind(block: str, kind: str) -> None:
    article = clean(_doc(block, *BODY))
    assert article.text == "\n\n".join(BODY)
    assert [(r.kind, r.text) for r in article.removed] == [(kind, block)]


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        ("Jane Doe is a senior correspondent at The Meridian Post covering diplomacy.", "bio"),
        (
            "Photo: Brun speaks in Tessel. Photo by Sam Lee via Wikimedia Commons, CC BY 2.0.",
            "credit",
        ),
        ("(Photo by Sam Lee / Harbor Wire)", "credit"),
        (
            "Content created by The Meridian Post is available without charge to any eligible news "
            "publisher that can provide a significant audience.",
            "license",
        ),
        (
            "This article was originally published by Northline News and is republished here "
            "with permission.",
            "license",
        ),
        ("© 2024 Harbor Wire. All rights reserved.", "license"),
        ("Sign up for our daily newsletter to get the news in your inbox.", "promo"),
        ("Share this story:", "promo"),
        ("Read more: Ministers meet again in Tessel", "promo"),
        ("Reporting by Jane Doe; Editing by Tom Rivers", "byline"),
    ],
)
def test_footer_blocks_are_removed_with_their_kind(block: str, kind: str) -> None:
    article = clean(_doc(*BODY, block))
    assert article.text == "\n\n".join(BODY)
    assert [(r.kind, r.text) for r in article.removed] == [(kind, block)]


def test_syndicated_story_yields_authors_publisher_and_every_block() -> None:
    raw = _doc(
        "Ministers Talk Again After a Year of Silence",
        "By JANE DOE and Tom Rivers, Harbor Wire",
        "– – –",
        *BODY,
        "Photo: Brun in Tessel. Photo by Sam Lee via Wikimedia Commons, CC BY 2.0.",
        "Jane Doe is a senior correspondent at The Meridian Post covering diplomacy.",
        "Content created by The Meridian Post is available without charge to any eligible news "
        "publisher that can provide a significant audience.",
        "Sign up for our daily newsletter.",
    )
    article = clean(raw)
    assert article.text == "\n\n".join(BODY)
    assert article.title == "Ministers Talk Again After a Year of Silence"
    assert article.authors == ("Jane Doe", "Tom Rivers")
    assert article.publisher == "The Meridian Post"  # the licence note names the creator
    kinds = [r.kind for r in article.removed]
    assert kinds == ["headline", "byline", "separator", "credit", "bio", "license", "promo"]


@pytest.mark.parametrize(
    ("extra", "publisher"),
    [
        ("Jane Doe is a reporter at the Tessel Herald.", "the Tessel Herald"),
        (
            "This story was originally published by Northline News and is republished with "
            "permission.",
            "Northline News",
        ),
    ],
)
def test_publisher_from_bio_or_license(extra: str, publisher: str) -> None:
    assert clean(_doc("By Jane Doe", *BODY, extra)).publisher == publisher


def test_publisher_from_outlet_line_under_byline() -> None:
    article = clean(_doc("By JANE DOE", "Harbor Wire", *BODY))
    assert article.authors == ("Jane Doe",)
    assert article.publisher == "Harbor Wire"


@pytest.mark.parametrize(
    "paragraph",
    [
        # Story text that mentions the words boilerplate patterns look for.
        "Jane Doe is a reporter at the Tessel Herald, and her reporting on the border deal led "
        "to the minister's resignation in March; Brun called the coverage unfair in a letter.",
        "Photographs published by the ministry showed Brun and Rask shaking hands in Tessel, "
        "the first such image since the dispute began and one that circulated widely.",
        "By the end of the meeting, both ministers had agreed to restore direct flights.",
        "The ministry said the newsletter it sends to diplomats would carry the joint statement.",
    ],
)
def test_story_paragraphs_that_look_like_boilerplate_are_kept(paragraph: str) -> None:
    body = [BODY[0], BODY[1], paragraph, BODY[2], BODY[3]]
    article = clean(_doc(*body))
    assert article.text == "\n\n".join(body)
    assert article.removed == ()


def test_long_paragraph_is_never_removed_whatever_it_matches() -> None:
    long = "Sign up for the ministry's programme, Brun urged students in Tessel. " * 12
    article = clean(_doc(*BODY, long))
    assert long.strip() in article.text


def test_hard_wrapped_lines_are_joined() -> None:
    wrapped = (
        "TESSEL — Foreign Minister Ada Brun said on Monday that she had spoken with\n"
        "her Varnian counterpart, Paul Rask, for the first time since the dispute\n"
        "began last spring."
    )
    article = clean(_doc(wrapped, *BODY[1:]))
    assert article.text.split("\n\n")[0] == " ".join(wrapped.split("\n"))


def test_published_from_document_and_missing_date_warns() -> None:
    assert clean(_doc(*BODY, published=date(2024, 7, 16))).published == date(2024, 7, 16)
    article = clean(_doc(*BODY))
    assert article.published is None
    assert any("no publication date" in w for w in article.warnings)


def test_non_english_article_is_flagged_not_analysed() -> None:
    german = (
        "Die Außenministerin sagte am Montag, sie habe zum ersten Mal seit Beginn des "
        "Grenzstreits mit ihrem Amtskollegen gesprochen. Das Gespräch habe fast eine Stunde "
        "gedauert und sei ernsthaft gewesen."
    )
    article = clean(_doc(german))
    assert article.language == "de"
    assert any("not supported" in w for w in article.warnings)


def test_declared_language_wins() -> None:
    assert clean(_doc(*BODY, language="EN")).language == "en"


PAGE = """<!doctype html><html lang="en"><head>
<title>Ministers talk again | Harbor Wire</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Harbor Wire">
<meta property="og:title" content="Ministers talk again">
<meta property="article:published_time" content="2024-07-16T09:00:00Z">
<link rel="canonical" href="https://harborwire.example/2024/07/ministers-talk">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article><h1>Ministers talk again</h1>
{paragraphs}
<p>Sign up for our daily newsletter to get the news in your inbox.</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Another story about something</a></li></ul></aside>
<footer><p>© 2024 Harbor Wire. All rights reserved.</p></footer>
</body></html>"""


def _page() -> str:
    return PAGE.format(paragraphs="\n".join(f"<p>{p}</p>" for p in BODY * 2))


def test_html_page_gives_body_and_metadata() -> None:
    raw = RawDocument(source="page.html", kind="html", content=_page())
    article = clean(raw)
    assert article.text.startswith(BODY[0])
    assert "newsletter" not in article.text
    assert "Home" not in article.text
    assert article.title == "Ministers talk again"
    assert article.authors == ("Jane Doe",)
    assert article.site_name == "Harbor Wire"
    assert article.publisher == "Harbor Wire"
    assert article.published == date(2024, 7, 16)
    assert article.url == "https://harborwire.example/2024/07/ministers-talk"


def test_html_published_from_document_overrides_metadata() -> None:
    raw = RawDocument(source="p.html", kind="html", content=_page(), published=date(2024, 7, 20))
    assert clean(raw).published == date(2024, 7, 20)


def test_html_without_article_text_is_an_error() -> None:
    raw = RawDocument(
        source="empty.html",
        kind="html",
        content="<html><body><nav><a href='/'>Home</a></nav></body></html>",
    )
    with pytest.raises(EmptyInputError, match=r"empty\.html: HTML page has no article text"):
        clean(raw)


def test_extract_body_matches_clean_text() -> None:
    raw = RawDocument(source="page.html", kind="html", content=_page())
    assert extract_body(_page()) == clean(raw).text


@pytest.mark.parametrize(
    "block",
    [
        "Clara Benning is Harbor Wire’s chief diplomatic correspondent, based in Lindmoor.",
        "Marco Tellen covers the Strait of Halden for Harbor Wire from Sarnic.",
        "Hugo Brannigan is the political editor of The Lindmoor Courier. He covered elections.",
    ],
)
def test_bio_shapes_in_the_footer(block: str) -> None:
    article = clean(_doc("By Jane Doe", *BODY, block))
    assert article.text == "\n\n".join(BODY)
    assert [r.kind for r in article.removed] == ["byline", "bio"]


@pytest.mark.parametrize(
    ("block", "outlet"),
    [
        ("Clara Benning is Harbor Wire’s chief diplomatic correspondent.", "Harbor Wire"),
        (
            "Hugo Brannigan is the political editor of The Lindmoor Courier. He lives in Orlek.",
            "The Lindmoor Courier",
        ),
    ],
)
def test_bio_outlet_stops_at_the_sentence(block: str, outlet: str) -> None:
    assert clean(_doc(*BODY, block)).publisher == outlet


def test_share_bar_is_a_promo() -> None:
    article = clean(_doc(*BODY, "Chirper | Email | Print"))
    assert [r.kind for r in article.removed] == ["promo"]


def test_demo_sample_story_is_cleaned_completely(samples: Path) -> None:
    raw = RawDocument(
        source="demo",
        kind="text",
        content=(samples / "articles" / "hollins-mercer-wire.txt").read_text(encoding="utf-8"),
    )
    article = clean(raw)
    assert article.authors == ("Clara Benning",)
    assert article.publisher == "Harbor Wire"
    kinds = {r.kind for r in article.removed}
    assert {"headline", "byline", "separator", "bio", "credit", "license", "promo"} <= kinds
    assert article.text.startswith("LINDMOOR, Ardenia")
    for block in article.removed:
        assert block.text not in article.text


# --- publication date: where it comes from ---------------------------------------------------


@pytest.mark.parametrize(
    ("header", "url", "published", "source"),
    [
        (["Published June 15, 2023 10:32 AM ET"], None, date(2023, 6, 15), "text"),
        (["Updated June 16, 2023 | Published June 15, 2023"], None, date(2023, 6, 15), "text"),
        (
            ["Last updated 2023-06-17T08:00:00Z", "First published on Wed 14 Jun 2023 06.00 BST"],
            None,
            date(2023, 6, 14),
            "text",
        ),
        (["June 15, 2023", "June 12, 2023"], None, date(2023, 6, 12), "text"),  # the earliest
        (["15/06/2023"], None, date(2023, 6, 15), "text"),
        (
            ["PARIS, 15 June 2023 — Talks resumed between the two ministries."],
            None,
            date(2023, 6, 15),
            "text",
        ),
        # a dateline without a year takes it from the address, and beats the address's month
        (
            ["PARIS, June 15 (Harbor Wire) - Talks resumed between the two ministries."],
            "https://harborwire.example/2023/06/talks",
            date(2023, 6, 15),
            "text",
        ),
        (
            ["PARIS, June 15 (Harbor Wire) - Talks resumed between the two ministries."],
            None,
            None,
            None,
        ),
        ([], "https://harborwire.example/2023/06/14/talks", date(2023, 6, 14), "url"),
        (
            ["Published June 15, 2023"],
            "https://harborwire.example/2023/06/14/x",
            date(2023, 6, 15),
            "text",
        ),
        ([], "https://harborwire.example/story/3725469-talks", None, None),
    ],
)
def test_publication_date_from_timestamp_dateline_or_url(
    header: list[str], url: str | None, published: date | None, source: str | None
) -> None:
    article = clean(_doc(*header, *BODY, url=url))
    assert (article.published, article.published_source) == (published, source)
    assert article.text.endswith("\n\n".join(BODY))  # nothing more or less is removed


def test_date_from_address_keeps_month_precision_and_says_so() -> None:
    article = clean(_doc(*BODY, url="https://harborwire.example/2023/06/talks"))
    assert (article.published, article.published_precision) == (date(2023, 6, 1), "month")
    assert any("known to the month only" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("meta", "published", "source", "precision"),
    [
        ({"published": date(2024, 7, 20)}, date(2024, 7, 20), "given", "day"),
        (
            {"published": date(2024, 7, 1), "published_precision": "month"},
            date(2024, 7, 1),
            "given",
            "month",
        ),
        ({}, date(2024, 7, 16), "html", "day"),
    ],
)
def test_given_date_beats_html_metadata_which_beats_text_and_url(
    meta: dict[str, object], published: date, source: str, precision: str
) -> None:
    page = _page().replace("<h1>", "<p>Published June 15, 2023</p><h1>")
    raw = RawDocument(
        source="p.html",
        kind="html",
        content=page,
        url="https://harborwire.example/2023/06/14/talks",
        **meta,  # type: ignore[arg-type]
    )
    article = clean(raw)
    assert (article.published, article.published_source) == (published, source)
    assert article.published_precision == precision


def test_no_date_has_no_source_nor_precision() -> None:
    article = clean(_doc(*BODY))
    assert (article.published, article.published_source, article.published_precision) == (
        None,
        None,
        None,
    )
