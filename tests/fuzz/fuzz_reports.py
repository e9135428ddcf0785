"""Coverage-guided fuzzing (atheris, libFuzzer) of the per-file entry point, `extract_reports`:
whatever bytes a file holds, as a PDF or as a web page, it must come back as reports (an error
row at worst), never raise, crash or hang.

    python tests/fuzz/fuzz_reports.py pdf  -max_total_time=120 tests/fuzz/seeds/pdf
    python tests/fuzz/fuzz_reports.py html -max_total_time=120 tests/fuzz/seeds/html

(`make fuzz` runs both). A finding is written by libFuzzer as crash-* or timeout-*: add it
to tests/fuzz/found/ and tests/test_fuzz_found.py replays it.
"""
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["parsers", "pipeline"]):
    from pipeline.run import extract_reports

KIND = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in ("pdf", "html") else "pdf"
SCRATCH = os.path.join(tempfile.mkdtemp(prefix="govreport-fuzz-"), "input." + KIND)


def one_input(data: bytes) -> None:
    with open(SCRATCH, "wb") as f:
        f.write(data)
    reports = extract_reports(SCRATCH, "input." + KIND, "fuzz")
    assert reports and all(r.status in ("ok", "partial", "not_a_report", "error") for r in reports)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
