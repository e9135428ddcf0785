"""Several reports in one file: where each begins.

Sites publish a department collection as one PDF, one report after another.
A report begins on a page that opens with a title (agency and year read with
certainty) and holds section 一 (一、总体情况), once the report before has
reached its last sections (五 or 六). A title repeated as a running header on
every page does not start a report: section 一 does not come again.

    report_starts(pages_lines) -> [0-based page where each report begins]
"""
from __future__ import annotations

from pipeline.sections import section_number
from pipeline.title import find_title


def _numbers(lines: list[str]) -> set[int]:
    return {n for n in (section_number(line) for line in lines) if n}


def report_starts(pages_lines: list[list[str]]) -> list[int]:
    """The first page of each report in the file, in order; [0] for a file of one report."""
    starts = [0]
    ended = False  # the current report has reached section 五 or 六
    for i, lines in enumerate(pages_lines):
        numbers = _numbers(lines)
        if i > 0 and ended and 1 in numbers and find_title([lines]) is not None:
            starts.append(i)
            ended = False
        if numbers & {5, 6}:
            ended = True
    return starts
