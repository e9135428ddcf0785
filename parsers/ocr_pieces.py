"""From the detector's text boxes to characters with boxes.

A detection box may hold two cells' words, two lines set close, or a column of
characters stacked one per line: it is cut into pieces at the gaps in its ink
before recognition. Marks the detector passes over (a dash, a lone digit) are
found in the ink no box covers. What the recogniser gets wrong about marks is
put right from their shape (a flat solid stroke is a dash, a leaning one a
slash) or their size (quote marks are far shorter than digits), and confusions
inside numbers (1O2, 3，195·86) from the text. `glyphs_of` cuts a recognised
box into one glyph per character in PDF points, as a text layer gives them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from parsers.layout import Glyph, fold
from parsers.scan_image import ink_mask, joined_runs
from parsers.text_layer import _CJK


@dataclass
class TextBox:
    text: str
    box: tuple[int, int, int, int]  # pixels of the deskewed image
    confidence: float


_DIGITISH = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "·": ".", "•": ".",
                           "・": ".", "。": ".", "，": ",", "：": ":"})


_NUMBER_LIKE = re.compile(r"^[+\-]?[\d,.]*\d[\d,.]*(?:万元|元)?$")


def clean_ocr_text(text: str) -> tuple[str, bool]:
    """OCR confusions inside a number (3,195·86, 1O2, l5) put right; (text, changed).
    Words are left as read: the normalizer's fuzzy matching absorbs a misread label."""
    text = text.strip()
    if len(text) == 1 and text in "Oo〇lI|，·•・":  # a lone value read as a letter; a lone separator
        return text.translate(_DIGITISH), True
    if text == "一":  # a lone dash read as the character it looks like (a numbering's 一 comes back
        return "—", True  # in the normalizer: —、 and (—))
    if not re.search(r"\d", text) or _CJK.search(text.replace("万元", "").replace("元", "")):
        return text, False
    fixed = text.translate(_DIGITISH).replace(" ", "")
    if fixed != text and _NUMBER_LIKE.match(fixed):
        return fixed, True
    return text, False


def _weight(ch: str) -> float:
    # a space inside one box is narrower than a character: gaps of a character or more were
    # cut apart by `split_gaps`, and a full-width space would split a label in two downstream
    return 0.5 if ch.isspace() else 0.55 if ch.isascii() else 1.0


def glyphs_of(box: TextBox, scale: float, em: float = 0.0) -> list[Glyph]:
    """One glyph per character, the text box cut in proportion (narrow for Latin and digits),
    each with the box's recognition score as its confidence; a tall box of several characters
    is vertical text and is cut top to bottom. `em`: the page's type size in points, the size
    of a box of marks alone (、 is far smaller than its em)."""
    text = fold(box.text)
    chars = [ch for ch in text]
    if not text.strip():
        return []
    x0, y0, x1, y1 = box.box
    w, h = x1 - x0, y1 - y0
    vertical = h > 1.5 * w and len(text.strip()) > 1
    weights = [_weight(ch) for ch in chars]
    total = sum(weights)
    # the box hugs the ink; a glyph's size is its font size, as a text layer gives it: Chinese
    # characters fill some nine tenths of the em, digits some seven tenths
    ink_share = 0.9 if _CJK.search(text) else 0.72
    marks_only = em > 0 and not any(ch.isalnum() for ch in text)
    out = []
    pos = 0.0
    for ch, wt in zip(chars, weights, strict=True):
        start, pos = pos, pos + wt
        if ch.isspace():
            continue
        if vertical:
            top, bottom = y0 + h * start / total, y0 + h * pos / total
            gx0, gx1 = x0, x1
            size = (bottom - top) * scale
        else:
            gx0, gx1 = x0 + w * start / total, x0 + w * pos / total
            top, bottom = y0, y1
            size = em if marks_only else h * scale / ink_share
        out.append(Glyph(ch, gx0 * scale, top * scale, gx1 * scale, bottom * scale, size,
                            round(box.confidence, 4)))
    return out


def median_height(boxes) -> int:
    """The middle height of pixel boxes (the upper of two middles), 0 for none: a text line's."""
    heights = sorted(b[3] - b[1] for b in boxes)
    return heights[len(heights) // 2] if heights else 0


def line_height(ink: np.ndarray, boxes) -> int:
    """The middle height of the lines of ink in `boxes` (runs of inked rows, a box of wrapped
    text giving one a line), 0 for none: the type's line height, which the boxes' own heights
    overstate where many hold two or three lines. A run under a quarter of its box's height is
    a mark's (a dash in a cell given a character's room), not a line's."""
    heights = sorted(b - a for x0, y0, x1, y1 in boxes
                     for a, b in joined_runs(ink[y0:y1, x0:x1].any(axis=1), join=2, shortest=0)
                     if b - a >= 0.25 * (y1 - y0))
    return heights[len(heights) // 2] if heights else 0


def crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return image[y0:y1, x0:x1]


def vertical_pieces(ink: np.ndarray, box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """A tall narrow box is characters stacked one per line: one piece each, cut where a row
    holds no ink (a box over lines set close spans more than its characters: equal cuts would
    straddle them). Runs of ink are joined while they fit one character (the strokes of 三),
    and a run of characters that touch is cut in equal parts."""
    x0, y0, x1, y1 = box
    runs = joined_runs(ink[y0:y1, x0:x1].any(axis=1), join=2, shortest=0)
    if not runs:
        return [box]
    em = float(np.percentile([b - a for a, b in runs], 75))  # most runs are whole characters
    chars: list[list[int]] = []
    for a, b in runs:
        if chars and b - chars[-1][0] <= 1.2 * em:
            chars[-1][1] = b
        else:
            chars.append([a, b])
    # a sliver at either end is the edge of a character above or below the box
    height = y1 - y0
    chars = [c for c in chars if c[1] - c[0] >= 0.3 * em or 0 < c[0] and c[1] < height] or chars
    pad = 2
    pieces = []
    for a, b in chars:
        n = max(1, round((b - a) / em))
        for i in range(n):
            top, bottom = a + (b - a) * i // n, a + (b - a) * (i + 1) // n
            pieces.append((x0, max(y0, y0 + top - pad), x1, min(y1, y0 + bottom + pad)))
    return pieces


def split_lines(ink: np.ndarray, box: tuple[int, int, int, int], line: int) -> list[tuple[int, int, int, int]]:
    """A detection box over two lines set close (a wrapped label) cut between them, where a
    row of the box holds no ink, into pieces a line high or more. A sliver of ink at its top
    (the foot of the line above, which the box reaches into) is no line."""
    x0, y0, x1, y1 = box
    merged = joined_runs(ink[y0:y1, x0:x1].any(axis=1), join=2, shortest=0.25 * line)
    merged = [run for run in merged if run[1] - run[0] >= 0.25 * line]
    if len(merged) < 2 or any(b - a < 0.4 * line for a, b in merged):
        return [box]
    pad = 2
    return [(x0, max(y0, y0 + a - pad), x1, min(y1, y0 + b + pad)) for a, b in merged]


def split_gaps(ink: np.ndarray, box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """A detection box cut where its ink has a gap wider than most of a character: the words
    of neighbouring cells (header words of an unruled table, values either side of a painted-out
    rule) become pieces of their own, as the text layer's glyph gaps keep them apart. Each piece
    spans its own ink (a short line of a cell is not read, or placed, across the cell's width)."""
    x0, y0, x1, y1 = box
    pieces = ink_runs(ink, box)
    if not pieces:
        return [box]
    pad = max(2, (y1 - y0) // 8)
    return [(max(x0, x0 + a - pad), y0, min(x1, x0 + b + pad), y1) for a, b in pieces]


def ink_runs(ink: np.ndarray, box: tuple[int, int, int, int]) -> list[list[int]]:
    """The box's inked column runs (pixels from its left), joined across gaps narrower than
    three quarters of the text's height; empty for a box without ink."""
    x0, _, x1, _ = box
    # the text's own rows and height, not the detection box's: a box stands up to twice as
    # tall as its text, and reaches into the lines above and below, whose ink fills the gaps
    _, top, _, bottom = tight(ink, box)
    columns = ink[top:bottom, x0:x1].any(axis=0)
    if not columns.any():
        return []
    gap = max(4, int(0.75 * (bottom - top)))
    return joined_runs(columns, join=gap - 1, shortest=0)


def tight(ink: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The box shrunk to its ink (the text's own extent, as a text layer's glyph boxes are):
    detection boxes stand taller than the type and would run neighbouring lines together.
    Vertically, the run of inked rows at the box's middle (a neighbour line's edge left out)."""
    x0, y0, x1, y1 = box
    area = ink[y0:y1, x0:x1] > 0
    # strokes of one character lie a pixel or two apart
    merged = joined_runs(area.any(axis=1), join=max(2, (y1 - y0) // 10), shortest=0)
    if not merged:
        return box
    mid = (y1 - y0) / 2
    top, bottom = max(merged, key=lambda r: (r[1] - r[0]) - 2 * max(0, r[0] - mid, mid - r[1]))
    cols = np.nonzero(area[top:bottom].any(axis=0))[0]
    if not len(cols):
        return box
    return (x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]) + 1, y0 + bottom)


def missed_marks(ink: np.ndarray, boxes) -> list[tuple[int, int, int, int]]:
    """Ink (`ink_mask` of the page) no detection box covers: a dash, a slash or a lone digit
    the detector passed over. Left out, a printed value would read as a blank cell, silently."""
    if not boxes:
        return []
    # the type's height, in pixels: detection boxes stand a third taller than their text, and a
    # faint hyphen of small type blurred to 5 px would be a speck beside theirs
    char = line_height(ink, boxes) or median_height(boxes)
    covered = np.zeros_like(ink)
    for x0, y0, x1, y1 in boxes:
        covered[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = 255
    # a mark (connected ink) mostly inside a box is that box's character, its ink outside too (a
    # stroke of 泉 reaching below a detection box a pixel too short), not a mark of its own; a
    # mark mostly outside the boxes is one, though its edge touches the margin of the box below
    n, labels = cv2.connectedComponents(ink, connectivity=8)
    inside = np.bincount(labels[(covered > 0) & (ink > 0)], minlength=n)
    attached = inside > np.bincount(labels[ink > 0], minlength=n) / 2
    attached[0] = False
    loose = np.where(attached[labels] | (covered > 0), 0, ink).astype(np.uint8)
    # pieces of one mark (the strokes of a digit) join; marks a character apart do not
    joined = cv2.dilate(loose, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, char // 4), max(3, char // 4))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    pad = max(2, char // 8)
    for x, y, w, h, _ in stats[1:n]:
        core = loose[y:y + h, x:x + w]
        if cv2.countNonZero(core) < max(6, char * char // 250):
            continue  # a speck of noise
        if w > 4 * char or h > 2 * char:
            continue  # a picture, a stamp
        ys, xs = np.nonzero(core)  # the mark's own extent, not the dilation's
        ink_w, ink_h = np.ptp(xs) + 1, np.ptp(ys) + 1
        if max(ink_w, ink_h) < 0.15 * char or (ink_w <= 2 and ink_h > ink_w):
            continue  # a speck; a vertical sliver is the edge of a rule painted out
        out.append((max(0, x - pad), max(0, y - pad), min(ink.shape[1], x + w + pad),
                    min(ink.shape[0], y + h + pad)))
    return _stacked_strokes_joined(out, char)


def _stacked_strokes_joined(marks: list[tuple[int, int, int, int]], char: int) -> list[tuple[int, int, int, int]]:
    """Marks one above another within a character's height are the strokes of one character
    (三, 二: strokes set further apart than the dilation joins), one box; dashes of rows one
    under another stand a line apart."""
    out: list[tuple[int, int, int, int]] = []
    for box in sorted(marks, key=lambda b: b[1]):
        for k, other in enumerate(out):
            overlap = min(box[2], other[2]) - max(box[0], other[0])
            joined = (min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3]))
            if (overlap >= 0.5 * min(box[2] - box[0], other[2] - other[0])
                    and joined[3] - joined[1] <= 1.4 * char):  # boxes padded
                out[k] = joined
                break
        else:
            out.append(box)
    return out


def _main_mark(image: np.ndarray, box):
    """(labels, stats, index) of the largest ink component in the box: the mark, not a speck
    or a rule's end; None for a box without ink."""
    ink = ink_mask(cv2.cvtColor(crop(image, box), cv2.COLOR_BGR2GRAY))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 2:
        return None
    return labels, stats, 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))


SPECK = 3  # pixels at the 200 dpi a page is read at: ink no wider is noise, not a mark


def is_dash_shape(image: np.ndarray, box, line: int = 0) -> bool:
    """The ink in the box is one short flat solid stroke (blur thickens a thin dash; two
    characters run together are flat too, but hollow). Flat after the pixel of blur it gains
    on each side (a hyphen of small type blurs to 6 x 4), thin against the box or the `line` of
    type it stands in (a piece cut to its line of ink is no taller than its ink), and wider
    than a speck of noise."""
    mark = _main_mark(image, box)
    if mark is None:
        return False
    _, stats, main = mark
    x, y, w, h, area = stats[main]
    others = int(stats[1:, cv2.CC_STAT_AREA].sum()) - int(area)
    room = max(box[3] - box[1], line)
    # the pixel of blur each side counts only for a stroke as thin as a dash of small type: a
    # bold number blurred into one solid blob (398) is flat that way too
    flat = h <= 0.6 * w or (h - 2 <= 0.6 * (w - 2) and h <= 0.25 * room)
    # a dash is a thin stroke against its line of type (3-5 px in a line of 35-38 at 200 dpi);
    # three digits run together into one blob are flat as well, but half the line tall
    return (flat and h <= 0.3 * room and area >= 0.6 * w * h
            and SPECK < w <= 3 * room and others <= 0.3 * area)


def is_slash_shape(image: np.ndarray, box) -> bool:
    """The box's main mark is one stroke leaning right (x falls as y grows, in pixels)."""
    mark = _main_mark(image, box)
    if mark is None:
        return False
    labels, _, main = mark
    ys, xs = np.nonzero(labels == main)
    if np.ptp(ys) < 4:
        return False
    lean = np.polyfit(ys.astype(float), xs.astype(float), 1)[0]  # dx per dy
    return bool(lean < -0.2)


def is_zero_shape(image: np.ndarray, box) -> bool:
    """The box's main mark is one ring, taller than wide, with one hole in its middle: 0."""
    mark = _main_mark(image, box)
    if mark is None:
        return False
    labels, stats, main = mark
    x, y, w, h, _ = stats[main]
    if not (0.3 * h <= w <= 0.95 * h):
        return False
    mark = (labels[y:y + h, x:x + w] == main).astype(np.uint8)
    holes = cv2.connectedComponentsWithStats(1 - mark, connectivity=4)
    # the background around the ring touches the border; a hole does not
    inside = [s for s in holes[2][1:] if s[0] > 0 and s[1] > 0 and s[0] + s[2] < w and s[1] + s[3] < h
              and s[4] >= 0.05 * w * h]
    if len(inside) != 1:
        return False
    hx, hy, hw, hh, _ = inside[0]
    return abs((hy + hh / 2) - h / 2) <= 0.12 * h and abs((hx + hw / 2) - w / 2) <= 0.15 * w
