"""Exercise 02 (Métricas): engagement rates with their denominator, ratio of sums vs mean of
ratios, the rate of one post type, frequency, quality vs quantity and money saved on returns.

The learner reads a table of the business's posts (Spanish columns, one rate per denominator)
and its sums, and answers with numbers, arithmetic or ``mediana_de``/``valor_de``. Every
expected value is computed from the bundled data of ``business``.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo.core.i18n import get_language, translator
from rumbo.data import business_info, load_dataset
from rumbo.exercises.checks import Question, number_question, same_series
from rumbo.exercises.tables import sheet
from rumbo.exercises.typed import Precision, money_precision
from rumbo.metrics import (POST_TYPE_LABELS, engaged_users, engagement_rate, engagements, frequency,
                           rate_table, returns_saving)

_, N_, ngettext = translator("ex02")

#: The seed's comparison: a big audience that barely interacts vs a small one that does.
BIG, BIG_RATE = 1_000_000, 0.0005
SMALL, SMALL_RATE = 100_000, 0.02
RETURNS_CUT = 0.7
#: The post type of question 3 (every bundled business has videos).
TYPE = "video"


def by_post_type(business: str) -> pd.Series:
    """Engagement rate by reach per post type (sum of engagements / sum of reach)."""
    posts = load_dataset(business, "posts")
    table = rate_table(posts, "engagements", "reach", "ratio_of_sums", "post_type")
    return table["value"].rename_axis("post_type")


def posts_table(business: str) -> pd.DataFrame:
    """The posts as the learner reads them: Spanish columns, engagements and the rate by each
    denominator already worked out per post (post types in the session's language)."""
    return _posts_table(business, get_language())


@lru_cache(maxsize=8)
def _posts_table(business: str, language: str) -> pd.DataFrame:
    posts = load_dataset(business, "posts")
    eng = engagements(posts)
    return pd.DataFrame({
        "fecha": posts["published_at"].dt.strftime("%d/%m/%Y"),
        "red": posts["network"],
        "tipo": posts["post_type"].map(lambda t: _(POST_TYPE_LABELS.get(t, t))),
        "alcance": posts["reach"], "impresiones": posts["impressions"], "seguidores": posts["followers"],
        "interacciones": eng.astype(int),
        "tasa_alcance": eng / posts["reach"], "tasa_seguidores": eng / posts["followers"],
        "tasa_impresiones": eng / posts["impressions"],
    })


def type_table(business: str) -> pd.DataFrame:
    """Per post type: posts, sums of engagements and reach, and the mean of the per-post rates."""
    table = posts_table(business)
    grouped = table.groupby("tipo")
    out = pd.DataFrame({
        "publicaciones": grouped.size(),
        "suma_interacciones": grouped["interacciones"].sum(),
        "suma_alcance": grouped["alcance"].sum(),
        "media_tasa_alcance": grouped["tasa_alcance"].mean(),
    })
    out.index.name = "tipo"
    return out


def questions(business: str = "panaderia") -> SimpleNamespace:
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    table = posts_table(business)
    currency = business_info(business)["currency"]
    rate = lambda aggregate, denominator="reach": engagement_rate(posts, denominator, aggregate)  # noqa: E731
    totals = {"engagements": int(table["interacciones"].sum()), "reach": int(table["alcance"].sum()),
              "impressions": int(table["impresiones"].sum()), "mean_rate": float(table["tasa_alcance"].mean())}
    returned = round(float(sales["returns_value"].sum()), 2)
    summary = sheet([
        ("suma_interacciones", _("interacciones sumadas de todas las publicaciones"), totals["engagements"]),
        ("suma_alcance", _("alcance sumado"), totals["reach"]),
        ("suma_impresiones", _("impresiones sumadas"), totals["impressions"]),
        ("media_tasa_alcance", _("media de la columna tasa_alcance"), totals["mean_rate"]),
    ])
    videos = type_table(business).loc[_(POST_TYPE_LABELS[TYPE])]
    q1 = number_question(
        "P1", lambda: rate("median"), Precision(3), variable="mediana", ratio=True,
        slips=((lambda: rate("mean_of_ratios"),
                _("Esa es la media de las tasas. La mediana es el valor del medio: la mitad de las "
                  "publicaciones quedan por encima. Usa mediana_de.")),
               (lambda: rate("median", "followers"),
                _("Esa es la tasa por seguidores: aquí el denominador es el alcance (tasa_alcance).")),
               (lambda: rate("median", "impressions"),
                _("Esa es la tasa por impresiones: aquí el denominador es el alcance (tasa_alcance)."))),
        hint=_("Rellena mediana_de(publicaciones, \"columna\") con la columna de la tasa por alcance."),
        solution='mediana = mediana_de(publicaciones, "tasa_alcance")',
        wrong=_("Usa la columna tasa_alcance de la tabla publicaciones."),
    )
    gap = lambda: rate("mean_of_ratios") - rate("ratio_of_sums")  # noqa: E731
    q2 = number_question(
        "P2", gap, Precision(4), variable="diferencia", ratio=True,
        slips=((lambda: 0.0, _("No son iguales: calcula las dos y réstalas.")),
               (lambda: -gap(), _("Al revés: media de las tasas menos el cociente de las sumas (sale "
                                  "positivo)."))),
        hint=_("Media de las tasas = media_tasa_alcance. Tasa del año = suma_interacciones ÷ suma_alcance. "
               "Réstalas."),
        solution="diferencia = media_tasa_alcance - suma_interacciones / suma_alcance",
        wrong=_("Es media_tasa_alcance menos (suma_interacciones ÷ suma_alcance)."),
    )
    q3 = number_question(
        "P3", lambda: by_post_type(business)[TYPE], Precision(4), variable="tasa_videos", ratio=True,
        slips=((lambda: float(videos["media_tasa_alcance"]),
                _("Esa es la media de las tasas de cada vídeo. Aquí se pide la tasa del grupo: suma de "
                  "sus interacciones ÷ suma de su alcance.")),
               (lambda: rate("ratio_of_sums"),
                _("Esa es la tasa de todas las publicaciones; aquí solo las de tipo vídeo."))),
        hint=_("En la fila «vídeo» de la tabla por tipo: suma_interacciones ÷ suma_alcance."),
        solution='tasa_videos = valor_de(por_tipo, "{row}", "suma_interacciones") / '
                 'valor_de(por_tipo, "{row}", "suma_alcance")'.format(row=_(POST_TYPE_LABELS[TYPE])),
        wrong=_("Usa la fila «vídeo»: suma_interacciones ÷ suma_alcance."),
    )
    freq = lambda: frequency(posts["impressions"], posts["reach"])  # noqa: E731
    q4 = number_question(
        "P4", freq, Precision(2), variable="frecuencia",
        slips=((lambda: 1 / freq(), _("Al revés: impresiones entre alcance. Sale más de 1, porque cada "
                                      "cuenta ve una publicación al menos una vez.")),),
        hint=_("Frecuencia = suma_impresiones ÷ suma_alcance."),
        solution="frecuencia = suma_impresiones / suma_alcance",
        wrong=_("Divide las impresiones sumadas entre el alcance sumado."),
    )
    times = lambda: engaged_users(SMALL, SMALL_RATE) / engaged_users(BIG, BIG_RATE)  # noqa: E731
    q5 = number_question(
        "P5", times, Precision(1), variable="veces",
        slips=((lambda: engaged_users(SMALL, SMALL_RATE) / (BIG * 0.05),
                _("0,05 % es 0.0005 (y no 0.05): divide el porcentaje entre 100.")),
               (lambda: 1 / times(), _("Al revés: las personas de la segunda cuenta entre las de la "
                                       "primera."))),
        hint=_("Personas que interactúan = seguidores × tasa (0,05 % es 0.0005; 2 % es 0.02). Divide las "
               "de la cuenta pequeña entre las de la grande."),
        solution="veces = (100000 * 0.02) / (1000000 * 0.0005)",
        wrong=_("(100000 × 0.02) ÷ (1000000 × 0.0005)."),
    )
    q6 = number_question(
        "P6", lambda: returns_saving(sales["returns_value"], RETURNS_CUT), money_precision(currency), variable="ahorro",
        slips=((lambda: returns_saving(sales["returns_value"], 1 - RETURNS_CUT),
                _("Eso es lo que se seguiría devolviendo (el 30 %). Lo que deja de devolverse es el 70 %.")),
               (lambda: float(sales["returns_value"].sum()) * 70,
                _("70 % es 0.7, no 70."))),
        hint=_("Lo que deja de devolverse = devuelto × 0.7."),
        solution="ahorro = devuelto * 0.7",
        wrong=_("Multiplica el dinero devuelto en el año por 0.7."),
    )
    reto = Question(
        "Reto", same_series(lambda: by_post_type(business), rel=1e-6),
        _("Agrupa por post_type y, en cada grupo, suma interacciones y alcance antes de dividir."),
        'posts = load_dataset(business, "posts")\n'
        'grupos = posts.assign(i=posts[["likes", "comments", "shares", "saves"]].sum(axis=1, min_count=1))'
        '.groupby("post_type")\n'
        'mi_por_tipo = grupos["i"].sum() / grupos["reach"].sum()',
        variable="mi_por_tipo",
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, q6=q6, reto=reto, posts=table,
                           summary=summary, by_type=type_table(business), totals=totals,
                           returned=returned, currency=currency,
                           returns=sheet([("devuelto", _("dinero devuelto en todo el año ({currency})").format(
                               currency=currency), returned)]))
