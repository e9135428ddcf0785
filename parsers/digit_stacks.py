"""Numbers wrapped a digit a line in a column too narrow for them, told from the single
values of rows one under another.

In an unruled table a number wider than its column wraps: 1746 prints as 1 / 7 / 4 / 6,
centred on its row or top-aligned with it (2，531 as 2 / ， / 5 / 3 / 1). Its neighbours
wrap too, so their digits interleave, and the next row's value may sit right under the last
digit (1 / 7 / 4 / 6 / 1). Pieces of one or two digits (or a separator), each touching the
next one under it in a column, form a *chain*. A chain is cut into segments, each one
number, so that every segment sits on a row:

- a row is shown by an *anchor*: a line with an item's label that starts a row (a
  numbering mark, or a label of the template read whole), with a number no digit piece
  touches above or below (a value that did not wrap), or with other words and two values
  (rows one a line); and an item's label with the lines it wraps onto. A group label
  (三、本年度办理结果 beside its items) shows no row;
- a segment sits on a row when its middle is the anchor's middle (centred) or its top the
  anchor's top (top-aligned), within a quarter of a line; and goes on the line of that
  row where most of its values stand unwrapped. One row, one number: two segments never
  sit on the lines of one wrapped label;
- of the cuts that put every piece on a row, the one with the most pieces on lines that
  hold other values wins (a group label's first line holds none), then the one with the
  most segments: the digits of rows one under another stay apart where each has a row.

No number is cut to start with 0. A chain no cut places is left unjoined and its glyphs
marked uncertain (`UNSURE`): which row a digit belongs to cannot be read, so its values
must not pass as read.

    join_digit_stacks(lines, words) -> lines
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

# a line's share of a number wrapped in a narrow column: 1， / 97 / 6, or 2 / ， / 5 / 3 / 1
PIECE = re.compile(r"^(?:\d{1,2}[,，]?|[,，])$")
UNSURE = 0.5  # the confidence of a digit whose row cannot be told: under LOW_CONFIDENCE
TOLERANCE = 0.25  # of a line's height: how far a segment's middle or top may sit from its row's


def wraps_under(upper, lower) -> bool:
    """`lower` stands under `upper` as the next line of one cell: overlapping it across, and no
    further down than a wrapped line of the same type. OCR's boxes hug the digits' ink, shorter
    than the em a text layer's boxes span: the gap between two lines' boxes grows by the difference."""
    if not min(lower.box[2], upper.box[2]) - max(lower.box[0], upper.box[0]) > 0:
        return False  # not overlapping across (most pairs tried): no need of the em
    height = upper.box[3] - upper.box[1]
    em = max(height, max(g.size for g in upper.glyphs))
    return lower.box[1] - upper.box[3] < 0.6 * em + (em - height)


class Words(NamedTuple):
    """What the caller knows about the words on the page."""

    is_number: Callable[[str], bool]
    is_value: Callable[[str], bool]  # a number or a placeholder printed instead (—, /, 无)
    starts_row: Callable[[str], bool]  # a row's label begins with these words (a numbering mark)
    reads_as_label: Callable[[str], bool]  # these words are a row label, or its beginning


def join_digit_stacks(lines: list, words: Words) -> list:
    """`lines` (objects with `.chunks`, `.box`; chunks with `.glyphs`, `.text`, `.box` and
    `.extend(glyphs)`, sorted top to bottom) with each wrapped number's pieces joined into its
    top piece, which moves to the line of its row. Returns the lines that still hold chunks."""
    chains = _chains(lines)
    if not chains:  # most tables: the rows need not be worked out
        return [x for x in lines if x.chunks]
    touching = _touching(lines, words.is_number)
    # before any moves: each line's values, and how many numbers on it no digit piece touches
    values_on = [{id(c) for c in line.chunks if words.is_value(c.text)} for line in lines]
    standing = [sum(words.is_number(c.text) and id(c) not in touching for c in line.chunks) for line in lines]
    anchors, row_of = _anchors(lines, values_on, standing, words)
    for chain in chains:
        cut = _best_cut(chain, anchors, row_of, values_on, standing, words.is_number)
        if cut is None:
            for _, piece in chain:
                # the same glyphs marked unsure: the piece's text and box stay
                piece.glyphs[:] = [replace(g, confidence=min(g.confidence, UNSURE)) for g in piece.glyphs]
            continue
        for segment, home in cut:
            if len(segment) == 1:
                continue
            (first_line, head), rest = segment[0], segment[1:]
            for i, piece in rest:
                head.extend(piece.glyphs)
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


def _touching(lines: list, is_number) -> set[int]:
    """ids of the numbers a digit piece touches from above or below, and of those pieces."""
    touching: set[int] = set()
    piece = [[bool(PIECE.match(c.text)) for c in line.chunks] for line in lines]  # each chunk read once
    number = [[is_number(c.text) for c in line.chunks] for line in lines]
    for i, line in enumerate(lines):
        for c, c_piece, c_number in zip(line.chunks, piece[i], number[i], strict=True):
            for k in range(i + 1, min(i + 3, len(lines))):
                for d, d_piece, d_number in zip(lines[k].chunks, piece[k], number[k], strict=True):
                    if (c_piece and (d_number or d_piece) or d_piece and c_number) and wraps_under(c, d):
                        touching |= {id(c), id(d)}
    return touching


def _anchors(lines: list, values_on: list[set[int]], standing: list[int], words: Words) -> tuple[list, list[int]]:
    """Where rows are seen, as (top, bottom, line): a line with an item's label that starts a
    row, with a number no digit piece touches above or below (a value that did not wrap), or
    with other words and two values or more (rows one a line, labels the template does not
    know); then each item's label with the lines it wraps onto (a stack centred on a wrapped
    label sits on the block's middle), placed on the label's first line. And `row_of`: for
    each line, the line its row's label starts on.

    A group label (三、本年度办理结果, （三）不予公开) starts no row of values: the items to its
    right, on its lines, do. Its words show no row either."""
    is_value = words.is_value
    starts = [[c for c in line.chunks if not is_value(c.text) and words.starts_row(c.text)] for line in lines]
    items, group = [[] for _ in lines], set()
    for i, line_starts in enumerate(starts):
        for label in line_starts:
            spread = _block(lines, i, label, words, read=False)
            if any(o.box[0] >= label.box[2] - 1 for k, _ in spread for o in starts[k]):
                group |= {id(c) for _, c in spread}
            else:
                items[i].append(_block(lines, i, label, words)[-1][0])  # the label's last line
    anchors, blocks = [], []
    row_of = list(range(len(lines)))
    for i, line in enumerate(lines):
        others = [c for c in line.chunks if id(c) not in values_on[i] and id(c) not in group]
        if items[i] or standing[i] or (others and len(values_on[i]) >= 2):
            # where its values stand: a group label's character set higher (办) stretches the line
            values = [c.box for c in line.chunks if id(c) in values_on[i]] or [line.box]
            anchors.append((min(b[1] for b in values), max(b[3] for b in values), i))
        for last in items[i]:
            if last > i:
                blocks.append((line.box[1], lines[last].box[3], i))
            for k in range(i + 1, last + 1):
                row_of[k] = min(row_of[k], i)
    # a line that holds the row's values is its home before a label block's first line
    return anchors + blocks, row_of


def _block(lines: list, i: int, label, words: Words, read: bool = True) -> list[tuple[int, object]]:
    """The label starting on line `i` as (line, chunk), with the lines it wraps onto, each
    under the one before and starting no row; with `read`, only onto lines where no other
    row's label starts, the words together still a label of the template."""
    block, text = [(i, label)], label.text
    while True:  # on one of the next two lines: values half a line lower make lines between
        end, last = block[-1]
        more = next(((k, c) for k in range(end + 1, min(end + 3, len(lines))) for c in lines[k].chunks
                     if wraps_under(last, c) and not words.is_value(c.text)), None)
        if more is None or words.starts_row(more[1].text):
            return block
        if read and (any(words.starts_row(c.text) for c in lines[more[0]].chunks if not words.is_value(c.text))
                     or not words.reads_as_label(text + more[1].text)):
            return block
        block.append(more)
        text += more[1].text


def _chains(lines: list) -> list[list[tuple[int, object]]]:
    """Each column's runs of two or more digit pieces, one under the next, top to bottom."""
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
                chains.append(chain)
    return chains


def _best_cut(chain: list, anchors: list, row_of: list[int], values_on: list[set[int]], standing: list[int],
              is_number) -> list | None:
    """The cut of `chain` into (segment, home line) with every piece on a row, one number a
    row; None when there is none. Of several, the one with the most pieces on lines that
    hold other values (a group label's first line holds none), then the most segments."""
    pieces = {id(c) for _, c in chain}
    # best[n]: {row of the last segment: ((pieces on lines of other values, segments), cut)}
    # for the first n pieces
    best: list[dict] = [{None: ((0, 0), [])}] + [{} for _ in chain]
    for end in range(1, len(chain) + 1):
        for start in range(end):
            segment = chain[start:end]
            joined = "".join(c.text for _, c in segment)
            if not best[start] or not is_number(joined) or (len(segment) > 1 and joined.startswith("0")):
                continue  # no number is printed with a leading 0
            homes = _homes(segment, anchors)
            if not homes:
                continue
            # the row's line is the one most of its values stand on, unwrapped
            home = max(homes, key=lambda h: (standing[h], bool(values_on[h] - pieces)))
            for last_row, ((on_values, count), cut) in best[start].items():
                if row_of[home] == last_row:
                    continue  # two numbers in one cell: one label's block holds one row
                score = (on_values + len(segment) * bool(values_on[home] - pieces), count + 1)
                kept = best[end].get(row_of[home])
                if kept is None or score > kept[0]:
                    best[end][row_of[home]] = (score, cut + [(segment, home)])
    return max(best[-1].values(), key=lambda kept: kept[0])[1] if best[-1] else None


def _homes(segment: list, anchors: list) -> list[int]:
    """The lines of the rows the segment may sit on: middles (centred) or tops (top-aligned)
    agree within TOLERANCE of a line."""
    top = segment[0][1].box[1]
    bottom = segment[-1][1].box[3]
    slack = TOLERANCE * max(c.box[3] - c.box[1] for _, c in segment)
    return [line for a_top, a_bottom, line in anchors
            if abs((top + bottom) / 2 - (a_top + a_bottom) / 2) <= slack or abs(top - a_top) <= slack]
