"""Web-page reports: HTML tables -> the same canonical cells, sections and checks as PDFs."""
from __future__ import annotations

import lxml.html
import pytest

from parsers.html import decode_html, is_html, layout_table, parse_html
from pipeline.html_report import extract_html
from pipeline.store import load_all, write_datasets
from pipeline.truth import differences
from tests.conftest import load_truth, shared_dir

PAGES = ["pingtan_2023.html", "pingtan_2024.html"]

# A small report: table 四 as agencies print it (two header rows with spans, one row of 15).
MINI = """<html><head><meta charset="{charset}">
<title>某某县人民政府2022年政府信息公开工作年度报告_某某县人民政府网</title>
</head><body><div class="nav">首页 &gt; 政务公开</div>
<p><strong>一、总体情况</strong></p><p>2022年，某某县人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。</p>
<p>全年主动公开政府信息1200条。</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1"><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
<td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>2</td><td>0</td><td>0</td><td>3</td><td>4</td><td>/</td><td>0</td><td>1</td><td>5</td>
<td>0</td><td>0</td><td>0</td><td>0</td><td>9</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>一是公开质量有待提高。</p><p>二是解读形式较为单一。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></body></html>"""


@pytest.mark.parametrize("name", PAGES)
def test_web_page_matches_truth_cell_by_cell(name):
    folder = shared_dir("reports", "html")
    report = extract_html(folder / name, name)
    assert differences(report, load_truth(folder)[name]) == []
    assert (report.format, report.pages, report.status) == ("html", None, "ok")
    assert all(c.page is None and c.box is None and c.locator for c in report.cells)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_pingtan_2023_fee_amount_locator_and_sections():
    folder = shared_dir("reports", "html")
    report = extract_html(folder / "pingtan_2023.html", "pingtan_2023.html")
    fee = next(c for c in report.cells if (c.table, c.row, c.col) == ("active", "fees", "fee_amount"))
    assert (fee.value, fee.raw, fee.locator) == (5949.088667, "5949.088667", "table 1, row 14, col 2")
    new = next(c for c in report.cells if (c.table, c.row, c.col) == ("requests", "new_requests", "total"))
    # row 4 of the grid; columns 1-3 are the label (colspan 3), 4-9 the applicants, 10 the total
    assert (new.value, new.locator) == (81, "table 2, row 4, col 10")
    assert report.sections[5].text == "2023年，无收取信息处理费情况。"
    first = report.sections[0].text.split("\n")
    assert first[0].startswith("2023年，平潭综合实验区坚持以习近平") and first[1] == "（一）主动公开方面"
    assert {c.status for c in report.checks} == {"pass"}


def test_gbk_copy_of_a_real_page_reads_the_same(tmp_path):
    folder = shared_dir("reports", "html")
    text = (folder / "pingtan_2024.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    page = tmp_path / "pingtan_2024_gbk.html"
    page.write_bytes(text.encode("gb18030"))
    report = extract_html(page, page.name)
    assert differences(report, load_truth(folder)["pingtan_2024.html"]) == []


def _first_table(html: str):
    return lxml.html.fromstring(html).xpath("//table")[0]


def test_rowspan_pushes_later_cells_right():
    html = """<table><tr><td rowspan="2">A</td><td>B</td><td rowspan="3">C</td></tr>
              <tr><td>D</td></tr><tr><td colspan="2">E</td></tr></table>"""
    assert layout_table(_first_table(html)) == [
        (0, 2, 0, 1, "A"), (0, 1, 1, 2, "B"), (0, 3, 2, 3, "C"), (1, 2, 1, 2, "D"), (2, 3, 0, 2, "E"),
    ]


def test_spans_beyond_the_table_and_odd_values_are_cut():
    html = """<table><tbody><tr><th rowspan="9">A</th><td colspan=" 2 ">B</td></tr>
              <tr><td colspan="x">C</td><td rowspan="0">D</td></tr></tbody></table>"""
    assert layout_table(_first_table(html)) == [(0, 2, 0, 1, "A"), (0, 1, 1, 3, "B"), (1, 2, 1, 2, "C"),
                                                 (1, 2, 2, 3, "D")]


def test_label_split_over_blocks_and_nbsp_is_one_text():
    html = """<table><tr><td><p><span>社会公益</span></p><p>&nbsp;&nbsp;组织&nbsp;</p></td>
              <td><p>（二）部分公开（区分处理的，</p><p><span>只计这一情形</span>，不计其他情形）</p></td></tr></table>"""
    cells = parse_html(html).grids[0].cells
    assert [c.text for c in cells] == ["社会公益组织", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]


def test_synthetic_frames_follow_the_grid_and_tables_stack():
    html = ("<table><tr><td colspan='2'>x</td></tr><tr><td>1</td><td>2</td></tr></table>"
            "<table><tr><td>y</td></tr></table>")
    page = parse_html(html)
    first, second = page.grids
    assert [c.box for c in first.cells] == [(0, 0, 200, 20), (0, 20, 100, 40), (100, 20, 200, 40)]
    assert second.cells[0].box[1] >= first.box[3] + 20  # below the first table, not touching it
    assert second.cells[0].locator == "table 2, row 1, col 1"
    assert all(g.page is None and g.ruled for g in page.grids)


def test_a_layout_table_is_prose_and_its_nested_table_a_table():
    html = "<table><tr><td>outer<table><tr><td>inner</td></tr></table></td></tr></table>"
    page = parse_html(html)
    assert [[c.text for c in g.cells] for g in page.grids] == [["inner"]]
    assert page.lines == ["outer"]  # the layout table's own text is the page's text, the data table's is not


def test_a_report_pasted_into_one_cell_is_prose():
    body = "一、总体情况" + "本机关认真贯彻落实条例。" * 30
    page = parse_html(f"<table><tr><td><p>{body}</p><p>二、主动公开政府信息情况</p></td></tr></table>")
    assert page.grids == [] and page.lines == [body, "二、主动公开政府信息情况"]


def test_word_conditional_comments_shown_as_text_are_not_prose():
    html = ("<p><![if !supportLists]>1.<![endif]>第一条</p>"
            "<p>&lt;!--[if gte mso 9]&gt;&lt;xml&gt;&lt;w:W/&gt;&lt;/xml&gt;&lt;![endif]--&gt;正文</p>")
    assert parse_html(html).lines == ["1.第一条", "正文"]


@pytest.mark.parametrize("charset, meta", [("gbk", True), ("gb2312", True), ("gbk", False), ("utf-8", True)])
def test_mini_report_in_gbk_and_utf8(tmp_path, charset, meta):
    html = MINI.format(charset=charset)
    if not meta:
        html = html.replace('<meta charset="gbk">', "")
    path = tmp_path / "mini.html"
    path.write_bytes(html.encode("gb18030" if charset != "utf-8" else "utf-8"))
    report = extract_html(path, "mini.html")
    assert (report.agency, report.year) == ("某某县人民政府", 2022)
    printed = {(c.row, c.col): (c.value, c.kind) for c in report.cells}
    assert printed[("review", "total")] == (3, "number")
    assert printed[("suit_direct", "corrected")] == (None, "dash")
    assert printed[("suit_after_review", "total")] == (9, "number")
    assert len(report.cells) == 15
    assert report.status == "partial" and "active" in report.error
    assert [s.number for s in report.sections] == [1, 4, 5, 6]
    assert report.sections[2].text == "一是公开质量有待提高。\n二是解读形式较为单一。"
    failed = {c.check for c in report.checks if c.status == "fail"}
    assert failed == {"review_litigation.total.suit_after_review"}  # 0+0+0+0 printed as 9: kept, reported


def test_decode_prefers_a_label_that_decodes_and_falls_back_when_it_lies():
    gbk = "<html><head><meta charset='utf-8'></head><body>政府信息公开工作年度报告，本年新收申请数量</body></html>"
    text, codec = decode_html(gbk.encode("gbk"))
    assert codec == "gb18030" and "年度报告" in text  # the meta said utf-8; the bytes are not
    text, codec = decode_html(gbk.encode("utf-8"), http_charset="GB2312")
    assert "年度报告" in text  # a wrong HTTP charset that fails to decode is passed over
    assert decode_html("\ufeff报告".encode())[0] == "报告"


def test_is_html_tells_an_error_page_from_a_pdf():
    assert is_html(b"  <!DOCTYPE html><html><body>404</body></html>")
    assert not is_html(b"%PDF-1.7\n...")


def test_html_report_rows_round_trip_through_parquet(tmp_path):
    path = tmp_path / "mini.html"
    path.write_bytes(MINI.format(charset="utf-8").encode())
    write_datasets(tmp_path / "out", [extract_html(path, "mini.html")])
    data = load_all(tmp_path / "out")
    assert data["reports"].loc[0, "format"] == "html" and data["reports"]["pages"].isna().all()
    cells = data["cells"]
    assert cells["page"].isna().all() and cells["x0"].isna().all()
    assert cells.set_index(["row", "col"]).loc[("review", "upheld"), "locator"] == "table 1, row 4, col 1"
