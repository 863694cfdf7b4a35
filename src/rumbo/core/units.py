"""Units, conventions and labels the whole course shares: one home for each.

- Time: a month is 52/12 weeks (:data:`WEEKS_PER_MONTH`) when hours per week
  become hours per month, and 365.25/12 days (:data:`DAYS_PER_MONTH`) when
  dates become months; a week has 168 hours.
- Networks and channels: the social networks whose data the course imports and
  measures (:data:`NETWORKS`), and everything a profile may choose (:data:`CHANNELS`:
  those networks plus Google's and WhatsApp's business tools, which have no followers),
  with their names on screen (:func:`network_label`).
- Currencies the course knows, and which are shown without cents.
- :func:`fmt_hours` and :func:`money`, the two formats every module uses for
  hours and amounts.
"""

from __future__ import annotations

from babel.numbers import format_decimal

from rumbo.core.i18n import babel_locale, fmt_money, translator

_, N_, ngettext = translator("core")

#: Weeks in an average month (52 weeks / 12 months).
WEEKS_PER_MONTH = 52 / 12
MONTHS_PER_YEAR = 12
#: Days in an average month (365.25 / 12): turns dates into months.
DAYS_PER_MONTH = 365.25 / 12
#: Hours in a week: no weekly figure of hours can be larger.
HOURS_PER_WEEK = 168

#: Social networks: the ones whose posts and followers the course imports and measures.
NETWORKS = ("facebook", "instagram", "tiktok", "x", "linkedin", "youtube")
NETWORK_LABELS = {
    "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok",
    "x": "X (Twitter)", "linkedin": "LinkedIn", "youtube": "YouTube",
}
#: The network a panel works on, as an example, when the profile names none it can use.
EXAMPLE_NETWORK = "instagram"
#: Google's and WhatsApp's business tools: chosen like a network, but nobody follows them
#: (what counts there is calls, visits, reviews and messages), so no follower count is asked.
BUSINESS_CHANNELS = ("google_business", "whatsapp")
#: Everything a profile, a routine or a calendar may choose, in the order offered.
CHANNELS = (*NETWORKS, *BUSINESS_CHANNELS)
CHANNEL_LABELS = {**NETWORK_LABELS, "google_business": N_("Perfil de Empresa de Google"),
                  "whatsapp": N_("WhatsApp Business")}

#: Currencies of the profile (ISO codes).
CURRENCIES = ("EUR", "USD", "MXN", "COP", "ARS", "CLP", "PEN", "UYU", "GTQ", "DOP", "BOB", "PYG",
              "CRC")
#: Currencies whose amounts are shown without cents (their unit is worth little).
NO_CENTS = frozenset({"COP", "CLP", "PYG", "CRC", "ARS"})


def network_label(network) -> str:
    """A network or channel key as a learner reads it (``"x"`` -> ``"X (Twitter)"``,
    ``"google_business"`` -> «Perfil de Empresa de Google»); unknown keys as given."""
    return _(CHANNEL_LABELS[network]) if network in CHANNEL_LABELS else str(network or "")


def has_followers(channel) -> bool:
    """True for a social network; False for a business channel (no followers to count)."""
    return channel in NETWORKS


def fmt_hours(hours: float) -> str:
    """Hours with the decimals they need, two at most: ``3`` -> ``"3"``, ``2.5`` -> ``"2,5"``,
    ``0.75`` -> ``"0,75"``, ``2.333`` -> ``"2,33"``."""
    return format_decimal(round(float(hours), 2), format="#,##0.##", locale=babel_locale())


def money(amount: float, currency: str) -> str:
    """Money in the learner's format; no cents for currencies such as COP or CLP."""
    return fmt_money(amount, currency, digits=0 if currency in NO_CENTS else 2)
