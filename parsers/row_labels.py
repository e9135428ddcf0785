"""Row labels of a table without rules: which label lines belong to which data row.

Lines that touch and overlap are one wrapped label unless a line starts with
a numbering mark; a line under two labels goes on with the one it lies under
most. A run of lines that reaches over several data rows is cut
between them by a dynamic programme: a piece costs how far it sits from its
row's values (centred or top-aligned, whichever is nearer) plus how unlike a
label of the template its words read — unruled, unnumbered labels wrapped in
a narrow column can only be told apart by what they say.

Works on any objects with `.box`, `.glyphs` and `.text` (chunks) and rows
with `.top`, `.bottom` and `.cut` (a row of words a page break cut off); how
much words read like a label is the caller's to say (`LabelFit`: the
template lives above the parsers).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

from parsers.layout import squeeze

# (words, partial) -> 0-100: how much the words read like one row label of the template;
# `partial`: they may be only part of one (a page break cut it)
LabelFit = Callable[[str, bool], float]

MARK = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．])")
SKIP_COST = 40.0  # points: a data row the label lines pass over is very likely a misreading
MAX_PIECE = 14  # lines: no template label wraps further
WORD_WEIGHT = 0.3  # points of misplacement one point of label dissimilarity is worth


def label_blocks(chunks: list, rows: list, label_fit: LabelFit) -> list[tuple[int | None, int | None, list]]:
    """(first data row, last data row, chunks) for each label; (None, None, chunks) for the
    label of a row printed blank, which has no line of values (`_blank_rows`).

    `chunks` are (chunk, row) pairs: the data row whose value line the chunk
    sits on, or None for a label-only line. A stack of single characters is a
    vertical label and spans the rows it reaches.
    """
    blocks: list[list[tuple]] = []
    for chunk, row in sorted(chunks, key=lambda item: item[0].box[1]):
        home, shared = None, 0.0
        if not _numbered(chunk.text):
            # the block whose last line it lies under most: a wrapped label's next line, not a
            # mark of a vertical label it reaches over (、 of 三、本年度…, beside the label)
            for block in reversed(blocks):
                last = block[-1][0]
                touches = chunk.box[1] - last.box[3] < 0.7 * (chunk.box[3] - chunk.box[1])
                overlap = min(chunk.box[2], last.box[2]) - max(chunk.box[0], last.box[0])
                if touches and overlap > shared:
                    home, shared = block, overlap
        if home is None:
            blocks.append([(chunk, row)])
        else:
            home.append((chunk, row))
    out = []
    centres = [(r.top + r.bottom) / 2 for r in rows]
    for block in blocks:
        vertical = len(block) > 1 and all(len(c.glyphs) == 1 for c, _ in block)
        top, bottom = block[0][0].box[1], block[-1][0].box[3]
        spanned = [i for i, y in enumerate(centres) if top - 2 <= y <= bottom + 2]
        spanned = sorted(set(spanned) | {r for _, r in block if r is not None})
        if vertical and spanned:
            out.append((spanned[0], spanned[-1], [c for c, _ in block], True))
        elif len(spanned) >= 2:
            out += [(r, r, part, True) for r, part in _split(block, spanned, rows, label_fit)]
        else:
            mid = (top + bottom) / 2
            nearest = spanned[0] if spanned else min(range(len(rows)), key=lambda i: abs(centres[i] - mid))
            if abs(centres[nearest] - mid) > 1.5 * (bottom - top) + 10:
                continue  # a note below the table, not a label
            out.append((nearest, nearest, [c for c, _ in block], bool(spanned) or _beside_words(block, chunks)))
    return _blank_rows(out)


def _beside_words(block: list[tuple], chunks: list[tuple]) -> bool:
    """Whether other words stand right of the block on its lines (a value the column finding
    took for words: a row with something printed is not blank)."""
    own = {id(c) for c, _ in block}
    right = max(c.box[2] for c, _ in block)
    return any(id(c) not in own and c.box[0] >= right
               and any(min(c.box[3], b.box[3]) > max(c.box[1], b.box[1]) for b, _ in block) for c, _ in chunks)


def _blank_rows(placed: list[tuple]) -> list[tuple]:
    """`placed`: (first row, last row, chunks, beside values or words). A numbered label beside no
    values, nearest a row that another numbered label holds, labels a row printed blank: an
    unruled table shows no line of values for it, and given to that row it would read the other
    label's values. Such a block comes back as (None, None, chunks), the others as they were."""
    claimed = {first for first, last, chunks, beside in placed
               if beside and first == last and _numbered(chunks[0].text)}
    return [(None, None, chunks) if not beside and first in claimed and _numbered(chunks[0].text)
            else (first, last, chunks) for first, last, chunks, beside in placed]


def _numbered(text: str) -> bool:
    """The words start with a numbering mark (一、, （三）, 2.): a label begins there."""
    return bool(MARK.match(squeeze(text)))


def _split(block: list[tuple], spanned: list[int], rows: list, label_fit: LabelFit) -> list[tuple[int, list]]:
    """Cut a run of label lines among the data rows it reaches, in order, each line on one
    row; a line printed on a row's own value line stays on that row."""
    assignment = _assign(block, spanned, rows, label_fit)
    pieces: dict[int, list] = {}
    for (chunk, _), r in zip(block, assignment, strict=True):
        pieces.setdefault(r, []).append(chunk)
    return sorted(pieces.items())


def _assign(block, spanned, rows, label_fit: LabelFit) -> list[int]:
    """The row of each line, minimising the summed cost of the pieces."""
    n, m = len(block), len(spanned)
    inf = float("inf")
    edge_rows = (0, len(rows) - 1)  # a page break may have cut their labels
    boxes = [c.box for c, _ in block]
    texts = [c.text for c, _ in block]
    # skipped[x]: rows among spanned[:x] that a skip costs (a cut row costs nothing)
    skipped = [0]
    for r in spanned:
        skipped.append(skipped[-1] + (0 if rows[r].cut else 1))

    @functools.cache
    def unlike(i, j, cut):  # how unlike a label lines i..j-1 read: the same for every row they may go to
        return WORD_WEIGHT * (100 - label_fit("".join(texts[i:j]), cut))

    # pinned[i, j]: the rows whose value lines lines i..j-1 sit on (such a line is on its row)
    pinned: dict[tuple[int, int], frozenset] = {}
    for j in range(1, n + 1):
        rows_on = frozenset()
        for i in range(j - 1, max(0, j - MAX_PIECE) - 1, -1):
            if block[i][1] is not None:
                rows_on = rows_on | {block[i][1]}
            pinned[i, j] = rows_on

    def piece_cost(i, j, k):  # lines i..j-1 on spanned row k, one of the rows they may go to (`rows_for`)
        row = rows[spanned[k]]
        if row.cut and _numbered(texts[i]):
            return inf  # a numbered label starts its row here: it is no end of one the break cut
        cut = spanned[k] in edge_rows
        words = unlike(i, j, cut)
        if cut:
            return words
        top, bottom = boxes[i][1], boxes[j - 1][3]
        centred = abs((top + bottom) / 2 - (row.top + row.bottom) / 2)
        top_aligned = abs(top - row.top)
        return min(centred, top_aligned) + words

    def _skips(a, b):  # rows spanned[a..b-1] left without a label line; a cut row may be
        return (skipped[b] - skipped[a]) * SKIP_COST

    # cost[j][k]: lines 0..j-1 placed, the last piece on spanned row k
    cost = [[inf] * m for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    ends = [[-1]]  # ends[i]: the rows a placing of lines 0..i-1 can end on (cost[i][k] finite)
    every_row = range(m)

    def rows_for(i, j):  # the rows lines i..j-1 may go to: any, or the one a line of them is on
        on = pinned[i, j]
        if not on:
            return every_row
        if len(on) > 1:
            return ()  # lines on two rows' value lines: no one row takes them
        return [k for k in every_row if spanned[k] in on]

    # each cost[j][k] weighs its pieces i in order, then the rows before in order, keeping the
    # first of equal costs: looping over i before k keeps that order
    for j in range(1, n + 1):
        for i in range(max(0, j - MAX_PIECE), j):
            for k in rows_for(i, j):
                piece = piece_cost(i, j, k)
                if piece == inf:
                    continue
                for prev in ends[i]:
                    if prev >= k:
                        break  # rows in order: a piece goes below the one before it
                    before = 0.0 if prev == -1 else cost[i][prev]
                    c = before + piece + (skipped[k] - skipped[prev + 1]) * SKIP_COST  # _skips(prev + 1, k), inline
                    if c < cost[j][k]:
                        cost[j][k] = c
                        back[(j, k)] = (i, prev)
        ends.append([k for k in range(m) if cost[j][k] < inf])
    k = min(range(m), key=lambda k: cost[n][k] + _skips(k + 1, m))
    assignment = [spanned[0]] * n
    j = n
    while j > 0 and (j, k) in back:
        i, prev = back[(j, k)]
        for x in range(i, j):
            assignment[x] = spanned[k]
        j, k = i, prev
    return assignment
