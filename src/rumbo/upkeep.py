"""Module 5, daily upkeep: a weekly routine that fits the hours you have, and keeping it.

What lives here (pure functions; the widgets are in :mod:`rumbo.widgets.upkeep`):

- the routine model: a week grid ``day -> task -> minutes`` plus networks, time
  zone and start time (:func:`validate_routine`), its fit against the weekly
  hours (:func:`fit_check`) and what to drop when it does not fit
  (:func:`suggest_cuts`); a first routine that fits (:func:`suggested_routine`);
- consistency on a posts table: :func:`weekly_counts`, :func:`longest_gap`,
  :func:`share_of_weeks_on_target`, :func:`consistency_summary`;
- what happens when posting stops: :func:`simulate_stop`, a deliberately simple
  model whose assumptions are listed in its docstring and shown in the course;
- the habit tracker of the first weeks: :func:`habit_summary`;
- exports: an iCalendar file with weekly recurring events (:func:`routine_to_ics`)
  and a printable one-page checklist (:func:`checklist_html`).

Conventions: weeks run Monday to Sunday and are labelled by their Sunday
(pandas' ``resample("W")``); minutes are whole numbers; every error a learner
can cause is an :class:`InvalidInputError` or :class:`DataError` whose message
says what to do. matplotlib is imported inside the plotting functions only.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone as dt_timezone

import pandas as pd

from rumbo.data import require_columns
from rumbo.data.facts import fact, facts
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.numbers import parse_number
from rumbo.core.units import CHANNELS, HOURS_PER_WEEK, WEEKS_PER_MONTH, has_followers, network_label
from rumbo.core.i18n import fmt_number, fmt_percent, translator
from rumbo.core.errors import PlanError
from rumbo.data import load_dataset
from rumbo.data.plan import display_path, resolve_path

_, N_, ngettext = translator("upkeep")

# --- The week grid --------------------------------------------------------------------

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {
    "mon": N_("lunes"), "tue": N_("martes"), "wed": N_("miércoles"), "thu": N_("jueves"),
    "fri": N_("viernes"), "sat": N_("sábado"), "sun": N_("domingo"),
}
#: iCalendar BYDAY codes.
ICAL_DAYS = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}

TASKS = ("publish", "reply", "listen", "measure", "create")
TASK_LABELS = {
    "publish": N_("Publicar"),
    "reply": N_("Responder"),
    "listen": N_("Escuchar"),
    "measure": N_("Medir"),
    "create": N_("Crear contenido"),
}
TASK_HELP = {
    "publish": N_("sacar la publicación del día en cada red"),
    "reply": N_("contestar comentarios y mensajes"),
    "listen": N_("ver qué se dice de ti y de tu sector"),
    "measure": N_("apuntar alcance, interacciones y visitas"),
    "create": N_("hacer fotos y textos por adelantado"),
}

#: Spanish codes a learner types in the exercise, mapped to the package's codes.
DAY_CODES_ES = {"lun": "mon", "mar": "tue", "mie": "wed", "jue": "thu", "vie": "fri",
                "sab": "sat", "dom": "sun"}
TASK_CODES_ES = {"publicar": "publish", "responder": "reply", "escuchar": "listen",
                 "medir": "measure", "crear": "create"}

#: When the week is too full, slots are dropped in this order of tasks (first = first to go).
#: Publishing and replying go last: a few posts every week beat many posts some weeks,
#: and an unanswered customer is worse than a missing post.
DROP_ORDER = ("measure", "listen", "create", "publish", "reply")
#: How many slots of each task the first pass of :func:`suggest_cuts` keeps (the biggest ones).
FIRST_PASS_KEEP = {"measure": 1, "listen": 1, "create": 1, "publish": 3, "reply": 3}

MAX_SLOT_MINUTES = 240       # one task, one day: more than 4 h is almost surely a typo
MIN_PUBLISH_MINUTES = 5      # shorter than this, a publishing slot is not a real one

#: A sensible first week (minutes), trimmed by :func:`suggested_routine` to the hours available.
TEMPLATE = {
    "mon": {"create": 45, "publish": 15, "reply": 10},
    "tue": {"reply": 10, "listen": 10},
    "wed": {"publish": 15, "reply": 10},
    "thu": {"reply": 10, "listen": 10},
    "fri": {"publish": 15, "reply": 10, "measure": 20},
    "sat": {"reply": 10},
    "sun": {},
}

#: Time zones offered for the calendar, by the country a learner writes in the profile.
COUNTRY_TIMEZONES = {
    "españa": "Europe/Madrid", "spain": "Europe/Madrid",
    "méxico": "America/Mexico_City", "mexico": "America/Mexico_City",
    "colombia": "America/Bogota", "perú": "America/Lima", "peru": "America/Lima",
    "argentina": "America/Argentina/Buenos_Aires", "chile": "America/Santiago",
    "uruguay": "America/Montevideo", "paraguay": "America/Asuncion",
    "bolivia": "America/La_Paz", "ecuador": "America/Guayaquil",
    "venezuela": "America/Caracas", "guatemala": "America/Guatemala",
    "costa rica": "America/Costa_Rica", "república dominicana": "America/Santo_Domingo",
    "republica dominicana": "America/Santo_Domingo",
}
TIMEZONES = ("Europe/Madrid", "Atlantic/Canary", "America/Mexico_City", "America/Bogota",
             "America/Lima", "America/Argentina/Buenos_Aires", "America/Santiago",
             "America/Montevideo", "America/Asuncion", "America/La_Paz", "America/Guayaquil",
             "America/Caracas", "America/Guatemala", "America/Costa_Rica",
             "America/Santo_Domingo", "UTC")
DEFAULT_TIMEZONE = "Europe/Madrid"


def day_label(day: str) -> str:
    return _(DAY_LABELS[day])


def task_label(task: str) -> str:
    return _(TASK_LABELS[task])


def timezone_for(country: str | None) -> str:
    """The time zone of a country written in the profile (``"España"`` -> ``Europe/Madrid``)."""
    return COUNTRY_TIMEZONES.get(str(country or "").strip().lower(), DEFAULT_TIMEZONE)


def _whole_minutes(value, where: str) -> int:
    """A typed number of minutes as an int, or an :class:`InvalidInputError` saying why not."""
    number = parse_number(value, where)
    if number < 0:
        raise InvalidInputError(_("{where}: los minutos no pueden ser negativos.").format(
            where=where))
    if number > MAX_SLOT_MINUTES:
        raise InvalidInputError(_("{where}: {minutes} minutos en un día para una sola tarea "
                                  "parece un error de tecleo (máximo {limit}).").format(
                                      where=where, minutes=fmt_number(number), limit=MAX_SLOT_MINUTES))
    return int(round(number))


def parse_start_time(value) -> time:
    """``"09:00"`` -> ``time(9, 0)``; anything else is an :class:`InvalidInputError`."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    match = re.fullmatch(r"\s*(\d{1,2})[:.h](\d{2})\s*", str(value or ""))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise InvalidInputError(_("La hora de inicio tiene que ser como 09:00 (de 00:00 a 23:59)."))
    return time(int(match.group(1)), int(match.group(2)))


def check_timezone(tz: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInputError(_("No conozco la zona horaria «{tz}». Elige una de la lista, "
                                  "por ejemplo Europe/Madrid.").format(tz=tz)) from None
    return str(tz)


def validate_routine(grid, networks, timezone: str = DEFAULT_TIMEZONE,
                     start_time="09:00") -> dict:
    """Check a typed week grid; return the routine as a plain, JSON-ready dict.

    ``grid`` maps day codes (:data:`DAYS`) to ``{task: minutes}`` (:data:`TASKS`);
    missing days or tasks count as 0. Every problem found is reported at once.
    The result keeps only the slots with minutes, in day and task order::

        {"grid": {"mon": {"publish": 15}}, "networks": ["instagram"],
         "timezone": "Europe/Madrid", "start_time": "09:00", "weekly_minutes": 15}
    """
    problems: list[str] = []
    clean: dict[str, dict[str, int]] = {}
    if not isinstance(grid, dict):
        raise InvalidInputError(_("La rutina tiene que ser una tabla de días y tareas con minutos."))
    unknown_days = [str(d) for d in grid if d not in DAYS]
    if unknown_days:
        problems.append(_("No conozco estos días: {days}.").format(days=", ".join(unknown_days)))
    for day in DAYS:
        row = grid.get(day) or {}
        if not isinstance(row, dict):
            problems.append(_("El {day} tiene que ser una lista de tareas con minutos.").format(
                day=day_label(day)))
            continue
        unknown_tasks = [str(t) for t in row if t not in TASKS]
        if unknown_tasks:
            problems.append(_("No conozco estas tareas: {tasks}.").format(tasks=", ".join(unknown_tasks)))
        for task in TASKS:
            if task not in row:
                continue
            where = _("{task} el {day}").format(task=task_label(task), day=day_label(day))
            try:
                minutes = _whole_minutes(row[task], where)
            except InvalidInputError as exc:
                problems.append(str(exc))
                continue
            if minutes:
                clean.setdefault(day, {})[task] = minutes

    nets = [n for n in (networks or []) if n]
    unknown_nets = [str(n) for n in nets if n not in CHANNELS]
    if unknown_nets:
        problems.append(_("No conozco estas redes: {names}.").format(names=", ".join(unknown_nets)))
    if not nets:
        problems.append(_("Marca al menos una red en la que vayas a publicar."))
    try:
        tz = check_timezone(timezone)
    except InvalidInputError as exc:
        problems.append(str(exc))
        tz = DEFAULT_TIMEZONE
    try:
        start = parse_start_time(start_time)
    except InvalidInputError as exc:
        problems.append(str(exc))
        start = time(9, 0)
    start_minutes = start.hour * 60 + start.minute
    for day, row in clean.items():
        if start_minutes + sum(row.values()) > 24 * 60:
            problems.append(_("El {day} la rutina empieza a las {start} y no acaba antes de "
                              "medianoche: adelanta la hora o quita minutos.").format(
                                  day=day_label(day), start=start.strftime("%H:%M")))
    if not problems and not clean:
        problems.append(_("La rutina está vacía: pon minutos al menos en una tarea de un día."))
    if problems:
        raise InvalidInputError(" ".join(problems))
    ordered = {d: {t: clean[d][t] for t in TASKS if t in clean[d]} for d in DAYS if d in clean}
    return {
        "grid": ordered,
        "networks": [n for n in CHANNELS if n in nets],
        "network_labels": [network_label(n) for n in CHANNELS if n in nets],
        "timezone": tz,
        "start_time": start.strftime("%H:%M"),
        "weekly_minutes": total_minutes(ordered),
    }


def total_minutes(grid: dict) -> int:
    return int(sum(sum(row.values()) for row in grid.values()))


def minutes_by_task(grid: dict) -> dict[str, int]:
    return {t: int(sum(row.get(t, 0) for row in grid.values())) for t in TASKS}


def minutes_by_day(grid: dict) -> dict[str, int]:
    return {d: int(sum(grid.get(d, {}).values())) for d in DAYS}


def publishing_days(grid: dict) -> int:
    return sum(1 for row in grid.values() if row.get("publish", 0) > 0)


def check_budget_hours(hours) -> float:
    """Weekly hours typed by a learner, checked (0 is allowed: it just fits nothing)."""
    value = parse_number(hours, _("horas por semana para redes"))
    if value < 0:
        raise InvalidInputError(_("Las horas por semana tienen que ser un número de 0 en adelante."))
    if value > HOURS_PER_WEEK:
        raise InvalidInputError(_("Una semana tiene 168 horas: {hours} horas semanales no es "
                                  "posible.").format(hours=fmt_number(value, 1)))
    return value


def suggest_cuts(grid: dict, budget_minutes: float, keep_publish: int = 1) -> list[tuple[str, str, int]]:
    """Slots ``(day, task, minutes)`` to drop, in order, until the grid fits ``budget_minutes``.

    Two passes over :data:`DROP_ORDER`: first the slots of each task beyond the
    few worth keeping (:data:`FIRST_PASS_KEEP`: one weekly session of measuring,
    listening and creating; three days of publishing and of replying), then the
    kept ones too, but never the last ``keep_publish`` publishing slots. Within a
    task the biggest slot goes first (ties: the later day). The list may leave
    the grid still too big (a budget of 0 cannot be met): the caller says so.
    """
    remaining = {d: dict(row) for d, row in grid.items()}
    total = total_minutes(remaining)
    cuts: list[tuple[str, str, int]] = []

    def ranked(task):  # biggest first, ties: the earlier day (the one kept)
        found = [(d, remaining[d][task]) for d in DAYS if remaining.get(d, {}).get(task)]
        return sorted(found, key=lambda s: (-s[1], DAYS.index(s[0])))

    for first_pass in (True, False):
        for task in DROP_ORDER:
            candidates = ranked(task)
            if first_pass:
                floor = FIRST_PASS_KEEP[task]
            else:
                floor = keep_publish if task == "publish" else 0
            # what goes: the biggest first, ties: the later day
            for day, minutes in sorted(candidates[floor:], key=lambda s: (-s[1], -DAYS.index(s[0]))):
                if total <= budget_minutes:
                    return cuts
                cuts.append((day, task, int(minutes)))
                total -= minutes
                del remaining[day][task]
    return cuts


def apply_cuts(grid: dict, cuts) -> dict:
    out = {d: dict(row) for d, row in grid.items()}
    for day, task, _m in cuts:
        out[day].pop(task, None)
    return {d: row for d, row in out.items() if row}


@dataclass
class Fit:
    """How a routine compares with the weekly hours available."""

    total_minutes: int
    budget_minutes: int
    publishing_days: int
    by_task: dict[str, int]
    by_day: dict[str, int]
    cuts: list[tuple[str, str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return self.total_minutes <= self.budget_minutes

    @property
    def over_minutes(self) -> int:
        return max(0, self.total_minutes - self.budget_minutes)

    @property
    def cuts_enough(self) -> bool:
        return self.total_minutes - sum(m for _d, _t, m in self.cuts) <= self.budget_minutes


def fit_check(routine: dict, budget_hours, min_publish_days: int = 0) -> Fit:
    """Compare a validated routine with ``budget_hours`` a week; suggest cuts when it does not fit.

    ``min_publish_days`` (e.g. the low end of the recommended posting frequency)
    only adds a note when the routine publishes on fewer days.
    """
    hours = check_budget_hours(budget_hours)
    grid = routine["grid"]
    budget = int(round(hours * 60))
    fit = Fit(total_minutes(grid), budget, publishing_days(grid), minutes_by_task(grid),
              minutes_by_day(grid))
    if not fit.fits:
        fit.cuts = suggest_cuts(grid, budget)
    if fit.publishing_days == 0:
        fit.notes.append(_("Tu rutina no tiene ningún hueco para publicar: sin publicaciones "
                           "no hay nada que regar."))
    elif min_publish_days and fit.publishing_days < min_publish_days:
        fit.notes.append(ngettext(
            "Publicas {n} día a la semana; lo recomendado empieza en {low}. Mejor pocos días "
            "fijos que muchos a ratos.",
            "Publicas {n} días a la semana; lo recomendado empieza en {low}. Mejor pocos días "
            "fijos que muchos a ratos.", fit.publishing_days).format(
                n=fit.publishing_days, low=min_publish_days))
    reply_days = sum(1 for row in grid.values() if row.get("reply"))
    if 0 < reply_days < 3:
        fit.notes.append(ngettext(
            "Solo respondes {n} día a la semana: un comentario puede esperar días sin respuesta.",
            "Solo respondes {n} días a la semana: un comentario puede esperar días sin respuesta.",
            reply_days).format(n=reply_days))
    return fit


def suggested_routine(hours_per_week, networks, timezone: str = DEFAULT_TIMEZONE,
                      start_time="09:00") -> dict:
    """:data:`TEMPLATE` trimmed with :func:`suggest_cuts` to fit ``hours_per_week``.

    With less time than a single publishing slot, the one slot left is shortened
    to what there is (at least :data:`MIN_PUBLISH_MINUTES`), so the learner sees
    a routine and a clear warning rather than an empty grid.
    """
    hours = check_budget_hours(hours_per_week)
    budget = int(round(hours * 60))
    grid = apply_cuts(TEMPLATE, suggest_cuts(TEMPLATE, budget))
    if total_minutes(grid) > budget:
        day = next(iter(grid))
        grid = {day: {"publish": max(MIN_PUBLISH_MINUTES, budget)}}
    return validate_routine(grid, networks, timezone, start_time)


# --- Recommended frequency (benchmarks) -----------------------------------------------


#: What keeps Google's and WhatsApp's business tools alive besides posting: the platforms'
#: own help, without a number (figures come from the facts table).
CHANNEL_ADVICE = {
    "google_business": N_("contesta las reseñas, las buenas y las malas (Ayuda de Perfil de "
                          "Empresa de Google, «Leer y responder a las reseñas»)"),
    "whatsapp": N_("prepara respuestas rápidas para lo que más te preguntan y un mensaje de "
                   "ausencia para cuando cierras (Ayuda de WhatsApp Business)"),
}


def recommended_frequency(networks) -> list[dict]:
    """Posts per week recommended for each network or channel (benchmark ``posting_frequency``).

    ``low``/``high`` come from the facts table (``high`` None: "``low`` or more"); a network
    without a row gets None for both and a note in ``source``. ``advice`` is what keeps a
    business channel alive besides posting ("" for social networks). WhatsApp statuses have
    no published frequency: what the table holds is how long one lasts
    (``whatsapp_status_hours``), so its row says that instead of a number of posts.
    """
    rows = {row.network: row for row in facts("posting_frequency")}
    out = []
    for network in networks:
        label = network_label(network)
        advice = _(CHANNEL_ADVICE[network]) if network in CHANNEL_ADVICE else ""
        if network in rows:
            row = rows[network]
            out.append({"network": network, "label": label, "low": row.low, "high": row.high,
                        "source": row.cite(), "advice": advice})
        elif network == "whatsapp":
            status = fact("whatsapp_status_hours")
            out.append({"network": network, "label": label, "low": None, "high": None,
                        "source": _("un estado dura {hours} horas ({source}): súbelo los días "
                                    "que quieras estar a la vista").format(
                                        hours=fmt_number(status.value), source=status.cite()),
                        "advice": advice})
        else:
            out.append({"network": network, "label": label, "low": None, "high": None,
                        "source": _("sin referencia en la tabla: empieza con 3 a la semana y mide"),
                        "advice": advice})
    return out


def min_publish_days(networks) -> int:
    """The fewest publishing days a week worth aiming at: the lowest recommended minimum of the
    social networks (one post a week on Google's profile does not lower the bar of the others),
    of the business channels when there is no social network."""
    recommended = recommended_frequency(networks)
    social = [r for r in recommended if has_followers(r["network"])] or recommended
    lows = [r["low"] for r in social if r["low"] is not None]
    return int(min(7, min(lows))) if lows else 3


def frequency_rows(routine: dict) -> list[tuple[str, str]]:
    """Per network: posts a week in the routine against the recommended range, with its source,
    and what else keeps a business channel alive."""
    days = publishing_days(routine["grid"])
    rows = []
    for rec in recommended_frequency(routine["networks"]):
        if rec["low"] is None:
            verdict = _("{n} a la semana ({source})").format(n=days, source=rec["source"])
        elif rec["high"] is None:
            status = _("por debajo") if days < rec["low"] else _("dentro")
            verdict = _("{n} a la semana; recomendado {low} o más: {status} ({source})").format(
                n=days, low=fmt_number(rec["low"]), status=status, source=rec["source"])
        else:
            status = (_("por debajo") if days < rec["low"] else
                      _("por encima") if days > rec["high"] else _("dentro"))
            verdict = _("{n} a la semana; recomendado de {low} a {high}: {status} ({source})").format(
                n=days, low=fmt_number(rec["low"]), high=fmt_number(rec["high"]), status=status,
                source=rec["source"])
        if rec["advice"]:
            verdict = _("{verdict}. Además, {advice}.").format(verdict=verdict, advice=rec["advice"])
        rows.append((rec["label"], verdict))
    return rows


def stop_parameters() -> dict:
    """Parameters of :func:`simulate_stop` taken from the benchmarks, each with its source.

    ``silent_monthly_loss`` has no benchmark: it is the course's stated assumption.
    """
    growth = fact("follower_growth_typical")
    reach = fact("fb_organic_reach_share")
    return {
        "monthly_growth": growth.ratio(),
        "monthly_growth_source": growth.cite(),
        "reach_rate": reach.ratio(),
        "reach_rate_source": reach.cite(),
        "silent_monthly_loss": SILENT_MONTHLY_LOSS,
        "silent_monthly_loss_source": _("supuesto del curso: no hay un dato publicado fiable"),
    }


# --- Consistency on a posts table -----------------------------------------------------


def _dates(posts, network: str | None = None) -> pd.Series:
    if isinstance(posts, pd.DataFrame):
        require_columns(posts, ["published_at"], _("la tabla de publicaciones"))
        if network is not None:
            require_columns(posts, ["network"], _("la tabla de publicaciones"))
            posts = posts[posts["network"] == network]
        dates = posts["published_at"]
    else:
        dates = pd.Series(posts)
    dates = pd.to_datetime(dates, errors="coerce").dropna()
    if dates.empty:
        if network is not None:
            raise DataError(_("No hay publicaciones de {network} en esta tabla.").format(network=network))
        raise DataError(_("La tabla no tiene publicaciones con fecha: no hay nada que contar."))
    return dates.sort_values().reset_index(drop=True)


def weekly_counts(posts, network: str | None = None, start=None, end=None) -> pd.Series:
    """Posts per week (Monday to Sunday, labelled by the Sunday), empty weeks as 0.

    The same as ``posts.resample("W", on="published_at").size()``, with the
    weeks before the first post and after the last one added when ``start`` or
    ``end`` are given (a silence at the end of the period is a silence too).
    """
    dates = _dates(posts, network)
    counts = pd.Series(1, index=pd.DatetimeIndex(dates)).resample("W").size()
    first = counts.index.min() if start is None else min(counts.index.min(), _week_end(start))
    last = counts.index.max() if end is None else max(counts.index.max(), _week_end(end))
    full = pd.date_range(first, last, freq="W")
    counts = counts.reindex(full, fill_value=0).astype(int)
    counts.index.name = "week"
    counts.name = "posts"
    return counts


def _week_end(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value).normalize()
    return stamp + pd.Timedelta(days=6 - stamp.day_of_week)


@dataclass
class Gap:
    """The longest stretch between two posts: ``days`` between their calendar dates."""

    days: int
    start: pd.Timestamp   # day of the post before the silence
    end: pd.Timestamp     # day of the post after it (or the end of the period)


def longest_gap(posts, network: str | None = None, until=None) -> Gap:
    """The largest number of days between consecutive posts (by calendar date).

    ``posts`` is a posts table (or a series of dates). With ``until`` (e.g. the
    last day of the data), the silence from the last post to that day counts.
    A single post and no ``until`` gives a gap of 0 days.
    """
    days = _dates(posts, network).dt.normalize().drop_duplicates().reset_index(drop=True)
    if until is not None:
        end = pd.Timestamp(until).normalize()
        if end > days.iloc[-1]:
            days = pd.concat([days, pd.Series([end])], ignore_index=True)
    if len(days) < 2:
        return Gap(0, days.iloc[0], days.iloc[0])
    diffs = days.diff().dt.days
    where = int(diffs.idxmax())
    return Gap(int(diffs.iloc[where]), days.iloc[where - 1], days.iloc[where])


def check_target(target) -> float:
    value = parse_number(target, _("publicaciones a la semana que te propones"))
    if value <= 0:
        raise InvalidInputError(_("El objetivo semanal tiene que ser de al menos una publicación."))
    if value > 140:
        raise InvalidInputError(_("{n} publicaciones a la semana son más de 20 al día: parece un "
                                  "error de tecleo.").format(n=fmt_number(value)))
    return value


def share_of_weeks_on_target(counts, target) -> float:
    """Share (0-1) of weeks with at least ``target`` posts. ``counts``: posts per week."""
    goal = check_target(target)
    values = pd.to_numeric(pd.Series(counts), errors="coerce").dropna()
    if values.empty:
        raise DataError(_("No hay semanas que contar: revisa la tabla de publicaciones."))
    return float((values >= goal).mean())


def consistency_summary(posts, target, network: str | None = None, start=None, end=None) -> dict:
    """Posts per week, the longest silence and the share of weeks on target, in one dict."""
    counts = weekly_counts(posts, network, start, end)
    gap = longest_gap(posts, network, until=end)
    return {
        "weeks": int(len(counts)),
        "posts": int(counts.sum()),
        "mean_per_week": float(counts.mean()),
        "median_per_week": float(counts.median()),
        "empty_weeks": int((counts == 0).sum()),
        "longest_gap_days": gap.days,
        "gap_start": gap.start,
        "gap_end": gap.end,
        "target": check_target(target),
        "share_on_target": share_of_weeks_on_target(counts, target),
    }


def summary_rows(summary: dict) -> list[tuple[str, str]]:
    """Label/value rows of :func:`consistency_summary`, formatted for screen."""
    return [
        (_("Semanas observadas"), fmt_number(summary["weeks"])),
        (_("Publicaciones"), fmt_number(summary["posts"])),
        (_("Publicaciones por semana (media)"), fmt_number(summary["mean_per_week"], 1)),
        (_("Semanas sin ninguna publicación"), fmt_number(summary["empty_weeks"])),
        (_("Silencio más largo"), _("{days} días (del {start} al {end})").format(
            days=fmt_number(summary["longest_gap_days"]),
            start=summary["gap_start"].strftime("%d/%m/%Y"),
            end=summary["gap_end"].strftime("%d/%m/%Y"))),
        (_("Semanas con {n} o más publicaciones").format(n=fmt_number(summary["target"])),
         fmt_percent(summary["share_on_target"], 0)),
    ]


# --- What happens when posting stops --------------------------------------------------

#: Followers a silent page loses a month: an assumption of the course, stated as such.
SILENT_MONTHLY_LOSS = 0.01


def simulate_stop(followers, weeks: int = 26, stop_after_weeks: int = 4, posts_per_week: float = 3,
                  monthly_growth: float = 0.02, reach_rate: float = 0.052,
                  silent_monthly_loss: float = 0.01) -> pd.DataFrame:
    """Followers and weekly reach, week by week, posting steadily vs stopping.

    A deliberately simple model (every assumption is a parameter, shown in the course):

    1. While a page posts, followers grow by ``monthly_growth`` a month
       (compounded weekly: ``(1 + g) ** (12 / 52)`` each week).
    2. Each post reaches ``reach_rate`` of the followers (organic reach), so the
       week's reach is ``followers x reach_rate x posts_per_week`` (a sum over
       posts: the same person reached twice counts twice).
    3. A page that stops posting reaches nobody new, gains no followers and
       loses ``silent_monthly_loss`` of them a month (people tidying their feed).

    Returns one row per week: ``week`` (1..weeks), ``followers_steady``,
    ``followers_stopped``, ``reach_steady``, ``reach_stopped``.
    """
    def number(value, what, low, high, low_open=False):
        value = parse_number(value, what)
        if value < low or (low_open and value == low) or value > high:
            raise InvalidInputError(_("{what} tiene que estar entre {low} y {high}.").format(
                what=what, low=fmt_number(low, 2 if low < 1 and low else 0),
                high=fmt_number(high, 2 if high < 1 else 0)))
        return value

    f0 = number(followers, _("Los seguidores de partida"), 0, 1e9, low_open=True)
    n_weeks = int(number(weeks, _("El número de semanas"), 1, 520))
    stop = int(number(stop_after_weeks, _("La semana en que se deja de publicar"), 0, n_weeks))
    posts = number(posts_per_week, _("Las publicaciones por semana"), 0, 140)
    growth = number(monthly_growth, _("El crecimiento mensual"), -0.99, 1)
    reach = number(reach_rate, _("El alcance por publicación"), 0, 1)
    loss = number(silent_monthly_loss, _("La pérdida mensual sin publicar"), 0, 0.99)

    up = (1 + growth) ** (1 / WEEKS_PER_MONTH)
    down = (1 - loss) ** (1 / WEEKS_PER_MONTH)
    rows = []
    steady = stopped = f0
    for week in range(1, n_weeks + 1):
        posting = week <= stop
        rows.append({
            "week": week,
            "followers_steady": steady,
            "followers_stopped": stopped,
            "reach_steady": steady * reach * posts,
            "reach_stopped": stopped * reach * posts if posting else 0.0,
        })
        steady *= up
        stopped *= up if posting else down
    return pd.DataFrame(rows)


def stop_summary(sim: pd.DataFrame) -> dict:
    """End-of-period followers and total reach of both paths, and what stopping cost."""
    last = sim.iloc[-1]
    return {
        "weeks": int(last["week"]),
        "followers_steady": float(last["followers_steady"]),
        "followers_stopped": float(last["followers_stopped"]),
        "reach_steady": float(sim["reach_steady"].sum()),
        "reach_stopped": float(sim["reach_stopped"].sum()),
        "reach_lost": float(sim["reach_steady"].sum() - sim["reach_stopped"].sum()),
    }


# --- The habit tracker ----------------------------------------------------------------

HABIT_WEEKS = 4


def habit_summary(ticks) -> dict:
    """Ticks per day (a list of weeks, each 7 booleans): days done, share, longest streak."""
    if not isinstance(ticks, (list, tuple)) or not ticks:
        raise InvalidInputError(_("El registro tiene que ser una lista de semanas de 7 días."))
    flat: list[bool] = []
    for week in ticks:
        if not isinstance(week, (list, tuple)) or len(week) != 7:
            raise InvalidInputError(_("Cada semana del registro tiene que tener 7 días."))
        for value in week:
            if not isinstance(value, bool):
                raise InvalidInputError(_("Cada día del registro es sí o no (True o False)."))
            flat.append(value)
    longest = run = 0
    for value in flat:
        run = run + 1 if value else 0
        longest = max(longest, run)
    return {
        "weeks": [list(map(bool, w)) for w in ticks],
        "done_days": int(sum(flat)),
        "total_days": len(flat),
        "share": sum(flat) / len(flat),
        "longest_streak": longest,
        "full_weeks": int(sum(1 for w in ticks if all(w))),
    }


# --- Exports: calendar and printable checklist ---------------------------------------


def first_occurrence(start: date, day: str) -> date:
    """The first date on or after ``start`` that falls on ``day`` (``"mon"``...)."""
    return start + timedelta(days=(DAYS.index(day) - start.weekday()) % 7)


def next_monday(today: date) -> date:
    """The Monday after ``today`` (a week always starts fresh on a Monday)."""
    return today + timedelta(days=7 - today.weekday())


def _uid(day: str, name: str) -> str:
    digest = hashlib.sha1(f"{name}|{day}".encode("utf-8")).hexdigest()[:16]
    return f"rumbo-{day}-{digest}@rumbo.invalid"


def calendar_events(routine: dict, start: date) -> list[dict]:
    """One weekly event per day with tasks: when it starts, how long, what to do."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(routine["timezone"])
    begin = parse_start_time(routine["start_time"])
    events = []
    for day in DAYS:
        row = routine["grid"].get(day)
        if not row:
            continue
        first = datetime.combine(first_occurrence(start, day), begin, tzinfo=tz)
        minutes = sum(row.values())
        events.append({
            "day": day,
            "start": first,
            "end": first + timedelta(minutes=minutes),
            "minutes": minutes,
            "tasks": dict(row),
        })
    return events


def new_calendar(product: str, title: str, tz_name: str):
    """An empty iCalendar ``Calendar`` that calendar apps import as ``title`` in ``tz_name``."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", f"-//Rumbo//{product}//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", tz_name)
    return cal


def routine_to_ics(routine: dict, start: date, dtstamp: datetime, name: str = "") -> bytes:
    """The routine as an iCalendar file: one weekly recurring event per day with tasks.

    ``start`` is the first week's Monday (or any day: each event begins on its
    first weekday on or after it); ``dtstamp`` is written as the creation time
    (an argument, so the same routine gives the same bytes). UIDs depend only on
    ``name`` and the day, so importing an updated file replaces the old events.
    The VTIMEZONE of the routine's time zone is included, and each event has a
    reminder 10 minutes before.
    """
    from icalendar import Alarm, Event

    if not isinstance(start, date):
        raise InvalidInputError(_("La fecha de inicio del calendario no es válida."))
    if dtstamp.tzinfo is None:
        dtstamp = dtstamp.replace(tzinfo=dt_timezone.utc)
    title = name or _("Mi rutina de redes")
    cal = new_calendar("Mantenimiento diario", title, routine["timezone"])
    networks = ", ".join(routine.get("network_labels") or routine["networks"])
    for item in calendar_events(routine, start):
        event = Event()
        event.add("uid", _uid(item["day"], title))
        event.add("dtstamp", dtstamp.astimezone(dt_timezone.utc))
        event.add("dtstart", item["start"])
        event.add("dtend", item["end"])
        event.add("rrule", {"freq": "weekly", "byday": ICAL_DAYS[item["day"]]})
        tasks = ", ".join(task_label(t).lower() for t in item["tasks"])
        event.add("summary", _("Redes: {tasks} ({minutes} min)").format(
            tasks=tasks, minutes=item["minutes"]))
        lines = [_("{task}: {minutes} min ({help})").format(
            task=task_label(t), minutes=m, help=_(TASK_HELP[t])) for t, m in item["tasks"].items()]
        lines.append(_("Redes: {networks}").format(networks=networks))
        event.add("description", "\n".join(lines))
        event.add("categories", ["Rumbo"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Tu rato de redes empieza en 10 minutos"))
        alarm.add("trigger", timedelta(minutes=-10))
        event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones(first_date=date(start.year, 1, 1))
    return cal.to_ical()


def save_calendar(routine: dict, plan_path=None, *, start: date, dtstamp: datetime,
                  name: str = "", filename: str = "mi_rutina.ics"):
    """Write :func:`routine_to_ics` next to the plan file; return the path written."""
    path = resolve_path(plan_path).with_name(filename)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(routine_to_ics(routine, start, dtstamp, name))
    except OSError as exc:
        raise PlanError(_("No he podido guardar el calendario en {path} ({reason}).").format(
            path=display_path(path), reason=exc.strerror or exc)) from exc
    return path


# --- Exercise 05: a routine judged by constraints -------------------------------------


def routine_problems(slots, budget_minutes: float, networks, min_publish: int) -> list[str]:
    """What breaks the exercise's rules in a list of slots ``(day, task, network, minutes)``.

    Days and tasks use the Spanish codes of the exercise (:data:`DAY_CODES_ES`,
    :data:`TASK_CODES_ES`) or the package's codes. Rules: total minutes within
    the budget; at least one publishing slot in every network; at least
    ``min_publish`` publishing slots of :data:`MIN_PUBLISH_MINUTES` or more.
    An empty list means the routine meets every rule.
    """
    if not isinstance(slots, (list, tuple)) or not slots:
        return [_("Esperaba una lista de huecos (día, tarea, red, minutos).")]
    problems, total, publishing, covered = [], 0, 0, set()
    for slot in slots:
        if not isinstance(slot, (list, tuple)) or len(slot) != 4:
            return [_("Cada hueco tiene que ser (día, tarea, red, minutos); revisa {slot!r}.").format(
                slot=slot)]
        day, task, network, minutes = slot
        day = DAY_CODES_ES.get(str(day).lower(), str(day).lower())
        task = TASK_CODES_ES.get(str(task).lower(), str(task).lower())
        if day not in DAYS:
            return [_("«{day}» no es un día: usa lun, mar, mie, jue, vie, sab o dom.").format(day=slot[0])]
        if task not in TASKS:
            return [_("«{task}» no es una tarea: usa publicar, responder, escuchar, medir o "
                      "crear.").format(task=slot[1])]
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or \
                not math.isfinite(minutes) or minutes <= 0:
            return [_("Los minutos de {slot!r} tienen que ser un número mayor que 0.").format(slot=slot)]
        total += minutes
        if task == "publish":
            if network not in networks:
                return [_("«{network}» no es una de las redes del negocio ({networks}).").format(
                    network=network, networks=", ".join(networks))]
            covered.add(network)
            if minutes >= MIN_PUBLISH_MINUTES:
                publishing += 1
    if total > budget_minutes:
        problems.append(_("Tu rutina suma {total} minutos y el presupuesto es {budget}.").format(
            total=fmt_number(total), budget=fmt_number(budget_minutes)))
    missing = [n for n in networks if n not in covered]
    if missing:
        problems.append(_("No publicas en ninguna hora en: {networks}.").format(networks=", ".join(missing)))
    if publishing < min_publish:
        problems.append(_("Tienes {n} huecos de publicar (de {m} minutos o más); hacen falta al "
                          "menos {k}.").format(n=publishing, m=MIN_PUBLISH_MINUTES, k=min_publish))
    return problems


# --- What the course notebook shows (short cells call these) --------------------------


def period(business: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    days = load_dataset(business, "followers")["date"]
    return days.min(), days.max()


