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
    if line.lstrip()[:1] not in SECTION_NUMERALS:  # squeeze keeps the first printed character: most lines end here
        return None
    m = _HEADING.match(squeeze(line))
    if not m:
        return None
    number = SECTION_NUMERALS.index(m.group(1)) + 1
    if number < expected:
        return None
    words = m.group(2)
    official = SECTION_TITLES[number]
    key = official[:4]
    if key in words or words.replace("无", "", 1).startswith(official[:3]):
        return number
    # 六 is worded many ways: 其他需要报告的事项, 无其他需要报告的事项, 需要说明的其他事项与附表
    if number == 6 and ("报告" in words or "其他" in words and "事项" in words):
        return number
    return None


def section_number(line: str) -> int | None:
    """1 to 6 for a section's heading (一、总体情况 … 六、其他需要报告的事项), else None."""
    return _heading(line, 1)


def is_section_heading(line: str) -> bool:
    """一、总体情况 … 六、其他需要报告的事项, not a table label such as 一、本年新收…."""
    return _heading(line, 1) is not None


_DATE = re.compile(r"^\S{0,30}?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:印发|发布)?$")
_SENTENCE = re.compile(r"[。，；：！？,;:]")


def _without_signature(lines: list[str]) -> list[str]:
    """The last section's lines without what follows the report's text: the signing agency
    over its date (平潭综合实验区经济发展局 / 2020年1月2日) and an issuing line (…办公室
    2020年1月2日印发)."""
    lines = list(lines)
    while lines:
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines or not _DATE.match(squeeze(lines[-1])):
            return lines
        lines.pop()
        above = squeeze(lines[-1]) if lines else ""
        if above and not _DATE.match(above) and len(above) <= 30 and not _SENTENCE.search(above):
            lines.pop()  # the agency signing above its date
    return lines


def _headed(lines: list[str]) -> list[tuple[int, str, list[str]]]:
    """(number, heading, body lines) of each section found, the signature after the last cut."""
    found: list[tuple[int, str, list[str]]] = []
    expected = 1
    for line in lines:
        number = _heading(line, expected)
        if number:
            found.append((number, squeeze(line), []))
            expected = number + 1
        elif found:
            found[-1][2].append(line)
    if found:
        found[-1] = (*found[-1][:2], _without_signature(found[-1][2]))
    return found


def split_sections(lines: list[str]) -> list[Section]:
    """Sections 一 to 六 by their headings, in order; text before 一 is the preamble, not a section."""
    return [Section(n, title, reflow(body)) for n, title, body in _headed(lines)]


def paragraph_sections(lines: list[str]) -> list[Section]:
    """Sections 一 to 六 with one paragraph per block of a web page.

    split_sections finds the headings (and its reflow suits lines a PDF broke);
    a web page states its paragraphs, so the body is rebuilt from the blocks."""
    return [Section(n, title, "\n".join(squeeze(x) for x in body)) for n, title, body in _headed(lines)]
