"""A picture of what the pipeline read on a page: every value's box and its canonical id.

    govreport debug report.pdf 3 page3.png

Boxes of values that got a canonical id are green, printed rows that matched
none are red; each row's id is written above its first value. The fastest way
to see why a cell came out wrong (pdfplumber's debug_tablefinder, for our grids).
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber

from pipeline.extract import extract_pdf


def draw_page(pdf_path: Path, page_number: int, out: Path, resolution: int = 110) -> Path:
    report = extract_pdf(pdf_path, pdf_path.name)
    with pdfplumber.open(pdf_path) as pdf:
        image = pdf.pages[page_number - 1].to_image(resolution=resolution)
        named = set()
        for cell in report.cells:
            if cell.page != page_number or cell.box is None:
                continue
            colour = (0, 160, 0) if cell.row else (220, 0, 0)
            image.draw_rect(cell.box, fill=None, stroke=colour, stroke_width=1)
            row_key = (cell.table, cell.row, cell.label)
            if row_key not in named:
                named.add(row_key)
                x0, top = cell.box[0], cell.box[1]
                image.draw.text((x0 * image.scale, max(0, top * image.scale - 10)),
                                f"{cell.table}.{cell.row or cell.label[:12] + '?'}", fill=colour)
        image.save(out)
    return out


if __name__ == "__main__":
    import sys

    from pipeline.cli import main

    sys.exit(main(["debug", *sys.argv[1:]]))
