"""A report's rows before they are written, and what identifies it: light on purpose.

The batch runner imports this in its parent process, which never parses a PDF,
so nothing here pulls in a PDF library.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.layout import LOW_CONFIDENCE

if TYPE_CHECKING:
    from pipeline.checks import Check
    from pipeline.sections import Section
    from pipeline.tables import CellValue

__all__ = ["HTML_SUFFIXES", "LOW_CONFIDENCE", "PDF_SUFFIXES", "PIPELINE_VERSION", "Report", "is_pdf", "sha256_of"]


def _version() -> str:
    try:
        return metadata.version("govreport")
    except metadata.PackageNotFoundError:  # run from a checkout that was not installed
        import tomllib

        pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")  # reports published as web pages
# the error of a file whose bytes changed (or that went) while a run read it: every run reads it again
CHANGED_WHILE_READ = "the file changed or went away while it was read: the next run reads it again"

# Written on every row; a new version makes an incremental run extract every file again.
PIPELINE_VERSION = _version()


@dataclass
class Report:
    report_id: str
    source_file: str
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    format: str = "pdf"
    pages: int | None = None
    first_page: int | None = None  # 1-based page of the file the report begins on (PDFs)
    text_layer: bool | None = None
    status: str = "error"
    error: str | None = None
    pipeline_version: str = PIPELINE_VERSION
    ocr_pages: int = 0
    rows_not_printed: str | None = None  # template rows the report left out, e.g. "active.rules"
    cells: list[CellValue] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    """The PDF header, which readers accept anywhere in the first kilobyte."""
    return b"%PDF-" in data[:1024]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
