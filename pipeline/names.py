"""File names as text: any byte string a file system holds, kept losslessly in `source_file`.

A Chinese ZIP unzipped on Linux leaves names in GBK bytes, which are not
UTF-8 and cannot be written to Parquet as they are. `source_name` writes each
byte that is not part of valid UTF-8 as `\\xNN` (two hex digits) and a
backslash as `\\\\`; every other character is itself. `source_bytes` turns
the text back into the name's bytes.

    source_name(Path("报告/\\udcbd\\udcad.pdf"))  ->  "报告/\\xbd\\xad.pdf"
"""
from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def source_name(relative: Path | str) -> str:
    """The `/`-separated relative path as text, undecodable bytes escaped (reversible)."""
    text = Path(relative).as_posix()  # bytes that are not UTF-8 arrive as surrogates (PEP 383)
    out = []
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def source_bytes(name: str) -> bytes:
    """The name's bytes, as the file system holds them: the inverse of `source_name`."""
    parts = []
    last = 0
    for m in _ESCAPE.finditer(name):
        parts.append(name[last:m.start()].encode("utf-8"))
        token = m.group(1)
        parts.append(b"\\" if token == "\\" else bytes([int(token[1:], 16)]))
        last = m.end()
    parts.append(name[last:].encode("utf-8"))
    return b"".join(parts)


def local_path(raw_dir: Path, name: str) -> Path:
    """The file `name` (a source_file) stands for under `raw_dir`."""
    return Path(os.fsdecode(os.path.join(os.fsencode(raw_dir), source_bytes(name))))
