"""Module 6 shown: the crisis radar (a picture drawn once with an SVG layer that moves
with the threshold), month axes in the learner's language, and the triage rules and
recommended actions as HTML tables.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import MonthLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from rumbo import listening as L
from rumbo.core.errors import DataError
from rumbo.core.i18n import fmt_date, fmt_number, translator
from rumbo.views.html import grid_table
from rumbo.views.palette import PALETTE

_, N_, ngettext = translator("listening")


def fmt_day(day) -> str:
    """A date as the learner reads it: «16 dic 2025» / «16 Dec 2025»."""
    return fmt_date(pd.Timestamp(day).date())


def month_axis(ax) -> None:
    """Month ticks with month names in the learner's language («ene», «feb»...)."""
    ax.xaxis.set_major_locator(MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda value, _pos: fmt_date(num2date(value).date(), "MMM")))


def _crisis_axes(daily: pd.Series, title: str = ""):
    """The static part of the crisis chart: daily negatives, labelled axes, legend."""
    if daily.empty:
        raise DataError(_("No hay días que analizar."))
    fig = Figure(figsize=(7.5, 3.2), dpi=80)
    ax = fig.subplots()
    x = daily.index
    ax.plot(x, daily.to_numpy(dtype=float), color=PALETTE[5], linewidth=1)
    ax.set_ylim(0, max(float(daily.max()) * 1.15, 1))
    ax.set_xlim(x.min(), x.max())
    ax.legend(handles=[
        Line2D([], [], color=PALETTE[5], label=_("menciones negativas")),
        Line2D([], [], color=PALETTE[1], linestyle="--", label=_("nivel de alarma")),
        Line2D([], [], color=PALETTE[3], marker="o", linestyle="",
               label=_("días por encima del umbral")),
    ], frameon=False, loc="upper left")
    month_axis(ax)
    ax.set_xlabel(_("Fecha (meses)"))
    ax.set_ylabel(_("Menciones negativas por día"))
    ax.set_title(title or _("Radar de crisis"))
    fig.tight_layout()
    return fig, ax


class CrisisChart:
    """The crisis chart for a widget: drawn once, then only an overlay moves.

    The static picture (daily negatives, axes, labels, legend) is rendered to a
    PNG once per series. :meth:`html` puts it in the page with a small SVG layer
    on top holding what depends on the threshold and the baseline window: the
    alarm level (baseline + threshold × spread) and the days above it. Moving
    the threshold rebuilds only that layer (about a millisecond) instead of
    redrawing and re-encoding a picture.
    """

    def __init__(self, daily: pd.Series, title: str = ""):
        fig, ax = _crisis_axes(daily, title)
        canvas = FigureCanvasAgg(fig)
        buffer = io.BytesIO()
        canvas.print_png(buffer)
        self.width, self.height = (int(v) for v in canvas.get_width_height())
        self.image = base64.b64encode(buffer.getvalue()).decode("ascii")
        self._transform = ax.transData
        box = ax.bbox
        self.clip = (box.x0, self.height - box.y1, box.width, box.height)
        self.index = daily.index

    def _pixels(self, dates, values) -> np.ndarray:
        points = np.column_stack([date2num(dates), np.asarray(values, dtype=float)])
        pixels = self._transform.transform(points)
        pixels[:, 1] = self.height - pixels[:, 1]
        return pixels

    def overlay(self, scores: pd.DataFrame, threshold: float) -> str:
        """The SVG layer for ``scores`` (from :func:`crisis_scores`) at ``threshold``."""
        threshold = L.check_threshold(threshold)
        level = (scores["baseline"] + threshold * scores["spread"]).to_numpy()
        ok = np.isfinite(level)
        line = self._pixels(scores.index[ok], level[ok])
        lit = (scores["z"] > threshold).to_numpy()
        dots = self._pixels(scores.index[lit], scores["count"].to_numpy()[lit])
        x, y, w, h = self.clip
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in line)
        circles = "".join(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5"/>' for px, py in dots)
        return (f'<svg viewBox="0 0 {self.width} {self.height}" aria-hidden="true" '
                f'style="position:absolute;left:0;top:0;width:100%;height:100%">'
                f'<clipPath id="rumbo-crisis-clip"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                f'height="{h:.1f}"/></clipPath><g clip-path="url(#rumbo-crisis-clip)">'
                f'<polyline points="{path}" fill="none" stroke="{PALETTE[1]}" stroke-width="1.5" '
                f'stroke-dasharray="5,3"/><g fill="{PALETTE[3]}">{circles}</g></g></svg>')

    def html(self, scores: pd.DataFrame, threshold: float, description: str = "") -> str:
        """The picture and its overlay, as one block of HTML (``description`` for screen readers)."""
        overlay = self.overlay(scores, threshold)
        # As wide as the screen allows, never wider than drawn; the overlay scales with it.
        return (f'<div role="img" aria-label="{html.escape(description)}" class="rumbo-chart" '
                f'style="position:relative;width:100%;max-width:{self.width}px;'
                f'aspect-ratio:{self.width}/{self.height}">'
                f'<img src="data:image/png;base64,{self.image}" width="{self.width}" '
                f'height="{self.height}" alt="" '
                f'style="position:absolute;left:0;top:0;width:100%;height:100%">'
                f'{overlay}</div>')


def rules_table() -> str:
    """The triage rules as an HTML table (first rule that applies decides)."""
    rows = [[str(i + 1), _(L.CATEGORY_LABELS[c]), _(reason)]
            for i, (c, reason) in enumerate(L.TRIAGE_RULES)]
    signals = "; ".join(_(label) for label in L.SIGNAL_LABELS.values())
    note = _("Señales que buscan las reglas: {signals}.").format(signals=signals)
    return (grid_table([_("Orden"), _("Categoría"), _("Regla")], rows, _("Reglas de clasificación"))
            + f"<p>{html.escape(note)}</p>")


def actions_table() -> str:
    rows = [[_(L.CATEGORY_LABELS[c]), _(L.CATEGORY_ACTIONS[c]), minutes_text(L.CATEGORY_MINUTES[c])]
            for c in L.CATEGORIES]
    return grid_table([_("Categoría"), _("Qué hacer"), _("Responde antes de")], rows,
                  _("Acción recomendada"))


def minutes_text(minutes: float) -> str:
    if minutes >= 1440 and minutes % 1440 == 0:
        return _("{n} día(s)").format(n=fmt_number(minutes / 1440))
    if minutes >= 60 and minutes % 60 == 0:
        return _("{n} h").format(n=fmt_number(minutes / 60))
    return _("{n} min").format(n=fmt_number(minutes))
