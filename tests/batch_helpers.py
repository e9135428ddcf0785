"""Helpers of the batch tests: corpora in temp folders, a crashing worker, duplicate checks."""
from __future__ import annotations

import ctypes
import shutil
from pathlib import Path

import pandas as pd

from pipeline.run import extract_reports
from tests.conftest import REPO

GENERATED = REPO / "tests" / "corpus" / "generated"
SAMPLES = REPO / "data" / "raw"


def copy_corpus(dest: Path, n: int, samples: bool = True) -> list[Path]:
    """The two samples and the first n generated reports, copied into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    sources = (sorted(SAMPLES.glob("*.pdf")) if samples else []) + sorted(GENERATED.glob("*.pdf"))[:n]
    return [Path(shutil.copy(p, dest / p.name)) for p in sources]


def canonical_keys(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells with a canonical row: the rows that must be unique on report_id + table + row + col."""
    return cells[cells["row"].notna()][["report_id", "table", "row", "col"]]


def assert_no_duplicates(data: dict[str, pd.DataFrame]) -> None:
    assert not data["reports"]["report_id"].duplicated().any()
    assert not canonical_keys(data["cells"]).duplicated().any()
    assert not data["sections"][["report_id", "section"]].duplicated().any()
    assert not data["checks"][["report_id", "check"]].duplicated().any()


def extract_or_crash(path: str, source_file: str, report_id: str):
    """The worker's function, except that a file named crash* kills the worker the hard way (SIGSEGV)."""
    if Path(path).name.startswith("crash"):
        ctypes.string_at(0)
    return extract_reports(path, source_file, report_id)


_HELD: list[bytearray] = []


def hold_memory(mb: int) -> int:
    """Keep `mb` MB alive in this process (a leak, on purpose); its pid."""
    import os

    _HELD.append(bytearray(mb * 2**20))  # zero-filled pages are touched: counted in RSS
    return os.getpid()


def extract_while_rewritten(path: str, source_file: str, report_id: str = ""):
    """A worker's work on a file a scraper rewrites as the worker opens it (bytes added)."""
    with open(path, "ab") as f:
        f.write(b"\n% rewritten\n")
    return extract_reports(path, source_file, report_id)
