"""Exercise 02 (Métricas): engagement rates with their denominator, ratio of sums vs mean of
ratios, rates by post type, frequency, quality vs quantity and money saved on returns.

Every expected value is computed from the bundled data of ``business``.
"""

from __future__ import annotations

from types import SimpleNamespace

from rumbo.exercises.checks import Question, close_to, same_series
from rumbo.data import load_dataset
from rumbo.core.i18n import translator
from rumbo.metrics import engaged_users, engagement_rate, frequency, rate_table, returns_saving

_, N_, ngettext = translator("ex02")

#: The seed's comparison: a big audience that barely interacts vs a small one that does.
BIG, BIG_RATE = 1_000_000, 0.0005
SMALL, SMALL_RATE = 100_000, 0.02
RETURNS_CUT = 0.7


def by_post_type(business: str):
    """Engagement rate by reach per post type (sum of engagements / sum of reach)."""
    posts = load_dataset(business, "posts")
    table = rate_table(posts, "engagements", "reach", "ratio_of_sums", "post_type")
    return table["value"].rename_axis("post_type")


def questions(business: str = "panaderia") -> SimpleNamespace:
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    median = lambda: engagement_rate(posts, "reach", "median")  # noqa: E731
    gap = lambda: (engagement_rate(posts, "reach", "mean_of_ratios")  # noqa: E731
                   - engagement_rate(posts, "reach", "ratio_of_sums"))
    freq = lambda: frequency(posts["impressions"], posts["reach"])  # noqa: E731
    times = lambda: engaged_users(SMALL, SMALL_RATE) / engaged_users(BIG, BIG_RATE)  # noqa: E731
    saved = lambda: returns_saving(sales["returns_value"], RETURNS_CUT)  # noqa: E731

    q1 = Question(
        "P1", close_to(median, ratio=True),
        _("Calcula la tasa de cada publicación (interacciones / alcance; interacciones = "
          "likes + comments + shares + saves, con saves vacío como 0) y toma la mediana."),
        "((posts[['likes','comments','shares','saves']].sum(axis=1, min_count=1)) / "
        "posts['reach']).median()",
        hidden=[close_to(median, rel=1e-6, ratio=True)],
    )
    q2 = Question(
        "P2", close_to(gap, rel=1e-2, abs_tol=1e-5),
        _("Media de las tasas por publicación menos (suma de interacciones / suma del alcance). "
          "Sale positiva: las publicaciones pequeñas tienen tasas altas."),
        "tasas.mean() - interacciones.sum() / posts['reach'].sum()",
        hidden=[close_to(gap, rel=1e-4, abs_tol=1e-7)],
    )
    q3 = Question(
        "P3", same_series(lambda: by_post_type(business)),
        _("Agrupa por post_type y, en cada grupo, suma interacciones y alcance antes de dividir."),
        "g = posts.assign(i=interacciones).groupby('post_type')\n"
        "g['i'].sum() / g['reach'].sum()",
        hidden=[same_series(lambda: by_post_type(business), rel=1e-6)],
    )
    q4 = Question(
        "P4", close_to(freq),
        _("Frecuencia = suma de impresiones / suma del alcance: veces que, de media, cada cuenta "
          "vio una publicación."),
        "posts['impressions'].sum() / posts['reach'].sum()",
        hidden=[close_to(freq, rel=1e-6)],
    )
    q5 = Question(
        "P5", close_to(times),
        _("Personas que interactúan = seguidores × tasa. Divide las de la cuenta pequeña entre "
          "las de la grande (0,05 % es 0,0005)."),
        "(100_000 * 0.02) / (1_000_000 * 0.0005)",
        hidden=[close_to(times, rel=1e-9)],
    )
    q6 = Question(
        "P6", close_to(saved),
        _("Suma returns_value de todo el año y quédate con el 70 %: es el dinero que no se "
          "devolvería."),
        "sales['returns_value'].sum() * 0.7",
        hidden=[close_to(saved, rel=1e-6)],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, q6=q6)
