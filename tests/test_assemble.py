"""pipeline.assemble: what a report holds decides its status, the same for every source."""
from __future__ import annotations

from pipeline import schema
from pipeline.assemble import report_status
from pipeline.report import Report
from pipeline.tables import CellValue


def _report(skip_rows=(), extra=()) -> Report:
    report = Report("id", "x.pdf", template="2021", text_layer=True)
    report.cells = [CellValue(t, r, c, 0.0, "number", "0", r, 1, (0, 0, 1, 1))
                    for t, r, c in schema.canonical_cells("2021") if (t, r) not in skip_rows] + list(extra)
    return report


def test_every_template_cell_read_is_ok():
    report = _report()
    assert report_status(report, has_title=True) == ("ok", None) and report.rows_not_printed is None


def test_a_row_of_table_two_left_out_is_ok_and_said():
    report = _report(skip_rows=[("active", "rules")])
    assert report_status(report, has_title=True) == ("ok", None)
    assert report.rows_not_printed == "active.rules"


def test_a_row_left_out_beside_a_row_not_read_is_partial():
    unread = CellValue("active", None, "issued", 3.0, "number", "3", "规 章 制 度", 1, (0, 0, 1, 1))
    report = _report(skip_rows=[("active", "rules")], extra=[unread])
    status, reason = report_status(report, has_title=True)
    assert status == "partial" and "active.rules" in reason and report.rows_not_printed is None


def test_a_row_of_table_three_is_never_optional():
    report = _report(skip_rows=[("requests", "granted")])
    status, reason = report_status(report, has_title=True)
    assert status == "partial" and "requests.granted" in reason


def test_an_empty_web_page_is_an_error_in_its_own_words():
    report = Report("id", "x.html", format="html", text_layer=False)
    assert report_status(report, has_title=False) == ("error", "empty web page: no text and no tables")


def test_a_key_set_aside_as_unsure_makes_the_report_partial_saying_why():
    report = _report()
    why = "agency unsure: OCR read 临胸县教育局, and no division is named 临胸县"
    assert report_status(report, has_title=True, title_doubt=why) == ("partial", why)
