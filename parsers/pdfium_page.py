"""Page geometry straight from PDFium (pypdfium2): characters with boxes and ruling segments.

pdfplumber reads a page through pdfminer's Python interpreter, which costs
a tenth of a second or more per page. PDFium is the C++ engine of Chrome's
PDF viewer: the same characters (loose boxes: the font's ascent and
descent, as pdfminer gives) and the same painted path segments, a few
milliseconds a page. The table finding on those segments is pdfplumber's
method (parsers.grid, parsers.lattice), so only the reading changes.

PDFium drops the character of a text run that shows one character in a CID
font the file does not embed where the font it substitutes has no glyph for
it (an Identity-H font under a name the machine lacks; STSong-Light with
UniGB-UCS2-H on a machine without CJK fonts), as some PDF libraries write a
vertical label or a narrow header one character per line: the text object is
there, its text empty and its box a point. Where a page has such runs,
pdfminer (through pdfplumber) reads that page's characters too and the ones
PDFium missed are added (`_undecoded_glyphs`).
"""
from __future__ import annotations

import ctypes
import math
from collections import deque
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pypdfium2.raw as pdfium_c

from parsers import pdfium_calls as calls
from parsers.layout import Glyph, PageGeometry, Segment, fold

DESCENT = 0.12  # of an em below the baseline: CJK fonts' usual descent (pdfminer reads it from the font)
_AXIS = 0.02  # radians: a character turned less than this is upright (or a quarter turn)


@dataclass(frozen=True)
class Frame:
    """PDF user space -> the page as read: top-down points, its text running left to right.

    `turn` is how many quarter turns (counter-clockwise) the page's text runs from upright:
    a table set sideways on a landscape page (with /Rotate or without) is read turned back,
    like an upright one."""

    turn: int
    box: tuple[float, float, float, float]  # user space: left, bottom, right, top

    @property
    def size(self) -> tuple[float, float]:
        left, bottom, right, top = self.box
        width, height = right - left, top - bottom
        return (width, height) if self.turn % 2 == 0 else (height, width)

    def point(self, x, y):
        """A user-space point (floats, or numpy arrays of them) on the page as read."""
        left, bottom, right, top = self.box
        x, y, width, height = x - left, y - bottom, right - left, top - bottom
        if self.turn == 1:  # text runs up the page
            return y, x
        if self.turn == 2:  # upside down
            return width - x, y
        if self.turn == 3:  # text runs down the page
            return height - y, width - x
        return x, height - y


def page_geometry(page, textpage, index: int, path=None, objects: list[tuple] | None = None) -> PageGeometry:
    """Glyphs and ruling segments of a pypdfium2 page (0-based `index`) and its text page, on
    the page as read (`Frame`); `path` (the file) lets characters PDFium could not decode be
    read by pdfminer; `objects`: the page's top-level (object, type) pairs where already read
    (`page_objects`). The page and text page stay open (their owner closes them)."""
    chars = _chars(textpage)
    width, height = page.get_size()  # as displayed: /Rotate 90 or 270 swaps them back
    if page.get_rotation() in (90, 270):
        width, height = height, width
    frame = Frame(_turn(chars), (0.0, 0.0, width, height))
    glyphs = _glyphs(chars, frame)
    found = _Objects(frame)
    for obj, kind in page_objects(page.raw) if objects is None else objects:
        found.collect(obj, kind)
    segments = found.segments
    if path is not None and frame.turn == 0 and _any_undecodable(found.texts):
        glyphs += _undecoded_glyphs(path, index, glyphs, frame)
    width, height = frame.size
    return PageGeometry(index + 1, float(width), float(height), glyphs, segments)


def page_objects(parent, in_form: bool = False) -> list[tuple]:
    """(object, type) of each top-level object of a page (or of a form object, `in_form`),
    through PDFium's raw API (`parsers.pdfium_calls`: the objects are `Handle`s): the handles
    stay valid while the page is open, so a page kept open has them read once for the picture
    scan (parsers.pdf) and its geometry."""
    indices = range(max(0, (calls.FORM_COUNT_OBJECTS if in_form else calls.PAGE_COUNT_OBJECTS)(parent)))
    if in_form:  # its index is an unsigned long
        objects = [calls.FORM_GET_OBJECT(parent, ctypes.c_ulong(i)) for i in indices]
    else:
        objects = [calls.PAGE_GET_OBJECT(parent, i) for i in indices]
    return [(obj, calls.OBJECT_TYPE(obj)) for obj in objects]


def text_turn(page, sample: int = 400) -> int:
    """Quarter turns (counter-clockwise, in user space) the text of a pypdfium2 page runs: the
    turn `page_geometry` reads the page at, for drawing its boxes on a rendered image; from at
    most `sample` characters spread over the page."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        counts = [0, 0, 0, 0]
        for i in range(0, count, max(1, count // sample)):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1 or code == 0 or chr(code).isspace():
                continue
            quarters = pdfium_c.FPDFText_GetCharAngle(raw, i) / (math.pi / 2)
            if quarters >= 0 and abs(quarters - round(quarters)) * (math.pi / 2) <= _AXIS:
                counts[-round(quarters) % 4] += 1  # PDFium counts clockwise
        return max(range(4), key=lambda t: counts[t])
    finally:
        textpage.close()


def _undecoded_glyphs(path, index: int, known: list[Glyph], frame: Frame) -> list[Glyph]:
    """pdfminer's upright characters of the page that no PDFium glyph stands for, as glyphs with
    the same em boxes (from the character's origin, as `_glyph` draws them)."""
    import pdfplumber

    seen = {(g.text, round(g.x0), round(g.bottom)) for g in known}
    out = []
    with pdfplumber.open(path, pages=[index + 1]) as pdf:
        for ch in pdf.pages[0].chars:
            a, b, c, d, e, f = ch["matrix"]
            text = fold(ch["text"])
            if text.isspace() or not text or abs(b) > 1e-6 or abs(c) > 1e-6:
                continue
            if not all(math.isfinite(v) for v in (e, f, ch["x0"], ch["x1"])) or not 0 < ch["size"] <= frame.size[1]:
                continue  # no place on the page (as `_glyphs` leaves such a character out)
            size = float(ch["size"])
            bottom = frame.point(e, f)[1] + DESCENT * size
            if any((text, round(ch["x0"]) + dx, round(bottom) + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                continue
            out.append(Glyph(text, float(ch["x0"]), bottom - size, float(ch["x1"]), bottom, size))
    return out


@dataclass
class _Chars:
    """A page's printed characters as columns (one entry per character); boxes and origins in
    user space (float64 arrays)."""

    text: list[str]
    left: np.ndarray  # PDFium's loose box: the glyph's ascent and descent
    bottom: np.ndarray
    right: np.ndarray
    top: np.ndarray
    x: np.ndarray  # origin: on the baseline
    y: np.ndarray
    em: np.ndarray  # the font size as drawn; 0 when unknown
    turn: np.ndarray  # quarter turns (counter-clockwise) of its baseline, int64


_QUARTER = math.pi / 2
_SPACES = frozenset(code for code in range(0x3001) if chr(code).isspace())  # every str.isspace() code point
_FOLDED: dict[int, str] = {}  # code point -> its folded text: a lookup, not a call to fold a character


def _codes(raw, count: int) -> list[int]:
    """The page's character codes in one call (FPDFText_GetText: a UTF-16 unit per character),
    or one call per character where a character needs two units (outside the BMP)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    units = np.frombuffer(buffer, dtype=np.uint16, count=count)
    if written != count + 1 or ((units >= 0xD800) & (units <= 0xDFFF)).any():  # a surrogate: two units
        return [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)]
    return units.tolist()


def _chars(textpage) -> _Chars:
    """The page's printed characters, upright or turned by quarter turns (a slanted one is a
    watermark or a stamp across the page, and left out).

    The text comes in one call; then four PDFium calls a character (parsers.pdfium_calls),
    each writing into an array (FS_RECTF: left, top, right, bottom; FS_MATRIX: a b c d e f;
    the origin: x, y), and numpy works out the rest. The angle is the character's matrix's
    as PDFium computes it (atan2(-b, a), clockwise). PDFium's inferred characters
    (FPDFText_IsGenerated) are only ever spaces and line breaks, skipped as whitespace."""
    raw = textpage.raw
    handle = calls.handle(raw)
    codes = _codes(raw, pdfium_c.FPDFText_CountChars(raw))
    printed = [i for i, code in enumerate(codes) if code and code not in _SPACES]
    n = len(printed)
    boxes, matrices, origins = (ctypes.c_float * (4 * n))(), (ctypes.c_float * (6 * n))(), (ctypes.c_double * (2 * n))()
    # map() over the characters: the calls made from C, no Python loop step between them
    has_matrix = list(map(calls.CHAR_MATRIX, repeat(handle, n), printed, _each(matrices, 24, n)))
    sizes = list(map(calls.CHAR_FONT_SIZE, repeat(handle, n), printed))
    has_box = list(map(calls.LOOSE_CHAR_BOX, repeat(handle, n), printed, _each(boxes, 16, n)))
    deque(map(calls.CHAR_ORIGIN, repeat(handle, n), printed, _each(origins, 16, n), _each(origins, 16, n, 8)), 0)
    a, b, c, d = np.frombuffer(matrices, dtype=np.float32).reshape(n, 6).T[:4].astype(np.float64)
    matrixed = np.array(has_matrix, dtype=bool)
    turned = matrixed & ((b != 0.0) | (a <= 0.0))  # not upright (the common case needs no angle)
    with np.errstate(invalid="ignore", over="ignore"):  # a matrix past a float's range
        quarters = (np.arctan2(-b, a) % (2 * math.pi)) / _QUARTER
        whole = np.round(np.where(np.isfinite(quarters), quarters, 0.0))
        slanted = turned & (~np.isfinite(quarters) | (np.abs(quarters - whole) * _QUARTER > _AXIS))
        turn = np.where(turned, -whole % 4, 0).astype(np.int64)
        em = np.where(matrixed, np.array(sizes, dtype=np.float64) * np.sqrt(np.abs(a * d - b * c)), 0.0)
    keep = np.array(has_box, dtype=bool) & ~slanted
    left, top, right, bottom = np.frombuffer(boxes, dtype=np.float32).reshape(n, 4).T.astype(np.float64)
    x, y = np.frombuffer(origins, dtype=np.float64).reshape(n, 2).T
    text = [_folded(codes[printed[k]]) for k in np.flatnonzero(keep).tolist()]
    return _Chars(text, left[keep], bottom[keep], right[keep], top[keep], x[keep], y[keep], em[keep], turn[keep])


def _each(array, stride: int, n: int, start: int = 0):
    """Pointers into a ctypes array, `stride` bytes apart from byte `start`: one for each of `n`
    characters (`byref(array, offset)`)."""
    return map(ctypes.byref, repeat(array, n), range(start, start + stride * n, stride))


def _folded(code: int) -> str:
    """The character's text, folded (`fold`), looked up once a code point."""
    text = _FOLDED.get(code)
    if text is None:
        text = _FOLDED[code] = fold(chr(code))
    return text


def _turn(chars: _Chars) -> int:
    """The quarter turn most of the page's characters share: the way its text runs."""
    counts = np.bincount(chars.turn, minlength=4).tolist()
    return max(range(4), key=lambda t: counts[t])


def _glyphs(chars: _Chars, frame: Frame) -> list[Glyph]:
    """The characters' boxes as pdfminer draws them, on the page as read: each its advance
    wide, one em high from just below the baseline (numpy over the page's characters).

    PDFium's loose box spans the glyph's own ascent and descent, which vary from glyph
    to glyph; the table logic measures gaps in glyph heights and needs a line's boxes
    aligned. Some producers shrink a huge font size with the text matrix; PDFium's
    loose box then keeps the unshrunk width, so it is scaled back about the origin.
    A character turned against the page's text keeps its loose box. A character PDFium gives
    no finite box, or a size past the page's height (a number past a float's range in a text
    operator), has no place on the page and is left out, as a slanted one is."""
    if not chars.text:
        return []
    with np.errstate(invalid="ignore", over="ignore"):  # such a character's inf and nan
        columns = _glyph_columns(chars, frame)
        placed = np.logical_and.reduce([np.isfinite(c) for c in columns]) & (columns[4] <= frame.size[1])
    if placed.all():  # the common case: each glyph made straight from the columns
        return list(map(Glyph, chars.text, *(c.tolist() for c in columns)))
    rows = zip(chars.text, *(c.tolist() for c in columns), strict=True)
    return [Glyph(*row) for row, keep in zip(rows, placed.tolist(), strict=True) if keep]


def _glyph_columns(chars: _Chars, frame: Frame) -> tuple[np.ndarray, ...]:
    """`_glyphs`' x0, top, x1, bottom and size, one array each."""
    left, bottom, right, top = chars.left, chars.bottom, chars.right, chars.top
    corners = [frame.point(x, y) for x in (left, right) for y in (bottom, top)]
    x0, y0 = np.minimum.reduce([u for u, _ in corners]), np.minimum.reduce([v for _, v in corners])
    x1, y1 = np.maximum.reduce([u for u, _ in corners]), np.maximum.reduce([v for _, v in corners])
    ou, ov = frame.point(chars.x, chars.y)
    em = chars.em
    own = (em > 0) & (chars.turn == frame.turn)  # boxes drawn from the baseline
    high = y1 - y0
    tall = own & (high > 1.5 * em)
    k = np.divide(em, high, out=np.ones_like(em), where=tall)
    x0, x1 = np.where(tall, ou + (x0 - ou) * k, x0), np.where(tall, ou + (x1 - ou) * k, x1)
    # from the baseline, which every character of a line shares, so a line's boxes align
    base = ov + DESCENT * em
    top_, bottom_ = np.where(own, base - em, y0), np.where(own, base, y1)
    size = np.where(own, em, high)
    return x0, top_, x1, bottom_, size


# --- ruling segments -------------------------------------------------------------------

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner, outer):
    """The affine matrix doing `inner`, then `outer` (PDF order: a b c d e f)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class _Objects:
    """A page's objects read for their painted segments and its text objects (forms recursed),
    through PDFium's raw calls (`parsers.pdfium_calls`) and ctypes buffers made once a page: a
    ctypes float or matrix made for each call costs more than the call."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self.segments: list[Segment] = []
        self.texts: list = []  # the text objects, forms' included
        self._matrix = pdfium_c.FS_MATRIX()
        self._fill, self._stroke = ctypes.c_int(), ctypes.c_int()
        self._x, self._y = ctypes.c_float(), ctypes.c_float()
        byref = ctypes.byref
        self._matrix_at = byref(self._matrix)
        self._mode_at = (byref(self._fill), byref(self._stroke))
        self._point_at = (byref(self._x), byref(self._y))

    def collect(self, obj, kind: int, outer=_IDENTITY) -> None:
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            self.texts.append(obj)
            return
        matrix = _compose(self._matrix_of(obj), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            for inner, inner_kind in page_objects(obj, in_form=True):
                self.collect(inner, inner_kind, matrix)
            return
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not self._painted(obj):
            return
        self.segments += self._path_segments(obj, matrix)

    def _matrix_of(self, obj):
        m = self._matrix
        if not calls.OBJECT_MATRIX(obj, self._matrix_at):
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _painted(self, obj) -> bool:
        if not calls.PATH_DRAW_MODE(obj, *self._mode_at):
            return False
        return bool(self._fill.value) or bool(self._stroke.value)  # a clipping path paints nothing

    def _path_segments(self, obj, matrix) -> list[Segment]:
        """Straight, axis-aligned pieces of a path, in points of the page as read."""
        a, b, c, d, e, f = matrix
        x, y = self._x, self._y
        x_at, y_at = self._point_at
        on_page = self.frame.point
        previous = start = None  # the last point, and where its subpath began
        out: list[Segment] = []
        for i in range(calls.PATH_COUNT_SEGMENTS(obj)):
            seg = calls.PATH_SEGMENT(obj, i)
            calls.SEGMENT_POINT(seg, x_at, y_at)
            px, py = x.value, y.value
            point = on_page(a * px + c * py + e, b * px + d * py + f)
            kind = calls.SEGMENT_TYPE(seg)
            if kind == _MOVETO or previous is None:
                start = point
            elif kind == _LINETO:
                _add_straight(out, previous, point)
            previous = point
            if calls.SEGMENT_CLOSES(seg):
                _add_straight(out, point, start)
        return out


_MOVETO, _LINETO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO


def _any_undecodable(texts: list) -> bool:
    """Whether a text object is in a font the file does not embed, at a real size, with a box
    that is a point: PDFium kept none of its characters. (An embedded font's empty run is an
    empty string.) A page uses a few fonts: each is asked once whether it is embedded."""
    fonts = [calls.TEXT_FONT_ADDRESS(t) for t in texts]
    unembedded = {f for f in set(fonts) if f and not calls.FONT_IS_EMBEDDED(calls.Handle(f))}
    if not unembedded:
        return False
    left, bottom, right, top, size = (ctypes.c_float() for _ in range(5))
    edges = [ctypes.byref(v) for v in (left, bottom, right, top)]
    for text, font in zip(texts, fonts, strict=True):
        if (font in unembedded and calls.OBJECT_BOUNDS(text, *edges)
                and not (right.value - left.value >= 0.01 or top.value - bottom.value >= 0.01)
                and calls.TEXT_FONT_SIZE(text, ctypes.byref(size)) and size.value > 0):
            return True
    return False


def _add_straight(out: list[Segment], p, q) -> None:
    """The piece from p to q, added to `out` where it runs along an axis (level within half a
    point, and at least half a point long)."""
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
        out.append(Segment(min(x0, x1), y0, max(x0, x1), y0))
    elif abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
        out.append(Segment(x0, min(y0, y1), x0, max(y0, y1)))
