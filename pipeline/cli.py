"""Command line: a thin skin over pipeline.run (the same code a notebook calls)."""
from __future__ import annotations

import argparse
import sys

from pipeline.executor import Limits
from pipeline.run import extract_folder


def _extract_args(extract: argparse.ArgumentParser) -> None:
    extract.add_argument("raw", nargs="?", default="data/raw", help="input folder (default data/raw)")
    extract.add_argument("out", nargs="?", default="data/parquet", help="output folder (default data/parquet)")
    extract.add_argument("-j", "--jobs", type=int, default=0, help="parallel workers (default: all cores)")
    extract.add_argument("--force", action="store_true", help="extract every file again, changed or not")
    extract.add_argument("--retry-errors", action="store_true",
                         help="extract again the files whose last status was error (the others are skipped)")
    extract.add_argument("--executor", choices=["local", "dask"], default="local",
                         help="local worker processes, or Dask distributed")
    extract.add_argument("--scheduler", default=None,
                         help="Dask scheduler address, e.g. tcp://host:8786 (default: start a LocalCluster)")
    extract.add_argument("--time-limit", type=float, default=Limits.time_limit,
                         help=f"seconds per file before it is stopped (default {Limits.time_limit:g})")
    extract.add_argument("--memory-limit", type=float, default=Limits.memory_limit_mb,
                         help=f"MB a worker may use on one file (default {Limits.memory_limit_mb:g})")
    extract.add_argument("--batch-size", type=int, default=64, help="reports per Parquet part file (default 64)")
    extract.add_argument("--ocr-text", action="store_true",
                         help="OCR the prose of scanned pages too (sections); by default only tables and title")
    bar = extract.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="a live progress bar (default: when writing to a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="plain log lines")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govreport", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    _extract_args(commands.add_parser("extract", help="extract a folder of report PDFs into Parquet datasets"))
    bench = commands.add_parser("bench", help="time the pipeline beside a naive pdfplumber pass")
    bench.add_argument("raw", nargs="?", default="tests/corpus/generated")
    bench.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    scale = commands.add_parser("bench-scale", help="speed-up, peak memory and re-run time of batch runs")
    scale.add_argument("raw", nargs="?", default="tests/corpus/generated", help="seed reports to copy")
    scale.add_argument("--sizes", default="150,600", help="two corpus sizes for peak memory (default 150,600)")
    scale.add_argument("--speedup-size", type=int, default=144, help="corpus size for JOBS=1 vs 2 (default 144)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        try:
            summary = extract_folder(args.raw, args.out, jobs=args.jobs or None, force=args.force,
                                     retry_errors=args.retry_errors,
                                     executor=args.executor, scheduler=args.scheduler, progress=args.progress,
                                     limits=Limits(args.time_limit, args.memory_limit),
                                     batch_size=args.batch_size, ocr_text=args.ocr_text)
        except (FileNotFoundError, RuntimeError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("interrupted: the batches written so far are kept; run again to finish", file=sys.stderr)
            return 130
        print(f"summary: {summary}")
        return 0
    if args.command == "bench-scale":
        from pipeline.bench import run_scale_bench

        sizes = [int(s) for s in args.sizes.split(",")]
        print(run_scale_bench(args.raw, sizes, args.speedup_size))
        return 0
    from pipeline.bench import run_bench

    print(run_bench(args.raw, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
