"""Printed row and column labels, with the quirks real reports carry.

The official wording comes from pipeline.schema; this module only bends it:
numbering styles, known typos, stray spaces, notes inside labels and fonts
that map ideographs to Kangxi-radical code points.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Typos seen in real reports (SCHEMA.md, "Layout facts").
TYPOS = {
    "denied_prohibited_by_law": ("其他法律行政法规禁止公开", "其他法律行政止公开"),
    "denied_internal_affairs": ("三类内部事务信息", "三类内容事务信息"),
    "partially_granted": ("只计这一情形", "只计这一情况"),
    "unprocessed_repetitive": ("大量反复申请", "大量反复 申请"),
}
RULES_NOTE = "(设区的市、自治州人民政府应提供相关数据)"
KANGXI = str.maketrans("人行生工文方目高力面大一小子自用", "⼈⾏⽣⼯⽂⽅⽬⾼⼒⾯⼤⼀⼩⼦⾃⽤")
ITEM_NUMBER = re.compile(r"^(\d+)\.")


@dataclass
class LabelStyle:
    numbering: str = "1."  # "1.", "1、", "（1）" or "" (none)
    typos: set[str] = field(default_factory=set)  # row ids whose label is misspelt
    spaced: set[str] = field(default_factory=set)  # labels spread with spaces (行 政 许 可)
    rules_note: bool = False
    kangxi: bool = False


def spread(text: str) -> str:
    return " ".join(text)


def item(row_id: str, label: str, style: LabelStyle) -> str:
    """A numbered item label of table 三 (1.属于国家秘密 …) or any other label."""
    if row_id in style.typos and row_id in TYPOS:
        label = label.replace(*TYPOS[row_id])
    match = ITEM_NUMBER.match(label)
    if match:
        n, rest = match.group(1), label[match.end():]
        label = {"1.": f"{n}.", "1、": f"{n}、", "（1）": f"（{n}）", "": ""}[style.numbering] + rest
    return finish(label, style)


def active_row(row_id: str, label: str, style: LabelStyle) -> str:
    if row_id == "rules" and style.rules_note:
        label += RULES_NOTE
    if row_id in style.spaced:
        label = spread(label)
    return finish(label, style)


def finish(label: str, style: LabelStyle) -> str:
    if label in style.spaced:
        label = spread(label)
    return label.translate(KANGXI) if style.kangxi else label
