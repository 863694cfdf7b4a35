"""Module 7: the plan as a document to print and share (HTML with print CSS, PDF, Markdown).

One function gathers everything the document shows, already translated and
formatted (:func:`document`); the HTML comes from the Jinja2 template
``templates/plan.html`` with ``templates/plan.css`` inlined, so the file opens
anywhere, offline. Charts (objective trajectories, weekly hours by task, the
routine by day) are matplotlib PNGs (160 dpi) embedded as ``data:`` URIs,
byte-stable for the same plan (PNG rather than SVG: WeasyPrint lays a bitmap
out several times faster, and it prints the same everywhere). The PDF is the same HTML laid out by WeasyPrint: pure Python
plus Debian's Pango, no browser and no network, and it honours ``@page`` print
CSS (A4, margins, page numbers) faithfully. Markdown is the same content as
plain text tables, for e-mail or a wiki.

The document is in the plan's language (``plan["language"]``, Spanish by
default). A section the learner has not filled yet is shown as a clear *to do*
with the module that fills it, never as an error. Every renderer accepts any
plan dict, including an empty one.
"""

from __future__ import annotations

import base64
import io
import json
import os
import textwrap
from datetime import date
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import matplotlib as mpl
from cycler import cycler
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from rumbo import plan_review as review
from rumbo.objectives import KPIS
from rumbo.data import schema
from rumbo.core.errors import InvalidInputError, PlanError
from rumbo.core.units import fmt_hours
from rumbo.core.i18n import (LANGUAGES, fmt_money, fmt_number, fmt_percent, get_language, in_language, percent_sign, translator)
from rumbo.data.schema import Plan
from rumbo import content as C, listening as L, measurement, metrics, timecost, upkeep
from rumbo.views.palette import PALETTE

_, N_, ngettext = translator("plan_document")
pgettext = translator("plan_document").pgettext

FORMATS = ("html", "pdf", "md")
#: The document's sections, in order (ids of the HTML sections; tests check each is there).
DOCUMENT_SECTIONS = ("profile", "objectives", "milestones", "content", "routine", "kpis", "response",
                     "measurement", "budget", "review")
#: Status marks in the document: glyphs of DejaVu Sans, so they print without an emoji font.
DOC_ICONS = {"error": "✗", "warning": "⚠", "todo": "✎", "ok": "✓"}
TEMPLATES = Path(str(resources.files("rumbo") / "templates"))  # package data
#: Objectives drawn in the trajectories chart (more are listed in the tables, not drawn).
MAX_CHARTED_OBJECTIVES = 6
#: Resolution of the charts: sharp on paper, light enough for an e-mail.
CHART_DPI = 160


@contextmanager
def language_of(plan: Plan, language: str | None = None):
    """Render in ``language``, else the plan's language, else the current one; restore after."""
    wanted = language or (plan or {}).get("language") or get_language()
    if wanted not in LANGUAGES:
        wanted = get_language()
    with in_language(wanted):
        yield wanted


# --- formatting helpers ------------------------------------------------------------------


def _kpi(key):
    return KPIS.get(key or "")


def fmt_kpi_value(kpi_key, value) -> str:
    """An objective's value as read: ``2,5 %`` for percentage KPIs, ``1.463`` for counts."""
    value = schema.number(value)
    if value is None:
        return "—"
    kpi = _kpi(kpi_key)
    if kpi is not None and kpi.percent:
        return fmt_number(value, 1) + percent_sign()
    return fmt_number(value, 0 if abs(value) >= 100 or float(value).is_integer() else 1)


def fmt_date(value) -> str:
    day = schema.date_of(value)
    return day.strftime("%d/%m/%Y") if day else "—"


def hours_text(value) -> str:
    """Hours of the plan as "2,5 h" (:func:`rumbo.core.units.fmt_hours`); "—" when unknown."""
    value = schema.number(value)
    return "—" if value is None else _("{h} h").format(h=fmt_hours(value))


def _money(value, currency: str, digits: int = 0) -> str:
    value = schema.number(value)
    return "—" if value is None else fmt_money(value, currency, digits)


def _task_label(task: str) -> str:
    label = timecost.TASK_LABELS.get(task)
    return _(label) if label else str(task)


def _metric_value(kpi: dict, key: str) -> str:
    value = schema.number(kpi.get(key))
    unit = kpi.get("unit") if kpi.get("unit") in ("percent", "times", "per_post") else "percent"
    return "—" if value is None else metrics.format_metric(value, unit)


# --- the document's content ------------------------------------------------------------


def _todo(section: str) -> str:
    module, _label, todo = review.SECTION_INFO[section]
    return _("Por hacer (módulo {n}): {what}").format(n=module, what=_(todo))


def _profile(plan: Plan) -> dict:
    p = schema.section(plan, "profile")
    if not p:
        return {"todo": _todo("profile"), "rows": [], "name": _("Mi negocio"), "subtitle": ""}
    networks = [review.network_label(n) for n in p.get("networks") or [] if isinstance(n, str)]
    followers = p.get("followers") if isinstance(p.get("followers"), dict) else {}
    money = schema.currency(plan)
    where = ", ".join(str(p[k]) for k in ("city", "country") if p.get(k))
    rows = [
        (_("Sector"), str(p.get("sector") or "—")),
        (_("Dónde"), where or "—"),
        (_("Redes"), ", ".join(networks) or "—"),
        (_("Seguidores al empezar"), ", ".join(
            f"{review.network_label(n)}: {fmt_number(v)}" for n, v in followers.items()
            if schema.number(v) is not None) or "—"),
        (_("Horas por semana para redes"), hours_text(p.get("hours_per_week"))),
        (_("Coste de una hora de trabajo"), _money(p.get("hourly_cost"), money, 2)),
    ]
    subtitle = " · ".join(x for x in (str(p.get("sector") or ""), where, ", ".join(networks)) if x)
    return {"todo": "", "rows": rows, "name": str(p.get("name") or _("Mi negocio")),
            "subtitle": subtitle}


def _objectives(plan: Plan) -> dict:
    actions = review.action_plan(plan)
    money = actions.currency
    if not actions.rows:
        return {"todo": _todo("objectives"), "rows": [], "totals": [], "fit": "", "fit_ok": True}
    items = schema.records(plan, "objectives")
    rows = []
    for row, objective in zip(actions.rows, items):
        rows.append({
            "objective": row.objective,
            "kpi": row.kpi or _("sin KPI"),
            "target": _("{start} → {target}").format(
                start=fmt_kpi_value(objective.get("kpi"), objective.get("start")),
                target=fmt_kpi_value(objective.get("kpi"), objective.get("target"))),
            "deadline": fmt_date(row.deadline),
            "action": row.action or _("Por definir"),
            "hours": hours_text(row.hours),
            "cost": _money(row.cost, money),
        })
    cost = review.plan_cost(plan)  # the same figure as the headline and the budget section
    time_label = (_("Tiempo de las acciones") if cost.hours_from == "actions" else
                  _("Tiempo (las acciones aún no tienen horas: cuento tus horas por semana)"))
    totals = [(time_label, hours_text(cost.weekly_hours), _money(cost.time_cost, money)),
              (_("Herramientas"), "", _money(cost.tools, money)),
              (_("Anuncios"), "", _money(cost.ads, money)),
              (_("Total al mes"), "", _money(cost.monthly_total, money))]
    if actions.fits is None:
        fit, fit_ok = _("Pon tus horas por semana en el perfil para saber si el plan cabe."), False
    elif actions.fits:
        fit, fit_ok = _("Cabe en tu semana: {used} de {budget} disponibles.").format(
            used=hours_text(actions.total_hours), budget=hours_text(actions.budget_hours)), True
    else:
        fit, fit_ok = _("No cabe: las acciones piden {used} y tienes {budget} a la semana.").format(
            used=hours_text(actions.total_hours), budget=hours_text(actions.budget_hours)), False
    return {"todo": "", "rows": rows, "totals": totals, "fit": fit, "fit_ok": fit_ok}


def _milestones(plan: Plan) -> dict:
    items, ladders = schema.records(plan, "objectives"), schema.records(plan, "milestones")
    if not ladders:
        return {"todo": _todo("milestones"), "rows": [], "width": 0}
    rows = []
    for position, ladder in enumerate(ladders):
        index = ladder.get("objective", position)
        objective = items[index] if isinstance(index, int) and 0 <= index < len(items) else {}
        steps = [s for s in ladder.get("steps") or [] if isinstance(s, dict)]
        rows.append({
            "objective": str(ladder.get("text") or review.objective_text(objective, position)),
            "start": fmt_kpi_value(objective.get("kpi"), objective.get("start")),
            "steps": [(fmt_date(s.get("date")), fmt_kpi_value(objective.get("kpi"), s.get("value")))
                      for s in steps],
        })
    width = max((len(r["steps"]) for r in rows), default=0)
    for r in rows:
        r["steps"] += [("", "")] * (width - len(r["steps"]))
    return {"todo": "", "rows": rows, "width": width}


def _routine(plan: Plan) -> dict:
    r = schema.section(plan, "routine")
    grid = r.get("grid") if isinstance(r.get("grid"), dict) else {}
    if not grid:
        return {"todo": _todo("routine"), "days": [], "rows": [], "totals": [], "notes": []}
    tasks = [t for t in upkeep.TASKS if any(isinstance(row, dict) and row.get(t) for row in grid.values())]
    days = list(upkeep.DAYS)
    rows = []
    for task in tasks:
        cells = [grid.get(d, {}).get(task) if isinstance(grid.get(d), dict) else None for d in days]
        rows.append((upkeep.task_label(task),
                     [fmt_number(c) if schema.number(c) else "" for c in cells],
                     fmt_number(sum(schema.number(c) or 0 for c in cells))))
    totals = [fmt_number(sum(schema.number(v) or 0 for v in (grid.get(d) or {}).values())) or ""
              for d in days]
    notes = []
    networks = r.get("network_labels") or [review.network_label(n) for n in r.get("networks") or []]
    if networks:
        notes.append(_("Redes: {networks}. Empieza a las {time} ({tz}).").format(
            networks=", ".join(map(str, networks)), time=r.get("start_time", "09:00"),
            tz=r.get("timezone", "")))
    habit = schema.section(plan, "habit")
    if schema.number(habit.get("done_days")) is not None and schema.number(habit.get("total_days")):
        notes.append(_("Registro del hábito: {done} de {total} días cumplidos; racha más larga, "
                       "{streak} días.").format(done=int(habit["done_days"]),
                                                total=int(habit["total_days"]),
                                                streak=int(schema.number(habit.get("longest_streak")) or 0)))
    return {"todo": "", "days": [upkeep.day_label(d)[:3].capitalize() for d in days], "rows": rows,
            "totals": totals, "total": fmt_number(review.routine_minutes(r)), "notes": notes}


def _calendar_posts(section: dict) -> list[dict]:
    """The saved month's posts that can be shown (a hand-edited plan may hold anything)."""
    posts = []
    for post in section.get("posts") or []:
        if not isinstance(post, dict) or schema.number(post.get("minutes")) is None:
            continue
        try:
            date.fromisoformat(str(post.get("date")))
        except ValueError:
            continue
        posts.append({**post, "network": str(post.get("network") or ""), "pillar": str(post.get("pillar") or ""),
                      "format": str(post.get("format") or ""), "idea": str(post.get("idea") or ""),
                      "minutes": schema.number(post["minutes"])})
    return posts


def _content(plan: Plan) -> dict:
    """Module 4's month: the pillars and their shares, the calendar and whether it fits the week."""
    c = schema.section(plan, "content")
    posts = _calendar_posts(c)
    if not posts:
        return {"todo": _todo("content"), "pillars": [], "rows": [], "notes": [], "legal": [], "legal_title": ""}
    pillars = [(C.pillar_label(str(p.get("pillar"))), fmt_percent(schema.number(p.get("share")) / 100, 0))
               for p in c.get("pillars") or []
               if isinstance(p, dict) and schema.number(p.get("share")) is not None]
    total = int(sum(p["minutes"] for p in posts))
    notes = []
    month = str(c.get("month") or "")
    month = f"{month[5:7]}/{month[:4]}" if len(month) == 7 and month[4] == "-" else month
    capacity = schema.number(c.get("capacity_per_week"))
    notes.append(ngettext("{n} publicación en {month}: {total} minutos en el mes.",
                          "{n} publicaciones en {month}: {total} minutos en el mes.", len(posts)).format(
        n=len(posts), month=month, total=fmt_number(total)))
    if capacity is not None:
        notes.append((_("Cabe en los {capacity} minutos por semana para contenido.") if c.get("fits") is True
                      else _("No cabe en los {capacity} minutos por semana para contenido: hay que "
                             "quitar publicaciones o elegir formatos más ligeros.")).format(
            capacity=fmt_number(capacity)))
    saved = schema.number(c.get("saved_minutes")) or 0
    if c.get("batching") and saved > 0:
        notes.append(_("Reaprovechando cada vídeo se ahorran {minutes} minutos al mes.").format(
            minutes=fmt_number(saved)))
    legal = [(str(p.get("point") or p.get("key") or "—"), str(p.get("source") or "—"))
             for p in c.get("legal") or [] if isinstance(p, dict)]
    return {"todo": "", "pillars": pillars, "rows": C.calendar_rows(posts), "notes": notes,
            "fits": c.get("fits") is True, "legal": legal,
            "legal_title": _("Lo legal y la seguridad: {n} de {m} puntos revisados").format(
                n=len(legal), m=len(C.LEGAL_CHECKLIST))}


def _kpis(plan: Plan) -> dict:
    items = schema.records(plan, "kpis")
    if not items:
        return {"todo": _todo("kpis"), "rows": []}
    rows = [(str(k.get("name") or "—"), str(k.get("formula") or "—"), str(k.get("denominator") or "—"),
             _metric_value(k, "current"), _metric_value(k, "target")) for k in items]
    return {"todo": "", "rows": rows}


def _response(plan: Plan) -> dict:
    targets, protocol = schema.section(plan, "listening"), schema.section(plan, "response_protocol")
    out = {"todo": [], "targets": [], "rows": [], "rule": ""}
    if not targets:
        out["todo"].append(_todo("listening"))
    else:
        values = [(_("Tasa de respuesta"), targets.get("response_rate"), "percent"),
                  (_("Tiempo mediano de respuesta"), targets.get("median_minutes"), "minutes"),
                  (_("Respondidos en menos de 60 minutos"), targets.get("share_within_60"), "percent"),
                  (_("Alarma de crisis"), targets.get("crisis_z"), "z")]
        current = targets.get("current") if isinstance(targets.get("current"), dict) else {}
        for (label, value, kind), now_key in zip(values, ("response_rate", "median_minutes",
                                                          "share_within_60", None)):
            out["targets"].append((label, _fmt_target(value, kind),
                                   _fmt_target(current.get(now_key), kind) if now_key else "—"))
    if not protocol:
        out["todo"].append(_todo("response_protocol"))
    else:
        for rule in protocol.get("rules") or []:
            if not isinstance(rule, dict):
                continue
            label = L.CATEGORY_LABELS.get(rule.get("category"))
            minutes = schema.number(rule.get("max_minutes"))
            out["rows"].append((_(label).capitalize() if label else str(rule.get("category") or "—"),
                                str(rule.get("who") or "—"),
                                _fmt_minutes(minutes) if minutes is not None else "—",
                                str(rule.get("action") or "—")))
        if protocol.get("escalate_to"):
            out["rule"] = _("Quien responde no pide permiso: actúa según esta tabla y, en una "
                            "crisis, avisa a {who}.").format(who=protocol["escalate_to"])
    return out


def _measurement(plan: Plan) -> dict:
    """The links to copy, the codes, the WhatsApp link and which figures are measured."""
    m = schema.section(plan, "measurement")
    out = {"todo": "", "links": [], "codes": "", "whatsapp": "", "figures": []}
    if not m:
        out["todo"] = _todo("measurement")
        return out
    for link in m.get("links") or []:
        if isinstance(link, dict):
            post = str(link.get("post") or "—")
            if link.get("paid"):
                post = _("{post} (promocionada)").format(post=post)
            out["links"].append((review.network_label(str(link.get("network") or "")), post,
                                 str(link.get("link") or "—")))
    codes = m.get("codes") if isinstance(m.get("codes"), dict) else {}
    out["codes"] = " · ".join(f"{review.network_label(str(n))}: {c}" for n, c in codes.items())
    whatsapp = m.get("whatsapp") if isinstance(m.get("whatsapp"), dict) else {}
    out["whatsapp"] = str(whatsapp.get("link") or "")
    sources = [s for s in m.get("sources") or [] if s in measurement.SOURCES]
    figures = measurement.funnel_provenance(sources)
    for label, measured in ((_("Medido"), True), (_("Estimado"), False)):
        names = [f.label for f in figures if f.measured == measured]
        if names:
            out["figures"].append((label, "; ".join(names)))
    return out


def _fmt_minutes(minutes: float) -> str:
    if minutes >= 1440 and minutes % 1440 == 0:
        days = int(minutes // 1440)
        return _("{n} días").format(n=days) if days > 1 else _("1 día")
    if minutes >= 60 and minutes % 60 == 0:
        return _("{n} h").format(n=fmt_number(minutes / 60))
    return _("{n} min").format(n=fmt_number(minutes))


def _fmt_target(value, kind: str) -> str:
    value = schema.number(value)
    if value is None:
        return "—"
    if kind == "percent":
        return fmt_percent(value, 0)
    if kind == "minutes":
        return _fmt_minutes(value)
    return _("z > {z}").format(z=fmt_number(value, 1))


def _budget(plan: Plan) -> dict:
    b = schema.section(plan, "time_budget")
    money = schema.currency(plan)
    if not b:
        return {"todo": _todo("time_budget"), "tasks": [], "money": [], "note": ""}
    tasks = b.get("hours_per_week") if isinstance(b.get("hours_per_week"), dict) else {}
    task_rows = [(_task_label(t), hours_text(h)) for t, h in tasks.items() if schema.number(h)]
    cost = review.plan_cost(plan)  # the same figure as the headline and section 2
    money_rows = [
        (_("Horas por semana del plan"), hours_text(cost.weekly_hours)),
        (_("Horas al mes (52 semanas / 12)"), hours_text(cost.monthly_hours)),
        (_("Coste por hora"), _money(cost.hourly_cost, money, 2)),
        (_("Valor del tiempo al mes"), _money(cost.time_cost, money)),
        (_("Herramientas al mes"), _money(cost.tools, money)),
        (_("Anuncios al mes"), _money(cost.ads, money)),
        (_("Total al mes"), _money(cost.monthly_total, money)),
        (_("Total al año"), _money(cost.yearly_total, money)),
    ]
    inventory = schema.number(b.get("weekly_hours"))
    note = ""
    if cost.hours_from == "actions" and inventory is not None and \
            abs(inventory - cost.weekly_hours) > 0.01:
        note = _("Tu inventario de tiempo suma {inventory} a la semana; tus acciones, {plan}. "
                 "El coste del plan cuenta las horas de las acciones.").format(
                     inventory=hours_text(inventory), plan=hours_text(cost.weekly_hours))
    return {"todo": "", "tasks": task_rows, "money": money_rows, "note": note}


def _review(plan: Plan) -> dict:
    findings = review.consistency(plan)
    statuses = review.section_status(plan)
    audit = review.self_audit(plan)
    score = review.audit_score(audit)
    return {
        "problems": [(DOC_ICONS[f.level], f.level_label, f.message, f.fix)
                     for f in findings if f.level in ("error", "warning")],
        "todos": [(s.label, s.todo) for s in statuses if s.status != "done"],
        "ok": [f.message for f in findings if f.level == "ok"],
        "audit": [(a.title, review.answer_label(score["answers"][a.key])) for a in audit],
        "score": _("Errores evitados: {n} de {total}.").format(n=score["avoided"], total=score["total"]),
        "advice": review.audit_advice(score),
        "completeness": fmt_percent(review.completeness(plan), 0),
    }


def document(plan: Plan, language: str | None = None, charts: bool = True) -> dict:
    """Everything the document shows, translated and formatted (the template's context)."""
    plan = plan if isinstance(plan, dict) else {}
    with language_of(plan, language) as lang:
        profile = _profile(plan)
        actions = review.action_plan(plan)
        cost = review.plan_cost(plan)  # the headline says what sections 2 and 7 say
        money = schema.currency(plan)
        tiles = [
            (_("Horas por semana"), hours_text(cost.weekly_hours)),
            (_("Coste al mes"), _money(cost.monthly_total, money)),
            (_("Objetivos"), fmt_number(len(actions.rows))),
        ]
        context = {
            "lang": lang,
            "title": _("Plan de redes sociales"),
            "name": profile["name"],
            "subtitle": profile["subtitle"],
            "intro": _("Este plan recoge a dónde queremos llegar en redes sociales, qué haremos "
                       "cada semana y con qué horas y dinero. Sirve para que quien lleve las "
                       "cuentas actúe sin tener que pedir permiso en cada paso."),
            "tiles": tiles,
            "footer": _("Plan de redes sociales de {name} · hecho con Rumbo").format(name=profile["name"]),
            "page": _("Página"), "of": _("de"),
            "h": {
                "profile": _("1. El negocio"),
                "objectives": _("2. Objetivos y líneas de acción"),
                "milestones": _("3. Escalera de hitos"),
                "content": _("4. Qué publicar"),
                "routine": _("5. Rutina semanal"),
                "kpis": _("6. KPI: cómo lo medimos"),
                "response": _("7. Escucha y protocolo de respuesta"),
                "measurement": _("8. Cómo mediré lo que vende"),
                "budget": _("9. Presupuesto"),
                "review": _("10. Revisión del plan"),
            },
            "col": {
                "objective": _("Objetivo"), "kpi": _("KPI"), "target": _("De → a"),
                "deadline": _("Fecha límite"), "action": _("Acción semanal"),
                "hours": _("Horas/sem."), "cost": _("Coste/mes"), "start": _("Inicio"),
                "step": _("Hito {n}"), "task": _("Tarea"), "total": _("Total"),
                "minutes_note": _("Minutos por día y tarea."),
                "name": _("Nombre"), "formula": _("Fórmula"), "denominator": _("Denominador"),
                "now": _("Ahora"), "goal": pgettext("valor objetivo", "Objetivo"), "case": _("Si es..."),
                "who": _("Responde"), "within": _("Antes de"), "how": _("Cómo"),
                "target_name": _("Objetivo de respuesta"), "hours_week": _("Horas por semana"),
                "concept": _("Concepto"), "amount": _("Importe"),
                "problems": _("Qué revisar"), "todos": _("Lo que falta"),
                "fine": _("Lo que ya cuadra"), "audit": _("Los siete errores"),
                "fix": _("Cómo arreglarlo"), "complete": _("Plan completo al {p}."),
                "network": _("Red"), "post": _("Publicación"),
                "link": _("Enlace con UTM"), "code": _("Códigos de descuento"),
                "whatsapp": _("Enlace de WhatsApp"),
                "date": _("Fecha"), "pillar": _("Pilar"), "format": _("Formato"), "idea": _("Idea"),
                "minutes": _("Minutos"), "share": _("Parte de las publicaciones"), "source": _("Fuente"),
            },
            "profile": profile,
            "objectives": _objectives(plan),
            "milestones": _milestones(plan),
            "content": _content(plan),
            "routine": _routine(plan),
            "kpis": _kpis(plan),
            "response": _response(plan),
            "measurement": _measurement(plan),
            "budget": _budget(plan),
            "review": _review(plan),
            "charts": chart_uris(plan) if charts else {},
            "alt": {
                "trajectories": _("Gráfico: el camino de cada objetivo, de hoy a la meta, hito a hito."),
                "hours": _("Gráfico: horas por semana de cada tarea."),
                "routine": _("Gráfico: minutos de redes cada día de la semana, por tarea."),
            },
        }
    context["milestones"]["step_labels"] = [context["col"]["step"].format(n=i + 1)
                                            for i in range(context["milestones"]["width"])]
    return context


# --- charts -----------------------------------------------------------------------------


def _figure(width: float, height: float):
    return Figure(figsize=(width, height), dpi=100)


def _style():
    return mpl.rc_context({
        "font.size": 8, "font.family": "DejaVu Sans",
        "axes.titlesize": 9, "axes.labelsize": 8, "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
        "axes.prop_cycle": cycler(color=PALETTE), "axes.formatter.use_locale": False,
    })


def _png_uri(fig) -> str:
    """A figure as a PNG ``data:`` URI (byte-stable: no software or date metadata)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _number_axis(ax, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda v, _pos: fmt_number(v, 0 if abs(v) >= 10 or v == int(v) else 1))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def trajectories_figure(plan: Plan):
    """One small panel per objective: today's value, each milestone, the target. None if empty."""
    items = schema.records(plan, "objectives")[:MAX_CHARTED_OBJECTIVES]
    ladders = {(m.get("objective", i) if isinstance(m.get("objective", i), int) else i): m
               for i, m in enumerate(schema.records(plan, "milestones"))}
    series = []
    for i, o in enumerate(items):
        start, target = schema.number(o.get("start")), schema.number(o.get("target"))
        if start is None or target is None:
            continue
        steps = [s for s in (ladders.get(i) or {}).get("steps") or [] if isinstance(s, dict)]
        labels, values = [_("Inicio")], [start]
        if steps:
            for s in steps:
                labels.append(fmt_date(s.get("date"))[:5] if schema.date_of(s.get("date")) else "")
                values.append(schema.number(s.get("value")) or 0.0)
        else:
            labels.append(fmt_date(o.get("deadline"))[:5] if o.get("deadline") else _("Meta"))
            values.append(target)
        series.append((review.objective_text(o, i), o.get("kpi"), labels, values))
    if not series:
        return None
    columns = min(3, len(series))
    rows = -(-len(series) // columns)

    with _style():
        fig = _figure(7.2, 1.65 * rows + 0.2)
        axes = fig.subplots(rows, columns, squeeze=False)
        for k, (text, kpi, labels, values) in enumerate(series):
            ax = axes[k // columns][k % columns]
            colour = PALETTE[k % len(PALETTE)]
            xs = list(range(len(values)))
            ax.plot(xs, values, marker="o", color=colour)
            ax.fill_between(xs, values, min(values), color=colour, alpha=0.08)
            ax.set_xticks(xs, labels)
            label = review.kpi_label(kpi) or _("valor")
            title = textwrap.shorten(label[:1].upper() + label[1:], 60, placeholder="…")
            ax.set_title(textwrap.fill(title, 30), loc="left")
            k_obj = _kpi(kpi)
            ax.set_ylabel(_("Porcentaje (%)") if k_obj is not None and k_obj.percent else _("Valor"))
            ax.set_xlabel(_("Fecha (día/mes)"))
            _number_axis(ax)
            ax.margins(x=0.08, y=0.2)
        for k in range(len(series), rows * columns):
            axes[k // columns][k % columns].set_visible(False)
        fig.tight_layout()
        return fig


def hours_figure(plan: Plan):
    """Weekly hours by task (module 3), a horizontal bar chart. None if there is no inventory."""
    tasks = schema.section(plan, "time_budget").get("hours_per_week")
    if not isinstance(tasks, dict):
        return None
    rows = [(_task_label(t), schema.number(h)) for t, h in tasks.items() if schema.number(h)]
    if not rows:
        return None
    rows.sort(key=lambda r: r[1])
    with _style():
        fig = _figure(3.6, 0.28 * len(rows) + 0.9)
        ax = fig.subplots()
        ax.barh([textwrap.shorten(r[0].split(" (")[0], 28, placeholder="…") for r in rows],
                [r[1] for r in rows], color=PALETTE[0])
        ax.set_xlabel(_("Horas por semana (h)"))
        ax.set_title(_("Horas por tarea"), loc="left")
        ax.grid(axis="y", visible=False)
        _number_axis(ax, "x")
        fig.tight_layout()
        return fig


def routine_figure(plan: Plan):
    """Minutes per weekday, stacked by task (module 5). None if there is no routine."""
    grid = schema.section(plan, "routine").get("grid")
    if not isinstance(grid, dict) or not grid:
        return None
    days = list(upkeep.DAYS)
    with _style():
        fig = _figure(3.6, 2.5)
        ax = fig.subplots()
        bottom = [0.0] * len(days)
        for k, task in enumerate(upkeep.TASKS):
            values = [schema.number((grid.get(d) or {}).get(task)) or 0.0 if isinstance(grid.get(d), dict)
                      else 0.0 for d in days]
            if not any(values):
                continue
            ax.bar([upkeep.day_label(d)[:3] for d in days], values, bottom=bottom,
                   label=upkeep.task_label(task), color=PALETTE[k % len(PALETTE)])
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_ylabel(_("Minutos al día"))
        ax.set_xlabel(_("Día de la semana"))
        ax.set_title(_("Tu semana"), loc="left")
        ax.legend(frameon=False, fontsize=6.5, ncol=3, loc="upper center",
                  bbox_to_anchor=(0.5, -0.32))
        ax.grid(axis="x", visible=False)
        fig.tight_layout()
        return fig


def chart_uris(plan: Plan) -> dict[str, str]:
    """The charts that have data, as PNG ``data:`` URIs (name -> URI).

    Cached by the plan's content and the language: exporting the same plan in three
    formats draws its charts once.
    """
    key = json.dumps(plan, sort_keys=True, ensure_ascii=False, default=str)
    return dict(_chart_uris(key, get_language()))


@lru_cache(maxsize=8)
def _chart_uris(key: str, language: str) -> tuple:
    plan = json.loads(key)
    out = {}
    for name, build in (("trajectories", trajectories_figure), ("hours", hours_figure),
                        ("routine", routine_figure)):
        fig = build(plan)
        if fig is not None:
            out[name] = _png_uri(fig)
    return tuple(out.items())


# --- renderers ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment():
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render_html(plan: Plan, language: str | None = None, charts: bool = True) -> str:
    """The plan as one self-contained HTML page (print CSS inlined, charts embedded)."""
    context = document(plan, language, charts)
    css = (TEMPLATES / "plan.css").read_text(encoding="utf-8")
    return _environment().get_template("plan.html").render(
        css=css, css_footer=css_string(textwrap.shorten(context["footer"], 110, placeholder="…")),
        css_page=css_string(context["page"]), css_of=css_string(context["of"]), **context)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside ``<style>`` (no ``</style>`` can close it)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;·-_()!?¿¡«»'" or ord(ch) > 127
                      else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def render_pdf(plan: Plan, language: str | None = None) -> bytes:
    """The plan as PDF bytes: the HTML of :func:`render_html` laid out by WeasyPrint."""
    try:
        from weasyprint import HTML  # heavy, and needs Pango: loaded only when a PDF is asked for
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise PlanError(_("No puedo crear el PDF en este ordenador ({reason}). Usa el HTML e "
                          "imprímelo desde el navegador como PDF.").format(reason=exc)) from exc
    return HTML(string=render_html(plan, language), base_url=str(TEMPLATES)).write_pdf()


def _md_escape(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list) -> list[str]:
    lines = ["| " + " | ".join(_md_escape(h) for h in header) + " |",
             "|" + "|".join("---" for _h in header) + "|"]
    lines += ["| " + " | ".join(_md_escape(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(plan: Plan, language: str | None = None) -> str:
    """The plan as Markdown (the same content as the HTML, without charts)."""
    d = document(plan, language, charts=False)
    c, h = d["col"], d["h"]
    out = [f"# {d['title']}: {d['name']}", ""]
    if d["subtitle"]:
        out += [f"*{d['subtitle']}*", ""]
    out += [d["intro"], ""]
    out += ["- " + f"**{label}:** {value}" for label, value in d["tiles"]] + [""]

    def todo(section: dict) -> None:
        items = section["todo"] if isinstance(section["todo"], list) else [section["todo"]]
        out.extend([f"> ✎ {t}" for t in items if t] + ([""] if any(items) else []))

    out += [f"## {h['profile']}", ""]
    todo(d["profile"])
    if d["profile"]["rows"]:
        out += _md_table([c["concept"], ""], d["profile"]["rows"])
    o = d["objectives"]
    out += [f"## {h['objectives']}", ""]
    todo(o)
    if o["rows"]:
        out += _md_table([c["objective"], c["kpi"], c["target"], c["deadline"], c["action"],
                          c["hours"], c["cost"]],
                         [(r["objective"], r["kpi"], r["target"], r["deadline"], r["action"],
                           r["hours"], r["cost"]) for r in o["rows"]])
        out += _md_table([c["concept"], c["hours"], c["cost"]], o["totals"])
        out += [(DOC_ICONS["ok"] if o["fit_ok"] else DOC_ICONS["warning"]) + " " + o["fit"], ""]
    m = d["milestones"]
    out += [f"## {h['milestones']}", ""]
    todo(m)
    if m["rows"]:
        out += _md_table([c["objective"], c["start"], *m["step_labels"]],
                         [(r["objective"], r["start"], *[f"{v} ({day})" if day else "" for day, v in r["steps"]])
                          for r in m["rows"]])
    ct = d["content"]
    out += [f"## {h['content']}", ""]
    todo(ct)
    if ct["pillars"]:
        out += _md_table([c["pillar"], c["share"]], ct["pillars"])
    out += [f"- {_md_escape(n)}" for n in ct["notes"]] + ([""] if ct["notes"] else [])
    if ct["rows"]:
        out += _md_table([c["date"], c["network"], c["pillar"], c["format"], c["idea"], c["minutes"]],
                         ct["rows"])
    if ct["legal_title"]:
        out += [f"### {ct['legal_title']}", ""]
        out += [f"- {DOC_ICONS['ok']} {_md_escape(point)} ({c['source']}: {_md_escape(source)})"
                for point, source in ct["legal"]] + ([""] if ct["legal"] else [])
    r = d["routine"]
    out += [f"## {h['routine']}", ""]
    todo(r)
    if r["rows"]:
        out += [c["minutes_note"], ""]
        out += _md_table([c["task"], *r["days"], c["total"]],
                         [(label, *cells, total) for label, cells, total in r["rows"]]
                         + [(c["total"], *r["totals"], r["total"])])
        out += [f"- {n}" for n in r["notes"]] + ([""] if r["notes"] else [])
    k = d["kpis"]
    out += [f"## {h['kpis']}", ""]
    todo(k)
    if k["rows"]:
        out += _md_table([c["name"], c["formula"], c["denominator"], c["now"], c["goal"]], k["rows"])
    s = d["response"]
    out += [f"## {h['response']}", ""]
    todo(s)
    if s["targets"]:
        out += _md_table([c["target_name"], c["goal"], c["now"]], s["targets"])
    if s["rows"]:
        out += _md_table([c["case"], c["who"], c["within"], c["how"]], s["rows"])
    if s["rule"]:
        out += [f"**{s['rule']}**", ""]
    ms = d["measurement"]
    out += [f"## {h['measurement']}", ""]
    todo(ms)
    if ms["links"]:
        out += _md_table([c["network"], c["post"], c["link"]], ms["links"])
    if ms["codes"]:
        out += [f"**{c['code']}:** {_md_escape(ms['codes'])}", ""]
    if ms["whatsapp"]:
        out += [f"**{c['whatsapp']}:** {_md_escape(ms['whatsapp'])}", ""]
    out += [f"- **{label}:** {names}" for label, names in ms["figures"]] + ([""] if ms["figures"] else [])
    b = d["budget"]
    out += [f"## {h['budget']}", ""]
    todo(b)
    if b["tasks"]:
        out += _md_table([c["task"], c["hours_week"]], b["tasks"])
    if b["money"]:
        out += _md_table([c["concept"], c["amount"]], b["money"])
    if b.get("note"):
        out += [_md_escape(b["note"]), ""]
    v = d["review"]
    out += [f"## {h['review']}", "", c["complete"].format(p=v["completeness"]), ""]
    if v["problems"]:
        out += [f"### {c['problems']}", ""] + [f"- {icon} **{label}:** {msg} {fix}".rstrip()
                                               for icon, label, msg, fix in v["problems"]] + [""]
    if v["todos"]:
        out += [f"### {c['todos']}", ""] + [f"- ✎ **{label}:** {what}" for label, what in v["todos"]] + [""]
    if v["ok"]:
        out += [f"### {c['fine']}", ""] + [f"- ✓ {msg}" for msg in v["ok"]] + [""]
    out += [f"### {c['audit']}", ""] + [f"- {title}: {answer}" for title, answer in v["audit"]]
    out += ["", f"**{v['score']}** {v['advice']}", "", "---", d["footer"], ""]
    return "\n".join(out)


def render(plan: Plan, to: str, out_dir, language: str | None = None, *, stem: str = "mi_plan") -> Path:
    """Write the plan as ``html``, ``pdf`` or ``md`` into ``out_dir``; return the file written."""
    if to not in FORMATS:
        raise InvalidInputError(_("No sé crear el formato «{to}». Elige html, pdf o md.").format(to=to))
    out_dir = Path(out_dir).expanduser()
    path = out_dir / f"{stem}.{to}"
    if to == "html":
        content: bytes = render_html(plan, language).encode("utf-8")
    elif to == "md":
        content = render_markdown(plan, language).encode("utf-8")
    else:
        content = render_pdf(plan, language)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    except OSError as exc:
        raise PlanError(_("No he podido guardar el documento en {path} ({reason}). Comprueba que "
                          "la carpeta existe y que puedes escribir en ella.").format(
                              path=path, reason=exc.strerror or exc)) from exc
    return path


def write_calendar(plan: Plan, out_dir, *, start, dtstamp, filename: str = "mi_rutina.ics") -> Path | None:
    """The routine's calendar file (module 5) next to the document; None without a routine."""
    routine = schema.section(plan, "routine")
    if not routine.get("grid"):
        return None
    try:
        clean = upkeep.validate_routine(routine["grid"], routine.get("networks"),
                                        routine.get("timezone", upkeep.DEFAULT_TIMEZONE),
                                        routine.get("start_time", "09:00"))
    except InvalidInputError:
        return None
    name = schema.section(plan, "profile").get("name") or ""
    path = Path(out_dir).expanduser() / filename
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(upkeep.routine_to_ics(clean, start, dtstamp, str(name)))
    except OSError as exc:
        raise PlanError(_("No he podido guardar el calendario en {path} ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from exc
    return path
