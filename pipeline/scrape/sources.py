"""The sources file: which agencies to crawl, where their listing starts, which links to follow."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DEFAULT_REPORT = r"年度报告|ndbg"


@dataclass(frozen=True)
class Source:
    name: str  # the agency, used as folder name under RAW and in logs
    start: str  # first listing page
    next: str | None = None  # regex on hrefs: further listing pages
    report: str = DEFAULT_REPORT  # regex on link text or href: a report page or file
    max_pages: int = 50  # listing pages per run, a bound on a runaway pagination regex

    @property
    def host(self) -> str:
        return urlsplit(self.start).hostname or ""

    @property
    def folder(self) -> str:
        return safe_name(self.name)


def safe_name(name: str) -> str:
    """A file or folder name from free text: CJK kept, path separators and control characters out."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" ._")
    return cleaned[:120] or "unnamed"


def load_sources(path: str | Path) -> tuple[list[Source], dict]:
    """The sources and the file's other top-level keys (user_agent, ...). Errors name the entry at fault."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: no 'sources:' list")
    sources, names = [], set()
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("start"):
            raise ValueError(f"{path}: source {i} needs at least 'name' and 'start'")
        if urlsplit(str(entry["start"])).scheme not in ("http", "https"):
            raise ValueError(f"{path}: source {entry['name']!r}: start must be an http(s) URL")
        for key in ("next", "report"):
            if entry.get(key):
                try:
                    re.compile(str(entry[key]))
                except re.error as e:
                    raise ValueError(f"{path}: source {entry['name']!r}: bad {key} regex: {e}") from e
        source = Source(
            name=str(entry["name"]), start=str(entry["start"]), next=entry.get("next") or None,
            report=str(entry.get("report") or DEFAULT_REPORT), max_pages=int(entry.get("max_pages", 50)),
        )
        if source.folder in names:
            raise ValueError(f"{path}: two sources file into the same folder {source.folder!r}")
        names.add(source.folder)
        sources.append(source)
    return sources, {k: v for k, v in data.items() if k != "sources"}
