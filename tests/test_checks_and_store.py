"""Identities on hand-made cells, and the Parquet round trip of a real run."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from pipeline import schema
from pipeline.checks import run_checks
from pipeline.run import extract_folder
from pipeline.store import load, load_all, write_datasets
from pipeline.tables import CellValue
from tests.conftest import REPO


def _cell(table, row, col, value, kind="number"):
    return CellValue(table, row, col, value, kind, "" if value is None else str(value), "", 1, (0, 0, 1, 1))


def _balanced_requests(n=2):
    cells = []
    rows = {"new_requests": n, "carried_over": 0, "granted": n, "total_handled": n, "carried_forward": 0}
    for row in schema.REQUEST_ROWS:
        if row.group == "other":
            continue
        for col in schema.APPLICANT_COLUMNS:
            cells.append(_cell("requests", row.id, col, rows.get(row.id, 0) if col == "natural_person" else 0))
        cells.append(_cell("requests", row.id, "total", rows.get(row.id, 0)))
    return cells


def test_balanced_table_passes_every_check():
    checks = run_checks(_balanced_requests())
    assert checks and {c.status for c in checks if c.check.startswith("requests")} == {"pass"}


def test_a_wrong_total_fails_and_keeps_both_numbers():
    cells = _balanced_requests()
    total = next(c for c in cells if (c.row, c.col) == ("total_handled", "natural_person"))
    total.value = 5.0
    failed = {c.check: c for c in run_checks(cells) if c.status == "fail"}
    assert failed["requests.total_handled.natural_person"].expected == 2.0
    assert failed["requests.total_handled.natural_person"].actual == 5.0
    assert "requests.balance.natural_person" in failed


def test_a_placeholder_makes_a_check_not_assessable():
    cells = _balanced_requests()
    granted = next(c for c in cells if (c.row, c.col) == ("granted", "commercial"))
    granted.value, granted.kind = None, "dash"
    by_id = {c.check: c.status for c in run_checks(cells)}
    assert by_id["requests.total_handled.commercial"] == "not_assessable"
    assert by_id["requests.row_total.granted"] == "not_assessable"
    assert by_id["requests.total_handled.natural_person"] == "pass"


def test_extract_writes_readable_parquet_and_reruns_identically(tmp_path):
    out = tmp_path / "out"
    summary = extract_folder(REPO / "data" / "raw", out, log=lambda _: None)
    assert summary.reports == 2 and summary.by_status == {"ok": 2}
    first = load_all(out)
    assert first["reports"]["year"].dtype == "Int32"
    assert set(first["reports"]["template"]) == {"2019", "2021"}
    fujian = first["cells"][first["cells"].agency == "福建省人力资源和社会保障厅"]
    amount = fujian[(fujian.row == "procurement") & (fujian.col == "procurement_amount")].iloc[0]
    assert amount.value == 3435.54 and "万元" in amount.raw
    extract_folder(REPO / "data" / "raw", out, log=lambda _: None)
    again = load("cells", out)
    pd.testing.assert_frame_equal(first["cells"], again)
    # the same files in DuckDB, as the README shows
    n = duckdb.sql(f"select count(*) from read_parquet('{out}/cells/**/*.parquet')").fetchall()[0][0]
    assert n == len(again)
    assert not list(out.glob(".*tmp")) and not list(out.glob(".*old"))


def test_cli_reports_a_bad_file_and_goes_on(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.PDF").write_bytes(b"")
    (raw / "fujian.pdf").write_bytes((REPO / "data" / "raw" / "fujian-hrss_2019.pdf").read_bytes())
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(raw), str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=REPO, check=True)
    assert "summary: 2 reports (error 1, ok 1)" in run.stdout
    reports = load("reports", tmp_path / "out").set_index("source_file")
    assert reports.loc["empty.PDF", "status"] == "error"
    assert "\n" not in reports.loc["empty.PDF", "error"] and reports.loc["empty.PDF", "error"]


def test_docs_are_generated_from_the_contract_and_the_schema():
    from pipeline.contract import DATASETS
    from pipeline.dictionary import render_all

    docs = render_all()
    for name, text in docs.items():  # stale: run `govreport dictionary --write docs`
        assert (REPO / "docs" / name).read_text(encoding="utf-8") == text, name
    for row in schema.REQUEST_ROWS:
        assert f"`{row.id}`" in docs["SCHEMA.md"]
    for dataset in DATASETS:
        assert all(f"| {c.name} | {c.type} |" in docs["OUTPUT.md"] for c in dataset.columns)


def test_a_pdf_that_is_not_an_annual_report(tmp_path):
    from pipeline.extract import extract_pdf
    from tests.minimal_pdf import write_text_pdf

    path = write_text_pdf(tmp_path / "invoice.pdf", ["Invoice 2023-117", "Total due: 1,200.00 EUR"])
    report = extract_pdf(path, "invoice.pdf")
    assert (report.status, report.pages, report.text_layer) == ("not_a_report", 1, True)
    assert report.cells == [] and "title" in report.error


def test_a_slanted_watermark_is_not_page_text(tmp_path):
    from parsers.pdf import ReportPdf
    from tests.minimal_pdf import write_text_pdf

    path = write_text_pdf(tmp_path / "w.pdf", ["12 34 56"], watermark="COPY")
    with ReportPdf(path) as pdf:
        text = "".join(g.text for g in pdf.geometry(0).glyphs)
    assert text == "123456"


def test_debug_picture_of_a_page(tmp_path):
    from PIL import Image

    from pipeline.debug import draw_page

    out, drawn = draw_page(REPO / "data" / "raw" / "sample-county_2022.pdf", 4, tmp_path / "p4.png")
    assert drawn > 30
    with Image.open(out) as image:
        rgb = image.convert("RGB")
        assert rgb.width > 500 and rgb.height > 700
        greens = sum(1 for x in range(0, rgb.width, 2) for y in range(0, rgb.height, 2)
                     if _is_green(rgb.getpixel((x, y))))
    assert greens > 50  # value boxes with canonical ids were drawn


@pytest.mark.parametrize("args, words", [
    (["data/raw/sample-county_2022.pdf", "99"], "has pages 1 to"),
    (["data/raw/sample-county_2022.pdf", "0"], "has pages 1 to"),
    (["data/raw/truth.json", "1"], "not a readable PDF"),
    (["no/such.pdf", "1"], "no such file"),
])
def test_debug_says_what_is_wrong_in_one_line(tmp_path, capsys, args, words):
    from pipeline.cli import main

    assert main(["debug", str(REPO / args[0]), args[1], str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and err.count("\n") == 1


def _is_green(pixel) -> bool:
    r, g, b = pixel
    return g > 140 and r < 40 and b < 40


def test_load_says_where_it_looked_and_how_to_point_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVREPORT_DATA", raising=False)
    with pytest.raises(FileNotFoundError, match="GOVREPORT_DATA") as error:
        load("cells")
    assert str(tmp_path / "data" / "parquet" / "cells") in str(error.value)
    write_datasets(tmp_path / "elsewhere", [])
    monkeypatch.setenv("GOVREPORT_DATA", str(tmp_path / "elsewhere"))
    assert list(load("cells").columns)[:2] == ["report_id", "source_file"]
