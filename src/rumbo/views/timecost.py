"""Module 3 shown: the weekly hours and the learning curve as charts, and the
sentences the notebook shows about the owners' hours, the worst week, the month
after the subsidised plan and the content share.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from rumbo import timecost as tc
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.data.facts import fact
from rumbo.views.notes import Note
from rumbo.views.palette import PALETTE

_, N_, ngettext = translator("timecost")


def weekly_hours_chart(time_log: pd.DataFrame, available: float | None = None, title: str = ""):
    """Hours logged per week, the median week, the hours available and the worst week marked."""
    weeks = tc.weekly_hours(time_log)
    worst = tc.worst_week(time_log)
    fig = Figure(figsize=(7.5, 3.2), dpi=80)
    ax = fig.subplots()
    ax.bar(weeks.index, weeks.values, width=6, color=PALETTE[0], label=_("Horas registradas"))
    ax.axhline(worst["median"], color=PALETTE[2], linestyle="--", label=_("Semana mediana"))
    if available is not None:
        ax.axhline(available, color=PALETTE[1], linestyle=":", label=_("Horas disponibles (perfil)"))
    ax.bar([worst["week"]], [worst["hours"]], width=6, color=PALETTE[3],
           label=_("La semana que se desbordó"))
    ax.set_title(title or _("Horas dedicadas a redes cada semana"))
    ax.set_xlabel(_("Semana (lunes de inicio)"))
    ax.set_ylabel(_("Horas por semana"))
    ax.legend(frameon=False, fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def learning_curve_chart(year: tc.FirstYear):
    """Hours per month in the first year, with the learning curve and without it."""
    months = list(range(1, len(year.monthly_hours) + 1))
    steady = year.hours_without / len(months) if months else 0
    fig = Figure(figsize=(7.5, 3.0), dpi=80)
    ax = fig.subplots()
    ax.plot(months, year.monthly_hours, marker="o", color=PALETTE[3], label=_("Aprendiendo"))
    ax.plot(months, [steady] * len(months), linestyle="--", color=PALETTE[0],
            label=_("Sin curva de aprendizaje"))
    ax.set_xticks(months)
    ax.set_ylim(bottom=0)
    ax.set_title(_("Horas al mes durante el primer año"))
    ax.set_xlabel(_("Mes desde que empiezas"))
    ax.set_ylabel(_("Horas al mes"))
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def owner_hours_note() -> Note:
    """The survey figures on hours per week, with source and year (historical: 2012)."""
    owners, share, many = (fact("owner_hours_per_week"), fact("owners_1_5_hours_share"),
                           fact("smb_hours_per_week"))
    return Note(_("Referencia: el {owners} de los dueños dedicaba entre {low} y {high} horas por "
                  "semana, y el {share} de las pymes, 6 horas o más ({source}). No hay una "
                  "encuesta actual comparable.").format(
                      owners=fmt_percent(share.ratio(), 0), low=fmt_number(owners.low),
                      high=fmt_number(owners.high), share=fmt_percent(many.ratio(), 0),
                      source=owners.cite()))


def worst_week_summary(time_log: pd.DataFrame) -> Note:
    """One sentence on the week that went off the rails, and what took the time."""
    worst = tc.worst_week(time_log)
    top = worst["by_task"].idxmax()
    return Note(_("La semana del {week} se registraron {hours} horas, {ratio} veces la semana "
             "mediana ({median} h). Lo que más tiempo se llevó: {task} ({task_hours} h).").format(
                 week=worst["week"].strftime("%d/%m/%Y"), hours=fmt_number(worst["hours"], 1),
                 ratio=fmt_number(worst["ratio"], 1), median=fmt_number(worst["median"], 1),
                 task=_(tc.TASK_LABELS.get(top, top)), task_hours=fmt_number(worst["by_task"][top], 1)))


def month_after_summary() -> Note:
    """One sentence on the bakery's month after its plan, from its posts and time log."""
    after = tc.month_after_plan()
    return Note(_("Del {start} al {end}, el mes siguiente al plan, la panadería publicó {posts} "
             "veces y registró {hours} horas en redes.").format(
                 start=after["start"].strftime("%d/%m/%Y"), end=after["end"].strftime("%d/%m/%Y"),
                 posts=fmt_number(after["posts"]), hours=fmt_number(after["hours"], 1)))


def content_share_note(time_log: pd.DataFrame) -> Note:
    """The content share of a time log as a sentence."""
    return Note(_("Parte de las horas dedicada a hacer contenido (idear, fotos y vídeo, textos): "
                  "{share} del total.").format(share=fmt_percent(tc.log_content_share(time_log))))
