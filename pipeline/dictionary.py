"""Write the data dictionary (docs/DATA.md) from pipeline.schema, so the doc never drifts from the code.

    python -m pipeline.dictionary > docs/DATA.md
"""
from __future__ import annotations

from pipeline import schema

COLUMNS = """\
# Data dictionary

`make extract` writes four Parquet datasets under the output folder
(`data/parquet/` by default). Load them with `pipeline.load("cells")` (or
`pipeline.load_all()`), `pandas.read_parquet("data/parquet/cells")`, DuckDB
`read_parquet('data/parquet/cells/**/*.parquet')` or Polars.

## reports — one row per input file
| column | type | meaning |
|---|---|---|
| report_id | string | sha256 of the file's bytes: the same file has the same id wherever it lies |
| source_file | string | path of the file under the input folder |
| agency | string | the issuing agency as the title prints it (e.g. 福建省人力资源和社会保障厅) |
| year | int32 | the reporting year (not the publishing date) |
| template | string | `2019` or `2021`: the national template table 二 follows, read from its printed column labels |
| format | string | `pdf` or `html` (a report published as a web page) |
| pages | int32 | page count (null for a web page) |
| text_layer | bool | false when no page has a usable text layer (a scanned, image-only PDF) |
| ocr_pages | int32 | how many pages were read by OCR (0 for a text-layer PDF) |
| status | string | `ok`; `partial` (a table or some template cells were not found); `not_a_report`; `error` |
| error | string | null, or one line saying what went wrong and where |
| pipeline_version | string | the package version that wrote the row (`+ocr-text` when scanned prose was read too) |

## cells — one row per printed table value (long form)
| column | type | meaning |
|---|---|---|
| report_id, source_file, agency, year, template | | as in `reports` |
| table | string | `active` (table 二), `requests` (table 三), `review_litigation` (table 四) |
| row | string | canonical row id (below); null for a printed row that matches none — its text is in `label` |
| col | string | canonical column id (below) |
| value | float64 | the number; null for a placeholder or an unreadable cell |
| kind | string | what was printed: `number`; `blank` (empty cell); `dash` (/ - — －); `text` (无, words) |
| raw | string | the cell's text as printed |
| label | string | the row's label as printed, line breaks rejoined (merged group labels included) |
| page | int32 | 1-based page the value is printed on (null for a web page) |
| x0, top, x1, bottom | float64 | the value's box on that page, in PDF points from the top-left corner (null for a web page) |
| locator | string | for web-page reports: where the value sits in the HTML, e.g. `table 3, row 5, col 2` (null for PDFs) |
| confidence | float64 | 1.0 for a value read from a text layer or a web page; OCR's score for a scanned one (under 0.9 the report is `partial`) |

A placeholder is never turned into 0: reports use /, - and blanks both for
"none" and for "not applicable". Amounts in 万元 are decimals; a unit printed
in the cell is converted (251000元 → 25.1).

## sections — one row per report section
| column | type | meaning |
|---|---|---|
| report_id | string | as in `reports` |
| section | int32 | 1 to 6 |
| title | string | the heading as printed, e.g. 一、总体情况 |
| text | string | the section's text, lines rejoined into paragraphs (one per line), page numbers and running headers dropped, table cells left out |

## checks — one row per arithmetic identity tested
| column | type | meaning |
|---|---|---|
| report_id | string | as in `reports` |
| check | string | stable id, below |
| expected | float64 | the sum of the parts as printed |
| actual | float64 | the printed total |
| status | string | `pass`; `fail` (the report's own numbers disagree: kept as printed, never repaired); `not_assessable` (a part or the total is a placeholder or was not printed) |

Check ids: `requests.balance.<col>` (一 + 二 = （七）总计 + 四, per column);
`requests.total_handled.<col>` (（七）总计 = the sum of the result rows);
`requests.row_total.<row>` (总计 = the six applicant columns);
`requests.org_subtotal.<row>` and `requests.subtotal.<group>.<col>` where a
report prints its own subtotals; `review_litigation.total.<row>` (总计 =
维持 + 纠正 + 其他 + 尚未审结).
"""


def _active() -> list[str]:
    out = ["## Table `active` — 二、主动公开政府信息情况", "",
           "| sub-table | row id | row label | 2019 columns | 2021 columns |", "|---|---|---|---|---|"]
    for sub in schema.ACTIVE_SUBTABLES:
        for row in sub.rows:
            cols = {t: "; ".join(f"`{c.id}` {c.label}" for c in sub.columns[t]) if t in row.versions else "—"
                    for t in schema.TEMPLATES}
            out.append(f"| {sub.item} | `{row.id}` | {' / '.join(row.labels)} | {cols['2019']} | {cols['2021']} |")
    return out


def _requests() -> list[str]:
    out = ["## Table `requests` — 三、收到和处理政府信息公开申请情况", "", "Columns: " + "; ".join(
        f"`{c.id}` {c.label}" for c in schema.REQUEST_COLUMNS + (schema.ORG_SUBTOTAL,)) +
        " (`org_subtotal`: 法人或其他组织 小计, where printed).", "",
        "| row id | label | group | templates |", "|---|---|---|---|"]
    for row in schema.REQUEST_ROWS:
        group = schema.GROUPS[row.group].label if row.group else ""
        out.append(f"| `{row.id}` | {row.label} | {group} | {', '.join(row.versions)} |")
    for group in schema.GROUPS.values():
        if group.total_row:
            out.append(f"| `{group.total_row}` | {group.label} (a subtotal row, where printed) | | both |")
    return out


def _review() -> list[str]:
    return ["## Table `review_litigation` — 四、政府信息公开行政复议、行政诉讼情况", "",
            "Rows: " + "; ".join(f"`{r.id}` {r.label}" for r in schema.REVIEW_ROWS) + ".",
            "Columns: " + "; ".join(f"`{c.id}` {c.label}" for c in schema.REVIEW_COLUMNS) + "."]


def render() -> str:
    parts = [COLUMNS, "# Canonical ids", "",
             "The ids are the same for every year, template and agency (see SCHEMA.md of the project spec).", ""]
    for block in (_active(), _requests(), _review()):
        parts += block + [""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
