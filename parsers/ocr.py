"""Scanned pages: OCR into the same words-with-boxes the text layer gives.

A page whose text layer is missing or unusable (`page_needs_ocr`) is rendered
(pypdfium2, 200 dpi, grey), deskewed, and its ruling lines are found with
OpenCV morphology. Lines are painted out before RapidOCR (PP-OCR detection and
recognition, the models shipped inside the pinned `rapidocr` wheel; nothing is
downloaded) reads the text boxes. The result, `OcrPage`, has what
`parsers.layout.PageGeometry` has — number, width, height, glyphs in PDF
points with their recognition score, ruling segments — with the cell frames of
the ruled tables found in the image. From there the one shared path goes on:
`parsers.grid.ruled_grids` builds ruled tables from those frames, and
`parsers.stream.stream_grids` unruled ones from the glyphs, as for a text
layer's page.

The image steps live in `parsers.scan_image`, the cutting of text boxes into
characters in `parsers.ocr_pieces`; which pages need OCR in `parsers.text_layer`.

Entry points:
    ocr_page_geometry(path, index, dpi=200) -> OcrPage
    ocr_document(path, indices, dpi=200, ocr_text=False) -> {index: OcrPage}
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from parsers.layout import LOW_CONFIDENCE, Box, PageGeometry, group_lines, outline
from parsers.ocr_pieces import (
    TextBox,
    clean_ocr_text,
    crop,
    glyphs_of,
    is_dash_shape,
    is_slash_shape,
    is_zero_shape,
    median_height,
    missed_marks,
    split_gaps,
    split_lines,
    tight,
    vertical_pieces,
)
from parsers.scan_image import (
    DPI,
    estimate_skew,
    find_rules,
    ink_mask,
    render_page,
    rotate,
    rule_segments,
    strip_rules,
    table_frames,
    text_runs,
)
from parsers.text_layer import _CJK

TITLE_DPI = 300

# ----------------------------------------------------------------------------------------
# The engine: RapidOCR with the models its wheel ships


class OcrUnavailable(RuntimeError):
    """RapidOCR or its bundled models are not installed."""


class Engine:
    """PP-OCR detection and recognition (RapidOCR, onnxruntime). Built once per process."""

    _lock = threading.Lock()
    _instance: Engine | None = None

    def __init__(self):
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as e:  # pragma: no cover - depends on the install
            raise OcrUnavailable("OCR needs the `rapidocr` and `onnxruntime` packages") from e
        models = Path(rapidocr.__file__).parent / "models"
        det = sorted(models.glob("*det*.onnx"))
        rec = sorted(models.glob("*rec*.onnx"))
        cls = sorted(models.glob("*cls*.onnx"))
        if not det or not rec or not cls:
            raise OcrUnavailable(f"RapidOCR's bundled models are missing from {models}")
        self.models = (det[-1].name, rec[-1].name)
        params = {
            "Global.log_level": "warning",
            "Global.use_cls": False,  # pages are upright once deskewed
            "Global.text_score": 0.0,  # low scores are kept and marked, never dropped
            "Det.model_path": str(det[-1]),
            "Det.limit_type": "max",
            "Det.limit_side_len": 1600,
            "Rec.model_path": str(rec[-1]),
            # narrow crops (a cell's number) padded to 120 px, not 320: recognition is most of the time
            "Rec.rec_img_shape": [3, 48, 120],
            "Rec.rec_batch_num": 12,
            "Cls.model_path": str(cls[-1]),
        }
        if "v4" in det[-1].name.lower():  # model names pick the version's settings
            params.update({"Det.ocr_version": "PP-OCRv4", "Rec.ocr_version": "PP-OCRv4", "Det.model_type": "mobile",
                           "Rec.model_type": "mobile"})
        self._ocr = RapidOCR(params=params)
        self._det = self._ocr._load_det_model()
        self._rec = self._ocr._load_rec_model()
        self._cls = self._ocr._load_cls_model()
        from rapidocr.ch_ppocr_rec import TextRecInput

        self._rec_input = TextRecInput

    @classmethod
    def get(cls) -> Engine:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def detect(self, bgr: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Axis-aligned pixel boxes (x0, y0, x1, y1) of the text lines."""
        res = self._det(bgr)
        if res.boxes is None:
            return []
        out = []
        h, w = bgr.shape[:2]
        for quad in res.boxes:
            xs, ys = quad[:, 0], quad[:, 1]
            x0, y0 = max(0, int(xs.min())), max(0, int(ys.min()))
            x1, y1 = min(w, int(np.ceil(xs.max()))), min(h, int(np.ceil(ys.max())))
            if x1 - x0 >= 3 and y1 - y0 >= 3:
                out.append((x0, y0, x1, y1))
        return out

    def upside_down(self, lines: list[np.ndarray]) -> bool:
        """Whether most of these crops of text lines read upside down (PP-OCR's direction
        classifier, 0° or 180°, each counted where it is sure)."""
        if not lines:
            return False
        labels = [label for label, score in self._cls(lines).cls_res if score >= 0.9]
        return labels.count("180") > max(1, len(labels) // 2)

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        res = self._rec(self._rec_input(img=crops))
        return [(t or "", float(s)) for t, s in zip(res.txts, res.scores, strict=True)]


# ----------------------------------------------------------------------------------------
# A page


@dataclass
class OcrPage(PageGeometry):
    """A page's geometry read from its image: glyphs with their recognition scores, rules,
    and the cell frames of its ruled tables (per table, in points) found in the image."""

    frames: list[list[Box]] = field(default_factory=list)
    ocr: bool = True
    boxes: list[TextBox] = field(default_factory=list)
    turns: int = 0  # quarter turns (clockwise) that set the scan upright
    angle: float = 0.0  # deskew applied, degrees
    dpi: int = DPI
    reason: str | None = None  # why the page went through OCR
    recognized: bool = True  # false: triage found nothing a table needs (text not read)
    seconds: float = 0.0

    @property
    def text(self) -> str:
        """The page's lines, top to bottom: what `ReportPdf.page_text` gives a text-layer page."""
        return "\n".join(line.text for line in group_lines(list(self.glyphs)))


def _looks_like_table(boxes: list[tuple[int, int, int, int]]) -> bool:
    """Detection boxes of a page holding an unruled table: many short boxes (numbers, dashes)."""
    short = [b for b in boxes if (b[2] - b[0]) < 2.5 * (b[3] - b[1])]
    return len(short) >= 8


def cell_boxes(ink: np.ndarray, tables, dpi: int) -> list[tuple[int, int, int, int]]:
    """The text of each ruled cell, from the cell's own ink (`ink_mask` of the page, rules painted
    out): the box around the marks inside the frame, specks of noise left out; none for an
    empty cell. Text set against a rule is inside its cell, never across the rule."""
    inset = max(2, dpi // 60)  # a painted-out rule's blurred edge
    found = []
    for x0, y0, x1, y1 in (f for t in tables for f in t):
        region = ink[y0 + inset:y1 - inset, x0 + inset:x1 - inset]
        if region.size == 0 or not region.any():
            continue
        n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        found.append(((x0 + inset, y0 + inset), stats[1:n], (x0, y0, x1, y1)))
    heights = [int(s[3]) for _, stats, _ in found for s in stats if s[3] >= 0.04 * dpi]
    char = int(np.median(heights)) if heights else int(0.12 * dpi)  # the type's height, in pixels
    out = []
    for (ox, oy), stats, (fx0, fy0, fx1, fy1) in found:
        marks = [s for s in stats if s[4] >= max(6, char * char // 250) and max(s[2], s[3]) >= 0.15 * char]
        if not marks:
            continue  # specks of noise: the cell is empty
        x0, y0 = ox + min(int(s[0]) for s in marks), oy + min(int(s[1]) for s in marks)
        x1, y1 = ox + max(int(s[0] + s[2]) for s in marks), oy + max(int(s[1] + s[3]) for s in marks)
        # a mark alone (a dash, a dot) is given a character's room, as a detector's box has
        grow_y, grow_x = max(2, (char - (y1 - y0)) // 2), max(2, (char // 2 - (x1 - x0)) // 2)
        out.append((max(fx0, x0 - grow_x), max(fy0, y0 - grow_y), min(fx1, x1 + grow_x), min(fy1, y1 + grow_y)))
    return out


def _detect_around(engine: Engine, bgr: np.ndarray, tables) -> list[tuple[int, int, int, int]]:
    """Text boxes of the page outside its ruled tables (the title, prose): detection on the page
    with the tables blanked."""
    outside = bgr.copy()
    for x0, y0, x1, y1 in (outline(t) for t in tables):
        outside[max(0, y0):y1, max(0, x0):x1] = 255
    return engine.detect(outside)


def _pieces(ink: np.ndarray, box: tuple[int, int, int, int], line: int, in_cell: bool
            ) -> list[tuple[int, int, int, int]]:
    """A text box cut into what is recognised one at a time: a tall narrow box into its stacked
    characters, a box over several lines into lines, a line at gaps wider than a character.
    A detection box taller than a line but not wider than tall may be one big character (告);
    a cell's box is its text, however many lines."""
    w, h = box[2] - box[0], box[3] - box[1]
    if h >= 1.8 * w:
        return vertical_pieces(ink, box)
    lines = split_lines(ink, box, line) if h >= 1.5 * line and (in_cell or w >= 1.2 * h) else [box]
    return [piece for one in lines for piece in split_gaps(ink, one)]


def _read_boxes(engine: Engine, bgr: np.ndarray, ink: np.ndarray, boxes: list[tuple[int, int, int, int]],
                cells: int = 0) -> list[TextBox]:
    """Recognise the boxes of a page (`bgr`, its `ink_mask` beside it), cut into pieces first;
    the first `cells` boxes are ruled cells' text."""
    line = median_height(boxes)  # a text line's height, in pixels
    pieces = [p for i, b in enumerate(boxes) for p in _pieces(ink, b, line, i < cells)]
    results = engine.recognize([crop(bgr, b) for b in pieces])
    tights = [tight(ink, piece) for piece in pieces]
    # a digit's height on this page (the table's type, not the prose's)
    digit = median_height([b for b, (text, _) in zip(tights, results, strict=True) if text.isdigit()])
    out = []
    for piece, b, (text, score) in zip(pieces, tights, results, strict=True):
        text, changed = clean_ocr_text(text)
        if is_dash_shape(bgr, piece):
            # one flat solid stroke is a dash, whatever the recogniser made of it (一, =, 日, 4);
            # the shape settles it: as sure as the threshold for a mark, whatever the score
            text, changed, score = "—" if text in ("一", "—") else "-", False, LOW_CONFIDENCE
        elif text == "0" and score < LOW_CONFIDENCE and is_zero_shape(bgr, piece):
            # a lone 0 scores low because o and O are near (and mean 0 here): one ring, its
            # hole in the middle, is a 0 (6, 8, 9 have theirs off centre, or two)
            score = LOW_CONFIDENCE
        elif text in ("1", "/") and is_slash_shape(bgr, piece):
            # the placeholder / reads as 1 to the recogniser; its stroke leans, a 1's stands
            if text != "/":
                text, changed, score = "/", True, min(score, 0.9)
        elif text.isdigit() and b[3] - b[1] < 0.5 * digit:
            # half a digit's height: quote marks (“ read as 66 or 99), set apart when a label
            # is spread across its cell
            text, changed = '"', True
        if not text:
            continue
        out.append(TextBox(text, b, score * (0.97 if changed else 1.0)))
    return out


def _upright(gray: np.ndarray, dpi: int, engine: Engine) -> tuple[np.ndarray, int]:
    """The page turned upright, with the quarter turns (clockwise) it took: a page scanned
    sideways is turned a quarter, and one whose lines read upside down half a turn."""
    runs = text_runs(gray, dpi)
    turns = 1 if runs.sideways else 0
    lines = [np.rot90(crop(gray, b), k=-turns) for b in runs.longest() if b[2] > b[0] and b[3] > b[1]]
    if engine.upside_down([cv2.cvtColor(np.ascontiguousarray(x), cv2.COLOR_GRAY2BGR) for x in lines if x.size]):
        turns += 2
    return (np.ascontiguousarray(np.rot90(gray, k=-turns)) if turns else gray), turns


def ocr_image(gray: np.ndarray, number: int, width: float, height: float, dpi: int = DPI,
              engine: Engine | None = None, read: str = "all") -> OcrPage:
    """OCR a rendered page. `read`: "all" recognises every text box; "triage" recognises
    only where the page holds a ruled table or looks like an unruled one (and then not the
    prose beside a ruled table); "title" the top of the page unless it holds a table."""
    started = time.perf_counter()
    engine = engine or Engine.get()
    gray, turns = _upright(gray, dpi, engine)
    if turns % 2:
        width, height = height, width
    angle = estimate_skew(gray)
    if abs(angle) >= 0.05:
        gray = rotate(gray, angle, 255)
    rules = find_rules(gray, dpi)
    tables = table_frames(rules, dpi)
    clean = strip_rules(gray, rules, tables, dpi)
    scale = 72 / dpi
    page = OcrPage(number, width, height, angle=angle, dpi=dpi, turns=turns)
    page.segments = rule_segments(rules, scale)
    page.frames = [[(float(x0 * scale), float(y0 * scale), float(x1 * scale), float(y1 * scale))
                    for x0, y0, x1, y1 in t] for t in tables]
    bgr = cv2.cvtColor(clean, cv2.COLOR_GRAY2BGR)
    ink = ink_mask(clean)
    if tables:
        # a ruled table says where its cells are: their text is found in each cell's own ink,
        # no detector needed; the page around the tables is detected only where it is read
        boxes = cell_boxes(ink, tables, dpi)
        cells = len(boxes)
        if read != "triage":
            around = _detect_around(engine, bgr, tables)
            boxes += around if read == "all" else [b for b in around if b[1] < 0.4 * gray.shape[0]]
    else:
        boxes, cells = engine.detect(bgr), 0
        if read != "all" and not _looks_like_table(boxes):
            if read == "triage":
                page.recognized = False
                page.seconds = time.perf_counter() - started
                return page
            boxes = [b for b in boxes if b[1] < 0.4 * gray.shape[0]]  # the title, not the prose under it
    boxes += missed_marks(ink, boxes)
    page.boxes = _read_boxes(engine, bgr, ink, boxes, cells)
    words = [(b.box[3] - b.box[1]) * scale / 0.9 for b in page.boxes if _CJK.search(b.text)]
    em = float(np.median(words)) if words else 0.0
    page.glyphs = [g for b in page.boxes for g in glyphs_of(b, scale, em)]
    page.seconds = time.perf_counter() - started
    return page


def ocr_page_geometry(pdf_path, page_index: int, dpi: int = DPI, engine: Engine | None = None,
                      read: str = "all") -> OcrPage:
    """One page of a PDF through OCR: render at `dpi`, deskew, rules, text boxes -> glyphs."""
    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        gray, width, height = render_page(doc, page_index, dpi)
    finally:
        doc.close()
    return ocr_image(gray, page_index + 1, width, height, dpi, engine, read)


def ocr_document(pdf_path, indices: list[int], dpi: int = DPI, ocr_text: bool = False,
                 reasons: dict[int, str] | None = None, engine: Engine | None = None) -> dict[int, OcrPage]:
    """The pages `indices` (0-based) through OCR. Without `ocr_text`, only what the tables and
    the title need is recognised: the first page, pages with a ruled table or that look like
    an unruled one, and a page next to such a page; the rest are detected only."""
    engine = engine or Engine.get()
    doc = pypdfium2.PdfDocument(str(pdf_path))
    pages: dict[int, OcrPage] = {}
    try:
        for i in sorted(indices):
            read = "all" if ocr_text else "title" if i == 0 else "triage"
            # the title's few lines are read finer: a misread 年 loses the reporting year
            page_dpi = max(dpi, TITLE_DPI) if read == "title" else dpi
            gray, width, height = render_page(doc, i, page_dpi)
            pages[i] = ocr_image(gray, i + 1, width, height, page_dpi, engine, read)

        # tables run on: a page next to a table page is read too (a table starting at the foot
        # of a page may show there no more than its header)
        def holds_table(page: OcrPage | None) -> bool:
            return page is not None and page.recognized and bool(page.frames or _has_numbers(page))

        for i in sorted(i for i, page in pages.items() if not page.recognized):
            if holds_table(pages.get(i - 1)) or holds_table(pages.get(i + 1)):
                gray, width, height = render_page(doc, i, dpi)  # rendered again: pages are not kept
                pages[i] = ocr_image(gray, i + 1, width, height, dpi, engine, "all")
    finally:
        doc.close()
    for i, page in pages.items():
        page.reason = (reasons or {}).get(i, page.reason)
    return pages


def _has_numbers(page: OcrPage) -> bool:
    return sum(1 for b in page.boxes if re.fullmatch(r"[\d,.+\-]+", b.text)) >= 3
