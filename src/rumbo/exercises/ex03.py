"""Exercise 03 (the cost of time): the 35 h / 600 EUR plan, hours of one task, share of time on
content, and ROI and CAC with the hours counted, on the bundled data of one business.

The learner reads the figures from the tables shown (the plan, minutes per task, the year's
accounts) and answers with arithmetic; the misconceptions graded are the reversed division,
minutes for hours, and ROI or cost per customer without the hours.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo.core.i18n import translator
from rumbo import timecost as tc
from rumbo.data import load_dataset
from rumbo.exercises.checks import Question, number_question, same_series
from rumbo.exercises.tables import sheet
from rumbo.exercises.typed import Precision, money_precision

_, N_, ngettext = translator("ex03")

#: How the minutes table names each task (short, so they are easy to type in valor_de).
TASK_ROWS = {
    "content_creation": N_("crear contenido"), "photo_video": N_("fotos y vídeo"),
    "writing": N_("escribir textos"), "publishing": N_("publicar"), "replying": N_("responder"),
    "measuring": N_("medir"), "learning": N_("aprender"),
}
#: Figures shown with this many decimals: enough that sums made from them round like the data.
SHOWN_DECIMALS = 4


@lru_cache(maxsize=8)
def expected(business: str) -> dict:
    """Every expected value of the exercise, computed from the bundled data of ``business``."""
    price, hours = tc.seed_plan()
    log = load_dataset(business, "time_log")
    res = tc.results(business, "last_click")
    by_task = tc.hours_by_task(log)
    with_time = dict(ads=res.ads, hours=res.hours, hourly_cost=res.hourly_cost)
    return {
        "price": price, "plan_hours": hours,
        "cost_per_hour": tc.cost_per_hour(price, hours),
        "hours_by_task": by_task,
        "photo_video_hours": float(by_task["photo_video"]),
        "content_share": tc.log_content_share(log),
        "roi": tc.roi(res.revenue, **with_time),
        "roi_without_time": tc.roi(res.revenue, ads=res.ads),
        "cac": tc.cac(res.new_customers, **with_time),
        "cac_without_time": tc.cac(res.new_customers, ads=res.ads),
        "results": res, "hourly_cost": res.hourly_cost, "currency": res.currency,
    }


def row(task: str) -> str:
    """The row of the minutes table a task has, in the session's language."""
    return _(TASK_ROWS.get(task, task))


def minutes_table(business: str) -> pd.DataFrame:
    """Minutes of the year per task, with a «total» row."""
    minutes = (expected(business)["hours_by_task"] * 60).round().astype(int)
    table = pd.DataFrame({"minutos": minutes.values}, index=[row(t) for t in minutes.index])
    table.loc[_("total")] = int(minutes.sum())
    table.index.name = _("tarea")
    return table


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = expected(business)
    res = e["results"]
    cash = money_precision(res.currency)
    shown = {key: round(float(value), SHOWN_DECIMALS) for key, value in (
        ("revenue", res.revenue), ("ads", res.ads), ("hours", res.hours), ("hourly_cost", res.hourly_cost),
        ("new_customers", res.new_customers))}
    plan = sheet([
        ("precio_plan", _("lo que pagó cada comercio por el plan (euros)"), e["price"]),
        ("horas_plan", _("horas de trabajo experto del plan"), e["plan_hours"]),
    ])
    accounts = sheet([
        ("ingresos", _("ingresos del año atribuidos a redes (último clic), en {c}").format(c=res.currency),
         shown["revenue"]),
        ("anuncios", _("gasto del año en anuncios, en {c}").format(c=res.currency), shown["ads"]),
        ("horas", _("horas dedicadas a redes en el año (registro)"), shown["hours"]),
        ("coste_hora", _("lo que vale una hora de trabajo, en {c}").format(c=res.currency), shown["hourly_cost"]),
        ("clientes_nuevos", _("clientes nuevos del año atribuidos a redes"), shown["new_customers"]),
    ])
    q1 = number_question(
        "P1", lambda: e["cost_per_hour"], money_precision("EUR"), variable="coste_hora_plan",
        slips=((lambda: e["plan_hours"] / e["price"], _("Has dividido al revés: son euros entre horas.")),),
        hint=_("Euros del plan ÷ horas del plan."),
        solution="coste_hora_plan = precio_plan / horas_plan",
        wrong=_("Divide lo que se pagó entre las horas del plan."),
    )
    q2 = number_question(
        "P2", lambda: e["photo_video_hours"], Precision(1), variable="horas_fotos",
        slips=((lambda: e["photo_video_hours"] * 60, _("Eso son minutos: para pasarlos a horas, divide entre 60.")),
               (lambda: float(e["hours_by_task"].sum()),
                _("Esas son las horas de todas las tareas; aquí solo las de fotos y vídeo."))),
        hint=_("Minutos de la fila «fotos y vídeo» ÷ 60."),
        solution='horas_fotos = valor_de(por_tarea, "{row}", "minutos") / 60'.format(row=row("photo_video")),
        wrong=_("Toma los minutos de «fotos y vídeo» y divide entre 60."),
    )
    content = sum(float(e["hours_by_task"][t]) for t in tc.CONTENT_TASKS)
    q3 = number_question(
        "P3", lambda: e["content_share"], Precision(2), variable="parte_contenido", ratio=True,
        slips=((lambda: content / (float(e["hours_by_task"].sum()) - content),
                _("Has dividido entre el resto de tareas; el denominador es el total de todas.")),
               (lambda: float(e["hours_by_task"]["content_creation"]) / float(e["hours_by_task"].sum()),
                _("Solo has contado «crear contenido»; hacer contenido son tres tareas: crear contenido, "
                  "fotos y vídeo, y escribir textos."))),
        hint=_("(crear contenido + fotos y vídeo + escribir textos) ÷ total, con los minutos de la tabla."),
        solution='parte_contenido = (valor_de(por_tarea, "{create}", "minutos")\n'
                 '                   + valor_de(por_tarea, "{photos}", "minutos")\n'
                 '                   + valor_de(por_tarea, "{write}", "minutos")) '
                 '/ valor_de(por_tarea, "{total}", "minutos")'.format(
                     create=row("content_creation"), photos=row("photo_video"), write=row("writing"),
                     total=_("total")),
        wrong=_("Suma los minutos de las tres tareas de contenido y divide entre el total."),
    )
    q4 = number_question(
        "P4", lambda: e["roi"], Precision(2), variable="roi", ratio=True,
        slips=((lambda: e["roi_without_time"],
                _("Ese es el ROI sin contar las horas: el coste es anuncios + horas × coste_hora.")),
               (lambda: -e["roi"], _("Al revés: (ingresos − coste) ÷ coste."))),
        hint=_("Coste = anuncios + horas × coste_hora. ROI = (ingresos − coste) ÷ coste."),
        solution="coste = anuncios + horas * coste_hora\nroi = (ingresos - coste) / coste",
        wrong=_("Primero el coste con las horas; luego (ingresos − coste) ÷ coste."),
    )
    q5 = number_question(
        "P5", lambda: e["cac"], cash, variable="cac",
        slips=((lambda: e["cac_without_time"],
                _("Ese es el coste por cliente sin contar las horas: súmalas al coste.")),),
        hint=_("CAC = (anuncios + horas × coste_hora) ÷ clientes_nuevos."),
        solution="cac = (anuncios + horas * coste_hora) / clientes_nuevos",
        wrong=_("Todo el coste (con las horas) entre los clientes nuevos."),
    )
    reto = Question(
        "Reto", same_series(lambda: e["hours_by_task"], rel=1e-6),
        _("Agrupa el registro por «task», suma «minutes» y divide entre 60."),
        'registro = load_dataset(business, "time_log")\n'
        'mis_horas_tarea = registro.groupby("task")["minutes"].sum() / 60',
        variable="mis_horas_tarea",
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, reto=reto, plan=plan, accounts=accounts,
                           minutes=minutes_table(business), shown=shown, price=e["price"],
                           plan_hours=e["plan_hours"], currency=res.currency)
