"""The panel and the cells for Stata, R and Excel users: `govreport export OUT --format F`.

Writes into a folder (default: `export/` beside OUT, e.g. data/export for data/parquet):

    csv      panel.csv, cells.csv, agencies.csv, dictionary.csv (UTF-8 with a byte-order mark,
             so Excel shows the Chinese; pandas and R's readr read it as they are)
    xlsx     govreport.xlsx: sheets panel, cells, agencies and dictionary (openpyxl)
    dta      panel.dta, cells.dta, agencies.dta: Stata 14+ (format 118, Unicode), every
             variable labelled with its Chinese label; dictionary.csv beside them
    parquet  panel.parquet, cells.parquet, agencies.parquet, dictionary.parquet (R: arrow)

Stata names are at most 32 ASCII characters, so the panel's cell columns (`table.row.col`,
up to 51 characters) get short names there (`r_new_np` …); the dictionary maps every column
to its name in each format, its Chinese label and its meaning. Each file is written whole or
not at all (pipeline.atomic).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from pipeline import contract, schema
from pipeline.atomic import write_atomic

FORMATS = ("csv", "xlsx", "dta", "parquet")
TABLES = ("panel", "cells", "agencies")
XLSX_ROWS = 1_048_575  # an Excel sheet's rows, less the header

_TABLE_SHORT = {"active": "a", "requests": "r", "review_litigation": "l"}
_TABLE_LABEL = {"active": "二", "requests": "三", "review_litigation": "四"}
# words of row and column ids shortened for Stata's 32 characters
_SHORT = {
    "natural_person": "np", "commercial": "biz", "research": "sci", "public_interest": "ngo",
    "legal_services": "law", "other_org": "oth", "total": "tot",
    "new_requests": "new", "carried_over": "carried_over", "granted": "granted",
    "partially_granted": "partial", "total_handled": "handled", "carried_forward": "carried_fwd",
    "normative_documents": "normdocs", "other_services": "othservices", "total_published": "totpub",
    "procurement_items": "items", "procurement_amount": "amount", "prev_items": "prev", "fee_amount": "amount",
    "suit_after_review": "suit_after_rev", "other_result": "othres",
}
_WORDS = {"denied": "den", "unavailable": "unav", "unprocessed": "unpr", "other": "oth", "prohibited": "prohib",
          "security": "sec", "stability": "stab", "internal": "int", "enforcement": "enf", "information": "info",
          "creation": "create", "publication": "pub", "repetitive": "repeat", "reconfirm": "reconf",
          "correction": "correct"}


class ExportError(RuntimeError):
    """Nothing to export, or a table too big for the format."""


def stata_name(cell: str) -> str:
    """`requests.new_requests.natural_person` -> `r_new_np`: at most 32 characters, unique over
    the panel's cells (tests/test_export.py)."""
    table, row, col = cell.split(".")
    return f"{_TABLE_SHORT[table]}_{_short(row)}_{_short(col)}"


def _short(word: str) -> str:
    if word in _SHORT:
        return _SHORT[word]
    return "_".join(_WORDS.get(part, part) for part in word.split("_"))


def cell_label(cell: str) -> str:
    """The Chinese label of a panel cell, table 三's rows with their group:
    `三 （三）不予公开 1.属于国家秘密 | 自然人`."""
    table, row, col = cell.split(".")
    return f"{_TABLE_LABEL[table]} {_row_labels()[table, row]} | {_col_labels()[table, col]}"


@functools.cache
def _row_labels() -> dict[tuple[str, str], str]:
    labels = {("active", r.id): r.labels[0] for sub in schema.ACTIVE_SUBTABLES for r in sub.rows}
    labels.update({("requests", r.id): schema.request_row_label(r) for r in schema.REQUEST_ROWS})
    labels.update({("review_litigation", r.id): r.label for r in schema.REVIEW_ROWS})
    return labels


@functools.cache
def _col_labels() -> dict[tuple[str, str], str]:
    labels = {("active", c.id): c.label for sub in schema.ACTIVE_SUBTABLES for cols in sub.columns.values()
              for c in cols}
    labels.update({("requests", c.id): c.label for c in schema.REQUEST_COLUMNS})
    labels.update({("review_litigation", c.id): c.label for c in schema.REVIEW_COLUMNS})
    return labels


def dictionary():
    """One row per exported column: table, column, stata_name, label (Chinese, for cells),
    type, meaning."""
    import pandas as pd

    rows = []
    for name in TABLES:
        for c in contract.BY_NAME[name].columns:
            rows.append({"table": name, "column": c.name, "stata_name": c.name, "label": _stata_label(c.meaning),
                         "type": c.type, "meaning": c.meaning})
    for cell in contract.panel_cell_names():
        rows.append({"table": "panel", "column": cell, "stata_name": stata_name(cell), "label": cell_label(cell),
                     "type": "float64", "meaning": "the printed value (null: not printed, a placeholder or "
                                                   "unreadable; the cells table says which)"})
    return pd.DataFrame(rows)


def _stata_label(text: str) -> str:
    """A meaning as a Stata variable label: plain text (no Markdown backticks), its first clause
    where the whole is over Stata's 80 characters (the dictionary holds it whole)."""
    text = text.replace("`", "")
    if len(text) <= 80:
        return text
    clause = re.split(r"[;:(（]", text)[0].strip(" ,")
    return clause if len(clause) <= 80 else text[:79] + "…"


def export(out_dir: str | Path, fmt: str, to: str | Path | None = None) -> list[Path]:
    """Write the panel, cells and agencies of the output under `out_dir` in format `fmt` into
    `to` (default: `export/` beside out_dir). Returns the files written.
    Raises ValueError (unknown format), FileNotFoundError (no output there: pipeline.load's
    message), ExportError (a table too big for xlsx)."""
    from pipeline.store import load

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    to = Path(to) if to is not None else out_dir.resolve().parent / "export"
    tables = {name: load(name, out_dir) for name in TABLES}
    to.mkdir(parents=True, exist_ok=True)
    return _WRITERS[fmt](tables, dictionary(), to)


def _csv(tables, dictionary, to: Path) -> list[Path]:
    written = []
    for name, frame in {**tables, "dictionary": dictionary}.items():
        path = to / f"{name}.csv"
        write_atomic(path, lambda tmp, f=frame: f.to_csv(tmp, index=False, encoding="utf-8-sig"))
        written.append(path)
    return written


def _xlsx(tables, dictionary, to: Path) -> list[Path]:
    import pandas as pd

    for name, frame in tables.items():
        if len(frame) > XLSX_ROWS:
            raise ExportError(f"{name} has {len(frame):,} rows, more than an Excel sheet holds "
                              f"({XLSX_ROWS + 1:,}): export csv or parquet")
    path = to / "govreport.xlsx"

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as book:
            for name, frame in {**tables, "dictionary": dictionary}.items():
                frame.to_excel(book, sheet_name=name, index=False)
                book.sheets[name].freeze_panes = "A2"

    write_atomic(path, write)
    return [path]


def _dta(tables, dictionary, to: Path) -> list[Path]:
    written = []
    labels = dict(zip(dictionary["table"] + "/" + dictionary["column"], dictionary["label"], strict=True))
    names = dict(zip(dictionary["table"] + "/" + dictionary["column"], dictionary["stata_name"], strict=True))
    for name, frame in tables.items():
        frame = _for_stata(frame)
        renamed = {c: names.get(f"{name}/{c}", c) for c in frame.columns}
        frame = frame.rename(columns=renamed)
        variable_labels = {renamed[c]: labels[f"{name}/{c}"] for c in renamed if f"{name}/{c}" in labels}
        path = to / f"{name}.dta"
        write_atomic(path, lambda tmp, f=frame, v=variable_labels, n=name: f.to_stata(
            tmp, write_index=False, version=118, variable_labels=v, data_label=f"govreport {n}"[:80]))
        written.append(path)
    written += _csv({}, dictionary, to)
    return written


def _for_stata(frame):
    """Nullable dtypes to what Stata holds: numbers as float64 (missing: .), text as str ('')."""
    import pandas as pd

    columns = {}
    for col in frame.columns:
        series = frame[col]
        if pd.api.types.is_integer_dtype(series) and series.notna().all():
            columns[col] = series.astype("int32")
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            columns[col] = series.astype("float64")
        else:
            columns[col] = series.astype(object).where(series.notna(), "").astype(str)
    return pd.DataFrame(columns, index=frame.index)


def _parquet(tables, dictionary, to: Path) -> list[Path]:
    written = []
    for name, frame in {**tables, "dictionary": dictionary}.items():
        path = to / f"{name}.parquet"
        write_atomic(path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
        written.append(path)
    return written


_WRITERS = {"csv": _csv, "xlsx": _xlsx, "dta": _dta, "parquet": _parquet}
