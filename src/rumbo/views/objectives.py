"""Module 1 shown: the reality check's verdict, table and chart, the SMART findings and
the milestone ladder (HTML, inline SVG and a matplotlib figure).

The widget redraws the chart as SVG on every change (well under a millisecond);
a notebook cell returns the same chart as a figure.
"""

from __future__ import annotations

import html
import math
from datetime import date

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from rumbo import objectives as obj
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.views.html import html_table
from rumbo.views.palette import PALETTE
from rumbo.views.svg import nice_step

_, N_, ngettext = translator("objectives")


def trajectory_figure(check: obj.RealityCheck):
    """The three paths of a reality check (required, typical, campaign) and the target line.

    A plain matplotlib ``Figure`` (no pyplot state: nothing to close, shown once).
    """
    paths = check.trajectories()
    fig = Figure(figsize=(7.5, 3.6))
    ax = fig.add_subplot()
    styles = {
        "required": (PALETTE[3], _("Lo que pide tu objetivo ({rate} al mes)").format(
            rate=fmt_percent(check.required, 1))),
        "typical": (PALETTE[0], _("Ritmo típico ({rate} al mes)").format(
            rate=fmt_percent(check.typical.high, 0))),
        "campaign": (PALETTE[2], _("Con campaña ({rate} al mes)").format(
            rate=fmt_percent(check.campaign.high, 0))),
    }
    for key, series in paths.items():
        colour, label = styles[key]
        ax.plot(series.index, series.values, color=colour, marker="o", markersize=3, label=label)
    ax.axhline(check.target, color=PALETTE[7], linestyle="--", linewidth=1,
               label=_("Objetivo: {n}").format(n=fmt_number(check.target)))
    if check.log_scale:
        ax.set_yscale("log")
        ax.set_ylabel(_("Seguidores (escala logarítmica)"))
    else:
        ax.set_ylabel(_("Seguidores"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_number(v)))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(_("Meses desde hoy"))
    ax.set_title(_("Veredicto: {verdict}").format(verdict=check.verdict.label), loc="left")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def _ticks(low: float, high: float, log: bool) -> list[float]:
    if log:
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
        stride = max(1, math.ceil((last - first) / 7))
        return [10.0 ** e for e in range(first, last + 1, stride)]
    step = nice_step(high - low)
    start = math.floor(low / step) * step
    return [start + i * step for i in range(int(math.ceil((high - start) / step)) + 1)]


def trajectory_svg(check: obj.RealityCheck, width: int = 640, height: int = 300) -> str:
    """The same chart as :func:`trajectory_figure`, drawn as inline SVG.

    The widget redraws on every change; matplotlib needs 100+ ms for a log axis,
    this takes well under one, and it is text, so screen readers get a title.
    """
    paths = check.trajectories()
    series = [
        (PALETTE[3], _("Lo que pide tu objetivo ({rate} al mes)").format(
            rate=fmt_percent(check.required, 1)), paths["required"]),
        (PALETTE[0], _("Ritmo típico ({rate} al mes)").format(
            rate=fmt_percent(check.typical.high, 0)), paths["typical"]),
        (PALETTE[2], _("Con campaña ({rate} al mes)").format(
            rate=fmt_percent(check.campaign.high, 0)), paths["campaign"]),
    ]
    log = check.log_scale
    values = [v for _c, _l, s in series for v in s.values] + [check.target]
    low, high = min(values), max(values)
    if not log:
        low = 0.0
    yticks = _ticks(low, high, log)
    ylow, yhigh = min(yticks[0], low), max(yticks[-1], high)
    xticks = _ticks(0, check.months, False)
    xticks = [t for t in xticks if t <= check.months + 1e-9]
    left, right, top, bottom = 78, 16, 34, 46
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(month: float) -> float:
        return left + plot_w * month / check.months

    def y(value: float) -> float:
        if log:
            span = math.log10(yhigh) - math.log10(ylow)
            frac = (math.log10(value) - math.log10(ylow)) / span if span else 0.5
        else:
            frac = (value - ylow) / (yhigh - ylow) if yhigh > ylow else 0.5
        return top + plot_h * (1 - frac)

    esc = html.escape
    ylabel = _("Seguidores (escala logarítmica)") if log else _("Seguidores")
    title = _("Veredicto: {verdict}").format(verdict=check.verdict.label)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" style="font-family:sans-serif;font-size:11px">',
             f"<title>{esc(title)}. {esc(check.verdict.reason)}</title>",
             f'<text x="{left}" y="18" font-size="13" font-weight="bold">{esc(title)}</text>']
    for t in yticks:
        ty = y(t)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="#ddd"/><text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">'
                     f"{esc(fmt_number(t))}</text>")
    for t in xticks:
        tx = x(t)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#eee"/>'
                     f'<text x="{tx:.1f}" y="{top + plot_h + 15}" text-anchor="middle">'
                     f"{esc(fmt_number(t, 0 if t == int(t) else 1))}</text>")
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
                 f'stroke="#333"/><line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" '
                 f'stroke="#333"/>')
    xlabel = esc(_("Meses desde hoy"))
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
                 f"{xlabel}</text>")
    parts.append(f'<text transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle">{esc(ylabel)}</text>')
    ty = y(check.target)
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" '
                 f'stroke="{PALETTE[7]}" stroke-dasharray="5 4"/>')
    for colour, _label, points in series:
        coords = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in points.items())
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        if len(points) <= 40:
            parts.extend(f'<circle cx="{x(m):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>'
                         for m, v in points.items())
    legend = [(c, lab, "") for c, lab, _s in series]
    legend.append((PALETTE[7], _("Objetivo: {n}").format(n=fmt_number(check.target)), "5 4"))
    for i, (colour, label, dash) in enumerate(legend):
        ly = top + 10 + 14 * i
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{left + 8}" x2="{left + 28}" y1="{ly}" y2="{ly}" stroke="{colour}" '
                     f'stroke-width="2"{dash_attr}/><text x="{left + 33}" y="{ly + 4}">'
                     f"{esc(label)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _verdict_html(verdict: obj.Verdict) -> str:
    colour = {"realista": "#1b7837", "ambicioso": "#2c5d8f", "muy_dificil": "#8a5a00",
              "milagro": "#b2182b"}[verdict.level]
    return (f'<p class="rumbo-verdict" style="font-size:1.15em;color:{colour}">'
            f'<strong>{html.escape(verdict.label.capitalize())}</strong>: '
            f'{html.escape(verdict.reason)}</p>')


def reality_html(check: obj.RealityCheck) -> str:
    """The verdict and the comparison table of a reality check, as HTML."""
    return _verdict_html(check.verdict) + html_table(
        obj.reality_rows(check), _("Tu objetivo frente a las referencias"))


def findings_html(report: obj.SmartReport) -> str:
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left;padding-right:1em'>"
        f"{'✅' if f.ok else '❌'} {html.escape(f.label)}</th><td>{html.escape(f.message)}</td></tr>"
        for f in report.findings)
    notes = "".join(f"<p><em>{html.escape(n)}</em></p>" for n in report.notes)
    caption = html.escape(_("Comprobación SMART"))
    return f"<table class='rumbo-table'><caption>{caption}</caption>{rows}</table>{notes}"


def ladder_html(ladder: list[dict], percent: bool = False) -> str:
    rows = [(_("Etapa {n} · {date}").format(
        n=step["stage"], date=date.fromisoformat(step["date"]).strftime("%d/%m/%Y")),
        _("{value} ({share} del camino): para, mira atrás y celebra").format(
            value=fmt_number(step["value"], 1 if percent else 0),
            share=fmt_percent(step["share"], 0)))
        for step in ladder]
    return html_table(rows, _("Escalera de hitos"))
