"""examples/compare.ipynb runs against the code beside it (nbclient, a real kernel)."""
from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from tests.conftest import REPO


def _text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_the_example_notebook_runs_on_the_shipped_samples(tmp_path, monkeypatch):
    notebook = nbformat.read(REPO / "examples" / "compare.ipynb", as_version=4)
    monkeypatch.setenv("GOVREPORT_RAW", str(REPO / "data" / "raw"))
    monkeypatch.setenv("GOVREPORT_NOTEBOOK_OUT", str(tmp_path))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend, as in JupyterLab
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "examples")}}).execute()
    outputs = [_text(cell) for cell in notebook.cells if cell.cell_type == "code"]
    assert "2 reports (ok 2)" in outputs[0]
    images = [o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 1  # the requests by agency and year, drawn
    # the panel: 福建 2019 received 52 requests (the seed's table 三)
    assert "350000:人力资源和社会保障厅" in outputs[1] and "52.0" in outputs[1]
    # the sample's 淮安市清河区 was merged into 清江浦区 in 2016: unresolved, said why
    assert "清河区 is not a division of 淮安市" in outputs[2]
    # the failed checks list the sample's prose against its table (办理依申请公开件52件 vs 2069)
    assert "text.requests.total_handled" in outputs[5]
    assert os.listdir(tmp_path / "parquet")
