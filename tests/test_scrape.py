"""The scraper against a real HTTP server on 127.0.0.1 serving tests/fixtures/site.

Three rounds, as cron would run them: the first files what the site has, the
second finds nothing new (304s, no PDF asked for again), the third picks up a
report added to the listing and extracts it.
"""
from __future__ import annotations

import email.utils
import hashlib
import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="scrapy is not installed: pyproject.toml must list it (docs/SCRAPING.md)")

from parsers.html import read_html  # noqa: E402 - after the skip
from pipeline.atomic import sweep_temp, write_bytes_atomic
from pipeline.cli import main
from pipeline.html_report import extract_html
from pipeline.scrape.files import RawStore, file_name
from pipeline.scrape.manifest import Manifest
from pipeline.scrape.rounds import Busy, parse_every, run_lock, run_round
from pipeline.scrape.sources import load_sources
from pipeline.store import load
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "site"
CORPUS = REPO / "tests" / "corpus" / "generated"
SLOW = 1.5  # seconds the slow URL takes; the tests' timeout is 0.5
FAST = {  # politeness scaled down to test speed; the behaviour is the same
    "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.01, "AUTOTHROTTLE_MAX_DELAY": 0.2,
    "DOWNLOAD_TIMEOUT": 0.5, "RETRY_TIMES": 2, "RETRY_BACKOFF_BASE": 0.3, "DOWNLOAD_MAXSIZE": 1_000_000,
    "LOG_LEVEL": "WARNING",
}
PDFS = {  # site path -> generated report (truth.json beside it names agency and year)
    "files/report_2021.pdf": "gen_003_2021.pdf", "files/att_2022.pdf": "gen_005_2022.pdf",
    "files/r2020.pdf": "gen_001_2020.pdf", "files/r2019.pdf": "gen_002_2019.pdf",
    "private/report_2020.pdf": "gen_004_2021.pdf",
}
GBK_PAGES = ("ndbg/index_1.html", "ndbg/t2022.html")


class Site:
    """The fixture site and the server's own record of every request it answered."""

    def __init__(self, root: Path):
        self.root = root
        self.log: list[tuple[str, int, dict]] = []
        self.arrivals: list[tuple[str, float]] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        with self.lock:
            self.arrivals.append((path, time.monotonic()))
            self.hits[path] = self.hits.get(path, 0) + 1
            hit = self.hits[path]
        status, headers, body = self.route(path, hit, handler.headers)
        with self.lock:
            self.log.append((path, status, dict(handler.headers)))
        try:
            handler.send_response(status)
            for key, value in {**headers, "Content-Length": str(len(body))}.items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow URL): that is the point

    def route(self, path: str, hit: int, request_headers) -> tuple[int, dict, bytes]:
        pdf = {"Content-Type": "application/pdf"}
        if path == "/go/2020":
            return 302, {"Location": "/files/r2020.pdf"}, b""
        if path == "/flaky/2019.pdf":
            return (500, {}, b"busy") if hit == 1 else (200, pdf, (self.root / "files/r2019.pdf").read_bytes())
        if path == "/slow/2017.pdf":
            time.sleep(SLOW)
            return 200, pdf, (self.root / "files/r2020.pdf").read_bytes()
        if path == "/files/fake.pdf":
            return 200, pdf, "<!DOCTYPE html><html><body>404 页面不存在</body></html>".encode()
        if path == "/mirror/report_2021.pdf":
            path = "/files/report_2021.pdf"
        file = self.root / path.lstrip("/")
        if not file.is_file() or ".." in path:
            return 404, {"Content-Type": "text/html"}, b"<html><body>not found</body></html>"
        body = file.read_bytes()
        if path.endswith(".pdf"):
            return 200, pdf, body
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"Content-Type": "text/html" if path.endswith(".html") else "text/plain", "ETag": etag,
                   "Last-Modified": email.utils.formatdate(file.stat().st_mtime, usegmt=True)}
        if path == "/ndbg/t2022.html":  # charset in the HTTP header only
            headers["Content-Type"] = "text/html; charset=GBK"
        if request_headers.get("If-None-Match") == etag:
            return 304, headers, b""
        return 200, headers, body

    def requests(self, since: int = 0) -> list[tuple[str, int]]:
        return [(p, s) for p, s, _ in self.log[since:]]


def _build_site(root: Path) -> None:
    shutil.copytree(FIXTURE, root)
    for path, name in PDFS.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, root / path)
    for page in GBK_PAGES:
        (root / page).write_bytes((root / page).read_text(encoding="utf-8").encode("gb18030"))
    (root / "files/huge.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 1_200_000)  # over the tests' 1 MB limit


@pytest.fixture(scope="module")
def scraped(tmp_path_factory):
    """Three rounds against the site; what each round returned and what the server saw."""
    tmp = tmp_path_factory.mktemp("scrape")
    site = Site(tmp / "site")
    _build_site(site.root)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            site.respond(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = tmp / "sources.yaml"
    sources.write_text(
        "sources:\n  - name: 某某区人民政府\n"
        f"    start: {base}/ndbg/index.html\n    next: 'index_\\d+\\.html'\n    report: '年度报告|ndbg'\n",
        encoding="utf-8",
    )
    raw, out, state = tmp / "raw", tmp / "parquet", tmp / "state"
    rounds, marks, timings = [], [], []
    try:
        for i in range(3):
            if i == 2:  # the agency publishes a new report
                shutil.copyfile(CORPUS / "gen_012_2023.pdf", site.root / "files/report_2023.pdf")
                listing = site.root / "ndbg/index.html"
                listing.write_text(listing.read_text(encoding="utf-8").replace(
                    "<!-- NEW REPORT -->", '<li><a href="../files/report_2023.pdf">某某区2023年年度报告</a></li>'),
                    encoding="utf-8")
            marks.append(len(site.log))
            started = time.monotonic()
            rounds.append(run_round(sources, raw, out, state, FAST, log=lambda *_: None))
            timings.append(time.monotonic() - started)
        marks.append(len(site.log))
    finally:
        server.shutdown()
    return {"site": site, "rounds": rounds, "marks": marks, "raw": raw, "out": out, "state": state,
            "timings": timings, "base": base}


def _by_url(rows: list[dict], base: str) -> dict[str, dict]:
    return {r["url"].removeprefix(base): r for r in rows}


def _truth(name: str) -> dict:
    return json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))[name]


def test_first_round_files_each_report_once(scraped):
    first = scraped["rounds"][0]
    assert first.crawl_exit == 0
    raw = scraped["raw"]
    expected = ["某某区人民政府/2019.pdf", "某某区人民政府/att_2022.pdf", "某某区人民政府/r2020.pdf",
                "某某区人民政府/report_2021.pdf", "某某区人民政府/t2022.html"]
    assert sorted(first.new_files) == expected
    filed = sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())
    assert filed == sorted(expected + ["某某区人民政府/report_2023.pdf"])  # after all three rounds
    # byte for byte what the site served; the redirect filed under its target's name
    assert (raw / "某某区人民政府/r2020.pdf").read_bytes() == (CORPUS / "gen_001_2020.pdf").read_bytes()
    assert (raw / "某某区人民政府/2019.pdf").read_bytes() == (CORPUS / "gen_002_2019.pdf").read_bytes()


def test_manifest_records_every_outcome(scraped):
    rows = _by_url(scraped["rounds"][0].rows, scraped["base"])
    assert rows["/ndbg/index.html"]["status"] == 200 and rows["/ndbg/index_1.html"]["kind"] == "listing"
    assert (rows["/go/2020"]["final_url"], rows["/go/2020"]["status"]) == (
        scraped["base"] + "/files/r2020.pdf", 200)
    assert rows["/files/2018.pdf"]["status"] == 404 and rows["/files/2018.pdf"]["error"] == "HTTP 404"
    assert rows["/slow/2017.pdf"]["error"] == "timeout after 3 tries"
    assert rows["/private/report_2020.pdf"]["error"] == "forbidden by robots.txt"
    fake = rows["/files/fake.pdf"]
    assert fake["saved_path"] is None and fake["error"].startswith("not a PDF: served as application/pdf")
    huge = rows["/files/huge.pdf"]
    assert (huge["saved_path"], huge["error"]) == (None, "too large: over the size limit of 1000000 bytes")
    flaky = rows["/flaky/2019.pdf"]
    assert (flaky["status"], flaky["new_file"], flaky["error"]) == (200, 1, None)
    assert flaky["sha256"] == hashlib.sha256((CORPUS / "gen_002_2019.pdf").read_bytes()).hexdigest()
    # the same bytes under a second URL: recorded, pointed at the first file, not written again
    mirror, first = rows["/mirror/report_2021.pdf"], rows["/files/report_2021.pdf"]
    assert mirror["sha256"] == first["sha256"] and mirror["saved_path"] == first["saved_path"]
    assert (first["new_file"], mirror["new_file"]) == (1, 0)
    assert all(r["fetched_at"] and r["source"] == "某某区人民政府" for r in rows.values())


def test_server_saw_polite_requests_only(scraped):
    site = scraped["site"]
    first = site.requests(0)[: scraped["marks"][1]]
    paths = [p for p, _ in first]
    assert paths[0] == "/robots.txt"
    assert "/private/report_2020.pdf" not in paths and "/news/1.html" not in paths
    assert [s for p, s in first if p == "/flaky/2019.pdf"] == [500, 200]  # retried after the 500 ...
    flaky = [t for p, t in site.arrivals if p == "/flaky/2019.pdf"]
    assert flaky[1] - flaky[0] >= 0.3  # ... after the backoff, not at once
    # the first try and two retries, each timed out (counted on arrival: a timed-out request's
    # handler is still asleep when the crawl moves on)
    slow = [t for p, t in site.arrivals if p == "/slow/2017.pdf"][:3]
    assert len(slow) == 3
    assert slow[2] - slow[1] >= 1.0  # a 0.5 s timeout, then twice the backoff (0.6 s) before the third try
    agents = {h.get("User-Agent") for _, _, h in site.log}
    assert len(agents) == 1 and agents.pop().startswith("govreport-scraper/")


def test_second_round_fetches_nothing_new(scraped):
    second = scraped["rounds"][1]
    site, (_, m1, m2, _) = scraped["site"], scraped["marks"]
    assert second.new_files == []
    seen = site.requests(m1)[: m2 - m1]
    # listings and the report page: a conditional GET answered 304; no PDF already filed is asked for again
    assert {("/ndbg/index.html", 304), ("/ndbg/index_1.html", 304), ("/ndbg/t2022.html", 304)} <= set(seen)
    assert not {p for p, _ in seen} & {"/files/report_2021.pdf", "/go/2020", "/flaky/2019.pdf",
                                       "/files/att_2022.pdf", "/mirror/report_2021.pdf"}
    conditional = [h for p, _, h in site.log[m1:m2] if p == "/ndbg/index.html"]
    assert conditional[0].get("If-None-Match")
    listing = _by_url(second.rows, scraped["base"])["/ndbg/index.html"]
    assert listing["status"] == 304 and listing["error"] is None


def test_a_new_report_is_fetched_and_extracted_next_round(scraped):
    third = scraped["rounds"][2]
    assert third.new_files == ["某某区人民政府/report_2023.pdf"]
    reports = load("reports", scraped["out"])
    row = reports[reports["source_file"] == "某某区人民政府/report_2023.pdf"].iloc[0]
    truth = _truth("gen_012_2023.pdf")
    assert (row["agency"], row["year"], row["format"]) == (truth["agency"], truth["year"], "pdf")
    for path, name in [("report_2021.pdf", "gen_003_2021.pdf"), ("2019.pdf", "gen_002_2019.pdf")]:
        got = reports[reports["source_file"] == f"某某区人民政府/{path}"].iloc[0]
        assert (got["agency"], got["year"]) == (_truth(name)["agency"], _truth(name)["year"])
    cells = load("cells", scraped["out"])
    assert len(cells[cells["source_file"] == "某某区人民政府/report_2023.pdf"]) > 100
    page = reports[reports["source_file"] == "某某区人民政府/t2022.html"].iloc[0]  # the web-page report too
    assert (page["agency"], page["year"], page["format"], page["status"]) == ("某某区人民政府", 2022, "html",
                                                                               "partial")
    review = cells[(cells["source_file"] == "某某区人民政府/t2022.html") & (cells["col"] == "total")]
    assert dict(zip(review["row"], review["value"], strict=True)) == {"review": 4, "suit_direct": 3,
                                                                      "suit_after_review": 0}


def test_saved_report_page_keeps_its_gbk_charset_and_reads(scraped):
    path = scraped["raw"] / "某某区人民政府/t2022.html"
    assert "政府信息公开" not in path.read_bytes().decode("utf-8", errors="replace")  # still GBK bytes
    report = extract_html(path, path.name)
    assert (report.agency, report.year, report.format) == ("某某区人民政府", 2022, "html")
    printed = {(c.row, c.col): c.value for c in report.cells}
    assert printed[("review", "total")] == 4 and printed[("suit_direct", "total")] == 3


def test_rounds_stay_fast(scraped):
    # the slow URL costs ~1.5 s a round (three 0.5 s timeouts); the rest is process start and extraction
    assert max(scraped["timings"]) < 30


# --- pieces -------------------------------------------------------------------------


def test_lock_stops_an_overlapping_run(tmp_path):
    with run_lock(tmp_path / "scrape.lock"):
        with pytest.raises(Busy):
            with run_lock(tmp_path / "scrape.lock"):
                pass
    with run_lock(tmp_path / "scrape.lock"):  # released: the next run goes ahead
        pass


def test_cli_skips_while_locked_and_rejects_a_bad_sources_file(tmp_path, capsys):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: x\n    start: http://127.0.0.1:9/\n", encoding="utf-8")
    with run_lock(tmp_path / "state" / "scrape.lock"):
        assert main(["scrape", "--sources", str(sources), "--state", str(tmp_path / "state"), "--no-extract"]) == 0
    assert "skipped: another scrape is running" in capsys.readouterr().out
    sources.write_text("sources:\n  - name: x\n    start: ftp://example/\n", encoding="utf-8")
    assert main(["scrape", "--sources", str(sources), "--state", str(tmp_path / "state")]) == 2
    assert "start must be an http(s) URL" in capsys.readouterr().err


def test_no_network_gives_one_line_per_failed_source(tmp_path, capsys):
    sources = tmp_path / "sources.yaml"  # nothing listens on these ports: every connection is refused
    sources.write_text("sources:\n  - name: 甲\n    start: http://127.0.0.1:9/a/\n"
                       "  - name: 乙\n    start: http://127.0.0.1:1/b/\n", encoding="utf-8")
    argv = ["scrape", "--sources", str(sources), "--state", str(tmp_path / "state"), "--raw", str(tmp_path / "raw"),
            "--no-extract", "--set", "RETRY_TIMES=0"]
    assert main(argv) == 1  # nothing could be fetched
    out = capsys.readouterr()
    lines = [x for x in out.out.splitlines() if x.startswith("  source ")]
    assert sorted(x.split(":")[0] for x in lines) == ["  source 乙", "  source 甲"]
    assert all("failed:" in x and "127.0.0.1" in x for x in lines)
    assert "Traceback" not in out.out + out.err
    log = next((tmp_path / "state" / "logs").glob("*.log")).read_text(encoding="utf-8")
    assert "ConnectionRefused" in log  # Scrapy's own words are kept, in the crawl's log file


def test_sources_file_keys_and_example(tmp_path):
    sources, options = load_sources(REPO / "sources.yaml")
    assert sources and all(s.start.startswith("http") for s in sources)
    bad = tmp_path / "s.yaml"
    bad.write_text("sources:\n  - name: a\n    start: https://x.gov.cn/\n    next: '('\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad next regex"):
        load_sources(bad)


def test_every_parses_durations():
    assert [parse_every(x) for x in ("24h", "30m", "1d", "90", "1.5h")] == [86400, 1800, 86400, 90, 5400]


def test_atomic_write_leaves_nothing_partial(tmp_path, monkeypatch):
    target = tmp_path / "a" / "r.pdf"

    def crash(*_):
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", crash)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"%PDF-1.4 x")
    assert not target.exists() and list((tmp_path / "a").iterdir()) == []
    (tmp_path / "a" / ".r.pdf.123.tmp").write_bytes(b"half")  # what a kill -9 would leave
    assert sweep_temp(tmp_path) == 1 and list((tmp_path / "a").iterdir()) == []


def test_names_and_deduplication(tmp_path):
    assert file_name("http://x/a/%E5%B9%B4%E6%8A%A5.pdf", ".pdf") == "年报.pdf"
    assert file_name("http://x/content.jsp?id=5", ".html") != file_name("http://x/content.jsp?id=6", ".html")
    manifest = Manifest(tmp_path / "m.sqlite")
    store = RawStore(tmp_path / "raw", manifest)
    path, new = store.save("src", "http://x/a/r.pdf", b"%PDF-1 one", ".pdf")
    assert (path, new) == ("src/r.pdf", True)
    manifest.record(run_id="t", source="s", kind="report", url="u", sha256=_sha(b"%PDF-1 one"), saved_path=path)
    assert store.save("src", "http://y/other.pdf", b"%PDF-1 one", ".pdf") == ("src/r.pdf", False)
    other, new = store.save("src", "http://x/b/r.pdf", b"%PDF-1 two", ".pdf")  # same name, other bytes
    assert new and other == f"src/r_{_sha(b'%PDF-1 two')[:8]}.pdf"


def test_listing_read_in_gbk_without_any_label():
    page = read_html("<html><body><a href='a.pdf'>某某区2019年政府信息公开工作年度报告</a></body></html>".encode("gbk"))
    assert page.links == [("a.pdf", "某某区2019年政府信息公开工作年度报告")]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
