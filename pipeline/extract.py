"""One report file -> its rows for the four datasets (OUTPUT.md).

The flow: cheap page text for every page (title, sections, triage); page
geometry only where a table can be; grids -> canonical cells -> checks.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from parsers.grid import Grid, lattice_grids
from parsers.layout import BoxIndex, group_lines
from parsers.pdf import TABLE_MARKERS, ReportPdf
from parsers.stream import stream_grids
from parsers.text import Section, clean_lines, find_title, split_sections
from pipeline import schema
from pipeline.checks import Check, run_checks
from pipeline.tables import CellValue, read_tables
from pipeline.values import parse_value

PIPELINE_VERSION = "0.1.0"


@dataclass
class Report:
    report_id: str
    source_file: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    format: str = "pdf"
    pages: int | None = None
    text_layer: bool | None = None
    status: str = "error"
    error: str | None = None
    pipeline_version: str = PIPELINE_VERSION
    cells: list[CellValue] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    grids = [g for g in lattice_grids(geometry) if _holds_values(g)]
    return grids or stream_grids(geometry)


def _text_outside(geometry, used: list[tuple[int, tuple]]) -> list[str]:
    """The page's lines of text, without the table cells the reader consumed."""
    frames = BoxIndex([box for page, box in used if page == geometry.number])
    outside = [g for g in geometry.glyphs if frames.find(g.xc, g.yc) is None]
    return [line.text for line in group_lines(outside)]


def _holds_values(grid: Grid) -> bool:
    """A ruled frame around body text is not a table: a table prints numbers or header words in cells."""
    return any(parse_value(c.text)[1] == "number" or TABLE_MARKERS.search(c.text) for c in grid.cells)


def extract_pdf(path: Path, source_file: str, report_id: str | None = None) -> Report:
    report = Report(report_id or sha256_of(path), source_file)
    with ReportPdf(path) as pdf:
        report.pages = pdf.page_count
        texts = [pdf.page_text(i) for i in range(pdf.page_count)]
        report.text_layer = any(t.strip() for t in texts)
        table_pages = _table_pages(pdf, texts)
        geometries = {i: pdf.geometry(i) for i in table_pages}
        title = find_title(texts[0].splitlines() if texts else [], pdf.metadata_title)
    if title:
        report.agency, report.year = title.agency, title.year
    reader = read_tables([g for i in sorted(geometries) for g in _page_grids(geometries[i])])
    report.cells, report.template = reader.result(), reader.template()
    page_lines = [
        _text_outside(geometries[i], reader.used) if i in geometries else text.splitlines()
        for i, text in enumerate(texts)
    ]
    report.sections = split_sections(clean_lines(page_lines))
    report.checks = run_checks(report.cells)
    report.status, report.error = report_status(report, title is not None)
    return report


def report_status(report: Report, has_title: bool) -> tuple[str, str | None]:
    tables = {c.table for c in report.cells if c.row is not None}
    if not report.text_layer:
        return "error", "no text layer (a scanned report); OCR is not available yet"
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
    return "ok", None
