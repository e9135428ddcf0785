"""parsers.grid: ruled tables from rules or frames, cells with spans, glyphs to the frame holding them."""
from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.grid import _nearest, grid_from_boxes, lattice_grids, ruled_grids
from parsers.layout import Segment, outside
from tests.geometry import page, ruled, word


def test_cells_get_their_spans_and_glyphs():
    # a label merged over two rows beside two single value cells
    boxes = [(0, 0, 100, 40), (100, 0, 150, 20), (100, 20, 150, 40)]
    glyphs = word("规章", 10, 15) + word("3", 120, 5) + word("12", 115, 25)
    grid = grid_from_boxes(4, boxes, glyphs, ruled=True)
    assert (grid.page, grid.xs, grid.ys, grid.n_rows, grid.n_cols) == (4, [0, 100, 150], [0, 20, 40], 2, 2)
    label, top, bottom = grid.cells
    assert (label.row0, label.row1, label.col0, label.col1, label.text) == (0, 2, 0, 1, "规章")
    assert (top.row0, top.row1, top.text, bottom.text) == (0, 1, "3", "12")
    assert bottom.text_box == (115, 25, 126, 35)


def test_edges_closer_than_a_snap_are_one():
    boxes = [(0, 0, 100, 20), (100.8, 0, 150, 20.5)]  # one rule drawn twice, a little apart
    grid = grid_from_boxes(1, boxes, [], ruled=True)
    assert grid.xs == [0, 100, 150] and grid.ys == [0, 20]


def test_lattice_finds_a_ruled_table_and_closes_one_a_page_break_cut():
    xs, ys = [50, 250, 300, 350], [100, 120, 140]
    glyphs = word("自然人", 255, 105) + word("5", 310, 125)
    grids = lattice_grids(page(glyphs, ruled(xs, ys)))
    assert len(grids) == 1 and grids[0].ruled and len(grids[0].cells) == 6
    assert [c.text for c in grids[0].cells if c.text] == ["自然人", "5"]
    # the same table with its bottom rule left out (the page ended there): the last row still forms
    cut = [s for s in ruled(xs, ys) if not (s.top == s.bottom == 140)]
    assert len(lattice_grids(page(glyphs, cut))[0].cells) == 6


def test_frames_found_by_ocr_are_used_instead_of_the_rules():
    frames = [[(50, 100, 250, 120), (250, 100, 300, 120)]]
    found = ruled_grids(page(word("总计", 255, 105), [Segment(0, 0, 600, 0)], frames=frames, ocr=True))
    assert len(found) == 1 and found[0].ocr and [c.text for c in found[0].cells] == ["", "总计"]
    assert ruled_grids(page(word("总计", 255, 105), [])) == []  # no rules, no frames: no ruled table


def test_glyphs_outside_the_boxes_keep_their_order_and_an_edge_counts_inside():
    glyphs = word("一二三四", 0, 0)  # centres at x 5, 15, 25, 35; y 5
    boxes = [(10, 0, 15, 10), (30, 5, 40, 9)]  # the second glyph's centre on an edge, the fourth's inside
    assert [g.text for g in outside(glyphs, boxes)] == ["一", "三"]
    assert outside(glyphs, []) == glyphs


def _nearest_one_by_one(edges: list[float], v: float) -> int:
    """The edge nearest v, the first of two as near: bisect, one value at a time."""
    i = bisect.bisect_left(edges, v)
    if i == len(edges) or (i > 0 and abs(edges[i - 1] - v) <= abs(edges[i] - v)):
        return i - 1
    return i


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=8, unique=True),
       st.lists(st.integers(-10, 90), max_size=20))
def test_each_side_goes_to_the_nearest_edge_the_first_of_two_as_near(edges, values):
    edges = sorted(e * 2.5 for e in edges)
    values = [v * 0.5 for v in values]  # on an edge, between two, halfway, beyond both ends
    assert _nearest(edges, values) == [_nearest_one_by_one(edges, v) for v in values]
