"""What a run must do: which files to extract, which to skip, what the output should mirror.

A file is known by the sha256 of its bytes (read again only where the file
changed since a run read it: pipeline.file_ids). It is skipped when the output
already holds a row for that sha256 written by this pipeline version;
otherwise (new or changed bytes, another version, a row saying the file
changed while a run read it, or `force`) it is extracted again. A file
moved or renamed keeps its sha256: it is not extracted again, its rows get
the new source_file. Rows of files no longer
in the input folder leave the output, which mirrors the folder. Two files
with the same bytes are one report (the first path in sorted order).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.executor import Task
from pipeline.file_ids import FileIds
from pipeline.names import source_name
from pipeline.report import CHANGED_WHILE_READ, PIPELINE_VERSION
from pipeline.store import WORK, entry_key, read_state


@dataclass
class Plan:
    todo: list[Task] = field(default_factory=list)
    keep: dict[str, str] = field(default_factory=dict)  # key -> source_file the output should hold
    skipped: int = 0
    moved: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, same bytes as)
    changed: int = 0  # files whose bytes changed under the same path: their old rows are replaced
    removed: int = 0  # files gone from the input folder: their rows leave the output
    replaces: bool = False  # some file extracted holds reports the output already has (or had, changed)
    gone: dict[str, str] = field(default_factory=dict)  # key -> source_file of the files no longer found
    known: int = 0  # files the output held before the run
    hashed: int = 0  # files whose bytes were read for their sha256 (the others unchanged since a run read them)


def make_plan(files: list[Path], raw_dir: Path, out_dir: Path, force: bool = False, retry_errors: bool = False,
              version: str = PIPELINE_VERSION, log: Callable[[str], None] = print) -> Plan:
    """force: redo every file; retry_errors: redo files whose row says `error` (a time limit hit
    on a busy machine, say), the others skipped as usual."""
    state = read_state(out_dir)
    ids = FileIds.load(Path(out_dir) / WORK, trust=not force)  # a forced run reads every file's bytes
    plan = Plan()
    for path in files:
        source = source_name(path.relative_to(raw_dir))
        try:
            report_id = ids.sha256(path)
        except OSError:
            report_id = ""  # the worker tries again and reports why it cannot read the file
        key = entry_key(report_id, source)
        if key in plan.keep:
            plan.duplicates.append((source, plan.keep[key]))
            continue
        plan.keep[key] = source
        last = state[key][-1] if key in state else None
        # a file that changed while a run read it has no reading of its bytes yet: read it again
        redo = force or (last is not None and last.status == "error"
                         and (retry_errors or last.error == CHANGED_WHILE_READ))
        if last is not None and report_id and last.pipeline_version == version and not redo:
            plan.skipped += 1
            plan.moved += last.source_file != source
        else:
            # absolute: a Dask worker elsewhere opens it at the same path on shared storage
            plan.todo.append(Task(os.path.abspath(path), source, report_id))
            plan.replaces = plan.replaces or last is not None
    paths = set(plan.keep.values())
    gone = [key for key in state if key not in plan.keep]
    plan.changed = sum(1 for key in gone if state[key][-1].source_file in paths)
    plan.removed = len(gone) - plan.changed
    plan.gone = {key: state[key][-1].source_file for key in gone if state[key][-1].source_file not in paths}
    plan.known = len(state)
    plan.replaces = plan.replaces or plan.changed > 0
    for source, first in plan.duplicates:
        log(f"{'duplicate':12} {source} - the same bytes as {first}, kept once")
    ids.save()
    plan.hashed = ids.read
    return plan
