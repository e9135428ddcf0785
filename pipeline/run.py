"""A folder of report files -> Parquet datasets: parallel, incremental, crash-safe.

One run: take the output folder's lock, undo what a killed run left half
done, plan (skip files already extracted by this version), extract the rest
on an executor (local processes or Dask), write results a batch at a time
as they come, then make the output mirror the input folder (drop removed
files, fix moved ones). docs/BATCH.md has the whole story.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pipeline import store
from pipeline.compact import DuringRun, auto_compact
from pipeline.errors import LIMIT, OutputError, one_line
from pipeline.executor import DaskExecutor, Limits, LocalExecutor
from pipeline.incremental import make_plan
from pipeline.names import source_name
from pipeline.progress import make_progress
from pipeline.report import CHANGED_WHILE_READ, HTML_SUFFIXES, PDF_SUFFIXES, PIPELINE_VERSION, Report, is_pdf, sha256_of


def find_reports(raw_dir: Path, log=None, unreadable: list[str] | None = None) -> list[Path]:
    """Every report file (*.pdf and web pages, any case) under the folder, in a stable order.
    Folders linked in by symbolic links are followed, in sorted order; a folder reached again
    (a second link to it, or a link back up: a loop) is read under its first path only, and
    `log` says so, as it does for a name that is no regular file (a link to a file that is not
    there, a FIFO). A folder that cannot be listed is said too, and its path under `raw_dir`
    (`/`-separated, ending in `/`) added to `unreadable`."""
    suffixes = PDF_SUFFIXES + HTML_SUFFIXES
    found, seen = [], set()

    def shown(path) -> str:  # as source_file names it
        return source_name(Path(path).relative_to(raw_dir))

    def cannot_list(error: OSError) -> None:
        folder = shown(error.filename) + "/"
        if unreadable is not None:
            unreadable.append(folder)
        if log is not None:
            log(f"{'skipped':12} {folder} - cannot be read ({error.strerror}): the rows of its files are kept")

    for folder, subfolders, files in os.walk(raw_dir, onerror=cannot_list, followlinks=True):
        subfolders.sort()  # the first path in sorted order reads a folder reached two ways
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            if log is not None:
                log(f"{'skipped':12} {shown(folder)}/ - "
                    f"a folder already read under another path (a link to it, or a loop)")
            subfolders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        found += [Path(folder) / name for name in files if Path(name).suffix.lower() in suffixes]
    files = sorted(p for p in found if p.is_file())
    if log is not None:
        for path in sorted(set(found) - set(files)):
            log(f"{'skipped':12} {shown(path)} - not a regular file "
                f"(a link to a file that is not there, a FIFO, a device)")
    return files


def _not_a_pdf(path: Path) -> str | None:
    """A reason a person can act on for bytes that are no PDF at all (pdfium's own message is cryptic)."""
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        return "empty file (0 bytes)"
    if is_pdf(head):
        return None
    if head.lstrip()[:1] == b"<" and b"html" in head.lower():
        return "not a PDF: an HTML page saved as .pdf (a download that returned a web page?)"
    return f"not a PDF: no %PDF header (the file starts with {head[:8]!r})"


OCR_TEXT_VERSION = f"{PIPELINE_VERSION}+ocr-text"  # rows written with scanned prose read too


def extract_reports(path: str | Path, source_file: str, report_id: str = "", ocr_text: bool = False) -> list[Report]:
    """One file -> its reports (one for most files; a PDF may hold several, pipeline.split);
    anything going wrong is a report's error, never an exception. This is the function the
    workers run (locally or on Dask). `ocr_text`: OCR the prose of scanned pages too
    (sections), not only what the tables and the title need."""
    path = Path(path)
    try:
        report_id = report_id or sha256_of(path)
    except OSError as e:
        return [Report(report_id=report_id, source_file=source_file, error=f"cannot read file: {e.strerror or e}")]
    reports = _read_file(path, source_file, report_id, ocr_text)
    try:
        unchanged = sha256_of(path) == report_id
    except OSError:
        unchanged = False
    if not unchanged:
        # what was read may be the new bytes: kept under the old bytes' id, it would break
        # report_id = sha256 of the file's bytes (a scraper rewriting a file during a run)
        return [Report(report_id=report_id, source_file=source_file, error=CHANGED_WHILE_READ)]
    return reports


def _read_file(path: Path, source_file: str, report_id: str, ocr_text: bool) -> list[Report]:
    """`extract_reports` of a file whose sha256 is `report_id`."""
    try:
        is_html = path.suffix.lower() in HTML_SUFFIXES
        reason = None if is_html else _not_a_pdf(path)
    except OSError as e:
        return [Report(report_id=report_id, source_file=source_file, error=f"cannot read file: {e.strerror or e}")]
    if reason and reason.startswith("not a PDF: an HTML page"):
        is_html, reason = True, None  # a web page saved as .pdf: read it as the page it is
    if reason:
        return [Report(report_id=report_id, source_file=source_file, error=reason)]
    try:
        # the readers are imported here, in the worker: the parent never parses a document
        if is_html:
            from pipeline.html_report import extract_html

            return [extract_html(path, source_file, report_id)]
        from pipeline.extract import read_pdf

        return read_pdf(path, source_file, report_id, ocr_text=ocr_text)
    except MemoryError:
        raise  # the sandbox turns it into a memory-limit error and starts a fresh worker
    except ImportError:
        raise  # a broken installation, not the file: the sandbox stops the run (pipeline.sandbox)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        return [Report(report_id=report_id, source_file=source_file, error=_reason(e, path)[:LIMIT])]


def extract_reports_with_text(path: str | Path, source_file: str, report_id: str = "") -> list[Report]:
    """`extract_reports` reading the prose of scanned pages too: the work of `--ocr-text` runs."""
    reports = extract_reports(path, source_file, report_id, ocr_text=True)
    for report in reports:
        report.pipeline_version = OCR_TEXT_VERSION  # a later run without the option extracts it again
    return reports


def _reason(e: Exception, path: Path) -> str:
    """One line saying what went wrong, in words a person can act on where we can tell."""
    message = one_line(e)
    first = str(e).splitlines()[0] if str(e) else ""
    if "password" in first.lower():
        return f"encrypted PDF: it needs a password to open ({first})"
    if "Failed to load document" in first and not _ends_with_eof(path):
        return f"truncated PDF: no %%EOF at its end (an interrupted download?) ({first})"
    return message


def _ends_with_eof(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(max(0, path.stat().st_size - 2048))
        return b"%%EOF" in f.read()


def extract_file(path: Path, raw_dir: Path) -> list[Report]:
    """The reports of one file of a folder, in this process (no sandbox): for notebooks and tests."""
    return extract_reports(path, source_name(Path(path).relative_to(raw_dir)))


@dataclass
class Summary:
    reports: int  # in the output after the run (it mirrors the input folder)
    by_status: dict[str, int]
    cells: int
    checks_failed: int
    extracted: int = 0
    skipped: int = 0
    moved: int = 0
    changed: int = 0
    removed: int = 0
    kept: int = 0  # reports whose files are gone, kept: a run that would drop them all or most needs --prune
    duplicates: int = 0
    run_status: dict[str, int] = field(default_factory=dict)  # statuses of the files extracted this run

    def __str__(self) -> str:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        reports = f"{self.reports} report{'' if self.reports == 1 else 's'}" + (f" ({statuses})" if statuses else "")
        text = (f"{reports}; {self.cells} cells; "
                f"{_count(self.checks_failed, 'check')} failed; extracted {self.extracted}, skipped {self.skipped}")
        extras = [f"{n} {what}" for n, what in ((self.moved, "moved"), (self.changed, "changed"),
                                               (self.removed, "removed"), (self.duplicates, "duplicates"),
                                               (self.kept, "kept whose files are gone")) if n]
        return text + (f", {', '.join(extras)}" if extras else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_folder(raw_dir: str | Path, out_dir: str | Path, log=print, *, jobs: int | None = None,
                   force: bool = False, retry_errors: bool = False, executor: str = "local",
                   scheduler: str | None = None, progress: bool | None = None, limits: Limits | None = None,
                   batch_size: int = 64, work: str | None = None, ocr_text: bool = False,
                   prune: bool = False) -> Summary:
    """Extract every report under `raw_dir` into the datasets under `out_dir`.

    jobs: parallel workers (default: all cores). force: redo files already extracted;
    retry_errors: redo only those whose status is `error`.
    executor: "local" or "dask" (scheduler: a Dask scheduler address; none starts a LocalCluster).
    progress: a live bar (default: when printing to a terminal). limits: per-file time and memory.
    work: the per-file function as "module:name" (default pipeline.run:extract_reports).
    ocr_text: OCR the prose of scanned pages too, for `sections` (slower; files extracted
    without it are extracted again, and the other way round).
    prune: drop the rows of files no longer found even where that is all or most of them (an
    empty or unmounted input folder keeps them otherwise).
    Raises FileNotFoundError (no input folder), NotADirectoryError (the input is a file),
    OutputError (the output cannot be written), WorkerStartError (no worker process starts: the
    batches written so far are kept), RuntimeError (another run holds the output).
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if raw_dir.exists() and not raw_dir.is_dir():
        raise NotADirectoryError(f"input {raw_dir} is a file, not a folder: give the folder that holds the reports")
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {raw_dir}")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output {out_dir} is a file, not a folder")
    if out_dir.is_symlink() and not out_dir.exists():
        raise OutputError(f"output {out_dir} is a link to {os.readlink(out_dir)}, which is not there")
    try:
        return _extract_folder(raw_dir, out_dir, log, jobs=jobs, force=force, retry_errors=retry_errors,
                               executor=executor, scheduler=scheduler, progress=progress, limits=limits,
                               batch_size=batch_size, work=work, ocr_text=ocr_text, prune=prune)
    except OSError as e:
        raise OutputError.writing(out_dir, e, "what was published before stays as it was, "
                                              "and the next run goes on") from None


def _extract_folder(raw_dir: Path, out_dir: Path, log, *, jobs, force, retry_errors, executor, scheduler,
                    progress, limits, batch_size, work, ocr_text, prune) -> Summary:
    if executor not in ("local", "dask"):
        raise ValueError(f"unknown executor {executor!r}: local or dask")
    jobs = jobs or default_jobs()
    limits = limits or Limits()
    live = progress if progress is not None else (log is print and sys.stdout.isatty())
    with store.locked(out_dir):
        next_batch = store.recover(out_dir)
        first = not store.has_published(out_dir)
        if first:
            next_batch = store.drop_old_copies(out_dir, next_batch)
        next_batch = store.ensure_datasets(out_dir, next_batch)
        if first:  # readable datasets from the start, even if this first run is killed before a batch
            store.publish(out_dir)
        if ocr_text:
            work = work or "pipeline.run:extract_reports_with_text"
        unreadable: list[str] = []
        plan = make_plan(find_reports(raw_dir, log, unreadable), raw_dir, out_dir, force=force,
                         retry_errors=retry_errors, version=OCR_TEXT_VERSION if ocr_text else PIPELINE_VERSION, log=log)
        _keep_unlisted(plan, unreadable)
        kept = _keep_gone(plan, raw_dir, prune, log)
        if plan.todo and not plan.replaces:
            # this run publishes after each batch: the copies a killed run or compaction left go first
            next_batch = store.drop_old_copies(out_dir, next_batch)
        run_status: Counter = Counter()
        if plan.todo:
            extra = {"work": work} if work else {}
            workers = min(jobs, len(plan.todo))  # no more workers than files
            pool = (DaskExecutor(workers, limits, scheduler, **extra) if executor == "dask"
                    else LocalExecutor(workers, limits, **extra))
            if not live:
                log(f"extracting {_count(len(plan.todo), 'file')} on {pool.describe()} "
                    f"({plan.skipped} unchanged, skipped)")
            # a run that only adds reports publishes each batch: readers see them as they come
            writer = store.BatchWriter(out_dir, next_batch, batch_size,
                                       after_batch=None if plan.replaces else
                                       partial(publish_batch, out_dir, DuringRun(out_dir)))
            bar = make_progress(len(plan.todo), log, live)
            results = pool.run(plan.todo)
            try:
                for reports in results:  # a file's reports
                    _keep_by_bytes(plan, reports)
                    writer.add_file(reports)
                    for report in reports:
                        run_status[report.status] += 1
                        bar.update(report)
                writer.flush()
            finally:
                results.close()  # stops the workers (or the cluster) whatever went wrong
                bar.close()
            next_batch = writer.next_batch
        elif plan.skipped:
            log(f"nothing to extract: {_count(plan.skipped, 'file')} already extracted by this version")
        else:
            log(f"no reports under {raw_dir} (*.pdf, *.html, *.htm, *.shtml, *.xhtml, any case)")
        rewritten, next_batch = store.reconcile(out_dir, plan.keep, next_batch)
        rekeyed, next_batch = store.rekey(out_dir, next_batch)
        if rekeyed:
            log(f"agency keys updated in {rekeyed} batch{'es' if rekeyed > 1 else ''} "
                f"(data/agency_aliases.csv or the place table changed)")
        next_batch = auto_compact(out_dir, next_batch, log)
        store.ensure_datasets(out_dir, next_batch)
        if plan.todo or rewritten or rekeyed or not store.is_published(out_dir):
            store.publish(out_dir)  # else readers already see this output, derived datasets included
        totals = store.totals(out_dir)
    return Summary(**totals, extracted=len(plan.todo), skipped=plan.skipped, moved=plan.moved,
                   changed=plan.changed, removed=plan.removed - kept, duplicates=len(plan.duplicates),
                   kept=kept, run_status=dict(run_status))


def publish_batch(out_dir: Path, compaction: DuringRun, next_batch: int) -> int:
    """After a batch of a run that only adds reports: compacted where the part files pile up,
    then published without the derived datasets (the run's end computes them). Returns the next
    batch number."""
    next_batch = compaction(next_batch)
    store.publish(out_dir, derive=False)
    return next_batch


def _keep_by_bytes(plan, reports: list[Report]) -> None:
    """A file the plan could not read for its sha256 (kept as `?path`) whose worker could: the
    output keeps it by its sha256, as the rows just written know it."""
    for report in reports:
        unread = store.entry_key("", report.source_file)
        if report.report_id and unread in plan.keep:
            del plan.keep[unread]
            plan.keep.setdefault(store.entry_key(report.report_id, report.source_file), report.source_file)


def _keep_unlisted(plan, unreadable: list[str]) -> None:
    """The rows of files under a folder that could not be listed (permissions changed, a mount
    gone stale) stay: whether those files are still there is not known."""
    if not unreadable:
        return
    prefixes = tuple("" if folder == "./" else folder for folder in unreadable)
    unlisted = {key: source for key, source in plan.gone.items() if source.startswith(prefixes)}
    for key, source in unlisted.items():
        del plan.gone[key]
        plan.keep[key] = source
    plan.removed -= len(unlisted)


def _keep_gone(plan, raw_dir: Path, prune: bool, log) -> int:
    """Removals are deliberate: where the input folder holds no reports at all (empty, or not
    mounted) or the run would drop more than half of the reports the output holds, the rows
    of the files no longer found stay, and the run says so; `prune` drops them anyway.
    Returns how many were kept."""
    if prune or not plan.gone:
        return 0
    if plan.keep and len(plan.gone) <= plan.known / 2:
        return 0
    why = "no reports under it" if not plan.keep else f"more than half of the {plan.known} it held"
    log(f"kept the rows of {len(plan.gone)} files no longer under {raw_dir} ({why}): "
        f"--prune (PRUNE=1) drops them")
    plan.keep.update(plan.gone)
    return len(plan.gone)
