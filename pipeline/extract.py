"""One report PDF -> its rows for the four datasets (docs/OUTPUT.md).

The flow: cheap page text for every page (title, sections, triage); OCR for
the pages whose text layer is missing or unusable; page geometry only where a
table can be; grids -> canonical cells -> checks. Scanned and text pages meet
at the same `PageGeometry` (words with boxes and rules) and share everything
after: `pipeline.grids.page_grids`, the table reader, `pipeline.assemble`.
"""
from __future__ import annotations

from pathlib import Path

from parsers.layout import PageGeometry, group_lines, outside
from parsers.pdf import ReportPdf
from parsers.text import clean_lines
from parsers.text_layer import text_layer_report
from pipeline.assemble import assemble
from pipeline.grids import page_grids, table_pages
from pipeline.report import Report, sha256_of
from pipeline.sections import split_sections
from pipeline.split import report_starts
from pipeline.tables import TablesRead, read_tables
from pipeline.title import find_title, ocr_checked

__all__ = ["extract_pdf", "read_pdf"]


def _text_outside(page: PageGeometry, tables: TablesRead) -> list[str]:
    """The page's lines of text, without the table cells the reader consumed."""
    return [line.text for line in group_lines(outside(page.glyphs, tables.consumed_on(page.number)))]


def _scanned_pages(pdf: ReportPdf, path: Path, ocr_text: bool) -> dict:
    """OCR the pages whose text layer is missing or unusable: {page index: OcrPage}.
    The OCR engine is imported only here, for the reports that need it."""
    reasons = {i: r for i, r in enumerate(text_layer_report(pdf)) if r}
    if not reasons:
        return {}
    from parsers import ocr

    try:
        return ocr.ocr_document(path, sorted(reasons), ocr_text=ocr_text, reasons=reasons)
    except ocr.OcrUnavailable:
        return {}


def _pictured_tables(pdf: ReportPdf, path: Path, pages: list[int]) -> dict:
    """Tables pasted as pictures onto text-layer pages, read by OCR: {page index: the glyphs and
    rules read from its pictures}. The OCR engine is imported only for a page with a picture."""
    found = {}
    for i in pages:
        regions = pdf.pictures(i)
        if not regions:
            continue
        from parsers import ocr

        try:
            page = ocr.ocr_pictures(path, i, regions)
        except ocr.OcrUnavailable:
            return {}
        if page is not None:
            found[i] = page
    return found


def read_pdf(path: Path, source_file: str, report_id: str | None = None, ocr_text: bool = False) -> list[Report]:
    """The reports of one PDF, in page order: one for most files, several where a site
    published a collection as one file (pipeline.split). `report_id`: the file's sha256 (read
    when not given); a report's id is that, or `sha256#k` for the k-th of several.
    `ocr_text`: also read the prose of scanned pages (sections), not only tables and title.
    Raises what PDFium raises for a file it cannot open (pypdfium2.PdfiumError);
    pipeline.run.extract_reports turns that into the report's error."""
    file_id = report_id or sha256_of(path)
    with ReportPdf(path) as pdf:
        count = pdf.page_count
        texts = [pdf.page_text(i) for i in range(count)]
        scanned = _scanned_pages(pdf, path, ocr_text)
        usable = [bool(t.strip()) and i not in scanned for i, t in enumerate(texts)]
        for i, page in scanned.items():
            texts[i] = page.text if page.recognized else ""
        geometries = {i: pdf.geometry(i) for i in table_pages(texts) if i not in scanned}
        geometries.update({i: page for i, page in scanned.items() if page.recognized})
        pictured = _pictured_tables(pdf, path, [i for i in range(count) if i not in scanned])
        for i, found in pictured.items():
            geometry = geometries.get(i) or pdf.geometry(i)
            geometry.glyphs += found.glyphs
            geometry.segments += found.segments
            geometry.ocr_regions += found.ocr_regions
            geometries[i] = geometry
        starts = report_starts([t.splitlines() for t in texts])
        metadata_title = pdf.metadata_title if len(starts) == 1 else ""  # the file's, not one report's
    reports = []
    for k, (first, stop) in enumerate(zip(starts, [*starts[1:], count], strict=True), start=1):
        pages = range(first, stop)
        report = Report(file_id if len(starts) == 1 else f"{file_id}#{k}", source_file, pages=len(pages),
                        first_page=first + 1, ocr_pages=sum(1 for i in pages if i in scanned or i in pictured),
                        text_layer=any(usable[i] for i in pages))
        head = [texts[i] for i in pages][:2]
        title = find_title([t.splitlines() for t in head], metadata_title, "\n".join(head))
        if any(i in scanned for i in pages[:2]):
            title = ocr_checked(title)
        tables = read_tables([g for i in pages if i in geometries for g in page_grids(geometries[i])])
        page_lines = [
            ([] if i in scanned and not ocr_text else _text_outside(geometries[i], tables))
            if i in geometries else texts[i].splitlines()
            for i in pages
        ]
        reports.append(assemble(report, title, tables, split_sections(clean_lines(page_lines))))
    return reports


def extract_pdf(path: Path, source_file: str, report_id: str | None = None, ocr_text: bool = False) -> Report:
    """The report of a PDF that holds one (read_pdf for any PDF). Raises ValueError for a file
    that holds several, and what read_pdf raises."""
    reports = read_pdf(path, source_file, report_id, ocr_text)
    if len(reports) != 1:
        raise ValueError(f"{path} holds {len(reports)} reports: read it with read_pdf")
    return reports[0]
