"""Exercise 06 (your plan): hours and money from the bundled data, and a plan table that fits.

Expected values come from the business's bundled data (``businesses.csv``, the
time log, the boosted posts), never typed in. The plan table is graded by
constraints (every objective has a known KPI, an action, hours and a deadline;
the hours fit the weekly budget), so every table that meets them is right.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo import plan_review as review
from rumbo.data import schema
from rumbo.core.units import WEEKS_PER_MONTH
from rumbo.exercises.checks import Incorrect, Question, close_to
from rumbo.data import business_info, load_dataset
from rumbo.core.i18n import fmt_number, translator
from rumbo.objectives import KPIS

_, N_, ngettext = translator("ex06")

#: Columns of the plan table (Spanish: the learner types them).
COLUMNS = ("objetivo", "kpi", "accion", "horas", "fecha")
MIN_ROWS, MAX_ROWS = 2, 6
#: The latest deadline accepted: a plan is for the next two years at most.
MAX_YEARS = 2


@lru_cache(maxsize=8)
def budget_hours(business: str) -> float:
    """Weekly hours the business has for social media (``businesses.csv``)."""
    return float(business_info(business)["hours_per_week"])


@lru_cache(maxsize=8)
def hourly_cost(business: str) -> float:
    return float(business_info(business)["hourly_cost"])


@lru_cache(maxsize=8)
def plan_start(business: str) -> date:
    """The plan starts the day after the last day of the time log."""
    log = load_dataset(business, "time_log")
    return (log["date"].max() + timedelta(days=1)).date()


@lru_cache(maxsize=8)
def logged_weekly_hours(business: str) -> float:
    """Hours in the time log / weeks it covers (days from first to last date, both in, / 7)."""
    log = load_dataset(business, "time_log")
    weeks = ((log["date"].max() - log["date"].min()).days + 1) / 7
    return float(log["minutes"].sum()) / 60 / weeks


def time_cost(business: str) -> float:
    """Monthly value of the weekly hours budget: hours x 52/12 x hourly cost."""
    return review.monthly_cost(budget_hours(business), hourly_cost(business))


@lru_cache(maxsize=8)
def ads_per_month(business: str) -> float:
    """The year's boosted-post spend / 12 months."""
    return float(load_dataset(business, "posts")["spend"].sum()) / 12


def reference_cost(table, coste_hora, herramientas, anuncios) -> float:
    """sum of the table's weekly hours x 52/12 x hourly cost + tools + ads."""
    hours = float(pd.DataFrame(table)["horas"].sum())
    return hours * WEEKS_PER_MONTH * coste_hora + herramientas + anuncios


def _as_table(answer) -> pd.DataFrame:
    if isinstance(answer, list) and all(isinstance(r, dict) for r in answer):
        answer = pd.DataFrame(answer)
    if not isinstance(answer, pd.DataFrame):
        raise Incorrect(_("Esperaba una tabla (un DataFrame o una lista de diccionarios), no "
                          "{kind}.").format(kind=type(answer).__name__))
    missing = [c for c in COLUMNS if c not in answer.columns]
    if missing:
        raise Incorrect(_("A tu tabla le faltan estas columnas: {cols}.").format(cols=", ".join(missing)))
    return answer


def table_problems(answer, budget: float, start: date) -> list[str]:
    """Everything wrong with a plan table, in the learner's language ([] when it is right)."""
    table = _as_table(answer)
    problems = []
    if not MIN_ROWS <= len(table) <= MAX_ROWS:
        problems.append(_("Tu tabla tiene {n} filas: pon entre {low} y {high} objetivos.").format(
            n=len(table), low=MIN_ROWS, high=MAX_ROWS))
    latest = start.replace(year=start.year + MAX_YEARS)
    total = 0.0
    for n, row in enumerate(table.to_dict("records"), start=1):
        if not isinstance(row["objetivo"], str) or not row["objetivo"].strip():
            problems.append(_("Fila {n}: escribe el objetivo.").format(n=n))
        if row["kpi"] not in KPIS:
            problems.append(_("Fila {n}: «{kpi}» no es un KPI conocido; usa uno de estos: {kpis}.").format(
                n=n, kpi=row["kpi"], kpis=", ".join(KPIS)))
        if not isinstance(row["accion"], str) or not row["accion"].strip():
            problems.append(_("Fila {n}: falta la acción semanal.").format(n=n))
        hours = schema.number(row["horas"])
        if hours is None or hours <= 0:
            problems.append(_("Fila {n}: las horas tienen que ser un número mayor que cero.").format(n=n))
        else:
            total += hours
        deadline = schema.date_of(row["fecha"]) if isinstance(row["fecha"], str) else \
            schema.date_of(getattr(row["fecha"], "date", lambda: row["fecha"])())
        if deadline is None:
            problems.append(_("Fila {n}: la fecha tiene que ser un texto como «2026-06-30».").format(n=n))
        elif not start < deadline <= latest:
            problems.append(_("Fila {n}: la fecha tiene que caer entre el {start} y el {end}.").format(
                n=n, start=start.isoformat(), end=latest.isoformat()))
    if total > budget + 1e-9:
        problems.append(_("Tus acciones suman {total} h a la semana y el presupuesto es de {budget} h.").format(
            total=fmt_number(total, 2), budget=fmt_number(budget, 2)))
    return problems


def _table_checker(business: str, strict: bool = False):
    def checker(answer) -> None:
        problems = table_problems(answer, budget_hours(business), plan_start(business))
        if problems:
            raise Incorrect(" ".join(problems))
        if strict:
            table = _as_table(answer)
            if table["objetivo"].str.strip().str.lower().duplicated().any():
                raise Incorrect(_("Hay objetivos repetidos: cada fila, un objetivo distinto."))

    return checker


def reference_table(business: str) -> pd.DataFrame:
    """A table that meets the rules (the solution shown to the learner)."""
    budget, deadline = budget_hours(business), plan_start(business).replace(month=6, day=30)
    return pd.DataFrame([
        {"objetivo": "Más interacción por alcance", "kpi": "engagement_rate",
         "accion": "Dos vídeos cortos por semana con preguntas", "horas": round(budget * 0.5, 2),
         "fecha": deadline.isoformat()},
        {"objetivo": "Más ventas desde redes", "kpi": "sales",
         "accion": "Una oferta semanal para quien nos sigue", "horas": round(budget * 0.3, 2),
         "fecha": deadline.isoformat()},
    ])


def _cost_checker(cases: list[tuple]):
    def checker(answer) -> None:
        if not callable(answer):
            raise Incorrect(_("Esperaba una función (def ...), no {kind}.").format(
                kind=type(answer).__name__))
        for table, cost, tools, ads in cases:
            want = reference_cost(table, cost, tools, ads)
            got = answer(table.copy(), cost, tools, ads)
            if isinstance(got, bool) or not isinstance(got, (int, float)) or math.isnan(float(got)):
                raise Incorrect(_("Tu función devuelve {got!r}, no un número.").format(got=got))
            if not math.isclose(float(got), want, rel_tol=1e-6, abs_tol=1e-6):
                raise Incorrect(_("Con una tabla de {h} h a la semana, {cost} por hora, {tools} de "
                                  "herramientas y {ads} de anuncios tu función devuelve {got}; "
                                  "revisa la fórmula.").format(
                                      h=fmt_number(float(table["horas"].sum()), 2),
                                      cost=fmt_number(cost, 2), tools=fmt_number(tools, 2),
                                      ads=fmt_number(ads, 2), got=f"{float(got):.6g}"))

    return checker


def _cases(business: str) -> tuple[list, list]:
    def table(*hours):
        return pd.DataFrame({"objetivo": [f"o{i}" for i in range(len(hours))], "horas": list(hours)})

    visible = [(table(1, 2), 15.0, 0.0, 0.0), (table(0.5, 0.5, 1), 20.0, 10.0, 30.0)]
    hidden = [(table(3), 18.0, 12.0, 0.0), (reference_table(business), hourly_cost(business), 0.0,
                                           ads_per_month(business))]
    return visible, hidden


def questions(business: str = "panaderia") -> SimpleNamespace:
    q1 = Question(
        "P1", close_to(lambda: logged_weekly_hours(business)),
        _("Suma los minutos del registro y divídelos entre 60; luego divide entre las semanas: "
          "(última fecha − primera fecha).days + 1, entre 7."),
        'semanas = ((registro["date"].max() - registro["date"].min()).days + 1) / 7\n'
        'horas_semana = registro["minutes"].sum() / 60 / semanas',
        hidden=[close_to(lambda: logged_weekly_hours(business), rel=1e-6)],
    )
    q2 = Question(
        "P2", close_to(lambda: time_cost(business)),
        _("Horas por semana × 52 / 12 (semanas de un mes) × coste por hora."),
        "coste_tiempo = horas_disponibles * 52 / 12 * coste_hora",
        hidden=[close_to(lambda: time_cost(business), rel=1e-6)],
    )
    q3 = Question(
        "P3", close_to(lambda: ads_per_month(business)),
        _("Suma la columna spend de todas las publicaciones del año y divide entre 12 meses."),
        'anuncios = publicaciones["spend"].sum() / 12',
        hidden=[close_to(lambda: ads_per_month(business), rel=1e-6)],
    )
    q4 = Question(
        "P4", _table_checker(business),
        _("Una fila por objetivo con las columnas objetivo, kpi, accion, horas y fecha. Reparte "
          "tus horas: la suma no puede pasar de tu presupuesto semanal."),
        repr(reference_table(business).to_dict("records")),
        hidden=[_table_checker(business, strict=True)],
    )
    visible, hidden = _cases(business)
    q5 = Question(
        "P5", _cost_checker(visible),
        _("Suma la columna horas de la tabla, multiplica por 52 / 12 y por el coste por hora, y "
          "añade herramientas y anuncios."),
        "def coste_mensual(tabla, coste_hora, herramientas, anuncios):\n"
        '    return tabla["horas"].sum() * 52 / 12 * coste_hora + herramientas + anuncios',
        hidden=[_cost_checker(hidden)],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, budget=budget_hours(business),
                           hourly_cost=hourly_cost(business), start=plan_start(business),
                           currency=business_info(business)["currency"])
