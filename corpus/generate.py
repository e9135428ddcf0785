"""CLI: generate a corpus of synthetic reports with their ground truth.

    python -m corpus.generate --out DIR --count N --seed S
    python -m corpus.generate --long --out tests/corpus/long --count 8 --seed 2028
    python -m corpus.generate --sample data/raw
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import layout, text, values
from .broken import break_one
from .docx_report import build
from .printing import print_cells
from .render import to_pdf

BATCH = 6  # reports per soffice run
WORKERS = 4
LONG_SHARES = {"intro": 0.1, "1": 0.5, "5": 0.2, "6": 0.2}  # of a long report's added prose


def truth_entry(lay: layout.Layout, truth: dict, kinds: dict) -> dict:
    return {"agency": lay.agency, "year": lay.year, "template": lay.template, "cells": truth,
            "kinds": kinds, "layout": lay.record()}


def make_report(rng: random.Random, features: set[str]):
    """(layout, Document, truth entry) of one random report."""
    lay = layout.draw(rng, features, text.agency_name(rng))
    vals = values.draw(rng, lay.template, lay.other_rows, org_subtotal=lay.org_subtotal,
                       group_totals=lay.group_totals)
    if lay.broken:
        lay.broken = [break_one(rng, vals)]
        lay.numbers.placeholder = None  # a placeholder could hide the broken number
        lay.numbers.placeholder_rate = 0.0
    printed, truth, kinds = print_cells(rng, vals, lay.numbers)
    extra = extra_values(rng)
    body = report_text(rng, lay, vals)
    title = text.title_lines(lay.agency, lay.year, lay.title_lines, lay.title_year_space)
    return lay, build(lay, printed, body, extra, title), truth_entry(lay, truth, kinds)


def extra_values(rng: random.Random) -> dict:
    # 其他主动公开文件 sits in sub-table （一）, which has three columns in both templates.
    return {"active_extra": [str(rng.randint(0, 60)) for _ in range(3)]}


def report_text(rng: random.Random, lay: layout.Layout, vals: dict) -> dict[str, list[str]]:
    """The paragraphs of the intro and of sections 一, 二, 五 and 六 (docx_report.build's body);
    a long report's (lay.long_chars) intro, 一, 五 and 六 run over pages."""
    # Distinct characters the body may add to the tables' own (see text.body).
    budget = 300 if lay.body_font == "WenQuanYi Zen Hei" else 90
    paras = text.body(rng, lay.agency, lay.year, lay.body_paragraphs, budget, lay.body_chars)
    paras.insert(rng.randint(0, len(paras)), text.summary(vals, lay.year, lay.agency))
    body = {
        "intro": [text.intro(lay.agency, lay.year, rng)],
        "1": paras,
        "2": [] if rng.random() < 0.6 else [f"{lay.year}年，主动公开政府信息情况如下表所示。"],
        "5": text.problems(rng, lay.agency, lay.year, seed_text=budget > 200),
        # A long report's 六 is all prose (others() may say there is nothing to report).
        "6": [] if lay.long_chars else text.others(rng, lay.agency, lay.year, lay.section6_none),
    }
    if lay.long_chars:
        for key, share in LONG_SHARES.items():
            body[key] = text.prose(rng, lay.agency, lay.year, key, body[key], int(share * lay.long_chars))
    return body


def render_all(docs: dict[str, object], out: Path) -> None:
    """Save every Document as docx in a scratch dir and convert them in parallel batches."""
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="corpus_docx_"))
    try:
        files = []
        for name, doc in docs.items():
            path = scratch / f"{name}.docx"
            doc.save(path)
            files.append(path)
        batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(lambda b: to_pdf(b, out), batches))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_truth(out: Path, truth: dict) -> None:
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def generate(out: Path, count: int, seed: int, long: bool = False) -> dict:
    plan = layout.plan(random.Random(seed), count, long)
    docs, truth = {}, {}
    for i, features in enumerate(plan, start=1):
        rng = random.Random(f"{seed}:{i}")
        lay, doc, entry = make_report(rng, features)
        name = f"{'long' if long else 'gen'}_{i:03d}_{lay.year}"
        docs[name] = doc
        truth[f"{name}.pdf"] = entry
    render_all(docs, out)
    write_truth(out, truth)
    return truth


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="output directory")
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--long", action="store_true", help="long reports: 10-20 pages, mostly prose")
    parser.add_argument("--sample", type=Path, metavar="DIR", help="write the two shipped sample reports")
    args = parser.parse_args(argv)
    if args.sample:
        from .sample import write_samples

        write_samples(args.sample)
    elif args.out:
        truth = generate(args.out, args.count, args.seed, args.long)
        print(f"wrote {len(truth)} reports to {args.out}")
    else:
        parser.error("give --out DIR or --sample DIR")


if __name__ == "__main__":
    main()
