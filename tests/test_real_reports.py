"""Real published reports (../shared/reports), cell by cell against their hand-checked truth."""
from __future__ import annotations

import pytest

from pipeline.extract import extract_pdf
from pipeline.truth import differences
from tests.conftest import load_truth, shared_dir

REAL = ["huaian-hongze-qu_2023.pdf", "huaian-hongze-qu_2024.pdf"]
PRINTED_WEB_PAGES = ["pingtan_2023.pdf", "pingtan_2024.pdf"]


@pytest.mark.parametrize("name", REAL)
def test_real_report_matches_truth(name):
    folder = shared_dir("reports", "real")
    report = extract_pdf(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert report.status == "ok"


@pytest.mark.parametrize("name", PRINTED_WEB_PAGES)
def test_printed_web_page_matches_truth(name):
    """Chromium print renderings: title only in the PDF metadata, wide tables, headers cut by page breaks."""
    folder = shared_dir("reports", "html")
    report = extract_pdf(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []


def test_broken_totals_of_hongze_2023_are_reported_not_repaired():
    folder = shared_dir("reports", "real")
    report = extract_pdf(folder / "huaian-hongze-qu_2023.pdf", "x.pdf")
    failed = {c.check: c for c in report.checks if c.status == "fail"}
    assert set(failed) == {"review_litigation.total.review", "review_litigation.total.suit_after_review"}
    assert (failed["review_litigation.total.review"].expected, failed["review_litigation.total.review"].actual) \
        == (11.0, 0.0)
    printed = {(c.row, c.col): c.value for c in report.cells if c.table == "review_litigation"}
    assert printed[("review", "total")] == 0.0  # the printed value is kept
    assert printed[("suit_after_review", "upheld")] == 5.0


def test_every_value_has_page_and_box():
    folder = shared_dir("reports", "real")
    report = extract_pdf(folder / "huaian-hongze-qu_2024.pdf", "x.pdf")
    new = next(c for c in report.cells if (c.table, c.row, c.col) == ("requests", "new_requests", "total"))
    assert new.page == 3
    x0, top, x1, bottom = new.box
    assert 0 < x0 < x1 < 595 and 0 < top < bottom < 842
    assert all(c.page and c.box for c in report.cells)


def test_sections_are_reflowed_without_page_numbers():
    folder = shared_dir("reports", "real")
    report = extract_pdf(folder / "huaian-hongze-qu_2023.pdf", "x.pdf")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    first = report.sections[0].text
    assert first.startswith("2023年，洪泽区人民政府坚持以")
    assert "- 1 -" not in first and "- 2 -" not in first
    assert "严格执行“分级审核、先审后发”程序" in first  # a sentence broken over a page is rejoined
    assert report.sections[5].text == (
        "2023年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。"
    )
