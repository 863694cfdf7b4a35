"""Exercise 05 (listening and recommendation): the funnel, assisted purchases, response
figures and the crisis day, on the bundled data of one business.

Every expected value is computed here by :mod:`rumbo.funnel` and
:mod:`rumbo.listening` from the business's bundled tables, never typed in.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo import funnel, listening
from rumbo.exercises.checks import Incorrect, Question, close_to
from rumbo.data import load_dataset
from rumbo.core.i18n import translator

_, N_, ngettext = translator("ex05")

#: The crisis threshold and the baseline of question 8.
CRISIS_Z, WINDOW = 3.0, 28


@lru_cache(maxsize=8)
def expected(business: str) -> dict:
    """Every expected answer of the exercise for ``business``."""
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    totals = funnel.business_totals(business)
    rates = funnel.funnel_rates(totals)
    credit = funnel.attribution(sales)
    stats = listening.response_stats(listening.own_mentions(business), 60)
    crisis = listening.crisis_days(listening.negative_daily(business), CRISIS_Z, WINDOW)
    return {
        "ctr": rates["ctr"],
        "ctr_mean_of_ratios": funnel.mean_of_ratios(posts, "clicks", "impressions"),
        "conversion_rate": rates["conversion_rate"],
        "cost_per_result": rates["cost_per_result"],
        "assisted_share": credit["assisted_share"],
        "last_click_share": credit["last_click_share"],
        "response_rate": stats["response_rate"],
        "median_minutes": stats["median_minutes"],
        "share_within": stats["share_within"],
        "share_within_of_answered": stats["answered_within"] / stats["answered"],
        "crisis_days": [d.date().isoformat() for d in crisis.index],
    }


def _as_days(answer) -> list[str]:
    """A list, Index or Series of dates (or date strings) as sorted ``YYYY-MM-DD`` strings."""
    if isinstance(answer, pd.DataFrame):
        answer = answer.index
    elif isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        answer = answer[answer].index
    elif isinstance(answer, pd.Series) and isinstance(answer.index, pd.DatetimeIndex) \
            and not pd.api.types.is_datetime64_any_dtype(answer):
        answer = answer.index
    if isinstance(answer, (str, pd.Timestamp)):
        answer = [answer]
    try:
        days = pd.to_datetime(list(answer))
    except (TypeError, ValueError):
        raise Incorrect(_("Esperaba una lista de fechas, por ejemplo [\"2025-03-14\"].")) from None
    return sorted({d.date().isoformat() for d in days})


def same_days(expected_days) -> callable:
    """Checker: the same set of calendar days; says how many are missing or extra, not which."""

    def checker(answer) -> None:
        want = set(expected_days())
        got = set(_as_days(answer))
        if got == want:
            return
        missing, extra = len(want - got), len(got - want)
        raise Incorrect(_("Te faltan {missing} días y sobran {extra}. Recuerda: la referencia son "
                          "los {window} días anteriores, sin contar el propio día, y solo las "
                          "menciones negativas de tu marca.").format(
                              missing=missing, extra=extra, window=WINDOW))

    return checker


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = expected(business)

    def value(key):
        return lambda: e[key]

    q1 = Question(
        "P1", close_to(value("ctr"), ratio=True),
        _("Suma todos los clics y divide entre la suma de todas las impresiones. No hagas la "
          "media de los CTR de cada publicación."),
        "ctr = posts[\"clicks\"].sum() / posts[\"impressions\"].sum()",
        hidden=[close_to(value("ctr"), rel=1e-6, ratio=True)],
    )
    q2 = Question(
        "P2", close_to(value("conversion_rate"), ratio=True),
        _("Compras de último clic en redes (social_last_click_orders) sumadas, entre las visitas "
          "desde redes (social_visits) sumadas."),
        "conversion = sales[\"social_last_click_orders\"].sum() / sales[\"social_visits\"].sum()",
        hidden=[close_to(value("conversion_rate"), rel=1e-6, ratio=True)],
    )
    q3 = Question(
        "P3", close_to(value("cost_per_result")),
        _("Todo el gasto en publicaciones pagadas (spend) sumado, entre las compras de último "
          "clic en redes sumadas."),
        "cost = posts[\"spend\"].sum() / sales[\"social_last_click_orders\"].sum()",
        hidden=[close_to(value("cost_per_result"), rel=1e-6)],
    )
    q4 = Question(
        "P4", close_to(value("assisted_share"), ratio=True),
        _("Las compras en las que las redes estuvieron en el camino son las de último clic más "
          "las asistidas. Divide esa suma entre todas las compras (orders)."),
        "assisted = (sales[\"social_last_click_orders\"].sum() + "
        "sales[\"social_assisted_orders\"].sum()) / sales[\"orders\"].sum()",
        hidden=[close_to(value("assisted_share"), rel=1e-6, ratio=True)],
    )
    q5 = Question(
        "P5", close_to(value("response_rate"), ratio=True),
        _("Quédate con las menciones de tu marca (brand igual al negocio). La tasa es la parte "
          "de ellas con replied_at relleno."),
        "own = mentions[mentions[\"brand\"] == business]\n"
        "rate = own[\"replied_at\"].notna().mean()",
        hidden=[close_to(value("response_rate"), rel=1e-6, ratio=True)],
    )
    q6 = Question(
        "P6", close_to(value("median_minutes")),
        _("Resta replied_at − created_at, pásalo a minutos con .dt.total_seconds() / 60 y toma "
          "la mediana (las no respondidas quedan fuera solas)."),
        "minutes = (own[\"replied_at\"] - own[\"created_at\"]).dt.total_seconds() / 60\n"
        "median = minutes.median()",
        hidden=[close_to(value("median_minutes"), rel=1e-6)],
    )
    q7 = Question(
        "P7", close_to(value("share_within"), ratio=True),
        _("Cuenta las respondidas en 60 minutos o menos y divide entre todas las recibidas, no "
          "solo entre las respondidas."),
        "share = (minutes <= 60).sum() / len(own)",
        hidden=[close_to(value("share_within"), rel=1e-6, ratio=True)],
    )
    q8 = Question(
        "P8", same_days(value("crisis_days")),
        _("Cuenta las menciones negativas de tu marca por día (resample(\"D\")), calcula la "
          "media y la desviación de los 28 días anteriores con rolling(28) y shift(1), y "
          "quédate con los días en que z = (día − media) / desviación > 3."),
        "daily = neg.resample(\"D\", on=\"created_at\").size()\n"
        "base = daily.shift(1).rolling(28)\n"
        "z = (daily - base.mean()) / base.std()\n"
        "crisis = list(z[z > 3].index)",
        hidden=[same_days(value("crisis_days"))],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, q6=q6, q7=q7, q8=q8)


def angry_comment(business: str = "panaderia") -> str:
    """The first negative mention of the crisis day: the comment of the written answer."""
    own = listening.own_mentions(business)
    day = expected(business)["crisis_days"][0]
    crisis = own[(own["created_at"].dt.normalize() == pd.Timestamp(day))
                 & (own["sentiment"] == "negative") & (own["kind"] == "complaint")]
    return str(crisis.sort_values("created_at", kind="stable")["text"].iloc[0])
