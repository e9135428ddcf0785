"""The soak of `make bench-scale`: a big folder with hostile files mixed in, runs killed at random
moments and resumed, compared report by report and cell by cell with a clean run.

    govreport bench-scale --soak 2000

Every good report must come out exactly once and identical to the clean run's; the hostile
files each get one error row; the peak memory of the process tree must stay flat.
"""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.bench import PeakRss, build_corpus
from pipeline.store import committed_batches

HOSTILE = ("empty", "truncated", "random", "webpage", "header_only")


def hostile_bytes(kind: str, good: bytes, rng: random.Random, number: int) -> bytes:
    """A file as downloads and disks spoil them: empty, cut short, noise, an error page saved as
    a PDF, a PDF header over noise (`number` makes each one's bytes its own)."""
    if kind == "empty":
        return b""
    if kind == "truncated":
        return good[: rng.randint(100, max(101, len(good) // 2))]
    if kind == "random":
        return rng.randbytes(rng.randint(1, 20_000))
    if kind == "webpage":
        return (f"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx {number}"
                f"</body></html>").encode()
    return b"%PDF-1.7\n" + rng.randbytes(rng.randint(10, 5000))


def make_folder(seed_dir: Path, dest: Path, n: int, hostile_rate: float, seed: int) -> list[str]:
    """n files under dest, `hostile_rate` of them spoiled; returns the names of the spoiled ones."""
    build_corpus(seed_dir, dest, n)
    rng = random.Random(seed)
    files = sorted(dest.glob("*.pdf"))
    spoiled = rng.sample(files, int(hostile_rate * n))
    for i, path in enumerate(spoiled):  # one empty file: two would be the same bytes, one report
        kind = "empty" if i == 0 else HOSTILE[1 + i % (len(HOSTILE) - 1)]
        path.write_bytes(hostile_bytes(kind, path.read_bytes(), rng, i))
    return sorted(p.name for p in spoiled)


def _run(raw: Path, out: Path, kill_at: int | None = None, jitter: float = 0.0) -> tuple[float, float, bool]:
    """`govreport extract` in a process of its own: (seconds, peak RSS of its tree in MB, killed).
    `kill_at`: SIGKILL it `jitter` seconds after the output holds that many committed batches
    (a moment in the work, not in time: a loaded machine shifts every time)."""
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", "--jobs", "2", "--no-progress", "--", str(raw), str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = PeakRss(proc, every=0.1)
    killed = False
    while kill_at is not None and proc.poll() is None:
        if len(committed_batches(out)) >= kill_at:
            time.sleep(jitter)  # into the next batch
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)  # the whole tree goes: workers die with their parent
                killed = True
            break
        time.sleep(0.05)
    proc.wait()
    return time.perf_counter() - start, peak.result(), killed


def _canonical(out: Path):
    """The output's reports (report_id -> row) and canonical cells, in a comparable order."""
    from pipeline.store import load_all

    data = load_all(out)
    reports = data["reports"].drop(columns=["pipeline_version"]).set_index("report_id").sort_index()
    cells = data["cells"][data["cells"]["row"].notna()].sort_values(["report_id", "table", "row", "col"])
    return reports, cells.reset_index(drop=True)


def run_soak(seed_dir: str | Path, n: int = 2000, hostile_rate: float = 0.05, kills: int = 2,
             seed: int = 2026, log=print) -> str:
    import tempfile

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="govreport-soak-") as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        spoiled = make_folder(Path(seed_dir), raw, n, hostile_rate, seed)
        clean_time, clean_peak, _ = _run(raw, tmp / "clean")
        log(f"clean run: {n} files ({len(spoiled)} spoiled) in {clean_time:.0f} s, peak RSS {clean_peak:.0f} MB")
        peaks = []
        batches = -(-n // 64)  # extract's default batch size
        for k in range(kills):  # the k-th kill in the k-th of kills + 1 equal stretches of the work
            at = int(batches * (k + rng.uniform(0.3, 0.9)) / (kills + 1))
            spent, peak, killed = _run(raw, tmp / "soak", kill_at=max(1, at), jitter=rng.uniform(0, 3))
            peaks.append(peak)
            log(f"run {k + 1}: killed={killed} after {spent:.0f} s (at batch {at} of {batches}), "
                f"peak RSS {peak:.0f} MB")
        spent, peak, _ = _run(raw, tmp / "soak")
        peaks.append(peak)
        log(f"resumed to the end in {spent:.0f} s, peak RSS {peak:.0f} MB")
        want_reports, want_cells = _canonical(tmp / "clean")
        got_reports, got_cells = _canonical(tmp / "soak")
        bad = got_reports[got_reports["status"].isin(["error", "not_a_report"])]
        same = want_reports.equals(got_reports) and want_cells.equals(got_cells)
        once = not got_reports.index.duplicated().any() and len(got_reports) == n
        spoiled_bad = sorted(bad["source_file"]) == spoiled
    return (f"soak: {n} files, {len(spoiled)} of them spoiled, killed {kills} times and resumed: "
            f"every report once: {once}; identical to the clean run, report by report and cell by cell "
            f"({len(want_cells)} cells): {same}; the spoiled files and only they are errors or no report: "
            f"{spoiled_bad}; "
            f"peak RSS clean {clean_peak:.0f} MB, soak runs {', '.join(f'{p:.0f}' for p in peaks)} MB")
