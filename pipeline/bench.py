"""`make bench`: the pipeline's time per report beside a naive pdfplumber pass, in one run.

The naive pass is what a first script would do: open the PDF, then
extract_text and extract_tables on every page. Both run over the same files,
one after the other, each file's timings taken in the same process.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import pdfplumber

from pipeline.extract import extract_pdf
from pipeline.run import find_reports


def naive_pass(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def _timed(fn, path: Path) -> float:
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def run_bench(raw_dir: str | Path, limit: int = 0) -> str:
    files = find_reports(Path(raw_dir))
    if limit:
        files = files[:limit]
    if not files:
        return f"no PDFs under {raw_dir}"
    pipeline_times, naive_times = [], []
    for path in files:
        pipeline_times.append(_timed(lambda p: extract_pdf(p, p.name), path))
        naive_times.append(_timed(naive_pass, path))
    pipe, naive = statistics.median(pipeline_times), statistics.median(naive_times)
    return (
        f"{len(files)} reports under {raw_dir}\n"
        f"pipeline: median {pipe:.3f} s/report\n"
        f"naive pdfplumber (extract_text + extract_tables, every page): median {naive:.3f} s/report\n"
        f"ratio pipeline/naive: {pipe / naive:.2f}"
    )
