"""Which pages of a PDF need OCR: no text layer, only an image, (cid:NN) codes, or mojibake.

Light on purpose (PDFium only): every report asks, and most answer "none".
"""
from __future__ import annotations

import re
import unicodedata

from parsers.pdf import ReportPdf

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


_CONTROL = re.compile(r"[\x00-\x1f]")


def _plainly_fine(text: str) -> bool:
    """Every character in GB2312 and none a control code: no character to weigh one by one."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return not _CONTROL.search(text)


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
    odd = 0 if _plainly_fine(stripped) else sum(1 for ch in stripped if not _plausible_char(ch))
    if odd > 0.2 * len(stripped):
        return f"text layer is not readable text ({odd} of {len(stripped)} characters implausible)"
    if len(stripped) >= 40 and len(_CJK.findall(stripped)) < 0.1 * len(stripped):
        return "text layer holds no Chinese (a broken ToUnicode map)"
    return None


def text_layer_report(source) -> list[str | None]:
    """Per page, why it needs OCR (or None). `source`: a path, or a `parsers.pdf.ReportPdf`
    already open (it stays open, its pages' facts read once for every later use)."""
    pdf = source if isinstance(source, ReportPdf) else ReportPdf(source)
    try:
        return [page_needs_ocr(f.text, f.char_count, f.has_images) for f in map(pdf.facts, range(pdf.page_count))]
    finally:
        if pdf is not source:
            pdf.close()
