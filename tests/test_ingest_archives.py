"""Archive and feed sources for `detente ingest`: WARC/WARC.gz, RSS/Atom, folders; bad inputs.

Readers are tested on files written here (warcio writes the archives). The ``model`` tests ingest
a folder that mixes good and bad inputs: each bad one is skipped with its reason, the rest lands.
"""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from detente.ingest.feed import read_feed_file
from detente.ingest.folder import count_documents, expand_paths, read_path
from detente.ingest.warc import read_warc_file
from detente.records import RawDocument, Skipped

PARAGRAPHS = [
    "VELORIA, Kastoria — President Anton Kessler and Prime Minister Elena Varga agreed on "
    "Tuesday to reopen the Halden ferry crossing to freight, ending a closure of almost a year.",
    "Kessler said the decision followed three rounds of quiet talks hosted by Estavia, and that "
    "the harder questions of the border treaty would be left to a joint commission.",
    "Varga thanked her Kastorian counterpart in a short statement and said a first freight "
    "convoy would cross on the first of April, carrying timber and dried fish.",
]


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:site_name' content='Harbor Wire'>"
        "<meta property='article:published_time' content='2024-03-05T08:00:00Z'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>© 2024 Harbor Wire</footer></body></html>"
    ).encode()


def _warc(path: Path, records: list[tuple[str, str, bytes, str]], *, gzip: bool = True) -> None:
    """Write ``(url, content type, body, status)`` responses plus a request record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, content_type, body, status in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
            for record in (
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                ),
                writer.create_warc_record(url, "request", http_headers=request),
            ):
                writer.write_record(record)
                record.raw_stream.close()  # warcio buffers payloads in temporary files


def _two_pages(path: Path, gzip: bool = True) -> None:
    _warc(
        path,
        [
            (
                "https://harbor.example/ferry",
                "text/html; charset=utf-8",
                _page("Ferry", PARAGRAPHS),
                "200 OK",
            ),
            ("https://harbor.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n", "200 OK"),
            ("https://harbor.example/old", "text/html", b"<html>moved</html>", "301 Moved"),
            (
                "https://harbor.example/talks",
                "text/html",
                _page("Talks", PARAGRAPHS[::-1]),
                "200 OK",
            ),
        ],
        gzip=gzip,
    )


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_yields_html_responses_only_with_their_urls(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    _two_pages(path, gzip)
    docs = list(read_warc_file(path))
    assert [type(d) for d in docs] == [RawDocument, RawDocument]
    assert [d.url for d in docs if isinstance(d, RawDocument)] == [
        "https://harbor.example/ferry",
        "https://harbor.example/talks",
    ]
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert first.kind == "html" and "Halden ferry" in first.content
    assert first.source == f"{path}:1" and first.line == 1
    assert count_documents(path) == 2


def test_truncated_warc_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _two_pages(whole)
    cut = tmp_path / "cut.warc.gz"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) - 300])
    docs = list(read_path(cut))
    assert isinstance(docs[0], RawDocument)
    assert isinstance(docs[-1], Skipped)
    assert "corrupt" in docs[-1].reason
    assert docs[-1].source == str(cut)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("garbage.warc", b"this is not an archive at all\n" * 20, "not a WARC archive"),
        ("garbage.warc.gz", b"\x1f\x8b\x08\x00" + os.urandom(200), "not a WARC archive"),
        ("empty.warc", b"", "not a WARC archive"),
        ("not-xml.rss", b"{ this is not xml, it is not anything }", "not an RSS or Atom feed"),
        ("page.xml", b"<html><body><p>Just a page.</p></body></html>", "not an RSS or Atom feed"),
        ("empty.atom", b"   \n", "not an RSS/Atom feed"),
    ],
)
def test_bad_archive_or_feed_is_one_skip_with_its_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    docs = list(read_path(path))
    assert len(docs) == 1
    assert isinstance(docs[0], Skipped)
    assert reason in docs[0].reason
    assert docs[0].source == str(path)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbor Wire</title><link>https://harbor.example/</link>
<item><title>Ferry to reopen</title><link>https://harbor.example/ferry</link>
<guid>ferry-1</guid><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Talks</title><link>https://harbor.example/talks</link>
<pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate><description>{summary}</description></item>
<item><title>Nothing here</title><link>https://harbor.example/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northline</title>
<entry><title>Talks</title><link href="https://northline.example/talks"/><id>tag:n,1</id>
<updated>2024-03-07T10:00:00Z</updated><content type="html">{body}</content></entry>
</feed>"""


def test_rss_entries_carry_content_link_and_date(tmp_path: Path) -> None:
    path = tmp_path / "harbor.rss"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    path.write_text(RSS.format(body=body, summary=PARAGRAPHS[1]), encoding="utf-8")
    docs = list(read_feed_file(path))
    assert [type(d) for d in docs] == [RawDocument, RawDocument, Skipped]
    first, second, third = docs
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    # the full content beats the teaser
    assert first.kind == "html" and "Halden ferry" in first.content
    assert (first.url, first.published, first.title, first.doc_id) == (
        "https://harbor.example/ferry",
        date(2024, 3, 5),
        "Ferry to reopen",
        "ferry-1",
    )
    assert second.kind == "text" and second.published == date(2024, 3, 6)
    assert isinstance(third, Skipped) and third.line == 3 and "no content" in third.reason
    assert count_documents(path) == 3


def test_atom_entry_is_read(tmp_path: Path) -> None:
    path = tmp_path / "northline.atom"
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAGRAPHS)
    path.write_text(ATOM.format(body=body), encoding="utf-8")
    (doc,) = read_feed_file(path)
    assert isinstance(doc, RawDocument)
    assert (doc.url, doc.published) == ("https://northline.example/talks", date(2024, 3, 7))
    assert "Kessler said" in doc.content


def test_folder_is_walked_recursively_in_order_leaving_out_other_files(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    for name in ("a.txt", "b/deep/c.html", "b/d.jsonl", "b/e.warc.gz", "f.rss", "notes.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "script.py").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    expanded = expand_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in expanded.files] == [
        "a.txt",
        "f.rss",
        "b/d.jsonl",
        "b/e.warc.gz",
        "b/deep/c.html",
    ]
    assert expanded.ignored == 3


def test_missing_path_stops_before_anything_is_read(tmp_path: Path) -> None:
    from detente.errors import InputError

    with pytest.raises(InputError, match="no such file or folder"):
        expand_paths([tmp_path / "nope"])


# --- through `detente ingest` ---------------------------------------------------------------


def _mixed_folder(root: Path) -> Path:
    folder = root / "inbox"
    (folder / "archives").mkdir(parents=True)
    (folder / "good.txt").write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    _two_pages(folder / "archives" / "crawl.warc.gz")
    (folder / "archives" / "corrupt.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x07" * 300)
    (folder / "feed.rss").write_text(
        RSS.format(body="".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:]), summary=PARAGRAPHS[2]),
        encoding="utf-8",
    )
    (folder / "broken.rss").write_bytes(b"not xml at all")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    locked = folder / "locked.txt"
    locked.write_text("\n\n".join(PARAGRAPHS[:2]), encoding="utf-8")
    locked.chmod(0)
    (folder / "gone.txt").symlink_to(root / "deleted.txt")  # unreadable even for root
    return folder


@pytest.mark.model
def test_ingest_folder_skips_bad_inputs_with_reasons_and_keeps_the_rest(
    tmp_path: Path, run_cli
) -> None:
    folder = _mixed_folder(tmp_path)
    db = tmp_path / "mixed.duckdb"
    try:
        result = run_cli("ingest", str(folder), "--db", str(db), "--format", "json")
    finally:
        (folder / "locked.txt").chmod(0o644)
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    # good.txt, 2 WARC pages, 2 feed entries; locked.txt too when the tests run as root
    assert summary["ingested"] in (5, 6)
    skipped = run_cli("skipped", "--db", str(db), "--format", "json")
    assert skipped.returncode == 0, skipped.stderr.decode()
    reasons = {
        Path(r["source"].split(":")[0]).name: r["reason"] for r in json.loads(skipped.stdout)
    }
    assert "not a WARC archive" in reasons["corrupt.warc.gz"]
    assert "not an RSS or Atom feed" in reasons["broken.rss"]
    assert "binary" in reasons["binary.txt"]
    assert "broken symbolic link" in reasons["gone.txt"]
    assert "no content" in reasons["feed.rss"]
    if os.geteuid() != 0:
        assert "permission denied" in reasons["locked.txt"]
    assert summary["skipped"] == len(reasons)

    text = run_cli("skipped", "--db", str(db))
    assert text.returncode == 0
    assert "broken.rss" in text.stdout.decode()


def test_skipped_on_a_missing_store_is_a_clear_error(tmp_path: Path, run_cli) -> None:
    result = run_cli("skipped", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert b"no such store" in result.stderr
    assert b"Traceback" not in result.stderr


def test_ingest_of_a_missing_path_is_a_clear_error(tmp_path: Path, run_cli) -> None:
    result = run_cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "s.duckdb"))
    assert result.returncode == 1
    assert b"no such file or folder" in result.stderr
    assert b"Traceback" not in result.stderr


def test_ingest_into_a_corrupt_store_is_a_clear_error(tmp_path: Path, run_cli) -> None:
    db = tmp_path / "bad.duckdb"
    db.write_bytes(b"\x00garbage" * 1000)
    (tmp_path / "a.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    result = run_cli("ingest", str(tmp_path / "a.txt"), "--db", str(db))
    assert result.returncode == 1
    assert b"not a readable DuckDB database" in result.stderr
    assert b"Traceback" not in result.stderr
