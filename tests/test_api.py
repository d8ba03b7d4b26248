"""The public Python API: what `import detente` offers and how `detente.analyze` behaves."""

from __future__ import annotations

from datetime import date

import pytest

import detente
from detente.records import ArticleAnalysis

STORY = (
    "By Lena Ortiz\n\n"
    "TESSEL — Foreign Minister Ada Brun said on Monday that she had spoken with Paul Rask, "
    "her Varnian counterpart, for the first time since their dispute began last spring.\n\n"
    "Lena Ortiz is a reporter at the Tessel Herald.\n"
)


def test_public_api_is_listed_and_importable() -> None:
    for name in detente.__all__:
        assert hasattr(detente, name), name
    assert {"analyze", "analyze_documents", "ArticleAnalysis", "DetenteError"} <= set(
        detente.__all__
    )


@pytest.mark.model
def test_analyze_text_returns_typed_analysis() -> None:
    result = detente.analyze(STORY, published="2024-03-05", url="https://herald.example/x")
    assert isinstance(result, ArticleAnalysis)
    assert result.article.published == date(2024, 3, 5)
    assert result.article.authors == ("Lena Ortiz",)
    assert result.article.publisher == "the Tessel Herald"
    assert result.article.url == "https://herald.example/x"
    people = {a.name: a for a in result.actors if a.kind == "person"}
    assert "foreign minister" in people["Ada Brun"].roles
    assert "Rask" in people["Paul Rask"].aliases or people["Paul Rask"].mentions


@pytest.mark.model
def test_analyze_html_is_recognised_by_markup() -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in STORY.split("\n\n")[1:2] * 3)
    html = (
        "<html><head><title>Brun and Rask</title></head>"
        f"<body><article>{paragraphs}</article></body></html>"
    )
    result = detente.analyze(html)
    assert result.article.text.startswith("TESSEL")
    assert "<p>" not in result.article.text


@pytest.mark.parametrize(
    ("text", "published", "error"),
    [
        ("", None, "input is empty"),
        ("   \n", None, "input is empty"),
        (STORY, "March 5th", "not an ISO date"),
        ("<html><body><nav>Home</nav></body></html>", None, "no article text"),
    ],
)
def test_analyze_bad_input_raises_input_error(text: str, published: str | None, error: str) -> None:
    with pytest.raises(detente.InputError, match=error):
        detente.analyze(text, published=published)


def test_analyze_documents_reads_dicts_and_strings_and_skips_what_it_cannot() -> None:
    from detente.records import RawDocument, Skipped

    documents = [
        {"text": 5},
        {"html": "   "},
        42,
        RawDocument(source="x", kind="text", content="Ada Brun met Paul Rask.", published="soon"),  # type: ignore[arg-type]
        {"text": "Ada Brun spoke.", "published": "March 5th"},
    ]
    results = list(detente.analyze_documents(documents))  # type: ignore[arg-type]
    assert all(isinstance(r, Skipped) for r in results)
    reasons = [r.reason for r in results if isinstance(r, Skipped)]
    assert reasons[0] == "'text' must be a string"
    assert reasons[1] == "'html' is empty"
    assert reasons[2].startswith("not a document: a int")
    assert "'soon' is not an ISO date" in reasons[3]
    assert "'March 5th' is not an ISO date" in reasons[4]
    assert [r.source for r in results][:3] == ["<document 1>", "<document 2>", "<document 3>"]


@pytest.mark.model
def test_analyze_documents_accepts_a_dict_record_and_a_string() -> None:
    record = {"text": STORY, "published": "2024-03-05", "url": "https://herald.example/x"}
    first, second = detente.analyze_documents([record, STORY])
    assert isinstance(first, ArticleAnalysis) and isinstance(second, ArticleAnalysis)
    assert first.article.published == date(2024, 3, 5)
    assert first.article.url == "https://herald.example/x"
    assert second.article.published is None
    assert first.article.text == second.article.text


FRAGMENT = (
    "<p>Foreign Minister Ada Brun of Tessel met Paul Rask of Varnia in Geneva on Monday and "
    "praised him for his patience.</p>"
)


@pytest.mark.model
def test_a_single_paragraph_html_fragment_reads_like_the_same_plain_text() -> None:
    as_html = detente.analyze(FRAGMENT, published="2024-05-06")
    as_text = detente.analyze(FRAGMENT[3:-4], published="2024-05-06")
    assert as_html.article.text == as_text.article.text
    assert [e.type for e in as_html.events] == [e.type for e in as_text.events]
    assert as_html.events


@pytest.mark.model
def test_a_page_without_article_text_is_still_refused() -> None:
    with pytest.raises(detente.InputError, match="no article text"):
        detente.analyze("<html><body><nav>Home</nav><p>Log in</p></body></html>")


INDONESIAN = (
    '<html lang="id"><head><title>Berita</title></head><body><article>'
    "<p>Menteri Luar Negeri Ada Brun bertemu dengan Paul Rask di Jenewa pada hari Senin untuk "
    "membahas perjanjian perdagangan.</p><p>Keduanya sepakat untuk bertemu lagi bulan depan.</p>"
    "</article></body></html>"
)


@pytest.mark.model
def test_a_declared_language_counts_when_the_detector_is_unsure() -> None:
    from detente.clean import detect_language

    result = detente.analyze(INDONESIAN)
    _, certainty = detect_language(result.article.text)
    assert certainty < 0.9  # the detector alone would have said English
    assert result.article.language == "id"
    assert result.actors == () and result.events == ()
    assert any("'id' is not supported" in w for w in result.article.warnings)
    # a sure detector wins over a template's lang="en"
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")[1:2] * 2)
    english = f'<html lang="de"><body><article>{paragraphs}</article></body></html>'
    assert detect_language(STORY)[1] >= 0.9
    assert detente.analyze(english).article.language == "en"
