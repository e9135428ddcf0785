"""The generated corpus (tests/corpus/generated) and the shipped samples (data/raw), against their truth.

Reports rendered the way agencies make them (Word -> PDF) with the layouts
real reports vary in; every cell must come out right.
"""
from __future__ import annotations

import json

import pytest

from pipeline.extract import extract_pdf
from tests.conftest import REPO, compare_with_truth

FOLDERS = [REPO / "tests" / "corpus" / "generated", REPO / "data" / "raw"]


def _cases():
    for folder in FOLDERS:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for name in sorted(truth):
            yield pytest.param(folder / name, truth[name], id=f"{folder.name}/{name}")


@pytest.mark.parametrize("path,truth", list(_cases()))
def test_generated_report_matches_truth(path, truth):
    report = extract_pdf(path, path.name)
    assert compare_with_truth(report, truth) == []
