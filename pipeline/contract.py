"""The output contract: every dataset, its columns, their types and meanings — in one place.

pipeline.store builds the Arrow schemas from it; pipeline.dictionary writes
docs/OUTPUT.md from it. Adding a column here adds it to both.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, int32, float64, bool
    meaning: str


@dataclass(frozen=True)
class Dataset:
    name: str
    one_row_per: str
    columns: tuple[Column, ...]
    notes: str = ""


_ID = Column("report_id", "string", "sha256 of the file's bytes (the same file has the same id wherever it lies); "
                                    "for a file holding several reports, `sha256#k` for the k-th, in page order")
_SOURCE = Column("source_file", "string", "path of the file under the input folder, `/`-separated")
_META = (
    Column("agency", "string", "the issuing agency as the title prints it (e.g. 福建省人力资源和社会保障厅); "
                               "null when no title could be read with certainty"),
    Column("year", "int32", "the reporting year (not the publishing date); null when not read with certainty"),
    Column("template", "string", "`2019` or `2021`: the national template table 二 follows, read from its "
                                 "printed column labels (never from the year)"),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset("reports", "input file", (
        _ID, _SOURCE, *_META,
        Column("format", "string", "`pdf` or `html` (a report published as a web page)"),
        Column("pages", "int32", "the report's page count (null for a web page)"),
        Column("first_page", "int32", "the page of the file the report begins on: 1, or later for the second and "
                                      "further reports of a file holding several (null for a web page)"),
        Column("text_layer", "bool", "false when no page has a usable text layer (a scanned, image-only PDF)"),
        Column("ocr_pages", "int32", "how many pages were read by OCR (0 for a text-layer PDF)"),
        Column("rows_not_printed", "string", "template rows the report leaves out, comma-separated `table.row` "
                                             "(a department that makes no rules prints no 规章 row: "
                                             "`active.rules`); null when it prints them all. Only rows of table "
                                             "二 may be left out; a row printed but not read makes the report "
                                             "`partial` instead"),
        Column("status", "string", "`ok`; `partial` (a table, the title, some template cells or a sure reading "
                                   "missing: `error` says which); `not_a_report`; `error` (the file could not be "
                                   "read)"),
        Column("error", "string", "null, or one line saying what went wrong and where"),
        Column("pipeline_version", "string", "the package version that wrote the row (`+ocr-text` when scanned "
                                             "prose was read too); a new version extracts the file again"),
    )),
    Dataset("cells", "printed table value (long form)", (
        _ID, _SOURCE, *_META,
        Column("table", "string", "`active` (table 二), `requests` (table 三), `review_litigation` (table 四)"),
        Column("row", "string", "canonical row id (docs/SCHEMA.md); null for a printed row that matches none — its "
                                "text is in `label`"),
        Column("col", "string", "canonical column id (docs/SCHEMA.md)"),
        Column("value", "float64", "the number; null for a placeholder or an unreadable cell"),
        Column("kind", "string", "what was printed: `number`; `blank` (an empty cell); `dash` (/ - — －); "
                                 "`text` (无, words); `merged` (a number other than 0 printed once in a cell "
                                 "merged over several rows: it is not split among them, so `value` is null)"),
        Column("raw", "string", "the cell's text as printed"),
        Column("label", "string", "the row's label as printed, line breaks rejoined (merged group labels "
                                  "included)"),
        Column("page", "int32", "1-based page the value is printed on (null for a web page)"),
        Column("x0", "float64", "the value's box on that page, in PDF points from the top-left corner: left "
                                "(null for a web page)"),
        Column("top", "float64", "… top"),
        Column("x1", "float64", "… right"),
        Column("bottom", "float64", "… bottom"),
        Column("locator", "string", "for a web-page report: where the value sits in the HTML, e.g. `table 3, row 5, "
                                    "col 2` (null for PDFs)"),
        Column("confidence", "float64", "1.0 for a value read from a text layer or a web page; OCR's score for a "
                                        "scanned one (under 0.9 the report is `partial`)"),
    ), notes="Every cell a report's tables print gets a row, a blank one too (`kind` = `blank`), so that "
             "\"printed empty\" and \"not in this template\" differ. A placeholder is never turned into 0: "
             "reports use /, - and blanks both for \"none\" and for \"not applicable\". Amounts in 万元 are "
             "decimals; a unit printed in the cell is converted (251000元 → 25.1)."),
    Dataset("sections", "report section", (
        Column("report_id", "string", "as in `reports`"),
        Column("section", "int32", "1 to 6"),
        Column("title", "string", "the heading as printed, e.g. 一、总体情况"),
        Column("text", "string", "the section's text, lines rejoined into paragraphs (one per line), page numbers "
                                 "and running headers dropped, table cells left out"),
    )),
    Dataset("checks", "check: an identity of the tables, or the text against them", (
        Column("report_id", "string", "as in `reports`"),
        Column("check", "string", "stable id (docs/SCHEMA.md, Identities): an identity of the report's tables, "
                                  "`text.*` (a figure the prose states against the table), `cross_year.*` "
                                  "(this year's table against last year's)"),
        Column("expected", "float64", "the sum of the parts as printed; for `text.*` the figure the prose "
                                      "states; for `cross_year.*` what last year's report implies"),
        Column("actual", "float64", "the printed total (for `text.*`, the table's figure)"),
        Column("status", "string", "`pass`; `fail` (the report's own numbers disagree: kept as printed, never "
                                   "repaired); `not_assessable` (a part or the total is a placeholder or was not "
                                   "printed)"),
        Column("evidence", "string", "for `text.*`: the sentence the figure was read from; else null"),
        Column("other_report_id", "string", "for `cross_year.*`: the previous year's report; else null"),
    )),
)

BY_NAME = {d.name: d for d in DATASETS}
NAMES = tuple(d.name for d in DATASETS)
