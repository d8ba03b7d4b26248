"""Fetch the dashboard's chart library from the npm registry into the package (no CDN).

The dashboard draws with Vega-Lite through vega-embed. Their built files are taken from the npm
registry with ``npm pack`` (the packages' own tarballs, checked against the registry's sha512
integrity), copied with their licence files into ``src/detente/web/static/vendor/`` and
committed, so a fresh clone, ``pip install`` and ``make demo``/``make test`` need neither npm
nor the network. ``manifest.json`` there records each file's version and sha256; the tests check
the committed files against it. Run this script (``make web-assets``) to change a version.

Usage: python tools/vendor_js.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "detente" / "web" / "static" / "vendor"
# package, version, the built file the pages load
PACKAGES = (
    ("vega", "6.4.0", "build/vega.min.js"),
    ("vega-lite", "6.5.0", "build/vega-lite.min.js"),
    ("vega-embed", "7.3.0", "build/vega-embed.min.js"),
)


def main() -> int:
    manifest: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, built in PACKAGES:
            spec = f"{name}@{version}"
            packed = json.loads(
                subprocess.run(
                    ["npm", "pack", spec, "--json", "--pack-destination", tmp],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )[0]
            tarball = Path(tmp) / packed["filename"]
            algorithm, digest = packed["integrity"].split("-", 1)
            actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest())
            if actual.decode() != digest:
                print(f"{spec}: the tarball does not match its integrity", file=sys.stderr)
                return 1
            with tarfile.open(tarball) as tar:
                tar.extractall(Path(tmp) / name, filter="data")
            root = Path(tmp) / name / "package"
            target = VENDOR / Path(built).name
            shutil.copyfile(root / built, target)
            shutil.copyfile(root / "LICENSE", VENDOR / f"{name}.LICENSE")
            manifest[target.name] = {
                "package": name,
                "version": version,
                "integrity": packed["integrity"],
                "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
            }
            print(f"{spec}: {target.name} ({target.stat().st_size:,} bytes)")
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
