"""The per-file work on Dask distributed gives the rows of a local run."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline import store
from pipeline.run import extract_folder
from pipeline.store import load_all
from tests.batch_helpers import SAMPLES, assert_no_duplicates

distributed = pytest.importorskip("distributed", reason="dask distributed is not installed (pip install '.[dask]')")

QUIET = {"log": lambda _: None, "progress": False}
CRASHY = "tests.batch_helpers:extract_or_crash"  # pipeline.run:extract_reports, but crash* segfaults


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The two samples, a file that is no PDF and one that crashes its worker, with the rows a local
    run gives."""
    base = tmp_path_factory.mktemp("dask")
    raw = base / "raw"
    raw.mkdir()
    for p in SAMPLES.glob("*.pdf"):
        shutil.copy(p, raw)
    (raw / "broken.pdf").write_bytes(b"not a pdf at all")
    (raw / "crash.pdf").write_bytes(b"%PDF-1.4 this one kills the worker")
    extract_folder(raw, base / "local", jobs=1, work=CRASHY, **QUIET)
    return raw, load_all(base / "local")


def _same_rows(out, local):
    got = load_all(out)
    assert_no_duplicates(got)
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], local[name])


def test_dask_local_cluster_gives_the_rows_of_a_local_run(corpus, tmp_path):
    raw, local = corpus
    summary = extract_folder(raw, tmp_path / "out", executor="dask", jobs=2, work=CRASHY, **QUIET)
    assert summary.extracted == 4 and summary.by_status == {"ok": 2, "error": 2}
    _same_rows(tmp_path / "out", local)
    errors = local["reports"].set_index("source_file")["error"]
    assert errors["broken.pdf"].startswith("not a PDF")
    assert errors["crash.pdf"] == "extraction worker crashed (SIGSEGV)"  # and the Dask worker lived on


def test_dask_output_compacted_gives_the_rows_of_a_local_run(corpus, tmp_path):
    """A batch per file on the cluster, then `govreport compact`: the same rows in one part file."""
    from pipeline.compact import compact

    raw, local = corpus
    extract_folder(raw, tmp_path / "out", executor="dask", jobs=2, work=CRASHY, batch_size=1, **QUIET)
    assert len(store.committed_batches(tmp_path / "out")) == 4
    summary = compact(tmp_path / "out")
    assert (summary.parts_before, summary.parts_after) == (4, 1)
    _same_rows(tmp_path / "out", local)


def test_dask_at_a_scheduler_address(corpus, tmp_path):
    """As `make extract EXECUTOR=dask SCHEDULER=tcp://...` runs it, against a cluster started here."""
    raw, local = corpus
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        summary = extract_folder(raw, tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address,
                                 work=CRASHY, **QUIET)
        assert summary.extracted == 4
        assert cluster.scheduler_address.startswith("tcp://")
    _same_rows(tmp_path / "out", local)
