"""Tables printed without ruling lines: grids from text alignment alone (camelot's "stream").

The page's lines are cut into chunks at wide gaps. Runs of lines that hold
numbers form a table region. In a region, the numbers' x positions give the
value columns; lines with numbers are the data rows; the words above and
between them are header lines or row labels. A wrapped label is gathered
into one block (a new block starts at a numbering mark such as 1. or （三）)
and goes to the data row its block spans, so top-aligned and centred cells
both come out right. The result is a `Grid` like the ruled path's.

What a word means — a number, a placeholder, a header of the template, a row
label, a section heading — is not this module's to know: the caller hands a
`TableWords` (pipeline.table_words gives the national template's).

    stream_grids(page, words) -> [Grid]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Protocol

from pdfplumber.utils import cluster_objects

from parsers.digit_stacks import Words, join_digit_stacks, wraps_under
from parsers.grid import Cell, Grid
from parsers.layout import BY_X, Box, Glyph, PageGeometry, box_of, group_lines, outline
from parsers.row_labels import MARK, label_blocks
from parsers.text_layer import _CJK

LABEL_FIT = 85  # `label_fit` from here up: the words read as a label of the template (or its start)
MARGIN = 0.06  # of the page height, top and bottom: where running headers and page numbers go


class TableWords(Protocol):
    """What a reader of unruled tables must be told about the words it meets."""

    def is_number(self, text: str) -> bool:
        """A cell's number (1,234, ５, -2, 3.5万元)."""

    def is_placeholder(self, text: str) -> bool:
        """A number, a dash or a word printed instead of a number (/, —, 无)."""

    def is_dash(self, text: str) -> bool:
        """Only dash or slash marks."""

    def header(self, text: str) -> str | None:
        """What a header word names: "field" (a column, or a row group named in the header),
        "title" (a header title over columns: 申请人情况), "item" (an opening such as
        第二十条第（一）项), or None: not a header word."""

    def label_fit(self, text: str, partial: bool = False) -> float:
        """0-100: how much the words read like a row label; `partial`: part of one."""

    def is_section_heading(self, text: str) -> bool:
        """A heading of the report's prose (一、总体情况): a table does not run across it."""


class Chunk:
    """A line's words set close: one cell's text. `box` and `text` are kept with the glyphs
    (read hundreds of thousands of times a batch), so glyphs are added through `extend` only."""

    __slots__ = ("glyphs", "box", "text")

    def __init__(self, glyphs: list[Glyph]):
        self.glyphs = glyphs
        self._measure()

    def extend(self, glyphs: list[Glyph]) -> None:
        self.glyphs += glyphs
        self._measure()

    def _measure(self) -> None:
        self.box: Box = box_of(self.glyphs)
        self.text: str = "".join(g.text for g in self.glyphs)

    def __eq__(self, other) -> bool:  # by value, as the dataclass it was
        return isinstance(other, Chunk) and self.glyphs == other.glyphs

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        return f"Chunk({self.text!r}, {self.box})"


@dataclass
class Line:
    chunks: list[Chunk]

    @property
    def box(self) -> Box:
        return outline([c.box for c in self.chunks])

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class Column:
    x0: float
    x1: float


@dataclass
class Row:
    top: float
    bottom: float
    values: dict[int, list[Chunk]] = field(default_factory=dict)  # column index -> chunks
    cut: bool = False  # no values: words a page break cut from a row on the other page


@dataclass
class Layout:
    """A table region sorted out: value columns, data rows, header lines, label chunks."""

    label_edge: float  # where the labels end and the value columns begin
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    header_lines: list[tuple[int, Line]] = field(default_factory=list)  # (data row they precede, line)
    labels: list[tuple[Chunk, int | None]] = field(default_factory=list)  # (chunk, data row of its line)


def chunks_of(glyphs: list[Glyph]) -> list[Chunk]:
    """Split a line where the gap is wider than a character: cells apart, not words apart."""
    runs: list[list[Glyph]] = []
    for g in sorted(glyphs, key=BY_X):
        # within 0.9 of the glyph's size, or of 4 points for a smaller one (no max() call a glyph)
        if runs and ((gap := g.x0 - runs[-1][-1].x1) <= 0.9 * 4.0 or gap <= 0.9 * g.size):
            runs[-1].append(g)
        else:
            runs.append([g])
    return [Chunk(run) for run in runs]


def value_columns(chunks: list[Chunk]) -> list[Column]:
    """Value columns from the numbers' positions: left, centre or right aligned, whichever lines up."""
    best: list[list[Chunk]] = []
    for anchor in (lambda c: c.box[0], lambda c: (c.box[0] + c.box[2]) / 2, lambda c: c.box[2]):
        groups = cluster_objects(chunks, anchor, 4)
        if not best or len(groups) < len(best):
            best = groups
    columns = [Column(min(c.box[0] for c in g), max(c.box[2] for c in g)) for g in best]
    return sorted(columns, key=lambda c: c.x0)


def column_of(columns: list[Column], box: Box) -> int | None:
    """The column whose x-range holds the box's middle; of several, the narrowest: a long
    amount (7，373．107018万元) makes a wide column over the narrow ones of the sub-tables
    above it, and their values are theirs."""
    xc = (box[0] + box[2]) / 2
    holding = [i for i, col in enumerate(columns) if col.x0 - 3 <= xc <= col.x1 + 3]
    return min(holding, key=lambda i: columns[i].x1 - columns[i].x0) if holding else None


_DASHES = frozenset("—－-–")  # flat strokes only: the value parser's DASHES hold slashes too
# an item's or a row's number alone (items are numbered from 1): 2, 一、
_ITEM_NUMBER = re.compile(r"^(?:[1-9]\d?|[一二三四五六七八九十]{1,3}[、.．])$")
_NUMBERING = re.compile(r"^\d{1,2}[、．]$")  # an item's numbering: 1、 (a value never ends so)
_CUT_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})*,\d{0,2}$")  # 1,01 | 5: a number a narrow column wrapped


class StreamReader:
    """Unruled tables of a page, told what words mean by `words`."""

    def __init__(self, words: TableWords):
        self.words = words
        self._digit_words = Words(self._is_number, words.is_placeholder, self._starts_row, self._reads_as_label)

    def grids(self, page: PageGeometry) -> list[Grid]:
        # running headers and page numbers sit in the page margins; tables do not
        margin = MARGIN * page.height
        body = [g for g in page.glyphs if margin < g.yc < page.height - margin]
        lines = [Line(self.join_spread(chunks_of(t.glyphs))) for t in group_lines(body)]
        lines = join_digit_stacks(lines, self._digit_words)
        lines = self.join_wrapped_numbers(lines)
        if not lines:
            return []
        left = min(x.box[0] for x in lines)
        right = max(x.box[2] for x in lines)
        grids = (self._grid(page, region) for region in self.regions(lines, right - left))
        return [g for g in grids if g]

    # --- words -----------------------------------------------------------------------------

    def _is_number(self, text: str) -> bool:
        return self.words.is_number(text) and len(text) <= 16

    def _is_header(self, line: Line) -> bool:
        return any(self.words.header(c.text) for c in line.chunks)

    def join_spread(self, chunks: list[Chunk]) -> list[Chunk]:
        """Rejoin labels spread by distributed alignment (行 政 许 可, 规      章): within a run
        of one-character chunks, the longest stretches that read as a label or header of the
        template become one word. A header printed one character per line (结 结 其 尚 总
        across five columns) reads as nothing and stays apart."""
        out: list[Chunk] = []
        run: list[Chunk] = []
        for i, c in enumerate(chunks):
            # a lone digit joins a spread label only as its numbering (3 、 危 及 …, ( 1 ) 属 于 …),
            # never a value: a value never follows an opening bracket
            numbering = (i + 1 < len(chunks) and chunks[i + 1].text in ("、", ".", "．")
                         or i > 0 and chunks[i - 1].text.endswith(("(", "（")))
            # OCR reads a numbering and its mark as one box (1、): a label's, never a value
            if (len(c.glyphs) == 1 and (not c.text.isdigit() or numbering)) or _NUMBERING.match(c.text):
                run.append(c)
                continue
            out += self._words_in(run)
            run = []
            out.append(c)
        return self._join_numbering(out + self._words_in(run))

    def _join_numbering(self, chunks: list[Chunk]) -> list[Chunk]:
        """An item's number standing apart from its label (2  重复申请: OCR passed over the 、
        between them, or read it as •; 一、 set off by the wide gap a mark's ink leaves) joined
        to it where the two read as a label: a value never stands left of its row's label."""
        out: list[Chunk] = []
        for c in chunks:
            before = out[-1] if out else None
            if (before is not None and _ITEM_NUMBER.match(before.text) and len(c.text) >= 2
                    and not self.words.is_placeholder(c.text) and not self._is_number(c.text)
                    and c.box[0] - before.box[2] < 6 * max(before.box[3] - before.box[1], c.box[3] - c.box[1])
                    and self._reads_as_label(before.text.rstrip("、.．") + "、" + c.text.lstrip("•·.,、"))):
                out[-1] = Chunk(before.glyphs + c.glyphs)
            else:
                out.append(c)
        return out

    def _reads_as_label(self, text: str) -> bool:
        return self.words.header(text) in ("field", "title") or self.words.label_fit(text, partial=True) >= LABEL_FIT

    def _words_in(self, run: list[Chunk]) -> list[Chunk]:
        """The longest stretch of the run that reads as a label, joined; the rest likewise."""
        for size in range(len(run), 1, -1):
            for start in range(len(run) - size + 1):
                stretch = run[start:start + size]
                if self.words.is_dash(stretch[0].text) or self.words.is_placeholder(stretch[-1].text):
                    continue  # a dash first, or a placeholder last (-, 无), is a cell beside the label
                if not _evenly_spread(stretch):
                    continue
                glyphs = _dash_as_one([g for c in stretch for g in c.glyphs])
                if self._reads_as_label("".join(g.text for g in glyphs)):
                    return self._words_in(run[:start]) + [Chunk(glyphs)] + self._words_in(run[start + size:])
        return list(run)

    def _starts_row(self, text: str) -> bool:
        return bool(MARK.match(text)) or self.words.label_fit(text) >= LABEL_FIT

    def join_wrapped_numbers(self, lines: list[Line]) -> list[Line]:
        """A number too wide for its column wraps (1,01 over 5): join the pieces, and put the
        whole on the line of its row's other values, which sits between the two pieces."""
        joined: list[tuple[Line, Chunk]] = []
        for i, line in enumerate(lines):
            for head in list(line.chunks):
                if not head.text[-1:].isdigit() and not head.text.endswith(","):
                    continue
                for below in lines[i + 1:i + 3]:
                    tail = next((c for c in below.chunks if c.text[:1].isdigit() and wraps_under(head, c)), None)
                    if tail is None or not self._is_number(head.text + tail.text):
                        continue
                    # 1,01 can only go on; 12 over 0 is one number where its row's other values
                    # sit between the pieces, two rows' numbers where they do not
                    straddled = any(self._is_number(c.text)
                                    and head.box[3] - 1 < (c.box[1] + c.box[3]) / 2 < tail.box[1] + 1
                                    for x in lines[i + 1:i + 3] for c in x.chunks if c is not tail)
                    if _CUT_NUMBER.match(head.text) or straddled:
                        head.extend(tail.glyphs)
                        below.chunks.remove(tail)
                        joined.append((line, head))
                        break
        for line, number in joined:  # the joined number goes to the line its middle sits on
            mid = (number.box[1] + number.box[3]) / 2
            home = next((x for x in lines if x is not line and x.chunks and x.box[1] <= mid <= x.box[3]), None)
            if home is not None:
                home.chunks = sorted(home.chunks + [number], key=lambda c: c.box[0])
                line.chunks.remove(number)
        return sorted((x for x in lines if x.chunks), key=lambda x: x.box[1])

    def regions(self, lines: list[Line], text_width: float) -> list[list[Line]]:
        """Runs of lines between paragraphs and section headings that hold numbers. A line of
        prose is one long run of words standing alone in its band of the page: a note set in
        a table's header beside stacked column words shares its band with them."""
        regions: list[list[Line]] = [[]]
        boxes = [x.box for x in lines]  # each line's box once, not once for each neighbour
        for i, line in enumerate(lines):
            box = line.box
            alone = not any(min(box[3], b[3]) - max(box[1], b[1]) > 0
                            for k, b in enumerate(boxes[max(0, i - 2):i + 3], start=max(0, i - 2))
                            if lines[k] is not line)
            prose = (len(line.chunks) == 1 and box[2] - box[0] > 0.6 * text_width
                     and not self._is_number(line.chunks[0].text) and alone)
            if prose or self.words.is_section_heading("".join(c.text for c in line.chunks)):
                regions.append([])
            else:
                regions[-1].append(line)
        return [r for r in regions if any(self._is_number(c.text) for x in r for c in x.chunks)
                or any(self._is_header(x) for x in r)]

    # --- one region -> one grid ---------------------------------------------------------------

    def _grid(self, page: PageGeometry, lines: list[Line]) -> Grid | None:
        """Named steps: value columns, each line's role, a row cut at the page's foot, label
        blocks to rows, header words stacked over lines joined, the grid."""
        layout = self.find_columns(lines)
        if layout is None:  # no numbers: a header at the foot of a page, its rows on the next
            layout = Layout(float("inf"), [], header_lines=[(0, x) for x in lines])
            blocks = []
        else:
            _cut_at_label_columns(lines, layout.label_edge, lambda text: self.words.label_fit(text, partial=True))
            header_bottom = self._header_bottom(lines, layout)
            for line in lines:
                self._place(line, layout, header_bottom)
            if not layout.rows:
                return None
            _cut_row_at_foot(layout, page.height, self._reads_as_label)
            blocks = _with_blank_rows(layout, label_blocks(layout.labels, layout.rows, self.words.label_fit))
        cells = _cells(layout, blocks, self._header_pieces)
        _merge_header_stacks(cells, self.words)
        box = box_of([g for c in cells for g in c.glyphs])
        ys = sorted(row.top for row in layout.rows)
        return Grid(page.number, box, [box[0], box[2]], ys, cells, ruled=False, ocr=page.ocr)

    def find_columns(self, lines: list[Line]) -> Layout | None:
        """Where the labels end and the value columns lie, from the numbers and the
        placeholders beside them; None for a region without numbers."""
        # a value never stands left of its row's label (一 and 二 of 一、 二、 read by OCR as a
        # dash and two stacked dashes, the 1 of ( 1 ) 属于…)
        label_at = [self._last_label_start(x) for x in lines]
        numbers = [c for x, at in zip(lines, label_at, strict=True) for c in x.chunks
                   if self._is_number(c.text) and c.box[2] > at]
        if not numbers:
            return None
        # a column may hold only placeholders: they count where their line holds numbers, or
        # other placeholders (a row of dashes: 规章 - - -)
        placeholders = [c for x, at in zip(lines, label_at, strict=True)
                        if any(self._is_number(c.text) for c in x.chunks)
                        or sum(self._is_value_mark(c) for c in x.chunks) >= 2
                        for c in x.chunks if self._is_value_mark(c) and c.box[2] > at]
        label_edge = _label_edge(numbers, placeholders)
        # placeholders right of the labels, also on lines without numbers (a row of dashes)
        placeholders += [c for x in lines for c in x.chunks
                         if c.box[0] >= label_edge and self._is_value_mark(c) and c not in placeholders]
        return Layout(label_edge, value_columns(numbers + placeholders))

    def _last_label_start(self, line: Line) -> float:
        """Where the line's last words of two characters or more that read as a row label
        start; -inf for a line without."""
        starts = [c.box[0] for c in line.chunks if len(c.glyphs) >= 2 and not self._is_number(c.text)
                  and not self.words.is_placeholder(c.text) and self._reads_as_label(c.text)]
        return max(starts, default=float("-inf"))

    def _header_pieces(self, chunk: Chunk, layout: Layout) -> list[Chunk]:
        """A header chunk right of the labels cut at the value columns' borders, unless its
        words read as a header as they are (申请人情况 over several columns): the words of
        narrow columns set close (自然人 商, a column's stacked 业 beside it) run together. A chunk
        over one column or none (结果 over a column no row prints a value in) stays whole."""
        if not layout.columns or chunk.box[2] <= layout.label_edge or self.words.header(chunk.text):
            return [chunk]
        columns = layout.columns
        reach = 0.5 * max(g.size for g in chunk.glyphs)
        if sum(1 for c in columns if c.x0 - reach < chunk.box[2] and chunk.box[0] < c.x1 + reach) < 2:
            return [chunk]  # over one column, or over a column printed blank all down: nothing to cut
        borders = [(a.x1 + b.x0) / 2 for a, b in zip(columns, columns[1:], strict=False)]
        pieces: dict[int, list[Glyph]] = {}
        for g in chunk.glyphs:
            band = sum(1 for x in borders if g.xc > x)  # a word overhanging the labels keeps its first column
            pieces.setdefault(band, []).append(g)
        return [Chunk(glyphs) for _, glyphs in sorted(pieces.items())]

    def _is_value_mark(self, chunk: Chunk) -> bool:
        """A placeholder, not a number."""
        return self.words.is_placeholder(chunk.text) and not self._is_number(chunk.text)

    def _is_data_line(self, in_values: list[Chunk], columns: list[Column]) -> bool:
        """A line of values: a number, or a placeholder standing in a value column."""
        return any(self._is_number(c.text) for c in in_values) or any(
            self.words.is_placeholder(c.text) and column_of(columns, c.box) is not None for c in in_values)

    def _header_bottom(self, lines: list[Line], layout: Layout) -> float:
        """Where the column header above the first data row ends: words below it are row labels."""
        bottom = float("-inf")
        for line in lines:
            in_values = [c for c in line.chunks if c.box[0] >= layout.label_edge]
            if self._is_data_line(in_values, layout.columns):
                break
            if self._is_header(line) or in_values:
                bottom = max(bottom, line.box[3])
        return bottom

    def _role(self, line: Line, in_values: list[Chunk], layout: Layout, header_bottom: float) -> str:
        """What a line of the region is, read top to bottom:
        data        a row of values (its label chunks too);
        header      the column header, or a note beside it;
        cut_label   words above the page's first values: the first row's label, or the end of
                    a label the page break cut (a row of its own, which the reader joins to
                    the row on the page before);
        value_tail  the end of the values above ("万元" wrapped under its number);
        label       words of a row label."""
        rows = layout.rows
        if self._is_data_line(in_values, layout.columns):
            return "data"
        if not rows and line.box[1] < header_bottom - 1:
            return "header"
        if not rows and not in_values and not self._is_header(line):
            return "cut_label"
        if self._is_header(line) or (in_values and not _continues_value(rows, line, layout.columns)):
            return "header"
        if in_values and rows:
            return "value_tail"
        return "label"

    def _place(self, line: Line, layout: Layout, header_bottom: float) -> None:
        in_values = [c for c in line.chunks if c.box[0] >= layout.label_edge]
        role = self._role(line, in_values, layout, header_bottom)
        rows = layout.rows
        if role == "data":
            rows.append(Row(line.box[1], line.box[3]))
            _add_values(rows[-1], in_values, layout.columns)
            layout.labels += [(c, len(rows) - 1) for c in line.chunks if c.box[0] < layout.label_edge]
        elif role == "header":
            layout.header_lines.append((len(rows), line))
        elif role == "cut_label":
            rows.append(Row(line.box[1], line.box[3], cut=True))
            layout.labels += [(c, None) for c in line.chunks]
        elif role == "value_tail":
            _add_values(rows[-1], in_values, layout.columns)
        else:
            layout.labels += [(c, None) for c in line.chunks]


def _evenly_spread(stretch: list[Chunk]) -> bool:
    """Characters spread over a cell stand an even pitch apart (类 申 请); one a far way off
    before them (果 of a group label set a character a line, left of 类 申 请) is no part of
    them. Gaps may differ by an em: OCR's boxes hug each character's ink."""
    gaps = [b.box[0] - a.box[2] for a, b in zip(stretch, stretch[1:], strict=False)]
    em = max(g.size for c in stretch for g in c.glyphs)
    return len(gaps) < 2 or max(gaps) - min(gaps) <= em


def _dash_as_one(glyphs: list[Glyph]) -> list[Glyph]:
    """A dash between two Chinese characters of a label is the character 一 (三安全一稳定): OCR
    takes a lone flat stroke for a dash, a placeholder's mark."""
    out = list(glyphs)
    for k in range(1, len(out) - 1):
        if out[k].text in _DASHES and _CJK.fullmatch(out[k - 1].text) and _CJK.fullmatch(out[k + 1].text):
            out[k] = replace(out[k], text="一")
    return out


def _label_edge(numbers: list[Chunk], placeholders: list[Chunk]) -> float:
    """Where the labels end: the leftmost column of values that more than one row prints in
    (a lone number further left is a stray mark or a number inside a label); with one row
    only, the leftmost column holding a number (a dash left of it starts the label: 一、 read
    as a dash)."""
    chunks = numbers + placeholders
    columns = value_columns(chunks)
    counts = [sum(1 for c in chunks if col.x0 <= c.box[0] and c.box[2] <= col.x1) for col in columns]
    shared = [col for col, n in zip(columns, counts, strict=True) if n >= 2]
    with_number = [col for col in columns if any(col.x0 <= c.box[0] and c.box[2] <= col.x1 for c in numbers)]
    return (shared or with_number or columns)[0].x0 - 2


def _cut_at_label_columns(lines: list[Line], label_edge: float, label_fit) -> None:
    """A label chunk running over the start of a column of labels is cut there, where its
    pieces each read as a label (`label_fit` ≥ LABEL_FIT), better than the whole: a group label and
    its item's label set less than a character apart read as one chunk ((五)不予处信访举报,
    whose 信 starts where the items' labels of the rows above start: 属于国家…, 其他法律…).
    A start is a column's where two other label chunks start within 2 pt of it."""
    starts = [c.box[0] for x in lines for c in x.chunks if c.box[2] <= label_edge]

    def column_start(chunk: Chunk, k: int) -> bool:
        g, before = chunk.glyphs[k], chunk.glyphs[k - 1]
        return (g.x0 - before.x1 > 0.3 * g.size
                and sum(abs(x - g.x0) <= 2 for x in starts) - (abs(chunk.box[0] - g.x0) <= 2) >= 2)

    for line in lines:
        out = []
        for c in line.chunks:
            cuts = [k for k in range(1, len(c.glyphs)) if column_start(c, k)] if c.box[2] <= label_edge else []
            wide = [b.x0 - a.x1 > 0.3 * b.size for a, b in zip(c.glyphs, c.glyphs[1:], strict=False)] if cuts else []
            if wide and sum(wide) > len(wide) / 2:
                # a label spread over its cell (其 他 情 形) is all wide gaps, none of them a column's
                # edge; only a character standing before it in a column of its own is cut off (本
                # of a group label set a character a line)
                cuts = cuts[:1] if cuts[:1] == [1] else []
            if not cuts:
                out.append(c)
                continue
            bounds = [0, *cuts, len(c.glyphs)]
            pieces = [Chunk(c.glyphs[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
            fits = [label_fit(p.text) for p in pieces]
            out += pieces if min(fits) >= LABEL_FIT and min(fits) > label_fit(c.text) else [c]
        line.chunks = out


def _add_values(row: Row, chunks: list[Chunk], columns: list[Column]) -> None:
    for c in chunks:
        col = column_of(columns, c.box)
        if col is not None:
            row.values.setdefault(col, []).append(c)


def _continues_value(rows: list[Row], line: Line, columns: list[Column]) -> bool:
    if not rows:
        return False
    return line.box[1] - rows[-1].bottom < 0.8 * line.height and all(
        column_of(columns, c.box) is not None for c in line.chunks)


def _cut_row_at_foot(layout: Layout, page_height: float, reads_as_label) -> None:
    """Label lines below the last values at the foot of the page: a row the page break cut,
    its values on the next page; a row of its own for the reader to join. Not where they only
    go on with the labels above them (申请人 / 无正当理: the last row's label, its values
    top-aligned, cut by the break after them)."""
    last = layout.rows[-1]
    trailing = [c for c, _ in layout.labels if c.box[1] > last.bottom and c.box[2] <= layout.label_edge]
    if not trailing or max(c.box[3] for c in trailing) <= 0.75 * page_height:
        return
    if _continues_labels(trailing, [c for c, _ in layout.labels if c.box[1] <= last.bottom], reads_as_label):
        return
    first = min(trailing, key=lambda c: c.box[1])
    layout.rows.append(Row(first.box[1], first.box[3], cut=True))


def _continues_labels(trailing: list[Chunk], above: list[Chunk], reads_as_label) -> bool:
    """Every trailing chunk wraps under a label line above it, starts no numbering, and the
    two read as one label."""
    text_of = {id(c): c.text for c in above}
    placed = list(above)
    for c in sorted(trailing, key=lambda c: c.box[1]):
        uppers = [u for u in placed if wraps_under(u, c)]
        if not uppers or MARK.match(c.text):
            return False
        upper = max(uppers, key=lambda u: u.box[3])
        text_of[id(c)] = text_of[id(upper)] + c.text
        if not reads_as_label(text_of[id(c)]):
            return False
        placed.append(c)
    return True


def _with_blank_rows(layout: Layout, blocks: list[tuple]) -> list[tuple[int, int, list[Chunk]]]:
    """A row of no values for each label of a row printed blank (first row None: `label_blocks`),
    put among the rows by its top; the blocks' and header lines' row numbers follow."""
    blank = [chunks for first, _, chunks in blocks if first is None]
    if not blank:
        return blocks
    old = layout.rows
    new_rows = [Row(box[1], box[3]) for box in (outline([c.box for c in chunks]) for chunks in blank)]
    rows = sorted(old + new_rows, key=lambda r: r.top)
    index = {id(r): i for i, r in enumerate(rows)}
    moved = [index[id(r)] for r in old]  # old row k -> its place now
    layout.rows = rows
    layout.header_lines = [(k + sum(r.top < line.box[1] for r in new_rows), line) for k, line in layout.header_lines]
    own = iter(new_rows)
    out = []
    for first, last, chunks in blocks:
        if first is None:
            first = last = index[id(next(own))]
        else:
            first, last = moved[first], moved[last]
        out.append((first, last, chunks))
    return out


def _cells(layout: Layout, blocks: list[tuple[int, int, list[Chunk]]], pieces) -> list[Cell]:
    """The grid's cells: header lines before data row k at grid row 2k (each chunk in the
    `pieces(chunk, layout)` it falls into), data row k at 2k+1, each label block spanning the
    data rows it labels."""
    cells: list[Cell] = []
    columns, rows = layout.columns, layout.rows
    for k, line in layout.header_lines:
        for chunk in (piece for whole in line.chunks for piece in pieces(whole, layout)):
            cells.append(Cell(2 * k, 2 * k + 1, 0, 1, _widen(chunk.box, columns), list(chunk.glyphs)))
    for k, row in enumerate(rows):
        for i, col in enumerate(columns):
            chunks = row.values.get(i, [])
            glyphs = [g for c in chunks for g in c.glyphs]
            box = box_of(glyphs) if glyphs else (col.x0, row.top, col.x1, row.bottom)
            cells.append(Cell(2 * k + 1, 2 * k + 2, i + 1, i + 2, box, glyphs))
    for first, last, block in blocks:
        glyphs = [g for c in block for g in c.glyphs]
        x0, top, x1, bottom = box_of(glyphs)
        box = (x0, min(top, rows[first].top), x1, max(bottom, rows[last].bottom))
        cells.append(Cell(2 * first + 1, 2 * last + 2, 0, 1, box, glyphs))
    return cells


def _widen(box: Box, columns: list[Column]) -> Box:
    """A header's x-range grows to the value columns under it, so values off its text still fall in."""
    hit = [c for c in columns if box[0] - 2 <= (c.x0 + c.x1) / 2 <= box[2] + 2]
    if not hit:
        centre = (box[0] + box[2]) / 2
        near = [c for c in columns if abs((c.x0 + c.x1) / 2 - centre) <= box[2] - box[0]]
        hit = sorted(near, key=lambda c: abs((c.x0 + c.x1) / 2 - centre))[:1]
    if not hit:
        return box
    return (min(box[0], min(c.x0 for c in hit)), box[1], max(box[2], max(c.x1 for c in hit)), box[3])


def _merge_header_stacks(cells: list[Cell], words: TableWords) -> None:
    """Header words wrapped over lines (商业 / 企业, 总 / 计) become one header cell. The stacks
    whose words join into a column's name go first: over narrow columns 复议后起诉 sits right
    above 其他 / 结果, and taken with 其他 first it would leave 结果 alone."""
    for named_only in (True, False):
        headers = sorted((c for c in cells if c.row0 % 2 == 0 and c.glyphs), key=lambda c: (c.box[1], c.box[0]))
        ink = {id(c): box_of(c.glyphs) for c in headers}
        for upper in headers:
            for lower in headers:
                if (lower is upper or not upper.glyphs or not lower.glyphs or lower.row0 != upper.row0
                        or not _stacked(ink[id(upper)], ink[id(lower)])
                        or not _one_header(upper.text, lower.text, words, named_only)):
                    continue
                upper.glyphs += lower.glyphs
                lower.glyphs = []
                upper.box = (min(upper.box[0], lower.box[0]), upper.box[1], max(upper.box[2], lower.box[2]),
                             max(upper.box[3], lower.box[3]))
                ink[id(upper)] = box_of(upper.glyphs)
    cells[:] = [c for c in cells if c.glyphs or c.row0 % 2 == 1]


def _stacked(upper: Box, lower: Box) -> bool:
    """The words boxed `lower` sit right under those boxed `upper`, overlapping them. (Most
    pairs of a header are not one under the other: that is tested first.)"""
    ux0, _, ux1, ubottom = upper
    lx0, ltop, lx1, lbottom = lower
    if not -1 <= ltop - ubottom < 0.8 * (lbottom - ltop):
        return False
    return min(ux1, lx1) - max(ux0, lx0) >= 0.4 * max(ux1 - ux0, lx1 - lx0)


def _one_header(upper: str, lower: str, words: TableWords, named_only: bool) -> bool:
    """商业/企业 and 其他/结果 are one header (their words join into a column's name, which one
    of them alone is not); 申请人情况 above 自然人, or 复议后起诉 above 其他, are two (each a
    header as it is). `named_only`: the first kind only."""
    alone = words.header(upper), words.header(lower)
    if words.header(upper + lower) == "field" and None in alone:
        return True
    whole = alone[0] is not None or alone[1] in ("field", "title")
    return not named_only and not whole


def stream_grids(page: PageGeometry, words: TableWords) -> list[Grid]:
    """The page's unruled tables, top to bottom."""
    return StreamReader(words).grids(page)
