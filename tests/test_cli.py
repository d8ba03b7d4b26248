"""The `detente` console script, run as a user runs it: through a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STORY = (
    "Leaders Talk Again After a Year of Silence\n\n"
    "By JANE DOE, Harbor Wire\n\n"
    "***\n\n"
    "TESSEL — Foreign Minister Ada Brun said on Monday that she had spoken with her Varnian "
    "counterpart, Paul Rask, for the first time since their dispute began.\n\n"
    '"We spoke for almost an hour," Brun told Harbor Wire.\n\n'
    "Jane Doe is a correspondent at The Meridian Post.\n\n"
    "Content created by The Meridian Post is available without charge to any eligible news "
    "publisher.\n"
)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.mark.model
def test_analyze_text_file_prints_contract_json(run_cli, story: Path) -> None:
    proc = run_cli(
        "analyze", str(story), "--published", "2024-07-16", "--url", "https://x.example/a"
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"article", "actors", "quotes", "events", "relations"}
    art = out["article"]
    assert art["authors"] == ["Jane Doe"]
    assert art["publisher"] == "The Meridian Post"
    assert (art["published"], art["published_source"]) == ("2024-07-16", "given")
    assert art["url"] == "https://x.example/a"
    assert art["text"].startswith("TESSEL")
    assert [r["kind"] for r in art["removed"]] == [
        "headline",
        "byline",
        "separator",
        "bio",
        "license",
    ]


@pytest.mark.model
def test_analyze_jsonl_keeps_lines_aligned_and_fails_exit(run_cli, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": STORY, "published": "2024-07-16"}),
        "{broken",
        json.dumps({"id": "c", "html": "<html><body><nav>Home</nav></body></html>"}),
        json.dumps({"id": "d", "text": STORY}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("analyze", str(path), "--published", "2024-08-01")
    assert proc.returncode == 1
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(out) == 4
    assert out[0]["article"]["id"] == "a" and out[3]["article"]["id"] == "d"
    assert out[0]["article"]["published"] == "2024-08-01"  # --published wins over the record
    assert out[1] == {
        "error": f"{path}:2: line is not valid JSON (Expecting property name "
        "enclosed in double quotes at column 2)",
        "line": 2,
    }
    assert out[2]["line"] == 3 and "no article text" in out[2]["error"]
    assert b"batch.jsonl:2" in proc.stderr and b"Traceback" not in proc.stderr


@pytest.mark.model
def test_analyze_stdin_and_text_format(run_cli) -> None:
    proc = run_cli("analyze", "-", "--format", "text", stdin=STORY.encode())
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "Leaders Talk Again" in out and "Jane Doe" in out and "license" in out


def test_analyze_non_english_returns_clean_article_with_warning(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Die Außenministerin sagte am Montag, sie habe zum ersten Mal seit Beginn des Streits "
        "mit ihrem Amtskollegen gesprochen. Das Gespräch sei ernsthaft gewesen.",
        encoding="utf-8",
    )
    proc = run_cli("analyze", str(path))
    assert proc.returncode == 0, proc.stderr
    art = json.loads(proc.stdout)["article"]
    assert art["language"] == "de"
    assert any("not supported" in w for w in art["warnings"])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "input is empty"),
        (lambda d: _write(d / "bin.txt", b"\x7fELF\x02\x01\x01\x00" * 64), "binary"),
        (lambda d: _write(d / "big.txt", b"word " * 400), "limit"),
        (
            lambda d: _write(d / "nav.html", b"<html><body><nav>Home</nav></body></html>"),
            "no article text",
        ),
    ],
    ids=["missing", "directory", "empty", "binary", "too-big", "html-without-text"],
)
def test_bad_input_gives_one_line_and_nonzero_exit(run_cli, tmp_path: Path, make, message) -> None:
    path = make(tmp_path)
    proc = run_cli("analyze", str(path), env={"DETENTE_MAX_BYTES": "1000"})
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert message in err and str(path) in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert proc.stdout == b""


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_bad_published_date_is_a_usage_error(
    run_cli, story: Path, tmp_path: Path, command: str
) -> None:
    db = ["--db", str(tmp_path / "c.duckdb")] if command == "ingest" else []
    proc = run_cli(command, str(story), *db, "--published", "yesterday")
    assert proc.returncode == 2
    assert b"not an ISO date" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_eval_unknown_stage_is_refused(run_cli) -> None:
    proc = run_cli("eval", "--stage", "vibes")
    assert proc.returncode == 2
    assert b"unknown stage" in proc.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.gold
def test_eval_clean_prints_json_figures(run_cli, gold_dir: Path) -> None:
    proc = run_cli(
        "eval", "--data", str(gold_dir), "--stage", "clean", "--limit", "8", "--format", "json"
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert set(result) == {"clean"}
    clean = result["clean"]
    assert clean["n_documents"] == 8
    assert 0.5 < clean["f1"] <= 1.0
    assert clean["seconds"] > 0


@pytest.mark.gold
def test_eval_floors_gate_fails_below_floor(run_cli, gold_dir: Path, tmp_path: Path) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"clean": {"f1": 0.9999}}), encoding="utf-8")
    proc = run_cli(
        "eval", "--data", str(gold_dir), "--stage", "clean", "--limit", "8", "--floors", str(floors)
    )
    assert proc.returncode == 3
    assert b"clean.f1" in proc.stderr and b"below its floor" in proc.stderr


def test_eval_missing_data_is_a_clear_error(run_cli, tmp_path: Path) -> None:
    proc = run_cli("eval", "--data", str(tmp_path / "nowhere"), "--stage", "clean")
    assert proc.returncode == 1
    assert b"not found" in proc.stderr and b"Traceback" not in proc.stderr


@pytest.mark.model
def test_eval_events_reports_type_and_actor_figures(run_cli, gold_dir: Path) -> None:
    proc = run_cli(
        "eval", "--data", str(gold_dir), "--stage", "events", "--limit", "10", "--format", "json"
    )
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)["events"]
    assert events["plv_n_rows"] == 10
    for metric in ("plv_type_accuracy", "plv_macro_f1", "plv_precision", "petr2_root_agreement"):
        assert 0.0 <= events[metric] <= 1.0
