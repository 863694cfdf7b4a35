"""Module 5 shown: posts per week and what stopping costs as charts, the facts and
the consistency of a bundled business as tables, the calendar's events, and the
printable one-page weekly checklist (a whole HTML document, no scripts).
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
from matplotlib.figure import Figure

from rumbo import upkeep
from rumbo.core.errors import DataError
from rumbo.core.i18n import fmt_money, fmt_number, fmt_percent, get_language, translator
from rumbo.core.units import network_label
from rumbo.data import business_info, load_dataset
from rumbo.data.facts import Fact, facts
from rumbo.views.html import HtmlBlock, html_table
from rumbo.views.palette import PALETTE

_, N_, ngettext = translator("upkeep")


def plot_weekly_counts(counts: pd.Series, target: float, gap: upkeep.Gap | None = None, title: str = ""):
    """Bar chart of posts per week, the target as a line and the longest silence shaded."""
    fig = Figure(figsize=(7.5, 3.2), dpi=80)
    ax = fig.subplots()
    ax.bar(counts.index, counts.values, width=5, color=PALETTE[0], label=_("publicaciones"))
    ax.axhline(target, color=PALETTE[3], linestyle="--",
               label=_("objetivo: {n} por semana").format(n=fmt_number(target)))
    if gap is not None and gap.days > 7:
        ax.axvspan(gap.start, gap.end, color=PALETTE[1], alpha=0.25,
                   label=_("silencio de {days} días").format(days=gap.days))
    ax.set_xlabel(_("semana (termina en domingo)"))
    ax.set_ylabel(_("publicaciones por semana"))
    if title:
        ax.set_title(title)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def plot_stop(sim: pd.DataFrame, stop_after_weeks: int):
    """Followers (left) and weekly reach (right): steady posting vs stopping."""
    fig = Figure(figsize=(8.5, 3.2), dpi=80)
    left, right = fig.subplots(1, 2)
    for ax, what, unit in ((left, "followers", _("seguidores")),
                           (right, "reach", _("alcance semanal (cuentas)"))):
        ax.plot(sim["week"], sim[f"{what}_steady"], color=PALETTE[0],
                label=_("publica cada semana"))
        ax.plot(sim["week"], sim[f"{what}_stopped"], color=PALETTE[3], linestyle="--",
                label=_("deja de publicar en la semana {n}").format(n=stop_after_weeks))
        ax.axvline(stop_after_weeks, color="#777777", linewidth=0.8)
        ax.set_xlabel(_("semana"))
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
    left.set_title(_("Seguidores"))
    right.set_title(_("Alcance"))
    left.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def checklist_html(routine: dict, name: str = "") -> str:
    """A printable one-page weekly checklist (a whole HTML document, A4, no scripts)."""
    esc = html.escape
    title = name or _("Mi rutina de redes")
    head_cells = "".join(f"<th scope='col'>{esc(upkeep.day_label(d))}</th>" for d in upkeep.DAYS)
    body = []
    for task in upkeep.TASKS:
        cells = []
        for day in upkeep.DAYS:
            minutes = routine["grid"].get(day, {}).get(task)
            cells.append(f"<td>☐ {minutes} min</td>" if minutes else "<td class='off'>—</td>")
        body.append(f"<tr><th scope='row'>{esc(upkeep.task_label(task))}<br><small>"
                    f"{esc(_(upkeep.TASK_HELP[task]))}</small></th>{''.join(cells)}</tr>")
    totals = "".join(f"<td><strong>{m} min</strong></td>" for m in upkeep.minutes_by_day(routine["grid"]).values())
    total_label = _("Total del día")
    body.append(f"<tr><th scope='row'>{esc(total_label)}</th>{totals}</tr>")
    networks = ", ".join(routine.get("network_labels") or routine["networks"])
    intro = _("Empieza a las {start} ({tz}). Redes: {networks}. Total: {hours} horas a la "
              "semana.").format(start=routine["start_time"], tz=routine["timezone"],
                                networks=networks,
                                hours=fmt_number(upkeep.total_minutes(routine["grid"]) / 60, 1))
    tip = _("Marca cada casilla al terminar. Si un día no llegas, haz solo lo mínimo: "
            "responde a quien te ha escrito.")
    week = _("Semana del ____ al ____")
    task_heading = _("Tarea")
    return (
        "<!DOCTYPE html>\n<html lang='" + get_language() + "'><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>"
        "@page{size:A4 landscape;margin:12mm}body{font-family:sans-serif;font-size:11pt}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #555;padding:6px;"
        "text-align:left;vertical-align:top}td.off{color:#999}small{color:#444}"
        f"</style></head><body><h1>{esc(title)}</h1><p>{esc(week)}</p><p>{esc(intro)}</p>"
        f"<table><thead><tr><th scope='col'>{esc(task_heading)}</th>{head_cells}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table><p>{esc(tip)}</p></body></html>\n"
    )


def _fact_value(row: Fact) -> str:
    unit, value, low, high = row.unit, row.value, row.low, row.high
    has = lambda v: v is not None  # noqa: E731
    if unit == "posts_per_week" and has(low) and not has(high):
        return _("{low} o más publicaciones por semana").format(low=fmt_number(low))
    if unit == "posts_per_week" and has(low):
        return _("de {low} a {high} publicaciones por semana").format(
            low=fmt_number(low), high=fmt_number(high))
    if unit == "percent" and has(value):
        shown = fmt_percent(abs(value) / 100, 1 if value % 1 else 0)
        return "−" + shown if value < 0 else shown
    if unit == "percent_per_month" and has(value):
        return _("{value} al mes").format(value=fmt_percent(value / 100, 1 if value % 1 else 0))
    if unit == "hours" and has(value):
        return _("{value} horas").format(value=fmt_number(value))
    if unit == "eur" and has(value):
        return fmt_money(value, "EUR", 0)
    return fmt_number(value, 2) if has(value) else "—"


def facts_table(keys, networks=None) -> HtmlBlock:
    """Benchmark rows as an HTML table: what, value, source and year (for the course)."""
    rows = []
    for key in keys:
        found = [row for row in facts(key)
                 if networks is None or row.network in (*networks, "all")]
        if not found:
            raise DataError(_("No encuentro la referencia «{key}» en la tabla de referencias.").format(
                key=key))
        for row in found:
            label = row.note
            if row.network != "all":
                label = f"{network_label(row.network)}: {label}"
            rows.append((label, _("{value} · {source}").format(value=_fact_value(row),
                                                                 source=row.cite())))
    return HtmlBlock(html_table(rows, _("Datos de referencia")))


def consistency_report(business: str, target) -> HtmlBlock:
    """The consistency table of a bundled business over its whole year (silent end included)."""
    start, end = upkeep.period(business)
    summary = upkeep.consistency_summary(load_dataset(business, "posts"), target, start=start, end=end)
    return HtmlBlock(html_table(upkeep.summary_rows(summary), _("Constancia en {year}").format(
        year=start.year)))


def consistency_chart(business: str, target):
    """Posts per week of a bundled business, target line and its longest silence shaded."""
    posts = load_dataset(business, "posts")
    start, end = upkeep.period(business)
    counts = upkeep.weekly_counts(posts, start=start, end=end)
    return plot_weekly_counts(counts, upkeep.check_target(target), upkeep.longest_gap(posts, until=end),
                              _("Publicaciones por semana de {name}").format(
                                  name=business_info(business)["name"]))


def stop_report(followers, posts_per_week, stop_after_weeks: int = 4, weeks: int = 26) -> tuple:
    """The stop model with benchmark parameters: (chart, HTML table of results and assumptions)."""
    params = upkeep.stop_parameters()
    sim = upkeep.simulate_stop(followers, weeks, stop_after_weeks, posts_per_week,
                        params["monthly_growth"], params["reach_rate"], params["silent_monthly_loss"])
    result = upkeep.stop_summary(sim)
    rows = [
        (_("Seguidores al final, publicando"), fmt_number(result["followers_steady"])),
        (_("Seguidores al final, tras dejarlo"), fmt_number(result["followers_stopped"])),
        (_("Alcance acumulado, publicando"), fmt_number(result["reach_steady"])),
        (_("Alcance acumulado, tras dejarlo"), fmt_number(result["reach_stopped"])),
        (_("Crecimiento mensual mientras publicas"), _("{value} ({source})").format(
            value=fmt_percent(params["monthly_growth"], 1), source=params["monthly_growth_source"])),
        (_("Alcance de cada publicación"), _("{value} de los seguidores ({source})").format(
            value=fmt_percent(params["reach_rate"], 1), source=params["reach_rate_source"])),
        (_("Pérdida mensual en silencio"), _("{value} ({source})").format(
            value=fmt_percent(params["silent_monthly_loss"], 1),
            source=params["silent_monthly_loss_source"])),
    ]
    caption = _("{weeks} semanas, {posts} publicaciones por semana, se deja en la semana {stop}").format(
        weeks=weeks, posts=fmt_number(posts_per_week, 1 if float(posts_per_week) % 1 else 0),
        stop=stop_after_weeks)
    return plot_stop(sim, stop_after_weeks), HtmlBlock(html_table(rows, caption))


def events_table(routine: dict) -> HtmlBlock:
    """What the calendar will hold: one weekly event per day, with its time and duration."""
    rows = []
    for item in upkeep.calendar_events(routine, date(2026, 1, 5)):
        end = item["end"].strftime("%H:%M")
        tasks = ", ".join(upkeep.task_label(t).lower() for t in item["tasks"])
        rows.append((_("Cada {day}").format(day=upkeep.day_label(item["day"])),
                     _("{start}–{end} ({tz}): {tasks}").format(
                         start=routine["start_time"], end=end, tz=routine["timezone"], tasks=tasks)))
    return HtmlBlock(html_table(rows, _("Los eventos de tu calendario")))
