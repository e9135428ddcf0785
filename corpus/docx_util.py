"""Low-level Word XML helpers that python-docx has no API for."""
from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "distribute": WD_ALIGN_PARAGRAPH.DISTRIBUTE}
EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _child(parent, tag: str):
    """The first child element `tag` of parent, created if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_run_font(run, font: str, size: float, bold: bool = False) -> None:
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    # python-docx sets only the Latin font; CJK text uses w:eastAsia.
    _child(run._element.get_or_add_rPr(), "w:rFonts").set(qn("w:eastAsia"), font)


def set_paragraph(paragraph, text: str, font: str, size: float, *, align: str = "left",
                  bold: bool = False, indent_chars: float = 0, spacing: float | None = None) -> None:
    paragraph.alignment = ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if spacing:
        fmt.line_spacing = spacing
    set_run_font(paragraph.add_run(text), font, size, bold)


def set_cell(cell, text: str, font: str, size: float, *, align: str = "center", bold: bool = False,
             char_lines: bool = False) -> None:
    """Replace a cell's content; char_lines puts one character per line (vertical label)."""
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs:
        run._element.getparent().remove(run._element)
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    pieces = list(text) if char_lines else text.split("\n")
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        set_run_font(run, font, size, bold)
        if i < len(pieces) - 1:
            run.add_break()
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def set_col_widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths: LibreOffice reads tblGrid and each cell's tcW."""
    table.autofit = False
    _child(table._tbl.tblPr, "w:tblLayout").set(qn("w:type"), "fixed")
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if i < len(widths_cm):
                cell.width = Cm(widths_cm[i])


def _border(parent, edge: str, val: str, size: int = 4) -> None:
    el = _child(parent, f"w:{edge}")
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000" if val != "nil" else "auto")


def set_table_borders(table, mode: str) -> None:
    """grid: all rules; none: no rules; three_line: top and bottom rules (the
    rule under the header is drawn per cell by rule_below)."""
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for edge in EDGES:
        if mode == "grid":
            _border(borders, edge, "single", 4)
        elif mode == "three_line" and edge in ("top", "bottom"):
            _border(borders, edge, "single", 12)
        else:
            _border(borders, edge, "nil")


def rule_below(row, size: int = 6) -> None:
    """A horizontal rule under one row (three-line tables): on the row's own w:tc elements,
    so that a cell merged down from a row above (w:vMerge) gets it too."""
    for tc in row._tr.tc_lst:
        _border(_child(tc.get_or_add_tcPr(), "w:tcBorders"), "bottom", "single", size)


def set_row_flags(row, *, header: bool = False, cant_split: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if header:
        _child(tr_pr, "w:tblHeader")
    if cant_split:
        _child(tr_pr, "w:cantSplit")


def center_table(table) -> None:
    _child(table._tbl.tblPr, "w:jc").set(qn("w:val"), "center")


def add_field(paragraph, instr: str, font: str, size: float) -> None:
    """A field such as PAGE, shown as its result."""
    run = paragraph.add_run()
    set_run_font(run, font, size)
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instr)
    simple.append(run._element)
    paragraph._p.append(simple)


def shade_cell(tc, fill: str) -> None:
    """A solid background (w:shd) on a cell's w:tc, as header rows shaded in bands."""
    shd = _child(tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)

