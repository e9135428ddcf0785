"""The derived datasets: agencies, the panel (one row per agency-year) and the checks that
compare two reports, computed when a run publishes (pipeline.derived)."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline.derived import choose
from pipeline.run import extract_folder
from pipeline.store import load
from tests.conftest import REPO, shared_dir

QUIET = {"log": lambda line: None, "progress": False}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The real reports, the Pingtan report as PDF and web page, the field web pages and the samples."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(shared_dir("reports", "real"), raw / "real")
    shutil.copytree(shared_dir("reports", "html"), raw / "html")
    shutil.copytree(shared_dir("cases", "field"), raw / "field",
                    ignore=lambda folder, names: [n for n in names if not n.endswith(".html")])
    for sample in (REPO / "data" / "raw").glob("*.pdf"):
        shutil.copy(sample, raw)
    out = raw.parent / "out"
    extract_folder(raw, out, jobs=1, **QUIET)
    return out


def test_both_hongze_years_share_one_agency_key(reference):
    agencies = load("agencies", reference).set_index("agency")
    assert agencies.loc["洪泽区人民政府", "agency_key"] == agencies.loc["淮安市洪泽区人民政府", "agency_key"] \
        == "320813:人民政府"
    assert agencies.loc["淮安市洪泽区人民政府", ["adcode", "province", "city", "county", "level"]].tolist() == \
        ["320813", "江苏省", "淮安市", "洪泽区", "县"]
    reports = load("reports", reference)
    assert set(reports.loc[reports["source_file"].str.startswith("real/"), "agency_key"]) == {"320813:人民政府"}


def test_the_panel_has_one_row_per_agency_year(reference):
    panel = load("panel", reference)
    reports = load("reports", reference)
    assert not panel.duplicated(["agency_key", "year"]).any()
    assert len(panel) == reports.groupby(["agency_key", "year"]).ngroups == 11
    hongze = panel[panel["agency_key"] == "320813:人民政府"].set_index("year")
    assert hongze.loc[2023, "requests.new_requests.total"] == 21
    assert hongze.loc[2024, "requests.new_requests.total"] == 95
    assert hongze.loc[2024, "agency"] == "淮安市洪泽区人民政府"
    # every canonical cell has its column; a cell the template does not print is null
    assert pd.isna(hongze.loc[2024, "active.rules.made"])  # a 2019-template column


def test_a_report_published_as_pdf_and_web_page_is_chosen_once_and_compared(reference):
    panel = load("panel", reference).set_index(["agency_key", "year"])
    reports = load("reports", reference).set_index("report_id")
    row = panel.loc[("350128:人民政府", 2023)]
    assert reports.loc[row["report_id"], "source_file"] == "html/pingtan_2023.pdf"
    assert reports.loc[row["set_aside"], "source_file"] == "html/pingtan_2023.html"
    assert row["chosen_because"] == "pdf"  # both ok, no failed checks, the same values read
    checks = load("checks", reference)
    duplicate = checks[(checks["check"] == "duplicate.values") & (checks["report_id"] == row["set_aside"])]
    assert duplicate[["expected", "actual", "status", "other_report_id"]].values.tolist() == \
        [[200.0, 200.0, "pass", row["report_id"]]]


def test_carry_over_between_hongze_2023_and_2024_is_checked(reference):
    checks = load("checks", reference)
    reports = load("reports", reference).set_index("source_file")["report_id"]
    carry = checks[checks["check"].str.startswith("cross_year.")
                   & (checks["report_id"] == reports["real/huaian-hongze-qu_2024.pdf"])].set_index("check")
    assert set(carry["other_report_id"]) == {reports["real/huaian-hongze-qu_2023.pdf"]}
    assert carry.loc["cross_year.carried_over.total", ["expected", "actual", "status"]].tolist() == [0, 0, "pass"]
    assert len([c for c in carry.index if c.startswith("cross_year.carried_over.")]) == 7
    assert carry.loc["cross_year.in_force.normative_documents", ["expected", "actual", "status"]].tolist() == \
        [8, 8, "pass"]


def test_rules_in_force_that_do_not_add_up_across_years_fail_with_both_numbers(reference):
    """Pingtan 2023 prints 470 normative documents in force; 2024 issues 62, repeals 33 and
    prints 440 in force, not 499: reported, not repaired."""
    checks = load("checks", reference)
    failed = checks[(checks["check"] == "cross_year.in_force.normative_documents") & (checks["status"] == "fail")]
    assert failed[["expected", "actual"]].values.tolist() == [[499.0, 440.0]]


def test_text_checks_run_on_every_report_and_none_fails_on_the_fujian_sample(reference):
    checks = load("checks", reference)
    reports = load("reports", reference).set_index("source_file")["report_id"]
    fujian = checks[(checks["report_id"] == reports["fujian-hrss_2019.pdf"]) & checks["check"].str.startswith("text.")]
    assert fujian[["check", "expected", "actual", "status"]].values.tolist() == \
        [["text.requests.total_handled", 52.0, 52.0, "pass"]]
    assert fujian["evidence"].iloc[0] == "2019年我厅主动公开文件286份，办理依申请公开件52件"


def _reports(**columns):
    base = {"report_id": ["a", "b"], "source_file": ["a.pdf", "b.html"], "agency": ["淮安市人民政府"] * 2,
            "agency_key": ["320800:人民政府"] * 2, "year": [2023, 2023], "template": ["2021"] * 2,
            "status": ["ok", "ok"], "format": ["pdf", "html"], "failed_checks": [0, 0], "values_read": [200, 200]}
    return pd.DataFrame({**base, **columns})


@pytest.mark.parametrize("columns, chosen, because", [
    ({}, "a", "pdf"),
    ({"status": ["partial", "ok"]}, "b", "status"),
    ({"failed_checks": [2, 0]}, "b", "fewer failed checks"),
    ({"values_read": [150, 200]}, "b", "more values read"),
    ({"format": ["pdf", "pdf"], "source_file": ["a.pdf", "b.pdf"]}, "a", "first report_id"),
])
def test_which_report_of_an_agency_year_enters_the_panel(columns, chosen, because):
    picked, aside = choose(_reports(**columns))
    assert picked[["report_id", "chosen_because"]].values.tolist() == [[chosen, because]]
    assert aside.values.tolist() == [[{"a": "b", "b": "a"}[chosen], chosen]]


def test_reports_without_a_key_or_year_or_that_failed_stay_out_of_the_panel():
    picked, aside = choose(_reports(year=[None, 2023], status=["ok", "error"]))
    assert picked.empty and aside.empty


def test_an_empty_output_still_has_every_derived_dataset(tmp_path):
    (tmp_path / "raw").mkdir()
    extract_folder(tmp_path / "raw", tmp_path / "out", **QUIET)
    for name in ("agencies", "panel"):
        assert load(name, tmp_path / "out").empty
    assert "requests.new_requests.total" in load("panel", tmp_path / "out").columns


def test_an_edited_aliases_file_rekeys_reports_without_extracting_them(tmp_path, monkeypatch):
    from pipeline import agencies

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REPO / "data" / "raw" / "sample-county_2022.pdf", raw)
    extract_folder(raw, tmp_path / "out", **QUIET)
    assert load("reports", tmp_path / "out")["agency_key"].tolist() == ["name:淮安市清河区人民政府"]
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(agencies.ALIASES.read_text(encoding="utf-8") + "淮安市清河区,320812,merged 2016\n",
                       encoding="utf-8")
    monkeypatch.setattr(agencies, "ALIASES", aliases)
    agencies._aliases.cache_clear()
    try:
        summary = extract_folder(raw, tmp_path / "out", **QUIET)
    finally:
        agencies._aliases.cache_clear()
    assert (summary.extracted, summary.skipped) == (0, 1)
    assert load("reports", tmp_path / "out")["agency_key"].tolist() == ["320812:人民政府"]
    assert load("panel", tmp_path / "out")["agency_key"].tolist() == ["320812:人民政府"]
    assert load("agencies", tmp_path / "out")["resolved_by"].tolist() == ["alias 淮安市清河区"]


def test_a_duplicate_that_differs_names_the_cells_with_their_values_as_stored():
    import pandas as pd

    from pipeline.derived import PANEL_CELLS, _by_report, duplicate_checks

    fee = "active.fees.fee_amount" if "active.fees.fee_amount" in PANEL_CELLS else PANEL_CELLS[0]
    new = "requests.new_requests.total"
    cells = pd.DataFrame({"report_id": ["web", "web", "web", "pdf", "pdf"],
                          "cell": [fee, new, PANEL_CELLS[-1], fee, new],
                          "value": [18651.06, 12.0, float("nan"), 18651.05, 12.0]})
    values = _by_report(cells, PANEL_CELLS)
    set_aside = pd.DataFrame({"report_id": ["web"], "duplicate_of": ["pdf"]})
    ((rid, check),) = duplicate_checks(set_aside, values)
    assert (rid, check.check, check.expected, check.actual, check.status, check.other_report_id) == \
        ("web", "duplicate.values", 2.0, 1.0, "fail", "pdf")
    assert check.evidence == f"{fee}: 18651.06 vs 18651.05"


def test_among_tells_which_strings_are_in_the_set_for_series_and_index():
    from pipeline.derived import _among, _set_of

    chosen = _set_of({"r2", "r4"})
    assert _among(pd.Series(["r1", "r2", "r3", "r4"], dtype="str"), chosen).tolist() == [False, True, False, True]
    assert _among(pd.Index(["r4", "r5"], dtype="str"), chosen).tolist() == [True, False]
    assert _among(pd.Series(["r1"], dtype="str"), _set_of(set())).tolist() == [False]
