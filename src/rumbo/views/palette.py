"""Colours and the chart style every figure of the course shares.

:data:`PALETTE` is Okabe-Ito's colour-blind-safe palette; :func:`chart_style` sets
matplotlib to it with readable sizes and no top/right spines (called by
:func:`rumbo.course.start`, so notebook charts and the plan document look alike).
"""

from __future__ import annotations

#: Colour-blind-safe palette (Okabe-Ito) shared by widgets and charts.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def chart_style() -> None:
    """Same look for every chart: readable sizes, Okabe-Ito colours, no top/right spines."""
    import matplotlib as mpl  # plotting is loaded by the first chart, not by `import rumbo`
    from cycler import cycler

    mpl.rcParams.update({
        "figure.figsize": (7.5, 3.6), "figure.dpi": 80, "axes.grid": True, "grid.alpha": 0.3,
        "axes.spines.top": False, "axes.spines.right": False, "axes.prop_cycle": cycler(color=PALETTE),
        "axes.formatter.use_locale": False, "svg.hashsalt": "rumbo", "font.size": 10,
    })
