"""Property-based tests (hypothesis): value parsing, label cleaning and matching, the HTML
table layout, the title reader — on inputs no one wrote by hand."""
from __future__ import annotations

import random

import lxml.html
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from corpus.text import agency_name
from parsers.html import layout_table
from pipeline import schema
from pipeline.normalize import clean, match_active_row, match_request_row, split_numbering
from pipeline.title import find_title, parse_title
from pipeline.values import DASHES, PLACEHOLDER_WORDS, parse_value

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- values ---------------------------------------------------------------------------------

@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_reads_as_itself_however_printed(n):
    for printed in (str(n), f"{n:,}", str(n).translate(FULL_WIDTH), f" {n} ", f"{n}件"):
        assert parse_value(printed) == (float(n), "number"), printed


@SETTINGS
@given(st.integers(min_value=-10**6, max_value=10**6))
def test_a_signed_change_keeps_its_sign(n):
    assert parse_value(f"{n:+d}", "change") == (float(n), "number")


@SETTINGS
@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=0, max_value=99))
def test_amounts_in_yuan_become_wan_yuan(whole, cents):
    value, kind = parse_value(f"{whole}.{cents:02d}元", "fee_amount")
    assert kind == "number" and value == pytest.approx((whole + cents / 100) / 10000, abs=1e-6)
    assert parse_value(f"{whole}.{cents:02d}万元", "fee_amount")[0] == pytest.approx(whole + cents / 100)


@SETTINGS
@given(st.text(alphabet="".join(DASHES) + " ", min_size=1).filter(lambda t: t.strip()))
def test_a_dash_is_never_a_number(text):
    assert parse_value(text) == (None, "dash")


@SETTINGS
@given(st.text())
def test_any_text_parses_to_a_kind_and_only_a_number_has_a_value(text):
    value, kind = parse_value(text)
    assert kind in ("number", "blank", "dash", "text")
    assert (value is not None) == (kind == "number")
    if text.strip() in PLACEHOLDER_WORDS:
        assert value is None  # a placeholder is never 0


# --- labels ------------------------------------------------------------------------------

@SETTINGS
@given(st.text())
def test_cleaning_is_idempotent_and_never_fails(text):
    assert clean(clean(text)) == clean(text)
    split_numbering(text)
    match_request_row([text])
    match_active_row(text)


def _spaced(rng: random.Random, text: str) -> str:
    """A label as reports print it: stray spaces, full-width or half-width brackets."""
    out = []
    for ch in text:
        out.append(ch)
        if rng.random() < 0.15:
            out.append(rng.choice([" ", "\u3000", "  "]))
    text = "".join(out)
    return text.replace("（", "(").replace("）", ")") if rng.random() < 0.5 else text


@SETTINGS
@given(st.sampled_from(schema.REQUEST_ROWS), st.randoms(use_true_random=False))
def test_every_row_label_matches_its_row_with_stray_spaces_and_bracket_styles(row, rng):
    group = schema.GROUPS[row.group] if row.group in schema.GROUPS else None
    parts = [group.label] if group and group.id != "results" else []
    match = match_request_row(parts + [_spaced(rng, row.label)], None if parts else row.group)
    assert match.row == row.id


@SETTINGS
@given(st.sampled_from([(r.id, label) for sub in schema.ACTIVE_SUBTABLES for r in sub.rows for label in r.labels]),
       st.randoms(use_true_random=False))
def test_every_active_row_label_matches_with_stray_spaces(row_label, rng):
    row_id, label = row_label
    assert match_active_row(_spaced(rng, label)) == row_id


# --- the HTML table layout ------------------------------------------------------------------

@st.composite
def merged_grids(draw):
    """A grid of rows x cols slots tiled by rectangles (cells with row and column spans)."""
    rows, cols = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    owner = [[None] * cols for _ in range(rows)]
    cells = []
    for r in range(rows):
        for c in range(cols):
            if owner[r][c] is not None:
                continue
            width = 1
            while c + width < cols and owner[r][c + width] is None and draw(st.booleans()) and width < 3:
                width += 1
            height = 1
            while r + height < rows and all(owner[r + height][c + k] is None for k in range(width)) \
                    and draw(st.booleans()) and height < 3:
                height += 1
            for rr in range(r, r + height):
                for cc in range(c, c + width):
                    owner[rr][cc] = len(cells)
            cells.append((r, r + height, c, c + width))
    return rows, cells


@SETTINGS
@given(merged_grids())
def test_html_rowspan_and_colspan_are_laid_out_as_a_browser_does(grid):
    rows, cells = grid
    html = "<table>"
    for r in range(rows):
        html += "<tr>" + "".join(
            f'<td rowspan="{r1 - r0}" colspan="{c1 - c0}">{i}</td>'
            for i, (r0, r1, c0, c1) in sorted(enumerate(cells), key=lambda ic: ic[1][2]) if r0 == r) + "</tr>"
    html += "</table>"
    placed = layout_table(lxml.html.fromstring(html))
    assert sorted((r0, r1, c0, c1, int(text)) for r0, r1, c0, c1, text in placed) == \
        sorted((*cell, i) for i, cell in enumerate(cells))


# --- titles ---------------------------------------------------------------------------------

_CN = "〇一二三四五六七八九"


def _forms(agency: str, year: int) -> list[list[str]]:
    """The ways a title prints agency and year: one line, two lines, the year after the name,
    关于…的报告, a year in Chinese numerals or letter-spaced."""
    spaced = " ".join(str(year))
    chinese = "".join(_CN[int(d)] for d in str(year))
    return [
        [f"{agency}{year}年政府信息公开工作年度报告"],
        [agency, f"{year} 年政府信息公开工作年度报告"],
        [agency, f"政府信息公开工作年度报告（{year}年度）"],
        [f"{agency}关于{year}年度政府信息公开工作情况的报告"],
        [agency, f"{chinese}年政府信息公开工作年度报告"],
        [f"{agency}{spaced} 年政府信息公开工作年度报告"],
    ]


@SETTINGS
@given(st.randoms(use_true_random=False), st.integers(min_value=2008, max_value=2030))
def test_every_title_form_gives_agency_and_year(rng, year):
    agency = agency_name(rng)
    for lines in _forms(agency, year):
        title = find_title([lines + ["本报告根据《中华人民共和国政府信息公开条例》编制。"]])
        assert title is not None and (title.agency, title.year) == (agency, year), lines


@SETTINGS
@given(st.text(max_size=80))
def test_a_title_is_certain_or_none_never_report_words(text):
    assume("报告" in text or len(text) > 5)
    title = parse_title(text)
    if title.agency is not None:
        assert not any(w in title.agency for w in ("政府信息公开", "年度报告", "关于", "名称"))
    if title.year is not None:
        assert 2008 <= title.year <= 2100
