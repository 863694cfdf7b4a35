"""Units, conventions and labels the whole course shares: one home for each.

- Time: a month is 52/12 weeks (:data:`WEEKS_PER_MONTH`) when hours per week
  become hours per month, and 365.25/12 days (:data:`DAYS_PER_MONTH`) when
  dates become months; a week has 168 hours.
- Networks: the keys the data use and their names on screen.
- Currencies the course knows, and which are shown without cents.
- :func:`fmt_hours` and :func:`money`, the two formats every module uses for
  hours and amounts.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from rumbo.core.i18n import babel_locale, fmt_money

#: Weeks in an average month (52 weeks / 12 months).
WEEKS_PER_MONTH = 52 / 12
MONTHS_PER_YEAR = 12
#: Days in an average month (365.25 / 12): turns dates into months.
DAYS_PER_MONTH = 365.25 / 12
#: Hours in a week: no weekly figure of hours can be larger.
HOURS_PER_WEEK = 168

#: Networks the course knows, in the order they are offered.
NETWORKS = ("facebook", "instagram", "tiktok", "x", "linkedin", "youtube")
NETWORK_LABELS = {
    "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok",
    "x": "X (Twitter)", "linkedin": "LinkedIn", "youtube": "YouTube",
}

#: Currencies of the profile (ISO codes).
CURRENCIES = ("EUR", "USD", "MXN", "COP", "ARS", "CLP", "PEN", "UYU", "GTQ", "DOP", "BOB", "PYG",
              "CRC")
#: Currencies whose amounts are shown without cents (their unit is worth little).
NO_CENTS = frozenset({"COP", "CLP", "PYG", "CRC", "ARS"})


def network_label(network) -> str:
    """A network key as a learner reads it (``"x"`` -> ``"X (Twitter)"``); unknown keys as given."""
    return NETWORK_LABELS.get(network, str(network or ""))


def fmt_hours(hours: float) -> str:
    """Hours with the decimals they need, two at most: ``3`` -> ``"3"``, ``2.5`` -> ``"2,5"``,
    ``0.75`` -> ``"0,75"``, ``2.333`` -> ``"2,33"``."""
    return format_decimal(round(float(hours), 2), format="#,##0.##", locale=babel_locale())


def money(amount: float, currency: str) -> str:
    """Money in the learner's format; no cents for currencies such as COP or CLP."""
    return fmt_money(amount, currency, digits=0 if currency in NO_CENTS else 2)
