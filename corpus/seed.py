"""The seed report (福建省人社厅 2019) as paragraphs, read from shared/.

The seed is pdftotext output: one printed line per text line, blank lines in
between, a leading space where a page began. Paragraphs are rebuilt from the
line widths: a line that fills the measure continues into the next one.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pipeline.schema import SECTION_NUMERALS, SECTION_TITLES

SEED_NAME = "000_f6534e07d2c167af.txt"
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、]|（\d+）)")
SECTION = re.compile(r"^[一二三四五六]、")
# Display widths (CJK and curly quotes = 2): a shorter line ends its paragraph,
# and so does a nearly full one ending a sentence.
SHORT_LINE = 50
FULL_LINE = 56
SENTENCE_END = tuple("。！？")


def shared_dir() -> Path:
    """shared/ lies beside the repository (also in CI); GOVREPORT_SHARED overrides."""
    env = os.environ.get("GOVREPORT_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def seed_path() -> Path:
    return shared_dir() / "reports" / "seed" / SEED_NAME


def _width(line: str) -> int:
    return sum(1 if ord(ch) < 0x2000 else 2 for ch in line)


def _ends_paragraph(line: str) -> bool:
    width = _width(line)
    return width < SHORT_LINE or (line.endswith(SENTENCE_END) and width < FULL_LINE)


def _join(a: str, b: str) -> str:
    # CJK lines join without a space; two ASCII word ends keep one.
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def paragraphs(text: str) -> list[str]:
    paras: list[str] = []
    current, last = "", ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if current and (HEADING.match(line) or _ends_paragraph(last)):
            paras.append(current)
            current = ""
        current = _join(current, line)
        last = line
    if current:
        paras.append(current)
    return paras


@lru_cache(maxsize=1)
def seed_sections() -> dict[str, list[str]]:
    """Section number (1..6, 0 = title) -> paragraphs; the tables' text is dropped."""
    headings = {f"{SECTION_NUMERALS[n - 1]}、{t}": n for n, t in SECTION_TITLES.items()}
    headings["六、无其他需要报告的事项"] = 6
    sections: dict[int, list[str]] = {n: [] for n in range(7)}
    key = 0
    for p in paragraphs(seed_path().read_text(encoding="utf-8")):
        if p in headings:
            key = headings[p]
        elif key in (0, 1, 5, 6):
            sections[key].append(p)
    return sections
