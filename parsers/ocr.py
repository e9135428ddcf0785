"""Scanned pages: OCR into the same words-with-boxes the text layer gives.

A page whose text layer is missing or unusable (`page_needs_ocr`) is rendered
(pypdfium2, 200 dpi, grey), deskewed, and its ruling lines are found with
OpenCV morphology. Lines are painted out before RapidOCR (PP-OCR detection and
recognition, the models shipped inside the pinned `rapidocr` wheel; nothing is
downloaded) reads the text boxes. The result, `OcrPage`, has what
`parsers.pdf.PageGeometry` has — number, width, height, glyphs in PDF points,
ruling segments — plus the cell frames of the ruled tables and each glyph's
recognition score. From there the one shared path goes on: `ocr_grids` gives
ruled tables through `parsers.grid.grid_from_boxes` (frames found in the
image) and unruled ones through `parsers.stream.stream_grids` (glyphs), and
`pipeline.tables.TableReader` reads both as it reads the text layer's.

Entry points:
    page_needs_ocr(text, char_count, has_images) -> reason or None
    text_layer_report(path, texts) -> [reason or None per page]
    ocr_page_geometry(path, index, dpi=200) -> OcrPage
    ocr_document(path, indices, dpi=200, ocr_text=False) -> {index: OcrPage}
    ocr_grids(page) -> [Grid]
    value_confidence(pages, page_number, box) -> float (1.0 where no OCR glyph is under the box)
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

from parsers.grid import Grid, grid_from_boxes, holds_values
from parsers.layout import Box, Glyph, fold, group_lines
from parsers.pdf import Segment
from parsers.text_layer import _CJK, page_needs_ocr, page_text_stats, text_layer_report  # noqa: F401 (re-exported)
from pipeline.report import LOW_CONFIDENCE  # one threshold for OCR's marks and the report status

DPI = 200
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
        if not det or not rec:
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
        }
        if "v4" in det[-1].name.lower():  # model names pick the version's settings
            params.update({"Det.ocr_version": "PP-OCRv4", "Rec.ocr_version": "PP-OCRv4", "Det.model_type": "mobile",
                           "Rec.model_type": "mobile"})
        self._ocr = RapidOCR(params=params)
        self._det = self._ocr._load_det_model()
        self._rec = self._ocr._load_rec_model()
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

    def recognize(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        res = self._rec(self._rec_input(img=crops))
        return [(t or "", float(s)) for t, s in zip(res.txts, res.scores, strict=True)]


# ----------------------------------------------------------------------------------------
# Image: render, deskew, ruling lines, cell frames


def render_page(doc: pypdfium2.PdfDocument, index: int, dpi: int = DPI) -> tuple[np.ndarray, float, float]:
    """(grey image, page width pt, page height pt)."""
    page = doc[index]
    try:
        width, height = page.get_size()
        image = page.render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        page.close()
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.shape[2] == 3 else image[:, :, 0]
    return np.ascontiguousarray(image), float(width), float(height)


def _ink(gray: np.ndarray) -> np.ndarray:
    """Binary, ink = 255."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


def _rotate(image: np.ndarray, angle: float, border: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)


def estimate_skew(gray: np.ndarray, limit: float = 3.0) -> float:
    """The rotation (degrees, cv2's sense) that makes text lines and rules horizontal: the
    angle whose horizontal projection profile is sharpest."""
    ink = _ink(gray)
    scale = 1000 / max(ink.shape)
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.sum() == 0:
        return 0.0

    def sharpness(angle: float) -> float:
        profile = _rotate(small, angle, 0).sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(profile) ** 2))

    best = max(np.arange(-limit, limit + 1e-9, 0.25), key=sharpness)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness)
    return round(float(fine), 2)


@dataclass
class Rules:
    horizontal: np.ndarray  # masks, ink = 255
    vertical: np.ndarray


def find_rules(gray: np.ndarray, dpi: int = DPI) -> Rules:
    """Ruling lines by morphology: ink runs far longer than any character's stroke."""
    ink = _ink(gray)
    length = max(20, int(0.4 * dpi))  # 0.4 in: longer than two characters of body text
    # a vertical rule may be one row high: shorter, kept only where it runs from one horizontal
    # rule to another (a title's tall stroke meets none, a character's beside a rule one)
    short = max(12, int(0.1 * dpi))
    bridge = max(3, int(0.02 * dpi))  # gaps blur and JPEG leave in a thin rule
    h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    v = cv2.morphologyEx(v, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, short)))
    near_h = cv2.dilate(h, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 2 * bridge + 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(v, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    text = ink & ~near_h
    for i, (x, y, w, hh, _) in enumerate(stats):
        if i == 0:
            continue
        # a rule stands clear of the text beside it; strokes cross a character's (十, 事), and
        # in rows as tall as their type, strokes of characters stacked row on row join up
        # across the rules into one long vertical run
        if _crossed(text, (x, y, w, hh), 2 * bridge) or not _thin(labels[y:y + hh, x:x + w] == i, dpi):
            continue
        # a short one runs from one horizontal rule to another (a stroke beside a rule meets one)
        top = near_h[y:y + bridge + 1, x:x + w].any()
        bottom = near_h[max(0, y + hh - bridge - 1):y + hh, x:x + w].any()
        keep[i] = hh >= length or bool(top and bottom)
    v = np.where(keep[labels], 255, 0).astype(np.uint8)
    return Rules(h, v)


def _thin(mask: np.ndarray, dpi: int) -> bool:
    """A vertical run under an inch long is a rule only if it is thin; strokes of characters
    stacked row on row (offset from one another) or a bold bracket make a thicker one. A long
    rule is kept whatever text touches it."""
    rows = mask.any(axis=1)
    if not rows.any():
        return False
    height, width = mask.shape
    if height >= dpi:
        return True
    per_row = width - np.argmax(mask[rows][:, ::-1], axis=1) - np.argmax(mask[rows], axis=1)
    return float(np.median(per_row)) <= 0.03 * dpi


def _crossed(ink: np.ndarray, box: tuple[int, int, int, int], margin: int) -> bool:
    """Ink (horizontal rules taken out) touches the vertical stroke `box` from the side: a
    character's stroke (十, 事, 卷) has strokes across it; a rule stands clear of the text."""
    x, y, w, h = box
    rows = slice(y + margin, y + h - margin)
    if rows.stop - rows.start < 3:
        return False
    side = max(2, margin // 2)  # looked at past the rule's own blurred edge, `side` px away
    left = ink[rows, max(0, x - 2 * side):max(0, x - side)].any(axis=1)
    right = ink[rows, x + w + side:x + w + 2 * side].any(axis=1)
    return float(np.mean(left | right)) > 0.2


def rule_segments(rules: Rules, scale: float) -> list[Segment]:
    """The rules as segments in PDF points (what `PageGeometry.segments` holds)."""
    out = []
    for mask, horizontal in ((rules.horizontal, True), (rules.vertical, False)):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _ in stats[1:n]:
            if horizontal:
                yc = (y + h / 2) * scale
                out.append(Segment(x * scale, yc, (x + w) * scale, yc))
            else:
                xc = (x + w / 2) * scale
                out.append(Segment(xc, y * scale, xc, (y + h) * scale))
    return out


def table_frames(rules: Rules, dpi: int = DPI) -> list[list[tuple[int, int, int, int]]]:
    """Cell frames (pixel boxes) of each ruled table: the regions the rules enclose.

    A table is a connected web of rules with at least two verticals (a three-line
    table's rules enclose nothing: it goes the unruled way). Its outline is drawn
    around it, which closes a table a page break cut open. A merged cell is one
    region, so spans come out of the frames as they do from pdfplumber's cells."""
    grid = cv2.bitwise_or(rules.horizontal, rules.vertical)
    grid = cv2.dilate(grid, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    min_side = int(0.1 * dpi)  # one row of small type
    tables = []
    for x, y, w, h, _ in stats[1:n]:
        if w < 2 * dpi or h < min_side:
            continue  # a table is wider than 2 in
        verticals = cv2.connectedComponentsWithStats(rules.vertical[y:y + h, x:x + w], connectivity=8)[0] - 1
        if verticals < 2:
            continue
        region = grid[y:y + h, x:x + w].copy()
        cv2.rectangle(region, (0, 0), (w - 1, h - 1), 255, thickness=3)
        m, _, cells, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(region), connectivity=4)
        pad = 2  # half a rule and the dilation
        frames = []
        for cx, cy, cw, ch, area in cells[1:m]:
            if cw < 8 or ch < 8 or area < 0.3 * cw * ch:
                continue  # a sliver between doubled rules
            frames.append((int(x + cx - pad), int(y + cy - pad), int(x + cx + cw + pad), int(y + cy + ch + pad)))
        if len(frames) >= 2:
            tables.append(_shared_edges(frames, tolerance=max(4, dpi // 30)))
    return tables


def _shared_edges(frames: list[tuple[int, int, int, int]], tolerance: int) -> list[tuple[int, int, int, int]]:
    """Edges of neighbouring frames (either side of one rule) made one value, as a text
    layer's cells share theirs: the reader compares a label's right edge with a value's left."""

    def snapper(values: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        group: list[int] = []
        for v in sorted(set(values)) + [None]:
            if group and (v is None or v - group[-1] > tolerance):
                centre = round(sum(group) / len(group))
                out.update({g: centre for g in group})
                group = []
            if v is not None:
                group.append(v)
        return out

    xs = snapper([f[0] for f in frames] + [f[2] for f in frames])
    ys = snapper([f[1] for f in frames] + [f[3] for f in frames])
    return [(xs[a], ys[b], xs[c], ys[d]) for a, b, c, d in frames]


# ----------------------------------------------------------------------------------------
# Text boxes -> glyphs


@dataclass(frozen=True)
class OcrGlyph(Glyph):
    """A glyph OCR recognised, with its text box's recognition score."""

    confidence: float = 1.0


@dataclass
class TextBox:
    text: str
    box: tuple[int, int, int, int]  # pixels of the deskewed image
    confidence: float


_DIGITISH = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "·": ".", "。": ".",
                           "，": ",", "：": ":"})
_NUMBER_LIKE = re.compile(r"^[+\-]?[\d,.]*\d[\d,.]*(?:万元|元)?$")


def clean_ocr_text(text: str) -> tuple[str, bool]:
    """OCR confusions inside a number (3,195·86, 1O2, l5) put right; (text, changed).
    Words are left as read: the normalizer's fuzzy matching absorbs a misread label."""
    text = text.strip()
    if len(text) == 1 and text in "Oo〇lI|，·":  # a lone value read as a letter; a lone separator
        return text.translate(_DIGITISH), True
    if not re.search(r"\d", text) or _CJK.search(text.replace("万元", "").replace("元", "")):
        return text, False
    fixed = text.translate(_DIGITISH).replace(" ", "")
    if fixed != text and _NUMBER_LIKE.match(fixed):
        return fixed, True
    return text, False


def _weight(ch: str) -> float:
    # a space inside one box is narrower than a character: gaps of a character or more were
    # cut apart by `_split_gaps`, and a full-width space would split a label in two downstream
    return 0.5 if ch.isspace() else 0.55 if ch.isascii() else 1.0


def glyphs_of(box: TextBox, scale: float) -> list[OcrGlyph]:
    """One glyph per character, the text box cut in proportion (narrow for Latin and digits);
    a tall box of several characters is vertical text and is cut top to bottom."""
    text = fold(box.text)
    chars = [ch for ch in text]
    if not text.strip():
        return []
    x0, y0, x1, y1 = box.box
    w, h = x1 - x0, y1 - y0
    vertical = h > 1.5 * w and len(text.strip()) > 1
    weights = [_weight(ch) for ch in chars]
    total = sum(weights)
    out = []
    pos = 0.0
    for ch, wt in zip(chars, weights, strict=True):
        start, pos = pos, pos + wt
        if ch.isspace():
            continue
        if vertical:
            top, bottom = y0 + h * start / total, y0 + h * pos / total
            gx0, gx1 = x0, x1
            size = (bottom - top) * scale
        else:
            gx0, gx1 = x0 + w * start / total, x0 + w * pos / total
            top, bottom = y0, y1
            size = h * scale
        out.append(OcrGlyph(ch, gx0 * scale, top * scale, gx1 * scale, bottom * scale, size,
                            round(box.confidence, 4)))
    return out


# ----------------------------------------------------------------------------------------
# A page


@dataclass
class OcrPage:
    """What `parsers.pdf.PageGeometry` gives for a text-layer page, from OCR."""

    number: int  # 1-based
    width: float  # PDF points
    height: float
    glyphs: list[OcrGlyph] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    frames: list[list[Box]] = field(default_factory=list)  # per ruled table, cell frames in points
    boxes: list[TextBox] = field(default_factory=list)
    angle: float = 0.0  # deskew applied, degrees
    dpi: int = DPI
    reason: str | None = None  # why the page went through OCR
    recognized: bool = True  # false: triage found nothing a table needs (text not read)
    seconds: float = 0.0
    plumber_page: object = None  # no pdfplumber page: `ocr_grids` replaces `lattice_grids`

    @property
    def text(self) -> str:
        """The page's lines, top to bottom: what `ReportPdf.page_text` gives a text-layer page."""
        return "\n".join(line.text for line in group_lines(list(self.glyphs)))


def _strip_rules(gray: np.ndarray, rules: Rules, tables, dpi: int = DPI) -> np.ndarray:
    """Rules painted white: a text box touching a rule reads worse and may run into the next
    cell. Only inside the ruled tables, and rules longer than 1.5 in elsewhere (a three-line
    table's): a big bold title's strokes, joined, can look like a short rule."""
    mask = np.zeros_like(gray)
    both = cv2.bitwise_or(rules.horizontal, rules.vertical)
    for frames in tables:
        x0, y0 = min(f[0] for f in frames), min(f[1] for f in frames)
        x1, y1 = max(f[2] for f in frames), max(f[3] for f in frames)
        mask[max(0, y0):y1, max(0, x0):x1] = both[max(0, y0):y1, max(0, x0):x1]
    long = cv2.morphologyEx(rules.horizontal, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (int(1.5 * dpi), 1)))
    mask = cv2.bitwise_or(mask, long)
    if not mask.any():
        return gray
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = gray.copy()
    out[mask > 0] = 255
    return out


def _looks_like_table(boxes: list[tuple[int, int, int, int]]) -> bool:
    """Detection boxes of a page holding an unruled table: many short boxes (numbers, dashes)."""
    short = [b for b in boxes if (b[2] - b[0]) < 2.5 * (b[3] - b[1])]
    return len(short) >= 8


def _crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return image[y0:y1, x0:x1]


def _vertical_pieces(ink: np.ndarray, box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """A tall narrow box is characters stacked one per line: one piece each, cut where a row
    holds no ink (a box over lines set close spans more than its characters: equal cuts would
    straddle them). Runs of ink are joined while they fit one character (the strokes of 三),
    and a run of characters that touch is cut in equal parts."""
    x0, y0, x1, y1 = box
    runs = _runs(ink[y0:y1, x0:x1].any(axis=1), join=2, shortest=0)
    if not runs:
        return [box]
    em = float(np.percentile([b - a for a, b in runs], 75))  # most runs are whole characters
    chars: list[list[int]] = []
    for a, b in runs:
        if chars and b - chars[-1][0] <= 1.2 * em:
            chars[-1][1] = b
        else:
            chars.append([a, b])
    # a sliver at either end is the edge of a character above or below the box
    height = y1 - y0
    chars = [c for c in chars if c[1] - c[0] >= 0.3 * em or 0 < c[0] and c[1] < height] or chars
    pad = 2
    pieces = []
    for a, b in chars:
        n = max(1, round((b - a) / em))
        for i in range(n):
            top, bottom = a + (b - a) * i // n, a + (b - a) * (i + 1) // n
            pieces.append((x0, max(y0, y0 + top - pad), x1, min(y1, y0 + bottom + pad)))
    return pieces


def _runs(on: np.ndarray, join: int, shortest: float) -> list[list[int]]:
    """[start, end) of the runs of True, runs `join` or fewer apart made one, and a run shorter
    than `shortest` (a stroke of 三, a dot) joined to the one before it."""
    runs: list[list[int]] = []
    start = None
    for i, v in enumerate(list(on) + [False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if runs and (start - runs[-1][1] <= join or i - start < shortest):
                runs[-1][1] = i
            else:
                runs.append([start, i])
            start = None
    return runs


def _needed(boxes, tables, image_width: int) -> list[tuple[int, int, int, int]]:
    """Without `ocr_text`, a page with ruled tables needs its tables read, not its prose: a
    long line outside every table is left unrecognised (an unruled table's page keeps all:
    its prose lines bound the table's region)."""
    if not tables:
        return boxes
    regions = [(min(f[0] for f in t), min(f[1] for f in t), max(f[2] for f in t), max(f[3] for f in t))
               for t in tables]

    def inside(b) -> bool:
        xc, yc = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
        return any(r[0] <= xc <= r[2] and r[1] <= yc <= r[3] for r in regions)

    return [b for b in boxes if inside(b) or b[2] - b[0] < 0.3 * image_width]


def _missed_marks(image: np.ndarray, boxes) -> list[tuple[int, int, int, int]]:
    """Ink no detection box covers: a dash, a slash or a lone digit the detector passed
    over. Left out, a printed value would read as a blank cell, silently."""
    if not boxes:
        return []
    heights = sorted(b[3] - b[1] for b in boxes)
    char = heights[len(heights) // 2]  # a text line's height, in pixels
    ink = _ink(image)
    covered = np.zeros_like(ink)
    for x0, y0, x1, y1 in boxes:
        covered[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = 255
    loose = cv2.bitwise_and(ink, cv2.bitwise_not(covered))
    # pieces of one mark (the strokes of a digit) join; marks a character apart do not
    joined = cv2.dilate(loose, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, char // 4), max(3, char // 4))))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    pad = max(2, char // 8)
    for x, y, w, h, _ in stats[1:n]:
        core = loose[y:y + h, x:x + w]
        if cv2.countNonZero(core) < max(6, char * char // 250):
            continue  # a speck of noise
        if w > 4 * char or h > 2 * char:
            continue  # a picture, a stamp
        ys, xs = np.nonzero(core)  # the mark's own extent, not the dilation's
        ink_w, ink_h = np.ptp(xs) + 1, np.ptp(ys) + 1
        digit = ink_h >= 0.4 * char and ink_w >= 0.1 * char  # a one-pixel sliver is a rule's edge
        dash = ink_w >= 0.12 * char and ink_h <= 0.6 * ink_w
        if not (digit or dash):
            continue  # a rule's remnant, a speck
        out.append((max(0, x - pad), max(0, y - pad), min(image.shape[1], x + w + pad),
                    min(image.shape[0], y + h + pad)))
    return out


def _is_dash_shape(image: np.ndarray, box) -> bool:
    """The ink in the box is one short flat solid stroke (blur thickens a thin dash; two
    characters run together are flat too, but hollow)."""
    ink = _ink(cv2.cvtColor(_crop(image, box), cv2.COLOR_BGR2GRAY))
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 2:
        return False
    main = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))  # the mark, not a speck or a rule's end
    x, y, w, h, area = stats[main]
    others = int(stats[1:, cv2.CC_STAT_AREA].sum()) - int(area)
    return (h <= 0.6 * w and h <= 0.5 * (box[3] - box[1]) and area >= 0.6 * w * h
            and w <= 3 * (box[3] - box[1]) and others <= 0.3 * area)


def _split_lines(ink: np.ndarray, box: tuple[int, int, int, int], line: int) -> list[tuple[int, int, int, int]]:
    """A detection box over two lines set close (a wrapped label) cut between them, where a
    row of the box holds no ink, into pieces a line high or more."""
    x0, y0, x1, y1 = box
    merged = _runs(ink[y0:y1, x0:x1].any(axis=1), join=2, shortest=0.25 * line)
    if len(merged) < 2 or any(b - a < 0.4 * line for a, b in merged):
        return [box]
    pad = 2
    return [(x0, max(y0, y0 + a - pad), x1, min(y1, y0 + b + pad)) for a, b in merged]


def _split_gaps(ink: np.ndarray, box: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """A detection box cut where its ink has a gap wider than most of a character: the words
    of neighbouring cells (header words of an unruled table, values either side of a painted-out
    rule) become pieces of their own, as the text layer's glyph gaps keep them apart."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    columns = ink[y0:y1, x0:x1].any(axis=0)
    if not columns.any():
        return [box]
    # the type's height, not the detection box's: a box stands up to twice as tall as its text
    _, top, _, bottom = _tight(ink, box)
    gap = max(4, int(0.75 * (bottom - top)))
    pieces = []
    start = None
    blank = 0
    for i, on in enumerate(columns):
        if on:
            if start is None:
                start = i
            elif blank >= gap:
                pieces.append((start, i - blank))
                start = i
            blank = 0
        else:
            blank += 1
    pieces.append((start, len(columns) - blank))
    if len(pieces) == 1:
        return [box]
    pad = max(2, h // 8)
    return [(max(x0, x0 + a - pad), y0, min(x1, x0 + b + pad), y1) for a, b in pieces]


def _tight(ink: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The box shrunk to its ink (the text's own extent, as a text layer's glyph boxes are):
    detection boxes stand taller than the type and would run neighbouring lines together.
    Vertically, the run of inked rows at the box's middle (a neighbour line's edge left out)."""
    x0, y0, x1, y1 = box
    area = ink[y0:y1, x0:x1] > 0
    rows = area.sum(axis=1) > 0
    if not rows.any():
        return box
    runs = []
    start = None
    for i, on in enumerate(list(rows) + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append([start, i])
            start = None
    merged = [runs[0]]
    for a, b in runs[1:]:  # strokes of one character line apart by a pixel or two
        if a - merged[-1][1] <= max(2, (y1 - y0) // 10):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    mid = (y1 - y0) / 2
    top, bottom = max(merged, key=lambda r: (r[1] - r[0]) - 2 * max(0, r[0] - mid, mid - r[1]))
    cols = np.nonzero(area[top:bottom].any(axis=0))[0]
    if not len(cols):
        return box
    return (x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]) + 1, y0 + bottom)


def _read_boxes(engine: Engine, image: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[TextBox]:
    bgr = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    ink = _ink(image)
    heights = sorted(b[3] - b[1] for b in boxes)
    line = heights[len(heights) // 2] if heights else 0  # a text line's height, in pixels
    pieces: list[tuple[int, int, int, int]] = []
    for b in boxes:
        w, h = b[2] - b[0], b[3] - b[1]
        if h >= 1.8 * w:
            pieces += _vertical_pieces(ink, b)
            continue
        for one in (_split_lines(ink, b, line) if h >= 1.5 * line else [b]):
            pieces += _split_gaps(ink, one)
    results = engine.recognize([_crop(bgr, b) for b in pieces])
    out = []
    for piece, (text, score) in zip(pieces, results, strict=True):
        b = _tight(ink, piece)
        text, changed = clean_ocr_text(text)
        if _is_dash_shape(bgr, piece):
            # one flat solid stroke is a dash, whatever the recogniser made of it (一, =, 日, 4)
            dash = "—" if text in ("一", "—") else "-"
            if text != dash:
                text, changed, score = dash, True, min(max(score, 0.9), 0.9)
        elif text in ("1", "/") and _is_slash_shape(bgr, piece):
            # the placeholder / reads as 1 to the recogniser; its stroke leans, a 1's stands
            if text != "/":
                text, changed, score = "/", True, min(score, 0.9)
        if not text:
            continue
        out.append(TextBox(text, b, score * (0.97 if changed else 1.0)))
    return out


def _is_slash_shape(image: np.ndarray, box) -> bool:
    """The box's main mark is one stroke leaning right (x falls as y grows, in pixels)."""
    ink = _ink(cv2.cvtColor(_crop(image, box), cv2.COLOR_BGR2GRAY))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 2:
        return False
    main = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    ys, xs = np.nonzero(labels == main)
    if np.ptp(ys) < 4:
        return False
    lean = np.polyfit(ys.astype(float), xs.astype(float), 1)[0]  # dx per dy
    return bool(lean < -0.2)


def ocr_image(gray: np.ndarray, number: int, width: float, height: float, dpi: int = DPI,
              engine: Engine | None = None, read: str = "all") -> OcrPage:
    """OCR a rendered page. `read`: "all" recognises every text box; "triage" recognises
    only where the page holds a ruled table or looks like an unruled one (and then not the
    prose beside a ruled table); "title" the top of the page unless it holds a table."""
    started = time.perf_counter()
    engine = engine or Engine.get()
    angle = estimate_skew(gray)
    if abs(angle) >= 0.05:
        gray = _rotate(gray, angle, 255)
    rules = find_rules(gray, dpi)
    tables = table_frames(rules, dpi)
    clean = _strip_rules(gray, rules, tables, dpi)
    scale = 72 / dpi
    page = OcrPage(number, width, height, angle=angle, dpi=dpi)
    page.segments = rule_segments(rules, scale)
    page.frames = [[(float(x0 * scale), float(y0 * scale), float(x1 * scale), float(y1 * scale))
                    for x0, y0, x1, y1 in t] for t in tables]
    boxes = engine.detect(cv2.cvtColor(clean, cv2.COLOR_GRAY2BGR))
    if read == "triage" and not tables and not _looks_like_table(boxes):
        page.recognized = False
        page.seconds = time.perf_counter() - started
        return page
    if read == "title" and not tables and not _looks_like_table(boxes):
        boxes = [b for b in boxes if b[1] < 0.4 * gray.shape[0]]  # the title, not the prose under it
    elif read == "title":  # a frame on the first page: its tables, and the title above all
        needed = _needed(boxes, tables, gray.shape[1])
        boxes = needed + [b for b in boxes if b[1] < 0.4 * gray.shape[0] and b not in needed]
    elif read != "all":
        boxes = _needed(boxes, tables, gray.shape[1])
    boxes += _missed_marks(clean, boxes)
    page.boxes = _read_boxes(engine, clean, boxes)
    page.glyphs = [g for b in page.boxes for g in glyphs_of(b, scale)]
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


# ----------------------------------------------------------------------------------------
# Grids and confidences


def ocr_grids(page: OcrPage) -> list[Grid]:
    """The page's tables as `Grid`s: ruled ones from the frames found in the image, else the
    unruled (stream) reading of the glyphs — the text layer's two paths, fed by OCR."""
    from parsers.stream import stream_grids

    grids = []
    for frames in page.frames:
        x0 = min(f[0] for f in frames)
        top = min(f[1] for f in frames)
        x1 = max(f[2] for f in frames)
        bottom = max(f[3] for f in frames)
        inside = [g for g in page.glyphs if x0 <= g.xc <= x1 and top <= g.yc <= bottom]
        grid = grid_from_boxes(page.number, frames, inside, ruled=True)
        if holds_values(grid):
            grids.append(grid)
    if grids:
        return grids
    return stream_grids(page) if page.glyphs else []


def value_confidence(pages: dict[int, OcrPage] | list[OcrPage], page_number: int | None, box: Box | None) -> float:
    """The lowest recognition score of the OCR glyphs inside `box` on that page (1-based);
    1.0 for a value the text layer gave (or a blank cell: nothing was read)."""
    if page_number is None or box is None:
        return 1.0
    by_number = {p.number: p for p in (pages.values() if isinstance(pages, dict) else pages)}
    page = by_number.get(page_number)
    if page is None:
        return 1.0
    x0, top, x1, bottom = box
    scores = [g.confidence for g in page.glyphs
              if x0 - 0.5 <= g.xc <= x1 + 0.5 and top - 0.5 <= g.yc <= bottom + 0.5]
    return min(scores, default=1.0)


# ----------------------------------------------------------------------------------------
# Benchmark: python -m parsers.ocr FOLDER (scans with truth.json, e.g. from corpus.scan),
# read by the production path, `pipeline.extract.extract_pdf`


def score(cells, truth: dict) -> dict:
    """Cells right against the truth, and silent errors: a wrong value read with high
    confidence that no failing check points at."""
    from pipeline.checks import run_checks

    failed = [c.check for c in run_checks(cells) if c.status == "fail"]
    got = {(c.table, c.row, c.col): c for c in cells if c.row is not None}
    kinds = truth.get("kinds", {})
    right = wrong = missing = silent = marked = 0
    for table, rows in truth["cells"].items():
        for row, cols in rows.items():
            for col, want in cols.items():
                cell = got.get((table, row, col))
                if cell is None:
                    missing += 1
                    continue
                want_kind = kinds.get(table, {}).get(row, {}).get(col, "number" if want is not None else None)
                ok = (cell.value is None and (want_kind is None or cell.kind == want_kind)) if want is None else (
                    cell.value is not None and abs(cell.value - want) < 0.005)
                if ok:
                    right += 1
                    continue
                wrong += 1
                caught = any(f.startswith(table) and (f.endswith("." + col) or f.endswith("." + row)
                                                     or f".{row}." in f) for f in failed)
                if cell.confidence < LOW_CONFIDENCE:
                    marked += 1
                elif not caught and cell.kind != "text":
                    silent += 1
    broken = truth.get("layout", {}).get("broken") or []
    return {"cells": right + wrong + missing, "right": right, "wrong": wrong, "missing": missing,
            "marked": marked, "silent": silent, "failed_checks": len(failed), "broken_on_purpose": len(broken)}


def main(argv=None) -> None:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="OCR accuracy and speed on scanned reports with truth.json")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dpi", type=int, default=DPI)
    parser.add_argument("--ocr-text", action="store_true")
    args = parser.parse_args(argv)
    truth = json.loads((args.folder / "truth.json").read_text(encoding="utf-8"))
    Engine.get()  # load the models once, before the clock starts
    totals: dict[str, float] = {}
    seconds, cpu, pages_done = 0.0, 0.0, 0
    from pipeline.extract import extract_pdf  # the production path, scanned pages and all

    for name in sorted(truth):
        wall, proc = time.perf_counter(), time.process_time()
        report = extract_pdf(args.folder / name, name, ocr_text=args.ocr_text)
        wall, proc = time.perf_counter() - wall, time.process_time() - proc
        result = score(report.cells, truth[name])
        result["title_ok"] = int((report.agency, report.year) == (truth[name]["agency"], truth[name]["year"]))
        result["template_ok"] = int(report.template == truth[name]["template"])
        print(f"{name}: {report.pages} pages ({report.ocr_pages} OCR'd) {wall:.1f} s wall, {proc:.1f} s cpu; "
              f"status {report.status}; {result}")
        for k, v in result.items():
            totals[k] = totals.get(k, 0) + v
        seconds, cpu, pages_done = seconds + wall, cpu + proc, pages_done + report.ocr_pages
    print(f"total: {json.dumps(totals)}")
    print(f"cells right: {totals.get('right', 0) / max(1, totals.get('cells', 0)):.4f}; "
          f"silent errors: {int(totals.get('silent', 0))}; "
          f"{seconds / max(1, pages_done):.2f} s/page wall, {cpu / max(1, pages_done):.2f} s/page cpu "
          f"over {pages_done} OCR'd pages; {seconds / max(1, len(truth)):.1f} s/report wall "
          f"over {len(truth)} reports")


if __name__ == "__main__":
    main()
