"""Module 1 widgets: the reality check, the event case, quality vs quantity, and the
SMART planner that saves objectives and milestones to the plan.

Each ``build_*`` returns a :class:`~rumbo.widgets.common.Panel`; the logic lives in
:mod:`rumbo.objectives`.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets

from rumbo import objectives as obj
from rumbo.data import plan as plan_file
from rumbo.core.errors import InvalidInputError
from rumbo.core.numbers import optional_number
from rumbo.core.i18n import fmt_money, fmt_number, translator
from rumbo.core.units import EXAMPLE_NETWORK, network_label
from rumbo.views.html import html_table, message_html, messages_html
from rumbo.widgets.common import (saves_with, Panel, button, dropdown, explained, guarded, number,
                                  text)
from rumbo.widgets.fields import A_DAY, DAYS, FOLLOWERS, MONTHS, currency_symbol
from rumbo.views.objectives import findings_html, ladder_html, reality_html, trajectory_svg

_, N_, ngettext = translator("objectives")

MAX_OBJECTIVES = 3


def _network_options(networks, with_all: bool = False) -> list[tuple[str, str]]:
    options = [(network_label(n), n) for n in list(networks or []) or [EXAMPLE_NETWORK]]
    if with_all:
        options.append((_("todas"), "all"))
    return options


class _Starts:
    """Followers today, per network: the profile's, then whatever she types for a network.

    Changing the network shows that network's own starting point (never the count of the
    network chosen before); a network nobody has counted yet starts empty, and she is asked.
    """

    def __init__(self, followers: dict):
        self.known = {n: int(v) for n, v in (followers or {}).items()
                      if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0}

    def remember(self, network: str, value) -> None:
        if network and network != "all" and isinstance(value, (int, float)):
            self.known[network] = int(value)

    def of(self, network: str) -> int | None:
        if network == "all":
            return sum(self.known.values()) or None
        return self.known.get(network)


def _ask_for_followers(network: str, label: str) -> str:
    return _("No sé cuántos seguidores tienes en {network}: escríbelo en «{field}».").format(
        network=network_label(network), field=label)


# --- chart ---------------------------------------------------------------------------------


def _show_in(out: widgets.Output, svg: str) -> None:
    """Replace what ``out`` shows with ``svg`` (in a kernel; a no-op in headless tests)."""
    from IPython import get_ipython
    from IPython.display import HTML, display

    if get_ipython() is not None:  # outside a kernel clear_output prints terminal codes
        out.clear_output(wait=True)
        with out:
            display(HTML(svg))


# --- the reality check (the module's main widget) ------------------------------------------


class RealityCheckPanel(Panel):
    chart: widgets.Output
    check: obj.RealityCheck | None = None   # the last valid check
    svg: str = ""                           # its chart


def build_reality_check(profile: dict, bench=None, chart: bool = True) -> Panel:
    """Network, current followers (from the profile), target and months -> verdict and chart."""
    starts = _Starts(profile.get("followers"))
    options = _network_options(obj.growth_networks(profile.get("networks")))
    first = options[0][1]
    start = starts.of(first)
    controls = {
        "network": dropdown(_("Red"), options, first),
        "start": number(_("Seguidores hoy"), start, integer=True, unit=FOLLOWERS),
        "target": number(_("Seguidores que quieres tener"), start and start * 2, integer=True,
                         unit=FOLLOWERS),
        "months": number(_("En cuántos meses"), 12, unit=MONTHS),
    }
    out = widgets.Output()
    panel = RealityCheckPanel(_("¿Es realista tu objetivo?"), controls, extra=[out] if chart else [],
                              chart=out)
    panel.add_class("rumbo-main")
    note = obj.growth_note(profile.get("networks"))
    if note:  # Google's and WhatsApp's business tools: no followers, said in plain words
        explained(panel, note)

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
        controls["start"].value = starts.of(change["new"])
        if controls["start"].value is None:
            panel.show("info", _ask_for_followers(change["new"], controls["start"].label))

    controls["start"].observe(lambda change: starts.remember(controls["network"].value,
                                                             change["new"]), names="value")
    controls["network"].observe(network_changed, names="value")
    for name in ("start", "target", "months"):
        controls[name].observe(refresh, names="value")
    refresh()
    if start is None:
        panel.show("info", _ask_for_followers(first, controls["start"].label))
    return panel


# --- the event next Monday ---------------------------------------------------------------------


def build_event_check(profile: dict, bench=None) -> Panel:
    """Days left, followers and posts a day -> posts possible, reach, new followers."""
    followers = profile.get("followers") or {}
    start = int(followers.get("facebook", 0) or sum(followers.values()) or 300)
    controls = {
        "days": number(_("Días que faltan para el evento"), 5, integer=True, unit=DAYS),
        "followers": number(_("Seguidores en Facebook"), start, integer=True,
                            unit=FOLLOWERS),
        "posts_per_day": number(_("Publicaciones al día que puedes hacer"), 2,
                                unit=A_DAY),
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
        value = optional_number(controls[name].value, what)
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


class ObjectivesPanel(Panel):
    objectives: list[dict]                  # the objectives as they will be saved
    milestones: list[dict]
    report: obj.SmartReport | None = None   # the last SMART check


def build_objectives_planner(profile: dict, plan_path=None, saved: list | None = None,
                             today: date | None = None, bench=None) -> Panel:
    """Write up to three objectives, see each SMART criterion, split it into milestones, save.

    ``saved`` are the plan's current ``objectives`` (shown, so nothing is lost on
    re-run). ``today`` defaults to the real date (pass one in tests).
    """
    starts = _Starts(profile.get("followers"))
    networks = _network_options(profile.get("networks"), with_all=True)
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
        "start": number(_("Punto de partida (hoy)"), starts.of(first)),
        "target": number(_("Meta"), None, placeholder=_("un número")),
        "deadline": widgets.DatePicker(description=_("Fecha límite"), value=None,
                                       style={"description_width": "initial"}),
        "stages": number(_("Etapas (hitos)"), 3, integer=True),
        "add": button(_("Añadir a mi lista")),
        "remove": button(_("Quitar el último")),
        "save": button(_("Guardar en mi plan")),
    }
    controls["remove"].button_style = ""
    panel = ObjectivesPanel(_("Tus objetivos SMART"), controls, milestones=[],
                            objectives=[dict(o) for o in (saved or []) if isinstance(o, dict)][:MAX_OBJECTIVES])
    panel.keeps_result = True  # the SMART table names what is wrong with a number itself

    def current_today() -> date:
        return today or date.today()

    def read() -> obj.Objective:
        return obj.Objective(
            text=controls["text"].value.strip(), goal=controls["goal"].value or None,
            kpi=controls["kpi"].value or None, network=controls["network"].value or None,
            # What she typed: the check reads it with the same parser and names what is wrong.
            start=controls["start"].text.value, target=controls["target"].text.value,
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
        panel.result.value = findings_html(report) + list_html()
        if not report.is_smart:
            panel.message.value = message_html("info", _("Todavía no es SMART: revisa lo marcado con "
                                                         "❌ ({n}).").format(n=len(report.missing)))
            return
        ladder = ladder_for(obj.objective_record(report))  # a bad number of stages -> message
        panel.result.value = (findings_html(report) + ladder_html(
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
        panel.result.value = findings_html(report) + list_html()
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

    def counts_followers() -> bool:
        return controls["kpi"].value == "followers"

    def remember_start(change) -> None:
        if counts_followers():
            starts.remember(controls["network"].value, change["new"])

    def network_or_kpi_changed(_change=None) -> None:
        """Followers start where that network stands, not where the last one did."""
        if counts_followers():
            controls["start"].value = starts.of(controls["network"].value)

    controls["start"].observe(remember_start, names="value")
    controls["network"].observe(network_or_kpi_changed, names="value")
    controls["kpi"].observe(network_or_kpi_changed, names="value")
    for name, control in controls.items():
        if name not in ("add", "remove", "save"):
            control.observe(refresh, names="value")
    controls["add"].on_click(add)
    controls["remove"].on_click(remove)
    saves_with(panel, save)
    refresh()
    return panel
