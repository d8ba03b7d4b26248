"""Build ``samples/corpus.jsonl`` from ``samples/manifest.json`` and ``samples/articles/``.

Each manifest entry names one article file (``.txt`` or ``.html``) with its id, publication date
and URL. The output has one JSON object per line, with the keys ``id``, ``url``, ``published``,
``title`` (only when the manifest gives one) and ``text`` (plain-text files) or ``html`` (HTML
files), which is the shape ``detente`` reads from JSON Lines. Records are sorted by publication
date and then id, so running the script twice gives byte-identical output.

Usage::

    python3 samples/build_corpus.py [--manifest PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CONTENT_KEYS = {".txt": "text", ".html": "html"}


class ManifestError(Exception):
    """The manifest or a file it names is unusable."""


def load_manifest(path: Path) -> list[dict[str, Any]]:
    """Read the manifest: a JSON list of objects."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ManifestError(f"{path}: expected a JSON list of objects")
    return data


def _required_str(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: '{key}' must be a non-empty string")
    return value


def build_record(entry: dict[str, Any], base: Path, where: str) -> dict[str, str]:
    """Turn one manifest entry into one corpus record (keys in a fixed order)."""
    file_name = _required_str(entry, "file", where)
    doc_id = _required_str(entry, "id", where)
    url = _required_str(entry, "url", where)
    published = _required_str(entry, "published", where)
    try:
        date.fromisoformat(published)
    except ValueError:
        raise ManifestError(f"{where}: 'published' must be YYYY-MM-DD, got {published!r}") from None
    path = base / file_name
    content_key = CONTENT_KEYS.get(path.suffix.lower())
    if content_key is None:
        raise ManifestError(f"{where}: {file_name} is neither .txt nor .html")
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or exc
        raise ManifestError(f"{where}: {file_name} cannot be read ({reason})") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{where}: {file_name} is not UTF-8") from None
    if not content.strip():
        raise ManifestError(f"{where}: {file_name} is empty")
    record = {"id": doc_id, "url": url, "published": published}
    title = entry.get("title")
    if isinstance(title, str) and title.strip():
        record["title"] = title
    record[content_key] = content
    return record


def build_corpus(manifest: Path) -> list[dict[str, str]]:
    """Build every record named in ``manifest``, sorted by (published, id)."""
    records = [
        build_record(entry, manifest.parent, f"{manifest.name} entry {number}")
        for number, entry in enumerate(load_manifest(manifest), start=1)
    ]
    ids = [record["id"] for record in records]
    duplicates = sorted({doc_id for doc_id in ids if ids.count(doc_id) > 1})
    if duplicates:
        raise ManifestError(f"{manifest.name}: duplicate ids: {', '.join(duplicates)}")
    return sorted(records, key=lambda record: (record["published"], record["id"]))


def write_jsonl(records: list[dict[str, str]], out: Path) -> None:
    """Write one compact JSON object per line, UTF-8, with a final newline."""
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.json")
    parser.add_argument("--out", type=Path, default=HERE / "corpus.jsonl")
    args = parser.parse_args(argv)
    try:
        records = build_corpus(args.manifest)
        write_jsonl(records, args.out)
    except ManifestError as exc:
        print(f"build_corpus: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build_corpus: cannot write {args.out} ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"wrote {len(records)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
