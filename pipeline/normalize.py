"""Printed labels -> canonical ids.

A label is cleaned (NFKC, spaces dropped, punctuation and numbering styles
unified) and then matched against the official labels of pipeline.schema,
with the row's group as context: the "1." under （四） is not the "1." under
（五）. Fuzzy matching (rapidfuzz) absorbs the typos real reports carry; a
label that matches nothing well enough gets no id rather than a forced one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from parsers.layout import fold
from pipeline import schema

_PUNCT = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "．": ".", "。": ".",
                        "＂": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "／": "/", "、": "、"})
_CN_NUM = "一二三四五六七八九十"
# Numbering at the start of a label: 一、 (一) 1. 1、 (1) 1）
_NUMBERING = re.compile(
    rf"^(?:(?P<section>[{_CN_NUM}]+)[、.]|\((?P<group>[{_CN_NUM}]+)\)|"
    r"\(?(?P<item>\d{1,2})(?:[.、)]|\.(?!\d)))"
)
MIN_SCORE = 80  # below this a label is left unmatched


_WORDS = re.compile(r"[\w\u4e00-\u9fff]")
# 一 as a numbering, read by OCR as the dash it looks like: —、 and (—)
_DASH_NUMERAL = re.compile(r"(^|\()[—–－─-](、|\))")
# 一 between two characters of a label, read as a dash (安全—稳定): no label holds a dash there
_DASH_IN_WORDS = re.compile(r"(?<=[\u4e00-\u9fff])[—–－─-](?=[\u4e00-\u9fff])")


@lru_cache(maxsize=65536)  # labels and header words repeat on every page of every report
def clean(text: str) -> str:
    """One canonical spelling: NFKC, no whitespace, unified punctuation."""
    text = re.sub(r"\s+", "", fold(text).translate(_PUNCT))
    return _DASH_IN_WORDS.sub("一", _DASH_NUMERAL.sub(r"\g<1>一\2", text))


@dataclass(frozen=True)
class Numbered:
    kind: str | None  # section (一、), group ((一)), item (1.) or None
    number: str | None
    core: str  # the label without its numbering


@lru_cache(maxsize=65536)
def split_numbering(label: str) -> Numbered:
    text = clean(label)
    m = _NUMBERING.match(text)
    for stray in range(1, 3):
        if m:
            break
        # a character or two of a vertical group label (三, 、, 年) run into the item's numbering
        m = _NUMBERING.match(text[stray:])
        if m and m.group("item"):
            text = text[stray:]
        else:
            m = None
    if not m:
        return Numbered(None, None, text)
    kind = next(k for k in ("section", "group", "item") if m.group(k))
    return Numbered(kind, m.group(kind), text[m.end():])


_NOTES = re.compile(r"\([^)]*\)?")


@lru_cache(maxsize=65536)
def _without_notes(text: str) -> str:
    return _NOTES.sub("", text)


ONE_MISREAD = 85.0  # the score of a label of four or more characters with one of them misread


@lru_cache(maxsize=65536)
def similarity(printed: str, official: str) -> float:
    """0-100; notes in brackets are ignored when that helps (规章(设区的市…应提供相关数据)).
    A label of four characters or more with exactly one misread (不予公开 read 六予公开 on a
    scan) scores ONE_MISREAD, which a ratio of 75 would not reach: no two labels of the
    template are one character apart (tests/test_normalize.py checks it)."""
    if not printed or not official:
        return 0.0
    score = fuzz.ratio(printed, official)
    bare_printed, bare_official = _without_notes(printed), _without_notes(official)
    if bare_printed and bare_official:
        score = max(score, fuzz.ratio(bare_printed, bare_official))
    if len(printed) >= 4 and _one_apart(printed, official):
        score = max(score, ONE_MISREAD)
    return score


def _one_apart(printed: str, official: str) -> bool:
    """As long as each other, with exactly one character different (one misread)."""
    return len(printed) == len(official) and sum(a != b for a, b in zip(printed, official, strict=True)) == 1


def best_similarity(printed: str, officials: tuple[str, ...]) -> float:
    """max(similarity(printed, o) for o in officials) (officials non-empty), the ratios taken in
    rapidfuzz's own loop (process.extractOne) rather than one Python call a label."""
    if not printed:
        return 0.0
    score = process.extractOne(printed, officials, scorer=fuzz.ratio)[1]
    bare, bare_officials = _without_notes(printed), _bare(officials)
    if bare and bare_officials:
        score = max(score, process.extractOne(bare, bare_officials, scorer=fuzz.ratio)[1])
    if len(printed) >= 4 and any(_one_apart(printed, o) for o in officials):
        score = max(score, ONE_MISREAD)
    return score


@lru_cache(maxsize=64)
def _bare(officials: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(b for b in map(_without_notes, officials) if b)


# --- table 三 rows --------------------------------------------------------------

@dataclass(frozen=True)
class RowMatch:
    row: str | None
    group: str | None  # the group the row belongs to (context for the next rows)
    score: float


@lru_cache(maxsize=1)
def _request_candidates():
    """(row id, group id, numbering, core) for every row, group subtotals included."""
    out = []
    for row in schema.REQUEST_ROWS:
        n = split_numbering(row.label)
        out.append((row.id, row.group, n.number, n.core))
    for group in schema.GROUPS.values():
        if group.total_row:
            n = split_numbering(group.label)
            out.append((group.total_row, group.id, n.number, n.core))
    return out


def _group_in(parts: list[str]) -> str | None:
    """The sub-group a row's merged label cells name: （三）不予公开 -> denied."""
    found = None
    for part in parts:
        core = split_numbering(part).core
        for group in schema.GROUPS.values():
            if group.id != "results" and similarity(core, split_numbering(group.label).core) >= 85:
                found = group.id
    return found


_INNER_MARK = re.compile(
    r"(?<=.)(?=[(（][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.、](?!\d)|[一二三四五六七八九十]+、)"
)


def _split_at_numbering(parts: list[str]) -> list[str]:
    """A label cell that holds its group's words too (三、本年度办理结果（三）不予公开7、属于…,
    where a scan lost the rule between them) is split where each numbering starts."""
    return [piece for part in parts for piece in _INNER_MARK.split(part) if piece]


def _two_rows(parts: list[str]) -> bool:
    """Two numberings of one level among a row's label pieces ((一) and (二), 1. and 2.): the
    labels of two rows, run together."""
    seen: dict[str, str] = {}
    for part in parts:
        n = split_numbering(part)
        if n.kind in ("group", "item"):
            if seen.setdefault(n.kind, n.number) != n.number:
                return True
    return False


def match_request_row(parts: list[str], context_group: str | None = None) -> RowMatch:
    """See `_match_request_row` (memoised: a template's row labels repeat in every report)."""
    return _match_request_row(tuple(parts), context_group)


@lru_cache(maxsize=16384)
def _match_request_row(parts: tuple[str, ...], context_group: str | None) -> RowMatch:
    """Match a row of table 三 from its label cells, left to right.

    `parts` are the texts of the merged label cells covering the row (e.g.
    ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]); `context_group`
    is the group of the row above, for rows whose group label was cut off by
    a page break. The row's own label is the last part, or another reading of
    the parts (`_readings`) where that matches nothing.
    """
    # a part that is only marks (” -, a scan's stray quote or dash) says nothing
    parts = _split_at_numbering([p for p in map(clean, parts) if _WORDS.search(p)])
    if not parts:
        return RowMatch(None, context_group, 0.0)
    if _two_rows(parts):
        # the labels of two rows read as one ((一)予以公开 beside (二)部分公开): which row the
        # values belong to cannot be told, so neither gets them
        return RowMatch(None, _group_in(parts) or context_group, 0.0)
    first = None
    for group_parts, own in _readings(parts):
        match = _match_own(group_parts, own, context_group)
        if match.row is not None:
            return match
        if first is None:
            first = match  # no reading matched: the plain one says why (its group, its score)
    return first


def _readings(parts: list[str]):
    """(group's parts, the row's own label) to try in turn: the last part; the last two, a
    wrapped label in two pieces; the last part without the end of the row above's note run
    into it (…不计其他情形）); the longest part, where an unruled label's pieces came out of
    order (a character of the group's vertical label after the item's words); and before the
    last two, the last three or more short pieces: a spread label OCR read in pieces ((三)不 |
    予公 | 开 after the group label's 本), whose last two alone read as another row (予公开),
    or pieces after an item's numbering alone ((3) | 危及 | “三 | 安全—稳定”); last of all
    but the longest part, an item's numbered part with one later part (1、属于国家 | 形 ) | 秘 密).
    An item's label before its group's ((5.属于三类内部事务信息 | (三)不予公开), the group's
    cell read on the item's line) is the row's own, never the group's total."""
    if len(parts) >= 2 and split_numbering(parts[-1]).kind == "group" and split_numbering(parts[-2]).kind == "item":
        yield parts[:-2] + parts[-1:], parts[-2]
    yield parts[:-1], parts[-1]
    for k in range(3, len(parts) + 1):
        # a label spread over its cell that OCR read in short pieces ((三)不 | 予公 | 开 after
        # the group label's 本; 信访 | 举报 | 投诉类申请 after (五)): the last three or more
        if any(len(p) > 5 for p in parts[-k:]):
            break
        yield parts[:-k], "".join(parts[-k:])
    numbered = [split_numbering(p) for p in parts]
    if len(parts) >= 3 and numbered[0].kind == "item" and not numbered[0].core and all(
            n.kind is None for n in numbered[1:]):
        # an item's label spread over its cell read in pieces, its numbering alone first
        # ((3) | 危及 | “三 | 安全—稳定”)
        yield [], "".join(parts)
    if len(parts) >= 2:
        yield parts[:-2], parts[-2] + parts[-1]
    after_note = parts[-1].rpartition(")")[2]
    if len(after_note) >= 2 and after_note != parts[-1]:
        yield parts[:-1], after_note
    items = [i for i, n in enumerate(numbered) if n.kind == "item"]
    if len(items) == 1:
        # an item's label wrapped, a stray piece of the row above's between its two lines
        # (1、属于国家 | 形 ) | 秘 密): the item's numbered part with one later part
        i = items[0]
        for j in range(i + 1, len(parts)):
            yield parts[:i] + [p for k, p in enumerate(parts) if k > i and k != j], parts[i] + parts[j]
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    # a group's label before the row's own is where it belongs
    if longest != len(parts) - 1 and split_numbering(parts[longest]).kind not in ("group", "section"):
        yield parts[:longest] + parts[longest + 1:], parts[longest]


def _match_own(group_parts: list[str], own_text: str, context_group: str | None) -> RowMatch:
    own = split_numbering(own_text)
    group = _group_in(group_parts)
    best = RowMatch(None, group or context_group, 0.0)
    if own.core in ("小计", "合计") and (group or context_group):
        g = schema.GROUPS[group or context_group]
        return RowMatch(g.total_row, g.id, 100.0)
    for row_id, row_group, number, core in _request_candidates():
        score = similarity(own.core, core)
        if row_group in schema.GROUPS and row_group != "results" and row_id not in schema.GROUP_TOTAL_ROWS:
            # an item row: its group must agree with the printed or carried group
            in_group = group or context_group
            if in_group not in (None, "results") and in_group != row_group:
                score -= 15
            if own.number and number and own.number != number:
                score -= 10
        elif row_id in schema.GROUP_TOTAL_ROWS and group is None and group_parts:
            score -= 5
        if score > best.score:
            best = RowMatch(row_id, row_group, score)
    if best.score < MIN_SCORE:
        by_number = _by_numbering(own, group or context_group)
        if by_number is not None:
            return by_number
        return RowMatch(None, group or context_group, best.score)
    return best


NUMBERED_FLOOR = 40  # the words must still look somewhat like the row the numbering names


def _by_numbering(own: Numbered, group: str | None) -> RowMatch | None:
    """A label too garbled to match (a poor scan: 1.1于国家必密) is still placed when its
    numbering names one row of the template — item 1 under （三）不予公开, or （七） — and
    its words are not unlike that row's."""
    if own.number is None:
        return None
    if own.kind == "item":
        if group in (None, "results"):
            return None
        wanted = [c for c in _request_candidates() if c[1] == group and c[2] == own.number
                  and c[0] not in schema.GROUP_TOTAL_ROWS]
    else:  # （七）总计 or 四、结转下年度继续办理: one row of the whole table has that number
        wanted = [c for c in _request_candidates() if c[2] == own.number and c[0] not in schema.GROUP_TOTAL_ROWS
                  and split_numbering(c[3]).kind is None and _numbering_kind(c) == own.kind]
    if len(wanted) != 1:
        return None
    row_id, row_group, _, core = wanted[0]
    score = similarity(own.core, core)
    return RowMatch(row_id, row_group, score) if score >= NUMBERED_FLOOR else None


def _numbering_kind(candidate) -> str | None:
    row_id = candidate[0]
    label = next(r.label for r in schema.REQUEST_ROWS if r.id == row_id)
    return split_numbering(label).kind


@lru_cache(maxsize=1)
def _all_label_cores() -> tuple[str, ...]:
    cores = [core for _, _, _, core in _request_candidates()]
    cores += [clean(label) for sub in schema.ACTIVE_SUBTABLES for row in sub.rows for label in row.labels]
    return tuple(dict.fromkeys(c for c in cores if c))


@lru_cache(maxsize=4096)
def label_fit(text: str, partial: bool = False) -> float:
    """0-100: how much a run of words reads like one row label of the template.
    `partial`: the words may be only part of a label (a page break cut it)."""
    core = split_numbering(text).core
    if not core:
        return 0.0
    officials = _all_label_cores()
    if partial:  # the words inside a label, not a label inside the words
        longer, shorter = _by_length(officials, len(core))
        return max(process.extractOne(core, longer, scorer=fuzz.partial_ratio)[1] if longer else 0.0,
                   best_similarity(core, shorter) if shorter else 0.0)
    return best_similarity(core, officials)


@lru_cache(maxsize=256)
def _by_length(officials: tuple[str, ...], length: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The labels at least `length` characters long, and the shorter ones."""
    return tuple(o for o in officials if length <= len(o)), tuple(o for o in officials if length > len(o))


# --- table 二 rows and columns, table 三 and 四 columns ------------------------------

@lru_cache(maxsize=16384)
def match_active_row(label: str) -> str | None:
    core = split_numbering(label).core
    best, best_score = None, 0.0
    for sub in schema.ACTIVE_SUBTABLES:
        for row in sub.rows:
            for official in row.labels:
                score = similarity(core, clean(official))
                if score > best_score:
                    best, best_score = row.id, score
    return best if best_score >= MIN_SCORE else None


@dataclass(frozen=True)
class HeaderMatch:
    table: str
    kind: str  # column, row (a review row named in the header), title (a header that names no value)
    id: str | None
    template: str | None = None


@lru_cache(maxsize=1)
def _header_vocabulary() -> list[tuple[str, HeaderMatch]]:
    vocab: list[tuple[str, HeaderMatch]] = []
    for sub in schema.ACTIVE_SUBTABLES:
        for template, columns in sub.columns.items():
            for col in columns:
                vocab.append((clean(col.label), HeaderMatch("active", "column", col.id, template)))
    vocab.append((clean("信息内容"), HeaderMatch("active", "title", None)))
    for col in schema.REQUEST_COLUMNS + (schema.ORG_SUBTOTAL,):
        vocab.append((clean(col.label), HeaderMatch("requests", "column", col.id)))
    for text in ("申请人情况", "法人或其他组织"):
        vocab.append((text, HeaderMatch("requests", "title", None)))
    for col in schema.REVIEW_COLUMNS:
        vocab.append((clean(col.label), HeaderMatch("review_litigation", "column", col.id)))
    for row in schema.REVIEW_ROWS:
        vocab.append((clean(row.label), HeaderMatch("review_litigation", "row", row.id)))
    vocab.append(("行政诉讼", HeaderMatch("review_litigation", "title", None)))
    return vocab


def match_header(text: str) -> tuple[HeaderMatch, ...]:
    """Every reading of a header cell, best first (总计 is a column of 三 and of 四)."""
    printed = clean(text)
    # 末 is OCR's usual misreading of 未 (尚未审结); no header of the template has 末
    return _match_header(printed) or _match_header(printed.replace("末", "未"))


@lru_cache(maxsize=8192)  # the same header words come back on every page and every report
def _match_header(printed: str) -> tuple[HeaderMatch, ...]:
    if not printed:
        return ()
    scored = []
    for official, match in _header_vocabulary():
        if len(official) <= 3:
            score = 100.0 if printed == official else 0.0  # short labels: exact only (其他, 总计)
        elif len(printed) == 4 and _one_apart(printed, official):
            score = float(MIN_SCORE)  # one character misread (尚末审结): the ratio says 75
        else:
            score = similarity(printed, official)
        if score >= MIN_SCORE:
            scored.append((score, match))
    top = max((s for s, _ in scored), default=0)
    return tuple(m for s, m in scored if s == top)


_ACTIVE_ITEM = re.compile(r"第二十条第\(([一二三四五六七八九十]+)\)项")


@lru_cache(maxsize=16384)
def active_item(text: str) -> str | None:
    """第二十条第（五）项 -> 五: the sub-table a row of table 二 opens."""
    m = _ACTIVE_ITEM.search(clean(text))
    return m.group(1) if m else None
