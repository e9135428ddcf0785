"""Inputs the fuzzer (make fuzz, tests/fuzz/fuzz_reports.py) started from or found: each must come
back as reports, an error row at worst, without raising."""
from __future__ import annotations

import shutil

import pytest

from pipeline.run import extract_reports
from tests.conftest import REPO

FUZZ = REPO / "tests" / "fuzz"
INPUTS = sorted(p for folder in ("seeds/pdf", "seeds/html", "found") for p in (FUZZ / folder).glob("*")
                if p.is_file() and p.name != ".gitkeep")


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_a_fuzzed_input_comes_back_as_reports(path, tmp_path):
    kind = "html" if path.suffix in (".html", ".htm") or path.parent.name == "html" else "pdf"
    copy = shutil.copy(path, tmp_path / f"input.{kind}")
    reports = extract_reports(copy, f"input.{kind}", "fuzz")
    assert reports and all(r.status in ("ok", "partial", "not_a_report", "error") for r in reports)
    assert all(r.error is None or "\n" not in r.error for r in reports)
