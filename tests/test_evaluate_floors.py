"""The evaluation package's public API: run_evaluation, check_floors and load_floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import detente.evaluate as evaluation
from detente.errors import EvaluationError
from detente.evaluate import STAGES, check_floors, load_floors, run_evaluation

RESULTS: dict[str, dict[str, Any]] = {
    "clean": {"f1": 0.90, "precision": 0.92, "n_documents": 3, "seconds": 1.0},
    "quotes": {"status": "not built", "n_documents": 2, "seconds": 0.1},
}


def test_public_api() -> None:
    assert evaluation.__all__ == ["STAGES", "check_floors", "load_floors", "run_evaluation"]
    assert STAGES == ("clean", "quotes", "events", "dates", "tone", "storylines")


@pytest.mark.parametrize(
    ("floors", "expected"),
    [
        ({"clean": {"f1": 0.85, "precision": 0.92}}, []),
        ({"clean": {"f1": 0.904}}, []),  # below, but within the 0.005 tolerance
        ({"clean": {"f1": 0.95}}, ["clean.f1 = 0.900 is below its floor 0.950"]),
        ({"clean": {"recall": 0.5}}, ["clean.recall: floor 0.500 set but the evaluation"]),
        ({"quotes": {"source_exact_f1": 0.4}}, ["quotes.source_exact_f1: floor 0.400 set but"]),
        ({"events": {"plv_macro_f1": 0.5}}, []),  # stage not run this time
    ],
)
def test_check_floors(floors: dict[str, dict[str, float]], expected: list[str]) -> None:
    failures = check_floors(RESULTS, floors)
    assert len(failures) == len(expected)
    for failure, start in zip(failures, expected, strict=True):
        assert failure.startswith(start)


def test_check_floors_not_built_and_non_numbers_fail() -> None:
    results: dict[str, dict[str, Any]] = {
        "clean": {"f1": float("nan"), "n_failed": True, "seconds": 1.0},
        "dates": {"status": "not built", "n_items": 4},
    }
    floors = {"clean": {"f1": 0.5, "n_failed": 0.0}, "dates": {"accuracy": 0.5}}
    failures = check_floors(results, floors)
    assert len(failures) == 3
    assert any("dates stage is not built" in f for f in failures)


def test_check_floors_custom_tolerance() -> None:
    assert check_floors(RESULTS, {"clean": {"f1": 0.93}}, tolerance=0.05) == []
    assert check_floors(RESULTS, {"clean": {"f1": 0.905}}, tolerance=0.0) != []


def test_load_floors_reads_numbers_and_skips_notes(tmp_path: Path) -> None:
    path = tmp_path / "floors.json"
    path.write_text(
        json.dumps(
            {
                "_note": "set from the first full run",
                "clean": {"f1": 0.9, "precision": 1, "_how": "trafilatura baseline"},
                "tone": {},
            }
        )
    )
    assert load_floors(path) == {"clean": {"f1": 0.9, "precision": 1.0}, "tone": {}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read the floors file"),
        ("[0.9]", "must be a JSON object"),
        ('{"cleaning": {"f1": 0.9}}', "unknown stage 'cleaning'"),
        ('{"clean": 0.9}', "are not an object"),
        ('{"clean": {"f1": "high"}}', "not a number"),
        ('{"clean": {"f1": true}}', "not a number"),
    ],
)
def test_load_floors_rejects_malformed_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "floors.json"
    path.write_text(content)
    with pytest.raises(EvaluationError, match=message) as info:
        load_floors(path)
    assert str(path) in str(info.value)


def test_load_floors_names_the_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(EvaluationError, match="not found") as info:
        load_floors(path)
    assert str(path) in str(info.value)


def _write_dates(root: Path) -> Path:
    folder = root / "tempeval3-platinum"
    folder.mkdir(parents=True)
    (folder / "one.tml").write_text(
        '<TimeML><DCT><TIMEX3 type="DATE" value="2021-03-05">today</TIMEX3></DCT>'
        '<TEXT>The pier opened <TIMEX3 type="DATE" value="2021-03-04">yesterday</TIMEX3>.</TEXT>'
        "</TimeML>",
        encoding="utf-8",
    )
    return root


@pytest.mark.model
def test_run_evaluation_times_each_stage_and_reports_progress(tmp_path: Path) -> None:
    messages: list[str] = []
    results = run_evaluation(
        ["dates"], _write_dates(tmp_path), limit=None, progress=messages.append
    )
    assert list(results) == ["dates"]
    assert results["dates"]["accuracy"] == 1.0  # "yesterday" against 2021-03-05
    assert results["dates"]["n_items"] == 1
    assert results["dates"]["seconds"] >= 0
    assert messages == [f"evaluating dates on {tmp_path}"]


def test_run_evaluation_rejects_an_unknown_stage(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="unknown evaluation stage 'actors'"):
        run_evaluation(["dates", "actors"], tmp_path)


def test_run_evaluation_reports_missing_gold_data(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found") as info:
        run_evaluation(["tone"], tmp_path)
    assert str(tmp_path / "newsmtsc") in str(info.value)
