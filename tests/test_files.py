"""What a careful user meets on real file systems: odd file names, linked folders, a read-only
or full output, an output that is a file (tests/test_batch.py has killed runs)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from pipeline.names import local_path, source_bytes, source_name
from pipeline.run import extract_folder
from pipeline.store import load
from tests.conftest import REPO

GENERATED = REPO / "tests" / "corpus" / "generated"
GBK = "江西省民政厅2019年报告.pdf".encode("gb18030")  # a Chinese ZIP unzipped on Linux leaves names like this
QUIET = {"log": lambda _: None, "progress": False}


def test_source_names_keep_any_bytes_losslessly():
    for raw in (GBK, b"a\\b.pdf", "报告/2024年.pdf".encode(), b"x\\xbd.pdf", b"\xff\xfe.pdf"):
        name = source_name(os.fsdecode(raw))
        assert name.isprintable() and source_bytes(name) == raw, raw
    assert source_name(os.fsdecode(GBK)).startswith("\\xbd\\xad\\xce\\xf7")


def test_a_file_whose_name_is_not_utf8_is_read_like_any_other(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GENERATED / "gen_002_2019.pdf", os.path.join(os.fsencode(raw), GBK))
    shutil.copy(GENERATED / "gen_003_2021.pdf", raw / "gen_003_2021.pdf")
    out = tmp_path / "out"
    summary = extract_folder(raw, out, **QUIET)
    assert summary.by_status == {"ok": 2}
    reports = load("reports", out).set_index("source_file")
    name = source_name(os.fsdecode(GBK))
    assert reports.loc[name, "agency"] == "江西省民政厅" and reports.loc[name, "year"] == 2019
    assert local_path(raw, name).is_file()  # the name leads back to the file
    assert extract_folder(raw, out, **QUIET).extracted == 0  # and a re-run has nothing to do


def test_linked_folders_are_followed_and_a_loop_is_said(tmp_path):
    raw, elsewhere = tmp_path / "raw", tmp_path / "elsewhere"
    (raw / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    shutil.copy(GENERATED / "gen_003_2021.pdf", elsewhere / "linked.pdf")
    shutil.copy(GENERATED / "gen_004_2021.pdf", raw / "sub" / "own.pdf")
    (raw / "other").symlink_to(elsewhere, target_is_directory=True)
    (raw / "sub" / "loop").symlink_to(raw, target_is_directory=True)
    lines = []
    summary = extract_folder(raw, tmp_path / "out", log=lines.append, progress=False)
    assert summary.extracted == 2 and summary.duplicates == 0
    assert sorted(load("reports", tmp_path / "out")["source_file"]) == ["other/linked.pdf", "sub/own.pdf"]
    assert f"{'skipped':12} sub/loop/ - a folder already read under another path (a link to it, or a loop)" in lines


def test_a_folder_linked_twice_is_read_under_its_first_path_in_sorted_order(tmp_path):
    from pipeline.run import find_reports

    for real, link in (("a", "b/alias"), ("d", "c/alias")):  # the real folder first, then the link first
        raw = tmp_path / real / "raw"
        (raw / real).mkdir(parents=True)
        (raw / link).parent.mkdir(parents=True)
        shutil.copy(GENERATED / "gen_003_2021.pdf", raw / real / "x.pdf")
        (raw / link).symlink_to(raw / real, target_is_directory=True)
        lines = []
        first, second = sorted([f"{real}/x.pdf", f"{link}/x.pdf"])
        assert [p.relative_to(raw).as_posix() for p in find_reports(raw, lines.append)] == [first]
        assert lines == [f"{'skipped':12} {second.removesuffix('/x.pdf')}/ - a folder already read under another "
                         f"path (a link to it, or a loop)"]


def test_a_broken_link_or_a_fifo_is_skipped_and_said(tmp_path):
    from pipeline.run import find_reports

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GENERATED / "gen_003_2021.pdf", raw / "real.pdf")
    (raw / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    os.mkfifo(raw / "pipe.PDF")
    lines = []
    assert find_reports(raw, lines.append) == [raw / "real.pdf"]
    assert lines == [f"{'skipped':12} {name} - not a regular file (a link to a file that is not there, a FIFO, "
                     f"a device)" for name in ("gone.pdf", "pipe.PDF")]


def _cli(*args):
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", "--no-progress", "--jobs", "1", "--", *map(str, args)]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


def test_an_output_that_is_a_file_or_a_missing_input_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    run = _cli(REPO / "data" / "raw", tmp_path / "out")
    assert run.returncode == 2 and run.stderr == f"error: output {tmp_path / 'out'} is a file, not a folder\n"
    run = _cli(tmp_path / "nowhere", tmp_path / "out2")
    assert run.returncode == 2 and run.stderr.startswith("error: input folder not found")
    assert run.stderr.count("\n") == 1


def test_an_input_that_is_a_file_or_an_output_linked_nowhere_is_said_as_it_is(tmp_path):
    report = REPO / "data" / "raw" / "fujian-hrss_2019.pdf"
    run = _cli(report, tmp_path / "out")
    assert run.returncode == 2
    assert run.stderr == f"error: input {report} is a file, not a folder: give the folder that holds the reports\n"
    (tmp_path / "out").symlink_to(tmp_path / "gone")
    run = _cli(REPO / "data" / "raw", tmp_path / "out")
    assert run.returncode == 2
    assert run.stderr == f"error: output {tmp_path / 'out'} is a link to {tmp_path / 'gone'}, which is not there\n"


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of 2 MB (tmpfs), mounted for the test: needs root."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root): a full or read-only disk is not tried")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_is_one_line_exit_2_and_the_previous_output_stands(tmp_path, small_disk):
    out = small_disk / "out"
    first = _cli(REPO / "data" / "raw", out)
    assert first.returncode == 0, first.stderr
    before = load("cells", out)
    raw = tmp_path / "raw"
    raw.mkdir()
    for pdf in sorted(GENERATED.glob("*.pdf"))[:12]:  # more output than the disk has room for
        shutil.copy(pdf, raw / pdf.name)
    shutil.copytree(REPO / "data" / "raw", raw, dirs_exist_ok=True)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "padding").write_bytes(b"\0" * (free - 16_000))
    run = _cli(raw, out)
    assert run.returncode == 2, run.stdout
    assert run.stderr.startswith("error: cannot write the output to") and "No space left" in run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert load("cells", out).equals(before)  # the previous output, as it was


def test_a_read_only_output_is_one_line_exit_2(small_disk):
    out = small_disk / "out"
    assert _cli(REPO / "data" / "raw", out).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    run = _cli(REPO / "data" / "raw", out)
    assert run.returncode == 2 and run.stderr.startswith("error: ") and "Read-only file system" in run.stderr
    assert run.stderr.count("\n") == 1
    assert len(load("reports", out)) == 2


@pytest.mark.parametrize(("args", "said"), [
    (["--jobs", "-1"], "argument -j/--jobs: -1 is below 0"),
    (["--time-limit", "0"], "argument --time-limit: 0 is no limit: give a number above 0"),
    (["--memory-limit", "x"], "argument --memory-limit: not a number: 'x'"),
    (["--batch-size", "0"], "argument --batch-size: 0 is below 1"),
    (["--", "data/raw", ""], "argument out: an empty path: give a folder (. for this one)"),
])
def test_a_limit_or_a_path_that_cannot_work_is_refused_before_the_run(tmp_path, args, said):
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", "--no-progress", *args]
    run = subprocess.run(cmd, cwd=tmp_path if args[0] == "--" else REPO, capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.endswith(f"govreport extract: error: {said}\n")
    assert not any(tmp_path.iterdir())  # nothing written where the empty path would have pointed


def test_a_folder_that_cannot_be_read_is_said_and_the_rows_of_its_files_kept(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    for sub, pdf in (("open", "gen_003_2021.pdf"), ("shut", "gen_004_2021.pdf")):
        (raw / sub).mkdir(parents=True)
        shutil.copy(GENERATED / pdf, raw / sub / pdf)
    assert _cli(raw, out).returncode == 0
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", "--no-progress", "--jobs", "1", "--", str(raw), str(out)]
    if os.geteuid() == 0:  # root lists any folder; without these two capabilities it meets permissions as anyone
        if shutil.which("setpriv") is None:
            pytest.skip("no setpriv to drop root's permission override: an unreadable folder is not tried")
        cmd = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *cmd]
    (raw / "shut").chmod(0)
    try:
        run = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    finally:
        (raw / "shut").chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert f"{'skipped':12} shut/ - cannot be read (Permission denied): the rows of its files are kept" in run.stdout
    assert sorted(load("reports", out)["source_file"]) == ["open/gen_003_2021.pdf", "shut/gen_004_2021.pdf"]
