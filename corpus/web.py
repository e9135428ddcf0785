"""Reports published as web pages: the Word document exported to HTML, set in a site's page.

Agencies write the report in Word and paste Word's HTML export into their site's
editor. `export()` does what that export does with the document docx_report.build
makes: a <p> per paragraph (an empty one as &nbsp;), each table a <table> with
colspan from w:gridSpan and rowspan from w:vMerge, line breaks as <br>. The page
functions wrap the export the ways sites do.
"""
from __future__ import annotations

import html

from docx.oxml.ns import qn

ALIGN = {"center": "center", "right": "right", "both": "justify", "distribute": "justify"}
# Word's own markup, escaped by a site's editor into visible text
WORD_XML = ("&lt;!--[if gte mso 9]&gt;&lt;xml&gt;&lt;w:WordDocument&gt;&lt;w:View&gt;Normal&lt;/w:View&gt;"
            "&lt;w:Zoom&gt;0&lt;/w:Zoom&gt;&lt;w:PunctuationKerning/&gt;&lt;/w:WordDocument&gt;"
            "&lt;/xml&gt;&lt;![endif]--&gt;")


def _val(el, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else found.get(qn("w:val"))


def _inline(p) -> str:
    """A paragraph's runs as HTML: text escaped, w:br as <br>, a page break dropped; a large
    run (the title) keeps its font size as Word's export does."""
    out = []
    for el in p.iter(qn("w:t"), qn("w:br")):
        if el.tag == qn("w:br"):
            if el.get(qn("w:type")) != "page":
                out.append("<br>")
        else:
            out.append(html.escape(el.text or "", quote=False))
    text = "".join(out)
    size = _val(p, f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
    if text and size and int(size) >= 36:
        text = f'<span style="font-size:{int(size) / 2:g}pt">{text}</span>'
    return text


def _paragraph(p) -> str:
    align = ALIGN.get(_val(p, f"{qn('w:pPr')}/{qn('w:jc')}") or "")
    attr = f' align="{align}"' if align else ""
    return f"<p{attr}>{_inline(p) or '&nbsp;'}</p>"


def _cells(tbl) -> list[list[tuple[int, int, object]]]:
    """Each row's cells as (grid column, span, tc)."""
    rows = []
    for tr in tbl.iter(qn("w:tr")):
        col, row = 0, []
        for tc in tr.iter(qn("w:tc")):
            span = int(_val(tc, f"{qn('w:tcPr')}/{qn('w:gridSpan')}") or 1)
            row.append((col, span, tc))
            col += span
        rows.append(row)
    return rows


def _vmerge(tc) -> str | None:
    """restart, continue or None (w:vMerge without a value continues the cell above)."""
    el = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if el is None:
        return None
    return el.get(qn("w:val")) or "continue"


def _table(tbl, trailing_empty_row: bool = False) -> str:
    borders = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:insideV')}")
    ruled = borders is not None and borders.get(qn("w:val")) == "single"
    rows = _cells(tbl)
    lines = [f'<table class="MsoNormalTable" border="{1 if ruled else 0}" cellspacing="0" cellpadding="0">',
             "<tbody>"]
    for r, row in enumerate(rows):
        tds = []
        for col, span, tc in row:
            if _vmerge(tc) == "continue":
                continue
            rowspan = 1
            if _vmerge(tc) == "restart":
                for below in rows[r + 1:]:
                    same = [t for c, _, t in below if c == col]
                    if not same or _vmerge(same[0]) != "continue":
                        break
                    rowspan += 1
            width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
            attrs = f' width="{round(int(width.get(qn("w:w"))) / 15)}"' if width is not None else ""
            attrs += f' colspan="{span}"' if span > 1 else ""
            attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
            fill = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            if fill is not None:
                attrs += f' style="background:#{fill.get(qn("w:fill"))}"'
            body = "".join(_paragraph(p) for p in tc.iter(qn("w:p")))
            tds.append(f'<td{attrs} valign="middle">{body}</td>')
        lines.append(f"<tr>{''.join(tds)}</tr>")
    if trailing_empty_row:  # an editor's leftover row: empty cells holding a <br>
        width = max((c + s for c, s, _ in rows[-1]), default=1)
        lines.append("<tr>" + "<td><br></td>" * width + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def export(doc, trailing_empty_row: int | None = None) -> str:
    """The document's body as Word's HTML export gives it, each table in <div align="center">.
    `trailing_empty_row`: the 0-based table that gets an empty last row."""
    blocks, tables = [], 0
    for el in doc.element.body:
        if el.tag == qn("w:p"):
            blocks.append(_paragraph(el))
        elif el.tag == qn("w:tbl"):
            table = _table(el, trailing_empty_row == tables)
            blocks.append(f'<div align="center">\n{table}\n</div>')
            tables += 1
    return "\n".join(blocks)


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
            f"<body>\n{body}\n</body></html>\n")


def layout_table_page(doc, title: str) -> str:
    """The whole Word export inside the single cell of a layout table (its data tables nested
    in that cell), as some sites' article templates put it."""
    body = (f'<div class="article_content">\n<table align="center" border="0" cellspacing="0" cellpadding="0">'
            f'<tbody><tr><td>\n<div style="page: WordSection1;">\n{export(doc)}\n</div>\n'
            f"</td></tr></tbody></table>\n</div>")
    return _page(title, body)


def editor_page(doc, title: str) -> str:
    """The Word export in the site editor's div (div.TRS_Editor)."""
    return _page(title, f'<div class="article">\n<div class="TRS_Editor">\n{export(doc)}\n</div>\n</div>')


def nav_page(doc, title: str, site: str, metadata: list[str], empty_row_table: int) -> str:
    """A site's article page: the site's name, navigation trails and the metadata block above
    the body (which holds the title), <title> with the site's name after it; Word's head
    markup escaped into a visible paragraph; one table with an empty row left at its end."""
    meta = "\n".join(f"<li>{html.escape(line)}</li>" for line in metadata)
    body = (f'<div class="header"><div class="site-name">{html.escape(site)}</div></div>\n'
            f'<div class="nav">首页 &gt; 政务公开 &gt; 年度报告</div>\n'
            f'<div class="location">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开 &gt; 政府信息公开年报</div>\n'
            f'<div class="xxgk-meta"><ul>\n{meta}\n</ul></div>\n'
            f'<div class="TRS_Editor">\n<p>{WORD_XML}</p>\n{export(doc, empty_row_table)}\n</div>\n'
            f'<div class="footer">主办：{html.escape(site.removesuffix("网"))}办公室</div>')
    return _page(f"{title}_{site}", body)
