"""The editorial calendar: pillars and their shares, the month, the channels, and a calendar
that must fit the week's minutes for content before it is saved or exported.

Thin, as every widget of the course: the callback reads the controls, calls
:mod:`rumbo.content` and renders with :mod:`rumbo.views.content`.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timezone
from typing import Callable

import ipywidgets as widgets

from rumbo import content, upkeep
from rumbo.core.errors import InvalidInputError, RumboError
from rumbo.core.i18n import fmt_number, translator
from rumbo.core.units import CHANNELS, EXAMPLE_NETWORK, network_label
from rumbo.data import load_dataset, schema
from rumbo.data import plan as plan_file
from rumbo.data.schema import Plan
from rumbo.metrics import MONTHS
from rumbo.views.content import calendar_html, fit_html, pillars_html
from rumbo.views.html import download_link, message_html
from rumbo.widgets.common import Panel, button, connect, dropdown, guarded, number, text
from rumbo.widgets.fields import MINUTES

_, N_, ngettext = translator("content")

#: How many months ahead the month picker offers.
MONTHS_AHEAD = 12


def month_options(today: date) -> list[tuple[str, str]]:
    """``("abril de 2026", "2026-04")`` for this month and the next ones."""
    options, year, month = [], today.year, today.month
    for _i in range(MONTHS_AHEAD):
        options.append((_("{month} de {year}").format(month=_(MONTHS[month - 1]), year=year),
                        f"{year:04d}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return options


def _initial_shares(profile: dict, plan: Plan | None) -> dict[str, int]:
    saved = schema.section(plan, "content").get("pillars")
    if isinstance(saved, list):
        try:
            return content.validate_pillars({p.get("pillar"): p.get("share") for p in saved
                                             if isinstance(p, dict)})
        except InvalidInputError:
            pass  # a hand-edited plan: start from the suggestion instead
    return {p["pillar"]: p["share"] for p in content.suggest_pillars(profile, schema.records(plan, "objectives"))}


class ContentPanel(Panel):
    downloads: widgets.HTML
    minutes: dict                          # minutes per format (module 3's log, or assumed)
    source: str = "profile"                # where the week's minutes for content come from
    posts: list | None = None              # the month as now planned
    fit: content.MonthFit | None = None    # how it fits the week
    saved: dict | None = None              # the content section last written


def build_content_planner(profile: dict, plan: Plan | None = None, plan_path=None, *,
                          business: str = "panaderia",
                          clock: Callable[[], datetime] | None = None) -> Panel:
    """A month of posts from the pillars' shares, the channels and the routine's publishing days.

    Formats cost the minutes measured on ``business``'s time log (module 3); the
    week's minutes for content come from the plan (routine, else time budget, else
    profile: :func:`rumbo.content.weekly_capacity`) and can be changed. A month that
    does not fit is shown with what overflows and is neither saved nor exported.
    ``clock`` gives "today" (tests pass a fixed one).
    """
    clock = clock or (lambda: datetime.now(timezone.utc))
    today = clock().date()
    plan = plan or {}
    posts_data = load_dataset(business, "posts")
    minutes = content.format_minutes(posts_data, load_dataset(business, "time_log"))["minutes"].to_dict()
    capacity, source = content.weekly_capacity(plan, profile)
    shares = _initial_shares(profile, plan)
    routine = schema.section(plan, "routine")
    days = content.publish_days(routine)
    tz = routine.get("timezone") if isinstance(routine.get("timezone"), str) else \
        upkeep.timezone_for(profile.get("country"))
    start_time = routine.get("start_time") if isinstance(routine.get("start_time"), str) else "09:00"
    chosen = [n for n in profile.get("networks") or [] if n in CHANNELS] or [EXAMPLE_NETWORK]
    options = month_options(today)
    saved_month = schema.section(plan, "content").get("month")
    controls: dict[str, widgets.Widget] = {
        "capacity": number(_("Minutos por semana para contenido"), capacity, integer=True,
                           unit=MINUTES),
        "month": dropdown(_("Mes"), options, saved_month if saved_month in dict(options).values()
                          else options[1][1]),
        "pillars_help": widgets.HTML("<p>" + html.escape(_(
            "Porcentaje de publicaciones de cada pilar (de 3 a 4 pilares, que sumen 100; 0 si no "
            "lo usas).")) + "</p>"),
    }
    for pillar in content.PILLARS:
        controls[f"pillar_{pillar}"] = number(content.pillar_label(pillar), shares.get(pillar, 0),
                                              integer=True, unit="%", tooltip=_(content.PILLAR_HELP[pillar]))
    nets = {c: widgets.Checkbox(value=c in chosen, indent=False,
                                description=_("Publico en {network}").format(network=network_label(c)))
            for c in CHANNELS}
    controls["channels"] = widgets.VBox(list(nets.values()))
    controls["mix"] = dropdown(_("Formatos"), [(_(label), key) for key, label in content.MIX_LABELS.items()],
                               "varied")
    controls["batching"] = widgets.Checkbox(value=True, indent=False, description=_(
        "Reaprovechar cada vídeo (una historia y una publicación en Google)"))
    controls["accessible"] = widgets.Checkbox(value=True, indent=False, description=_(
        "Contar el texto alternativo y los subtítulos"))
    controls["event_date"] = text(_("Fecha de un evento tuyo"), "", "30/06/2026")
    controls["event_text"] = text(_("Qué pasa ese día"), "", _("feria del barrio"))
    saved_legal = {p.get("key") for p in schema.section(plan, "content").get("legal") or [] if isinstance(p, dict)}
    legal = {key: widgets.Checkbox(value=key in saved_legal, indent=False, description=_(point),
                                   tooltip=_(source))
             for key, point, source in content.LEGAL_CHECKLIST}
    controls["legal"] = widgets.VBox([widgets.HTML("<p>" + html.escape(_(
        "Lo legal y la seguridad: marca lo que ya cumples (se guarda en tu plan con su fuente).")) + "</p>"),
        *legal.values()])
    buttons = {"save": button(_("Guardar en mi plan")),
               "calendar": button(_("Descargar el calendario (.ics)")),
               "csv": button(_("Descargar la tabla (.csv)"))}
    controls["buttons"] = widgets.HBox(list(buttons.values()))
    downloads = widgets.HTML("")
    panel = ContentPanel(_("Tu calendario de contenidos"), controls, extra=[downloads],
                         downloads=downloads, minutes=minutes, source=source)
    panel.controls.update({f"net_{c}": box for c, box in nets.items()})
    panel.controls.update({f"legal_{key}": box for key, box in legal.items()})
    panel.controls.update(buttons)
    panel.add_class("rumbo-main")

    def read() -> tuple[dict, list, content.MonthFit, int]:
        pillars = content.validate_pillars({p: controls[f"pillar_{p}"].value for p in content.PILLARS})
        year, month = (int(part) for part in controls["month"].value.split("-"))
        own = []
        if str(controls["event_date"].value).strip() or str(controls["event_text"].value).strip():
            own.append((controls["event_date"].value, controls["event_text"].value))
        hooks = content.seasonal_hooks(profile.get("sector"), year, month, own)
        posts = content.plan_month(year, month, pillars, [c for c in CHANNELS if nets[c].value],
                                   minutes, days=days, hooks=hooks,
                                   batching=controls["batching"].value,
                                   accessible=controls["accessible"].value,
                                   mix=controls["mix"].value)
        week = int(controls["capacity"].value)
        if week < 0:
            raise InvalidInputError(_("Los minutos semanales para contenido no pueden ser negativos."))
        fit = content.fit_month(posts, week, year, month)
        saved = content.batching_savings(posts, minutes, controls["accessible"].value)
        return pillars, posts, fit, saved

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            pillars, posts, fit, saved = read()
        except RumboError:
            panel.result.value = ""  # no stale calendar next to an error
            panel.posts, panel.fit = None, None
            raise
        panel.posts, panel.fit = posts, fit
        if fit.fits:
            panel.message.value = message_html("ok", _(
                "Cabe: {n} publicaciones, {m} minutos en el mes; te sobran {left}.").format(
                    n=fmt_number(len(posts)), m=fmt_number(fit.total_minutes),
                    left=fmt_number(fit.capacity_month - fit.total_minutes)))
        else:
            try:
                content.require_fit(fit)
            except InvalidInputError as exc:
                panel.message.value = message_html("warning", str(exc)) + fewer_days_hint(pillars, fit)
        labelled = [{"pillar": p, "share": s, "label": content.pillar_label(p), "why": ""}
                    for p, s in pillars.items()]
        panel.result.value = (pillars_html(labelled) + fit_html(fit, source, saved)
                              + calendar_html(posts))

    def fewer_days_hint(pillars: dict, fit: content.MonthFit) -> str:
        year, month = (int(part) for part in controls["month"].value.split("-"))
        posts, used = content.fitting_month(
            year, month, pillars, [c for c in CHANNELS if nets[c].value], minutes,
            fit.capacity_per_week, days=days, batching=controls["batching"].value,
            accessible=controls["accessible"].value, mix=controls["mix"].value)
        if len(used) < len(days) and content.fit_month(posts, fit.capacity_per_week, year, month).fits:
            return message_html("info", ngettext(
                "Publicando {n} día a la semana en vez de {m}, sí cabe.",
                "Publicando {n} días a la semana en vez de {m}, sí cabe.", len(used)).format(
                    n=len(used), m=len(days)))
        return ""

    def fitting() -> tuple[dict, list, content.MonthFit, int]:
        pillars, posts, fit, saved = read()
        content.require_fit(fit)
        return pillars, posts, fit, saved

    @guarded(panel)
    def save(_button=None) -> None:
        pillars, posts, fit, saved = fitting()
        section = content.content_section(pillars, posts, fit, controls["month"].value,
                                          batching=controls["batching"].value, saved_minutes=saved,
                                          legal=[key for key, box in legal.items() if box.value])
        plan_file.update_section("content", section, plan_path)
        panel.saved = section
        panel.show("ok", _("Calendario de contenidos guardado en {path}.").format(
            path=plan_file.display_path(plan_path)))

    @guarded(panel)
    def make_calendar(_button=None) -> None:
        _pillars, posts, _fit, _saved = fitting()
        raw = content.calendar_to_ics(posts, clock(), timezone=tz, start_time=start_time,
                                      name=profile.get("name") or "")
        filename = f"mi_calendario_{controls['month'].value}.ics"
        downloads.value = download_link(raw, filename, "text/calendar",
                                        _("Descargar {file}").format(file=filename))
        panel.show("ok", _("Calendario listo: impórtalo en Google Calendar o en Outlook."))

    @guarded(panel)
    def make_csv(_button=None) -> None:
        _pillars, posts, _fit, _saved = fitting()
        filename = f"mi_calendario_{controls['month'].value}.csv"
        downloads.value = download_link(content.calendar_csv(posts), filename, "text/csv",
                                        _("Descargar {file}").format(file=filename))
        panel.show("ok", _("Tabla lista: se abre con Excel, LibreOffice o Google Sheets."))

    buttons["calendar"].on_click(make_calendar)
    buttons["csv"].on_click(make_csv)
    return connect(panel, refresh, save)
