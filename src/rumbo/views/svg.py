"""Helpers of the charts drawn as SVG text (widgets redraw them on every change)."""

from __future__ import annotations

import math


def nice_step(span: float, count: int = 6) -> float:
    """A round distance between ``count``-odd axis ticks over ``span``: 1, 2, 2.5 or 5 x 10^k."""
    raw = span / max(count, 1) if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= raw)
