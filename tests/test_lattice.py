"""parsers.lattice: pdfplumber's lattice, step by step the same results in the same order."""
from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.utils import filter_edges

from parsers.lattice import (
    as_dict,
    closing_edges,
    corners,
    edges,
    intersections,
    merged_edges,
    smallest_cells,
    tables_of,
)
from parsers.layout import Segment
from parsers.pdf import ReportPdf

CORPUS = Path(__file__).parent / "corpus" / "generated"


def pdfplumbers_corners(segments: list[Segment]) -> dict:
    """The corner points as pdfplumber's own functions find them, on edges as its table finder
    takes them (the rules a page break left out drawn as `intersections` draws them)."""
    found = [{"x0": s.x0, "x1": s.x1, "top": s.top, "bottom": s.bottom, "width": s.x1 - s.x0,
              "height": s.bottom - s.top, "object_type": "line",
              "orientation": "h" if abs(s.bottom - s.top) < abs(s.x1 - s.x0) else "v"} for s in segments]
    found = filter_edges(found, min_length=1)
    closing = [as_dict(e, "h") for e in closing_edges(*edges(segments))]
    merged = filter_edges(merge_edges(found + closing, 3, 3, 3, 3), min_length=3)
    return edges_to_intersections(merged, 3, 3)



def test_a_rule_past_a_floats_range_is_on_no_page():
    """A path under a matrix that overflowed: its ends are inf or nan. It frames no cell, and the
    rules on the page still do (closing_edges rounds each end: inf would raise)."""
    table = [Segment(0, 0, 100, 0), Segment(0, 20, 100, 20), Segment(0, 0, 0, 20), Segment(100, 0, 100, 20),
             Segment(50, 0, 50, 20)]
    inf, nan = float("inf"), float("nan")
    broken = [Segment(-inf, 10, inf, 10), Segment(30, -inf, 30, inf), Segment(60, 5, 60, inf),
              Segment(nan, 10, 80, 10), Segment(0, nan, 100, nan)]
    assert smallest_cells(intersections(table + broken)) == smallest_cells(intersections(table))
    assert smallest_cells(intersections(table)) == [(0, 0, 50, 20), (50, 0, 100, 20)]


# a rule on a coarse grid, so that rules meet, repeat, and end within the tolerances of each other:
# (across or down, its line, where it starts, how long, a nudge of the line, a nudge of each end)
_OFF = st.sampled_from([0.0, 0.1, 0.7, 1.0, 1 / 3, 2.5, 3.0, -2.0])
_RULE = st.tuples(st.booleans(), st.integers(0, 8), st.integers(0, 8), st.integers(0, 4),
                  st.sampled_from([0.0, 0.1, 0.5, -0.25, 1.5, 3.0, -3.0, 2.9999, -3.0001, 7.0]), _OFF, _OFF)


def _segment(across: bool, line: int, start: int, length: int, nudge: float, early: float, late: float) -> Segment:
    at, a, b = 10 * line + nudge, 10 * start + early, 10 * (start + length) + late
    return Segment(min(a, b), at, max(a, b), at) if across else Segment(at, min(a, b), at, max(a, b))


@settings(max_examples=300, deadline=None)
@given(st.lists(_RULE, max_size=40))
@example([(False, 5, 0, 1, 0.0, 0.1, 0.1), (False, 5, 1, 1, 0.0, 0.0, 0.7)])  # joined: 10.0 + 10.6 is not 20.7 - 0.1
def test_corners_are_pdfplumbers_step_by_step(rules):
    segments = [_segment(*rule) for rule in rules]
    across, down = edges(segments)
    across += closing_edges(across, down)
    theirs = filter_edges(merge_edges([as_dict(e, "h") for e in across] + [as_dict(e, "v") for e in down],
                                      3, 3, 3, 3), min_length=3)
    merged = merged_edges(across, down)
    assert [as_dict(e, "h") for e in merged[0]] + [as_dict(e, "v") for e in merged[1]] == theirs
    assert list(corners(*merged).items()) == list(edges_to_intersections(theirs, 3, 3).items())
    assert list(intersections(segments).items()) == list(pdfplumbers_corners(segments).items())


_SPANS = st.lists(st.lists(st.booleans(), min_size=6, max_size=6), min_size=7, max_size=7)


@settings(max_examples=150, deadline=None)
@given(across=_SPANS, down=_SPANS, jitter=st.lists(st.floats(-2.5, 2.5), min_size=14, max_size=14))
def test_smallest_cells_are_pdfplumbers_cells(across, down, jitter):
    # a 7 x 7 lattice with pieces of rules left out (merged cells, a rule cut at a page break)
    # and corners drawn up to 2.5 pt apart, the way rules of real pages meet
    xs = [50 + 60 * i + jitter[i] for i in range(7)]
    ys = [100 + 25 * j + jitter[7 + j] for j in range(7)]
    segments = [Segment(xs[i], ys[j], xs[i + 1], ys[j]) for j in range(7) for i in range(6) if across[j][i]]
    segments += [Segment(xs[i], ys[j], xs[i], ys[j + 1]) for i in range(7) for j in range(6) if down[i][j]]
    found = intersections(segments)
    assert list(found.items()) == list(pdfplumbers_corners(segments).items())
    assert smallest_cells(found) == intersections_to_cells(found)
    assert tables_of(smallest_cells(found)) == cells_to_tables(smallest_cells(found))


# a cell on a coarse grid: tables of cells that touch at corners, apart, repeated, alone
_CELL = st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 2), st.integers(1, 2))


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL, max_size=30))
def test_tables_are_pdfplumbers_tables(specs):
    cells = [(10 * x, 10 * y, 10 * (x + w), 10 * (y + h)) for x, y, w, h in specs]
    unique = list(dict.fromkeys(cells))  # as smallest_cells gives them
    assert tables_of(unique) == cells_to_tables(unique)
    assert tables_of(cells) == cells_to_tables(cells)


def test_the_generated_corpus_reads_as_pdfplumber_reads_it():
    points = cells = 0
    for name in ("gen_001_2020.pdf", "gen_002_2019.pdf"):
        with ReportPdf(CORPUS / name) as pdf:
            for i in range(pdf.page_count):
                segments = pdf.geometry(i).segments
                found = intersections(segments)
                assert list(found.items()) == list(pdfplumbers_corners(segments).items())
                assert smallest_cells(found) == intersections_to_cells(found)
                assert tables_of(smallest_cells(found)) == cells_to_tables(smallest_cells(found))
                points, cells = points + len(found), cells + len(smallest_cells(found))
    assert points > 300 and cells > 300  # three tables a report
