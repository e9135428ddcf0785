"""A picture of what the pipeline read on a page: every value's box and its canonical id.

    govreport debug report.pdf 3 page3.png

Boxes of values that got a canonical id are green, printed rows that matched
none are red; each row's id is written above its first value. The fastest way
to see why a cell came out wrong (pdfplumber's debug_tablefinder, for our grids).
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber

from pipeline.run import extract_reports


def draw_page(pdf_path: Path, page_number: int, out: Path, resolution: int = 110) -> tuple[Path, int]:
    """Draw page `page_number` (1-based) of the PDF with every value read on it into the PNG
    `out`; returns (out, how many values the page holds). Raises FileNotFoundError,
    ValueError for a page the PDF does not have or a file that is no readable PDF."""
    pdf_path = Path(pdf_path)
    if not pdf_path.is_file():
        raise FileNotFoundError(f"no such file: {pdf_path}")
    reports = extract_reports(pdf_path, pdf_path.name)  # a file that cannot be read comes back with its error
    if reports[0].pages is None:
        raise ValueError(f"not a readable PDF: {pdf_path} ({reports[0].error})")
    pages = sum(r.pages for r in reports)
    if not 1 <= page_number <= pages:
        raise ValueError(f"{pdf_path} has pages 1 to {pages}, not {page_number}")
    drawn = 0
    with pdfplumber.open(pdf_path) as pdf:
        image = pdf.pages[page_number - 1].to_image(resolution=resolution)
        named = set()
        for cell in (c for r in reports for c in r.cells):
            if cell.page != page_number or cell.box is None:
                continue
            drawn += 1
            colour = (0, 160, 0) if cell.row else (220, 0, 0)
            image.draw_rect(cell.box, fill=None, stroke=colour, stroke_width=1)
            row_key = (cell.table, cell.row, cell.label)
            if row_key not in named:
                named.add(row_key)
                x0, top = cell.box[0], cell.box[1]
                image.draw.text((x0 * image.scale, max(0, top * image.scale - 10)),
                                f"{cell.table}.{cell.row or cell.label[:12] + '?'}", fill=colour)
        image.save(out)
    return out, drawn


if __name__ == "__main__":
    import sys

    from pipeline.cli import main

    sys.exit(main(["debug", *sys.argv[1:]]))
