"""Cell text -> (value, kind), as SCHEMA.md "Values" says.

A placeholder is never a number: blank, dash and text cells get a null value
and keep their printed text in `raw`. Nothing is guessed: a cell that is not
cleanly a number, a placeholder or words is `text` with a null value.
"""
from __future__ import annotations

import re
from functools import lru_cache

from parsers.layout import fold
from pipeline.schema import AMOUNT_COLUMNS

DASHES = set("/／\\-－—–‐‑―─━")
# Words agencies print in a cell instead of a number.
PLACEHOLDER_WORDS = frozenset({"无", "暂无", "没有", "不适用", "无此项", "未发生", "空"})
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_UNIT = re.compile(r"(万元|元|件|个|项|条|次|人)$")


@lru_cache(maxsize=65536)  # the same few hundred texts fill every report's cells
def parse_value(raw: str | None, col: str | None = None) -> tuple[float | None, str]:
    """Return (value, kind) for a cell's printed text; kind is number, blank, dash or text."""
    text = re.sub(r"\s+", "", fold(raw or ""))
    if not text:
        return None, "blank"
    if all(ch in DASHES for ch in text):
        return None, "dash"
    unit_match = _UNIT.search(text)
    unit = unit_match.group(1) if unit_match else ""
    if unit:
        text = text[: -len(unit)]
    text = text.replace("，", ",").replace("．", ".").replace("－", "-").replace("＋", "+")
    m = _NUMBER.match(text)
    if not m:
        return None, "text"
    sign, digits, frac = m.groups()
    value = float(digits.replace(",", "") + (frac or ""))
    if sign == "-":
        value = -value
    if unit == "元" and col in AMOUNT_COLUMNS:
        value = round(value / 10000, 6)  # the column is in 万元
    return value, "number"
