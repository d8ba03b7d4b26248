"""What users expect of a command line (issue 11, item 8 and part of 7): --version, help that names
values, strict dates, --since/--until by year or month, ~ in paths, escaped file names, --quiet,
piped progress, a real ETA, Ctrl-C, `ingest -`, no empty store after a refused run.

Every command runs as a subprocess of the installed ``detente`` script; tests that load the model
are marked. Articles are self-written fiction.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from detente import __version__
from detente.cli import printable
from detente.cli.corpus import remaining_seconds
from detente.errors import InputError
from detente.ingest._dates import parse_day_bound, parse_iso_date
from detente.store import Store

DETENTE = Path(sys.executable).with_name("detente")
COMMANDS = ("analyze", "eval", "ingest", "skipped", "actors", "events", "quotes", "export")


def test_version_prints_the_package_version(run_text) -> None:
    done = run_text("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"detente {__version__}"


@pytest.mark.parametrize("command", [*COMMANDS, "relation"])
def test_help_names_values_not_python_types(command: str, run_text) -> None:
    done = run_text(command, "--help", env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    for python_type in ("<bool>", "<str>", "<int", "<path>", "<list[", "{"):
        assert python_type not in done.stdout.split("Options:")[-1], (python_type, done.stdout)
    assert "Usage: detente" in done.stdout


def test_help_rewraps_paragraphs_instead_of_breaking_them_mid_sentence(run_text) -> None:
    done = run_text("ingest", "--help", env={"COLUMNS": "100"})
    assert "Usage: detente ingest [OPTIONS] PATH..." in done.stdout
    description = done.stdout.split("Arguments:")[0].split("\n\n")[1:]
    assert len(description) >= 3
    for paragraph in description:
        lines = paragraph.splitlines()
        # re-wrapped to the width: only a paragraph's last line is short (the docstring's own
        # line breaks, "so running the" / "same command again", are gone)
        assert all(len(line) > 60 for line in lines[:-1]), paragraph


@pytest.mark.parametrize("value", ["2024-07-16garbage", "2024-07-16T25:00", "2024-02-30", "July"])
def test_published_with_junk_or_out_of_range_is_refused(
    value: str, tmp_path: Path, run_text
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Ada Brun met Paul Rask in Geneva.\n", encoding="utf-8")
    done = run_text("analyze", story, "--published", value)
    assert done.returncode == 2
    assert "not an ISO date" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("value", "end", "day"),
    [
        ("2024", False, date(2024, 1, 1)),
        ("2024", True, date(2024, 12, 31)),
        ("2024-03", False, date(2024, 3, 1)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2023-12", True, date(2023, 12, 31)),
        ("2024-07-16", True, date(2024, 7, 16)),
        (" 2024-07-16 ", False, date(2024, 7, 16)),
    ],
)
def test_range_bounds_take_a_year_a_month_or_a_day(value: str, end: bool, day: date) -> None:
    assert parse_day_bound("--since", value, end=end) == day


@pytest.mark.parametrize("value", ["2024-13", "2024-7", "24", "2024-07-16x", "", "0000"])
def test_range_bounds_refuse_anything_else(value: str) -> None:
    with pytest.raises(InputError, match="not a valid date"):
        parse_day_bound("--since", value, end=False)


def test_strict_iso_date_keeps_timestamps_whole() -> None:
    assert parse_iso_date("x", "2024-07-16T10:30:00Z") == date(2024, 7, 16)
    with pytest.raises(InputError):
        parse_iso_date("x", "2024-07-16 and more")


def test_since_with_junk_is_a_usage_error(tmp_path: Path, run_text) -> None:
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    done = run_text("events", "--db", db, "--since", "2024-07-16garbage")
    assert done.returncode == 2 and "--since" in done.stderr
    done = run_text("events", "--db", db, "--since", "2024", "--until", "2024-03")
    assert done.returncode == 0, done.stderr


def test_printable_escapes_control_and_invisible_characters() -> None:
    assert printable("a\x1b[31mred\x07.txt") == "a\\x1b[31mred\\x07.txt"
    assert printable("zero\u200bwidth") == "zero\\u200bwidth"
    assert printable("bad\udcffname") == "bad\\udcffname"
    assert printable("Tomás Riquelme, 北京") == "Tomás Riquelme, 北京"


def test_file_names_with_escape_sequences_are_never_echoed_raw(tmp_path: Path, run_text) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b]0;pwned\x07\x1b[2J.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    db = tmp_path / "s.duckdb"
    ingest = run_text("ingest", folder, "--db", db)
    listed = run_text("skipped", "--db", db)
    assert listed.returncode == 0, listed.stderr
    for output in (ingest.stdout, ingest.stderr, listed.stdout, listed.stderr):
        assert "\x1b" not in output and "\x07" not in output
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J.txt" in listed.stdout


def test_a_mistyped_path_creates_no_store(tmp_path: Path, run_text) -> None:
    db = tmp_path / "new.duckdb"
    done = run_text("ingest", tmp_path / "no-such-folder", "--db", db)
    assert done.returncode == 1
    assert "no such file or folder" in done.stderr
    assert not db.exists()


def test_store_errors_are_classified_by_the_error_not_the_path(tmp_path: Path, run_text) -> None:
    missing = tmp_path / "corrupt" / "not-made" / "s.duckdb"
    done = run_text("ingest", tmp_path, "--db", missing)
    assert done.returncode == 1
    assert "not a readable DuckDB database" not in done.stderr
    assert "cannot open the store" in done.stderr


def test_tilde_in_db_is_expanded_for_writing_and_reading_alike(tmp_path: Path, run_text) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "bad.txt").write_bytes(b"\x00\xff" * 100)
    env = {"HOME": str(home)}
    ingest = run_text("ingest", tmp_path / "bad.txt", "--db=~/s.duckdb", env=env)
    assert (home / "s.duckdb").exists(), ingest.stderr
    listed = run_text("skipped", "--db=~/s.duckdb", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "1 skipped document(s)" in listed.stdout
    from_env = run_text("skipped", env={**env, "DETENTE_DB": "~/s.duckdb"})
    assert from_env.returncode == 0 and "1 skipped" in from_env.stdout


def _bad_lines(n: int) -> str:
    return "".join(json.dumps({"text": i}) + "\n" for i in range(n))


def test_piped_progress_is_not_a_line_per_document(tmp_path: Path, run_text) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text(_bad_lines(60), encoding="utf-8")
    done = run_text("ingest", corpus, "--db", tmp_path / "s.duckdb")
    assert not any(line.startswith("ingest: ") for line in done.stderr.splitlines())
    assert "60 skipped" in done.stdout  # the summary says what happened


def test_quiet_prints_neither_progress_nor_summary(tmp_path: Path, run_text) -> None:
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text(_bad_lines(3), encoding="utf-8")
    done = run_text("ingest", corpus, "--db", tmp_path / "s.duckdb", "--quiet")
    assert done.stdout == "" and done.stderr == ""
    assert done.returncode == 1  # nothing could be read: the exit code still says so


def test_ingest_reads_standard_input_like_analyze(tmp_path: Path, run_text) -> None:
    db = tmp_path / "s.duckdb"
    done = run_text("ingest", "-", "--db", db, "--format", "json", stdin=_bad_lines(2))
    summary = json.loads(done.stdout)
    assert summary["skipped"] == 2 and summary["files"] == 1
    listed = run_text("skipped", "--db", db, "--format", "json")
    assert [r["source"] for r in json.loads(listed.stdout)] == ["<stdin>:1", "<stdin>:2"]


def test_eta_is_the_remaining_share_of_the_elapsed_time() -> None:
    assert remaining_seconds(10.0, 5, 20) == pytest.approx(30.0)
    assert remaining_seconds(10.0, 20, 20) == 0.0
    assert remaining_seconds(10.0, 0, 20) is None  # nothing done: no estimate
    assert remaining_seconds(10.0, 5, None) is None  # no total: no ETA


def _folder_of_stories(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"story-{i:03d}.txt").write_text(
            f"Foreign Minister Ada Brun of Tessel met Paul Rask of Varnia in Geneva on Monday "
            f"to discuss the {i + 3} grain convoys, officials said in statement {i}.\n",
            encoding="utf-8",
        )


@pytest.mark.model
def test_ctrl_c_prints_what_was_stored_and_how_to_resume(
    tmp_path: Path, run_text, ingest_until
) -> None:
    n = 300  # short stories ingest at ~25 a second: leave plenty still to come at the signal
    folder = tmp_path / "stories"
    _folder_of_stories(folder, n)
    db = tmp_path / "s.duckdb"
    with ingest_until(folder, db, 3) as proc:
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, rest = proc.communicate(timeout=120)
    assert time.monotonic() - started < 60
    assert proc.returncode == 130, rest
    assert "interrupted:" in rest and "new article(s) stored" in rest
    assert "run the same command again to resume" in rest
    assert "Traceback" not in rest
    with Store.open(db, read_only=True) as store:
        stored = store.rows("SELECT count(*) AS n FROM articles")[0]["n"]
    assert 3 <= stored < n
    resumed = run_text("ingest", folder, "--db", db, "--format", "json")
    summary = json.loads(resumed.stdout)
    assert summary["ingested"] + summary["duplicates"] >= n - stored


def test_tilde_in_an_input_path_is_the_home_folder(tmp_path: Path, run_text) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    done = run_text("analyze", "~/empty.txt", env={"HOME": str(tmp_path)})
    assert done.returncode == 1
    assert f"{tmp_path / 'empty.txt'}: input is empty" in done.stderr
