from hypothesis import given
from hypothesis import strategies as st

from parsers.text import clean_lines
from pipeline.sections import split_sections


def test_sections_drop_page_numbers_and_running_headers():
    header = "某某县人民政府2023年政府信息公开工作年度报告"
    pages = [
        [header, "一、总体情况", "今年我县认真贯彻落实条例，全面推进政务公开工作，", "取得了良好成效。", "- 1 -"],
        [header, "二、主动公开政府信息情况", "见下表。", "第 2 页"],
        [header, "六、其他需要报告的事项", "本年度未收取信息处理费。", "- 3 -"],
    ]
    sections = split_sections(clean_lines(pages))
    assert [(s.number, s.title) for s in sections] == [
        (1, "一、总体情况"), (2, "二、主动公开政府信息情况"), (6, "六、其他需要报告的事项")]
    assert sections[0].text == "今年我县认真贯彻落实条例，全面推进政务公开工作，取得了良好成效。"
    assert all(header not in s.text and "- 1 -" not in s.text for s in sections)


def test_table_labels_are_not_section_headings():
    sections = split_sections(["一、总体情况", "正文。", "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"])
    assert len(sections) == 1


def test_section_six_is_worded_many_ways():
    for heading in ("六、其他需要报告的事项", "六、无其他需要报告的事项", "六、需要说明的其他事项与附表"):
        sections = split_sections(["一、总体情况", "正文。", heading, "无。"])
        assert [(s.number, s.text) for s in sections] == [(1, "正文。"), (6, "无。")], heading


def test_the_signature_and_dates_after_section_six_are_not_part_of_it():
    lines = ["一、总体情况", "正文。", "六、其他需要报告的事项", "本年度未收取信息处理费。", "平潭综合实验区经济发展局",
             "2020年1月2日", "平潭综合实验区经济发展局办公室 2020年1月2日印发"]
    assert split_sections(lines)[-1].text == "本年度未收取信息处理费。"


def test_a_web_page_keeps_its_paragraphs():
    from pipeline.sections import paragraph_sections

    lines = ["前言", "一、总体情况", "第一段。", "第二段没有句号", "六、其他需要报告的事项", "无。"]
    sections = paragraph_sections(lines)
    assert [(s.number, s.text) for s in sections] == [(1, "第一段。\n第二段没有句号"), (6, "无。")]


@given(st.text(alphabet=st.sampled_from(list(" \t\u3000\xa0、.．一二三六七总体情况ab1")), max_size=12))
def test_a_heading_starts_with_the_numeral_its_line_starts_with(line):
    """_heading passes over a line whose first printed character is not a numeral: squeeze
    keeps that character first, so the heading pattern could not match it either."""
    from parsers.layout import squeeze
    from pipeline.schema import SECTION_NUMERALS
    from pipeline.sections import _HEADING

    if _HEADING.match(squeeze(line)):
        assert line.lstrip()[:1] in SECTION_NUMERALS and line.lstrip()[:1]
