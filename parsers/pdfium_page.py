"""Page geometry straight from PDFium (pypdfium2): characters with boxes and ruling segments.

pdfplumber reads a page through pdfminer's Python interpreter, which costs
a tenth of a second or more per page. PDFium is the C++ engine of Chrome's
PDF viewer: the same characters (loose boxes: the font's ascent and
descent, as pdfminer gives) and the same painted path segments, a few
milliseconds a page. The table finding on those segments is pdfplumber's
own (parsers.grid), so only the reading changes.

PDFium drops the character of a text run that shows one character in a CID
font it has no embedded program for (STSong-Light with UniGB-UCS2-H, as some
PDF libraries write a vertical label or a narrow header one character per
line): the text object is there, its text empty and its box a point. Where a
page has such runs, pdfminer (through pdfplumber) reads that page's
characters too and the ones PDFium missed are added (`_undecoded_glyphs`).
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

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

    def point(self, x: float, y: float) -> tuple[float, float]:
        left, bottom, right, top = self.box
        x, y, width, height = x - left, y - bottom, right - left, top - bottom
        if self.turn == 1:  # text runs up the page
            return y, x
        if self.turn == 2:  # upside down
            return width - x, y
        if self.turn == 3:  # text runs down the page
            return height - y, width - x
        return x, height - y

    def rect(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A user-space rectangle as (x0, top, x1, bottom) on the page as read."""
        corners = [self.point(x, y) for x in (left, right) for y in (bottom, top)]
        us, vs = [u for u, _ in corners], [v for _, v in corners]
        return min(us), min(vs), max(us), max(vs)


def page_geometry(pdf, index: int, path=None) -> PageGeometry:
    """Glyphs and ruling segments of page `index` (0-based) of a pypdfium2 PdfDocument, on the
    page as read (`Frame`); `path` (the file) lets characters PDFium could not decode be read
    by pdfminer."""
    page = pdf[index]
    try:
        chars = _chars(page)
        width, height = page.get_size()  # as displayed: /Rotate 90 or 270 swaps them back
        if page.get_rotation() in (90, 270):
            width, height = height, width
        frame = Frame(_turn(chars), (0.0, 0.0, width, height))
        glyphs = [_glyph(ch, frame) for ch in chars]
        segments: list[Segment] = []
        undecoded = [False]
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            _collect(pdfium_c.FPDFPage_GetObject(page.raw, i), _IDENTITY, frame, segments, undecoded)
    finally:
        page.close()
    if undecoded[0] and path is not None and frame.turn == 0:
        glyphs += _undecoded_glyphs(path, index, glyphs, frame)
    width, height = frame.size
    return PageGeometry(index + 1, float(width), float(height), glyphs, segments)


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
            size = float(ch["size"])
            bottom = frame.point(e, f)[1] + DESCENT * size
            if any((text, round(ch["x0"]) + dx, round(bottom) + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                continue
            out.append(Glyph(text, float(ch["x0"]), bottom - size, float(ch["x1"]), bottom, size))
    return out


@dataclass(frozen=True)
class _Char:
    text: str
    loose: tuple[float, float, float, float]  # PDFium's loose box: left, bottom, right, top (user space)
    origin: tuple[float, float]
    em: float  # the font size as drawn; 0 when unknown
    turn: int  # quarter turns (counter-clockwise) of its baseline


def _chars(page) -> list[_Char]:
    """The page's printed characters, upright or turned by quarter turns (a slanted one is a
    watermark or a stamp across the page, and left out)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        rect = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        out = []
        for i in range(pdfium_c.FPDFText_CountChars(raw)):
            if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue  # spaces and line breaks PDFium infers, not printed
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code == 0 or chr(code).isspace():
                continue
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
            if angle >= 0 and min(abs(angle - k * math.pi / 2) for k in range(5)) > _AXIS:
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
                continue
            em, turn = 0.0, round(-angle / (math.pi / 2)) % 4 if angle >= 0 else 0  # PDFium counts clockwise
            if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                em = pdfium_c.FPDFText_GetFontSize(raw, i) * scale
            pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
            out.append(_Char(fold(chr(code)), (rect.left, rect.bottom, rect.right, rect.top),
                             (ox.value, oy.value), em, turn))
        return out
    finally:
        textpage.close()


def _turn(chars: list[_Char]) -> int:
    """The quarter turn most of the page's characters share: the way its text runs."""
    counts = [0, 0, 0, 0]
    for ch in chars:
        counts[ch.turn] += 1
    return max(range(4), key=lambda t: counts[t])


def _glyph(ch: _Char, frame: Frame) -> Glyph:
    """The character's box as pdfminer draws it, on the page as read: its advance wide, one em
    high from just below the baseline.

    PDFium's loose box spans the glyph's own ascent and descent, which vary from glyph
    to glyph; the table logic measures gaps in glyph heights and needs a line's boxes
    aligned. Some producers shrink a huge font size with the text matrix; PDFium's
    loose box then keeps the unshrunk width, so it is scaled back about the origin.
    A character turned against the page's text keeps its loose box."""
    x0, top, x1, bottom = frame.rect(*ch.loose)
    if ch.em <= 0 or ch.turn != frame.turn:
        return Glyph(ch.text, x0, top, x1, bottom, bottom - top)
    ou, ov = frame.point(*ch.origin)
    if bottom - top > 1.5 * ch.em:
        k = ch.em / (bottom - top)
        x0, x1 = ou + (x0 - ou) * k, ou + (x1 - ou) * k
    # from the baseline, which every character of a line shares, so a line's boxes align
    bottom = ov + DESCENT * ch.em
    return Glyph(ch.text, x0, bottom - ch.em, x1, bottom, ch.em)


# --- ruling segments -------------------------------------------------------------------

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner, outer):
    """The affine matrix doing `inner`, then `outer` (PDF order: a b c d e f)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj):
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _collect(obj, outer, frame: Frame, out: list[Segment], undecoded: list[bool]) -> None:
    """The painted segments of a page object (forms recursed); `undecoded[0]` set when a text
    object holds characters PDFium could not decode."""
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        undecoded[0] = undecoded[0] or _undecodable(obj)
        return
    matrix = _compose(_matrix(obj), outer)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, i), matrix, frame, out, undecoded)
        return
    if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not _painted(obj):
        return
    out += _path_segments(obj, matrix, frame)


def _undecodable(obj) -> bool:
    """A text object in a font the file does not embed, at a real size, whose box is a point:
    PDFium kept none of its characters. (An embedded font's empty run is an empty string.)"""
    size = ctypes.c_float()
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, size) or size.value <= 0:
        return False
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
        return False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    return right.value - left.value < 0.01 and top.value - bottom.value < 0.01


def _painted(obj) -> bool:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    return bool(fill.value) or bool(stroke.value)  # a clipping path paints nothing


def _path_segments(obj, matrix, frame: Frame) -> list[Segment]:
    """Straight, axis-aligned pieces of a path, in points of the page as read."""
    a, b, c, d, e, f = matrix
    x = ctypes.c_float()
    y = ctypes.c_float()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    out: list[Segment] = []
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        point = frame.point(px, py)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out += _straight(points[-1], point)
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            out += _straight(point, start)
    return out


def _straight(p, q) -> list[Segment]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
        return [Segment(min(x0, x1), y0, max(x0, x1), y0)]
    if abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
        return [Segment(x0, min(y0, y1), x0, max(y0, y1))]
    return []
