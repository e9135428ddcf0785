"""Open a report PDF: every page's plain text for triage, geometry where a table can be.

Both come from PDFium (pypdfium2). Each page is loaded once (`PageFacts`): its
plain text, its count of characters, whether it draws an image and where a
picture without text lies, all from one load of the page and its text page.
A page kept open then gives its characters with their boxes and the ruling
lines (parsers.pdfium_page) without being loaded again, for the pages whose
text can hold a table.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c

from parsers import pdfium_calls as calls
from parsers.layout import Box, PageGeometry, Segment, fold
from parsers.pdfium_page import page_geometry, page_objects

__all__ = ["PageFacts", "PageGeometry", "ReportPdf", "Segment"]

KEEP_OPEN = 64  # pages kept loaded for their geometry; a longer file's later pages are loaded again
PICTURE_WIDTH, PICTURE_HEIGHT = 0.3, 0.04  # of the page: a picture that can hold a table


@dataclass(frozen=True)
class PageFacts:
    """One pass over a page: what triage (`parsers.text_layer.page_needs_ocr`) and the picture
    scan need."""

    text: str  # plain text in reading order, folded (parsers.layout.fold), \n line ends
    char_count: int  # characters of the text layer, as PDFium counts them
    has_images: bool  # the page draws an image (top level or one form deep)
    pictures: tuple[Box, ...]  # top-down points: images >= 0.3 of the page wide, 0.04 high, (almost) no text on them


def _image_bounds(objects: list[tuple], depth: int = 0) -> list[tuple[float, float, float, float]]:
    """User-space bounds (left, bottom, right, top) of the image objects among (object, type)
    pairs (`page_objects`), forms looked into one deep (raw handles, no pypdfium2 object per
    page object)."""
    out = []
    for obj, kind in objects:
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            edges = [ctypes.c_float() for _ in range(4)]
            if calls.OBJECT_BOUNDS(obj, *map(ctypes.byref, edges)):
                out.append(tuple(e.value for e in edges))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 1:
            out += _image_bounds(page_objects(obj, in_form=True), depth + 1)
    return out


class ReportPdf:
    """One PDF: page count, metadata title, per-page facts (text, pictures) and geometry."""

    def __init__(self, path):
        self.path = path
        self._pdfium = pypdfium2.PdfDocument(str(path))
        self.page_count = len(self._pdfium)
        self._facts: dict[int, PageFacts] = {}
        self._open: dict[int, tuple] = {}  # index -> (page, textpage), loaded once
        self._objects: dict[int, list[tuple]] = {}  # index -> page_objects of a page kept open

    def close(self):
        for page, textpage in self._open.values():
            textpage.close()
            page.close()
        self._open.clear()
        self._objects.clear()
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

    @property
    def document(self) -> pypdfium2.PdfDocument:
        """The open PDFium document, for readers that need more than text and geometry."""
        return self._pdfium

    def _load(self, index: int) -> tuple:
        """(page, textpage) of page `index`: kept open for the first KEEP_OPEN pages."""
        if index in self._open:
            return self._open[index]
        page = self._pdfium[index]
        loaded = (page, page.get_textpage())
        if len(self._open) < KEEP_OPEN:
            self._open[index] = loaded
        return loaded

    def _release(self, index: int, loaded: tuple) -> None:
        if self._open.get(index) is not loaded:
            loaded[1].close()
            loaded[0].close()

    def facts(self, index: int) -> PageFacts:
        """The page's `PageFacts`, read on first use."""
        if index not in self._facts:
            loaded = self._load(index)
            try:
                objects = page_objects(loaded[0].raw)
                self._facts[index] = _read_facts(*loaded, objects)
                if self._open.get(index) is loaded:
                    self._objects[index] = objects  # valid while the page stays open
            finally:
                self._release(index, loaded)
        return self._facts[index]

    def page_text(self, index: int) -> str:
        """Plain text of a page in reading order (cheap)."""
        return self.facts(index).text

    def pictures(self, index: int) -> list[Box]:
        """Boxes (top-down points) of the pictures on page `index` at least 0.3 of the page wide
        and 0.04 of it high over which the text layer holds (almost) no text: a table pasted as
        an image onto a page of text, say."""
        return list(self.facts(index).pictures)

    def geometry(self, index: int) -> PageGeometry:
        loaded = self._load(index)
        try:
            return page_geometry(*loaded, index, self.path, self._objects.get(index))
        finally:
            self._release(index, loaded)


def _read_facts(page, textpage, objects: list[tuple]) -> PageFacts:
    text = fold(textpage.get_text_bounded()).replace("\r\n", "\n").replace("\r", "\n")
    images = _image_bounds(objects)
    width, height = page.get_size()
    pictures = tuple(
        (left, height - top, right, height - bottom)
        for left, bottom, right, top in images
        if right - left >= PICTURE_WIDTH * width and top - bottom >= PICTURE_HEIGHT * height
        and len(textpage.get_text_bounded(left, bottom, right, top).strip()) <= 5
    )
    return PageFacts(text, textpage.count_chars(), bool(images), pictures)
