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
