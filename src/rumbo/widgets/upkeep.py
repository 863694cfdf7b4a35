"""Module 5 widgets: the weekly routine planner, the habit tracker of the first weeks,
and the "Tu plan" panel that saves both.

Thin, as every widget of the course: each callback reads the controls, calls a
pure function of :mod:`rumbo.upkeep` and renders its result as HTML.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Callable

import ipywidgets as widgets

from rumbo.data import plan as plan_file
from rumbo import upkeep
from rumbo.core.errors import InvalidInputError, RumboError
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.core.units import CHANNELS, EXAMPLE_NETWORK, HOURS_PER_WEEK, network_label
from rumbo.data import schema
from rumbo.views.html import html_table, message_html, messages_html
from rumbo.widgets.common import saves_with, Panel, button, dropdown, guarded, number, text
from rumbo.widgets.fields import HOURS_A_WEEK, MINUTES, NumberField
from rumbo.data.schema import Plan
from rumbo.views.html import download_link
from rumbo.views.upkeep import checklist_html

_, N_, ngettext = translator("upkeep")

_CELL = widgets.Layout(width="6em", flex="0 0 auto")  # a table cell: never squeezed
_HEAD = widgets.Layout(width="9em", flex="0 0 auto")


def budget_hours(plan: Plan | None, profile: dict) -> float:
    """Weekly hours from module 3's ``time_budget`` if the plan has them, else the profile's."""
    budget = schema.section(plan, "time_budget")
    for key in ("hours_per_week", "weekly_hours", "hours"):
        value = schema.number(budget.get(key))
        if value is not None and 0 <= value <= HOURS_PER_WEEK:
            return value
    return schema.number(profile.get("hours_per_week")) or 0.0


def _minutes_field(day: str, task: str, value: int) -> NumberField:
    # The description is the accessible name ("Publicar el lunes"); the grid's headings
    # already show it, so the field is compact: no visible label, no echo unless she typed
    # something the grid cannot show as it is (then the panel says what is wrong).
    label = _("{task} el {day}").format(task=upkeep.task_label(task), day=upkeep.day_label(day))
    field = number(label, value, integer=True, unit=MINUTES, compact=True)
    field.layout = _CELL
    return field


def _initial_routine(profile: dict, plan: Plan | None, business_timezone: str | None) -> dict:
    saved = (plan or {}).get("routine")
    if isinstance(saved, dict):
        try:
            return upkeep.validate_routine(saved.get("grid"), saved.get("networks"),
                                           saved.get("timezone", upkeep.DEFAULT_TIMEZONE),
                                           saved.get("start_time", "09:00"))
        except InvalidInputError:
            pass  # an old or hand-edited plan: start from the suggestion instead
    tz = business_timezone or upkeep.timezone_for(profile.get("country"))
    networks = profile.get("networks") or [EXAMPLE_NETWORK]
    return upkeep.suggested_routine(budget_hours(plan, profile), networks, tz)


class RoutinePanel(Panel):
    downloads: widgets.HTML
    routine: dict                        # the routine as now typed (validated)
    fit: upkeep.Fit | None = None        # how it fits the week
    saved: dict | None = None            # the routine section last written
    calendar_path: object = None         # the last calendar file written


def build_routine_planner(profile: dict, plan: Plan | None = None, plan_path=None, *,
                          timezone_name: str | None = None, name: str = "",
                          clock: Callable[[], datetime] | None = None) -> Panel:
    """The week grid (days x tasks, minutes), checked against the weekly hours as you type.

    Prefilled with the routine saved in ``plan`` or a suggestion that fits the
    hours of module 3 (``plan["time_budget"]``) or of the profile. Buttons save
    the routine to the plan, make the calendar (.ics, saved next to the plan and
    offered as a download) and the printable checklist. ``clock`` gives "now"
    for the calendar (tests pass a fixed one).
    """
    clock = clock or (lambda: datetime.now(timezone.utc))
    routine = _initial_routine(profile, plan, timezone_name)
    name = name or profile.get("name") or ""
    cells: dict[str, NumberField] = {}
    grid_children: list[widgets.Widget] = [widgets.HTML("", layout=_HEAD)]
    grid_children += [widgets.HTML(f"<b>{html.escape(upkeep.day_label(d))}</b>", layout=_CELL)
                      for d in upkeep.DAYS]
    for task in upkeep.TASKS:
        grid_children.append(widgets.HTML(
            f"<b title='{html.escape(_(upkeep.TASK_HELP[task]))}'>"
            f"{html.escape(upkeep.task_label(task))}</b>", layout=_HEAD))
        for day in upkeep.DAYS:
            field = _minutes_field(day, task, routine["grid"].get(day, {}).get(task, 0))
            cells[f"{day}_{task}"] = field
            grid_children.append(field)
    # On a narrow screen the week scrolls sideways inside its box; the page itself does not.
    grid = widgets.GridBox(grid_children, layout=widgets.Layout(
        grid_template_columns="9em " + "6em " * len(upkeep.DAYS), grid_gap="2px 4px",
        overflow="auto", max_width="100%"))
    nets = {n: widgets.Checkbox(value=n in routine["networks"], indent=False,
                                description=_("Publico en {network}").format(network=network_label(n)))
            for n in CHANNELS}
    zones = list(upkeep.TIMEZONES)
    if routine["timezone"] not in zones:
        zones.insert(0, routine["timezone"])
    controls: dict[str, widgets.Widget] = {
        "budget": number(_("Horas por semana para redes"), budget_hours(plan, profile),
                         unit=HOURS_A_WEEK),
        "grid_help": widgets.HTML("<p>" + html.escape(
            _("Minutos de cada tarea cada día (0 si ese día no toca).")) + "</p>"),
        "grid": grid,
        "networks": widgets.HBox(list(nets.values())),
        "timezone": dropdown(_("Zona horaria"), zones, routine["timezone"]),
        "start_time": text(_("Hora de empezar"), routine["start_time"], "09:00"),
    }
    buttons = {"save": button(_("Guardar en mi plan")),
               "calendar": button(_("Crear el calendario (.ics)")),
               "checklist": button(_("Crear la hoja para imprimir"))}
    controls["buttons"] = widgets.HBox(list(buttons.values()))
    downloads = widgets.HTML("")
    panel = RoutinePanel(_("Tu rutina semanal"), controls, extra=[downloads], downloads=downloads,
                         routine=routine)
    panel.controls.update(cells)
    panel.controls.update({f"net_{n}": box for n, box in nets.items()})
    panel.controls.update(buttons)
    panel.add_class("rumbo-main")

    def read() -> dict:
        grid_values = {d: {t: cells[f"{d}_{t}"].value for t in upkeep.TASKS} for d in upkeep.DAYS}
        networks = [n for n in CHANNELS if nets[n].value]
        return upkeep.validate_routine(grid_values, networks, controls["timezone"].value,
                                       controls["start_time"].value)

    def render(current: dict, fit: upkeep.Fit) -> str:
        rows = [(upkeep.task_label(t), _("{m} min").format(m=fmt_number(m)))
                for t, m in fit.by_task.items() if m]
        rows.append((_("Total a la semana"), _("{h} h ({m} min)").format(
            h=fmt_number(fit.total_minutes / 60, 1), m=fmt_number(fit.total_minutes))))
        rows.append((_("Tu tiempo disponible"), _("{h} h ({m} min)").format(
            h=fmt_number(fit.budget_minutes / 60, 1), m=fmt_number(fit.budget_minutes))))
        rows.append((_("Días con publicación"), fmt_number(fit.publishing_days)))
        table = html_table(rows, _("Tu semana"))
        freq = html_table(upkeep.frequency_rows(current), _("Publicaciones por semana recomendadas"))
        return table + freq

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            hours = upkeep.check_budget_hours(controls["budget"].value)
            current = read()
            fit = upkeep.fit_check(current, hours, upkeep.min_publish_days(current["networks"]))
        except RumboError:
            panel.result.value = ""  # no stale totals next to an error; the grid keeps its values
            raise
        panel.routine, panel.fit = current, fit
        if fit.fits and fit.total_minutes == fit.budget_minutes:
            status = [message_html("ok", _("Cabe justo en tus horas."))]
        elif fit.fits:
            status = [message_html("ok", _("Cabe: te sobran {m} minutos a la semana.").format(
                m=fmt_number(fit.budget_minutes - fit.total_minutes)))]
        else:
            cuts = "; ".join(_("{task} el {day} ({m} min)").format(
                task=upkeep.task_label(t), day=upkeep.day_label(d), m=m) for d, t, m in fit.cuts)
            status = [message_html("warning", _("No cabe: te pasas {m} minutos a la semana.").format(
                m=fmt_number(fit.over_minutes)))]
            if fit.cuts:
                status.append(message_html("info", _("Para que quepa, quita: {cuts}.").format(cuts=cuts)))
            if not fit.cuts_enough:
                status.append(message_html("warning", _("Ni quitando todo eso cabe: busca al menos "
                                                        "media hora a la semana o delega.")))
        panel.message.value = "".join(status) + messages_html("info", fit.notes)
        panel.result.value = render(current, fit)

    @guarded(panel)
    def save(_button=None) -> None:
        hours = upkeep.check_budget_hours(controls["budget"].value)
        current = read()
        fit = upkeep.fit_check(current, hours)
        section = {**current, "budget_minutes": fit.budget_minutes, "fits": fit.fits,
                   "publishing_days": fit.publishing_days}
        plan_file.update_section("routine", section, plan_path)
        panel.saved = section
        note = "" if fit.fits else " " + _("Ojo: todavía no cabe en tus horas.")
        panel.show("ok", _("Rutina guardada en {path}.").format(
            path=plan_file.display_path(plan_path)) + note)

    @guarded(panel)
    def make_calendar(_button=None) -> None:
        current = read()
        now = clock()
        start = upkeep.next_monday(now.date())
        path = upkeep.save_calendar(current, plan_path, start=start, dtstamp=now, name=name)
        panel.calendar_path = path
        content = path.read_bytes()
        downloads.value = download_link(content, path.name, "text/calendar",
                                        _("Descargar {file}").format(file=path.name))
        panel.show("ok", _("Calendario guardado en {path}: empieza el lunes {start}. Impórtalo en "
                           "Google Calendar o en Outlook.").format(
                               path=plan_file.display_path(path), start=start.strftime("%d/%m/%Y")))

    @guarded(panel)
    def make_checklist(_button=None) -> None:
        current = read()
        page = checklist_html(current, name).encode("utf-8")
        downloads.value = download_link(page, "mi_rutina.html", "text/html",
                                        _("Descargar la hoja para imprimir (mi_rutina.html)"))
        panel.show("ok", _("Hoja lista: ábrela en el navegador e imprímela en una página."))

    for field in [*cells.values(), *nets.values(), controls["budget"], controls["timezone"],
                  controls["start_time"]]:
        field.observe(refresh, names="value")
    saves_with(panel, save)
    buttons["calendar"].on_click(make_calendar)
    buttons["checklist"].on_click(make_checklist)
    refresh()
    return panel


class HabitPanel(Panel):
    summary: dict | None = None          # the last summary of the ticks
    saved: dict | None = None            # the habit section last written


def build_habit_tracker(plan: Plan | None = None, plan_path=None,
                        weeks: int = upkeep.HABIT_WEEKS) -> Panel:
    """A tick per day for the first weeks of the routine; saved to the plan's ``habit`` section."""
    saved = ((plan or {}).get("habit") or {}).get("weeks")
    try:
        start = upkeep.habit_summary(saved)["weeks"] if saved else None
    except InvalidInputError:
        start = None
    if not start or len(start) != weeks:
        start = [[False] * 7 for _w in range(weeks)]
    boxes: dict[str, widgets.Checkbox] = {}
    rows = []
    for w in range(weeks):
        week = _("Semana {n}").format(n=w + 1)
        row = [widgets.HTML(f"<b>{html.escape(week)}</b>", layout=_HEAD)]
        for i, day in enumerate(upkeep.DAYS):
            box = widgets.Checkbox(value=bool(start[w][i]), indent=False,
                                   description=upkeep.day_label(day)[:3],
                                   tooltip=_("Semana {n}, {day}").format(n=w + 1, day=upkeep.day_label(day)),
                                   layout=_CELL)
            boxes[f"w{w + 1}_{day}"] = box
            row.append(box)
        rows.append(widgets.HBox(row, layout=widgets.Layout(flex_flow="row nowrap")))
    controls: dict[str, widgets.Widget] = {
        "help": widgets.HTML("<p>" + html.escape(
            _("Marca cada día que hiciste lo que tocaba en tu rutina.")) + "</p>"),
        "weeks": widgets.VBox(rows, layout=widgets.Layout(overflow="auto", max_width="100%")),
        "save": button(_("Guardar en mi plan")),
    }
    panel = HabitPanel(_("Tus primeras semanas"), controls)
    panel.controls.update(boxes)

    def read() -> list[list[bool]]:
        return [[boxes[f"w{w + 1}_{d}"].value for d in upkeep.DAYS] for w in range(weeks)]

    @guarded(panel)
    def refresh(_change=None) -> None:
        summary = upkeep.habit_summary(read())
        panel.summary = summary
        rows = [(_("Días cumplidos"), _("{done} de {total}").format(
                    done=summary["done_days"], total=summary["total_days"])),
                (_("Proporción"), fmt_percent(summary["share"], 0)),
                (_("Racha más larga"), ngettext("{n} día seguido", "{n} días seguidos",
                                                 summary["longest_streak"]).format(
                                                     n=summary["longest_streak"])),
                (_("Semanas completas"), fmt_number(summary["full_weeks"]))]
        panel.result.value = html_table(rows, _("Tu hábito"))
        if summary["done_days"] == 0:
            panel.show("info", _("Empieza por marcar hoy. Un día cuenta aunque solo hayas "
                                 "respondido a un comentario."))
        elif summary["longest_streak"] >= 7:
            panel.show("ok", _("¡Una semana entera seguida! Así se riega una cuenta."))
        else:
            panel.show("info", _("Vas bien: lo que cuenta es no dejarlo, no hacerlo perfecto."))

    @guarded(panel)
    def save(_button=None) -> None:
        summary = upkeep.habit_summary(read())
        plan_file.update_section("habit", summary, plan_path)
        panel.saved = summary
        panel.show("ok", _("Registro guardado en {path}.").format(path=plan_file.display_path(plan_path)))

    for box in boxes.values():
        box.observe(refresh, names="value")
    saves_with(panel, save)
    refresh()
    return panel


def build_plan_saver(planner: Panel, tracker: Panel, plan_path=None) -> Panel:
    """One button that saves what this module adds to the plan: the routine and the habit."""
    controls = {"save": button(_("Guardar rutina y registro en mi plan"))}
    panel = Panel(_("Tu plan: rutina y hábito"), controls)

    @guarded(panel)
    def save(_button=None) -> None:
        planner.saved = tracker.saved = None
        planner.save()
        tracker.save()
        if planner.saved is None or tracker.saved is None:
            panel.show("error", _("No he podido guardarlo todo: mira los mensajes de la rutina y "
                                  "del registro más arriba."))
            return
        routine = planner.saved
        panel.show("ok", _("Guardado en {path}.").format(path=plan_file.display_path(plan_path)))
        panel.result.value = html_table([
            (_("Rutina"), _("{h} h a la semana, {d} días con publicación").format(
                h=fmt_number(routine["weekly_minutes"] / 60, 1), d=routine["publishing_days"])),
            (_("Redes"), ", ".join(routine["network_labels"])),
            (_("Zona horaria"), routine["timezone"]),
            (_("Días cumplidos"), fmt_number(tracker.saved["done_days"])),
        ], _("Lo que este módulo añade a tu plan"))

    controls["save"].on_click(save)
    return panel
