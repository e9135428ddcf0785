"""Small hand-made page geometry for the unit tests: words as glyphs, ruled frames, pages."""
from __future__ import annotations

from parsers.layout import Glyph, PageGeometry, Segment

SIZE = 10.0  # points: the type size of every word here


def word(text: str, x: float, top: float, size: float = SIZE, confidence: float = 1.0) -> list[Glyph]:
    """Glyphs of `text` set from (x, top): a CJK character an em wide, a digit or mark half that."""
    out, pos = [], x
    for ch in text:
        width = size if ord(ch) > 0x2000 else 0.55 * size
        out.append(Glyph(ch, pos, top, pos + width, top + size, size, confidence))
        pos += width
    return out


def stack(text: str, x: float, top: float, size: float = SIZE) -> list[Glyph]:
    """One character per line, top to bottom (a vertical label, a narrow header)."""
    return [g for i, ch in enumerate(text) for g in word(ch, x, top + i * size * 1.2, size)]


def page(glyphs: list[Glyph], segments: list[Segment] = (), number: int = 1, frames=None,
         ocr: bool = False) -> PageGeometry:
    return PageGeometry(number, 595.0, 842.0, list(glyphs), list(segments), frames, ocr)


def ruled(xs: list[float], ys: list[float]) -> list[Segment]:
    """The rules of a full grid: every row edge across, every column edge down."""
    across = [Segment(xs[0], y, xs[-1], y) for y in ys]
    down = [Segment(x, ys[0], x, ys[-1]) for x in xs]
    return across + down


def ruled_table(rows: list[list[str]], xs: list[float], top: float = 100.0, height: float = 20.0,
                page_number: int | None = 1, ocr: bool = False):
    """A ruled grid, one frame per cell, each text set inside its frame: rows of texts over the
    column edges `xs` (a row may hold fewer cells: the rest of it is left out)."""
    from parsers.grid import grid_from_boxes

    boxes, glyphs = [], []
    for r, texts in enumerate(rows):
        y = top + r * height
        for c, text in enumerate(texts):
            boxes.append((xs[c], y, xs[c + 1], y + height))
            glyphs += word(text, xs[c] + 2, y + 5)
    return grid_from_boxes(page_number, boxes, glyphs, ruled=True, ocr=ocr)
