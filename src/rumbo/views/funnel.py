"""Module 6 shown: the funnel from reach to purchases as a chart."""

from __future__ import annotations

from matplotlib.figure import Figure

from rumbo import funnel
from rumbo.core.i18n import fmt_number, translator
from rumbo.views.palette import PALETTE

_, N_, ngettext = translator("funnel")


def funnel_chart(rates: dict):
    """Horizontal bars, one per stage, on a log scale (each stage is a fraction of the last)."""
    stages = [s for s in ("reach", "clicks", "visits", "purchases") if s in rates]
    values = [max(rates[s], 0.5) for s in stages]
    fig = Figure(figsize=(7.5, 3.0), dpi=80)
    ax = fig.subplots()
    ax.barh(range(len(stages)), values, color=[PALETTE[i % len(PALETTE)] for i in range(len(stages))])
    ax.set_yticks(range(len(stages)), [funnel.stage_label(s) for s in stages])
    ax.invert_yaxis()
    ax.set_xscale("log")
    for i, s in enumerate(stages):
        ax.text(values[i] * 1.1, i, fmt_number(rates[s]), va="center")
    ax.set_xlabel(_("Personas o acciones en el año (escala logarítmica)"))
    ax.set_title(_("Del alcance a la compra"))
    ax.set_xlim(1, max(values) * 8)
    fig.tight_layout()
    return fig
