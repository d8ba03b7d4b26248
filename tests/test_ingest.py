"""Sources: text, HTML, JSON Lines and stdin into RawDocument records, and every bad input."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from detente.errors import EmptyInputError, EncodingError, InputError
from detente.ingest import open_source, read_source
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
