"""The chart library ships inside the package (no CDN): the committed files are the npm
tarballs' own (tools/vendor_js.py records their sha256), with their licences, and the pages
load scripts only from the server itself; `detente serve` refuses bad options cleanly."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[1] / "src" / "detente" / "web"


def test_vendored_files_match_their_manifest_and_carry_licences() -> None:
    vendor = WEB / "static" / "vendor"
    manifest = json.loads((vendor / "manifest.json").read_text())
    assert set(manifest) == {"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"}
    for name, entry in manifest.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == entry["sha256"]
        assert (vendor / f"{entry['package']}.LICENSE").read_text().strip()


def test_pages_load_nothing_from_elsewhere() -> None:
    for template in (WEB / "templates").glob("*.html"):
        sources = re.findall(r'(?:src|href)="([^"]+)"', template.read_text())
        assert all(not s.startswith(("http:", "https:", "//")) for s in sources), template


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("--port", "0"), 2, "--port"),
        (("--port", "70000"), 2, "--port"),
        (("--host", "no such host.invalid"), 2, "--host"),
        (("--db", "/nonexistent/detente.duckdb"), 1, "no such store"),
    ],
)
def test_serve_refuses_bad_options_without_a_traceback(run_text, args, code, said) -> None:
    done = run_text("serve", *args)
    assert done.returncode == code
    assert said in done.stderr and "Traceback" not in done.stderr


def test_serve_reports_a_damaged_store(run_text, tmp_path: Path) -> None:
    db = tmp_path / "damaged.duckdb"
    db.write_bytes(b"not a database at all" * 100)
    done = run_text("serve", "--db", db, "--port", "8999")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "DuckDB database" in done.stderr or "damaged" in done.stderr
