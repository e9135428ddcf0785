"""The report's prose against its tables: figures the text states, compared with the cells.

Reports say many of their tables' figures in words too (本年共收到政府信息公开申请52件，其中
予以公开34件…; 行政复议1件). The prose is segmented with jieba, the template's terms loaded
as a user dictionary so that 予以公开 or 上年结转 is one word; a number followed by 件 is
attributed to the term that opens its clause, in a sentence about applications (申请)
and about nothing else a report also counts (人大代表建议, 政协提案, 信访, 主动公开文件 …),
not comparing years and not counting a part (本级, one channel or office: PART_OR_OTHER_YEAR).
A statement that cannot be attributed with certainty is skipped, never forced.

    text_checks(sections, cells) -> [Check(check="text.<table>.<subject>", …, evidence=sentence)]
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.checks import Check

# term that opens a clause -> (what the check is called, table, the rows whose 总计 column sums
# to the stated figure)
SUBJECTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "收到": ("new_requests", "requests", ("new_requests",)),
    "受理": ("new_requests", "requests", ("new_requests",)),
    "新收": ("new_requests", "requests", ("new_requests",)),
    "接收": ("new_requests", "requests", ("new_requests",)),
    "上年结转": ("carried_over", "requests", ("carried_over",)),
    "予以公开": ("granted", "requests", ("granted",)),
    "部分公开": ("partially_granted", "requests", ("partially_granted",)),
    "不予公开": ("denied", "requests", ("denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
                          "denied_third_party", "denied_internal_affairs", "denied_process_info",
                                     "denied_enforcement_files", "denied_inquiry")),
    "无法提供": ("unavailable", "requests", ("unavailable_not_held", "unavailable_needs_creation",
                                         "unavailable_unclear")),
    "不予处理": ("unprocessed", "requests", ("unprocessed_petition", "unprocessed_duplicate",
                                         "unprocessed_publication", "unprocessed_repetitive",
                                         "unprocessed_reconfirm")),
    "办理": ("total_handled", "requests", ("total_handled",)),
    "结转下年度": ("carried_forward", "requests", ("carried_forward",)),
    "结转下年度继续办理": ("carried_forward", "requests", ("carried_forward",)),
    "行政复议": ("review", "review_litigation", ("review",)),
    "行政诉讼": ("suits", "review_litigation", ("suit_direct", "suit_after_review")),
}
# what else a report counts in 件. These qualify a whole sentence (人大代表建议、政协提案…公开18件，
# 依申请公开件169件 counts proposals): a sentence naming one is skipped.
OTHER_SUBJECTS = ("建议", "提案", "信访", "留言", "咨询", "来信", "热线", "诉求", "舆情")
# These open a clause of their own (主动公开文件286份，办理依申请公开件52件): that clause is skipped.
OTHER_CLAUSES = ("主动公开", "政务公开", "文件", "回复", "检查", "整改", "培训", "会议", "微博", "微信")
# A sentence that compares with another year, or counts part of the agency's requests (its own
# level, one channel, one office, another area's): its figures are not the table's 总计.
# 区政府办代表区政府受理申请17件 (洪泽 2024, table 95); 通过12345转办的申请5件; 与上年相比.
PART_OR_OTHER_YEAR = ("同比", "相比", "比上年", "较上年", "较去年", "去年", "增长", "下降", "减少", "增加", "持平",
                      "本级", "全区", "全市", "全县", "全省", "各部门", "各单位", "各乡镇", "转办", "代表", "12345",
                      "通过", "网上", "当面", "信函", "传真", "邮件", "平台")
_YEAR = re.compile(r"(\d{4})\s*年")
_SENTENCES = re.compile(r"[。；;！？\n]")
_CLAUSES = re.compile(r"[，,、：:]")


@lru_cache(maxsize=1)
def _segmenter():
    """jieba with the template's terms as words of its dictionary (loaded once per process)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for term in (*SUBJECTS, "依申请公开", "政府信息公开申请", "申请"):
        jieba.add_word(term, freq=2_000_000)
    return jieba


def warm() -> None:
    """Load jieba's dictionary now (about a second), not during a report's time limit."""
    _segmenter().initialize()


def statements(text: str) -> list[tuple[str, int, str]]:
    """(subject term, figure, sentence) of each figure in 件 the text attributes with certainty."""
    jieba = _segmenter()
    out = []
    for sentence in (s.strip() for s in _SENTENCES.split(text)):
        if "申请" not in sentence and not re.search("行政复议|行政诉讼", sentence):
            continue
        if any(word in sentence for word in PART_OR_OTHER_YEAR) or len(set(_YEAR.findall(sentence))) > 1:
            continue  # 2023年收到52件，2022年收到40件; 本级收到10件: not this year's whole
        if "件" not in sentence or not any(ch.isdigit() for ch in sentence):
            continue  # no figure in 件 to attribute (`_clause`): not worth segmenting
        words = jieba.lcut(sentence)
        if _names(words, OTHER_SUBJECTS):
            continue  # 人大代表建议 18 件: counts the tables do not hold
        for clause in _clauses(words):
            found = None if _names(clause, OTHER_CLAUSES) else _clause(clause)
            if found is not None:
                out.append((*found, sentence))
    return out


def _clauses(words: list[str]) -> list[list[str]]:
    """A segmented sentence cut at its clause marks (jieba gives each mark as a word of its own
    and segments the text between marks alone, so this is the clauses segmented one by one)."""
    out: list[list[str]] = [[]]
    for word in words:
        if _CLAUSES.fullmatch(word):
            out.append([])
        else:
            out[-1].append(word)
    return out


def _names(words: list[str], terms: tuple[str, ...]) -> bool:
    """Whether a word holds one of the terms (one search a word, not one a word and term)."""
    any_term = _any_of(terms)
    return any(any_term.search(word) for word in words)


@lru_cache(maxsize=8)
def _any_of(terms: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, terms)))


def _clause(words: list[str]) -> tuple[str, int] | None:
    """The clause's subject and figure: one subject term, then one number followed by 件."""
    terms = [w for w in words if w in SUBJECTS]
    figures = [int(w) for w, unit in zip(words, words[1:], strict=False) if w.isdigit() and unit == "件"]
    if len(terms) != 1 or len(figures) != 1:
        return None  # two subjects, two figures, or none: not certain
    term = terms[0]
    if words.index(term) > next(i for i, w in enumerate(words) if w.isdigit() and w == str(figures[0])):
        return None  # the figure comes before its subject
    if "不" in words[:words.index(term)] or "未" in words[:words.index(term)]:
        return None  # 未收到…: said of what did not happen
    return term, figures[0]


def text_checks(sections, cells) -> list[Check]:
    """One check per statement of the prose: its figure (expected) against the sum of the
    cells it names (actual); not_assessable where a cell is missing or a placeholder; a
    subject stated twice with two figures is checked once per figure."""
    values = {(c.table, c.row, c.col): c.value for c in cells if c.row is not None}
    out, seen = [], set()
    for section in sections:
        for term, figure, sentence in statements(section.text):
            subject, table, rows = SUBJECTS[term]
            check_id = f"text.{table}.{subject}"
            if (check_id, figure) in seen:
                continue
            seen.add((check_id, figure))
            parts = [values.get((table, row, "total")) for row in rows]
            if any(v is None for v in parts):
                out.append(Check(check_id, float(figure), None, "not_assessable", sentence))
                continue
            actual = float(sum(parts))
            out.append(Check(check_id, float(figure), actual, "pass" if abs(actual - figure) < 0.005 else "fail",
                             sentence))
    return out
