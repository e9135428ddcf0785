"""Grids: table cells with row and column spans, rebuilt from page geometry.

Two flavours behind one shape (as camelot does): `ruled_grids` for tables
drawn with ruling lines or thin rectangles (pdfplumber's lattice on a text
layer's rules, or the frames OCR found in the image), `parsers.stream` for
tables printed without them, from text alignment alone. Everything
downstream reads `Grid`; a web page's tables are `Grid`s too (parsers.html).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
from pdfplumber.table import cells_to_tables, merge_edges
from pdfplumber.utils import cluster_list, filter_edges

from parsers.layout import Box, Glyph, PageGeometry, Segment, box_of, group_lines, held_by, holders, join_lines, outline

SNAP = 2.0  # points: edges closer than this are one edge
_BBOX = itemgetter("x0", "top", "x1", "bottom")


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


def _index(edges: list[float], v: float) -> int:
    """The index of the edge nearest `v` (the first of two as near); `edges` ascending."""
    i = bisect.bisect_left(edges, v)
    if i == len(edges) or (i > 0 and abs(edges[i - 1] - v) <= abs(edges[i] - v)):
        return i - 1
    return i


def grid_from_boxes(page: int, boxes: list[Box], glyphs: list[Glyph], ruled: bool, ocr: bool = False) -> Grid:
    """Cell frames -> a grid with spans; each glyph goes to the frame holding its centre."""
    xs = _snap([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _snap([b[1] for b in boxes] + [b[3] for b in boxes])
    cells = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 > c0 and r1 > r0:
            cells.append(Cell(r0, r1, c0, c1, b))
    cells.sort(key=lambda c: (c.row0, c.col0))
    for g, i in zip(glyphs, holders(glyphs, [c.box for c in cells]), strict=True):
        if i >= 0:
            cells[i].glyphs.append(g)
    box = (xs[0], ys[0], xs[-1], ys[-1])
    return Grid(page, box, xs, ys, cells, ruled, ocr)


def _edges(segments) -> list[dict]:
    """Segments as pdfplumber's table finder takes them."""
    out = []
    for seg in segments:
        horizontal = abs(seg.bottom - seg.top) < abs(seg.x1 - seg.x0)
        out.append({"x0": seg.x0, "x1": seg.x1, "top": seg.top, "bottom": seg.bottom,
                    "width": seg.x1 - seg.x0, "height": seg.bottom - seg.top,
                    "orientation": "h" if horizontal else "v", "object_type": "line"})
    return out


def _closing_edges(edges: list[dict]) -> list[dict]:
    """Horizontal rules a page break left out: a table cut at the foot of a page (or
    resumed at the head of the next) has its vertical rules end where no rule closes
    them, so its last row would form no cell. Draw that rule."""
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] > 5]
    horizontals = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    tops = [h["top"] for h in horizontals]
    lines = []
    for end in ("top", "bottom"):
        by_y: dict[float, list] = {}
        for e in verticals:
            by_y.setdefault(round(e[end] / 3) * 3, []).append(e)
        for y, group in by_y.items():
            if len(group) < 2:
                continue
            x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
            near = horizontals[bisect.bisect_left(tops, y - 3):bisect.bisect_right(tops, y + 3)]
            closed = any(abs(h["top"] - y) < 3 and h["x0"] <= x0 + 3 and h["x1"] >= x1 - 3 for h in near)
            if not closed:
                lines.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                              "orientation": "h", "object_type": "line"})
    return lines


TOLERANCE = 3  # points: pdfplumber's snap, join and intersection tolerances


def ruled_grids(page: PageGeometry) -> list[Grid]:
    """The page's ruled tables, top to bottom: from the cell frames its source found (OCR), else
    from its ruling segments (`lattice_grids`)."""
    if page.frames is None:
        return lattice_grids(page)
    inside = held_by(page.glyphs, [outline(frames) for frames in page.frames])
    return [grid_from_boxes(page.number, frames, held, ruled=True, ocr=page.ocr)
            for frames, held in zip(page.frames, inside, strict=True)]


def intersections(segments: list[Segment]) -> dict:
    """pdfplumber's corner points of the rules: {(x, top): {"v": edges, "h": edges}}, from the
    segments merged and snapped as its lattice does (within TOLERANCE points)."""
    edges = filter_edges(_edges(segments), min_length=1)  # the thin sides of rule rectangles
    edges = merge_edges(edges + _closing_edges(edges), TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = filter_edges(edges, min_length=3)
    return corners(edges)


def corners(edges: list[dict]) -> dict:
    """pdfplumber's `edges_to_intersections(edges, TOLERANCE, TOLERANCE)`: the same map, keys and
    lists in the same order. pdfplumber tests each vertical edge against each horizontal one in
    Python (a ruled page has a few hundred of each); here numpy tests them all at once, a block
    of vertical edges at a time, and only the pairs that meet are walked, in pdfplumber's order."""
    verticals = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontals = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    found: dict = {}
    if not verticals or not horizontals:
        return found
    x, top, bottom = (np.array([e[k] for e in verticals], dtype=np.float64)[:, None] for k in ("x0", "top", "bottom"))
    level, x0, x1 = (np.array([e[k] for e in horizontals], dtype=np.float64) for k in ("top", "x0", "x1"))
    block = max(1, 2 ** 20 // len(horizontals))  # pairs tested at once: a page of 10,000 rules stays small
    for first in range(0, len(verticals), block):
        rows = slice(first, first + block)
        meet = ((top[rows] <= level + TOLERANCE) & (bottom[rows] >= level - TOLERANCE)
                & (x[rows] >= x0 - TOLERANCE) & (x[rows] <= x1 + TOLERANCE))
        for i, j in zip(*(a.tolist() for a in np.nonzero(meet)), strict=True):  # row by row, as pdfplumber
            v, h = verticals[first + i], horizontals[j]
            vertex = (v["x0"], h["top"])
            if vertex in found:
                found[vertex]["v"].append(v)
                found[vertex]["h"].append(h)
            else:
                found[vertex] = {"v": [v], "h": [h]}
    return found


def smallest_cells(corners: dict) -> list[Box]:
    """pdfplumber's `intersections_to_cells`: the same cells (x0, top, x1, bottom), in the same
    order, from the same {(x, top): {"v": edges, "h": edges}} map.

    For each corner point, in (x, top) order, the first point below it and the first to its right
    that share an edge with it, whose fourth corner exists and shares an edge with both. pdfplumber
    scans every later point for each point and builds the sets of edges anew for each pair
    compared; here the points of each column and row are listed and each point's edges made a
    set once, which keeps the result and takes a fraction of the time."""
    def bboxes(edges):  # pdfplumber's obj_to_bbox of each edge
        return frozenset(map(_BBOX, edges))

    vertical = {p: bboxes(edges["v"]) for p, edges in corners.items()}
    horizontal = {p: bboxes(edges["h"]) for p, edges in corners.items()}

    def connects(p, q) -> bool:  # pdfplumber's edge_connects
        return ((p[0] == q[0] and not vertical[p].isdisjoint(vertical[q]))
                or (p[1] == q[1] and not horizontal[p].isdisjoint(horizontal[q])))

    points = sorted(corners)
    columns, rows = defaultdict(list), defaultdict(list)  # points sharing x (top down), sharing top (left to right)
    for point in points:
        columns[point[0]].append(point)
        rows[point[1]].append(point)
    in_column = {p: i for column in columns.values() for i, p in enumerate(column)}
    in_row = {p: i for row in rows.values() for i, p in enumerate(row)}

    def first_cell(point):
        x, top = point
        # the points right of it that connect, listed as far as they are tried: most cells close
        # on the first, and a rule's corners with nothing below need none
        right: list = []
        unlisted = (p for p in rows[top][in_row[point] + 1:] if connects(point, p))
        for below in columns[x][in_column[point] + 1:]:
            if not connects(point, below):
                continue
            for r in _listed(right, unlisted):
                corner = (r[0], below[1])
                if corner in corners and connects(corner, r) and connects(corner, below):
                    return (x, top, *corner)
        return None

    cells = [first_cell(point) for point in points]
    return [cell for cell in cells if cell is not None]


def _listed(listed: list, rest):
    """The items of `listed`, then those of the iterator `rest`, each added to `listed` as it
    comes: a list filled only as far as it is read, read again from its start."""
    yield from listed
    for item in rest:
        listed.append(item)
        yield item


def lattice_grids(geometry: PageGeometry) -> list[Grid]:
    """Ruled tables of a page: pdfplumber's table finding (Nurminen's method) run on the page's
    rules, whatever read them (the text layer or OCR)."""
    cells = smallest_cells(intersections(geometry.segments))
    grids = []
    tables = cells_to_tables(cells)
    extents = [outline(table_cells) for table_cells in tables]
    for table_cells, (x0, top, x1, bottom), inside in zip(tables, extents, held_by(geometry.glyphs, extents),
                                                          strict=True):
        pictured = any(min(x1, r[2]) > max(x0, r[0]) and min(bottom, r[3]) > max(top, r[1])
                       for r in geometry.ocr_regions)  # a table read from a picture on the page
        grids.append(grid_from_boxes(geometry.number, list(table_cells), inside, ruled=True,
                                     ocr=geometry.ocr or pictured))
    return sorted(grids, key=lambda g: (g.box[1], g.box[0]))
