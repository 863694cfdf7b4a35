"""Module 1: from a wish to a SMART objective, with a reality check.

Formulas (a "month" is 1/12 of a year; growth compounds):

- required monthly growth to go from ``start`` to ``target`` in ``months``:
  ``(target / start) ** (1 / months) - 1`` (100 -> 1,000,000 in 3 months needs
  about 2,054 % a month);
- projection: ``start * (1 + rate) ** months``;
- months to reach a target at a steady rate: ``log(target / start) / log(1 + rate)``;
- achievement ratio: ``(achieved - start) / (target - start)``, the share of the
  planned change that happened (1 = objective met, 0.5 = half-way).

The realism scale (:func:`realism_verdict`) compares a required monthly growth
with the follower-growth benchmarks of ``datasets/benchmarks.csv``:

============  ===========================================  ==========================
verdict       required monthly growth                       from
============  ===========================================  ==========================
realista      up to the top of the typical band (3 %)       ``follower_growth_typical``
ambicioso     up to the top of the campaign band (10 %)     ``follower_growth_campaign``
muy difícil   up to 2.5 x the campaign top (25 %)           course rule of thumb
milagro       above that                                    --
============  ===========================================  ==========================

The percentages are those of the bundled table (1-3 % a month typical for a
small account, 5-10 % only during a campaign); if the table changes, the scale
follows. The 2.5 factor (:data:`VERY_HARD_FACTOR`) is a course convention, not
a published figure: a month or two of a viral burst can reach it, nobody small
sustains it. The same scale is used as a rule of thumb for KPIs that have no
benchmark of their own (sales, visits...); for "lower is better" KPIs
(returns, response time) it is applied to the required monthly reduction.

Every function validates what a learner can type and raises
:class:`~rumbo.core.errors.InvalidInputError` with a message in their language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from rumbo.core.errors import InvalidInputError
from rumbo.core.numbers import optional_number
from rumbo.metrics import monthly_growth_rate
from rumbo.core.units import CHANNELS, DAYS_PER_MONTH, EXAMPLE_NETWORK, has_followers, network_label
from rumbo.data.facts import Fact, fact
from rumbo.core.i18n import fmt_number, fmt_percent, translator

_, N_, ngettext = translator("objectives")

#: Above these a typo is far likelier than a real goal.
MAX_COUNT = 1_000_000_000
MAX_MONTHS = 120
#: "muy difícil" ends at this multiple of the top of the campaign band (course convention).
VERY_HARD_FACTOR = 2.5
#: Benchmark keys read by the reality check.
TYPICAL_KEY, CAMPAIGN_KEY = "follower_growth_typical", "follower_growth_campaign"

VERDICTS = ("realista", "ambicioso", "muy_dificil", "milagro")
VERDICT_LABELS = {
    "realista": N_("realista"),
    "ambicioso": N_("ambicioso"),
    "muy_dificil": N_("muy difícil"),
    "milagro": N_("milagro"),
}
#: Verdicts an objective may have and still count as achievable.
ACHIEVABLE = ("realista", "ambicioso")


# --- numbers a learner types -----------------------------------------------------------


def _count(value, what: str, *, allow_zero: bool = False) -> float:
    number = optional_number(value, what)
    if number is None:
        raise InvalidInputError(_("{what}: falta el número.").format(what=what))
    if number < 0 or (number == 0 and not allow_zero):
        raise InvalidInputError(
            (_("{what}: pon un número de 0 en adelante, no negativo.") if allow_zero else
             _("{what}: pon un número mayor que cero (si empiezas de cero, pon 1).")).format(what=what))
    if number > MAX_COUNT:
        raise InvalidInputError(_("{what}: ¿{value}? Es más que nadie en ninguna red; parece un "
                                  "error de tecleo.").format(what=what, value=fmt_number(number)))
    return number


def _months(value, what: str | None = None) -> float:
    what = what or _("Los meses")
    number = optional_number(value, what)
    if number is None:
        raise InvalidInputError(_("{what}: falta el número.").format(what=what))
    if number <= 0:
        raise InvalidInputError(_("{what} tienen que ser más que cero: todo objetivo necesita "
                                  "tiempo.").format(what=what))
    if number > MAX_MONTHS:
        raise InvalidInputError(_("{what}: {value} es demasiado lejos para planificar; pon como "
                                  "máximo {limit} (diez años).").format(
                                      what=what, value=fmt_number(number, 1), limit=MAX_MONTHS))
    return number


def _rate(value, what: str | None = None) -> float:
    what = what or _("La tasa mensual")
    number = optional_number(value, what)
    if number is None:
        raise InvalidInputError(_("{what}: falta el número.").format(what=what))
    if number <= -1:
        raise InvalidInputError(_("{what} no puede ser de −100 % o menos: no quedaría nadie.").format(
            what=what))
    return number


def _safe_exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


# --- the formulas --------------------------------------------------------------------------


def required_monthly_growth(start, target, months) -> float:
    """Steady monthly growth (a ratio: 0.03 = 3 %) that takes ``start`` to ``target`` in ``months``.

    >>> round(required_monthly_growth(100, 1_000_000, 3), 2)
    20.54
    """
    start = _count(start, _("El punto de partida"))
    target = _count(target, _("El objetivo"))
    months = _months(months)
    return monthly_growth_rate(start, target, months)


def project(start, monthly_rate, months) -> float:
    """Where ``start`` ends after ``months`` at ``monthly_rate``: ``start * (1 + rate) ** months``."""
    start = _count(start, _("El punto de partida"), allow_zero=True)
    rate = _rate(monthly_rate)
    months = _months(months)
    if start == 0:
        return 0.0
    return start * _safe_exp(months * math.log1p(rate))


def trajectory(start, monthly_rate, months) -> pd.Series:
    """Month-by-month projection (month 0 to ``months``; the last point may be a fraction)."""
    months = _months(months)
    project(start, monthly_rate, months)  # validates
    steps = [float(m) for m in range(int(math.floor(months)) + 1)]
    if steps[-1] < months:
        steps.append(months)
    start, rate = float(optional_number(start, "")), float(monthly_rate)
    values = [start * _safe_exp(m * math.log1p(rate)) for m in steps]
    return pd.Series(values, index=pd.Index(steps, name="month"), dtype=float)


def months_to_reach(start, target, monthly_rate) -> float:
    """Months that ``start`` needs to reach ``target`` at ``monthly_rate`` (``inf``: never).

    0 if the target is already reached.
    """
    start = _count(start, _("El punto de partida"))
    target = _count(target, _("El objetivo"))
    rate = _rate(monthly_rate)
    if target <= start:
        return 0.0
    if rate <= 0:
        return math.inf
    return math.log(target / start) / math.log1p(rate)


def achievement_ratio(start, target, achieved) -> float:
    """Share of the planned change achieved: ``(achieved - start) / (target - start)``.

    Works for "lower is better" KPIs too (returns from 10 % to 3 %, achieved 5 %: 0.71).
    """
    start = optional_number(start, _("El punto de partida"))
    target = optional_number(target, _("El objetivo"))
    achieved = optional_number(achieved, _("El resultado"))
    if start is None or target is None or achieved is None:
        raise InvalidInputError(_("Faltan números: punto de partida, objetivo y resultado."))
    if target == start:
        raise InvalidInputError(_("El objetivo es igual al punto de partida: no hay ningún "
                                  "cambio que medir."))
    return (achieved - start) / (target - start)


def engaged_users(followers, engagement_rate) -> float:
    """People who interact: ``followers * engagement rate`` (a ratio, by followers)."""
    followers = _count(followers, _("Los seguidores"), allow_zero=True)
    rate = optional_number(engagement_rate, _("La tasa de interacción"))
    if rate is None:
        raise InvalidInputError(_("La tasa de interacción: falta el número."))
    if not 0 <= rate <= 1:
        raise InvalidInputError(_("La tasa de interacción va de 0 a 1 (0,02 es un 2 %)."))
    return followers * rate


def returns_saving(orders, return_rate, reduction, cost_per_return) -> dict:
    """What fewer returns are worth: returns before/after and money saved per period.

    ``return_rate`` and ``reduction`` are ratios (0.10 = 10 % of orders come back;
    0.70 = 70 % fewer returns).
    """
    orders = _count(orders, _("Los pedidos"), allow_zero=True)
    for value, what in ((return_rate, _("La tasa de devoluciones")), (reduction, _("La reducción"))):
        number = optional_number(value, what)
        if number is None or not 0 <= number <= 1:
            raise InvalidInputError(_("{what} va de 0 a 1 (0,7 es un 70 %).").format(what=what))
    cost = optional_number(cost_per_return, _("El coste de cada devolución"))
    if cost is None or cost < 0:
        raise InvalidInputError(_("El coste de cada devolución no puede ser negativo ni estar "
                                  "vacío."))
    before = orders * float(return_rate)
    after = before * (1 - float(reduction))
    return {"returns_before": before, "returns_after": after, "returns_avoided": before - after,
            "saved": (before - after) * cost}


# --- benchmarks and the realism scale ------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """A row of the facts table (:mod:`rumbo.data.facts`) as the realism scale reads it:
    ``value``, ``low`` and ``high`` as ratios (a missing end of the range is the value)."""

    fact: Fact

    @property
    def key(self) -> str:
        return self.fact.key

    @property
    def value(self) -> float:
        return self.fact.ratio("value")

    @property
    def low(self) -> float:
        low = self.fact.ratio("low")
        return self.value if low is None else low

    @property
    def high(self) -> float:
        high = self.fact.ratio("high")
        return self.value if high is None else high

    @property
    def source(self) -> str:
        return self.fact.source

    @property
    def year(self) -> str:
        return "" if self.fact.year is None else str(self.fact.year)

    @property
    def note(self) -> str:
        return self.fact.note


def benchmark(key: str, bench: pd.DataFrame | None = None, network: str | None = None) -> Benchmark:
    """Row ``key`` of the facts table (the bundled one, or ``bench``); the row for ``network``
    if there is one. The bundled table is read once (:func:`rumbo.data.facts.fact`)."""
    return Benchmark(fact(key, network, bench))


@dataclass(frozen=True)
class Thresholds:
    """Upper limits (monthly growth, ratios) of the first three verdicts."""

    realista: float
    ambicioso: float
    muy_dificil: float
    typical: Benchmark | None = None
    campaign: Benchmark | None = None


def thresholds(bench: pd.DataFrame | None = None) -> Thresholds:
    """The realism scale from the benchmark table (see the module docstring)."""
    typical = benchmark(TYPICAL_KEY, bench)
    campaign = benchmark(CAMPAIGN_KEY, bench)
    return Thresholds(typical.high, campaign.high, campaign.high * VERY_HARD_FACTOR, typical, campaign)


@dataclass(frozen=True)
class Verdict:
    level: str          # one of VERDICTS
    rate: float         # the required monthly change judged
    reason: str         # one line, in the learner's language

    @property
    def label(self) -> str:
        return _(VERDICT_LABELS[self.level])

    @property
    def achievable(self) -> bool:
        return self.level in ACHIEVABLE


def realism_verdict(monthly_rate, scale: Thresholds | None = None) -> Verdict:
    """Judge a required monthly growth: realista, ambicioso, muy difícil or milagro.

    ``scale`` defaults to :func:`thresholds` of the bundled benchmarks:
    realista <= 3 %, ambicioso <= 10 %, muy difícil <= 25 %, milagro above.
    A rate of zero or less (the target is already reached) is realista.
    """
    if isinstance(monthly_rate, float) and monthly_rate == math.inf:
        rate = math.inf  # a growth so large it overflows: still a verdict, not an error
    else:
        rate = optional_number(monthly_rate, _("La tasa mensual"))
    if rate is None:
        raise InvalidInputError(_("La tasa mensual: falta el número."))
    scale = scale or thresholds()
    shown = fmt_percent(rate, 1)
    if rate <= 0:
        return Verdict("realista", rate, _("Ya tienes esa cifra: el objetivo es mantenerla."))
    if rate <= scale.realista:
        return Verdict("realista", rate, _(
            "{rate} al mes está dentro de lo que crece una cuenta pequeña normalmente (hasta "
            "{limit}).").format(rate=shown, limit=fmt_percent(scale.realista, 0)))
    if rate <= scale.ambicioso:
        return Verdict("ambicioso", rate, _(
            "{rate} al mes solo se ve con una campaña activa (hasta {limit}): planifícala y "
            "presupuéstala.").format(rate=shown, limit=fmt_percent(scale.ambicioso, 0)))
    if rate <= scale.muy_dificil:
        return Verdict("muy_dificil", rate, _(
            "{rate} al mes supera a una buena campaña; sostenerlo varios meses casi no "
            "ocurre.").format(rate=shown))
    return Verdict("milagro", rate, _(
        "{rate} al mes, mes tras mes: ninguna cuenta pequeña crece así. Nadie hace "
        "milagros; cambia la meta o el plazo.").format(rate=shown))


# --- the reality check -----------------------------------------------------------------------


@dataclass(frozen=True)
class RealityCheck:
    start: float
    target: float
    months: float
    required: float
    verdict: Verdict
    typical: Benchmark
    campaign: Benchmark
    reach_typical: float          # where start gets in ``months`` at the top of the typical band
    reach_campaign: float         # ... at the top of the campaign band
    months_typical: float         # how long the target really takes at those rates
    months_campaign: float

    @property
    def log_scale(self) -> bool:
        """Chart on a log axis when the values span more than a factor of 20."""
        values = [self.start, self.target, self.reach_typical, self.reach_campaign]
        return max(values) / max(min(values), 1e-9) > 20

    def trajectories(self) -> dict[str, pd.Series]:
        """The three month-by-month paths: required, typical, campaign."""
        required = trajectory(self.start, 0, self.months)
        required[:] = [self.start * (self.target / self.start) ** (m / self.months)
                       for m in required.index]  # exact, even when the rate overflows
        return {
            "required": required,
            "typical": trajectory(self.start, self.typical.high, self.months),
            "campaign": trajectory(self.start, self.campaign.high, self.months),
        }


def reality_check(start, target, months, bench: pd.DataFrame | None = None) -> RealityCheck:
    """Compare the growth an objective needs with what small accounts achieve.

    The typical and campaign projections use the *top* of each benchmark band
    (3 % and 10 % a month in the bundled table): the best case, so the verdict
    is generous, never alarmist.
    """
    required = required_monthly_growth(start, target, months)
    scale = thresholds(bench)
    start, target, months = float(optional_number(start, "")), float(optional_number(target, "")), \
        float(optional_number(months, ""))
    return RealityCheck(
        start=start, target=target, months=months, required=required,
        verdict=realism_verdict(required, scale),
        typical=scale.typical, campaign=scale.campaign,
        reach_typical=project(start, scale.typical.high, months),
        reach_campaign=project(start, scale.campaign.high, months),
        months_typical=months_to_reach(start, target, scale.typical.high),
        months_campaign=months_to_reach(start, target, scale.campaign.high),
    )


def growth_networks(networks) -> list[str]:
    """The networks the follower-growth check applies to: the profile's social networks
    (Google's and WhatsApp's business tools have no followers), else :data:`EXAMPLE_NETWORK`."""
    return [n for n in networks or [] if has_followers(n)] or [EXAMPLE_NETWORK]


def growth_note(networks) -> str:
    """Why the profile's business channels are not in the follower-growth check, and what to
    aim at there instead ("" when the profile has none)."""
    without = [network_label(n) for n in CHANNELS if n in (networks or []) and not has_followers(n)]
    if not without:
        return ""
    note = ngettext(
        "{names} no tiene seguidores, así que no entra en este cálculo: para él, fija en «Tus "
        "objetivos SMART» una meta de visitas a la web, ventas o tiempo de respuesta.",
        "{names} no tienen seguidores, así que no entran en este cálculo: para ellos, fija en «Tus "
        "objetivos SMART» una meta de visitas a la web, ventas o tiempo de respuesta.",
        len(without)).format(names=_join(without))
    if not any(has_followers(n) for n in networks):
        note += " " + _("Como tu perfil no tiene ninguna red social, el cálculo usa {network} "
                        "de ejemplo.").format(network=network_label(EXAMPLE_NETWORK))
    return note


def growth_table(bench: pd.DataFrame | None = None) -> pd.DataFrame:
    """The follower-growth benchmarks as the learner reads them, with source and year."""
    rows = []
    for label, key in ((_("Crecimiento típico"), TYPICAL_KEY), (_("Durante una campaña"), CAMPAIGN_KEY)):
        b = benchmark(key, bench)
        rows.append({_("Referencia"): label, _("Mínimo al mes"): fmt_percent(b.low, 0),
                     _("Máximo al mes"): fmt_percent(b.high, 0), _("Fuente"): b.fact.cite(),
                     _("Año"): b.fact.year_label(), _("Nota"): b.note})
    return pd.DataFrame(rows).set_index(_("Referencia"))


def scale_table(bench: pd.DataFrame | None = None) -> pd.DataFrame:
    """The realism scale: each verdict and the monthly growth it covers."""
    scale = thresholds(bench)
    limits = [("realista", _("hasta {limit}").format(limit=fmt_percent(scale.realista, 0))),
              ("ambicioso", _("hasta {limit}").format(limit=fmt_percent(scale.ambicioso, 0))),
              ("muy_dificil", _("hasta {limit}").format(limit=fmt_percent(scale.muy_dificil, 0))),
              ("milagro", _("más de {limit}").format(limit=fmt_percent(scale.muy_dificil, 0)))]
    return pd.DataFrame([{_("Veredicto"): _(VERDICT_LABELS[level]),
                          _("Crecimiento mensual necesario"): text} for level, text in limits]
                        ).set_index(_("Veredicto"))


def fmt_months(months: float) -> str:
    """``14.2`` -> "14,2 meses"; ``30`` -> "2,5 años"; ``inf`` -> "nunca"."""
    if math.isinf(months):
        return _("nunca a ese ritmo")
    if months == 0:
        return _("ya alcanzado")
    if months >= 24:
        return _("{years} años").format(years=fmt_number(months / 12, 1))
    return _("{months} meses").format(months=fmt_number(months, 1))


def _fmt_months_number(months: float) -> str:
    return fmt_number(months, 0 if months == int(months) else 1)


def reality_rows(check: RealityCheck) -> list[tuple[str, str]]:
    """Label/value rows of a reality check, formatted for the learner."""
    return [
        (_("Crecimiento mensual necesario"), fmt_percent(check.required, 1)),
        (_("Veredicto"), f"{check.verdict.label}: {check.verdict.reason}"),
        (_("Crecimiento típico de una cuenta pequeña"),
         _("{low}–{high} al mes ({source})").format(
             low=fmt_percent(check.typical.low, 0), high=fmt_percent(check.typical.high, 0),
             source=check.typical.fact.cite())),
        (_("Con una campaña activa"),
         _("{low}–{high} al mes ({source})").format(
             low=fmt_percent(check.campaign.low, 0), high=fmt_percent(check.campaign.high, 0),
             source=check.campaign.fact.cite())),
        (_("En {months} meses, a ritmo típico ({rate})").format(
            months=_fmt_months_number(check.months), rate=fmt_percent(check.typical.high, 0)),
         fmt_number(check.reach_typical)),
        (_("En {months} meses, con campaña ({rate})").format(
            months=_fmt_months_number(check.months), rate=fmt_percent(check.campaign.high, 0)),
         fmt_number(check.reach_campaign)),
        (_("Tiempo real hasta el objetivo, a ritmo típico"), fmt_months(check.months_typical)),
        (_("Tiempo real hasta el objetivo, con campaña"), fmt_months(check.months_campaign)),
    ]


# --- the event next Monday ---------------------------------------------------------------------


@dataclass(frozen=True)
class EventCheck:
    days_left: float
    followers: float
    posts_possible: int
    reach_per_post: float        # followers x organic reach share
    people_reached: float        # distinct people, at most: min(followers, posts x reach per post)
    new_followers: float         # at the top of the campaign band, for those days
    reach_source: str
    growth_source: str


def event_check(days_left, followers, posts_per_day=1, bench: pd.DataFrame | None = None,
                reach_key: str = "fb_organic_reach_share") -> EventCheck:
    """What an "aggressive campaign" can do in the days left before an event.

    Reach per post = followers x organic reach share (``reach_key`` in the
    benchmark table); people reached is capped by the followers (the same
    people see several posts); new followers at the top of the campaign band.
    """
    days = optional_number(days_left, _("Los días que faltan"))
    if days is None or days <= 0:
        raise InvalidInputError(_("Los días que faltan tienen que ser más que cero: si el evento ya "
                                  "pasó, ya no hay campaña."))
    if days > 3650:
        raise InvalidInputError(_("Los días que faltan: pon como mucho 3650 (diez años)."))
    followers = _count(followers, _("Los seguidores"), allow_zero=True)
    per_day = optional_number(posts_per_day, _("Las publicaciones al día"))
    if per_day is None or per_day <= 0 or per_day > 24:
        raise InvalidInputError(_("Las publicaciones al día van de más de 0 a 24."))
    reach = benchmark(reach_key, bench)
    campaign = benchmark(CAMPAIGN_KEY, bench)
    posts = int(math.floor(days * per_day))
    per_post = followers * reach.value
    months = days / DAYS_PER_MONTH
    return EventCheck(days, followers, posts, per_post, min(followers, posts * per_post),
                      followers * (_safe_exp(months * math.log1p(campaign.high)) - 1),
                      reach.fact.cite(), campaign.fact.cite())


def days_until(event: date | str, today: date) -> int:
    """Whole days from ``today`` to ``event`` (negative if it already happened)."""
    return (parse_date(event, _("La fecha del evento")) - today).days


# --- SMART objectives --------------------------------------------------------------------------


@dataclass(frozen=True)
class KPI:
    label: str
    direction: str   # "up": more is better; "down": less is better
    percent: bool    # typed as a percentage (0-100)


#: KPIs the checker knows. Labels are translated where shown.
KPIS = {
    "followers": KPI(N_("seguidores"), "up", False),
    "engaged_users": KPI(N_("personas que interactúan al mes"), "up", False),
    "engagement_rate": KPI(N_("tasa de interacción por alcance (%)"), "up", True),
    "reach": KPI(N_("alcance mensual"), "up", False),
    "web_visits": KPI(N_("visitas a la web desde redes al mes"), "up", False),
    "sales": KPI(N_("ventas atribuidas a redes al mes"), "up", False),
    "return_rate": KPI(N_("tasa de devoluciones (%)"), "down", True),
    "response_time": KPI(N_("tiempo de respuesta (horas)"), "down", False),
    "event_signups": KPI(N_("inscritos al evento"), "up", False),
}

#: Business goals and the KPIs that measure progress towards each. Selling more is measured by
#: sales and visits: likes and interactions mostly record decisions already made (module 1).
GOALS = {
    "sell_more": (N_("vender más"), ("sales", "web_visits")),
    "fewer_returns": (N_("menos devoluciones"), ("return_rate", "response_time")),
    "fill_event": (N_("llenar un evento"), ("event_signups", "reach", "engaged_users")),
    "loyalty": (N_("clientes más fieles"), ("engaged_users", "engagement_rate", "response_time")),
    "awareness": (N_("que más gente nos conozca"), ("followers", "reach", "engaged_users")),
}

CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
CRITERIA_LABELS = {
    "specific": N_("Específico"),
    "measurable": N_("Medible"),
    "achievable": N_("Alcanzable"),
    "relevant": N_("Relevante"),
    "time_bound": N_("Con fecha"),
}


def parse_date(value, what: str) -> date:
    """A date from a ``date``, an ISO text (``2026-06-30``) or ``30/06/2026``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value or "").strip()
    if not raw:
        raise InvalidInputError(_("{what}: falta la fecha.").format(what=what))
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise InvalidInputError(_("{what}: «{value}» no es una fecha. Escríbela como 30/06/2026.").format(
        what=what, value=raw))


@dataclass
class Objective:
    """A social-media objective as a learner writes it (any field may be missing)."""

    text: str = ""
    goal: str | None = None        # key of GOALS
    kpi: str | None = None         # key of KPIS
    network: str | None = None     # e.g. "instagram"; "all" for every network
    start: object = None           # number or text as typed
    target: object = None
    deadline: object = None        # date or text

    def as_dict(self) -> dict:
        return {"text": self.text, "goal": self.goal, "kpi": self.kpi, "network": self.network,
                "start": self.start, "target": self.target, "deadline": self.deadline}


@dataclass(frozen=True)
class Finding:
    criterion: str
    ok: bool
    message: str

    @property
    def label(self) -> str:
        return _(CRITERIA_LABELS[self.criterion])


@dataclass
class SmartReport:
    objective: Objective
    findings: list[Finding]
    start: float | None = None
    target: float | None = None
    deadline: date | None = None
    months: float | None = None
    verdict: Verdict | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def is_smart(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def missing(self) -> list[str]:
        return [f.message for f in self.findings if not f.ok]

    def by_criterion(self) -> dict[str, bool]:
        return {f.criterion: f.ok for f in self.findings}


def _monthly_change(kpi: KPI, start: float, target: float, months: float) -> float:
    """Required monthly growth (up KPIs) or monthly reduction (down KPIs), as a ratio."""
    if kpi.direction == "down":
        if target == 0:
            return 1.0
        return -monthly_growth_rate(start, target, months)
    return monthly_growth_rate(start, target, months)


def _join(parts: list[str]) -> str:
    """«a», «a y b», «a, b y c»."""
    return parts[0] if len(parts) == 1 else _("{first} y {last}").format(
        first=", ".join(parts[:-1]), last=parts[-1])


def _blocking(objective: Objective, kpi: KPI | None, report: SmartReport) -> list[str]:
    """What stops the realism check, each part named for what it is: missing, or wrong
    (then its own row of the check says why). A wrong date alone names only the date."""
    parts = []
    measurable, dated = (_(CRITERIA_LABELS[c]) for c in ("measurable", "time_bound"))
    if kpi is None:
        parts.append(_("falta el KPI (qué vas a medir)") if not objective.kpi else
                     _("el KPI «{kpi}» no está en la lista").format(kpi=objective.kpi))
    if report.target is None:
        if objective.target in (None, ""):
            parts.append(_("falta la meta"))
        elif objective.start in (None, ""):
            parts.append(_("falta el punto de partida"))
        else:
            parts.append(_("los números no cuadran (mira «{row}»)").format(row=measurable))
    if report.months is None:
        parts.append(_("falta la fecha límite") if objective.deadline in (None, "") else
                     _("la fecha límite no vale (mira «{row}»)").format(row=dated))
    return parts


def check_smart(objective: Objective, today: date, bench: pd.DataFrame | None = None) -> SmartReport:
    """Check an objective criterion by criterion; never raises on what is missing.

    - Específico: says what is measured (a known KPI) and where (a network).
    - Medible: a start and a target number, the target better than the start
      (higher, or lower for "lower is better" KPIs), percentages within 0-100.
    - Alcanzable: the required monthly change is realista or ambicioso on the
      realism scale (:func:`realism_verdict`).
    - Relevante: the KPI measures the chosen business goal (:data:`GOALS`).
    - Con fecha: a valid deadline after ``today``, within ten years.
    """
    findings: dict[str, Finding] = {}
    report = SmartReport(objective, [])
    kpi = KPIS.get(objective.kpi or "")

    # S
    if not objective.kpi:
        findings["specific"] = Finding("specific", False, _("No dice qué vas a medir: elige un KPI."))
    elif kpi is None:
        findings["specific"] = Finding("specific", False, _("No conozco el KPI «{kpi}»: elige uno de "
                                                            "la lista.").format(kpi=objective.kpi))
    elif not objective.network:
        findings["specific"] = Finding("specific", False, _("No dice en qué red: elige una (o «todas»)."))
    elif objective.kpi == "followers" and objective.network in CHANNELS and not has_followers(
            objective.network):
        findings["specific"] = Finding("specific", False, _(
            "{network} no tiene seguidores: mide otra cosa (visitas a la web, ventas, tiempo de "
            "respuesta) o elige una red social.").format(network=network_label(objective.network)))
    else:
        findings["specific"] = Finding("specific", True, _("Dice qué se mide y dónde."))

    # M
    try:
        start = optional_number(objective.start, _("El punto de partida"))
        target = optional_number(objective.target, _("El objetivo"))
        problem = None
    except InvalidInputError as exc:
        start = target = None
        problem = str(exc)
    if problem is None:
        if target is None:
            problem = _("Sin número: ¿a cuánto quieres llegar?")
        elif start is None:
            problem = _("Sin punto de partida: ¿cuánto tienes hoy?")
        elif start < 0 or target < 0:
            problem = _("Los valores no pueden ser negativos.")
        elif kpi is not None and kpi.percent and (start > 100 or target > 100):
            problem = _("Un porcentaje va de 0 a 100.")
        elif max(start, target) > MAX_COUNT:
            problem = _("¿Más de mil millones? Parece un error de tecleo.")
        elif target == start:
            problem = _("La meta es igual al punto de partida: ¿qué quieres cambiar?")
        elif kpi is not None and (target < start) != (kpi.direction == "down"):
            problem = (_("Para este KPI menos es mejor, y tu meta es mayor que el punto de partida.")
                       if kpi.direction == "down" else
                       _("Para este KPI más es mejor, y tu meta es menor que el punto de partida."))
    if problem:
        findings["measurable"] = Finding("measurable", False, problem)
    else:
        report.start, report.target = start, target
        findings["measurable"] = Finding("measurable", True, _("Tiene punto de partida y meta."))

    # T
    if objective.deadline in (None, ""):
        findings["time_bound"] = Finding("time_bound", False, _("Sin fecha: ¿para cuándo?"))
    else:
        try:
            deadline = parse_date(objective.deadline, _("La fecha límite"))
        except InvalidInputError as exc:
            findings["time_bound"] = Finding("time_bound", False, str(exc))
        else:
            if deadline <= today:
                findings["time_bound"] = Finding("time_bound", False, _(
                    "La fecha {date} ya pasó o es hoy: elige una futura.").format(
                        date=deadline.strftime("%d/%m/%Y")))
            elif (deadline - today).days / DAYS_PER_MONTH > MAX_MONTHS:
                findings["time_bound"] = Finding("time_bound", False, _(
                    "Más de diez años es demasiado lejos para planificar: pon una etapa más cercana."))
            else:
                report.deadline = deadline
                report.months = (deadline - today).days / DAYS_PER_MONTH
                findings["time_bound"] = Finding("time_bound", True, _(
                    "Fecha límite: {date} (dentro de {months} meses).").format(
                        date=deadline.strftime("%d/%m/%Y"), months=fmt_number(report.months, 1)))

    # A
    if kpi is None or report.target is None or report.months is None:
        findings["achievable"] = Finding("achievable", False, _(
            "No puedo comprobar si es alcanzable: {what}.").format(
                what=_join(_blocking(objective, kpi, report))))
    elif report.start == 0:
        findings["achievable"] = Finding("achievable", False, _(
            "Partiendo de 0 no se puede calcular un ritmo: pon lo que tienes hoy (al menos 1)."))
    else:
        change = _monthly_change(kpi, report.start, report.target, report.months)
        report.verdict = realism_verdict(change, thresholds(bench))
        what = (_("una reducción de {rate} al mes") if kpi.direction == "down" else
                _("un crecimiento de {rate} al mes")).format(rate=fmt_percent(change, 1))
        if report.verdict.achievable:
            findings["achievable"] = Finding("achievable", True, _(
                "Alcanzable: pide {what} ({verdict}).").format(what=what, verdict=report.verdict.label))
        else:
            findings["achievable"] = Finding("achievable", False, _(
                "No es alcanzable: pide {what} ({verdict}). Mira la comprobación de "
                "realidad.").format(what=what, verdict=report.verdict.label))
        if objective.kpi != "followers":
            report.notes.append(_("Para este KPI no hay una referencia publicada: la escala de "
                                  "seguidores sirve solo como orientación."))

    # R
    if not objective.goal:
        findings["relevant"] = Finding("relevant", False, _(
            "No dice a qué objetivo del negocio sirve."))
    elif objective.goal not in GOALS:
        findings["relevant"] = Finding("relevant", False, _(
            "No conozco el objetivo de negocio «{goal}».").format(goal=objective.goal))
    elif kpi is None or objective.kpi not in GOALS[objective.goal][1]:
        findings["relevant"] = Finding("relevant", False, _(
            "No está relacionado con el objetivo del negocio («{goal}»): elige un KPI que lo "
            "mida.").format(goal=_(GOALS[objective.goal][0])))
    else:
        findings["relevant"] = Finding("relevant", True, _("Mide el progreso hacia «{goal}».").format(
            goal=_(GOALS[objective.goal][0])))

    report.findings = [findings[c] for c in CRITERIA]
    return report


def describe(objective: Objective) -> str:
    """The objective as one sentence built from its fields (for the plan and tables)."""
    kpi = KPIS.get(objective.kpi or "")
    try:
        start = optional_number(objective.start, "")
        target = optional_number(objective.target, "")
        deadline = parse_date(objective.deadline, "") if objective.deadline else None
    except InvalidInputError:
        return objective.text
    if kpi is None or start is None or target is None or deadline is None:
        return objective.text
    network = (_("todas las redes") if objective.network == "all" else
               network_label(objective.network))
    digits = 1 if kpi.percent else 0
    sentence = _("{kpi}: de {start} a {target} en {network} antes del {date}.").format(
        start=fmt_number(start, digits), target=fmt_number(target, digits), kpi=_(kpi.label),
        network=network, date=deadline.strftime("%d/%m/%Y"))
    return sentence[:1].upper() + sentence[1:]


def smart_table(objectives: list[Objective], today: date,
                bench: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per objective, one ✅/❌ column per criterion, and what is missing."""
    rows = []
    for objective in objectives:
        report = check_smart(objective, today, bench)
        row = {_("Objetivo"): objective.text or describe(objective)}
        row.update({f.label: "✅" if f.ok else "❌" for f in report.findings})
        row[_("SMART")] = _("sí") if report.is_smart else _("no")
        row[_("Qué falta")] = " ".join(report.missing)
        rows.append(row)
    return pd.DataFrame(rows)


def objective_record(report: SmartReport) -> dict:
    """The plan's ``objectives`` entry (plain JSON: text, kpi, network, numbers, ISO date, findings)."""
    objective = report.objective
    return {
        "text": objective.text.strip() or describe(objective),
        "goal": objective.goal,
        "kpi": objective.kpi,
        "network": objective.network,
        "start": report.start,
        "target": report.target,
        "deadline": report.deadline.isoformat() if report.deadline else None,
        "smart": {f.criterion: {"ok": f.ok, "message": f.message} for f in report.findings},
        "is_smart": report.is_smart,
        "verdict": report.verdict.level if report.verdict else None,
    }


# --- milestones ---------------------------------------------------------------------------------


def milestone_ladder(start, target, start_date, deadline, stages: int = 3) -> list[dict]:
    """Split an objective into ``stages`` steps with evenly spaced dates.

    Values follow the steady (compound) path between start and target, so
    each step asks the same monthly effort; a zero at either end falls back
    to a straight line. Each step is a place to stop, look back and celebrate.
    Returns plain dicts: ``stage``, ``date`` (ISO), ``value``, ``share`` (of the
    planned change done by then).
    """
    start = optional_number(start, _("El punto de partida"))
    target = optional_number(target, _("El objetivo"))
    if start is None or target is None:
        raise InvalidInputError(_("Para repartir el objetivo en etapas necesito el punto de "
                                  "partida y la meta."))
    if start < 0 or target < 0:
        raise InvalidInputError(_("Los valores no pueden ser negativos."))
    if start == target:
        raise InvalidInputError(_("La meta es igual al punto de partida: no hay etapas que marcar."))
    first = parse_date(start_date, _("La fecha de inicio"))
    last = parse_date(deadline, _("La fecha límite"))
    if last <= first:
        raise InvalidInputError(_("La fecha límite tiene que ser posterior a la de inicio."))
    if isinstance(stages, bool) or not isinstance(stages, (int, float)) or stages != int(stages):
        raise InvalidInputError(_("Las etapas son un número entero, de 1 a 12."))
    stages = int(stages)
    if not 1 <= stages <= 12:
        raise InvalidInputError(_("Las etapas son un número entero, de 1 a 12."))
    span = (last - first).days
    if span < stages:
        raise InvalidInputError(_("Hay más etapas que días: usa menos etapas o una fecha más "
                                  "lejana."))
    geometric = start > 0 and target > 0
    ladder = []
    for k in range(1, stages + 1):
        fraction = k / stages
        value = (start * (target / start) ** fraction if geometric else
                 start + (target - start) * fraction)
        when = last if k == stages else first + timedelta(days=round(span * fraction))
        ladder.append({"stage": k, "date": when.isoformat(), "value": value,
                       "share": (value - start) / (target - start)})
    return ladder
