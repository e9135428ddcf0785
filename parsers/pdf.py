"""Open a report PDF: every page's plain text for triage, geometry where a table can be.

Both come from PDFium (pypdfium2): the plain text in a millisecond a page, the
characters with their boxes and the ruling lines (parsers.pdfium_page) only
for the pages whose text can hold a table.
"""
from __future__ import annotations

import pypdfium2

from parsers.layout import Box, PageGeometry, Segment, fold
from parsers.pdfium_page import page_geometry

__all__ = ["PageGeometry", "ReportPdf", "Segment"]


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

    @property
    def document(self) -> pypdfium2.PdfDocument:
        """The open PDFium document, for readers that need more than text and geometry."""
        return self._pdfium

    def pictures(self, index: int, min_width: float = 0.3, min_height: float = 0.04) -> list[Box]:
        """Boxes (top-down points) of the pictures on page `index` at least `min_width` of the
        page wide and `min_height` of it high over which the text layer holds (almost) no text:
        a table pasted as an image onto a page of text, say."""
        page = self._pdfium[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                out = []
                for image in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                    left, bottom, right, top = image.get_bounds()
                    if right - left < min_width * width or top - bottom < min_height * height:
                        continue
                    if len(textpage.get_text_bounded(left, bottom, right, top).strip()) <= 5:
                        out.append((left, height - top, right, height - bottom))
                return out
            finally:
                textpage.close()
        finally:
            page.close()

    def geometry(self, index: int) -> PageGeometry:
        return page_geometry(self._pdfium, index, self.path)
