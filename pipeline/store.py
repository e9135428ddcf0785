"""Reports -> the four Parquet datasets of OUTPUT.md, written atomically; and back.

Each dataset is a folder holding one Parquet file per run. A run writes the
new folder beside the old one and swaps them with renames, so a crash leaves
either the old output or the new one, never half of either.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

_ID = [("report_id", pa.string()), ("source_file", pa.string())]
_META = [("agency", pa.string()), ("year", pa.int32()), ("template", pa.string())]

SCHEMAS = {
    "reports": pa.schema(_ID + _META + [
        ("format", pa.string()), ("pages", pa.int32()), ("text_layer", pa.bool_()),
        ("status", pa.string()), ("error", pa.string()), ("pipeline_version", pa.string()),
    ]),
    "cells": pa.schema(_ID + _META + [
        ("table", pa.string()), ("row", pa.string()), ("col", pa.string()),
        ("value", pa.float64()), ("kind", pa.string()), ("raw", pa.string()), ("label", pa.string()),
        ("page", pa.int32()), ("x0", pa.float64()), ("top", pa.float64()), ("x1", pa.float64()),
        ("bottom", pa.float64()), ("locator", pa.string()),
    ]),
    "sections": pa.schema([("report_id", pa.string()), ("section", pa.int32()),
                           ("title", pa.string()), ("text", pa.string())]),
    "checks": pa.schema([("report_id", pa.string()), ("check", pa.string()), ("expected", pa.float64()),
                         ("actual", pa.float64()), ("status", pa.string())]),
}
DATASETS = tuple(SCHEMAS)


def rows_of(report) -> dict[str, list[dict]]:
    """One report's rows for each dataset."""
    meta = {"report_id": report.report_id, "source_file": report.source_file,
            "agency": report.agency, "year": report.year, "template": report.template}
    out = {
        "reports": [{**meta, "format": report.format, "pages": report.pages, "text_layer": report.text_layer,
                     "status": report.status, "error": report.error,
                     "pipeline_version": report.pipeline_version}],
        "cells": [],
        "sections": [{"report_id": report.report_id, "section": s.number, "title": s.title, "text": s.text}
                     for s in report.sections],
        "checks": [{"report_id": report.report_id, "check": c.check, "expected": c.expected,
                    "actual": c.actual, "status": c.status} for c in report.checks],
    }
    for c in report.cells:
        box = c.box or (None, None, None, None)
        out["cells"].append({**meta, "table": c.table, "row": c.row, "col": c.col, "value": c.value,
                             "kind": c.kind, "raw": c.raw, "label": c.label, "page": c.page,
                             "x0": box[0], "top": box[1], "x1": box[2], "bottom": box[3],
                             "locator": c.locator})
    return out


def write_datasets(out_dir: Path, reports) -> None:
    """Write every dataset for these reports, replacing what `out_dir` held."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {name: [] for name in DATASETS}
    for report in sorted(reports, key=lambda r: (r.source_file, r.report_id)):
        for name, part in rows_of(report).items():
            rows[name] += part
    for name, schema in SCHEMAS.items():
        table = pa.Table.from_pylist(rows[name], schema=schema)
        _replace_dataset(out_dir / name, table)


def _replace_dataset(target: Path, table: pa.Table) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    tmp.mkdir()
    pq.write_table(table, tmp / "part-0.parquet")
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def load(name: str, out_dir: str | Path = "data/parquet") -> pd.DataFrame:
    """One dataset as a DataFrame with nullable dtypes (Int32 years, Float64 values, string text)."""
    if name not in SCHEMAS:
        raise ValueError(f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")
    table = pq.read_table(Path(out_dir) / name, schema=SCHEMAS[name])
    return table.to_pandas(types_mapper=_dtype)


def load_all(out_dir: str | Path = "data/parquet") -> dict[str, pd.DataFrame]:
    return {name: load(name, out_dir) for name in DATASETS}


def _dtype(arrow_type):
    mapping = {pa.int32(): pd.Int32Dtype(), pa.float64(): pd.Float64Dtype(),
               pa.string(): pd.StringDtype(), pa.bool_(): pd.BooleanDtype()}
    return mapping.get(arrow_type)
