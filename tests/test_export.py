"""`govreport export`: the panel, cells and agencies in csv, xlsx, Stata dta and parquet, with labels."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import export as export_module
from pipeline.cli import main
from pipeline.contract import panel_cell_names
from pipeline.export import export, stata_name
from pipeline.run import extract_folder
from tests.conftest import REPO

NEW_REQUESTS = "requests.new_requests.total"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples") / "parquet"
    extract_folder(REPO / "data" / "raw", out, jobs=1, log=lambda line: None, progress=False)
    return out


def _fujian(frame, key="agency_key"):
    return frame[frame[key] == "350000:人力资源和社会保障厅"].iloc[0]


def test_stata_names_are_short_unique_and_ascii():
    names = [stata_name(cell) for cell in panel_cell_names()]
    assert len(set(names)) == len(names) == 226
    assert max(map(len, names)) <= 32 and all(n.isascii() and n[0].isalpha() for n in names)
    assert stata_name(NEW_REQUESTS) == "r_new_tot"


def test_csv_opens_in_pandas_with_the_values_and_a_dictionary(out, tmp_path):
    export(out, "csv", tmp_path)
    panel = pd.read_csv(tmp_path / "panel.csv")
    assert panel.columns[0] == "agency_key"  # the byte-order mark Excel needs does not stick to it
    assert _fujian(panel)[NEW_REQUESTS] == 52 and _fujian(panel)["year"] == 2019
    cells = pd.read_csv(tmp_path / "cells.csv")
    assert len(cells) == 398
    dictionary = pd.read_csv(tmp_path / "dictionary.csv").set_index("column")
    assert dictionary.loc[NEW_REQUESTS, "label"] == "三 一、本年新收政府信息公开申请数量 | 总计"


def test_xlsx_has_the_sheets_and_the_dictionary(out, tmp_path):
    export(out, "xlsx", tmp_path)
    book = pd.read_excel(tmp_path / "govreport.xlsx", sheet_name=None)
    assert list(book) == ["panel", "cells", "agencies", "dictionary"]
    assert _fujian(book["panel"])["requests.granted.total"] == 34
    labels = book["dictionary"].set_index("column")["label"]
    assert labels["requests.denied_state_secret.natural_person"] == "三 （三）不予公开 1.属于国家秘密 | 自然人"


def test_stata_files_carry_the_chinese_labels(out, tmp_path):
    export(out, "dta", tmp_path)
    with pd.io.stata.StataReader(tmp_path / "panel.dta") as reader:
        panel = reader.read()
        labels = reader.variable_labels()
    assert _fujian(panel)["r_new_tot"] == 52 and _fujian(panel)["year"] == 2019
    assert labels["r_new_tot"] == "三 一、本年新收政府信息公开申请数量 | 总计"
    assert labels["a_normdocs_made"] == "二 行政规范性文件 | 本年新制作数量"
    cells = pd.read_stata(tmp_path / "cells.dta")
    assert len(cells) == 398 and set(cells["table"]) == {"active", "requests", "review_litigation"}
    agencies = pd.read_stata(tmp_path / "agencies.dta")
    unresolved = agencies.set_index("agency").loc["淮安市清河区人民政府", "unresolved"]
    assert unresolved.startswith("清河区 is not a division of 淮安市 today")


def test_parquet_for_r_and_python(out, tmp_path):
    export(out, "parquet", tmp_path)
    panel = pd.read_parquet(tmp_path / "panel.parquet")
    assert _fujian(panel)[NEW_REQUESTS] == 52
    dictionary = pd.read_parquet(tmp_path / "dictionary.parquet")
    assert not dictionary.duplicated(["table", "column"]).any()
    assert set(dictionary.loc[dictionary["table"] == "panel", "column"]) == set(panel.columns)


def test_a_table_too_big_for_excel_is_one_line_and_nothing_is_written(out, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(export_module, "XLSX_ROWS", 100)
    assert main(["export", str(out), "--format", "xlsx", "--to", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cells has 398 rows, more than an Excel sheet holds" in err
    assert not list(tmp_path.iterdir())


def test_export_without_an_output_says_where_it_looked(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nothing"), "--format", "csv", "--to", str(tmp_path / "x")]) == 2
    assert "no panel dataset at" in capsys.readouterr().err
