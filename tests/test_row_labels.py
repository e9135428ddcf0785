"""parsers.row_labels: which label lines of an unruled table belong to which data row."""
from __future__ import annotations

from parsers.layout import Glyph
from parsers.row_labels import label_blocks
from parsers.stream import Chunk, Row
from pipeline.normalize import label_fit
from tests.geometry import stack, word


def _rows(*tops: float) -> list[Row]:
    return [Row(top, top + 10) for top in tops]


def _texts(blocks):
    return [(first, last, "".join(c.text for c in chunks)) for first, last, chunks in blocks]


def test_a_vertical_label_spans_the_rows_it_reaches():
    label = [Chunk([g]) for g in stack("本年度办理结果", 60, 100)]  # 7 characters over 84 points
    rows = _rows(100, 118, 136, 154, 170, 200)  # the last row is below it
    blocks = label_blocks([(c, None) for c in label], rows, label_fit)
    assert _texts(blocks) == [(0, 4, "本年度办理结果")]


def test_a_numbering_mark_starts_a_new_label():
    chunks = [(Chunk(word("1.属于国家秘密", 80, 100)), 0), (Chunk(word("2.其他法律行政法规禁止公开", 80, 111)), 1)]
    blocks = label_blocks(chunks, _rows(100, 111), label_fit)
    assert _texts(blocks) == [(0, 0, "1.属于国家秘密"), (1, 1, "2.其他法律行政法规禁止公开")]


def test_wrapped_labels_that_touch_are_cut_between_rows_by_what_they_say():
    # two labels wrapped in a narrow column, set close: nothing but the words tells where one ends
    lines = ["没有现成信息需", "要另行制作", "补正后申请内容", "仍不明确"]
    chunks = [(Chunk(word(text, 80, 100 + 11 * i)), None) for i, text in enumerate(lines)]
    blocks = label_blocks(chunks, _rows(105, 127), label_fit)
    assert _texts(blocks) == [(0, 0, "没有现成信息需要另行制作"), (1, 1, "补正后申请内容仍不明确")]


def test_a_note_far_below_the_table_is_no_label():
    chunks = [(Chunk(word("行政许可", 60, 100)), 0), (Chunk(word("注：本表数据截至年底", 60, 300)), None)]
    blocks = label_blocks(chunks, _rows(100), label_fit)
    assert _texts(blocks) == [(0, 0, "行政许可")]


def test_a_wrapped_line_continues_the_label_it_lies_under_most():
    """A group label printed a character a line (三、本年度办理结果) beside two wrapped item
    labels. OCR boxes the mark 、 by its ink, a quarter of a line tall, between two label
    lines: the next line, reaching under both (本 of the group label read with it), goes on
    with the wrapped label above it, not with the mark it barely reaches under."""
    comma = Chunk([Glyph("、", 85.7, 262.8, 88.2, 265.3, 10.0)])
    chunks = [(Chunk(word("(一)予以公开", 113, 239.4)), 0), (Chunk(word("三", 86, 240)), 0),
              (Chunk(word("(二)部分公开(区分处", 113, 255.2)), None), (comma, None),
              (Chunk(word("本", 86, 270.7) + word("理的，只计这一情况，不", 107, 270.7)), 1),
              (Chunk(word("计其他情形)", 107, 286.6)), None)]
    rows = [Row(239.4, 249.5), Row(270.7, 282.2), Row(311.4, 320.0)]  # value lines as read
    blocks = label_blocks(chunks, rows, label_fit)
    by_row: dict[int, str] = {}
    for first, _, pieces in blocks:
        by_row[first] = by_row.get(first, "") + "".join(c.text for c in pieces if c is not comma)
    assert "(二)部分公开(区分处" in by_row[1] and "理的，只计这一情况，不" in by_row[1]
    assert "(二)" not in by_row[0]
