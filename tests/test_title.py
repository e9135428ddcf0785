"""pipeline.title: agency and reporting year from every title form the country prints, or None."""
from __future__ import annotations

import pytest

from pipeline.title import clean_line, find_title, ocr_checked, parse_title, web_page_title

HONGZE = ("淮安市洪泽区人民政府", 2024)


def _read(lines, metadata="", body="", second_page=()):
    title = find_title([lines, list(second_page)], metadata, body)
    return (title.agency, title.year) if title else None


def test_title_on_two_lines_with_space_before_year():
    assert _read(["洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由淮安市洪泽区人民政府办公室编制"]) \
        == ("洪泽区人民政府", 2023)


def test_year_before_agency_and_other_years_in_the_text():
    lines = ["2022年某某县自然资源局政府信息公开工作年度报告", "统计期限自2022年1月1日起至2022年12月31日止"]
    assert _read(lines) == ("某某县自然资源局", 2022)


def test_metadata_title_when_the_body_has_none():
    metadata = "平潭综合实验区2023年度政府信息公开工作年度报告"
    assert _read(["本报告根据《中华人民共和国政府信息公开条例》编制。"], metadata) == ("平潭综合实验区", 2023)


def test_a_site_metadata_block_above_the_title():
    lines = ["索引号：11320829014178427K/2024-00012", "主题分类：政务公开", "发布机构：县政府办公室",
             "发文日期：2025年01月15日", "文号：无", "有效性：有效", "生成日期：2025-01-15", "浏览次数：128",
             "字号：大 中 小", "淮安市洪泽区人民政府 2024 年政府信息公开工作年度报告", "淮安市洪泽区人民政府",
             "2024 年政府信息公开工作年度报告"]
    assert _read(lines) == HONGZE  # not the publishing office, not the year of the dates


def test_a_name_field_holds_the_title():
    assert _read(["索引号：000/2024-1", "名称：淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
                  "发布日期：2025-01-20"]) == HONGZE


def test_a_document_number_above_a_two_line_title():
    lines = ["岚经发〔2020〕2号", "平潭综合实验区经济发展局", "2019年政府信息公开工作年度报告"]
    assert _read(lines) == ("平潭综合实验区经济发展局", 2019)


def test_the_year_after_the_name_in_brackets():
    assert _read(["淮安市南陵县人民政府", "政府信息公开工作年度报告（2024年度）"]) == ("淮安市南陵县人民政府", 2024)
    assert parse_title("淮安市南陵县人民政府政府信息公开工作年度报告(2024年)").year == 2024


@pytest.mark.parametrize("text", [
    "淮安市洪泽区人民政府关于2024年政府信息公开工作年度报告",
    "关于淮安市洪泽区人民政府2024年度政府信息公开工作的报告",
    "淮安市洪泽区人民政府关于2024年度政府信息公开工作情况的报告",
])
def test_the_guanyu_form(text):
    assert (parse_title(text).agency, parse_title(text).year) == HONGZE


def test_a_year_in_chinese_numerals():
    assert _read(["淮安市洪泽区人民政府", "二〇二四年政府信息公开工作年度报告"]) == HONGZE
    assert clean_line("二○二四年度") == "2024年度"


def test_a_letter_spaced_year():
    assert _read(["淮安市洪泽区人民政府 2 0 2 4 年政府信息公开工作年度报告"]) == HONGZE


def test_the_title_on_page_two_behind_an_untitled_cover():
    page_two = ["淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告"]
    assert _read(["（封面）", "二〇二五年一月"], second_page=page_two) == HONGZE


def test_a_title_under_a_web_pages_navigation():
    lines = ["首页 > 政务公开 > 政府信息公开年报", "当前位置：首页 > 信息公开", "发布时间：2025-01-10",
             "淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "一、总体情况"]
    title = web_page_title([], lines, "政府信息公开年报_淮安市洪泽区人民政府")
    assert (title.agency, title.year) == HONGZE


def test_a_site_name_after_the_html_title():
    html_title = "平潭综合实验区2023年度政府信息公开工作年度报告_平潭综合实验区党工委管委会"
    title = web_page_title([], ["正文没有标题。"], html_title)
    assert (title.agency, title.year) == ("平潭综合实验区", 2023)


@pytest.mark.parametrize("lines", [
    ["政府信息公开工作年度报告"],  # no agency, no year
    ["2024年政府信息公开工作年度报告"],  # no agency
    ["淮安市洪泽区人民政府政府信息公开工作年度报告"],  # no year
    ["淮安市洪泽区人民政府2024年政府信息公开工作年度报告（2025年1月印发）"],  # two years: not certain which
    ["本报告根据《中华人民共和国政府信息公开条例》，现编制完成2019年政府信息公开工作年度报告。"],  # a sentence
])
def test_what_does_not_read_with_certainty_is_none(lines):
    assert _read(lines) is None


def test_report_words_are_never_the_agency():
    for text in ("名称：2024年政府信息公开工作年度报告", "关于2024年政府信息公开工作年度报告",
                 "政府信息公开工作年度报告（2024年度）"):
        assert parse_title(text).agency is None


def test_a_title_year_the_statistics_period_contradicts_is_not_certain():
    lines = ["淮安市洪泽区人民政府", "2024年政府信息公开工作年度报告"]
    assert _read(lines, body="本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。") == HONGZE
    assert _read(lines, body="本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。") is None


def test_a_year_outside_what_the_reports_cover_is_none():
    assert _read(["淮安市洪泽区人民政府1998年政府信息公开工作年度报告"]) is None


def test_nothing_after_the_first_section_is_a_title():
    lines = ["一、总体情况", "本年度认真贯彻落实条例。", "附件：某某区2022年政府信息公开工作年度报告.pdf"]
    assert web_page_title([], lines, "") is None
    assert parse_title("附件：某某区2022年政府信息公开工作年度报告").agency is None


def test_an_ocr_read_agency_with_a_place_no_division_carries_is_set_aside():
    """OCR reads the rare 朐 of 临朐县 as 胸: the key would be wrong and read as sure."""
    misread = ocr_checked(parse_title("临胸县教育局2024年政府信息公开工作年度报告"))
    assert (misread.agency, misread.year) == (None, 2024)
    assert misread.doubt == "agency unsure: OCR read 临胸县教育局, and no division is named 临胸县"
    right = ocr_checked(parse_title("临朐县教育局2024年政府信息公开工作年度报告"))
    assert (right.agency, right.year, right.doubt) == ("临朐县教育局", 2024, None)
    assert ocr_checked(None) is None
