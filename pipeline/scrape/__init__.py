"""Scheduled scraping of agencies' report pages (issue 5).

`govreport scrape` reads sources.yaml, crawls each agency's listing
pages with Scrapy (robots.txt, one request per host at a time, AutoThrottle,
retries with backoff, conditional GET, size limit), files the reports it finds
under data/raw/<source name>/, records every fetch in a SQLite manifest, and
then runs the extraction over data/raw. See docs/SCRAPING.md.

Modules: sources (the sources file), files (atomic, deduplicated raw files),
manifest (every URL fetched), spider (what to follow and what to keep),
crawl (one Scrapy run, in its own process), rounds (lock, schedule, extract).
"""
