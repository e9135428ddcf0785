"""One report file -> its rows for the four datasets (OUTPUT.md).

The flow: cheap page text for every page (title, sections, triage); OCR for
the pages whose text layer is missing or unusable; page geometry only where a
table can be; grids -> canonical cells -> checks. Scanned and text pages meet
at the same words-with-boxes and rules, and share everything after.
"""
from __future__ import annotations

from pathlib import Path

from parsers.grid import Grid, holds_values, lattice_grids
from parsers.layout import BoxIndex, group_lines
from parsers.pdf import ReportPdf
from parsers.stream import stream_grids
from parsers.text import clean_lines, find_title, split_sections
from parsers.text_layer import text_layer_report
from pipeline import schema
from pipeline.checks import run_checks
from pipeline.report import LOW_CONFIDENCE, PIPELINE_VERSION, Report, sha256_of
from pipeline.tables import read_tables

__all__ = ["PIPELINE_VERSION", "Report", "extract_pdf", "report_status", "sha256_of"]

def _table_pages(pdf: ReportPdf, texts: list[str]) -> list[int]:
    """Pages that can hold a table, from the cheap text; a page between two such pages
    too, since tables run on."""
    chosen: list[int] = []
    for i, text in enumerate(texts):
        if pdf.may_hold_table(i, text, after_table=i - 1 in chosen):
            chosen.append(i)
    gaps = [i for i in range(1, len(texts) - 1) if i - 1 in chosen and i + 1 in chosen and i not in chosen]
    return sorted(chosen + gaps)


def _page_grids(geometry) -> list[Grid]:
    grids = [g for g in lattice_grids(geometry) if holds_values(g)]
    return grids or stream_grids(geometry)


def _text_outside(geometry, used: list[tuple[int, tuple]]) -> list[str]:
    """The page's lines of text, without the table cells the reader consumed."""
    frames = BoxIndex([box for page, box in used if page == geometry.number])
    outside = [g for g in geometry.glyphs if frames.find(g.xc, g.yc) is None]
    return [line.text for line in group_lines(outside)]


def _scanned_pages(pdf: ReportPdf, path: Path, texts: list[str], ocr_text: bool) -> dict:
    """OCR the pages whose text layer is missing or unusable: {page index: OcrPage}.
    The OCR engine is imported only here, for the reports that need it."""
    reasons = {i: r for i, r in enumerate(text_layer_report(pdf.document, texts)) if r}
    if not reasons:
        return {}
    from parsers import ocr

    try:
        return ocr.ocr_document(path, sorted(reasons), ocr_text=ocr_text, reasons=reasons)
    except ocr.OcrUnavailable:
        return {}


def extract_pdf(path: Path, source_file: str, report_id: str | None = None, ocr_text: bool = False) -> Report:
    """`ocr_text`: also read the prose of scanned pages (sections), not only tables and title."""
    report = Report(report_id or sha256_of(path), source_file)
    with ReportPdf(path) as pdf:
        report.pages = pdf.page_count
        texts = [pdf.page_text(i) for i in range(pdf.page_count)]
        scanned = _scanned_pages(pdf, path, texts, ocr_text)
        report.ocr_pages = len(scanned)
        report.text_layer = len(scanned) < pdf.page_count and any(t.strip() for t in texts)
        for i, page in scanned.items():
            texts[i] = page.text if page.recognized else ""
        geometries = {i: pdf.geometry(i) for i in _table_pages(pdf, texts) if i not in scanned}
        geometries.update({i: page for i, page in scanned.items() if page.recognized})
        title = find_title(texts[0].splitlines() if texts else [], pdf.metadata_title)
    if title:
        report.agency, report.year = title.agency, title.year
    reader = read_tables([g for i in sorted(geometries) for g in _grids(geometries[i], i in scanned)])
    report.cells, report.template = reader.result(), reader.template()
    if scanned:
        from parsers.ocr import value_confidence

        for cell in report.cells:
            cell.confidence = value_confidence(scanned, cell.page, cell.box)
            if cell.kind == "blank" and cell.page - 1 in scanned:
                # on a scan, nothing read is not the same as nothing printed: faint ink, or a
                # value the recogniser missed, would look alike
                cell.confidence = min(cell.confidence, BLANK_ON_SCAN)
    page_lines = [
        ([] if i in scanned and not ocr_text else _text_outside(geometries[i], reader.used))
        if i in geometries else text.splitlines()
        for i, text in enumerate(texts)
    ]
    report.sections = split_sections(clean_lines(page_lines))
    report.checks = run_checks(report.cells)
    report.status, report.error = report_status(report, title is not None)
    return report


BLANK_ON_SCAN = 0.5  # the confidence of an empty cell on an OCR'd page: under LOW_CONFIDENCE


def _grids(geometry, scanned: bool) -> list[Grid]:
    if scanned:
        from parsers.ocr import ocr_grids

        return ocr_grids(geometry)
    return _page_grids(geometry)


def report_status(report: Report, has_title: bool) -> tuple[str, str | None]:
    tables = {c.table for c in report.cells if c.row is not None}
    if not report.text_layer and not report.ocr_pages:
        return "error", "no usable text layer (a scanned report) and the OCR engine is not installed"
    if not tables and not has_title:
        return "not_a_report", "no annual-report title and none of the three statistical tables"
    missing = [t for t in schema.TABLES if t not in tables]
    if missing:
        return "partial", "tables not found: " + ", ".join(missing)
    if not has_title:
        return "partial", "no title with agency and reporting year found"
    other_form = "2021" if any(c.row in schema.OTHER_FORMS["2021"] for c in report.cells) else "2019"
    expected = set(schema.canonical_cells(report.template or "2021", other_form))
    got = {(c.table, c.row, c.col) for c in report.cells}
    absent = sorted(expected - got)
    if absent:
        shown = ", ".join(".".join(k) for k in absent[:3])
        return "partial", f"{len(absent)} template cells not found, e.g. {shown}"
    low = [c for c in report.cells if c.confidence < LOW_CONFIDENCE]
    if low:
        first = low[0]
        return "partial", (f"{len(low)} values read by OCR with low confidence (cells.confidence), "
                           f"e.g. {first.table}.{first.row}.{first.col}")
    return "ok", None
