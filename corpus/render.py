"""docx -> PDF with LibreOffice, as agencies' office suites do."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def to_pdf(docx_files: list[Path], out_dir: Path, timeout: int = 600) -> None:
    """Convert a batch in one soffice run; a private profile lets runs go in parallel."""
    profile = Path(tempfile.mkdtemp(prefix="lo_profile_"))
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), *map(str, docx_files)],
            check=True, capture_output=True, timeout=timeout,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    missing = [f.name for f in docx_files if not (out_dir / f.with_suffix(".pdf").name).exists()]
    if missing:
        raise RuntimeError(f"LibreOffice produced no PDF for {missing}")
