"""A scanned page as an image: rendered, deskewed, its ruling lines and table cells found.

PDFium renders the page in grey; the skew is the angle whose horizontal ink
profile is sharpest; ruling lines are ink runs far longer than a character's
stroke (OpenCV morphology), told from the strokes of characters they touch;
the regions the rules enclose are the cells of a ruled table, spans and all.
Rules are painted out before text is read (`strip_rules`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2
from pdfplumber.utils import cluster_list

from parsers.layout import Segment, outline
from parsers.render import render_scale

DPI = 200
# inches of ink: the least thickness of a run of text that is a line of type (7.5-pt type is some
# 0.075 in). Where a label's characters stand apart (a narrow justified column) the longest runs
# are single strokes of 三 or 一, 0.02-0.05 in, and the direction classifier calls those upside
# down: on 749 upright scanned pages (six seeds of the generated corpus, tests/corpus/scanned, the
# shared cases) runs under 0.07 in got 78 sure "180" votes against 5 sure "0", runs over it 1
# against 8,352.
LINE_THICKNESS = 0.07


def render_page(doc: pypdfium2.PdfDocument, index: int, dpi: int = DPI) -> tuple[np.ndarray, float, float, int]:
    """(grey image, page width pt, page height pt, dpi rendered at): `dpi`, or a whole dpi under
    it for a page past the pixel budget (parsers.render); the image stands for the page at the
    dpi returned."""
    page = doc[index]
    try:
        width, height = page.get_size()
        scale = render_scale(width, height, dpi / 72)
        if scale < dpi / 72:  # past the budget
            dpi = max(1, int(scale * 72))
        image = page.render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        page.close()
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] == 3 else image[:, :, 0]
    return np.ascontiguousarray(image), float(width), float(height), dpi


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Binary, ink = 255."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def rotate(image: np.ndarray, angle: float, border: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


@dataclass
class TextRuns:
    """Runs of text ink across the page and down it (rules left out), as pixel boxes (x0, y0,
    x1, y1): characters closer than a third of a character joined into words and lines, each
    run at least four times longer than thick and as thick as a line of small type
    (`LINE_THICKNESS`)."""

    across: list[tuple[int, int, int, int]]
    down: list[tuple[int, int, int, int]]

    @property
    def sideways(self) -> bool:
        """The text runs up or down the page (scanned sideways, no /Rotate to say so): its
        characters join into long runs down the page far more than across it."""
        across = sum(b[2] - b[0] for b in self.across)
        down = sum(b[3] - b[1] for b in self.down)
        return down > 2 * across and down > 200

    def longest(self, count: int = 12) -> list[tuple[int, int, int, int]]:
        """The longest runs along the way the text runs: lines of words."""
        runs = self.down if self.sideways else self.across
        return sorted(runs, key=lambda b: -max(b[2] - b[0], b[3] - b[1]))[:count]


def text_runs(gray: np.ndarray, dpi: int = DPI) -> TextRuns:
    """The page's runs of text, found at half scale (cheap: no recognition)."""
    scale = 0.5
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = ink_mask(small)
    long = int(0.4 * dpi * scale)
    rules = cv2.bitwise_or(cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1))),
                           cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long))))
    text = cv2.subtract(ink, rules)
    gap = max(3, int(0.05 * dpi * scale))
    thick = LINE_THICKNESS * dpi * scale  # the runs' margin (2 px each side) comes after
    found = []
    for horizontal in (True, False):
        kernel = (gap, 1) if horizontal else (1, gap)
        closed = cv2.morphologyEx(text, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        n, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
        found.append([(int(x / scale) - 2, int(y / scale) - 2, int((x + w) / scale) + 2, int((y + h) / scale) + 2)
                      for x, y, w, h, _ in stats[1:n]
                      if ((w >= 4 * h and h >= thick) if horizontal else (h >= 4 * w and w >= thick))])
    return TextRuns(*found)


def true_runs(on: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends (exclusive) of the runs of True in a 1-D array, as two index arrays."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return edges[::2], edges[1::2]


def joined_runs(on: np.ndarray, join: int, shortest: float) -> list[list[int]]:
    """[start, end) of the runs of True in a 1-D array, runs `join` or fewer apart made one, and
    a run shorter than `shortest` (a stroke of 三, a dot) joined to the one before it."""
    runs: list[list[int]] = []
    for start, end in zip(*true_runs(np.asarray(on, dtype=bool)), strict=True):
        if runs and (start - runs[-1][1] <= join or end - start < shortest):
            runs[-1][1] = int(end)
        else:
            runs.append([int(start), int(end)])
    return runs


def short_ink_runs(gray: np.ndarray, dpi: int = DPI) -> int:
    """How many short runs of ink a page's lines hold: a number, a dash, a one-word cell. A
    page of prose holds almost none; a table's rows hold many.

    Lines are the bands of pixel rows with ink (specks under a millimetre high left out). A
    band's ink is split where a gap is as wide as a line is high, and a piece under 2.5 times
    that wide is short; the line height is the band's own, or the page's median band where a
    band is taller (header words stacked a character a line make one tall band whose columns
    stand a character's width apart). Ink running down more than half an inch (a line down the
    margin, a binding's shadow, a scanner's edge) is left out first: it would join every line of
    the page into one band."""
    ink = ink_mask(gray)
    tall = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, dpi // 2)))
    ink = cv2.subtract(ink, tall) > 0
    bands = [(top, bottom) for top, bottom in zip(*true_runs(ink.any(axis=1)), strict=True)
             if bottom - top >= dpi / 25.4]
    if not bands:
        return 0
    line = float(np.median([bottom - top for top, bottom in bands]))
    count = 0
    for top, bottom in bands:
        high = min(bottom - top, line)
        pieces = joined_runs(ink[top:bottom].any(axis=0), join=math.ceil(high) - 1, shortest=0)  # gaps under a line
        count += sum(1 for start, end in pieces if end - start < 2.5 * high)
    return count


def estimate_skew(gray: np.ndarray, limit: float = 3.0) -> float:
    """The rotation (degrees, cv2's sense) that makes text lines and rules horizontal: the
    angle whose horizontal projection profile is sharpest."""
    ink = ink_mask(gray)
    scale = 1000 / max(ink.shape)
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.sum() == 0:
        return 0.0

    seen: dict[float, float] = {}

    def sharpness(angle: float) -> float:
        # the fine steps' middle and ends are coarse steps (the same floats): rotated once
        if angle not in seen:
            # row sums of 0-255 over 1000 columns are whole numbers well inside int32: the same
            # float64s as numpy's float64 sum, some 15 times faster
            profile = cv2.reduce(rotate(small, angle, 0), 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S)
            profile = profile.ravel().astype(np.float64)
            seen[angle] = float(np.sum(np.diff(profile) ** 2))
        return seen[angle]

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=sharpness)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness)
    return round(float(fine), 2)


@dataclass
class Rules:
    horizontal: np.ndarray  # masks, ink = 255
    vertical: np.ndarray


def find_rules(gray: np.ndarray, dpi: int = DPI) -> Rules:
    """Ruling lines by morphology: ink runs far longer than any character's stroke."""
    ink = ink_mask(gray)
    length = max(20, int(0.4 * dpi))  # 0.4 in: longer than two characters of body text
    # a vertical rule may be one row high: shorter, kept only where it runs from one horizontal
    # rule to another (a title's tall stroke meets none, a character's beside a rule one)
    short = max(12, int(0.1 * dpi))
    bridge = max(3, int(0.02 * dpi))  # gaps blur and JPEG leave in a thin rule
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    h = _even_runs(cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))),
                   gray)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    v = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, short)))
    # a long rule is straight: one pixel column inked over its length. In rows as tall as their
    # type, strokes of characters stacked row on row join up into a run that wanders from
    # column to column; split off from the straight runs, its pieces are judged as short runs
    long_runs = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    straight = _holding(v & cv2.dilate(long_runs, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * bridge + 1, 1))),
                        long_runs)
    near_h = cv2.dilate(h, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 2 * bridge + 1)))
    text = ink & ~near_h
    kept = [_kept_runs(straight, gray, text, near_h, bridge, dpi, long=True),
            _kept_runs(v & ~straight, gray, text, near_h, bridge, dpi, long=False)]
    return Rules(h, cv2.bitwise_or(*kept))


def _even_runs(mask: np.ndarray, gray: np.ndarray) -> np.ndarray:
    """The horizontal runs of `mask` as dark all along their length (`_even`): rules. The feet of
    serif digits set close on their baseline close into a run as long as a short rule, pale
    between the digits; painted out as one, it took a decimal point with it (3181.84 read as
    318184, sure of it)."""
    def even(labels, stats, oy, ox):
        return [i for i in range(1, len(stats)) if _even(gray[oy + stats[i, 1]:oy + stats[i, 1] + stats[i, 3],
                                                              ox + stats[i, 0]:ox + stats[i, 0] + stats[i, 2]].T)]
    return _chosen_pieces(mask, even)


def _holding(mask: np.ndarray, core: np.ndarray) -> np.ndarray:
    """The connected pieces of `mask` that hold ink of `core`. Beside a long rule, the left
    stroke of a 0 set against it is a run of its own, a character high: it is not the rule's
    blurred edge, and painted out with the rule the 0 reads as "D"."""
    def holding(labels, stats, oy, ox):
        held = np.unique(labels[core[oy:oy + labels.shape[0], ox:ox + labels.shape[1]] > 0])
        return held[held > 0]
    return _chosen_pieces(mask, holding)


def _chosen_pieces(mask: np.ndarray, choose) -> np.ndarray:
    """The connected pieces (8-connected) of `mask` whose labels `choose(labels, stats, oy, ox)`
    returns: labelled in the mask's `ink_window`, at offset (oy, ox) on the page."""
    out = np.zeros_like(mask)
    window = ink_window(mask)
    if window is None:
        return out
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask[window], connectivity=8)
    out[window][np.isin(labels, choose(labels, stats, window[0].start, window[1].start))] = 255
    return out


def _kept_runs(runs: np.ndarray, gray: np.ndarray, text: np.ndarray, near_h: np.ndarray, bridge: int,
               dpi: int, long: bool) -> np.ndarray:
    """The vertical runs of `runs` that are rules. `long`: straight runs of 0.4 in or more."""
    kept = np.zeros_like(runs)
    window = ink_window(runs)  # labelled in the box round the runs only
    if window is None:
        return kept
    oy, ox = window[0].start, window[1].start
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs[window], connectivity=8)
    # most short runs are strokes of characters that meet no horizontal rule: passed over at once
    candidates = range(1, n) if long else [i for i in np.unique(labels[near_h[window] > 0]) if i]
    for i in candidates:
        x, y, w, hh = (int(v) for v in stats[i, :4])
        x, y = x + ox, y + oy
        # a short one runs from one horizontal rule to another (a stroke beside a rule meets one)
        if not long and not (near_h[y:y + bridge + 1, x:x + w].any()
                             and near_h[max(0, y + hh - bridge - 1):y + hh, x:x + w].any()):
            continue
        # a rule stands clear of the text beside it; strokes cross a character's (十, 事)
        if _crossed(text, (x, y, w, hh), 2 * bridge, both=long):
            continue
        own = labels[y - oy:y - oy + hh, x - ox:x - ox + w] == i
        if _thin(own, dpi) and _even(gray[y:y + hh, x:x + w]):
            kept[y:y + hh, x:x + w][own] = 255
    return kept


def _even(band: np.ndarray) -> bool:
    """A rule's ink is as dark along all its length (a tenth of its rows, `band` standing
    upright, at least 0.6 of its middle darkness); strokes of characters in rows as tall as
    their type, the same character row under row (属, 于), line up into a run that pales
    between them."""
    dark = 255 - band.min(axis=1).astype(np.int16)
    return bool(np.percentile(dark, 10) >= 0.6 * np.median(dark))


def _thin(mask: np.ndarray, dpi: int) -> bool:
    """A vertical run under an inch long is a rule only if it is thin; strokes of characters
    stacked row on row (offset from one another) or a bold bracket make a thicker one. A long
    rule is kept whatever text touches it."""
    rows = mask.any(axis=1)
    if not rows.any():
        return False
    height, width = mask.shape
    if height >= dpi:
        return True
    per_row = width - np.argmax(mask[rows][:, ::-1], axis=1) - np.argmax(mask[rows], axis=1)
    return float(np.median(per_row)) <= 0.03 * dpi


def _crossed(ink: np.ndarray, box: tuple[int, int, int, int], margin: int, both: bool) -> bool:
    """Ink (horizontal rules taken out) touches the vertical stroke `box` from the side: a
    character's stroke (十, 事, 卷) has strokes across it. `both`: touched from both sides at
    once, for a run longer than any character: text set against a long rule touches it from
    one side only (numbers left-aligned in their cells, a label running up to the rule), while
    a short run touched from one side is a character's stroke (the left of 门)."""
    x, y, w, h = box
    rows = slice(y + margin, y + h - margin)
    if rows.stop - rows.start < 3:
        return False
    side = max(2, margin // 2)  # looked at past the rule's own blurred edge, `side` px away
    left = ink[rows, max(0, x - 2 * side):max(0, x - side)].any(axis=1)
    right = ink[rows, x + w + side:x + w + 2 * side].any(axis=1)
    return float(np.mean((left & right) if both else (left | right))) > 0.2


def ink_window(mask: np.ndarray, margin: int = 0) -> tuple[slice, slice] | None:
    """(rows, columns) of the box round the mask's ink, `margin` pixels wider, starting at even
    offsets: OpenCV labels connected components in 2x2 blocks, so labelled in this window they
    come out in the same order as over the whole page, for a fraction of the time (rules
    cover a sliver of a page; a whole page costs some 30 ms a mask). None for a blank mask."""
    x, y, w, h = cv2.boundingRect(mask)
    if w == 0:
        return None
    return (slice(max(0, y - margin) & ~1, y + h + margin), slice(max(0, x - margin) & ~1, x + w + margin))


def component_stats(mask: np.ndarray) -> np.ndarray:
    """The rows (x, y, w, h, area) of `cv2.connectedComponentsWithStats(mask, connectivity=8)`
    but the background's, the same in the same order, counted in the mask's `ink_window`."""
    window = ink_window(mask)
    if window is None:
        return np.zeros((0, 5), np.int32)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask[window], connectivity=8)
    stats = stats[1:n].copy()
    stats[:, 0] += window[1].start
    stats[:, 1] += window[0].start
    return stats


def rule_segments(rules: Rules, scale: float) -> list[Segment]:
    """The rules as segments in PDF points (what `PageGeometry.segments` holds)."""
    out = []
    for mask, horizontal in ((rules.horizontal, True), (rules.vertical, False)):
        for x, y, w, h, _ in component_stats(mask):
            if horizontal:
                yc = (y + h / 2) * scale
                out.append(Segment(x * scale, yc, (x + w) * scale, yc))
            else:
                xc = (x + w / 2) * scale
                out.append(Segment(xc, y * scale, xc, (y + h) * scale))
    return out


def table_frames(rules: Rules, dpi: int = DPI) -> list[list[tuple[int, int, int, int]]]:
    """Cell frames (pixel boxes) of each ruled table: the regions the rules enclose.

    A table is a connected web of rules with at least two verticals (a three-line
    table's rules enclose nothing: it goes the unruled way). Its outline is drawn
    around it, which closes a table a page break cut open. A merged cell is one
    region, so spans come out of the frames as they do from pdfplumber's cells."""
    grid = cv2.bitwise_or(rules.horizontal, rules.vertical)
    window = ink_window(grid, margin=1)  # dilated in the box round the rules only, a pixel wider
    if window is None:
        return []
    oy, ox = window[0].start, window[1].start
    grid = cv2.dilate(grid[window], cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    stats = component_stats(grid)
    min_side = int(0.1 * dpi)  # one row of small type
    tables = []
    for x, y, w, h, _ in stats:
        if w < 2 * dpi or h < min_side:
            continue  # a table is wider than 2 in
        verticals = cv2.connectedComponentsWithStats(rules.vertical[oy + y:oy + y + h, ox + x:ox + x + w],
                                                     connectivity=8)[0] - 1
        if verticals < 2:
            continue
        region = grid[y:y + h, x:x + w].copy()
        cv2.rectangle(region, (0, 0), (w - 1, h - 1), 255, thickness=3)
        m, _, cells, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(region), connectivity=4)
        pad = 2  # half a rule and the dilation
        frames = []
        for cx, cy, cw, ch, area in cells[1:m]:
            if cw < 8 or ch < 8 or area < 0.3 * cw * ch:
                continue  # a sliver between doubled rules
            frames.append((int(ox + x + cx - pad), int(oy + y + cy - pad), int(ox + x + cx + cw + pad),
                           int(oy + y + cy + ch + pad)))
        if len(frames) >= 2:
            tables.append(_shared_edges(frames, tolerance=max(4, dpi // 30)))
    return tables


def _shared_edges(frames: list[tuple[int, int, int, int]], tolerance: int) -> list[tuple[int, int, int, int]]:
    """Edges of neighbouring frames (either side of one rule) made one value, as a text
    layer's cells share theirs: the reader compares a label's right edge with a value's left."""

    def snapper(values: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for group in cluster_list(sorted(set(values)), tolerance):
            out.update({g: round(sum(group) / len(group)) for g in group})
        return out

    xs = snapper([f[0] for f in frames] + [f[2] for f in frames])
    ys = snapper([f[1] for f in frames] + [f[3] for f in frames])
    return [(xs[a], ys[b], xs[c], ys[d]) for a, b, c, d in frames]


def strip_rules(gray: np.ndarray, rules: Rules, tables, dpi: int = DPI) -> np.ndarray:
    """Rules painted white: a text box touching a rule reads worse and may run into the next
    cell. Only inside the ruled tables, and rules longer than 1.5 in elsewhere (a three-line
    table's): a big bold title's strokes, joined, can look like a short rule."""
    mask = np.zeros_like(gray)
    both = cv2.bitwise_or(rules.horizontal, rules.vertical)
    for frames in tables:
        x0, y0, x1, y1 = outline(frames)
        mask[max(0, y0):y1, max(0, x0):x1] = both[max(0, y0):y1, max(0, x0):x1]
    # opened only in the rows of the rules and the kernel's width either side of them: what the
    # whole page gives (nothing else is inked), for a fraction of the time
    long = int(1.5 * dpi)
    bx, by, bw, bh = cv2.boundingRect(rules.horizontal)
    if bw:
        x0, x1 = max(0, bx - long), bx + bw + long
        mask[by:by + bh, x0:x1] |= cv2.morphologyEx(rules.horizontal[by:by + bh, x0:x1], cv2.MORPH_OPEN,
                                                    cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1)))
    if not mask.any():
        return gray
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = gray.copy()
    out[mask > 0] = 255
    return out

