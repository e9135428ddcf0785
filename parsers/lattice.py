"""pdfplumber's lattice (Nurminen's method) on a page's rules: edges, merged, their corner
points and the smallest cells those points frame.

The results are pdfplumber's, in its order: `merged_edges` is its `merge_edges` then
`filter_edges`, `corners` its `edges_to_intersections`, `smallest_cells` its
`intersections_to_cells`, `tables_of` its `cells_to_tables` (tests/test_lattice.py
compares each with pdfplumber on random rules and cells and on the generated corpus).
pdfplumber copies a dict for every edge at every step and tests every pair of points or
edges in Python; here an edge is a tuple until the corners are listed, the edge pairs are
tested with numpy, and each point's edges become a set once: pdfplumber's own functions
take 3.5 to 4.3 times as long on the ruled pages of the real and generated reports.

An edge is `(x0, top, x1, bottom, width, height)` in points, horizontal and vertical ones
in lists of their own. `width` and `height` are carried as pdfplumber carries them: set
from the segment, kept when an edge is snapped, grown when one is joined.
"""
from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from operator import itemgetter

import numpy as np
from pdfplumber.table import cells_to_tables
from pdfplumber.utils import cluster_objects

from parsers.layout import Box, Segment

TOLERANCE = 3  # points: pdfplumber's snap, join and intersection tolerances
MIN_LENGTH = 3  # points: an edge shorter than this after merging frames no cell (pdfplumber's)

Edge = tuple[float, float, float, float, float, float]  # x0, top, x1, bottom, width, height
_BBOX = itemgetter("x0", "top", "x1", "bottom")


def edges(segments: list[Segment]) -> tuple[list[Edge], list[Edge]]:
    """(horizontal, vertical) edges of the segments at least 1 pt long (the thin sides of
    rule rectangles are left out), in the segments' order. A segment is horizontal where it
    runs further across than down. One with an end past a float's range (a path under a matrix
    that overflowed) lies on no page and is left out."""
    across, down = [], []
    for s in segments:
        width, height = s.x1 - s.x0, s.bottom - s.top
        if not math.isfinite(width + height):  # inf - inf and nan are nan
            continue
        edge = (s.x0, s.top, s.x1, s.bottom, width, height)
        if abs(height) < abs(width):
            if width >= 1:
                across.append(edge)
        elif height >= 1:
            down.append(edge)
    return across, down


def closing_edges(across: list[Edge], down: list[Edge]) -> list[Edge]:
    """Horizontal rules a page break left out: a table cut at the foot of a page (or
    resumed at the head of the next) has its vertical rules end where no rule closes
    them, so its last row would form no cell. Draw that rule."""
    verticals = [e for e in down if e[5] > 5]
    horizontals = sorted(across, key=itemgetter(1))
    tops = [e[1] for e in horizontals]
    lines = []
    for end in (1, 3):  # the verticals' tops, then their bottoms
        by_y: dict[float, list] = {}
        for e in verticals:
            by_y.setdefault(round(e[end] / 3) * 3, []).append(e)
        for y, group in by_y.items():
            if len(group) < 2:
                continue
            x0, x1 = min(e[0] for e in group), max(e[2] for e in group)
            near = horizontals[bisect.bisect_left(tops, y - 3):bisect.bisect_right(tops, y + 3)]
            if not any(abs(e[1] - y) < 3 and e[0] <= x0 + 3 and e[2] >= x1 - 3 for e in near):
                lines.append((x0, y, x1, y, x1 - x0, 0))
    return lines


def merged_edges(across: list[Edge], down: list[Edge]) -> tuple[list[Edge], list[Edge]]:
    """pdfplumber's `merge_edges` (snap and join within TOLERANCE) then `filter_edges` (at least
    MIN_LENGTH long): edges along one line within TOLERANCE of each other moved to their mean
    position, then those that overlap or come within TOLERANCE joined into one."""
    across = _joined(_snapped(across, 1), 1, 0, 2, _grown_across)
    down = _joined(_snapped(down, 0), 0, 1, 3, _grown_down)
    return [e for e in across if e[4] >= MIN_LENGTH], [e for e in down if e[5] >= MIN_LENGTH]


def _snapped(lines: list[Edge], at: int) -> list[Edge]:
    """pdfplumber's `snap_objects`: edges clustered by their position (index `at`: a horizontal
    edge's top, a vertical one's x0), each moved to its cluster's mean, cluster by cluster."""
    out = []
    for cluster in cluster_objects(lines, itemgetter(at), TOLERANCE):
        mean = sum(e[at] for e in cluster) / len(cluster)
        for e in cluster:
            shift = mean - e[at]
            if at == 1:
                out.append((e[0], e[1] + shift, e[2], e[3] + shift, e[4], e[5]))
            else:
                out.append((e[0] + shift, e[1], e[2] + shift, e[3], e[4], e[5]))
    return out


def _grown_across(e: Edge, x1: float) -> Edge:  # pdfplumber's resize_object(e, "x1", x1)
    return (e[0], e[1], x1, e[3], x1 - e[0], e[5])


def _grown_down(e: Edge, bottom: float) -> Edge:  # pdfplumber's resize_object(e, "bottom", bottom)
    return (e[0], e[1], e[2], bottom, e[4], e[5] + (bottom - e[3]))


def _joined(lines: list[Edge], position: int, start: int, end: int, grown) -> list[Edge]:
    """pdfplumber's `join_edge_group` on each line of edges (index `position` the same after
    snapping), lines in order of position: along a line, in order of `start`, an edge that
    begins within TOLERANCE of the last one's `end` extends it (`grown`)."""
    out: list[Edge] = []
    for _, line in itertools.groupby(sorted(lines, key=itemgetter(position)), key=itemgetter(position)):
        ordered = sorted(line, key=itemgetter(start))
        joined = [ordered[0]]
        for e in ordered[1:]:
            if e[start] <= joined[-1][end] + TOLERANCE:
                if e[end] > joined[-1][end]:
                    joined[-1] = grown(joined[-1], e[end])
            else:
                joined.append(e)
        out += joined
    return out


def as_dict(edge: Edge, orientation: str) -> dict:
    """The edge as pdfplumber's table finder holds it."""
    x0, top, x1, bottom, width, height = edge
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": width, "height": height,
            "orientation": orientation, "object_type": "line"}


def corners(across: list[Edge], down: list[Edge]) -> dict:
    """pdfplumber's `edges_to_intersections(edges, TOLERANCE, TOLERANCE)` on these edges (as
    `as_dict` gives them): {(x, top): {"v": edges, "h": edges}}, keys and lists in its order.
    pdfplumber tests each vertical edge against each horizontal one in Python; here numpy tests
    them all at once, a block of vertical edges at a time, and only the pairs that meet are
    walked, in pdfplumber's order."""
    verticals = sorted(down, key=itemgetter(0, 1))
    horizontals = sorted(across, key=itemgetter(1, 0))
    found: dict = {}
    if not verticals or not horizontals:
        return found
    v_dicts, h_dicts = [as_dict(e, "v") for e in verticals], [as_dict(e, "h") for e in horizontals]
    x, top, bottom = (np.array([e[k] for e in verticals], dtype=np.float64)[:, None] for k in (0, 1, 3))
    level, x0, x1 = (np.array([e[k] for e in horizontals], dtype=np.float64) for k in (1, 0, 2))
    block = max(1, 2 ** 20 // len(horizontals))  # pairs tested at once: a page of 10,000 rules stays small
    for first in range(0, len(verticals), block):
        rows = slice(first, first + block)
        meet = ((top[rows] <= level + TOLERANCE) & (bottom[rows] >= level - TOLERANCE)
                & (x[rows] >= x0 - TOLERANCE) & (x[rows] <= x1 + TOLERANCE))
        for i, j in zip(*(a.tolist() for a in np.nonzero(meet)), strict=True):  # row by row, as pdfplumber
            v, h = v_dicts[first + i], h_dicts[j]
            vertex = (v["x0"], h["top"])
            if vertex in found:
                found[vertex]["v"].append(v)
                found[vertex]["h"].append(h)
            else:
                found[vertex] = {"v": [v], "h": [h]}
    return found


def intersections(segments: list[Segment]) -> dict:
    """pdfplumber's corner points of the rules: {(x, top): {"v": edges, "h": edges}}, from the
    segments merged and snapped as its lattice does (within TOLERANCE points), with the rules
    a page break left out drawn (`closing_edges`)."""
    across, down = edges(segments)
    return corners(*merged_edges(across + closing_edges(across, down), down))


def smallest_cells(corners: dict) -> list[Box]:
    """pdfplumber's `intersections_to_cells`: the same cells (x0, top, x1, bottom), in the same
    order, from the same {(x, top): {"v": edges, "h": edges}} map.

    For each corner point, in (x, top) order, the first point below it and the first to its right
    that share an edge with it, whose fourth corner exists and shares an edge with both. pdfplumber
    scans every later point for each point and builds the sets of edges anew for each pair
    compared; here the points of each column and row are listed, each point's edges made a
    set once, and the points right of a point read only as far as a cell needs, which keeps
    the result and takes a fraction of the time."""
    one: dict[int, frozenset] = {}  # an edge's own set, by the edge (most points are on one rule each way)

    def bboxes(edges):  # pdfplumber's obj_to_bbox of each edge
        if len(edges) != 1:
            return frozenset(map(_BBOX, edges))
        found = one.get(id(edges[0]))
        if found is None:
            found = one[id(edges[0])] = frozenset((_BBOX(edges[0]),))
        return found

    vertical = {p: bboxes(edges["v"]) for p, edges in corners.items()}
    horizontal = {p: bboxes(edges["h"]) for p, edges in corners.items()}

    points = sorted(corners)
    columns, rows = defaultdict(list), defaultdict(list)  # points sharing x (top down), sharing top (left to right)
    for point in points:
        columns[point[0]].append(point)
        rows[point[1]].append(point)
    in_column = {p: i for column in columns.values() for i, p in enumerate(column)}
    in_row = {p: i for row in rows.values() for i, p in enumerate(row)}

    # pdfplumber's edge_connects(p, q) is "they share x and a vertical edge, or share top and a
    # horizontal one"; each pair tested below shares exactly one of x and top, so one set test
    def first_cell(point):
        x, top = point
        down, across = vertical[point], horizontal[point]
        column, row = columns[x], rows[top]
        right: list = []  # the points right of it that connect, found as far as they are tried
        unread = in_row[point] + 1  # where the row is to be read on from
        for k in range(in_column[point] + 1, len(column)):
            below = column[k]
            if down.isdisjoint(vertical[below]):
                continue
            below_across = horizontal[below]
            i = 0
            while True:
                if i == len(right):  # most cells close on the first point right: read the row no further
                    while unread < len(row) and across.isdisjoint(horizontal[row[unread]]):
                        unread += 1
                    if unread == len(row):
                        break
                    right.append(row[unread])
                    unread += 1
                r = right[i]
                i += 1
                corner = (r[0], below[1])
                if (corner in corners and not vertical[corner].isdisjoint(vertical[r])
                        and not horizontal[corner].isdisjoint(below_across)):
                    return (x, top, *corner)
        return None

    cells = [first_cell(point) for point in points]
    return [cell for cell in cells if cell is not None]


def tables_of(cells: list[Box]) -> list[list[Box]]:
    """pdfplumber's `cells_to_tables`: the cells grouped into tables, each the cells that touch
    the group at a corner, gathered in passes over the cells not yet taken, in their order;
    tables top to bottom (then left to right) by their top-left cell, lone cells dropped.
    pdfplumber removes each cell taken from its list (a scan of the list each); here each
    pass keeps the cells it leaves, which takes the same cells in the same order where no
    cell repeats (`smallest_cells` gives each corner point one cell at most). Where one does,
    pdfplumber's removal by value (the first equal cell) decides the order: its own function."""
    if len(set(cells)) < len(cells):
        return cells_to_tables(cells)
    remaining = list(cells)
    touched: set = set()  # the corners of the table being gathered
    current: list[Box] = []
    tables = []
    while remaining:
        before = len(current)
        left = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            corners_of = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or not touched.isdisjoint(corners_of):
                touched.update(corners_of)
                current.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current) == before:  # nothing more touches it: the table is whole
            tables.append(current)
            touched, current = set(), []
    if current:
        tables.append(current)
    ordered = sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in ordered if len(t) > 1]
