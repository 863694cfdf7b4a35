"""Module 6 widgets: crisis radar, comment triage, reach predictor and the listening plan.

Each ``build_*`` returns a :class:`~rumbo.widgets.common.Panel`; the callbacks
read the controls, call a pure function of :mod:`rumbo.listening` or
:mod:`rumbo.predict` and render HTML. Heavy work (loading data, z-scores,
fitting the model, the static part of a chart) happens once per business and
is cached; a keystroke only filters, looks up or redraws a few points.
"""

from __future__ import annotations

import html
import math
from functools import lru_cache

import ipywidgets as widgets

from rumbo import listening as L
from rumbo.data import business_info
from rumbo.data import plan as plan_file
from rumbo import predict as P
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.core.units import NETWORK_LABELS
from rumbo.views.html import grid_table, html_table, message_html, messages_html
from rumbo.widgets.common import (LABEL_STYLE, button, connect, dropdown, example_note, guarded, number,
                                  Panel, slider, text)
from rumbo.widgets.fields import DAYS, HOURS, MINUTES
from rumbo.views.listening import CrisisChart, fmt_day, minutes_text
from rumbo.core.i18n import get_language

_, N_, ngettext = translator("listening")


# --- crisis radar ---------------------------------------------------------------------------


class _RadarData:
    """Z-scores of one business and baseline window, as arrays, with formatted rows memoised
    (formatting numbers is the slow part of a refresh)."""

    def __init__(self, business: str, window: int):
        import numpy as np

        self.scores = L.crisis_scores(L.negative_daily(business), window)
        self.z = self.scores["z"].to_numpy()
        self.days = self.scores.index
        known = np.flatnonzero(np.isfinite(self.scores["baseline"].to_numpy()))
        last = self.scores.iloc[known[-1]]
        self.last_baseline, self.last_spread = float(last["baseline"]), float(last["spread"])
        self._rows: dict = {}

    def row(self, i: int, language: str) -> list[str]:
        key = (i, language)
        if key not in self._rows:
            r = self.scores.iloc[i]
            self._rows[key] = [fmt_day(self.days[i]), fmt_number(r["count"]),
                               fmt_number(r["baseline"], 1),
                               "∞" if math.isinf(r["z"]) else fmt_number(r["z"], 1)]
        return self._rows[key]


@lru_cache(maxsize=16)
def _radar_data(business: str, window: int) -> _RadarData:
    return _RadarData(business, window)


@lru_cache(maxsize=16)
def _chart(business: str, language: str) -> CrisisChart:
    return CrisisChart(L.negative_daily(business))


MANY_ALARMS = 12
MAX_ROWS = 30


#: The crisis radar's slider: below 0.5 every day rings, above 6 none does.
THRESHOLD_RANGE = (0.5, 6.0)


class CrisisRadarPanel(Panel):
    chart: widgets.HTML          # the radar: picture and moving layer
    lit_days: list[str]          # ISO dates above the threshold, as now shown


def build_crisis_radar(business: str, threshold: float = 3.0, window: int = 28) -> Panel:
    """Daily negative mentions with a z-score threshold: move it and see which days light up."""
    import numpy as np


    controls = {
        # A slider: the lesson is "move it and watch", and 0.5-6 covers every sensible alarm.
        "threshold": slider(_("Umbral de alarma (z)"), threshold, THRESHOLD_RANGE[0],
                            THRESHOLD_RANGE[1], 0.1,
                            tooltip=_("Cuántas veces la variación habitual por encima de lo "
                                      "normal tiene que estar un día para dar la alarma"),
                            hint=_("Más alto, menos alarmas: solo suenan los días muy raros; más "
                                   "bajo, suenan también los días algo movidos.")),
        "window": number(_("Días de referencia"), window, integer=True, unit=DAYS),
    }
    chart = widgets.HTML(value="")
    panel = example_note(CrisisRadarPanel(_("Radar de crisis"), controls, extra=[chart],
                                                chart=chart, lit_days=[]), _(
        "Con las menciones de un año del negocio de ejemplo «{name}»: prueba aquí el umbral que "
        "luego pondrás en tu plan.").format(name=business_info(business)["name"]))
    panel.add_class("rumbo-main")

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            z = L.check_threshold(controls["threshold"].value)
            days = L.check_window(controls["window"].value)
        except InvalidInputError:
            panel.result.value = ""  # no stale answer next to a wrong number
            panel.lit_days = []
            raise
        language = get_language()
        data = _radar_data(business, days)
        lit = np.flatnonzero(data.z > z)
        panel.lit_days = [data.days[i].date().isoformat() for i in lit]
        summary = ngettext("Con un umbral de {z} y {days} días de referencia, {n} día enciende "
                           "la alarma.",
                           "Con un umbral de {z} y {days} días de referencia, {n} días encienden "
                           "la alarma.", len(lit)).format(z=fmt_number(z, 1), days=days, n=len(lit))
        level = _("El último día de los datos, lo normal eran {usual} menciones negativas al "
                  "día; la alarma saltaba con más de {alarm}.").format(
                      usual=fmt_number(data.last_baseline, 1),
                      alarm=fmt_number(data.last_baseline + z * data.last_spread, 1))
        chart.value = _chart(business, language).html(data.scores, z, summary)
        rows = [data.row(i, language) for i in lit[:MAX_ROWS]]
        table = grid_table([_("Día"), _("Negativas"), _("Lo normal"), _("z")], rows,
                       _("Días por encima del umbral")) if rows else ""
        more = _("... y {n} días más.").format(n=len(lit) - MAX_ROWS) if len(lit) > MAX_ROWS else ""
        more = f"<p>{html.escape(more)}</p>" if more else ""
        panel.result.value = (f"<p>{html.escape(summary)}</p><p>{html.escape(level)}</p>"
                              + table + more)
        if not len(lit):
            panel.show("info", _("Ningún día supera el umbral. Si es demasiado alto, una crisis "
                                 "real pasaría sin aviso."))
        elif len(lit) > MANY_ALARMS:
            panel.show("warning", _("{n} alarmas en un año son demasiadas: nadie hace caso a una "
                                    "alarma que suena cada pocas semanas. Sube el umbral.").format(
                                        n=len(lit)))
        else:
            panel.message.value = ""

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return panel


# --- triage ---------------------------------------------------------------------------------


def category_label(rule: dict) -> str:
    """The screen name of a protocol rule's category."""
    key = rule.get("category")
    return _(L.CATEGORY_LABELS[key])


def _category_options():
    return [(_("— elige —"), "")] + [(_(L.CATEGORY_LABELS[c]), c) for c in L.CATEGORIES]


def build_triage() -> Panel:
    """Sort the example comments into the four categories, then compare with the rules."""
    controls: dict[str, widgets.Widget] = {}
    examples = L.triage_examples()
    for i, (comment, _expected) in enumerate(examples):
        controls[f"text_{i}"] = widgets.HTML(
            value=f"<blockquote style='margin:8px 0 2px 0'>«{html.escape(comment)}»</blockquote>")
        controls[f"choice_{i}"] = dropdown(_("Comentario {n}").format(n=i + 1),
                                           _category_options(), "")
    controls["check"] = button(_("Comprobar"))
    panel = Panel(_("Triaje de comentarios"), controls)

    @guarded(panel)
    def check(_button=None) -> None:
        choices = {i: controls[f"choice_{i}"].value for i in range(len(examples))}
        score = L.triage_score(choices)
        rows = []
        for i, (comment, expected) in enumerate(examples):
            _cat, found, reason = L.suggest_category(comment)
            mark = "✅" if score["per_comment"][i] else "❌"
            chosen = _(L.CATEGORY_LABELS[choices[i]])
            rows.append([str(i + 1), f"{mark} {chosen}",
                         _(L.CATEGORY_LABELS[expected]),
                         ", ".join(_(L.SIGNAL_LABELS[s]) for s in found) or "—",
                         _(L.CATEGORY_ACTIONS[expected]),
                         minutes_text(L.CATEGORY_MINUTES[expected])])
        panel.result.value = grid_table(
            [_("N.º"), _("Tu respuesta"), _("Según las reglas"), _("Señales"), _("Qué hacer"),
             _("Plazo")], rows)
        kind = "ok" if score["right"] == score["total"] else "info"
        panel.show(kind, _("Has acertado {right} de {total}. Donde no coincides, mira las señales: "
                           "¿hay un hecho concreto que salió mal?").format(**score))

    controls["check"].on_click(check)
    return panel


def build_comment_tester() -> Panel:
    """Type any comment and see which rule decides its category, and why."""
    controls = {
        "comment": widgets.Textarea(value="", description=_("Comentario"),
                                    placeholder=_("Pega aquí un comentario real de tus redes"),
                                    style=LABEL_STYLE, layout=widgets.Layout(width="95%")),
        "classify": button(_("Clasificar")),
    }
    panel = Panel(_("Prueba las reglas con tus comentarios"), controls)

    @guarded(panel)
    def classify(_button=None) -> None:
        panel.result.value = ""
        category, found, reason = L.suggest_category(controls["comment"].value)
        rows = [
            (_("Categoría"), _(L.CATEGORY_LABELS[category])),
            (_("Señales encontradas"), ", ".join(_(L.SIGNAL_LABELS[s]) for s in found) or "—"),
            (_("Regla que decide"), _(reason)),
            (_("Qué hacer"), _(L.CATEGORY_ACTIONS[category])),
            (_("Responde antes de"), minutes_text(L.CATEGORY_MINUTES[category])),
        ]
        panel.result.value = html_table(rows)
        panel.message.value = ""

    controls["classify"].on_click(classify)
    return panel


# --- reach predictor ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _model(business: str) -> P.ReachModel:
    return P.reach_model(business)


def backtest_html(test: dict) -> str:
    rows = [
        (_("Publicaciones para ajustar / para comprobar"),
         f"{fmt_number(test['train_posts'])} / {fmt_number(test['test_posts'])}"),
        (_("Comprobado con las publicaciones desde"), fmt_day(test["test_from"])),
        (_("Error medio del modelo"), _("{n} personas").format(n=fmt_number(test["mae_model"]))),
        (_("Error medio de «lo de siempre» (mediana de la red)"),
         _("{n} personas").format(n=fmt_number(test["mae_naive"]))),
        (_("Mejora del modelo sobre «lo de siempre»"), fmt_percent(test["improvement"])),
        (_("Publicaciones dentro de la franja del 80 %"), fmt_percent(test["coverage"], 0)),
    ]
    help_text = (_("Prueba con el pasado: el modelo aprende de las publicaciones antiguas y adivina "
                   "el alcance de las recientes, que ya sabemos, para ver cuánto acierta.") + " "
                 + _("Error medio: cuántas personas se equivoca de media en cada publicación, por "
                     "arriba o por abajo."))
    return (html_table(rows, _("Prueba con el pasado (backtest)"))
            + f'<p class="rumbo-hint">{html.escape(help_text)}</p>')


def verdict(test: dict) -> str:
    """One honest sentence about how much the model knows."""
    gain = test["improvement"]
    if not math.isfinite(gain) or gain < 0.05:
        return _("El modelo casi no mejora a «lo de siempre»: el alcance depende sobre todo del "
                 "azar. Úsalo para comparar opciones, no para prometer cifras.")
    if gain < 0.2:
        return _("El modelo mejora un poco a «lo de siempre»: orienta, pero la franja es ancha.")
    return _("El modelo mejora claramente a «lo de siempre» en las publicaciones recientes.")


def build_reach_predictor(business: str) -> Panel:
    """Pick a planned post (network, type, day, hour, paid) and see its predicted reach."""
    model = _model(business)
    networks = [(NETWORK_LABELS.get(n, n), n) for n in model.networks]
    controls: dict[str, widgets.Widget] = {
        "network": dropdown(_("Red"), networks, model.fit.design.levels["network"][0]),
        "post_type": dropdown(_("Tipo de publicación"), [], None),
        "weekday": dropdown(_("Día"), [(_(d), i) for i, d in enumerate(P.WEEKDAYS)], 1),
        "hour": number(_("Hora (0-23)"), 19, integer=True, unit=HOURS),
    }
    if model.fit.design.paid:
        controls["paid"] = widgets.Checkbox(value=False, description=_("Pagada (promocionada)"),
                                            indent=False)
    panel = example_note(Panel(_("¿Cuánto alcance tendrá?"), controls), _(
        "El modelo aprende de las publicaciones del negocio de ejemplo «{name}»: sus cifras no son "
        "las tuyas, pero enseñan qué pesa más en el alcance.").format(
            name=business_info(business)["name"]))

    def type_options(network: str):
        seen = sorted(t for n, t in model.seen if n == network)
        return [(_(P.POST_TYPE_LABELS.get(t, t)), t) for t in seen]

    def set_types() -> None:
        options = type_options(controls["network"].value)
        current = controls["post_type"].value
        controls["post_type"].options = options
        values = [v for _l, v in options]
        controls["post_type"].value = current if current in values else values[0]

    @guarded(panel)
    def refresh(_change=None) -> None:
        paid = controls["paid"].value if "paid" in controls else False
        try:
            P.hour_band(controls["hour"].value)
        except InvalidInputError:
            panel.result.value = ""
            raise
        out = model.predict(controls["network"].value, controls["post_type"].value,
                            controls["weekday"].value, controls["hour"].value, paid)
        headline = _("Alcance típico: unas {median} personas. En 8 de cada 10 publicaciones "
                     "así, entre {low} y {high}.").format(
                         median=fmt_number(out["median"]), low=fmt_number(out["low"]),
                         high=fmt_number(out["high"]))
        band_key = out["band"]
        band = _("Franja horaria: {band}.").format(band=_(P.BAND_LABELS[band_key]))
        panel.result.value = (f"<p><strong>{html.escape(headline)}</strong></p>"
                              f"<p>{html.escape(band)}</p>" + backtest_html(model.backtest)
                              + f"<p>{html.escape(verdict(model.backtest))}</p>")
        if out["extrapolated"]:
            panel.show("warning", _("No tienes publicaciones de este tipo en esta red: la "
                                    "predicción es una extrapolación."))
        else:
            panel.message.value = ""

    def network_changed(_change=None) -> None:
        set_types()
        refresh()

    set_types()
    controls["network"].observe(network_changed, names="value")
    for name, control in controls.items():
        if name != "network":
            control.observe(refresh, names="value")
    refresh()
    return panel


# --- the plan: targets and response protocol -------------------------------------------------


DEFAULT_TARGETS = {"response_rate": 90, "median_minutes": 60, "share_within_60": 50, "crisis_z": 3}


def _percent(ratio) -> float | None:
    return None if ratio is None else round(float(ratio) * 100, 2)


def _saved_protocol(plan: dict) -> tuple[dict, str]:
    """Who answers and how fast, per category, as her plan says (``{}`` when it says nothing)."""
    protocol = plan.get("response_protocol") if isinstance(plan.get("response_protocol"), dict) else {}
    rules = {r.get("category"): r for r in protocol.get("rules") or [] if isinstance(r, dict)}
    return rules, str(protocol.get("escalate_to") or "")


class ListeningPlanPanel(Panel):
    saved: dict | None = None    # the two sections last written to the plan


def build_listening_plan(business: str, plan_path=None, who: str = "", plan: dict | None = None) -> Panel:
    """Listening targets, her figures of today and the response protocol; «Guardar en mi plan»
    saves both sections. Reopened with her ``plan``, it shows what she saved. The example
    business's response figures are shown as a reference, labelled, and never saved as hers:
    ``listening.current`` holds only what she types as her own."""
    plan = plan if isinstance(plan, dict) else {}
    stats = L.response_stats(L.own_mentions(business))
    example = {"response_rate": stats["response_rate"], "median_minutes": stats["median_minutes"],
               "share_within_60": stats["share_within"]}
    example_name = business_info(business)["name"]
    saved = plan.get("listening") if isinstance(plan.get("listening"), dict) else {}
    mine = L.her_current(saved, example)
    rules, escalate_to = _saved_protocol(plan)
    who = who or _("yo")

    def target(key: str):
        value = saved.get(key)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            return DEFAULT_TARGETS[key]
        return _percent(value) if key in ("response_rate", "share_within_60") else value

    controls: dict[str, widgets.Widget] = {
        "response_rate": number(_("Tasa de respuesta objetivo (%)"), target("response_rate"),
                                unit="%"),
        "median_minutes": number(_("Tiempo mediano de respuesta objetivo (minutos)"),
                                 target("median_minutes"), unit=MINUTES,
                                 hint=_("Mediano: la mitad de las respuestas tarda menos que esto.")),
        "share_within_60": number(_("Respondidos en menos de 60 minutos, objetivo (%)"),
                                  target("share_within_60"), unit="%"),
        "crisis_z": number(_("Umbral de crisis (z)"), target("crisis_z"),
                           hint=_("El del radar de crisis: más alto, menos alarmas.")),
        "now_help": widgets.HTML("<p><b>" + html.escape(_("Tus cifras de hoy, si las sabes")) +
                                 "</b> " + html.escape(_("(déjalas en blanco si no: tu plan solo "
                                                         "guarda las tuyas)")) + "</p>"),
        "now_response_rate": number(_("Tu tasa de respuesta ahora (%)"),
                                    _percent(mine.get("response_rate")), unit="%"),
        "now_median_minutes": number(_("Tu tiempo mediano de respuesta ahora (minutos)"),
                                     mine.get("median_minutes"), unit=MINUTES),
        "now_share_within_60": number(_("Respondidos ahora en menos de 60 minutos (%)"),
                                      _percent(mine.get("share_within_60")), unit="%"),
    }
    for category in L.CATEGORIES:
        label = _(L.CATEGORY_LABELS[category])
        rule = rules.get(category) or {}
        controls[f"who_{category}"] = text(_("Quién responde a «{kind}»").format(kind=label),
                                           str(rule.get("who") or who))
        minutes = rule.get("max_minutes")
        controls[f"minutes_{category}"] = number(
            _("Plazo para «{kind}» (minutos)").format(kind=label),
            minutes if isinstance(minutes, (int, float)) else L.CATEGORY_MINUTES[category],
            unit=MINUTES)
    controls["escalate_to"] = text(_("En una crisis, a quién avisas (sin esperar permiso)"),
                                   escalate_to or _("la otra persona del negocio"))
    controls["save"] = button(_("Guardar en mi plan"))
    panel = ListeningPlanPanel(_("Tu plan de escucha y respuesta"), controls)

    def read_targets() -> dict:
        return {k: controls[k].value for k in DEFAULT_TARGETS}

    def read_current() -> dict:
        return L.validate_current({k: controls[f"now_{k}"].value for k in L.CURRENT_KEYS})

    def read_protocol() -> dict:
        raw = {c: {"who": controls[f"who_{c}"].value, "minutes": controls[f"minutes_{c}"].value}
               for c in L.CATEGORIES}
        raw["escalate_to"] = controls["escalate_to"].value
        return raw

    def validate() -> tuple[dict, dict, dict]:
        """Targets, her figures of today and the protocol; every problem at once."""
        problems, found = [], {}
        for name, check in (("targets", lambda: L.validate_targets(read_targets())),
                            ("current", read_current),
                            ("protocol", lambda: L.validate_protocol(read_protocol()))):
            try:
                found[name] = check()
            except InvalidInputError as exc:
                problems.append(str(exc))
        if problems:
            raise InvalidInputError(" ".join(problems))
        return found["targets"], found["current"], found["protocol"]

    def figures(values: dict) -> str:
        unknown = "—"
        return _("{rate} respondidos, mediana de {minutes} min, {share} en menos de una hora").format(
            rate=fmt_percent(values["response_rate"]) if "response_rate" in values else unknown,
            minutes=fmt_number(values["median_minutes"]) if "median_minutes" in values else unknown,
            share=fmt_percent(values["share_within_60"]) if "share_within_60" in values else unknown)

    def summary(targets: dict, current: dict, protocol: dict) -> str:
        rows = [[category_label(r), r["who"], minutes_text(r["max_minutes"]), r["action"]]
                for r in protocol["rules"]]
        now = (_("Tus cifras de hoy: {figures}.").format(figures=figures(current)) if current else
               _("Tus cifras de hoy: todavía no las has puesto."))
        now += " " + _("Como referencia, el negocio de ejemplo «{name}»: {figures}.").format(
            name=example_name, figures=figures(example))
        goal = _("Objetivo: {rate} respondidos, mediana de {minutes} min, {share} en menos de una "
                 "hora; alarma de crisis con z > {z}.").format(
                     rate=fmt_percent(targets["response_rate"]),
                     minutes=fmt_number(targets["median_minutes"]),
                     share=fmt_percent(targets["share_within_60"]),
                     z=fmt_number(targets["crisis_z"], 1))
        rule = _("Quien responde no pide permiso: actúa según esta tabla y, en una crisis, avisa "
                 "a {who}.").format(who=protocol["escalate_to"])
        return (f"<p>{html.escape(now)}</p><p>{html.escape(goal)}</p>"
                + grid_table([_("Si es..."), _("Responde"), _("Antes de"), _("Cómo")], rows,
                         _("Protocolo de respuesta"))
                + f"<p>{html.escape(rule)}</p>")

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            targets, current, protocol = validate()
        except InvalidInputError as exc:
            panel.result.value = ""
            panel.message.value = messages_html("error", [str(exc)])
            return
        notes = L.target_warnings(targets, current)
        panel.message.value = (messages_html("warning", notes) if notes else message_html(
            "ok", _("Listo. Pulsa «Guardar en mi plan».")))
        panel.result.value = summary(targets, current, protocol)

    @guarded(panel)
    def save(_button=None) -> None:
        try:
            targets, current, protocol = validate()
        except InvalidInputError as exc:
            panel.message.value = messages_html("error", [str(exc), _("No he guardado nada "
                                                                      "todavía.")])
            return
        listening = {**targets, **({"current": current} if current else {})}
        panel.saved = {"listening": listening, "response_protocol": protocol}
        try:
            plan_file.update_section("listening", listening, plan_path)
        except plan_file.CorruptPlanError:  # old file set aside: finish saving, then say so
            plan_file.update_section("response_protocol", protocol, plan_path)
            raise
        plan_file.update_section("response_protocol", protocol, plan_path)
        panel.show("ok", _("Guardado en {path}.").format(path=plan_file.display_path(plan_path)))

    return connect(panel, refresh, save)
