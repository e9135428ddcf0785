"""Every URL fetched, one row per fetch, in SQLite: what came back, where it was filed, what went wrong.

SQLite rather than Parquet because rows arrive one at a time from a running
crawl and must survive a crash of it; `pandas.read_sql` or DuckDB's sqlite
scanner read it as a table.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

COLUMNS = ("run_id", "source", "kind", "url", "final_url", "fetched_at", "status", "content_type", "bytes",
           "sha256", "saved_path", "new_file", "error")

_SCHEMA = """
create table if not exists fetches (
    id integer primary key,
    run_id text not null,
    source text not null,
    kind text not null,            -- listing, report, attachment
    url text not null,             -- as linked
    final_url text,                -- after redirects
    fetched_at text not null,      -- UTC, ISO 8601
    status integer,                -- HTTP status; 304 for a listing the server said is unchanged
    content_type text,
    bytes integer,
    sha256 text,
    saved_path text,               -- under RAW; the earlier file's path for a duplicate
    new_file integer not null default 0,
    error text                     -- null, or why nothing was kept
);
create index if not exists fetches_url on fetches(url);
create index if not exists fetches_sha on fetches(sha256);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Manifest:
    def __init__(self, path: str | Path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30)
        self.db.execute("pragma journal_mode=wal")
        self.db.executescript(_SCHEMA)

    def record(self, **row) -> None:
        row.setdefault("fetched_at", now())
        row["new_file"] = int(bool(row.get("new_file")))
        cols = [c for c in COLUMNS if c in row]
        self.db.execute(f"insert into fetches ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                        [row[c] for c in cols])
        self.db.commit()  # row by row: a crash loses at most the fetch in flight

    def done_files(self) -> set[str]:
        """URLs whose PDF is already filed (or was a duplicate of a filed one): not fetched again."""
        rows = self.db.execute("select url from fetches where kind != 'listing' and saved_path like '%.pdf' "
                               "and error is null")
        return {url for (url,) in rows}

    def path_of(self, sha256: str) -> str | None:
        row = self.db.execute("select saved_path from fetches where sha256 = ? and saved_path is not null "
                              "order by id limit 1", (sha256,)).fetchone()
        return row[0] if row else None

    def rows(self, run_id: str | None = None) -> list[dict]:
        query = f"select {', '.join(COLUMNS)} from fetches"
        args: tuple = ()
        if run_id:
            query, args = query + " where run_id = ?", (run_id,)
        return [dict(zip(COLUMNS, r, strict=True)) for r in self.db.execute(query + " order by id", args)]

    def close(self) -> None:
        self.db.close()
