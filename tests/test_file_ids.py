"""The sha256 of input files recorded between runs (pipeline.file_ids): an unchanged file is not
read again; new bytes always are, whatever the file's size and modification time say."""
from __future__ import annotations

import hashlib
import os
import shutil
import time

import pytest

from pipeline import file_ids
from pipeline.file_ids import FILE, FileIds
from pipeline.incremental import make_plan
from pipeline.run import extract_folder
from tests.batch_helpers import SAMPLES


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Three files, recorded by a first pass (none too recent to trust: RACY_SECONDS 0)."""
    monkeypatch.setattr(file_ids, "RACY_SECONDS", 0.0)
    paths = []
    for i in range(3):
        p = tmp_path / "raw" / f"r{i}.pdf"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(b"%%PDF-1.4 report %d" % i)
        paths.append(p)
    ids = FileIds.load(tmp_path / "work")
    assert [ids.sha256(p) for p in paths] == [_sha(p) for p in paths]
    assert ids.read == 3
    ids.save()
    return tmp_path / "work", paths


def test_an_unchanged_file_is_not_read_again(files):
    work, paths = files
    ids = FileIds.load(work)
    assert [ids.sha256(p) for p in paths] == [_sha(p) for p in paths]
    assert ids.read == 0
    recorded = (work / FILE).stat().st_mtime_ns
    ids.save()
    assert (work / FILE).stat().st_mtime_ns == recorded  # nothing new: nothing written


def test_new_bytes_are_read_even_under_the_same_size_and_modification_time(files):
    """Writing sets the change time, which nothing sets back: `touch -d`, `rsync -t` and
    os.utime set the modification time only."""
    work, paths = files
    old = paths[0].stat()
    time.sleep(0.05)  # past the file system clock's tick (RACY_SECONDS, 0 here, guards a run against it)
    paths[0].write_bytes(b"%PDF-1.4 report 9")  # the same length
    os.utime(paths[0], ns=(old.st_atime_ns, old.st_mtime_ns))
    assert paths[0].stat().st_size == old.st_size and paths[0].stat().st_mtime_ns == old.st_mtime_ns
    ids = FileIds.load(work)
    assert ids.sha256(paths[0]) == _sha(paths[0]) == hashlib.sha256(b"%PDF-1.4 report 9").hexdigest()
    assert ids.read == 1


def test_a_file_replaced_by_another_is_read(files):
    work, paths = files
    old = paths[0].stat()
    time.sleep(0.05)
    shutil.copy2(paths[1], paths[0].with_name("tmp"))
    os.replace(paths[0].with_name("tmp"), paths[0])  # another inode, same size, mtime set back
    os.utime(paths[0], ns=(old.st_atime_ns, old.st_mtime_ns))
    ids = FileIds.load(work)
    assert ids.sha256(paths[0]) == _sha(paths[1])
    assert ids.read == 1


def test_a_file_changed_within_the_clock_tick_of_its_record_is_read_again(tmp_path):
    """A file written less than RACY_SECONDS before it was recorded is not recorded: a write in
    the same tick could leave its change time as it was."""
    p = tmp_path / "r.pdf"
    p.write_bytes(b"%PDF-1.4")
    ids = FileIds.load(tmp_path / "work")
    ids.sha256(p)
    ids.save()
    again = FileIds.load(tmp_path / "work")
    assert again.sha256(p) == _sha(p)
    assert again.read == 1


def test_a_damaged_record_means_reading_every_file(files):
    work, paths = files
    (work / FILE).write_bytes(b"not parquet")
    ids = FileIds.load(work)
    assert [ids.sha256(p) for p in paths] == [_sha(p) for p in paths]
    assert ids.read == 3


def test_a_rerun_reads_no_unchanged_file_and_a_forced_one_reads_them_all(tmp_path, monkeypatch):
    monkeypatch.setattr(file_ids, "RACY_SECONDS", 0.0)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for p in SAMPLES.glob("*.pdf"):
        shutil.copy(p, raw)
    extract_folder(raw, out, jobs=1, log=lambda _: None, progress=False)
    files = sorted(raw.glob("*.pdf"))
    plan = make_plan(files, raw, out, log=lambda _: None)
    assert (plan.hashed, plan.skipped, len(plan.todo)) == (0, 2, 0)
    assert [t.report_id for t in make_plan(files, raw, out, force=True, log=lambda _: None).todo] == \
        [_sha(p) for p in files]
    assert make_plan(files, raw, out, force=True, log=lambda _: None).hashed == 2


def test_a_name_that_is_not_utf8_is_recorded(tmp_path, monkeypatch):
    monkeypatch.setattr(file_ids, "RACY_SECONDS", 0.0)
    folder = os.fsencode(tmp_path)
    path = os.fsdecode(folder + b"/r\xff.pdf")  # a surrogate escape in the str
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4")
    ids = FileIds.load(tmp_path / "work")
    ids.sha256(path)
    ids.save()
    again = FileIds.load(tmp_path / "work")
    assert again.sha256(path) == hashlib.sha256(b"%PDF-1.4").hexdigest()
    assert again.read == 0


def test_an_entry_without_a_sha256_is_not_taken(files):
    """A record whose sha256 is null (a damaged or foreign file) would key every file by its path."""
    import pyarrow.parquet as pq

    work, paths = files
    table = pq.read_table(work / FILE)
    table = table.set_column(table.schema.get_field_index("sha256"), "sha256",
                             pa_nulls(len(table)))
    pq.write_table(table, work / FILE)
    ids = FileIds.load(work)
    assert [ids.sha256(p) for p in paths] == [_sha(p) for p in paths]
    assert ids.read == 3


def pa_nulls(n):
    import pyarrow as pa

    return pa.nulls(n, type=pa.string())
