"""One crawl of every source, in this process: `python -m pipeline.scrape.crawl ...`.

Twisted's reactor cannot start twice in one process, so the scheduler
(__main__) runs each crawl as a child process; a crash of the crawl cannot
take the scheduler down with it either.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from pipeline.scrape.sources import load_sources
from pipeline.scrape.spider import ReportSpider

USER_AGENT = "govreport-scraper/0.1 (annual reports of government information disclosure; research use)"

SETTINGS = {
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 8,  # several hosts at once ...
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,  # ... but one request at a time per host
    "DOWNLOAD_DELAY": 2.0,
    "AUTOTHROTTLE_ENABLED": True,  # slows down further when a server answers slowly
    "AUTOTHROTTLE_START_DELAY": 2.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "DOWNLOAD_TIMEOUT": 60,
    "RETRY_TIMES": 3,
    "RETRY_BACKOFF_BASE": 5.0,
    "RETRY_BACKOFF_MAX": 300.0,
    "DOWNLOAD_MAXSIZE": 100 * 1024 * 1024,  # a report is a few MB; past this it is not one
    "DOWNLOAD_WARNSIZE": 30 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    "HTTPCACHE_ENABLED": True,  # for conditional GET of listing pages (ETag, Last-Modified)
    "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
    "HTTPCACHE_GZIP": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,  # no control ports listening on the crawling machine
    "REMOTE_CONTROL_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "pipeline.scrape.spider.BackoffRetryMiddleware": 550,
    },
    "ITEM_PIPELINES": {"pipeline.scrape.spider.StorePipeline": 300},
}


def settings_for(state: Path, extra: dict, user_agent: str | None = None) -> dict:
    settings = {**SETTINGS, "HTTPCACHE_DIR": str((state / "httpcache").resolve())}
    if user_agent:
        settings["USER_AGENT"] = user_agent
    return {**settings, **extra}


def crawl(sources_file: str, raw: str, state: str, run_id: str, extra: dict | None = None) -> None:
    sources, options = load_sources(sources_file)
    state_dir = Path(state)
    process = CrawlerProcess(settings_for(state_dir, extra or {}, options.get("user_agent")))
    process.crawl(ReportSpider, sources=sources, raw=str(raw), manifest=str(state_dir / "manifest.sqlite"),
                  run_id=run_id)
    process.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", required=True)
    parser.add_argument("--raw", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--settings", default="{}", help="JSON object of Scrapy settings to override")
    args = parser.parse_args(argv)
    crawl(args.sources, args.raw, args.state, args.run_id, json.loads(args.settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
