"""Module 2 widgets: the metric explorer (bundled or own data), KPIs for the plan,
the vanity-or-value quiz and quality vs quantity in money.

Every callback reads its controls, calls a pure function of :mod:`rumbo.metrics`
or :mod:`rumbo.data.importers`, and renders HTML; charts are PNGs in an ``Output``.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import pandas as pd

from rumbo import metrics as m
from rumbo.data import plan as plan_file
from rumbo.data import business_info, businesses, load_dataset
from rumbo.core.errors import InvalidInputError, RumboError
from rumbo.core.i18n import fmt_money, fmt_number, translator
from rumbo.data.importers import import_posts_report
from rumbo.views.html import grid_table, message_html, messages_html
from rumbo.widgets.common import (saves_with, Panel, button, dropdown, example_note, guarded, number,
                                  uploaded_file)
from rumbo.widgets.fields import currency_symbol
from rumbo.views.metrics import rate_chart_svg

_, N_, ngettext = translator("metrics")

OWN = "own"  # the source value of the learner's uploaded data


# --- chart ----------------------------------------------------------------------------------


def _show_svg(output: widgets.Output, svg: str, alt: str) -> None:
    """Show the chart as inline SVG with a text alternative (an <img> of SVG would have none)."""
    labelled = svg.replace("<svg ", f'<svg aria-label="{html.escape(alt, quote=True)}" ', 1)
    output.outputs = ({"output_type": "display_data", "metadata": {},
                       "data": {"text/html": labelled, "text/plain": alt}},)


_TABLES: dict = {}  # (source, count, denominator, aggregate, by) -> rate_table, shared by panels


# --- the metric explorer --------------------------------------------------------------------


def _business_options() -> list[tuple[str, str]]:
    table = businesses()
    return [(str(row["name"]), str(row["business_id"])) for _i, row in table.iterrows()]


class MetricExplorerPanel(Panel):
    chart: widgets.Output
    kpi_list: widgets.HTML
    sources: dict                   # data source name -> posts table
    kpis: list[dict]                # KPI records (rumbo.metrics.kpi_record), in the order added
    kpi_hooks: list                 # called after a KPI is added (the saver refreshes its list)
    table: object = None            # the last rate table shown


def build_metric_explorer(business: str = "panaderia", plan_path=None,
                          posts: pd.DataFrame | None = None, saved: list | None = None) -> Panel:
    """The metric explorer: data source (a bundled business, or the learner's upload), what
    to count, the denominator, the aggregate and the grouping; a table and a chart update
    together. "Añadir a mis KPI" keeps the current metric and target in ``panel.kpis``.

    ``posts`` (optional) starts the explorer on a table already imported; ``saved`` are the
    plan's ``kpis`` (kept, so saving again adds to them). A KPI's value of today is hers
    only when it comes from her own data: measured on an example business it is not saved.
    """
    options = _business_options()
    sources: dict[str, pd.DataFrame] = {}
    if posts is not None:
        sources[OWN] = posts
        options.append((_("Mis datos"), OWN))
    controls: dict[str, widgets.Widget] = {
        "source": dropdown(_("Datos de"), options, OWN if posts is not None else business),
        "upload": widgets.FileUpload(accept=".csv,.txt,.tsv", multiple=False,
                                     description=_("Sube tu CSV"),
                                     tooltip=_("Sube la exportación de tus publicaciones (CSV)")),
        "count": dropdown(_("Qué cuentas"), [(_(m.COUNT_LABELS[c]), c) for c in m.COUNTS],
                          "engagements"),
        "denominator": dropdown(_("Dividido entre"),
                                [(_(m.RATE_DENOMINATOR_LABELS[d]), d) for d in m.RATE_DENOMINATORS],
                                "reach"),
        "aggregate": dropdown(_("Cómo se resume"),
                              [(_(m.AGGREGATE_LABELS[a]), a) for a in m.AGGREGATES], "ratio_of_sums"),
        "by": dropdown(_("Agrupar por"), [(_(m.GROUP_LABELS[g]), g) for g in m.GROUPS], "post_type"),
        "target": number(_("Tu objetivo (en % para tasas)"), 0.0),
        "add": button(_("Añadir a mis KPI")),
    }
    for control in controls.values():
        if isinstance(control, widgets.Dropdown):
            control.layout.width = "38em"
    chart = widgets.Output()
    kpi_list = widgets.HTML(value="")
    panel = MetricExplorerPanel(_("Explorador de métricas"), controls, extra=[chart, kpi_list],
                                chart=chart, kpi_list=kpi_list, sources=sources, kpi_hooks=[],
                                kpis=[dict(k) for k in saved or []  # her saved KPIs come first
                                      if isinstance(k, dict) and isinstance(k.get("metric"), dict)])
    panel.add_class("rumbo-main")
    panel.keeps_result = True  # the data's table stays while the target is being typed
    version = {"own": 0, "busy": False}

    def frame() -> tuple[str, pd.DataFrame]:
        source = controls["source"].value
        if source == OWN:
            return f"own-{id(sources)}-{version['own']}", sources[OWN]
        if source not in sources:
            sources[source] = load_dataset(source, "posts")
        return source, sources[source]

    def current() -> tuple:
        return (controls["count"].value, controls["denominator"].value,
                controls["aggregate"].value, controls["by"].value)

    def compute(by: str | None = None):
        key, posts_ = frame()
        count, denominator, aggregate, chosen = current()
        by = chosen if by is None else by
        cache_key = (key, count, denominator, aggregate, by)
        if cache_key not in _TABLES:
            _TABLES[cache_key] = m.rate_table(posts_, count, denominator, aggregate, by)
        return cache_key, _TABLES[cache_key]

    def render(table: pd.DataFrame, target: float | None) -> str:
        count, denominator, aggregate, by = current()
        unit = m.metric_unit(count, denominator)
        headers = [_(m.GROUP_LABELS[by]).capitalize(), _("Publicaciones"), _("Valor")]
        if target is not None:
            headers.append(_("¿Llega al objetivo?"))
        rows = []
        for key, row in table.iterrows():
            cells = [m.group_label(key, by), fmt_number(row["posts"]), m.format_metric(row["value"], unit)]
            if target is not None:
                cells.append(_("sí") if row["value"] >= target else _("no"))
            rows.append(cells)
        caption = "{name} · {formula}".format(name=m.metric_name(count, denominator),
                                              formula=m.metric_formula(count, denominator, aggregate))
        return grid_table(headers, rows, caption)

    @guarded(panel)
    def refresh(_change=None) -> None:
        if version.get("busy"):
            return
        cache_key, table = compute()
        panel.table = table
        count, denominator, aggregate, by = current()
        unit = m.metric_unit(count, denominator)
        title = m.metric_name(count, denominator)
        _show_svg(chart, rate_chart_svg(table, by, unit, title), title)
        try:
            target = m.target_from_input(controls["target"].value, unit)
        except InvalidInputError as exc:
            panel.result.value = render(table, None)
            panel.show("error", str(exc))
            return
        total = float(compute("none")[1]["value"].iloc[0])
        reached = int((table["value"] >= target).sum())
        summary = _("Con todas las publicaciones: {value}. Tu objetivo: {target}. Lo "
                    "alcanzan {reached} de {groups} grupos.").format(
                        value=m.format_metric(total, unit), target=m.format_metric(target, unit),
                        reached=reached, groups=len(table))
        panel.result.value = f"<p class='rumbo-summary'>{html.escape(summary)}</p>" + \
            render(table, target)
        panel.message.value = ""

    def show_kpis() -> None:
        if not panel.kpis:
            kpi_list.value = ""
            return
        rows = [[str(k.get("name", "")), str(k.get("formula", "")),
                 m.format_metric(k["current"] if k.get("current") is not None else math.nan,
                                 k.get("unit")),
                 m.format_metric(k["target"], k.get("unit"))] for k in panel.kpis]
        kpi_list.value = grid_table([_("KPI"), _("Fórmula"), _("Ahora"), _("Objetivo")], rows,
                                    _("Tus KPI elegidos"))

    @guarded(panel)
    def add(_button=None) -> None:
        count, denominator, aggregate, _by = current()
        unit = m.metric_unit(count, denominator)
        target = m.target_from_input(controls["target"].value, unit)
        own = controls["source"].value == OWN
        value = float(compute("none")[1]["value"].iloc[0]) if own else None  # never the example's
        record = m.kpi_record(count, denominator, aggregate, value, target)
        panel.kpis = [k for k in panel.kpis if k["metric"] != record["metric"]] + [record]
        show_kpis()
        for hook in panel.kpi_hooks:
            hook()
        done = _("Añadido: {name}. Tienes {n} KPI; guárdalos en tu plan al final del módulo.").format(
            name=record["name"], n=len(panel.kpis))
        panel.message.value = message_html("ok", done) + ("" if own else message_html("info", _(
            "Su valor de ahora queda en blanco: el de la tabla es de un negocio de ejemplo, no el "
            "tuyo. Sube tu CSV para medir el tuyo.")))

    @guarded(panel)
    def upload(change) -> None:
        received = uploaded_file(change, controls["upload"])
        if received is None:
            return
        name, content = received
        table, report = import_posts_report(content)
        sources[OWN] = table
        version["own"] += 1
        label = _("Mis datos: {name}").format(name=name) if name else _("Mis datos")
        keep = [o for o in controls["source"].options if o[1] != OWN]
        version["busy"] = True  # one refresh at the end, not one per change
        try:
            controls["source"].options = [*keep, (label, OWN)]
            controls["source"].value = OWN
        finally:
            version["busy"] = False
        refresh()
        notes = [_("He leído {rows} publicaciones ({format}, {encoding}).").format(
            rows=fmt_number(report.rows), format=report.format_label, encoding=report.encoding),
            *report.notes]
        panel.message.value = messages_html("ok", notes[:1]) + messages_html("info", notes[1:]) + \
            panel.message.value

    for name in ("source", "count", "denominator", "aggregate", "by", "target"):
        controls[name].observe(refresh, names="value")
    controls["upload"].observe(upload, names="value")
    controls["add"].on_click(add)

    # Start with a sensible target: the current value, rounded, so the table shows a comparison.
    try:
        start = m.overall_value(frame()[1], "engagements", "reach", "ratio_of_sums")
        controls["target"].value = round(start * 100 * 1.2, 1)
    except RumboError:
        pass
    refresh()
    show_kpis()
    return panel


class KpiSaverPanel(Panel):
    saved: list | None = None       # the KPIs last written to the plan


def build_kpi_saver(explorer: Panel, plan_path=None) -> Panel:
    """Save the KPIs chosen in ``explorer`` to the plan's ``kpis`` section."""
    controls = {"save": button(_("Guardar en mi plan")), "remove": button(_("Quitar el último KPI"))}
    controls["remove"].button_style = ""
    panel = KpiSaverPanel(_("Tus KPI en el plan"), controls)

    def show() -> None:
        if not explorer.kpis:
            panel.result.value = ""
            panel.show("info", _("Todavía no has elegido ningún KPI: usa «Añadir a mis KPI» en el "
                                 "explorador."))
            return
        panel.message.value = ""
        panel.result.value = explorer.kpi_list.value

    @guarded(panel)
    def save(_button=None) -> None:
        if not explorer.kpis:
            raise InvalidInputError(_("Añade al menos un KPI con el botón «Añadir a mis KPI» del "
                                      "explorador; no he guardado nada."))
        value = [dict(k) for k in explorer.kpis]
        plan_file.update_section("kpis", value, plan_path)
        panel.saved = value
        panel.result.value = explorer.kpi_list.value
        panel.show("ok", _("KPI guardados en {path}: {n}.").format(
            n=len(value), path=plan_file.display_path(plan_path)))

    @guarded(panel)
    def remove(_button=None) -> None:
        if explorer.kpis:
            explorer.kpis = explorer.kpis[:-1]
            explorer.kpi_list.value = "" if not explorer.kpis else explorer.kpi_list.value
        show()

    saves_with(panel, save)
    controls["remove"].on_click(remove)
    explorer.kpi_hooks.append(show)
    show()
    return panel


# --- vanity or value ------------------------------------------------------------------------


def build_vanity_quiz() -> Panel:
    """Sort ten metrics into vanity and value; "Comprobar" explains each one."""
    choices = [(_("— elige —"), ""), *[(_(label), key) for key, label in m.QUIZ_CHOICES.items()]]
    controls: dict[str, widgets.Widget] = {}
    for key, metric, _right, _why in m.VANITY_QUIZ:
        control = dropdown(_(metric), choices, "")
        control.layout.width = "40em"
        controls[key] = control
    controls["check"] = button(_("Comprobar"))
    panel = Panel(_("¿Vanidad o valor?"), controls)

    @guarded(panel)
    def check(_button=None) -> None:
        answers = {k: c.value for k, c in controls.items() if k != "check"}
        graded = m.score_vanity_quiz(answers)
        choice = lambda key: _(m.QUIZ_CHOICES[key]) if key else "—"  # noqa: E731
        rows = [[i["metric"], choice(i.get("chosen")), "✅" if i["correct"] else "❌",
                 choice(i.get("right")), i["why"]] for i in graded["items"]]
        panel.result.value = grid_table(
            [_("Métrica"), _("Tu respuesta"), "", _("Respuesta"), _("Por qué")], rows)
        blank = sum(1 for i in graded["items"] if not i["chosen"])
        text = _("{score} de {total} bien.").format(score=graded["score"], total=graded["total"])
        if blank:
            text += " " + _("Te quedan {n} sin responder.").format(n=blank)
        panel.show("ok" if graded["score"] == graded["total"] else "info", text)

    controls["check"].on_click(check)
    return panel


# --- quality vs quantity --------------------------------------------------------------------


def build_quality_money(currency: str = "EUR", monthly_sales: float = 10000,
                        return_rate: float = 12.0, example: str = "") -> Panel:
    """Sales up and returns down: what each is worth per month, in the profile's currency.

    Rates are typed as percentages (50 means 50 %). ``example``: the bundled business whose
    sales and returns prefill the fields, said under the title.
    """
    controls = {
        "sales": number(_("Ventas al mes ({currency})").format(currency=currency),
                        round(float(monthly_sales), 2), unit=currency_symbol(currency)),
        "return_rate": number(_("Devoluciones (% de las ventas)"), return_rate, unit="%"),
        "growth": number(_("Crecimiento de las ventas (%)"), 50.0, unit="%"),
        "cut": number(_("Bajada de las devoluciones (%)"), 70.0, unit="%"),
    }
    panel = Panel(_("Calidad frente a cantidad, en dinero"), controls)
    if example:
        example_note(panel, _("Las ventas y devoluciones de partida son las del negocio de ejemplo "
                              "«{name}»: pon las tuyas.").format(name=business_info(example)["name"]))
    panel.keeps_result = True  # its design: the last good result stays next to a message

    @guarded(panel)
    def refresh(_change=None) -> None:
        values = {k: c.value for k, c in controls.items()}
        r = m.quality_vs_quantity(values["sales"], values["return_rate"] / 100,
                                  values["growth"] / 100, values["cut"] / 100)
        money = lambda v: fmt_money(v, currency)  # noqa: E731
        rows = [[_("Ventas"), money(r["before_sales"]), money(r["after_sales"])],
                [_("Devoluciones"), money(r["before_returns"]), money(r["after_returns"])],
                [_("Lo que queda en caja"), money(r["before_net"]), money(r["after_net"])]]
        panel.result.value = grid_table([_("Al mes"), _("Antes"), _("Después")], rows)
        panel.show("ok", _("Las devoluciones más bajas valen {saved} al mes frente a crecer lo "
                           "mismo con las devoluciones de antes.").format(saved=money(r["saved"])))

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return panel


__all__ = ["build_metric_explorer", "build_kpi_saver", "build_vanity_quiz", "build_quality_money"]
