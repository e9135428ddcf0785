"""Rendered PDFs changed the way publishers change them: table pages set sideways, several
reports joined into one file (pikepdf); and what a rendered file holds (pypdfium2)."""
from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2


def page_texts(path: Path) -> list[str]:
    """The text layer of every page."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def turn_pages(path: Path, pages: list[int], rotate_key: bool) -> None:
    """Draw the content of `pages` (0-based) a quarter turn counter-clockwise on a landscape
    page: `q 0 1 -1 0 H 0 cm … Q`, MediaBox [0 0 H W]. With `rotate_key`, /Rotate 90 makes a
    viewer show it upright; without, the reader turns their head. In place."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for i in pages:
            page = pdf.pages[i]
            _, _, width, height = (float(v) for v in page.mediabox)
            page.contents_coalesce()
            body = page.obj.Contents.read_bytes()
            page.obj.Contents = pdf.make_stream(b"q 0 1 -1 0 %.4f 0 cm\n" % height + body + b"\nQ\n")
            page.obj.MediaBox = [0, 0, height, width]
            if rotate_key:
                page.obj.Rotate = 90
        pdf.save(path)


def concatenate(parts: list[Path], dest: Path) -> None:
    """One PDF of the pages of `parts`, one after the other."""
    sources = [pikepdf.open(part) for part in parts]
    try:
        with pikepdf.new() as pdf:
            for src in sources:  # open until the copy is saved: pages are copied on save
                pdf.pages.extend(src.pages)
            pdf.save(dest)
    finally:
        for src in sources:
            src.close()
