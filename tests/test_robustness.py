"""One document never stops a batch; bounded work on hostile input; damaged stores refused.

Regression tests for the findings of issue 11 (a probe of 2,547 hostile inputs): each trigger is
rebuilt here from self-written bytes and sentences (fiction), never from a real article.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import pipeline
from detente.clean import clean
from detente.config import max_article_chars
from detente.corpus import ingest
from detente.errors import EmptyInputError, InputError, StoreError, contained, is_internal_error
from detente.ingest import read_source
from detente.ingest.folder import count_documents, expand_paths, read_path
from detente.ingest.jsonl import parse_jsonl_lines
from detente.ingest.stdin import read_stdin
from detente.records import ArticleAnalysis, RawDocument, Skipped
from detente.store import Store, _open_error

GOOD = (
    "Senator Anna Varga of Norland met Prime Minister Victor Hollins of Kastoria in Lindmoor on "
    "Tuesday, and the two leaders agreed to resume talks on fishing rights."
)
# The quote's subject is named with its opening quote mark taken into the mention ("“King
# Tom”): tone_toward was given offsets from -1 and raised (found on a real article, rebuilt).
NICKNAME = (
    "Anna Varga says she is glad of the support of the actor Tom Rivers.\n\n"
    "Speaking in Lindmoor, Varga says the Ardenia native nicknamed “King Tom” is a longtime, "
    "dedicated advocate for the poor."
)


def _doc(text: str, source: str = "doc", **meta: object) -> RawDocument:
    return RawDocument(source=source, kind="text", content=text, **meta)  # type: ignore[arg-type]


# --- errors.contained -----------------------------------------------------------------------


def test_contained_turns_a_bug_into_a_reason_and_lets_detente_errors_through() -> None:
    with contained("events") as guard:
        raise ValueError("mention offsets -1-10\nare wrong")
    assert guard.reason == "internal error in events: ValueError: mention offsets -1-10 are wrong"
    assert is_internal_error(guard.reason)
    with pytest.raises(InputError), contained("clean"):
        raise InputError("x", "bad input is a skip of its own")
    with pytest.raises(KeyboardInterrupt), contained("clean"):
        raise KeyboardInterrupt


def test_contained_prints_the_traceback_under_detente_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DETENTE_DEBUG", "1")
    with contained("quotes") as guard:
        {}["missing"]
    assert guard.reason == "internal error in quotes: KeyError: 'missing'"
    assert "Traceback" in capsys.readouterr().err


# --- readers: JSON, WARC, folders -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (f'{{"text": "{GOOD}", "n": {"9" * 5000}}}', "cannot be read (Exceeds the limit"),
        (f'{{"text": "{GOOD}", "n": {"[" * 1000}{"]" * 1000}}}', "nested too deeply"),
    ],
)
def test_unreadable_json_line_is_its_skip_and_the_next_line_is_read(line: str, reason: str) -> None:
    good = json.dumps({"text": GOOD})
    records = list(parse_jsonl_lines("f.jsonl", [line.encode(), good.encode()]))
    assert isinstance(records[0], Skipped) and reason in records[0].reason
    assert not is_internal_error(records[0].reason)
    assert isinstance(records[1], RawDocument) and records[1].line == 2


def test_deeply_nested_json_on_stdin_is_a_skipped_line() -> None:
    data = ('{"text": "x", "n": ' + "[" * 1000 + "]" * 1000 + "}\n").encode()
    import io

    (record,) = read_stdin(io.BytesIO(data))
    assert isinstance(record, Skipped) and "nested too deeply" in record.reason


def test_warc_with_a_26_digit_content_length_is_damage_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "huge.warc"
    path.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/a\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: 12345678901234567890123456\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Varga met Hollins.</p>\r\n\r\n"
    )
    (record,) = read_path(path)
    assert isinstance(record, Skipped)
    assert "WARC" in record.reason and not is_internal_error(record.reason)


def test_warc_with_a_wrong_content_length_writes_nothing_to_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>" + GOOD.encode() + b"</p>"

    def record(length: int) -> bytes:
        head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/a\r\n"
        head += b"Content-Type: application/http; msgtype=response\r\n"
        return head + b"Content-Length: %d\r\n\r\n" % length + http + b"\r\n\r\n"

    path = tmp_path / "short.warc"
    path.write_bytes(record(len(http) - 12) + record(len(http)))
    assert [type(r) for r in read_path(path)] == [RawDocument, RawDocument]
    assert capfd.readouterr().err == ""  # warcio wrote a warning per bad record


def test_a_bug_in_one_warc_page_or_feed_entry_skips_only_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detente.ingest import feed, warc

    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>" + GOOD.encode() + b"</p>"
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/a\r\n"
    head += b"Content-Type: application/http; msgtype=response\r\n"
    record = head + b"Content-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n"
    (tmp_path / "a.warc").write_bytes(record * 2)
    item = f"<item><title>T</title><description>{GOOD}</description></item>"
    (tmp_path / "a.rss").write_text(f'<rss version="2.0"><channel>{item * 2}</channel></rss>')
    page, entry = warc._page, feed._entry

    def first_fails(real):  # type: ignore[no-untyped-def]
        def call(*args):  # type: ignore[no-untyped-def]
            if 1 in args:
                raise LookupError("unknown encoding: x-fuzz")
            return real(*args)

        return call

    monkeypatch.setattr(warc, "_page", first_fails(page))
    monkeypatch.setattr(feed, "_entry", first_fails(entry))
    for name in ("a.warc", "a.rss"):
        first, second = read_path(tmp_path / name)
        assert isinstance(first, Skipped) and first.line == 1
        assert first.reason == "internal error in read: LookupError: unknown encoding: x-fuzz"
        assert isinstance(second, RawDocument) and second.line == 2


def test_gzip_of_zeros_named_warc_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    # 64 MB of zeros in 64 KB: warcio read it as one header line without end (2.7 GB for 200 MB)
    path = tmp_path / "zeros.warc.gz"
    path.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" + bytes(64 << 20)))
    started = time.perf_counter()
    records = list(read_path(path))
    assert count_documents(path) == 1
    assert [type(r) for r in records] == [Skipped]
    assert time.perf_counter() - started < 20


def test_folder_walk_refuses_fifos_devices_and_links_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "sub" / "inner.txt").symlink_to(folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")
    expanded = expand_paths([folder])
    assert [p.relative_to(folder).as_posix() for p in expanded.files] == ["a.txt", "sub/inner.txt"]
    reasons = {Path(s.source).name: s.reason for s in expanded.refused}
    assert "outside the folder" in reasons["passwd.txt"]
    assert "outside the folder" in reasons["zero.txt"]
    assert "named pipe (FIFO)" in reasons["pipe.txt"]
    # named on the command line, a link may point anywhere, but only to a regular file
    direct = expand_paths([folder / "zero.txt", folder / "pipe.txt", folder / "passwd.txt"])
    assert [s.reason for s in direct.refused] == [
        "is a character device, not a regular file; only files are read",
        "is a named pipe (FIFO), not a regular file; only files are read",
    ]
    with pytest.raises(InputError, match="named pipe"):
        list(read_source(folder / "pipe.txt"))


def test_unreadable_subfolder_is_a_recorded_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if str(path).endswith("locked"):  # chmod 000 does not stop root: deny it here
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    expanded = expand_paths([tmp_path])
    assert [p.name for p in expanded.files] == ["b.txt"]
    (refused,) = expanded.refused
    assert refused.source.endswith("locked")
    assert refused.reason.startswith("folder cannot be read: Permission denied")


def test_undecodable_file_name_is_escaped_in_its_source(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad-\xffname.txt")
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    (doc,) = read_path(tmp_path / name)
    assert doc.source.endswith("bad-\\xffname.txt")
    doc.source.encode("utf-8")  # valid Unicode: DuckDB and a terminal take it


# --- clean ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"\x8f", b"q\xe9Zk\x92", "\u200b".encode() * 400, "\u200b \ufeff\u2060".encode() * 50],
    ids=["one-byte", "five-bytes", "zero-width-spaces", "invisible-mix"],
)
def test_a_few_bytes_or_invisible_characters_are_no_article(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "tiny.txt"
    path.write_bytes(content)
    (record,) = list(read_path(path))
    if isinstance(record, RawDocument):
        with pytest.raises(EmptyInputError):
            clean(record)


def test_bare_gzip_header_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
    (record,) = read_path(path)
    assert isinstance(record, Skipped) and "binary" in record.reason


def test_long_run_without_spaces_is_broken_with_a_warning() -> None:
    article = clean(_doc(f"{GOOD} {'<' * 1000} The talks resume next week."))
    assert max(len(w) for w in article.text.split()) == 300
    assert any("broken with a space every 300" in w for w in article.warnings)


def test_tag_with_thousands_of_attributes_is_refused_before_parsing() -> None:
    attributes = " ".join(f'a{i}="x"' for i in range(5000))
    page = f"<html><body><p {attributes}>{GOOD}</p></body></html>"
    started = time.perf_counter()
    with pytest.raises(InputError, match="5,000 attributes"):
        clean(RawDocument(source="p.html", kind="html", content=page))
    assert time.perf_counter() - started < 5


def test_article_length_limit_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert max_article_chars() == 400_000
    monkeypatch.setenv("DETENTE_MAX_CHARS", "5000000")
    assert max_article_chars() == 1_000_000  # never above spaCy's max_length
    monkeypatch.setenv("DETENTE_MAX_CHARS", "800")
    assert max_article_chars() == 800


# --- the pipeline: one document never stops a batch ------------------------------------------


@pytest.mark.model
def test_a_bug_in_one_document_is_its_skip_and_the_batch_goes_on(bug_in_events: str) -> None:
    docs = [_doc(GOOD, "a"), _doc(f"{GOOD} Quillfeather was there.", "b", line=2), _doc(GOOD, "c")]
    results = list(pipeline.analyze_documents(docs))
    assert [type(r) for r in results] == [ArticleAnalysis, Skipped, ArticleAnalysis]
    assert results[1] == Skipped("b", bug_in_events, 2)


@pytest.mark.model
def test_a_parse_failure_skips_only_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.parse

    def batch(articles, n_process=1):  # type: ignore[no-untyped-def]
        raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000")

    def one(article):  # type: ignore[no-untyped-def]
        if article.source == "b":
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000")
        return real(article)

    monkeypatch.setattr(pipeline, "parse_many", batch)
    monkeypatch.setattr(pipeline, "parse", one)
    results = list(pipeline.analyze_documents([_doc(GOOD, "a"), _doc(GOOD, "b"), _doc(GOOD, "c")]))
    assert [type(r) for r in results] == [ArticleAnalysis, Skipped, ArticleAnalysis]
    assert isinstance(results[1], Skipped)
    assert results[1].reason.startswith("internal error in nlp: ValueError: [E088]")


@pytest.mark.model
def test_lone_surrogates_in_text_title_and_url_become_replacement_characters() -> None:
    doc = _doc(f"{GOOD} \ud800", title="Talks \udfff", url="https://x.example/\ud800")
    (result,) = pipeline.analyze_documents([doc])
    assert isinstance(result, ArticleAnalysis)
    assert result.article.text.endswith("\ufffd")
    assert result.article.title == "Talks \ufffd"
    assert result.article.url == "https://x.example/\ufffd"
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.model
def test_text_over_the_length_limit_skips_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETENTE_MAX_CHARS", "1000")
    (result,) = pipeline.analyze_documents([_doc(" ".join([GOOD] * 10))])
    assert isinstance(result, Skipped)
    assert "over the 1,000-character limit (set DETENTE_MAX_CHARS" in result.reason


@pytest.mark.model
def test_a_mention_that_takes_in_the_quote_mark_is_analysed() -> None:
    (result,) = pipeline.analyze_documents([_doc(NICKNAME)])
    assert isinstance(result, ArticleAnalysis), result


# --- ingest: every good document stored, every bad one listed --------------------------------


def _triggers(folder: Path) -> None:
    """One file of each trigger of issue 11, between good articles."""
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b-bignum.jsonl").write_text(
        json.dumps({"text": GOOD.replace("Tuesday", "Monday")})
        + "\n"
        + f'{{"text": "x", "n": {"9" * 5000}}}\n',
        encoding="utf-8",
    )
    (folder / "c-deep.jsonl").write_text(
        f'{{"text": "x", "n": {"[" * 1000}{"]" * 1000}}}\n', encoding="utf-8"
    )
    (folder / "d-surrogate.jsonl").write_text(
        json.dumps({"text": GOOD.replace("Lindmoor", "Vantry")})[:-2]
        + ' \\ud800", "title": "T \\udfff"}\n',
        encoding="utf-8",
    )
    (folder / "e-long.txt").write_text(" ".join([GOOD] * 40), encoding="utf-8")
    (folder / os.fsdecode(b"f-\xffname.txt")).write_text(
        GOOD.replace("fishing", "grain"), encoding="utf-8"
    )
    (folder / "g.warc").write_bytes(
        b"WARC/1.0\r\nContent-Length: 12345678901234567890123456\r\n\r\n"
    )
    (folder / "h-random.txt").write_bytes(b"q\xe9Zk\x92")
    (folder / "i-nickname.txt").write_text(NICKNAME, encoding="utf-8")
    os.mkfifo(folder / "j-pipe.txt")
    (folder / "k-passwd.txt").symlink_to("/etc/passwd")
    (folder / "z-good.txt").write_text(GOOD.replace("Tuesday", "Friday"), encoding="utf-8")


@pytest.mark.model
def test_ingest_of_every_trigger_stores_the_good_and_lists_the_bad(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DETENTE_MAX_CHARS", "2000")
    _triggers(tmp_path / "in")
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest([tmp_path / "in"], store)
        sources = sorted(Path(r["source"]).name for r in store.rows("SELECT source FROM articles"))
        skipped = {Path(r.source).name: r.reason for r in store.skipped()}
    assert sources == [
        "a-good.txt",
        "b-bignum.jsonl:1",
        "d-surrogate.jsonl:1",
        "f-\\xffname.txt",
        "i-nickname.txt",
        "z-good.txt",
    ]
    assert sorted(skipped) == [
        "b-bignum.jsonl:2",
        "c-deep.jsonl:1",
        "e-long.txt",
        "g.warc",
        "h-random.txt",
        "j-pipe.txt",
        "k-passwd.txt",
    ]
    assert summary.internal_errors == 0
    assert not any(is_internal_error(r) for r in skipped.values())


@pytest.mark.model
def test_ingest_cli_counts_internal_errors_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detente.cli import app

    real = pipeline.extract_quotes

    def quotes(parsed, actors, dates):  # type: ignore[no-untyped-def]
        if "Friday" in parsed.article.text:
            raise RuntimeError("a bug")
        return real(parsed, actors, dates)

    monkeypatch.setattr(pipeline, "extract_quotes", quotes)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.replace("Tuesday", "Friday"), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    done = CliRunner().invoke(
        app,
        [
            "ingest",
            str(tmp_path / "a.txt"),
            str(tmp_path / "b.txt"),
            "--db",
            str(db),
            "--format",
            "json",
        ],
    )
    assert done.exit_code == 1, done.output
    summary = json.loads(done.stdout)
    assert (summary["ingested"], summary["skipped"], summary["internal_errors"]) == (1, 1, 1)
    assert "1 document(s) hit an internal error" in done.stderr
    with Store.open(db, read_only=True) as store:
        (record,) = store.skipped()
    assert record.reason == "internal error in quotes: RuntimeError: a bug"


def test_a_hundred_thousand_bad_lines_are_recorded_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"".join(b'{"text": %d}\n' % i for i in range(100_000)))
    started = time.perf_counter()
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest([path], store)
        stored = store.rows("SELECT count(*) AS n, sum(times) AS t FROM skipped")[0]
    assert summary.skipped == 100_000 and stored == {"n": 100_000, "t": 100_000}
    assert time.perf_counter() - started < 30  # one transaction each: ~7 minutes


def test_skips_recorded_again_count_their_times(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.record_skips([("a.jsonl:1", 1, "bad"), ("a.jsonl:1", 1, "bad"), ("b.txt", None, "x")])
        store.record_skips([("b.txt", None, "x")])
        times = {r.source: r.times for r in store.skipped()}
    assert times == {"a.jsonl:1": 2, "b.txt": 2}


@pytest.mark.model
def test_events_and_quotes_of_articles_without_an_outlet(tmp_path: Path, run_cli) -> None:
    text = f"{GOOD}\n\n“We will talk again soon,” Varga said of Hollins."
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert run_cli("ingest", str(tmp_path / "one.txt"), "--db", db).returncode == 0
    for command in ("events", "quotes"):
        done = run_cli(command, "--db", db)
        assert done.returncode == 0, done.stderr.decode()
        rows = json.loads(run_cli(command, "--db", db, "--format", "json").stdout)
        assert rows and all(r["outlets"] == [] for r in rows)


# --- damaged stores -------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path) -> bytes:
    """The bytes of a small store with a few thousand skips (no model needed)."""
    path = tmp_path / "base.duckdb"
    with Store.open(path) as store:
        # hashes do not compress: the data fills the file, so its middle holds data
        store.record_skips(
            [(f"f{i}.txt", None, hashlib.sha256(b"%d" % i).hexdigest()) for i in range(30_000)]
        )
    return path.read_bytes()


def _damage(data: bytes, how: str) -> bytes:
    middle = len(data) // 2
    if how == "truncated":
        return data[:middle]
    if how == "zeroed":
        return data[:8192] + bytes(262_144) + data[8192 + 262_144 :]
    return data[:middle] + bytes(range(256)) * 256 + data[middle + 65_536 :]  # 64 KB garbage


@pytest.mark.parametrize("how", ["truncated", "zeroed", "garbage"])
@pytest.mark.parametrize("read_only", [False, True])
def test_damaged_store_is_refused_on_open(
    tmp_path: Path, stored: bytes, how: str, read_only: bool
) -> None:
    path = tmp_path / "damaged.duckdb"
    path.write_bytes(_damage(stored, how))
    with pytest.raises(StoreError, match=r"damaged|not a readable DuckDB database"):
        Store.open(path, read_only=read_only).close()


def test_store_error_classifier_reads_the_error_not_the_file_name() -> None:
    import duckdb

    path = "/data/corrupt-feeds/store.duckdb"
    error = duckdb.IOException(f'Cannot open file "{path}": No space left on device')
    assert str(_open_error(path, error)) == (
        f'{path}: cannot open the store: Cannot open file "<store>": No space left on device'
    )
