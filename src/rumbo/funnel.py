"""The funnel and attribution (module 5): social media recommend, people buy elsewhere.

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
from rumbo.errors import DataError, InvalidInputError
from rumbo.i18n import N_, _

#: The stages of the funnel, in order, with their screen labels.
STAGES = ("reach", "clicks", "visits", "purchases")
STAGE_LABELS = {
    "reach": N_("alcance (personas)"),
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


def _count(value, name: str) -> float:
    label = _(STAGE_LABELS.get(name, name))
    if isinstance(value, bool) or value is None:
        raise InvalidInputError(_("Falta un número en «{what}».").format(what=label))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInputError(_("«{value}» no es un número: revisa «{what}».").format(
            value=value, what=label)) from None
    if not math.isfinite(number):
        raise InvalidInputError(_("«{what}» está vacío o no es un número normal.").format(what=label))
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


def attribution(orders: pd.DataFrame, touch: str = "social_touch", last: str = "last_touch",
                social: str = "social") -> dict:
    """Purchases, and how many of them social media touched: as last click and anywhere.

    ``orders``: one row per purchase; ``touch`` is True when social media was
    one of the touchpoints before buying, ``last`` names the channel of the last
    touchpoint (``social`` for social media).
    """
    require_columns(orders, (touch, last), _("la tabla de compras"))
    total = len(orders)
    if total == 0:
        raise DataError(_("No hay compras en estos datos: no puedo repartir el mérito."))
    touched = orders[touch].fillna(False).astype(bool)
    last_social = orders[last].astype(str).eq(social)
    assisted_only = touched & ~last_social
    return {
        "purchases": total,
        "last_click": int(last_social.sum()),
        "assisted": int((touched | last_social).sum()),
        "assisted_only": int(assisted_only.sum()),
        "last_click_share": float(last_social.sum() / total),
        "assisted_share": float((touched | last_social).sum() / total),
    }
