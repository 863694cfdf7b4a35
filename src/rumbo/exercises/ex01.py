"""Exercise 01 (objectives): required monthly growth, a projection at the typical rate, an
achievement ratio, SMART or not for eight objectives, and engaged people per post, all on the
Instagram data of one bundled business."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo import objectives as obj
from rumbo.exercises.checks import Incorrect, Question, all_of, close_to, not_this, same_mapping
from rumbo.data import load_dataset
from rumbo.core.i18n import translator
from rumbo.metrics import engagement_rate

_, N_, ngettext = translator("ex01")

NETWORK = "instagram"
START, END = "2025-01-01", "2025-12-31"
#: The objective of question 1: this many Instagram followers, 12 months after END.
TARGET_FOLLOWERS, HORIZON_MONTHS = 10_000, 12
#: The objective set on START for question 3: grow the account by this share during 2025.
GOAL_2025 = 0.20
#: "Today" for the eight objectives of question 4 (fixed, so the answer never changes).
TODAY = date(2026, 1, 1)


@lru_cache(maxsize=8)
def followers_at(business: str) -> tuple[int, int]:
    """Instagram followers on the first and the last day of 2025."""
    table = load_dataset(business, "followers")
    table = table[table["network"] == NETWORK].set_index("date")["followers"]
    return int(table.loc[START]), int(table.loc[END])


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
def expected(business: str) -> dict:
    """Every expected value of the exercise, computed from the bundled data of ``business``."""
    start, end = followers_at(business)
    typical = obj.thresholds().typical.high
    posts = load_dataset(business, "posts")
    posts = posts[(posts["network"] == NETWORK) & (posts["published_at"].dt.year == 2025)]
    rate = engagement_rate(posts, "followers", "ratio_of_sums")
    return {
        "start": start, "end": end, "typical": typical,
        "required": obj.required_monthly_growth(end, TARGET_FOLLOWERS, HORIZON_MONTHS),
        "projection": obj.project(end, typical, HORIZON_MONTHS),
        "achievement": obj.achievement_ratio(start, start * (1 + GOAL_2025), end),
        "smart": {k: obj.check_smart(o, TODAY).is_smart for k, o in smart_cases(business).items()},
        "engagement_rate": rate,
        "engaged": rate * end,
    }


def _only_booleans(answer) -> None:
    if not all(isinstance(v, bool) for v in answer.values()):
        raise Incorrect(_("Cada valor tiene que ser True o False."))


def questions(business: str = "panaderia") -> SimpleNamespace:
    e = lambda key: (lambda: expected(business)[key])  # noqa: E731
    q1 = Question(
        "P1",
        all_of(not_this(lambda: (TARGET_FOLLOWERS / expected(business)["end"] - 1) / HORIZON_MONTHS,
                         _("Has repartido el crecimiento total entre 12 meses, pero el "
                           "crecimiento se compone: usa la raíz (potencia 1/12).")),
               close_to(e("required"), ratio=True)),
        _("Tasa mensual = (meta / inicio) ** (1 / meses) − 1, con inicio = seguidores del "
          "31/12/2025."),
        "(10000 / fin) ** (1 / 12) - 1",
        hidden=[close_to(e("required"), rel=1e-6, ratio=True)],
    )
    q2 = Question(
        "P2",
        all_of(not_this(lambda: expected(business)["end"] * (1 + 100 * expected(business)["typical"]) ** 12,
                         _("Has usado el 3 como si fuera una proporción: 3 % es 0,03.")),
               close_to(e("projection"))),
        _("Proyección = inicio × (1 + tasa) ** meses, con la tasa del extremo alto del "
          "crecimiento típico (columna high, en %) pasada a proporción."),
        "fin * (1 + 0.03) ** 12",
        hidden=[close_to(e("projection"), rel=1e-6)],
    )
    q3 = Question(
        "P3",
        all_of(not_this(lambda: expected(business)["end"] / (expected(business)["start"] * (1 + GOAL_2025)),
                         _("Eso es resultado / meta. Aquí se pide qué parte del cambio previsto "
                           "se logró: (resultado − inicio) / (meta − inicio).")),
               close_to(e("achievement"), ratio=True)),
        _("Meta = inicio × 1,2. Logro = (fin − inicio) / (meta − inicio)."),
        "meta = inicio * 1.2; (fin - inicio) / (meta - inicio)",
        hidden=[close_to(e("achievement"), rel=1e-6, ratio=True)],
    )
    q4 = Question(
        "P4", same_mapping(e("smart")),
        _("Para cada objetivo mira los cinco criterios: qué se mide y dónde, inicio y meta, si el "
          "ritmo mensual necesario es realista o ambicioso (hasta un 10 % al mes), si el KPI sirve "
          "al objetivo del negocio y si tiene fecha futura."),
        _("Usa rumbo.objectives.check_smart(objetivo, hoy).is_smart para comprobar cada uno."),
        hidden=[_only_booleans, same_mapping(e("smart"))],
    )
    q5 = Question(
        "P5",
        all_of(not_this(lambda: expected(business)["engaged"] * 100,
                         _("Parece que has multiplicado por la tasa en porcentaje: usa la "
                           "proporción.")),
               close_to(e("engaged"), rel=1e-3)),
        _("Interacciones = likes + comments + shares + saves. Tasa = suma de interacciones / suma "
          "de la columna followers (publicaciones de Instagram de 2025); luego × seguidores del "
          "31/12/2025."),
        "tasa = interacciones.sum() / posts['followers'].sum(); tasa * fin",
        hidden=[close_to(e("engaged"), rel=1e-6)],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, q5=q5)
