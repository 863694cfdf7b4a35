"""The funnel and attribution (module 6): social media recommend, people buy elsewhere.

Formulas (sum first, then divide: never average daily or monthly ratios):

- **CTR** = clicks / impressions;
- **visit rate** = visits to the shop or web from social / clicks;
- **conversion rate** = purchases / visits (this course divides by visits, and says so);
- **cost per result** = spend / purchases; **CPC** = spend / clicks;
- **assisted share** = purchases where social media was *one* of the touchpoints /
  all purchases; **last-click share** = purchases whose *last* touchpoint was social
  media / all purchases. The gap between the two is what "social sells nothing"
  misses.
"""

from __future__ import annotations

import math

import pandas as pd

from rumbo.data import require_columns
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.numbers import parse_number
from rumbo.core.i18n import translator
from rumbo.core.i18n import fmt_money, fmt_number, fmt_percent
from rumbo.data import load_dataset
from rumbo.measurement import funnel_provenance

_, N_, ngettext = translator("funnel")

#: The stages of the funnel, in order, with their screen labels.
STAGE_LABELS = {
    # Reach of different posts adds up views, not people: one person counts once per post.
    "reach": N_("alcance sumado de las publicaciones"),
    "impressions": N_("impresiones"),
    "clicks": N_("clics"),
    "visits": N_("visitas"),
    "purchases": N_("compras"),
    "spend": N_("gasto"),
}
RATE_LABELS = {
    "ctr": N_("CTR (clics / impresiones)"),
    "visit_rate": N_("visitas / clics"),
    "conversion_rate": N_("conversión (compras / visitas)"),
    "cpc": N_("coste por clic (gasto / clics)"),
    "cost_per_result": N_("coste por compra (gasto / compras)"),
}


def stage_label(key: str) -> str:
    """Screen name of a funnel stage («clics»...)."""
    return _(STAGE_LABELS[key]) if key in STAGE_LABELS else key


def rate_label(key: str) -> str:
    """Screen name of a funnel rate, with its formula."""
    return _(RATE_LABELS[key]) if key in RATE_LABELS else key


def _count(value, name: str) -> float:
    label = stage_label(name)
    number = parse_number(value, label)
    if number < 0:
        raise InvalidInputError(_("«{what}» no puede ser negativo.").format(what=label))
    return number


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN (not an error) when the denominator is 0."""
    return numerator / denominator if denominator else math.nan


def funnel_rates(totals: dict) -> dict:
    """Rates of a funnel from its *totals* (already summed over the period).

    ``totals`` needs ``impressions``, ``clicks``, ``visits``, ``purchases`` and
    ``spend`` (``reach`` is optional). A zero denominator gives NaN.
    """
    clean = {k: _count(totals.get(k), k)
             for k in ("impressions", "clicks", "visits", "purchases", "spend")}
    if "reach" in totals:
        clean["reach"] = _count(totals["reach"], "reach")
    return {
        **clean,
        "ctr": ratio(clean["clicks"], clean["impressions"]),
        "visit_rate": ratio(clean["visits"], clean["clicks"]),
        "conversion_rate": ratio(clean["purchases"], clean["visits"]),
        "cpc": ratio(clean["spend"], clean["clicks"]),
        "cost_per_result": ratio(clean["spend"], clean["purchases"]),
    }


def sum_then_divide(frame: pd.DataFrame, numerator: str, denominator: str) -> float:
    """The period's rate: ``sum(numerator) / sum(denominator)`` over rows where both are known."""
    require_columns(frame, (numerator, denominator), _("la tabla"))
    num = pd.to_numeric(frame[numerator], errors="coerce")
    den = pd.to_numeric(frame[denominator], errors="coerce")
    usable = num.notna() & den.notna()
    return ratio(float(num[usable].sum()), float(den[usable].sum()))


def mean_of_ratios(frame: pd.DataFrame, numerator: str, denominator: str) -> float:
    """The average of row-by-row rates (the *wrong* way for a period, shown for contrast)."""
    require_columns(frame, (numerator, denominator), _("la tabla"))
    num = pd.to_numeric(frame[numerator], errors="coerce")
    den = pd.to_numeric(frame[denominator], errors="coerce")
    rates = num / den.where(den > 0)
    return float(rates.mean()) if rates.notna().any() else math.nan


def attribution(sales: pd.DataFrame) -> dict:
    """Who gets the credit for the period's purchases (sum first, then divide).

    ``sales``: one row per day with ``orders`` (all purchases),
    ``social_last_click_orders`` (the last step before buying was a social
    post or profile) and ``social_assisted_orders`` (social media was a
    touchpoint, but not the last one).
    """
    require_columns(sales, ("orders", "social_last_click_orders", "social_assisted_orders"),
                    _("la tabla de ventas"))
    total = float(pd.to_numeric(sales["orders"], errors="coerce").sum())
    last = float(pd.to_numeric(sales["social_last_click_orders"], errors="coerce").sum())
    assisted = float(pd.to_numeric(sales["social_assisted_orders"], errors="coerce").sum())
    if total <= 0:
        raise DataError(_("No hay compras en estos datos: no puedo repartir el mérito."))
    if last + assisted > total:
        raise DataError(_("Hay más compras con redes sociales que compras en total. Revisa las "
                          "columnas de la tabla de ventas."))
    return {
        "purchases": int(total), "last_click": int(last), "assisted_only": int(assisted),
        "touched": int(last + assisted),
        "last_click_share": last / total, "assisted_share": (last + assisted) / total,
    }


# --- the bundled businesses --------------------------------------------------------------


def business_totals(business: str) -> dict:
    """The year's funnel totals of a bundled business: posts give reach, impressions,
    clicks and spend; the sales table gives social visits and last-click purchases."""
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    totals = {k: float(pd.to_numeric(posts[k], errors="coerce").sum())
              for k in ("reach", "impressions", "clicks", "spend")}
    totals["visits"] = float(sales["social_visits"].sum())
    totals["purchases"] = float(sales["social_last_click_orders"].sum())
    return totals


def business_funnel(business: str) -> dict:
    """:func:`funnel_rates` of :func:`business_totals`."""
    return funnel_rates(business_totals(business))


def business_attribution(business: str) -> dict:
    return attribution(load_dataset(business, "sales"))


def funnel_table(rates: dict, currency: str = "EUR", sources=()) -> pd.DataFrame:
    """The funnel as a table a learner reads: each stage, its total, the step rate and how it
    is known. ``sources`` are the owner's ways of measuring what sells
    (:data:`rumbo.measurement.SOURCES`): visits and purchases by network are «estimado»
    without them, and the cost per purchase is shown only when purchases are measured,
    because dividing the ad spend by mostly organic last-click orders says nothing."""
    def pct(x):
        return fmt_percent(x, 2) if not math.isnan(x) else "—"

    known = {f.key: f for f in funnel_provenance(sources)}

    def how(key):
        return _("medido") if known[key].measured else _("estimado")

    if known["purchases"].measured:
        cost = rate_label("cost_per_result") + ": " + (
            fmt_money(rates["cost_per_result"], currency)
            if not math.isnan(rates["cost_per_result"]) else "—")
    else:
        cost = _("coste por compra de las publicaciones promocionadas: no se sabe sin enlaces "
                 "con UTM, códigos o la hoja «¿cómo nos conociste?» (mira «Medir lo que vende»)")
    rows = [
        (stage_label("reach"), fmt_number(rates["reach"]) if "reach" in rates else "—", "",
         how("reach")),
        (stage_label("impressions"), fmt_number(rates["impressions"]), "", how("reach")),
        (stage_label("clicks"), fmt_number(rates["clicks"]),
         rate_label("ctr") + ": " + pct(rates["ctr"]), how("clicks")),
        (stage_label("visits"), fmt_number(rates["visits"]),
         _("llegan por clics y también por mensajes o llamadas"), how("visits")),
        (stage_label("purchases"), fmt_number(rates["purchases"]),
         rate_label("conversion_rate") + ": " + pct(rates["conversion_rate"]), how("purchases")),
        (stage_label("spend"), fmt_money(rates["spend"], currency), cost, how("cost")),
    ]
    return pd.DataFrame(rows, columns=[_("Paso"), _("Total del año"), _("Tasa (suma y luego divide)"),
                                       _("¿Medido o estimado?")])


def attribution_table(result: dict) -> pd.DataFrame:
    rows = [
        (_("Compras en total"), fmt_number(result["purchases"]), fmt_percent(1, 0)),
        (_("Último clic en redes sociales"), fmt_number(result["last_click"]),
         fmt_percent(result["last_click_share"], 1)),
        (_("Redes en el camino, pero no al final"), fmt_number(result["assisted_only"]),
         fmt_percent(result["assisted_only"] / result["purchases"], 1)),
        (_("Redes en algún punto del camino"), fmt_number(result["touched"]),
         fmt_percent(result["assisted_share"], 1)),
    ]
    return pd.DataFrame(rows, columns=[_("Compras"), _("Número"), _("Parte del total")])


def two_ways(posts: pd.DataFrame) -> pd.DataFrame:
    """The year's CTR computed the right way (sum, then divide) and the wrong way (mean of
    per-post CTRs), side by side."""
    rows = [(_("Suma de clics / suma de impresiones"),
             fmt_percent(sum_then_divide(posts, "clicks", "impressions"), 2)),
            (_("Media de los CTR de cada publicación"),
             fmt_percent(mean_of_ratios(posts, "clicks", "impressions"), 2))]
    return pd.DataFrame(rows, columns=[_("Cómo se calcula"), _("CTR del año")])
