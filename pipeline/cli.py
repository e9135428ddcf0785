"""`govreport`: one command line for every job, a thin skin over the Python API a notebook calls.

    govreport extract [RAW] [OUT]      reports -> Parquet datasets (pipeline.run.extract_folder)
    govreport scrape                   crawl the sources, file new reports, extract them
    govreport debug PDF PAGE PNG       draw what was read on a page
    govreport dictionary [--write]     the output contract and the canonical schema (docs/)
    govreport export [OUT] --format F  the panel, cells and agencies for Stata, R, Excel (pipeline.export)
    govreport report [OUT] [SITE]      the quality report: a static HTML site (pipeline.site)
    govreport compact [OUT]            merge small part files into large ones (pipeline.compact)
    govreport bench [RAW ...]          text-layer speed beside a naive pdfplumber pass and the PDFium floor
    govreport bench-ocr FOLDER         scanned reports against their truth, with seconds per page
    govreport bench-scale [RAW]        batch runs: speed-up, peak memory, re-run time

`govreport COMMAND --help` says more. Put `--` before paths that start with a dash.
"""
from __future__ import annotations

import argparse
import sys

from pipeline.executor import Limits

DEFAULT_RAW, DEFAULT_OUT = "data/raw", "data/parquet"


def _extract(args) -> int:
    from pipeline.run import extract_folder

    try:
        summary = extract_folder(args.raw, args.out, jobs=args.jobs or None, force=args.force,
                                 retry_errors=args.retry_errors, executor=args.executor,
                                 scheduler=args.scheduler, progress=args.progress,
                                 limits=Limits(args.time_limit, args.memory_limit),
                                 batch_size=args.batch_size, ocr_text=args.ocr_text, prune=args.prune)
    except (OSError, RuntimeError) as e:  # no input folder, output not writable, another run
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the batches written so far are kept; run again to finish", file=sys.stderr)
        return 130
    print(f"summary: {summary}")
    return 0


def _at_least(least: float, kind=float):
    """An argparse type: a number of `kind` not under `least` (a one-line usage error otherwise)."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"{text} is below {least:g}")
        return value
    return parse


def _folder(text: str) -> str:
    """An argparse type: a folder's path, not empty (an empty one would mean the working folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path: give a folder (. for this one)")
    return text


def _above_zero(text: str) -> float:
    """An argparse type: a number above 0 (seconds, megabytes)."""
    value = _at_least(0.0)(text)
    if value == 0:
        raise argparse.ArgumentTypeError("0 is no limit: give a number above 0")
    return value


def _extract_args(extract: argparse.ArgumentParser) -> None:
    extract.add_argument("raw", nargs="?", type=_folder, default=DEFAULT_RAW,
                         help=f"input folder (default {DEFAULT_RAW})")
    extract.add_argument("out", nargs="?", type=_folder, default=DEFAULT_OUT,
                         help=f"output folder (default {DEFAULT_OUT})")
    extract.add_argument("-j", "--jobs", type=_at_least(0, int), default=0,
                         help="parallel workers (default: all cores)")
    extract.add_argument("--force", action="store_true", help="extract every file again, changed or not")
    extract.add_argument("--retry-errors", action="store_true",
                         help="extract again the files whose last status was error (the others are skipped)")
    extract.add_argument("--executor", choices=["local", "dask"], default="local",
                         help="local worker processes, or Dask distributed")
    extract.add_argument("--scheduler", default=None,
                         help="Dask scheduler address, e.g. tcp://host:8786 (default: start a LocalCluster)")
    extract.add_argument("--time-limit", type=_above_zero, default=Limits.time_limit,
                         help=f"seconds per file before it is stopped (default {Limits.time_limit:g})")
    extract.add_argument("--memory-limit", type=_above_zero, default=Limits.memory_limit_mb,
                         help=f"MB a worker may use on one file (default {Limits.memory_limit_mb:g})")
    extract.add_argument("--batch-size", type=_at_least(1, int), default=64,
                         help="reports per Parquet part file (default 64)")
    extract.add_argument("--prune", action="store_true",
                         help="drop the rows of files no longer found even when that is all or most of them")
    extract.add_argument("--ocr-text", action="store_true",
                         help="OCR the prose of scanned pages too (sections); by default only tables and title")
    bar = extract.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="a live progress bar (default: when writing to a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="plain log lines")
    extract.set_defaults(func=_extract)


def _duration(text: str) -> float:
    from pipeline.scrape.rounds import parse_every

    try:
        return parse_every(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _scrape(args) -> int:
    from pipeline.scrape.rounds import run_schedule, scrapy_settings

    out = None if args.no_extract else args.out
    return run_schedule(args.sources, args.raw, out, args.state, args.every, scrapy_settings(args.set))


def _scrape_args(scrape: argparse.ArgumentParser) -> None:
    scrape.add_argument("--sources", default="sources.yaml", help="sources file (default sources.yaml)")
    scrape.add_argument("--raw", default=DEFAULT_RAW, help=f"where reports are filed (default {DEFAULT_RAW})")
    scrape.add_argument("--out", default=DEFAULT_OUT, help=f"extraction output (default {DEFAULT_OUT})")
    scrape.add_argument("--state", default="data/scrape", help="manifest, HTTP cache, lock (default data/scrape)")
    scrape.add_argument("--no-extract", action="store_true", help="crawl only")
    scrape.add_argument("--every", type=_duration, help="keep running: one round every DURATION (24h, 30m)")
    scrape.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=5")
    scrape.set_defaults(func=_scrape)


def _debug(args) -> int:
    from pipeline.debug import draw_page

    try:
        out, drawn = draw_page(args.pdf, args.page, args.png)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{out}: {drawn} values drawn on page {args.page}")
    return 0


def _dictionary(args) -> int:
    from pipeline.dictionary import DOCS, render_all, write_docs

    if args.write:
        for path in write_docs(args.write):
            print(f"wrote {path}")
        return 0
    print("\n\n".join(render_all().values()), end="")
    print(f"\n(govreport dictionary --write docs writes {', '.join(DOCS)})", file=sys.stderr)
    return 0


def _export(args) -> int:
    from pipeline.export import ExportError, export

    try:
        written = export(args.out, args.format, args.to)
    except (OSError, ValueError, ExportError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


def _report(args) -> int:
    from pipeline.site import SiteError, build_site

    try:
        summary = build_site(args.out, args.site, args.raw, jobs=args.jobs or None)
    except SiteError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"site: {summary}; open {args.site / 'index.html'}")
    return 0


def _compact(args) -> int:
    from pipeline.compact import compact

    try:
        summary = compact(args.out)
    except (OSError, RuntimeError) as e:  # no output, not writable, another run
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"compact: {summary}")
    return 0


TARGET_RATIO, LONG_TARGET_RATIO = 0.12, 0.35  # issue 15: the pipeline's time over the naive pass's


def _bench(args) -> int:
    from pipeline.bench import profile_pipeline, run_bench

    runs = [(raw, TARGET_RATIO) for raw in args.raw or ["tests/corpus/generated"]]
    runs += [(raw, LONG_TARGET_RATIO) for raw in args.long]
    for raw, target in runs:
        print(run_bench(raw, args.limit, target), flush=True)
    if args.profile:
        for raw, _ in runs:
            print(profile_pipeline(raw, args.profile, args.limit), flush=True)
    return 0


def _bench_ocr(args) -> int:
    from pipeline.bench import run_ocr_bench

    print(run_ocr_bench(args.folder, ocr_text=args.ocr_text, naive=args.naive))
    return 0


def _bench_scale(args) -> int:
    from pipeline.bench import run_scale_bench

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes or args.speedup_size:
        print(run_scale_bench(args.raw, sizes, args.speedup_size))
    if args.output:
        from pipeline.bench_output import run_output_bench

        print(run_output_bench(args.raw, args.output), flush=True)
    if args.national:
        from pipeline.bench import run_national_bench

        print(run_national_bench(args.raw, args.national))
    if args.site:
        from pipeline.bench import run_site_bench

        print(run_site_bench(args.raw, args.site))
    if args.soak:
        from pipeline.soak import run_soak

        print(run_soak(args.raw, args.soak))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="govreport", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _extract_args(commands.add_parser(
        "extract", help="extract a folder of reports into Parquet datasets",
        epilog="A path that starts with a dash goes after --: govreport extract -- -odd-folder out"))
    _scrape_args(commands.add_parser("scrape", help="crawl agencies' report pages, file new reports, extract"))

    debug = commands.add_parser("debug", help="draw every value's box and canonical id on a page (PNG)")
    debug.add_argument("pdf", type=_path, help="a report PDF")
    debug.add_argument("page", type=int, help="1-based page number")
    debug.add_argument("png", type=_path, help="PNG to write")
    debug.set_defaults(func=_debug)

    dictionary = commands.add_parser("dictionary", help="the output contract and canonical schema as Markdown")
    dictionary.add_argument("--write", metavar="FOLDER", type=_path,
                            help="write OUTPUT.md and SCHEMA.md into FOLDER (e.g. docs) instead of printing")
    dictionary.set_defaults(func=_dictionary)

    export = commands.add_parser("export", help="the panel, cells and agencies as csv, xlsx, Stata dta or parquet")
    export.add_argument("out", type=_path, nargs="?", default="data/parquet",
                        help="the output folder of extract (default data/parquet)")
    export.add_argument("--format", required=True, choices=("csv", "xlsx", "dta", "parquet"),
                        help="csv (UTF-8 with BOM), xlsx (one workbook, a dictionary sheet), dta (Stata 14+, "
                             "Chinese variable labels) or parquet")
    export.add_argument("--to", type=_path, metavar="FOLDER", help="where to write (default: export/ beside OUT)")
    export.set_defaults(func=_export)

    report = commands.add_parser("report", help="the quality report: a static HTML site with a per-value audit")
    report.add_argument("out", type=_path, nargs="?", default=DEFAULT_OUT,
                        help=f"output folder (default {DEFAULT_OUT})")
    report.add_argument("site", type=_path, nargs="?", default="data/site", help="site folder (default data/site)")
    report.add_argument("--raw", type=_path, default=DEFAULT_RAW,
                        help=f"the reports' files, for drawing the PDFs' pages (default {DEFAULT_RAW})")
    report.add_argument("-j", "--jobs", type=_at_least(0, int), default=0, help="parallel workers (default: all cores)")
    report.set_defaults(func=_report)

    compact = commands.add_parser("compact", help="merge the output's small part files into large ones")
    compact.add_argument("out", type=_path, nargs="?", default=DEFAULT_OUT,
                         help=f"output folder (default {DEFAULT_OUT})")
    compact.set_defaults(func=_compact)

    bench = commands.add_parser("bench", help="time the pipeline beside a naive pdfplumber pass and the PDFium floor")
    bench.add_argument("raw", nargs="*",
                       help=f"folders of report PDFs, target ratio {TARGET_RATIO} (default tests/corpus/generated)")
    bench.add_argument("--long", action="append", default=[], metavar="FOLDER",
                       help=f"a folder of long reports (much prose), target ratio {LONG_TARGET_RATIO}")
    bench.add_argument("--limit", type=int, default=0, help="at most this many files a folder (0: all)")
    bench.add_argument("--profile", type=int, default=0, metavar="N",
                       help="then the N functions taking most own time over each folder (cProfile)")
    bench.set_defaults(func=_bench)

    ocr = commands.add_parser("bench-ocr", help="scanned reports against their truth.json: accuracy and speed")
    ocr.add_argument("folder", type=_path, help="scans with a truth.json beside them (e.g. from corpus.scan)")
    ocr.add_argument("--ocr-text", action="store_true", help="read the scanned prose too")
    ocr.add_argument("--naive", action="store_true",
                     help="time a naive RapidOCR pass (detection and recognition of every full page) beside it")
    ocr.set_defaults(func=_bench_ocr)

    scale = commands.add_parser("bench-scale", help="speed-up, peak memory and re-run time of batch runs")
    scale.add_argument("raw", nargs="?", default="tests/corpus/generated",
                       help="seed reports to copy (default tests/corpus/generated)")
    scale.add_argument("--sizes", default="150,600", help="two corpus sizes for peak memory (default 150,600)")
    scale.add_argument("--speedup-size", type=int, default=600, help="corpus size for JOBS=1 vs 2 (default 600)")
    scale.add_argument("--national", type=int, default=0, metavar="N",
                       help="N reports extracted, compacted, and a DuckDB query over the cells timed")
    scale.add_argument("--output", type=int, default=0, metavar="N",
                       help="an output of N reports (copies, no extraction) written, published and queried")
    scale.add_argument("--site", type=int, default=0, metavar="N",
                       help="build the quality report of N reports: first build, unchanged, one added")
    scale.add_argument("--soak", type=int, default=0, metavar="N",
                       help="N files, 5%% spoiled, runs killed twice and resumed, compared with a clean run")
    scale.set_defaults(func=_bench_scale)
    return top


def _path(text: str):
    from pathlib import Path

    return Path(text)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
