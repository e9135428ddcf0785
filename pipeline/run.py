"""A folder of report files -> Parquet datasets, one bad file never stopping the batch."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import Report, extract_pdf, sha256_of
from pipeline.store import write_datasets


def find_reports(raw_dir: Path) -> list[Path]:
    """Every *.pdf under the folder, any case, in a stable order."""
    return sorted(p for p in Path(raw_dir).rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def extract_file(path: Path, raw_dir: Path) -> Report:
    source = path.relative_to(raw_dir).as_posix()
    try:
        report_id = sha256_of(path)
    except OSError as e:
        return Report(report_id="", source_file=source, error=f"cannot read file: {e.strerror or e}")
    try:
        return extract_pdf(path, source, report_id)
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        return Report(report_id=report_id, source_file=source, error=f"{type(e).__name__}: {reason}"[:300])


@dataclass
class Summary:
    reports: int
    by_status: dict[str, int]
    cells: int
    checks_failed: int

    def __str__(self) -> str:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        return (f"{self.reports} reports ({statuses}); {self.cells} cells; "
                f"{self.checks_failed} checks failed")


def extract_folder(raw_dir: str | Path, out_dir: str | Path, log=print) -> Summary:
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {raw_dir}")
    reports = []
    for path in find_reports(raw_dir):
        report = extract_file(path, raw_dir)
        reports.append(report)
        note = f" - {report.error}" if report.error else ""
        log(f"{report.status:12} {report.source_file}{note}")
    write_datasets(Path(out_dir), reports)
    return Summary(
        reports=len(reports),
        by_status=dict(Counter(r.status for r in reports)),
        cells=sum(len(r.cells) for r in reports),
        checks_failed=sum(1 for r in reports for c in r.checks if c.status == "fail"),
    )
