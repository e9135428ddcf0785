"""govreport bench: the pipeline beside the naive pass, per folder with its target; the profile."""
from __future__ import annotations

import re

from pipeline.bench import REPEATS, keys_read_wrong, profile_pipeline, run_bench, target_verdict
from tests.conftest import REPO

GENERATED = REPO / "tests" / "corpus" / "generated"


def test_bench_prints_both_passes_their_ratio_the_target_and_the_floor():
    out = run_bench(GENERATED, limit=2, target=10.0)  # a target far from the ratio: the verdict is sure
    assert out.splitlines()[0] == f"2 reports under {GENERATED}, best of {REPEATS}"
    pipe, naive = (float(x) for x in re.findall(r"total (\d+\.\d+) s", out))
    ratio = float(re.search(r"ratio pipeline/naive: (\d\.\d{3}) \(target <= 10.00: met\)", out).group(1))
    assert pipe > 0 and naive > 0
    # the totals are printed to 0.01 s: on a fast run two reports take some 0.05 s, so the ratio
    # is checked against the range the rounded totals allow (and its own rounding to 0.001)
    low, high = (pipe - 0.005) / (naive + 0.005), (pipe + 0.005) / (naive - 0.005)
    assert low - 0.0005 <= ratio <= high + 0.0005
    # the floor: PDFium's open and page text, which the pipeline does and more besides
    floor, floor_ratio, above = re.search(
        r"floor \(PDFium: open, each page's text once\): (\d+\.\d+) s, ratio floor/naive (\d\.\d{3}); "
        r"the pipeline's time above it: (-?\d+\.\d+) s", out).groups()
    assert 0 < float(floor) < pipe and float(floor_ratio) < ratio
    assert abs(float(above) - (pipe - float(floor))) <= 0.011


def test_the_verdict_is_on_the_ratio_unrounded():
    assert target_verdict(0.1249, 0.12) == " (target <= 0.12: NOT met)"  # printed 0.125, not 0.12
    assert target_verdict(0.12, 0.12) == " (target <= 0.12: met)"
    assert target_verdict(0.31, 0.35) == " (target <= 0.35: met)"


def test_profile_lists_the_functions_taking_most_time():
    out = profile_pipeline(GENERATED, top=5, limit=1).splitlines()
    assert out[0] == f"profile of 1 reports under {GENERATED} (own time):"
    assert "ncalls" in out[1] and "tottime" in out[1]
    assert len([line for line in out[2:] if line.strip()]) == 5


def test_a_folder_without_pdfs_says_so(tmp_path):
    assert run_bench(tmp_path) == f"no PDFs under {tmp_path}"


def test_a_key_read_wrong_is_counted_and_a_null_one_is_not():
    """bench-ocr counts a wrong agency or year as a silent error; a key left null is not one."""
    from types import SimpleNamespace

    truth = {"agency": "泉州市人民政府", "year": 2022}
    assert keys_read_wrong(SimpleNamespace(agency="泉州市人民政府", year=2022), truth) == 0
    assert keys_read_wrong(SimpleNamespace(agency="泉-州市人民政府", year=2022), truth) == 1
    assert keys_read_wrong(SimpleNamespace(agency=None, year=2021), truth) == 1
    assert keys_read_wrong(SimpleNamespace(agency=None, year=None), truth) == 0


def test_bench_ocr_scores_the_reports_present_and_names_the_missing(tmp_path):
    """A subset of a scanned folder copied out with its truth.json: the reports present are
    scored, each one the truth lists but the folder lacks gets a line, and nothing fails."""
    import json
    import shutil

    from pipeline.bench import run_ocr_bench

    scanned = REPO / "tests" / "corpus" / "scanned"
    truth = json.loads((scanned / "truth.json").read_text(encoding="utf-8"))
    present = "gen_003_2021_scan.pdf"
    shutil.copy(scanned / present, tmp_path / present)
    (tmp_path / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    lines: list[str] = []
    total = run_ocr_bench(tmp_path, log=lines.append)
    missing = sorted(set(truth) - {present})
    assert missing and [line for line in lines if "not scored" in line] == [
        f"{name}: in truth.json, not in {tmp_path}: not scored" for name in missing]
    assert [line.split(":")[0] for line in lines if "not scored" not in line] == [present]
    totals = json.loads(total.splitlines()[0].removeprefix("total: "))
    line = next(line for line in lines if line.startswith(present))
    assert f"'cells': {totals['cells']}, 'right': {totals['right']}," in line and totals["cells"] >= 186
    assert "over 1 reports" in total


def test_row_groups_of_year_counts_what_statistics_let_a_reader_skip(tmp_path):
    """Row groups of 2019, of 2019-2021, of nulls only, and of 2020 with a null: a `year = 2019`
    reads the first two; a `year = 2020` the second and the last."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.bench import row_groups_of_year

    schema = pa.schema([("year", pa.int32())])
    with pq.ParquetWriter(tmp_path / "part-000001.parquet", schema) as writer:
        for years in ([2019, 2019], [2019, 2021], [None, None], [2020, None]):
            writer.write_table(pa.table({"year": years}, schema=schema))
    assert row_groups_of_year(tmp_path, 2019) == (2, 4)
    assert row_groups_of_year(tmp_path, 2020) == (2, 4)


def test_output_bench_writes_publishes_and_queries_every_copy():
    """600 copies under 100 agencies and six years, in batches of 16: a run that compacts between
    batches (past AUTO_PARTS, 200: not reached here) and publishes each; every year's reports in
    DuckDB's count."""
    from pipeline.bench_output import YEARS, agencies, run_output_bench

    out = run_output_bench(GENERATED, 600, batch_size=16)
    assert out.startswith("an output of 600 reports (100 agencies x 6 years, copies of 36 seed reports), "
                          "batches of 16: written and published in ")
    assert len(re.findall(r"\d\.\d{3} s at \d+ \(\d+ parts\)", out)) == 10  # the publishes sampled
    counts = dict(re.findall(r"(\d{4}): (\d+) reports", out))
    assert counts == {str(y): "100" for y in YEARS}
    assert "38 part files per dataset" in out  # 600 reports in batches of 16, no compaction (the run's end
    # drops the output's empty first batch, as a run's does)
    names = agencies(100)
    assert len(set(names)) == 100 and names[0].endswith("人民政府")
