"""Open a report PDF: cheap page text for triage (pypdfium2), geometry where needed (pdfplumber).

pdfplumber parses every object of a page, which is slow; pypdfium2 gives a
page's plain text in a fraction of the time. Pages whose plain text cannot
hold a table get only that cheap look.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import pdfplumber
import pypdfium2

from parsers.layout import Glyph, fold

# pdfminer warns on every glyph of some producers' fonts; the text still comes out.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# Words of the tables' cells (a ruled frame holding none of them and no number is not a table).
TABLE_MARKERS = re.compile(
    r"信息内容|第二十条|申请人情况|自然人|商业企业|本年度办理结果|予以公开|不予处理|总计|行政复议|尚未审结|结果维持"
)
# Words only a table's header prints; body text mentions 予以公开 or 自然人, not these.
HEADER_MARKERS = re.compile(r"信息内容|申请人情况|尚未审结|结果维持|第二十条第")


@dataclass
class Segment:
    """A ruling line: horizontal (y0 == y1) or vertical (x0 == x1)."""

    x0: float
    top: float
    x1: float
    bottom: float


class ReportPdf:
    """One PDF: page count, metadata title, per-page plain text and geometry."""

    def __init__(self, path):
        self.path = path
        self._pdfium = pypdfium2.PdfDocument(str(path))
        self._plumber = None
        self.page_count = len(self._pdfium)

    def close(self):
        if self._plumber is not None:
            self._plumber.close()
        self._pdfium.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def metadata_title(self) -> str:
        try:
            return fold(self._pdfium.get_metadata_dict().get("Title", "") or "").strip()
        except Exception:  # noqa: BLE001 - broken metadata is no reason to fail a report
            return ""

    def page_text(self, index: int) -> str:
        """Plain text of a page in reading order (cheap)."""
        page = self._pdfium[index]
        textpage = page.get_textpage()
        try:
            return fold(textpage.get_text_bounded()).replace("\r\n", "\n").replace("\r", "\n")
        finally:
            textpage.close()
            page.close()

    def may_hold_table(self, index: int, text: str | None = None, after_table: bool = False) -> bool:
        """Whether a page can hold a table; `after_table`: the page before held one, so a
        single row of numbers (a table's last row pushed over the break) is enough."""
        text = self.page_text(index) if text is None else text
        rows = _numeric_rows(text)
        return bool(HEADER_MARKERS.search(re.sub(r"\s+", "", text))) or rows >= 3 or (after_table and rows >= 1)

    def geometry(self, index: int) -> PageGeometry:
        if self._plumber is None:
            self._plumber = pdfplumber.open(self.path)
        return PageGeometry.from_plumber(self._plumber.pages[index], index + 1)


_CELL = r"(?:[+-]?\d[\d,.]*|[/—－-])"
_ROW_END = re.compile(rf"(?:{_CELL}\s+){{2,}}{_CELL}\s*$")


_DIGITS_ONLY = re.compile(r"^[\d\s,.+/—－-]{4,}$")


def _numeric_rows(text: str) -> int:
    """Lines ending in three or more numbers or dashes (or made of nothing else, where the
    text layer runs a row's cells together): rows of a table without markers nearby."""
    return sum(1 for line in text.splitlines() if _ROW_END.search(line) or _DIGITS_ONLY.match(line.strip()))


@dataclass
class PageGeometry:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    segments: list[Segment]
    plumber_page: object  # kept for the table finder

    @classmethod
    def from_plumber(cls, page, number: int) -> PageGeometry:
        glyphs = [
            Glyph(fold(c["text"]), c["x0"], c["top"], c["x1"], c["bottom"], float(c.get("size") or 0))
            for c in page.chars
            if c["text"].strip() and not _is_watermark(c)
        ]
        segments = [Segment(e["x0"], e["top"], e["x1"], e["bottom"]) for e in page.edges]
        return cls(number, float(page.width), float(page.height), glyphs, segments, page)


def _is_watermark(char) -> bool:
    """Watermarks and stamps are drawn slanted across the page; table text is upright or,
    rarely, turned a quarter: keep text whose matrix is either."""
    a, b, c, d = (char.get("matrix") or (1, 0, 0, 1, 0, 0))[:4]
    scale = max(abs(a), abs(b), abs(c), abs(d), 1e-9)
    axis_aligned = (abs(b) + abs(c)) / scale < 0.05 or (abs(a) + abs(d)) / scale < 0.05
    return not axis_aligned
