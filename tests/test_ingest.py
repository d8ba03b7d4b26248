"""Sources: text, HTML, JSON Lines and stdin into RawDocument records, and every bad input."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from detente.errors import EmptyInputError, EncodingError, InputError
from detente.ingest import open_source, read_source
from detente.ingest._dates import (
    PartialDate,
    date_in_url,
    dateline_date,
    dates_in_line,
    parse_published,
)
from detente.ingest.folder import read_path
from detente.ingest.stdin import read_stdin
from detente.records import RawDocument, Skipped

STORY = "Minister Ada Brun met envoy Paul Rask in Tessel on Monday to discuss the border.\n"


def _only(source: str | Path) -> RawDocument:
    docs = list(read_source(source))
    assert len(docs) == 1
    doc = docs[0]
    assert isinstance(doc, RawDocument)
    return doc


@pytest.mark.parametrize(
    ("name", "kind"),
    [("story.txt", "text"), ("page.html", "html"), ("page.htm", "html"), ("noext", "text")],
)
def test_read_source_picks_kind_by_suffix(tmp_path: Path, name: str, kind: str) -> None:
    content = f"<html><body><p>{STORY}</p></body></html>" if kind == "html" else STORY
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    doc = _only(path)
    assert doc.kind == kind
    assert doc.content == content
    assert doc.source == str(path)


def test_unknown_suffix_with_markup_is_html(tmp_path: Path) -> None:
    path = tmp_path / "page.dat"
    path.write_text("<!doctype html><html><body><p>x</p></body></html>", encoding="utf-8")
    assert _only(path).kind == "html"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", "Le ministre a déclaré à Genève que la réunion était très importante. " * 4),
        ("cp1252", "Minister Brun said the “talks” went well – both sides agreed. " * 4),
        ("utf-16", "Minister Brun said the talks went well. " * 4),
    ],
)
def test_non_utf8_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    doc = _only(path)
    assert doc.content.strip() == text.strip()
    assert doc.encoding != "utf-8" or encoding == "utf-8"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    assert _only(path).content == STORY


@pytest.mark.parametrize(
    ("setup", "error", "message"),
    [
        (lambda p: None, InputError, "no such file"),
        (lambda p: p.mkdir(), InputError, "is a directory"),
        (lambda p: p.write_bytes(b""), EmptyInputError, "empty"),
        (lambda p: p.write_bytes(b"  \n\t \n"), EmptyInputError, "empty"),
        (
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10),
            EncodingError,
            "binary",
        ),
        (lambda p: p.write_bytes(bytes(range(1, 32)) * 50), EncodingError, "control"),
    ],
    ids=["missing", "directory", "empty", "whitespace", "binary", "control-bytes"],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, setup, error, message) -> None:
    path = tmp_path / "story.txt"
    setup(path)
    with pytest.raises(error, match=message) as info:
        list(read_source(path))
    assert str(path) in str(info.value)


def test_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(STORY * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"over the .* limit"):
        list(read_source(path, limit=1000))


def test_size_limit_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(STORY * 100, encoding="utf-8")
    monkeypatch.setenv("DETENTE_MAX_BYTES", "2000")
    with pytest.raises(InputError, match="limit"):
        list(read_source(path))


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_keep_metadata_and_line_numbers(tmp_path: Path) -> None:
    record = {
        "id": "a1",
        "text": STORY,
        "url": "https://example.org/a1",
        "published": "2024-03-05",
        "title": "Brun meets Rask",
        "language": "en",
    }
    path = _jsonl(tmp_path, [json.dumps(record), "", json.dumps({"html": "<p>x</p>"})])
    first, second = list(read_source(path))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.doc_id, first.url, first.title, first.language) == (
        "a1",
        "https://example.org/a1",
        "Brun meets Rask",
        "en",
    )
    assert first.published == date(2024, 3, 5)
    assert first.line == 1 and second.line == 3
    assert second.kind == "html"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        (json.dumps({"title": "no body"}), "no 'text' or 'html'"),
        (json.dumps({"text": "   "}), "'text' is empty"),
        (json.dumps({"text": 5}), "'text' must be a string"),
        (json.dumps({"text": STORY, "published": "last Tuesday"}), "not an ISO date"),
    ],
)
def test_jsonl_bad_line_is_skipped_and_others_kept(tmp_path: Path, line: str, problem: str) -> None:
    good = json.dumps({"text": STORY})
    path = _jsonl(tmp_path, [good, line, good])
    results = list(read_source(path))
    assert [type(r) for r in results] == [RawDocument, Skipped, RawDocument]
    skip = results[1]
    assert isinstance(skip, Skipped)
    assert skip.line == 2
    assert problem in skip.reason


def test_jsonl_record_over_limit_is_skipped(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [json.dumps({"text": STORY * 50}), json.dumps({"text": STORY})])
    results = list(read_source(path, limit=500))
    assert isinstance(results[0], Skipped) and "limit" in results[0].reason
    assert isinstance(results[1], RawDocument)


def test_empty_jsonl_file_is_an_error(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, ["", "  "])
    with pytest.raises(InputError, match="empty"):
        list(read_source(path))


@pytest.mark.parametrize(
    ("data", "kind", "multi"),
    [
        (STORY.encode(), "text", False),
        (b"<html><body><p>" + STORY.encode() + b"</p></body></html>", "html", False),
        ((json.dumps({"text": STORY}) + "\n").encode() * 2, "text", True),
    ],
)
def test_stdin_kind_is_sniffed(data: bytes, kind: str, multi: bool) -> None:
    docs = list(read_stdin(io.BytesIO(data)))
    assert all(isinstance(d, RawDocument) and d.kind == kind for d in docs)
    assert len(docs) == (2 if multi else 1)


def test_open_source_says_jsonl_is_multi(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [json.dumps({"text": STORY})])
    assert open_source(path).multi
    txt = tmp_path / "a.txt"
    txt.write_text(STORY, encoding="utf-8")
    assert not open_source(txt).multi


def test_empty_stdin_is_an_error() -> None:
    with pytest.raises(EmptyInputError):
        list(read_stdin(io.BytesIO(b"")))


def test_cyrillic_single_byte_is_not_read_as_western(tmp_path: Path) -> None:
    text = "Министр заявил, что переговоры прошли хорошо и будут продолжены. " * 4
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert _only(path).content.strip() == text.strip()


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    html = '<html><head><meta charset="iso-8859-7"></head><body><p>Ο υπουργός είπε ναι.</p>'
    path = tmp_path / "gr.html"
    path.write_bytes(html.encode("iso-8859-7"))
    assert "υπουργός" in _only(path).content


# --- publication dates: declared, in text lines, datelines, addresses -------------------------

TODAY = date(2024, 7, 1)


@pytest.mark.parametrize(
    ("value", "day", "precision"),
    [
        ("2021-06-15", date(2021, 6, 15), "day"),
        ("2021-06-15T10:00:00Z", date(2021, 6, 15), "day"),
        ("2021-06-15T23:30:00-05:00", date(2021, 6, 15), "day"),  # the publisher's own day
        ("2021-06-15 08:00", date(2021, 6, 15), "day"),
        ("Tue, 15 Jun 2021 10:00:00 +0000", date(2021, 6, 15), "day"),
        ("15 Jun 2021 10:00:00 GMT", date(2021, 6, 15), "day"),
        ("2025-03", date(2025, 3, 1), "month"),
        ("2025", date(2025, 1, 1), "year"),
    ],
)
def test_parse_published_accepts_iso_partial_and_rfc2822(
    value: str, day: date, precision: str
) -> None:
    assert parse_published("x", value) == PartialDate(day, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["2024-13-45", "garbage", "2025-13", "0000", "", "  ", 20240305])
def test_parse_published_rejects_what_is_no_date(value: object) -> None:
    with pytest.raises(InputError, match="is not an ISO date"):
        parse_published("x", value)


@pytest.mark.parametrize(
    ("record", "day", "precision"),
    [
        ({"published": "2024-03-05"}, date(2024, 3, 5), "day"),
        ({"date": "2024-03-05T09:00:00+01:00"}, date(2024, 3, 5), "day"),
        ({"published_at": "Tue, 05 Mar 2024 09:00:00 +0000"}, date(2024, 3, 5), "day"),
        ({"publishedAt": "2024-03"}, date(2024, 3, 1), "month"),
        ({"published": "2024-03-05", "date": "2023-01-01"}, date(2024, 3, 5), "day"),
        ({"published": None, "date": "2023"}, date(2023, 1, 1), "year"),
        ({"date": "June 15, 2023"}, date(2023, 6, 15), "day"),  # written out
        # the other keys are only guessed at: one that is no date is passed over, not an error
        ({"date": "garbage"}, None, "day"),
        ({"publishedAt": "next week", "date": "2024-03"}, date(2024, 3, 1), "month"),
        ({}, None, "day"),
    ],
)
def test_jsonl_date_keys_first_present_wins(
    tmp_path: Path, record: dict[str, object], day: date | None, precision: str
) -> None:
    doc = _only(_jsonl(tmp_path, [json.dumps({"text": STORY, **record})]))
    assert (doc.published, doc.published_precision) == (day, precision)


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"published": "2024-13-45"}, "published '2024-13-45' is not an ISO date"),
        ({"published": "next week"}, "published 'next week' is not an ISO date"),
    ],
)
def test_jsonl_malformed_date_skips_only_its_record(
    tmp_path: Path, record: dict[str, object], problem: str
) -> None:
    good = json.dumps({"text": STORY})
    results = list(read_source(_jsonl(tmp_path, [good, json.dumps({"text": STORY, **record})])))
    assert isinstance(results[0], RawDocument)
    skip = results[1]
    assert isinstance(skip, Skipped) and skip.line == 2
    assert problem in skip.reason


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published June 15, 2023 10:32 AM ET", [("published", date(2023, 6, 15))]),
        ("First published on Wed 14 Jun 2023 06.00 BST", [("published", date(2023, 6, 14))]),
        ("Posted: 3rd March 2024", [("published", date(2024, 3, 3))]),
        ("Last updated 2023-06-16T08:00:00Z", [("updated", date(2023, 6, 16))]),
        (
            "Updated June 16, 2023 | Published June 15, 2023",
            [("updated", date(2023, 6, 16)), ("published", date(2023, 6, 15))],
        ),
        ("Sept. 9, 2022", [(None, date(2022, 9, 9))]),
        ("15/06/2023", [(None, date(2023, 6, 15))]),
        ("06/15/2023 4:10 pm", [(None, date(2023, 6, 15))]),
        ("15.06.2023", [(None, date(2023, 6, 15))]),
        ("03/04/2023", []),  # day and month could be either way round
        ("June 31, 2023", []),  # no such day
        ("Published June 15, 2031", []),  # after today
    ],
)
def test_dates_in_timestamp_line(line: str, expected: list[tuple[str | None, date]]) -> None:
    assert dates_in_line(line, today=TODAY) == expected


@pytest.mark.parametrize(
    ("paragraph", "reference", "expected"),
    [
        ("PARIS, 15 June 2023 — The minister said ...", None, date(2023, 6, 15)),
        (
            "WASHINGTON, June 15 (Harbor Wire) - Officials met ...",
            date(2023, 6, 1),
            date(2023, 6, 15),
        ),
        (
            "KELMORA, Ardenia, Dec. 30 (Harbor Wire) – Talks ...",
            date(2024, 1, 2),
            date(2023, 12, 30),
        ),
        ("ST. LOUIS, March 3 -- The envoy ...", date(2022, 3, 1), date(2022, 3, 3)),
        ("WASHINGTON, June 15 (Harbor Wire) - Officials met ...", None, None),  # no year anywhere
        ("TESSEL — The minister said on Monday ...", date(2023, 6, 1), None),  # no date
        ("Paris, 15 June 2023 — lower-case place is prose", None, None),
        ("The talks, June 15 2023 — a sentence", None, None),
    ],
)
def test_dateline_date(paragraph: str, reference: date | None, expected: date | None) -> None:
    assert dateline_date(paragraph, reference, today=TODAY) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2016/08/04/talks-resume", PartialDate(date(2016, 8, 4))),
        ("https://news.example/world/2016/8/4/", PartialDate(date(2016, 8, 4))),
        ("https://news.example/stories/2023/jul/17/envoy-visit", PartialDate(date(2023, 7, 17))),
        (
            "https://news.example/world/envoy-visit-20211101-p5abc.html",
            PartialDate(date(2021, 11, 1)),
        ),
        ("https://news.example/20211101/envoy", PartialDate(date(2021, 11, 1))),
        ("https://news.example/news/2021-11-01-envoy", PartialDate(date(2021, 11, 1))),
        (
            "https://news.example/view.php?yyyy=2016&mm=06&dd=27&id=5",
            PartialDate(date(2016, 6, 27)),
        ),
        ("https://news.example/2016/08/envoy-visit", PartialDate(date(2016, 8, 1), "month")),
        ("https://news.example/2016/13/45/x", None),  # no such date
        ("https://news.example/story/20219999/x", None),
        ("https://news.example/story/19851101/x", None),  # before 1990: an id
        ("https://news.example/2031/01/02/x", None),  # after today
        ("https://news.example/story/120211101/x", None),  # nine digits
        ("https://news.example/story/3725469-envoy", None),
        ("https://news.example/2016/envoy", None),  # a year alone is not enough
        ("https://news.example/view.php?yyyy=2016&mm=06&dd=²", None),  # a digit, not ASCII
        ("https://news.example/view.php?yyyy=99999999999999999999&mm=1&dd=1", None),  # overflow
    ],
)
def test_date_in_url(url: str, expected: PartialDate | None) -> None:
    assert date_in_url(url, today=TODAY) == expected


def test_read_path_default_date_only_for_documents_without_one(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(STORY, encoding="utf-8")
    batch = _jsonl(
        tmp_path,
        [json.dumps({"text": STORY, "published": "2023-05"}), json.dumps({"text": STORY})],
    )
    default = date(2024, 3, 1)
    (plain,) = list(read_path(text, published=default))
    dated, undated = list(read_path(batch, published=default))
    assert isinstance(plain, RawDocument) and plain.published == default
    assert isinstance(dated, RawDocument) and isinstance(undated, RawDocument)
    assert (dated.published, dated.published_precision) == (date(2023, 5, 1), "month")
    assert (undated.published, undated.published_precision) == (default, "day")
    (none,) = list(read_path(text))
    assert isinstance(none, RawDocument) and none.published is None
