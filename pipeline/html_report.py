"""One web-page report (an .html file) -> its rows for the four datasets, as a PDF gives.

The page's tables become `Grid`s (parsers/html.py) read by the same
`TableReader`, the same normalizer and the same checks as a PDF's; only where
a value was printed differs: a `locator` in the HTML grid instead of a page
and a box.
"""
from __future__ import annotations

from pathlib import Path

from parsers.html import HtmlPage, read_html
from parsers.layout import squeeze
from parsers.text import Section, Title, find_title, parse_title, split_sections
from pipeline.checks import run_checks
from pipeline.extract import report_status
from pipeline.report import HTML_SUFFIXES, Report, sha256_of
from pipeline.tables import read_tables

__all__ = ["HTML_SUFFIXES", "extract_html"]


def page_title(page: HtmlPage) -> Title | None:
    """The body's own heading lines first (a page may carry a site name in <title>), else <title>.

    Agencies' pages mostly leave the title out of the article body and put it
    in <title>, sometimes with the site's name after it (…年度报告_某某政府网):
    parse_title takes the agency before the year and ignores the tail."""
    title = find_title(page.headings + page.lines[:3], page.title)
    if title is None and page.title:
        parsed = parse_title(page.title)
        title = parsed if parsed.agency and parsed.year else None
    return title


def paragraph_sections(lines: list[str]) -> list[Section]:
    """Sections 一 to 六 with one paragraph per HTML block.

    split_sections finds the headings (and its reflow suits lines a PDF broke);
    a web page states its paragraphs, so the body is rebuilt from the blocks."""
    found = split_sections(lines)
    if not found:
        return []
    bodies: list[list[str]] = []
    titles = iter(s.title for s in found)
    want = next(titles)
    for line in lines:
        flat = squeeze(line)
        if want is not None and flat == want:
            bodies.append([])
            want = next(titles, None)
        elif bodies:
            bodies[-1].append(flat)
    return [Section(s.number, s.title, "\n".join(body)) for s, body in zip(found, bodies, strict=False)]


def extract_html(path: Path, source_file: str, report_id: str | None = None) -> Report:
    data = Path(path).read_bytes()
    report = Report(report_id or sha256_of(path), source_file, format="html", pages=None)
    page = read_html(data)
    report.text_layer = bool(page.lines or page.grids)  # a page has text, unless it is empty
    title = page_title(page)
    if title:
        report.agency, report.year = title.agency, title.year
    reader = read_tables(page.grids)
    report.cells, report.template = reader.result(), reader.template()
    for cell in report.cells:
        cell.locator = page.locators.get(cell.box)
        cell.page, cell.box = None, None  # no page and no PDF points on a web page
    report.sections = paragraph_sections(page.lines)
    report.checks = run_checks(report.cells)
    report.status, report.error = report_status(report, title is not None)
    if report.status == "error" and not report.text_layer:
        report.error = "empty web page: no text and no tables"
    return report
