"""Module 2 shown: the metric explorer's chart (a figure for a notebook, SVG for the
widget) and the quality-versus-quantity comparison as HTML.
"""

from __future__ import annotations

import html
import math

import pandas as pd
from matplotlib.figure import Figure

from rumbo import metrics as m
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.views.html import html_table
from rumbo.views.palette import PALETTE
from rumbo.views.svg import nice_step

_, N_, ngettext = translator("metrics")


def rate_chart(table: pd.DataFrame, by: str, unit: str, title: str):
    """Bars of ``table["value"]`` per group (a :class:`matplotlib.figure.Figure`)."""
    labels = [m.group_label(k, by) for k in table.index]
    values = table["value"].to_numpy(dtype=float)
    scale = 100 if unit == "percent" else 1
    fig = Figure(figsize=(7.5, 3.2), dpi=80)
    ax = fig.subplots()
    ax.bar(range(len(values)), values * scale, color=PALETTE[0])
    ax.set_xticks(range(len(values)), labels, rotation=30 if len(values) > 6 else 0, ha="right"
                  if len(values) > 6 else "center")
    ax.set_title(title)
    ax.set_xlabel(_(m.GROUP_LABELS[by]).capitalize())
    ax.set_ylabel({"percent": _("Tasa (%)"), "times": _("Veces por persona"),
                   "per_post": _("Media por publicación")}[unit])
    ax.set_ylim(bottom=0)
    fig.tight_layout()
    return fig


def rate_chart_svg(table: pd.DataFrame, by: str, unit: str, title: str) -> str:
    """The same bar chart as :func:`rate_chart`, drawn as SVG text (about a millisecond, so
    the explorer stays fast): title, labelled axes with units, Spanish numbers."""
    esc = html.escape
    labels = [m.group_label(k, by) for k in table.index]
    scale = 100 if unit == "percent" else 1
    values = [0.0 if math.isnan(v) else v * scale for v in table["value"].to_numpy(dtype=float)]
    width, height, left, right, top, bottom = 600, 260, 64, 12, 30, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    step = nice_step(max(values) if values else 1.0, 4)
    y_max = step * max(1, math.ceil((max(values) if values else 1.0) / step - 1e-9))
    digits = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f"<title>{esc(title)}</title>",
             f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13">{esc(title)}</text>']
    for i in range(int(round(y_max / step)) + 1):
        y = top + plot_h - plot_h * (i * step) / y_max
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#dddddd"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                     f"{esc(fmt_number(i * step, digits))}</text>")
    n = max(1, len(values))
    slot = plot_w / n
    for i, (label, value) in enumerate(zip(labels, values)):
        h = plot_h * value / y_max
        x = left + i * slot + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{h:.1f}" fill="{PALETTE[0]}"><title>{esc(label)}: '
                     f"{esc(fmt_number(value, 2))}</title></rect>")
        cx, cy = left + i * slot + slot / 2, top + plot_h + 12
        rotate = f' transform="rotate(-35 {cx:.1f} {cy:.1f})"' if n > 6 else ""
        anchor = "end" if n > 6 else "middle"
        parts.append(f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="{anchor}"{rotate}>{esc(label)}</text>')
    y_label = {"percent": _("Tasa (%)"), "times": _("Veces por persona"),
               "per_post": _("Media por publicación")}[unit]
    parts += [f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="#333333"/>',
              f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
              f'stroke="#333333"/>',
              f'<text x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
              f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{esc(y_label)}</text>',
              f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
              f"{esc(_(m.GROUP_LABELS[by]).capitalize())}</text>", "</svg>"]
    return "".join(parts)


def engaged_comparison_html(cases=((1_000_000, 0.0005), (100_000, 0.02))) -> str:
    """The seed's comparison as a small table: audience x engagement rate = engaged people."""
    rows = [(_("{audience} seguidores × {rate}").format(audience=fmt_number(a), rate=fmt_percent(r, 2)),
             _("{n} personas que interactúan").format(n=fmt_number(m.engaged_users(a, r))))
            for a, r in cases]
    return html_table(rows, _("Cantidad frente a calidad"))
