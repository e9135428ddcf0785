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
    raw, _, before = extracted
    monkeypatch.setattr(compact_module, "AUTO_PARTS", 2)
    lines = []
    extract_folder(raw, tmp_path / "out", jobs=1, batch_size=1, log=lines.append, progress=False)
    assert "compacted 3 part files per dataset into 1" in lines
    _same_rows(tmp_path / "out", before)


def test_compact_without_output_is_a_one_line_error(tmp_path, capsys):
    from pipeline.cli import main

    assert main(["compact", str(tmp_path / "nothing")]) == 2
    assert capsys.readouterr().err.startswith("error: no output to compact in ")
