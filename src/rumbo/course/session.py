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
from rumbo.core.i18n import set_language, translator
from rumbo.data.profile import example_profile
from rumbo.data.schema import Plan
from rumbo.views.palette import chart_style
from rumbo.data import businesses

_, N_, ngettext = translator("course")


@dataclass
class Session:
    business: str
    plan_path: str | None
    language: str
    profile: dict
    plan: Plan = field(default_factory=dict)
    notice: str = ""  # e.g. a corrupt plan set aside: shown once, never fatal

    @property
    def currency(self) -> str:
        return self.profile["currency"]

    @property
    def profile_is_example(self) -> bool:
        """True while the profile is the example business's (she has saved none of her own)."""
        return not (isinstance(self.plan, dict) and self.plan.get("profile"))


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
    try:
        saved, problems = plan_file.load_plan_checked(plan_path)
    except RumboError as exc:  # corrupt file moved aside: say so, go on with a new plan
        saved, problems = plan_file.new_plan(language), [str(exc)]
    profile = saved.get("profile") or example_profile(business)
    return Session(business, plan_path, language, profile, saved, " ".join(problems))


def examples_table():
    """The bundled example businesses, as a learner reads them."""
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
