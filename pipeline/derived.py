"""The whole-output views, computed when a run publishes: `agencies`, `panel`, and the checks
that compare two reports (`cross_year.*`, `duplicate.values`).

They are read from a generation's part files and written into the same generation folder,
beside the hard links to the parts (pipeline.store.publish)::

    .generations/000012/agencies/part-000000.parquet
    .generations/000012/panel/part-000007.parquet      one per cells part holding a chosen report
    .generations/000012/checks/across-reports.parquet  beside the reports' own checks

Memory holds the `reports` table, some 131,072 rows of a cells part at a time, and the values
of the few cells the checks across years need (carry-over, rules in force); reports of an
agency-year with more than one report are held whole for the duplicate check.

Which report of an agency-year enters the panel, in this order of preference (the first that
tells two apart is the row's `chosen_because`): `status` ok before partial; `fewer failed
checks` (the table identities, not text.*); `more values read`; `pdf` before the web page;
`first report_id`.
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from pipeline import contract, schema
from pipeline.agencies import resolve_all
from pipeline.checks import Check

PANEL_CELLS = tuple(contract.panel_cell_names())
_CARRY_COLS = (*schema.APPLICANT_COLUMNS, "total")
_IN_FORCE_ROWS = ("rules", "normative_documents")
# cells the checks across years read
_YEAR_CELLS = ({f"requests.carried_over.{c}" for c in _CARRY_COLS} | {f"requests.carried_forward.{c}" for c in
               _CARRY_COLS} | {f"active.{r}.{c}" for r in _IN_FORCE_ROWS for c in ("issued", "repealed", "in_force")})
YEAR_CELLS = tuple(sorted(_YEAR_CELLS))


class Values:
    """A report's values of some cells (`names`, in order) as a float array, NaN where the
    report printed no number; `get(name)` as a dict's."""

    __slots__ = ("array", "index")

    def __init__(self, array, names: tuple[str, ...]):
        self.array, self.index = array, _positions(names)

    def get(self, name: str, default=None):
        i = self.index.get(name)
        if i is None:
            return default
        value = float(self.array[i])
        return None if value != value else value


@lru_cache(maxsize=8)
def _positions(names: tuple[str, ...]) -> dict[str, int]:
    return {n: i for i, n in enumerate(names)}


def _by_report(cells, names: tuple[str, ...]) -> dict[str, Values]:
    """{report_id: Values} of long-form cells (report_id, cell, value; one row per cell)."""
    if not len(cells):
        return {}
    return _values_of(cells.pivot(index="report_id", columns="cell", values="value"), names)


def _set_of(values):
    """A pyarrow string array of these strings, for `_among`: made once, asked many times."""
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def _among(strings, chosen):
    """Which of `strings` (a Series or Index of strings, no nulls) are in `chosen` (`_set_of`), as
    a numpy bool array, by pyarrow's is_in. pandas' isin on Arrow strings (pandas 3.1) makes an
    Arrow scalar of every value of the set on every call: once a row group for each of thousands
    of report ids, most of the derived datasets' time at 3,000 reports (1.3 of 2.7 s), and
    quadratic in the output's size."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.is_in(pa.array(strings, type=pa.string()), value_set=chosen).to_numpy(zero_copy_only=False)


def _values_of(wide, names: tuple[str, ...]) -> dict[str, Values]:
    """{report_id: Values} of a wide frame (a row a report, a column a cell)."""
    wide = wide.reindex(columns=list(names))
    return {rid: Values(row, names) for rid, row in zip(wide.index, wide.to_numpy(dtype="float64"), strict=True)}
ACROSS_REPORTS = "across-reports.parquet"


def write_derived(generation: Path, schemas: dict) -> None:
    """Compute the derived datasets from the parts under `generation` and write them there."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    generation = Path(generation)
    reports = _read_all(generation / "reports", ["report_id", "source_file", "agency", "agency_key", "year",
                                                 "template", "status", "format"])
    failed = _read_all(generation / "checks", ["report_id", "check", "status"], [("status", "==", "fail")])
    failed = failed[~failed["check"].str.startswith("text.")]
    reports["failed_checks"] = reports["report_id"].map(failed["report_id"].value_counts()).fillna(0)
    reports["values_read"] = 0

    # pass 1: values read per report (a tie-break for the choice), counted a frame at a time
    # and added up once: mapping every report for each row group grows with both
    counts = [cells.dropna(subset=["value"])["report_id"].value_counts()
              for part in _parts(generation / "cells") for cells in _row_groups(part, ["report_id", "value"])]
    if counts:
        totals = pd.concat(counts).groupby(level=0).sum()
        reports["values_read"] += reports["report_id"].map(totals).fillna(0).astype("float64")

    agency_rows = agencies(reports)
    chosen, set_aside = choose(reports, agency_rows)
    _write(generation / "agencies" / "part-000000.parquet", agency_rows, schemas["agencies"])

    # pass 2: the panel, one part per cells part; the cells the checks across reports need
    keep = set(chosen["report_id"])
    in_pairs = set(set_aside["report_id"]) | set(set_aside["duplicate_of"])
    wanted = keep | in_pairs
    keep_set, pairs_set, wanted_set = _set_of(keep), _set_of(in_pairs), _set_of(wanted)
    year_cell_set, panel_cell_set = _set_of(_YEAR_CELLS), _set_of(PANEL_CELLS)
    # values as one float array a report (NaN: not a number), not a dict: every report of the
    # output may be in `pair_values` (a site scraped twice)
    year_cells: dict[str, Values] = {}
    pair_values: dict[str, Values] = {}
    meta = chosen.set_index("report_id")
    in_panel: set[str] = set()
    for part in _parts(generation / "cells"):
        wides = []
        # a frame at a time (`_row_groups`): a compacted part holds about a million cells, and a
        # row group holds its reports whole (a batch's rows of one year, or a year's of several
        # batches: pipeline.compact)
        for cells in _row_groups(part, ["report_id", "table", "row", "col", "value"]):
            cells = cells.dropna(subset=["row", "col"])
            cells["cell"] = cells["table"] + "." + cells["row"] + "." + cells["col"]
            cells = cells.drop_duplicates(["report_id", "cell"])  # a cell read twice: the first reading
            year_cells.update(_by_report(cells[_among(cells["cell"], year_cell_set)
                                               & _among(cells["report_id"], keep_set)], YEAR_CELLS))
            # one pivot of the panel's cells serves the panel (chosen reports) and the duplicate check
            panel = cells[_among(cells["cell"], panel_cell_set) & _among(cells["report_id"], wanted_set)]
            if not len(panel):
                continue
            wide = panel.pivot(index="report_id", columns="cell", values="value")
            pair_values.update(_values_of(wide[_among(wide.index, pairs_set)], PANEL_CELLS))
            chosen_rows = _among(wide.index, keep_set)
            if chosen_rows.any():
                wides.append(wide[chosen_rows])
        if not wides:
            continue
        wide = pd.concat(wides)
        wide = wide.groupby(level=0, sort=False).first() if wide.index.has_duplicates else wide
        ids = sorted(wide.index)
        wide = wide.reindex(index=ids, columns=PANEL_CELLS)
        rows = meta.loc[ids].reset_index().join(wide.reset_index(drop=True))
        _write(generation / "panel" / part.name, rows, schemas["panel"])
        in_panel.update(ids)
    # chosen reports with no cell at all still have their row (and an empty output its schema)
    rest = chosen[~_among(chosen["report_id"], _set_of(in_panel))]
    if len(rest) or not in_panel:
        _write(generation / "panel" / "part-rest.parquet", rest, schemas["panel"])

    across = itertools.chain(cross_year_checks(chosen, year_cells), duplicate_checks(set_aside, pair_values))
    with pq.ParquetWriter(generation / "checks" / ACROSS_REPORTS, schemas["checks"]) as writer:
        # written CHECK_ROWS at a time: a national output compares some 3.5 million pairs of years
        while chunk := list(itertools.islice(across, CHECK_ROWS)):
            writer.write_table(pa.Table.from_pylist(
                [{"report_id": rid, "check": c.check, "expected": c.expected, "actual": c.actual, "status": c.status,
                  "evidence": c.evidence, "other_report_id": c.other_report_id} for rid, c in chunk],
                schema=schemas["checks"]))


CHECK_ROWS = 65_536  # checks across reports held at a time


def choose(reports, agency_rows=None):
    """(chosen, set_aside): one report per (agency_key, year) among those with both and a status
    of ok or partial, with `set_aside` and `chosen_because` (and adcode and level from
    `agency_rows`, the `agencies` dataset); the others with `duplicate_of`."""
    import numpy as np
    import pandas as pd

    eligible = reports[reports["agency_key"].notna() & reports["year"].notna()
                       & reports["status"].isin(["ok", "partial"])]
    # a report in two batches (a redo killed before the old rows went): the newest batch's
    eligible = eligible.drop_duplicates("report_id", keep="last").copy()
    eligible["_status"] = (eligible["status"] != "ok").astype(int)
    eligible["_values"] = -eligible["values_read"]
    eligible["_format"] = (eligible["format"] != "pdf").astype(int)
    order = ["_status", "failed_checks", "_values", "_format", "report_id"]
    because = ["status", "fewer failed checks", "more values read", "pdf", "first report_id"]
    eligible = eligible.sort_values(["agency_key", "year", *order], kind="stable").reset_index(drop=True)
    # column-wise over the sorted rows, an agency-year's together: a pandas group or a dict a row
    # would cost minutes and gigabytes at a national output's 500,000 agency-years
    key = eligible[["agency_key", "year"]]
    starts = (key != key.shift()).any(axis=1).to_numpy()  # an agency-year's first row: the chosen one
    firsts = np.flatnonzero(starts)
    group_of = np.cumsum(starts) - 1  # each row's agency-year, as the index of its first row in `firsts`
    reasons = np.full(len(firsts), "only report", dtype=object)
    contested = firsts[np.diff(np.append(firsts, len(eligible))) > 1]
    decided = np.full(len(contested), because[-1], dtype=object)
    for column, reason in reversed(list(zip(order, because, strict=True))):  # the first that differs wins
        values = eligible[column].to_numpy()
        decided[values[contested] != values[contested + 1]] = reason
    reasons[np.searchsorted(firsts, contested)] = decided
    ids = eligible["report_id"].to_numpy()
    others = eligible.loc[~starts, "report_id"]
    set_aside_ids = others.groupby(group_of[~starts]).agg(",".join)
    chosen = eligible.iloc[firsts][list(reports.columns)].reset_index(drop=True)
    chosen["set_aside"] = pd.Series(set_aside_ids, dtype=object).reindex(range(len(firsts)))
    chosen["chosen_because"] = reasons
    aside = pd.DataFrame({"report_id": others.to_numpy(), "duplicate_of": ids[firsts[group_of[~starts]]]},
                         columns=["report_id", "duplicate_of"])
    agency_rows = agencies(reports) if agency_rows is None else agency_rows
    places = agency_rows.set_index("agency")[["adcode", "level"]]
    return chosen.join(places, on="agency"), aside


def agencies(reports):
    """One row per distinct printed agency name (the `agencies` dataset)."""
    import pandas as pd

    named = reports[reports["agency"].notna()]
    # each name's reports and years, the rows walked once (not a pandas group a name)
    counts: Counter = Counter()
    years: dict[str, set[int]] = {}
    for name, year in zip(named["agency"].tolist(), named["year"].tolist(), strict=True):
        counts[name] += 1
        printed = years.setdefault(name, set())
        if not pd.isna(year):
            printed.add(int(year))
    resolved = resolve_all(sorted(counts))
    rows = []
    for name in sorted(counts):
        a = resolved[name]
        rows.append({"agency": name, "agency_key": a.agency_key, "adcode": a.adcode, "province": a.province,
                     "city": a.city, "county": a.county, "level": a.level, "body": a.body,
                     "resolved_by": a.resolved_by, "unresolved": a.unresolved, "reports": counts[name],
                     "years": ",".join(map(str, sorted(years[name]))) or None})
    return pd.DataFrame(rows, columns=[c.name for c in contract.BY_NAME["agencies"].columns])


def cross_year_checks(chosen, values: dict) -> Iterator[tuple[str, Check]]:
    """This year's report against last year's, for every agency with both years in the panel:
    上年结转 = last year's 结转下年度继续办理, per applicant column and 总计
    (`cross_year.carried_over.<col>`); for two 2021-template years, 现行有效件数 = last year's +
    本年制发 − 本年废止 (`cross_year.in_force.<row>`, 规章 and 规范性文件). Each check is
    (this year's report_id, Check naming last year's report as other_report_id), made as asked."""
    rows = chosen.sort_values(["agency_key", "year"])[["report_id", "agency_key", "year", "template"]]
    last = None
    for this in rows.itertuples(index=False, name="Row"):  # an agency's years together
        if last is not None and this.agency_key == last.agency_key and this.year == last.year + 1:
            now, before = values.get(this.report_id, {}), values.get(last.report_id, {})
            for col in _CARRY_COLS:
                yield _compare(f"cross_year.carried_over.{col}", this, last,
                               [before.get(f"requests.carried_forward.{col}")], now.get(f"requests.carried_over.{col}"))
            if this.template == last.template == "2021":
                for row in _IN_FORCE_ROWS:
                    parts = [before.get(f"active.{row}.in_force"), now.get(f"active.{row}.issued")]
                    repealed = now.get(f"active.{row}.repealed")
                    parts.append(None if repealed is None else -repealed)
                    yield _compare(f"cross_year.in_force.{row}", this, last, parts, now.get(f"active.{row}.in_force"))
        last = this


def duplicate_checks(set_aside, values: dict) -> Iterator[tuple[str, Check]]:
    """Each report set aside against the one chosen: `duplicate.values`, expected the number of
    panel cells either prints a number in, actual how many the two agree on; the evidence
    names the first cells that differ. `values`: {report_id: Values of PANEL_CELLS}. Made as asked."""
    import numpy as np

    nothing = np.full(len(PANEL_CELLS), np.nan)
    for rid, chosen_id in set_aside[["report_id", "duplicate_of"]].itertuples(index=False):
        mine, theirs = (values[r].array if r in values else nothing for r in (rid, chosen_id))
        cells = ~np.isnan(mine) | ~np.isnan(theirs)  # either prints a number
        differ = np.flatnonzero(cells & (mine != theirs))
        evidence = "; ".join(f"{PANEL_CELLS[i]}: {_show(mine[i])} vs {_show(theirs[i])}" for i in differ[:5]) or None
        printed = float(cells.sum())
        yield rid, Check("duplicate.values", printed, printed - len(differ), "pass" if not len(differ) else "fail",
                         evidence, chosen_id)


def _compare(check_id, this, last, parts, total) -> tuple[str, Check]:
    total = total if _number(total) else None
    if total is None or not all(_number(p) for p in parts):
        return this.report_id, Check(check_id, None, total, "not_assessable", None, last.report_id)
    expected = float(sum(parts))
    status = "pass" if abs(expected - total) < 0.005 else "fail"
    return this.report_id, Check(check_id, expected, float(total), status, None, last.report_id)


def _number(value) -> bool:
    return value is not None and value == value


def _show(value) -> str:
    return "not printed" if not _number(value) else f"{float(value):.15g}"  # as stored: 18651.06, 1000000


def _parts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("part-*.parquet"))


CHUNK_ROWS = 131_072  # rows of consecutive row groups read as one frame


def _row_groups(part: Path, columns: list[str]):
    """The part's rows as DataFrames: consecutive row groups read together, up to CHUNK_ROWS rows
    (or one row group past it). A row group holds its reports whole, so a frame does too. A
    batch's part holds a row group a year of some ten reports each, and the frames' fixed cost
    (pandas' pivot, conversions) then outweighed their rows: 283 row groups of 3,000 reports took
    9 s to derive from."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(part)
    meta = parquet.metadata
    chunk: list[int] = []
    rows = 0
    for i in range(meta.num_row_groups):
        size = meta.row_group(i).num_rows
        if chunk and rows + size > CHUNK_ROWS:
            yield parquet.read_row_groups(chunk, columns=columns).to_pandas()
            chunk, rows = [], 0
        chunk.append(i)
        rows += size
    if chunk:
        yield parquet.read_row_groups(chunk, columns=columns).to_pandas()


def _read_all(folder: Path, columns: list[str], filters=None):
    """The parts' `columns` as one DataFrame; `filters`: only the rows they keep (pyarrow's form)."""
    import pandas as pd
    import pyarrow.parquet as pq

    frames = [pq.read_table(p, columns=columns, filters=filters).to_pandas() for p in _parts(folder)]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _write(path: Path, frame, arrow_schema) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    frame = frame.reindex(columns=arrow_schema.names)
    table = pa.Table.from_pandas(frame, schema=arrow_schema, preserve_index=False)
    pq.write_table(table, path)
