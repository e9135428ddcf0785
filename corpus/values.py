"""Random table values that satisfy the identities of SCHEMA.md.

Values are plain numbers here (int counts, float 万元 amounts); how they are
printed, and which become placeholders, is decided later (printing.py).
"""
from __future__ import annotations

import random

from pipeline.schema import (
    ACTIVE_SUBTABLES,
    APPLICANT_COLUMNS,
    GROUPS,
    ORG_COLUMNS,
    REQUEST_ROWS,
    REVIEW_PARTS,
    REVIEW_ROWS,
    group_items,
)

Cells = dict[str, dict[str, dict[str, float | int]]]

# How often a handled request ends in each result row (relative weights).
RESULT_WEIGHTS = {
    "granted": 40, "partially_granted": 8,
    "denied_state_secret": 0.3, "denied_prohibited_by_law": 0.5, "denied_security_stability": 0.3,
    "denied_third_party": 1.5, "denied_internal_affairs": 1.5, "denied_process_info": 2,
    "denied_enforcement_files": 0.8, "denied_inquiry": 1,
    "unavailable_not_held": 25, "unavailable_needs_creation": 3, "unavailable_unclear": 2,
    "unprocessed_petition": 3, "unprocessed_duplicate": 2, "unprocessed_publication": 0.5,
    "unprocessed_repetitive": 0.5, "unprocessed_reconfirm": 0.5,
    "other_handling": 4, "other_no_correction": 2, "other_unpaid_fee": 0.3, "other_other": 2,
}
# Share of applicants per column (natural persons dominate).
APPLICANT_WEIGHTS = {"natural_person": 85, "commercial": 8, "research": 0.5,
                     "public_interest": 0.7, "legal_services": 3, "other_org": 2.8}


def result_rows(other_rows: str) -> list[str]:
    """The result rows a table of this （六） form prints, in order."""
    rows = []
    for r in REQUEST_ROWS:
        if r.group is None or r.id == "total_handled":
            continue
        if r.id == "other_handling" and other_rows != "2019":
            continue
        if r.group == "other" and other_rows != "2021":
            continue
        rows.append(r.id)
    return rows


def _split(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    counts = dict.fromkeys(weights, 0)
    for key in rng.choices(list(weights), list(weights.values()), k=n):
        counts[key] += 1
    return counts


def requests(rng: random.Random, volume: int, other_rows: str, org_subtotal: bool,
             group_totals: bool, zero_rows: frozenset[str] = frozenset()) -> dict[str, dict[str, int]]:
    """`zero_rows`: result rows no request ends in (0 in every column)."""
    rows = result_rows(other_rows)
    handled = _split(rng, volume, APPLICANT_WEIGHTS)
    table: dict[str, dict[str, int]] = {}
    for col in APPLICANT_COLUMNS:
        results = _split(rng, handled[col], {r: 0 if r in zero_rows else RESULT_WEIGHTS[r] for r in rows})
        carried_forward = rng.choice([0, 0, 0, 1, 2]) if handled[col] else 0
        carried_forward += int(handled[col] * rng.choice([0, 0, 0.02, 0.05, 0.1]))
        carried_over = min(rng.choice([0, 0, 0, 1, 3]), handled[col] + carried_forward)
        values = dict(results)
        values["total_handled"] = handled[col]
        values["carried_forward"] = carried_forward
        values["carried_over"] = carried_over
        values["new_requests"] = handled[col] + carried_forward - carried_over
        for row, value in values.items():
            table.setdefault(row, {})[col] = value
    if group_totals:
        for group in ("denied", "unavailable", "unprocessed", "other"):
            items = [r for r in group_items(group) if r in rows]
            if items:
                total_row = GROUPS[group].total_row
                table[total_row] = {c: sum(table[r][c] for r in items) for c in APPLICANT_COLUMNS}
    for row in table.values():
        if org_subtotal:
            row["org_subtotal"] = sum(row[c] for c in ORG_COLUMNS)
        row["total"] = sum(row[c] for c in APPLICANT_COLUMNS)
    return table


def review(rng: random.Random, volume: int) -> dict[str, dict[str, int]]:
    table = {}
    for row in REVIEW_ROWS:
        rate = {"review": 0.06, "suit_direct": 0.03, "suit_after_review": 0.02}[row.id]
        n = sum(rng.random() < rate for _ in range(volume)) if volume else 0
        parts = _split(rng, n, {"upheld": 6, "corrected": 1.5, "other_result": 1, "pending": 1.5})
        table[row.id] = {**{p: parts[p] for p in REVIEW_PARTS}, "total": n}
    return table


def _amount(rng: random.Random, top: float) -> float:
    digits = rng.choice([2, 2, 2, 4, 6])
    return round(rng.uniform(0, top), digits)


def _docs(rng: random.Random, scale: int, template: str) -> dict[str, int]:
    new = rng.randint(0, scale)
    if template == "2019":
        published = new - rng.randint(0, min(new, 2))
        return {"made": new, "published": published, "total_published": published + rng.randint(0, 20 * scale)}
    repealed = rng.choice([0, 0, rng.randint(0, max(1, scale // 2))])
    return {"issued": new, "repealed": repealed, "in_force": new + rng.randint(0, 15 * scale)}


def active(rng: random.Random, template: str, big: bool) -> dict[str, dict[str, float | int]]:
    table: dict[str, dict[str, float | int]] = {}
    # Most agencies make no 规章; governments of larger cities and provinces do.
    table["rules"] = _docs(rng, rng.choice([0, 0, 0, 2, 5]), template)
    table["normative_documents"] = _docs(rng, rng.choice([1, 3, 8, 20]), template)
    top = 20000 if big else 800
    for row in ("licensing", "other_services", "penalty", "coercion"):
        decisions = rng.choice([0, rng.randint(0, top // 10), rng.randint(0, top)])
        if template == "2019":
            prev = rng.randint(0, 300)
            table[row] = {"prev_items": prev, "change": rng.randint(-min(prev, 8), 12), "decisions": decisions}
        else:
            table[row] = {"decisions": decisions}
    if template == "2019":
        prev = rng.randint(0, 40)
        table["fees"] = {"prev_items": prev, "change": rng.choice([0, 0, rng.randint(-min(prev, 3), 3)])}
        table["procurement"] = {"procurement_items": rng.randint(0, 120),
                                "procurement_amount": _amount(rng, 8000)}
    else:
        table["fees"] = {"fee_amount": rng.choice([0, _amount(rng, 12000)])}
    known = {r.id for s in ACTIVE_SUBTABLES for r in s.rows if template in r.versions}
    return {k: v for k, v in table.items() if k in known}


def draw(rng: random.Random, template: str, other_rows: str, *, org_subtotal: bool = False,
         group_totals: bool = False, volume: int | None = None, zero_rows: frozenset[str] = frozenset()) -> Cells:
    """One report's values; the volume of requests spans small agencies to big cities
    unless given."""
    drawn = rng.choice([0, rng.randint(1, 12), rng.randint(10, 80), rng.randint(50, 400),
                        rng.randint(800, 3000)])
    volume = drawn if volume is None else volume
    return {
        "active": active(rng, template, big=volume > 300),
        "requests": requests(rng, volume, other_rows, org_subtotal, group_totals, zero_rows),
        "review_litigation": review(rng, volume),
    }
