"""The report's words outside its tables: title (agency, year) and sections 一 to 六.

Works on plain lines of text, whatever produced them, so the PDF path and
later the OCR path share it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from parsers.layout import join_lines, squeeze
from pipeline.schema import SECTION_NUMERALS, SECTION_TITLES

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d{1,3})$"
)
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年度?")
_REPORT_WORDS = "政府信息公开工作年度报告"


@dataclass(frozen=True)
class Title:
    text: str
    agency: str | None
    year: int | None


def parse_title(text: str) -> Title:
    """Agency and reporting year from a title such as 淮安市洪泽区人民政府2024年政府信息公开工作年度报告."""
    flat = squeeze(re.sub(r"\s+", " ", text))
    m = _TITLE_YEAR.search(flat)
    if not m:
        return Title(flat, None, None)
    year = int(m.group(1))
    before, after = flat[: m.start()], flat[m.end():]
    agency = before.strip(" ：:（(")
    if not agency:  # 2023年XX政府信息公开工作年度报告
        agency = re.split(r"政府信息公开|政务公开", after)[0]
    if agency.endswith("政府信息公开工作") or agency.endswith("政务公开工作"):  # XX政府信息公开工作2023年度报告
        agency = re.sub(r"(政府信息公开|政务公开)工作$", "", agency)
    return Title(flat, agency.strip() or None, year)


def find_title(first_page_lines: list[str], metadata_title: str = "") -> Title | None:
    """The title: the first lines of page 1 up to the one naming the report, else the PDF's metadata.

    A title split over two or three lines ("洪泽区人民政府" / "2023 年政府信息公开
    工作年度报告") is rejoined by taking lines above the report line until both
    an agency and a year come out.
    """
    lines = [squeeze(x) for x in first_page_lines if x.strip()][:8]
    end = next((i for i, x in enumerate(lines) if "报告" in x and len(x) <= 60), None)
    if end is not None:
        for start in range(end, max(end - 3, -1), -1):
            title = parse_title("".join(lines[start : end + 1]))
            if title.year and title.agency:
                return title
    if metadata_title and "报告" in metadata_title:
        title = parse_title(metadata_title)
        if title.year and title.agency:
            return title
    return None


def _furniture(pages: list[list[str]]) -> set[str]:
    """Running headers and footers: the same line near the top or bottom of most pages."""
    if len(pages) < 3:
        return set()
    seen: Counter = Counter()
    for lines in pages:
        edge = [squeeze(x) for x in lines[:2] + lines[-2:] if x.strip()]
        seen.update({re.sub(r"\d+", "#", x) for x in edge})
    return {x for x, n in seen.items() if n >= max(2, len(pages) // 2)}


def clean_lines(pages: list[list[str]]) -> list[str]:
    """All pages' lines, page numbers and running headers dropped."""
    furniture = _furniture(pages)
    out = []
    for lines in pages:
        for line in lines:
            flat = squeeze(line)
            if not flat or _PAGE_NUMBER.match(flat) or re.sub(r"\d+", "#", flat) in furniture:
                continue
            out.append(line.rstrip())
    return out


_HEADING = re.compile(rf"^([{SECTION_NUMERALS}])[、.．]\s*(.*)$")


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


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    text: str


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
