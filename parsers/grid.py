"""Grids: table cells with row and column spans, rebuilt from page geometry.

Two flavours behind one shape (as camelot does): `ruled_grids` for tables
drawn with ruling lines or thin rectangles (pdfplumber's lattice on a text
layer's rules, or the frames OCR found in the image), `parsers.stream` for
tables printed without them, from text alignment alone. Everything
downstream reads `Grid`; a web page's tables are `Grid`s too (parsers.html).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pdfplumber.utils import cluster_list

from parsers.lattice import intersections, smallest_cells, tables_of
from parsers.layout import Box, Glyph, PageGeometry, box_of, group_lines, held_by, holders, join_lines, outline

SNAP = 2.0  # points: edges closer than this are one edge


@dataclass
class Cell:
    row0: int
    row1: int  # exclusive
    col0: int
    col1: int  # exclusive
    box: Box  # the cell's frame
    glyphs: list[Glyph] = field(default_factory=list)
    locator: str | None = None  # where a web page printed it ("table 3, row 5, col 2"); None on a PDF page
    _text: tuple[int, str] = field(default=(-1, ""), repr=False, compare=False)
    _text_box: tuple[int, Box | None] = field(default=(-1, None), repr=False, compare=False)

    @property
    def text(self) -> str:
        """Lines rejoined: a vertical label written one character per line comes out whole."""
        if self._text[0] != len(self.glyphs):  # glyphs are only ever added; recount then
            lines = [self.glyphs[0].text] if len(self.glyphs) == 1 else [x.text for x in group_lines(self.glyphs)]
            self._text = (len(self.glyphs), join_lines(lines))
        return self._text[1]

    @property
    def text_box(self) -> Box | None:
        if self._text_box[0] != len(self.glyphs):  # as `text`: glyphs are only ever added
            self._text_box = (len(self.glyphs), box_of(self.glyphs) if self.glyphs else None)
        return self._text_box[1]

    @property
    def confidence(self) -> float:
        """The lowest confidence of the cell's glyphs (1.0 for an empty cell: nothing was read)."""
        return min((g.confidence for g in self.glyphs), default=1.0)


@dataclass
class Grid:
    page: int | None  # 1-based; None for a web page's table
    box: Box
    xs: list[float]  # column edges
    ys: list[float]  # row edges
    cells: list[Cell]
    ruled: bool
    ocr: bool = False  # read by OCR from a page image: an empty cell may be a value it missed

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def text(self) -> str:
        return "".join(c.text for c in self.cells)


def _snap(values: list[float]) -> list[float]:
    """Edge positions closer than SNAP made one (the first of each run)."""
    return [group[0] for group in cluster_list(values, SNAP)]


def _nearest(edges: list[float], values: list[float]) -> list[int]:
    """The index of the edge nearest each value (the first of two as near); `edges` ascending,
    finite (the snapped sides of frames), as bisect would find it one value at a time."""
    at = np.array(edges, dtype=np.float64)
    v = np.array(values, dtype=np.float64)
    i = np.searchsorted(at, v, side="left")
    before = at[np.maximum(i - 1, 0)]
    after = at[np.minimum(i, len(at) - 1)]
    left = (i == len(at)) | ((i > 0) & (np.abs(before - v) <= np.abs(after - v)))
    return np.where(left, i - 1, i).tolist()


def grid_from_boxes(page: int, boxes: list[Box], glyphs: list[Glyph], ruled: bool, ocr: bool = False) -> Grid:
    """Cell frames -> a grid with spans; each glyph goes to the frame holding its centre."""
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    c0s, c1s = _nearest(xs, [b[0] for b in boxes]), _nearest(xs, [b[2] for b in boxes])
    r0s, r1s = _nearest(ys, [b[1] for b in boxes]), _nearest(ys, [b[3] for b in boxes])
    cells = []
    for b, c0, c1, r0, r1 in zip(boxes, c0s, c1s, r0s, r1s, strict=True):
        if c1 > c0 and r1 > r0:
            cells.append(Cell(r0, r1, c0, c1, b))
    cells.sort(key=lambda c: (c.row0, c.col0))
    for g, i in zip(glyphs, holders(glyphs, [c.box for c in cells]), strict=True):
        if i >= 0:
            cells[i].glyphs.append(g)
    box = (xs[0], ys[0], xs[-1], ys[-1])
    return Grid(page, box, xs, ys, cells, ruled, ocr)


def ruled_grids(page: PageGeometry) -> list[Grid]:
    """The page's ruled tables, top to bottom: from the cell frames its source found (OCR), else
    from its ruling segments (`lattice_grids`)."""
    if page.frames is None:
        return lattice_grids(page)
    inside = held_by(page.glyphs, [outline(frames) for frames in page.frames])
    return [grid_from_boxes(page.number, frames, held, ruled=True, ocr=page.ocr)
            for frames, held in zip(page.frames, inside, strict=True)]


def lattice_grids(geometry: PageGeometry) -> list[Grid]:
    """Ruled tables of a page: pdfplumber's table finding (Nurminen's method, step for step in
    parsers.lattice) run on the page's rules, whatever read them (the text layer or OCR)."""
    cells = smallest_cells(intersections(geometry.segments))
    grids = []
    tables = tables_of(cells)
    extents = [outline(table_cells) for table_cells in tables]
    for table_cells, (x0, top, x1, bottom), inside in zip(tables, extents, held_by(geometry.glyphs, extents),
                                                          strict=True):
        pictured = any(min(x1, r[2]) > max(x0, r[0]) and min(bottom, r[3]) > max(top, r[1])
                       for r in geometry.ocr_regions)  # a table read from a picture on the page
        grids.append(grid_from_boxes(geometry.number, table_cells, inside, ruled=True,
                                     ocr=geometry.ocr or pictured))
    return sorted(grids, key=lambda g: (g.box[1], g.box[0]))
