"""Scanned reports: text-layer triage, the image steps, and RapidOCR on committed scans.

The fixtures in tests/corpus/scanned are made by `python -m corpus.scan --fixtures
tests/corpus/scanned` from generated reports (their first page and the pages
holding tables), so their truth is the generated truth.
"""
from __future__ import annotations

import json
import socket

import pytest

pytest.importorskip("cv2", reason="OCR needs opencv-python-headless")
pytest.importorskip("rapidocr", reason="OCR needs rapidocr and onnxruntime")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pypdfium2  # noqa: E402

from parsers import ocr, ocr_pieces, scan_image  # noqa: E402
from parsers.grid import ruled_grids  # noqa: E402
from parsers.layout import LOW_CONFIDENCE, Glyph, outline  # noqa: E402
from parsers.text_layer import page_needs_ocr, text_layer_report  # noqa: E402
from pipeline.grids import page_grids  # noqa: E402
from pipeline.truth import differences, score  # noqa: E402
from tests.conftest import REPO  # noqa: E402

SCANNED = REPO / "tests" / "corpus" / "scanned"
GENERATED = REPO / "tests" / "corpus" / "generated"
TRUTH = json.loads((SCANNED / "truth.json").read_text(encoding="utf-8"))


# --- which pages need OCR ----------------------------------------------------------------


def test_page_needs_ocr_reasons():
    chinese = "常德市市场监督管理局2021年政府信息公开工作年度报告\n一、总体情况\n" * 3
    assert page_needs_ocr(chinese, len(chinese), has_images=False) is None
    assert page_needs_ocr(chinese, len(chinese), has_images=True) is None  # a logo beside text
    assert "no text layer" in page_needs_ocr("", 0, has_images=True)
    assert page_needs_ocr("  \n", 0, has_images=False) == "no text layer"
    assert "cid" in page_needs_ocr("(cid:12)(cid:845)(cid:77)(cid:3)" * 20, 80, False)
    mojibake = "\x01\x02\x03\x03\x04\x05\x06\x07\x08\t \n\x0b\n\x0c \r\x0e\x0f\x10\x11\x12" * 5
    assert "not readable" in page_needs_ocr(mojibake, 100, False)
    latin = "ÆÏæ`ÃƒÊST·‚´„F,†Q‰´„MÂG‡=¿üí¢£@ÃƒÊST·‚´„F,†Q‰´„MÂG‡=¿ü" * 2
    assert page_needs_ocr(latin, len(latin), False) is not None
    assert page_needs_ocr("- 3 -", 5, has_images=True) is not None  # a page number over a scan


def test_text_layer_report_on_files():
    assert text_layer_report(GENERATED / "gen_031_2021.pdf") == [None] * 3
    garbled = text_layer_report(SCANNED / "gen_031_2021_garbled.pdf")
    assert len(garbled) == 3 and all(garbled)
    scanned = text_layer_report(SCANNED / "gen_003_2021_scan.pdf")
    assert scanned and all(r == "image only, no text layer" for r in scanned)


def test_fixture_truth_is_the_generated_truth():
    generated = json.loads((GENERATED / "truth.json").read_text(encoding="utf-8"))
    assert 3 <= len(TRUTH) <= 5
    for name, entry in TRUTH.items():
        assert (SCANNED / name).is_file()
        assert entry["cells"] == generated[entry["source"]]["cells"]
        assert (SCANNED / name).stat().st_size < 1_200_000


# --- image steps, no recognition ------------------------------------------------------------


def _page_image(name: str, index: int, dpi: int = 200) -> np.ndarray:
    doc = pypdfium2.PdfDocument(str(GENERATED / name))
    try:
        return scan_image.render_page(doc, index, dpi)[0]
    finally:
        doc.close()


@pytest.mark.parametrize("size, dpi", [((595, 842), 200), ((842, 1191), 200), ((595, 84220), 40), ((20000, 20000), 14)])
def test_a_page_is_rendered_at_200_dpi_within_the_pixel_budget(tmp_path, size, dpi):
    """A4 and A3 pages at 200 dpi; a page whose MediaBox is past any paper (a fuzzed file said
    595 x 84,220 points: 4.7 GB to OCR) at the whole dpi that keeps it within the budget."""
    from parsers.render import PIXEL_BUDGET
    from tests.minimal_pdf import write_text_pdf

    doc = pypdfium2.PdfDocument(str(write_text_pdf(tmp_path / "page.pdf", ["2023"], size=size)))
    try:
        gray, width, height, rendered = scan_image.render_page(doc, 0, 200)
    finally:
        doc.close()
    assert (width, height, rendered) == (*size, dpi)
    assert gray.size <= PIXEL_BUDGET
    assert all(abs(got - points * dpi / 72) < 1 for got, points in zip(gray.shape, (height, width), strict=True))


@pytest.mark.parametrize("angle", [1.2, -0.7])
def test_skew_is_measured(angle):
    gray = _page_image("gen_003_2021.pdf", 1)
    h, w = gray.shape
    tilted = cv2.warpAffine(gray, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0), (w, h),
                            borderValue=255)
    assert scan_image.estimate_skew(tilted) == pytest.approx(-angle, abs=0.15)


def test_ruled_tables_give_frames_with_spans():
    gray = _page_image("gen_003_2021.pdf", 1)
    rules = scan_image.find_rules(gray)
    tables = scan_image.table_frames(rules)
    assert len(tables) == 2  # table 二, and table 三 starting at the foot of the page
    frames = tables[0]
    assert len(frames) > 20
    widths = sorted({f[2] - f[0] for f in frames})
    assert widths[-1] > 3 * widths[0]  # 第二十条第（一）项 spans the value columns


def test_unruled_page_has_no_frames():
    gray = _page_image("gen_008_2020.pdf", 2)
    assert scan_image.table_frames(scan_image.find_rules(gray)) == []


def test_glyphs_split_a_text_box_in_proportion():
    box = ocr_pieces.TextBox("规章12", (100, 200, 400, 240), 0.93)
    glyphs = ocr_pieces.glyphs_of(box, 72 / 200)
    assert [g.text for g in glyphs] == ["规", "章", "1", "2"]
    assert glyphs[0].x0 == pytest.approx(36.0) and glyphs[-1].x1 == pytest.approx(144.0)
    assert glyphs[2].x1 - glyphs[2].x0 < glyphs[0].x1 - glyphs[0].x0  # a digit is narrower
    assert all(g.confidence == 0.93 for g in glyphs)
    vertical = ocr_pieces.glyphs_of(ocr_pieces.TextBox("本年度", (10, 10, 50, 130), 1.0), 1.0)
    assert [round(g.top) for g in vertical] == [10, 50, 90]


def test_number_confusions_are_put_right():
    assert ocr_pieces.clean_ocr_text("3,195·86") == ("3,195.86", True)
    assert ocr_pieces.clean_ocr_text("1O2") == ("102", True)
    assert ocr_pieces.clean_ocr_text("本年新收") == ("本年新收", False)
    assert ocr_pieces.clean_ocr_text("37") == ("37", False)


def test_lone_marks_read_as_letters_are_put_right():
    assert ocr_pieces.clean_ocr_text("o") == ("0", True)  # a lone 0 read as a letter
    assert ocr_pieces.clean_ocr_text("，") == (",", True)  # a thousands separator read apart
    assert ocr_pieces.clean_ocr_text("。") == ("。", False)  # prose keeps its full stop
    assert ocr_pieces.clean_ocr_text("•") == (".", True)  # 876•08万元: a decimal point read as a bullet
    assert ocr_pieces.clean_ocr_text("876•08") == ("876.08", True)


def test_a_flat_stroke_before_a_numbers_digits_in_one_cell_is_its_minus_sign_marked_unsure():
    """－ 3 printed with a gap: the stroke, a piece of its own, is taken for a dash by its shape;
    before the digits of its own cell it is their minus sign, marked (the shape cannot tell)."""
    Box = ocr_pieces.TextBox
    stroke, three = Box("—", (100, 30, 120, 34), 0.9), Box("3", (130, 20, 142, 40), 0.99)
    signed = ocr._minus_signs([stroke, three], [(0, True), (0, False)])
    assert [(b.text, b.confidence) for b in signed] == [("-", ocr.SIGN_UNSURE), ("3", 0.99)]
    assert ocr.SIGN_UNSURE < LOW_CONFIDENCE
    # a dash in the cell before (another box), or a dash the recogniser read so, stays a dash
    assert ocr._minus_signs([stroke, three], [(0, True), (1, False)])[0].text == "—"
    assert ocr._minus_signs([stroke, three], [(0, False), (0, False)])[0].text == "—"


def _white(h: int = 120, w: int = 400) -> np.ndarray:
    return np.full((h, w), 255, dtype=np.uint8)


def test_a_stroke_crossed_by_strokes_is_no_rule():
    """Between two horizontal rules, a clean vertical line is a rule; a vertical stroke with
    strokes across it (丰 or 事 in a row as tall as its type) is a character."""
    gray = _white()
    cv2.line(gray, (10, 20), (390, 20), 0, 3)
    cv2.line(gray, (10, 70), (390, 70), 0, 3)
    cv2.line(gray, (100, 20), (100, 70), 0, 3)  # a rule, one row high
    cv2.line(gray, (250, 22), (250, 68), 0, 3)  # 丰: a vertical stroke ...
    for y in (33, 45, 57):
        cv2.line(gray, (232, y), (268, y), 0, 3)  # ... crossed
    xs = [s.x0 * 200 / 72 for s in scan_image.rule_segments(scan_image.find_rules(gray), 72 / 200) if s.x0 == s.x1]
    assert len(xs) == 1 and abs(xs[0] - 100) <= 2


def test_character_strokes_below_a_rule_do_not_extend_it():
    """A column rule ends where a merged label cell begins; below it, rows as tall as their
    type hold characters (其, 总) whose vertical strokes, each crossed from one side, join the
    rule's foot and one another across the horizontal rules, a little off its line. The rule
    ends at its own row: the merged cells stay whole."""
    gray = _white(260, 600)
    for y in (20, 70, 120, 170, 220):
        cv2.line(gray, (10, y), (590, y), 0, 3)
    cv2.line(gray, (100, 20), (100, 120), 0, 3)  # the column rule, two rows high
    for x, top, bottom, side in ((105, 122, 168, -1), (110, 172, 218, 1)):
        cv2.line(gray, (x, top), (x, bottom), 0, 3)  # a character's stroke ...
        for y in range(top + 12, bottom - 4, 14):
            cv2.line(gray, (x, y), (x + 16 * side, y), 0, 3)  # ... crossed from one side
    rules = scan_image.find_rules(gray)
    verticals = [s for s in scan_image.rule_segments(rules, 1.0) if s.x0 == s.x1]
    assert len(verticals) == 1
    assert abs(verticals[0].x0 - 100) <= 3 and abs(verticals[0].bottom - 121) <= 4
    with_sides = gray.copy()
    for x in (10, 590):
        cv2.line(with_sides, (x, 20), (x, 220), 0, 3)
    frames = sorted(f for t in scan_image.table_frames(scan_image.find_rules(with_sides)) for f in t)
    assert [f[1] > 110 for f in frames].count(True) == 2  # the two merged rows, whole
    assert all(f[2] - f[0] > 550 for f in frames if f[1] > 110)


def test_a_zero_set_against_a_rule_keeps_its_left_stroke():
    """A number left-aligned in its cell: the 0's left stroke runs straight beside the long
    column rule, a few pixels off it. It is no part of the rule: taken into the rule's mask,
    it is painted out with the rule and the 0 reads as "D"."""
    gray = _white(320, 300)
    gray[20:300, 99:101] = 0  # the column rule
    cv2.ellipse(gray, (114, 150), (9, 15), 0, 0, 360, 0, 3)  # 0, two pixels off the rule ...
    cv2.line(gray, (105, 140), (105, 160), 0, 3)  # ... its left stroke straight, 21 px high
    vertical = scan_image.find_rules(gray).vertical
    assert vertical[24:296, 99:101].all()  # the rule is found
    assert not vertical[:, 102:].any()  # and nothing of the 0


def test_the_feet_of_digits_on_their_baseline_are_no_rule():
    """Serif digits set close: their feet, a blurred grey between them, close into a run as long
    as a short rule along the baseline. It pales between the digits where a rule is as dark all
    along; painted out as a rule, it took the decimal point sitting on it (3181.84 read 318184)."""
    gray = _white(120, 400)
    gray[100:102, 10:390] = 0  # a rule
    for x in range(100, 230, 11):  # the feet, 3 px apart
        gray[60:63, x:x + 8] = 0
        gray[60:63, x + 8:x + 11] = 170
    horizontal = scan_image.find_rules(gray).horizontal
    assert horizontal[100:102, 20:380].all()
    assert not horizontal[55:70].any()


def test_the_same_character_row_under_row_is_no_rule():
    """Rows as tall as their type, the same character (属) at the same place in each: its
    vertical strokes line up, straight, across the horizontal rules, but the run pales in the
    gaps between them where a rule's ink is as dark all along."""
    gray = _white(260, 600)
    for y in range(20, 231, 30):
        cv2.line(gray, (10, y), (590, y), 0, 3)
    cv2.line(gray, (100, 20), (100, 230), 0, 3)  # a rule down all the rows
    for y in range(20, 201, 30):
        cv2.line(gray, (300, y + 8), (300, y + 22), 0, 3)  # 属's stroke, row under row
        cv2.line(gray, (300, y + 12), (318, y + 12), 0, 3)
    xs = [round(s.x0) for s in scan_image.rule_segments(scan_image.find_rules(gray), 1.0) if s.x0 == s.x1]
    assert len(xs) == 1 and abs(xs[0] - 100) <= 2


def test_a_hyphen_of_small_type_cut_to_its_line_is_a_dash():
    """A hyphen of small type blurs to 6 x 4 pixels, and a cell's box cut to its line of ink is
    no taller than that: flat after the blur it gains on each side, low against the line of type
    it stands in. A dot blurred to 4 x 4 is no dash, nor a speck of noise, nor a bold number
    blurred into one solid blob (29 x 18: a silent error on the first try), nor three digits
    run together into one flat blob half their line tall (43 x 19 in a box 42 tall: 398 read
    as a dash, a silent error on a fresh seed)."""
    bgr = cv2.cvtColor(_white(7, 12), cv2.COLOR_GRAY2BGR)
    hyphen = bgr.copy()
    hyphen[2:6, 3:9] = 0
    assert ocr_pieces.is_dash_shape(hyphen, (0, 0, 12, 7), line=19)
    assert not ocr_pieces.is_dash_shape(hyphen, (0, 0, 12, 7))  # no line known: the piece is all
    dot = bgr.copy()
    dot[2:6, 4:8] = 0
    assert not ocr_pieces.is_dash_shape(dot, (0, 0, 12, 7), line=19)
    speck = cv2.cvtColor(_white(40, 6), cv2.COLOR_GRAY2BGR)  # 3 x 2 at the foot of a tall piece
    speck[28:30, 0:3] = 0
    assert not ocr_pieces.is_dash_shape(speck, (0, 0, 6, 40), line=38)
    blob = cv2.cvtColor(_white(37, 37), cv2.COLOR_GRAY2BGR)  # a bold 398 blurred into one solid blob
    blob[10:28, 4:33] = 0
    assert not ocr_pieces.is_dash_shape(blob, (0, 0, 37, 37), line=35)
    run_together = cv2.cvtColor(_white(42, 53), cv2.COLOR_GRAY2BGR)
    run_together[11:30, 5:48] = 0
    for x in (11, 23, 35):  # the counters of 3, 9 and 8 leave it 60% ink
        run_together[14:27, x:x + 8] = 255
    assert not ocr_pieces.is_dash_shape(run_together, (0, 0, 53, 42), line=38)


def test_a_faint_slash_read_as_a_letter_is_a_slash():
    """A faint thin / with a foot of blur reads as L to the recogniser; its one stroke leans,
    so it is the placeholder (a fresh seed read L, null as text, where / was printed)."""
    img = _white(60, 60)
    cv2.line(img, (34, 20), (26, 40), 150, 2)
    cv2.line(img, (26, 40), (34, 40), 150, 1)
    bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    engine = ocr.Engine.get()
    assert engine.recognize([bgr])[0][0] == "L"
    (read,) = ocr._read_boxes(engine, bgr, ocr_pieces.ink_mask(img), [(0, 0, 60, 60)], cells=1)
    assert read.text == "/"


def test_dash_and_slash_shapes():
    bgr = cv2.cvtColor(_white(40, 40), cv2.COLOR_GRAY2BGR)
    dash = bgr.copy()
    cv2.rectangle(dash, (12, 18), (26, 21), (0, 0, 0), -1)
    assert ocr_pieces.is_dash_shape(dash, (0, 0, 40, 40))
    hollow = bgr.copy()  # two characters run together are flat too, but hollow
    cv2.rectangle(hollow, (2, 12), (37, 26), (0, 0, 0), 2)
    assert not ocr_pieces.is_dash_shape(hollow, (0, 0, 40, 40))
    slash = bgr.copy()
    cv2.line(slash, (12, 34), (26, 6), (0, 0, 0), 3)
    assert ocr_pieces.is_slash_shape(slash, (0, 0, 40, 40))
    one = bgr.copy()
    cv2.line(one, (20, 6), (20, 34), (0, 0, 0), 3)
    cv2.line(one, (20, 6), (15, 11), (0, 0, 0), 2)  # a 1's flag leans the other way
    assert not ocr_pieces.is_slash_shape(one, (0, 0, 40, 40))


def test_zero_shape():
    bgr = cv2.cvtColor(_white(40, 40), cv2.COLOR_GRAY2BGR)
    zero = bgr.copy()
    cv2.ellipse(zero, (20, 20), (7, 12), 0, 0, 360, (0, 0, 0), 2)
    assert ocr_pieces.is_zero_shape(zero, (0, 0, 40, 40))
    eight = bgr.copy()
    cv2.ellipse(eight, (20, 13), (6, 6), 0, 0, 360, (0, 0, 0), 2)
    cv2.ellipse(eight, (20, 26), (7, 7), 0, 0, 360, (0, 0, 0), 2)
    assert not ocr_pieces.is_zero_shape(eight, (0, 0, 40, 40))
    six = bgr.copy()  # one hole, low in the figure
    cv2.ellipse(six, (20, 26), (7, 6), 0, 0, 360, (0, 0, 0), 2)
    cv2.line(six, (14, 24), (22, 6), (0, 0, 0), 2)
    assert not ocr_pieces.is_zero_shape(six, (0, 0, 40, 40))


def test_stacked_characters_are_cut_at_the_gaps_between_them():
    """A detection box over a column of characters set closer than their pitch: one piece per
    character, cut where no row holds ink; a character in strokes (三) stays whole."""
    ink = np.zeros((200, 30), dtype=np.uint8)
    ink[5:30, 3:27] = 255  # a character
    for top in (40, 50, 60):  # 三: three strokes, one character
        ink[top:top + 4, 3:27] = 255
    ink[75:100, 3:27] = 255
    ink[101:126, 3:27] = 255  # two characters touching: cut in equal parts
    pieces = ocr_pieces.vertical_pieces(ink, (0, 0, 30, 200))
    tops = [p[1] for p in pieces]
    assert len(pieces) == 4, pieces
    assert tops[0] <= 5 and 36 <= tops[1] <= 40 and 71 <= tops[2] <= 75 and 96 <= tops[3] <= 102


def test_a_box_over_two_values_of_a_narrow_column_is_cut_into_its_lines():
    """无 over 0 in a narrow unruled column, one detection box 58 x 79 px reaching a sliver
    into the line above: two pieces, one a line (the 0 was lost, its cell left blank); a box
    about square, one big character (告), stays whole."""
    ink = np.zeros((120, 100), dtype=np.uint8)
    ink[10:12, 20:40] = 255  # the foot of the header line above
    ink[24:46, 18:41] = 255  # 无
    ink[57:76, 24:37] = 255  # 0
    pieces = ocr._pieces(ink, (10, 10, 68, 89), line=42, in_cell=False)
    assert len(pieces) == 2 and pieces[0][3] < 57 <= pieces[1][3]
    big = np.zeros((120, 100), dtype=np.uint8)
    big[12:40, 15:60] = 255  # 告's upper strokes
    big[46:70, 20:55] = 255  # its 口
    assert len(ocr._pieces(big, (10, 8, 66, 74), line=42, in_cell=False)) == 1


def _ink_line(runs: list[tuple[int, int]], height: int = 28, width: int = 1400) -> np.ndarray:
    ink = np.zeros((height + 20, width), dtype=np.uint8)
    for x0, x1 in runs:
        ink[10:10 + height, x0:x1] = 255
    return ink


def _characters(start: int, count: int, pitch: int = 30) -> list[tuple[int, int]]:
    return [(start + k * pitch, start + k * pitch + 26) for k in range(count)]


def test_prose_is_told_from_a_header_line_by_its_gaps():
    """A line of prose has no gap wider than a character (the one after a full-width comma is
    narrower: as the text layer's unruled reader tells prose, one chunk); a header line's
    words stand a character or more apart. Prose is not read on pages read for a table."""
    prose = _characters(10, 12) + _characters(10 + 12 * 30 + 20, 14) + _characters(10 + 26 * 30 + 40, 10)
    header = _characters(10, 3) + _characters(160, 4) + _characters(330, 4) + _characters(500, 3)
    box = (0, 0, 1400, 48)
    assert ocr._unbroken(_ink_line(prose), box)
    assert not ocr._unbroken(_ink_line(header), box)
    lines = [(0, 0, 1400, 48), (0, 60, 1400, 108)]
    both = np.vstack([_ink_line(prose), np.zeros((12, 1400), np.uint8), _ink_line(header)])
    assert ocr._prose_lines(lines, both) == [lines[0]]


def test_a_piece_spans_its_own_ink():
    """A cell's short line is cut to its ink, not read (or its glyphs placed) across the cell."""
    ink = _ink_line(_characters(100, 4))
    (x0, _, x1, _), = ocr_pieces.split_gaps(ink, (0, 0, 1400, 48))
    assert 90 <= x0 <= 100 and 216 <= x1 <= 226


def test_a_cell_line_is_the_type_height_where_most_cells_wrap():
    """Boxes of cells whose labels wrap over two or three lines overstate a line's height; the
    lines of ink in them do not (a two-line cell is cut in two when most cells hold two)."""
    ink = np.zeros((400, 300), dtype=np.uint8)
    boxes = []
    for k in range(5):  # five cells of two lines, 24 px type, 8 px apart
        top = 10 + 70 * k
        ink[top:top + 24, 20:120] = 255
        ink[top + 32:top + 56, 20:90] = 255
        boxes.append((18, top - 2, 122, top + 58))
    assert ocr_pieces.median_height(boxes) == 60
    assert ocr_pieces.line_height(ink, boxes) == 24
    assert len(ocr._pieces(ink, boxes[0], ocr_pieces.line_height(ink, boxes), True)) == 2
    # cells of dashes, each given a character's room, are no lines: a table of placeholders
    dashes = np.zeros((100, 600), dtype=np.uint8)
    cells = []
    for k in range(6):
        dashes[48:51, 20 + 90 * k:32 + 90 * k] = 255
        cells.append((16 + 90 * k, 37, 36 + 90 * k, 63))
    dashes[37:61, 560:590] = 255  # one label character
    cells.append((556, 35, 594, 63))
    assert ocr_pieces.line_height(dashes, cells) == 24


def test_a_faint_hyphen_of_small_type_is_a_mark_not_a_speck():
    """A placeholder - the detector passed over, blurred to 5 x 3 px: a mark to read, sized
    against the type's height (26 px here), not the detection boxes' (a third taller)."""
    ink = np.zeros((300, 600), dtype=np.uint8)
    boxes = []
    for k in range(6):
        ink[20 + 40 * k:46 + 40 * k, 20:200] = 255  # lines of text, 26 px type
        boxes.append((16, 15 + 40 * k, 204, 51 + 40 * k))  # the detector's boxes, 36 px
    ink[150:153, 400:405] = 255  # the hyphen
    marks = ocr_pieces.missed_marks(ink, boxes)
    assert len(marks) == 1 and marks[0][0] <= 400 and marks[0][2] >= 405


def test_the_strokes_of_a_character_the_detector_passed_over_are_one_mark():
    """三 of a spread label the detector passed over: its three strokes stand further apart
    than marks are joined, and read one by one they were three dashes; one character's height
    holds them, so they are one mark. Dashes of rows one under another stay apart."""
    ink = np.zeros((300, 600), dtype=np.uint8)
    boxes = []
    for k in range(6):
        ink[20 + 40 * k:42 + 40 * k, 20:200] = 255  # lines of text, 22 px type
        boxes.append((16, 15 + 40 * k, 204, 47 + 40 * k))
    for top in (101, 109, 118):  # 三: strokes 3 px thick, 5 and 6 px apart
        ink[top:top + 3, 300:326] = 255
    for top in (100, 140):  # a dash in each of two rows
        ink[top:top + 3, 450:465] = 255
    marks = sorted(ocr_pieces.missed_marks(ink, boxes))
    assert len(marks) == 3, marks
    assert marks[0][1] <= 101 and marks[0][3] >= 121  # 三, whole


def test_a_stroke_reaching_out_of_its_box_is_no_mark():
    """A detection box a pixel or two short of a character's foot leaves the end of a stroke
    outside it: that ink is joined to the character's, so it is no dash of its own (read as
    one, 泉州 became 泉-州 in a title). A dash apart is still a mark, and so is a character
    outside every box whose foot touches the margin of the box below it."""
    ink = np.zeros((300, 600), dtype=np.uint8)
    boxes = []
    for k in range(4):
        ink[20 + 60 * k:46 + 60 * k, 20:200] = 255  # lines of text, 26 px type
        boxes.append((16, 15 + 60 * k, 204, 51 + 60 * k))
    ink[40:62, 100:103] = 255  # a stroke of the first line's character, 9 px below its box
    ink[280:283, 100:112] = 255  # a dash apart, under the last line
    ink[115:135, 300:320] = 255  # a character outside the boxes, its foot in the margin of one
    boxes.append((290, 135, 330, 171))  # (the box of the character below it)
    marks = ocr_pieces.missed_marks(ink, boxes)
    assert len(marks) == 2 and any(m[1] <= 280 <= m[3] for m in marks) and any(m[0] <= 300 <= m[2] for m in marks)


def test_a_table_page_is_read_in_its_cells_only():
    """A page read for its ruled tables: the text around them (prose, a heading, the page
    number) is not read, not even mark by mark."""
    engine = ocr.Engine.get()
    gray = _page_image("gen_003_2021.pdf", 1)
    scan = ocr.prepare(gray, 2, 595.0, 842.0, 200, engine)
    assert scan.tables
    outlines = [outline(t) for t in scan.tables]
    page = ocr.read_scan(scan, engine, "tables")
    inside = [any(x0 - 3 <= b.box[0] and b.box[2] <= x1 + 3 and y0 - 3 <= b.box[1] and b.box[3] <= y1 + 3
                  for x0, y0, x1, y1 in outlines) for b in page.boxes]
    assert page.boxes and all(inside)


def test_a_page_of_prose_is_told_from_a_table_page_without_the_detector(monkeypatch):
    """Triage of a page without rules: its short runs of ink (numbers in columns) are counted
    first, and the detector is asked only where there are a few."""
    engine = ocr.Engine.get()
    prose = ocr.prepare(_page_image("gen_008_2020.pdf", 1), 2, 595.0, 842.0, 200, engine)
    table = ocr.prepare(_page_image("gen_008_2020.pdf", 3), 4, 595.0, 842.0, 200, engine)  # unruled
    assert not prose.tables and not table.tables
    assert scan_image.short_ink_runs(prose.clean) < ocr.PROSE_RUNS
    assert scan_image.short_ink_runs(table.clean) > 100  # rows of seven numbers
    asked = []
    detect = engine.detect
    monkeypatch.setattr(engine, "detect", lambda *args, **kw: asked.append(1) or detect(*args, **kw))
    assert not ocr.holds_table(prose, engine) and not asked
    assert ocr.holds_table(table, engine) and asked


def test_a_few_rows_of_one_value_each_are_a_table_to_the_triage():
    """Table 二's first rows at the foot of a report's first page (规章 - - -, 行政许可 0, 行政处罚
    69, 行政强制 8) showed the detector six short boxes, under the eight it asked for: the page
    was read for its title only and table 二 lost. Prose shows three at most."""
    line = [(100, 40 * k, 400, 40 * k + 20) for k in range(12)]  # lines of prose: long boxes
    values = [(600, 40 * k, 615, 40 * k + 20) for k in range(6)]  # six short ones
    assert ocr._looks_like_table(line + values)
    assert not ocr._looks_like_table(line + values[:3])


def test_a_line_down_the_margin_does_not_make_a_table_page_prose():
    """Ink down the whole page (a margin line, a binding's shadow) would join every line into
    one band of ink, and the table's short runs into long ones."""
    engine = ocr.Engine.get()
    table = ocr.prepare(_page_image("gen_008_2020.pdf", 3), 4, 595.0, 842.0, 200, engine)
    clean = table.clean
    runs = scan_image.short_ink_runs(clean)
    lined, shadowed = clean.copy(), clean.copy()
    lined[:, 40:43] = 0
    shadowed[:, :80] = np.linspace(0, 200, 80, dtype=np.uint8)[None, :]
    assert runs > 100
    assert scan_image.short_ink_runs(lined) == runs and scan_image.short_ink_runs(shadowed) == runs


@pytest.mark.parametrize("quarter_turns", [1, 2, 3])
def test_a_page_scanned_sideways_or_upside_down_is_set_upright(quarter_turns):
    engine = ocr.Engine.get()
    for index in (1, 3):  # prose; an unruled table
        upright = _page_image("gen_008_2020.pdf", index)
        turned = np.ascontiguousarray(np.rot90(upright, quarter_turns))  # counter-clockwise
        image, turns = ocr._upright(turned, 200, engine)
        assert turns == quarter_turns and np.array_equal(image, upright)
        assert ocr._upright(upright, 200, engine)[1] == 0


def _glyph_images(name: str, wanted: set[str], dpi: int = 200) -> dict[str, np.ndarray]:
    """An image of each character wanted, cut from a generated report rendered at `dpi`, from
    its text layer's boxes (table type: 9-13 pt boxes)."""
    doc = pypdfium2.PdfDocument(str(GENERATED / name))
    found: dict[str, np.ndarray] = {}
    try:
        for index in range(len(doc)):
            gray = scan_image.render_page(doc, index, dpi)[0]
            page, k = doc[index], dpi / 72
            text, height = page.get_textpage(), page.get_height()
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                left, bottom, right, top = text.get_charbox(i, loose=True)
                if ch in wanted and ch not in found and 9 <= top - bottom <= 13:
                    found[ch] = gray[int((height - top) * k):int(np.ceil((height - bottom) * k)),
                                     int(left * k):int(np.ceil(right * k))]
    finally:
        doc.close()
    return found


def test_a_page_whose_characters_stand_apart_is_not_turned():
    """The rows of a results table whose narrow label column is justified, four characters to
    a line with a character's gap between them, and a column of 0s: no line of type joins, and
    the longest runs of ink are the strokes of 三 and 一, which the direction classifier calls
    upside down. Such a page read turned half round lost all 105 of its cells."""
    labels = ["2.其他法律行政法规禁止公开", "3.危及三安全一稳定", "4.保护第三方合法权益", "5.属于三类内部事务信息",
              "6.属于四类过程性信息", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
              "3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物"]
    glyphs = _glyph_images("gen_008_2020.pdf", set("".join(labels)) | {"0"})
    em = max(g.shape[0] for g in glyphs.values())
    page = np.full((2339, 1654), 255, dtype=np.uint8)  # A4 at 200 dpi

    def paste(ch: str, x: int, y: int) -> None:
        g = glyphs[ch]
        page[y:y + g.shape[0], x:x + g.shape[1]] = np.minimum(page[y:y + g.shape[0], x:x + g.shape[1]], g)

    y = 200
    for label in labels:
        top = y
        for start in range(0, len(label), 4):
            for j, ch in enumerate(label[start:start + 4]):
                paste(ch, 400 + 2 * em * j, y)
            y += int(1.3 * em)
        for column in range(7):
            paste("0", 700 + 120 * column, (top + y - em) // 2)
        y += int(0.3 * em)
    runs = scan_image.text_runs(page)
    assert runs.across == [] and runs.down == []
    assert ocr._upright(page, 200, ocr.Engine.get())[1] == 0


def test_a_value_carries_the_lowest_score_of_its_own_glyphs():
    """OCR's scores travel on the glyphs into the cells of the grid, then into the values."""
    from pipeline.tables import read_tables

    header = [Glyph(ch, 200 + 12 * i, 100, 212 + 12 * i, 112, 12, 0.99) for i, ch in enumerate("自然人")]
    label = [Glyph(ch, 50 + 10 * i, 130, 60 + 10 * i, 140, 10, 0.98) for i, ch in enumerate("一、本年新收")]
    label += [Glyph(ch, 50 + 10 * i, 160, 60 + 10 * i, 170, 10, 0.98) for i, ch in enumerate("二、上年结转")]
    value = [Glyph("1", 210, 130, 217, 142, 12, 0.99), Glyph("7", 217, 130, 224, 142, 12, 0.41)]
    frames = [[(40, 95, 190, 120), (190, 95, 260, 120), (40, 120, 190, 150), (190, 120, 260, 150),
               (40, 150, 190, 180), (190, 150, 260, 180)]]
    page = ocr.OcrPage(2, 595, 842, glyphs=header + label + value, frames=frames)
    grids = ruled_grids(page)
    assert grids and grids[0].ocr
    cells = {c.text: c for c in grids[0].cells}
    assert cells["17"].confidence == pytest.approx(0.41)
    tables = read_tables(grids)
    new, blank = [c for c in tables.cells if c.col == "natural_person"]
    assert (new.value, new.confidence) == (17, pytest.approx(0.41))
    assert (blank.kind, blank.confidence) == ("blank", 0.5)  # nothing read on a scan is not sure to be blank


# --- RapidOCR ------------------------------------------------------------------------------


def test_ocr_runs_on_cuda_only_where_onnxruntime_offers_it():
    assert ocr.device(["CUDAExecutionProvider", "CPUExecutionProvider"]) == "cuda"
    assert ocr.device(["CPUExecutionProvider"]) == "cpu"
    # this machine's onnxruntime (the default install) is the CPU build
    assert ocr.Engine.get().device == ocr.device(ocr.onnxruntime_providers())
    assert "CPUExecutionProvider" in ocr.onnxruntime_providers()


def test_engine_loads_bundled_models_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("OCR tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(ocr.Engine, "_instance", None)
    engine = ocr.Engine.get()
    assert all(name.endswith(".onnx") for name in engine.models)
    # recognises a rendered number with a high score
    gray = np.full((48, 160), 255, np.uint8)
    cv2.putText(gray, "1234", (10, 38), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    (text, score), = engine.recognize([cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)])
    assert text == "1234" and score > 0.9


@pytest.fixture(scope="module")
def extracted():
    """Scanned fixtures through the production path, `extract_pdf`, once per module."""
    from pipeline.extract import extract_pdf

    cache = {}

    def read(name):
        if name not in cache:
            cache[name] = extract_pdf(SCANNED / name, name)
        return cache[name]

    return read


@pytest.mark.parametrize("name", ["gen_003_2021_scan.pdf", "gen_008_2020_scan.pdf", "gen_015_2021_scan.pdf",
                                  "gen_031_2021_garbled.pdf"])
def test_scanned_report_cells_match_truth(extracted, name):
    report = extracted(name)
    truth = TRUTH[name]
    result = score(report.cells, truth)
    # every cell found and right; a misread would have to be visible (a failed check, a null
    # with a reason) or marked low-confidence, never silent
    assert differences(report, truth) == []
    assert result["missing"] == 0 and result["silent"] == 0 and result["right"] == result["cells"] > 100, result
    assert report.ocr_pages >= 2


def test_scanned_values_carry_confidence_and_boxes(extracted):
    report = extracted("gen_003_2021_scan.pdf")
    numbers = [c for c in report.cells if c.kind == "number"]
    assert numbers and all(0 < c.confidence <= 1 for c in numbers)
    assert any(c.confidence < 1 for c in numbers)  # OCR's scores, not the text layer's 1.0
    assert sum(c.confidence >= LOW_CONFIDENCE for c in numbers) > 0.95 * len(numbers)
    assert all(c.page and c.box and c.box[0] < c.box[2] and c.box[1] < c.box[3] for c in numbers)
    assert (report.status, report.error) == ("ok", None)


def test_ruled_scan_gives_grids_with_spans():
    page = ocr.ocr_page_geometry(SCANNED / "gen_003_2021_scan.pdf", 2)
    ruled = page_grids(page)
    assert ruled and all(g.ruled for g in ruled)
    assert any(c.row1 - c.row0 > 3 for g in ruled for c in g.cells)  # 本年度办理结果 spans rows


def test_deskewed_scan_reports_its_angle():
    style = TRUTH["gen_008_2020_scan.pdf"]["style"]
    page = ocr.ocr_page_geometry(SCANNED / "gen_008_2020_scan.pdf", 2)
    assert page.angle == pytest.approx(-style["angle"], abs=0.15)
    assert not page.frames and page_grids(page)  # no rules: the stream path read it
    assert all(not g.ruled and g.ocr for g in page_grids(page))


def test_ocr_text_option_reads_scanned_prose(tmp_path):
    """`--ocr-text`: the prose of scanned pages fills `sections`; without it only the tables
    and the title are read. The option is part of the version a row is written by, so a run
    with the other setting extracts the file again."""
    import shutil

    from pipeline import store
    from pipeline.run import OCR_TEXT_VERSION, PIPELINE_VERSION, extract_folder

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SCANNED / "gen_003_2021_scan.pdf", raw / "scan.pdf")
    out = tmp_path / "out"

    def sections_text() -> str:
        return "".join(store.load("sections", out)["text"])

    quiet = dict(log=lambda _: None, jobs=1, progress=False)
    first = extract_folder(raw, out, ocr_text=True, **quiet)
    assert first.extracted == 1
    assert store.load("reports", out)["pipeline_version"].tolist() == [OCR_TEXT_VERSION]
    full = sections_text()
    assert "政府信息公开" in full and len(full) > 200
    again = extract_folder(raw, out, ocr_text=True, **quiet)
    assert again.extracted == 0 and again.skipped == 1
    plain = extract_folder(raw, out, **quiet)
    assert plain.extracted == 1
    assert store.load("reports", out)["pipeline_version"].tolist() == [PIPELINE_VERSION]
    assert len(sections_text()) < len(full) / 2
