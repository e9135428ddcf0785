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
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np
import pypdfium2

from parsers.layout import LOW_CONFIDENCE, Box, PageGeometry, Segment, group_lines, outline
from parsers.ocr_pieces import (
    TextBox,
    clean_ocr_text,
    crop,
    glyphs_of,
    ink_runs,
    is_dash_shape,
    is_slash_shape,
    is_zero_shape,
    line_height,
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
    short_ink_runs,
    strip_rules,
    table_frames,
    text_runs,
)
from parsers.text_layer import _CJK

# ----------------------------------------------------------------------------------------
# The engine: RapidOCR with the models its wheel ships


class OcrUnavailable(RuntimeError):
    """RapidOCR or its bundled models are not installed."""


# the longest side the detector looks at a page with: 1280 of an A4 page's 2339 px at 200 dpi
# keeps 9 pt type 14 px high, and costs 0.60 of 1600 (make scan-bench)
DETECT_SIDE = 1280
BATCH_WIDTH = 24  # crops' widths (in heights) the recogniser takes in one batch, padding included
_LETTER = re.compile(r"^[A-Za-z]$")
SIGN_UNSURE = 0.85  # a minus sign told from a dash by its place alone: under LOW_CONFIDENCE, marked


def onnxruntime_providers() -> list[str]:
    """The execution providers the installed onnxruntime offers ([] without it)."""
    try:
        import onnxruntime
    except ImportError:  # pragma: no cover - depends on the install
        return []
    return list(onnxruntime.get_available_providers())


def device(providers: list[str]) -> str:
    """"cuda" where onnxruntime offers its CUDA provider (the `gpu` extra installs the
    onnxruntime-gpu build), else "cpu": the default install runs on the CPU, offline."""
    return "cuda" if "CUDAExecutionProvider" in providers else "cpu"


def _without_spinning(session, path: Path):
    """`session` built again, as rapidocr built it, but with onnxruntime's worker threads asleep
    between the pieces of work they are handed, not spinning: a spinning thread holds a core the
    page's image steps (OpenCV) and other processes want. The same numbers come out."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    providers = session.get_providers()
    return onnxruntime.InferenceSession(str(path), sess_options=options, providers=providers,
                                        provider_options=[session.get_provider_options()[p] for p in providers])


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
        self.device = device(onnxruntime_providers())
        params = {
            "EngineConfig.onnxruntime.use_cuda": self.device == "cuda",
            "Global.log_level": "warning",
            "Global.use_cls": False,  # pages are upright once deskewed
            "Global.text_score": 0.0,  # low scores are kept and marked, never dropped
            "Det.model_path": str(det[-1]),
            "Det.limit_type": "max",
            "Det.limit_side_len": DETECT_SIDE,
            "Rec.model_path": str(rec[-1]),
            # narrow crops (a cell's number) padded to 120 px, not 320: recognition is most of the time
            "Rec.rec_img_shape": [3, 48, 48],
            "Cls.model_path": str(cls[-1]),
        }
        if "v4" in det[-1].name.lower():  # model names pick the version's settings
            params.update({"Det.ocr_version": "PP-OCRv4", "Rec.ocr_version": "PP-OCRv4", "Det.model_type": "mobile",
                           "Rec.model_type": "mobile"})
        self._ocr = RapidOCR(params=params)
        self._det = self._ocr._load_det_model()
        self._rec = self._ocr._load_rec_model()
        self._cls = self._ocr._load_cls_model()
        for model, path in ((self._det, det[-1]), (self._rec, rec[-1]), (self._cls, cls[-1])):
            model.session.session = _without_spinning(model.session.session, path)
        from rapidocr.ch_ppocr_rec import TextRecInput

        self._rec_input = TextRecInput

    @classmethod
    def get(cls) -> Engine:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def detect(self, bgr: np.ndarray, side: int = 0) -> list[tuple[int, int, int, int]]:
        """Axis-aligned pixel boxes (x0, y0, x1, y1) of the text lines; `side`: the longest side
        (pixels) the detector looks at the image with (default: DETECT_SIDE)."""
        default = self._det.limit_side_len
        self._det.limit_side_len = side or default
        try:
            res = self._det(bgr)
        finally:
            self._det.limit_side_len = default
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
        """(text, score) of each crop. The recogniser pads every crop of a batch to the widest
        one's width, so crops go in batches of like widths, a batch's padded width bounded
        (`BATCH_WIDTH`), not its count: a long label line never drags ten short ones with it."""
        ratios = [max(1.0, c.shape[1] / max(1, c.shape[0])) for c in crops]
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        batch: list[int] = []
        for k in sorted(range(len(crops)), key=lambda k: ratios[k]) + [None]:
            if batch and (k is None or ratios[k] * (len(batch) + 1) > BATCH_WIDTH):
                self._rec.rec_batch_num = len(batch)
                res = self._rec(self._rec_input(img=[crops[j] for j in batch]))
                for j, text, score in zip(batch, res.txts, res.scores, strict=True):
                    out[j] = (text or "", float(score))
                batch = []
            if k is not None:
                batch.append(k)
        return out


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


TABLE_BOXES = 5  # short boxes the detector sees on a page of an unruled table, at the least


def _looks_like_table(boxes: list[tuple[int, int, int, int]]) -> bool:
    """Detection boxes of a page holding an unruled table: short boxes (numbers, dashes), five
    or more. Table 二's rows print one value each in most sub-tables: its first rows at the
    foot of a report's first page showed six (at 8 asked, table 二 was lost on a fresh seed);
    pages of prose show three at most (below)."""
    short = [b for b in boxes if (b[2] - b[0]) < 2.5 * (b[3] - b[1])]
    return len(short) >= TABLE_BOXES


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


UNREAD = "\u2591"  # ░: a character of a line of prose that was not read (its text is not needed)


def _unbroken(ink: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Text running on, as the unruled table reader tells a line of prose (parsers.stream: no
    gap wider than a character): its ink gaps no wider than the type is high (the gap after a
    full-width comma is narrower), or prose letter-spaced by a justified paragraph (character
    after character, evenly apart), not a header line's words set column by column."""
    runs = ink_runs(ink, box)
    if len(runs) <= 1:
        return True
    _, top, _, bottom = tight(ink, box)
    height = max(1, bottom - top)
    gaps = [b[0] - a[1] for a, b in zip(runs, runs[1:], strict=False)]
    if max(gaps) <= height:
        return True
    widths = sorted(b - a for a, b in runs)
    return widths[len(widths) // 2] <= 1.6 * height and max(gaps) < 2 * height


def _prose_lines(boxes, ink: np.ndarray, title_rows: int = 0) -> list[tuple[int, int, int, int]]:
    """Detection boxes of unbroken text wider than 0.6 of the text's width: lines of prose, as
    the unruled table reader tells them (parsers.stream). A table's header line across its
    columns is as wide, but gaps part its words. None above `title_rows` (pixels): a title can
    run as wide and as unbroken as prose, in type barely larger than the body's."""
    if not boxes:
        return []
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    return [b for b in boxes if b[1] >= title_rows and b[2] - b[0] > 0.6 * (right - left) and _unbroken(ink, b)]


def _rows(ink: np.ndarray, low: int, high: int) -> np.ndarray:
    """The ink of the page's rows `low` to `high` only."""
    out = np.zeros_like(ink)
    out[low:high] = ink[low:high]
    return out


def _detect(engine: Engine, bgr: np.ndarray, tables, low: int, high: int) -> list[tuple[int, int, int, int]]:
    """Text boxes of the page's rows `low` to `high` (pixels), its ruled tables left blank. The
    band is looked at as small as the whole page would be (a band as wide as the page would
    otherwise be scaled by its width, not the page's height: the same type seen larger, for
    more time)."""
    band = bgr[low:high].copy()
    for x0, y0, x1, y1 in (outline(t) for t in tables):
        band[max(0, y0 - low):max(0, y1 - low), max(0, x0):x1] = 255
    side = round(DETECT_SIDE * max(band.shape[:2]) / max(bgr.shape[:2]))
    return [(x0, y0 + low, x1, y1 + low) for x0, y0, x1, y1 in engine.detect(band, side)]


def _pieces(ink: np.ndarray, box: tuple[int, int, int, int], line: int, in_cell: bool
            ) -> list[tuple[int, int, int, int]]:
    """A text box cut into what is recognised one at a time: a tall narrow box into its stacked
    characters, a box over several lines into lines, a line at gaps wider than a character.
    A detection box taller than a line but about square may be one big character (告); one a
    quarter taller than wide holds lines (无 over 0 in a narrow column); a cell's box is its
    text, however many lines."""
    w, h = box[2] - box[0], box[3] - box[1]
    if h >= 1.8 * w:
        return vertical_pieces(ink, box)
    lines = (split_lines(ink, box, line) if h >= 1.5 * line and (in_cell or w >= 1.2 * h or h >= 1.25 * w)
             else [box])
    return [piece for one in lines for piece in split_gaps(ink, one)]


def _read_boxes(engine: Engine, bgr: np.ndarray, ink: np.ndarray, boxes: list[tuple[int, int, int, int]],
                cells: int = 0) -> list[TextBox]:
    """Recognise the boxes of a page (`bgr`, its `ink_mask` beside it), cut into pieces first;
    the first `cells` boxes are ruled cells' text."""
    line = median_height(boxes[cells:])  # a detected text line's height, in pixels
    # a ruled cell's line: its type's, from the cells' own lines of ink (boxes of cells with
    # wrapped labels stand two or three lines tall)
    cell_line = line_height(ink, boxes[:cells])
    # each piece with the height of the line of type it was cut from
    lines = [cell_line if i < cells else line for i in range(len(boxes))]
    owned = [(p, type_line, i) for i, (b, type_line) in enumerate(zip(boxes, lines, strict=True))
             for p in _pieces(ink, b, type_line, i < cells)]
    pieces = [p for p, _, _ in owned]
    results = engine.recognize([crop(bgr, b) for b in pieces])
    tights = [tight(ink, piece) for piece in pieces]
    # a digit's height on this page (the table's type, not the prose's)
    digit = median_height([b for b, (text, _) in zip(tights, results, strict=True) if text.isdigit()])
    out, read_from = [], []  # each TextBox, and (the box it was cut from, whether its shape made it a dash)
    for (piece, type_line, source), b, (text, score) in zip(owned, tights, results, strict=True):
        text, changed = clean_ocr_text(text)
        dash = is_dash_shape(bgr, piece, type_line)
        if dash:
            # one flat solid stroke is a dash, whatever the recogniser made of it (一, =, 日, 4);
            # the shape settles it: as sure as the threshold for a mark, whatever the score
            text, changed, score = "—" if text in ("一", "—") else "-", False, LOW_CONFIDENCE
        elif text == "0" and score * (0.97 if changed else 1.0) < LOW_CONFIDENCE and is_zero_shape(bgr, piece):
            # a lone 0 scores low because o and O are near (and mean 0 here): one ring, its
            # hole in the middle, is a 0 (6, 8, 9 have theirs off centre, or two)
            score, changed = LOW_CONFIDENCE, False
        elif (text in ("1", "/") or _LETTER.match(text)) and is_slash_shape(bgr, piece):
            # the placeholder / reads as 1 to the recogniser, a faint one as a letter (L); its
            # stroke leans, a 1's stands
            if text != "/":
                text, changed, score = "/", True, min(score, 0.9)
        elif text.isdigit() and b[3] - b[1] < 0.5 * digit:
            # half a digit's height: quote marks (“ read as 66 or 99), set apart when a label
            # is spread across its cell
            text, changed = '"', True
        if not text:
            continue
        out.append(TextBox(text, b, score * (0.97 if changed else 1.0)))
        read_from.append((source, dash))
    return _minus_signs(out, read_from)


def _minus_signs(boxes: list[TextBox], read_from: list[tuple[int, bool]]) -> list[TextBox]:
    """A flat stroke right before a number's digits in one box is its minus sign (－3 printed
    with a gap, the stroke cut off as a piece of its own): a placeholder never shares a cell
    with a number. Which the stroke is, the shape alone cannot say: the sign is marked unsure."""
    out = list(boxes)
    for k in range(len(out) - 1):
        (source, dash), (next_source, _) = read_from[k], read_from[k + 1]
        stroke, number = out[k], out[k + 1]
        middle = (stroke.box[1] + stroke.box[3]) / 2
        if (dash and source == next_source and number.text[:1].isdigit() and number.box[0] >= stroke.box[2]
                and number.box[1] <= middle <= number.box[3]):
            out[k] = TextBox("-", stroke.box, SIGN_UNSURE)
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


@dataclass
class Scan:
    """A rendered page set upright and straight, its rules and ruled tables found, the rules
    painted out: all that is known of a scanned page before any text is read."""

    number: int
    width: float  # points, as the page reads upright
    height: float
    dpi: int
    turns: int
    angle: float
    rules: object  # scan_image.Rules
    tables: list  # cell frames (pixels) of each ruled table
    clean: np.ndarray  # grey, rules painted out

    @property
    def scale(self) -> float:
        return 72 / self.dpi


def prepare(gray: np.ndarray, number: int, width: float, height: float, dpi: int, engine: Engine) -> Scan:
    """Turn the page upright, straighten it, find its rules and ruled tables (no recognition)."""
    gray, turns = _upright(gray, dpi, engine)
    if turns % 2:
        width, height = height, width
    angle = estimate_skew(gray)
    if abs(angle) >= 0.05:
        gray = rotate(gray, angle, 255)
    rules = find_rules(gray, dpi)
    tables = table_frames(rules, dpi)
    return Scan(number, width, height, dpi, turns, angle, rules, tables, strip_rules(gray, rules, tables, dpi))


TRIAGE_SIDE = 960  # pixels: the detector's view of a page only asked whether it holds a table
# Fewer short runs of ink than this: a page of prose, no detector asked. `_looks_like_table` asks
# for TABLE_BOXES short boxes. On 319 unruled pages of scans (seeds 2026, 3344, 5557, 7301 and 9119 of the
# generated corpus, and ../shared/cases) the pages under 4 runs (224) all had 3 short boxes or
# fewer; between 4 and 30 boxes the runs counted 0.6 to 2.7 times the boxes.
PROSE_RUNS = 4


def holds_table(scan: Scan, engine: Engine) -> bool:
    """Whether the page holds a table: a ruled one, or many short text boxes (numbers in
    columns) to a detector looking at the page small, asked only where the page's lines hold
    a few short runs of ink (`short_ink_runs`, some 20 ms against 0.3 s for the detector)."""
    if scan.tables:
        return True
    if short_ink_runs(scan.clean, scan.dpi) < PROSE_RUNS:
        return False
    return _looks_like_table(engine.detect(cv2.cvtColor(scan.clean, cv2.COLOR_GRAY2BGR), TRIAGE_SIDE))


# The band of the page (fractions of its height) each way of reading looks at.
BANDS = {"all": (0.0, 1.0), "tables": (0.0, 1.0), "title": (0.0, 0.4), "top": (0.0, 0.5), "bottom": (0.5, 1.0)}


def read_scan(scan: Scan, engine: Engine, read: str = "all", title: bool = False) -> OcrPage:
    """Recognise a prepared page. `read`: "all" every text box; "tables" the ruled tables'
    cells, or on a page without rules its text but lines of prose (an unruled table's region
    is bounded by them: they stand for themselves, unread); "title" the top of the page but
    lines of body prose; "top" and "bottom" the top or bottom half but lines of prose (the page
    before or after a table page, where a table may begin or end). `title`: the top of the
    page is read too (the first page)."""
    started = time.perf_counter()
    scale, tables = scan.scale, scan.tables
    page = OcrPage(scan.number, scan.width, scan.height, angle=scan.angle, dpi=scan.dpi, turns=scan.turns)
    page.segments = rule_segments(scan.rules, scale)
    page.frames = [[(float(x0 * scale), float(y0 * scale), float(x1 * scale), float(y1 * scale))
                    for x0, y0, x1, y1 in t] for t in tables]
    bgr = cv2.cvtColor(scan.clean, cv2.COLOR_GRAY2BGR)
    ink = ink_mask(scan.clean)
    rows = scan.clean.shape[0]
    low, high = (int(f * rows) for f in BANDS[read])
    if tables:
        # a ruled table says where its cells are: their text is found in each cell's own ink,
        # no detector needed; the page around the tables is detected only where it is read
        boxes = cell_boxes(ink, tables, scan.dpi)
        cells = len(boxes)
        low, high = (0, rows) if read == "all" else (0, int(BANDS["title"][1] * rows)) if title else (0, 0)
        detected = _detect(engine, bgr, tables, low, high) if high else []
    else:
        boxes, cells = [], 0
        detected = _detect(engine, bgr, [], low, high)
    # marks the detector passed over, where it looked (the cells' marks are all in their boxes)
    detected += missed_marks(_rows(ink, low, high), boxes + detected) if high else []
    boxes += detected
    title_rows = int(BANDS["title"][1] * rows) if title else 0
    unread = [] if read == "all" else _prose_lines(detected, ink, title_rows)
    page.boxes = _read_boxes(engine, bgr, ink, [b for b in boxes if b not in unread], cells)
    page.boxes += [TextBox(UNREAD * max(1, round((b[2] - b[0]) / max(1, b[3] - b[1]))), b, 1.0) for b in unread]
    words = [(b.box[3] - b.box[1]) * scale / 0.9 for b in page.boxes if _CJK.search(b.text)]
    em = float(np.median(words)) if words else 0.0
    page.glyphs = [g for b in page.boxes for g in glyphs_of(b, scale, em)]
    page.seconds = time.perf_counter() - started
    return page


def ocr_image(gray: np.ndarray, number: int, width: float, height: float, dpi: int = DPI,
              engine: Engine | None = None, read: str = "all") -> OcrPage:
    """OCR a rendered page (`read` as for `read_scan`)."""
    engine = engine or Engine.get()
    return read_scan(prepare(gray, number, width, height, dpi, engine), engine, read)


def ocr_page_geometry(pdf_path, page_index: int, dpi: int = DPI, engine: Engine | None = None,
                      read: str = "all") -> OcrPage:
    """One page of a PDF through OCR: render at `dpi`, upright, straighten, rules, text -> glyphs."""
    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        gray, width, height, dpi = render_page(doc, page_index, dpi)
    finally:
        doc.close()
    return ocr_image(gray, page_index + 1, width, height, dpi, engine, read)


def ocr_pictures(pdf_path, page_index: int, regions: list[Box], dpi: int = DPI,
                 engine: Engine | None = None) -> PageGeometry | None:
    """The tables in pictures pasted onto a text-layer page (`regions`: top-down points, from
    `ReportPdf.pictures`): each region rendered, prepared and, where it holds a table, read;
    glyphs and rules in the page's points. None when no region holds a table."""
    engine = engine or Engine.get()
    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        gray, width, height, dpi = render_page(doc, page_index, dpi)
    finally:
        doc.close()
    k = dpi / 72
    found = PageGeometry(page_index + 1, width, height, ocr=True)
    for x0, top, x1, bottom in regions:
        region = np.ascontiguousarray(gray[int(top * k):int(bottom * k), int(x0 * k):int(x1 * k)])
        if min(region.shape) < 20:
            continue
        scan = prepare(region, page_index + 1, x1 - x0, bottom - top, dpi, engine)
        if scan.turns or not holds_table(scan, engine):
            continue  # a photograph, a stamp: no table to read
        page = read_scan(scan, engine, "all")
        found.glyphs += [replace(g, x0=g.x0 + x0, x1=g.x1 + x0, top=g.top + top, bottom=g.bottom + top)
                         for g in page.glyphs]
        found.segments += [Segment(s.x0 + x0, s.top + top, s.x1 + x0, s.bottom + top) for s in page.segments]
        for frames in page.frames:  # the cells' edges, for the page's own table finding
            for f0, ftop, f1, fbottom in frames:
                f0, ftop, f1, fbottom = f0 + x0, ftop + top, f1 + x0, fbottom + top
                found.segments += [Segment(f0, ftop, f1, ftop), Segment(f0, fbottom, f1, fbottom),
                                   Segment(f0, ftop, f0, fbottom), Segment(f1, ftop, f1, fbottom)]
        found.ocr_regions.append((x0, top, x1, bottom))
    return found if found.glyphs else None


def ocr_document(pdf_path, indices: list[int], dpi: int = DPI, ocr_text: bool = False,
                 reasons: dict[int, str] | None = None, engine: Engine | None = None) -> dict[int, OcrPage]:
    """The pages `indices` (0-based) through OCR, each rendered once. Without `ocr_text`, only
    what the tables and the title need is recognised: the first page, the pages that hold a
    table, and a page next to one (a table starting at the foot of a page may show there no
    more than its header); the others are looked at small and not read (`recognized` false)."""
    engine = engine or Engine.get()
    doc = pypdfium2.PdfDocument(str(pdf_path))
    pages: dict[int, OcrPage] = {}
    with_table: set[int] = set()
    waiting: tuple[int, Scan] | None = None  # the page before, not read: its next neighbour decides
    try:
        for i in sorted(indices):
            gray, width, height, rendered = render_page(doc, i, dpi)
            scan = prepare(gray, i + 1, width, height, rendered, engine)
            if not ocr_text and holds_table(scan, engine):
                with_table.add(i)
            if waiting is not None and waiting[0] == i - 1 and i in with_table:
                pages[i - 1] = read_scan(waiting[1], engine, "bottom")  # a table may begin at its foot
            waiting = None
            if ocr_text or i in with_table or i == 0 or i - 1 in with_table:
                read = ("all" if ocr_text else "tables" if i in with_table else "title" if i == 0
                        else "top")  # the table before may end at its head
                pages[i] = read_scan(scan, engine, read, title=i == 0)
            else:
                pages[i] = OcrPage(i + 1, scan.width, scan.height, recognized=False)
                waiting = (i, scan)
    finally:
        doc.close()
    for i, page in pages.items():
        page.reason = (reasons or {}).get(i, page.reason)
    return pages
