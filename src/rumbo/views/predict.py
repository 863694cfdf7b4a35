"""Module 6 shown: the mentions forecast, with its band, as a chart."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from rumbo.core.i18n import translator
from rumbo.views.listening import month_axis
from rumbo.views.palette import PALETTE

_, N_, ngettext = translator("predict")


def forecast_chart(daily: pd.Series, result: dict):
    """Weekly mentions over the period and next week's forecast with its band (a Figure)."""
    rule = "W-" + daily.index[-1].day_name()[:3].upper()
    grouped = daily.resample(rule)
    weeks = grouped.sum()[grouped.size() == 7]  # whole weeks only
    next_day = result["daily"].index[-1]
    fig = Figure(figsize=(7.5, 3.0), dpi=80)
    ax = fig.subplots()
    ax.plot(weeks.index, weeks.to_numpy(dtype=float), color=PALETTE[0], marker=".",
            label=_("menciones por semana"))
    ax.errorbar([next_day], [result["total"]],
                yerr=[[result["total"] - result["low"]], [result["high"] - result["total"]]],
                color=PALETTE[3], marker="o", capsize=4, label=_("previsión y franja"))
    month_axis(ax)
    ax.set_xlabel(_("Semana (meses)"))
    ax.set_ylabel(_("Menciones de tu marca por semana"))
    ax.set_ylim(bottom=0)
    ax.set_title(_("Menciones: lo que pasó y lo que cabe esperar"))
    ax.legend(frameon=False, loc="upper left")
    fig.tight_layout()
    return fig
