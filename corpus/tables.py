"""The three statistical tables, drawn into a python-docx Document.

Each builder takes the printed cell texts (printing.py) and the layout, and
lays the table out the way Word users do: merged label cells, narrow label
columns, optional repeated header rows and rules.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.schema import (
    ACTIVE_SUBTABLES,
    GROUPS,
    ORG_COLUMNS,
    ORG_SUBTOTAL,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
)

from . import labels
from .docx_util import (
    center_table,
    rule_below,
    set_cell,
    set_col_widths,
    set_paragraph,
    set_row_flags,
    set_table_borders,
    shade_cell,
)
from .layout import Layout
from .values import Cells, result_rows

CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
PT_CM = 0.0353
OTHER_ROWS = ("other_no_correction", "other_unpaid_fee", "other_other")  # （六）'s three rows (2021)


@dataclass
class Ctx:
    doc: object
    lay: Layout
    printed: Cells
    width_cm: float  # text width of the page the table sits on
    extra: dict  # printed values of local rows with no canonical id

    @property
    def font(self) -> str:
        return self.lay.table_font

    @property
    def size(self) -> float:
        return self.lay.table_size

    def text(self, cell, text: str, **kw) -> None:
        set_cell(cell, text, self.font, self.size, **kw)

    def label(self, cell, text: str, **kw) -> None:
        align = kw.pop("align", self.lay.label_align)
        set_cell(cell, text, self.font, self.size, align=align, **kw)


def _finish(ctx: Ctx, table, header_rows: int, widths: list[float]) -> None:
    set_col_widths(table, widths)
    set_table_borders(table, ctx.lay.borders)
    center_table(table)
    for i, row in enumerate(table.rows):
        set_row_flags(row, header=ctx.lay.repeat_header and i < header_rows, cant_split=ctx.lay.cant_split)
    if ctx.lay.borders == "three_line" and header_rows:
        rule_below(table.rows[header_rows - 1])


# --- table 二 ---------------------------------------------------------------

def _active_parts(lay: Layout):
    """(item, rows, columns) of each sub-table this template prints."""
    for sub in ACTIVE_SUBTABLES:
        rows = [r for r in sub.rows if lay.template in r.versions and r.id not in lay.omit_rows]
        if rows and sub.columns[lay.template]:
            yield sub.item, rows, sub.columns[lay.template]


def _spans(k: int) -> list[int]:
    """How k value columns share the three value columns of a merged table."""
    return {3: [1, 1, 1], 2: [1, 2], 1: [3]}[k]


def _active_rows(ctx: Ctx, rows, cols) -> list[tuple[str, list[str]]]:
    lines = []
    for row in rows:
        label = row.labels[0] if ctx.lay.template == "2021" else row.labels[-1]
        label = labels.active_row(row.id, label, ctx.lay.labels)
        lines.append((label, [ctx.printed["active"][row.id][c.id] for c in cols]))
        if row.id == "normative_documents" and ctx.lay.extra_active_row:
            lines.append((labels.finish("其他主动公开文件", ctx.lay.labels), ctx.extra["active_extra"]))
    return lines


def active_table(ctx: Ctx) -> None:
    label_cm = min(5.5, ctx.width_cm * 0.34)
    if ctx.lay.active_form == "separate":
        for item, rows, cols in _active_parts(ctx.lay):
            lines = _active_rows(ctx, rows, cols)
            table = ctx.doc.add_table(rows=2 + len(lines), cols=1 + len(cols))
            ctx.text(table.cell(0, 0).merge(table.cell(0, len(cols))), item)
            ctx.text(table.cell(1, 0), "信息内容")
            for j, col in enumerate(cols):
                ctx.text(table.cell(1, 1 + j), labels.finish(col.label, ctx.lay.labels))
            _fill_lines(ctx, table, 2, lines, [1] * len(cols))
            value_cm = (ctx.width_cm - label_cm) / len(cols)
            _finish(ctx, table, 2, [label_cm] + [value_cm] * len(cols))
            ctx.doc.add_paragraph()
        return
    parts = list(_active_parts(ctx.lay))
    n_rows = sum(2 + len(_active_rows(ctx, rows, cols)) for _, rows, cols in parts)
    table = ctx.doc.add_table(rows=n_rows, cols=4)
    r = 0
    for item, rows, cols in parts:
        spans = _spans(len(cols))
        ctx.text(table.cell(r, 0).merge(table.cell(r, 3)), item)
        ctx.text(table.cell(r + 1, 0), "信息内容")
        for col, cell in zip(cols, _spanned(table, r + 1, spans), strict=True):
            ctx.text(cell, labels.finish(col.label, ctx.lay.labels))
        lines = _active_rows(ctx, rows, cols)
        _fill_lines(ctx, table, r + 2, lines, spans)
        if ctx.lay.borders == "three_line":
            rule_below(table.rows[r + 1])
        r += 2 + len(lines)
    _finish(ctx, table, 0, [label_cm] + [(ctx.width_cm - label_cm) / 3] * 3)
    if ctx.lay.borders == "three_line":
        rule_below(table.rows[0])


def _spanned(table, r: int, spans: list[int]):
    """The cells of row r after merging groups of `spans` value columns."""
    cells, c = [], 1
    for span in spans:
        cell = table.cell(r, c)
        if span > 1:
            cell = cell.merge(table.cell(r, c + span - 1))
        cells.append(cell)
        c += span
    return cells


def _fill_lines(ctx: Ctx, table, r: int, lines, spans: list[int]) -> None:
    for i, (label, texts) in enumerate(lines):
        ctx.label(table.cell(r + i, 0), label)
        for text, cell in zip(texts, _spanned(table, r + i, spans), strict=True):
            ctx.text(cell, text)


# --- table 三 ---------------------------------------------------------------

def request_columns(lay: Layout) -> list[str]:
    """Data column ids in printed order."""
    orgs = list(ORG_COLUMNS)
    if lay.org_subtotal:
        orgs = [ORG_SUBTOTAL.id] + orgs if lay.org_subtotal_first else orgs + [ORG_SUBTOTAL.id]
    return ["natural_person", *orgs, "total"]


def request_layout(lay: Layout) -> list[tuple[str, str | None]]:
    """Printed rows in order: (row id, group id of the B column or None)."""
    printed_groups = {"denied", "unavailable", "unprocessed"} | ({"other"} if lay.other_rows == "2021" else set())
    rows: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    shown = set(result_rows(lay.other_rows)) | {"new_requests", "carried_over", "total_handled", "carried_forward"}
    for r in REQUEST_ROWS:
        if r.id not in shown:
            continue
        if r.group in printed_groups and r.group not in seen:
            seen.add(r.group)
            if lay.group_totals:
                rows.append((GROUPS[r.group].total_row, None))
        rows.append((r.id, r.group if r.group in printed_groups else None))
    return rows


def _widths(ctx: Ctx, n_data: int) -> list[float]:
    """Label columns A (results), B (groups), C (items), then the data columns.

    Narrow label columns make labels wrap; data columns keep room for a number.
    """
    lay = ctx.lay
    char_cm = lay.table_size * PT_CM
    a = char_cm * 1.3 + 0.25 if lay.results_label != "horizontal" else char_cm * 5 + 0.3
    b = char_cm * 3.4 + 0.25 if lay.group_label == "wrap" else char_cm * 6.2 + 0.3
    data_min = max(1.0, char_cm * (3.2 if lay.numbers.thousands else 2.4) + 0.3)
    room = ctx.width_cm - a - b - n_data * data_min
    c = max(char_cm * 5 + 0.3, min(lay.item_col_cm * (1.4 if lay.landscape else 1), room))
    data = min(2.2, (ctx.width_cm - a - b - c) / n_data)
    return [a, b, c] + [data] * n_data


CELL_MARGIN_CM = 0.19  # Word's default left and right cell margins (108 twips)


def _stacked_widths(ctx: Ctx, cols: list[str], rows: list[str]) -> list[float]:
    """Narrow data columns: each organisation column holds `stack_chars` characters a line
    (its header stacks: 商/业/企/业) and its widest number; 自然人 and 总计 their label. The
    label columns end a character after the longest one-line label (一、本年新收…数量), so
    the numbers start close to where the labels end."""
    lay = ctx.lay
    char_cm = lay.table_size * PT_CM
    pad = 2 * CELL_MARGIN_CM + 0.05
    data = []
    for col in cols:
        chars = {"natural_person": 3, "total": 2}.get(col, lay.stack_chars)
        texts = [ctx.printed["requests"][r][col] for r in rows] + [ctx.extra.get("other_merged", {}).get(col, "")]
        digits = max(map(len, texts))
        data.append(pad + max((chars + 0.1) * char_cm, digits * 0.6 * char_cm))
    a = char_cm + pad
    b = char_cm * 3 + pad if lay.group_label == "wrap" else char_cm * 5 + pad
    labels_cm = min(17 * char_cm + pad, ctx.width_cm - sum(data))
    return [a, b, labels_cm - a - b] + data


def requests_table(ctx: Ctx) -> None:
    lay, lab = ctx.lay, ctx.lay.labels
    cols = request_columns(lay)
    rows = request_layout(lay)
    names = {c.id: c.label for c in REQUEST_COLUMNS} | {ORG_SUBTOTAL.id: ORG_SUBTOTAL.label}
    labels_of = {r.id: r.label for r in REQUEST_ROWS} | {g.total_row: g.label for g in GROUPS.values() if g.total_row}
    table = ctx.doc.add_table(rows=3 + len(rows), cols=3 + len(cols))
    last = 2 + len(cols)
    # Header: the check note over the label columns, 申请人情况 over the data.
    ctx.text(table.cell(0, 0).merge(table.cell(2, 2)), CHECK_NOTE, align="left")
    ctx.text(table.cell(0, 3).merge(table.cell(0, last)), "申请人情况")
    ctx.text(table.cell(1, 3).merge(table.cell(2, 3)), names["natural_person"])
    ctx.text(table.cell(1, 4).merge(table.cell(1, last - 1)), "法人或其他组织")
    ctx.text(table.cell(1, last).merge(table.cell(2, last)), labels.finish(names["total"], lab))
    for j, col in enumerate(cols[1:-1]):
        ctx.text(table.cell(2, 4 + j), labels.finish(names[col], lab))
    results = [i for i, (rid, _) in enumerate(rows) if rid not in
               ("new_requests", "carried_over", "carried_forward")]
    r0 = 3
    merged = [rid for rid, _ in rows if rid in OTHER_ROWS] if lay.merge_other else []
    for i, (rid, group) in enumerate(rows):
        r = r0 + i
        for j, col in enumerate(cols):
            if rid not in merged:
                ctx.text(table.cell(r, 3 + j), ctx.printed["requests"][rid][col])
        text = labels.item(rid, labels_of[rid], lab)
        if i not in results:
            ctx.label(table.cell(r, 0).merge(table.cell(r, 2)), labels.finish(text, lab))
        elif group is None:
            ctx.label(table.cell(r, 1).merge(table.cell(r, 2)), text)
        else:
            ctx.label(table.cell(r, 2), text)
    # Vertical merges: 三、本年度办理结果 over every result row, each group over its items.
    a = table.cell(r0 + results[0], 0).merge(table.cell(r0 + results[-1], 0))
    ctx.text(a, labels.finish(GROUPS["results"].label, lab), char_lines=lay.results_label == "char_lines")
    for group in ("denied", "unavailable", "unprocessed", "other"):
        span = [i for i, (_, g) in enumerate(rows) if g == group]
        if span:
            b = table.cell(r0 + span[0], 1).merge(table.cell(r0 + span[-1], 1))
            ctx.label(b, labels.finish(GROUPS[group].label, lab), align="center")
    if merged:
        # One value cell per column over the three rows: the printed text is in extra.
        first, last_row = r0 + rows.index((merged[0], "other")), r0 + rows.index((merged[-1], "other"))
        for j, col in enumerate(cols):
            cell = table.cell(first, 3 + j).merge(table.cell(last_row, 3 + j))
            ctx.text(cell, ctx.extra["other_merged"][col])
    if lay.applicant_header == "stacked":
        widths = _stacked_widths(ctx, cols, [rid for rid, _ in rows if rid not in merged])
    else:
        widths = _widths(ctx, len(cols))
    _finish(ctx, table, 3, widths)
    if lay.header_shading:  # the header rows as bands: every cell of them filled
        for row in table.rows[:3]:
            for tc in row._tr.tc_lst:
                shade_cell(tc, lay.header_shading)


# --- table 四 ---------------------------------------------------------------

def review_table(ctx: Ctx) -> None:
    lab = ctx.lay.labels
    table = ctx.doc.add_table(rows=4, cols=15)
    ctx.text(table.cell(0, 0).merge(table.cell(0, 4)), REVIEW_ROWS[0].label)
    ctx.text(table.cell(0, 5).merge(table.cell(0, 14)), "行政诉讼")
    ctx.text(table.cell(1, 5).merge(table.cell(1, 9)), REVIEW_ROWS[1].label)
    ctx.text(table.cell(1, 10).merge(table.cell(1, 14)), REVIEW_ROWS[2].label)
    for j, col in enumerate(REVIEW_COLUMNS):
        ctx.text(table.cell(1, j).merge(table.cell(2, j)), labels.finish(col.label, lab))
        ctx.text(table.cell(2, 5 + j), labels.finish(col.label, lab))
        ctx.text(table.cell(2, 10 + j), labels.finish(col.label, lab))
    for i, row in enumerate(REVIEW_ROWS):
        for j, col in enumerate(REVIEW_COLUMNS):
            ctx.text(table.cell(3, 5 * i + j), ctx.printed["review_litigation"][row.id][col.id])
    _finish(ctx, table, 3, [ctx.width_cm / 15] * 15)


def add_caption(ctx: Ctx, text: str) -> None:
    set_paragraph(ctx.doc.add_paragraph(), text, ctx.font, ctx.size, align="center")
