"""One web-page report (an .html file) -> its rows for the four datasets, as a PDF gives.

The page's tables become `Grid`s (parsers/html.py) read by the same
`TableReader`, the same normalizer and the same checks as a PDF's; only where
a value was printed differs: each cell carries its `locator` in the HTML grid
instead of a page and a box.
"""
from __future__ import annotations

from pathlib import Path

from parsers.html import read_html
from pipeline.assemble import assemble
from pipeline.report import HTML_SUFFIXES, Report, sha256_of
from pipeline.sections import paragraph_sections
from pipeline.tables import read_tables
from pipeline.title import web_page_title

__all__ = ["HTML_SUFFIXES", "extract_html"]


def extract_html(path: Path, source_file: str, report_id: str | None = None) -> Report:
    data = Path(path).read_bytes()
    report = Report(report_id or sha256_of(path), source_file, format="html", pages=None)
    page = read_html(data)
    report.text_layer = bool(page.lines or page.grids)  # a page has text, unless it is empty
    title = web_page_title(page.headings, page.lines, page.title)
    return assemble(report, title, read_tables(page.grids), paragraph_sections(page.lines))
