"""The quality report in a real browser: headless Chromium (Debian's chromium package, driven by
Playwright) opens the site from the file system, as a researcher would, with no server."""
from __future__ import annotations

import os
import shutil

import pytest

from pipeline.run import extract_folder
from pipeline.site import build_site
from pipeline.store import load
from tests.test_site import QUIET, report_page, samples_raw

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[dev]')")
    executable = os.environ.get("GOVREPORT_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except Exception as e:  # no browser on this machine: .ci/run installs Debian's chromium
            pytest.skip(f"no Chromium to drive ({executable or 'none on PATH'}): {str(e).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    raw = samples_raw(tmp)
    extract_folder(raw, tmp / "out", jobs=1, **QUIET)
    build_site(tmp / "out", tmp / "site", raw, jobs=1)
    return tmp


def open_page(browser, path):
    """The page at `path` (file://) with every console error and uncaught exception it logs."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, errors


def test_the_overview_draws_its_plots_and_filters(browser, site):
    page, errors = open_page(browser, site / "site" / "index.html")
    assert page.locator("#reports tr").count() == 1 + 3
    assert page.locator("#plot-outcomes .main-svg").count() > 0  # Plotly drew it
    assert page.locator("#plot-outcomes .bars .point").count() > 0
    assert page.locator("#kept").inner_text() == "3 of 3 reports"
    page.select_option("#f-year", "2019")
    assert page.locator("#kept").inner_text() == "1 of 3 reports"
    assert page.locator("#reports tr").count() == 1 + 1
    assert "福建省人力资源和社会保障厅" in page.locator("#reports").inner_text()
    page.select_option("#f-year", "")
    page.fill("#f-agency", "人民政府")  # 淮安市清河区人民政府 and 某某区人民政府
    assert page.locator("#kept").inner_text() == "2 of 3 reports"
    page.fill("#f-agency", "no such agency")
    assert page.locator("#kept").inner_text() == "0 of 3 reports: none matches the filters"
    assert not page.locator("#plot-outcomes").is_visible()
    assert errors == []


def open_report(browser, site, source_file: str):
    """The page of the report read from `source_file`, its console errors, and its report_id."""
    from pipeline.site_views import page_name

    _, rid = report_page(site / "site", site / "out", source_file)
    return (*open_page(browser, site / "site" / "reports" / page_name(rid)), rid)


def test_clicking_a_value_highlights_its_box_and_the_reverse(browser, site):
    page, errors, _ = open_report(browser, site, "sample-county_2022.pdf")
    cell = "requests.new_requests.total"
    page.click(f'td[data-cell="{cell}"]')
    assert page.locator(f'.box.hl[data-cell="{cell}"]').count() == 1
    assert page.locator(f'td.hl[data-cell="{cell}"]').count() == 1
    box = page.locator(f'.box.hl[data-cell="{cell}"]').bounding_box()
    assert box["width"] > 5 and box["height"] > 5  # drawn on the page image, not collapsed

    other = "review_litigation.review.upheld"
    page.locator(f'.box[data-cell="{other}"]').click()
    assert page.locator(f'td.hl[data-cell="{other}"]').count() == 1
    assert page.locator(".hl").count() == 2  # the earlier highlight is cleared
    title = page.locator(f'.box[data-cell="{other}"]').get_attribute("title")
    assert title.startswith(f"{other}: ")  # its canonical id on hover
    assert errors == []


def test_a_web_page_report_highlights_the_locator(browser, site):
    page, errors, rid = open_report(browser, site, "web_2022.html")
    cell = "review_litigation.suit_direct.upheld"
    page.click(f'table td[data-cell="{cell}"] >> nth=0')
    highlighted = page.locator(f'.side td.hl[data-cell="{cell}"]')
    assert highlighted.count() == 1 and highlighted.inner_text() == "2"
    cells = load("cells", site / "out")
    assert cells.loc[(cells["report_id"] == rid) & (cells["row"] == "suit_direct") & (cells["col"] == "upheld"),
                     "locator"].item() in page.locator(".side").inner_text()
    assert errors == []
