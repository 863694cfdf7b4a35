"""Module 3: what social media really costs, in hours and in money.

"Social media is free" is one of the commonest mistakes: the accounts cost
nothing, the hours do. This module holds the whole cost model of the course:

- a **time inventory**: hours per week for each task, the hourly cost of
  whoever does it, tools and ads per month -> :func:`monthly_cost`;
- a **learning curve**: the first months take more hours -> :func:`learning_curve`,
  :func:`first_year`;
- **do it yourself, a freelancer or an agency** -> :func:`compare_options`,
  :func:`break_even_hourly_cost`;
- the **35 h / 600 EUR case** (seed 002) -> :func:`cost_per_hour`, :func:`plan_case`;
- **ROI and CAC with time counted** -> :func:`roi`, :func:`cac`, :func:`results`;
- the **time log** of the bundled businesses -> :func:`hours_by_task`,
  :func:`weekly_hours`, :func:`worst_week`.

Every bad input a learner can type (a negative number, text, NaN, more than 168
hours in a week, an unknown currency) raises :class:`InvalidInputError` with a
message in the learner's language that says what to do. Money is per month,
hours are per week unless a name says otherwise; a month is 52/12 weeks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from rumbo.errors import DataError, InvalidInputError
from rumbo.i18n import N_, _, fmt_number
from rumbo.profile import CURRENCIES, MAX_HOURS_PER_WEEK

#: Weeks in an average month (52 weeks / 12 months).
WEEKS_PER_MONTH = 52 / 12
MONTHS_PER_YEAR = 12

#: Above this an amount of money is far likelier a typo than real (in any currency the course lists).
MAX_AMOUNT = 1e10

#: The tasks of the time inventory, in the order a week goes. Ids match ``time_log.task``.
TASKS = ("content", "media", "writing", "publishing", "community", "measuring", "learning")
TASK_LABELS = {
    "content": N_("Crear contenido (ideas, planificación)"),
    "media": N_("Fotos y vídeo"),
    "writing": N_("Redactar textos"),
    "publishing": N_("Publicar y programar"),
    "community": N_("Responder y moderar"),
    "measuring": N_("Medir e informar"),
    "learning": N_("Aprender (cursos, pruebas, novedades)"),
}
#: Tasks that count as "making content" for the content share.
CONTENT_TASKS = ("content", "media", "writing")

#: The options a business has to run its social media.
OPTIONS = ("diy", "freelancer", "agency")
OPTION_LABELS = {
    "diy": N_("Hacerlo tú (o alguien de tu equipo)"),
    "freelancer": N_("Un community manager autónomo"),
    "agency": N_("Una agencia pequeña"),
}
#: What each option still needs from the owner, whoever does the work.
OPTION_NEEDS = {
    "diy": N_("Todo: crear, publicar, responder, medir y aprender."),
    "freelancer": N_("Fotos del día a día, respuestas sobre tus productos y aprobar el "
                     "calendario cada semana."),
    "agency": N_("Información de producto, aprobar campañas y una reunión al mes; las "
                 "preguntas de clientes que solo tú sabes contestar."),
}
#: Weekly hours the owner still spends with each option (editable in the widget).
DEFAULT_OWNER_HOURS = {"freelancer": 1.0, "agency": 0.5}

#: Default learning curve: the first month takes 50 % more hours, back to normal after 3 months.
DEFAULT_EXTRA = 0.5
DEFAULT_MONTHS_TO_LEARN = 3
MAX_EXTRA = 5.0


# --- Validation -------------------------------------------------------------------------


def number(value, what: str, *, minimum: float = 0.0, maximum: float = MAX_AMOUNT) -> float:
    """``value`` as a finite float in ``[minimum, maximum]``, or a clear :class:`InvalidInputError`.

    ``what`` names the field in the message ("el coste por hora").
    """
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInputError(_("Falta {what}: escribe un número.").format(what=what))
    try:
        result = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(
            _("{what}: «{value}» no es un número. Escribe solo cifras, por ejemplo 2,5.").format(
                what=_capital(what), value=value)) from None
    if not math.isfinite(result):
        raise InvalidInputError(_("{what}: escribe un número (no un valor vacío ni "
                                  "infinito).").format(what=_capital(what)))
    if result < minimum:
        if minimum == 0:
            raise InvalidInputError(_("{what}: el valor no puede ser negativo; pon 0 o más.").format(
                what=_capital(what)))
        raise InvalidInputError(_("{what}: el mínimo es {minimum}.").format(
            what=_capital(what), minimum=fmt_number(minimum, 2 if minimum % 1 else 0)))
    if result > maximum:
        raise InvalidInputError(_("{what}: {value} es demasiado; el máximo es {maximum}. "
                                  "¿Un cero de más?").format(
                                      what=_capital(what), value=fmt_number(result),
                                      maximum=fmt_number(maximum)))
    return result


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def fmt_hours(hours: float) -> str:
    """Hours with one decimal only when needed: ``3`` -> ``"3"``, ``2.5`` -> ``"2,5"``."""
    return fmt_number(hours, 0 if float(hours).is_integer() else 1)


def validate_currency(currency) -> str:
    """An ISO code the course knows (``EUR``, ``MXN``...), upper-cased; else a clear message."""
    code = str(currency or "").strip().upper()
    if code not in CURRENCIES:
        raise InvalidInputError(
            _("No conozco la moneda «{currency}». Elige una de estas: {choices}.").format(
                currency=currency, choices=", ".join(CURRENCIES)))
    return code


def validate_hours(hours: Mapping[str, object]) -> dict[str, float]:
    """Weekly hours per task, checked: known tasks, numbers >= 0, at most 168 in total.

    Tasks left out count as 0 hours. The result has every task of :data:`TASKS`.
    """
    if not isinstance(hours, Mapping) or not hours:
        raise InvalidInputError(_("Escribe las horas de al menos una tarea (pon 0 en las que "
                                  "no hagas)."))
    unknown = [str(t) for t in hours if t not in TASKS]
    if unknown:
        raise InvalidInputError(_("No conozco estas tareas: {names}. Las tareas son: "
                                  "{choices}.").format(names=", ".join(unknown),
                                                       choices=", ".join(TASKS)))
    clean = {}
    for task in TASKS:
        what = _("las horas de «{task}»").format(task=_(TASK_LABELS[task]))
        clean[task] = number(hours.get(task, 0), what, maximum=MAX_HOURS_PER_WEEK)
    total = sum(clean.values())
    if total > MAX_HOURS_PER_WEEK:
        raise InvalidInputError(
            _("Tus tareas suman {hours} horas a la semana, y una semana solo tiene 168. "
              "Revisa las cifras: son horas por semana.").format(hours=fmt_number(total, 1)))
    return clean


# --- Monthly cost -----------------------------------------------------------------------


@dataclass(frozen=True)
class CostBreakdown:
    """What a time inventory costs. Hours per week, money per month unless named ``yearly``."""

    hours: dict[str, float]
    hourly_cost: float
    tools: float
    ads: float
    currency: str

    @property
    def weekly_hours(self) -> float:
        return sum(self.hours.values())

    @property
    def monthly_hours(self) -> float:
        return self.weekly_hours * WEEKS_PER_MONTH

    @property
    def time_cost(self) -> float:
        """Monthly value of the hours: hours per month x hourly cost."""
        return self.monthly_hours * self.hourly_cost

    @property
    def monthly_total(self) -> float:
        return self.time_cost + self.tools + self.ads

    @property
    def yearly_total(self) -> float:
        return self.monthly_total * MONTHS_PER_YEAR

    @property
    def content_share(self) -> float:
        """Share of the weekly hours spent making content (NaN with no hours at all)."""
        return content_share(self.hours)

    @property
    def time_share(self) -> float:
        """Share of the monthly cost that is time (NaN when everything is zero)."""
        return self.time_cost / self.monthly_total if self.monthly_total else math.nan

    def to_plan(self) -> dict:
        """The ``time_budget`` section of the plan: plain JSON-friendly values."""
        return {
            "hours_per_week": {t: round(h, 2) for t, h in self.hours.items()},
            "weekly_hours": round(self.weekly_hours, 2),
            "hourly_cost": round(self.hourly_cost, 2),
            "tools_per_month": round(self.tools, 2),
            "ads_per_month": round(self.ads, 2),
            "monthly_cost": round(self.monthly_total, 2),
            "yearly_cost": round(self.yearly_total, 2),
            "content_share": None if math.isnan(self.content_share) else round(self.content_share, 4),
            "currency": self.currency,
        }


def content_share(hours: Mapping[str, float]) -> float:
    """Hours on content tasks (:data:`CONTENT_TASKS`) / all hours; NaN when there are none."""
    total = sum(hours.values())
    if not total:
        return math.nan
    return sum(hours.get(t, 0.0) for t in CONTENT_TASKS) / total


def monthly_cost(hours_per_week, hourly_cost, tools=0, ads=0, currency: str = "EUR") -> CostBreakdown:
    """The monthly cost of social media with the time counted.

    ``hours_per_week``: a mapping task -> weekly hours (a real inventory), or one
    number for all tasks together (booked under ``content``). ``hourly_cost`` may
    be 0 (then only tools and ads count); :func:`budget_warnings` says a kind
    word about that. Tools and ads are per month.

    >>> monthly_cost({"content": 2, "community": 1}, 15).monthly_total
    195.0
    """
    if isinstance(hours_per_week, Mapping):
        hours = validate_hours(hours_per_week)
    else:
        hours = validate_hours({"content": hours_per_week})
    return CostBreakdown(
        hours=hours,
        hourly_cost=number(hourly_cost, _("el coste por hora")),
        tools=number(tools, _("el gasto en herramientas al mes")),
        ads=number(ads, _("el gasto en anuncios al mes")),
        currency=validate_currency(currency),
    )


def budget_warnings(breakdown: CostBreakdown, available_hours: float | None = None) -> list[str]:
    """Valid but worth a second look: an hourly cost of 0, more hours than the owner has."""
    notes = []
    if breakdown.hourly_cost == 0:
        notes.append(_("Has puesto 0 como coste por hora. Se puede, pero tu tiempo no es gratis: "
                       "esas horas las quitas a vender, a atender o a descansar."))
    if breakdown.weekly_hours == 0:
        notes.append(_("Con 0 horas a la semana nadie cuida tus redes: así acabó el plan de las "
                       "tiendas de Bizkaia."))
    if available_hours is not None and breakdown.weekly_hours > available_hours:
        notes.append(_("Tus tareas suman {need} h a la semana y en tu perfil dijiste que tienes "
                       "{have} h. Recorta tareas, delega o revisa tu perfil.").format(
                           need=fmt_hours(round(breakdown.weekly_hours, 1)),
                           have=fmt_hours(round(available_hours, 1))))
    return notes


# --- Learning curve ---------------------------------------------------------------------


def learning_curve(weekly_hours, extra=DEFAULT_EXTRA, months_to_learn=DEFAULT_MONTHS_TO_LEARN,
                   months: int = MONTHS_PER_YEAR) -> list[float]:
    """Hours per month while you learn: month 1 takes ``1 + extra`` times the usual hours,
    falling in a straight line back to the usual hours after ``months_to_learn`` months.

    ``learning_curve(5, 0.5, 3)`` -> months of 1.5x, 1.33x, 1.17x, then 1x the usual
    ``5 * 52/12`` hours. ``extra=0`` or ``months_to_learn=0`` means no curve.
    """
    base = number(weekly_hours, _("las horas por semana"), maximum=MAX_HOURS_PER_WEEK)
    extra = number(extra, _("el tiempo extra del aprendizaje"), maximum=MAX_EXTRA)
    learn = number(months_to_learn, _("los meses de aprendizaje"), maximum=months)
    if learn != int(learn):
        raise InvalidInputError(_("Los meses de aprendizaje tienen que ser un número entero."))
    learn = int(learn)
    monthly = base * WEEKS_PER_MONTH
    return [monthly * (1 + (extra * (learn - i) / learn if learn and i < learn else 0.0))
            for i in range(months)]


@dataclass(frozen=True)
class FirstYear:
    hours_without: float
    hours_with: float
    cost_without: float
    cost_with: float
    monthly_hours: list[float] = field(default_factory=list)

    @property
    def extra_hours(self) -> float:
        return self.hours_with - self.hours_without

    @property
    def extra_cost(self) -> float:
        return self.cost_with - self.cost_without


def first_year(breakdown: CostBreakdown, extra=DEFAULT_EXTRA,
               months_to_learn=DEFAULT_MONTHS_TO_LEARN) -> FirstYear:
    """First-year hours and cost (time + tools + ads) with and without the learning curve."""
    curve = learning_curve(breakdown.weekly_hours, extra, months_to_learn)
    fixed = (breakdown.tools + breakdown.ads) * MONTHS_PER_YEAR
    hours_without = breakdown.monthly_hours * MONTHS_PER_YEAR
    hours_with = sum(curve)
    return FirstYear(hours_without, hours_with,
                     hours_without * breakdown.hourly_cost + fixed,
                     hours_with * breakdown.hourly_cost + fixed, curve)


# --- Do it yourself, freelancer or agency -----------------------------------------------


@dataclass(frozen=True)
class OptionCost:
    key: str
    fee: float              # per month, paid to someone else
    owner_hours: float      # per week, still done by the owner
    owner_cost: float       # per month: owner_hours x weeks per month x hourly cost
    fixed: float            # per month: tools + ads, paid in every option
    currency: str

    @property
    def total(self) -> float:
        return self.fee + self.owner_cost + self.fixed

    @property
    def label(self) -> str:
        return _(OPTION_LABELS[self.key])

    @property
    def needs(self) -> str:
        return _(OPTION_NEEDS[self.key])


def compare_options(diy_hours, hourly_cost, freelancer_fee, agency_fee, *, tools=0, ads=0,
                    freelancer_owner_hours=DEFAULT_OWNER_HOURS["freelancer"],
                    agency_owner_hours=DEFAULT_OWNER_HOURS["agency"],
                    currency: str = "EUR") -> list[OptionCost]:
    """Monthly cost of doing it yourself, hiring a freelancer, or hiring an agency.

    Doing it yourself costs your weekly hours at your hourly cost. Delegating costs
    the fee plus the hours you still put in (see :data:`OPTION_NEEDS`). Tools and ads
    are paid in every option, so they never change which one is cheaper.
    """
    diy = number(diy_hours, _("las horas por semana si lo haces tú"), maximum=MAX_HOURS_PER_WEEK)
    cost = number(hourly_cost, _("el coste por hora"))
    fees = {"diy": 0.0,
            "freelancer": number(freelancer_fee, _("la cuota del autónomo al mes")),
            "agency": number(agency_fee, _("la cuota de la agencia al mes"))}
    owner = {"diy": diy,
             "freelancer": number(freelancer_owner_hours, _("tus horas con un autónomo"),
                                  maximum=MAX_HOURS_PER_WEEK),
             "agency": number(agency_owner_hours, _("tus horas con una agencia"),
                              maximum=MAX_HOURS_PER_WEEK)}
    fixed = number(tools, _("el gasto en herramientas al mes")) + number(ads, _("el gasto en anuncios al mes"))
    currency = validate_currency(currency)
    return [OptionCost(key, fees[key], owner[key], owner[key] * WEEKS_PER_MONTH * cost, fixed, currency)
            for key in OPTIONS]


def break_even_hourly_cost(diy_hours, fee, owner_hours=0) -> float:
    """The hourly cost above which delegating is cheaper than doing it yourself.

    Doing it yourself costs ``diy_hours x 52/12 x c`` a month; delegating costs
    ``fee + owner_hours x 52/12 x c``. They are equal at
    ``c = fee / ((diy_hours - owner_hours) x 52/12)``. When delegating saves you no
    hours (``owner_hours >= diy_hours``) it is never cheaper: ``inf``.
    """
    diy = number(diy_hours, _("las horas por semana si lo haces tú"), maximum=MAX_HOURS_PER_WEEK)
    fee = number(fee, _("la cuota mensual"))
    owner = number(owner_hours, _("las horas que te siguen tocando"), maximum=MAX_HOURS_PER_WEEK)
    saved = (diy - owner) * WEEKS_PER_MONTH
    if saved <= 0:
        return math.inf
    return fee / saved


# --- The 35 h / 600 EUR case (seed 002) --------------------------------------------------


def cost_per_hour(price, hours) -> float:
    """Price of a service divided by its hours: 600 EUR / 35 h = 17.14 EUR per hour."""
    price = number(price, _("el precio"))
    hours = number(hours, _("las horas"), maximum=10_000)
    if hours == 0:
        raise InvalidInputError(_("Con 0 horas no hay coste por hora que calcular: escribe "
                                  "cuántas horas incluía."))
    return price / hours


@dataclass(frozen=True)
class PlanCase:
    price: float
    hours: float
    upkeep_hours: float     # per week, what the plan needed afterwards
    hourly_cost: float
    posts_after: int        # posts published in the month after

    @property
    def expert_hourly(self) -> float:
        return self.price / self.hours

    @property
    def upkeep_month(self) -> float:
        """What one month of the upkeep the plan needed is worth."""
        return self.upkeep_hours * WEEKS_PER_MONTH * self.hourly_cost

    @property
    def true_first_month(self) -> float:
        """The plan plus its first month of upkeep: what it really takes to start."""
        return self.price + self.upkeep_month

    @property
    def cost_per_post_after(self) -> float:
        """The plan's price per post published the month after; inf when nothing was posted."""
        return self.price / self.posts_after if self.posts_after else math.inf


def plan_case(price, hours, upkeep_hours, hourly_cost, posts_after=0) -> PlanCase:
    """The subsidised plan of seed 002, and the month after it, when nobody posted."""
    cost_per_hour(price, hours)  # same checks
    posts = number(posts_after, _("las publicaciones del mes siguiente"), maximum=10_000)
    if posts != int(posts):
        raise InvalidInputError(_("Las publicaciones se cuentan con números enteros."))
    return PlanCase(float(price), float(hours),
                    number(upkeep_hours, _("las horas de mantenimiento por semana"),
                           maximum=MAX_HOURS_PER_WEEK),
                    number(hourly_cost, _("el coste por hora")), int(posts))


# --- ROI and CAC with time counted -------------------------------------------------------


def total_cost(ads=0, tools=0, hours=0, hourly_cost=0) -> float:
    """Everything social media cost in a period: ads + tools + hours x hourly cost."""
    return (number(ads, _("el gasto en anuncios")) + number(tools, _("el gasto en herramientas"))
            + number(hours, _("las horas"), maximum=1e7) * number(hourly_cost, _("el coste por hora")))


def roi(revenue, ads=0, tools=0, hours=0, hourly_cost=0) -> float:
    """Return on investment as a ratio: (revenue - cost) / cost, cost with the hours counted.

    0.5 means every unit spent came back with 50 % more; -0.2 means 20 % was lost.
    """
    income = number(revenue, _("los ingresos"))
    cost = total_cost(ads, tools, hours, hourly_cost)
    if cost == 0:
        raise InvalidInputError(_("Sin ningún coste el ROI no se puede calcular. Cuenta al menos "
                                  "tus horas con su coste por hora."))
    return (income - cost) / cost


def cac(new_customers, ads=0, tools=0, hours=0, hourly_cost=0) -> float:
    """Customer acquisition cost: (ads + tools + hours x hourly cost) / new customers."""
    customers = number(new_customers, _("los clientes nuevos"), maximum=1e9)
    if customers == 0:
        raise InvalidInputError(_("Sin clientes nuevos no hay coste por cliente que calcular: "
                                  "todo el gasto fue sin resultado."))
    return total_cost(ads, tools, hours, hourly_cost) / customers
