"""Open a report PDF: every page's plain text for triage, geometry where a table can be.

Both come from PDFium (pypdfium2): the plain text in a millisecond a page, the
characters with their boxes and the ruling lines (parsers.pdfium_page) only
for the pages whose text can hold a table.
"""
from __future__ import annotations

import re

import pypdfium2

from parsers.layout import PageGeometry, Segment, fold
from parsers.pdfium_page import page_geometry

__all__ = ["HEADER_MARKERS", "PageGeometry", "ReportPdf", "Segment"]

# Words only a table's header prints; body text mentions 予以公开 or 自然人, not these.
HEADER_MARKERS = re.compile(r"信息内容|申请人情况|尚未审结|结果维持|第二十条第")


class ReportPdf:
    """One PDF: page count, metadata title, per-page plain text and geometry."""

    def __init__(self, path):
        self.path = path
        self._pdfium = pypdfium2.PdfDocument(str(path))
        self.page_count = len(self._pdfium)

    def close(self):
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

    @property
    def document(self) -> pypdfium2.PdfDocument:
        """The open PDFium document, for readers that need more than text and geometry."""
        return self._pdfium

    def geometry(self, index: int) -> PageGeometry:
        return page_geometry(self._pdfium, index)


_CELL = r"(?:[+-]?\d[\d,.]*|[/—－-])"
_ROW_END = re.compile(rf"(?:{_CELL}\s+){{2,}}{_CELL}\s*$")


_DIGITS_ONLY = re.compile(r"^[\d\s,.+/—－-]{4,}$")


def _numeric_rows(text: str) -> int:
    """Lines ending in three or more numbers or dashes (or made of nothing else, where the
    text layer runs a row's cells together): rows of a table without markers nearby."""
    return sum(1 for line in text.splitlines() if _ROW_END.search(line) or _DIGITS_ONLY.match(line.strip()))
