"""An exception as one line a person can read in a log or a `reports.error` cell."""
from __future__ import annotations

LIMIT = 300  # characters: a reason, not a traceback


def one_line(error: BaseException, limit: int = LIMIT) -> str:
    """`TypeName: first line of the message` (or just the type's name), cut to `limit` characters."""
    text = str(error)
    first = text.splitlines()[0] if text else ""
    name = type(error).__name__
    return (f"{name}: {first}" if first else name)[:limit]


class OutputError(RuntimeError):
    """The output folder cannot be written (read-only, full, not a folder): the previous output
    stands as it was."""

    @classmethod
    def writing(cls, out_dir, error: OSError, after: str) -> OutputError:
        """`cannot write the output to OUT: <reason>; <after>`: what a write that failed says."""
        return cls(f"cannot write the output to {out_dir}: {error.strerror or error}; {after}")
