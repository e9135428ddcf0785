"""The project's two shipped sample reports (data/raw/).

fujian-hrss_2019.pdf renders the seed report (福建省人社厅 2019: its text, its
values from seed/truth.json, the 2019 template); sample-county_2022.pdf is an
invented county report on the 2021 template with the three-row （六）.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from . import text, values
from .docx_report import build
from .generate import render_all, truth_entry, write_truth
from .labels import LabelStyle
from .layout import Layout
from .printing import NumberStyle, print_cells
from .seed import seed_path, seed_sections


def fujian():
    seed_truth = json.loads((seed_path().parent / "truth.json").read_text(encoding="utf-8"))
    seed = next(iter(seed_truth.values()))
    lay = Layout(
        template="2019", other_rows="2019", year=2019, agency=seed["agency"], title_lines=2,
        body_font="WenQuanYi Zen Hei", table_font="WenQuanYi Zen Hei", title_font="Noto Sans CJK SC",
        body_size=15, table_size=10.5, line_spacing=1.5, active_form="one_table", borders="grid",
        results_label="char_lines", group_label="wrap", item_col_cm=3.0, footer="dash",
        section6_none=True, labels=LabelStyle(), numbers=NumberStyle(amount_unit=" 万元"),
    )
    printed, truth, kinds = print_cells(random.Random(0), seed["cells"], lay.numbers)
    sections = seed_sections()
    body = {"intro": [], "1": sections[1], "2": [], "5": sections[5], "6": sections[6]}
    doc = build(lay, printed, body, {}, sections[0])
    return "fujian-hrss_2019", lay, doc, truth_entry(lay, truth, kinds)


def county():
    rng = random.Random(2022)
    agency = "淮安市清河区人民政府"
    lay = Layout(
        template="2021", other_rows="2021", year=2022, agency=agency, title_lines=2, title_year_space=True,
        body_font="WenQuanYi Zen Hei", table_font="WenQuanYi Zen Hei", title_font="Noto Sans CJK SC",
        body_size=14, table_size=10, line_spacing=1.25, active_form="one_table", borders="grid",
        repeat_header=True, results_label="char_lines", group_label="wrap", item_col_cm=4.0,
        footer="page_cn", labels=LabelStyle(typos={"denied_prohibited_by_law"}),
        numbers=NumberStyle(),
    )
    vals = values.draw(rng, lay.template, lay.other_rows)
    printed, truth, kinds = print_cells(rng, vals, lay.numbers)
    paras = text.body(rng, agency, lay.year, 8, 360, 1800)
    paras.insert(2, text.summary(vals, lay.year, agency))
    body = {"intro": [text.intro(agency, lay.year, rng)], "1": paras, "2": [],
            "5": text.problems(rng, agency, lay.year, seed_text=False),
            "6": text.others(rng, agency, lay.year, none=False)}
    title = text.title_lines(agency, lay.year, 2, True)
    return "sample-county_2022", lay, build(lay, printed, body, {}, title), truth_entry(lay, truth, kinds)


def write_samples(out: Path) -> None:
    docs, truth = {}, {}
    for name, _lay, doc, entry in (fujian(), county()):
        docs[name] = doc
        truth[f"{name}.pdf"] = entry
    render_all(docs, out)
    write_truth(out, truth)
    print(f"wrote {len(docs)} sample reports to {out}")
