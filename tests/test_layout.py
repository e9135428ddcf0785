"""parsers.layout: glyphs grouped into lines, the one-band shortcut the same as the clustering."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import parsers.layout as layout
from parsers.layout import Glyph, group_lines
from tests.geometry import stack, word


def _texts(lines) -> list[str]:
    return ["".join(g.text for g in line.glyphs) for line in lines]


def test_words_on_one_baseline_are_one_line_left_to_right():
    glyphs = word("件", 60, 100) + word("12", 40, 100) + word("申请", 0, 100)  # given out of order
    assert _texts(group_lines(glyphs)) == ["申请12件"]


def test_lines_apart_stay_apart_and_a_raised_glyph_joins_its_line():
    glyphs = word("总计", 0, 100) + word("3", 30, 102) + word("结转", 0, 130)
    assert _texts(group_lines(glyphs)) == ["总计3", "结转"]
    assert _texts(group_lines(stack("自然人", 0, 0))) == ["自", "然", "人"]


def test_a_flat_glyph_is_not_taken_for_a_band():
    # a zero-height box (a rule read as a character) goes through the clustering, not the shortcut
    flat = [Glyph("-", 0, 50, 5, 50, 10), Glyph("-", 10, 50, 15, 50, 10)]
    assert _texts(group_lines(flat)) == ["-", "-"]


@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from("一二3-")), min_size=1, max_size=12))
def test_the_one_band_shortcut_gives_what_the_clustering_gives(placed):
    glyphs = [Glyph(ch, 5.0 * x, 100.0, 5.0 * x + 5, 110.0, 10.0) for x, ch in placed]  # ties in x too
    shortcut = group_lines(glyphs)
    band = layout._one_band
    try:
        layout._one_band = lambda _: False
        clustered = group_lines(glyphs)
    finally:
        layout._one_band = band
    assert [line.glyphs for line in shortcut] == [line.glyphs for line in clustered]


def test_box_of_and_outline_are_min_and_max_of_each_side():
    """Against min() and max() side by side, on random boxes with ties, -0.0 against 0.0, NaN and
    infinities (min keeps the first of equals and passes over a NaN that comes later), from lists
    and from generators; none at all is a ValueError."""
    import math
    import random

    from parsers.layout import Glyph, box_of, outline

    rng = random.Random(15)
    values = [0.0, -0.0, 1.0, 1.0, 2.5, -3.0, math.inf, -math.inf, math.nan]
    for _ in range(3000):
        boxes = [tuple(rng.choice(values) if rng.random() < 0.3 else rng.uniform(-9, 9) for _ in range(4))
                 for _ in range(rng.randint(1, 6))]
        want = tuple(f([b[i] for b in boxes]) for i, f in enumerate((min, min, max, max)))
        for got in (outline(boxes), outline(iter(boxes)),
                    box_of([Glyph("字", *b, 1.0) for b in boxes]), box_of(Glyph("字", *b, 1.0) for b in boxes)):
            assert repr(got) == repr(want)  # repr: NaN and -0.0 as they are
    for empty in ([], iter([])):
        with pytest.raises(ValueError):
            outline(empty)
    with pytest.raises(ValueError):
        box_of([])
