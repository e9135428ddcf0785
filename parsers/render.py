"""How large a PDF page is rendered: the scale asked for, within a pixel budget.

A page's size is whatever its MediaBox says. A broken or hostile file can say
595 x 84,220 points (found by the fuzzer: 517 bytes that took 4.7 GB and 20 s
to OCR at 200 dpi). Real report pages are A4 or A3; a scan whose producer
wrote its pixels as points (2480 x 3508 "points" for A4 at 300 dpi) is the
largest that is not broken. The budget holds an A2 page at 200 dpi (15.5
million pixels) and bounds the rest, so one file cannot take a worker's memory.
"""
from __future__ import annotations

import math

PIXEL_BUDGET = 16_000_000  # pixels of one rendered page (an A4 page at 200 dpi is 3.9 million)


def render_scale(width: float, height: float, scale: float, budget: int = PIXEL_BUDGET) -> float:
    """The pixels per point to render a `width` x `height` point page at: `scale`, or less where
    that would make more than `budget` pixels (the page's shape kept)."""
    pixels = width * scale * height * scale
    if not math.isfinite(pixels) or pixels <= budget:
        return scale
    return scale * math.sqrt(budget / pixels)
