"""Raw files, filed atomically and once: data/raw/<source>/<name>.

A file is written beside its final name and renamed into place
(pipeline.atomic), so a crash or a kill leaves no partial report where the
extraction would read it; the leftovers are swept at the next start. A body
whose sha256 is already filed is not written again.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.atomic import write_bytes_atomic
from pipeline.scrape.sources import safe_name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_name(url: str, suffix: str) -> str:
    """A name from the URL's last path segment, with the suffix the content calls for; a query
    string (content.jsp?id=5) gets a short hash of the URL so two reports do not share a name."""
    parts = urlsplit(url)
    stem = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or "index"
    stem = re.sub(r"\.(pdf|s?html?|xhtml|jsp|aspx?|php)$", "", stem, flags=re.I)
    if parts.query:
        stem += "_" + hashlib.sha1(url.encode()).hexdigest()[:8]
    return safe_name(stem)[:100] + suffix


class RawStore:
    def __init__(self, raw: str | Path, manifest):
        self.raw = Path(raw)
        self.manifest = manifest

    def save(self, folder: str, url: str, data: bytes, suffix: str) -> tuple[str, bool]:
        """(path under RAW, whether a new file was written). Known content gives its existing path."""
        digest = sha256(data)
        known = self.manifest.path_of(digest)
        if known and (self.raw / known).is_file():
            return known, False
        target = self.raw / folder / file_name(url, suffix)
        if target.exists():
            if sha256(target.read_bytes()) == digest:  # filed by a run that died before its manifest row
                return target.relative_to(self.raw).as_posix(), False
            target = target.with_name(f"{target.stem}_{digest[:8]}{suffix}")  # same name, other content
        write_bytes_atomic(target, data)
        return target.relative_to(self.raw).as_posix(), True
