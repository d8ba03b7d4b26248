"""Fuzz harness (hypothesis): hostile input never escapes as a bug, never hangs, stays in memory.

Each target feeds generated input to one reader or entry point and checks its contract: it
returns records, or raises a :class:`~detente.errors.DetenteError` (bad input, a damaged store),
never anything else; the CLI never exits 70 (an internal error). Targets: ``analyze`` (the
library and the CLI), the JSON Lines, HTML (clean), WARC and feed readers, ``ingest`` of a file,
and the store reader on damaged copies of a store.

``make test`` runs a few examples of each (seconds); ``make fuzz`` runs
``DETENTE_FUZZ_EXAMPLES`` of each (1,250 x 8 targets = 10,000 inputs) and checks the process's
peak memory at the end. Every example has a 60-second deadline. The figures are in
docs/RELIABILITY.md. Inputs are generated from self-written words and random bytes.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import resource
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from detente.clean import clean
from detente.cli import EXIT_INTERNAL, app
from detente.corpus import ingest
from detente.errors import DetenteError, InputError, StoreError, is_internal_error
from detente.ingest.feed import read_feed_file
from detente.ingest.folder import read_path
from detente.ingest.jsonl import parse_jsonl_lines
from detente.pipeline import analyze_documents
from detente.records import ArticleAnalysis, RawDocument, Skipped
from detente.store import Store

EXAMPLES = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "6"))
LONG_RUN = EXAMPLES >= 100
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=60_000,  # no input may take a minute
    database=None,
    derandomize=not LONG_RUN,  # `make test` runs the same few inputs every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PEAK_LIMIT_KB = 2 * 1024 * 1024
INPUTS: dict[str, int] = {}

pytestmark = pytest.mark.model  # the analyze targets load the real spaCy model


@pytest.fixture(scope="module", autouse=True)
def _peak_memory() -> Iterator[None]:
    yield
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = sum(INPUTS.values())
    print(f"\nfuzz: {total} inputs {dict(sorted(INPUTS.items()))}, peak RSS {peak / 1024:.0f} MB")
    assert peak < PEAK_LIMIT_KB


def _count(target: str) -> None:
    INPUTS[target] = INPUTS.get(target, 0) + 1


# --- strategies -----------------------------------------------------------------------------

WORDS = [
    *[
        "Anna",
        "Varga",
        "Victor",
        "Hollins",
        "Kastoria",
        "Norland",
        "Lindmoor",
        "President",
        "Minister",
        "Senator",
    ],
    *[
        "said",
        "told",
        "met",
        "accused",
        "praised",
        "rejected",
        "talks",
        "visit",
        "accord",
        "aide",
        "reporters",
    ],
    *[
        "Tuesday",
        "next",
        "week",
        "2024",
        "the",
        "and",
        "of",
        "in",
        "on",
        "to",
        "https://x.example/a",
    ],
    *["“", "”", '"', "'", "—", ",", ".", "?", "!", "(", ")", ":", ";"],
]
ODD = ["\ud800", "\udfff", "\x00", "\u200b", "\ufeff", "\u202e", "\x1b[31m", "<", "&", "\r", "\n\n"]

words = st.lists(st.sampled_from(WORDS + ODD), max_size=60).map(" ".join)
prose = st.one_of(words, st.text(max_size=300), st.sampled_from(ODD).map(lambda c: c * 2000))
dates = st.one_of(
    st.none(),
    st.dates().map(str),
    st.sampled_from(["2024", "2024-03", "2024-07-16garbage", "2024-07-16T25:00", "June 15, 2023"]),
    st.text(max_size=20),
    st.integers(),
)
TAGS = ["html", "head", "body", "article", "main", "div", "p", "span", "h1", "title", "a", "b"]
TAGS += ["script", "style", "meta", "br", "li", "table", "td", "noscript", "time"]
attributes = st.lists(
    st.tuples(
        st.sampled_from(["class", "id", "href", "lang", "content", "x"]), st.text(max_size=10)
    ),
    max_size=5,
).map(lambda pairs: "".join(f' {k}="{v}"' for k, v in pairs))


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, kids, closed: (
            f"<{tag}{attrs}>{''.join(kids)}" + (f"</{tag}>" if closed else "")
        ),
        st.sampled_from(TAGS),
        attributes,
        st.lists(children, max_size=4),
        st.booleans(),
    )


html = st.recursive(prose, _element, max_leaves=25)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40)),
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids)),
    max_leaves=10,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(prose, json_values),
        "html": st.one_of(html, json_values),
        "published": st.one_of(dates, json_values),
        "date": dates,
        "title": st.one_of(prose, json_values),
        "url": st.one_of(st.text(max_size=30), json_values),
        "id": st.one_of(st.text(max_size=8), st.integers()),
        "language": st.one_of(st.sampled_from(["en", "id", "de", ""]), json_values),
    },
)
jsonl_lines = st.lists(
    st.one_of(
        records.map(lambda r: json.dumps(r).encode()),
        records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
        st.binary(max_size=80),
        st.sampled_from([b"[" * 1000 + b"]" * 1000, b'{"text": 1' + b"9" * 5000 + b"}", b"{"]),
    ),
    min_size=1,
    max_size=6,
)
lengths = st.one_of(
    st.integers(-5, 5000).map(str), st.sampled_from(["9" * 26, "", "x", "1e9", "-0"])
)


@st.composite
def warc_archives(draw: st.DrawFn) -> bytes:
    out = b""
    for _ in range(draw(st.integers(1, 3))):
        body = draw(st.one_of(html.map(lambda h: h.encode("utf-8", "surrogatepass")), st.binary()))
        http = b"HTTP/1.1 200 OK\r\nContent-Type: " + draw(
            st.sampled_from([b"text/html", b"text/html; charset=latin-1", b"image/png", b""])
        )
        http += b"\r\n\r\n" + body
        declared = draw(st.one_of(st.just(str(len(http))), lengths))
        headers = [
            b"WARC/1.0",
            b"WARC-Type: " + draw(st.sampled_from([b"response", b"request", b"resource", b"x"])),
            b"WARC-Target-URI: " + draw(st.text(max_size=20)).encode("utf-8", "surrogatepass"),
            b"Content-Type: application/http; msgtype=response",
            b"Content-Length: " + declared.encode(),
        ]
        if draw(st.booleans()):
            headers.pop(draw(st.integers(0, len(headers) - 1)))
        record = b"\r\n".join(headers) + b"\r\n\r\n" + http + b"\r\n\r\n"
        out += gzip.compress(record) if draw(st.booleans()) else record
    cut = draw(st.integers(0, len(out)))
    return out[:cut] if draw(st.booleans()) else out


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = "".join(
        f"<item><title>{draw(prose)}</title><link>{draw(st.text(max_size=20))}</link>"
        f"<pubDate>{draw(dates)}</pubDate><description>{draw(html)}</description></item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    root = draw(st.sampled_from(["rss", "feed", "rdf:RDF", "channel"]))
    text = f'<?xml version="1.0"?><{root} version="2.0"><channel>{items}</channel></{root}>'
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8", "surrogatepass")


any_file = st.tuples(
    st.sampled_from([".txt", ".html", ".jsonl", ".rss", ".warc", ".warc.gz", ".md", ""]),
    st.one_of(
        st.binary(max_size=400),
        prose.map(lambda t: t.encode("utf-8", "surrogatepass")),
        html.map(lambda t: t.encode("utf-8", "surrogatepass")),
        jsonl_lines.map(b"\n".join),
        warc_archives(),
        feeds(),
    ),
)


# --- helpers --------------------------------------------------------------------------------


def _records_only(items: Any) -> list[RawDocument | Skipped]:
    out = list(items)
    assert all(isinstance(r, RawDocument | Skipped) for r in out)
    assert not any(isinstance(r, Skipped) and is_internal_error(r.reason) for r in out), out
    return out


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def store_bytes(scratch: Path) -> bytes:
    path = scratch / "base.duckdb"
    with Store.open(path) as store:
        store.record_skips([(f"f{i}.txt", i, f"reason {i * 7919}") for i in range(5_000)])
    return path.read_bytes()


# --- targets --------------------------------------------------------------------------------


@FUZZ
@given(
    content=st.one_of(prose, html),
    kind=st.sampled_from(["text", "html"]),
    title=st.one_of(st.none(), prose),
    url=st.one_of(st.none(), st.text(max_size=30)),
    language=st.sampled_from([None, "en", "id", "xx"]),
)
def test_fuzz_analyze_documents(
    content: str, kind: str, title: str | None, url: str | None, language: str | None
) -> None:
    _count("analyze")
    doc = RawDocument(
        source="fuzz", kind=kind, content=content, title=title, url=url, language=language
    )  # type: ignore[arg-type]
    (result,) = analyze_documents([doc])
    assert isinstance(result, ArticleAnalysis | Skipped)
    if isinstance(result, Skipped):
        assert not is_internal_error(result.reason), result.reason
    else:
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


@FUZZ
@given(lines=jsonl_lines)
def test_fuzz_jsonl_reader(lines: list[bytes]) -> None:
    _count("jsonl")
    with contextlib.suppress(InputError):
        _records_only(parse_jsonl_lines("fuzz.jsonl", lines))


@FUZZ
@given(page=html)
def test_fuzz_html_clean(page: str) -> None:
    _count("html")
    with contextlib.suppress(InputError):
        clean(RawDocument(source="fuzz.html", kind="html", content=page))


@FUZZ
@given(archive=warc_archives(), gz=st.booleans())
def test_fuzz_warc_reader(scratch: Path, archive: bytes, gz: bool) -> None:
    _count("warc")
    path = scratch / ("fuzz.warc.gz" if gz else "fuzz.warc")
    path.write_bytes(archive)
    _records_only(read_path(path))


@FUZZ
@given(feed=feeds())
def test_fuzz_feed_reader(scratch: Path, feed: bytes) -> None:
    _count("feed")
    path = scratch / "fuzz.rss"
    path.write_bytes(feed)
    with contextlib.suppress(InputError):
        _records_only(read_feed_file(path))


@FUZZ
@given(file=any_file)
def test_fuzz_cli_analyze_never_exits_70(scratch: Path, file: tuple[str, bytes]) -> None:
    _count("cli-analyze")
    suffix, data = file
    path = scratch / f"fuzz-input{suffix}"
    path.write_bytes(data)
    done = CliRunner().invoke(app, ["analyze", str(path)])
    assert done.exit_code != EXIT_INTERNAL
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception


@FUZZ
@given(file=any_file)
def test_fuzz_ingest_of_a_file(scratch: Path, file: tuple[str, bytes]) -> None:
    _count("ingest")
    suffix, data = file
    folder = scratch / "ingest"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / f"input{suffix}").write_bytes(data)
    with Store.open(folder / "s.duckdb") as store:
        summary = ingest([folder / f"input{suffix}"], store)
        reasons = [r.reason for r in store.skipped()]
    assert summary.internal_errors == 0, reasons


@FUZZ
@given(
    offset=st.floats(0, 1),
    damage=st.one_of(st.binary(min_size=1, max_size=65_536), st.integers(1, 65_536)),
    truncate=st.booleans(),
)
def test_fuzz_store_reader(
    scratch: Path, store_bytes: bytes, offset: float, damage: bytes | int, truncate: bool
) -> None:
    _count("store")
    at = int(offset * len(store_bytes))
    if truncate:
        data = store_bytes[:at]
    else:
        chunk = damage if isinstance(damage, bytes) else bytes(damage)
        data = store_bytes[:at] + chunk + store_bytes[at + len(chunk) :]
    path = scratch / "damaged.duckdb"
    path.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    path.write_bytes(data)
    try:
        with Store.open(path, read_only=True) as store:
            store.skipped()
            store.rows("SELECT count(*) FROM story_events")
    except StoreError:
        pass
    except DetenteError as exc:  # pragma: no cover - any other DetenteError is a wrong answer
        pytest.fail(f"a damaged store gave {type(exc).__name__}: {exc}")
