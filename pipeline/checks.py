"""The arithmetic a correct report satisfies (SCHEMA.md), tested on the printed values.

A check compares the sum of its parts (`expected`) with the printed total
(`actual`). It fails when they differ; it is `not_assessable` when a part or
the total is a placeholder or was not printed. Nothing is repaired here.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline import schema

TOLERANCE = 0.005


@dataclass(frozen=True)
class Check:
    check: str
    expected: float | None
    actual: float | None
    status: str  # pass, fail, not_assessable
    evidence: str | None = None  # the sentence a text check read its figure from
    other_report_id: str | None = None  # the other report a check across years compares with


class _Values:
    """(table, row, col) -> value, remembering which cells were printed at all."""

    def __init__(self, cells):
        self.value = {}
        for c in cells:
            if c.row is not None and c.col is not None:
                self.value.setdefault((c.table, c.row, c.col), c.value)
        self.rows = {(table, row) for table, row, _ in self.value}

    def printed(self, table, row, col) -> bool:
        return (table, row, col) in self.value

    def row_printed(self, table, row) -> bool:
        return (table, row) in self.rows


def _compare(check_id: str, parts: list, total) -> Check:
    if any(v is None for v in parts) or total is None:
        expected = None if any(v is None for v in parts) else sum(parts)
        return Check(check_id, expected, total, "not_assessable")
    expected = float(sum(parts))
    status = "pass" if abs(expected - total) < TOLERANCE else "fail"
    return Check(check_id, expected, float(total), status)


def _sum_check(values: _Values, check_id, table, parts: list[tuple[str, str]], total: tuple[str, str]) -> Check:
    got = [values.value.get((table, r, c)) for r, c in parts]
    return _compare(check_id, got, values.value.get((table, *total)))


def _result_rows(values: _Values) -> list[str] | None:
    """The rows that add up to （七）总计, in whichever （六） form the report printed."""
    for form in schema.OTHER_FORMS.values():
        if any(values.row_printed("requests", r) for r in form):
            return list(schema.COMMON_RESULT_ROWS + form)
    return None


def run_checks(cells) -> list[Check]:
    values = _Values(cells)
    checks: list[Check] = []
    req = "requests"
    cols = [c.id for c in schema.REQUEST_COLUMNS]
    result_rows = _result_rows(values)
    for col in cols:
        checks.append(_compare(
            f"requests.balance.{col}",
            [values.value.get((req, "new_requests", col)), values.value.get((req, "carried_over", col))],
            _sum_or_none([values.value.get((req, "total_handled", col)),
                          values.value.get((req, "carried_forward", col))]),
        ))
        if result_rows is None:
            checks.append(Check(f"requests.total_handled.{col}", None,
                                values.value.get((req, "total_handled", col)), "not_assessable"))
        else:
            checks.append(_sum_check(values, f"requests.total_handled.{col}", req,
                                     [(r, col) for r in result_rows], ("total_handled", col)))
    printed_rows = list(dict.fromkeys(k[1] for k in values.value if k[0] == req))
    for row in printed_rows:
        checks.append(_sum_check(values, f"requests.row_total.{row}", req,
                                 [(row, c) for c in schema.APPLICANT_COLUMNS], (row, "total")))
        if values.printed(req, row, schema.ORG_SUBTOTAL.id):
            checks.append(_sum_check(values, f"requests.org_subtotal.{row}", req,
                                     [(row, c) for c in schema.ORG_COLUMNS], (row, schema.ORG_SUBTOTAL.id)))
    for total_row, group in schema.GROUP_TOTAL_ROWS.items():
        if values.row_printed(req, total_row):
            for col in cols:
                checks.append(_sum_check(values, f"requests.subtotal.{group}.{col}", req,
                                         [(r, col) for r in schema.group_items(group)], (total_row, col)))
    for row in schema.REVIEW_ROWS:
        checks.append(_sum_check(values, f"review_litigation.total.{row.id}", "review_litigation",
                                 [(row.id, c) for c in schema.REVIEW_PARTS], (row.id, "total")))
    return checks


def _sum_or_none(values: list):
    return None if any(v is None for v in values) else sum(values)


def cells_of_check(check_id: str) -> list[tuple[str, str, str]]:
    """The (table, row, col) cells of the report a check id involves, for showing a failed
    check beside its numbers: `requests.balance.total` -> the four rows' total cells. Checks
    across reports name this report's cells only; `duplicate.values` names none."""
    from pipeline.text_checks import SUBJECTS

    parts = check_id.split(".")
    req, review = "requests", "review_litigation"
    every_result = [*schema.COMMON_RESULT_ROWS, *schema.OTHER_FORMS["2019"], *schema.OTHER_FORMS["2021"]]
    match parts:
        case ["requests", "balance", col]:
            return [(req, r, col) for r in ("new_requests", "carried_over", "total_handled", "carried_forward")]
        case ["requests", "total_handled", col]:
            return [(req, r, col) for r in (*every_result, "total_handled")]
        case ["requests", "row_total", row]:
            return [(req, row, c) for c in (*schema.APPLICANT_COLUMNS, "total")]
        case ["requests", "org_subtotal", row]:
            return [(req, row, c) for c in (*schema.ORG_COLUMNS, schema.ORG_SUBTOTAL.id)]
        case ["requests", "subtotal", group, col]:
            total_row = next(t for t, g in schema.GROUP_TOTAL_ROWS.items() if g == group)
            return [(req, r, col) for r in (*schema.group_items(group), total_row)]
        case ["review_litigation", "total", row]:
            return [(review, row, c) for c in (*schema.REVIEW_PARTS, "total")]
        case ["text", table, subject]:
            rows = next((rows for s, t, rows in SUBJECTS.values() if (t, s) == (table, subject)), ())
            return [(table, r, "total") for r in rows]
        case ["cross_year", "carried_over", col]:
            return [(req, "carried_over", col)]
        case ["cross_year", "in_force", row]:
            return [("active", row, c) for c in ("issued", "repealed", "in_force")]
    return []


# what each family of checks asserts, in the template's words (docs/SCHEMA.md has them in full)
RULES = {
    ("requests", "balance"): "本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理",
    ("requests", "total_handled"): "办理结果 总计 = the sum of the result rows",
    ("requests", "row_total"): "总计 = the sum of the applicant columns",
    ("requests", "org_subtotal"): "法人或其他组织 小计 = the sum of its columns",
    ("requests", "subtotal"): "a printed subtotal = the sum of its items",
    ("review_litigation", "total"): "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    ("cross_year", "carried_over"): "this year's 上年结转 = last year's 结转下年度继续办理",
    ("cross_year", "in_force"): "this year's 现行有效件数 = last year's + 本年制发 − 本年废止",
    ("duplicate", "values"): "the report set aside prints the same numbers as the one the panel chose",
}


def rule_of(check_id: str) -> str:
    """What a check asserts, in a line: `cross_year.carried_over.total` -> this year's 上年结转 = …"""
    if check_id.startswith("text."):
        return "a figure the report's text states = the table's 总计"
    return RULES.get(tuple(check_id.split(".")[:2]), "")
