"""Shared test helpers: where the reference reports live, and cell-by-cell truth comparison."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GOVREPORT_SHARED", REPO.parent / "shared"))


def shared_dir(*parts: str) -> Path:
    """A folder of ../shared, or skip the test saying why it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"reference reports not available: {path} is absent (they live outside the repo)")
    return path


def load_truth(folder: Path) -> dict:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def compare_with_truth(report, truth: dict) -> list[str]:
    """Every difference between an extracted report and its truth entry, as readable lines."""
    problems = []
    for key in ("agency", "year", "template"):
        if getattr(report, key) != truth[key]:
            problems.append(f"{key}: got {getattr(report, key)!r}, truth {truth[key]!r}")
    got = {(c.table, c.row, c.col): c for c in report.cells if c.row is not None}
    kinds = truth.get("kinds", {})
    for table, rows in truth["cells"].items():
        for row, cols in rows.items():
            for col, want in cols.items():
                cell = got.get((table, row, col))
                if cell is None:
                    problems.append(f"{table}.{row}.{col}: missing (truth {want})")
                    continue
                want_kind = kinds.get(table, {}).get(row, {}).get(col, "number" if want is not None else None)
                if want is None:
                    if cell.value is not None or (want_kind and cell.kind != want_kind):
                        problems.append(f"{table}.{row}.{col}: got {cell.value} ({cell.kind}), truth null "
                                        f"({want_kind})")
                elif cell.value is None or abs(cell.value - want) > 0.005:
                    problems.append(f"{table}.{row}.{col}: got {cell.value} ({cell.raw!r}), truth {want}")
    return problems
