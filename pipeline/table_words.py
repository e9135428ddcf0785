"""What the national template tells a table reader about the words it meets.

The parsers rebuild grids from geometry alone; where that needs to know what
a word means (a number, a placeholder, a header or row label of the
template, a section heading) they are handed `TEMPLATE_WORDS`, which answers
from pipeline.schema through the value parser and the normalizer.
"""
from __future__ import annotations

import re

from parsers.grid import Grid
from parsers.layout import squeeze
from pipeline import normalize
from pipeline.sections import is_section_heading
from pipeline.values import DASHES, PLACEHOLDER_WORDS, parse_value

# Words of the tables' cells (a ruled frame holding none of them and no number is not a table).
TABLE_MARKERS = re.compile(
    r"信息内容|第二十条|申请人情况|自然人|商业企业|本年度办理结果|予以公开|不予处理|总计|行政复议|尚未审结|结果维持"
)


class TemplateWords:
    """parsers.stream.TableWords for the 2019 and 2021 national templates."""

    def is_number(self, text: str) -> bool:
        return parse_value(text)[1] == "number"

    def is_placeholder(self, text: str) -> bool:
        return parse_value(text)[1] in ("number", "dash") or squeeze(text) in PLACEHOLDER_WORDS

    def is_dash(self, text: str) -> bool:
        return text in DASHES

    def header(self, text: str) -> str | None:
        matches = normalize.match_header(text)
        if matches:
            return "field" if any(m.kind != "title" for m in matches) else "title"
        return "item" if "第二十条" in text else None

    def label_fit(self, text: str, partial: bool = False) -> float:
        return normalize.label_fit(text, partial)

    def is_section_heading(self, text: str) -> bool:
        return is_section_heading(text)


TEMPLATE_WORDS = TemplateWords()


def holds_values(grid: Grid) -> bool:
    """A ruled frame around body text is not a table: a table prints numbers or header words in
    cells, or placeholders beside a row label of the template (a table's last row alone at the
    head of a page: 四、结转下年度继续办理 | 无 | 无 …)."""
    texts = [c.text for c in grid.cells]
    if any(parse_value(t)[1] == "number" or TABLE_MARKERS.search(t) for t in texts):
        return True
    return (any(TEMPLATE_WORDS.is_placeholder(t) for t in texts)
            and any(normalize.label_fit(t) >= 90 for t in texts if len(t) >= 4))
