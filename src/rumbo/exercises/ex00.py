"""Exercise 00 (warm-up): follower growth and compound monthly growth on bundled data."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from rumbo.exercises.checks import Question, close_to, same_function
from rumbo.data import load_dataset
from rumbo.core.i18n import translator
from rumbo.metrics import compound_monthly_growth, growth_rate

_, N_, ngettext = translator("ex00")

NETWORK = "instagram"
START, END, MONTHS = "2025-01-01", "2025-12-31", 12


@lru_cache(maxsize=8)
def followers_at(business: str) -> tuple[int, int]:
    """Instagram followers on the first and the last day of 2025."""
    table = load_dataset(business, "followers")
    table = table[table["network"] == NETWORK].set_index("date")["followers"]
    return int(table.loc[START]), int(table.loc[END])


def reference_monthly_growth(start: float, end: float, months: float) -> float:
    return compound_monthly_growth(start, end, months)


def questions(business: str = "panaderia") -> SimpleNamespace:
    start, end = followers_at(business)
    growth = lambda: growth_rate(start, end)  # noqa: E731
    monthly = lambda: compound_monthly_growth(start, end, MONTHS)  # noqa: E731
    q1 = Question(
        "P1", close_to(growth, ratio=True),
        _("Crecimiento = (final − inicial) / inicial. Busca las filas de {start} y {end}.").format(
            start=START, end=END),
        "growth = (end - start) / start",
        hidden=[close_to(growth, rel=1e-6, ratio=True)],
    )
    q2 = Question(
        "P2", close_to(monthly, ratio=True),
        _("No dividas entre 12: el crecimiento se compone. Usa (final / inicial) ** (1 / 12) − 1."),
        "monthly = (end / start) ** (1 / 12) - 1",
        hidden=[close_to(monthly, rel=1e-6, ratio=True)],
    )
    cases = [(100, 121, 2), (800, 1000, 12), (1000, 900, 3)]
    hidden_cases = [(100, 1_000_000, 3), (5, 5, 1), (start, end, MONTHS)]
    q3 = Question(
        "P3", same_function(reference_monthly_growth, cases),
        _("Tu función recibe inicio, fin y meses y devuelve (fin / inicio) ** (1 / meses) − 1."),
        "def crecimiento_mensual(inicio, fin, meses):\n    return (fin / inicio) ** (1 / meses) - 1",
        hidden=[same_function(reference_monthly_growth, hidden_cases)],
    )
    projection = lambda: end * (1 + monthly()) ** 12  # noqa: E731
    q4 = Question(
        "P4", close_to(projection, rel=1e-3),
        _("Aplica la tasa mensual durante 12 meses a los seguidores de final de año: "
          "final × (1 + tasa) ** 12."),
        "end * (1 + monthly) ** 12",
        hidden=[close_to(projection, rel=1e-6)],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, start=start, end=end)
