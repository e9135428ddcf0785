"""../shared/cases: reports from producers and sites a new-user trial found failing, against
their truth (skipped, saying why, where that folder is absent)."""
from __future__ import annotations

import json

import pytest

from pipeline.run import extract_reports
from pipeline.truth import differences
from tests.conftest import load_truth, shared_dir

LAYOUTS = ["layout_1_none_2023.pdf", "layout_2_three_line_2020.pdf", "layout_3_none_2024.pdf"]
FIELD_PAGES = ["nongyenongcunju_2025.html", "pingtan-gwh_2020.html", "pingtan-jjf_2019.html",
               "shehuishiyeju_2024.html", "shichangjianduguanliju_2023.html"]
NO_RULES_ROW = {"nongyenongcunju_2025.html", "shehuishiyeju_2024.html", "shichangjianduguanliju_2023.html"}


@pytest.mark.parametrize("name", LAYOUTS)
def test_unruled_and_three_line_tables_of_another_producer(name):
    folder = shared_dir("cases", "layouts")
    (report,) = extract_reports(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert (report.status, report.error) == ("ok", None)


@pytest.mark.parametrize("name", FIELD_PAGES)
def test_department_web_pages(name):
    folder = shared_dir("cases", "field")
    (report,) = extract_reports(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert (report.status, report.error) == ("ok", None)
    assert report.rows_not_printed == ("active.rules" if name in NO_RULES_ROW else None)


def test_a_scan_with_numbers_set_against_the_cell_rule():
    """The scan of a printed web page whose numbers sit left-aligned against each cell's rule:
    a 0's left stroke is no part of the rule (it read "D" when painted out with it), and "-1"
    and "0" in neighbouring cells stay two values."""
    folder = shared_dir("cases", "field")
    name = "pingtan-gwh_2020_leftalign_scan200.pdf"
    (report,) = extract_reports(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert (report.status, report.error) == ("ok", None) and report.ocr_pages == report.pages


def test_values_merged_over_three_rows_apply_to_each():
    folder = shared_dir("cases", "field")
    (report,) = extract_reports(folder / "shichangjianduguanliju_2023.html", "x.html")
    other = [c for c in report.cells if c.row in ("other_no_correction", "other_unpaid_fee", "other_other")]
    assert len(other) == 21 and all(c.value == 0 for c in other)
    assert len({c.locator for c in other if c.col == "total"}) == 1  # one printed cell


def _probe(name: str):
    folder = shared_dir("cases", "probes")
    expect = json.loads((folder / "expect.json").read_text(encoding="utf-8"))["files"][name]["reports"]
    return extract_reports(folder / name, name), expect


@pytest.mark.parametrize("name", ["year_suffix_two_lines.pdf", "title_after_index_9lines.pdf",
                                  "two_reports_concat.pdf", "sideways_content_rot90.pdf"])
def test_probes_come_out_as_a_careful_reader_expects(name):
    reports, expect = _probe(name)
    assert len(reports) == len(expect)
    for report, want in zip(reports, expect, strict=True):
        assert differences(report, want) == []
        assert (report.status, report.error) == ("ok", None)


def test_two_reports_in_one_file_are_two_reports():
    reports, _ = _probe("two_reports_concat.pdf")
    first, second = reports
    assert first.report_id.endswith("#1") and second.report_id.endswith("#2")
    assert first.report_id.split("#")[0] == second.report_id.split("#")[0]  # the file's sha256
    assert (first.first_page, first.pages, second.first_page, second.pages) == (1, 5, 6, 9)
    assert all(c.page <= 5 for c in first.cells) and all(c.page >= 6 for c in second.cells)
    assert [s.number for s in first.sections] == [s.number for s in second.sections] == [1, 2, 3, 4, 5, 6]


def test_tables_pasted_as_pictures_on_text_pages_are_read():
    reports, expect = _probe("mixed_image_tables.pdf")
    (report,) = reports
    assert differences(report, expect[0]) == []
    assert report.ocr_pages >= 3 and report.text_layer  # the prose from the text layer, the tables by OCR
    pictured = [c for c in report.cells if c.page == 3 and c.kind == "number"]
    assert pictured and all(c.box for c in pictured)
