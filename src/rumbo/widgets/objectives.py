"""Module 1 widgets: the reality check, the event case, quality vs quantity, and the
SMART planner that saves objectives and milestones to the plan.

Each ``build_*`` returns a :class:`~rumbo.widgets.common.Panel`; the logic lives in
:mod:`rumbo.objectives`.
"""

from __future__ import annotations

import html
import math
from datetime import date

import ipywidgets as widgets

from rumbo import objectives as obj
from rumbo.data import plan as plan_file
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import _, fmt_money, fmt_number, fmt_percent
from rumbo.data.profile import NETWORK_LABELS
from rumbo.widgets.common import (PALETTE, Panel, button, dropdown, guarded, html_table,
                                  message_html, messages_html, number, text)
from rumbo.widgets.fields import currency_symbol

MAX_OBJECTIVES = 3


def _network_options(profile: dict, with_all: bool = False) -> list[tuple[str, str]]:
    networks = list(profile.get("networks") or []) or ["instagram"]
    options = [(NETWORK_LABELS.get(n, n), n) for n in networks]
    if with_all:
        options.append((_("todas"), "all"))
    return options


# --- chart ---------------------------------------------------------------------------------


def trajectory_figure(check: obj.RealityCheck):
    """The three paths of a reality check (required, typical, campaign) and the target line.

    A plain matplotlib ``Figure`` (no pyplot state: nothing to close, shown once).
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, NullFormatter

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


def _nice_step(span: float, count: int = 6) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _ticks(low: float, high: float, log: bool) -> list[float]:
    if log:
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
        stride = max(1, math.ceil((last - first) / 7))
        return [10.0 ** e for e in range(first, last + 1, stride)]
    step = _nice_step(high - low)
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


def _show_in(out: widgets.Output, svg: str) -> None:
    """Replace what ``out`` shows with ``svg`` (in a kernel; a no-op in headless tests)."""
    from IPython import get_ipython
    from IPython.display import HTML, display

    if get_ipython() is not None:  # outside a kernel clear_output prints terminal codes
        out.clear_output(wait=True)
        with out:
            display(HTML(svg))


def reality_html(check: obj.RealityCheck) -> str:
    """The verdict and the comparison table of a reality check, as HTML."""
    return _verdict_html(check.verdict) + html_table(
        obj.reality_rows(check), _("Tu objetivo frente a las referencias"))


# --- the reality check (the module's main widget) ------------------------------------------


def build_reality_check(profile: dict, bench=None, chart: bool = True) -> Panel:
    """Network, current followers (from the profile), target and months -> verdict and chart."""
    followers = profile.get("followers") or {}
    options = _network_options(profile)
    first = options[0][1]
    start = int(followers.get(first, 0)) or 100
    controls = {
        "network": dropdown(_("Red"), options, first),
        "start": number(_("Seguidores hoy"), start, integer=True, unit=_("seguidores")),
        "target": number(_("Seguidores que quieres tener"), start * 2, integer=True,
                         unit=_("seguidores")),
        "months": number(_("En cuántos meses"), 12, unit=_("meses")),
    }
    out = widgets.Output()
    panel = Panel(_("¿Es realista tu objetivo?"), controls, extra=[out] if chart else [])
    panel.add_class("rumbo-main")
    panel.chart = out
    panel.check = None
    panel.svg = ""

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            check = obj.reality_check(controls["start"].value, controls["target"].value,
                                      controls["months"].value, bench)
        except InvalidInputError:
            panel.result.value = ""
            out.clear_output()
            raise
        panel.check = check
        panel.message.value = ""
        panel.result.value = reality_html(check)
        if chart:
            panel.svg = trajectory_svg(check)
            _show_in(out, panel.svg)

    @guarded(panel)
    def network_changed(change) -> None:
        controls["start"].value = int(followers.get(change["new"], controls["start"].value))

    controls["network"].observe(network_changed, names="value")
    for name in ("start", "target", "months"):
        controls[name].observe(refresh, names="value")
    refresh()
    return panel


# --- the event next Monday ---------------------------------------------------------------------


def build_event_check(profile: dict, bench=None) -> Panel:
    """Days left, followers and posts a day -> posts possible, reach, new followers."""
    followers = profile.get("followers") or {}
    start = int(followers.get("facebook", 0) or sum(followers.values()) or 300)
    controls = {
        "days": number(_("Días que faltan para el evento"), 5, integer=True, unit=_("días")),
        "followers": number(_("Seguidores en Facebook"), start, integer=True,
                            unit=_("seguidores")),
        "posts_per_day": number(_("Publicaciones al día que puedes hacer"), 2,
                                unit=_("al día")),
    }
    panel = Panel(_("La campaña agresiva para el lunes"), controls)

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            event = obj.event_check(controls["days"].value, controls["followers"].value,
                                    controls["posts_per_day"].value, bench)
        except InvalidInputError:
            panel.result.value = ""
            raise
        panel.message.value = ""
        rows = [
            (_("Publicaciones posibles"), fmt_number(event.posts_possible)),
            (_("Alcance orgánico por publicación"),
             _("{n} personas ({source})").format(n=fmt_number(event.reach_per_post),
                                                 source=event.reach_source)),
            (_("Personas distintas alcanzadas, como mucho"), fmt_number(event.people_reached)),
            (_("Seguidores nuevos, incluso con campaña"),
             _("{n} ({source})").format(n=fmt_number(event.new_followers, 1),
                                        source=event.growth_source)),
        ]
        panel.result.value = html_table(rows, _("Lo que cabe en {days} días").format(
            days=fmt_number(event.days_left))) + message_html("info", _(
                "Las redes no son un interruptor: la atención se construye semana a semana, "
                "antes de necesitarla."))

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return panel


# --- quality over quantity ------------------------------------------------------------------------


def build_quality_lab(currency: str = "EUR") -> Panel:
    """Two audiences (followers x engagement rate) and what fewer returns are worth."""
    controls = {
        "followers_a": number(_("Cuenta A: seguidores"), 1_000_000, integer=True),
        "rate_a": number(_("Cuenta A: tasa de interacción por seguidores (%)"), 0.05, unit="%"),
        "followers_b": number(_("Cuenta B: seguidores"), 100_000, integer=True),
        "rate_b": number(_("Cuenta B: tasa de interacción por seguidores (%)"), 2, unit="%"),
        "orders": number(_("Pedidos al mes"), 1000, integer=True),
        "return_rate": number(_("Devoluciones (% de los pedidos)"), 10, unit="%"),
        "reduction": number(_("Reducción de las devoluciones (%)"), 70, unit="%"),
        "cost_per_return": number(_("Coste de cada devolución ({currency})").format(
            currency=currency), 8, unit=currency_symbol(currency)),
    }
    panel = Panel(_("Calidad antes que cantidad"), controls)

    def percent(name: str, what: str) -> float:
        value = obj.parse_number(controls[name].value, what)
        if value is None or not 0 <= value <= 100:
            raise InvalidInputError(_("{what}: pon un porcentaje de 0 a 100.").format(what=what))
        return value / 100

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            engaged_a = obj.engaged_users(controls["followers_a"].value,
                                          percent("rate_a", _("Cuenta A")))
            engaged_b = obj.engaged_users(controls["followers_b"].value,
                                          percent("rate_b", _("Cuenta B")))
            saving = obj.returns_saving(controls["orders"].value,
                                        percent("return_rate", _("Devoluciones")),
                                        percent("reduction", _("Reducción")),
                                        controls["cost_per_return"].value)
        except InvalidInputError:
            panel.result.value = ""
            raise
        panel.message.value = ""
        better = (_("La cuenta B, con menos seguidores, tiene más gente que de verdad interactúa.")
                  if engaged_b > engaged_a else
                  _("La cuenta A tiene más gente que interactúa."))
        rows = [
            (_("Cuenta A: personas que interactúan"), fmt_number(engaged_a)),
            (_("Cuenta B: personas que interactúan"), fmt_number(engaged_b)),
            (_("Devoluciones evitadas al mes"), fmt_number(saving["returns_avoided"])),
            (_("Ahorro al mes"), fmt_money(saving["saved"], currency)),
        ]
        panel.result.value = html_table(rows, _("Lo que cuenta de verdad")) + message_html("info", better)

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return panel


# --- the SMART planner: objectives and milestones saved to the plan --------------------------------


def _findings_html(report: obj.SmartReport) -> str:
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


def build_objectives_planner(profile: dict, plan_path=None, saved: list | None = None,
                             today: date | None = None, bench=None) -> Panel:
    """Write up to three objectives, see each SMART criterion, split it into milestones, save.

    ``saved`` are the plan's current ``objectives`` (shown, so nothing is lost on
    re-run). ``today`` defaults to the real date (pass one in tests).
    """
    followers = profile.get("followers") or {}
    networks = _network_options(profile, with_all=True)
    first = networks[0][1]
    controls = {
        "text": text(_("Tu objetivo en una frase"), "",
                     _("p. ej., Llegar a 1.000 seguidores en Instagram antes de julio")),
        "goal": dropdown(_("Objetivo del negocio"),
                         [(_("— elige —"), "")] + [(_(label), key) for key, (label, _k) in
                                                    obj.GOALS.items()], ""),
        "kpi": dropdown(_("Qué vas a medir (KPI)"),
                        [(_("— elige —"), "")] + [(_(k.label), key) for key, k in obj.KPIS.items()],
                        "followers"),
        "network": dropdown(_("Red"), networks, first),
        "start": text(_("Punto de partida (hoy)"),
                      str(int(followers[first])) if followers.get(first) else ""),
        "target": text(_("Meta"), "", _("un número")),
        "deadline": widgets.DatePicker(description=_("Fecha límite"), value=None,
                                       style={"description_width": "initial"}),
        "stages": number(_("Etapas (hitos)"), 3, integer=True),
        "add": button(_("Añadir a mi lista")),
        "remove": button(_("Quitar el último")),
        "save": button(_("Guardar en mi plan")),
    }
    controls["remove"].button_style = ""
    panel = Panel(_("Tus objetivos SMART"), controls)
    panel.objectives = [dict(o) for o in (saved or []) if isinstance(o, dict)][:MAX_OBJECTIVES]
    panel.milestones = []
    panel.report = None

    def current_today() -> date:
        return today or date.today()

    def read() -> obj.Objective:
        return obj.Objective(
            text=controls["text"].value.strip(), goal=controls["goal"].value or None,
            kpi=controls["kpi"].value or None, network=controls["network"].value or None,
            start=controls["start"].value, target=controls["target"].value,
            deadline=controls["deadline"].value)

    def ladder_for(record: dict) -> list[dict]:
        return obj.milestone_ladder(record["start"], record["target"], current_today(),
                                    record["deadline"], controls["stages"].value)

    def list_html() -> str:
        if not panel.objectives:
            return "<p>" + html.escape(_("Tu lista está vacía: añade de uno a tres objetivos.")) + "</p>"
        items = "".join(f"<li>{html.escape(o.get('text') or '')}</li>" for o in panel.objectives)
        title = html.escape(_("Tu lista"))
        return f"<p><strong>{title}</strong></p><ol>{items}</ol>"

    @guarded(panel)
    def refresh(_change=None) -> None:
        report = obj.check_smart(read(), current_today(), bench)
        panel.report = report
        panel.result.value = _findings_html(report) + list_html()
        if not report.is_smart:
            panel.message.value = message_html("info", _("Todavía no es SMART: revisa lo marcado con "
                                                         "❌ ({n}).").format(n=len(report.missing)))
            return
        ladder = ladder_for(obj.objective_record(report))  # a bad number of stages -> message
        panel.result.value = (_findings_html(report) + ladder_html(
            ladder, obj.KPIS[report.objective.kpi].percent) + list_html())
        panel.message.value = message_html("ok", _("Es SMART. Pulsa «Añadir a mi lista»."))

    @guarded(panel)
    def add(_button=None) -> None:
        report = obj.check_smart(read(), current_today(), bench)
        if not report.is_smart:
            panel.message.value = messages_html(
                "error", [_("Solo añado objetivos SMART. Falta esto:")] + report.missing)
            return
        if len(panel.objectives) >= MAX_OBJECTIVES:
            raise InvalidInputError(_("Ya tienes tres objetivos: céntrate en ellos o quita uno."))
        panel.objectives.append(obj.objective_record(report))
        panel.result.value = _findings_html(report) + list_html()
        panel.show("ok", _("Añadido. Tienes {n} de {max} objetivos.").format(
            n=len(panel.objectives), max=MAX_OBJECTIVES))

    @guarded(panel)
    def remove(_button=None) -> None:
        if not panel.objectives:
            raise InvalidInputError(_("No hay nada que quitar: tu lista está vacía."))
        panel.objectives.pop()
        refresh()
        panel.show("ok", _("Quitado el último objetivo."))

    @guarded(panel)
    def save(_button=None) -> None:
        if not panel.objectives:
            raise InvalidInputError(_("Añade al menos un objetivo SMART a tu lista antes de "
                                      "guardar."))
        milestones = []
        for index, record in enumerate(panel.objectives):
            try:
                steps = ladder_for(record)
            except InvalidInputError:  # e.g. a saved objective whose deadline has passed
                steps = []
            milestones.append({"objective": index, "text": record.get("text", ""), "steps": steps})
        plan_file.update_section("objectives", panel.objectives, plan_path)
        plan_file.update_section("milestones", milestones, plan_path)
        panel.milestones = milestones
        panel.show("ok", _("Objetivos ({n}) e hitos guardados en {path}.").format(
            n=len(panel.objectives), path=plan_file.display_path(plan_path)))

    for name, control in controls.items():
        if name not in ("add", "remove", "save"):
            control.observe(refresh, names="value")
    controls["add"].on_click(add)
    controls["remove"].on_click(remove)
    controls["save"].on_click(save)
    refresh()
    return panel
