"""Tables printed without ruling lines: grids from text alignment alone (camelot's "stream").

The page's lines are cut into chunks at wide gaps. Runs of lines that hold
numbers form a table region. In a region, the numbers' x positions give the
value columns; lines with numbers are the data rows; the words above and
between them are header lines or row labels. A wrapped label is gathered
into one block (a new block starts at a numbering mark such as 1. or （三）)
and goes to the data row its block spans, so top-aligned and centred cells
both come out right. The result is a `Grid` like the ruled path's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.grid import Cell, Grid
from parsers.layout import Box, Glyph, box_of, group_lines, squeeze
from parsers.row_labels import label_blocks
from parsers.text import is_section_heading
from pipeline.normalize import label_fit, match_header
from pipeline.values import DASHES, PLACEHOLDER_WORDS, parse_value

MARGIN = 0.06  # of the page height, top and bottom: where running headers and page numbers go


@dataclass
class Chunk:
    glyphs: list[Glyph]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def box(self) -> Box:
        return box_of(self.glyphs)


@dataclass
class Line:
    chunks: list[Chunk]

    @property
    def box(self) -> Box:
        return box_of([g for c in self.chunks for g in c.glyphs])

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def _chunks(glyphs: list[Glyph]) -> list[Chunk]:
    """Split a line where the gap is wider than a character: cells apart, not words apart."""
    out: list[Chunk] = []
    for g in sorted(glyphs, key=lambda g: g.x0):
        if out and g.x0 - out[-1].glyphs[-1].x1 <= 0.9 * max(g.size, 4.0):
            out[-1].glyphs.append(g)
        else:
            out.append(Chunk([g]))
    return out


def _join_spread(chunks: list[Chunk]) -> list[Chunk]:
    """Rejoin labels spread by distributed alignment (行 政 许 可, 规      章): within a run
    of one-character chunks, the longest stretches that read as a label or header of the
    template become one word. A header printed one character per line (结 结 其 尚 总
    across five columns) reads as nothing and stays apart."""
    out: list[Chunk] = []
    run: list[Chunk] = []
    for i, c in enumerate(chunks):
        # a lone digit joins a spread label only as its numbering (3 、 危 及 …), never a value
        numbering = i + 1 < len(chunks) and chunks[i + 1].text in ("、", ".", "．")
        if len(c.glyphs) == 1 and (not c.text.isdigit() or numbering):
            run.append(c)
            continue
        out += _words_in(run)
        run = []
        out.append(c)
    return out + _words_in(run)


def _reads_as_label(text: str) -> bool:
    return bool(match_header(text)) or label_fit(text, partial=True) >= 85


def _words_in(run: list[Chunk]) -> list[Chunk]:
    """The longest stretch of the run that reads as a label, joined; the rest likewise."""
    for size in range(len(run), 1, -1):
        for start in range(len(run) - size + 1):
            stretch = run[start:start + size]
            if stretch[0].text in DASHES or stretch[-1].text in DASHES:
                continue  # a dash at either end is a placeholder cell beside the label
            if _reads_as_label("".join(c.text for c in stretch)):
                joined = Chunk([g for c in stretch for g in c.glyphs])
                return _words_in(run[:start]) + [joined] + _words_in(run[start + size:])
    return list(run)


def _is_number(text: str) -> bool:
    return parse_value(text)[1] == "number" and len(text) <= 16


def _is_placeholder(text: str) -> bool:
    return parse_value(text)[1] in ("number", "dash") or squeeze(text) in PLACEHOLDER_WORDS


@dataclass
class _Column:
    x0: float
    x1: float


def _columns(chunks: list[Chunk]) -> list[_Column]:
    """Value columns from the numbers' positions: left, centre or right aligned, whichever lines up."""
    best: list[list[Chunk]] = []
    for anchor in (lambda b: b[0], lambda b: (b[0] + b[2]) / 2, lambda b: b[2]):
        groups: list[list[Chunk]] = []
        for c in sorted(chunks, key=lambda c: anchor(c.box)):
            if groups and anchor(c.box) - anchor(groups[-1][-1].box) <= 4:
                groups[-1].append(c)
            else:
                groups.append([c])
        if not best or len(groups) < len(best):
            best = groups
    columns = [_Column(min(c.box[0] for c in g), max(c.box[2] for c in g)) for g in best]
    return sorted(columns, key=lambda c: c.x0)


def _label_edge(numbers: list[Chunk], placeholders: list[Chunk]) -> float:
    """Where the labels end: the leftmost column of values that more than one row prints in
    (a lone number further left is a stray mark or a number inside a label); with one row
    only, the leftmost column holding a number (a dash left of it starts the label: 一、 read
    as a dash)."""
    chunks = numbers + placeholders
    columns = _columns(chunks)
    counts = [sum(1 for c in chunks if col.x0 <= c.box[0] and c.box[2] <= col.x1) for col in columns]
    shared = [col for col, n in zip(columns, counts, strict=True) if n >= 2]
    with_number = [col for col in columns if any(col.x0 <= c.box[0] and c.box[2] <= col.x1 for c in numbers)]
    return (shared or with_number or columns)[0].x0 - 2


def _column_of(columns: list[_Column], box: Box) -> int | None:
    xc = (box[0] + box[2]) / 2
    for i, col in enumerate(columns):
        if col.x0 - 3 <= xc <= col.x1 + 3:
            return i
    return None


@dataclass
class _Row:
    top: float
    bottom: float
    values: dict[int, list[Chunk]] = field(default_factory=dict)
    cut: bool = False  # no values: words a page break cut from a row on the other page


def _regions(lines: list[Line], text_width: float) -> list[list[Line]]:
    """Runs of lines between paragraphs and section headings that hold numbers."""
    regions: list[list[Line]] = [[]]
    for line in lines:
        box = line.box
        prose = len(line.chunks) == 1 and box[2] - box[0] > 0.6 * text_width and not _is_number(line.chunks[0].text)
        if prose or is_section_heading("".join(c.text for c in line.chunks)):
            regions.append([])
        else:
            regions[-1].append(line)
    return [r for r in regions if any(_is_number(c.text) for x in r for c in x.chunks)
            or any(_is_header(x) for x in r)]


def stream_grids(geometry) -> list[Grid]:
    # running headers and page numbers sit in the page margins; tables do not
    margin = MARGIN * geometry.height
    body = [g for g in geometry.glyphs if margin < g.yc < geometry.height - margin]
    lines = _join_wrapped_numbers([Line(_join_spread(_chunks(t.glyphs))) for t in group_lines(body)])
    if not lines:
        return []
    left = min(x.box[0] for x in lines)
    right = max(x.box[2] for x in lines)
    regions = _regions(lines, right - left)
    return [g for g in (_grid(geometry.number, r, geometry.height) for r in regions) if g]


_CUT_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})*,\d{0,2}$")  # 1,01 | 5: a number a narrow column wrapped


def _join_wrapped_numbers(lines: list[Line]) -> list[Line]:
    """A number too wide for its column wraps (1,01 over 5): join the pieces, and put the
    whole on the line of its row's other values, which sits between the two pieces."""
    joined: list[tuple[Line, Chunk]] = []
    for i, line in enumerate(lines):
        for head in list(line.chunks):
            if not head.text[-1:].isdigit() and not head.text.endswith(","):
                continue
            height = head.box[3] - head.box[1]
            # OCR's boxes hug the digits' ink, shorter than the em a text layer's boxes span:
            # the gap between two lines' boxes grows by the difference
            em = max(height, max(g.size for g in head.glyphs))
            for below in lines[i + 1:i + 3]:
                tail = next((c for c in below.chunks if c.text[:1].isdigit()
                             and min(c.box[2], head.box[2]) - max(c.box[0], head.box[0]) > 0
                             and c.box[1] - head.box[3] < 0.6 * em + (em - height)), None)
                if tail is None or not _is_number(head.text + tail.text):
                    continue
                # 1,01 can only go on; 12 over 0 is one number where its row's other values
                # sit between the pieces, two rows' numbers where they do not
                straddled = any(_is_number(c.text) and head.box[3] - 1 < (c.box[1] + c.box[3]) / 2 < tail.box[1] + 1
                                for x in lines[i + 1:i + 3] for c in x.chunks if c is not tail)
                if _CUT_NUMBER.match(head.text) or straddled:
                    head.glyphs += tail.glyphs
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


def _grid(page: int, lines: list[Line], page_height: float) -> Grid | None:
    numbers = [c for x in lines for c in x.chunks if _is_number(c.text)]
    # a column may hold only placeholders: they count where their line holds numbers
    placeholders = [c for x in lines if any(_is_number(c.text) for c in x.chunks)
                    for c in x.chunks if _is_placeholder(c.text) and not _is_number(c.text)]
    if not numbers:  # a header at the foot of a page, its rows on the next
        return _build(page, [], [], [(0, x) for x in lines], [])
    # the label area ends where the leftmost column of numbers begins
    label_edge = _label_edge(numbers, placeholders)
    # placeholders right of the labels, also on lines without numbers (a row of dashes)
    placeholders += [c for x in lines for c in x.chunks
                     if c.box[0] >= label_edge and _is_placeholder(c.text) and c not in placeholders
                     and not _is_number(c.text)]
    columns = _columns(numbers + placeholders)
    rows: list[_Row] = []
    header_lines: list[tuple[int, Line]] = []  # (index of the data row they precede, line)
    header_bottom = _header_bottom(lines, label_edge, columns)
    labels: list[tuple[Chunk, int | None]] = []
    for line in lines:
        in_values = [c for c in line.chunks if c.box[0] >= label_edge]
        if _is_data_line(in_values, columns):
            top, bottom = line.box[1], line.box[3]
            row = _Row(top, bottom)
            for c in in_values:
                col = _column_of(columns, c.box)
                if col is not None:
                    row.values.setdefault(col, []).append(c)
            rows.append(row)
            labels += [(c, len(rows) - 1) for c in line.chunks if c.box[0] < label_edge]
        elif not rows and line.box[1] < header_bottom - 1:
            header_lines.append((0, line))  # the header, or a note beside it
        elif not rows and not in_values and not _is_header(line):
            # words above the first values of the page: the first row's label, or the end
            # of a label the page break cut. They may go to a row of their own, which the
            # reader joins to the row on the page before.
            rows.append(_Row(line.box[1], line.box[3], cut=True))
            labels += [(c, None) for c in line.chunks]
        elif _is_header(line) or (in_values and not _continues_value(rows, line, columns)):
            header_lines.append((len(rows), line))
        elif in_values and rows:
            for c in in_values:  # "万元" wrapped under its number
                col = _column_of(columns, c.box)
                if col is not None:
                    rows[-1].values.setdefault(col, []).append(c)
        else:
            labels += [(c, None) for c in line.chunks]
    if not rows:
        return None
    trailing = [c for c, _ in labels if c.box[1] > rows[-1].bottom and c.box[2] <= label_edge]
    if trailing and max(c.box[3] for c in trailing) > 0.75 * page_height:
        # label lines below the last values at the foot of the page: a row the page break
        # cut, its values on the next page; a row of its own for the reader to join
        first = min(trailing, key=lambda c: c.box[1])
        rows.append(_Row(first.box[1], first.box[3], cut=True))
    return _build(page, columns, rows, header_lines, label_blocks(labels, rows))


def _is_data_line(in_values: list[Chunk], columns) -> bool:
    """A line of values: a number, or a placeholder standing in a value column."""
    return any(_is_number(c.text) for c in in_values) or any(
        _is_placeholder(c.text) and _column_of(columns, c.box) is not None for c in in_values)


def _header_bottom(lines: list[Line], label_edge: float, columns) -> float:
    """Where the column header above the first data row ends: words below it are row labels."""
    bottom = float("-inf")
    for line in lines:
        in_values = [c for c in line.chunks if c.box[0] >= label_edge]
        if _is_data_line(in_values, columns):
            break
        if _is_header(line) or in_values:
            bottom = max(bottom, line.box[3])
    return bottom


def _is_header(line: Line) -> bool:
    return any(match_header(c.text) or "第二十条" in c.text for c in line.chunks)


def _continues_value(rows: list[_Row], line: Line, columns: list[_Column]) -> bool:
    if not rows:
        return False
    return line.box[1] - rows[-1].bottom < 0.8 * line.height and all(
        _column_of(columns, c.box) is not None for c in line.chunks)


def _build(page, columns, rows, header_lines, blocks) -> Grid:
    cells: list[Cell] = []
    ys = []
    # header lines before data row k sit at grid row 2k, data row k at 2k+1
    for k, line in header_lines:
        for chunk in line.chunks:
            cells.append(Cell(2 * k, 2 * k + 1, 0, 1, _widen(chunk.box, columns), list(chunk.glyphs)))
    for k, row in enumerate(rows):
        ys.append(row.top)
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
    _merge_header_stacks(cells)
    all_box = box_of([g for c in cells for g in c.glyphs])
    return Grid(page, all_box, [all_box[0], all_box[2]], sorted(ys), cells, ruled=False)


def _widen(box: Box, columns: list[_Column]) -> Box:
    """A header's x-range grows to the value columns under it, so values off its text still fall in."""
    hit = [c for c in columns if box[0] - 2 <= (c.x0 + c.x1) / 2 <= box[2] + 2]
    if not hit:
        centre = (box[0] + box[2]) / 2
        near = [c for c in columns if abs((c.x0 + c.x1) / 2 - centre) <= box[2] - box[0]]
        hit = sorted(near, key=lambda c: abs((c.x0 + c.x1) / 2 - centre))[:1]
    if not hit:
        return box
    return (min(box[0], min(c.x0 for c in hit)), box[1], max(box[2], max(c.x1 for c in hit)), box[3])


def _merge_header_stacks(cells: list[Cell]) -> None:
    """Header words wrapped over lines (商业 / 企业, 总 / 计) become one header cell."""
    headers = sorted((c for c in cells if c.row0 % 2 == 0), key=lambda c: (c.box[1], c.box[0]))
    for upper in headers:
        if not upper.glyphs:
            continue
        for lower in headers:
            if lower is upper or not lower.glyphs or lower.row0 != upper.row0:
                continue
            ux0, utop, ux1, ubottom = box_of(upper.glyphs)
            lx0, ltop, lx1, lbottom = box_of(lower.glyphs)
            overlap = min(ux1, lx1) - max(ux0, lx0)
            wider = max(ux1 - ux0, lx1 - lx0)
            gap = ltop - ubottom
            # 商业/企业 and 其他/结果 are one header; 申请人情况 above 自然人 are two
            joined = any(m.kind != "title" for m in match_header(upper.text + lower.text))
            whole = match_header(upper.text) or match_header(lower.text) or "第二十条" in upper.text
            if (joined or not whole) and overlap >= 0.4 * wider and -1 <= gap < 0.8 * (lbottom - ltop):
                upper.glyphs += lower.glyphs
                lower.glyphs = []
                upper.box = (min(upper.box[0], lower.box[0]), upper.box[1], max(upper.box[2], lower.box[2]),
                             max(upper.box[3], lower.box[3]))
    cells[:] = [c for c in cells if c.glyphs or c.row0 % 2 == 1]
