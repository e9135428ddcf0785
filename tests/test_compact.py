"""Compaction (pipeline.compact): many small part files merged into few, every row kept once,
a reader never seeing a row twice, a killed compaction finished by the next one."""
from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from pipeline import compact as compact_module
from pipeline import store
from pipeline.compact import compact, compact_batches
from pipeline.run import extract_folder
from pipeline.store import load_all
from tests.batch_helpers import SAMPLES, assert_no_duplicates

QUIET = {"log": lambda _: None, "progress": False}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The samples and a web page, a batch each (three part files per dataset), and their rows."""
    base = tmp_path_factory.mktemp("compact")
    raw = base / "raw"
    raw.mkdir()
    for p in SAMPLES.glob("*.pdf"):
        shutil.copy(p, raw)
    shutil.copy(SAMPLES.parents[1] / "tests" / "fixtures" / "site" / "ndbg" / "t2022.html", raw / "web.html")
    extract_folder(raw, base / "out", jobs=1, batch_size=1, **QUIET)
    return raw, base / "out", load_all(base / "out")


def _copy(out, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(out, copy, symlinks=True)
    return copy


def _same_rows(out, before):
    got = load_all(out)
    assert_no_duplicates(got)
    for name in (*store.DATASETS, "panel", "agencies"):
        pd.testing.assert_frame_equal(got[name], before[name])


def test_compaction_merges_the_parts_and_keeps_every_row(extracted, tmp_path):
    _, out, before = extracted
    out = _copy(out, tmp_path)
    assert len(store.committed_batches(out)) == 3
    summary = compact(out)
    assert (summary.parts_before, summary.parts_after) == (3, 1)
    assert [len(list((out / name).glob("part-*.parquet"))) for name in store.DATASETS] == [1, 1, 1, 1]
    _same_rows(out, before)
    n = duckdb.sql(f"select count(*) from read_parquet('{out}/cells/**/*.parquet')").fetchall()[0][0]
    assert n == len(before["cells"])


def test_batches_up_to_the_target_are_merged_in_order(extracted, tmp_path):
    _, out, before = extracted
    out = _copy(out, tmp_path)
    sizes = [len(t) for t in (store.read_part(out / store.WORK / "cells" / store.part_name(b))
                              for b in store.committed_batches(out))]
    with store.locked(out):
        compact_batches(out, store.recover(out), target_cells=sizes[0] + sizes[1])
        store.publish(out)
    assert len(store.committed_batches(out)) == 2  # the first two merged, the third alone
    _same_rows(out, before)


def test_a_killed_compaction_is_finished_by_the_next(extracted, tmp_path):
    """Killed after the merged batch was written and before the old ones went: the published
    output is as it was, and the next compaction keeps each report once."""
    _, out, before = extracted
    out = _copy(out, tmp_path)
    old = store.committed_batches(out)
    compact_module._merge(out, old, store.recover(out))  # the merged batch, the old ones still there
    assert len(store.committed_batches(out)) == 4
    _same_rows(out, before)  # readers see the generation published before
    summary = compact(out)
    assert summary.parts_after == 1
    _same_rows(out, before)


def test_a_run_past_the_threshold_compacts_itself(extracted, tmp_path, monkeypatch):
    """A run that redoes every file (it publishes once, at its end) compacts before it publishes."""
    raw, _, before = extracted
    out = _copy(extracted[1], tmp_path)
    monkeypatch.setattr(compact_module, "AUTO_PARTS", 2)
    lines = []
    extract_folder(raw, out, jobs=1, batch_size=1, force=True, log=lines.append, progress=False)
    assert "compacted 3 part files per dataset into 1" in lines
    _same_rows(out, before)


def test_a_run_that_publishes_each_batch_compacts_between_them(extracted, tmp_path, monkeypatch):
    """A run that only adds reports publishes after each batch, and each publish links every part
    file: past AUTO_PARTS it compacts first, so the part files a publish links stay few however
    many batches the run writes."""
    raw, _, before = extracted
    out = tmp_path / "out"
    monkeypatch.setattr(compact_module, "AUTO_PARTS", 2)
    published = []
    real_publish = store.publish

    def counting_publish(out_dir, *args, **kwargs):
        number = real_publish(out_dir, *args, **kwargs)
        published.append(len(list((out / "cells").glob("part-*.parquet"))))
        return number

    monkeypatch.setattr(store, "publish", counting_publish)
    extract_folder(raw, out, jobs=1, batch_size=1, **QUIET)
    # the new output's empty batch, published at the start; the first batch (the empty one
    # dropped), the second beside it; past 2, all three merged; the run's end publishing that
    assert published == [1, 1, 2, 1, 1]
    _same_rows(out, before)


def test_compact_without_output_is_a_one_line_error(tmp_path, capsys):
    from pipeline.cli import main

    assert main(["compact", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err.startswith("error: no output to compact in ")


def _row_group_years(part) -> list[tuple]:
    """(min, max, null count) of `year` in each row group of a part file, from its statistics."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(part).metadata
    column = meta.schema.to_arrow_schema().get_field_index("year")
    stats = [meta.row_group(i).column(column).statistics for i in range(meta.num_row_groups)]
    return [(s.min if s.has_min_max else None, s.max if s.has_min_max else None, s.null_count) for s in stats]


def test_compacted_cells_and_reports_are_in_row_groups_of_one_year(extracted, tmp_path):
    """The samples are of 2019 and 2022 (the web page too): a row group each, so a reader's filter on
    the year skips the other by its statistics."""
    import pyarrow.dataset as ds

    _, out, before = extracted
    out = _copy(out, tmp_path)
    compact(out)
    for name in ("cells", "reports"):
        (part,) = (out / name).glob("part-*.parquet")
        assert _row_group_years(part) == [(2019, 2019, 0), (2022, 2022, 0)]
        (fragment,) = ds.dataset(part).get_fragments()
        kept = fragment.split_by_row_group(ds.field("year") == 2019)
        assert [[g.num_rows for g in f.row_groups] for f in kept] == [[int((before[name]["year"] == 2019).sum())]]
    _same_rows(out, before)


def test_a_batch_of_two_years_is_written_as_a_row_group_each(extracted, tmp_path):
    """A run's own batch parts too: the three files in one batch, 2019's rows and 2022's apart."""
    raw, _, before = extracted
    extract_folder(raw, tmp_path / "out", jobs=1, batch_size=3, **QUIET)
    (batch,) = store.committed_batches(tmp_path / "out")
    for name in ("cells", "reports"):
        assert _row_group_years(store.part_path(tmp_path / "out", name, batch)) == [(2019, 2019, 0), (2022, 2022, 0)]
    _same_rows(tmp_path / "out", before)


def test_year_row_groups_hold_each_row_once_within_the_held_rows():
    """Three parts of mixed years (one with a null year) through a writer holding at most 5 rows:
    every row written once, each row group one year, a report's rows together in one."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("report_id", pa.string()), ("year", pa.int32()), ("value", pa.float64())])
    parts = [pa.table({"report_id": ["a", "a", "b", "b", "b"], "year": [2020, 2020, 2019, 2019, 2019],
                       "value": [1.0, 2.0, 3.0, 4.0, 5.0]}, schema=schema),
             pa.table({"report_id": ["c", "c", "d"], "year": [None, None, 2020], "value": [6.0, 7.0, 8.0]},
                      schema=schema),
             pa.table({"report_id": ["e", "e", "e", "f"], "year": [2019, 2019, 2019, 2021],
                       "value": [9.0, 10.0, 11.0, 12.0]}, schema=schema)]
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, schema) as writer:
        groups = compact_module._YearRowGroups(writer, held=5)
        for part in parts:
            groups.add(part)
        groups.close()
    written = pq.ParquetFile(io.BytesIO(sink.getvalue()))
    row_groups = [written.read_row_group(i).to_pylist() for i in range(written.num_row_groups)]
    assert sorted(r["value"] for g in row_groups for r in g) == [float(v) for v in range(1, 13)]
    assert all(len({r["year"] for r in g}) == 1 for g in row_groups)
    where = {r["report_id"]: {i for i, g in enumerate(row_groups) for s in g if s["report_id"] == r["report_id"]}
             for g in row_groups for r in g}
    assert all(len(groups_of) == 1 for groups_of in where.values())
    # part 2 makes 8 rows held: 2019 (b) goes, of the two years holding three; part 3 makes 9:
    # 2019 (e) goes, then 2020 (a, d); 2021 and the null year at the close
    assert [g[0]["year"] for g in row_groups] == [2019, 2019, 2020, 2021, None]


def test_a_file_of_two_reports_stays_in_one_batch(tmp_path):
    """Reports of one file in two batches: the older batch's would be taken for an old copy."""
    from pipeline.report import Report

    out = tmp_path / "out"
    with store.locked(out):
        writer = store.BatchWriter(out, store.ensure_datasets(out, store.recover(out)), batch_size=2)
        writer.add(Report("a" * 64, "one.pdf", status="ok"))
        writer.add_file([Report("b" * 64 + "#1", "two.pdf", status="ok"), Report("b" * 64 + "#2", "two.pdf",
                                                                              status="ok")])
        writer.flush()
        newest = {key: entries[-1].source_file for key, entries in store.read_state(out).items()}
        store.reconcile(out, newest, writer.next_batch)
    ids = sorted(e.report_id for entries in store.read_state(out).values() for e in entries)
    assert ids == ["a" * 64, "b" * 64 + "#1", "b" * 64 + "#2"]


def test_full_part_files_do_not_make_a_run_compact_after_every_batch(tmp_path, monkeypatch):
    """Past AUTO_PARTS part files that are already full (a national output), a run compacts once
    AUTO_PARTS more have come, not after every batch."""
    from pipeline.compact import DuringRun
    from pipeline.report import Report

    monkeypatch.setattr(compact_module, "AUTO_PARTS", 2)
    monkeypatch.setattr(compact_module, "TARGET_CELLS", -1)  # every part is full: nothing merges
    merges = []
    real = compact_module.compact_batches
    monkeypatch.setattr(compact_module, "compact_batches", lambda *a: merges.append(a) or real(*a))
    out = tmp_path / "out"
    during = DuringRun(out)
    with store.locked(out):
        writer = store.BatchWriter(out, store.recover(out), batch_size=1, after_batch=during)
        for k in range(9):
            writer.add(Report(f"{k:064x}", f"{k}.pdf", status="ok"))
    # after the 3rd batch (3 > 0 + 2): nothing merged, 3 left; then after the 6th (6 > 3 + 2), the 9th
    assert len(merges) == 3 and len(store.committed_batches(out)) == 9
