"""Batch runs: parallel output equals serial, incremental re-runs, a folder the output mirrors,
recovery from runs killed at any moment."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import store
from pipeline.report import PIPELINE_VERSION
from pipeline.run import extract_file, extract_folder
from pipeline.store import load, load_all
from tests.batch_helpers import assert_no_duplicates, copy_corpus
from tests.conftest import REPO

QUIET = {"log": lambda _: None, "progress": False}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Six reports extracted with one worker: the rows every other run must reproduce."""
    base = tmp_path_factory.mktemp("reference")
    copy_corpus(base / "raw", 4)
    summary = extract_folder(base / "raw", base / "out", jobs=1, **QUIET)
    assert summary.extracted == 6 and summary.reports == 6
    return base, load_all(base / "out")


def _parts(out):
    """The part files readers see (each dataset's folder)."""
    return sorted(f"{name}/{p.name}" for name in store.DATASETS for p in (out / name).glob("part-*.parquet"))


def test_two_workers_small_batches_give_the_rows_of_one_worker(reference, tmp_path):
    base, ref = reference
    summary = extract_folder(base / "raw", tmp_path / "out", jobs=2, batch_size=2, **QUIET)
    assert summary.extracted == 6 and summary.by_status == ref["reports"]["status"].value_counts().to_dict()
    assert len(_parts(tmp_path / "out")) == 4 * 3  # three batches of two reports, four datasets each
    got = load_all(tmp_path / "out")
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], ref[name])
    assert_no_duplicates(got)
    # pandas, pyarrow.dataset and DuckDB read the folder of parts as they are
    assert len(pd.read_parquet(tmp_path / "out" / "cells")) == len(ref["cells"])


def test_rerun_over_an_unchanged_folder_extracts_nothing_and_touches_nothing(reference, tmp_path):
    base, ref = reference
    out = tmp_path / "out"
    shutil.copytree(base / "out", out, symlinks=True)
    parts = [out / store.WORK / name for name in store.DATASETS]  # not the record of the files' sha256
    before = {p: p.stat().st_mtime_ns for folder in parts for p in folder.glob("*.parquet")}
    generation = os.readlink(out / "panel")
    summary = extract_folder(base / "raw", out, jobs=2, **QUIET)
    assert (summary.extracted, summary.skipped, summary.reports) == (0, 6, 6)
    assert summary.cells == len(ref["cells"])
    assert {p: p.stat().st_mtime_ns for folder in parts for p in folder.glob("*.parquet")} == before
    assert os.readlink(out / "panel") == generation  # nothing published again, nothing derived again


def test_output_mirrors_a_folder_that_changed(reference, tmp_path):
    base, ref = reference
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(base / "raw", raw)
    shutil.copytree(base / "out", out, symlinks=True)
    # one file renamed into a subfolder, one removed, one changed, one new, one copy of another
    (raw / "sub").mkdir()
    (raw / "gen_001_2020.pdf").rename(raw / "sub" / "renamed.pdf")
    (raw / "gen_002_2019.pdf").unlink()
    changed = raw / "gen_003_2021.pdf"
    changed.write_bytes(changed.read_bytes() + b"\n")
    shutil.copy(REPO / "tests" / "corpus" / "generated" / "gen_010_2024.pdf", raw / "new.pdf")
    shutil.copy(raw / "gen_004_2021.pdf", raw / "zz_copy.pdf")

    summary = extract_folder(raw, out, jobs=2, **QUIET)
    assert (summary.extracted, summary.skipped, summary.moved, summary.changed, summary.removed, summary.duplicates) \
        == (2, 4, 1, 1, 1, 1)
    assert str(summary).endswith("extracted 2, skipped 4, 1 moved, 1 changed, 1 removed, 1 duplicates")
    got = load_all(out)
    assert_no_duplicates(got)
    assert sorted(got["reports"]["source_file"]) == sorted(
        ["fujian-hrss_2019.pdf", "sample-county_2022.pdf", "sub/renamed.pdf", "gen_003_2021.pdf",
         "gen_004_2021.pdf", "new.pdf"])
    # the renamed file kept its rows (not extracted again) under its new path
    old = ref["reports"].set_index("source_file").loc["gen_001_2020.pdf", "report_id"]
    moved = got["cells"][got["cells"].report_id == old]
    assert len(moved) == (ref["cells"].report_id == old).sum() > 0
    assert set(moved["source_file"]) == {"sub/renamed.pdf"}
    # the removed file and the old bytes of the changed file are gone from every dataset
    gone = set(ref["reports"].set_index("source_file").loc[["gen_002_2019.pdf", "gen_003_2021.pdf"], "report_id"])
    for name in store.DATASETS:
        assert not set(got[name]["report_id"]) & gone
    # a second run has nothing left to do
    again = extract_folder(raw, out, jobs=2, **QUIET)
    assert (again.extracted, again.moved, again.removed) == (0, 0, 0)


def test_a_new_pipeline_version_or_force_redoes_every_file(reference, tmp_path):
    base, ref = reference
    out = tmp_path / "out"
    shutil.copytree(base / "out", out, symlinks=True)
    # make the output look written by an older pipeline
    for part in (out / store.WORK / "reports").glob("*.parquet"):
        t = pq.read_table(part)
        t = t.set_column(t.column_names.index("pipeline_version"), "pipeline_version",
                         pa.array(["0.0.1"] * len(t), pa.string()))
        pq.write_table(t, part)
    summary = extract_folder(base / "raw", out, jobs=2, **QUIET)
    assert (summary.extracted, summary.skipped) == (6, 0)
    got = load_all(out)
    assert set(got["reports"]["pipeline_version"]) == {PIPELINE_VERSION}
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], ref[name])

    forced = extract_folder(base / "raw", out, jobs=2, force=True, **QUIET)
    assert (forced.extracted, forced.skipped) == (6, 0)
    pd.testing.assert_frame_equal(load("cells", out), ref["cells"])
    assert len(store.committed_batches(out)) == 1  # the old batch was dropped, not kept beside


def test_recovery_from_what_a_killed_run_leaves(reference, tmp_path):
    """The states a SIGKILL can leave, made by hand: a temp file, parts of an uncommitted batch,
    and a batch rewritten but its old copy not yet deleted (every row twice)."""
    base, ref = reference
    out = tmp_path / "out"
    shutil.copytree(base / "out", out, symlinks=True)
    [batch] = store.committed_batches(out)
    work = out / store.WORK
    for name in store.DATASETS:
        shutil.copy(work / name / f"part-{batch:06d}.parquet", work / name / f"part-{batch + 1:06d}.parquet")
    for name in ("cells", "sections"):  # batch + 2 died before its reports part
        shutil.copy(work / name / f"part-{batch:06d}.parquet", work / name / f"part-{batch + 2:06d}.parquet")
    (work / "cells" / ".part-000009.parquet.abcd.tmp").write_bytes(b"PAR1 half")
    assert len(load("cells", out)) == len(ref["cells"])  # readers see the last published output, once

    summary = extract_folder(base / "raw", out, jobs=1, **QUIET)
    assert summary.extracted == 0 and summary.reports == 6
    got = load_all(out)
    assert_no_duplicates(got)
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], ref[name])
    assert not list(out.rglob("*.tmp")) and store.committed_batches(out) == [batch + 1]


def test_sigkill_at_any_moment_keeps_the_output_readable_and_the_next_run_completes_it(reference, tmp_path):
    base, ref = reference
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(base / "raw" / "fujian-hrss_2019.pdf", raw)
    extract_folder(raw, out, jobs=1, **QUIET)  # the previous output: one report
    before = load_all(out)
    shutil.copytree(base / "raw", raw, dirs_exist_ok=True)
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(raw), str(out), "--jobs", "2",
           "--batch-size", "1", "--no-progress"]
    # kill each run just after it committed one more batch (so mid-way through the next writes),
    # and one early, while it starts its workers
    counts = []
    for wait_for_commit in (True, True, True, False):
        seen = len(store.committed_batches(out))
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + (60 if wait_for_commit else 0.5)
        while time.monotonic() < deadline and proc.poll() is None:
            if wait_for_commit and len(store.committed_batches(out)) > seen:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = load_all(out)  # readable after every kill
        assert set(before["reports"]["report_id"]) <= set(now["reports"]["report_id"])
        assert_no_duplicates(now)
        counts.append(len(now["reports"]))
    assert counts[0] < 6  # the kills did stop runs short
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
    got = load_all(out)
    assert_no_duplicates(got)
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], ref[name])


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    with store.locked(tmp_path / "out"):
        with pytest.raises(RuntimeError, match="another run"):
            extract_folder(REPO / "data" / "raw", tmp_path / "out", **QUIET)


def test_cli_passes_jobs_and_force(tmp_path):
    raw = tmp_path / "raw"
    copy_corpus(raw, 0)
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(raw), str(tmp_path / "out"), "--jobs", "1"]
    first = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True)
    assert "extracting 2 files on 1 local worker " in first.stdout
    second = subprocess.run(cmd + ["--force"], cwd=REPO, capture_output=True, text=True, check=True)
    assert "summary: 2 reports (ok 2)" in second.stdout and "extracted 2, skipped 0" in second.stdout
    third = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True)
    assert "extracted 0, skipped 2" in third.stdout


def test_an_empty_input_folder_keeps_the_output_unless_pruned(reference, tmp_path):
    base, ref = reference
    out = tmp_path / "out"
    shutil.copytree(base / "out", out, symlinks=True)
    (tmp_path / "empty").mkdir()
    lines = []
    kept = extract_folder(tmp_path / "empty", out, log=lines.append, progress=False)
    assert (kept.reports, kept.removed, kept.kept) == (6, 0, 6)
    assert any("kept the rows of 6 files no longer under" in x and "--prune" in x for x in lines)
    pd.testing.assert_frame_equal(load("cells", out), ref["cells"])
    summary = extract_folder(tmp_path / "empty", out, prune=True, **QUIET)
    assert (summary.reports, summary.removed) == (0, 6)
    assert str(summary).startswith("0 reports; 0 cells; 0 checks failed")
    data = load_all(out)  # still four readable datasets, with their columns and no rows
    assert all(len(df) == 0 for df in data.values()) and "report_id" in data["cells"].columns
    assert data["reports"]["year"].dtype == "Int32"


def _progress_lines(total: int, *reports) -> list[str]:
    """The lines PlainProgress logs for these reports, a progress line after each but the last."""
    from pipeline.progress import PlainProgress

    lines = []
    bar = PlainProgress(total, lines.append, every=0)
    for report in reports:
        bar.update(report)
    return lines


def test_plain_progress_lines_count_by_status_with_rate_and_eta():
    from pipeline.report import Report

    lines = _progress_lines(3, Report("a", "a.pdf", status="ok"), Report("b", "b.pdf", error="empty file (0 bytes)"),
                            Report("c", "c.pdf", status="ok"))
    assert lines[0] == "ok           a.pdf"
    assert lines[2] == "error        b.pdf - empty file (0 bytes)"
    assert lines[3].startswith("progress: 2/3 (error 1, ok 1), ") and "files/s, ETA " in lines[3]
    assert len(lines) == 5  # no progress line after the last file: the summary follows


def test_progress_counts_a_file_of_two_reports_once_and_names_each():
    from pipeline.report import Report

    lines = _progress_lines(2, Report("f#1", "two.pdf", status="ok"), Report("f#2", "two.pdf", status="partial"),
                            Report("g", "one.pdf", status="ok"))
    assert lines[0] == "ok           two.pdf (report 1)"
    assert lines[1].startswith("progress: 1/2 (ok 1), ")
    assert lines[2] == "partial      two.pdf (report 2)"
    assert lines[3].startswith("progress: 1/2 (ok 1, partial 1), ")
    assert lines[4] == "ok           one.pdf" and len(lines) == 5


def test_live_progress_bar_shows_counts(capsys):
    from pipeline.progress import LiveProgress
    from pipeline.report import Report

    bar = LiveProgress(2)
    bar.update(Report("a", "a.pdf", status="ok"))
    bar.update(Report("b", "b.pdf", error="not a PDF"))
    bar.close()
    assert "error        b.pdf - not a PDF" in capsys.readouterr().out
    task = bar.bar.tasks[0]
    assert (task.completed, task.fields["counts"]) == (2, "error 1 ok 1")


def test_an_output_of_the_former_pipeline_is_taken_over(tmp_path):
    """The former writer: one part per dataset, replaced whole, and two copies of the same file
    each with its rows. The first batch run keeps one copy and extracts nothing."""
    from pipeline.run import extract_file

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(REPO / "data" / "raw" / "sample-county_2022.pdf", raw / name)
    store.write_datasets(out, extract_file(raw / "a.pdf", raw) + extract_file(raw / "b.pdf", raw))
    assert len(load("reports", out)) == 2
    summary = extract_folder(raw, out, **QUIET)
    assert (summary.extracted, summary.skipped, summary.duplicates, summary.reports) == (0, 1, 1, 1)
    got = load_all(out)
    assert_no_duplicates(got)
    assert set(got["cells"]["source_file"]) == {"a.pdf"} and len(got["sections"]) > 0


def test_a_run_dropping_most_reports_keeps_them_unless_pruned(reference, tmp_path):
    base, ref = reference
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(base / "raw", raw)
    shutil.copytree(base / "out", out, symlinks=True)
    for name in ("gen_001_2020.pdf", "gen_002_2019.pdf", "gen_003_2021.pdf", "gen_004_2021.pdf"):
        (raw / name).unlink()  # four of six gone at once: a half-copied or half-mounted folder?
    kept = extract_folder(raw, out, **QUIET)
    assert (kept.reports, kept.removed, kept.kept) == (6, 0, 4)
    pruned = extract_folder(raw, out, prune=True, **QUIET)
    assert (pruned.reports, pruned.removed) == (2, 4)
    (raw / "sample-county_2022.pdf").unlink()  # one of two: half, not more than half
    assert extract_folder(raw, out, **QUIET).removed == 1


def test_a_force_run_killed_at_any_moment_never_shows_a_report_twice(reference, tmp_path):
    """Readers see the last published generation: a FORCE run replaces the reports it redoes
    in one step, at its end, so a reader in between sees each report once."""
    import random

    base, ref = reference
    out = tmp_path / "out"
    shutil.copytree(base / "out", out, symlinks=True)
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(base / "raw"), str(out), "--jobs", "2",
           "--batch-size", "1", "--force", "--no-progress"]
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + rng.uniform(0.5, 4.0)
        while time.monotonic() < deadline and proc.poll() is None:
            assert_no_duplicates(load_all(out))  # read while it runs
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = load_all(out)
        assert_no_duplicates(now)
        assert sorted(now["reports"]["report_id"]) == sorted(ref["reports"]["report_id"])
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
    got = load_all(out)
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], ref[name])


def test_the_generation_a_reader_resolved_stays_whole_through_the_next_publish(tmp_path):
    """Why `load` resolves the link before reading: a FORCE run redoes both samples into new
    batches and publishes once. The parts a reader listed through the link are gone from it then
    (pyarrow lists, then opens: a read in between fails), while the folder the link pointed to
    still holds every part, and `load` reads the new generation's rows once each."""
    from tests.batch_helpers import SAMPLES

    out = tmp_path / "out"
    extract_folder(SAMPLES, out, jobs=1, batch_size=1, **QUIET)
    through_link = sorted((out / "cells").glob("part-*.parquet"))
    resolved = sorted((out / "cells").resolve().glob("part-*.parquet"))
    assert len(through_link) == len(resolved) == 2
    before = load("cells", out)
    extract_folder(SAMPLES, out, jobs=1, batch_size=1, force=True, **QUIET)
    assert not any(p.exists() for p in through_link)
    assert all(p.exists() for p in resolved)
    assert sorted(p.name for p in (out / "cells").glob("part-*.parquet")) != [p.name for p in through_link]
    pd.testing.assert_frame_equal(load("cells", out), before)


def test_a_run_killed_before_its_final_publish_is_published_by_the_next(reference, tmp_path):
    """A run that only adds reports publishes each batch with the derived datasets carried from
    before; killed before its end, the next run over the same folder, with nothing to extract,
    computes them. A publish killed while it swapped the links (datasets of two generations) is
    published again too."""
    from tests.batch_helpers import SAMPLES

    base, ref = reference
    out = tmp_path / "out"
    extract_folder(SAMPLES, out, jobs=1, **QUIET)  # the two samples, published whole
    with store.locked(out):  # the other four files' batch, published as a run does along the way
        writer = store.BatchWriter(out, store.recover(out))
        for path in sorted((base / "raw").glob("gen_*.pdf")):
            writer.add_file(extract_file(path, base / "raw"))
        writer.flush()
        store.publish(out, derive=False)
    assert len(load("reports", out)) == 6 and len(load("panel", out)) < len(ref["reports"])  # carried: stale
    assert extract_folder(base / "raw", out, jobs=1, **QUIET).extracted == 0
    panel = load("panel", out)
    assert sorted(panel["report_id"]) == sorted(ref["reports"]["report_id"])

    generations = sorted((out / store.GENERATIONS).iterdir())
    (out / "panel").unlink()  # the links swapped up to `panel`: it still shows the generation before
    (out / "panel").symlink_to(generations[-2].relative_to(out) / "panel")
    assert not store.is_published(out)
    assert extract_folder(base / "raw", out, jobs=1, **QUIET).extracted == 0
    assert store.is_published(out) and len({(out / d).resolve().parent for d in ("panel", "cells")}) == 1
    pd.testing.assert_frame_equal(load("panel", out), panel)


def test_copies_a_killed_run_left_never_show_in_the_publishes_of_the_next(reference, tmp_path, monkeypatch):
    """A FORCE run or a compaction killed after writing its batch, before deleting the old one,
    leaves every report twice in the working folder. The next run that only adds reports
    publishes after each batch: none of its publishes may show a report twice."""
    base, ref = reference
    out, raw = tmp_path / "out", tmp_path / "raw"
    shutil.copytree(base / "out", out, symlinks=True)
    [batch] = store.committed_batches(out)
    for name in store.DATASETS:
        work = out / store.WORK / name
        shutil.copy(work / store.part_name(batch), work / store.part_name(batch + 1))
    shutil.copytree(base / "raw", raw)
    shutil.copy(REPO / "tests" / "corpus" / "generated" / "gen_010_2024.pdf", raw)
    seen = []
    real_publish = store.publish

    def checking_publish(out_dir, *args, **kwargs):
        number = real_publish(out_dir, *args, **kwargs)
        reports = load("reports", out_dir)
        seen.append(len(reports))
        assert not reports["report_id"].duplicated().any()
        return number

    monkeypatch.setattr(store, "publish", checking_publish)
    summary = extract_folder(raw, out, jobs=1, batch_size=1, **QUIET)
    assert summary.extracted == 1 and summary.reports == 7 and seen == [7, 7]


def test_a_file_the_plan_could_not_hash_is_kept_by_the_sha256_its_worker_read(reference, tmp_path, monkeypatch):
    """Reading a file for its sha256 can fail once (a file still being copied in, a flaky network
    share) and work in the worker a moment later: the report stays in the output."""
    from pipeline.file_ids import FileIds

    base, ref = reference
    real_sha256 = FileIds.sha256

    def flaky(self, path):
        if path.name == "gen_002_2019.pdf":
            raise PermissionError(13, "Permission denied")
        return real_sha256(self, path)

    monkeypatch.setattr(FileIds, "sha256", flaky)
    out = tmp_path / "out"
    summary = extract_folder(base / "raw", out, jobs=1, **QUIET)
    assert summary.extracted == 6 and summary.reports == 6
    monkeypatch.setattr(FileIds, "sha256", real_sha256)
    assert extract_folder(base / "raw", out, jobs=1, **QUIET).extracted == 0
    got = load_all(out)
    for name in store.DATASETS:
        pd.testing.assert_frame_equal(got[name], ref[name])


def test_a_first_run_is_readable_before_its_first_batch(tmp_path, monkeypatch):
    """A first run publishes its empty datasets before it extracts anything: killed there, the
    output still reads (empty, with the contract's columns)."""
    from tests.batch_helpers import SAMPLES

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.run.make_plan", killed)
    with pytest.raises(KeyboardInterrupt):
        extract_folder(SAMPLES, tmp_path / "out", jobs=1, **QUIET)
    data = load_all(tmp_path / "out")
    assert all(len(frame) == 0 for frame in data.values())
    assert list(data["cells"].columns) == store.schemas()["cells"].names
