"""A file's sha256 without reading its bytes again when the file has not changed since a run
read them.

Every run keys each input file by the sha256 of its bytes (pipeline.incremental), so a re-run
over a national input folder (500,000 files of about 400 KB: 200 GB) would read all of it
again before extracting anything. A run records, in its output's working folder, the sha256 of
each file it hashed beside the file's status: size, modification and change times (ns), inode
and device. A later run takes the sha256 from there where all of them are the same; where any
differs it reads the file. Writing a file's data sets its change time (ctime) to the present
(POSIX), and no call sets a ctime back (`touch` and `rsync -t` set the modification time only),
so new bytes under an old entry's path show a new ctime; a file replaced by another is another
inode. A file whose ctime lies within RACY_SECONDS of the moment the entry was recorded is not
recorded: a write in the same tick of the file system's clock could leave its ctime as it was
(git's "racy" index entries, handled the same way).

    ids = FileIds.load(out_dir); ids.sha256(path); ...; ids.save()
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from pipeline.atomic import write_atomic
from pipeline.report import sha256_of

FILE = "file_ids.parquet"  # in the output's working folder (pipeline.store.WORK)
RACY_SECONDS = 2.0
_SHA256 = re.compile(r"[0-9a-f]{64}")  # an entry without one is not taken
_STAT = ("size", "mtime_ns", "ctime_ns", "inode", "device")


def _status(stat: os.stat_result) -> tuple[int, int, int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


class FileIds:
    """The sha256 of input files, by absolute path (as bytes), read where a file changed since the entry
    recorded for it (`load`'s), taken from the entry where it did not."""

    def __init__(self, path: Path, known: dict[bytes, tuple]):
        self.path = path
        self.known = known  # absolute path (bytes) -> (size, mtime_ns, ctime_ns, inode, device, sha256)
        self.seen: dict[bytes, tuple] = {}  # this run's entries: what `save` writes
        self.read = 0  # files whose bytes were read (Plan.hashed)

    @classmethod
    def load(cls, work_dir: Path, trust: bool = True) -> FileIds:
        """The entries recorded in `work_dir` (the output's working folder); none where `trust` is
        False (a forced run reads every file) or where the file is missing or unreadable (then
        every file is read, as on a first run)."""
        path = Path(work_dir) / FILE
        known: dict[bytes, tuple] = {}
        if trust and path.exists():
            import pyarrow.parquet as pq

            try:
                table = pq.read_table(path).to_pydict()
                known = {p: tuple(row) for p, *row in zip(table["path"], *(table[c] for c in (*_STAT, "sha256")),
                                                            strict=True)
                         if isinstance(row[-1], str) and _SHA256.fullmatch(row[-1]) and None not in row}
            except Exception:  # noqa: BLE001 - a damaged record only costs reading the files again
                known = {}
        return cls(path, known)

    def sha256(self, path: Path) -> str:
        """The file's sha256 (hex). Raises OSError where the file cannot be read or stat'd."""
        key = os.fsencode(os.path.abspath(path))  # bytes: a file name need not be UTF-8
        status = _status(os.stat(key))
        entry = self.known.get(key)
        if entry is not None and entry[:5] == status:
            self.seen[key] = entry
            return entry[5]
        digest = sha256_of(Path(os.fsdecode(key)))
        self.read += 1
        if _status(os.stat(key)) == status:  # else written while it was read: not recorded
            self.seen[key] = (*status, digest)
        return digest

    def save(self) -> None:
        """Record the entries of the files this run hashed or looked up (atomically), leaving out
        those too recent to trust; nothing is written where they are the entries loaded (a re-run
        over an unchanged folder writes nothing)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        cutoff = time.time_ns() - int(RACY_SECONDS * 1e9)
        entries = {p: e for p, e in self.seen.items() if e[2] < cutoff}
        if entries == self.known:
            return
        rows = sorted((p, *e) for p, e in entries.items())
        kinds = _columns()
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in kinds]
        table = pa.table({name: pa.array(values, type=kind) for (name, kind), values in
                          zip(kinds.items(), columns, strict=True)})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, lambda tmp: pq.write_table(table, tmp))


def _columns() -> dict:
    import pyarrow as pa

    return {"path": pa.binary(), "size": pa.int64(), "mtime_ns": pa.int64(), "ctime_ns": pa.int64(),
            "inode": pa.uint64(), "device": pa.uint64(), "sha256": pa.string()}
