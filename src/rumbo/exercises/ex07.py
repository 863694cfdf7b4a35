"""Exercise 07 (your plan): hours and money from the bundled data, and a plan table that fits.

Expected values come from the business's bundled data (``businesses.csv``, the time log, the
boosted posts), never typed in. The learner reads the figures from the tables shown and writes
the plan table with ``plan(fila(...), fila(...))``, choosing each KPI among Spanish words. The
table is graded by constraints (every objective has a known KPI, an action, hours and a
deadline; the hours fit the weekly budget), so every table that meets them is right.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo import plan_review as review
from rumbo.core.i18n import fmt_number, translator
from rumbo.core.units import WEEKS_PER_MONTH
from rumbo.data import business_info, load_dataset
from rumbo.exercises.checks import Incorrect, Question, number_question
from rumbo.exercises.tables import sheet
from rumbo.exercises.typed import Precision, money_precision, read_choice, read_date, read_number
from rumbo.objectives import KPIS

_, N_, ngettext = translator("ex07")

#: Columns of the plan table (Spanish: the learner types them).
COLUMNS = ("objetivo", "kpi", "accion", "horas", "fecha")
MIN_ROWS, MAX_ROWS = 2, 6
#: The latest deadline accepted: a plan is for the next two years at most.
MAX_YEARS = 2
#: Tools a month in the example of question 5 (a scheduler, an image editor).
EXAMPLE_TOOLS = 15.0
#: What the learner types for each KPI (Spanish words), and the package's code.
KPI_CHOICES = {
    N_("seguidores"): "followers", N_("personas que interactúan"): "engaged_users",
    N_("tasa de interacción"): "engagement_rate", N_("alcance"): "reach",
    N_("visitas a la web"): "web_visits", N_("ventas"): "sales",
    N_("tasa de devoluciones"): "return_rate", N_("tiempo de respuesta"): "response_time",
    N_("inscritos"): "event_signups",
}

#: The example plan of questions 4 and 5: objective, KPI code, weekly action, share of the weekly hours.
EXAMPLE_ROWS = (
    (N_("Más visitas a la web desde redes"), "web_visits",
     N_("Dos vídeos cortos por semana con el enlace a la tienda"), 0.5),
    (N_("Más ventas desde redes"), "sales", N_("Una oferta semanal para quien nos sigue"), 0.3),
)
#: The deadline the example's solution types.
EXAMPLE_DEADLINE = "30/06/2026"


def kpi_word(code: str) -> str:
    """What the learner types for a KPI code, in the session's language."""
    return _(next(word for word, known in KPI_CHOICES.items() if known == code))


def kpi_options() -> dict[str, str]:
    """Everything accepted as a KPI: the Spanish word, the KPI's full label, and the code
    (for whoever programs) -> the code."""
    options = {_(word): code for word, code in KPI_CHOICES.items()}
    options.update({_(KPIS[code].label): code for code in KPI_CHOICES.values()})
    options.update({code: code for code in KPI_CHOICES.values()})
    return options


def kpi_table() -> pd.DataFrame:
    """The KPI choices as the learner reads them: what to type and what it measures."""
    return pd.DataFrame({_("qué mide"): [_(KPIS[code].label) for code in KPI_CHOICES.values()]},
                        index=pd.Index([_(w) for w in KPI_CHOICES], name=_("escribe")))


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
def log_span(business: str) -> tuple[int, int]:
    """(minutes in the time log, days it covers from first to last date, both included)."""
    log = load_dataset(business, "time_log")
    return int(log["minutes"].sum()), int((log["date"].max() - log["date"].min()).days + 1)


def logged_weekly_hours(business: str) -> float:
    """Hours in the time log / weeks it covers (days from first to last date, both in, / 7)."""
    minutes, days = log_span(business)
    return minutes / 60 / (days / 7)


def time_cost(business: str) -> float:
    """Monthly value of the weekly hours budget: hours x 52/12 x hourly cost."""
    return review.monthly_cost(budget_hours(business), hourly_cost(business))


@lru_cache(maxsize=8)
def yearly_ads(business: str) -> float:
    return float(load_dataset(business, "posts")["spend"].sum())


def ads_per_month(business: str) -> float:
    """The year's boosted-post spend / 12 months."""
    return yearly_ads(business) / 12


def reference_cost(table, coste_hora, herramientas, anuncios) -> float:
    """sum of the table's weekly hours x 52/12 x hourly cost + tools + ads."""
    hours = float(pd.DataFrame(table)["horas"].sum())
    return hours * WEEKS_PER_MONTH * coste_hora + herramientas + anuncios


def _as_table(answer) -> pd.DataFrame:
    if isinstance(answer, list) and all(isinstance(r, dict) for r in answer):
        answer = pd.DataFrame(answer)
    if not isinstance(answer, pd.DataFrame):
        raise Incorrect(_("Tu tabla se escribe con plan(fila(...), fila(...)), una fila por objetivo."))
    missing = [c for c in COLUMNS if c not in answer.columns]
    if missing:
        raise Incorrect(_("A tu tabla le faltan estas columnas: {cols}.").format(cols=", ".join(missing)))
    return answer


def _row_hours(value) -> float | None:
    try:
        hours = read_number(value).value
    except Incorrect:
        return None
    return hours if hours > 0 else None


def table_problems(answer, budget: float, start: date) -> list[str]:
    """Everything wrong with a plan table, in the learner's language ([] when it is right)."""
    table = _as_table(answer)
    problems = []
    if not MIN_ROWS <= len(table) <= MAX_ROWS:
        problems.append(_("Tu tabla tiene {n} filas: pon entre {low} y {high} objetivos.").format(
            n=len(table), low=MIN_ROWS, high=MAX_ROWS))
    latest = start.replace(year=start.year + MAX_YEARS)
    options = kpi_options()
    total = 0.0
    for n, row in enumerate(table.to_dict("records"), start=1):
        if not isinstance(row["objetivo"], str) or not row["objetivo"].strip():
            problems.append(_("Fila {n}: escribe el objetivo.").format(n=n))
        try:
            read_choice(row["kpi"], options)
        except Incorrect:
            problems.append(_("Fila {n}: «{kpi}» no es uno de los KPI de la lista; escribe uno de estos: "
                              "{kpis}.").format(n=n, kpi=row["kpi"],
                                                kpis=", ".join(f'"{_(w)}"' for w in KPI_CHOICES)))
        if not isinstance(row["accion"], str) or not row["accion"].strip():
            problems.append(_("Fila {n}: falta la acción semanal.").format(n=n))
        hours = _row_hours(row["horas"])
        if hours is None:
            problems.append(_("Fila {n}: las horas tienen que ser un número mayor que cero.").format(n=n))
        else:
            total += hours
        try:
            deadline = read_date(row["fecha"])
        except Incorrect:
            problems.append(_("Fila {n}: la fecha tiene que ser un texto como «30/06/2026».").format(n=n))
        else:
            if not start < deadline <= latest:
                problems.append(_("Fila {n}: la fecha tiene que caer entre el {start} y el {end}.").format(
                    n=n, start=start.strftime("%d/%m/%Y"), end=latest.strftime("%d/%m/%Y")))
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
    """A table that meets the rules: the example of question 5, and what a learner may write."""
    budget, deadline = budget_hours(business), plan_start(business).replace(month=6, day=30)
    return pd.DataFrame([
        {"objetivo": _(goal), "kpi": kpi_word(kpi), "accion": _(action), "horas": round(budget * share, 2),
         "fecha": deadline.strftime("%d/%m/%Y")}
        for goal, kpi, action, share in EXAMPLE_ROWS
    ])


def reference_answer() -> str:
    """Question 4's solution: the example plan typed with plan(fila(...)), in the session's language."""
    rows = "".join(f'    fila("{_(goal)}", kpi="{kpi_word(kpi)}",\n'
                   f'         accion="{_(action)}",\n'
                   f'         horas=horas_disponibles * {share}, fecha="{EXAMPLE_DEADLINE}"),\n'
                   for goal, kpi, action, share in EXAMPLE_ROWS)
    return f"plan_tabla = plan(\n{rows})"


def _cost_checker(cases: list[tuple]):
    def checker(answer) -> None:
        if not callable(answer):
            raise Incorrect(_("Aquí va una función, escrita con def."))
        for table, cost, tools, ads in cases:
            want = reference_cost(table, cost, tools, ads)
            try:
                got = answer(table.copy(), cost, tools, ads)
            except Exception:
                raise Incorrect(_("Tu función da un error con una tabla de ejemplo; pruébala en una "
                                  "celda.")) from None
            if isinstance(got, bool) or not isinstance(got, (int, float)) or math.isnan(float(got)):
                raise Incorrect(_("Tu función no devuelve un número."))
            if not math.isclose(float(got), want, rel_tol=1e-6, abs_tol=1e-6):
                raise Incorrect(_("Con una tabla de {h} h a la semana, {cost} por hora, {tools} de "
                                  "herramientas y {ads} de anuncios tu función devuelve {got}; "
                                  "revisa la fórmula.").format(
                                      h=fmt_number(float(table["horas"].sum()), 2),
                                      cost=fmt_number(cost, 2), tools=fmt_number(tools, 2),
                                      ads=fmt_number(ads, 2), got=f"{float(got):.6g}"))

    return checker


def _cases(business: str) -> list:
    def table(*hours):
        return pd.DataFrame({"objetivo": [f"o{i}" for i in range(len(hours))], "horas": list(hours)})

    return [(table(1, 2), 15.0, 0.0, 0.0), (table(0.5, 0.5, 1), 20.0, 10.0, 30.0),
            (table(3), 18.0, 12.0, 0.0), (reference_table(business), hourly_cost(business), 0.0,
                                          ads_per_month(business))]


def questions(business: str = "panaderia") -> SimpleNamespace:
    currency = business_info(business)["currency"]
    cash = money_precision(currency)
    minutes, days = log_span(business)
    budget, cost = budget_hours(business), hourly_cost(business)
    log_sheet = sheet([
        ("minutos_registro", _("minutos apuntados en el registro de tiempo"), minutes),
        ("dias_registro", _("días que cubre el registro, del primero al último (los dos incluidos)"), days),
    ])
    business_sheet = sheet([
        ("horas_disponibles", _("horas por semana que el negocio tiene para redes"), budget),
        ("coste_hora", _("lo que vale una hora de trabajo, en {c}").format(c=currency), cost),
        ("gasto_anual", _("gasto en anuncios de todo el año, en {c}").format(c=currency), round(yearly_ads(business), 2)),
    ])
    example = reference_table(business)
    example_hours = float(example["horas"].sum())
    ads_shown = round(ads_per_month(business), 2)
    example_sheet = sheet([
        ("horas_ejemplo", _("horas por semana de la tabla de ejemplo"), example_hours),
        ("herramientas", _("herramientas al mes, en {c}").format(c=currency), EXAMPLE_TOOLS),
        ("anuncios_mes", _("anuncios al mes, en {c}").format(c=currency), ads_shown),
    ])
    q1 = number_question(
        "P1", lambda: logged_weekly_hours(business), Precision(2), variable="horas_semana",
        slips=((lambda: logged_weekly_hours(business) * 60,
                _("Eso son minutos por semana: divide entre 60 para tener horas.")),
               (lambda: logged_weekly_hours(business) / 7,
                _("Eso son horas al día: divide entre las semanas (días ÷ 7), no entre los días."))),
        hint=_("Horas = minutos ÷ 60. Semanas = días ÷ 7. Horas por semana = horas ÷ semanas."),
        solution="horas_semana = minutos_registro / 60 / (dias_registro / 7)",
        wrong=_("Pasa los minutos a horas y divide entre las semanas que cubre el registro."),
    )
    q2 = number_question(
        "P2", lambda: time_cost(business), cash, variable="coste_tiempo",
        slips=((lambda: budget * 4 * cost,
                _("Un mes no son 4 semanas justas: son 52 ÷ 12, unas 4.33.")),
               (lambda: budget * cost, _("Eso es lo que vale una semana; pásalo a un mes (× 52 ÷ 12)."))),
        hint=_("Horas por semana × 52 ÷ 12 (semanas de un mes) × coste por hora."),
        solution="coste_tiempo = horas_disponibles * 52 / 12 * coste_hora",
        wrong=_("horas_disponibles × 52 ÷ 12 × coste_hora."),
    )
    q3 = number_question(
        "P3", lambda: ads_per_month(business), cash, variable="anuncios",
        slips=((lambda: yearly_ads(business) / 52, _("Eso es por semana; aquí se pide por mes (÷ 12).")),
               (lambda: yearly_ads(business), _("Eso es todo el año; divídelo entre 12 meses."))),
        hint=_("Gasto de todo el año ÷ 12 meses."),
        solution="anuncios = gasto_anual / 12",
        wrong=_("Divide el gasto del año entre 12."),
    )
    q4 = Question(
        "P4", _table_checker(business),
        _("Una fila(...) por objetivo, con su KPI de la lista (entre comillas), la acción de cada semana, "
          "las horas por semana y la fecha límite como «30/06/2026». Reparte tus horas: la suma no puede "
          "pasar de horas_disponibles."),
        reference_answer(),
        hidden=[_table_checker(business, strict=True)], variable="plan_tabla",
    )
    q5 = number_question(
        "P5", lambda: reference_cost(example, cost, EXAMPLE_TOOLS, ads_per_month(business)), cash,
        variable="coste_mensual",
        slips=((lambda: EXAMPLE_TOOLS + ads_per_month(business),
                _("Has dejado fuera las horas: tu tiempo también cuesta (horas × 52 ÷ 12 × coste_hora).")),
               (lambda: example_hours * 4 * cost + EXAMPLE_TOOLS + ads_per_month(business),
                _("Un mes no son 4 semanas justas: son 52 ÷ 12.")),
               (lambda: example_hours * WEEKS_PER_MONTH * cost,
                _("Faltan las herramientas y los anuncios del mes."))),
        hint=_("Horas por semana × 52 ÷ 12 × coste por hora, más herramientas y anuncios del mes."),
        solution="coste_mensual = horas_ejemplo * 52 / 12 * coste_hora + herramientas + anuncios_mes",
        wrong=_("Las horas pasadas a dinero al mes, más herramientas y anuncios."),
    )
    reto = Question(
        "Reto", _cost_checker(_cases(business)),
        _("Suma la columna horas de la tabla, multiplica por 52 / 12 y por el coste por hora, y "
          "añade herramientas y anuncios."),
        "def mi_coste_mensual(tabla, coste_hora, herramientas, anuncios):\n"
        '    return tabla["horas"].sum() * 52 / 12 * coste_hora + herramientas + anuncios',
        variable="mi_coste_mensual",
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, reto=reto, budget=budget, hourly_cost=cost,
                           start=plan_start(business), currency=currency, log=log_sheet,
                           business=business_sheet, kpis=kpi_table(), example=example,
                           example_sheet=example_sheet, minutes=minutes, days=days,
                           yearly_ads=round(yearly_ads(business), 2), example_hours=example_hours,
                           tools=EXAMPLE_TOOLS, ads_shown=ads_shown)
