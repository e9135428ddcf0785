"""The quality report (pipeline.site): the overview's figures, each report's tables with their
boxes and flagged checks, and incremental rebuilds. The browser tests are in test_site_browser.py."""
from __future__ import annotations

import json
import shutil

import pytest
from lxml import html as lxml_html

from pipeline.checks import cells_of_check
from pipeline.run import extract_folder
from pipeline.site import build_site, site_version
from pipeline.site_views import page_name
from pipeline.store import load
from tests.conftest import REPO, shared_dir

QUIET = {"log": lambda line: None, "progress": False}


def samples_raw(tmp_path):
    """The shipped samples (two PDFs) and a web-page report (table 四 only)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample in (REPO / "data" / "raw").glob("*.pdf"):
        shutil.copy(sample, raw)
    shutil.copy(REPO / "tests" / "fixtures" / "site" / "ndbg" / "t2022.html", raw / "web_2022.html")
    return raw


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    raw = samples_raw(tmp)
    extract_folder(raw, tmp / "out", jobs=1, **QUIET)
    summary = build_site(tmp / "out", tmp / "site", raw, jobs=1)
    return tmp, summary


def overview_data(site) -> dict:
    tree = lxml_html.parse(str(site / "index.html"))
    return json.loads(tree.xpath('//script[@id="data"]')[0].text)


def report_page(site, out, source_file: str):
    reports = load("reports", out)
    rid = reports.loc[reports["source_file"] == source_file, "report_id"].item()
    return lxml_html.parse(str(site / "reports" / page_name(rid))), rid


def test_the_site_has_an_overview_and_a_page_per_report(built):
    tmp, summary = built
    site = tmp / "site"
    assert (summary.reports, summary.built, summary.unchanged, summary.removed) == (3, 3, 0, 0)
    assert len(list((site / "reports").glob("*.html"))) == 3
    plotly_js = list((site / "assets").glob("plotly-*.min.js"))
    assert len(plotly_js) == 1 and plotly_js[0].stat().st_size > 1_000_000  # offline: plotly.js ships with it
    assert f'src="assets/{plotly_js[0].name}"' in (site / "index.html").read_text()
    data = overview_data(site)
    assert sorted(r["format"] for r in data["reports"]) == ["html", "pdf", "pdf"]


def test_the_overview_sums_are_the_tables_totals(built):
    tmp, _ = built
    truth = json.loads((REPO / "data" / "raw" / "truth.json").read_text(encoding="utf-8"))
    reports = {r["id"]: r for r in overview_data(tmp / "site")["reports"]}
    found = load("reports", tmp / "out").set_index("source_file")["report_id"]
    for source_file, expected in truth.items():
        requests, review = expected["cells"]["requests"], expected["cells"]["review_litigation"]
        measures = reports[found[source_file]]["m"]
        assert measures["new"] == requests["new_requests"]["total"]
        assert measures["handled"] == requests["total_handled"]["total"]
        assert measures["review_upheld"] == review["review"]["upheld"]
    web = next(r for r in reports.values() if r["format"] == "html")
    assert web["m"]["new"] is None  # table 三 not printed: no figure, not 0
    assert web["m"]["suit_upheld"] == 2 and web["m"]["suit_pending"] == 1  # 直接起诉 + 复议后起诉


def test_a_pdf_report_page_shows_every_value_with_its_box(built):
    tmp, _ = built
    page, rid = report_page(tmp / "site", tmp / "out", "sample-county_2022.pdf")
    values = {td.get("data-cell"): td.text_content() for td in page.xpath("//table//td[@data-cell]")}
    boxes = {div.get("data-cell") for div in page.xpath('//div[contains(@class, "box")]')}
    cells = load("cells", tmp / "out")
    mine = cells[(cells["report_id"] == rid) & cells["row"].notna()]
    ids = set(mine["table"] + "." + mine["row"] + "." + mine["col"])
    assert ids and ids <= boxes  # every value read has its box on a rendered page
    assert values["requests.new_requests.total"] == "2103"
    images = page.xpath('//div[@class="page"]/img/@src')
    assert images and all((tmp / "site" / "reports" / src).is_file() for src in images)
    # a template cell the report does not print is shown as absent, not as 0
    absent = page.xpath('//td[contains(@class, "absent")]/@data-cell')
    assert all(cell not in ids for cell in absent)


def test_a_failed_check_is_shown_beside_the_numbers_it_involves(built):
    tmp, _ = built
    page, rid = report_page(tmp / "site", tmp / "out", "sample-county_2022.pdf")
    checks = load("checks", tmp / "out")
    failed = checks[(checks["report_id"] == rid) & (checks["status"] == "fail")]["check"].tolist()
    assert failed == ["text.requests.total_handled"]  # the sample's prose says 52, the table 2069
    listed = [(row.xpath("td[1]")[0].text, row.xpath("td[2]")[0].text)
              for row in page.xpath('//tr[contains(@class, "flagged")]')]
    assert listed == [(failed[0], "a figure the report's text states = the table's 总计")]
    flagged = set(page.xpath('//table//td[contains(@class, "flagged")]/@data-cell'))
    assert flagged == {"requests.total_handled.total"}


def test_a_web_page_report_lists_each_values_locator(built):
    tmp, _ = built
    page, _ = report_page(tmp / "site", tmp / "out", "web_2022.html")
    assert not page.xpath('//div[@class="page"]')
    locators = {tr.xpath("td[1]")[0].text: tr.xpath("td[3]")[0].text
                for tr in page.xpath('//div[contains(@class, "side")]//tr[td]')}
    assert locators["review_litigation.suit_direct.upheld"].startswith("table 1, row ")


def test_pages_are_rebuilt_only_for_reports_that_changed(tmp_path):
    raw = samples_raw(tmp_path)
    extract_folder(raw, tmp_path / "out", jobs=1, **QUIET)
    site = tmp_path / "site"
    build_site(tmp_path / "out", site, raw, jobs=1)
    again = build_site(tmp_path / "out", site, raw, jobs=1)
    assert (again.built, again.unchanged, again.images) == (0, 3, 0)
    (raw / "web_2022.html").unlink()
    extract_folder(raw, tmp_path / "out", jobs=1, prune=True, **QUIET)
    after = build_site(tmp_path / "out", site, raw, jobs=1)
    assert (after.reports, after.built, after.unchanged, after.removed) == (2, 0, 2, 1)
    assert len(list((site / "reports").glob("*.html"))) == 2
    state = json.loads((site / ".state.json").read_text())
    assert len(state) == 2 and len(site_version()) == 16


def test_without_the_source_files_the_tables_show_and_the_page_says_why(built, tmp_path):
    tmp, _ = built
    summary = build_site(tmp / "out", tmp_path / "site", tmp_path / "nowhere", jobs=1)
    assert summary.images == 0
    page, _ = report_page(tmp_path / "site", tmp / "out", "sample-county_2022.pdf")
    assert "is not in the input folder given" in page.xpath('//p[@class="muted"]')[-1].text
    assert page.xpath('//td[@data-cell="requests.new_requests.total"]')[0].text == "2103"
    # given the files, the PDFs' pages are built again with their images; the web page's is not
    found = build_site(tmp / "out", tmp_path / "site", tmp / "raw", jobs=1)
    assert (found.built, found.unchanged) == (2, 1) and found.images == summary.images + 5


def test_a_file_name_that_is_not_utf8_still_finds_its_pdf(tmp_path):
    import os

    raw = tmp_path / "raw"
    raw.mkdir()
    gbk_name = os.fsdecode(os.fsencode(raw) + b"/" + "报告".encode("gbk") + b".pdf")
    shutil.copy(REPO / "data" / "raw" / "sample-county_2022.pdf", gbk_name)
    extract_folder(raw, tmp_path / "out", jobs=1, **QUIET)
    summary = build_site(tmp_path / "out", tmp_path / "site", raw, jobs=1)
    assert load("reports", tmp_path / "out")["source_file"].item() == "\\xb1\\xa8\\xb8\\xe6.pdf"
    assert summary.images == 2  # its two table pages


@pytest.mark.parametrize("value, text", [(2103.0, "2103"), (18651.06, "18651.06"), (360.16274, "360.16274"),
                                         (1e6, "1000000"), (0.5, "0.5"), (-1.0, "-1")])
def test_values_are_shown_as_the_data_hold_them(value, text):
    from pipeline.site_views import number_text

    assert number_text(value) == text


def test_no_output_is_a_one_line_error(tmp_path):
    from pipeline.cli import main

    assert main(["report", str(tmp_path / "missing"), str(tmp_path / "site")]) == 2


@pytest.mark.parametrize("check, cells", [
    ("requests.balance.total", {("requests", r, "total") for r in
                                ("new_requests", "carried_over", "total_handled", "carried_forward")}),
    ("requests.row_total.granted", {("requests", "granted", c) for c in
                                    ("natural_person", "commercial", "research", "public_interest",
                                     "legal_services", "other_org", "total")}),
    ("review_litigation.total.review", {("review_litigation", "review", c) for c in
                                        ("upheld", "corrected", "other_result", "pending", "total")}),
    ("text.requests.new_requests", {("requests", "new_requests", "total")}),
    ("cross_year.in_force.rules", {("active", "rules", c) for c in ("issued", "repealed", "in_force")}),
    ("duplicate.values", set()),
])
def test_cells_of_a_check(check, cells):
    assert set(cells_of_check(check)) == cells


def test_every_check_the_pipeline_writes_names_cells_it_read(built):
    tmp, _ = built
    checks, cells = load("checks", tmp / "out"), load("cells", tmp / "out")
    read = set(zip(cells["table"], cells["row"], cells["col"], strict=True))
    for check in set(checks["check"]):
        involved = set(cells_of_check(check))
        assert involved and involved <= read, check


def test_the_site_builds_for_the_shared_reports(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(shared_dir("reports", "real"), raw / "real")
    shutil.copytree(shared_dir("reports", "html"), raw / "html")
    shutil.copy(shared_dir("cases", "probes") / "sideways_content_rot90.pdf", raw)
    extract_folder(raw, tmp_path / "out", jobs=1, **QUIET)
    summary = build_site(tmp_path / "out", tmp_path / "site", raw, jobs=2)
    assert (summary.reports, summary.built) == (7, 7)
    data = overview_data(tmp_path / "site")
    # the web page of a report also printed as PDF is set aside: the plots count that agency-year once
    assert sum(1 for r in data["reports"] if r["dup"]) == 2
    page, _ = report_page(tmp_path / "site", tmp_path / "out", "sideways_content_rot90.pdf")
    # the sideways table pages are drawn upright, as read: landscape pages shown portrait
    sizes = [(int(img.get("width")), int(img.get("height"))) for img in page.xpath('//div[@class="page"]/img')]
    assert sizes and all(height > width for width, height in sizes)
    boxes = page.xpath('//div[contains(@class, "box")]/@style')
    assert boxes and all(0 <= float(part.split(":")[1].rstrip("%")) <= 100
                         for style in boxes for part in style.split(";") if part)
