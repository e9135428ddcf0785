"""`python -m pipeline.scrape`: crawl the sources, file new reports under RAW, extract RAW into OUT.

Safe from cron: a lock file (flock, released by the kernel when the process
dies, so never stale) makes an overlapping run exit at once. `--every 24h`
keeps one process running rounds instead.
"""
from __future__ import annotations

import argparse
import fcntl
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

from pipeline.scrape.files import sweep_partials
from pipeline.scrape.manifest import Manifest
from pipeline.scrape.sources import load_sources

REPO = Path(__file__).resolve().parents[2]


class Busy(RuntimeError):
    """Another run holds the lock."""


@contextmanager
def run_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise Busy(f"another scrape is running (lock held: {path})") from e
        f.truncate(0)
        f.write(f"{os.getpid()}\n")
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@dataclass
class RoundResult:
    run_id: str
    rows: list[dict]
    crawl_exit: int

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
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use e.g. 30m, 24h, 1d)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def run_round(sources: str | Path, raw: str | Path, out: str | Path | None, state: str | Path,
              settings: dict | None = None, log=print) -> RoundResult:
    """One round under the lock: crawl in a child process, then extract RAW into OUT (unless out is None)."""
    raw, state = Path(raw), Path(state)
    load_sources(sources)  # a bad sources file fails here, with its reason, before any request
    with run_lock(state / "scrape.lock"):
        swept = sweep_partials(raw)
        if swept:
            log(f"removed {swept} partial file(s) an interrupted run left")
        run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        command = [sys.executable, "-m", "pipeline.scrape.crawl", "--sources", str(sources), "--raw", str(raw),
                   "--state", str(state), "--run-id", run_id, "--settings", json.dumps(settings or {})]
        # the child imports this package from the same tree, wherever the caller's cwd is
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        exit_code = subprocess.call(command, env=env)
        manifest = Manifest(state / "manifest.sqlite")
        result = RoundResult(run_id, manifest.rows(run_id), exit_code)
        manifest.close()
        log(str(result))
        for row in result.errors:
            log(f"  {row['error']}: {row['url']}")
        if out is not None and raw.is_dir():
            from pipeline.run import extract_folder  # here: a crawl-only run needs no PDF stack

            log(f"extract: {extract_folder(raw, out, log=log)}")
        return result


def _settings(pairs: list[str]) -> dict:
    """KEY=VALUE pairs; a VALUE that reads as JSON (numbers, true, lists) is taken as such."""
    out = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.scrape", description=__doc__)
    parser.add_argument("--sources", default="sources.yaml", help="sources file (default sources.yaml)")
    parser.add_argument("--raw", default="data/raw", help="where reports are filed (default data/raw)")
    parser.add_argument("--out", default="data/parquet", help="extraction output (default data/parquet)")
    parser.add_argument("--state", default="data/scrape", help="manifest, HTTP cache, lock (default data/scrape)")
    parser.add_argument("--no-extract", action="store_true", help="crawl only")
    parser.add_argument("--every", type=parse_every, help="keep running: one round every DURATION (24h, 30m)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=5")
    args = parser.parse_args(argv)
    out = None if args.no_extract else args.out
    while True:
        started = time.monotonic()
        try:
            result = run_round(args.sources, args.raw, out, args.state, _settings(args.set))
        except Busy as e:
            print(f"skipped: {e}")
            if not args.every:
                return 0
        except (OSError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            if not args.every:
                return 2
        else:
            if not args.every:
                return 0 if result.crawl_exit == 0 else 1
        time.sleep(max(0.0, args.every - (time.monotonic() - started)))


if __name__ == "__main__":
    sys.exit(main())
