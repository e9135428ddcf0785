"""Scanned versions of generated reports: the OCR path's test data, with the originals' truth.

A report is rasterized (150-200 dpi, grey), rotated a little (up to ±1.5°),
blurred, given sensor noise and JPEG-compressed, then rebuilt as an
image-only PDF of the original page size (pikepdf: each page one DCT image,
no text). `garble` makes the other failure: the original PDF with every
font's /ToUnicode map removed, so the text layer is there but reads as
mojibake or nothing.

    python -m corpus.scan --src tests/corpus/generated --out /tmp/scanned --count 10
    python -m corpus.scan --fixtures tests/corpus/scanned   # the committed handful

The truth of a scanned file is its original's (truth.json beside the output
names the original in `source`).
"""
from __future__ import annotations

import argparse
import io
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2
from PIL import Image, ImageFilter

REPO = Path(__file__).resolve().parents[1]
GENERATED = REPO / "tests" / "corpus" / "generated"


@dataclass
class ScanStyle:
    dpi: int = 200
    angle: float = 0.0  # degrees, counter-clockwise
    blur: float = 0.6  # Gaussian radius in pixels
    noise: float = 6.0  # standard deviation of grey-level noise
    quality: int = 70  # JPEG quality

    @classmethod
    def random(cls, rng: random.Random) -> ScanStyle:
        return cls(
            dpi=rng.choice((150, 175, 200)),
            angle=round(rng.uniform(-1.5, 1.5), 2),
            blur=round(rng.uniform(0.3, 0.9), 2),
            noise=round(rng.uniform(3.0, 9.0), 1),
            quality=rng.choice((55, 65, 75)),
        )


def scan_page(page: pypdfium2.PdfPage, style: ScanStyle, rng: np.random.Generator) -> bytes:
    """One page as a scanner would give it: JPEG bytes."""
    image = page.render(scale=style.dpi / 72, grayscale=True).to_pil().convert("L")
    if style.angle:
        image = image.rotate(style.angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    pixels = np.asarray(image, dtype=np.float32)
    if style.noise:
        pixels = pixels + rng.normal(0.0, style.noise, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=style.quality, optimize=True)
    return out.getvalue()


def image_pdf(pages: list[tuple[bytes, float, float]], out: Path) -> None:
    """An image-only PDF: each page (jpeg, width pt, height pt) one full-page DCT image."""
    pdf = pikepdf.new()
    for jpeg, width, height in pages:
        with Image.open(io.BytesIO(jpeg)) as im:
            px_w, px_h = im.size
        image = pikepdf.Stream(pdf, jpeg)
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height = px_w, px_h
        image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
        image.Filter = pikepdf.Name.DCTDecode
        content = f"q {width:.2f} 0 0 {height:.2f} 0 0 cm /Im0 Do Q".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, round(width, 2), round(height, 2)],
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
            Contents=pikepdf.Stream(pdf, content),
        )
        pdf.pages.append(pikepdf.Page(page))
    pdf.docinfo[pikepdf.Name.Producer] = "govreport corpus.scan"
    pdf.save(out, deterministic_id=True)


def scan_pdf(src: Path, out: Path, style: ScanStyle, seed: int = 0, pages: list[int] | None = None) -> None:
    """`src` scanned to `out`; `pages` (0-based) keeps only those pages."""
    rng = np.random.default_rng(seed)
    doc = pypdfium2.PdfDocument(str(src))
    try:
        chosen = range(len(doc)) if pages is None else pages
        scanned = []
        for i in chosen:
            page = doc[i]
            width, height = page.get_size()
            scanned.append((scan_page(page, style, rng), width, height))
            page.close()
    finally:
        doc.close()
    image_pdf(scanned, out)


def garble(src: Path, out: Path) -> int:
    """`src` with every font's /ToUnicode map removed: a text layer that does not read.
    Returns how many maps were removed."""
    removed = 0
    with pikepdf.open(src) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
                removed += 1
        pdf.save(out, deterministic_id=True)
    return removed


def table_pages(path: Path) -> list[int]:
    """0-based pages the text-layer pipeline reads tables from, with the first page (the title)."""
    from parsers.pdf import ReportPdf
    from pipeline.grids import table_pages as pages_with_tables

    with ReportPdf(path) as pdf:
        texts = [pdf.page_text(i) for i in range(pdf.page_count)]
        return sorted({0, *pages_with_tables(texts)})


# The committed fixtures: (original, how, options). Small on purpose: first page and table pages only.
FIXTURES = [
    ("gen_003_2021.pdf", "scan", dict(dpi=175, angle=0.8, blur=0.5, noise=5.0, quality=50)),  # ruled grid
    ("gen_008_2020.pdf", "scan", dict(dpi=175, angle=-1.2, blur=0.6, noise=6.0, quality=50)),  # no rules
    ("gen_015_2021.pdf", "scan", dict(dpi=150, angle=-0.5, blur=0.7, noise=7.0, quality=55)),  # ruled, horizontal
    ("gen_031_2021.pdf", "garble", {}),  # text layer without ToUnicode
]


def make_fixtures(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    truth_all = json.loads((GENERATED / "truth.json").read_text(encoding="utf-8"))
    truth = {}
    for i, (name, how, options) in enumerate(FIXTURES):
        src = GENERATED / name
        stem = name.removesuffix(".pdf")
        if how == "garble":
            target = out / f"{stem}_garbled.pdf"
            garble(src, target)
            entry = {"source": name, "how": how, "pages": None}
        else:
            target = out / f"{stem}_scan.pdf"
            pages = table_pages(src)
            style = ScanStyle(**options)
            scan_pdf(src, target, style, seed=i, pages=pages)
            entry = {"source": name, "how": how, "pages": [p + 1 for p in pages], "style": asdict(style)}
        truth[target.name] = {**truth_all[name], **entry}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")


def make_benchmark(src: Path, out: Path, count: int, seed: int) -> None:
    """Scans of the first `count` reports of `src`, whole, each in a random style."""
    out.mkdir(parents=True, exist_ok=True)
    truth_all = json.loads((src / "truth.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    truth = {}
    for i, name in enumerate(sorted(truth_all)[:count]):
        style = ScanStyle.random(rng)
        target = out / name.replace(".pdf", "_scan.pdf")
        scan_pdf(src / name, target, style, seed=seed + i)
        truth[target.name] = {**truth_all[name], "source": name, "how": "scan", "pages": None, "style": asdict(style)}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                    encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=GENERATED)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fixtures", type=Path, help="write the committed fixtures to this folder")
    args = parser.parse_args(argv)
    if args.fixtures:
        make_fixtures(args.fixtures)
    if args.out:
        make_benchmark(args.src, args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
