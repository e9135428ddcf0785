"""Grids -> canonical cells of tables 二, 三 and 四.

`read_tables` walks a report's grids in page order. A `TableReader` keeps
its state across grids — the table being read and its value columns from the
last header (`Header`), the row group of table 三, and what one grid hands
the next (`Carry`: a header cut at the foot of a page, the last row read) —
so a table broken over pages, with or without its header repeated, reads as
one. Columns come from the header cells' x-ranges; a value goes to the slot
its centre lies in, never to a position in text order.

    read_tables(grids) -> TablesRead(cells, template, consumed)
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from parsers.grid import Cell, Grid
from parsers.layout import Box
from pipeline import normalize, schema
from pipeline.values import PLACEHOLDER_WORDS, parse_value

BLANK_ON_SCAN = 0.5  # the confidence of an empty cell read by OCR: under LOW_CONFIDENCE
FRACTION_ON_SCAN = 0.5  # of a count OCR read with a fractional part (2.818 for 2,818): under LOW_CONFIDENCE
CUT_ACROSS_PAGES = 0.5  # the confidence of numbers that may be one number cut by a page break


@dataclass
class CellValue:
    table: str
    row: str | None
    col: str | None
    value: float | None
    kind: str
    raw: str
    label: str
    page: int | None
    box: Box | None
    locator: str | None = None
    confidence: float = 1.0  # how sure the reading is: 1.0 from a text layer, OCR's score otherwise


@dataclass(frozen=True)
class Slot:
    """A value column: its x-range and canonical column (and row, for table 四)."""

    x0: float
    x1: float
    col: str
    row: str | None = None
    template: str | None = None


def _slot_at(slots: list[Slot], x: float) -> Slot | None:
    """The first slot whose x-range, a point wider on each side, holds `x` (a loop, not a method
    call a slot: every value cell asks)."""
    for s in slots:
        if s.x0 - 1 <= x <= s.x1 + 1:
            return s
    return None


@dataclass
class Header:
    """The table being read and its value columns, as the last header row named them."""

    table: str | None = None
    slots: list[Slot] = field(default_factory=list)
    review_rows: dict[str, Box] = field(default_factory=dict)  # table 四's row groups, by the header cell naming them


@dataclass
class LastRow:
    """The last data row read, and where: a page break may have cut it in two."""

    parts: list[str]  # its label cells' texts
    cells: list[CellValue]
    group_before: str | None  # table 三's row group before it was read
    grid: Grid


@dataclass
class Carry:
    """What one grid hands the next."""

    cut_header: list[Cell] = field(default_factory=list)  # header rows that ended the last grid
    last_row: LastRow | None = None


@dataclass
class TablesRead:
    """What the reader read: the canonical cells, table 二's template, and the frames of every
    table cell it consumed (header, label and value cells: not prose)."""

    cells: list[CellValue]
    template: str | None
    consumed: list[tuple[int | None, Box]]  # (page, frame)

    def consumed_on(self, page: int) -> list[Box]:
        return [box for p, box in self.consumed if p == page]


def _overlap(a: Slot, b: Slot) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 2


def _is_value_text(text: str) -> bool:
    """A number or a placeholder (/, —, 无, 不适用), not a label or a sentence."""
    kind = parse_value(text)[1]
    return kind in ("number", "dash", "blank") or normalize.clean(text) in PLACEHOLDER_WORDS


def _one_per_slot(placed: list[tuple[Cell, Slot]]) -> list[tuple[Cell, Slot]]:
    """Where two cells fall in one column (a merged cell, a text-aligned table), the printed one wins."""
    best: dict[Slot, tuple[Cell, Slot]] = {}
    for cell, slot in placed:
        if slot not in best or (cell.text and not best[slot][0].text):
            best[slot] = (cell, slot)
    return sorted(best.values(), key=lambda cs: cs[1].x0)


def _with_blanks(placed: list[tuple[Cell, Slot]], slots: list[Slot]) -> list[tuple[Cell, Slot]]:
    """A table without rules prints nothing where a cell is blank: the header says a column
    is there, the row says a row is there, so the blank cell is there too."""
    top = min(c.box[1] for c, _ in placed)
    bottom = max(c.box[3] for c, _ in placed)
    row0, row1 = placed[0][0].row0, placed[0][0].row1
    filled = {slot for _, slot in placed}
    blanks = [(Cell(row0, row1, 0, 0, (s.x0, top, s.x1, bottom)), s) for s in slots if s not in filled]
    return sorted(placed + blanks, key=lambda cs: cs[1].x0)


def _is_row_label(text: str) -> bool:
    """A numbered item (1. （三）) or a label of the template: the start of a row of its own."""
    return normalize.split_numbering(text).kind is not None or normalize.label_fit(text) >= normalize.MIN_SCORE


def _looks_like_values(cells: list[Cell]) -> bool:
    """A data row holds numbers and placeholders; a paragraph of body text in a frame does not."""
    words = [c.text for c in cells if not _is_value_text(c.text)]
    return len(words) * 2 <= len(cells) and all(len(w) <= 6 for w in words)


def _value(grid: Grid, cell: Cell, col: str) -> dict:
    """A value cell's reading and provenance: page and box on a PDF page, locator on a web
    page, and how sure the reading is (its glyphs' confidence; an empty cell read by OCR may
    be a value the recogniser missed; a count every column but the two amounts holds, read by
    OCR with a fractional part, had its thousands separator read as a decimal point)."""
    value, kind = parse_value(cell.text, col)
    confidence = cell.confidence
    if kind == "blank" and grid.ocr:
        confidence = min(confidence, BLANK_ON_SCAN)
    if kind == "number" and grid.ocr and col not in schema.AMOUNT_COLUMNS and value != int(value):
        confidence = min(confidence, FRACTION_ON_SCAN)
    on_page = grid.page is not None
    return {"value": value, "kind": kind, "raw": cell.text, "page": grid.page,
            "box": (cell.text_box or cell.box) if on_page else None, "locator": cell.locator,
            "confidence": confidence}


class TableReader:
    def __init__(self):
        self.header = Header()
        self.group: str | None = None  # table 三's row group (context for the rows below it)
        self.carry = Carry()
        self._cells: list[CellValue] = []
        self._consumed: list[tuple[int | None, Box]] = []
        self._templates: Counter = Counter()  # table 二's template, as its column labels vote
        self._rows_of: tuple[Grid | None, dict[int, list[Cell]]] = (None, {})  # _covering's index

    # --- walking grids ----------------------------------------------------------

    def read(self, grid: Grid) -> None:
        header: list[Cell] = []
        cut, self.carry.cut_header = self.carry.cut_header, []
        by_row: dict[int, list[Cell]] = {}
        for c in grid.cells:
            by_row.setdefault(c.row0, []).append(c)
        for row0 in sorted(by_row):
            starting = sorted(by_row[row0], key=lambda c: c.box[0])
            if self._is_header_row(starting):
                header += starting
                self._consume(grid, starting)
                continue
            if header:
                self._set_header(header, cut)
                header, cut = [], []
            self._read_row(grid, starting)
        if header:
            self._set_header(header, cut)
            self.carry.cut_header = header  # the page may have cut it: its ends start the next page's

    def _consume(self, grid: Grid, cells) -> None:
        self._consumed += [(grid.page, c.box) for c in cells]

    def _header_texts(self, cells: list[Cell], cut: list[Cell]) -> list[tuple[Cell, str]]:
        """Each header cell with its text; a fragment (然人, 计; 人 under 自然) is joined to the piece
        the page before printed above it (自, 总) when together they name a column."""
        out = []
        for c in cells:
            text = c.text
            if not normalize.match_header(text):
                for above in cut:
                    joined = above.text + c.text
                    # one's middle over the other: 人 centred under 自然, narrower than it
                    same_column = (above.box[0] <= (c.box[0] + c.box[2]) / 2 <= above.box[2]
                                   or c.box[0] <= (above.box[0] + above.box[2]) / 2 <= c.box[2])
                    if same_column and any(m.kind == "column" for m in normalize.match_header(joined)):
                        text = joined
                        break
            out.append((c, text))
        return out

    def _is_header_row(self, cells: list[Cell]) -> bool:
        texts = [c.text for c in cells if c.text]
        if not texts or any(parse_value(t)[1] == "number" for t in texts):
            return False
        return any(normalize.match_header(t) for t in texts)

    def _set_header(self, cells: list[Cell], cut: list[Cell] = ()) -> None:
        readings = [(c, normalize.match_header(text)) for c, text in self._header_texts(cells, list(cut))]
        votes = Counter(m.table for _, ms in readings for m in ms if m.kind != "column" or m.id != "total")
        if not votes:
            return
        table = votes.most_common(1)[0][0]
        if table != self.header.table:
            self.group = None
            self.header = Header(table)
        for cell, matches in readings:  # 行政复议 may sit on the page before its columns
            self.header.review_rows.update({m.id: cell.box for m in matches if m.table == table and m.kind == "row"})
        slots = []
        for cell, matches in readings:
            match = next((m for m in matches if m.table == table and m.kind == "column"), None)
            if match is None:
                continue
            if table == "active" and match.template:
                self._templates[match.template] += 1
            slots.append(Slot(cell.box[0], cell.box[2], match.id, self._review_row(cell.box), match.template))
        if not slots:
            return
        if table != "active":
            # a header cut by a page break: keep the columns the earlier part named
            slots += [s for s in self.header.slots if not any(_overlap(s, n) for n in slots)]
        self.header.slots = sorted(slots, key=lambda s: s.x0)
        if table == "review_litigation":
            self._rows_by_order()

    def _review_row(self, box: Box) -> str | None:
        if self.header.table != "review_litigation":
            return None
        xc = (box[0] + box[2]) / 2
        above = [(b, row) for row, b in self.header.review_rows.items() if b[0] - 1 <= xc <= b[2] + 1]
        return max(above, key=lambda br: br[0][1])[1] if above else None

    def _rows_by_order(self) -> None:
        """Table 四 prints its three row groups left to right, five columns each."""
        slots = self.header.slots
        if len(slots) != 15 or all(s.row for s in slots):
            return
        order = [r.id for r in schema.REVIEW_ROWS]
        self.header.slots = [Slot(s.x0, s.x1, s.col, s.row or order[i // 5], s.template) for i, s in enumerate(slots)]

    # --- data rows ----------------------------------------------------------------

    def _value_cells(self, cells: list[Cell], ruled: bool = True) -> list[tuple[Cell, Slot]]:
        slots = self.header.slots
        if (self.header.table == "review_litigation" and len(cells) == 15
                and all(_is_value_text(c.text) for c in cells)):
            # table 四 prints its 15 values in the template's fixed order; its header may be
            # cut by a page break, but the order is not
            order = [(r.id, c.id) for r in schema.REVIEW_ROWS for c in schema.REVIEW_COLUMNS]
            pairs = zip(cells, order, strict=True)
            return [(cell, Slot(cell.box[0], cell.box[2], col, row)) for cell, (row, col) in pairs]
        if not slots:
            return []
        first = slots[0]
        left = first.x0 - 0.3 * (first.x1 - first.x0)  # a label cell starts far left; edges wobble
        placed = []
        for c in cells:
            xc = (c.box[0] + c.box[2]) / 2
            slot = _slot_at(slots, xc)
            # a number wider than a header set a character a line (自/然/人) starts left of it
            if slot is not None and (c.box[0] >= left or (c.text and _is_value_text(c.text))):
                placed.append((c, slot))
        if placed and _looks_like_values([c for c, _ in placed]):
            placed = _one_per_slot(placed)
            if not ruled:
                placed = _with_blanks(placed, slots)
            return placed
        # a continuation page laid out differently (a landscape page): match by order
        tail = cells[-len(slots):]
        if len(cells) > len(slots) and all(_is_value_text(c.text) for c in tail):
            return list(zip(tail, slots, strict=True))
        return []

    def _label_parts(self, grid: Grid, values: list[Cell], row: int | None = None) -> list[str]:
        """Texts of the label cells left of the values whose rows take in `row`, by default the
        values' middle row."""
        first_x = min(c.box[0] for c in values)
        mid_row = (min(c.row0 for c in values) + max(c.row1 for c in values) - 1) // 2 if row is None else row
        labels = [c for c in self._covering(grid, mid_row) if c.box[2] <= first_x + 1 and c.text]
        self._consume(grid, labels)
        return [c.text for c in sorted(labels, key=lambda c: c.box[0])]

    def _covering(self, grid: Grid, row: int) -> list[Cell]:
        """The grid's cells whose rows take in `row`, in the grid's order (indexed once a grid:
        every data row asks)."""
        if self._rows_of[0] is not grid:
            index: dict[int, list[Cell]] = {}
            for c in grid.cells:
                for r in range(c.row0, c.row1):
                    index.setdefault(r, []).append(c)
            self._rows_of = (grid, index)
        return self._rows_of[1].get(row, [])

    def _read_row(self, grid: Grid, cells: list[Cell]) -> None:
        if any(normalize.active_item(c.text) for c in cells):
            self._consume(grid, cells)  # 第二十条第（X）项: table, not text
            return
        table = self.header.table
        if table is None:
            return
        values = self._value_cells(cells, grid.ruled)
        if not values:
            return
        value_cells = [c for c, _ in values]
        self._consume(grid, value_cells)
        rows = self._merged_rows(grid, value_cells)
        if len(rows) > 1:  # value cells merged over several rows: each row gets them
            for row0 in rows:
                self._emit(grid, self._label_parts(grid, value_cells, row0), values, merged=True)
            return
        parts = self._label_parts(grid, value_cells)
        if not parts and all(not c.text for c in value_cells):
            return  # an empty row (Word's trailing <tr><td><br></td>…): nothing printed, no cells
        last = self.carry.last_row
        first_in_grid = last is None or last.grid is not grid
        if first_in_grid and self._continues_last_row(grid, parts, values):
            return
        self._emit(grid, parts, values)
        # no label but a mark or a character of a group label printed a character a line
        if first_in_grid and len(normalize.clean("".join(parts)).strip("、，,.．")) <= 1:
            self._mark_cut_numbers(last, grid)

    def _emit(self, grid: Grid, parts: list[str], values: list[tuple[Cell, Slot]], merged: bool = False) -> None:
        """One data row's values under its label. `merged`: the value cells span this row and
        others; a 0 or a placeholder applies to each row, a number other than 0 is not split
        among them (null, kind `merged`, the printed text kept)."""
        table = self.header.table
        label = "".join(normalize.clean(p) for p in parts)
        group_before = self.group
        row = self._match_row(parts)
        if table == "review_litigation":
            self.header.table = None  # table 四 has one data row; what follows is body text
        emitted = []
        for cell, slot in values:
            reading = _value(grid, cell, slot.col)
            if merged and reading["kind"] == "number" and reading["value"] != 0:
                reading.update(value=None, kind="merged")
            emitted.append(CellValue(table=table, row=slot.row if table == "review_litigation" else row,
                                     col=slot.col, label=label, **reading))
        if grid.ruled or row is not None or any(c.kind != "blank" for c in emitted):
            self._cells += emitted
        # else: words without values in a table without rules: kept only if the next
        # page's first row turns out to continue them
        self.carry.last_row = LastRow(parts, emitted, group_before, grid)

    def _merged_rows(self, grid: Grid, values: list[Cell]) -> list[int]:
        """The grid rows that value cells spanning several rows serve: each row that starts a
        label of its own within their span (a numbered item or a label of the template), as
        the （六） rows under one rowspan="3" cell of 0s. One row: not merged."""
        top, bottom = min(c.row0 for c in values), max(c.row1 for c in values)
        if bottom - top < 2:
            return [top]
        first_x = min(c.box[0] for c in values)
        starts = {c.row0 for c in grid.cells if c.box[2] <= first_x + 1 and c.text and top <= c.row0 < bottom}
        own = [r for r in sorted(starts) if _is_row_label(self._own_label(grid, first_x, r))]
        return own if len(own) == len(starts) and len(own) > 1 else [top]

    @staticmethod
    def _own_label(grid: Grid, first_x: float, row0: int) -> str:
        """The text of the label cell starting at `row0` nearest the values."""
        cells = [c for c in grid.cells if c.box[2] <= first_x + 1 and c.text and c.row0 == row0]
        return max(cells, key=lambda c: c.box[2]).text if cells else ""

    def _match_row(self, parts: list[str]) -> str | None:
        table = self.header.table
        if table == "active":  # one label cell; a spread label may come in pieces
            return (normalize.match_active_row("".join(parts)) or normalize.match_active_row(parts[-1])
                    if parts else None)
        if table == "requests":
            match = normalize.match_request_row(parts, self.group)
            self.group = match.group
            return match.row
        return None

    def _mark_cut_numbers(self, last: LastRow | None, grid: Grid) -> None:
        """Numbers just read at the top of a page with no label beside them, under numbers the
        row `last` printed on the page before: the digits of a number a cell wrapped over the
        page break (71 | 6 for 716), or a row whose label was lost. Which cannot be told, so
        both halves are marked unsure."""
        if last is None or last.grid.page is None or last.grid.page == grid.page:
            return
        above = {c.col: c for c in last.cells if c.table == self.header.table}
        here = [c for c in self.carry.last_row.cells if c.kind == "number"]
        cut = [above.get(c.col) for c in here]
        if not here or any(c is None or c.kind != "number" for c in cut):
            return
        for c in here + cut:
            c.confidence = min(c.confidence, CUT_ACROSS_PAGES)

    def _continues_last_row(self, grid: Grid, parts: list[str], values: list[tuple[Cell, Slot]]) -> bool:
        """A row the page break cut in two: its label goes on without a numbering mark at
        the top of the next page. Join the halves: label rejoined, each value from the half
        that printed it."""
        last = self.carry.last_row
        if last is None or self.header.table not in ("active", "requests") or not parts:
            return False
        own = parts[-1]
        emitted = last.cells
        if normalize.split_numbering(own).kind is not None or emitted[0].table != self.header.table:
            return False
        blank_here = all(not c.text for c, _ in values)
        blank_there = all(c.kind == "blank" for c in emitted)
        if not (blank_here or blank_there):
            return False
        joined = last.parts[:-1] + [last.parts[-1] + own] if last.parts else parts
        group_after = self.group
        self.group = last.group_before
        row = self._match_row(joined)
        if row is None and emitted[0].row is not None:
            self.group = group_after  # the words do not continue that row's label after all
            return False
        label = "".join(normalize.clean(p) for p in joined)
        by_col = {c.col: c for c in emitted}
        for cell, slot in values:
            old = by_col.get(slot.col)
            if old is None or not cell.text or old.kind != "blank":
                continue
            reading = _value(grid, cell, slot.col)
            old.value, old.kind, old.raw = reading["value"], reading["kind"], reading["raw"]
            old.page, old.box = reading["page"], reading["box"]
            old.locator, old.confidence = reading["locator"], reading["confidence"]
        for c in emitted:
            c.row, c.label = row, label
        if not any(c is emitted[0] for c in self._cells):
            self._cells += emitted
        self.carry.last_row = LastRow(joined, emitted, last.group_before, grid)
        return True

    # --- result ---------------------------------------------------------------------

    def template(self) -> str | None:
        """Table 二's template, from the column labels it printed."""
        if not self._templates:
            return None
        return self._templates.most_common(1)[0][0]

    def result(self) -> TablesRead:
        """What was read; a second printing of a canonical cell keeps its label but loses the id."""
        cells = self._cells
        rows = {c.row for c in cells if c.table == "requests"}
        if "other_handling" in rows and rows & set(schema.group_items("other")):
            # （六）其他处理 printed above its three items is their subtotal, not the 2019 single row
            for c in cells:
                if c.table == "requests" and c.row == "other_handling":
                    c.row = schema.GROUPS["other"].total_row
        seen = set()
        for c in cells:
            key = (c.table, c.row, c.col)
            if c.row is not None and key in seen:
                c.row = None
            seen.add(key)
        return TablesRead(list(cells), self.template(), list(self._consumed))


def read_tables(grids: list[Grid]) -> TablesRead:
    """The canonical cells of a report's grids, read in the order given (page order)."""
    reader = TableReader()
    for grid in grids:
        reader.read(grid)
    return reader.result()
