"""CLI: one or more reports of each kind the pipeline reads, with what a careful reader expects.

    python -m corpus.kinds --out tests/corpus/kinds --seed 2027

Each file is an ordinary generated report (generate.py's random layout, values and
text) changed in one way real reports are: table 三 with stacked applicant headers,
table pages drawn sideways, （六）'s values merged over its three rows, table 二
without its 规章 row, a title form, two reports joined in one PDF, or a web page.
`expect.json` lists, per file, the reports in page order with their agency, year,
template, cells and kinds (as truth.json), status, rows_not_printed and sections.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.schema import APPLICANT_COLUMNS

from . import layout, text, values, web
from .docx_report import build
from .generate import extra_values, render_all, report_text
from .pdfedit import concatenate, page_texts, turn_pages
from .printing import print_cells, print_merged
from .tables import OTHER_ROWS

LIGHT_FONT = "WenQuanYi Zen Hei"  # TrueType: subsets small, so the files stay small
MAX_BYTES = 300_000
ATTEMPTS = 8  # random streams tried for a file whose page breaks must fall a certain way
SHADE = ("D9D9D9", "E7E6E6", "DEEAF6", "F2F2F2")
# Words only a table prints: a page holding one of them holds (part of) a table.
TABLE_WORDS = ("信息内容", "法人或其他组织", "本机关不掌握相关政府信息", "信访举报投诉类申请", "（七）总计",
               "结果维持")


@dataclass
class Part:
    """One report: its layout, Word document and expected reading."""

    lay: layout.Layout
    doc: object
    expect: dict
    section6: list[str] = field(default_factory=list)  # section 六's paragraphs, the signature left out


@dataclass
class Spec:
    name: str  # file name
    kind: str
    what: str
    make: Callable[[random.Random], list[Part]]
    post: str = ""  # sideways_rotate | sideways | concatenate | html_* (how the file is made)
    checks: dict = field(default_factory=dict)  # claims checked on the rendered file


def _agency(rng: random.Random, kind: str | None = None, ends: str = "") -> str:
    """A random agency of `kind` whose name ends with `ends`."""
    while True:
        name = text.agency_name(rng, kind)
        if name.endswith(ends):
            return name


def report(rng: random.Random, *, agency: str | None = None, template: str | None = None,
           other_rows: str | None = None, year: int | None = None, volume: int | None = None,
           zero_rows: frozenset[str] = frozenset(), signature: bool = False,
           accept: Callable[[dict], bool] | None = None, **changes) -> Part:
    """An ordinary random report (generate.make_report without the quota features) with the
    layout `changes` made; `accept`: draw values until it holds."""
    lay = layout.draw(rng, set(), agency or text.agency_name(rng))
    lay.body_font = lay.table_font = LIGHT_FONT
    lay.body_chars = min(lay.body_chars, 2500)
    if template:
        lay.template = template
        lay.other_rows = other_rows or ("2019" if template == "2019" else "2021")
        lay.year = year or (rng.choice([2019, 2020]) if template == "2019" else rng.choice([2021, 2022, 2023, 2024]))
    lay.other_rows = other_rows or lay.other_rows
    lay.year = year or lay.year
    for key, value in changes.items():
        setattr(lay, key, value)
    if lay.title_form != "plain":
        lay.running_header = False  # a running header would print the title in the plain form
    while True:
        vals = values.draw(rng, lay.template, lay.other_rows, volume=volume, zero_rows=zero_rows)
        if accept is None or accept(vals):
            break
    for row in lay.omit_rows:
        vals["active"].pop(row)
    printed, truth, kinds = print_cells(rng, vals, lay.numbers)
    extra = extra_values(rng)
    if lay.merge_other:
        extra["other_merged"] = print_merged(vals, "requests", list(OTHER_ROWS), lay.numbers, truth, kinds)
    body = report_text(rng, lay, vals)
    above, title, cover = text.title_block(rng, lay.title_form, lay.agency, lay.year, lay.title_lines,
                                           lay.title_year_space)
    sign = text.signature(rng, lay.agency, lay.year) if signature else []
    doc = build(lay, printed, body, extra, title, above=above, cover=cover, signature=sign)
    expect = {"agency": lay.agency, "year": lay.year, "template": lay.template, "cells": truth, "kinds": kinds,
              "status": "ok", "rows_not_printed": ", ".join(f"active.{r}" for r in lay.omit_rows) or None,
              "sections": [1, 2, 3, 4, 5, 6]}
    return Part(lay, doc, expect, body["6"])


def _other_sums(vals: dict) -> dict[str, int]:
    return {c: sum(vals["requests"][r][c] for r in OTHER_ROWS) for c in (*APPLICANT_COLUMNS, "total")}


def _some_merged(vals: dict) -> bool:
    """（六）'s rows hold requests in some columns and none in others."""
    sums = _other_sums(vals)
    return sums["total"] > 0 and 0 in sums.values()


def _stacked(rng: random.Random, **changes) -> Part:
    # the rows do not break inside (a header row split over two pages is no band)
    # labels left-aligned: the longest end close to the numbers, the others short of them
    return report(rng, applicant_header="stacked", header_shading=rng.choice(SHADE), cant_split=True,
                  label_align="left", table_size=rng.choice([9, 9.5, 10]), volume=rng.randint(40, 400),
                  **changes)


SPECS = [
    Spec("stacked_2019_three_line.pdf", "stacked_headers",
         "2019 template; table 三 three-line, shaded header rows, applicant headers one character a line",
         lambda rng: [_stacked(rng, template="2019", borders="three_line", stack_chars=1,
                               requests_new_page=True)],
         checks={"requests_pages": 1}),
    Spec("stacked_2021_none_broken.pdf", "stacked_headers",
         "2021 template; table 三 without rules, shaded header rows, headers two characters a line, over two pages",
         lambda rng: [_stacked(rng, template="2021", borders="none", stack_chars=2, body_chars=1200,
                               body_paragraphs=3, group_label="wrap")],
         checks={"requests_pages": 2}),
    Spec("sideways_rotate.pdf", "sideways", "the table pages drawn sideways on landscape pages, with /Rotate 90",
         lambda rng: [report(rng)], post="sideways_rotate"),
    Spec("sideways_no_rotate.pdf", "sideways", "the table pages drawn sideways on landscape pages, no /Rotate",
         lambda rng: [report(rng)], post="sideways"),
    Spec("merged_zero.pdf", "merged_values", "table 三: （六）'s three rows share one value cell per column, all 0",
         lambda rng: [report(rng, other_rows="2021", merge_other=True, zero_rows=frozenset(OTHER_ROWS))],
         checks={"merged_on_one_page": True}),
    Spec("merged_nonzero.pdf", "merged_values",
         "table 三: （六）'s three rows share one value cell per column, some not 0 (not split)",
         lambda rng: [report(rng, other_rows="2021", merge_other=True, volume=rng.randint(60, 400),
                             accept=_some_merged)], checks={"merged_on_one_page": True}),
    Spec("omitted_rules.pdf", "omitted_rows", "table 二 without the 规章 row (a department that makes no rules)",
         lambda rng: [report(rng, agency=_agency(rng, "county_dept"), omit_rows=["rules"])]),
    Spec("title_metadata.pdf", "title_form", "nine lines of a site's metadata block above the title",
         lambda rng: [report(rng, agency=_agency(rng, "county_gov", "县人民政府"), title_form="metadata")]),
    Spec("title_doc_number.pdf", "title_form", "a document number above a two-line title",
         lambda rng: [report(rng, agency=_agency(rng, "county_dept"), title_form="doc_number")]),
    Spec("title_year_after.pdf", "title_form", "the agency, then 政府信息公开工作年度报告（2024年度）",
         lambda rng: [report(rng, title_form="year_after")]),
    Spec("title_guanyu.pdf", "title_form", "XX人民政府关于2023年度政府信息公开工作情况的报告",
         lambda rng: [report(rng, agency=_agency(rng, "city_gov"), title_form="guanyu")]),
    Spec("title_cn_year.pdf", "title_form", "the year in Chinese numerals (二〇二三年)",
         lambda rng: [report(rng, title_form="cn_year")]),
    Spec("title_spaced_year.pdf", "title_form", "the year letter-spaced (2 0 2 3 年)",
         lambda rng: [report(rng, title_form="spaced_year")]),
    Spec("title_cover.pdf", "title_form", "an untitled cover page (an emblem and a date), the title on page 2",
         lambda rng: [report(rng, title_form="cover")], checks={"untitled_first_page": True}),
    Spec("concatenated.pdf", "concatenated", "two complete reports of different agencies and years in one PDF",
         lambda rng: [report(rng, template="2019", body_chars=rng.randint(300, 900)),
                      report(rng, template="2021", body_chars=rng.randint(300, 900))], post="concatenate"),
    Spec("web_layout_table.html", "layout_table",
         "the Word export in one cell of a layout table: document number, two-line title, signature and date",
         lambda rng: [report(rng, agency=_agency(rng, "county_dept"), title_form="doc_number", signature=True,
                             section6_none=False)], post="html_layout_table"),
    Spec("web_merged_rows.html", "web_merged_rows", "table 三's （六） value cells as rowspan=\"3\" cells",
         lambda rng: [report(rng, other_rows="2021", merge_other=True, volume=rng.randint(60, 400),
                             accept=_some_merged)], post="html_editor"),
    Spec("web_nav.html", "web_nav",
         "navigation, metadata block and title in the body, <title> with the site's name, an empty table row, "
         "Word markup shown as text",
         lambda rng: [report(rng, agency=_agency(rng, "county_gov"))], post="html_nav"),
]


def _table_pages(path: Path) -> list[int]:
    """0-based pages holding a table."""
    return [i for i, t in enumerate(page_texts(path)) if any(w in t for w in TABLE_WORDS)]


def _requests_pages(path: Path) -> int:
    """How many pages table 三 runs over: from its header to its last row."""
    texts = [t.replace(" ", "").replace("\r", "").replace("\n", "") for t in page_texts(path)]
    first = next(i for i, t in enumerate(texts) if "申请人情况" in t)
    last = next(i for i, t in enumerate(texts) if "四、结转下年度继续办理" in t)
    return last - first + 1


def _check(spec: Spec, path: Path) -> str | None:
    """Why the rendered file does not show what its kind claims (the page breaks fell
    elsewhere), or None."""
    if "requests_pages" in spec.checks and _requests_pages(path) != spec.checks["requests_pages"]:
        return f"table 三 runs over {_requests_pages(path)} pages, not {spec.checks['requests_pages']}"
    if spec.checks.get("merged_on_one_page"):
        flat = ["".join(t.split()) for t in page_texts(path)]
        if not any("逾期不补正" in t and "（七）总计" in t for t in flat):
            return "（六）'s merged cells run over a page break"
    if spec.checks.get("untitled_first_page"):
        first, second = page_texts(path)[:2]
        if "报告" in first or "年度报告" not in second.replace(" ", ""):
            return "the title is not on page 2 behind an untitled cover"
    return None


def _site(agency: str) -> str:
    return agency.removesuffix("人民政府") + "人民政府网"


def _html(spec: Spec, part: Part) -> str:
    lay = part.lay
    title = f"{lay.agency}{lay.year}年政府信息公开工作年度报告"
    if spec.post == "html_layout_table":
        return web.layout_table_page(part.doc, title)
    if spec.post == "html_editor":
        return web.editor_page(part.doc, title)
    rng = random.Random(spec.name)
    return web.nav_page(part.doc, title, _site(lay.agency), text.metadata_block(rng, lay.year),
                        empty_row_table=rng.randint(0, 2))


def _pdf(spec: Spec, rendered: list[Path], path: Path, entry: dict) -> None:
    """The file of a spec from its rendered parts: joined, pages turned."""
    if len(rendered) > 1:
        concatenate(rendered, path)
    else:
        shutil.copyfile(rendered[0], path)
    if spec.post.startswith("sideways"):
        pages = _table_pages(path)
        turn_pages(path, pages, rotate_key=spec.post == "sideways_rotate")
        entry["turned_pages"] = [i + 1 for i in pages]


def generate(out: Path, seed: int, only: list[str] | None = None) -> dict:
    """Every file of SPECS (or those named in `only`) and expect.json into `out`.

    A PDF whose page breaks fell where its kind does not show (table 三 on one page where
    it should run over two, …) is drawn again from the next random stream, up to ATTEMPTS
    times: deterministic per seed."""
    out.mkdir(parents=True, exist_ok=True)
    specs = [s for s in SPECS if not only or s.name in only]
    entries: dict[str, dict] = {}
    pending = {spec.name: 0 for spec in specs}  # spec -> attempt
    while pending:
        docs, made = {}, {}
        for spec in (s for s in specs if s.name in pending):
            attempt = pending[spec.name]
            rng = random.Random(f"{seed}:{spec.name}" + (f":{attempt}" if attempt else ""))
            parts = made[spec.name] = spec.make(rng)
            entries[spec.name] = {"kind": spec.kind, "what": spec.what, "reports": [p.expect for p in parts]}
            if spec.post.startswith("html"):
                (out / spec.name).write_text(_html(spec, parts[0]), encoding="utf-8")
                if spec.post == "html_layout_table":  # what section 六 says above the signature
                    entries[spec.name]["section6_text"] = "\n".join(parts[0].section6)
            else:
                docs.update({f"{Path(spec.name).stem}.part{k}": p.doc for k, p in enumerate(parts)})
        scratch = Path(tempfile.mkdtemp(prefix="corpus_kinds_"))
        try:
            render_all(docs, scratch)
            for name in list(pending):
                spec = next(s for s in specs if s.name == name)
                if not spec.post.startswith("html"):
                    path = out / name
                    _pdf(spec, sorted(scratch.glob(f"{path.stem}.part*.pdf")), path, entries[name])
                    problem = _check(spec, path)
                    if problem:
                        pending[name] += 1
                        if pending[name] == ATTEMPTS:
                            raise RuntimeError(f"{name}: {problem}, {ATTEMPTS} times")
                        continue
                    if path.stat().st_size > MAX_BYTES:
                        raise RuntimeError(f"{name}: {path.stat().st_size} bytes, over {MAX_BYTES}")
                del pending[name]
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    expect = {"files": {spec.name: entries[spec.name] for spec in specs}}
    (out / "expect.json").write_text(json.dumps(expect, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return expect


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--only", action="append", metavar="NAME", help="make only this file (repeatable)")
    args = parser.parse_args(argv)
    expect = generate(args.out, args.seed, args.only)
    print(f"wrote {len(expect['files'])} files to {args.out}")


if __name__ == "__main__":
    main()
