"""The generated corpus (tests/corpus/generated, tests/corpus/long) and the shipped samples (data/raw), against truth.

Reports rendered the way agencies make them (Word -> PDF) with the layouts
real reports vary in; every cell must come out right, the identities the
generator broke on purpose must fail and no other, and a local row the
template does not know must be kept with its label and no id.
"""
from __future__ import annotations

import json

import pytest

from pipeline.extract import extract_pdf
from pipeline.truth import differences
from tests.conftest import REPO

FOLDERS = [REPO / "tests" / "corpus" / "generated", REPO / "tests" / "corpus" / "long", REPO / "data" / "raw"]


def _cases():
    for folder in FOLDERS:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        for name in sorted(truth):
            yield pytest.param(folder / name, truth[name], id=f"{folder.name}/{name}")


@pytest.mark.parametrize("path,truth", list(_cases()))
def test_generated_report_matches_truth(path, truth):
    report = extract_pdf(path, path.name)
    assert differences(report, truth) == []
    assert report.status == "ok", report.error

    layout = truth.get("layout", {})
    # the tables' identities; the prose is the seed's, whose figures need not match a generated table
    failed = [c.check for c in report.checks if c.status == "fail" and not c.check.startswith("text.")]
    if layout.get("broken"):
        assert failed, f"the generator broke {layout['broken']} but no check failed"
    else:
        assert failed == []

    if layout.get("extra_active_row"):
        local = [c for c in report.cells if c.table == "active" and "其他主动公开文件" in c.label]
        assert local and all(c.row is None for c in local)
