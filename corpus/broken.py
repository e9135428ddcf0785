"""Break one identity of a report on purpose, as real reports sometimes do.

The printed (wrong) value is the truth: the pipeline must keep it and flag it.
"""
from __future__ import annotations

import random

from .values import Cells


def review_total_zero(rng: random.Random, values: Cells) -> str:
    """行政复议 总计 printed as 0 beside non-zero parts (洪泽区 2023)."""
    row = values["review_litigation"]["review"]
    if not any(row[k] for k in ("upheld", "corrected", "other_result", "pending")):
        row["upheld"] = rng.randint(1, 9)
    row["total"] = 0
    return "review_litigation.review.total printed 0 beside non-zero parts"


def row_total_off(rng: random.Random, values: Cells) -> str:
    """A 总计 of table 三 that is not the sum of its row."""
    row = rng.choice(["granted", "new_requests", "unavailable_not_held"])
    values["requests"][row]["total"] += rng.choice([-1, 1, 2, 10])
    values["requests"][row]["total"] = max(0, values["requests"][row]["total"])
    return f"requests.{row}.total is not the sum of the applicant columns"


def balance_off(rng: random.Random, values: Cells) -> str:
    """结转下年度 that breaks the printed 勾稽关系 in the 自然人 and 总计 columns."""
    shift = rng.choice([1, 2, 5])
    values["requests"]["carried_forward"]["natural_person"] += shift
    values["requests"]["carried_forward"]["total"] += shift
    return "requests.carried_forward.natural_person breaks new+carried_over = total_handled+carried_forward"


BREAKERS = (review_total_zero, row_total_off, balance_off)


def break_one(rng: random.Random, values: Cells) -> str:
    return rng.choice(BREAKERS)(rng, values)
