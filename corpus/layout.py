"""The random layout choices of one report.

plan() deals the rarer features (no rules, three-line tables, landscape,
subtotals, broken identities…) over the corpus so that each appears a fixed
number of times; draw() rolls the rest freely per report.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from .labels import LabelStyle
from .printing import NumberStyle

FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "WenQuanYi Zen Hei")
TRUETYPE = FONTS[2:]  # embedded as TrueType subsets (LibreOffice turns the CFF Noto fonts into Type 1)
PLACEHOLDERS = ("/", "-", "—", "－", "无", "")

# Feature -> how many reports of a corpus of n carry it (at least the floor).
QUOTAS = {
    "borders_none": lambda n: max(4, n // 8),
    "borders_three_line": lambda n: max(2, n // 12),
    "landscape": lambda n: 2,
    "org_subtotal": lambda n: 2,
    "group_totals": lambda n: max(3, n // 10),
    "broken": lambda n: max(3, n // 12),
    "kangxi": lambda n: 2,
    "fullwidth": lambda n: 2,
    "yuan_amount": lambda n: 2,
}


@dataclass
class Layout:
    template: str = "2019"
    other_rows: str = "2019"  # （六） of table 三: one row (2019) or three (2021)
    year: int = 2019
    agency: str = ""
    title_lines: int = 2
    title_year_space: bool = True  # "2023 年" rather than "2023年"
    body_font: str = FONTS[0]
    table_font: str = FONTS[0]
    title_font: str = FONTS[1]
    body_size: float = 14
    table_size: float = 10.5
    body_paragraphs: int = 8  # seed paragraphs reused in 一、总体情况
    body_chars: int = 1500  # length of 一、总体情况: with the sizes, moves the page breaks
    line_spacing: float = 1.25
    active_form: str = "one_table"  # table 二: one_table (merged) or separate tables
    borders: str = "grid"  # grid | none | three_line
    repeat_header: bool = False  # w:tblHeader on the header rows
    cant_split: bool = False  # w:cantSplit on every row
    results_label: str = "char_lines"  # char_lines | narrow | horizontal (三、本年度办理结果)
    group_label: str = "wrap"  # （三）不予公开 etc.: wrap (narrow) | horizontal
    item_col_cm: float = 4.0  # width of the item label column: narrow widths wrap labels
    label_align: str = "left"  # left | center | distribute
    landscape: bool = False  # table 三 on a landscape page
    footer: str = "dash"  # none | dash (- 3 -) | page_cn (第 3 页)
    running_header: bool = False
    section6_none: bool = False  # 六、无其他需要报告的事项
    extra_active_row: bool = False  # 其他主动公开文件 (no canonical id)
    group_totals: bool = False  # subtotal rows （三）不予公开 …
    org_subtotal: bool = False  # 法人或其他组织 小计 column
    org_subtotal_first: bool = False
    broken: list[str] = field(default_factory=list)  # identities broken on purpose
    # Rarer forms (corpus/kinds.py sets them; draw() leaves them off)
    applicant_header: str = "fit"  # fit | stacked: org columns so narrow their headers stack
    stack_chars: int = 1  # stacked: characters per header line (商/业/企/业 or 商业/企业)
    header_shading: str = ""  # fill of table 三's header rows (w:shd), e.g. D9D9D9; "" for none
    merge_other: bool = False  # table 三: （六）'s three rows share one value cell per column (w:vMerge)
    omit_rows: list[str] = field(default_factory=list)  # table 二 rows not printed (rules)
    title_form: str = "plain"  # see text.TITLE_FORMS
    requests_new_page: bool = False  # section 三 (and table 三) begins a page
    long_chars: int = 0  # a long report (generate --long): prose added over the intro, 一, 五 and 六
    labels: LabelStyle = field(default_factory=LabelStyle)
    numbers: NumberStyle = field(default_factory=NumberStyle)

    def record(self) -> dict:
        """Every choice, the rarer forms only where set (corpus/kinds.py)."""
        plain = Layout()
        out = {k: v for k, v in asdict(self).items() if k not in RARE or v != getattr(plain, k)}
        return out | {"labels": {k: sorted(v) if isinstance(v, set) else v for k, v in asdict(self.labels).items()}}


RARE = ("applicant_header", "stack_chars", "header_shading", "merge_other", "omit_rows", "title_form",
        "requests_new_page", "long_chars")


def plan(rng: random.Random, count: int, long: bool = False) -> list[set[str]]:
    """The quota features of each of `count` reports; `long`: every report long, half of them
    with a TrueType body font."""
    features: list[set[str]] = [set() for _ in range(count)]
    # Border modes exclude each other: deal them from one shuffled deck.
    deck = ["borders_none"] * QUOTAS["borders_none"](count) + \
        ["borders_three_line"] * QUOTAS["borders_three_line"](count)
    for i, name in zip(rng.sample(range(count), min(count, len(deck))), deck, strict=False):
        features[i].add(name)
    for name, quota in QUOTAS.items():
        if not name.startswith("borders"):
            for i in rng.sample(range(count), min(count, quota(count))):
                features[i].add(name)
    # About 40 % of reports use placeholders; every style appears at least twice.
    styles = list(PLACEHOLDERS) * 2
    styles += [rng.choice(PLACEHOLDERS) for _ in range(max(0, int(count * 0.4) - len(styles)))]
    open_ = [i for i in range(count) if "broken" not in features[i]]  # a placeholder could hide the break
    for i, style in zip(rng.sample(open_, min(len(open_), len(styles))), styles, strict=False):
        features[i].add(f"placeholder:{style}")
    if long:
        for i in rng.sample(range(count), (count + 1) // 2):
            features[i].add("truetype_body")
        for f in features:
            f.add("long")
    return features


def long_chars(rng: random.Random, lay: Layout) -> int:
    """6–12 pages of prose at the report's size and spacing (A4, generate's margins)."""
    per_line = 15.4 / (lay.body_size / 28.35) - 1  # text width 15.4 cm, a 2-character indent a paragraph
    lines = 24.6 / (lay.body_size * lay.line_spacing * 1.3 / 28.35)
    return int(rng.randint(6, 12) * per_line * lines)


def _year(rng: random.Random, template: str) -> int:
    if template == "2019":
        return rng.choice([2019, 2019, 2020, 2020, 2021, 2022])
    return rng.choice([2020, 2021, 2022, 2023, 2023, 2024, 2024])


def draw(rng: random.Random, features: set[str], agency: str) -> Layout:
    lay = Layout(agency=agency)
    lay.template = rng.choice(["2019", "2021"])
    if lay.template == "2019":
        lay.other_rows = "2021" if rng.random() < 0.15 else "2019"
    else:
        lay.other_rows = rng.choice(["2019", "2021", "2021"])
    lay.year = _year(rng, lay.template)
    lay.title_lines = rng.choice([1, 2, 2])
    lay.title_year_space = rng.random() < 0.4
    lay.body_font = rng.choice(TRUETYPE if "truetype_body" in features else FONTS)
    lay.table_font = lay.body_font
    if rng.random() < 0.3:
        # A second font embeds the tables' glyphs twice: pair with the light TrueType one.
        wqy = "WenQuanYi Zen Hei"
        lay.table_font = wqy if lay.body_font != wqy else rng.choice(FONTS[:3])
    lay.title_font = rng.choice(FONTS[:2])
    lay.body_size = rng.choice([10.5, 12, 14, 15, 16])
    lay.table_size = rng.choice([9, 9.5, 10, 10.5, 11, 12])
    lay.body_paragraphs = rng.randint(1, 16)
    lay.body_chars = rng.randint(100, 4500)
    lay.line_spacing = rng.choice([1.0, 1.15, 1.25, 1.5])
    lay.active_form = rng.choice(["one_table", "one_table", "separate"])
    lay.borders = ("none" if "borders_none" in features
                   else "three_line" if "borders_three_line" in features else "grid")
    lay.repeat_header = rng.random() < 0.4
    lay.cant_split = rng.random() < 0.5
    lay.results_label = rng.choice(["char_lines", "char_lines", "narrow", "horizontal"])
    lay.group_label = rng.choice(["wrap", "wrap", "horizontal"])
    lay.item_col_cm = rng.choice([2.2, 2.8, 3.5, 4.5, 5.5])
    lay.label_align = rng.choice(["left", "left", "center", "distribute"])
    lay.landscape = "landscape" in features
    lay.footer = rng.choice(["none", "dash", "dash", "page_cn"])
    lay.running_header = rng.random() < 0.25
    lay.section6_none = rng.random() < 0.3
    lay.extra_active_row = rng.random() < 0.15
    lay.group_totals = "group_totals" in features
    lay.org_subtotal = "org_subtotal" in features
    lay.org_subtotal_first = rng.random() < 0.5
    if "broken" in features:
        lay.broken = ["pending"]  # filled in by generate once the values are known
    lay.labels = LabelStyle(
        numbering=rng.choice(["1.", "1.", "1.", "1、", "（1）", ""]),
        typos={t for t in ("denied_prohibited_by_law", "denied_internal_affairs", "partially_granted",
                           "unprocessed_repetitive") if rng.random() < 0.2},
        spaced={s for s in ("行政许可", "行政处罚", "总计", "其他") if rng.random() < 0.15},
        rules_note=rng.random() < 0.2,
        kangxi="kangxi" in features,
    )
    placeholder = next((f.split(":", 1)[1] for f in features if f.startswith("placeholder:")), None)
    lay.numbers = NumberStyle(
        thousands=rng.random() < 0.35,
        plus_sign=rng.random() < 0.4,
        amount_unit="元" if "yuan_amount" in features else rng.choice(["", "", "万元"]),
        fullwidth_rate=0.3 if "fullwidth" in features else 0.0,
        placeholder=placeholder,
        placeholder_rate=rng.choice([0.1, 0.3, 0.8]) if placeholder is not None else 0.0,
        alt_placeholder=rng.choice(PLACEHOLDERS) if placeholder is not None and rng.random() < 0.3 else None,
    )
    if "long" in features:
        lay.long_chars = long_chars(rng, lay)
        lay.section6_none = False  # 六 has pages to say
    return lay
