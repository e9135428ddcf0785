"""Which pages of a PDF need OCR: no text layer, only an image, (cid:NN) codes, or mojibake.

Light on purpose (PDFium only): every report asks, and most answer "none".
"""
from __future__ import annotations

import re
import unicodedata

import pypdfium2

_CID = re.compile(r"\(cid:\d+\)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _plausible_char(ch: str) -> bool:
    """A character a Chinese report prints: common hanzi (GB2312), ASCII, CJK punctuation."""
    if ch.isspace():
        return True
    if ord(ch) < 32 or 0xE000 <= ord(ch) <= 0xF8FF or ch == "\ufffd":
        return False  # control codes and private-use: a font without a Unicode map
    if ch.isascii():
        return True
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return unicodedata.category(ch).startswith("P") or ch in "“”‘’…—－０１２３４５６７８９"


def page_needs_ocr(text: str, char_count: int, has_images: bool) -> str | None:
    """Why a page's text layer cannot be used (so the page goes through OCR), or None.

    `text`: the page's extracted text; `char_count`: characters the text layer holds;
    `has_images`: the page draws an image (a scan)."""
    stripped = re.sub(r"\s+", "", text or "")
    if char_count == 0 or not stripped:
        return "image only, no text layer" if has_images else "no text layer"
    cids = _CID.findall(stripped)
    if cids and len("".join(cids)) > 0.3 * len(stripped):
        return "text layer is (cid:NN) codes without a Unicode map"
    if len(stripped) < 20:
        # a page number or a stray word over a scan: the scan is the page
        return "text layer too thin over a page image" if has_images else None
    odd = sum(1 for ch in stripped if not _plausible_char(ch))
    if odd > 0.2 * len(stripped):
        return f"text layer is not readable text ({odd} of {len(stripped)} characters implausible)"
    if len(stripped) >= 40 and len(_CJK.findall(stripped)) < 0.1 * len(stripped):
        return "text layer holds no Chinese (a broken ToUnicode map)"
    return None


def page_text_stats(page: pypdfium2.PdfPage, with_text: bool = True) -> tuple[str, int, bool]:
    """(text, char count, draws an image) of a pypdfium2 page: what `page_needs_ocr` takes.
    `with_text=False`: the text is already read elsewhere; "" for it, not read twice."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded() if with_text else ""
        count = textpage.count_chars()
    finally:
        textpage.close()
    has_images = any(True for _ in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    return text, count, has_images


def text_layer_report(source, texts: list[str] | None = None) -> list[str | None]:
    """Per page, why it needs OCR (or None). `source`: a path, or a pypdfium2 document already
    open (it stays open); `texts`: the pages' text if already read."""
    opened = not isinstance(source, pypdfium2.PdfDocument)
    doc = pypdfium2.PdfDocument(str(source)) if opened else source
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                text, count, has_images = page_text_stats(page, with_text=texts is None)
            finally:
                page.close()
            out.append(page_needs_ocr(texts[i] if texts is not None else text, count, has_images))
        return out
    finally:
        if opened:
            doc.close()
