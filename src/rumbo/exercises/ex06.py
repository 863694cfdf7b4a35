"""Exercise 06 (listening and recommendation): the funnel, assisted purchases, response
figures and the crisis day, on the bundled data of one business.

The learner reads the year's totals (with the mean of the per-post CTR shown on purpose, as
a trap), the answered mentions and the five days with most negative mentions, and answers with
arithmetic or ``mediana_de``. The misconceptions graded are the mean of ratios for the CTR,
the wrong denominator (all purchases, competitors' mentions, only the answered ones), the mean
for the median, and a z score against the whole year instead of the 28 days before.
Every expected value is computed by :mod:`rumbo.funnel` and :mod:`rumbo.listening`.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo.core.i18n import translator
from rumbo import funnel, listening
from rumbo.data import business_info, load_dataset
from rumbo.exercises.checks import Question, number_question
from rumbo.exercises.tables import sheet
from rumbo.exercises.typed import WHOLE, Incorrect, Precision, money_precision, read_dates

_, N_, ngettext = translator("ex06")

#: The crisis threshold and the baseline of the crisis question.
CRISIS_Z, WINDOW = 3.0, 28
#: Figures shown with this many decimals (enough for sums made from them to round like the data).
SHOWN_DECIMALS = 4
DAYS_SHOWN = 5


@lru_cache(maxsize=8)
def expected(business: str) -> dict:
    """Every expected answer of the exercise for ``business``."""
    posts = load_dataset(business, "posts")
    sales = load_dataset(business, "sales")
    totals = funnel.business_totals(business)
    rates = funnel.funnel_rates(totals)
    credit = funnel.attribution(sales)
    own = listening.own_mentions(business)
    stats = listening.response_stats(own, 60)
    daily = listening.negative_daily(business)
    scores = listening.crisis_scores(daily, WINDOW)
    top = scores.dropna().sort_values("count", ascending=False, kind="stable").iloc[0]
    mentions = load_dataset(business, "mentions")
    return {
        "ctr": rates["ctr"],
        "ctr_mean_of_ratios": funnel.mean_of_ratios(posts, "clicks", "impressions"),
        "conversion_rate": rates["conversion_rate"],
        "cost_per_result": rates["cost_per_result"],
        "assisted_share": credit["assisted_share"],
        "last_click_share": credit["last_click_share"],
        "response_rate": stats["response_rate"],
        "response_rate_all_brands": stats["answered"] / len(mentions),
        "median_minutes": stats["median_minutes"],
        "mean_minutes": float(listening.reply_minutes(own).mean()),
        "share_within": stats["share_within"],
        "share_within_of_answered": stats["answered_within"] / stats["answered"],
        "crisis_days": [d.date().isoformat() for d in listening.crisis_days(daily, CRISIS_Z, WINDOW).index],
        "top_day": top, "top_z": float(top["z"]),
        "top_z_year": float((top["count"] - daily.mean()) / daily.std()),
        "stats": stats, "credit": credit, "totals": totals, "daily": daily,
        "scores": scores, "competitors": int((mentions["brand"] != business).sum()),
    }


def same_days(expected_days) -> callable:
    """Checker: the same set of calendar days; says how many are missing or extra, not which."""

    def checker(answer) -> None:
        want = set(expected_days())
        got = {d.isoformat() for d in read_dates(answer)}
        if got == want:
            return
        missing, extra = len(want - got), len(got - want)
        raise Incorrect(_("Te faltan {missing} días y sobran {extra}. Recuerda: la referencia son "
                          "los {window} días anteriores, sin contar el propio día, y solo las "
                          "menciones negativas de tu marca.").format(
                              missing=missing, extra=extra, window=WINDOW))

    return checker


def _round(value: float) -> float:
    return round(float(value), SHOWN_DECIMALS)


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = expected(business)
    stats, credit, totals = e["stats"], e["credit"], e["totals"]
    currency = business_info(business)["currency"]
    funnel_sheet = sheet([
        ("clics", _("clics en las publicaciones, sumados"), int(totals["clicks"])),
        ("impresiones", _("impresiones de las publicaciones, sumadas"), int(totals["impressions"])),
        ("ctr_medio", _("media del CTR de cada publicación"), _round(e["ctr_mean_of_ratios"])),
        ("gasto", _("gasto en anuncios del año, en {c}").format(c=currency), _round(totals["spend"])),
        ("visitas", _("visitas o mensajes que llegaron desde redes"), int(totals["visits"])),
        ("compras_ultimo_clic", _("compras cuyo último paso fue una red"), int(credit["last_click"])),
        ("compras_asistidas", _("compras con una red en el camino, pero no al final"),
         int(credit["assisted_only"])),
        ("compras_total", _("todas las compras del año"), int(credit["purchases"])),
    ])
    mentions_sheet = sheet([
        ("menciones_marca", _("menciones de tu marca (esperaban respuesta)"), stats["received"]),
        ("respondidas", _("de ellas, respondidas"), stats["answered"]),
        ("respondidas_60", _("de ellas, respondidas en 60 minutos o menos"), stats["answered_within"]),
        ("menciones_competencia", _("menciones de la competencia"), e["competitors"]),
    ])
    own = listening.own_mentions(business)
    minutes = listening.reply_minutes(own)
    answered = pd.DataFrame({"fecha": own["created_at"].dt.strftime("%d/%m/%Y %H:%M"),
                             "minutos": minutes}).dropna().reset_index(drop=True)
    answered["minutos"] = answered["minutos"].round(1)
    # Days of the first four weeks have no 28 days before them yet: they cannot be judged.
    scores = e["scores"].dropna().sort_values("count", ascending=False, kind="stable").head(DAYS_SHOWN)
    crisis = pd.DataFrame({
        "negativas": scores["count"].astype(int).values,
        "media_28_dias_antes": scores["baseline"].round(SHOWN_DECIMALS).values,
        "desviacion_28_dias_antes": scores["spread"].round(SHOWN_DECIMALS).values,
    }, index=pd.Index(scores.index.strftime("%d/%m/%Y"), name=_("día")))
    year_sheet = sheet([
        ("media_anual", _("media de negativas por día en todo el año"), _round(e["daily"].mean())),
        ("desviacion_anual", _("desviación típica de todo el año"), _round(e["daily"].std())),
    ])
    top = e["top_day"]
    value = lambda key: (lambda: e[key])  # noqa: E731
    q1 = number_question(
        "P1", value("ctr"), Precision(4), variable="ctr", ratio=True,
        slips=((value("ctr_mean_of_ratios"),
                _("Esa es la media del CTR de cada publicación: las publicaciones pequeñas pesan lo mismo "
                  "que las grandes. El CTR del año es suma de clics ÷ suma de impresiones.")),
               (lambda: totals["impressions"] / totals["clicks"], _("Al revés: clics entre impresiones."))),
        hint=_("CTR del año = clics ÷ impresiones, las dos sumadas (no la media de los CTR)."),
        solution="ctr = clics / impresiones",
        wrong=_("Divide los clics sumados entre las impresiones sumadas."),
    )
    q2 = number_question(
        "P2", value("conversion_rate"), Precision(4), variable="conversion", ratio=True,
        slips=((lambda: credit["last_click"] / credit["purchases"],
                _("Has dividido entre todas las compras. La conversión es compras ÷ visitas desde redes.")),
               (lambda: credit["last_click"] / totals["clicks"],
                _("Has dividido entre los clics; aquí el denominador son las visitas desde redes."))),
        hint=_("Conversión = compras de último clic en redes ÷ visitas desde redes."),
        solution="conversion = compras_ultimo_clic / visitas",
        wrong=_("Compras de último clic entre visitas desde redes."),
    )
    q3 = number_question(
        "P3", value("cost_per_result"), money_precision(currency), variable="coste_por_compra",
        slips=((lambda: totals["spend"] / credit["purchases"],
                _("Has dividido entre todas las compras; aquí solo cuentan las de último clic en redes.")),
               (lambda: totals["spend"] / credit["touched"],
                _("Has contado también las compras asistidas; aquí solo las de último clic en redes."))),
        hint=_("Coste por compra = gasto en anuncios ÷ compras de último clic en redes."),
        solution="coste_por_compra = gasto / compras_ultimo_clic",
        wrong=_("Gasto entre compras de último clic."),
    )
    q4 = number_question(
        "P4", value("assisted_share"), Precision(3), variable="parte_asistida", ratio=True,
        slips=((value("last_click_share"),
                _("Solo has contado el último clic. Las redes también ayudaron en las compras asistidas: "
                  "súmalas.")),
               (lambda: credit["assisted_only"] / credit["purchases"],
                _("Solo has contado las asistidas; suma también las de último clic."))),
        hint=_("(compras de último clic + compras asistidas) ÷ todas las compras."),
        solution="parte_asistida = (compras_ultimo_clic + compras_asistidas) / compras_total",
        wrong=_("Suma las dos clases de compras con redes y divide entre todas."),
    )
    q5 = number_question(
        "P5", value("response_rate"), Precision(2), variable="tasa_respuesta", ratio=True,
        slips=((value("response_rate_all_brands"),
                _("Has contado también las menciones de la competencia: el denominador son solo las "
                  "de tu marca, las que esperaban tu respuesta.")),),
        hint=_("Respondidas ÷ menciones de tu marca."),
        solution="tasa_respuesta = respondidas / menciones_marca",
        wrong=_("Respondidas entre menciones de tu marca."),
    )
    q6 = number_question(
        "P6", value("median_minutes"), WHOLE, variable="minutos_mediana",
        slips=((value("mean_minutes"),
                _("Esa es la media: unas pocas respuestas muy tardías la suben. La mediana es la respuesta "
                  "del medio: usa mediana_de.")),
               (lambda: e["median_minutes"] / 60, _("Eso son horas; aquí se pide en minutos."))),
        hint=_("Rellena mediana_de(respuestas, \"minutos\")."),
        solution='minutos_mediana = mediana_de(respuestas, "minutos")',
        wrong=_("Es la mediana de la columna minutos de la tabla respuestas."),
    )
    q7 = number_question(
        "P7", value("share_within"), Precision(3), variable="parte_en_60", ratio=True,
        slips=((value("share_within_of_answered"),
                _("Has dividido solo entre las respondidas. Quien no recibió respuesta también esperaba: "
                  "el denominador son todas las menciones de tu marca.")),),
        hint=_("Respondidas en 60 minutos o menos ÷ todas las menciones de tu marca."),
        solution="parte_en_60 = respondidas_60 / menciones_marca",
        wrong=_("Respondidas en 60 minutos entre todas las menciones de tu marca."),
    )
    q8 = number_question(
        "P8", value("top_z"), Precision(1), variable="z_crisis",
        slips=((value("top_z_year"),
                _("Has usado la media y la desviación de todo el año. «Lo normal» es lo de los 28 días "
                  "anteriores a ese día.")),
               (lambda: float(top["count"] - top["baseline"]),
                _("Falta dividir entre la desviación de los 28 días anteriores.")),
               (lambda: float(top["count"] / top["baseline"]),
                _("Eso es cuántas veces lo normal; z = (negativas − media) ÷ desviación."))),
        hint=_("z = (negativas del día − media de los 28 días antes) ÷ desviación de esos 28 días."),
        solution="z_crisis = (negativas_dia - media_28) / desviacion_28",
        wrong=_("Usa la primera fila: (negativas − media_28_dias_antes) ÷ desviacion_28_dias_antes."),
    )
    reto = Question(
        "Reto", same_days(value("crisis_days")),
        _("Cuenta las menciones negativas de tu marca por día (resample(\"D\")), calcula la "
          "media y la desviación de los 28 días anteriores con rolling(28) y shift(1), y "
          "quédate con los días en que z = (día − media) / desviación > 3."),
        'menciones = load_dataset(business, "mentions")\n'
        'negativas = menciones[(menciones["brand"] == business) & (menciones["sentiment"] == "negative")]\n'
        'por_dia = negativas.resample("D", on="created_at").size()\n'
        "base = por_dia.shift(1).rolling(28)\n"
        "z = (por_dia - base.mean()) / base.std()\n"
        "mis_dias_de_crisis = list(z[z > 3].index)",
        variable="mis_dias_de_crisis",
    )
    values = {name: table.loc[name].iloc[1] for table in (funnel_sheet, mentions_sheet, year_sheet)
              for name in table.index}
    values.update(negativas_dia=int(top["count"]), media_28=_round(top["baseline"]),
                  desviacion_28=_round(top["spread"]))
    return SimpleNamespace(
        q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, q6=q6, q7=q7, q8=q8, reto=reto,
        funnel=funnel_sheet, mentions=mentions_sheet, answered=answered, crisis=crisis, year=year_sheet,
        values=values, pick=lambda *names: tuple(values[n] for n in names), currency=currency)


def angry_comment(business: str = "panaderia") -> str:
    """The first negative complaint of the crisis day: the comment of the written answer."""
    own = listening.own_mentions(business)
    day = expected(business)["crisis_days"][0]
    crisis = own[(own["created_at"].dt.normalize() == pd.Timestamp(day))
                 & (own["sentiment"] == "negative") & (own["kind"] == "complaint")]
    return str(crisis.sort_values("created_at", kind="stable")["text"].iloc[0])
