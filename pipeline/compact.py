"""Fewer, larger part files: `govreport compact OUT`, and automatically where a run leaves more
than AUTO_PARTS of them (at its end, and between its batches where it publishes each one).

Each batch of a run is a part file per dataset (64 reports by default), so a national run
writes thousands; a reader then opens thousands of footers before its first row. Compaction
merges runs of consecutive small batches into one batch of about TARGET_CELLS cells rows, the
way a batch is always written (pipeline.store): the new batch's parts under dot-names renamed
into place, its `reports` part last, then the old batches deleted and the output published as
a new generation. A reader sees the generation before or the one after, each report once; a
compaction killed at any moment leaves the published output as it was, and the next run or
compaction drops the copies it left (the newest batch of a report wins).

The merged part is streamed (pyarrow ParquetWriter), an old part read a row group at a time:
`cells` and `reports` gathered into row groups of one year each (`_YearRowGroups`), the others
keeping the old row groups.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import store
from pipeline.atomic import write_atomic
from pipeline.errors import OutputError

TARGET_CELLS = 1_000_000  # cells rows per merged batch: about 4,000 reports, 20-40 MB of Parquet
AUTO_PARTS = 200  # part files per dataset past which a run compacts before it publishes


@dataclass
class CompactSummary:
    parts_before: int
    parts_after: int
    seconds: float

    def __str__(self) -> str:
        files = "part file" if self.parts_before == 1 else "part files"
        return f"{self.parts_before} {files} per dataset -> {self.parts_after} in {self.seconds:.1f} s"


def compact(out_dir: str | Path, target_cells: int = TARGET_CELLS) -> CompactSummary:
    """Merge the output's small batches and publish. Raises RuntimeError when another run holds
    the output, FileNotFoundError when `out_dir` holds no output, OutputError (a RuntimeError)
    when it cannot be written (read-only, full)."""
    out_dir = Path(out_dir)
    if not (out_dir / store.WORK / "reports").is_dir():
        raise FileNotFoundError(f"no output to compact in {out_dir}: run `govreport extract` first")
    started = time.perf_counter()
    with store.locked(out_dir):
        try:
            # copies a killed run left go first: merged into one batch, they could not be told apart
            next_batch = store.drop_old_copies(out_dir, store.recover(out_dir))
            before = len(store.committed_batches(out_dir))
            compact_batches(out_dir, next_batch, target_cells)
            store.publish(out_dir)
        except OSError as e:  # a full disk: what readers see is the generation before
            raise OutputError.writing(out_dir, e, "the published output is unchanged") from None
        after = len(store.committed_batches(out_dir))
    return CompactSummary(before, after, time.perf_counter() - started)


class DuringRun:
    """Compaction between the batches of a run that publishes each one: once the output holds
    more than AUTO_PARTS part files per dataset beside those the last compaction left. A publish
    links every part file into a new generation (0.15 ms a batch, measured): without this, a
    national run's thousands of batches would make each publish longer than the last (1.2 s at
    7,800 batches of 64 reports; over a run of 500,000 reports, an hour of the parent's time).
    Merged part files that are full stay as they are, so past about 800,000 reports (AUTO_PARTS
    of TARGET_CELLS each) a bare count would stay above AUTO_PARTS and compact after every batch.
    The run drops the copies a killed run left before its first batch (merged, they could not be
    told apart); its own batches hold no copies. The caller holds the lock and publishes after.
    Called with the next batch number, returns the next batch number."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.left = 0  # part files the last compaction left

    def __call__(self, next_batch: int) -> int:
        if len(store.committed_batches(self.out_dir)) <= self.left + AUTO_PARTS:
            return next_batch
        next_batch = compact_batches(self.out_dir, next_batch, TARGET_CELLS)
        self.left = len(store.committed_batches(self.out_dir))
        return next_batch


def compact_batches(out_dir: Path, next_batch: int, target_cells: int = TARGET_CELLS) -> int:
    """Merge runs of consecutive batches whose cells add up to at most `target_cells` into one
    batch each (a batch that big alone stays). The caller holds the lock and publishes after.
    Returns the next batch number."""
    import pyarrow.parquet as pq

    sizes = [(b, pq.ParquetFile(store.part_path(out_dir, "cells", b)).metadata.num_rows)
             for b in store.committed_batches(out_dir)]
    groups, group, total = [], [], 0
    for batch, rows in sizes:
        if group and total + rows > target_cells:
            groups.append(group)
            group, total = [], 0
        group.append(batch)
        total += rows
    groups.append(group)
    for group in (g for g in groups if len(g) > 1):
        _merge(Path(out_dir), group, next_batch)
        for batch in group:
            store.delete_batch(out_dir, batch)
        next_batch += 1
    return next_batch


def _merge(out_dir: Path, batches: list[int], into: int) -> None:
    """Write batch `into` holding the rows of `batches`, `reports` part last: a dataset with a
    `year` column in row groups of one year each (`_YearRowGroups`), the others keeping the old
    parts' row groups, in their order. Memory holds one old row group at a time, and what
    `_YearRowGroups` gathers."""
    import pyarrow.parquet as pq

    schemas = store.schemas()
    for name in store.WRITE_ORDER:
        def stream(tmp: Path, name=name) -> None:
            with pq.ParquetWriter(tmp, schemas[name]) as writer:
                groups = _YearRowGroups(writer) if "year" in schemas[name].names else None
                add = writer.write_table if groups is None else groups.add
                for batch in batches:
                    with pq.ParquetFile(store.part_path(out_dir, name, batch)) as part:
                        for i in range(part.num_row_groups):  # a row group at a time: a part may be a merged one
                            add(store.conform(part.read_row_group(i), schemas[name]))
                if groups is not None:
                    groups.close()
        write_atomic(store.part_path(out_dir, name, into), stream)


HELD_ROWS = 131_072  # rows _YearRowGroups holds at most (cells: about 40 MB) before it writes


class _YearRowGroups:
    """Rows gathered by year and written as row groups of one year each, so that a reader's
    `where year = …` skips the others by their statistics (at 18 million cells, a one-year DuckDB
    query took a third of the time it took on row groups of mixed years, Polars' a fifth).
    Past `held` rows (default HELD_ROWS), the year holding most is written (of equals, the
    earliest); the rest at `close`, in year order. A report's rows are of one year and come in
    one row group of one part: they stay in one row group (the derived datasets read a row group
    at a time)."""

    def __init__(self, writer, held: int | None = None):
        self.writer, self.limit = writer, HELD_ROWS if held is None else held
        self.held: dict[int | None, list] = {}
        self.rows = 0

    def add(self, table) -> None:
        for piece in store.by_year(table):
            if not piece.num_rows:
                continue
            self.held.setdefault(piece["year"][0].as_py(), []).append(piece)
            self.rows += piece.num_rows
        while self.rows > self.limit:  # the year holding most; of equals, the earliest (null last)
            self._write(max(self.held, key=lambda y: (sum(t.num_rows for t in self.held[y]), y is not None, -(y or 0))))

    def close(self) -> None:
        for year in sorted(self.held, key=lambda y: (y is None, y or 0)):
            self._write(year)

    def _write(self, year) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self.held.pop(year))
        self.rows -= table.num_rows
        self.writer.write_table(table, row_group_size=table.num_rows)


def auto_compact(out_dir: Path, next_batch: int, log=print) -> int:
    """Compact when a run leaves more than AUTO_PARTS part files per dataset; the caller holds
    the lock and publishes after. Returns the next batch number."""
    before = len(store.committed_batches(out_dir))
    if before <= AUTO_PARTS:
        return next_batch
    next_batch = compact_batches(out_dir, next_batch)
    log(f"compacted {before} part files per dataset into {len(store.committed_batches(out_dir))}")
    return next_batch
