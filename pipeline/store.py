"""Reports -> the four Parquet datasets of docs/OUTPUT.md, written crash-safely in batches; and back.

Layout: the part files, one per batch of reports and dataset, numbered in the
order they were written, live in a working folder; what readers see is a
published generation of them, one folder per dataset::

    out/.parts/reports/part-000007.parquet   <- written last: the batch's commit mark
    out/.parts/cells/part-000007.parquet     …
    out/.generations/000012/cells/part-000007.parquet   (hard links to .parts)
    out/cells -> .generations/000012/cells              (a symbolic link)

Every file is written under a dot-name and renamed into place, so no file is
ever half there. A batch counts once its `reports` part exists; parts of a
batch without one are leftovers of a killed run and are deleted by the next
run. A run writes its batches into the working folder and, once its reports
each sit in one batch, publishes it: a new generation folder of hard links,
then each dataset's link swapped to it in one rename. So a reader of
`out/cells` (pandas, DuckDB, Polars, `load`) sees one generation or the next,
each report once, never a run half done; a run killed at any moment leaves
the last generation in place, and the next run completes the work. A run
that only adds reports publishes after each batch, so a long first run shows
its progress.

The `reports` dataset is also the state of incremental runs (report_id,
source_file, pipeline_version, status): there is no second manifest to drift
from the data. Where a report's rows sit in more than one batch of the
working folder (a redo killed before the old rows were dropped), the newest
batch wins.

pyarrow and pandas are imported only when used: extraction workers import
the `pipeline` package and should not carry them (about 100 MB each).
"""
from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline import contract
from pipeline.atomic import is_temp, write_atomic

DATASETS = contract.NAMES
WORK = ".parts"  # the working folder of part files
GENERATIONS = ".generations"  # published generations: folders of hard links to parts
# the dataset written last (the commit mark) comes last here, and is deleted first
WRITE_ORDER = ("cells", "sections", "checks", "reports")
# in a generation folder whose derived datasets were computed from its own parts (not carried)
DERIVED_MARK = ".derived"
_PART = re.compile(r"^part-(\d+)\.parquet$")


@functools.cache
def schemas() -> dict:
    """The Arrow schema of each dataset, from the output contract (pipeline.contract)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "float64": pa.float64(), "bool": pa.bool_()}
    out = {d.name: pa.schema([(c.name, types[c.type]) for c in d.columns])
           for d in contract.DATASETS + contract.DERIVED}
    for cell in contract.panel_cell_names():
        out["panel"] = out["panel"].append(pa.field(cell, pa.float64()))
    return out


def columns_of(report, agency_key: str | None = None) -> dict[str, dict[str, list]]:
    """One report's rows for each dataset, as columns (dataset -> column -> values); `agency_key`
    from pipeline.agencies. Columns, not a dict a row: a batch holds some 100,000 cells, and
    Arrow takes columns without turning rows around."""
    cells, n = report.cells, len(report.cells)
    meta = {"report_id": report.report_id, "source_file": report.source_file,
            "agency": report.agency, "year": report.year, "template": report.template}
    boxes = [c.box or (None, None, None, None) for c in cells]  # provenance; none on a web page
    return {
        "reports": {**{k: [v] for k, v in meta.items()}, "agency_key": [agency_key], "format": [report.format],
                    "pages": [report.pages], "first_page": [report.first_page], "text_layer": [report.text_layer],
                    "ocr_pages": [report.ocr_pages], "rows_not_printed": [report.rows_not_printed],
                    "status": [report.status], "error": [report.error],
                    "pipeline_version": [report.pipeline_version]},
        "cells": {**{k: [v] * n for k, v in meta.items()},
                  **{name: [getattr(c, name) for c in cells]
                     for name in ("table", "row", "col", "value", "kind", "raw", "label", "page")},
                  **{name: [b[i] for b in boxes] for i, name in enumerate(("x0", "top", "x1", "bottom"))},
                  "locator": [c.locator for c in cells], "confidence": [c.confidence for c in cells]},
        "sections": {"report_id": [report.report_id] * len(report.sections),
                     **{name: [getattr(s, attr) for s in report.sections]
                        for name, attr in (("section", "number"), ("title", "title"), ("text", "text"))}},
        "checks": {"report_id": [report.report_id] * len(report.checks),
                   **{name: [getattr(c, name) for c in report.checks]
                      for name in ("check", "expected", "actual", "status", "evidence", "other_report_id")}},
    }


# ---- batches on disk -------------------------------------------------------------------------

def part_name(batch: int) -> str:
    return f"part-{batch:06d}.parquet"


def _batches(folder: Path) -> set[int]:
    if not folder.is_dir():
        return set()
    return {int(m.group(1)) for p in folder.iterdir() if (m := _PART.match(p.name))}


def _work(out_dir: Path) -> Path:
    return Path(out_dir) / WORK


def part_path(out_dir: Path, dataset: str, batch: int) -> Path:
    """Where batch `batch` of `dataset` is written: the working folder's part file."""
    return _work(out_dir) / dataset / part_name(batch)


def committed_batches(out_dir: Path) -> list[int]:
    return sorted(_batches(_work(out_dir) / "reports"))


def recover(out_dir: Path) -> int:
    """Undo what a killed run left half done: temp files, and parts of batches never committed.
    Returns the number of the next batch to write."""
    out_dir = Path(out_dir)
    _migrate(out_dir)
    committed = set(committed_batches(out_dir))
    highest = max(committed, default=-1)
    for name in DATASETS:
        folder = _work(out_dir) / name
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            m = _PART.match(p.name)
            if is_temp(p):
                p.unlink(missing_ok=True)
            elif m and int(m.group(1)) not in committed:
                highest = max(highest, int(m.group(1)))
                p.unlink(missing_ok=True)
    return highest + 1


def read_part(path: Path, columns: list[str] | None = None):
    """One part file (ParquetFile, not read_table: that imports pyarrow.dataset and pandas, half a second)."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as f:
        return f.read(columns=columns)


def conform(table, schema):
    """A part's table in `schema`: a column a part written by an earlier version lacks is null."""
    import pyarrow as pa

    for field in schema:
        if field.name not in table.column_names:
            table = table.append_column(field, pa.nulls(len(table), field.type))
    return table.select(schema.names).cast(schema)


def by_year(table) -> Iterator:
    """The table's rows split by `year`, one table a year (ascending, null last), each in its rows'
    order, made as asked (one copy at a time); a table without a `year` column, or of one year,
    whole. Written as row groups of their own, a year's rows let DuckDB, Polars and pyarrow skip
    the other years' row groups by their statistics for a `where year = …` (the datasets are not
    hive-partitioned: docs/BATCH.md)."""
    import pyarrow.compute as pc

    found = pc.unique(table["year"]).to_pylist() if "year" in table.column_names else []
    if len(found) <= 1:
        yield table
        return
    for year in sorted(y for y in found if y is not None):
        yield table.filter(pc.equal(table["year"], year))
    if None in found:
        yield table.filter(pc.is_null(table["year"]))


def _write_parquet(table, path: Path) -> None:
    import pyarrow.parquet as pq

    with pq.ParquetWriter(path, table.schema) as writer:
        for piece in by_year(table):
            writer.write_table(piece)


def write_batch(out_dir: Path, batch: int, tables: dict) -> None:
    """Write one batch's four tables into the working folder, the `reports` part last (it
    commits the batch)."""
    for name in WRITE_ORDER:
        folder = _work(out_dir) / name
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / part_name(batch), functools.partial(_write_parquet, tables[name]))


def delete_batch(out_dir: Path, batch: int) -> None:
    for name in reversed(WRITE_ORDER):  # reports first: the batch stops counting at once
        part_path(out_dir, name, batch).unlink(missing_ok=True)


def tables_of(reports: Iterable) -> dict:
    """Arrow tables of these reports' rows, reports in (source_file, report_id) order."""
    import pyarrow as pa

    reports = list(reports)
    keys = agency_keys(r.agency for r in reports)
    columns: dict[str, dict[str, list]] = {name: {field: [] for field in schemas()[name].names} for name in DATASETS}
    for report in sorted(reports, key=lambda r: (r.source_file, r.report_id)):
        for name, part in columns_of(report, keys.get(report.agency)).items():
            for field, values in part.items():
                columns[name][field] += values
    return {name: pa.Table.from_pydict(columns[name], schema=schemas()[name]) for name in DATASETS}


def agency_keys(names) -> dict[str, str]:
    """Printed agency name -> agency_key (pipeline.agencies), for the names that are not null.
    Resolved in the parent process, which writes the parts: the workers need no place table."""
    from pipeline.agencies import resolve_all

    return {name: a.agency_key for name, a in resolve_all(n for n in names if n).items()}


class BatchWriter:
    """Collects finished reports and writes them a batch at a time, so memory holds one batch.
    `after_batch`: called with the next batch number after each batch is written, returning the
    next batch number (a run that only adds reports compacts and publishes there)."""

    def __init__(self, out_dir: Path, first_batch: int, batch_size: int = 64, max_cells: int = 100_000,
                 after_batch: Callable[[int], int] | None = None):
        self.out_dir, self.next_batch = Path(out_dir), first_batch
        self.batch_size, self.max_cells = batch_size, max_cells
        self.after_batch = after_batch
        self.pending: list = []
        self.cells = 0

    def add(self, report) -> None:
        self.add_file([report])

    def add_file(self, reports: list) -> None:
        """A file's reports, kept in one batch: a batch holds a file whole, since an older batch's
        rows of the same file are taken for an old copy (`reconcile`)."""
        self.pending += reports
        self.cells += sum(len(r.cells) for r in reports)
        if len(self.pending) >= self.batch_size or self.cells >= self.max_cells:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        write_batch(self.out_dir, self.next_batch, tables_of(self.pending))
        self.next_batch += 1
        self.pending, self.cells = [], 0
        if self.after_batch is not None:
            self.next_batch = self.after_batch(self.next_batch)


# ---- state: what the output holds -----------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    report_id: str
    source_file: str
    pipeline_version: str | None
    status: str | None
    batch: int
    error: str | None = None


def file_id(report_id: str) -> str:
    """The sha256 of the file a report came from (`sha256#k`: the k-th report of a file)."""
    return report_id.partition("#")[0]


def entry_key(report_id: str | None, source_file: str) -> str:
    """A file is known by its bytes' sha256 (the reports it holds share it); a file that could
    not be read has none, so its path."""
    return file_id(report_id) if report_id else f"?{source_file}"


def read_state(out_dir: Path) -> dict[str, list[Entry]]:
    """Every committed report row, by key; the newest batch's entry last."""

    state: dict[str, list[Entry]] = {}
    folder = _work(out_dir) / "reports"
    for batch in committed_batches(out_dir):
        cols = ["report_id", "source_file", "pipeline_version", "status", "error"]
        t = read_part(folder / part_name(batch), cols).to_pydict()
        for rid, src, ver, status, error in zip(*(t[c] for c in cols), strict=True):
            state.setdefault(entry_key(rid, src), []).append(Entry(rid or "", src, ver, status, batch, error))
    return state


def reconcile(out_dir: Path, keep: dict[str, str], next_batch: int) -> tuple[int, int]:
    """Make the output mirror the input: drop reports not in `keep` (key -> source_file) and
    copies older than a report's newest batch, and set source_file where a file moved.
    Only batches that change are rewritten (as a new batch, then the old one deleted).
    Returns (batches rewritten, next batch number)."""
    out_dir = Path(out_dir)
    state = read_state(out_dir)
    by_batch: dict[int, list[Entry]] = {}
    for entries in state.values():
        for e in entries:
            by_batch.setdefault(e.batch, []).append(e)
    rewritten = 0
    for batch in committed_batches(out_dir):
        if batch not in by_batch:  # an empty batch (ensure_datasets' placeholder): no longer needed
            delete_batch(out_dir, batch)
    for batch, entries in sorted(by_batch.items()):
        # the path each report keeps in this batch (an output of the former pipeline may hold
        # two files of the same bytes: one stays)
        chosen: dict[str, str] = {}
        for e in entries:
            k = entry_key(e.report_id, e.source_file)
            if k in keep and state[k][-1].batch == batch and (k not in chosen or e.source_file == keep[k]):
                chosen[k] = e.source_file
        moved = {k: keep[k] for k, src in chosen.items() if keep[k] != src}
        stays = all(chosen.get(entry_key(e.report_id, e.source_file)) == e.source_file for e in entries)
        if stays and not moved:
            continue
        rewritten += 1
        if chosen:
            write_batch(out_dir, next_batch, _filtered(out_dir, batch, chosen, moved))
            next_batch += 1
        delete_batch(out_dir, batch)
    return rewritten, next_batch


def drop_old_copies(out_dir: Path, next_batch: int) -> int:
    """`reconcile` keeping every report, each in its newest batch only (the copies a killed run
    left), where the file it came from is found as stored. Returns the next batch number."""
    newest = {key: entries[-1].source_file for key, entries in read_state(out_dir).items()}
    return reconcile(out_dir, newest, next_batch)[1]


def _filtered(out_dir: Path, batch: int, chosen: dict[str, str], moved: dict[str, str]) -> dict:
    """One batch's tables with only the chosen reports (key -> source_file as stored), moved
    files under their new paths."""
    import pyarrow as pa

    tables = {}
    for name in DATASETS:
        t = read_part(part_path(out_dir, name, batch))
        ids = t.column("report_id").to_pylist()
        if "source_file" in t.column_names:
            srcs = t.column("source_file").to_pylist()
            keys = [entry_key(r, s) for r, s in zip(ids, srcs, strict=True)]
            t = t.filter(pa.array([chosen.get(k) == s for k, s in zip(keys, srcs, strict=True)]))
            if moved:
                srcs = [moved.get(entry_key(r, s), s) for r, s in zip(t.column("report_id").to_pylist(),
                                                                      t.column("source_file").to_pylist(), strict=True)]
                t = t.set_column(t.column_names.index("source_file"), "source_file", pa.array(srcs, pa.string()))
        else:  # sections and checks: only readable files have them; one copy of each (id, section or check)
            second = t.column(t.column_names[1]).to_pylist()
            seen: set = set()
            mask = []
            for pair in zip(ids, second, strict=True):
                mask.append(bool(pair[0]) and entry_key(pair[0], "") in chosen and pair not in seen)
                seen.add(pair)
            t = t.filter(pa.array(mask))
        tables[name] = t
    return tables


def rekey(out_dir: Path, next_batch: int) -> tuple[int, int]:
    """Give every report the agency_key its printed agency resolves to now: after
    data/agency_aliases.csv (or the place table) changed, the batches holding a report whose
    key changed are rewritten (as a new batch, then the old one deleted); nothing is extracted
    again. Returns (batches rewritten, next batch number)."""
    import pyarrow as pa

    out_dir = Path(out_dir)
    folder = _work(out_dir) / "reports"
    stored = {batch: read_part(folder / part_name(batch)) for batch in committed_batches(out_dir)}
    keys = agency_keys({name for t in stored.values() for name in t.column("agency").to_pylist()})
    rewritten = 0
    for batch, reports in stored.items():
        now = [keys.get(name) for name in reports.column("agency").to_pylist()]
        if "agency_key" in reports.column_names and now == reports.column("agency_key").to_pylist():
            continue
        tables = {name: read_part(part_path(out_dir, name, batch)) for name in DATASETS if name != "reports"}
        # a part written before agency keys (kept rows of a file no longer found) gets the column
        tables["reports"] = pa.Table.from_pylist([{**row, "agency_key": key} for row, key in
                                                  zip(reports.to_pylist(), now, strict=True)],
                                                 schema=schemas()["reports"])
        write_batch(out_dir, next_batch, tables)
        delete_batch(out_dir, batch)
        next_batch += 1
        rewritten += 1
    return rewritten, next_batch


def ensure_datasets(out_dir: Path, next_batch: int) -> int:
    """An output with no batch at all still gets its four folders, each with an empty part,
    so readers find the schema rather than a missing folder."""
    if committed_batches(out_dir):
        return next_batch
    write_batch(out_dir, next_batch, tables_of([]))
    return next_batch + 1


def totals(out_dir: Path) -> dict:
    """What the output holds: reports by status, cells, failed checks (read from a few columns)."""
    import pyarrow.parquet as pq

    by_status: dict[str, int] = {}
    cells = checks_failed = 0
    for batch in committed_batches(out_dir):
        for status in read_part(part_path(out_dir, "reports", batch), ["status"]).column("status").to_pylist():
            by_status[status] = by_status.get(status, 0) + 1
        cells += pq.ParquetFile(part_path(out_dir, "cells", batch)).metadata.num_rows
        checks = read_part(part_path(out_dir, "checks", batch), ["status"]).column("status").to_pylist()
        checks_failed += checks.count("fail")
    from pipeline.derived import ACROSS_REPORTS

    across = Path(out_dir) / "checks" / ACROSS_REPORTS  # the checks comparing two reports, as published
    if across.is_file():
        checks_failed += read_part(across, ["status"]).column("status").to_pylist().count("fail")
    return {"reports": sum(by_status.values()), "by_status": by_status, "cells": cells,
            "checks_failed": checks_failed}


@contextlib.contextmanager
def locked(out_dir: Path):
    """One run at a time per output folder (filelock: an OS lock, released with the process
    even on SIGKILL). Raises RuntimeError when another run holds it."""
    import filelock

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with filelock.FileLock(out_dir / ".lock", timeout=0):
            yield
    except filelock.Timeout:
        raise RuntimeError(f"another run is writing to {out_dir}") from None


def write_datasets(out_dir: Path, reports) -> None:
    """Write every dataset for these reports, replacing what `out_dir` held."""
    out_dir = Path(out_dir)
    with locked(out_dir):
        next_batch = recover(out_dir)
        old = committed_batches(out_dir)
        write_batch(out_dir, next_batch, tables_of(list(reports)))
        for batch in old:
            delete_batch(out_dir, batch)
        publish(out_dir)


# ---- publishing ------------------------------------------------------------------------------

def publish(out_dir: Path, derive: bool = True) -> int:
    """Make the working folder's committed batches what readers see: a new generation folder
    of hard links to them and the derived datasets (pipeline.derived), then each dataset's link
    (out/cells …) swapped to it in one rename. The generation before stays (a reader may still
    be listing it); older ones go. `derive=False` (the publishes during a run that only adds
    reports) carries the previous generation's derived files instead of computing them again.
    Returns the generation's number."""
    out_dir = Path(out_dir)
    generations = out_dir / GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    numbers = sorted(int(p.name) for p in generations.iterdir() if p.name.isdigit())
    number = (numbers[-1] + 1) if numbers else 0
    name = f"{number:06d}"
    staging = generations / f".{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    batches = committed_batches(out_dir)
    for dataset in DATASETS:
        (staging / dataset).mkdir(parents=True)
        for batch in batches:
            part = part_name(batch)
            os.link(part_path(out_dir, dataset, batch), staging / dataset / part)
    previous = generations / f"{numbers[-1]:06d}" if numbers else None
    if derive or not _carry_derived(previous, staging):
        from pipeline.derived import write_derived

        write_derived(staging, schemas())
        (staging / DERIVED_MARK).touch()
    os.replace(staging, generations / name)
    for dataset in DATASETS + contract.DERIVED_NAMES:
        link = out_dir / f".{dataset}.link.tmp"
        link.unlink(missing_ok=True)
        os.symlink(Path(GENERATIONS) / name / dataset, link)
        os.replace(link, out_dir / dataset)
    for old in numbers[:-1]:
        shutil.rmtree(generations / f"{old:06d}", ignore_errors=True)
    return number


def is_published(out_dir: Path) -> bool:
    """Readers already see exactly the committed batches, and the derived datasets computed from
    them: every dataset's link points into the same generation (a publish killed while it swapped
    the links leaves two), whose derived datasets were computed, not carried from the one before
    (a run that only adds reports carries them until its end), and whose parts are the committed
    batches. A run that changed nothing need not publish again: it would compute the same files."""
    out_dir = Path(out_dir)
    links = [out_dir / name for name in DATASETS + contract.DERIVED_NAMES]
    if not all(link.is_symlink() and link.is_dir() for link in links):
        return False
    generations = {link.resolve().parent for link in links}
    if len(generations) != 1:
        return False
    generation = generations.pop()
    if not (generation / DERIVED_MARK).is_file():
        return False
    published = {p.name for p in (generation / "reports").glob("part-*.parquet")}
    return published == {part_name(b) for b in committed_batches(out_dir)}


def has_published(out_dir: Path) -> bool:
    """Readers find every dataset (a generation was published, whatever its state)."""
    return all((Path(out_dir) / name).is_dir() for name in DATASETS + contract.DERIVED_NAMES)


def _carry_derived(previous: Path | None, staging: Path) -> bool:
    """Link the previous generation's derived files into `staging`; False where it has none."""
    from pipeline.derived import ACROSS_REPORTS

    if previous is None or not all((previous / d).is_dir() for d in contract.DERIVED_NAMES):
        return False
    for dataset in contract.DERIVED_NAMES:
        (staging / dataset).mkdir(parents=True)
        for part in (previous / dataset).iterdir():
            os.link(part, staging / dataset / part.name)
    if (previous / "checks" / ACROSS_REPORTS).exists():
        os.link(previous / "checks" / ACROSS_REPORTS, staging / "checks" / ACROSS_REPORTS)
    return True


def _migrate(out_dir: Path) -> None:
    """An output written before generations (out/cells/part-*.parquet in plain folders): its
    parts move into the working folder; the next publish links them back."""
    for dataset in DATASETS:
        folder = out_dir / dataset
        if folder.is_symlink() or not folder.is_dir():
            continue
        (_work(out_dir) / dataset).mkdir(parents=True, exist_ok=True)
        for part in folder.iterdir():
            if _PART.match(part.name):
                os.replace(part, _work(out_dir) / dataset / part.name)
        aside = out_dir / f".{dataset}.old"
        os.replace(folder, aside)
        shutil.rmtree(aside, ignore_errors=True)


# ---- reading back ---------------------------------------------------------------------------

DATA_ENV = "GOVREPORT_DATA"  # where load() looks when no folder is given


def data_dir(out_dir: str | Path | None = None) -> Path:
    """The output folder to read: `out_dir`, else $GOVREPORT_DATA, else data/parquet (relative to
    the current directory, as `make extract` writes it from the repo's root)."""
    return Path(out_dir if out_dir is not None else os.environ.get(DATA_ENV, "data/parquet"))


def load(name: str, out_dir: str | Path | None = None):
    """One dataset as a DataFrame with nullable dtypes (Int32 years, Float64 values, string text),
    rows in a stable order (by report, then as extracted) whatever order the batches came in.
    `out_dir`: the output folder (default: $GOVREPORT_DATA, else data/parquet).
    Raises ValueError for an unknown dataset, FileNotFoundError (saying where it looked) when the
    folder holds no such dataset."""
    import pyarrow.parquet as pq

    if name not in contract.BY_NAME:
        raise ValueError(f"unknown dataset {name!r}; one of {', '.join(contract.BY_NAME)}")
    folder = data_dir(out_dir) / name
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no {name} dataset at {folder.resolve()}: run `make extract` first, or point to the output "
            f"folder: pipeline.load({name!r}, 'path/to/parquet'), or set {DATA_ENV}=path/to/parquet")
    # the generation the link points to now, read whole: pyarrow lists the files, then opens
    # them, and through the link a publish in between (a run replacing reports) may have taken
    # a listed part away; the generation itself stays until the publish after next.
    # Part files are named in batch order, which pyarrow keeps.
    table = pq.read_table(folder.resolve(), schema=schemas()[name])
    df = table.to_pandas(types_mapper=_dtype)
    keys = {"panel": ["agency_key", "year"], "agencies": ["agency"]}.get(name) or (
        ["source_file", "report_id"] if "source_file" in df.columns else ["report_id"])
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def load_all(out_dir: str | Path | None = None) -> dict:
    return {name: load(name, out_dir) for name in contract.BY_NAME}


def _dtype(arrow_type):
    import pandas as pd
    import pyarrow as pa

    mapping = {pa.int32(): pd.Int32Dtype(), pa.float64(): pd.Float64Dtype(),
               pa.string(): pd.StringDtype(), pa.bool_(): pd.BooleanDtype()}
    return mapping.get(arrow_type)
