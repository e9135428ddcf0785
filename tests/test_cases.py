"""../shared/cases: reports from producers and sites a new-user trial found failing, against
their truth (skipped, saying why, where that folder is absent)."""
from __future__ import annotations

import pytest

from pipeline.run import extract_one
from pipeline.truth import differences
from tests.conftest import load_truth, shared_dir

LAYOUTS = ["layout_1_none_2023.pdf", "layout_2_three_line_2020.pdf", "layout_3_none_2024.pdf"]
FIELD_PAGES = ["nongyenongcunju_2025.html", "pingtan-gwh_2020.html", "pingtan-jjf_2019.html",
               "shehuishiyeju_2024.html", "shichangjianduguanliju_2023.html"]
NO_RULES_ROW = {"nongyenongcunju_2025.html", "shehuishiyeju_2024.html", "shichangjianduguanliju_2023.html"}


@pytest.mark.parametrize("name", LAYOUTS)
def test_unruled_and_three_line_tables_of_another_producer(name):
    folder = shared_dir("cases", "layouts")
    report = extract_one(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert (report.status, report.error) == ("ok", None)


@pytest.mark.parametrize("name", FIELD_PAGES)
def test_department_web_pages(name):
    folder = shared_dir("cases", "field")
    report = extract_one(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert (report.status, report.error) == ("ok", None)
    assert report.rows_not_printed == ("active.rules" if name in NO_RULES_ROW else None)


def test_values_merged_over_three_rows_apply_to_each():
    folder = shared_dir("cases", "field")
    report = extract_one(folder / "shichangjianduguanliju_2023.html", "x.html")
    other = [c for c in report.cells if c.row in ("other_no_correction", "other_unpaid_fee", "other_other")]
    assert len(other) == 21 and all(c.value == 0 for c in other)
    assert len({c.locator for c in other if c.col == "total"}) == 1  # one printed cell
