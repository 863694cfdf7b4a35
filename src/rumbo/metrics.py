"""The formula sheet: every metric the course teaches, in one place.

Rules the course insists on, applied here:
- Always name the denominator: engagement rate by reach, by followers or by
  impressions are different numbers.
- Sum first, then divide, for a period's rate (``ratio_of_sums``); the mean of
  per-post ratios gives small posts the same weight as big ones and reads
  higher on skewed data.
- Unknown values stay missing (NaN), never zero; a zero denominator gives NaN.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from rumbo.core.errors import InvalidInputError
from rumbo.core.numbers import parse_number
from rumbo.core.units import CHANNEL_LABELS, network_label
from rumbo.data.facts import facts
from rumbo.core.i18n import fmt_money, fmt_number, fmt_percent, translator
from rumbo.core.errors import DataError
from rumbo.data import business_info, load_dataset

_, N_, ngettext = translator("metrics")

DENOMINATORS = ("reach", "followers", "impressions")
AGGREGATES = ("ratio_of_sums", "mean_of_ratios", "median")

#: Interactions that count as engagement. Clicks are not engagement: they have CTR.
ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves")

#: Screen labels (translated where shown).
DENOMINATOR_LABELS = {
    "reach": N_("alcance"),
    "followers": N_("seguidores"),
    "impressions": N_("impresiones"),
}
AGGREGATE_LABELS = {
    "ratio_of_sums": N_("suma de interacciones / suma del denominador"),
    "mean_of_ratios": N_("media de las tasas por publicación"),
    "median": N_("mediana de las tasas por publicación"),
}


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise InvalidInputError(
            _("«{value}» no es un {what} válido. Elige uno de: {choices}.").format(
                value=value, what=what, choices=", ".join(choices))
        )


def engagements(posts: pd.DataFrame) -> pd.Series:
    """Likes + comments + shares (+ saves where the network reports them), per post.

    A missing ``saves`` (Facebook does not report it) counts as nothing saved
    for the sum, but a post with *all* interaction columns missing stays NaN.
    """
    present = [c for c in ENGAGEMENT_COLUMNS if c in posts.columns]
    values = posts[present]
    if not all(pd.api.types.is_numeric_dtype(t) for t in values.dtypes):
        values = values.apply(pd.to_numeric, errors="coerce")
    return values.sum(axis=1, min_count=1)


def engagement_rate(posts: pd.DataFrame, denominator: str = "reach",
                    aggregate: str = "ratio_of_sums") -> float:
    """Engagement rate of a set of posts as a ratio (0.02 = 2 %).

    ``denominator``: ``reach`` (Hootsuite's ERR), ``followers`` (Rival IQ) or
    ``impressions`` (Buffer). ``aggregate``: ``ratio_of_sums`` (sum of
    engagements / sum of the denominator: the period's rate), ``mean_of_ratios``
    or ``median`` of the per-post rates. Posts whose denominator is missing or
    zero are left out of every aggregate.
    """
    _check_choice(denominator, DENOMINATORS, _("denominador"))
    _check_choice(aggregate, AGGREGATES, _("agregado"))
    eng = engagements(posts)
    den = pd.to_numeric(posts[denominator], errors="coerce")
    usable = den.notna() & (den > 0) & eng.notna()
    eng, den = eng[usable], den[usable]
    if eng.empty:
        return math.nan
    if aggregate == "ratio_of_sums":
        return float(eng.sum() / den.sum())
    rates = eng / den
    return float(rates.mean() if aggregate == "mean_of_ratios" else rates.median())


def growth_rate(start: float, end: float) -> float:
    """Follower growth over a period: ``(end - start) / start``."""
    if start is None or end is None or start <= 0:
        raise InvalidInputError(_("Para calcular un crecimiento, el valor inicial tiene que "
                                  "ser mayor que cero."))
    return (end - start) / start


def monthly_growth_rate(start: float, end: float, months: float) -> float:
    """The growth formula of the course, unchecked: the steady monthly rate that turns
    ``start`` into ``end`` in ``months``, ``(end / start) ** (1 / months) - 1`` (computed as
    ``expm1(log(end / start) / months)``, exact for tiny rates; ``inf`` when it overflows).
    Callers check their inputs: ``start`` and ``end`` above zero, ``months`` above zero."""
    ratio = end / start
    if ratio == 0:  # nothing left (or too little for a float): the whole start is lost
        return -1.0
    try:
        return math.expm1(math.log(ratio) / months)
    except OverflowError:
        return math.inf


def compound_monthly_growth(start: float, end: float, months: float) -> float:
    """The steady monthly rate that turns ``start`` into ``end``: ``(end/start)^(1/months) - 1``."""
    if months is None or months <= 0:
        raise InvalidInputError(_("El número de meses tiene que ser mayor que cero."))
    if start is None or end is None or start <= 0 or end < 0:
        raise InvalidInputError(_("Los seguidores de inicio tienen que ser más de cero y los "
                                  "de destino no pueden ser negativos."))
    return monthly_growth_rate(start, end, months)


# =====================================================================================
# Module 2 ("Métricas"): the rest of the formula sheet, the metric explorer's table,
# KPIs for the plan, the vanity-or-value quiz and quality vs quantity in money.
# =====================================================================================


def _amount(value, what: str, *, positive: bool = False) -> float:
    """A number typed by the learner (:func:`~rumbo.core.numbers.parse_number`): not negative,
    and more than zero with ``positive``."""
    number = parse_number(value, what)
    if number < 0:
        raise InvalidInputError(_("«{what}» no puede ser negativo.").format(what=what))
    if positive and number == 0:
        raise InvalidInputError(_("«{what}» tiene que ser mayor que cero: no se puede dividir "
                                  "entre cero.").format(what=what))
    return number


def _total(values, what: str, *, positive: bool = False) -> float:
    """One number, or the sum of a column / list (missing values skipped): sum first."""
    if isinstance(values, (pd.Series, np.ndarray, list, tuple)):
        series = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce")
        if series.isna().all():
            raise InvalidInputError(_("No hay ningún valor en «{what}».").format(what=what))
        if (series < 0).any():
            raise InvalidInputError(_("«{what}» no puede ser negativo.").format(what=what))
        return _amount(float(series.sum()), what, positive=positive)
    return _amount(values, what, positive=positive)


def frequency(impressions, reach) -> float:
    """Impressions / reach: how many times, on average, each account saw the content."""
    shown = _total(impressions, _("impresiones"))
    people = _total(reach, _("alcance"), positive=True)
    if shown < people:
        raise InvalidInputError(_("Hay menos impresiones que alcance, y cada persona alcanzada ve "
                                  "la publicación al menos una vez: revisa los números."))
    return shown / people


def ctr(clicks, impressions) -> float:
    """Click-through rate: clicks / impressions (0.01 = 1 %). Sums first for a period."""
    count = _total(clicks, _("clics"))
    shown = _total(impressions, _("impresiones"), positive=True)
    if count > shown:
        raise InvalidInputError(_("Hay más clics que impresiones: revisa los números."))
    return count / shown


def conversion_rate(conversions, visits) -> float:
    """Conversions / visits (or / clicks: say which). Sums first for a period."""
    done = _total(conversions, _("conversiones"))
    base = _total(visits, _("visitas o clics"), positive=True)
    if done > base:
        raise InvalidInputError(_("Hay más conversiones que visitas: revisa los números."))
    return done / base


def cost_per_result(spend, results) -> float:
    """Spend / results. With columns (e.g. one row per month) it sums first, then divides:
    the mean of monthly cost-per-result figures would weigh a month with 2 results like one
    with 200."""
    return _total(spend, _("gasto")) / _total(results, _("resultados"), positive=True)


def cpc(spend, clicks) -> float:
    """Cost per click: spend / clicks (sum first, then divide)."""
    return _total(spend, _("gasto")) / _total(clicks, _("clics"), positive=True)


def cpm(spend, impressions) -> float:
    """Cost per thousand impressions: spend / impressions x 1000 (sum first)."""
    return _total(spend, _("gasto")) / _total(impressions, _("impresiones"), positive=True) * 1000


def total_cost(*, hours: float = 0, hourly_cost: float = 0, tools: float = 0, ads: float = 0) -> float:
    """What social media really costs in a period: hours x hourly cost + tools + ads.

    The one cost formula of the course (keywords only, so no caller can swap two amounts):
    hours and money of the same period (a month: hours per week x 52/12). Time is not free."""
    return (_amount(hours, _("horas")) * _amount(hourly_cost, _("coste por hora"))
            + _amount(tools, _("herramientas")) + _amount(ads, _("publicidad")))


def roi(revenue, cost) -> float:
    """Return on investment: (revenue - cost) / cost, as a ratio (0.5 = 50 %).

    ``cost`` must include the hours (see :func:`total_cost`), not only the ads.
    """
    income = _total(revenue, _("ingresos"))
    spent = _total(cost, _("coste"), positive=True)
    return (income - spent) / spent


def kaushik_rates(posts: pd.DataFrame, per: str = "post") -> dict:
    """Avinash Kaushik's three rates: conversation (comments), amplification (shares) and
    applause (likes), per post (``per="post"``) or per follower (``per="followers"``,
    summing first). Posts where a value is unknown are left out of that rate."""
    _check_choice(per, ("post", "followers"), _("denominador"))
    out = {}
    for name, column in (("conversation", "comments"), ("amplification", "shares"),
                         ("applause", "likes")):
        values = pd.to_numeric(posts[column], errors="coerce") if column in posts else \
            pd.Series(dtype=float)
        if per == "post":
            out[name] = float(values.mean()) if values.notna().any() else math.nan
        else:
            fans = pd.to_numeric(posts["followers"], errors="coerce") if "followers" in posts \
                else pd.Series(np.nan, index=posts.index)
            usable = values.notna() & fans.notna() & (fans > 0)
            out[name] = float(values[usable].sum() / fans[usable].sum()) if usable.any() else math.nan
    return out


# --- The metric explorer: any count, over any denominator, aggregated, by group -----------

#: What is counted (numerator) and by what it is divided.
COUNTS = ("engagements", "likes", "comments", "shares", "saves", "clicks", "impressions")
RATE_DENOMINATORS = ("reach", "followers", "impressions", "posts")
GROUPS = ("none", "post_type", "network", "weekday", "hour", "month")

COUNT_LABELS = {
    "engagements": N_("interacciones (me gusta + comentarios + compartidos + guardados)"),
    "likes": N_("me gusta (aplauso)"),
    "comments": N_("comentarios (conversación)"),
    "shares": N_("compartidos (amplificación)"),
    "saves": N_("guardados"),
    "clicks": N_("clics"),
    "impressions": N_("impresiones"),
}
RATE_DENOMINATOR_LABELS = {**DENOMINATOR_LABELS, "posts": N_("publicación")}
GROUP_LABELS = {
    "none": N_("todo junto"), "post_type": N_("tipo de publicación"), "network": N_("red social"),
    "weekday": N_("día de la semana"), "hour": N_("hora de publicación"), "month": N_("mes"),
}
WEEKDAYS = (N_("lunes"), N_("martes"), N_("miércoles"), N_("jueves"), N_("viernes"),
            N_("sábado"), N_("domingo"))
MONTHS = (N_("enero"), N_("febrero"), N_("marzo"), N_("abril"), N_("mayo"), N_("junio"),
          N_("julio"), N_("agosto"), N_("septiembre"), N_("octubre"), N_("noviembre"),
          N_("diciembre"))
POST_TYPE_LABELS = {
    "photo": N_("foto"), "video": N_("vídeo"), "link": N_("enlace"), "status": N_("solo texto"),
    "carousel": N_("carrusel"), "reel": N_("reel"), "story": N_("historia"),
}


def count_values(posts: pd.DataFrame, count: str) -> pd.Series:
    """The per-post numerator of the explorer: engagements, or one numeric column."""
    _check_choice(count, COUNTS, _("dato"))
    if count == "engagements":
        return engagements(posts)
    if count not in posts:
        return pd.Series(np.nan, index=posts.index, dtype=float)
    return pd.to_numeric(posts[count], errors="coerce")


def metric_unit(count: str, denominator: str) -> str:
    """``"percent"`` for rates, ``"times"`` for frequency, ``"per_post"`` for counts per post."""
    if denominator == "posts":
        return "per_post"
    if count == "impressions":
        return "times"
    return "percent"


def metric_name(count: str, denominator: str) -> str:
    """The metric's name on screen, always naming the denominator."""
    _check_choice(count, COUNTS, _("dato"))
    _check_choice(denominator, RATE_DENOMINATORS, _("denominador"))
    special = {
        ("engagements", "reach"): _("Tasa de interacción por alcance"),
        ("engagements", "followers"): _("Tasa de interacción por seguidores"),
        ("engagements", "impressions"): _("Tasa de interacción por impresiones"),
        ("clicks", "impressions"): _("CTR (clics / impresiones)"),
        ("impressions", "reach"): _("Frecuencia (impresiones / alcance)"),
        ("comments", "posts"): _("Conversación: comentarios por publicación"),
        ("shares", "posts"): _("Amplificación: compartidos por publicación"),
        ("likes", "posts"): _("Aplauso: me gusta por publicación"),
    }
    if (count, denominator) in special:
        return special[(count, denominator)]
    return _("{count} por {denominator}").format(
        count=_(COUNT_LABELS[count]).capitalize(), denominator=_(RATE_DENOMINATOR_LABELS[denominator]))


def metric_formula(count: str, denominator: str, aggregate: str) -> str:
    """The formula in words, e.g. "suma de clics / suma de impresiones"."""
    _check_choice(aggregate, AGGREGATES, _("agregado"))
    top = _(COUNT_LABELS[count]).split(" (")[0]
    if denominator == "posts":
        return {"ratio_of_sums": _("suma de {count} / número de publicaciones"),
                "mean_of_ratios": _("suma de {count} / número de publicaciones"),
                "median": _("mediana de {count} por publicación")}[aggregate].format(count=top)
    bottom = _(RATE_DENOMINATOR_LABELS[denominator])
    return {"ratio_of_sums": _("suma de {count} / suma de {denominator}"),
            "mean_of_ratios": _("media de ({count} / {denominator}) de cada publicación"),
            "median": _("mediana de ({count} / {denominator}) de cada publicación")}[
                aggregate].format(count=top, denominator=bottom)


def format_metric(value: float, unit: str) -> str:
    """A metric value as the learner reads it: "2,4 %", "1,3 veces", "12,5 por publicación"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("sin dato")
    if unit == "percent":
        return fmt_percent(value, 2)
    if unit == "times":
        return _("{value} veces").format(value=fmt_number(value, 2))
    return _("{value} por publicación").format(value=fmt_number(value, 1))


def group_keys(posts: pd.DataFrame, by: str) -> pd.Series:
    """The group of each post: a sortable key (weekday 0 = Monday, month 202503, hour 0-23).

    Exports without a date (the old Facebook Insights one) use their month,
    weekday and hour columns instead.
    """
    _check_choice(by, GROUPS, _("tipo de agrupación"))
    if by == "none":
        return pd.Series("all", index=posts.index)
    if by in ("post_type", "network"):
        if by not in posts:
            return pd.Series(np.nan, index=posts.index, dtype="object")
        return posts[by].astype("object")
    dates = pd.to_datetime(posts["published_at"], errors="coerce") if "published_at" in posts \
        else pd.Series(pd.NaT, index=posts.index)
    if dates.notna().any():
        if by == "weekday":
            return dates.dt.day_of_week.astype("float64")
        if by == "hour":
            return dates.dt.hour.astype("float64")
        return (dates.dt.year * 100 + dates.dt.month).astype("float64")  # 202503 = March 2025
    if by in posts:  # month / weekday / hour columns of the old Insights export
        values = pd.to_numeric(posts[by], errors="coerce")
        return ("export-" + values.map(lambda v: f"{v:02.0f}" if pd.notna(v) else "")).where(
            values.notna()) if by != "hour" else values
    return pd.Series(np.nan, index=posts.index, dtype="object")


def group_label(key, by: str) -> str:
    """The label of a group key on screen."""
    if key is None or (isinstance(key, float) and math.isnan(key)):
        return _("sin dato")
    if by == "none":
        return _("Todas las publicaciones")
    if by == "post_type":
        return _(POST_TYPE_LABELS[key]) if key in POST_TYPE_LABELS else str(key)
    if by == "network":
        return network_label(key)
    if by == "hour":
        return _("{hour} h").format(hour=f"{int(key):02d}")
    if isinstance(key, str) and key.startswith("export-"):
        number = int(key.split("-")[1])
        if by == "month" and 1 <= number <= 12:
            return _(MONTHS[number - 1])
        return _("día {n} de la exportación").format(n=number)
    if by == "weekday":
        return _(WEEKDAYS[int(key)])
    year, month = divmod(int(key), 100)
    return _("{month} {year}").format(month=_(MONTHS[month - 1]), year=year)


def rate_table(posts: pd.DataFrame, count: str = "engagements", denominator: str = "reach",
               aggregate: str = "ratio_of_sums", by: str = "none") -> pd.DataFrame:
    """The explorer's table: one row per group with ``posts`` (usable posts), ``numerator``
    and ``denominator`` sums, and ``value`` (the metric as a ratio, times or per post).

    Posts whose numerator or denominator is unknown (or a zero denominator) are
    left out. Raises :class:`DataError` when no post has both.
    """
    _check_choice(count, COUNTS, _("dato"))
    _check_choice(denominator, RATE_DENOMINATORS, _("denominador"))
    _check_choice(aggregate, AGGREGATES, _("agregado"))
    _check_choice(by, GROUPS, _("tipo de agrupación"))
    if count == denominator:
        raise InvalidInputError(_("Dividir {count} entre sí mismas siempre da 1: elige otro "
                                  "denominador.").format(count=_(COUNT_LABELS[count])))
    if not isinstance(posts, pd.DataFrame) or posts.empty:
        raise DataError(_("No hay publicaciones que analizar."))
    top = count_values(posts, count)
    if denominator == "posts":
        bottom = pd.Series(1.0, index=posts.index)
    elif denominator in posts:
        bottom = pd.to_numeric(posts[denominator], errors="coerce")
    else:
        bottom = pd.Series(np.nan, index=posts.index)
    usable = top.notna() & bottom.notna() & (bottom > 0)
    if not usable.any():
        empty = [label for label, series in ((COUNT_LABELS[count], top),
                                             (RATE_DENOMINATOR_LABELS[denominator], bottom))
                 if series.isna().all()]
        raise DataError(_("Estos datos no traen {columns}, así que esta métrica no se puede "
                          "calcular. Elige otro dato u otro denominador.").format(
                              columns=", ".join(_(c).split(" (")[0] for c in empty)
                              or _("ninguna publicación con los dos valores")))
    keys = group_keys(posts, by)[usable]
    top_values = top[usable].to_numpy(dtype="float64")
    bottom_values = bottom[usable].to_numpy(dtype="float64")
    codes, uniques = pd.factorize(keys, sort=True, use_na_sentinel=False)
    n_groups = len(uniques)
    counts = np.bincount(codes, minlength=n_groups)
    numerators = np.bincount(codes, weights=top_values, minlength=n_groups)
    denominators = np.bincount(codes, weights=bottom_values, minlength=n_groups)
    rates = top_values / bottom_values
    if aggregate == "ratio_of_sums":
        values = numerators / denominators
    elif aggregate == "mean_of_ratios":
        values = np.bincount(codes, weights=rates, minlength=n_groups) / counts
    else:
        order = np.argsort(codes, kind="stable")
        splits = np.split(rates[order], np.cumsum(counts)[:-1])
        values = np.array([np.median(part) for part in splits])
    index = pd.Index(uniques, name=by)
    table = pd.DataFrame({"posts": counts, "numerator": numerators,
                          "denominator": denominators, "value": values}, index=index)
    table.index.name = by
    return table


def overall_value(posts: pd.DataFrame, count: str, denominator: str, aggregate: str) -> float:
    """The metric over every post (one number: the KPI's current value)."""
    return float(rate_table(posts, count, denominator, aggregate, "none")["value"].iloc[0])


# --- KPIs for the plan --------------------------------------------------------------------

#: Above these a target is a typo, not an ambition.
MAX_TARGET = {"percent": 100.0, "times": 100.0, "per_post": 1e7}


def target_from_input(value, unit: str) -> float:
    """A target as typed (percent for rates, times, or count per post) -> the metric's scale."""
    number = _amount(value, _("objetivo"), positive=True)
    if number > MAX_TARGET[unit]:
        raise InvalidInputError({
            "percent": _("Un objetivo de más del 100 % no es posible con esta métrica: escribe "
                         "el porcentaje (por ejemplo, 2,5)."),
            "times": _("Más de 100 veces por persona no es realista: revisa el objetivo."),
            "per_post": _("Ese objetivo por publicación parece un error de tecleo."),
        }[unit])
    return number / 100 if unit == "percent" else number


def kpi_record(count: str, denominator: str, aggregate: str, current: float, target: float) -> dict:
    """One KPI as saved in the plan's ``kpis`` section (plain, JSON-serialisable values)."""
    unit = metric_unit(count, denominator)
    return {
        "name": metric_name(count, denominator),
        "formula": metric_formula(count, denominator, aggregate),
        "denominator": _(RATE_DENOMINATOR_LABELS[denominator]),
        "current": None if current is None or math.isnan(current) else round(float(current), 6),
        "target": round(float(target), 6),
        "unit": unit,
        "metric": {"count": count, "denominator": denominator, "aggregate": aggregate},
    }


# --- Vanity or value: the quiz --------------------------------------------------------------

#: (key, metric, right answer, why). "vanidad": looks good, decides nothing; "valor": tells
#: the business something it can act on.
VANITY_QUIZ = (
    ("followers", N_("Número total de seguidores"), "vanity",
     N_("Sube aunque te sigan solo porque tú les seguiste; no dice si alguien te escucha.")),
    ("likes", N_("Me gusta de una publicación, sin más"), "vanity",
     N_("Un clic rápido que a menudo registra una decisión ya tomada; sin denominador no compara.")),
    ("impressions", N_("Impresiones totales del mes"), "vanity",
     N_("Cuenta veces mostradas, no personas ni acciones; crece con solo publicar más.")),
    ("posts", N_("Número de publicaciones al mes"), "vanity",
     N_("Mide tu esfuerzo, no el resultado; publicar más puede dar menos clics por publicación.")),
    ("er_reach", N_("Tasa de interacción por alcance"), "value",
     N_("Dice qué parte de quienes te vieron reaccionó: calidad, con su denominador.")),
    ("comments", N_("Comentarios por publicación (conversación)"), "value",
     N_("Una conversación es una relación en marcha: alguien se tomó el tiempo de escribirte.")),
    ("shares", N_("Compartidos por publicación (amplificación)"), "value",
     N_("Quien comparte te recomienda a su gente: es la red funcionando como canal de "
        "recomendación.")),
    ("ctr", N_("CTR hacia tu web o tu WhatsApp"), "value",
     N_("Mide cuántos pasan de mirar a actuar; se puede seguir hasta la venta.")),
    ("returns", N_("Tasa de devoluciones de los pedidos que llegan por redes"), "value",
     N_("Ventas de calidad: menos devoluciones es dinero que se queda en caja.")),
    ("cost_per_result", N_("Coste por resultado, con tus horas incluidas"), "value",
     N_("Dice cuánto te cuesta de verdad cada cliente o pedido; el tiempo no es gratis.")),
)
QUIZ_CHOICES = {"vanity": N_("vanidad"), "value": N_("valor")}


def score_vanity_quiz(answers: dict) -> dict:
    """Grade the quiz: ``answers`` maps each key of :data:`VANITY_QUIZ` to "vanity"/"value".

    Returns ``{"score": n right, "total": n, "items": [{key, metric, chosen, right, correct,
    why}...]}``; unanswered items count as not right.
    """
    if not isinstance(answers, dict):
        raise InvalidInputError(_("Las respuestas tienen que ser un diccionario."))
    items = []
    for key, metric, right, why in VANITY_QUIZ:
        chosen = answers.get(key)
        if chosen not in (None, "", *QUIZ_CHOICES):
            raise InvalidInputError(_("«{value}» no es una respuesta válida: elige vanidad o "
                                      "valor.").format(value=chosen))
        items.append({"key": key, "metric": _(metric), "chosen": chosen or None, "right": right,
                      "correct": chosen == right, "why": _(why)})
    return {"score": sum(i["correct"] for i in items), "total": len(items), "items": items}


# --- Quality vs quantity --------------------------------------------------------------------


def engaged_users(audience, rate) -> float:
    """People who interact: audience x engagement rate (rate as a ratio, 0.0005 = 0.05 %)."""
    people = _amount(audience, _("audiencia"))
    share = _amount(rate, _("tasa"))
    if share > 1:
        raise InvalidInputError(_("La tasa es una proporción entre 0 y 1 (2 % es 0,02)."))
    return people * share


def returns_saving(returns_value, cut) -> float:
    """Money that stays in the till when returns fall by ``cut`` (0.7 = 70 %)."""
    value = _total(returns_value, _("valor de las devoluciones"))
    share = _amount(cut, _("reducción de devoluciones"))
    if share > 1:
        raise InvalidInputError(_("Las devoluciones no pueden bajar más del 100 %."))
    return value * share


def quality_vs_quantity(monthly_sales, return_rate, growth, returns_cut) -> dict:
    """Sales up by ``growth`` and returns down by ``returns_cut`` (all ratios), in money.

    Compared with growing by the same amount while keeping the old return rate,
    ``saved`` is what fewer returns are worth each month.
    """
    sales = _amount(monthly_sales, _("ventas al mes"))
    rate = _amount(return_rate, _("tasa de devoluciones"))
    up = _amount(growth, _("crecimiento de ventas"))
    cut = _amount(returns_cut, _("reducción de devoluciones"))
    if rate > 1:
        raise InvalidInputError(_("La tasa de devoluciones no puede pasar del 100 %."))
    if cut > 1:
        raise InvalidInputError(_("Las devoluciones no pueden bajar más del 100 %."))
    if up > 100:
        raise InvalidInputError(_("¿Multiplicar las ventas por más de 100? Revisa el crecimiento."))
    after_sales = sales * (1 + up)
    before_returns = sales * rate
    after_returns = after_sales * rate * (1 - cut)
    return {
        "before_sales": sales, "before_returns": before_returns,
        "before_net": sales - before_returns,
        "after_sales": after_sales, "after_returns": after_returns,
        "after_net": after_sales - after_returns,
        "saved": after_sales * rate - after_returns,
    }


# --- The formula sheet, worked on a bundled business ----------------------------------------


def worked_examples(business: str) -> pd.DataFrame:
    """Every formula of the sheet applied to one bundled business's year, as a table to show:
    metric, formula, the numbers plugged in, and the result (all formatted for the learner)."""
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    minutes = load_dataset(business, "time_log")["minutes"].sum()
    info = business_info(business)
    currency = info["currency"]
    num = lambda v: fmt_number(v)  # noqa: E731
    reach, shown = posts["reach"].sum(), posts["impressions"].sum()
    eng = engagements(posts).sum()
    fans = posts["followers"].sum()
    clicks = posts["clicks"].sum()
    paid = posts[posts["paid"] == 1] if "paid" in posts else posts.iloc[0:0]
    spend = float(paid["spend"].sum()) if len(paid) else 0.0
    visits, orders = sales["social_visits"].sum(), sales["social_last_click_orders"].sum()
    ticket = sales["revenue"].sum() / max(1, sales["orders"].sum())
    hours = minutes / 60
    cost = total_cost(hours=hours, hourly_cost=float(info["hourly_cost"]),
                      ads=float(posts.get("spend", pd.Series([0])).sum()))
    revenue = orders * ticket
    rates = kaushik_rates(posts)
    n = len(posts)
    rows = [
        (_("Alcance sumado de las publicaciones"),
         _("suma del alcance de cada publicación: no son personas distintas, la misma persona "
           "cuenta una vez por cada publicación que vio"),
         _("{n} publicaciones").format(n=num(n)), num(reach)),
        (_("Impresiones"), _("veces que se mostraron"), _("{n} publicaciones").format(n=num(n)),
         num(shown)),
        (_("Frecuencia"), _("impresiones / alcance"), f"{num(shown)} / {num(reach)}",
         fmt_number(frequency(shown, reach), 2)),
        (_("Tasa de interacción por alcance"), _("interacciones / alcance"),
         f"{num(eng)} / {num(reach)}", fmt_percent(eng / reach, 2)),
        (_("Tasa de interacción por seguidores"),
         _("interacciones por publicación / seguidores medios el día de publicar (igual que "
           "interacciones / {fans}, la suma de los seguidores de cada día en que se publicó: "
           "no son tus seguidores)").format(fans=num(fans)),
         _("({eng} / {n}) / {mean}").format(eng=num(eng), n=num(n), mean=num(round(fans / n))),
         fmt_percent(eng / fans, 2)),
        (_("Tasa de interacción por impresiones"), _("interacciones / impresiones"),
         f"{num(eng)} / {num(shown)}", fmt_percent(eng / shown, 2)),
        (_("Conversación"), _("comentarios por publicación"),
         f"{num(posts['comments'].sum())} / {num(n)}", fmt_number(rates["conversation"], 1)),
        (_("Amplificación"), _("compartidos por publicación"),
         f"{num(posts['shares'].sum())} / {num(n)}", fmt_number(rates["amplification"], 1)),
        (_("Aplauso"), _("me gusta por publicación"),
         f"{num(posts['likes'].sum())} / {num(n)}", fmt_number(rates["applause"], 1)),
        (_("CTR"), _("clics / impresiones"), f"{num(clicks)} / {num(shown)}",
         fmt_percent(ctr(clicks, shown), 2)),
        (_("Conversión"), _("pedidos de último clic / visitas desde redes"),
         f"{num(orders)} / {num(visits)}", fmt_percent(conversion_rate(orders, visits), 2)),
    ]
    if len(paid) and paid["clicks"].sum() > 0:
        rows += [
            (_("Coste por clic (CPC)"), _("gasto en promociones / sus clics (sumar, luego dividir)"),
             f"{fmt_money(spend, currency)} / {num(paid['clicks'].sum())}",
             fmt_money(cpc(spend, paid["clicks"].sum()), currency)),
            (_("CPM"), _("gasto / impresiones × 1000"),
             f"{fmt_money(spend, currency)} / {num(paid['impressions'].sum())} × 1000",
             fmt_money(cpm(spend, paid["impressions"].sum()), currency)),
        ]
    rows.append((_("ROI (solo ventas de último clic)"), _("(ingresos − coste) / coste; coste = horas × "
                                                           "coste por hora + publicidad"),
                 f"({fmt_money(revenue, currency)} − {fmt_money(cost, currency)}) / "
                 f"{fmt_money(cost, currency)}", fmt_percent(roi(revenue, cost), 1)))
    return pd.DataFrame(rows, columns=[_("Métrica"), _("Fórmula"), _("Con los datos del año"),
                                       _("Resultado")])


# --- Tables the course shows ------------------------------------------------------------------


#: What a figure of the facts table is divided by, read from the end of its ``metric``.
FACT_DENOMINATORS = {
    "by_followers": N_("seguidores"), "by_impressions": N_("impresiones"),
    "by_reach": N_("alcance"), "by_reach_mean_of_ratios": N_("alcance (media de las tasas)"),
    "by_reach_ratio_of_sums": N_("alcance (suma entre suma)"),
    "by_denominator": N_("seguidores, impresiones y alcance"), "per_post": N_("sin aclarar"),
}


def denominator_label(metric: str) -> str:
    """«seguidores», «impresiones»... for a metric of the facts table; «sin aclarar» if it
    does not say."""
    for suffix, label in sorted(FACT_DENOMINATORS.items(), key=lambda kv: -len(kv[0])):
        if metric.endswith(suffix):
            return _(label)
    return _("sin aclarar")


def _fact_number(value: float) -> str:
    text = f"{value:g}"
    return fmt_number(value, len(text.split(".")[1]) if "." in text else 0)


def benchmark_table(keys) -> pd.DataFrame:
    """Rows of ``datasets/benchmarks.csv`` (by key) as the learner reads them: network, value,
    what kind of figure it is (a published average or median, a measurement...), its
    denominator, source and year («dato histórico» when the data are old), and the note.
    Facts about the world always travel with their source."""
    rows = []
    for key in keys:
        for row in facts(key):
            unit = " %" if row.percent else ""
            if row.value is not None:
                shown = f"{_fact_number(row.value)}{unit}"
            else:
                shown = f"{_fact_number(row.low)}{unit} – {_fact_number(row.high)}{unit}"
            rows.append((network_label(row.network) if row.network in CHANNEL_LABELS else _("todas"),
                         shown, row.kind_label(), denominator_label(row.metric), row.source,
                         row.year_label(), row.note))
    return pd.DataFrame(rows, columns=[_("Red"), _("Valor"), _("Qué es"), _("Denominador"),
                                       _("Fuente"), _("Año"), _("Nota")])


def aggregate_comparison(posts: pd.DataFrame, denominator: str = "reach") -> pd.DataFrame:
    """The same posts, three summaries of the engagement rate: which one you report changes
    the number, so say which."""
    rows = [(_(AGGREGATE_LABELS[a]),
             fmt_percent(engagement_rate(posts, denominator, a), 2)) for a in AGGREGATES]
    return pd.DataFrame(rows, columns=[_("Cómo se resume"), metric_name("engagements", denominator)])


def engaged_comparison(cases=((1_000_000, 0.0005), (100_000, 0.02))) -> pd.DataFrame:
    """Audience x engagement rate = people who engage, for each (audience, rate) case."""
    rows = [(fmt_number(a), fmt_percent(r, 2), fmt_number(engaged_users(a, r))) for a, r in cases]
    return pd.DataFrame(rows, columns=[_("Seguidores"), _("Tasa de interacción"),
                                       _("Personas que interactúan")])


def sales_baseline(business: str) -> tuple[float, float]:
    """A bundled business's mean monthly revenue and its return rate (% of revenue) in the
    first quarter: the starting point of the quality-vs-quantity calculator."""
    sales = load_dataset(business, "sales")
    first = sales[sales["date"] < "2025-04-01"]
    monthly = float(sales["revenue"].sum() / 12)
    rate = float(first["returns_value"].sum() / first["revenue"].sum() * 100)
    return round(monthly, 2), round(rate, 1)
