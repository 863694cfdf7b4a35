"""Exercise 01 (objectives): required monthly growth, a projection at the typical rate, an
achievement ratio, SMART or not for eight objectives, and engaged people per post, all on the
Instagram data of one bundled business.

Every answer is typed from the tables the exercise shows: numbers, a call to
``crecimiento_mensual`` / ``proyectar`` with the blanks filled, or the letters of the SMART
objectives.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo.core.i18n import translator
from rumbo import objectives as obj
from rumbo.data import load_dataset
from rumbo.exercises.checks import Incorrect, Question, close_to, number_question
from rumbo.exercises.tables import instagram_year, sheet
from rumbo.exercises.typed import WHOLE, Precision, read_letters
from rumbo.metrics import engagement_rate, engagements

_, N_, ngettext = translator("ex01")

NETWORK = "instagram"
START, END = "2025-01-01", "2025-12-31"
#: The objective of question 1: this many Instagram followers, 12 months after END.
TARGET_FOLLOWERS, HORIZON_MONTHS = 10_000, 12
#: The objective set on START for question 3: grow the account by this share during 2025.
GOAL_2025 = 0.20
#: "Today" for the eight objectives of question 4 (fixed, so the answer never changes).
TODAY = date(2026, 1, 1)
LETTERS = "abcdefgh"


def followers_at(business: str) -> tuple[int, int]:
    """Instagram followers on the first and the last day of 2025."""
    start, end, _sheet = instagram_year(business)
    return start, end


def smart_cases(business: str = "panaderia") -> dict[str, obj.Objective]:
    """The eight objectives of question 4 (some built on the business's own numbers)."""
    _start, end = followers_at(business)
    ig = "instagram"
    cases = {
        "a": obj.Objective(_("Tener más seguidores."), kpi="followers"),
        "b": obj.Objective(_("Pasar de {a} a {b} seguidores en Instagram antes del 30/06/2026, "
                             "para que más gente nos conozca.").format(a=end, b=round(end * 1.15)),
                           "awareness", "followers", ig, end, round(end * 1.15), "2026-06-30"),
        "c": obj.Objective(_("Pasar de {a} a 1.000.000 de seguidores en Instagram antes del "
                             "31/03/2026, para que más gente nos conozca.").format(a=end),
                           "awareness", "followers", ig, end, 1_000_000, "2026-03-31"),
        "e": obj.Objective(_("Bajar la tasa de devoluciones del 10 % al 7 % antes del 31/12/2026 "
                             "resolviendo dudas de uso por Instagram."),
                           "fewer_returns", "return_rate", ig, 10, 7, "2026-12-31"),
        "d": obj.Objective(_("Duplicar las ventas que llegan desde Instagram (hoy, 40 al mes)."),
                           "sell_more", "sales", ig, 40, 80, None),
        "g": obj.Objective(_("Subir la tasa de interacción por alcance en Instagram del 2 % al "
                             "2,5 % antes del 30/09/2026, para vender más."),
                           "sell_more", "engagement_rate", ig, 2, 2.5, "2026-09-30"),
        "f": obj.Objective(_("Pasar de {a} a {b} seguidores en Instagram antes del 30/06/2026, "
                             "para tener menos devoluciones.").format(a=end, b=round(end * 1.15)),
                           "fewer_returns", "followers", ig, end, round(end * 1.15), "2026-06-30"),
        "h": obj.Objective(_("Responder los mensajes de Instagram en 4 horas (hoy tardamos 10) "
                             "antes del 31/12/2026, para tener clientes más fieles."),
                           "loyalty", "response_time", ig, 10, 4, "2026-12-31"),
    }
    return dict(sorted(cases.items()))


def smart_cases_table(business: str = "panaderia") -> pd.DataFrame:
    """The eight objectives as the learner reads them: what each says, field by field."""
    goals = {k: _(label) for k, (label, _kpis) in obj.GOALS.items()}
    rows = []
    for key, o in smart_cases(business).items():
        rows.append({
            _("clave"): key, _("objetivo"): o.text,
            _("objetivo del negocio"): goals.get(o.goal or "", "—"),
            _("KPI"): _(obj.KPIS[o.kpi].label) if o.kpi else "—",
            _("red"): o.network or "—",
            _("inicio"): "—" if o.start is None else o.start,
            _("meta"): "—" if o.target is None else o.target,
            _("fecha límite"): o.deadline or "—",
        })
    return pd.DataFrame(rows).set_index(_("clave"))


@lru_cache(maxsize=8)
def instagram_2025(business: str) -> dict:
    """Sums over the business's Instagram posts of 2025: what question 5 shows."""
    posts = load_dataset(business, "posts")
    posts = posts[(posts["network"] == NETWORK) & (posts["published_at"].dt.year == 2025)]
    return {"posts": len(posts), "engagements": float(engagements(posts).sum()),
            "reach": float(posts["reach"].sum()), "followers": float(posts["followers"].sum()),
            "rate": engagement_rate(posts, "followers", "ratio_of_sums")}


@lru_cache(maxsize=8)
def expected(business: str) -> dict:
    """Every expected value of the exercise, computed from the bundled data of ``business``."""
    start, end = followers_at(business)
    typical = obj.thresholds().typical.high
    ig = instagram_2025(business)
    return {
        "start": start, "end": end, "typical": typical, "typical_low": obj.thresholds().typical.low,
        "required": obj.required_monthly_growth(end, TARGET_FOLLOWERS, HORIZON_MONTHS),
        "projection": obj.project(end, typical, HORIZON_MONTHS),
        "achievement": obj.achievement_ratio(start, start * (1 + GOAL_2025), end),
        "smart": {k: obj.check_smart(o, TODAY).is_smart for k, o in smart_cases(business).items()},
        "engagement_rate": ig["rate"],
        "engaged": ig["rate"] * end,
        "engaged_by_reach": ig["engagements"] / ig["reach"] * end,
    }


def smart_letters(business: str) -> str:
    """The SMART objectives' letters, as the learner types them: "b, e, h"."""
    return ", ".join(k for k, smart in expected(business)["smart"].items() if smart)


def _same_letters(business: str):
    def checker(chosen: set[str]) -> None:
        want = {k for k, smart in expected(business)["smart"].items() if smart}
        wrong = len(chosen ^ want)
        if wrong:
            raise Incorrect(_("Hay {n} objetivos mal clasificados (de ocho). Repasa cada uno con los cinco "
                              "criterios; fíjate sobre todo en si el KPI mide la meta del negocio.").format(n=wrong))

    return checker


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = expected(business)
    start, end, ig = e["start"], e["end"], instagram_2025(business)
    low_pct, high_pct = 100 * e["typical_low"], 100 * e["typical"]
    _start, _end, facts = instagram_year(business)
    typical = sheet([
        ("tipico_bajo", _("crecimiento mensual típico de una cuenta pequeña, extremo bajo (%)"), low_pct),
        ("tipico_alto", _("crecimiento mensual típico de una cuenta pequeña, extremo alto (%)"), high_pct),
    ])
    totals = sheet([
        ("publicaciones", _("publicaciones de Instagram en 2025"), ig["posts"]),
        ("interacciones", _("interacciones sumadas (me gusta + comentarios + compartidos + guardados)"),
         int(ig["engagements"])),
        ("alcance_sumado", _("alcance sumado de esas publicaciones"), int(ig["reach"])),
        ("seguidores_sumados", _("columna de seguidores sumada (los de cada día en que se publicó)"),
         int(ig["followers"])),
    ])
    q1 = number_question(
        "P1", lambda: e["required"], Precision(3), variable="tasa_necesaria", ratio=True,
        slips=((lambda: (TARGET_FOLLOWERS / end - 1) / HORIZON_MONTHS,
                _("Has repartido el crecimiento total entre 12 meses, pero el crecimiento se compone: "
                  "usa crecimiento_mensual.")),
               (lambda: obj.required_monthly_growth(start, TARGET_FOLLOWERS, HORIZON_MONTHS),
                _("Has partido de los seguidores del 1 de enero de 2025; la meta se fija el 31 de "
                  "diciembre, así que parte de fin."))),
        hint=_("Rellena crecimiento_mensual(inicio, fin, meses): de los seguidores del 31/12/2025 a "
               "10000 en 12 meses."),
        solution="tasa_necesaria = crecimiento_mensual(fin, 10000, 12)",
        wrong=_("Parte de fin, llega a 10000 (sin punto) en 12 meses."),
    )
    q2 = number_question(
        "P2", lambda: e["projection"], WHOLE, variable="proyeccion",
        slips=((lambda: obj.project(end, high_pct, HORIZON_MONTHS),
                _("Has usado el 3 como si fuera una proporción: 3 % es 0.03 (tipico_alto / 100).")),
               (lambda: obj.project(end, e["typical_low"], HORIZON_MONTHS),
                _("Has usado el extremo bajo; aquí se pide el máximo típico (tipico_alto).")),
               (lambda: obj.project(start, e["typical"], HORIZON_MONTHS),
                _("Has partido del 1 de enero de 2025; la proyección parte de fin."))),
        hint=_("Rellena proyectar(inicio, tasa, meses): parte de fin, con el extremo alto típico pasado a "
               "proporción (3 % es 0.03) y 12 meses."),
        solution="proyeccion = proyectar(fin, tipico_alto / 100, 12)",
        wrong=_("Parte de fin, con la tasa como proporción y 12 meses."),
    )
    q3 = number_question(
        "P3", lambda: e["achievement"], Precision(2), variable="logro", ratio=True,
        slips=((lambda: end / (start * (1 + GOAL_2025)),
                _("Eso es resultado ÷ meta. Aquí se pide qué parte del cambio previsto se logró: "
                  "(resultado − inicio) ÷ (meta − inicio).")),
               (lambda: (end - start) / start,
                _("Eso es el crecimiento del año. Aquí se compara con lo que se quería crecer: divide "
                  "entre (meta − inicio)."))),
        hint=_("Meta = inicio × 1.2. Logro = (fin − inicio) ÷ (meta − inicio)."),
        solution="logro = (fin - inicio) / (inicio * 1.2 - inicio)",
        wrong=_("Meta = inicio × 1.2; luego (fin − inicio) ÷ (meta − inicio)."),
    )
    same = _same_letters(business)
    q4 = Question(
        "P4", same,
        _("Para cada objetivo mira los cinco criterios: qué se mide y dónde, inicio y meta, si el "
          "ritmo mensual necesario es realista o ambicioso (hasta un 10 % al mes), si el KPI mide la "
          "meta del negocio (para vender más: ventas o visitas, no seguidores ni interacción) y si "
          "tiene fecha futura."),
        f'smart = "{smart_letters(business)}"', hidden=[same], variable="smart",
        reader=lambda answer: read_letters(answer, LETTERS),
    )
    q5 = number_question(
        "P5", lambda: e["engaged"], WHOLE, variable="personas",
        slips=((lambda: e["engaged_by_reach"],
                _("Has dividido entre el alcance. Aquí la tasa es por seguidores: interacciones ÷ "
                  "seguidores_sumados.")),
               (lambda: e["engaged"] * 100,
                _("Parece que has multiplicado por la tasa en porcentaje: usa la proporción.")),
               (lambda: e["engagement_rate"],
                _("Eso es la tasa (una proporción). Multiplícala por los seguidores del 31/12/2025 para "
                  "tener personas."))),
        hint=_("Tasa por seguidores = interacciones ÷ seguidores_sumados; personas = tasa × fin."),
        solution="personas = interacciones / seguidores_sumados * fin",
        wrong=_("Divide las interacciones entre la columna de seguidores sumada y multiplica por fin."),
    )
    reto = Question(
        "Reto", close_to(lambda: e["engagement_rate"], rel=1e-6, ratio=True),
        _("Filtra las publicaciones de Instagram de 2025, suma likes, comments, shares y saves (vacío "
          "cuenta como 0) y divide entre la suma de la columna followers."),
        'publicaciones = load_dataset(business, "posts")\n'
        'ig = publicaciones[(publicaciones["network"] == "instagram")\n'
        '                   & (publicaciones["published_at"].dt.year == 2025)]\n'
        'interacciones_ig = ig[["likes", "comments", "shares", "saves"]].fillna(0).sum(axis=1)\n'
        'mi_tasa = interacciones_ig.sum() / ig["followers"].sum()',
        variable="mi_tasa",
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5, reto=reto, facts=facts, typical=typical, totals=totals,
                           smart_table=smart_cases_table(business), start=start, end=end,
                           typical_high=high_pct, engagements=int(ig["engagements"]),
                           reach=int(ig["reach"]), followers=int(ig["followers"]))
