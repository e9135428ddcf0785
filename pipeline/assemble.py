"""One way to finish a report, whatever its source: cells, sections, checks and status.

The PDF path (text layer and OCR, pipeline.extract) and the web-page path
(pipeline.html_report) read a title, tables and sections their own way and
hand them here; what a report holds and how its status is decided is the
same for both.
"""
from __future__ import annotations

from pipeline import schema
from pipeline.checks import run_checks
from pipeline.report import LOW_CONFIDENCE, Report
from pipeline.sections import Section
from pipeline.tables import TablesRead
from pipeline.text_checks import text_checks
from pipeline.title import Title


def assemble(report: Report, title: Title | None, tables: TablesRead, sections: list[Section]) -> Report:
    """Fill `report` (its source facts already set: format, pages, text_layer, ocr_pages) with
    what was read, run the checks and decide its status. Returns the same report."""
    if title is not None:
        report.agency, report.year = title.agency, title.year
    report.cells, report.template = tables.cells, tables.template
    report.sections = sections
    report.checks = run_checks(report.cells) + text_checks(sections, report.cells)
    report.status, report.error = report_status(report, title is not None, title and title.doubt)
    return report


# Tables whose rows an agency may leave out of its report: a department that makes no rules
# prints no 规章 row. A row of tables 三 and 四 is never optional: missing, it was not read.
OPTIONAL_ROW_TABLES = ("active",)


def rows_not_printed(cells, absent: set[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(table, row) of the template rows a report left out: every cell of the row absent, in a
    table whose rows may be left out and where no printed row went unread (a row printed but
    not matched to the template could be the missing one: then the report is partial)."""
    unread = {c.table for c in cells if c.row is None and c.kind != "blank"}
    rows = sorted({k[:2] for k in absent if k[0] in OPTIONAL_ROW_TABLES and k[0] not in unread})
    present = {(c.table, c.row) for c in cells}
    return [r for r in rows if r not in present]


def report_status(report: Report, has_title: bool, title_doubt: str | None = None) -> tuple[str, str | None]:
    """(status, reason): `error` for nothing readable, `not_a_report`, `partial` (a table,
    the title, a key read unsure (`title_doubt`), template cells or a sure reading missing)
    or `ok`."""
    tables = {c.table for c in report.cells if c.row is not None}
    if not report.text_layer and not report.ocr_pages:
        if report.format == "html":
            return "error", "empty web page: no text and no tables"
        return "error", "no usable text layer (a scanned report) and the OCR engine is not installed"
    if not tables and not has_title:
        return "not_a_report", "no annual-report title and none of the three statistical tables"
    missing = [t for t in schema.TABLES if t not in tables]
    if missing:
        return "partial", "tables not found: " + ", ".join(missing)
    if not has_title:
        return "partial", "no title with agency and reporting year found"
    if title_doubt:
        return "partial", title_doubt
    other_form = "2021" if any(c.row in schema.OTHER_FORMS["2021"] for c in report.cells) else "2019"
    expected = set(schema.canonical_cells(report.template or "2021", other_form))
    got = {(c.table, c.row, c.col) for c in report.cells}
    left_out = rows_not_printed(report.cells, expected - got)
    report.rows_not_printed = ", ".join(f"{t}.{r}" for t, r in left_out) or None
    absent = sorted(k for k in expected - got if k[:2] not in left_out)
    if absent:
        shown = ", ".join(".".join(k) for k in absent[:3])
        return "partial", f"{len(absent)} template cells not found, e.g. {shown}"
    low = [c for c in report.cells if c.confidence < LOW_CONFIDENCE]
    if low:
        first = low[0]
        return "partial", (f"{len(low)} value{'' if len(low) == 1 else 's'} read with low confidence "
                           f"(cells.confidence), "
                           f"e.g. {first.table}.{first.row}.{first.col}")
    return "ok", None
