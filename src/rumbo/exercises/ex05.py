"""Exercise 05 (daily upkeep): consistency on the bundled posts, and a routine that fits.

Expected values come from :mod:`rumbo.upkeep` run on the business's bundled posts and
benchmarks, never typed in. The learner reads a summary of the weeks, the longest silences
and the Instagram weeks by number of posts, and builds a routine with ``mi_rutina`` (how many
times a week each task). The routine is graded by constraints (total minutes, every network
covered, enough publishing slots), so every routine that meets them is right.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from rumbo.core.i18n import translator
from rumbo import upkeep
from rumbo.data import business_info, load_dataset
from rumbo.exercises.checks import Incorrect, Question, number_question, same_series
from rumbo.exercises.helpers import MINUTOS_POR_TAREA
from rumbo.exercises.tables import sheet
from rumbo.exercises.typed import WHOLE, Precision

_, N_, ngettext = translator("ex05")

#: The network of question 3 (every bundled business has it).
NETWORK = "instagram"
#: Rows of the Instagram weeks table: posts in the week, the last one "or more".
WEEK_ROWS = 6
GAPS_SHOWN = 5


@lru_cache(maxsize=8)
def _posts(business: str):
    return load_dataset(business, "posts")


def weekly(business: str):
    """Posts per week, all networks: ``posts.resample("W", on="published_at").size()``."""
    return upkeep.weekly_counts(_posts(business))


def gap_days(business: str) -> int:
    return upkeep.longest_gap(_posts(business)).days


def weekly_target() -> int:
    """Instagram posts a week worth aiming at: the low end of the benchmark range."""
    return upkeep.min_publish_days([NETWORK])


def share_on_target(business: str) -> float:
    return upkeep.share_of_weeks_on_target(upkeep.weekly_counts(_posts(business), NETWORK),
                                           weekly_target())


def routine_rules(business: str) -> dict:
    """Budget (minutes a week), networks and the fewest publishing slots for question 4."""
    info = business_info(business)
    networks = list(info["networks"])
    lows = [r["low"] for r in upkeep.recommended_frequency(networks) if r["low"] is not None]
    return {"budget": int(round(float(info["hours_per_week"]) * 60)), "networks": networks,
            "min_publish": int(sum(lows)) if lows else len(networks)}


def silences(business: str) -> pd.DataFrame:
    """The longest silences between posts (calendar days), longest first, numbered 1..n, with
    the dates of the post before and the post after: the learner counts the days."""
    days = pd.Series(_posts(business)["published_at"].dt.normalize().drop_duplicates().sort_values().values)
    gaps = pd.DataFrame({"desde": days.shift(1), "hasta": days, "dias": days.diff().dt.days}).dropna()
    top = gaps.sort_values(["dias", "desde"], ascending=[False, True], kind="stable").head(GAPS_SHOWN)
    table = pd.DataFrame({"desde": top["desde"].dt.strftime("%d/%m/%Y").values,
                          "hasta": top["hasta"].dt.strftime("%d/%m/%Y").values},
                         index=pd.RangeIndex(1, len(top) + 1, name=_("silencio")))
    return table


def last_week_row() -> str:
    """The last row of the Instagram weeks table («5 o más»), in the session's language."""
    return _("{n} o más").format(n=WEEK_ROWS - 1)


def instagram_weeks(business: str) -> pd.DataFrame:
    """How many weeks had 0, 1, 2... Instagram posts (from the first to the last Instagram week)."""
    counts = upkeep.weekly_counts(_posts(business), NETWORK)
    top = WEEK_ROWS - 1
    labels = [str(n) for n in range(top)] + [last_week_row()]
    values = [int((counts == n).sum()) for n in range(top)] + [int((counts >= top).sum())]
    return pd.DataFrame({"semanas": values}, index=pd.Index(labels, name=_("publicaciones en la semana")))


def _routine_checker(rules: dict, distinct: bool = False):
    def checker(answer) -> None:
        if not isinstance(answer, (list, tuple)):
            raise Incorrect(_("Tu rutina se escribe con mi_rutina(redes, publicar=…, responder=…)."))
        slots = answer
        if distinct:
            seen, slots = set(), []
            for slot in answer:
                key = (tuple(slot[:3]) if isinstance(slot, (list, tuple)) and len(slot) == 4
                       else id(slot))
                if key not in seen:
                    seen.add(key)
                    slots.append(slot)
            if len(slots) < len(answer):
                problems = upkeep.routine_problems(slots, rules["budget"], rules["networks"],
                                                   rules["min_publish"])
                if problems:
                    raise Incorrect(_("Hay huecos repetidos (mismo día, tarea y red): cuentan una "
                                      "sola vez. {problems}").format(problems=" ".join(problems)))
        problems = upkeep.routine_problems(slots, rules["budget"], rules["networks"],
                                           rules["min_publish"])
        if problems:
            raise Incorrect(" ".join(problems))

    return checker


def questions(business: str = "panaderia") -> SimpleNamespace:
    counts = weekly(business)
    posts_total, weeks_total = int(counts.sum()), int(len(counts))
    weeks_with_posts = int((counts > 0).sum())
    summary = sheet([
        ("publicaciones_total", _("publicaciones del año, de todas las redes"), posts_total),
        ("semanas_total", _("semanas desde la primera publicación hasta la última"), weeks_total),
        ("semanas_con_publicaciones", _("semanas con al menos una publicación"), weeks_with_posts),
    ])
    q1 = number_question(
        "P1", lambda: float(counts.mean()), Precision(1), variable="media_semana",
        slips=((lambda: posts_total / weeks_with_posts,
                _("Has dividido solo entre las semanas en que se publicó: las semanas en silencio también "
                  "cuentan.")),
               (lambda: posts_total / 52 if weeks_total != 52 else float("nan"),
                _("Has dividido entre 52; usa las semanas de la tabla (semanas_total).")),),
        hint=_("Publicaciones ÷ semanas, contando también las semanas sin publicar."),
        solution="media_semana = publicaciones_total / semanas_total",
        wrong=_("Divide todas las publicaciones entre todas las semanas del periodo."),
    )
    q2 = number_question(
        "P2", lambda: gap_days(business), WHOLE, variable="hueco",
        slips=((lambda: gap_days(business) + 1,
                _("Cuentas un día de más: de una publicación el día 3 a la siguiente el día 10 van 7 "
                  "días, no 8.")),
               (lambda: gap_days(business) - 1,
                _("Te falta un día: de una publicación el día 3 a la siguiente el día 10 van 7 días."))),
        hint=_("Cuenta los días del calendario entre las dos fechas del silencio más largo (el 1). "
               "dias_entre(desde, hasta) lo hace por ti."),
        solution='hueco = dias_entre(valor_de(silencios, 1, "desde"), valor_de(silencios, 1, "hasta"))',
        wrong=_("Usa el silencio 1, el más largo: días de «desde» a «hasta»."),
    )
    target = weekly_target()
    ig = upkeep.weekly_counts(_posts(business), NETWORK)
    q3 = number_question(
        "P3", lambda: share_on_target(business), Precision(2), variable="proporcion", ratio=True,
        slips=((lambda: float((ig >= target).sum() / (ig > 0).sum()),
                _("Has dividido solo entre las semanas con publicaciones; el denominador son todas las "
                  "semanas, también las que tienen 0.")),
               (lambda: float((ig > target).mean()),
                _("«Llegar al objetivo» incluye las semanas con justo {n} publicaciones.").format(n=target))),
        hint=_("(semanas con {n} o más publicaciones) ÷ (todas las semanas de la tabla).").format(n=target),
        solution='proporcion = (valor_de(semanas_ig, "3", "semanas") + valor_de(semanas_ig, "4", "semanas")\n'
                 '              + valor_de(semanas_ig, "{last}", "semanas")) / suma_de(semanas_ig, "semanas")'
                 .format(last=last_week_row()),
        wrong=_("Suma las semanas que llegan al objetivo y divide entre todas."),
    )
    rules = routine_rules(business)
    q4 = Question(
        "P4", _routine_checker(rules),
        _("Empieza por publicar: al menos el mínimo de huecos; mi_rutina los reparte entre tus redes. "
          "Luego añade responder si te queda tiempo. Suma los minutos: veces × minutos de cada tarea."),
        "rutina = mi_rutina(redes, publicar=minimo, responder=2)",
        hidden=[_routine_checker(rules, distinct=True)], variable="rutina",
    )
    reto = Question(
        "Reto", same_series(lambda: weekly(business), rel=1e-9),
        _("Usa publicaciones.resample(\"W\", on=\"published_at\").size(): cuenta las filas de "
          "cada semana, de lunes a domingo."),
        'publicaciones = load_dataset(business, "posts")\n'
        'mis_semanas = publicaciones.resample("W", on="published_at").size()',
        variable="mis_semanas",
    )
    minutes = pd.DataFrame({"minutos": list(MINUTOS_POR_TAREA.values())},
                           index=pd.Index(list(MINUTOS_POR_TAREA), name=_("tarea")))
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, reto=reto, summary=summary,
                           posts_total=posts_total, weeks_total=weeks_total,
                           weeks_with_posts=weeks_with_posts, silences=silences(business),
                           instagram_weeks=instagram_weeks(business), target=target,
                           minutes=minutes, **rules)
