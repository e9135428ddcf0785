"""OCR benchmark: python -m parsers.ocr_bench FOLDER (scans with truth.json, e.g. from
corpus.scan), read by the production path, `pipeline.extract.extract_pdf`: cells right,
silent errors, seconds per scanned page and per report."""
from __future__ import annotations

import time
from pathlib import Path

from parsers.ocr import DPI, Engine
from pipeline.report import LOW_CONFIDENCE


def score(cells, truth: dict) -> dict:
    """Cells right against the truth, and silent errors: a wrong value read with high
    confidence that no failing check points at."""
    from pipeline.checks import run_checks

    failed = [c.check for c in run_checks(cells) if c.status == "fail"]
    got = {(c.table, c.row, c.col): c for c in cells if c.row is not None}
    kinds = truth.get("kinds", {})
    right = wrong = missing = silent = marked = 0
    for table, rows in truth["cells"].items():
        for row, cols in rows.items():
            for col, want in cols.items():
                cell = got.get((table, row, col))
                if cell is None:
                    missing += 1
                    continue
                want_kind = kinds.get(table, {}).get(row, {}).get(col, "number" if want is not None else None)
                ok = (cell.value is None and (want_kind is None or cell.kind == want_kind)) if want is None else (
                    cell.value is not None and abs(cell.value - want) < 0.005)
                if ok:
                    right += 1
                    continue
                wrong += 1
                caught = any(f.startswith(table) and (f.endswith("." + col) or f.endswith("." + row)
                                                     or f".{row}." in f) for f in failed)
                if cell.confidence < LOW_CONFIDENCE:
                    marked += 1
                elif not caught and cell.kind != "text":
                    silent += 1
    broken = truth.get("layout", {}).get("broken") or []
    return {"cells": right + wrong + missing, "right": right, "wrong": wrong, "missing": missing,
            "marked": marked, "silent": silent, "failed_checks": len(failed), "broken_on_purpose": len(broken)}


def main(argv=None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="OCR accuracy and speed on scanned reports with truth.json")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dpi", type=int, default=DPI)
    parser.add_argument("--ocr-text", action="store_true")
    args = parser.parse_args(argv)
    truth = json.loads((args.folder / "truth.json").read_text(encoding="utf-8"))
    Engine.get()  # load the models once, before the clock starts
    totals: dict[str, float] = {}
    seconds, cpu, pages_done = 0.0, 0.0, 0
    from pipeline.extract import extract_pdf  # the production path, scanned pages and all

    for name in sorted(truth):
        wall, proc = time.perf_counter(), time.process_time()
        report = extract_pdf(args.folder / name, name, ocr_text=args.ocr_text)
        wall, proc = time.perf_counter() - wall, time.process_time() - proc
        result = score(report.cells, truth[name])
        result["title_ok"] = int((report.agency, report.year) == (truth[name]["agency"], truth[name]["year"]))
        result["template_ok"] = int(report.template == truth[name]["template"])
        print(f"{name}: {report.pages} pages ({report.ocr_pages} OCR'd) {wall:.1f} s wall, {proc:.1f} s cpu; "
              f"status {report.status}; {result}")
        for k, v in result.items():
            totals[k] = totals.get(k, 0) + v
        seconds, cpu, pages_done = seconds + wall, cpu + proc, pages_done + report.ocr_pages
    print(f"total: {json.dumps(totals)}")
    print(f"cells right: {totals.get('right', 0) / max(1, totals.get('cells', 0)):.4f}; "
          f"silent errors: {int(totals.get('silent', 0))}; "
          f"{seconds / max(1, pages_done):.2f} s/page wall, {cpu / max(1, pages_done):.2f} s/page cpu "
          f"over {pages_done} OCR'd pages; {seconds / max(1, len(truth)):.1f} s/report wall "
          f"over {len(truth)} reports")


if __name__ == "__main__":
    main()
