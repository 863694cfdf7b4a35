"""What every course and exercise notebook does first, in one call.

``start(business, plan_path, language)`` sets the language, a colour-blind-safe
chart style, and returns a :class:`Session` with the learner's profile: the one
saved in their plan if there is one, else the bundled business's example
profile (so every notebook runs for papermill and for a learner who skipped
module 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rumbo.data import plan as plan_file
from rumbo.core.errors import RumboError
from rumbo.core.i18n import N_, _, set_language
from rumbo.data.profile import example_profile


@dataclass
class Session:
    business: str
    plan_path: str | None
    language: str
    profile: dict
    plan: dict = field(default_factory=dict)
    notice: str = ""  # e.g. a corrupt plan set aside: shown once, never fatal

    @property
    def currency(self) -> str:
        return self.profile["currency"]


def chart_style() -> None:
    """Same look for every chart: readable sizes, Okabe-Ito colours, no top/right spines."""
    import matplotlib as mpl
    from cycler import cycler

    from rumbo.widgets.common import PALETTE

    mpl.rcParams.update({
        "figure.figsize": (7.5, 3.6), "figure.dpi": 80, "axes.grid": True, "grid.alpha": 0.3,
        "axes.spines.top": False, "axes.spines.right": False, "axes.prop_cycle": cycler(color=PALETTE),
        "axes.formatter.use_locale": False, "svg.hashsalt": "rumbo", "font.size": 10,
    })


def _inline_charts() -> None:
    """Inside a notebook, show returned matplotlib figures as images (once each)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "kernel"):
        shell.run_line_magic("matplotlib", "inline")


def start(business: str = "panaderia", plan_path: str | None = None, language: str = "es") -> Session:
    set_language(language)
    _inline_charts()
    chart_style()
    notice = ""
    try:
        saved = plan_file.load_plan(plan_path)
    except RumboError as exc:  # corrupt file moved aside: say so, go on with a new plan
        saved, notice = plan_file.new_plan(language), str(exc)
    profile = saved.get("profile") or example_profile(business)
    return Session(business, plan_path, language, profile, saved, notice)


#: The path through the course: (stem, title, minutes, what you learn). One source for
#: the welcome notebook's map and the app's index page.
MODULES = (
    ("00_bienvenida", N_("Bienvenida"), 30, N_("Cómo funciona el cuaderno y el perfil de tu negocio")),
    ("01_objetivos", N_("Objetivos"), 40, N_("Del deseo a un objetivo SMART y realista")),
    ("02_metricas", N_("Métricas"), 45, N_("Qué números importan y cómo se calculan bien")),
    ("03_coste_del_tiempo", N_("Coste del tiempo"), 40, N_("Cuánto cuestan de verdad tus horas en redes")),
    ("04_mantenimiento_diario", N_("Mantenimiento diario"), 40, N_("Una rutina que cabe en tu semana")),
    ("05_escucha_y_recomendacion", N_("Escucha y recomendación"), 45, N_("Escuchar, responder rápido y anticipar")),
    ("06_tu_plan", N_("Tu plan"), 45, N_("Tu plan de redes sociales, listo para imprimir")),
)


def modules_table():
    """The course map as a table with Spanish (or English) headings."""
    import pandas as pd

    return pd.DataFrame(
        [(stem[:2], _(title), minutes, _(learn)) for stem, title, minutes, learn in MODULES],
        columns=[_("Módulo"), _("Título"), _("Minutos"), _("Qué aprendes")],
    ).set_index(_("Módulo"))


def examples_table():
    """The bundled example businesses, as a learner reads them."""
    from rumbo.data import businesses

    table = businesses()
    return pd_rename(table[["name", "sector", "city", "country", "networks", "currency"]], {
        "name": _("Negocio"), "sector": _("Sector"), "city": _("Ciudad"), "country": _("País"),
        "networks": _("Redes"), "currency": _("Moneda"),
    })


def pd_rename(frame, labels: dict):
    frame = frame.rename(columns=labels)
    if _("Redes") in frame:
        frame[_("Redes")] = frame[_("Redes")].str.replace(";", ", ")
    return frame.reset_index(drop=True)
