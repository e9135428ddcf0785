"""parsers.pdfium_page: characters with boxes and ruling segments, on the page as read."""
from __future__ import annotations

import pikepdf
import pypdfium2
import pytest

from parsers.pdf import ReportPdf
from pipeline.extract import extract_pdf
from tests.conftest import REPO

GENERATED = REPO / "tests" / "corpus" / "generated"


def turn_pages(src, dest, pages: list[int], rotate_key: bool):
    """`src` with the content of `pages` (0-based) drawn a quarter turn counter-clockwise on a
    landscape page, as producers set a wide table sideways; `rotate_key`: with /Rotate 90 so that
    a viewer shows it upright, or without (the reader must turn their head)."""
    with pikepdf.open(src) as pdf:
        for i in pages:
            page = pdf.pages[i]
            x0, y0, width, height = (float(v) for v in page.mediabox)
            page.contents_coalesce()
            body = page.obj.Contents.read_bytes()
            page.obj.Contents = pdf.make_stream(b"q 0 1 -1 0 %.4f 0 cm\n" % height + body + b"\nQ")
            page.obj.MediaBox = [0, 0, height, width]
            if rotate_key:
                page.obj.Rotate = 90
        pdf.save(dest)
    return dest


@pytest.mark.parametrize("rotate_key", [True, False])
def test_a_page_set_sideways_reads_as_the_upright_one(tmp_path, rotate_key):
    src = GENERATED / "gen_003_2021.pdf"
    turned = turn_pages(src, tmp_path / "turned.pdf", [1], rotate_key)
    with ReportPdf(src) as upright, ReportPdf(turned) as sideways:
        a, b = upright.geometry(1), sideways.geometry(1)
    assert (round(b.width), round(b.height)) == (round(a.width), round(a.height))
    def placed(glyphs):  # PDFium may list the characters of a turned page in another order
        return sorted((g.text, round(g.x0, 1), round(g.top, 1), round(g.x1, 1), round(g.bottom, 1)) for g in glyphs)

    assert placed(b.glyphs) == placed(a.glyphs)
    assert len(b.segments) == len(a.segments)


def test_a_report_with_its_table_pages_sideways_reads_whole(tmp_path):
    src = GENERATED / "gen_003_2021.pdf"
    with ReportPdf(src) as pdf:
        pages = list(range(1, pdf.page_count))
    upright = extract_pdf(src, "a.pdf")
    sideways = extract_pdf(turn_pages(src, tmp_path / "s.pdf", pages, True), "s.pdf")
    assert [(c.table, c.row, c.col, c.value) for c in sideways.cells] == \
        [(c.table, c.row, c.col, c.value) for c in upright.cells]
    assert sideways.status == "ok"


def test_characters_pdfium_cannot_decode_are_read_by_pdfminer(tmp_path):
    """One character per text run in a CID font the file does not embed and PDFium cannot
    find (Identity-H, a ToUnicode map, BaseFont SimSun): PDFium keeps the run but not its
    character, pdfminer reads it."""
    text = "商业企业自然人"
    cid = {ch: i for i, ch in enumerate(dict.fromkeys(text), start=1)}
    to_unicode = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                  b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n%d beginbfchar\n%sendbfchar\n"
                  b"endcmap CMapName currentdict /CMap defineresource pop end end"
                  % (len(cid), b"".join(b"<%04X> <%s>\n" % (c, ch.encode("utf-16-be").hex().encode())
                                        for ch, c in cid.items())))
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/SimSun"), Flags=6,
        FontBBox=[0, -200, 1000, 900], ItalicAngle=0, Ascent=880, Descent=-120, CapHeight=880, StemV=93))
    cid_font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/SimSun"),
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=descriptor, DW=1000))
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/SimSun"),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid_font], ToUnicode=pdf.make_stream(to_unicode)))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))

    def run(chars: str, x: float, y: float) -> bytes:  # one text run of `chars` at (x, y)
        return b"BT /F1 10 Tf 1 0 0 1 %.1f %.1f Tm <%s> Tj ET\n" % (x, y, b"".join(b"%04X" % cid[c] for c in chars))

    page.Contents = pdf.make_stream(b"".join(run(ch, 100, 700 - 12 * i) for i, ch in enumerate("商业企业"))
                                    + run("自然人", 200, 700))
    pdf.save(tmp_path / "stacked.pdf")
    with ReportPdf(tmp_path / "stacked.pdf") as report:
        assert report.page_text(0).strip() == "自然人"  # PDFium's own text: the stacked runs are gone
        glyphs = report.geometry(0).glyphs
    assert sorted(g.text for g in glyphs) == sorted(text)
    stack = sorted((g for g in glyphs if g.x0 < 150), key=lambda g: g.top)
    assert "".join(g.text for g in stack) == "商业企业" and all(abs(g.x0 - 100) < 0.01 for g in stack)
    assert [round(g.top) for g in stack] == [round(842 - 700 + 1.2 - 10 + 12 * i) for i in range(4)]


def test_each_page_is_loaded_once(monkeypatch):
    """Triage, the picture scan and the geometry of a table page share one load of the page."""
    import pypdfium2

    loads = []
    real = pypdfium2.PdfDocument.get_page
    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page",
                        lambda self, index: loads.append(index) or real(self, index))
    src = GENERATED / "gen_003_2021.pdf"
    report = extract_pdf(src, src.name)
    assert report.status == "ok"
    assert sorted(loads) == list(range(report.pages))


def test_characters_read_in_bulk_are_pdfiums_one_by_one():
    """`_chars` takes the text in one call and the angle from the matrix: the same characters,
    loose boxes and turns as pypdfium2's own per-character calls give."""
    import math

    from parsers.pdfium_page import _chars

    with ReportPdf(GENERATED / "gen_003_2021.pdf") as pdf:
        page = pdf.document[1]
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage)
            expected, turns = [], []
            for i in range(textpage.count_chars()):
                text = textpage.get_text_range(i, 1)
                if not text or text.isspace():
                    continue
                expected.append((text, tuple(round(v, 3) for v in textpage.get_charbox(i, loose=True))))
                angle = pypdfium2.raw.FPDFText_GetCharAngle(textpage.raw, i)
                turns.append(round(-angle / (math.pi / 2)) % 4)
        finally:
            textpage.close()
            page.close()
    assert len(expected) > 300
    boxes = zip(chars.left, chars.bottom, chars.right, chars.top, strict=True)
    assert [(t, tuple(round(v, 3) for v in box)) for t, box in zip(chars.text, boxes, strict=True)] == expected
    assert chars.turn.tolist() == turns


HUGE = "1" + "0" * 39 + ".0"  # past a float's range: PDFium and pdfminer give inf and nan boxes


@pytest.mark.parametrize("operator, kept", [
    (f"BT /F1 12 Tf 100 600 Td [(5) -{HUGE} (6)] TJ ET", "5"),  # 6 is moved past any page
    (f"BT /F1 {HUGE} Tf 100 600 Td (7) Tj ET", ""),  # a character larger than the page
    (f"BT /F1 12 Tf {HUGE} Tc 100 600 Td (89) Tj ET", "8"),  # 9 is spaced past any page
])
def test_a_character_with_no_place_on_the_page_is_left_out(tmp_path, operator, kept):
    import warnings

    from parsers.layout import group_lines
    from tests.minimal_pdf import write_text_pdf

    path = write_text_pdf(tmp_path / "huge.pdf", ["abc", "def"], extra=operator)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy warning about the inf and nan either
        with ReportPdf(path) as pdf:
            glyphs = pdf.geometry(0).glyphs
    assert all(abs(v) < 1e4 for g in glyphs for v in (g.x0, g.top, g.x1, g.bottom, g.size))
    assert [line.text for line in group_lines(glyphs)] == ["abc", "def"] + ([kept] if kept else [])


def test_a_page_drawn_as_a_form_object_reads_as_the_page(tmp_path):
    """A producer that wraps a page's content in a form XObject (`/Fx0 Do`): the objects inside
    the form give the same ruling segments and characters as the page drawn directly, and the
    form's table is read the same."""
    src = GENERATED / "gen_003_2021.pdf"
    dest = tmp_path / "as_form.pdf"
    with pikepdf.open(src) as pdf:
        for page in pdf.pages:
            page.contents_coalesce()
            form = pdf.make_stream(page.obj.Contents.read_bytes(), Type=pikepdf.Name.XObject,
                                   Subtype=pikepdf.Name.Form, BBox=page.mediabox, Resources=page.obj.Resources)
            page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx0=form))
            page.obj.Contents = pdf.make_stream(b"q /Fx0 Do Q")
        pdf.save(dest)

    def geometry(path, index):
        with ReportPdf(path) as pdf:
            g = pdf.geometry(index)
        return (sorted((x.text, round(x.x0, 2), round(x.top, 2)) for x in g.glyphs),
                sorted((round(s.x0, 2), round(s.top, 2), round(s.x1, 2), round(s.bottom, 2)) for s in g.segments))

    glyphs, segments = geometry(src, 1)
    assert len(segments) > 50 and len(glyphs) > 300
    assert geometry(dest, 1) == (glyphs, segments)
    direct, wrapped = extract_pdf(src, src.name), extract_pdf(dest, dest.name)
    assert len(wrapped.cells) > 150
    def values(report):
        return [(c.table, c.row, c.col, c.value) for c in report.cells]

    assert values(wrapped) == values(direct)
