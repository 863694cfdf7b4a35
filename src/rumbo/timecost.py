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

from rumbo import metrics
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.numbers import parse_number
from rumbo.data.facts import fact
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.core.units import (CURRENCIES, HOURS_PER_WEEK, MONTHS_PER_YEAR, WEEKS_PER_MONTH,
                              fmt_hours, money)
from rumbo.data import business_info, list_businesses, load_dataset, require_columns
from rumbo.data.datasets import PLAN_END
from rumbo.data.profile import is_example

_, N_, ngettext = translator("timecost")

#: Above this an amount of money is far likelier a typo than real (in any currency the course lists).
MAX_AMOUNT = 1e10

#: The tasks of the time inventory, in the order a week goes. Ids match ``time_log.task``.
TASKS = ("content_creation", "photo_video", "writing", "publishing", "replying", "measuring",
         "learning")
TASK_LABELS = {
    "content_creation": N_("Crear contenido (ideas, planificación)"),
    "photo_video": N_("Fotos y vídeo"),
    "writing": N_("Redactar textos"),
    "publishing": N_("Publicar y programar"),
    "replying": N_("Responder y moderar"),
    "measuring": N_("Medir e informar"),
    "learning": N_("Aprender (cursos, pruebas, novedades)"),
}
#: Tasks that count as "making content" for the content share.
CONTENT_TASKS = ("content_creation", "photo_video", "writing")

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
    result = parse_number(value, what)
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
        clean[task] = number(hours.get(task, 0), what, maximum=HOURS_PER_WEEK)
    total = sum(clean.values())
    if total > HOURS_PER_WEEK:
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
    number for all tasks together (booked under ``content_creation``). ``hourly_cost`` may
    be 0 (then only tools and ads count); :func:`budget_warnings` says a kind
    word about that. Tools and ads are per month.

    >>> monthly_cost({"content_creation": 2, "replying": 1}, 15).monthly_total
    195.0
    """
    if isinstance(hours_per_week, Mapping):
        hours = validate_hours(hours_per_week)
    else:
        hours = validate_hours({"content_creation": hours_per_week})
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
    base = number(weekly_hours, _("las horas por semana"), maximum=HOURS_PER_WEEK)
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
    diy = number(diy_hours, _("las horas por semana si lo haces tú"), maximum=HOURS_PER_WEEK)
    cost = number(hourly_cost, _("el coste por hora"))
    fees = {"diy": 0.0,
            "freelancer": number(freelancer_fee, _("la cuota del autónomo al mes")),
            "agency": number(agency_fee, _("la cuota de la agencia al mes"))}
    owner = {"diy": diy,
             "freelancer": number(freelancer_owner_hours, _("tus horas con un autónomo"),
                                  maximum=HOURS_PER_WEEK),
             "agency": number(agency_owner_hours, _("tus horas con una agencia"),
                              maximum=HOURS_PER_WEEK)}
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
    diy = number(diy_hours, _("las horas por semana si lo haces tú"), maximum=HOURS_PER_WEEK)
    fee = number(fee, _("la cuota mensual"))
    owner = number(owner_hours, _("las horas que te siguen tocando"), maximum=HOURS_PER_WEEK)
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
                           maximum=HOURS_PER_WEEK),
                    number(hourly_cost, _("el coste por hora")), int(posts))


# --- ROI and CAC with time counted -------------------------------------------------------


def _period_cost(ads, tools, hours, hourly_cost) -> float:
    """:func:`rumbo.metrics.total_cost` of amounts checked with this module's limits and words."""
    return metrics.total_cost(
        hours=number(hours, _("las horas"), maximum=1e7),
        hourly_cost=number(hourly_cost, _("el coste por hora")),
        tools=number(tools, _("el gasto en herramientas")),
        ads=number(ads, _("el gasto en anuncios")))


def roi(revenue, ads=0, tools=0, hours=0, hourly_cost=0) -> float:
    """Return on investment as a ratio: (revenue - cost) / cost, cost with the hours counted
    (:func:`rumbo.metrics.roi` on :func:`rumbo.metrics.total_cost`).

    0.5 means every unit spent came back with 50 % more; -0.2 means 20 % was lost.
    """
    income = number(revenue, _("los ingresos"))
    cost = _period_cost(ads, tools, hours, hourly_cost)
    if cost == 0:
        raise InvalidInputError(_("Sin ningún coste el ROI no se puede calcular. Cuenta al menos "
                                  "tus horas con su coste por hora."))
    return metrics.roi(income, cost)


def cac(new_customers, ads=0, tools=0, hours=0, hourly_cost=0) -> float:
    """Customer acquisition cost: (ads + tools + hours x hourly cost) / new customers."""
    customers = number(new_customers, _("los clientes nuevos"), maximum=1e9)
    if customers == 0:
        raise InvalidInputError(_("Sin clientes nuevos no hay coste por cliente que calcular: "
                                  "todo el gasto fue sin resultado."))
    return _period_cost(ads, tools, hours, hourly_cost) / customers


# --- Facts from the benchmark table (source and year shown with every figure) -----------


def seed_plan() -> tuple[float, float]:
    """Price and hours of the subsidised plan of seed 002 (600 EUR, 35 h), from the benchmarks."""
    return fact("subsidised_plan_cost").value, fact("subsidised_plan_hours").value


def fee_defaults(currency: str = "EUR", hourly_cost: float | None = None) -> dict:
    """Monthly fees to start the comparison with, and where they come from.

    In euros: the middle of the Spanish market ranges (freelance community manager,
    small agency). In another currency there is no verified figure, so the same
    number of hours is valued at the learner's own ``hourly_cost`` (an assumption
    the note states).
    """
    currency = validate_currency(currency)
    freelancer, agency, per_hour = (fact("freelance_cm_monthly"), fact("agency_monthly"),
                                    fact("freelance_hourly"))
    fees = {"freelancer": freelancer.value or (freelancer.low + freelancer.high) / 2,
            "agency": agency.value or (agency.low + agency.high) / 2}
    note = _("Autónomo: {f_low}–{f_high} € al mes ({f_source}). Agencia pequeña: "
             "{a_low}–{a_high} € al mes ({a_source}).").format(
                 f_low=fmt_number(freelancer.low), f_high=fmt_number(freelancer.high),
                 f_source=freelancer.cite(), a_low=fmt_number(agency.low),
                 a_high=fmt_number(agency.high), a_source=agency.cite())
    if currency != "EUR":
        rate = number(hourly_cost if hourly_cost is not None else 0, _("el coste por hora"))
        hours = {k: v / per_hour.value for k, v in fees.items()}
        fees = {k: round(h * rate, -2 if rate >= 1000 else 0) for k, h in hours.items()}
        note += " " + _("Para {currency} no hay una cifra verificada: he puesto las mismas horas "
                        "({f_hours} y {a_hours} al mes) a tu coste por hora. Cámbialas por "
                        "precios reales de tu zona.").format(
                            currency=currency, f_hours=fmt_number(hours["freelancer"]),
                            a_hours=fmt_number(hours["agency"]))
    return {**fees, "note": note}


# --- The time log of the bundled businesses ----------------------------------------------


def _check_log(time_log: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(time_log, pd.DataFrame):
        raise DataError(_("Esperaba la tabla del registro de tiempo (un DataFrame)."))
    require_columns(time_log, ("date", "task", "minutes"), _("el registro de tiempo"))
    minutes = pd.to_numeric(time_log["minutes"], errors="coerce")
    if (minutes < 0).any():
        raise DataError(_("El registro de tiempo tiene minutos negativos: revisa esas filas."))
    return time_log.assign(minutes=minutes, date=pd.to_datetime(time_log["date"]))


def hours_by_task(time_log: pd.DataFrame) -> pd.Series:
    """Hours per task in the log (groupby task, sum of minutes / 60), in :data:`TASKS` order."""
    log = _check_log(time_log)
    hours = log.groupby("task")["minutes"].sum() / 60
    order = [t for t in TASKS if t in hours.index] + sorted(set(hours.index) - set(TASKS))
    return hours.reindex(order).rename("hours")


def log_content_share(time_log: pd.DataFrame) -> float:
    """Share of the logged hours spent making content (:data:`CONTENT_TASKS`)."""
    return content_share(hours_by_task(time_log).to_dict())


def typical_week(time_log: pd.DataFrame) -> dict[str, float]:
    """Average hours per week for each task: hours in the log / weeks the log covers."""
    log = _check_log(time_log)
    if log.empty:
        return {t: 0.0 for t in TASKS}
    weeks = ((log["date"].max() - log["date"].min()).days + 1) / 7
    hours = hours_by_task(log)
    return {t: round(float(hours.get(t, 0.0)) / weeks, 2) for t in TASKS}


def weekly_hours(time_log: pd.DataFrame) -> pd.Series:
    """Hours logged each week (weeks from Monday to Sunday, labelled by their Monday);
    weeks with nothing logged are 0."""
    log = _check_log(time_log)
    weeks = log["date"].dt.to_period("W-SUN").dt.start_time
    hours = log.groupby(weeks)["minutes"].sum() / 60
    if hours.empty:
        return hours.rename("hours")
    full = pd.date_range(hours.index.min(), hours.index.max(), freq="7D")
    return hours.reindex(full, fill_value=0.0).rename_axis("week").rename("hours")


def worst_week(time_log: pd.DataFrame) -> dict:
    """The week that went off the rails: the most hours logged, against the median week."""
    weeks = weekly_hours(time_log)
    if weeks.empty:
        raise DataError(_("El registro de tiempo está vacío: no hay semanas que comparar."))
    week = weeks.idxmax()
    log = _check_log(time_log)
    in_week = log[(log["date"] >= week) & (log["date"] < week + pd.Timedelta(days=7))]
    median = float(weeks.median())
    return {"week": week, "hours": float(weeks.max()), "median": median,
            "ratio": float(weeks.max() / median) if median else math.inf,
            "by_task": hours_by_task(in_week)}


def task_ranges(businesses: list[str] | None = None) -> dict[str, tuple[float, float]]:
    """Lowest and highest average weekly hours of each task among the bundled businesses."""
    weeks = [typical_week(load_dataset(b, "time_log")) for b in (businesses or list_businesses())]
    return {t: (min(w[t] for w in weeks), max(w[t] for w in weeks)) for t in TASKS}


def task_range_notes(businesses: list[str] | None = None) -> dict[str, str]:
    """Short text beside each task of the inventory: the range in the example businesses."""
    return {t: _("negocios de ejemplo: {low}–{high} h/semana").format(
                low=fmt_number(low, 1), high=fmt_number(high, 1))
            for t, (low, high) in task_ranges(businesses).items()}


def default_split(weekly_hours, shares: Mapping[str, float] | None = None) -> dict[str, float]:
    """Split ``weekly_hours`` across the tasks (default shares: content first, as surveys say)."""
    total = number(weekly_hours, _("las horas por semana"), maximum=HOURS_PER_WEEK)
    shares = shares or DEFAULT_SHARES
    norm = sum(shares.values()) or 1
    return {t: round(total * shares.get(t, 0) / norm, 2) for t in TASKS}


#: A plausible week when nothing better is known (content creation takes the most time).
DEFAULT_SHARES = {"content_creation": 0.2, "photo_video": 0.25, "writing": 0.15,
                  "publishing": 0.05, "replying": 0.2, "measuring": 0.05, "learning": 0.1}


@dataclass(frozen=True)
class InventoryStart:
    """What the time inventory shows before the learner types anything, and whose it is.

    ``source``: ``"saved"`` (her time budget, as she saved it), ``"profile"`` (her weekly
    hours split by :func:`default_split`) or ``"example"`` (no profile of hers yet: the
    example business's typical week, to be labelled as such).
    """

    hours: dict[str, float]
    hourly_cost: float
    tools: float
    ads: float
    currency: str
    source: str


def _amount(value) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok and value >= 0 else None


def inventory_start(profile: Mapping, saved: Mapping | None = None,
                    example_hours: Mapping[str, float] | None = None) -> InventoryStart:
    """Her saved budget first; else her profile's hours split by task; the example's week
    only when the profile is the example's (``example_hours``, its typical week)."""
    currency = str(profile.get("currency") or "EUR")
    hourly = _amount(profile.get("hourly_cost"))
    hourly = 15.0 if hourly is None else hourly
    tasks = saved.get("hours_per_week") if isinstance(saved, Mapping) else None
    if isinstance(tasks, Mapping) and any(_amount(tasks.get(t)) is not None for t in TASKS):
        cost = _amount(saved.get("hourly_cost"))
        return InventoryStart({t: _amount(tasks.get(t)) or 0.0 for t in TASKS},
                              hourly if cost is None else cost,
                              _amount(saved.get("tools_per_month")) or 0.0,
                              _amount(saved.get("ads_per_month")) or 0.0,
                              str(saved.get("currency") or currency), "saved")
    if is_example(profile) and example_hours:
        return InventoryStart({t: float(example_hours.get(t, 0)) for t in TASKS}, hourly, 0.0, 0.0,
                              currency, "example")
    return InventoryStart(default_split(_amount(profile.get("hours_per_week")) or 0), hourly,
                          0.0, 0.0, currency, "profile")


def time_budget_section(breakdown: CostBreakdown, year: FirstYear | None = None) -> dict:
    """The plan's ``time_budget`` section: the inventory, its monthly and yearly cost,
    and the first year with the learning curve when given."""
    section = breakdown.to_plan()
    if year is not None:
        section["first_year_hours"] = round(year.hours_with, 1)
        section["first_year_cost"] = round(year.cost_with, 2)
    return section


# --- ROI and CAC on the bundled data -----------------------------------------------------

ATTRIBUTIONS = ("last_click", "assisted")
ATTRIBUTION_LABELS = {
    "last_click": N_("Último clic: solo pedidos cuyo último paso fue una red social"),
    "assisted": N_("Último clic y asistidos: también pedidos en los que una red ayudó"),
}


@dataclass(frozen=True)
class SocialResults:
    """A year of social media of one business: what it brought and what it cost.

    Revenue and new customers are those attributed to social media: orders
    (last click, plus assisted ones with ``attribution="assisted"``) times the
    average ticket; new customers in the same proportion as orders.
    """

    business: str
    attribution: str
    orders: int
    social_orders: int
    revenue: float           # attributed to social media
    new_customers: float     # attributed to social media
    ads: float               # boosted posts (posts.spend)
    tools: float             # none in the bundled data
    hours: float             # logged in time_log
    hourly_cost: float       # from the business profile
    currency: str


def results(business: str, attribution: str = "last_click") -> SocialResults:
    """What social media brought one bundled business in its year, and what it cost."""
    if attribution not in ATTRIBUTIONS:
        raise InvalidInputError(_("Elige cómo atribuir las ventas: {choices}.").format(
            choices=", ".join(ATTRIBUTIONS)))
    return _results(business, attribution, business_info(business)["currency"],
                    load_dataset(business, "sales"), load_dataset(business, "posts"),
                    load_dataset(business, "time_log"),
                    float(business_info(business)["hourly_cost"]))


def _results(business, attribution, currency, sales, posts, time_log, hourly_cost) -> SocialResults:
    orders = int(sales["orders"].sum())
    social = int(sales["social_last_click_orders"].sum())
    if attribution == "assisted":
        social += int(sales["social_assisted_orders"].sum())
    if orders == 0:
        raise DataError(_("No hay pedidos en los datos de ventas: no puedo atribuir nada."))
    share = social / orders
    return SocialResults(
        business=business, attribution=attribution, orders=orders, social_orders=social,
        revenue=float(sales["revenue"].sum()) * share,
        new_customers=float(sales["new_customers"].sum()) * share,
        ads=float(posts["spend"].sum()), tools=0.0,
        hours=float(hours_by_task(time_log).sum()), hourly_cost=hourly_cost, currency=currency)


def roi_cac_table(res: SocialResults, hourly_cost=None, tools=None) -> list[dict]:
    """ROI and CAC three ways: ads only; ads and tools; ads, tools and hours.

    ``hourly_cost`` and ``tools`` (for the whole period) override those of ``res``.
    A way whose cost is zero has no ROI or CAC (NaN), as there is nothing to divide by.
    """
    hourly = res.hourly_cost if hourly_cost is None else number(hourly_cost, _("el coste por hora"))
    tools = res.tools if tools is None else number(tools, _("el gasto en herramientas"))
    ways = [
        (N_("Solo anuncios"), res.ads, 0.0, 0.0),
        (N_("Anuncios y herramientas"), res.ads, tools, 0.0),
        (N_("Anuncios, herramientas y horas"), res.ads, tools, res.hours),
    ]
    rows = []
    for label, ads, tool, hours in ways:
        cost = _period_cost(ads, tool, hours, hourly)
        rows.append({"label": _(label), "cost": cost,
                     "roi": roi(res.revenue, ads, tool, hours, hourly) if cost else math.nan,
                     "cac": (cac(res.new_customers, ads, tool, hours, hourly)
                             if cost and res.new_customers else math.nan)})
    return rows


# --- Charts (matplotlib Figures, built on demand: importing rumbo stays cheap) -----------


# --- Tables for the notebook (Spanish labels, numbers already formatted) -----------------


def plan_case_table(case: PlanCase, currency: str = "EUR") -> pd.DataFrame:
    """The seed-002 case as a two-column table a learner reads top to bottom."""
    after = (_("sin publicaciones: {price} que no produjeron nada ese mes").format(
                 price=money(case.price, currency)) if math.isinf(case.cost_per_post_after)
             else money(case.cost_per_post_after, currency))
    rows = [
        (_("Precio del plan para el comercio"), money(case.price, currency)),
        (_("Horas de trabajo experto incluidas"), tc_hours(case.hours)),
        (_("Coste de cada hora experta"), money(case.expert_hourly, currency)),
        (_("Mantenimiento semanal (las horas de tu perfil)"), tc_hours(case.upkeep_hours)),
        (_("Valor de un mes de mantenimiento"), money(case.upkeep_month, currency)),
        (_("Lo que cuesta de verdad el primer mes (plan + mantenimiento)"),
         money(case.true_first_month, currency)),
        (_("Publicaciones el mes siguiente"), fmt_number(case.posts_after)),
        (_("Precio del plan por publicación del mes siguiente"), after),
    ]
    return pd.DataFrame(rows, columns=[_("Concepto"), _("Valor")])


def tc_hours(hours: float) -> str:
    return _("{hours} h").format(hours=fmt_hours(round(hours, 1)))


def hours_by_task_table(time_log: pd.DataFrame) -> pd.DataFrame:
    """Hours per task with Spanish labels and each task's share of the total."""
    hours = hours_by_task(time_log)
    total = hours.sum()
    return pd.DataFrame({
        _("Tarea"): [_(TASK_LABELS[t]) if t in TASK_LABELS else str(t) for t in hours.index],
        _("Horas en el año"): [fmt_number(h, 1) for h in hours],
        _("Parte del total"): [fmt_percent(h / total, 0) if total else "—" for h in hours],
    })


# --- Helpers the notebook shows (each one sentence or one small table) -------------------

#: The bundled business that lived the seed-002 story (a subsidised plan, then silence).
PLAN_BUSINESS = "panaderia"


def month_after_plan(days: int = 30) -> dict:
    """Posts and logged hours of the bakery in the ``days`` after its subsidised plan ended."""
    start = pd.Timestamp(PLAN_END) + pd.Timedelta(days=1)
    end = start + pd.Timedelta(days=days)
    posts = load_dataset(PLAN_BUSINESS, "posts")
    log = _check_log(load_dataset(PLAN_BUSINESS, "time_log"))
    in_posts = posts[(posts["published_at"] >= start) & (posts["published_at"] < end)]
    in_log = log[(log["date"] >= start) & (log["date"] < end)]
    return {"start": start, "end": end - pd.Timedelta(days=1), "posts": int(len(in_posts)),
            "hours": float(in_log["minutes"].sum() / 60)}


def seed_case(profile: dict) -> PlanCase:
    """The 35 h / 600 EUR plan with the month after it as the bakery's data tell it.

    The upkeep is the profile's weekly hours, valued at the profile's hourly cost
    when it is in euros, else at the usual Spanish freelance rate (the story is in EUR).
    """
    price, hours = seed_plan()
    rate = (profile.get("hourly_cost") if profile.get("currency") == "EUR"
            else fact("freelance_hourly").value)
    return plan_case(price, hours, profile.get("hours_per_week", 0), rate,
                     month_after_plan()["posts"])


def first_year_table(year: FirstYear, currency: str) -> pd.DataFrame:
    """The first year with and without the learning curve, side by side."""
    return pd.DataFrame({
        _("Primer año"): [_("Sin curva de aprendizaje"), _("Con curva de aprendizaje"),
                          _("Diferencia")],
        _("Horas"): [fmt_number(year.hours_without), fmt_number(year.hours_with),
                     fmt_number(year.extra_hours)],
        _("Coste"): [money(year.cost_without, currency), money(year.cost_with, currency),
                     money(year.extra_cost, currency)],
    })


