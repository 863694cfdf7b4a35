"""Exercise 04 (daily upkeep): consistency on the bundled posts, and a routine that fits.

Expected values come from :mod:`rumbo.upkeep` run on the business's bundled
posts and benchmarks, never typed in. The routine question is graded by
constraints (total minutes, every network covered, enough publishing slots),
so every routine that meets them is right.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from rumbo import upkeep
from rumbo.exercises.checks import Incorrect, Question, close_to, same_series
from rumbo.data import business_info, load_dataset
from rumbo.core.i18n import translator

_, N_, ngettext = translator("ex04")

#: The network of question 3 (every bundled business has it).
NETWORK = "instagram"


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


def _routine_checker(rules: dict, distinct: bool = False):
    def checker(answer) -> None:
        slots = answer
        if distinct and isinstance(answer, (list, tuple)):
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


def reference_routine(rules: dict) -> list[tuple]:
    """One routine that meets the rules (the solution shown to the learner)."""
    days = list(upkeep.DAY_CODES_ES)
    per_network = min(7, -(-rules["min_publish"] // len(rules["networks"])))
    slots = [(d, "publicar", n, 10) for n in rules["networks"] for d in days[:per_network]]
    return slots + [("lun", "responder", None, 15), ("jue", "responder", None, 15)]


def questions(business: str = "panaderia") -> SimpleNamespace:
    q1 = Question(
        "P1", same_series(lambda: weekly(business)),
        _("Usa publicaciones.resample(\"W\", on=\"published_at\").size(): cuenta las filas de "
          "cada semana, de lunes a domingo."),
        'semanas = publicaciones.resample("W", on="published_at").size()',
        hidden=[same_series(lambda: weekly(business), rel=1e-9)],
    )
    q2 = Question(
        "P2", close_to(lambda: gap_days(business), rel=0, abs_tol=1e-9),
        _("Quédate con el día de cada publicación (.dt.normalize()), ordénalos, calcula .diff() "
          "y toma el máximo en días (.days)."),
        'dias = publicaciones["published_at"].dt.normalize().sort_values()\n'
        "hueco = dias.diff().max().days",
        hidden=[close_to(lambda: gap_days(business), rel=0, abs_tol=1e-9)],
    )
    q3 = Question(
        "P3", close_to(lambda: share_on_target(business), ratio=True),
        _("Filtra las publicaciones de Instagram, cuéntalas por semana con resample y calcula "
          "(semanas >= objetivo).mean()."),
        'ig = publicaciones[publicaciones["network"] == "instagram"]\n'
        'por_semana = ig.resample("W", on="published_at").size()\n'
        "proporcion = (por_semana >= objetivo).mean()",
        hidden=[close_to(lambda: share_on_target(business), rel=1e-6, ratio=True)],
    )
    rules = routine_rules(business)
    q4 = Question(
        "P4", _routine_checker(rules),
        _("Empieza por los huecos de publicar: reparte el mínimo entre tus redes, con 5 o 10 "
          "minutos cada uno; luego añade responder si te queda tiempo. Suma los minutos."),
        repr(reference_routine(rules)),
        hidden=[_routine_checker(rules, distinct=True)],
    )
    return SimpleNamespace(q1=q1, q2=q2, q3=q3, q4=q4, target=weekly_target(), **rules)
