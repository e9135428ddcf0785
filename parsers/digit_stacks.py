"""Numbers wrapped a digit a line in a column too narrow for them, told from the single
values of rows one under another.

In an unruled table a number wider than its column wraps: 1746 prints as 1 / 7 / 4 / 6,
centred on its row or top-aligned with it. Its neighbours wrap too, so their digits
interleave, and the next row's value may sit right under the last digit (1 / 7 / 4 / 6 / 1).
Three or more pieces of one or two digits, each touching the next one under it in a column,
form a *chain*. A chain is cut into segments, each one number, so that every segment sits
on a row:

- a row is shown by an *anchor*: a line with a number no digit piece touches above or below
  (a value that did not wrap), with a label that starts a row (a numbering mark, or a label
  of the template read whole), or with words and numbers in two columns (rows one a line);
  and a row-starting label together with the lines it wraps onto;
- a segment sits on a row when its middle is the anchor's middle (centred) or its top the
  anchor's top (top-aligned), within a quarter of a line. A page sets its cells one way:
  where more stacks sit on rows only centred than only top-aligned (or the reverse), the
  other way is not taken;
- of the cuts that put every piece on a row, the one with the most segments wins: digits
  of rows one under another stay apart where each has a row.

A chain no cut places is left unjoined and its glyphs marked uncertain (`UNSURE`): which
row a digit belongs to cannot be read, so its values must not pass as read. Two pieces
are left to `StreamReader.join_wrapped_numbers`, which joins them where a value of their
row sits between them.

    join_digit_stacks(lines, is_number, starts_row) -> lines
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

PIECE = re.compile(r"^\d{1,2}$")  # a line's share of a number wrapped in a narrow column
UNSURE = 0.5  # the confidence of a digit whose row cannot be told: under LOW_CONFIDENCE
ALIGNMENTS = ("centre", "top")  # how a stack may sit on its row
TOLERANCE = 0.25  # of a line's height: how far a segment's middle or top may sit from its row's


def wraps_under(upper, lower) -> bool:
    """`lower` stands under `upper` as the next line of one cell: overlapping it across, and no
    further down than a wrapped line of the same type. OCR's boxes hug the digits' ink, shorter
    than the em a text layer's boxes span: the gap between two lines' boxes grows by the difference."""
    height = upper.box[3] - upper.box[1]
    em = max(height, max(g.size for g in upper.glyphs))
    return (min(lower.box[2], upper.box[2]) - max(lower.box[0], upper.box[0]) > 0
            and lower.box[1] - upper.box[3] < 0.6 * em + (em - height))


def join_digit_stacks(lines: list, is_number: Callable[[str], bool], starts_row: Callable[[str], bool]) -> list:
    """`lines` (objects with `.chunks`, `.box`; chunks with `.glyphs`, `.text`, `.box`, sorted
    top to bottom) with each wrapped number's pieces joined into its top piece, which moves to
    the line of its row. Returns the lines that still hold chunks."""
    anchors = _anchors(lines, is_number, starts_row)
    chains = _chains(lines)
    # a page sets its cells one way: the stacks that sit on a row only centred or only
    # top-aligned say which, and a stack that sits on a row only the other way is misread
    first = [_best_cut(chain, anchors, is_number, ALIGNMENTS) for chain in chains]
    votes = {how: 0 for how in ALIGNMENTS}
    for cut in filter(None, first):
        for segment, _ in cut:
            fits = [how for how in ALIGNMENTS if len(segment) > 1 and _home(segment, anchors, (how,)) is not None]
            if len(fits) == 1:
                votes[fits[0]] += 1
    aligns = tuple(how for how in ALIGNMENTS if votes[how] == max(votes.values()))
    for chain in chains:
        cut = _best_cut(chain, anchors, is_number, aligns)
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


def _anchors(lines: list, is_number, starts_row) -> list[tuple[float, float, int]]:
    """(top, bottom, line) of where rows are seen: a line with a number no digit piece touches
    above or below, with a label that starts a row, or with words and two numbers; then each
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
        words = [c for c in line.chunks if not is_number(c.text)]
        starts = [c for c in words if starts_row(c.text)]
        numbers = [c for c in line.chunks if is_number(c.text)]
        # a label's line with values in two columns is a row even where every value is a
        # digit piece (rows one a line); a wrapped label's other lines hold one stack's piece
        if starts or any(id(c) not in touching for c in numbers) or (words and len(numbers) >= 2):
            anchors.append((line.box[1], line.box[3], i))
        for label in starts:
            last = label
            for below in lines[i + 1:]:
                more = next((c for c in below.chunks if wraps_under(last, c) and not is_number(c.text)), None)
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


def _best_cut(chain: list, anchors: list, is_number, aligns: tuple) -> list | None:
    """The cut of `chain` into (segment, home line) with every piece on a row and the most
    segments; None when there is none."""
    best: list[list | None] = [[]] + [None] * len(chain)  # best[n]: a cut of the first n pieces
    for end in range(1, len(chain) + 1):
        for start in range(end):
            before = best[start]
            if before is None:
                continue
            segment = chain[start:end]
            if len(segment) > 1 and not is_number("".join(c.text for _, c in segment)):
                continue
            home = _home(segment, anchors, aligns)
            if home is not None and (best[end] is None or len(before) + 1 > len(best[end])):
                best[end] = before + [(segment, home)]
    return best[-1]


def _home(segment: list, anchors: list, aligns: tuple) -> int | None:
    """The line of the row the segment sits on, aligned one of the ways `aligns` names:
    middles ("centre") or tops ("top") agree within TOLERANCE of a line."""
    top = segment[0][1].box[1]
    bottom = segment[-1][1].box[3]
    slack = TOLERANCE * max(c.box[3] - c.box[1] for _, c in segment)
    for a_top, a_bottom, line in anchors:
        if ("centre" in aligns and abs((top + bottom) / 2 - (a_top + a_bottom) / 2) <= slack
                or "top" in aligns and abs(top - a_top) <= slack):
            return line
    return None
