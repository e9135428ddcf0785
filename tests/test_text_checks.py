"""Figures the prose states, compared with the table: attributed only where certain."""
from __future__ import annotations

import pytest

from pipeline.sections import Section
from pipeline.tables import CellValue
from pipeline.text_checks import statements, text_checks


def _cell(table, row, value, col="total"):
    return CellValue(table, row, col, value, "number" if value is not None else "placeholder",
                     "" if value is None else str(value), "", 1, (0, 0, 1, 1))


def _figures(text):
    return [(term, figure) for term, figure, _ in statements(text)]


def test_each_clause_gives_its_subject_and_figure():
    text = ("2022年，我区共收到政府信息公开申请2103件，上年结转7件，其中予以公开874件，部分公开156件，"
            "结转下年度继续办理41件。因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。")
    assert _figures(text) == [("收到", 2103), ("上年结转", 7), ("予以公开", 874), ("部分公开", 156),
                              ("结转下年度继续办理", 41), ("行政复议", 2), ("行政诉讼", 7)]


@pytest.mark.parametrize("text", [
    "我厅办理答复的人大代表建议、政协委员提案在厅门户网站上主动公开18件，依申请公开件169件。",  # proposals
    "全年受理信访件32件，均已办结。",  # petitions, not applications
    "全年未收到政府信息公开申请引起的行政复议3件。",  # said of what did not happen
    "收到政府信息公开申请并予以公开12件。",  # two subjects, one figure
    "收到申请12件（含转办3件）。",  # one subject, two figures
    "共有12件政府信息公开申请收到。",  # the figure before its subject
    "今年收到政府信息公开申请52件，与2022年收到的40件相比有所增加。",  # another year's figure
    "2023年收到申请52件，2022年收到申请40件。",  # two years
    "收到市民通过12345转办的政府信息公开申请5件。",  # one channel
    "本级收到政府信息公开申请10件，全区共收到政府信息公开申请52件。",  # a level, an area
    "区政府办代表区政府受理政府信息公开申请17件。",  # one office (洪泽 2024: its table says 95)
])
def test_a_statement_that_is_not_certain_is_skipped(text):
    assert statements(text) == []


def test_a_clause_about_something_else_does_not_hide_its_neighbour():
    text = "2019年我厅主动公开文件286份，办理依申请公开件52件。"
    assert _figures(text) == [("办理", 52)]


def test_text_checks_pass_fail_and_not_assessable_with_the_sentence():
    sections = [Section(5, "五", "本年共收到政府信息公开申请52件，其中予以公开30件，部分公开2件。")]
    cells = [_cell("requests", "new_requests", 52), _cell("requests", "granted", 34),
             _cell("requests", "partially_granted", None)]
    checks = {c.check: c for c in text_checks(sections, cells)}
    assert (checks["text.requests.new_requests"].status, checks["text.requests.new_requests"].actual) == ("pass", 52)
    granted = checks["text.requests.granted"]
    assert (granted.status, granted.expected, granted.actual) == ("fail", 30, 34)
    assert granted.evidence == "本年共收到政府信息公开申请52件，其中予以公开30件，部分公开2件"
    assert checks["text.requests.partially_granted"].status == "not_assessable"


def test_a_subject_spanning_several_rows_sums_them():
    sections = [Section(3, "三", "全年发生行政诉讼5件。")]
    cells = [_cell("review_litigation", "suit_direct", 3), _cell("review_litigation", "suit_after_review", 2)]
    [check] = text_checks(sections, cells)
    assert (check.check, check.expected, check.actual, check.status) == ("text.review_litigation.suits", 5, 5, "pass")
