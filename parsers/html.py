"""A report published as a web page: its text decoded, its tables as `Grid`s, its lines of text.

HTML states its cells outright (rowspan, colspan), so no geometry has to be
guessed: the table is laid out the way a browser lays it out, and each cell
gets a synthetic frame from its grid position (x = column * 100, y = row * 20,
tables stacked down the page) so that the same `TableReader` that reads PDF
grids reads these by x-range. Each cell carries its `locator`, "table N, row
R, col C": where the page printed it.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import lxml.html
from charset_normalizer import from_bytes

from parsers.grid import Cell, Grid
from parsers.layout import Glyph, fold, join_lines

COL_WIDTH = 100.0
ROW_HEIGHT = 20.0
TABLE_GAP = 2  # empty rows between two tables' frames, so no frame touches another table's
MAX_SPAN = 200  # a colspan="9999" must not make a grid of millions of slots

# Elements that start a new line of text; everything else flows inline.
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "select", "button"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


# --- bytes -> text ---------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    """A codec Python knows; the GB family read as GB18030, its superset (pages labelled
    gb2312 routinely use characters only GBK or GB18030 has)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "gb18030" if codec in ("gb2312", "gbk", "gb18030", "hz") else codec


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """The page's text and the codec used: a BOM, then the HTTP header's charset, then the
    page's <meta charset>, each only if it decodes cleanly (labels lie), then UTF-8, then
    a detector (charset-normalizer)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec), codec
    meta = _META_CHARSET.search(data[:4096])
    declared = [_codec(http_charset), _codec(meta.group(1).decode("ascii")) if meta else None, "utf-8"]
    for codec in declared:
        text = _try(data, codec)
        if text is not None:
            return text, codec
    best = from_bytes(data).best()
    if best is not None:
        codec = _codec(best.encoding) or best.encoding
        text = _try(data, codec)
        if text is not None:
            return text, codec
    return data.decode("gb18030", errors="replace"), "gb18030"


# --- the page ----------------------------------------------------------------------


@dataclass
class HtmlPage:
    title: str  # <title>, folded
    headings: list[str]  # <h1>..<h3> of the body, in order
    lines: list[str]  # the body's lines of text outside the tables, one per block
    grids: list[Grid]
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, link text)


# Word's conditional comments, where a page escaped them into visible text
_WORD_MARKUP = re.compile(r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->|<!(?:--)?\[(?:if[^\]]*|endif)\](?:--)?>", re.S)


def _clean(text: str) -> str:
    """One line: folded (NFKC, &nbsp; to a space), Word's conditional comments shown as text
    dropped, its runs of spaces made one."""
    return re.sub(r"\s+", " ", _WORD_MARKUP.sub("", fold(text))).strip()


def _is_element(node) -> bool:
    return isinstance(node.tag, str)  # comments and processing instructions have a function as tag


def _block_lines(node, out: list[str], skip_tables: bool) -> None:
    """Text of `node` and its descendants, broken into lines at block elements."""
    def walk(el) -> None:
        tag = el.tag.lower() if _is_element(el) else None
        if tag in _SKIP or (skip_tables and tag == "table" and not is_layout_table(el)):
            out.append("")
        elif tag is not None:
            block = tag in _BLOCK
            if block:
                out.append("")
            out[-1] += el.text or ""
            for child in el:
                walk(child)
            if block:
                out.append("")
        if el.tail:
            out[-1] += el.tail

    out.append("")
    out[-1] += node.text or ""
    for child in node:
        walk(child)


def text_lines(node, skip_tables: bool = True) -> list[str]:
    out: list[str] = [""]
    _block_lines(node, out, skip_tables)
    return [x for x in (_clean(line) for line in out) if x]


def _own_rows(table) -> list:
    """The table's own <tr>s (directly, or in its thead/tbody/tfoot), not those of a nested table."""
    rows = []
    for child in table:
        if not _is_element(child):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows += [r for r in child if _is_element(r) and r.tag.lower() == "tr"]
    return rows


def _span(el, name: str) -> int:
    try:
        return max(1, min(int(re.sub(r"[^\d]", "", el.get(name) or "") or 1), MAX_SPAN))
    except ValueError:
        return 1


def layout_table(table) -> list[tuple[int, int, int, int, str]]:
    """HTML's table layout: each cell's (row0, row1, col0, col1, text) once rowspans from
    rows above have taken their slots. A rowspan reaching past the last row is cut there;
    rowspan="0" spans to the end, as browsers do."""
    rows = _own_rows(table)
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not _is_element(td) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = len(rows) - r if td.get("rowspan", "").strip() == "0" else _span(td, "rowspan")
            colspan = _span(td, "colspan")
            r1 = min(r + rowspan, len(rows))
            for rr in range(r, r1):
                for cc in range(c, c + colspan):
                    taken.add((rr, cc))
            placed.append((r, r1, c, c + colspan, join_lines(text_lines(td))))
            c += colspan
    return placed


def table_grid(table, number: int, top_row: int) -> Grid:
    """One <table> -> a ruled `Grid` with synthetic frames; its first row drawn at `top_row`."""
    placed = layout_table(table)
    n_rows = max((r1 for _, r1, _, _, _ in placed), default=0)
    n_cols = max((c1 for _, _, _, c1, _ in placed), default=0)
    cells = []
    for r0, r1, c0, c1, text in placed:
        box = (c0 * COL_WIDTH, (top_row + r0) * ROW_HEIGHT, c1 * COL_WIDTH, (top_row + r1) * ROW_HEIGHT)
        # one glyph spanning the frame: Cell.text gives the text back whole, text_box the frame
        glyphs = [Glyph(text, *box, ROW_HEIGHT / 2)] if text else []
        locator = f"table {number}, row {r0 + 1}, col {c0 + 1}"
        cells.append(Cell(top_row + r0, top_row + r1, c0, c1, box, glyphs, locator=locator))
    xs = [c * COL_WIDTH for c in range(n_cols + 1)]
    ys = [(top_row + r) * ROW_HEIGHT for r in range(n_rows + 1)]
    cells.sort(key=lambda c: (c.row0, c.col0))
    frame = (0.0, ys[0], xs[-1], ys[-1])
    return Grid(page=None, box=frame, xs=xs, ys=ys, cells=cells, ruled=True)


def _own_cells(table) -> list:
    return [td for tr in _own_rows(table) for td in tr if _is_element(td) and td.tag.lower() in ("td", "th")]


def is_layout_table(table) -> bool:
    """A table that lays out a page rather than tabulating: a cell of it holds another table,
    or it has one or two cells around long text (a Word report pasted whole into one cell).
    Its text is the page's prose; the tables inside it are tables of their own."""
    cells = _own_cells(table)
    if any(True for td in cells for _ in td.iter("table")):
        return True
    return len(cells) <= 2 and sum(len(td.text_content()) for td in cells) > 200


def _data_tables(root) -> list:
    """Tables that hold cells of their own and tabulate (not a layout table wrapping the whole
    article: the tables nested in it come as tables of their own)."""
    return [t for t in root.iter("table") if _own_rows(t) and not is_layout_table(t)]


def parse_html(text: str) -> HtmlPage:
    root = lxml.html.document_fromstring(_XML_DECL.sub("", text) or "<html></html>")
    title = _clean(" ".join(root.xpath("//title//text()")))
    body = root.find("body")
    body = body if body is not None else root
    headings = [_clean(h.text_content()) for h in body.iter("h1", "h2", "h3")]
    grids: list[Grid] = []
    top = 0
    for number, table in enumerate(_data_tables(body), start=1):
        grid = table_grid(table, number, top)
        if grid.cells:
            grids.append(grid)
            top += grid.n_rows + TABLE_GAP
    links = [(a.get("href", "").strip(), _clean(a.text_content())) for a in body.iter("a") if a.get("href")]
    return HtmlPage(title, [h for h in headings if h], text_lines(body), grids, links)


def read_html(data: bytes, http_charset: str | None = None) -> HtmlPage:
    text, _ = decode_html(data, http_charset)
    return parse_html(text)


def is_html(data: bytes) -> bool:
    """Bytes that look like a web page (an error page served as a PDF, say)."""
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in head
