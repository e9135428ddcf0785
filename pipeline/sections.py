"""The report's prose as sections 一 to 六, found by the template's headings.

    split_sections(lines) -> [Section]            a PDF's lines (reflowed into paragraphs)
    paragraph_sections(lines) -> [Section]        a web page's blocks (one paragraph each)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.layout import squeeze
from parsers.text import reflow
from pipeline.schema import SECTION_NUMERALS, SECTION_TITLES

_HEADING = re.compile(rf"^([{SECTION_NUMERALS}])[、.．]\s*(.*)$")


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    text: str


def _heading(line: str, expected: int) -> int | None:
    m = _HEADING.match(squeeze(line))
    if not m:
        return None
    number = SECTION_NUMERALS.index(m.group(1)) + 1
    if number < expected:
        return None
    words = m.group(2)
    official = SECTION_TITLES[number]
    key = official[:4]
    if key in words or words.replace("无", "", 1).startswith(official[:3]) or number == 6 and "报告" in words:
        return number
    return None


def is_section_heading(line: str) -> bool:
    """一、总体情况 … 六、其他需要报告的事项, not a table label such as 一、本年新收…."""
    return _heading(line, 1) is not None


def split_sections(lines: list[str]) -> list[Section]:
    """Sections 一 to 六 by their headings, in order; text before 一 is the preamble, not a section."""
    found: list[tuple[int, str, list[str]]] = []
    expected = 1
    for line in lines:
        number = _heading(line, expected)
        if number:
            found.append((number, squeeze(line), []))
            expected = number + 1
        elif found:
            found[-1][2].append(line)
    return [Section(n, title, reflow(body)) for n, title, body in found]


def paragraph_sections(lines: list[str]) -> list[Section]:
    """Sections 一 to 六 with one paragraph per block of a web page.

    split_sections finds the headings (and its reflow suits lines a PDF broke);
    a web page states its paragraphs, so the body is rebuilt from the blocks."""
    found = split_sections(lines)
    if not found:
        return []
    bodies: list[list[str]] = []
    titles = iter(s.title for s in found)
    want = next(titles)
    for line in lines:
        flat = squeeze(line)
        if want is not None and flat == want:
            bodies.append([])
            want = next(titles, None)
        elif bodies:
            bodies[-1].append(flat)
    return [Section(s.number, s.title, "\n".join(body)) for s, body in zip(found, bodies, strict=False)]
