"""The report's title: issuing agency and reporting year, read with certainty or not at all.

A title is found among the first lines of a page (page 1, or page 2 behind an
untitled cover), of a web page's body, or in a PDF's metadata or a web page's
<title>. Around it sit things that are not the title: a site's metadata block
(索引号：…, 发布机构：…, 发布日期：…), a document number (岚经发〔2020〕2号),
navigation text (首页 > 政务公开 > …), running headers. Titles take many
forms: the agency on its own line above the report's name, the year after
it in brackets (政府信息公开工作年度报告（2024年度）), 关于…的报告, years in
Chinese numerals (二〇二四年) or letter-spaced (2 0 2 4 年).

The agency never holds the report's own words (政府信息公开, 年度报告, 关于,
名称); the year is the reporting year, never a publishing date. Where the
title's agency or year cannot be read with certainty — no title, a year
outside what these reports cover, two readings that disagree, a title year
that contradicts the report's own statistics period — the answer is None and
the report is partial, never a guess.

    find_title(pages_lines, metadata_title, body_text) -> Title | None
    web_page_title(headings, lines, html_title) -> Title | None
    parse_title(text) -> Title (agency and year None where it does not read)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from parsers.layout import squeeze
from pipeline.agencies import unknown_place
from pipeline.sections import section_number

FIRST_YEAR = 2008  # the 政府信息公开条例 took effect in 2008: the first annual reports
LAST_YEAR = 2100
TITLE_LINES = 14  # lines from the top of a page (after metadata and navigation) a title may sit in
MAX_TITLE = 80  # characters of one title line

_CN_DIGITS = str.maketrans("〇○零Ｏ一二三四五六七八九", "000012345678" + "9")
_CN_YEAR = re.compile(r"[〇○零Ｏ一二三四五六七八九]{4}(?=\s*年)")
_SPACED_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")
_YEAR = re.compile(r"((?:19|20|21)\d{2})\s*年度?")
_REPORT = re.compile(
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:情况)?(?:的)?(?:年度报告|年报|工作报告|报告)|年度报告"
)
_META = re.compile(
    r"^(?:索引号|主题分类|组配分类|体裁分类|分类|发布机构|发文机关|发文单位|制发机关|发布日期|发文日期|成文日期|生成日期|"
    r"公开日期|发布时间|更新时间|时间|文号|发文字号|有效性|是否有效|浏览次数|访问次数|点击次数|阅读次数|字号|来源|信息来源|"
    r"所属机构|公开方式|公开范围|公开时限|主题词|关键词|名称|标题|文件名称|信息名称)\s*[:：]\s*"
)
_TITLE_FIELD = re.compile(r"^(?:名称|标题|文件名称|信息名称)\s*[:：]\s*")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
_BREADCRUMB = re.compile(r"\s*(?:>|»|＞|›|→|>>)\s*")
_NAVIGATION = re.compile(r"^(?:首页|网站首页|当前位置|您的位置|您现在的位置|当前位置：)")
_SITE_SEPARATOR = re.compile(r"\s*(?:_|｜|\||——|--| - )\s*")
_PERIOD = re.compile(  # the statistics period: 自2024年1月1日起至2024年12月31日止
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*至\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
# words of the report itself, never part of an agency's name
_NOT_AGENCY = ("政府信息公开", "政务公开", "信息公开", "年度报告", "报告", "名称", "标题", "关于", "索引号")


@dataclass(frozen=True)
class Title:
    text: str
    agency: str | None
    year: int | None
    doubt: str | None = None  # why a key read was set aside as unsure (the report is partial)

    @property
    def certain(self) -> bool:
        return self.agency is not None and self.year is not None


def clean_line(line: str) -> str:
    """A line as a title is read: spaces between CJK dropped, letter-spaced digits joined
    (2 0 2 4 年), Chinese-numeral years as digits (二〇二四年)."""
    flat = squeeze(re.sub(r"\s+", " ", line))
    flat = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), flat)
    return _SPACED_DIGITS.sub("", flat)


# how the names of government bodies end (人民政府, 办公室, 委员会, 局, 厅, 镇 …)
_AGENCY_END = re.compile(
    r"(?:政府|办公厅|办公室|办|委员会|委|局|厅|署|院|部|中心|管委会|办事处|街道|镇|乡|区|县|市|省|州|盟|旗|"
    r"所|站|处|队|馆|会|社|台|团|校|司|行|室|组|科)$"
)


def _plausible_agency(text: str) -> bool:
    return (2 <= len(text) <= 40 and re.search(r"[\u4e00-\u9fff]", text) is not None
            and not re.search(r"[\d，。；;！？《》、：:]", text) and not any(w in text for w in _NOT_AGENCY)
            and _AGENCY_END.search(text) is not None)


def _agency(text: str) -> str | None:
    text = _TITLE_FIELD.sub("", text)
    text = re.sub(r"^关于", "", text)
    text = re.sub(r"关于$", "", text)
    text = text.strip(" ：:（(）)《》〈〉“”\"'、，,.。·-—_")
    return text if _plausible_agency(text) else None


def parse_title(text: str) -> Title:
    """Agency and reporting year from one title, such as 淮安市洪泽区人民政府2024年政府信息公开
    工作年度报告, 政府信息公开工作年度报告（2024年度） after the agency, or XX关于2023年度政府信息
    公开工作情况的报告. Either is None where it does not read with certainty."""
    flat = clean_line(text)
    flat = _BREADCRUMB.split(flat)[-1]  # the last step of a navigation trail
    flat = _TITLE_FIELD.sub("", flat)
    report = _REPORT.search(flat)
    if report is None:
        return Title(flat, None, None)
    years = [m for m in _YEAR.finditer(flat)]
    values = {int(m.group(1)) for m in years}
    if len(values) != 1:  # no year, or two: a title with a publishing date, or not one title
        return Title(flat, _agency(flat[:report.start()]) if not years else None, None)
    year_match = years[0]
    year = int(year_match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return Title(flat, None, None)
    if year_match.start() < report.start():
        before = flat[:year_match.start()]
        agency = _agency(before) or (_agency(flat[year_match.end():report.start()]) if not before.strip(
            " ：:（(关于") else None)
    else:  # the year after the report's name: 政府信息公开工作年度报告（2024年度）
        agency = _agency(flat[:report.start()])
    return Title(flat, agency, year)


def _title_lines(lines: list[str]) -> list[str]:
    """The lines a title may be among, up to the report's first section: metadata fields (but a
    title field's value), document numbers and navigation dropped, cleaned."""
    out = []
    for line in lines:
        flat = clean_line(line)
        if not flat:
            continue
        if section_number(flat) == 1:
            break  # 一、总体情况: the report's body has begun
        if _TITLE_FIELD.match(flat):
            out.append(_TITLE_FIELD.sub("", flat))
        elif _META.match(flat) or _DOC_NUMBER.match(flat) or _NAVIGATION.match(flat) and not _REPORT.search(flat):
            continue
        else:
            out.append(_BREADCRUMB.split(flat)[-1])
    return out[:TITLE_LINES]


def _title_in(lines: list[str]) -> Title | None:
    """The title among a page's first lines: the first line naming the report, joined with up
    to two lines above it (the agency on its own line) and one below (（2024年度）, 报告)."""
    lines = _title_lines(lines)
    for end, line in enumerate(lines):
        if len(line) > MAX_TITLE or not ("报告" in line or "年报" in line):
            continue
        tries = [(end, end + 1), (end - 1, end + 1), (end, end + 2), (end - 1, end + 2), (end - 2, end + 1)]
        for start, stop in tries:
            if start < 0 or stop > len(lines):
                continue
            title = parse_title("".join(lines[start:stop]))
            if title.certain:
                return title
    return None


def _statistics_year(text: str) -> int | None:
    """The year of the report's statistics period (自2024年1月1日起至2024年12月31日止), as its
    opening paragraph states it."""
    found = {(int(a), int(b)) for a, b in _PERIOD.findall(clean_line(text))}
    years = {a for a, b in found if a == b}
    return years.pop() if len(years) == 1 else None


def _confirmed(title: Title | None, body_text: str) -> Title | None:
    """The title unless the report's statistics period names another year."""
    if title is None:
        return None
    period = _statistics_year(body_text)
    if period is not None and period != title.year:
        return None
    return title


def find_title(pages_lines: list[list[str]], metadata_title: str = "", body_text: str = "") -> Title | None:
    """The title of a report from its first pages' lines (page 1, else page 2 behind a cover
    without one), else the PDF's metadata title. `body_text`: the text the statistics period
    is read from, which must not contradict the title's year. None when nothing reads with
    certainty."""
    for lines in pages_lines[:2]:
        title = _title_in(lines)
        if title is not None:
            return _confirmed(title, body_text)
    if metadata_title:
        return _confirmed(_site_title(metadata_title), body_text)
    return None


def ocr_checked(title: Title | None) -> Title | None:
    """A title read by OCR, its agency set aside as unsure (None, the reason in `doubt`) where
    it is printed with a place no division carries: OCR reads a rare character of a place
    name as a common one (临朐 as 临胸), and the name would be a wrong key read as sure."""
    place = unknown_place(title.agency) if title is not None and title.agency else None
    if place is None:
        return title
    why = f"agency unsure: OCR read {title.agency}, and no division is named {place}"
    return replace(title, agency=None, doubt=why)


def _site_title(text: str) -> Title | None:
    """A <title> or metadata title, which may carry the site's name: …年度报告_某某政府网."""
    for part in _SITE_SEPARATOR.split(text):
        title = parse_title(part)
        if title.certain:
            return title
    return None


def web_page_title(headings: list[str], lines: list[str], html_title: str) -> Title | None:
    """A web page's title: the body's own headings and first lines (navigation and metadata
    blocks skipped), else <title>; its year checked against the statistics period."""
    body = "\n".join(lines[:40])
    title = _title_in(headings) or _title_in(lines)
    if title is None and html_title:
        title = _site_title(html_title)
    return _confirmed(title, body)
