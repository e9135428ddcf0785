"""Words with boxes: the common currency every source (text layer, OCR) produces.

A `Glyph` is one character with its box; `TextLine` groups glyphs printed on
one baseline. Text is NFKC-folded here, once: that turns Kangxi-radical code
points (⼈ U+2F08) and full-width digits back into the ordinary characters.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

import numpy as np

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points

# A glyph read with a confidence under this may be misread (OCR's score; a text layer's is 1.0).
# OCR's marks put right from their shape are given this score; a report holding a value under
# it is `partial`.
LOW_CONFIDENCE = 0.90

BY_X = attrgetter("x0")  # sort keys: attrgetter runs in C, a lambda a Python call per glyph
_BY_LINE = attrgetter("yc", "x0")


@dataclass(slots=True, unsafe_hash=True, init=False)
class Glyph:
    """One character and its box, never changed once made (copies are made with
    dataclasses.replace) and hashed by value. Not declared frozen: a frozen dataclass's
    __init__ sets each field through object.__setattr__, five times the cost, and a page
    makes thousands; its own __init__ sets the centres too (no __post_init__ call)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    confidence: float = 1.0  # 1.0 from a text layer or a web page; OCR's recognition score otherwise

    # the centres, set once: every grouping and lookup asks for them
    xc: float = field(init=False, repr=False, compare=False)
    yc: float = field(init=False, repr=False, compare=False)

    def __init__(self, text: str, x0: float, top: float, x1: float, bottom: float, size: float,
                 confidence: float = 1.0):
        self.text = text
        self.x0 = x0
        self.top = top
        self.x1 = x1
        self.bottom = bottom
        self.size = size
        self.confidence = confidence
        self.xc = (x0 + x1) / 2
        self.yc = (top + bottom) / 2


@dataclass(slots=True, unsafe_hash=True)
class Segment:
    """A ruling line in page points: horizontal (top == bottom) or vertical (x0 == x1). Never
    changed once made, hashed by value; not declared frozen, for the reason `Glyph` is not (a
    page makes thousands)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageGeometry:
    """What every source (text layer, OCR) gives for a page: glyphs with boxes and rules.

    `frames`: the cell frames of each ruled table where the source found them itself (OCR
    finds them in the image); None where they are to be found from the segments
    (`parsers.grid.lattice_grids`). `ocr`: the glyphs were recognised from an image;
    `ocr_regions`: the parts of a text-layer page read from a picture pasted on it."""

    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    frames: list[list[Box]] | None = None
    ocr: bool = False
    ocr_regions: list[Box] = field(default_factory=list)


@dataclass
class TextLine:
    """One line of glyphs, left to right (group_lines makes them so)."""

    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_glyphs(self.glyphs)

    @property
    def box(self) -> Box:
        return box_of(self.glyphs)

    @property
    def size(self) -> float:
        return max((g.size for g in self.glyphs), default=0.0)


# Full-width punctuation is how Chinese is written: NFKC would turn it into ASCII.
_KEEP = set("，。；：（）！？“”‘’【】《》〔〕、．／－")


class _FoldTable(dict):
    """str.translate's table for `fold`, each character's folding worked out on first sight."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = (ch if ch in _KEEP else unicodedata.normalize("NFKC", ch)).replace("\u3000", " ").replace("\xa0", " ")
        if len(self) < 65536:  # bounded, whatever a file throws at it
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """NFKC (Kangxi radicals, full-width digits) but for Chinese punctuation; odd spaces to plain
    ones. Character by character: NFKC's composition across characters is not applied."""
    if text.isascii():
        return text
    return text.translate(_FOLD)


def box_of(glyphs) -> Box:
    """The box around the glyphs (an iterable of one or more; ValueError for none). One pass
    with comparisons as min() and max() make them (the first of equals kept), a third of their
    cost over a cell's few glyphs: a page asks for thousands."""
    it = iter(glyphs)
    first = next(it, None)
    if first is None:
        raise ValueError("box_of() of no glyphs")
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for g in it:
        if g.x0 < x0:
            x0 = g.x0
        if g.top < top:
            top = g.top
        if g.x1 > x1:
            x1 = g.x1
        if g.bottom > bottom:
            bottom = g.bottom
    return x0, top, x1, bottom


def outline(boxes) -> Box:
    """The box around (x0, top, x1, bottom) boxes (an iterable of one or more; ValueError for
    none): a table's extent from its cell frames. One pass, as `box_of`."""
    it = iter(boxes)
    first = next(it, None)
    if first is None:
        raise ValueError("outline() of no boxes")
    x0, top, x1, bottom = first
    for b0, b1, b2, b3 in it:
        if b0 < x0:
            x0 = b0
        if b1 < top:
            top = b1
        if b2 > x1:
            x1 = b2
        if b3 > bottom:
            bottom = b3
    return x0, top, x1, bottom


def join_glyphs(glyphs: list[Glyph]) -> str:
    """Glyphs of one line, given left to right (a `TextLine`'s, as group_lines sorts them); a
    wide gap becomes one space."""
    out = []
    prev = None
    for g in glyphs:
        # max() only for a gap past half a point, the least it can be: most glyphs touch
        if prev is not None and (gap := g.x0 - prev.x1) > 0.5 and gap > 0.5 * max(g.size, prev.size, 1.0):
            out.append(" ")
        out.append(g.text)
        prev = g
    return "".join(out)


def group_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Cluster glyphs into lines by vertical overlap, top to bottom."""
    if glyphs and _one_band(glyphs):  # a cell's words on one line: the common case, no sorting by y
        return [TextLine(sorted(glyphs, key=BY_X))]
    lines: list[TextLine] = []
    current: list[Glyph] | None = None
    top = bottom = 0.0  # the last line's extent so far
    for g in sorted(glyphs, key=_BY_LINE):  # comparisons inline: min() and max() cost a call per glyph
        g_top, g_bottom = g.top, g.bottom
        if current is not None:
            overlap = (bottom if bottom < g_bottom else g_bottom) - (top if top > g_top else g_top)
            height, g_height = bottom - top, g_bottom - g_top
            if overlap > 0.5 * (height if height < g_height else g_height):
                current.append(g)
                if g_top < top:
                    top = g_top
                if g_bottom > bottom:
                    bottom = g_bottom
                continue
        current = [g]
        lines.append(TextLine(current))
        top, bottom = g_top, g_bottom
    for line in lines:
        line.glyphs.sort(key=BY_X)
    return lines


def _one_band(glyphs: list[Glyph]) -> bool:
    """Every glyph spans the same top and bottom, of some height: one line (a text layer's glyphs
    on one baseline, in one size)."""
    top, bottom = glyphs[0].top, glyphs[0].bottom
    return bottom > top and all(g.top == top and g.bottom == bottom for g in glyphs)


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


@lru_cache(maxsize=65536)  # labels, headings and placeholders come back on every page
def squeeze(text: str) -> str:
    """Drop the spaces that distributed alignment and line joins put between CJK characters."""
    return _SPACE_NEAR_CJK.sub("", text).strip()


_LATIN_START, _LATIN_END = re.compile(r"[A-Za-z0-9]"), re.compile(r"[A-Za-z]$")


def join_lines(lines: list[str]) -> str:
    """Rejoin the lines of one cell or paragraph: CJK without a space, Latin with one."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and _LATIN_START.match(line[0]) and _LATIN_END.search(out):
            out += " "
        out += line
    return out


def holders(glyphs: list[Glyph], boxes: list[Box]) -> list[int]:
    """For each glyph, the index of the first box (in the order given) holding its centre,
    edges included, or -1. All centres against all boxes at once (numpy): a page holds a few
    hundred cells and a few thousand glyphs."""
    if not boxes or not glyphs:
        return [-1] * len(glyphs)
    held = _held(glyphs, boxes)
    return np.where(held.any(axis=1), held.argmax(axis=1), -1).tolist()


def _held(glyphs: list[Glyph], boxes: list[Box]) -> np.ndarray:
    """(glyphs x boxes) booleans: the box holds the glyph's centre, edges included."""
    x0, top, x1, bottom = np.array(boxes, dtype=np.float64).T
    xc = np.array([g.xc for g in glyphs])[:, None]
    yc = np.array([g.yc for g in glyphs])[:, None]
    return (x0 <= xc) & (xc <= x1) & (top <= yc) & (yc <= bottom)


def held_by(glyphs: list[Glyph], boxes: list[Box]) -> list[list[Glyph]]:
    """For each box, the glyphs whose centre it holds, edges included, in order (a glyph may be
    in several): each table's glyphs."""
    if not boxes or not glyphs:
        return [[] for _ in boxes]
    return [[glyphs[i] for i in np.flatnonzero(column).tolist()] for column in _held(glyphs, boxes).T]


def outside(glyphs: list[Glyph], boxes: list[Box]) -> list[Glyph]:
    """The glyphs whose centre lies in none of the boxes, in order: the page's text around its
    tables."""
    if not boxes or not glyphs:
        return list(glyphs)
    free = np.flatnonzero(~_held(glyphs, boxes).any(axis=1))
    return [glyphs[i] for i in free.tolist()]
