"""The quality report: a static HTML site built from the Parquet output, `govreport report OUT SITE`.

    SITE/index.html               the overview: reports by status and format, coverage
                                  (agencies x years), flagged checks by identity, OCR confidence,
                                  requests and outcomes by year; filters by agency, year, status
    SITE/reports/<report_id>.html one page per report: its tables as the template prints them,
                                  every value clickable to its box on the rendered page
    SITE/pages/<report_id>-p<N>.jpg  the PDF's table pages, rendered with PDFium
    SITE/assets/                  stylesheet, scripts, plotly.js (so the site opens from file://)
    SITE/.state.json              each report page's fingerprint: a page is rebuilt only when
                                  its rows (report, cells, checks) or this module's templates changed

Plotly draws the overview's plots: plotly.py carries plotly.js inside the wheel, so the site
works offline and from the file system, and the figures are built in Python and re-drawn in
the page when the filters change (Vega-Altair would load vega from a CDN or embed it per plot).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.atomic import write_atomic, write_bytes_atomic
from pipeline.errors import one_line
from pipeline.report import PIPELINE_VERSION
from pipeline.site_views import MEASURES, number_text, overview, page_name, page_stem, report_view

ASSETS = Path(__file__).with_name("site_assets")
SCALE = 1.25  # rendered pixels per PDF point: 744 x 1052 for A4, the printed digits legible
JPEG_QUALITY = 70
STATE = ".state.json"
_TEMPLATE_FILES = ("index.html.j2", "report.html.j2", "site.css", "report.js", "overview.js")
_OUTCOMES = [("granted", "予以公开"), ("partially_granted", "部分公开"), ("denied", "不予公开"),
             ("unavailable", "无法提供"), ("unprocessed", "不予处理"), ("other", "其他处理")]
_REVIEW = [(f"{kind}_{part}", f"{label}{part_label}") for kind, label in (("review", "复议"), ("suit", "诉讼"))
           for part, part_label in (("upheld", "维持"), ("corrected", "纠正"), ("other_result", "其他"),
                                    ("pending", "未审结"))]


class SiteError(RuntimeError):
    """No output to report on, or a site folder that cannot be written."""


@dataclass
class SiteSummary:
    reports: int
    built: int  # report pages written this time
    unchanged: int
    removed: int  # pages of reports no longer in the output
    images: int  # page images rendered
    seconds: float

    def __str__(self) -> str:
        return (f"{self.reports} reports: {self.built} pages built, {self.unchanged} unchanged, "
                f"{self.removed} removed, {self.images} page images, {self.seconds:.1f} s")


def build_site(out_dir, site_dir, raw_dir=None, jobs: int | None = None) -> SiteSummary:
    """Write the quality report of the output folder `out_dir` into `site_dir`. `raw_dir`: where
    the reports' files are (default data/raw), for rendering the PDFs' table pages; a file not
    found there gets its tables without page images and a note saying so. `jobs`: worker
    processes for the report pages (default: all cores). Raises SiteError when `out_dir` holds no
    output or `site_dir` cannot be written."""
    from pipeline.store import load

    started = time.perf_counter()
    site, raw = Path(site_dir), Path(raw_dir if raw_dir is not None else "data/raw")
    try:
        reports, cells, checks = (load(name, out_dir) for name in ("reports", "cells", "checks"))
    except FileNotFoundError as e:
        raise SiteError(str(e)) from None
    duplicate_of = _duplicates(out_dir)
    try:
        for folder in (site / "assets", site / "reports", site / "pages"):
            folder.mkdir(parents=True, exist_ok=True)
        plotly_js = _write_assets(site / "assets")
        _write_index(site, reports, cells, checks, duplicate_of, plotly_js)
        built, unchanged, removed, images = _write_report_pages(site, raw, reports, cells, checks, duplicate_of,
                                                                jobs)
    except OSError as e:
        raise SiteError(f"cannot write the site in {site}: {one_line(e)}") from None
    return SiteSummary(len(reports), built, unchanged, removed, images, time.perf_counter() - started)


def _duplicates(out_dir) -> dict[str, str]:
    """report_id -> the report the panel chose for the same agency-year, for those it set aside."""
    from pipeline.store import load

    try:
        panel = load("panel", out_dir)
    except FileNotFoundError:  # an output written before the panel existed
        return {}
    pairs = panel.loc[panel["set_aside"].notna(), ["report_id", "set_aside"]].itertuples(index=False)
    return {aside: chosen for chosen, asides in pairs for aside in asides.split(",")}


# ---- assets and the overview -------------------------------------------------------------------

@functools.cache
def _templates():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: "" if v is None else number_text(v)
    return env


@functools.cache
def site_version() -> str:
    """The templates' and scripts' digest with the pipeline version: a change re-renders every page."""
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    for name in _TEMPLATE_FILES:
        digest.update((ASSETS / name).read_bytes())
    return digest.hexdigest()[:16]


def _write_assets(folder: Path) -> str:
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    plotly_js = f"plotly-{get_plotlyjs_version()}.min.js"  # plotly.js's own version, not plotly.py's
    if not (folder / plotly_js).is_file():
        write_bytes_atomic(folder / plotly_js, get_plotlyjs().encode(), sync=False)
    for name in ("site.css", "report.js", "overview.js"):
        _write_if_changed(folder / name, (ASSETS / name).read_bytes())
    return plotly_js


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data, sync=False)
    return True


def _write_index(site: Path, reports, cells, checks, duplicate_of: dict, plotly_js: str) -> None:
    data = overview(reports, cells, checks, duplicate_of)
    counts = reports["status"].value_counts()
    summary = f"{len(reports)} reports" + (" (" + ", ".join(f"{n} {s}" for s, n in counts.items()) + ")"
                                           if len(reports) else "")
    failed = int((checks["status"] == "fail").sum())
    summary += f"; {len(cells)} cells; {failed} check{'' if failed == 1 else 's'} failed"
    html = _templates().get_template("index.html.j2").render(
        data=_script_json(data), figures=_script_json(_figures()), plotly_js=plotly_js,
        summary=summary, version=PIPELINE_VERSION)
    _write_if_changed(site / "index.html", html.encode())


def _script_json(value) -> str:
    """JSON safe inside <script>: `</` cannot close the element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


@functools.cache
def _figures() -> dict:
    """The overview's plots as Plotly figures without data: each trace's `meta` names the
    measure (pipeline.site_views.MEASURES) the page sums by year for the reports kept."""
    import plotly.graph_objects as go
    import plotly.io as pio

    assert all(name in MEASURES for name, _ in _OUTCOMES + _REVIEW)
    outcomes = go.Figure([go.Bar(name=label, meta=name) for name, label in _OUTCOMES]
                         + [go.Scatter(name="本年新收", meta="new", mode="markers",  # not a trend: the
                                       marker={"size": 10, "symbol": "diamond"})])  # agencies differ by year
    outcomes.update_layout(barmode="stack", yaxis_title="申请（件）", xaxis_type="category",
                           margin={"t": 20, "r": 10}, legend_orientation="h")
    review = go.Figure([go.Bar(name=label, meta=name) for name, label in _REVIEW])
    review.update_layout(barmode="group", yaxis_title="件", xaxis_type="category", margin={"t": 20, "r": 10},
                         legend_orientation="h")
    confidence = go.Figure([go.Bar(x=[f"{i / 10:.1f}–{(i + 1) / 10:.1f}" for i in range(10)], meta="confidence",
                                   name="values", marker_color="#4c72b0")])
    confidence.update_layout(xaxis_title="OCR confidence", yaxis_title="values", margin={"t": 20, "r": 10})
    return {name: json.loads(pio.to_json(fig, validate=False))
            for name, fig in (("outcomes", outcomes), ("review", review), ("confidence", confidence))}


# ---- report pages ------------------------------------------------------------------------------

def _write_report_pages(site: Path, raw: Path, reports, cells, checks, duplicate_of: dict,
                        jobs: int | None) -> tuple[int, int, int, int]:
    state_path = site / STATE
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        state = {}
    cell_hashes = _row_hashes(cells)
    plain = cells.astype(object).where(cells.notna(), None)  # Python values: 10x faster to_dict per report
    cells_by = dict(tuple(plain.groupby("report_id", sort=False)))
    shown = _checks_by_page(checks)
    checks_by = dict(tuple(shown.groupby(_PAGE, sort=False)))
    check_hashes = _row_hashes(shown, _PAGE)
    empty_cells, empty_checks = cells.iloc[:0], shown.iloc[:0]
    fresh, tasks = {}, []
    for report in reports.to_dict("records"):
        rid = report["report_id"]
        report["duplicate_of"] = duplicate_of.get(rid)
        own_cells, report_checks = cells_by.get(rid, empty_cells), checks_by.get(rid, empty_checks)
        source = _source(raw, report)
        fingerprint = _fingerprint({**report, "_source_found": source is not None}, cell_hashes.get(rid),
                                   check_hashes.get(rid))
        fresh[rid] = fingerprint
        if state.get(rid) == fingerprint and (site / "reports" / page_name(rid)).is_file():
            continue
        tasks.append((str(site), source, report, own_cells, report_checks))
    images = 0
    if tasks:
        workers = min(jobs or os.cpu_count() or 1, len(tasks))
        if workers <= 1:
            images = sum(map(_build_report_page, tasks))
        else:
            with ProcessPoolExecutor(workers) as pool:
                images = sum(pool.map(_build_report_page, tasks, chunksize=8))
    removed = _remove_stale(site, set(fresh))
    write_bytes_atomic(state_path, json.dumps(fresh, sort_keys=True).encode(), sync=False)
    return len(tasks), len(fresh) - len(tasks), removed, images


_PAGE = "_page"  # the report whose page shows a check


def _checks_by_page(checks):
    """The checks with the report whose page shows each (`_PAGE`): its own report's, and a
    check across two reports on the other report's page too."""
    import pandas as pd

    own = checks[checks["report_id"].notna()].assign(**{_PAGE: lambda f: f["report_id"]})
    other = checks[checks["other_report_id"].notna()].assign(**{_PAGE: lambda f: f["other_report_id"]})
    return pd.concat([own, other], ignore_index=True)


def _row_hashes(frame, key: str = "report_id") -> dict[str, bytes]:
    """`key` value -> the hashes of its rows, as bytes (pandas' row hash over every column)."""
    import pandas as pd

    frame = frame[frame[key].notna()]
    hashes = pd.util.hash_pandas_object(frame.astype(object), index=False).to_numpy()
    return {rid: hashes[rows].tobytes() for rid, rows in frame.groupby(key, sort=False).indices.items()}


def _fingerprint(report: dict, cell_hashes: bytes | None, check_hashes: bytes | None) -> str:
    digest = hashlib.sha256(site_version().encode())
    digest.update(json.dumps(report, default=str, sort_keys=True).encode())
    for hashes in (cell_hashes, check_hashes):
        digest.update(b"|" + (hashes or b""))
    return digest.hexdigest()


def _source(raw: Path, report: dict) -> str | None:
    """The report's PDF under `raw`, or None (a web page, or a file not there)."""
    from pipeline.names import local_path

    path = local_path(raw, report["source_file"])  # a name escaped from non-UTF-8 bytes too
    return str(path) if report.get("format") == "pdf" and path.is_file() else None


def _remove_stale(site: Path, keep: set[str]) -> int:
    names = {page_stem(rid) for rid in keep}
    removed = 0
    for path in (site / "reports").glob("*.html"):
        if path.stem not in names:
            path.unlink()
            removed += 1
    for path in (site / "pages").glob("*.jpg"):
        if path.stem.rsplit("-p", 1)[0] not in names:
            path.unlink()
    return removed


def _build_report_page(task) -> int:
    """Render one report's page (and its PDF's table pages); returns the page images written."""
    site_dir, source, report, cells, checks = task
    site = Path(site_dir)
    view = report_view(report, cells, checks)
    stem = page_stem(report["report_id"])
    pages, note = [], None
    boxed = [c for c in view["cells"] if c["box"]]
    if report.get("format") == "pdf":  # a web page's values have locators instead of page images
        if source is None:
            note = (f"{report['source_file']} is not in the input folder given (--raw): the tables are shown "
                    f"without their pages")
        elif boxed:
            try:
                pages = _render_pages(source, boxed, site / "pages", stem)
            except Exception as e:  # a PDF PDFium cannot render: the tables still show
                note = f"the pages could not be rendered: {one_line(e)}"
    for check in view["checks"]:
        other = check.get("other_report_id")
        if other and other == report["report_id"]:
            other = check.get("report_id")
        check["other_page"] = page_name(other) if isinstance(other, str) else None
    locators = [c for c in view["cells"] if c["locator"]]
    chosen = report.get("duplicate_of")
    html = _templates().get_template("report.html.j2").render(
        meta=_plain(view["meta"]), tables=view["tables"], local=view["local"],
        checks=[_plain(c) for c in view["checks"]],
        passed=view["passed"], pages=pages, page_note=note, locators=locators,
        chosen_page=page_name(chosen) if chosen else None)
    write_bytes_atomic(site / "reports" / f"{stem}.html", html.encode(), sync=False)
    return len(pages)


def _render_pages(source: str, cells: list[dict], folder: Path, stem: str) -> list[dict]:
    """The table pages of the PDF as JPEGs with each value's box as a percentage of the page,
    the page turned the way the pipeline read it (parsers.pdfium_page.Frame)."""
    import pypdfium2 as pdfium
    from PIL import Image

    from parsers.pdfium_page import text_turn
    from parsers.render import render_scale

    by_page: dict[int, list[dict]] = {}
    for c in cells:
        by_page.setdefault(c["box"]["page"], []).append(c)
    out = []
    pdf = pdfium.PdfDocument(source)
    try:
        for number in sorted(by_page):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                image = page.render(scale=render_scale(*page.get_size(), SCALE), grayscale=True).to_pil()
                turn = (text_turn(page) - page.get_rotation() // 90) % 4
            finally:
                page.close()
            if turn:  # displayed -> as read: a quarter turn clockwise per turn of its text
                image = image.transpose([None, Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_180,
                                         Image.Transpose.ROTATE_90][turn])
            name = f"{stem}-p{number}.jpg"
            write_atomic(folder / name, lambda tmp, image=image: image.convert("L").save(
                tmp, "JPEG", quality=JPEG_QUALITY, optimize=True), sync=False)
            width, height = image.size[0] / SCALE, image.size[1] / SCALE
            out.append({"number": number, "src": f"../pages/{name}", "width": image.size[0],
                        "height": image.size[1], "boxes": [_box(c, width, height) for c in by_page[number]]})
    finally:
        pdf.close()
    return out


def _box(cell: dict, width: float, height: float) -> dict:
    b = cell["box"]
    pct = lambda v, whole: round(100 * v / whole, 3)  # noqa: E731
    return {"id": cell["id"], "classes": cell["classes"], "title": cell["title"],
            "left": pct(b["x0"], width), "top": pct(b["top"], height),
            "width": pct(b["x1"] - b["x0"], width), "height": pct(b["bottom"] - b["top"], height)}


def _plain(row: dict) -> dict:
    """pandas' NA as None, for Jinja's `or` and `is none`."""
    import pandas as pd

    return {k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v) for k, v in row.items()}

