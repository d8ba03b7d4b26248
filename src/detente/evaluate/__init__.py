"""Evaluation on public gold data: one loader and one scorer per stage, and the floor gate.

Each stage module (``clean``, ``quotes``, ``events``, ``dates``, ``tone``, and ``storylines``,
the whole pipeline end to end on real news) reads its gold set from
the shared data folder (``../shared/data``; see its README.md), scores a predictor against it and
documents in its docstring what the gold set is and how each figure is computed. A stage whose
predictor is not built yet still loads and validates its gold data and reports
``{"status": "not built", <counts>}``; its ``evaluate`` takes the predictor as ``predict=`` once it
exists.

Floors (``eval/floors.json``) pin the figures that may not drop::

    {"clean": {"f1": 0.90, "precision": 0.88}, "quotes": {"source_exact_f1": 0.40}}

:func:`check_floors` reports one line per figure below its floor (less a small tolerance for
run-to-run noise), and also for a floor it cannot check (stage not built, figure missing), so a
floor never silently stops being enforced.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from detente.errors import EvaluationError
from detente.evaluate import clean, dates, events, quotes, storylines, tone

__all__ = ["STAGES", "check_floors", "load_floors", "run_evaluation"]

STAGES = ("clean", "quotes", "events", "dates", "tone", "storylines")

_EVALUATORS: dict[str, Callable[[Path, int | None], dict[str, Any]]] = {
    "clean": clean.evaluate,
    "quotes": quotes.evaluate,
    "events": events.evaluate,
    "dates": dates.evaluate,
    "tone": tone.evaluate,
    "storylines": storylines.evaluate,
}


def run_evaluation(
    stages: Sequence[str],
    data_dir: Path,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    explain: bool = False,
) -> dict[str, dict[str, Any]]:
    """Evaluate each stage on its gold data.

    Args:
        stages: stage names from :data:`STAGES` (``"all"`` stands for every stage), run in order.
        data_dir: the shared gold-data folder.
        limit: cap on the gold records each stage reads (documents, rows or sentences).
        progress: called with a short message before each stage.
        explain: stages that can (storylines) add every missed gold item.

    Returns:
        ``{stage: figures}``, each with ``"seconds"``, the stage's wall time.

    Raises:
        EvaluationError: an unknown stage name, or missing or malformed gold data.
    """
    names = [s for name in stages for s in (STAGES if name == "all" else (name,))]
    unknown = [name for name in names if name not in _EVALUATORS]
    if unknown:
        raise EvaluationError(
            f"unknown evaluation stage {unknown[0]!r}; choose from {', '.join(STAGES)} or all"
        )
    results: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(names):
        if progress is not None:
            progress(f"evaluating {name} on {data_dir}")
        started = time.perf_counter()
        if name == "storylines":
            figures = storylines.evaluate(data_dir, limit, explain=explain, progress=progress)
        else:
            figures = _EVALUATORS[name](data_dir, limit)
        figures["seconds"] = round(time.perf_counter() - started, 3)
        results[name] = figures
    return results


def check_floors(
    results: dict[str, dict[str, Any]],
    floors: dict[str, dict[str, float]],
    tolerance: float = 0.005,
) -> list[str]:
    """One line per floor that is not met.

    A figure fails when it is below ``floor - tolerance``. A floor also fails when its stage is
    "not built" or its figure is missing or not a number. Floors of stages absent from
    ``results`` (not run this time) are not checked.

    Args:
        results: the output of :func:`run_evaluation`.
        floors: ``{stage: {figure: floor}}``, as read by :func:`load_floors`.
        tolerance: the run-to-run noise allowed below a floor.
    """
    failures: list[str] = []
    for stage, stage_floors in floors.items():
        if stage not in results:
            continue
        figures = results[stage]
        for metric, floor in stage_floors.items():
            if figures.get("status") == "not built":
                failures.append(
                    f"{stage}.{metric}: floor {floor:.3f} set but the {stage} stage is not built"
                )
                continue
            value = figures.get(metric)
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                failures.append(
                    f"{stage}.{metric}: floor {floor:.3f} set but the evaluation reports no "
                    "such figure"
                )
            elif value < floor - tolerance:
                failures.append(
                    f"{stage}.{metric} = {value:.3f} is below its floor {floor:.3f} "
                    f"(tolerance {tolerance:.3f})"
                )
    return failures


def load_floors(path: Path) -> dict[str, dict[str, float]]:
    """Read a floors file: ``{stage: {figure: number}}``; keys starting with ``_`` are notes.

    Raises:
        EvaluationError: the file is missing, not JSON, or not shaped as above, or it names an
            unknown stage.
    """
    hint = 'it must be a JSON object like {"clean": {"f1": 0.9}}'
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path}: floors file not found; pass an existing file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read the floors file ({exc}); {hint}") from exc
    if not isinstance(raw, dict):
        raise EvaluationError(f"{path}: {hint}")
    floors: dict[str, dict[str, float]] = {}
    for stage, stage_floors in raw.items():
        if stage.startswith("_"):
            continue
        if stage not in STAGES:
            raise EvaluationError(
                f"{path}: unknown stage {stage!r}; choose from {', '.join(STAGES)}"
            )
        if not isinstance(stage_floors, dict):
            raise EvaluationError(f"{path}: floors of {stage!r} are not an object; {hint}")
        floors[stage] = {}
        for metric, floor in stage_floors.items():
            if metric.startswith("_"):
                continue
            if isinstance(floor, bool) or not isinstance(floor, int | float):
                raise EvaluationError(
                    f"{path}: floor {stage}.{metric} is {floor!r}, not a number; {hint}"
                )
            floors[stage][metric] = float(floor)
    return floors
