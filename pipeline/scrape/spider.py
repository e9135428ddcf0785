"""What to follow and what to keep: listing pages -> report links -> PDFs and report pages.

A listing page is fetched every run with a conditional GET (Scrapy's HTTP
cache, RFC 2616 policy, asked to revalidate), so an unchanged listing costs a
304. A PDF already filed is not requested again. A report page is saved when
it holds tables (the statistics) and its PDF attachments are fetched too.
"""
from __future__ import annotations

import asyncio
import re
import time
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from parsers.html import decode_html, is_html, read_html
from pipeline.errors import one_line
from pipeline.report import is_pdf
from pipeline.scrape.files import RawStore, sha256
from pipeline.scrape.manifest import Manifest
from pipeline.scrape.sources import Source

REVALIDATE = {"Cache-Control": "max-age=0"}  # use the cache only after a conditional GET says "unchanged"
_PDF_LINK = re.compile(r"\.pdf(?:$|[?#&])", re.I)
_LINKS = LinkExtractor(deny_extensions=[], unique=True)  # the default drops .pdf links, the ones we want


def _charset(response) -> str | None:
    m = re.search(rb"charset=([\w.:-]+)", response.headers.get(b"Content-Type") or b"", re.I)
    return m.group(1).decode("ascii") if m else None


def _looks_pdf_url(url: str) -> bool:
    return bool(_PDF_LINK.search(url))


class ReportSpider(scrapy.Spider):
    name = "govreport"

    def __init__(self, sources: list[Source], raw: str, manifest: str, run_id: str, **kwargs):
        super().__init__(**kwargs)
        self.sources, self.raw, self.manifest_path, self.run_id = sources, raw, manifest, run_id
        self.manifest = Manifest(manifest)
        self.done = self.manifest.done_files()
        self.pages_seen: dict[str, int] = {}
        self.listings: set[str] = set()

    async def start(self):
        for source in self.sources:
            yield self._listing(source, source.start)

    def _listing(self, source: Source, url: str) -> scrapy.Request:
        self.pages_seen[source.name] = self.pages_seen.get(source.name, 0) + 1
        self.listings.add(url)
        return scrapy.Request(url, callback=self.parse_listing, errback=self.failed, headers=REVALIDATE,
                              meta={"source": source, "kind": "listing"})

    def _report(self, source: Source, url: str, kind: str) -> scrapy.Request | None:
        if url in self.done:
            return None
        meta = {"source": source, "kind": kind}
        headers = {}
        if _looks_pdf_url(url):
            meta["dont_cache"] = True  # the file is kept under RAW; a second copy in the cache is waste
        else:
            headers = REVALIDATE  # a report page: revalidated each run, so failed attachments are retried
        return scrapy.Request(url, callback=self.parse_report, errback=self.failed, headers=headers, meta=meta)

    # --- responses ----------------------------------------------------------------

    def _row(self, response, **extra) -> dict:
        request = response.request
        return {"source": request.meta["source"].name, "kind": request.meta["kind"],
                "url": request.meta.get("redirect_urls", [request.url])[0], "final_url": response.url,
                "status": 304 if "cached" in response.flags else response.status,
                "content_type": (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None,
                "bytes": len(response.body), "sha256": sha256(response.body), **extra}

    def parse_listing(self, response):
        source: Source = response.meta["source"]
        yield self._row(response)
        _, codec = decode_html(response.body, _charset(response))
        # our own charset decision (GBK pages without a label are common), so link texts read right
        page = HtmlResponse(response.url, body=response.body, encoding=codec)
        for link in _LINKS.extract_links(page):
            host = urlsplit(link.url).hostname
            if source.next and re.search(source.next, link.url) and host == source.host:
                # pages link to each other: count each listing page once against max_pages
                if link.url not in self.listings and self.pages_seen.get(source.name, 0) < source.max_pages:
                    yield self._listing(source, link.url)
            elif link.url in self.listings:
                continue  # 首页, 上一页: a listing page, even where the report regex matches its href
            elif re.search(source.report, link.text or "") or re.search(source.report, link.url):
                request = self._report(source, link.url, "report")
                if request is not None:
                    yield request

    def parse_report(self, response):
        source: Source = response.meta["source"]
        kind = response.meta["kind"]
        body = response.body
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if is_pdf(body):
            yield self._row(response, save=".pdf", body=body)
        elif "pdf" in content_type or _looks_pdf_url(response.url) or kind == "attachment":
            what = "an HTML page" if is_html(body) else "something else"
            yield self._row(response, error=f"not a PDF: served as {content_type or 'PDF'} but the body is {what}")
        elif "html" in content_type or is_html(body):
            yield from self._report_page(source, response)
        else:
            yield self._row(response, error=f"unsupported type {content_type or 'unknown'}: only PDF and HTML")

    def _report_page(self, source: Source, response):
        page = read_html(response.body, _charset(response))
        attachments = {urljoin(response.url, href) for href, _ in page.links if _looks_pdf_url(href)}
        if page.grids:
            yield self._row(response, save=".html", body=_with_charset(response.body, _charset(response)))
        elif attachments:
            yield self._row(response)  # a cover page for its attachments: followed, not kept
        else:
            yield self._row(response, error="web page without tables and without PDF attachments")
        for url in sorted(attachments):
            request = self._report(source, url, "attachment")
            if request is not None:
                yield request

    def failed(self, failure):
        request = failure.request
        row = {"source": request.meta["source"].name, "kind": request.meta["kind"], "url": request.url,
               "final_url": None, "status": None}
        if failure.check(HttpError):
            row["status"] = failure.value.response.status
            row["error"] = f"HTTP {row['status']}"
        elif failure.check(IgnoreRequest) and "robots" in str(failure.value).lower():
            row["error"] = "forbidden by robots.txt"
        elif failure.check(IgnoreRequest):
            row["error"] = f"ignored: {failure.value}"
        elif failure.check(DownloadTimeoutError, TwistedTimeoutError, asyncio.TimeoutError, TimeoutError):
            row["error"] = f"timeout after {request.meta.get('retry_times', 0) + 1} tries"
        elif failure.check(DownloadCancelledError) and "max size" in str(failure.value):
            row["error"] = f"too large: over the size limit of {self.settings.getint('DOWNLOAD_MAXSIZE')} bytes"
        else:
            row["error"] = one_line(failure.value)
        yield row

    def closed(self, reason):
        self.manifest.close()


def _with_charset(body: bytes, http_charset: str | None) -> bytes:
    """A page whose charset only the HTTP header named keeps it in the saved file, as a <meta>,
    so the extraction later decodes the bytes as the server meant them."""
    if not http_charset or re.search(rb"<meta[^>]+charset", body[:4096], re.I):
        return body
    return f'<meta charset="{http_charset}">\n'.encode("ascii") + body


class StorePipeline:
    """Items -> files under RAW and rows of the manifest."""

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        self.spider = spider
        self.manifest = Manifest(spider.manifest_path)
        self.store = RawStore(spider.raw, self.manifest)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item, spider=None):
        body, suffix = item.pop("body", None), item.pop("save", None)
        source = next(s for s in self.spider.sources if s.name == item["source"])
        if body is not None and suffix:
            item["saved_path"], item["new_file"] = self.store.save(source.folder, item["final_url"], body, suffix)
        self.manifest.record(run_id=self.spider.run_id, **item)
        return {k: v for k, v in item.items() if k != "body"}

    def close_spider(self, spider=None):
        self.manifest.close()


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, timeouts, dropped connections), spaced out: the n-th retry of a
    request waits RETRY_BACKOFF_BASE * 2**(n-1) seconds (at most RETRY_BACKOFF_MAX), so a
    struggling server gets room instead of an immediate second hit."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 5.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 300.0)

    def _retry(self, request, reason):
        retry = super()._retry(request, reason)
        if retry is not None:
            n = retry.meta.get("retry_times", 1)
            retry.meta["not_before"] = time.monotonic() + min(self.base * 2 ** (n - 1), self.cap)
        return retry

    async def process_request(self, request, spider=None):
        wait = request.meta.get("not_before", 0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)  # before the download slot: other hosts go on meanwhile
        return None
