"""What the quality report shows, from the datasets: the overview's data and each report's
tables laid out as the template prints them (pipeline.site writes the HTML).

Plain dicts and lists, ready for Jinja2 and for JSON in the page:

    overview(reports, cells, checks, duplicate_of) -> {"reports": [...], "checks": [...]}
    report_view(report, cells, checks) -> {"meta", "tables", "local", "checks", "passed", "cells"}
"""
from __future__ import annotations

import pandas as pd

from pipeline import schema
from pipeline.checks import cells_of_check, rule_of
from pipeline.report import LOW_CONFIDENCE

# the overview's measures: name -> (table, rows summed, column)
MEASURES = {
    "new": ("requests", ("new_requests",), "total"),
    "carried_over": ("requests", ("carried_over",), "total"),
    "granted": ("requests", ("granted",), "total"),
    "partially_granted": ("requests", ("partially_granted",), "total"),
    "denied": ("requests", schema.group_items("denied"), "total"),
    "unavailable": ("requests", schema.group_items("unavailable"), "total"),
    "unprocessed": ("requests", schema.group_items("unprocessed"), "total"),
    "other": ("requests", ("other_handling", *schema.group_items("other")), "total"),
    "handled": ("requests", ("total_handled",), "total"),
    "carried_forward": ("requests", ("carried_forward",), "total"),
    **{f"review_{c}": ("review_litigation", ("review",), c) for c in schema.REVIEW_PARTS},
    **{f"suit_{c}": ("review_litigation", ("suit_direct", "suit_after_review"), c) for c in schema.REVIEW_PARTS},
}


def page_stem(report_id: str) -> str:
    """A report's file names without suffix: the report_id with `#k` as `_k` (a browser keeps it)."""
    return report_id.replace("#", "_")


def page_name(report_id: str) -> str:
    """A report's page file name."""
    return page_stem(report_id) + ".html"


def overview(reports, cells, checks, duplicate_of: dict[str, str] | None = None) -> dict:
    """The overview page's data: one entry per report (its measures, OCR confidence, `dup`: the
    report the panel chose instead of it), the failed and not_assessable checks by report.
    `duplicate_of`: report_id -> report_id of the panel's choice, for the reports it set aside
    (the plots count an agency-year once)."""
    duplicate_of = duplicate_of or {}
    measures = _measures_by_report(cells)
    confidence = _confidence_by_report(cells, reports)
    rows = []
    for r in reports.itertuples(index=False):
        rows.append({
            "id": r.report_id, "page": f"reports/{page_name(r.report_id)}", "agency": _str(r.agency),
            "key": _str(r.agency_key), "year": _int(r.year), "file": _str(r.source_file),
            "status": r.status, "format": r.format,
            "ocr": _int(r.ocr_pages) or 0, "pages": _int(r.pages), "error": _str(r.error),
            "m": {name: measures.get(r.report_id, {}).get(name) for name in MEASURES},
            "conf": confidence.get(r.report_id), "dup": duplicate_of.get(r.report_id),
        })
    index = {r["id"]: i for i, r in enumerate(rows)}
    flagged = checks[checks["status"].isin(["fail", "not_assessable"]) & checks["report_id"].isin(index)]
    return {
        "reports": rows,
        "checks": [[index[rid], check, status] for rid, check, status in
                   flagged[["report_id", "check", "status"]].itertuples(index=False)],
    }


def _measures_by_report(cells) -> dict[str, dict[str, float | None]]:
    """report_id -> {measure: the sum of its cells where every printed one is a number; None
    where the report prints none of them or one is a placeholder}."""
    import pandas as pd

    out: dict[str, dict] = {}
    for name, (table, rows, col) in MEASURES.items():
        mine = cells[(cells["table"] == table) & cells["row"].isin(rows) & (cells["col"] == col)]
        mine = mine.drop_duplicates(["report_id", "row"])
        grouped = mine.groupby("report_id", sort=False)["value"]
        summary = pd.DataFrame({"sum": grouped.sum(), "printed": grouped.size(), "numbers": grouped.count()})
        for rid, total, printed, numbers in summary.itertuples():
            out.setdefault(rid, {})[name] = float(total) if printed and numbers == printed else None
    return out


def _confidence_by_report(cells, reports) -> dict[str, dict]:
    """For reports read by OCR: how many values, how many under LOW_CONFIDENCE, and ten bins."""
    import numpy as np

    ocr_ids = set(reports.loc[reports["ocr_pages"].fillna(0) > 0, "report_id"])
    out = {}
    scanned = cells[cells["report_id"].isin(ocr_ids)]
    for rid, group in scanned.groupby("report_id"):
        conf = group["confidence"].dropna().to_numpy(dtype=float)
        bins = np.bincount(np.minimum((conf * 10).astype(int), 9), minlength=10)
        out[rid] = {"n": len(conf), "low": int((conf < LOW_CONFIDENCE).sum()), "bins": bins.tolist()}
    return out


def report_view(report: dict, cells, checks) -> dict:
    """One report's page: metadata, its tables in template order (every cell with its id, the
    printed text, its classes and where it was read), its flagged checks, its page boxes."""
    flagged = checks[checks["status"].isin(["fail", "not_assessable"])]
    involved: dict[tuple, list[str]] = {}
    own = flagged[flagged["report_id"] == report["report_id"]]  # not a later year's check naming this one
    for check, status in own[["check", "status"]].itertuples(index=False):
        for cell in cells_of_check(check):
            involved.setdefault(cell, []).append(f"{check} ({status})")
    records = cells.to_dict("records")
    named = [((c["table"], c["row"], c["col"]), _cell_view(c, _cell_id(c), involved)) for c in records
             if _str(c["row"]) and _str(c["col"])]
    by_id: dict[tuple, dict] = {}  # (table, row, col) -> the view of its first cell
    for key, view in named:
        by_id.setdefault(key, view)
    template = _str(report.get("template")) or "2021"
    form = "2021" if any(k[1] in schema.OTHER_FORMS["2021"] for k in by_id) else "2019"
    tables = _active_tables(template, by_id) + [_requests_table(form, by_id), _review_table(by_id)]
    local = [_cell_view(c, None, involved) | {"label": c["label"]} for c in records
             if not _str(c["row"]) or not _str(c["col"])]
    return {
        "meta": report,
        "tables": tables,
        "local": local,
        "checks": [c | {"rule": rule_of(c["check"])} for c in flagged.to_dict("records")],
        "passed": int((checks["status"] == "pass").sum()),
        "cells": [view for _, view in named],
    }


def _active_tables(template: str, by_id: dict) -> list[dict]:
    out = []
    for sub in schema.ACTIVE_SUBTABLES:
        columns = sub.columns[template]
        rows = [r for r in sub.rows if template in r.versions]
        if not columns or not rows:
            continue
        out.append({"title": f"二、主动公开 {sub.item}", "columns": [c.label for c in columns],
                    "rows": [{"label": r.labels[0], "id": f"active.{r.id}",
                              "cells": [_slot(by_id, "active", r.id, c.id) for c in columns]}
                             for r in rows]})
    return out


def _requests_table(form: str, by_id: dict) -> dict:
    columns = list(schema.REQUEST_COLUMNS)
    if any(k[0] == "requests" and k[2] == schema.ORG_SUBTOTAL.id for k in by_id):
        columns.insert(-1, schema.ORG_SUBTOTAL)
    rows = []
    for r in schema.REQUEST_ROWS:
        if r.id in schema.OTHER_FORMS["2019" if form == "2021" else "2021"]:
            continue
        rows.append({"label": schema.request_row_label(r), "id": f"requests.{r.id}",
                     "cells": [_slot(by_id, "requests", r.id, c.id) for c in columns]})
        total_row = next((t for t, g in schema.GROUP_TOTAL_ROWS.items() if g == r.group), None)
        if total_row and r.id == schema.group_items(r.group)[-1] and any(k[1] == total_row for k in by_id):
            rows.append({"label": schema.GROUPS[r.group].label + " 小计", "id": f"requests.{total_row}",
                         "cells": [_slot(by_id, "requests", total_row, c.id) for c in columns]})
    return {"title": "三、收到和处理政府信息公开申请情况", "columns": [c.label for c in columns], "rows": rows}


def _review_table(by_id: dict) -> dict:
    return {"title": "四、政府信息公开行政复议、行政诉讼情况", "columns": [c.label for c in schema.REVIEW_COLUMNS],
            "rows": [{"label": r.label, "id": f"review_litigation.{r.id}",
                      "cells": [_slot(by_id, "review_litigation", r.id, c.id)
                                for c in schema.REVIEW_COLUMNS]} for r in schema.REVIEW_ROWS]}


def _slot(by_id: dict, table: str, row: str, col: str) -> dict:
    view = by_id.get((table, row, col))
    if view is None:
        cell_id = f"{table}.{row}.{col}"
        return {"id": cell_id, "text": "", "classes": "absent", "title": f"{cell_id}: not printed"}
    return view


def _cell_view(c: dict, cell_id: str | None, involved: dict) -> dict:
    """A value as the page shows it: the printed text, classes (placeholder, low, flagged) and
    a title saying what it is and where it was read."""
    value, kind = c["value"], c["kind"]
    if not _missing(value):
        text, classes = number_text(value), []
    else:  # a placeholder as printed; a blank cell said so
        text, classes = "(blank)" if kind == "blank" else _str(c["raw"]) or "", ["placeholder"]
    confidence = None if _missing(c.get("confidence")) else float(c["confidence"])
    if confidence is not None and confidence < LOW_CONFIDENCE:
        classes.append("low")
    key = (c["table"], c["row"], c["col"]) if cell_id else None
    flags = involved.get(key, []) if key else []
    if flags:
        classes.append("flagged")
    where = [f"page {int(c['page'])}" if not _missing(c.get("page")) else None,
             f"locator {c['locator']}" if _str(c.get("locator")) else None,
             f"confidence {confidence:.2f}" if confidence is not None and confidence < 1 else None]
    title = "; ".join(x for x in [f"{cell_id or c['label']}: {kind} '{_str(c['raw']) or ''}'", *where, *flags] if x)
    box = None
    if not _missing(c.get("page")) and not _missing(c.get("x0")):
        box = {"page": int(c["page"]), "x0": float(c["x0"]), "top": float(c["top"]), "x1": float(c["x1"]),
               "bottom": float(c["bottom"])}
    return {"id": cell_id or "", "text": text, "classes": " ".join(classes), "title": title, "box": box,
            "locator": _str(c.get("locator"))}


def _cell_id(c: dict) -> str:
    return f"{c['table']}.{c['row']}.{c['col']}"


def number_text(value) -> str:
    """A value as the data hold it: 2103, 18651.06, 1000000 (never rounded, never 1e+06)."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return repr(value)


def _missing(value) -> bool:
    """None, pandas' NA or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _str(value) -> str | None:
    return None if _missing(value) else str(value)


def _int(value) -> int | None:
    return None if _missing(value) else int(value)
