"""pipeline.tables: grids -> canonical cells, with the reader's state carried from grid to grid."""
from __future__ import annotations

from parsers.grid import Cell, Grid
from parsers.layout import Glyph
from pipeline.tables import read_tables
from tests.geometry import ruled_table

XS = [50, 250, 300, 350, 400]  # label column, then three value columns
HEADER = ["", "自然人", "商业企业", "总计"]
NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"


def _values(tables) -> dict:
    return {(c.table, c.row, c.col): c.value for c in tables.cells}


def test_header_columns_and_row_labels_give_canonical_ids():
    grid = ruled_table([HEADER, [NEW, "3", "1", "4"], [CARRIED, "0", "/", "0"]], XS)
    tables = read_tables([grid])
    values = _values(tables)
    assert values[("requests", "new_requests", "natural_person")] == 3
    assert values[("requests", "new_requests", "commercial")] == 1
    assert values[("requests", "new_requests", "total")] == 4
    dash = next(c for c in tables.cells if c.row == "carried_over" and c.col == "commercial")
    assert (dash.value, dash.kind, dash.raw, dash.label) == (None, "dash", "/", CARRIED)
    assert dash.page == 1 and dash.box[0] > 300 and dash.confidence == 1.0
    assert len(tables.consumed) == 12 and tables.consumed_on(1) and not tables.consumed_on(2)
    assert tables.template is None  # table 二 was not read


def test_a_table_broken_over_pages_goes_on_without_its_header():
    first = ruled_table([HEADER, [NEW, "3", "1", "4"]], XS)
    second = ruled_table([[CARRIED, "2", "0", "2"]], XS, top=60, page_number=2)
    values = _values(read_tables([first, second]))
    assert values[("requests", "carried_over", "natural_person")] == 2
    assert values[("requests", "carried_over", "total")] == 2


def test_a_row_cut_by_the_page_break_is_joined():
    first = ruled_table([HEADER, [NEW, "3", "1", "4"], ["（二）部分公开（区分处理的，", "", "", ""]], XS)
    second = ruled_table([["只计这一情形，不计其他情形）", "1", "0", "1"]], XS, top=60, page_number=2)
    cells = [c for c in read_tables([first, second]).cells if c.row == "partially_granted"]
    assert [(c.col, c.value, c.page) for c in cells] == [
        ("natural_person", 1, 2), ("commercial", 0, 2), ("total", 1, 2)]
    assert cells[0].label == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"  # cleaned, rejoined


def test_table_four_reads_its_fifteen_values_in_the_template_order():
    columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    xs = [40 + 34 * i for i in range(16)]
    values = [str(v) for v in range(1, 16)]
    tables = read_tables([ruled_table([columns, values], xs)])
    got = _values(tables)
    assert got[("review_litigation", "review", "upheld")] == 1
    assert got[("review_litigation", "suit_direct", "upheld")] == 6
    assert got[("review_litigation", "suit_after_review", "total")] == 15
    assert len(got) == 15


def test_table_two_template_comes_from_its_column_labels():
    header = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    xs = [50, 250, 330, 410, 490]
    tables = read_tables([ruled_table([header, ["规章", "1", "0", "5"]], xs)])
    assert tables.template == "2021"
    assert _values(tables)[("active", "rules", "in_force")] == 5


def test_a_second_printing_of_a_cell_keeps_its_label_but_loses_the_id():
    grid = ruled_table([HEADER, [NEW, "3", "1", "4"], [NEW, "9", "9", "9"]], XS)
    cells = read_tables([grid]).cells
    assert [c.row for c in cells if c.value == 9] == [None, None, None]
    assert all(c.label == NEW for c in cells)


def test_a_web_page_cell_carries_its_locator_and_no_box():
    def cell(row, col, text):
        box = (col * 100.0, row * 20.0, col * 100.0 + 100, row * 20.0 + 20)
        return Cell(row, row + 1, col, col + 1, box, [Glyph(text, *box, 10)] if text else [],
                    locator=f"table 1, row {row + 1}, col {col + 1}")

    cells = [cell(0, 1, "自然人"), cell(0, 2, "总计"), cell(1, 0, NEW), cell(1, 1, "5"), cell(1, 2, "5")]
    grid = Grid(None, (0, 0, 300, 40), [0, 100, 200, 300], [0, 20, 40], cells, ruled=True)
    value = next(c for c in read_tables([grid]).cells if c.col == "natural_person")
    assert (value.value, value.page, value.box, value.locator) == (5, None, None, "table 1, row 2, col 2")


def _merged_table(value: str):
    """（六）其他处理's three rows with one value cell merged over them in each column."""
    from parsers.grid import grid_from_boxes
    from tests.geometry import word

    items = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
    boxes = [(50, 100, 250, 120), (250, 100, 300, 120), (300, 100, 350, 120)]  # header
    glyphs = word("自然人", 252, 105) + word("总计", 302, 105)
    boxes.append((50, 120, 90, 180))  # the group's label, over its three rows
    glyphs += word("（六）其他处理", 52, 125, size=4)
    for i, text in enumerate(items):
        boxes.append((90, 120 + 20 * i, 250, 140 + 20 * i))
        glyphs += word(text, 92, 125 + 20 * i, size=3)
    boxes += [(250, 120, 300, 180), (300, 120, 350, 180)]  # the merged value cells
    glyphs += word(value, 270, 145) + word(value, 320, 145)
    return grid_from_boxes(3, boxes, glyphs, ruled=True)


def test_a_zero_merged_over_rows_applies_to_each_row():
    tables = read_tables([_merged_table("0")])
    got = sorted((c.row, c.col, c.value, c.kind) for c in tables.cells)
    assert got == [(row, col, 0.0, "number") for row in ("other_no_correction", "other_other", "other_unpaid_fee")
                   for col in ("natural_person", "total")]
    assert len({c.box for c in tables.cells if c.col == "total"}) == 1  # one printed cell, its box each time


def test_a_number_merged_over_rows_is_not_split():
    cells = read_tables([_merged_table("6")]).cells
    assert len(cells) == 6
    assert all((c.value, c.kind, c.raw) == (None, "merged", "6") for c in cells)


def test_an_empty_row_gives_no_cells():
    grid = ruled_table([HEADER, [NEW, "3", "1", "4"], ["", "", "", ""]], XS)
    assert [c.row for c in read_tables([grid]).cells] == ["new_requests"] * 3


def test_a_last_row_of_placeholders_alone_on_a_page_is_a_table():
    """四、结转下年度继续办理 with 无 in every column, alone at the head of the next page: a table's
    row (its values are placeholders), where a ruled frame around prose is none."""
    from pipeline.table_words import holds_values

    last = ruled_table([["四、结转下年度继续办理", "无", "无", "无"]], XS, page_number=2)
    assert holds_values(last)
    assert not holds_values(ruled_table([["本机关全年未收到政府信息公开申请，无", "无"]], XS))
    assert not holds_values(ruled_table([["无", "无", "无"]], XS))


def test_a_number_that_may_go_on_over_the_page_break_is_marked_unsure():
    """71 at the foot of a page, 6 alone in its column at the top of the next (716 wrapped by
    its cell over the break, or a row whose label was lost): neither passes as read."""
    first = ruled_table([HEADER, [NEW, "3", "1", "4"], [CARRIED, "71", "0", "71"]], XS)
    second = ruled_table([["、", "6", "", ""]], XS, top=60, page_number=2)
    tables = read_tables([first, second])
    unsure = {(c.row, c.col, c.raw) for c in tables.cells if c.confidence < 0.9}
    assert unsure == {("carried_over", "natural_person", "71"), (None, "natural_person", "6")}
    assert all(c.confidence == 1.0 for c in tables.cells if c.row == "new_requests" or c.col == "total")


def test_a_number_wider_than_its_stacked_header_is_read_in_the_first_column():
    """A narrow header set one character a line (自/然/人), at the foot of a page whose rows
    go on on the next, names a column one character wide; a three-digit number centred under
    it starts left of it, and it is still the column's value, not part of the label (a fresh
    seed read 286 blank, status ok)."""
    from parsers.stream import stream_grids
    from pipeline.table_words import TEMPLATE_WORDS
    from tests.geometry import page, stack, word

    header = page(word("申请人情况", 295, 685) + stack("自然人", 300, 700) + stack("总计", 340, 706)
                  + word("（本列数据的勾稽关系为：第一项加第二项之和，", 60, 712))
    rows = page(word(NEW, 60, 110) + word("286", 296.5, 110) + word("347", 336.5, 110), number=2)
    grids = stream_grids(header, TEMPLATE_WORDS) + stream_grids(rows, TEMPLATE_WORDS)
    values = _values(read_tables(grids))
    assert values[("requests", "new_requests", "natural_person")] == 286
    assert values[("requests", "new_requests", "total")] == 347


def test_a_count_ocr_read_with_a_fraction_is_marked_unsure():
    """2,818 read by OCR as 2.818: a count has no fraction, its separator was read as a decimal
    point; the value stays as read, marked. A text layer prints what it prints."""
    rows = [HEADER, [NEW, "2.818", "1", "2819"]]
    scanned = {c.col: c for c in read_tables([ruled_table(rows, XS, ocr=True)]).cells if c.row == "new_requests"}
    assert (scanned["natural_person"].value, scanned["natural_person"].confidence) == (2.818, 0.5)
    assert scanned["commercial"].confidence == 1.0
    printed = {c.col: c for c in read_tables([ruled_table(rows, XS)]).cells if c.row == "new_requests"}
    assert printed["natural_person"].confidence == 1.0


def test_a_header_word_wrapped_over_the_page_break_names_its_column():
    """自然 at the foot of a page over two characters' width, 人 alone at the top of the next,
    centred under it and narrower: together they name the column (a fresh seed lost it, 25
    cells)."""
    from parsers.stream import stream_grids
    from pipeline.table_words import TEMPLATE_WORDS
    from tests.geometry import page, word

    foot = page(word("申请人情况", 300, 700) + word("自然", 250, 723) + word("总计", 370, 723)
                + word("（本列数据的勾稽关系为：", 60, 723))
    top = page(word("人", 255, 91) + word("其他", 310, 91) + word(NEW, 60, 120) + word("0", 257, 120)
               + word("4", 317, 120) + word("375", 372, 120), number=2)
    grids = stream_grids(foot, TEMPLATE_WORDS) + stream_grids(top, TEMPLATE_WORDS)
    values = _values(read_tables(grids))
    assert values[("requests", "new_requests", "natural_person")] == 0
    assert values[("requests", "new_requests", "total")] == 375
