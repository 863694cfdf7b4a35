"""The course's modules, written down once: what each is called, how long it takes, what
it teaches, what its exercise asks, what it saves in the plan, and its panels.

Everything that lists modules reads :data:`MODULES`: the course map of module 0
(:func:`modules_table`), the app's index and pages (:mod:`rumbo.apps.app` builds a
module's page by calling its panels in order), and the README's table
(:func:`readme_table`). ``tests/test_registry.py`` fails when a notebook's title,
its «Tiempo» line or the planners it builds, the README, or the plan review's
idea of which module fills which section drift from here.

A panel names its ``build_*`` function as ``"module:function"`` (imported when a
page is built, so starting a notebook loads no widget library) and says how the
notebook calls it: :func:`Panel.build` passes the session and the panels built
before it on the same page.
"""

from __future__ import annotations

import importlib
from typing import Callable, NamedTuple

import pandas as pd

from rumbo import metrics
from rumbo import timecost as tc
from rumbo.core.i18n import get_language, set_language, translator
from rumbo.data import load_dataset

_, N_, ngettext = translator("course")


class Panel(NamedTuple):
    """One planner of a module: its name, its ``build_*`` function and the call's arguments."""

    name: str
    builder: str                                    # "rumbo.widgets.objectives:build_reality_check"
    arguments: Callable[[object, dict], tuple[tuple, dict]] = lambda session, built: ((), {})

    @property
    def function_name(self) -> str:
        return self.builder.rpartition(":")[2]

    def build(self, session, built: dict):
        """The panel for ``session``; ``built`` maps the names of earlier panels to them."""
        module, _sep, function = self.builder.partition(":")
        args, kwargs = self.arguments(session, built)
        return getattr(importlib.import_module(module), function)(*args, **kwargs)


class Module(NamedTuple):
    stem: str                 # file names: course/<stem>.ipynb, solutions/<stem>/, app/<stem>.ipynb
    title: str                # N_-marked: translated where shown
    minutes: int
    learn: str                # what you learn (N_)
    exercise: str             # what its exercise asks (N_)
    saves: tuple[str, ...]    # plan sections its panels save
    panels: tuple[Panel, ...]

    @property
    def number(self) -> str:
        return self.stem[:2]


def _week(session) -> dict:
    return tc.typical_week(load_dataset(session.business, "time_log"))


def _fees(session) -> dict:
    return tc.fee_defaults(session.currency, session.profile["hourly_cost"])


def _measured_by(session) -> list:
    """The sources of the plan's measurement section (module 6), for module 3's CAC."""
    section = session.plan.get("measurement") if isinstance(session.plan, dict) else None
    sources = section.get("sources") if isinstance(section, dict) else None
    return [s for s in sources if isinstance(s, str)] if isinstance(sources, list) else []


W = "rumbo.widgets."
MODULES = (
    Module("00_bienvenida", N_("Bienvenida"), 30,
           N_("Cómo funciona el cuaderno y el perfil de tu negocio"),
           N_("crecimiento de seguidores"), ("profile",), (
               Panel("profile", W + "profile:build_profile_form",
                     lambda s, b: ((s.profile, s.plan_path), {"example": s.profile_is_example})),
           )),
    Module("01_objetivos", N_("Objetivos"), 40, N_("Del deseo a un objetivo SMART y realista"),
           N_("crecimiento necesario, SMART"), ("objectives", "milestones"), (
               Panel("reality_check", W + "objectives:build_reality_check",
                     lambda s, b: ((s.profile,), {})),
               Panel("event_check", W + "objectives:build_event_check",
                     lambda s, b: ((s.profile,), {})),
               Panel("quality_lab", W + "objectives:build_quality_lab",
                     lambda s, b: ((s.currency,), {})),
               Panel("objectives", W + "objectives:build_objectives_planner",
                     lambda s, b: ((s.profile, s.plan_path), {"saved": s.plan.get("objectives")})),
           )),
    Module("02_metricas", N_("Métricas"), 45, N_("Qué números importan y cómo se calculan bien"),
           N_("tasas de interacción"), ("kpis",), (
               Panel("vanity_quiz", W + "metrics:build_vanity_quiz"),
               Panel("explorer", W + "metrics:build_metric_explorer",
                     lambda s, b: ((s.business, s.plan_path), {"saved": s.plan.get("kpis")})),
               Panel("quality_money", W + "metrics:build_quality_money",
                     lambda s, b: ((s.currency, *metrics.sales_baseline(s.business)),
                                   {"example": s.business})),
               Panel("kpis", W + "metrics:build_kpi_saver",
                     lambda s, b: ((b["explorer"], s.plan_path), {})),
           )),
    Module("03_coste_del_tiempo", N_("Coste del tiempo"), 40,
           N_("Cuánto cuestan de verdad tus horas en redes"), N_("coste por hora, ROI"),
           ("time_budget",), (
               Panel("time_inventory", W + "timecost:build_time_inventory",
                     lambda s, b: ((s.profile, s.plan_path),
                                   {"saved": s.plan.get("time_budget"), "example_hours": _week(s),
                                    "ranges": tc.task_range_notes()})),
               Panel("options", W + "timecost:build_options",
                     lambda s, b: ((s.profile,), {"fees": _fees(s), "saved": s.plan.get("time_budget"),
                                                  "example_hours": _week(s),
                                                  "source_note": _fees(s)["note"]})),
               Panel("roi", W + "timecost:build_roi",
                     lambda s, b: ((s.business, s.profile), {"sources": _measured_by(s)})),
           )),
    Module("04_que_publicar", N_("Qué publicar"), 45,
           N_("Pilares, formatos y un mes de publicaciones que cabe en tu semana"),
           N_("formato por hora, un mes que cabe, horas con IA"), ("content",), (
               Panel("content", W + "content:build_content_planner",
                     lambda s, b: ((s.profile, s.plan, s.plan_path), {"business": s.business})),
           )),
    Module("05_mantenimiento_diario", N_("Mantenimiento diario"), 40,
           N_("Una rutina que cabe en tu semana"), N_("constancia, rutina"), ("routine", "habit"), (
               Panel("routine", W + "upkeep:build_routine_planner",
                     lambda s, b: ((s.profile, s.plan, s.plan_path), {})),
               Panel("habit", W + "upkeep:build_habit_tracker",
                     lambda s, b: ((s.plan, s.plan_path), {})),
               Panel("saver", W + "upkeep:build_plan_saver",
                     lambda s, b: ((b["routine"], b["habit"], s.plan_path), {})),
           )),
    Module("06_escucha_y_recomendacion", N_("Escucha y recomendación"), 60,
           N_("Escuchar, responder rápido, anticipar y medir lo que vende"),
           N_("embudo, respuesta, crisis"),
           ("listening", "response_protocol", "measurement"), (
               Panel("utm", W + "measurement:build_utm_builder", lambda s, b: ((s.profile,), {})),
               Panel("codes", W + "measurement:build_codes_whatsapp",
                     lambda s, b: ((s.profile,), {})),
               Panel("tally", W + "measurement:build_tally", lambda s, b: ((s.currency,), {})),
               Panel("measurement", W + "measurement:build_measurement_plan",
                     lambda s, b: ((b["utm"], b["codes"], b["tally"], s.plan_path), {})),
               Panel("crisis_radar", W + "listening:build_crisis_radar",
                     lambda s, b: ((s.business,), {})),
               Panel("triage", W + "listening:build_triage"),
               Panel("comment_tester", W + "listening:build_comment_tester"),
               Panel("reach_predictor", W + "listening:build_reach_predictor",
                     lambda s, b: ((s.business,), {})),
               Panel("listening_plan", W + "listening:build_listening_plan",
                     lambda s, b: ((s.business, s.plan_path), {"plan": s.plan})),
           )),
    Module("07_tu_plan", N_("Tu plan"), 45, N_("Tu plan de redes sociales, listo para imprimir"),
           N_("tabla del plan y su coste"), (), (
               Panel("review", W + "plan:build_plan_review", lambda s, b: ((s.plan_path,), {})),
               Panel("planner", W + "plan:build_action_planner",
                     lambda s, b: ((s.plan, s.plan_path),
                                   {"profile": s.profile, "business": s.business})),
               Panel("audit", W + "plan:build_self_audit", lambda s, b: ((s.plan,), {})),
               Panel("export", W + "plan:build_plan_export",
                     lambda s, b: ((b["planner"], s.plan_path), {"profile": s.profile})),
           )),
)


class Primer(NamedTuple):
    """A course notebook that is not a module: a short lesson with its own self-checks,
    no panels and nothing saved in the plan (listed in the README, not in the app)."""

    stem: str                 # course/<stem>.ipynb, sorted in among the modules
    title: str                # N_-marked
    minutes: int
    learn: str                # N_
    exercise: str             # N_


PRIMERS = (
    Primer("00b_python_minimo", N_("Python mínimo"), 15,
           N_("Lo justo de Python para los ejercicios: decimales, textos, tablas, avisos"),
           N_("(comprobaciones propias)")),
)


def stems() -> list[str]:
    return [module.stem for module in MODULES]


def notebook_stems() -> list[str]:
    """Every course notebook: the modules and the primers, in the order of their names."""
    return sorted([*stems(), *(primer.stem for primer in PRIMERS)])


def module(stem: str) -> Module | None:
    """The module of ``stem``, or ``None``."""
    return next((m for m in MODULES if m.stem == stem), None)


def modules_table():
    """The course map as a table with Spanish (or English) headings."""
    return pd.DataFrame(
        [(m.number, _(m.title), m.minutes, _(m.learn)) for m in MODULES],
        columns=[_("Módulo"), _("Título"), _("Minutos"), _("Qué aprendes")],
    ).set_index(_("Módulo"))


#: Where each edition's notebooks live, and the README table's headings in its language.
EDITION_FOLDERS = {"es": "course", "en": "course/en"}
_README_HEADINGS = {"es": "| Módulo | Cuaderno | Tiempo | Qué aprendes | Ejercicio |",
                    "en": "| Module | Notebook | Time | What you learn | Exercise |"}


def readme_table(language: str = "es") -> str:
    """The README's table of modules in ``language``'s edition, as Markdown."""
    before = get_language()
    set_language(language)
    try:
        folder = EDITION_FOLDERS[language]
        rows = [_README_HEADINGS[language], "|---|---|---|---|---|"]
        rows += [f"| {int(m.number) if isinstance(m, Module) else '—'} | `{folder}/{m.stem}.ipynb` | "
                 f"{m.minutes} min | {_(m.learn)} | {_(m.exercise)} |"
                 for m in sorted([*MODULES, *PRIMERS], key=lambda m: m.stem)]
        return "\n".join(rows)
    finally:
        set_language(before)
