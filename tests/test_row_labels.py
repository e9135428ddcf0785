"""parsers.row_labels: which label lines of an unruled table belong to which data row."""
from __future__ import annotations

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
