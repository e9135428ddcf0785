"""Open a report PDF: every page's plain text for triage, geometry where a table can be.

Both come from PDFium (pypdfium2): the plain text in a millisecond a page, the
characters with their boxes and the ruling lines (parsers.pdfium_page) only
for the pages whose text can hold a table.
"""
from __future__ import annotations

import pypdfium2

from parsers.layout import PageGeometry, Segment, fold
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

    def geometry(self, index: int) -> PageGeometry:
        return page_geometry(self._pdfium, index, self.path)
