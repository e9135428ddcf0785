"""Write small, valid PDFs by hand (one page of ASCII text in Helvetica) for tests of odd inputs."""
from __future__ import annotations

from pathlib import Path


def write_text_pdf(path: Path, lines: list[str], watermark: str = "", extra: str = "",
                   size: tuple[float, float] = (595, 842)) -> Path:
    """Lines of text from the top left; `watermark` is drawn large at 45 degrees across the page;
    `extra`: content stream operators added after them, as written; `size`: the MediaBox's width
    and height in points."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    if watermark:
        stream += f" BT /F1 48 Tf 0.7071 0.7071 -0.7071 0.7071 150 300 Tm ({watermark}) Tj ET"
    if extra:
        stream += " " + extra
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path
