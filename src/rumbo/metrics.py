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

from rumbo.errors import InvalidInputError
from rumbo.i18n import N_, _

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
    values = posts[present].apply(pd.to_numeric, errors="coerce")
    return values.sum(axis=1, min_count=1)


def safe_ratio(numerator, denominator):
    """``numerator / denominator`` with NaN (not inf, not an error) where the denominator is 0."""
    num = pd.to_numeric(numerator, errors="coerce") if isinstance(numerator, pd.Series) else numerator
    den = pd.to_numeric(denominator, errors="coerce") if isinstance(denominator, pd.Series) else denominator
    if isinstance(num, pd.Series) or isinstance(den, pd.Series):
        den = den.where(den != 0) if isinstance(den, pd.Series) else (np.nan if den == 0 else den)
        return num / den
    if den == 0 or den is None or (isinstance(den, float) and math.isnan(den)):
        return math.nan
    return num / den


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


def post_engagement_rates(posts: pd.DataFrame, denominator: str = "reach") -> pd.Series:
    """Per-post engagement rate (NaN where the denominator is missing or zero)."""
    _check_choice(denominator, DENOMINATORS, _("denominador"))
    return safe_ratio(engagements(posts), posts[denominator])


def growth_rate(start: float, end: float) -> float:
    """Follower growth over a period: ``(end - start) / start``."""
    if start is None or end is None or start <= 0:
        raise InvalidInputError(_("Para calcular un crecimiento, el valor inicial tiene que "
                                  "ser mayor que cero."))
    return (end - start) / start


def compound_monthly_growth(start: float, end: float, months: float) -> float:
    """The steady monthly rate that turns ``start`` into ``end``: ``(end/start)^(1/months) - 1``."""
    if months is None or months <= 0:
        raise InvalidInputError(_("El número de meses tiene que ser mayor que cero."))
    if start is None or end is None or start <= 0 or end < 0:
        raise InvalidInputError(_("Los seguidores de inicio tienen que ser más de cero y los "
                                  "de destino no pueden ser negativos."))
    return (end / start) ** (1 / months) - 1
