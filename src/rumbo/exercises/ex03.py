"""Exercise 03 (the cost of time): the 35 h / 600 EUR plan, hours per task, share of time on
content, and ROI and CAC with the hours counted, on the bundled data of one business."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from rumbo import timecost as tc
from rumbo.exercises.checks import Question, all_of, close_to, not_this, same_series
from rumbo.data import load_dataset
from rumbo.core.i18n import translator

_, N_, ngettext = translator("ex03")


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
        "content_share": tc.log_content_share(log),
        "roi": tc.roi(res.revenue, **with_time),
        "roi_without_time": tc.roi(res.revenue, ads=res.ads),
        "cac": tc.cac(res.new_customers, **with_time),
        "cac_without_time": tc.cac(res.new_customers, ads=res.ads),
        "hourly_cost": res.hourly_cost, "currency": res.currency,
    }


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = lambda key: (lambda: expected(business)[key])  # noqa: E731
    q1 = Question(
        "P1",
        all_of(not_this(lambda: expected(business)["plan_hours"] / expected(business)["price"],
                         _("Has dividido al revés: son euros entre horas.")),
               close_to(e("cost_per_hour"))),
        _("Divide lo que pagaba cada comercio entre las horas del plan."),
        "coste_hora_plan = precio / horas",
        hidden=[close_to(e("cost_per_hour"), rel=1e-6)],
    )
    q2 = Question(
        "P2", same_series(e("hours_by_task")),
        _("Agrupa el registro por «task», suma «minutes» y divide entre 60."),
        'horas_tarea = registro.groupby("task")["minutes"].sum() / 60',
        hidden=[same_series(e("hours_by_task"), rel=1e-6)],
    )
    q3 = Question(
        "P3", close_to(e("content_share"), ratio=True),
        _("Suma las horas de content_creation, photo_video y writing y divídelas entre el total "
          "de horas del registro."),
        'horas_tarea[["content_creation", "photo_video", "writing"]].sum() / horas_tarea.sum()',
        hidden=[close_to(e("content_share"), rel=1e-6, ratio=True)],
    )
    q4 = Question(
        "P4",
        all_of(not_this(e("roi_without_time"),
                         _("Ese es el ROI sin contar las horas: suma al coste horas × coste por "
                           "hora.")),
               close_to(e("roi"), ratio=True)),
        _("Coste = anuncios + horas × coste por hora. ROI = (ingresos − coste) / coste, como "
          "proporción (0,5 y no 50)."),
        "coste = anuncios + horas * coste_hora\nroi = (ingresos - coste) / coste",
        hidden=[close_to(e("roi"), rel=1e-6, ratio=True)],
    )
    q5 = Question(
        "P5",
        all_of(not_this(e("cac_without_time"),
                         _("Ese es el coste por cliente sin contar las horas: súmalas al coste.")),
               close_to(e("cac"))),
        _("CAC = (anuncios + horas × coste por hora) / clientes nuevos atribuidos a redes."),
        "cac = (anuncios + horas * coste_hora) / clientes_nuevos",
        hidden=[close_to(e("cac"), rel=1e-6)],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5)
