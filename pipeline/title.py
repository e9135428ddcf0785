"""The report's title: issuing agency and reporting year.

Works on plain lines of text (a PDF page's, OCR's, a web page's), so every
source shares it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.layout import squeeze

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年度?")


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


def web_page_title(headings: list[str], first_lines: list[str], html_title: str) -> Title | None:
    """A web page's title: the body's own heading lines first (a page may carry a site name
    in <title>), else <title>.

    Agencies' pages mostly leave the title out of the article body and put it in <title>,
    sometimes with the site's name after it (…年度报告_某某政府网): parse_title takes the
    agency before the year and ignores the tail."""
    title = find_title(headings + first_lines, html_title)
    if title is None and html_title:
        parsed = parse_title(html_title)
        title = parsed if parsed.agency and parsed.year else None
    return title
