"""Command line: a thin skin over pipeline.run (the same code a notebook calls)."""
from __future__ import annotations

import argparse
import sys

from pipeline.run import extract_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govreport", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="extract a folder of report PDFs into Parquet datasets")
    extract.add_argument("raw", nargs="?", default="data/raw", help="input folder (default data/raw)")
    extract.add_argument("out", nargs="?", default="data/parquet", help="output folder (default data/parquet)")
    bench = commands.add_parser("bench", help="time the pipeline beside a naive pdfplumber pass")
    bench.add_argument("raw", nargs="?", default="tests/corpus/generated")
    bench.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        try:
            summary = extract_folder(args.raw, args.out)
        except FileNotFoundError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        print(f"summary: {summary}")
        return 0
    from pipeline.bench import run_bench

    print(run_bench(args.raw, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
