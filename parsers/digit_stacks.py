"""Numbers wrapped a digit a line in a column too narrow for them, told from the single
values of rows one under another.

In an unruled table a number wider than its column wraps: 1746 prints as 1 / 7 / 4 / 6,
centred on its row or top-aligned with it. Its neighbours wrap too, so their digits
interleave, and the next row's value may sit right under the last digit (1 / 7 / 4 / 6 / 1).
Three or more pieces of one or two digits, each touching the next one under it in a column,
form a *chain*. A chain is cut into segments, each one number, so that every segment sits
on a row:

- a row is shown by an *anchor*: a line with a value no digit piece touches above or below
  (a number that did not wrap, a placeholder), with a label that starts a row (a numbering
  mark, or a label of the template read whole), or with words and values in two columns
  (rows one a line);
  and a row-starting label together with the lines it wraps onto;
- a segment sits on a row when its middle is the anchor's middle (centred) or its top the
  anchor's top (top-aligned), within a quarter of a line;
- of the cuts that put every piece on a row, the one with the most pieces on lines that hold
  other values wins (a group label's first line, 三、本年, is no row of values), then the
  one with the most segments: digits of rows one under another stay apart where each has
  a row.

A chain no cut places is left unjoined and its glyphs marked uncertain (`UNSURE`): which
row a digit belongs to cannot be read, so its values must not pass as read. Two pieces
are left to `StreamReader.join_wrapped_numbers`, which joins them where a value of their
row sits between them.

    join_digit_stacks(lines, is_number, is_value, starts_row) -> lines
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

PIECE = re.compile(r"^\d{1,2}$")  # a line's share of a number wrapped in a narrow column
UNSURE = 0.5  # the confidence of a digit whose row cannot be told: under LOW_CONFIDENCE
TOLERANCE = 0.25  # of a line's height: how far a segment's middle or top may sit from its row's


def wraps_under(upper, lower) -> bool:
    """`lower` stands under `upper` as the next line of one cell: overlapping it across, and no
    further down than a wrapped line of the same type. OCR's boxes hug the digits' ink, shorter
    than the em a text layer's boxes span: the gap between two lines' boxes grows by the difference."""
    height = upper.box[3] - upper.box[1]
    em = max(height, max(g.size for g in upper.glyphs))
    return (min(lower.box[2], upper.box[2]) - max(lower.box[0], upper.box[0]) > 0
            and lower.box[1] - upper.box[3] < 0.6 * em + (em - height))


def join_digit_stacks(lines: list, is_number: Callable[[str], bool], is_value: Callable[[str], bool],
                      starts_row: Callable[[str], bool]) -> list:
    """`lines` (objects with `.chunks`, `.box`; chunks with `.glyphs`, `.text`, `.box`, sorted
    top to bottom) with each wrapped number's pieces joined into its top piece, which moves to
    the line of its row. `is_value`: a number or a placeholder printed instead (—, /, 无).
    Returns the lines that still hold chunks."""
    anchors = _anchors(lines, is_number, is_value, starts_row)
    values_on = [{id(c) for c in line.chunks if is_value(c.text)} for line in lines]  # before any moves
    for chain in _chains(lines):
        cut = _best_cut(chain, anchors, values_on, is_number)
        if cut is None:
            for _, piece in chain:
                piece.glyphs[:] = [replace(g, confidence=min(g.confidence, UNSURE)) for g in piece.glyphs]
            continue
        for segment, home in cut:
            if len(segment) == 1:
                continue
            (first_line, head), rest = segment[0], segment[1:]
            for i, piece in rest:
                head.glyphs += piece.glyphs
                lines[i].chunks.remove(piece)
            lines[first_line].chunks.remove(head)
            lines[home].chunks = sorted(lines[home].chunks + [head], key=lambda c: c.box[0])
    return [x for x in lines if x.chunks]


def _below(lines: list, i: int, piece) -> tuple[int, object] | None:
    """The digit piece right under `piece` (on line `i`), on one of the next two lines down
    (a neighbour's digits, centred half a line lower, make lines in between)."""
    for k in range(i + 1, min(i + 3, len(lines))):
        for c in lines[k].chunks:
            if PIECE.match(c.text) and wraps_under(piece, c):
                return k, c
    return None


def _anchors(lines: list, is_number, is_value, starts_row) -> list[tuple[float, float, int]]:
    """(top, bottom, line) of where rows are seen: a line with a value no digit piece touches
    above or below, with a label that starts a row, or with words and two values; then each
    row-starting label with the lines it wraps onto (a stack centred on a wrapped label sits
    on the block's middle), placed on the label's first line."""
    touching: set[int] = set()
    for i, line in enumerate(lines):
        for c in line.chunks:
            for k in range(i + 1, min(i + 3, len(lines))):
                for d in lines[k].chunks:
                    if (is_number(c.text) and is_number(d.text) and (PIECE.match(c.text) or PIECE.match(d.text))
                            and wraps_under(c, d)):
                        touching |= {id(c), id(d)}
    anchors, blocks = [], []
    for i, line in enumerate(lines):
        words = [c for c in line.chunks if not is_value(c.text)]
        starts = [c for c in words if starts_row(c.text)]
        values = [c for c in line.chunks if is_value(c.text)]
        # a label's line with values in two columns is a row even where every value is a
        # digit piece (rows one a line); a wrapped label's other lines hold one stack's piece
        if starts or any(id(c) not in touching for c in values) or (words and len(values) >= 2):
            anchors.append((line.box[1], line.box[3], i))
        for label in starts:
            last = label
            for below in lines[i + 1:]:
                more = next((c for c in below.chunks if wraps_under(last, c) and not is_value(c.text)), None)
                if more is None or starts_row(more.text):
                    break
                last = more
            if last is not label:
                blocks.append((label.box[1], last.box[3], i))
    # a line that holds the row's values is its home before a label block's first line
    return anchors + blocks


def _chains(lines: list) -> list[list[tuple[int, object]]]:
    """Each column's runs of three or more digit pieces, one under the next, top to bottom."""
    below = {}
    for i, line in enumerate(lines):
        for c in line.chunks:
            if PIECE.match(c.text) and (found := _below(lines, i, c)) is not None:
                below[id(c)] = found
    has_above = {id(c) for _, c in below.values()}
    chains = []
    for i, line in enumerate(lines):
        for c in line.chunks:
            if id(c) in below and id(c) not in has_above:
                chain = [(i, c)]
                while id(chain[-1][1]) in below:
                    chain.append(below[id(chain[-1][1])])
                if len(chain) >= 3:  # two pieces are join_wrapped_numbers': a value between them joins them
                    chains.append(chain)
    return chains


def _best_cut(chain: list, anchors: list, values_on: list[set[int]], is_number) -> list | None:
    """The cut of `chain` into (segment, home line) with every piece on a row; None when there
    is none. Of several, the one with the most pieces on lines that hold other values (a
    label alone, a group label's first line, makes a weaker row), then the most segments."""
    pieces = {id(c) for _, c in chain}
    # best[n]: ((pieces on value lines, segments), cut) for the first n pieces
    best: list[tuple | None] = [((0, 0), [])] + [None] * len(chain)
    for end in range(1, len(chain) + 1):
        for start in range(end):
            if best[start] is None:
                continue
            segment = chain[start:end]
            joined = "".join(c.text for _, c in segment)
            if len(segment) > 1 and (joined.startswith("0") or not is_number(joined)):
                continue  # no number is printed with a leading 0
            homes = _homes(segment, anchors)
            if not homes:
                continue
            home = max(homes, key=lambda h: bool(values_on[h] - pieces))  # a row of values first
            (valued, count), cut = best[start]
            score = (valued + len(segment) * bool(values_on[home] - pieces), count + 1)
            if best[end] is None or score > best[end][0]:
                best[end] = (score, cut + [(segment, home)])
    return None if best[-1] is None else best[-1][1]


def _homes(segment: list, anchors: list) -> list[int]:
    """The lines of the rows the segment may sit on: middles (centred) or tops (top-aligned)
    agree within TOLERANCE of a line."""
    top = segment[0][1].box[1]
    bottom = segment[-1][1].box[3]
    slack = TOLERANCE * max(c.box[3] - c.box[1] for _, c in segment)
    return [line for a_top, a_bottom, line in anchors
            if abs((top + bottom) / 2 - (a_top + a_bottom) / 2) <= slack or abs(top - a_top) <= slack]
