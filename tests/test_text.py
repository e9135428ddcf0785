from parsers.text import clean_lines
from pipeline.sections import split_sections
from pipeline.title import find_title, parse_title


def test_title_on_two_lines_with_space_before_year():
    title = find_title(["洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由淮安市洪泽区人民政府办公室编制"])
    assert (title.agency, title.year) == ("洪泽区人民政府", 2023)


def test_title_with_agency_after_year_and_other_years_in_text():
    title = find_title(["2022年某某县自然资源局政府信息公开工作年度报告", "统计期限自2022年1月1日起至2022年12月31日止"])
    assert (title.agency, title.year) == ("某某县自然资源局", 2022)


def test_title_from_metadata_when_the_body_has_none():
    body = ["本报告根据《中华人民共和国政府信息公开条例》编制。"]
    title = find_title(body, "平潭综合实验区2023年度政府信息公开工作年度报告")
    assert (title.agency, title.year) == ("平潭综合实验区", 2023)


def test_parse_title_variants():
    assert parse_title("某某市政府信息公开工作2021年度报告").agency == "某某市"
    assert parse_title("没有年份的标题").year is None


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
