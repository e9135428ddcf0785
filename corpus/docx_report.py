"""Assemble one report as a Word document: title, sections, the three tables."""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from pipeline.schema import SECTION_NUMERALS, SECTION_TITLES

from .docx_util import add_field, set_paragraph, set_run_font
from .layout import Layout
from .tables import Ctx, active_table, requests_table, review_table
from .values import Cells

A4 = (21.0, 29.7)


def _heading(doc, lay: Layout, n: int, title: str | None = None, new_page: bool = False) -> None:
    text = f"{SECTION_NUMERALS[n - 1]}、{title or SECTION_TITLES[n]}"
    # Official documents set level-one headings in 黑体 (a sans face).
    paragraph = doc.add_paragraph()
    set_paragraph(paragraph, text, "Noto Sans CJK SC", lay.body_size, indent_chars=2, spacing=lay.line_spacing)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.page_break_before = new_page or None


def _para(doc, lay: Layout, text: str) -> None:
    set_paragraph(doc.add_paragraph(), text, lay.body_font, lay.body_size, align="justify",
                  indent_chars=2, spacing=lay.line_spacing)


def _page_setup(section, landscape: bool, margins: tuple[float, float]) -> float:
    """Set size and margins; return the text width in cm."""
    width, height = (A4[1], A4[0]) if landscape else A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.top_margin = section.bottom_margin = Cm(margins[0])
    section.left_margin = section.right_margin = Cm(margins[1])
    return width - 2 * margins[1]


def _header_footer(section, lay: Layout) -> None:
    if lay.running_header:
        p = section.header.paragraphs[0]
        set_paragraph(p, f"{lay.agency}{lay.year}年政府信息公开工作年度报告", lay.body_font, 9, align="center")
    if lay.footer != "none":
        p = section.footer.paragraphs[0]
        p.alignment = 1
        before, after = ("- ", " -") if lay.footer == "dash" else ("第 ", " 页")
        set_run_font(p.add_run(before), lay.body_font, 10.5)
        add_field(p, "PAGE", lay.body_font, 10.5)
        set_run_font(p.add_run(after), lay.body_font, 10.5)


def _front(doc, lay: Layout, above: list[str], cover: list[str]) -> None:
    """What comes before the title: an untitled cover page (an emblem-like line high up, the
    date low down), then lines above the title: a site's metadata block (small, left) or a
    document number (centred)."""
    if cover:
        emblem, *rest = cover
        doc.sections[0].different_first_page_header_footer = True  # no page number on the cover
        paragraph = doc.add_paragraph()
        set_paragraph(paragraph, emblem, lay.title_font, 48, align="center")
        paragraph.paragraph_format.space_before = Pt(150)
        for i, line in enumerate(rest):
            paragraph = doc.add_paragraph()
            set_paragraph(paragraph, line, lay.body_font, 16, align="center")
            paragraph.paragraph_format.space_before = Pt(330 if i == 0 else 0)
        doc.add_page_break()
    if above:
        align = "left" if len(above) > 1 else "center"
        for line in above:
            set_paragraph(doc.add_paragraph(), line, lay.body_font, 10.5 if len(above) > 1 else lay.body_size,
                          align=align)
        doc.add_paragraph()


def build(lay: Layout, printed: Cells, body: dict[str, list[str]], extra: dict,
          title: list[str], margins: tuple[float, float] = (2.54, 2.8), *, above: list[str] = (),
          cover: list[str] = (), signature: list[str] = ()) -> Document:
    """body: paragraphs of sections "intro", "1", "2", "5", "6"; `above`: lines over the title
    (metadata block, document number); `cover`: an untitled cover page's lines; `signature`:
    the agency and date under section 六, right-aligned."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = lay.body_font
    normal.font.size = Pt(lay.body_size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), lay.body_font)
    section = doc.sections[0]
    width = _page_setup(section, False, margins)
    _header_footer(section, lay)
    _front(doc, lay, list(above), list(cover))
    for line in title:
        set_paragraph(doc.add_paragraph(), line, lay.title_font, 20, align="center", bold=True)
    doc.add_paragraph()
    for p in body["intro"]:
        _para(doc, lay, p)
    _heading(doc, lay, 1)
    for p in body["1"]:
        _para(doc, lay, p)
    ctx = Ctx(doc, lay, printed, width, extra)
    _heading(doc, lay, 2)
    for p in body["2"]:
        _para(doc, lay, p)
    active_table(ctx)
    if lay.landscape:
        landscape = doc.add_section(WD_SECTION.NEW_PAGE)
        ctx.width_cm = _page_setup(landscape, True, margins)
    _heading(doc, lay, 3, new_page=lay.requests_new_page)
    requests_table(ctx)
    if lay.landscape:
        portrait = doc.add_section(WD_SECTION.NEW_PAGE)
        ctx.width_cm = _page_setup(portrait, False, margins)
    _heading(doc, lay, 4)
    review_table(ctx)
    _heading(doc, lay, 5)
    for p in body["5"]:
        _para(doc, lay, p)
    _heading(doc, lay, 6, "无其他需要报告的事项" if lay.section6_none else None)
    for p in body["6"]:
        _para(doc, lay, p)
    if signature:
        doc.add_paragraph()
        for line in signature:
            set_paragraph(doc.add_paragraph(), line, lay.body_font, lay.body_size, align="right")
    return doc
