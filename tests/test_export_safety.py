"""A safe export (issue 11, items 5 and 10): names from a fixed list, files only inside --out,
no writing through links, ~ expanded, an empty --out refused; GDELT codes and its native form.

Stores are built without the model: the schema, plus tables a crafted store file could hold.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

from detente.errors import StoreError
from detente.export import EXPORT_RELATIONS, GDELT_FILE, cameo_code, export_gdelt, export_tables
from detente.store import Store

DETENTE = Path(sys.executable).with_name("detente")


@pytest.fixture
def crafted(tmp_path: Path) -> Path:
    """A store with the schema and tables whose names try to leave --out or break the SQL."""
    path = tmp_path / "crafted.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    for name in ("../../escaped", "x\") TO '/tmp/pwned.csv' (FORMAT CSV); --", "a'b\"c"):
        quoted = '"' + name.replace('"', '""') + '"'
        con.execute(f"CREATE TABLE {quoted} (v INTEGER)")
        con.execute(f"INSERT INTO {quoted} VALUES (1)")
    con.close()
    return path


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_crafted_store_writes_nothing_outside_out(
    crafted: Path, tmp_path: Path, fmt: str, run_text
) -> None:
    out = tmp_path / "deep" / "er" / "out"
    before = _files_under(tmp_path)
    done = run_text("export", "--db", crafted, "--out", out, "--format", fmt)
    assert done.returncode == 0, done.stderr
    new = _files_under(tmp_path) - before
    assert new and all(p.parent == out for p in new), new
    assert {p.stem for p in new} <= set(EXPORT_RELATIONS)
    assert not (tmp_path / "deep" / "escaped.csv").exists()
    assert not Path("/tmp/pwned.csv").exists()


def test_export_tables_writes_the_fixed_list_only(crafted: Path, tmp_path: Path) -> None:
    with Store.open(crafted, read_only=True) as store:
        written = export_tables(store, tmp_path / "out", "csv")
    assert [p.stem for p in written] == list(EXPORT_RELATIONS)


def test_a_link_at_the_output_path_is_refused_not_followed(tmp_path: Path, run_text) -> None:
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (out / GDELT_FILE).symlink_to(victim)
    (out / "articles.csv").symlink_to(victim)
    for fmt in ("gdelt", "csv"):
        done = run_text("export", "--db", db, "--out", out, "--format", fmt)
        assert done.returncode == 1, done.stdout
        assert "symbolic link" in done.stderr and "Traceback" not in done.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_an_empty_out_is_refused(tmp_path: Path, run_text) -> None:
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    done = run_text("export", "--db", db, "--out", "", "--format", "gdelt")
    assert done.returncode == 1
    assert "--out is empty" in done.stderr
    with Store.open(db, read_only=True) as store, pytest.raises(StoreError):
        export_gdelt(store, "  ")


def test_tilde_in_out_is_expanded_and_reported_resolved(tmp_path: Path, run_text) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    done = run_text(
        "export", "--db", db, "--out=~/exp", "--format", "gdelt", env={"HOME": str(home)}
    )
    assert done.returncode == 0, done.stderr
    assert (home / "exp" / GDELT_FILE).is_file()
    assert f"to {home / 'exp'}:" in done.stdout
    assert not (Path.cwd() / "~").exists()


def test_gdelt_native_form_has_no_header_and_gdelts_file_name(tmp_path: Path, run_text) -> None:
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    done = run_text("export", "--db", db, "--out", tmp_path / "out", "--format", "gdelt-native")
    assert done.returncode == 0, done.stderr
    (written,) = (tmp_path / "out").iterdir()
    assert written.name.endswith(".export.CSV") and written.name[:14].isdigit()
    assert written.read_text(encoding="utf-8") == ""  # no events, and no header line


@pytest.mark.parametrize(
    ("plover", "root", "trigger", "code"),
    [
        ("ACCUSE", "11", "accus", "112"),  # "accused": the lexicon's CAMEO 112
        ("SUPPORT", "05", "prais", "051"),  # "praised": CAMEO 051
        ("CONSULT", "04", "unknownword", "040"),  # no sub-code known: the root's own code
        ("SUPPORT", "05", None, "050"),
        ("SUPPORT", None, "prais", ""),  # no root, no code
    ],
)
def test_cameo_code_is_the_lexicons_sub_code_or_the_roots_own(
    plover: str, root: str | None, trigger: str | None, code: str
) -> None:
    assert cameo_code(plover, root, trigger) == code
