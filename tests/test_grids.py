"""Which pages may hold a table (pipeline.grids): the triage on a page's plain text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.grids import _DIGITS_ONLY, _ROW_END, _numeric_rows, may_hold_table, table_pages

# what rows of values and prose are made of: digits (ASCII, full-width, Arabic-Indic), marks,
# spaces of several kinds, Chinese characters and punctuation
_PIECES = st.sampled_from(["0", "7", "12", "1,234", "3.5", "５", "٣", "-", "—", "－", "/", "+", ",", ".",
                           " ", "  ", "\t", "\u3000", "\xa0", "件", "申请", "。", "（一）", "无"])
_LINES = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_LINES, max_size=8))
def test_numeric_rows_counts_what_the_two_patterns_match(lines):
    """The count tries only lines ending in a digit or a mark: the same count as trying every
    line with both patterns."""
    text = "\n".join(lines)
    expected = sum(1 for line in text.splitlines() if _ROW_END.search(line) or _DIGITS_ONLY.match(line.strip()))
    assert _numeric_rows(text) == expected


def test_a_page_may_hold_a_table_by_its_header_words_or_its_rows_of_numbers():
    assert may_hold_table("三、收到和处理政府信息公开申请情况\n申 请 人 情 况\n自然人")  # spread header words
    assert not may_hold_table("本机关全年共收到申请 12 件，办结 12 件。\n一、总体情况")
    rows = "1.当面申请 3 0 0\n2.传真申请 0 0 0\n3.网络申请 12 1 0\n"
    assert may_hold_table(rows)
    assert not may_hold_table("3.网络申请 12 1 0\n")
    assert may_hold_table("3.网络申请 12 1 0\n", after_table=True)  # a last row pushed over the break
    assert may_hold_table("12100\n0000\n3,300\n")  # rows whose cells the text layer ran together


def test_a_page_between_two_table_pages_is_read_too():
    table = "申请人情况\n"
    assert table_pages([table, "正文。", table, "正文。", "正文。"]) == [0, 1, 2]
