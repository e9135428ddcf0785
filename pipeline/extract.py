"""One report PDF -> its rows for the four datasets (docs/OUTPUT.md).

The flow: cheap page text for every page (title, sections, triage); OCR for
the pages whose text layer is missing or unusable; page geometry only where a
table can be; grids -> canonical cells -> checks. Scanned and text pages meet
at the same `PageGeometry` (words with boxes and rules) and share everything
after: `pipeline.grids.page_grids`, the table reader, `pipeline.assemble`.
"""
from __future__ import annotations

from pathlib import Path

from parsers.layout import BoxIndex, PageGeometry, group_lines
from parsers.pdf import ReportPdf
from parsers.text import clean_lines
from parsers.text_layer import text_layer_report
from pipeline.assemble import assemble
from pipeline.grids import page_grids, table_pages
from pipeline.report import Report, sha256_of
from pipeline.sections import split_sections
from pipeline.tables import TablesRead, read_tables
from pipeline.title import find_title

__all__ = ["extract_pdf"]


def _text_outside(page: PageGeometry, tables: TablesRead) -> list[str]:
    """The page's lines of text, without the table cells the reader consumed."""
    frames = BoxIndex(tables.consumed_on(page.number))
    outside = [g for g in page.glyphs if frames.find(g.xc, g.yc) is None]
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
    """One PDF's report. `ocr_text`: also read the prose of scanned pages (sections), not only
    tables and title. Raises what PDFium raises for a file it cannot open (pypdfium2.PdfiumError);
    pipeline.run.extract_one turns that into the report's error."""
    report = Report(report_id or sha256_of(path), source_file)
    with ReportPdf(path) as pdf:
        report.pages = pdf.page_count
        texts = [pdf.page_text(i) for i in range(pdf.page_count)]
        scanned = _scanned_pages(pdf, path, texts, ocr_text)
        report.ocr_pages = len(scanned)
        report.text_layer = len(scanned) < pdf.page_count and any(t.strip() for t in texts)
        for i, page in scanned.items():
            texts[i] = page.text if page.recognized else ""
        geometries = {i: pdf.geometry(i) for i in table_pages(texts) if i not in scanned}
        geometries.update({i: page for i, page in scanned.items() if page.recognized})
        title = find_title(texts[0].splitlines() if texts else [], pdf.metadata_title)
    tables = read_tables([g for i in sorted(geometries) for g in page_grids(geometries[i])])
    page_lines = [
        ([] if i in scanned and not ocr_text else _text_outside(geometries[i], tables))
        if i in geometries else text.splitlines()
        for i, text in enumerate(texts)
    ]
    return assemble(report, title, tables, split_sections(clean_lines(page_lines)))
