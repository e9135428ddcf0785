"""Progress of a batch: a live bar on a terminal, plain log lines elsewhere (CI, files, notebooks)."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable


def _eta(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


def _part(report) -> tuple[str, bool]:
    """(" (report k)" for the k-th report of a file holding several, else ""; whether the report
    is its file's first): a file's reports come one after another, so files are counted by their
    first (report_id `sha256#k`, pipeline.split)."""
    _, sep, k = (report.report_id or "").partition("#")
    return (f" (report {k})", k == "1") if sep else ("", True)


class PlainProgress:
    """One line per file (as before), and every `every` seconds a line with counts, rate and ETA."""

    def __init__(self, total: int, log: Callable[[str], None], every: float = 30.0):
        self.total, self.log, self.every = total, log, every
        self.done, self.counts = 0, Counter()
        self.start = self.last = time.monotonic()

    def update(self, report) -> None:
        part, first = _part(report)
        self.done += first
        self.counts[report.status] += 1
        note = f" - {report.error}" if report.error else ""
        self.log(f"{report.status:12} {report.source_file}{part}{note}")
        now = time.monotonic()
        if now - self.last >= self.every and self.done < self.total:
            self.last = now
            self.log("progress: " + self.line(now))

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.start, 1e-9)
        left = (self.total - self.done) / rate if rate else 0
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        return f"{self.done}/{self.total} ({counts}), {rate:.1f} files/s, ETA {_eta(left)}"

    def close(self) -> None:
        pass


class LiveProgress:
    """A rich progress bar: files done of total, rate, ETA, counts by status; errors printed above it."""

    def __init__(self, total: int):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.counts, self.done = Counter(), 0
        self.bar = Progress(
            TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[counts]}"),
        )
        self.start = time.monotonic()
        self.task = self.bar.add_task("extract", total=total, rate="", counts="")
        self.bar.start()

    def update(self, report) -> None:
        part, first = _part(report)
        self.counts[report.status] += 1
        self.done += first
        if report.status == "error":
            from rich.text import Text

            self.bar.console.print(Text(f"error        {report.source_file}{part} - {report.error}", style="red"))
        rate = self.done / max(time.monotonic() - self.start, 1e-9)
        counts = " ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        self.bar.update(self.task, advance=int(first), rate=f"{rate:.1f} files/s", counts=counts)

    def close(self) -> None:
        self.bar.stop()


def make_progress(total: int, log: Callable[[str], None], live: bool):
    return LiveProgress(total) if live else PlainProgress(total, log)
