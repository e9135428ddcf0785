"""A report's lines of prose, whatever produced them: page furniture dropped, paragraphs rejoined.

Knows Chinese typesetting (numbered items, full stops, page-number styles),
not the report's template: titles and sections are read in pipeline/.
"""
from __future__ import annotations

import re
from collections import Counter

from parsers.layout import join_lines, squeeze

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})$"
)
_DIGITS = re.compile(r"\d+")  # a running header or footer with its page number made #


def _furniture(pages: list[list[str]]) -> set[str]:
    """Running headers and footers: the same line near the top or bottom of most pages."""
    if len(pages) < 3:
        return set()
    seen: Counter = Counter()
    for lines in pages:
        edge = [squeeze(x) for x in lines[:2] + lines[-2:] if x.strip()]
        seen.update({_DIGITS.sub("#", x) for x in edge})
    return {x for x, n in seen.items() if n >= max(2, len(pages) // 2)}


def clean_lines(pages: list[list[str]]) -> list[str]:
    """All pages' lines, page numbers and running headers dropped."""
    furniture = _furniture(pages)
    out = []
    for lines in pages:
        for line in lines:
            flat = squeeze(line)
            if not flat or _PAGE_NUMBER.match(flat) or furniture and _DIGITS.sub("#", flat) in furniture:
                continue
            out.append(line.rstrip())
    return out


def reflow(lines: list[str]) -> str:
    """Lines -> paragraphs: a line that stops short of the column ends its paragraph."""
    if not lines:
        return ""
    width = max(len(squeeze(x)) for x in lines)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        flat = squeeze(line)
        starts_item = re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\w+\)|\d+[.、．])", flat)
        if starts_item and paragraphs[-1]:
            paragraphs.append([])
        paragraphs[-1].append(flat)
        if len(flat) < 0.8 * width and flat.endswith(("。", "：", ":", "；", "）", "！", "？")):
            paragraphs.append([])
    return "\n".join(join_lines(p) for p in paragraphs if p)
