"""Module 3 widgets: the time inventory (main), DIY vs freelancer vs agency, ROI and CAC with time.

Each ``build_*`` returns a :class:`Panel`; callbacks read the controls, call a pure
function of :mod:`rumbo.timecost` and render its result as HTML. Nothing here
computes a cost by itself.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from rumbo.data import plan as plan_file
from rumbo.data import business_info
from rumbo import timecost as tc
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.core.units import CURRENCIES
from rumbo.views.html import grid_table, html_table, message_html, messages_html
from rumbo.views.measurement import cac_provenance_html
from rumbo.widgets.common import (button, connect, dropdown, example_note, explained, guarded, number,
                                  Panel)
from rumbo.widgets.fields import HOURS_A_WEEK, MONTHS, currency_symbol

_, N_, ngettext = translator("timecost")




def _row_table(header: list[str], rows: list[list[str]], caption: str = "") -> str:
    """A table whose first column names each row (a task, an option)."""
    return grid_table(header, rows, caption, row_headers=True)


def _note(text: str) -> widgets.HTML:
    return widgets.HTML(value=f"<span style='color:#4d4d4d;font-size:90%'>{html.escape(text)}</span>")


def _rows(panel: Panel, rows: list[widgets.Widget]) -> None:
    """Lay the panel out as ``rows`` (controls stay reachable by name in ``panel.controls``)."""
    heading = panel.children[0]
    extra = list(panel.children[len(panel.controls) + 3:])
    panel.children = [heading, *rows, panel.message, panel.result, *extra]


# --- 1. Time inventory (the module's main widget) ---------------------------------------


def _start_note(begin: tc.InventoryStart, profile: dict) -> str:
    if begin.source == "saved":
        return _("Estas son las horas que guardaste en tu plan. Cámbialas si tu semana ha "
                 "cambiado y vuelve a guardar.")
    return _("Las horas de partida son las de una semana típica del negocio de ejemplo («{name}»), "
             "no las tuyas: pon las tuyas.").format(name=profile.get("name", ""))


class TimeInventoryPanel(Panel):
    breakdown: tc.CostBreakdown | None = None   # the last valid breakdown
    saved: dict | None = None                   # the time_budget section last written


def build_time_inventory(profile: dict, plan_path=None, *, saved: dict | None = None,
                         example_hours: dict | None = None, ranges: dict | None = None) -> Panel:
    """Hours per task, hourly cost, tools and ads -> weekly hours, monthly and yearly cost.

    Starts from her saved ``time_budget`` (``saved``), else her profile's weekly hours
    split by task; only an example profile starts from ``example_hours`` (the example
    business's typical week), and then says so (:func:`rumbo.timecost.inventory_start`).
    ``ranges`` maps a task to a short text shown beside it (typical range, source and
    year; see :func:`rumbo.timecost.task_range_notes`). Saves the ``time_budget`` section.
    """
    begin = tc.inventory_start(profile, saved, example_hours)
    ranges = ranges or {}
    currency = begin.currency if begin.currency in CURRENCIES else "EUR"
    symbol = currency_symbol(currency)
    controls: dict[str, widgets.Widget] = {
        task: number(_("{task} (h/semana)").format(task=_(tc.TASK_LABELS[task])),
                     round(float(begin.hours.get(task, 0)), 2), unit=HOURS_A_WEEK,
                     hint=ranges.get(task, ""))
        for task in tc.TASKS
    }
    controls["hourly_cost"] = number(_("Coste de una hora ({currency})").format(currency=currency),
                                     begin.hourly_cost, unit=symbol)
    controls["tools"] = number(_("Herramientas al mes ({currency})").format(currency=currency),
                               begin.tools, unit=symbol)
    controls["ads"] = number(_("Anuncios al mes ({currency})").format(currency=currency),
                             begin.ads, unit=symbol)
    controls["currency"] = dropdown(_("Moneda"), list(CURRENCIES), currency)
    controls["extra"] = number(_("Horas de más el primer mes, por aprender (%)"),
                               tc.DEFAULT_EXTRA * 100, unit="%")
    controls["months_to_learn"] = number(_("Meses hasta hacerlo con soltura"),
                                         tc.DEFAULT_MONTHS_TO_LEARN, integer=True, unit=MONTHS)
    controls["save"] = button(_("Guardar en mi plan"))
    panel = TimeInventoryPanel(_("Inventario de tiempo: lo que te cuestan las redes"), controls)
    panel.add_class("rumbo-main")
    hours_title, curve_title = _("Horas por semana en cada tarea"), _("Curva de aprendizaje")
    rows = [widgets.HTML(f"<b>{html.escape(hours_title)}</b>")]
    if begin.source != "profile":
        rows.insert(0, widgets.HTML(message_html("info", _start_note(begin, profile))))
    rows += [controls[task] for task in tc.TASKS]
    rows += [controls[k] for k in ("hourly_cost", "tools", "ads", "currency")]
    rows.append(widgets.HTML(f"<b>{html.escape(curve_title)}</b>"))
    rows += [controls["extra"], controls["months_to_learn"], controls["save"]]
    _rows(panel, rows)
    available = profile.get("hours_per_week")

    def compute() -> tuple[tc.CostBreakdown, tc.FirstYear]:
        breakdown = tc.monthly_cost({t: controls[t].value for t in tc.TASKS},
                                    controls["hourly_cost"].value, controls["tools"].value,
                                    controls["ads"].value, controls["currency"].value)
        extra = tc.number(controls["extra"].value, _("el tiempo extra del aprendizaje (%)"),
                          maximum=tc.MAX_EXTRA * 100) / 100
        return breakdown, tc.first_year(breakdown, extra, controls["months_to_learn"].value)

    def render(b: tc.CostBreakdown, year: tc.FirstYear) -> str:
        cur = b.currency
        share = "—" if math.isnan(b.content_share) else fmt_percent(b.content_share, 0)
        rows = [
            (_("Horas a la semana"), tc.fmt_hours(round(b.weekly_hours, 1))),
            (_("Horas al mes"), fmt_number(b.monthly_hours, 1)),
            (_("Tiempo al mes (horas × coste por hora)"), tc.money(b.time_cost, cur)),
            (_("Herramientas y anuncios al mes"), tc.money(b.tools + b.ads, cur)),
            (_("Coste total al mes"), tc.money(b.monthly_total, cur)),
            (_("Coste total al año"), tc.money(b.yearly_total, cur)),
            (_("Primer año contando lo que tardas en aprender"), tc.money(year.cost_with, cur)),
            (_("Horas del primer año: sin curva / con curva"),
             f"{fmt_number(year.hours_without)} / {fmt_number(year.hours_with)}"),
            (_("Parte del tiempo dedicada a crear contenido"), share),
        ]
        return html_table(rows, _("Tus redes en horas y en dinero"))

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            breakdown, year = compute()
        except InvalidInputError as exc:
            panel.result.value = ""
            panel.message.value = message_html("error", str(exc))
            return
        panel.breakdown = breakdown
        notes = tc.budget_warnings(breakdown, available)
        panel.message.value = (messages_html("warning", notes) if notes else
                               message_html("ok", _("Cuentas hechas. Pulsa «Guardar en mi plan» "
                                                    "cuando te encajen.")))
        panel.result.value = render(breakdown, year)

    @guarded(panel)
    def save(_button=None) -> None:
        try:
            breakdown, year = compute()
        except InvalidInputError as exc:
            panel.message.value = messages_html("error", [str(exc), _("No he guardado nada todavía.")])
            return
        section = tc.time_budget_section(breakdown, year)
        plan_file.update_section("time_budget", section, plan_path)
        panel.saved = section
        panel.show("ok", _("Guardado en {path}.").format(path=plan_file.display_path(plan_path)))

    return connect(panel, refresh, save)


# --- 2. Do it yourself, a freelancer or an agency ---------------------------------------


class OptionsPanel(Panel):
    options: list | None = None     # the last comparison (rumbo.timecost.OptionCost)


def build_options(profile: dict, *, fees: dict | None = None, saved: dict | None = None,
                  example_hours: dict | None = None, source_note: str = "") -> Panel:
    """Monthly cost of each option with the owner's remaining hours counted, and the
    break-even hourly cost. ``fees``: ``{"freelancer": 400, "agency": 1000}`` (editable).
    Her hours and hourly cost come from where the inventory starts (``saved``, her profile,
    or, for an example profile, ``example_hours``: see :func:`rumbo.timecost.inventory_start`)."""
    fees = fees or {"freelancer": 400.0, "agency": 1000.0}
    begin = tc.inventory_start(profile, saved, example_hours)
    currency = profile.get("currency", "EUR")
    symbol = currency_symbol(currency)
    controls: dict[str, widgets.Widget] = {
        "diy_hours": number(_("Tus horas por semana si lo haces tú"),
                            round(sum(begin.hours.values()), 1), unit=HOURS_A_WEEK),
        "hourly_cost": number(_("Coste de una hora tuya ({currency})").format(currency=currency),
                              begin.hourly_cost, unit=symbol),
        "freelancer_fee": number(_("Autónomo: cuota al mes ({currency})").format(currency=currency),
                                 fees["freelancer"], unit=symbol),
        "freelancer_owner_hours": number(_("Con autónomo, tus horas por semana"),
                                         tc.DEFAULT_OWNER_HOURS["freelancer"], unit=HOURS_A_WEEK),
        "agency_fee": number(_("Agencia: cuota al mes ({currency})").format(currency=currency),
                             fees["agency"], unit=symbol),
        "agency_owner_hours": number(_("Con agencia, tus horas por semana"),
                                     tc.DEFAULT_OWNER_HOURS["agency"], unit=HOURS_A_WEEK),
    }
    panel = OptionsPanel(_("¿Hacerlo tú, un autónomo o una agencia?"), controls,
                  extra=[_note(source_note)] if source_note else None)

    def render(options: list[tc.OptionCost], hourly: float) -> str:
        rows = [[o.label, tc.money(o.total, currency), tc.fmt_hours(o.owner_hours), o.needs]
                for o in options]
        table = _row_table([_("Opción"), _("Coste al mes"), _("Tus horas por semana"),
                        _("Lo que te sigue tocando")], rows, _("Coste mensual de cada opción"))
        lines = []
        for o in options[1:]:
            even = tc.break_even_hourly_cost(options[0].owner_hours, o.fee, o.owner_hours)
            if math.isinf(even):
                lines.append(_("{option}: no te ahorra horas, así que nunca sale más barato "
                               "que hacerlo tú.").format(option=o.label))
            else:
                verdict = (_("con tu coste por hora, delegar sale más barato") if hourly > even else
                           _("con tu coste por hora, hacerlo tú sale más barato"))
                lines.append(_("{option}: compensa si tu hora vale más de {amount} ({verdict}).").format(
                    option=o.label, amount=tc.money(even, currency), verdict=verdict))
        return table + "".join(f"<p>{html.escape(line)}</p>" for line in lines)

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            options = tc.compare_options(
                controls["diy_hours"].value, controls["hourly_cost"].value,
                controls["freelancer_fee"].value, controls["agency_fee"].value,
                freelancer_owner_hours=controls["freelancer_owner_hours"].value,
                agency_owner_hours=controls["agency_owner_hours"].value, currency=currency)
        except InvalidInputError as exc:
            panel.result.value = ""
            panel.show("error", str(exc))
            return
        panel.options = options
        cheapest = min(options, key=lambda o: o.total)
        panel.show("info", _("La opción más barata con estas cifras: {option}.").format(
            option=cheapest.label))
        panel.result.value = render(options, float(controls["hourly_cost"].value))

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return panel


# --- 3. ROI and CAC with time counted ----------------------------------------------------


class RoiPanel(Panel):
    rows: list | None = None        # the last table of ROI and CAC


def build_roi(business: str, profile: dict | None = None, sources=()) -> Panel:
    """ROI and CAC of a bundled business's year, without and with the hours counted.

    The learner changes the hourly cost, the tools paid in the year and how sales
    are attributed, and sees how counting the time changes both numbers. The data
    are loaded once per attribution (see :func:`rumbo.timecost.results`). Under the
    table, whether her own CAC would be measured or estimated with the ``sources``
    of her plan's measurement section (module 6).
    """
    cache: dict[str, tc.SocialResults] = {}

    def data(attribution: str) -> tc.SocialResults:
        if attribution not in cache:
            cache[attribution] = tc.results(business, attribution)
        return cache[attribution]

    first = data("last_click")
    currency = first.currency
    hourly = first.hourly_cost
    if profile and profile.get("currency") == currency and profile.get("hourly_cost") is not None:
        hourly = profile["hourly_cost"]
    controls: dict[str, widgets.Widget] = {
        "hourly_cost": number(_("Coste de una hora ({currency})").format(currency=currency),
                              hourly, unit=currency_symbol(currency)),
        "tools": number(_("Herramientas en todo el año ({currency})").format(currency=currency),
                        first.tools, unit=currency_symbol(currency)),
        "attribution": dropdown(_("Qué ventas cuentan"),
                                [(_(tc.ATTRIBUTION_LABELS[a]), a) for a in tc.ATTRIBUTIONS],
                                "last_click"),
    }
    name = business_info(business)["name"]
    panel = example_note(RoiPanel(_("ROI y coste por cliente nuevo, contando el tiempo"), controls), _(
        "Con los datos de un año del negocio de ejemplo «{name}»: sus ventas, sus clientes y sus "
        "horas, no los tuyos. Cambia el coste por hora y mira cómo cambia la cuenta.").format(
            name=name))
    explained(panel, _("ROI: por cada 100 que gastas, lo que vuelve de más (un 50 % son 50 de más; "
                       "si es negativo, pierdes). Coste por cliente nuevo: lo gastado entre los "
                       "clientes que llegaron."))

    def fmt_ratio(value: float) -> str:
        return "—" if math.isnan(value) else fmt_percent(value, 0)

    def fmt_cur(value: float) -> str:
        return "—" if math.isnan(value) else tc.money(value, currency)

    provenance = cac_provenance_html(sources)

    @guarded(panel)
    def refresh(_change=None) -> None:
        res = data(controls["attribution"].value)
        try:
            rows = tc.roi_cac_table(res, controls["hourly_cost"].value, controls["tools"].value)
        except InvalidInputError as exc:
            panel.result.value = ""
            panel.show("error", str(exc))
            return
        panel.rows = rows
        body = [[r["label"], tc.money(r["cost"], currency), fmt_ratio(r["roi"]), fmt_cur(r["cac"])]
                for r in rows]
        caption = _("Negocio de ejemplo «{name}»: {revenue} de ventas y {customers} clientes "
                    "nuevos atribuidos a redes; {hours} horas registradas").format(
                        name=name, revenue=tc.money(res.revenue, currency),
                        customers=fmt_number(res.new_customers, 1), hours=fmt_number(res.hours))
        panel.result.value = _row_table([_("Qué cuentas como coste"), _("Coste del año"), _("ROI"),
                                     _("Coste por cliente nuevo")], body, caption) + provenance
        without, with_time = rows[0], rows[-1]
        panel.show("info" if not with_time["roi"] < 0 else "warning",
                   _("Sin contar horas el ROI del ejemplo es {a}; contando sus horas, {b}.").format(
                       a=fmt_ratio(without["roi"]), b=fmt_ratio(with_time["roi"])))

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return panel
