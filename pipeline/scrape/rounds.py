"""`govreport scrape`: crawl the sources, file new reports under RAW, extract RAW into OUT.

Safe from cron: a lock file (flock, released by the kernel when the process
dies, so never stale) makes an overlapping run exit at once. `--every 24h`
keeps one process running rounds instead.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import filelock

from pipeline.atomic import sweep_temp
from pipeline.scrape.manifest import Manifest
from pipeline.scrape.sources import load_sources

REPO = Path(__file__).resolve().parents[2]


class Busy(RuntimeError):
    """Another run holds the lock."""


@contextmanager
def run_lock(path: Path):
    """One scrape at a time (filelock: released by the OS when the process dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with filelock.FileLock(path, timeout=0):
            yield
    except filelock.Timeout:
        raise Busy(f"another scrape is running (lock held: {path})") from None


@dataclass
class RoundResult:
    run_id: str
    rows: list[dict]
    crawl_exit: int
    log_file: Path | None = None  # Scrapy's own log of the crawl

    @property
    def all_failed(self) -> bool:
        """Nothing fetched at all: no network, or every site down."""
        return bool(self.rows) and all(r["error"] for r in self.rows)

    @property
    def failed_sources(self) -> dict[str, list[dict]]:
        """Sources none of whose fetches succeeded (no network, a site down): source -> its errors."""
        by_source: dict[str, list[dict]] = {}
        for r in self.rows:
            by_source.setdefault(r["source"], []).append(r)
        return {s: rows for s, rows in by_source.items() if all(r["error"] for r in rows)}

    def report_lines(self) -> list[str]:
        """The round in a few lines: totals, one line per source that failed outright, then the
        other fetches that failed."""
        lines = [str(self)]
        failed = self.failed_sources
        for source, rows in failed.items():
            lines.append(f"  source {source}: failed: {rows[0]['error']} ({rows[0]['url']})")
        lines += [f"  {r['error']}: {r['url']}" for r in self.errors if r["source"] not in failed]
        if self.errors and self.log_file is not None:
            lines.append(f"  (Scrapy's log of this crawl: {self.log_file})")
        return lines

    @property
    def new_files(self) -> list[str]:
        return [r["saved_path"] for r in self.rows if r["new_file"]]

    @property
    def errors(self) -> list[dict]:
        return [r for r in self.rows if r["error"]]

    def __str__(self) -> str:
        kinds = Counter(r["kind"] for r in self.rows)
        unchanged = sum(1 for r in self.rows if r["status"] == 304)
        by_kind = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        return (f"run {self.run_id}: {len(self.rows)} fetches ({by_kind}; {unchanged} unchanged)"
                f", {len(self.new_files)} new files, {len(self.errors)} errors")


def parse_every(text: str) -> float:
    """'30m', '24h', '1d', '3600' (seconds) -> seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30m, 24h, 1d)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def run_round(sources: str | Path, raw: str | Path, out: str | Path | None, state: str | Path,
              settings: dict | None = None, log=print) -> RoundResult:
    """One round under the lock: crawl in a child process, then extract RAW into OUT (unless out is None)."""
    raw, state = Path(raw), Path(state)
    load_sources(sources)  # a bad sources file fails here, with its reason, before any request
    with run_lock(state / "scrape.lock"):
        swept = sweep_temp(raw)
        if swept:
            log(f"removed {swept} partial file(s) an interrupted run left")
        run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        command = [sys.executable, "-m", "pipeline.scrape.crawl", "--sources", str(sources), "--raw", str(raw),
                   "--state", str(state), "--run-id", run_id, "--settings", json.dumps(settings or {})]
        # the child imports this package from the same tree, wherever the caller's cwd is
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        # Scrapy's log (tracebacks of every failed request included) goes to a file, not the terminal
        log_file = state / "logs" / f"{run_id}.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(log_file, "wb") as scrapy_log:
            exit_code = subprocess.call(command, env=env, stdout=scrapy_log, stderr=subprocess.STDOUT)
        manifest = Manifest(state / "manifest.sqlite")
        result = RoundResult(run_id, manifest.rows(run_id), exit_code, log_file)
        manifest.close()
        for line in result.report_lines():
            log(line)
        if out is not None and raw.is_dir():
            from pipeline.run import extract_folder  # here: a crawl-only run needs no PDF stack

            log(f"extract: {extract_folder(raw, out, log=log)}")
        return result


def scrapy_settings(pairs: list[str]) -> dict:
    """KEY=VALUE pairs; a VALUE that reads as JSON (numbers, true, lists) is taken as such."""
    out = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def run_schedule(sources: str | Path, raw: str | Path, out: str | Path | None, state: str | Path,
                 every: float | None = None, settings: dict | None = None, log=print) -> int:
    """One round, or one every `every` seconds for ever. Exit status: 0 after a round (or when
    another run holds the lock), 1 when the crawl process failed or no fetch at all succeeded
    (no network), 2 for a bad sources file or an unusable folder."""
    while True:
        started = time.monotonic()
        try:
            result = run_round(sources, raw, out, state, settings or {}, log=log)
        except Busy as e:
            log(f"skipped: {e}")
            if not every:
                return 0
        except (OSError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            if not every:
                return 2
        else:
            if not every:
                return 0 if result.crawl_exit == 0 and not result.all_failed else 1
        time.sleep(max(0.0, every - (time.monotonic() - started)))
