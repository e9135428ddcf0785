"""Files written whole or not at all: a temporary name beside the target, fsync, one rename.

A reader never sees half a file, and a crash leaves only a dot-file ending in
TEMP_SUFFIX, which readers' globs skip (`*.parquet`, `*.pdf`) and
`sweep_temp` removes at the next start.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}{TEMP_SUFFIX}")


def is_temp(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def write_atomic(path: Path, write: Callable[[Path], None], sync: bool = True) -> None:
    """`write(tmp)` writes the file's content to a temporary path; it is then synced to disk and
    renamed to `path` (after a power cut the name must not point at unwritten blocks). On any
    error the temporary file is removed and the error raised; `path` is untouched. `sync=False`
    skips the fsync, for files that are rebuilt from the data anyway (the quality report)."""
    path = Path(path)
    tmp = temp_name(path)
    try:
        write(tmp)
        if sync:
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, lambda tmp: tmp.write_bytes(data), sync)


def sweep_temp(folder: Path, recursive: bool = True) -> int:
    """Remove the temporary files an interrupted write left under `folder`; returns how many."""
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    found = folder.rglob(f".*{TEMP_SUFFIX}") if recursive else folder.glob(f".*{TEMP_SUFFIX}")
    leftovers = [p for p in found if p.is_file()]
    for p in leftovers:
        p.unlink(missing_ok=True)
    return len(leftovers)
