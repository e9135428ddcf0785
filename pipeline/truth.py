"""A report read against its hand-checked truth: the one comparison tests and benchmarks share.

A truth entry (truth.json beside the files, keyed by file name) holds `agency`,
`year`, `template` and `cells` (table -> row -> col -> value; null where the
report prints a placeholder or leaves the cell blank), optionally `kinds`
(table -> row -> col -> the placeholder's kind: blank, dash, text).
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.checks import run_checks
from pipeline.report import LOW_CONFIDENCE

TOLERANCE = 0.005  # values are counts, or 万元 with up to six decimals


@dataclass(frozen=True)
class Miss:
    """A truth cell the report did not give right: `cell` is None when it is missing."""

    table: str
    row: str
    col: str
    want: float | None
    want_kind: str | None
    cell: object | None  # pipeline.tables.CellValue

    def __str__(self) -> str:
        key, cell = f"{self.table}.{self.row}.{self.col}", self.cell
        if cell is None:
            return f"{key}: missing (truth {self.want})"
        if self.want is None:
            return f"{key}: got {cell.value} ({cell.kind}), truth null ({self.want_kind})"
        return f"{key}: got {cell.value} ({cell.raw!r}), truth {self.want}"


def truth_cells(truth: dict):
    """(table, row, col, value, kind) of every cell of a truth entry; kind None for a number."""
    kinds = truth.get("kinds", {})
    for table, rows in truth["cells"].items():
        for row, cols in rows.items():
            for col, want in cols.items():
                kind = kinds.get(table, {}).get(row, {}).get(col, "number" if want is not None else None)
                yield table, row, col, want, kind


def _right(cell, want: float | None, want_kind: str | None) -> bool:
    if want is None:
        return cell.value is None and (want_kind is None or cell.kind == want_kind)
    return cell.value is not None and abs(cell.value - want) < TOLERANCE


def misses(cells, truth: dict) -> list[Miss]:
    """Every truth cell that `cells` (with canonical ids) miss or give wrong."""
    got = {(c.table, c.row, c.col): c for c in cells if c.row is not None}
    out = []
    for table, row, col, want, kind in truth_cells(truth):
        cell = got.get((table, row, col))
        if cell is None or not _right(cell, want, kind):
            out.append(Miss(table, row, col, want, kind, cell))
    return out


def differences(report, truth: dict) -> list[str]:
    """Every difference between an extracted report and its truth entry, as readable lines."""
    problems = [f"{key}: got {getattr(report, key)!r}, truth {truth[key]!r}"
                for key in ("agency", "year", "template") if getattr(report, key) != truth[key]]
    return problems + [str(m) for m in misses(report.cells, truth)]


def score(cells, truth: dict) -> dict:
    """Counts of cells right, wrong, missing; of the wrong ones, those marked low-confidence and
    the silent errors: read with high confidence and pointed at by no failing check."""
    failed = [c.check for c in run_checks(cells) if c.status == "fail"]
    total = sum(1 for _ in truth_cells(truth))
    wrong = missing = silent = marked = 0
    for m in misses(cells, truth):
        if m.cell is None:
            missing += 1
            continue
        wrong += 1
        table, row, col = m.table, m.row, m.col
        caught = any(f.startswith(table) and (f.endswith("." + col) or f.endswith("." + row) or f".{row}." in f)
                     for f in failed)
        if m.cell.confidence < LOW_CONFIDENCE:
            marked += 1
        elif not caught and m.cell.kind != "text":
            silent += 1
    broken = truth.get("layout", {}).get("broken") or []
    return {"cells": total, "right": total - wrong - missing, "wrong": wrong, "missing": missing,
            "marked": marked, "silent": silent, "failed_checks": len(failed), "broken_on_purpose": len(broken)}
