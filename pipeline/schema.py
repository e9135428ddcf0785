"""The canonical schema of the annual report tables: the one place in code.

Every id here is the public contract of the Parquet output (see
../shared/spec/SCHEMA.md). Labels are the official template wording; the
normalizer matches printed labels against them, the generator prints them,
the checks read the identities from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

TEMPLATES = ("2019", "2021")
TABLES = ("active", "requests", "review_litigation")

SECTION_TITLES = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
SECTION_NUMERALS = "一二三四五六"


# --- table `active` (二、主动公开政府信息情况) --------------------------------

@dataclass(frozen=True)
class Column:
    id: str
    label: str


@dataclass(frozen=True)
class ActiveRow:
    id: str
    labels: tuple[str, ...]  # accepted printed forms, most official first
    versions: tuple[str, ...] = TEMPLATES


@dataclass(frozen=True)
class ActiveSubTable:
    item: str  # 第二十条第（X）项
    rows: tuple[ActiveRow, ...]
    columns: dict[str, tuple[Column, ...]] = field(hash=False)  # template -> columns


_PREV_CHANGE_DECISIONS = (
    Column("prev_items", "上一年项目数量"),
    Column("change", "本年增/减"),
    Column("decisions", "处理决定数量"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)

ACTIVE_SUBTABLES: tuple[ActiveSubTable, ...] = (
    ActiveSubTable(
        "第二十条第（一）项",
        (
            ActiveRow("rules", ("规章",)),
            ActiveRow("normative_documents", ("行政规范性文件", "规范性文件")),
        ),
        {
            "2019": (
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_published", "对外公开总数量"),
            ),
            "2021": (
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("in_force", "现行有效件数"),
            ),
        },
    ),
    ActiveSubTable(
        "第二十条第（五）项",
        (
            ActiveRow("licensing", ("行政许可",)),
            ActiveRow("other_services", ("其他对外管理服务事项",), ("2019",)),
        ),
        {"2019": _PREV_CHANGE_DECISIONS, "2021": _DECISIONS_2021},
    ),
    ActiveSubTable(
        "第二十条第（六）项",
        (ActiveRow("penalty", ("行政处罚",)), ActiveRow("coercion", ("行政强制",))),
        {"2019": _PREV_CHANGE_DECISIONS, "2021": _DECISIONS_2021},
    ),
    ActiveSubTable(
        "第二十条第（八）项",
        (ActiveRow("fees", ("行政事业性收费",)),),
        {
            "2019": (Column("prev_items", "上一年项目数量"), Column("change", "本年增/减")),
            "2021": (Column("fee_amount", "本年收费金额（单位：万元）"),),
        },
    ),
    ActiveSubTable(
        "第二十条第（九）项",
        (ActiveRow("procurement", ("政府集中采购",), ("2019",)),),
        {
            "2019": (
                Column("procurement_items", "采购项目数量"),
                Column("procurement_amount", "采购总金额"),
            ),
            "2021": (),
        },
    ),
)

# Columns whose values are amounts in 万元 (decimals; a unit in the cell converts).
AMOUNT_COLUMNS = frozenset({"fee_amount", "procurement_amount"})
# Columns whose values carry a sign.
SIGNED_COLUMNS = frozenset({"change"})


def active_columns(template: str) -> dict[str, str]:
    """Column label -> id over every sub-table of one template version."""
    return {c.label: c.id for s in ACTIVE_SUBTABLES for c in s.columns[template]}


# --- table `requests` (三、收到和处理政府信息公开申请情况) ----------------------

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_services", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
ORG_SUBTOTAL = Column("org_subtotal", "小计")
APPLICANT_COLUMNS = tuple(c.id for c in REQUEST_COLUMNS if c.id != "total")
ORG_COLUMNS = APPLICANT_COLUMNS[1:]


@dataclass(frozen=True)
class Group:
    id: str
    label: str  # e.g. （三）不予公开
    total_row: str | None  # the row id of a printed subtotal of this group


GROUPS: dict[str, Group] = {
    g.id: g
    for g in (
        Group("results", "三、本年度办理结果", None),
        Group("denied", "（三）不予公开", "denied_total"),
        Group("unavailable", "（四）无法提供", "unavailable_total"),
        Group("unprocessed", "（五）不予处理", "unprocessed_total"),
        Group("other", "（六）其他处理", "other_total"),
    )
}


@dataclass(frozen=True)
class RequestRow:
    id: str
    label: str  # the row's own label, without its group's
    group: str | None  # GROUPS key; results rows under （三）…（六） name their sub-group
    versions: tuple[str, ...] = TEMPLATES


REQUEST_ROWS: tuple[RequestRow, ...] = (
    RequestRow("new_requests", "一、本年新收政府信息公开申请数量", None),
    RequestRow("carried_over", "二、上年结转政府信息公开申请数量", None),
    RequestRow("granted", "（一）予以公开", "results"),
    RequestRow("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "results"),
    RequestRow("denied_state_secret", "1.属于国家秘密", "denied"),
    RequestRow("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "denied"),
    RequestRow("denied_security_stability", "3.危及“三安全一稳定”", "denied"),
    RequestRow("denied_third_party", "4.保护第三方合法权益", "denied"),
    RequestRow("denied_internal_affairs", "5.属于三类内部事务信息", "denied"),
    RequestRow("denied_process_info", "6.属于四类过程性信息", "denied"),
    RequestRow("denied_enforcement_files", "7.属于行政执法案卷", "denied"),
    RequestRow("denied_inquiry", "8.属于行政查询事项", "denied"),
    RequestRow("unavailable_not_held", "1.本机关不掌握相关政府信息", "unavailable"),
    RequestRow("unavailable_needs_creation", "2.没有现成信息需要另行制作", "unavailable"),
    RequestRow("unavailable_unclear", "3.补正后申请内容仍不明确", "unavailable"),
    RequestRow("unprocessed_petition", "1.信访举报投诉类申请", "unprocessed"),
    RequestRow("unprocessed_duplicate", "2.重复申请", "unprocessed"),
    RequestRow("unprocessed_publication", "3.要求提供公开出版物", "unprocessed"),
    RequestRow("unprocessed_repetitive", "4.无正当理由大量反复申请", "unprocessed"),
    RequestRow("unprocessed_reconfirm", "5.要求行政机关确认或重新出具已获取信息", "unprocessed"),
    # （六）其他处理 as one row: the 2019 form, kept by some 2021-era reports
    RequestRow("other_handling", "（六）其他处理", "results"),
    RequestRow(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other",
        ("2021",),
    ),
    RequestRow(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other",
        ("2021",),
    ),
    RequestRow("other_other", "3.其他", "other", ("2021",)),
    RequestRow("total_handled", "（七）总计", "results"),
    RequestRow("carried_forward", "四、结转下年度继续办理", None),
)
REQUEST_ROW_IDS = tuple(r.id for r in REQUEST_ROWS)
GROUP_TOTAL_ROWS = {g.total_row: g.id for g in GROUPS.values() if g.total_row}

# Rows that add up to total_handled (a printed group subtotal is not one of them).
RESULT_ROWS = tuple(
    r.id for r in REQUEST_ROWS if r.group is not None and r.id != "total_handled"
)
# （六）其他处理 comes as one row (2019 form) or as three (2021 form); the rest is common.
OTHER_FORMS = {"2019": ("other_handling",), "2021": tuple(r.id for r in REQUEST_ROWS if r.group == "other")}
COMMON_RESULT_ROWS = tuple(r for r in RESULT_ROWS if r not in OTHER_FORMS["2019"] + OTHER_FORMS["2021"])


def group_items(group: str) -> tuple[str, ...]:
    return tuple(r.id for r in REQUEST_ROWS if r.group == group)


# --- table `review_litigation` (四、行政复议、行政诉讼情况) ----------------------

REVIEW_ROWS: tuple[Column, ...] = (
    Column("review", "行政复议"),
    Column("suit_direct", "未经复议直接起诉"),
    Column("suit_after_review", "复议后起诉"),
)
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other_result", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_PARTS = tuple(c.id for c in REVIEW_COLUMNS if c.id != "total")


def canonical_cells(template: str, other_rows: str = "2019") -> list[tuple[str, str, str]]:
    """Every (table, row, col) a report of this template prints.

    `other_rows` is the （六） form of table 三: "2019" (one row) or "2021"
    (three rows); it varies independently of table 二's template.
    """
    cells = []
    for sub in ACTIVE_SUBTABLES:
        for row in sub.rows:
            if template in row.versions:
                cells += [("active", row.id, c.id) for c in sub.columns[template]]
    for row in REQUEST_ROWS:
        if row.id == "other_handling" and other_rows != "2019":
            continue
        if row.group == "other" and other_rows != "2021":
            continue
        cells += [("requests", row.id, c.id) for c in REQUEST_COLUMNS]
    for row in REVIEW_ROWS:
        cells += [("review_litigation", row.id, c.id) for c in REVIEW_COLUMNS]
    return cells


def panel_cells() -> list[tuple[str, str, str]]:
    """Every canonical (table, row, col) of either template and either （六） form, row by row
    in template order: the cell columns of the `panel` dataset."""
    cells = []
    for sub in ACTIVE_SUBTABLES:
        for row in sub.rows:
            columns = [c.id for t in TEMPLATES if t in row.versions for c in sub.columns[t]]
            cells += [("active", row.id, col) for col in dict.fromkeys(columns)]
    cells += [("requests", row.id, c.id) for row in REQUEST_ROWS for c in REQUEST_COLUMNS]
    cells += [("review_litigation", row.id, c.id) for row in REVIEW_ROWS for c in REVIEW_COLUMNS]
    return cells


def request_row_label(row) -> str:
    """A row of table 三 as a reader finds it: its group's label before its own where the group
    is one of the printed ones (`（三）不予公开 1.属于国家秘密`)."""
    group = GROUPS[row.group].label + " " if row.group and row.group != "results" else ""
    return group + row.label
