"""Exercise 00 (warm-up): follower growth and compound monthly growth on bundled data.

Every answer is a number typed from the table the exercise shows, or a call to
``crecimiento_mensual`` / ``proyectar`` with the numbers filled in. The optional
challenge asks learners who program for the function itself.
"""

from __future__ import annotations

from types import SimpleNamespace

from rumbo.core.i18n import translator
from rumbo.exercises.checks import Question, number_question, same_function
from rumbo.exercises.tables import instagram_year
from rumbo.exercises.typed import WHOLE, Precision
from rumbo.metrics import compound_monthly_growth, growth_rate

_, N_, ngettext = translator("ex00")

MONTHS = 12
#: The order of the course's first story: from 100 followers to a million in three months.
MIRACLE = (100, 1_000_000, 3)


def questions(business: str = "panaderia") -> SimpleNamespace:
    start, end, facts = instagram_year(business)
    growth = growth_rate(start, end)
    monthly = compound_monthly_growth(start, end, MONTHS)
    q1 = number_question(
        "P1", lambda: growth, Precision(2), variable="crecimiento", ratio=True,
        slips=((lambda: end / start, _("Eso es final ÷ inicial (cuántas veces más). El crecimiento es lo "
                                       "ganado entre lo que había: (final − inicial) ÷ inicial.")),
               (lambda: end - start, _("Eso son los seguidores ganados. Para el crecimiento, divídelos "
                                       "entre los que había al principio.")),
               (lambda: (end - start) / end, _("Has dividido entre los seguidores del final; el "
                                                "crecimiento se mide sobre los del principio."))),
        hint=_("Crecimiento = (final − inicial) ÷ inicial, con los dos números de la tabla."),
        solution="crecimiento = (fin - inicio) / inicio",
        wrong=_("Usa los seguidores del 1 de enero y del 31 de diciembre de la tabla."),
    )
    q2 = number_question(
        "P2", lambda: monthly, Precision(4), variable="mensual", ratio=True,
        slips=((lambda: growth / MONTHS, _("Has repartido el crecimiento del año entre 12, pero cada mes "
                                            "se crece sobre lo ya ganado: usa crecimiento_mensual.")),
               (lambda: growth, _("Eso es el crecimiento de todo el año; aquí se pide el de cada mes, "
                                  "con 12 meses.")),
               (lambda: compound_monthly_growth(end, start, MONTHS),
                _("Al revés: primero los seguidores del principio (inicio), luego los del final (fin)."))),
        hint=_("Rellena crecimiento_mensual(inicio, fin, meses) con los seguidores de la tabla y 12 meses."),
        solution="mensual = crecimiento_mensual(inicio, fin, 12)",
        wrong=_("Comprueba los tres huecos: seguidores del principio, del final y 12 meses."),
    )
    big_start, big_target, big_months = MIRACLE
    q3 = number_question(
        "P3", lambda: compound_monthly_growth(*MIRACLE), Precision(2), variable="milagro", ratio=True,
        slips=((lambda: (big_target - big_start) / big_start / big_months,
                _("Has repartido el crecimiento total entre 3 meses, pero se compone mes a mes: usa "
                  "crecimiento_mensual.")),
               (lambda: compound_monthly_growth(big_target, big_start, big_months),
                _("Al revés: primero los 100 seguidores de partida, luego el millón."))),
        hint=_("Rellena crecimiento_mensual(100, 1000000, 3). Los miles no llevan punto en Python."),
        solution="milagro = crecimiento_mensual(100, 1000000, 3)",
        wrong=_("Comprueba los tres huecos: 100, 1000000 (sin puntos) y 3."),
    )
    q4 = number_question(
        "P4", lambda: end * (1 + monthly) ** MONTHS, WHOLE, variable="proyeccion",
        slips=((lambda: end * (1 + growth) ** MONTHS,
                _("Has usado el crecimiento de todo el año como si fuera el de cada mes: usa la tasa "
                  "mensual de la pregunta 2 (mensual).")),
               (lambda: start * (1 + monthly) ** MONTHS,
                _("Has partido de los seguidores del 1 de enero: así sale el 31 de diciembre otra vez. "
                  "La proyección parte de fin."))),
        hint=_("Rellena proyectar(inicio, tasa, meses): parte de los seguidores del 31 de diciembre, con "
               "la tasa mensual de la pregunta 2 y 12 meses."),
        solution="proyeccion = proyectar(fin, mensual, 12)",
        wrong=_("Parte de fin, con la tasa mensual (mensual) y 12 meses."),
    )
    reto = Question(
        "Reto", same_function(compound_monthly_growth, [(100, 121, 2), (800, 1000, 12), (1000, 900, 3)]),
        _("Tu función recibe inicio, fin y meses y devuelve (fin / inicio) ** (1 / meses) − 1."),
        "def mi_crecimiento_mensual(inicio, fin, meses):\n    return (fin / inicio) ** (1 / meses) - 1",
        variable="mi_crecimiento_mensual",
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, reto=reto, facts=facts, start=start, end=end)
