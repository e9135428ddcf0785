"""How a report prints its values: number styles and placeholders.

Returns, cell by cell, the printed text, the truth value (what the printed
text means, null for a placeholder) and the kind of a non-number cell.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline.schema import AMOUNT_COLUMNS, SIGNED_COLUMNS

from .values import Cells

FULLWIDTH = str.maketrans("0123456789+-.,", "０１２３４５６７８９＋－．，")
PLACEHOLDER_KIND = {"": "blank", "/": "dash", "-": "dash", "—": "dash", "－": "dash", "无": "text"}


@dataclass
class NumberStyle:
    thousands: bool = False  # 1,234
    plus_sign: bool = False  # +3 in 本年增/减
    amount_unit: str = ""  # "", "万元" or "元" (the cell then holds yuan: 251000元 = 25.1 万元)
    fullwidth_rate: float = 0.0  # share of cells printed in full-width digits
    placeholder: str | None = None  # the report's usual placeholder for a zero
    placeholder_rate: float = 0.0  # share of zero cells printed as a placeholder
    alt_placeholder: str | None = None  # a second style used now and then


def _number(value: float | int, col: str, style: NumberStyle) -> tuple[str, float | int]:
    if col in AMOUNT_COLUMNS:
        if style.amount_unit == "元" and value:
            yuan = round(value * 10000)
            return f"{yuan}元", round(yuan / 10000, 6)
        text = f"{value:.6f}".rstrip("0").rstrip(".") if value else "0"
        if style.thousands and value >= 1000:
            whole, _, frac = text.partition(".")
            text = f"{int(whole):,}" + (f".{frac}" if frac else "")
        return text + style.amount_unit, value
    text = f"{value:,}" if style.thousands else str(value)
    if col in SIGNED_COLUMNS and style.plus_sign and value > 0:
        text = "+" + text
    return text, value


def print_cells(rng: random.Random, values: Cells, style: NumberStyle) -> tuple[Cells, Cells, Cells]:
    """(printed text, truth values, kinds of the non-number cells)."""
    printed: Cells = {}
    truth: Cells = {}
    kinds: Cells = {}
    for table, rows in values.items():
        for row, cols in rows.items():
            for col, value in cols.items():
                if style.placeholder is not None and value == 0 and rng.random() < style.placeholder_rate:
                    mark = style.placeholder
                    if style.alt_placeholder is not None and rng.random() < 0.1:
                        mark = style.alt_placeholder
                    text, meaning = mark, None
                    kinds.setdefault(table, {}).setdefault(row, {})[col] = PLACEHOLDER_KIND[mark]
                else:
                    text, meaning = _number(value, col, style)
                    if rng.random() < style.fullwidth_rate:
                        text = text.translate(FULLWIDTH)
                printed.setdefault(table, {}).setdefault(row, {})[col] = text
                truth.setdefault(table, {}).setdefault(row, {})[col] = meaning
    return printed, truth, kinds


def print_merged(values: Cells, table: str, rows: list[str], style: NumberStyle,
                 truth: Cells, kinds: Cells) -> dict[str, str]:
    """Value cells merged over `rows`: one number per column, the rows' sum, printed once.

    Returns the printed text per column and rewrites those rows' truth: a 0 applies to
    each row; any other number is not split among them (null, kind `merged`).
    """
    texts = {}
    for col in values[table][rows[0]]:
        total = sum(values[table][r][col] for r in rows)
        texts[col] = _number(total, col, style)[0]
        for r in rows:
            truth[table][r][col] = 0 if total == 0 else None
            kinds.get(table, {}).get(r, {}).pop(col, None)
            if total:
                kinds.setdefault(table, {}).setdefault(r, {})[col] = "merged"
    return texts
