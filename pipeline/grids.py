"""Which pages may hold a table, and the table grids of a page: one decision for every page.

A text-layer page and an OCR'd one give the same `PageGeometry`; its ruled
tables come first (pdfplumber's lattice on its rules, or the frames OCR found
in the image), and only a page without one is read for unruled tables from
its text alignment.
"""
from __future__ import annotations

import re
from dataclasses import replace

from parsers.grid import Grid, ruled_grids
from parsers.layout import PageGeometry, outside
from parsers.stream import stream_grids
from pipeline.table_words import TEMPLATE_WORDS, holds_values

# Words only a table's header prints; body text mentions 予以公开 or 自然人, not these.
HEADER_MARKERS = re.compile(r"信息内容|申请人情况|尚未审结|结果维持|第二十条第")
_CELL = r"(?:[+-]?\d[\d,.]*|[/—－-])"
_ROW_END = re.compile(rf"(?:{_CELL}\s+){{2,}}{_CELL}\s*$")
_DIGITS_ONLY = re.compile(r"^[\d\s,.+/—－-]{4,}$")


def page_grids(page: PageGeometry) -> list[Grid]:
    """The page's tables, top to bottom: its ruled ones that hold values, and unruled ones read
    from the text outside them (a table whose header band is shaded in drawn boxes, its body
    unruled, is both)."""
    ruled = [g for g in ruled_grids(page) if holds_values(g)]
    margins = [(x0 - 1, top - 1, x1 + 1, bottom + 1) for x0, top, x1, bottom in (g.box for g in ruled)]
    around = outside(page.glyphs, margins)
    rest = replace(page, glyphs=around, frames=None)
    unruled = stream_grids(rest, TEMPLATE_WORDS) if around else []
    return sorted(ruled + unruled, key=lambda g: (g.box[1], g.box[0]))


_LAST_MARKS = frozenset(",.+/—－-")  # with the digits, what a line either pattern matches can end in


def _numeric_rows(text: str) -> int:
    """Lines ending in three or more numbers or dashes (or made of nothing else, where the
    text layer runs a row's cells together): rows of a table without markers nearby. Only a
    line ending in a digit or a mark is tried (a line of prose ends in a character or 。):
    searching a long line for the pattern costs a step for every place it could start."""
    count = 0
    for line in text.splitlines():
        last = line.rstrip()[-1:]
        if last and (last.isdecimal() or last in _LAST_MARKS) and (
                _ROW_END.search(line) or _DIGITS_ONLY.match(line.strip())):
            count += 1
    return count


def may_hold_table(text: str, after_table: bool = False) -> bool:
    """Whether a page with this plain text can hold a table; `after_table`: the page before
    held one, so a single row of numbers (a table's last row pushed over the break) is enough."""
    if HEADER_MARKERS.search("".join(text.split())):
        return True
    rows = _numeric_rows(text)
    return rows >= 3 or (after_table and rows >= 1)


def table_pages(texts: list[str]) -> list[int]:
    """Indices of the pages that can hold a table, from their plain text; a page between two
    such pages too, since tables run on."""
    chosen: list[int] = []
    for i, text in enumerate(texts):
        if may_hold_table(text, after_table=i - 1 in chosen):
            chosen.append(i)
    gaps = [i for i in range(1, len(texts) - 1) if i - 1 in chosen and i + 1 in chosen and i not in chosen]
    return sorted(chosen + gaps)
