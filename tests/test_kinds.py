"""The kinds of report the pipeline claims to read, made by the repo's own generator
(tests/corpus/kinds, `make kinds`): stacked applicant headers over shaded bands, table
pages drawn sideways, （六）'s values merged over its rows, table 二 without 规章, title
forms, two reports in one PDF, web pages. Each file against what a careful reader
expects of it (expect.json)."""
from __future__ import annotations

import json
import re

import pytest

from pipeline.run import extract_reports
from pipeline.truth import differences
from tests.conftest import REPO

FOLDER = REPO / "tests" / "corpus" / "kinds"
EXPECT = json.loads((FOLDER / "expect.json").read_text(encoding="utf-8"))["files"]
DATE_LINE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _names(*kinds: str) -> list[str]:
    return sorted(name for name, entry in EXPECT.items() if not kinds or entry["kind"] in kinds)


def _read(name: str):
    return extract_reports(FOLDER / name, name), EXPECT[name]


@pytest.mark.parametrize("name", _names())
def test_each_file_reads_as_a_careful_reader_expects(name):
    reports, entry = _read(name)
    assert len(reports) == len(entry["reports"]), [(r.agency, r.year, r.status, r.error) for r in reports]
    for report, want in zip(reports, entry["reports"], strict=True):
        assert differences(report, want) == []
        assert report.status == want["status"], report.error
        assert report.rows_not_printed == want["rows_not_printed"]
        assert [s.number for s in report.sections] == want["sections"]


def test_every_kind_is_made():
    kinds = {entry["kind"] for entry in EXPECT.values()}
    assert kinds == {"stacked_headers", "sideways", "merged_values", "omitted_rows", "title_form", "concatenated",
                     "layout_table", "web_merged_rows", "web_nav"}
    templates = {r["template"] for n in _names("stacked_headers") for r in EXPECT[n]["reports"]}
    assert templates == {"2019", "2021"}


@pytest.mark.parametrize("name", _names("merged_values", "web_merged_rows"))
def test_a_number_merged_over_rows_is_merged_and_null(name):
    (report,), entry = _read(name)
    want = entry["reports"][0]["kinds"].get("requests", {})
    merged = {(row, col) for row, cols in want.items() for col, kind in cols.items() if kind == "merged"}
    got = {(c.row, c.col): c for c in report.cells if c.table == "requests"}
    assert all((got[k].kind, got[k].value) == ("merged", None) for k in merged if k in got)
    assert merged <= got.keys()
    if name != "merged_zero.pdf":
        assert merged, "the file should hold a non-zero merged value"


@pytest.mark.parametrize("name", _names("sideways"))
def test_the_cells_of_sideways_pages_have_boxes(name):
    (report,), entry = _read(name)
    turned = entry["turned_pages"]
    on_turned = [c for c in report.cells if c.page in turned]
    assert {c.page for c in on_turned} == set(turned)
    assert all(c.box is not None and c.box[0] < c.box[2] and c.box[1] < c.box[3] for c in on_turned)


def test_the_signature_after_section_six_is_not_its_text():
    (report,), entry = _read("web_layout_table.html")
    six = report.sections[-1]
    assert six.number == 6
    assert not any(DATE_LINE.search(line) for line in six.text.splitlines())
    assert not six.text.rstrip().endswith(entry["reports"][0]["agency"])
    assert six.text == entry["section6_text"]


def test_a_table_two_without_rules_row_has_no_rules_cells():
    (report,), _ = _read("omitted_rules.pdf")
    assert not [c for c in report.cells if (c.table, c.row) == ("active", "rules")]


def test_two_reports_in_one_file_keep_their_own_pages():
    (first, second), entry = _read("concatenated.pdf")
    assert first.report_id.endswith("#1") and second.report_id.endswith("#2")
    assert first.first_page == 1 and second.first_page == first.pages + 1
    assert all(c.page <= first.pages for c in first.cells)
    assert all(c.page >= second.first_page for c in second.cells)


def test_a_web_pages_empty_trailing_row_gives_no_cells():
    (report,), _ = _read("web_nav.html")
    assert not [c for c in report.cells if c.row is None and c.kind == "blank"]
