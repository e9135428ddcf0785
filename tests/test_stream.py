"""parsers.stream: unruled tables from text alignment, on small hand-made pages."""
from __future__ import annotations

from dataclasses import replace

from parsers.stream import Chunk, Column, StreamReader, chunks_of, column_of, stream_grids, value_columns
from pipeline.table_words import TEMPLATE_WORDS
from tests.geometry import page, stack, word

NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"


def _texts(grid, row0):
    return [c.text for c in sorted((c for c in grid.cells if c.row0 == row0), key=lambda c: c.box[0])]


def test_a_small_unruled_table_becomes_a_grid():
    glyphs = (word("自然人", 300, 100) + word("总计", 380, 100)
              + word(NEW, 60, 130) + word("3", 312, 130) + word("3", 387, 130)
              + word(CARRIED, 60, 150) + word("0", 312, 150) + word("0", 387, 150))
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert not grid.ruled and grid.page == 1
    assert _texts(grid, 0) == ["自然人", "总计"]  # header lines before data row 0
    assert _texts(grid, 1) == [NEW, "3", "3"] and _texts(grid, 3) == [CARRIED, "0", "0"]


def test_chunks_split_at_gaps_wider_than_a_character():
    chunks = chunks_of(word("本年", 0, 0) + word("12", 40, 0))
    assert [c.text for c in chunks] == ["本年", "12"]


def test_value_columns_from_centred_numbers():
    # right-aligned 5 and 123 would look like two columns by their left edge; centred they are one
    chunks = [Chunk(word("5", 318, 100)), Chunk(word("123", 312, 120)), Chunk(word("7", 400, 100))]
    columns = value_columns(chunks)
    assert [(round(c.x0), round(c.x1)) for c in columns] == [(312, 328), (400, 406)]


def test_a_spread_label_is_rejoined():
    chunks = chunks_of([g for i, ch in enumerate("行政许可") for g in word(ch, 60 + 25 * i, 100)])
    assert [c.text for c in StreamReader(TEMPLATE_WORDS).join_spread(chunks)] == ["行政许可"]


def _spread(text: str, x: float, top: float, pitch: float = 25) -> list:
    return [g for i, ch in enumerate(text) for g in word(ch, x + pitch * i, top)]


def test_an_item_number_apart_from_its_label_joins_it():
    """OCR may pass over the 、 of a spread label (2  重 复 申 请) or read it as •: the number
    stands alone left of its label, and a lone number there would make a value column inside
    the labels. It joins the label it reads as; a value beside a placeholder does not."""
    reader = StreamReader(TEMPLATE_WORDS)
    chunks = chunks_of(word("2", 60, 100) + _spread("•重复申请", 100, 100) + word("8", 330, 100))
    assert [c.text for c in reader.join_spread(chunks)] == ["2•重复申请", "8"]
    first = chunks_of(word("一、", 60, 100) + word("本年新收政府信息公开申请", 100, 100))
    assert [c.text for c in reader.join_spread(first)] == ["一、本年新收政府信息公开申请"]
    values = chunks_of(word("0", 300, 100) + word("无", 330, 100) + word("无", 360, 100))
    assert [c.text for c in reader.join_spread(values)] == ["0", "无", "无"]


def test_a_dash_inside_a_spread_label_is_the_character_one():
    """一 between two characters of a label, taken by OCR for a dash (a lone flat stroke)."""
    chunks = chunks_of(_spread("3、危及三安全—稳定", 60, 100))
    (label,) = StreamReader(TEMPLATE_WORDS).join_spread(chunks)
    assert label.text == "3、危及三安全一稳定"
    assert [c.text for c in StreamReader(TEMPLATE_WORDS).join_spread(chunks_of(_spread("—行政许可", 60, 100)))] == [
        "—", "行政许可"]  # a dash before a label is a placeholder cell beside it


def test_a_header_spread_one_character_a_column_stays_apart():
    chunks = chunks_of([g for i, ch in enumerate("结结其尚总") for g in word(ch, 300 + 40 * i, 100)])
    assert len(StreamReader(TEMPLATE_WORDS).join_spread(chunks)) == 5


def _wrapped(head: str, tail: str, between: bool):
    """A narrow column whose number wrapped: `head` over `tail`, the row's other value (7) set
    between the two pieces when `between`, else beside the upper piece."""
    glyphs = word("自然人", 290, 160) + word("总计", 380, 160)
    glyphs += word(NEW, 60, 196) + word(head, 296, 190) + word(tail, 300, 202)
    glyphs += word("7", 387, 196 if between else 190)
    return stream_grids(page(glyphs), TEMPLATE_WORDS)


def test_a_number_wrapped_in_a_narrow_column_is_joined_on_its_row():
    (grid,) = _wrapped("1,01", "5", between=True)
    assert _texts(grid, 1) == [NEW, "1,015", "7"]
    (grid,) = _wrapped("12", "0", between=True)  # the row's value between the pieces: one number
    assert _texts(grid, 1) == [NEW, "120", "7"]


def test_numbers_of_two_rows_stay_apart():
    # 12 over 0, touching, each on the line of its own row's label and other value
    glyphs = word("自然人", 290, 160) + word("总计", 380, 160)
    glyphs += word(NEW, 60, 190) + word("12", 296, 190) + word("7", 387, 190)
    glyphs += word(CARRIED, 60, 202) + word("0", 300, 202) + word("4", 387, 202)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 1) == [NEW, "12", "7"] and _texts(grid, 3) == [CARRIED, "0", "4"]


def test_header_words_stacked_over_lines_are_one_header():
    glyphs = (word("商业", 300, 100) + word("企业", 300, 112) + word("总计", 380, 106)
              + word(NEW, 60, 140) + word("4", 307, 140) + word("4", 387, 140))
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 0) == ["商业企业", "总计"]


def test_a_header_stacked_one_character_per_line_is_one_header():
    glyphs = (stack("商业企业", 302, 80) + word("总计", 380, 100)
              + word(NEW, 60, 140) + word("4", 304, 140) + word("4", 387, 140))
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert "商业企业" in _texts(grid, 0)


def test_label_lines_at_the_foot_of_the_page_are_a_row_the_break_cut():
    glyphs = (word("自然人", 300, 600) + word(NEW, 60, 630) + word("3", 312, 630)
              + word("（二）部分公开（区分处理的，", 60, 770))
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert grid.ys == [630, 770]  # the tops of the values' row and of the cut row (its values on the next page)
    assert any(c.text.startswith("（二）部分公开") and c.row0 == 3 for c in grid.cells)


def test_the_last_rows_label_wrapping_at_the_foot_of_the_page_is_no_cut_row():
    # its values top-aligned on its first line; the break cuts the label, not a new row
    glyphs = (word("自然人", 300, 700) + word(NEW, 60, 730) + word("3", 312, 730)
              + word("1.申请人", 60, 760) + word("2", 312, 760) + word("无正当理", 60, 772))
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert grid.ys == [730, 760]  # the tops of the two rows: none starts at the label's second line
    assert any(c.text == "1.申请人无正当理" and c.row0 == 3 for c in grid.cells)

def test_a_section_heading_ends_the_table_region():
    glyphs = (word("自然人", 300, 100) + word(NEW, 60, 130) + word("3", 312, 130)
              + word("四、政府信息公开行政复议、行政诉讼情况", 60, 170) + word("5", 312, 200))
    grids = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert len(grids) == 2 and grids[0].box[3] < 170 < grids[1].box[1]


GRANTED = "（一）予以公开"


def _stacked(pieces: str, beside: dict[int, str]):
    """Column 自然人 printing `pieces` one a line (1 / 3 / 0) at a line pitch of 12 points, the
    row's label and other value (总计) on line `k` of them for each k in `beside`."""
    glyphs = word("自然人", 290, 150) + word("总计", 380, 150)
    for k, ch in enumerate(pieces):
        glyphs += word(ch, 300, 180 + 12 * k)
        if k in beside:
            glyphs += word(GRANTED, 60, 180 + 12 * k) + word(beside[k], 387, 180 + 12 * k)
    return stream_grids(page(glyphs), TEMPLATE_WORDS)


def test_a_number_wrapped_a_digit_a_line_is_joined_on_its_row():
    (grid,) = _stacked("130", {1: "153"})
    values = [c.text for c in grid.cells if c.row0 % 2 == 1 and c.col0 > 0 and c.text]
    assert values == ["130", "153"]


def test_single_values_of_rows_one_under_another_stay_apart():
    (grid,) = _stacked("130", {0: "5", 1: "153", 2: "8"})  # every line a row of its own
    values = [c.text for c in sorted(grid.cells, key=lambda c: (c.row0, c.col0)) if c.col0 > 0 and c.text]
    assert values == ["1", "5", "3", "153", "0", "8"]


def _interleaved(extra: list | None = None):
    """Row NEW (a one-line label at y 200) prints 1746 a digit a line in a narrow column,
    centred on the label, and 159 beside it, centred too, so the two stacks' lines interleave;
    row CARRIED's 1 sits right under the 6. Line pitch 12 points."""
    glyphs = word("自然人", 290, 150) + word("商业企业", 330, 150) + word("总计", 380, 150)
    glyphs += word(NEW, 60, 200) + word("42", 384, 200) + word(CARRIED, 60, 230)
    glyphs += [g for k, ch in enumerate("1746") for g in word(ch, 300, 182 + 12 * k)]
    glyphs += [g for k, ch in enumerate("159") for g in word(ch, 345, 188 + 12 * k)]
    glyphs += word("1", 300, 230) + word("3", 345, 230) + word("6", 387, 230) + (extra or [])
    return stream_grids(page(glyphs), TEMPLATE_WORDS)


def test_interleaved_digit_stacks_are_cut_into_the_numbers_of_their_rows():
    (grid,) = _interleaved()
    rows = {}
    for c in sorted(grid.cells, key=lambda c: c.box[0]):
        rows.setdefault(c.row0, []).append(c.text)
    assert [r for r in rows.values() if NEW in r] == [[NEW, "1746", "159", "42"]]
    assert [r for r in rows.values() if CARRIED in r] == [[CARRIED, "1", "3", "6"]]
    assert all(c.confidence == 1.0 for c in grid.cells)


def test_digits_no_cut_puts_on_a_row_are_marked_unsure():
    # three digits one under another below the table's last row, on lines with no row: no
    # reading of them can be told right
    (grid,) = _interleaved([g for k in range(3) for g in word("5", 300, 262 + 12 * k)])
    fives = [c for c in grid.cells if c.text and set(c.text) == {"5"}]
    assert fives and all(c.confidence < 0.9 for c in fives)
    assert all(c.confidence == 1.0 for c in grid.cells if c.text in ("1746", "159", "42"))


def test_a_stack_beside_a_group_label_is_one_number_on_its_items_row():
    """130 centred on （一）予以公开, its 1 on the line where the group label 三、本年度办理结果
    begins (a character a line, narrow): the group label starts no row of values."""
    glyphs = word("自然人", 290, 150) + word("总计", 380, 150) + word(CARRIED, 60, 170) + word("4", 387, 170)
    glyphs += word("6", 300, 170)
    glyphs += word("三、本年", 60, 190) + word("度办理结", 60, 202) + word("果", 70, 214)
    glyphs += word(GRANTED, 120, 202) + word("153", 384, 202)
    glyphs += [g for k, ch in enumerate("130") for g in word(ch, 300, 190 + 12 * k)]
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    values = [c.text for c in sorted(grid.cells, key=lambda c: (c.row0, c.col0)) if c.col0 > 0 and c.text]
    assert values == ["6", "4", "130", "153"]


def test_a_number_wrapped_with_its_thousands_separator_alone_on_a_line_is_joined():
    # 2，531 printed 2 / ， / 5 / 3 / 1, centred on its row
    glyphs = word("自然人", 290, 150) + word("总计", 380, 150) + word(NEW, 60, 214) + word("7", 387, 214)
    glyphs += [g for k, ch in enumerate("2，531") for g in word(ch, 300, 190 + 12 * k)]
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 1) == [NEW, "2，531", "7"]


def test_a_row_of_dashes_keeps_its_first_column_as_values():
    # the first value column prints only dashes, one of them on a line without numbers
    glyphs = word("本年制发件数", 240, 100) + word("本年废止件数", 340, 100) + word("现行有效件数", 440, 100)
    glyphs += word("规章", 85, 115) + word("-", 274, 115) + word("-", 370, 115) + word("-", 466, 115)
    glyphs += word("行政规范性文件", 85, 130) + word("-", 274, 130) + word("-", 370, 130) + word("3", 465, 130)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 1) == ["规章", "-", "-", "-"] and _texts(grid, 3) == ["行政规范性文件", "-", "-", "3"]


def test_a_value_goes_to_the_narrowest_column_holding_it():
    # a long amount (7，373．107018万元) makes a wide column over the narrow columns above it
    columns = [Column(264, 288), Column(336, 504), Column(366, 378), Column(456, 480)]
    assert column_of(columns, (366, 130, 378, 142)) == 2
    assert column_of(columns, (456, 130, 480, 142)) == 3
    assert column_of(columns, (336, 390, 504, 402)) == 1


def test_a_row_printed_blank_keeps_its_own_label():
    # an unruled table prints no line of values for a blank row: its label, between two rows,
    # is a row of its own, not a second label on the row above (whose values it would read)
    glyphs = word("自然人", 300, 100) + word("总计", 380, 100)
    glyphs += word(CARRIED, 60, 130) + word("3", 312, 130) + word("3", 387, 130)
    glyphs += word("（一）予以公开", 60, 150)
    glyphs += word("（二）部分公开", 60, 170) + word("1", 312, 170) + word("1", 387, 170)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 1) == [CARRIED, "3", "3"]
    assert _texts(grid, 3) == ["（一）予以公开", "", ""]
    assert _texts(grid, 5) == ["（二）部分公开", "1", "1"]


def test_a_blank_rows_label_with_a_number_beside_it_is_not_blank():
    # a value the column finding took for words stands right of the label: not a row printed blank
    glyphs = word("自然人", 300, 100) + word("总计", 380, 100)
    glyphs += word(CARRIED, 60, 130) + word("3", 312, 130) + word("3", 387, 130)
    glyphs += word("（一）予以公开", 60, 150) + word("0", 200, 150)
    glyphs += word("（二）部分公开", 60, 170) + word("1", 312, 170) + word("1", 387, 170)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert len(grid.ys) == 2  # the two rows of values only


def test_a_numbered_label_wrapped_round_its_values_at_the_page_top_is_no_cut_row():
    # after the repeated header, the first row's label starts a line above its values: it is
    # that row's label, not the end of a label the page break cut (1.本机关 alone read as that)
    glyphs = word("自然人", 300, 100) + word("总计", 380, 100)
    glyphs += word("1.本机关", 60, 130) + word("不掌握相", 60, 143) + word("0", 312, 143) + word("0", 387, 143)
    glyphs += word("关政府信", 60, 156) + word("息", 60, 169)
    glyphs += word("2.没有现成信息需要另行制作", 60, 200) + word("1", 312, 200) + word("1", 387, 200)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    labels = {c.row0: c.text for c in grid.cells if c.col0 == 0 and c.row0 % 2 == 1}
    values_row = next(c.row0 for c in grid.cells if c.text == "0")
    assert labels[values_row] == "1.本机关不掌握相关政府信息"
    assert all("本机关" not in text for row, text in labels.items() if row != values_row)


def test_a_stacked_column_name_is_joined_before_the_group_header_above_it():
    # over narrow columns 复议后起诉 sits right above 其他 / 结果: 其他 alone names a column too,
    # and taken with the group header it left 结果 alone (the sub-table's groups were lost)
    glyphs = word("复议后起诉", 300, 100)
    glyphs += word("结果", 280, 112) + word("其他", 318, 112) + word("尚未", 356, 112)
    glyphs += word("维持", 280, 124) + word("结果", 318, 124) + word("审结", 356, 124)
    glyphs += word("行政复议", 60, 150) + word("1", 286, 150) + word("0", 324, 150) + word("2", 362, 150)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert sorted(_texts(grid, 0)) == ["其他结果", "复议后起诉", "尚未审结", "结果维持"]


def test_a_placeholder_word_after_a_spread_label_stays_a_cell():
    # 规 范 性 文 件 spread over its column, then 无 in the first value column: 规范性文件无 reads
    # as much like a label as 规范性文件, but a placeholder ends no label
    glyphs = word("本年新制作数量", 240, 100) + word("本年新公开数量", 340, 100) + word("对外公开总数量", 440, 100)
    glyphs += word("规", 85, 115) + word("章", 212, 115) + word("无", 271, 115) + word("0", 369, 115)
    glyphs += word("无", 463, 115)
    glyphs += [g for i, ch in enumerate("规范性文件") for g in word(ch, 85 + 31.75 * i, 130)]
    glyphs += word("无", 271, 130) + word("0", 369, 130) + word("20", 462, 130)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert ["".join(text.split()) for text in _texts(grid, 3)] == ["规范性文件", "无", "0", "20"]


def test_a_group_label_run_into_its_items_label_is_cut_at_the_items_column():
    """（五）不予处 and 信访举报… set less than a character apart read as one chunk; 信 starts
    where the item labels of the rows above start, and the two pieces each read as a label
    where the whole does not: two label cells, as a text layer with a wider gap gives."""
    glyphs = word("属于国家秘密", 150, 100) + word("2", 300, 100) + word("2", 380, 100)
    glyphs += word("其他法律行政法规禁止公开", 150, 120) + word("1", 300, 120) + word("2", 380, 120)
    glyphs += word("（五）不予处", 84, 140) + word("信访举报投诉类申请", 150, 140)
    glyphs += word("8", 300, 140) + word("10", 380, 140)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 5) == ["（五）不予处", "信访举报投诉类申请", "8", "10"]


def test_a_label_spread_over_its_cell_is_not_cut_at_a_label_column():
    """其 他 情 形 ） spread over its cell: its characters stand where other labels start, with
    wide gaps between them all; none of those is a column's edge (a fresh seed lost table 三
    when it was cut). 本 before it, a group label's character in a column of its own, is."""
    glyphs = word("（二）部分公开（区分处理的，", 106, 100) + word("3", 300, 100) + word("3", 380, 100)
    glyphs += word("只计这一情况，不计", 106, 112)
    glyphs += [g for ch, x in zip("本其他情形）", (84, 106, 128, 150, 172, 194), strict=True) for g in word(ch, x, 124)]
    glyphs += word("（1）属于国家秘密", 150, 140) + word("2", 300, 140) + word("2", 380, 140)
    glyphs += word("（2）其他法律禁止", 150, 160) + word("1", 300, 160) + word("1", 380, 160)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert _texts(grid, 1)[0] == "（二）部分公开（区分处理的，只计这一情况，不计其 他 情 形 ）"


def test_a_row_is_placed_where_its_values_stand_not_where_a_raised_label_stretches_it():
    """Rows set close print their two-digit values one touching the next (41 / 36 / 59): each
    stays its row's, though OCR read the first row's label in one box with the group label's
    无法提 set higher beside it, a box reaching 8 points above the row's values."""
    glyphs = word("自然人", 290, 150) + word("总计", 380, 150)
    rows = [("3.补正后申请内容仍不明确", "36", "45"), ("1.信访举报投诉类申请", "59", "67")]
    for k, (label, value, total) in enumerate(rows, start=1):
        glyphs += word(label, 95, 180 + 13 * k) + word(value, 300, 180 + 13 * k) + word(total, 380, 180 + 13 * k)
    glyphs += [replace(g, top=172) for g in word("无法提2.没有现成信息需要另行制作", 62, 180)]
    glyphs += word("41", 300, 180) + word("50", 380, 180)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    values = [c.text for c in sorted(grid.cells, key=lambda c: (c.row0, c.col0)) if c.col0 > 0 and c.text]
    assert values == ["41", "50", "36", "45", "59", "67"]


def test_a_character_far_off_before_a_spread_label_is_not_part_of_it():
    """果, the last character of a group label set a character a line at the left, shares a
    line with 类 申 请 spread over the item's cell: the spread stands an even pitch apart, 果
    far off before it; 果类申请 would lose the row (a fresh seed, text layer and scan)."""
    chunks = chunks_of(word("果", 85, 100) + _spread("类申请", 144, 100, pitch=29.5))
    assert [c.text for c in StreamReader(TEMPLATE_WORDS).join_spread(chunks)] == ["果", "类申请"]


def test_a_stacked_header_over_a_column_printed_blank_stays_whole():
    """结果 / 纠正 over a column no row prints a value in lies between two value columns; cut at
    their border it read 结纠 / 果正, and table 四 lost its columns (a fresh seed)."""
    names = ["结果维持", "结果纠正", "其他结果"]
    glyphs = []
    for k, name in enumerate(names):
        glyphs += word(name[:2], 300 + 30 * k, 100) + word(name[2:], 300 + 30 * k, 112)
    glyphs += word("16", 304, 140) + word("2", 366, 140)  # 结果纠正 printed blank
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    assert sorted(c.text for c in grid.cells if c.row0 == 0) == ["其他结果", "结果纠正", "结果维持"]


def test_a_lone_digit_in_brackets_is_a_spread_labels_numbering():
    """( 1 ) 属 于 国 家 秘 密 spread over its cell: the 1 after an opening bracket numbers the
    label; taken for a value, such digits made a value column inside the labels and lost the
    items' words (a fresh seed's scan lost 105 cells)."""
    chunks = chunks_of(_spread("(1)属于国家秘密", 150, 100, pitch=20))
    assert [c.text for c in StreamReader(TEMPLATE_WORDS).join_spread(chunks)] == ["(1)属于国家秘密"]


def test_a_mark_left_of_a_rows_label_is_no_value():
    """一、 and 二、 of the first rows' labels set apart from their words, read by OCR as a dash
    and two stacked dashes: a value never stands left of its row's label, so they make no
    value column (they did, and every label of the table was lost on a fresh seed's scan)."""
    glyphs = word("自然人", 290, 80) + word("总计", 380, 80)
    glyphs += word("—", 60, 104) + word("、本年新收政府信息公开申请数量", 85, 100) + word("315", 296, 100)
    glyphs += word("375", 376, 100)
    glyphs += word("—", 60, 118) + word("—", 60, 124) + word("、上年结转政府信息公开申请数量", 85, 120)
    glyphs += word("0", 300, 120) + word("3", 380, 120)
    (grid,) = stream_grids(page(glyphs), TEMPLATE_WORDS)
    values = [c.text for c in sorted(grid.cells, key=lambda c: (c.row0, c.col0)) if c.col0 > 0 and c.text]
    assert values == ["315", "375", "0", "3"]
    labels = [c.text for c in grid.cells if c.col0 == 0 and c.row0 % 2 == 1]
    assert any("本年新收" in t for t in labels) and any("上年结转" in t for t in labels)


def test_a_chunk_keeps_its_box_and_text_as_glyphs_are_added():
    chunk = Chunk(word("1,01", 100, 50))
    assert (chunk.text, chunk.box) == ("1,01", (100, 50, 122.0, 60))
    chunk.extend(word("5", 100, 62))  # the wrapped number's last digit, under it
    assert (chunk.text, chunk.box) == ("1,015", (100, 50, 122.0, 72))
    assert chunk == Chunk(word("1,01", 100, 50) + word("5", 100, 62))  # equal by value, as before
