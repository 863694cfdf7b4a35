"""Module 7, the capstone: is the plan complete, does it add up, and the seven mistakes.

Everything here reads a plan dict (:func:`rumbo.data.plan.load_plan`) and never
raises on what is missing: a module the learner skipped is a *to do*, never an
error. What a learner types in this module (an action and its weekly hours per
objective, the answers of the self-audit) is validated and, when wrong, raises
:class:`~rumbo.core.errors.InvalidInputError` with a message that says what to do.

- :func:`section_status`: each plan section as ``done`` / ``partial`` / ``todo``;
- :func:`consistency`: structured :class:`Finding` objects (every objective has
  a KPI, a target and a deadline; milestones before the deadline; the routine
  fits the weekly hours; the monthly cost adds up as hours x hourly cost + tools
  + ads; response targets exist), each with a plain-language fix;
- :func:`action_plan`: objectives -> KPI -> action -> hours -> cost, and whether
  it fits the weekly hours;
- :func:`self_audit` and :func:`audit_score`: the seven mistakes of seed 001 as
  questions about the learner's own plan, with the evidence the plan holds.

Hours are per week, money per month (a month is 52/12 weeks, as in module 3).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from dataclasses import dataclass, field
from typing import Any

from rumbo.core.errors import InvalidInputError
from rumbo.core.numbers import parse_number
from rumbo.metrics import total_cost
from rumbo.core.units import HOURS_PER_WEEK, WEEKS_PER_MONTH, network_label as channel_label
from rumbo.data.facts import facts
from rumbo.core.i18n import fmt_money, fmt_number, fmt_percent, translator
from rumbo.data import schema
from rumbo.objectives import KPIS
from rumbo.data.schema import SECTIONS, Plan

_, N_, ngettext = translator("plan_review")

MAX_ACTION_CHARS = 200
#: A total is "the same" when it differs by less than this share (rounding in the plan file).
COST_TOLERANCE = 0.01

#: Section -> (module that fills it, label, what to do when it is missing).
SECTION_INFO = {
    "profile": (0, N_("Perfil del negocio"), N_("Rellena el perfil de tu negocio en el módulo 0.")),
    "objectives": (1, N_("Objetivos"), N_("Escribe uno a tres objetivos SMART en el módulo 1.")),
    "milestones": (1, N_("Hitos"), N_("Guarda tus objetivos en el módulo 1: los hitos se crean "
                                      "con ellos.")),
    "kpis": (2, N_("KPI"), N_("Elige tus KPI, con su denominador, en el módulo 2.")),
    "time_budget": (3, N_("Horas y coste"), N_("Haz tu inventario de horas y su coste en el "
                                               "módulo 3.")),
    "content": (4, N_("Calendario de contenidos"), N_("Reparte tus pilares y prepara un mes de "
                                                      "publicaciones que quepa en tu semana en el "
                                                      "módulo 4.")),
    "routine": (5, N_("Rutina semanal"), N_("Diseña una rutina que quepa en tu semana en el "
                                             "módulo 5.")),
    "habit": (5, N_("Registro del hábito"), N_("Marca los días cumplidos en el registro del "
                                                "módulo 5.")),
    "listening": (6, N_("Escucha y objetivos de respuesta"), N_("Fija tus objetivos de "
                                                                "respuesta en el módulo 6.")),
    "response_protocol": (6, N_("Protocolo de respuesta"), N_("Decide quién responde y en "
                                                              "cuánto tiempo en el módulo 6.")),
    "measurement": (6, N_("Cómo mides lo que vende"), N_("Crea tus enlaces con UTM y tus "
                                                         "códigos en «Medir lo que vende» del "
                                                         "módulo 6.")),
}

def todo_text(section: str) -> str:
    """What to do when ``section`` is missing, translated."""
    return _(SECTION_INFO[section][2])


STATUS_LABELS = {"done": N_("completo"), "partial": N_("a medias"), "todo": N_("por hacer")}
LEVELS = ("error", "warning", "todo", "ok")
LEVEL_LABELS = {"error": N_("Corrige"), "warning": N_("Revisa"), "todo": N_("Por hacer"),
                "ok": N_("Bien")}
LEVEL_ICONS = {"error": "⛔", "warning": "⚠️", "todo": "✏️", "ok": "✅"}


# --- readers: tolerant of anything a hand-edited plan may hold (rumbo.data.schema) -------


def kpi_label(kpi) -> str:
    """An objective's KPI as a learner reads it (module 1's label when known)."""
    if not kpi:
        return ""
    known = KPIS.get(kpi)
    return _(known.label) if known is not None else str(kpi)


def network_label(network) -> str:
    if network == "all":
        return _("todas las redes")
    return channel_label(network)


def objective_text(objective: dict, index: int) -> str:
    text = str(objective.get("text") or "").strip()
    return text or _("Objetivo {n}").format(n=index + 1)


# --- completeness -------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionStatus:
    section: str
    module: int
    status: str        # done | partial | todo
    summary: str       # what is there, in a few words
    todo: str          # what to do when it is not done ("" when done)

    @property
    def label(self) -> str:
        return _(SECTION_INFO[self.section][1])

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])


def _summary(plan: Plan, section: str) -> tuple[str, list[str]]:
    """(what is there, what is missing) for one present section."""
    money = schema.currency(plan)
    if section == "profile":
        p = schema.section(plan, section)
        missing = [k for k in ("name", "networks", "hours_per_week", "hourly_cost", "currency")
                   if p.get(k) in (None, "", [])]
        networks = ", ".join(network_label(n) for n in p.get("networks") or [] if isinstance(n, str))
        return str(p.get("name") or "") + (f" ({networks})" if networks else ""), missing
    if section == "objectives":
        items = schema.records(plan, "objectives")
        missing = [objective_text(o, i) for i, o in enumerate(items)
                   if not o.get("kpi") or schema.number(o.get("target")) is None or not schema.date_of(o.get("deadline"))]
        return ngettext("{n} objetivo", "{n} objetivos", len(items)).format(n=len(items)), missing
    if section == "milestones":
        items = schema.records(plan, section)
        steps = sum(len(m.get("steps") or []) for m in items)
        missing = [str(m.get("text") or "") for m in items if not m.get("steps")]
        return ngettext("{n} hito", "{n} hitos", steps).format(n=steps), missing
    if section == "kpis":
        items = schema.records(plan, section)
        missing = [str(k.get("name") or "?") for k in items if schema.number(k.get("target")) is None]
        return ", ".join(str(k.get("name") or "?") for k in items), missing
    if section == "time_budget":
        b = schema.section(plan, section)
        missing = [k for k in ("weekly_hours", "hourly_cost", "monthly_cost") if schema.number(b.get(k)) is None]
        if missing:
            return "", missing
        return _("{h} h a la semana, {cost} al mes").format(
            h=fmt_number(b["weekly_hours"], 1), cost=fmt_money(b["monthly_cost"], money, 0)), []
    if section == "routine":
        r = schema.section(plan, section)
        grid = r.get("grid") if isinstance(r.get("grid"), dict) else {}
        minutes = routine_minutes(r)
        if not grid:
            return "", ["grid"]
        return _("{m} minutos a la semana en {d} días").format(
            m=fmt_number(minutes), d=sum(1 for row in grid.values() if row)), []
    if section == "habit":
        h = schema.section(plan, section)
        done, total = schema.number(h.get("done_days")), schema.number(h.get("total_days"))
        if done is None or not total:
            return "", ["done_days"]
        return _("{done} de {total} días cumplidos").format(done=int(done), total=int(total)), []
    if section == "listening":
        t = schema.section(plan, section)
        missing = [k for k in ("response_rate", "median_minutes") if schema.number(t.get(k)) is None]
        if missing:
            return "", missing
        return _("responder al {rate}, mediana de {m} min").format(
            rate=fmt_percent(t["response_rate"], 0), m=fmt_number(t["median_minutes"])), []
    if section == "response_protocol":
        p = schema.section(plan, section)
        rules = [r for r in p.get("rules") or [] if isinstance(r, dict)]
        missing = [] if rules and p.get("escalate_to") else ["rules"]
        return ngettext("{n} caso previsto", "{n} casos previstos", len(rules)).format(
            n=len(rules)), missing
    if section == "measurement":
        m = schema.section(plan, section)
        sources = [s for s in m.get("sources") or [] if isinstance(s, str)]
        links = [r for r in m.get("links") or [] if isinstance(r, dict)]
        missing = [] if sources else ["sources"]
        return (ngettext("{n} enlace", "{n} enlaces", len(links)).format(n=len(links)) + ", "
                + ngettext("{n} forma de medir", "{n} formas de medir", len(sources)).format(
                    n=len(sources))), missing
    if section == "content":
        c = schema.section(plan, section)
        posts = [p for p in c.get("posts") or [] if isinstance(p, dict)]
        missing = [k for k in ("pillars", "posts") if not c.get(k)]
        if c.get("fits") is False:
            missing.append("fits")
        return ngettext("{n} publicación en {month}", "{n} publicaciones en {month}", len(posts)).format(
            n=len(posts), month=str(c.get("month") or "?")), missing
    return "", []


def section_status(plan: Plan) -> list[SectionStatus]:
    """One :class:`SectionStatus` per plan section, in course order. Never raises."""
    statuses = []
    for section in SECTIONS:
        module, _label, todo = SECTION_INFO[section]
        value = (plan or {}).get(section)
        if value in (None, "", [], {}):
            statuses.append(SectionStatus(section, module, "todo", "", _(todo)))
            continue
        summary, missing = _summary(plan, section)
        if missing:
            statuses.append(SectionStatus(section, module, "partial", summary, _(todo)))
        else:
            statuses.append(SectionStatus(section, module, "done", summary, ""))
    return statuses


def completeness(plan: Plan) -> float:
    """Share of sections done (a partial section counts half)."""
    statuses = section_status(plan)
    score = sum(1 if s.status == "done" else 0.5 if s.status == "partial" else 0 for s in statuses)
    return score / len(statuses)


# --- consistency --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One result of the consistency check. ``code`` is stable (tests, documents)."""

    code: str
    level: str          # error | warning | todo | ok
    section: str
    message: str
    fix: str = ""

    @property
    def level_label(self) -> str:
        return _(LEVEL_LABELS[self.level])

    @property
    def section_label(self) -> str:
        return _(SECTION_INFO[self.section][1])

    def as_dict(self) -> dict:
        return {"code": self.code, "level": self.level, "section": self.section,
                "message": self.message, "fix": self.fix}


def routine_minutes(routine: dict) -> int:
    grid = routine.get("grid") if isinstance(routine, dict) else None
    if not isinstance(grid, dict):
        return 0
    total = 0
    for row in grid.values():
        if isinstance(row, dict):
            total += sum(v for v in (schema.number(x) for x in row.values()) if v is not None and v > 0)
    return int(total)


def _objective_findings(plan: Plan) -> list[Finding]:
    items = schema.records(plan, "objectives")
    if not items:
        return [Finding("objectives_missing", "todo", "objectives",
                        _("Tu plan todavía no tiene objetivos."),
                        todo_text("objectives"))]
    found = []
    for i, o in enumerate(items):
        name = objective_text(o, i)
        if not o.get("kpi"):
            found.append(Finding("objective_no_kpi", "error", "objectives",
                                 _("«{name}» no dice con qué KPI lo medirás.").format(name=name),
                                 _("Elige un KPI para este objetivo en el módulo 1 (por ejemplo, "
                                   "la tasa de interacción por alcance).")))
        if schema.number(o.get("target")) is None:
            found.append(Finding("objective_no_target", "error", "objectives",
                                 _("«{name}» no tiene una meta con número.").format(name=name),
                                 _("Escribe a cuánto quieres llegar: sin número no sabrás si lo "
                                   "has conseguido.")))
        if not schema.date_of(o.get("deadline")):
            found.append(Finding("objective_no_deadline", "error", "objectives",
                                 _("«{name}» no tiene fecha límite.").format(name=name),
                                 _("Ponle una fecha: un objetivo sin fecha no se revisa nunca.")))
    if not found:
        found.append(Finding("objectives_complete", "ok", "objectives",
                             ngettext("Tu objetivo tiene KPI, meta y fecha.",
                                      "Tus {n} objetivos tienen KPI, meta y fecha.",
                                      len(items)).format(n=len(items))))
    return found


def _milestone_findings(plan: Plan) -> list[Finding]:
    items, ladders = schema.records(plan, "objectives"), schema.records(plan, "milestones")
    if not items:
        return []
    if not ladders:
        return [Finding("milestones_missing", "todo", "milestones",
                        _("Tus objetivos no tienen hitos intermedios."),
                        todo_text("milestones"))]
    found = []
    for position, ladder in enumerate(ladders):
        index = ladder.get("objective", position)
        if not isinstance(index, int) or not 0 <= index < len(items):
            continue
        objective = items[index]
        name = objective_text(objective, index)
        deadline = schema.date_of(objective.get("deadline"))
        dates = [schema.date_of(s.get("date")) for s in ladder.get("steps") or [] if isinstance(s, dict)]
        if not dates:
            found.append(Finding("objective_no_milestones", "todo", "milestones",
                                 _("«{name}» no tiene hitos.").format(name=name),
                                 _("Vuelve a guardar tus objetivos en el módulo 1 con una fecha "
                                   "futura: los hitos se calculan solos.")))
            continue
        late = [d for d in dates if d is not None and deadline is not None and d > deadline]
        if late:
            found.append(Finding("milestone_after_deadline", "error", "milestones",
                                 _("Un hito de «{name}» cae el {date}, después de la fecha límite "
                                   "({deadline}).").format(name=name, date=late[0].strftime("%d/%m/%Y"),
                                                           deadline=deadline.strftime("%d/%m/%Y")),
                                 _("Adelanta ese hito o mueve la fecha límite: cada escalón tiene "
                                   "que llegar antes que la meta.")))
        clean = [d for d in dates if d is not None]
        if clean != sorted(clean):
            found.append(Finding("milestones_unordered", "warning", "milestones",
                                 _("Los hitos de «{name}» no van en orden de fecha.").format(name=name),
                                 _("Ordénalos del primero al último para poder celebrarlos uno a "
                                   "uno.")))
    if not found:
        found.append(Finding("milestones_ok", "ok", "milestones",
                             _("Todos los hitos caen antes de su fecha límite.")))
    return found


def _hours_findings(plan: Plan) -> list[Finding]:
    found = []
    budget = schema.budget_hours(plan)
    routine = schema.section(plan, "routine")
    profile_hours = schema.number(schema.section(plan, "profile").get("hours_per_week"))
    planned = schema.number(schema.section(plan, "time_budget").get("weekly_hours"))
    if planned is not None and profile_hours is not None and planned > profile_hours + 1e-9:
        found.append(Finding("budget_over_profile_hours", "warning", "time_budget",
                             _("Tu inventario suma {planned} h a la semana y en tu perfil dijiste "
                               "que tienes {available} h.").format(
                                   planned=fmt_number(planned, 1), available=fmt_number(profile_hours, 1)),
                             _("Recorta tareas en el módulo 3 o actualiza tus horas en el perfil: "
                               "un plan que no cabe se abandona.")))
    if not routine.get("grid"):
        found.append(Finding("routine_missing", "todo", "routine",
                             _("Todavía no tienes una rutina semanal."),
                             todo_text("routine")))
    elif budget is None:
        found.append(Finding("hours_unknown", "todo", "routine",
                             _("No sé cuántas horas a la semana tienes: no puedo comprobar si la "
                               "rutina cabe."),
                             _("Pon tus horas por semana en el perfil (módulo 0) o en el módulo 3.")))
    else:
        minutes, budget_minutes = routine_minutes(routine), round(budget * 60)
        if minutes > budget_minutes:
            found.append(Finding("routine_over_budget", "error", "routine",
                                 _("Tu rutina pide {m} minutos a la semana y tienes {b}.").format(
                                     m=fmt_number(minutes), b=fmt_number(budget_minutes)),
                                 _("Quita {m} minutos de la rutina (empieza por medir o escuchar) "
                                   "en el módulo 5, o busca más horas.").format(
                                     m=fmt_number(minutes - budget_minutes))))
        else:
            found.append(Finding("routine_fits", "ok", "routine",
                                 _("Tu rutina ({m} min) cabe en tus {h} h semanales.").format(
                                     m=fmt_number(minutes), h=fmt_number(budget, 1))))
    action_hours = [schema.number(o.get("hours_per_week")) for o in schema.records(plan, "objectives")]
    action_hours = [h for h in action_hours if h is not None]
    if action_hours and budget is not None and sum(action_hours) > budget + 1e-9:
        found.append(Finding("actions_over_budget", "error", "objectives",
                             _("Las acciones de tus objetivos suman {h} h a la semana y tienes "
                               "{b} h.").format(h=fmt_number(sum(action_hours), 1),
                                                 b=fmt_number(budget, 1)),
                             _("Quita horas a la acción menos importante o deja un objetivo para "
                               "más adelante.")))
    return found


def expected_monthly_cost(budget: dict) -> float | None:
    """hours per week x 52/12 x hourly cost + tools + ads, from a ``time_budget`` section."""
    hours, cost = schema.number(budget.get("weekly_hours")), schema.number(budget.get("hourly_cost"))
    if hours is None or cost is None:
        return None
    try:
        return total_cost(hours=hours * WEEKS_PER_MONTH, hourly_cost=cost,
                          tools=schema.number(budget.get("tools_per_month")) or 0.0,
                          ads=schema.number(budget.get("ads_per_month")) or 0.0)
    except InvalidInputError:  # negative amounts in a hand-edited plan: no total to expect
        return None


def _cost_findings(plan: Plan) -> list[Finding]:
    budget = schema.section(plan, "time_budget")
    money = schema.currency(plan)
    if not budget:
        return [Finding("budget_missing", "todo", "time_budget",
                        _("Tu plan todavía no dice cuánto cuesta al mes."),
                        todo_text("time_budget"))]
    found = []
    tasks = budget.get("hours_per_week")
    weekly = schema.number(budget.get("weekly_hours"))
    if isinstance(tasks, dict) and weekly is not None:
        total = sum(v for v in (schema.number(x) for x in tasks.values()) if v is not None)
        if not math.isclose(total, weekly, rel_tol=COST_TOLERANCE, abs_tol=0.05):
            found.append(Finding("hours_mismatch", "error", "time_budget",
                                 _("Las tareas suman {tasks} h a la semana, pero el total dice "
                                   "{total} h.").format(tasks=fmt_number(total, 1),
                                                        total=fmt_number(weekly, 1)),
                                 _("Vuelve a guardar tu inventario en el módulo 3 para que el "
                                   "total se recalcule.")))
    expected, saved = expected_monthly_cost(budget), schema.number(budget.get("monthly_cost"))
    if expected is None or saved is None:
        found.append(Finding("cost_incomplete", "todo", "time_budget",
                             _("Faltan horas, coste por hora o total mensual en tu presupuesto."),
                             todo_text("time_budget")))
    elif not math.isclose(expected, saved, rel_tol=COST_TOLERANCE, abs_tol=1.0):
        found.append(Finding("cost_mismatch", "error", "time_budget",
                             _("El coste mensual guardado ({saved}) no cuadra: horas × coste por "
                               "hora + herramientas + anuncios da {expected}.").format(
                                   saved=fmt_money(saved, money, 0), expected=fmt_money(expected, money, 0)),
                             _("Vuelve a calcularlo en el módulo 3; si has cambiado algo a mano, "
                               "usa {expected}.").format(expected=fmt_money(expected, money, 0))))
    else:
        found.append(Finding("cost_adds_up", "ok", "time_budget",
                             _("El coste mensual cuadra: {cost} (horas × coste por hora + "
                               "herramientas + anuncios).").format(cost=fmt_money(saved, money, 0))))
    if schema.number(budget.get("hourly_cost")) == 0:
        found.append(Finding("time_not_free", "warning", "time_budget",
                             _("Has puesto 0 como coste por hora."),
                             _("Tu tiempo no es gratis: pon lo que vale una hora de tu trabajo o "
                               "lo que pagarías a alguien.")))
    profile_currency = schema.section(plan, "profile").get("currency")
    if (isinstance(profile_currency, str) and isinstance(budget.get("currency"), str)
            and profile_currency.upper() != budget["currency"].upper()):
        found.append(Finding("currency_mismatch", "warning", "time_budget",
                             _("Tu perfil usa {a} y tu presupuesto {b}.").format(
                                 a=profile_currency, b=budget["currency"]),
                             _("Usa la misma moneda en todo el plan.")))
    return found


def _response_findings(plan: Plan) -> list[Finding]:
    listening, protocol = schema.section(plan, "listening"), schema.section(plan, "response_protocol")
    found = []
    if not listening:
        found.append(Finding("response_targets_missing", "todo", "listening",
                             _("No tienes objetivos de respuesta (tasa y tiempo)."),
                             todo_text("listening")))
    else:
        missing = [k for k in ("response_rate", "median_minutes") if schema.number(listening.get(k)) is None]
        if missing:
            found.append(Finding("response_targets_incomplete", "error", "listening",
                                 _("A tus objetivos de respuesta les falta la tasa o el tiempo."),
                                 _("Fija a qué parte de los mensajes responderás y en cuántos "
                                   "minutos (módulo 6).")))
    if not protocol:
        found.append(Finding("protocol_missing", "todo", "response_protocol",
                             _("No hay protocolo de respuesta: quien lleve las redes tendrá que "
                               "preguntar cada vez."),
                             todo_text("response_protocol")))
    else:
        rules = [r for r in protocol.get("rules") or [] if isinstance(r, dict)]
        if not rules or any(schema.number(r.get("max_minutes")) is None or not r.get("who") for r in rules):
            found.append(Finding("protocol_incomplete", "error", "response_protocol",
                                 _("En tu protocolo falta quién responde o en cuánto tiempo en "
                                   "algún caso."),
                                 _("Completa cada caso en el módulo 6: quién, en cuántos minutos "
                                   "y cómo.")))
        if protocol.get("needs_approval"):
            found.append(Finding("protocol_needs_approval", "warning", "response_protocol",
                                 _("Tu protocolo pide permiso antes de responder."),
                                 _("Da autonomía a quien responde: en una crisis, avisa, pero no "
                                   "esperes a que alguien dé el visto bueno.")))
    if listening and protocol and not any(f.level in ("error", "warning") for f in found):
        found.append(Finding("response_ok", "ok", "response_protocol",
                             _("Tienes objetivos de respuesta y un protocolo con plazos.")))
    return found


def consistency(plan: Plan) -> list[Finding]:
    """Every consistency finding, problems first (errors, warnings, to-dos, then what is fine)."""
    found = (_objective_findings(plan) + _milestone_findings(plan) + _hours_findings(plan)
             + _cost_findings(plan) + _response_findings(plan))
    return sorted(found, key=lambda f: LEVELS.index(f.level))


def problems(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level in ("error", "warning")]


# --- objectives -> KPI -> action -> hours -> cost -----------------------------------------


@dataclass(frozen=True)
class ActionRow:
    objective: str
    kpi: str
    deadline: str         # ISO date or ""
    action: str
    hours: float | None   # per week
    cost: float | None    # per month (time only)


@dataclass(frozen=True)
class ActionPlan:
    rows: list[ActionRow]
    hourly_cost: float | None
    tools: float
    ads: float
    budget_hours: float | None
    currency: str

    @property
    def total_hours(self) -> float:
        return sum(r.hours or 0.0 for r in self.rows)

    @property
    def time_cost(self) -> float | None:
        if self.hourly_cost is None:
            return None
        return self.total_hours * WEEKS_PER_MONTH * self.hourly_cost

    @property
    def monthly_total(self) -> float | None:
        time_cost = self.time_cost
        return None if time_cost is None else time_cost + self.tools + self.ads

    @property
    def fits(self) -> bool | None:
        return None if self.budget_hours is None else self.total_hours <= self.budget_hours + 1e-9

    @property
    def spare_hours(self) -> float | None:
        return None if self.budget_hours is None else self.budget_hours - self.total_hours


def check_hours(value, what: str) -> float:
    """Weekly hours typed by a learner: a number from 0 to 168."""
    value = parse_number(value, what)
    if value < 0:
        raise InvalidInputError(_("{what}: las horas no pueden ser negativas.").format(what=what))
    if value > HOURS_PER_WEEK:
        raise InvalidInputError(_("{what}: una semana tiene 168 horas; {value} no es posible.").format(
            what=what, value=fmt_number(value, 1)))
    return value


def check_action(value, what: str) -> str:
    text = str(value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidInputError(_("{what}: describe la acción con palabras.").format(what=what))
    if not text:
        raise InvalidInputError(_("{what}: falta la acción. ¿Qué harás cada semana para "
                                  "conseguirlo?").format(what=what))
    if len(text) > MAX_ACTION_CHARS:
        raise InvalidInputError(_("{what}: la acción es demasiado larga (máximo {n} caracteres); "
                                  "resúmela en una frase.").format(what=what, n=MAX_ACTION_CHARS))
    return text


@dataclass(frozen=True)
class PlanCost:
    """What the plan costs a month: one figure, wherever the plan document shows it.

    ``hours_from`` says whose hours are counted: ``"actions"`` (the hours given to each
    objective in module 7), ``"time_budget"`` (module 3's inventory, when no objective
    has hours yet), ``"profile"``, or ``""`` (none known).
    """

    weekly_hours: float | None
    hourly_cost: float | None
    tools: float
    ads: float
    currency: str
    hours_from: str

    @property
    def monthly_hours(self) -> float | None:
        return None if self.weekly_hours is None else self.weekly_hours * WEEKS_PER_MONTH

    @property
    def time_cost(self) -> float | None:
        if self.weekly_hours is None or self.hourly_cost is None:
            return None
        return self.monthly_hours * self.hourly_cost

    @property
    def monthly_total(self) -> float | None:
        time_cost = self.time_cost
        return None if time_cost is None else total_cost(
            hours=self.monthly_hours, hourly_cost=self.hourly_cost, tools=self.tools, ads=self.ads)

    @property
    def yearly_total(self) -> float | None:
        monthly = self.monthly_total
        return None if monthly is None else monthly * 12


def plan_cost(plan: Plan) -> PlanCost:
    """The plan's monthly cost: the hours of its actions (else module 3's, else the
    profile's) x the hourly cost, plus module 3's tools and ads. The document's headline,
    its objectives section and its budget section all show this one figure. Never raises."""
    actions = action_plan(plan)
    if any(r.hours is not None for r in actions.rows):
        hours, source = actions.total_hours, "actions"
    else:
        budget = schema.number(schema.section(plan, "time_budget").get("weekly_hours"))
        hours = schema.budget_hours(plan)
        source = "" if hours is None else "time_budget" if budget is not None else "profile"
    return PlanCost(hours, actions.hourly_cost, actions.tools, actions.ads, actions.currency, source)


def action_plan(plan: Plan) -> ActionPlan:
    """The plan's objectives with their action, weekly hours and monthly cost. Never raises."""
    cost = schema.hourly_cost(plan)
    budget = schema.section(plan, "time_budget")
    rows = []
    for i, o in enumerate(schema.records(plan, "objectives")):
        hours = schema.number(o.get("hours_per_week"))
        hours = hours if hours is not None and 0 <= hours <= HOURS_PER_WEEK else None
        deadline = schema.date_of(o.get("deadline"))
        rows.append(ActionRow(
            objective=objective_text(o, i), kpi=kpi_label(o.get("kpi")),
            deadline=deadline.isoformat() if deadline else "",
            action=str(o.get("action") or "").strip(), hours=hours,
            cost=None if hours is None or cost is None else hours * WEEKS_PER_MONTH * cost))
    return ActionPlan(rows, cost, max(0.0, schema.number(budget.get("tools_per_month")) or 0.0),
                      max(0.0, schema.number(budget.get("ads_per_month")) or 0.0), schema.budget_hours(plan),
                      schema.currency(plan))


def with_actions(plan: Plan, actions: list[tuple[Any, Any]]) -> list[dict]:
    """The ``objectives`` section with ``(action, hours)`` set on each objective, validated.

    Every problem is reported at once; the plan itself is not changed.
    """
    items = schema.records(plan, "objectives")
    if not items:
        raise InvalidInputError(_("Tu plan no tiene objetivos a los que asignar acciones: "
                                  "guárdalos primero en el módulo 1."))
    if len(actions) != len(items):
        raise InvalidInputError(_("Hay {n} objetivos y {m} acciones: pon una acción por "
                                  "objetivo.").format(n=len(items), m=len(actions)))
    problems_found, updated = [], []
    for i, (objective, (action, hours)) in enumerate(zip(items, actions)):
        what = _("Objetivo {n}").format(n=i + 1)
        entry = dict(objective)
        try:
            entry["action"] = check_action(action, what)
        except InvalidInputError as exc:
            problems_found.append(str(exc))
        try:
            entry["hours_per_week"] = round(check_hours(hours, what), 2)
        except InvalidInputError as exc:
            problems_found.append(str(exc))
        updated.append(entry)
    if problems_found:
        raise InvalidInputError(" ".join(problems_found))
    return updated


def monthly_cost(hours_per_week, hourly_cost_value, tools=0.0, ads=0.0) -> float:
    """hours per week x 52/12 x hourly cost + tools + ads (the formula of the whole course)."""
    hours = check_hours(hours_per_week, _("Las horas por semana"))
    values = []
    for value, what in ((hourly_cost_value, _("El coste por hora")), (tools, _("Las herramientas")),
                        (ads, _("Los anuncios"))):
        number = schema.number(value)
        if number is None or number < 0:
            raise InvalidInputError(_("{what}: escribe una cantidad de 0 en adelante.").format(
                what=what))
        values.append(number)
    cost, tools_value, ads_value = values
    return total_cost(hours=hours * WEEKS_PER_MONTH, hourly_cost=cost, tools=tools_value,
                      ads=ads_value)


# --- the seven mistakes (seed 001) ----------------------------------------------------------

#: (key, the mistake, the question about your own plan)
MISTAKES = (
    ("relationships", N_("Contar seguidores y olvidar a las personas"),
     N_("¿Tu plan cuida la conversación con tu clientela, y no solo el número de seguidores?")),
    ("metrics", N_("Medir lo que no importa (y calcular mal el retorno)"),
     N_("¿Tus KPI dicen su denominador y miden algo que importa al negocio?")),
    ("time", N_("Creer que las redes son gratis"),
     N_("¿Tu plan pone precio a tus horas, también a las de aprender?")),
    ("silo", N_("Tener las redes en un cajón aparte"),
     N_("¿Alguien más del negocio sabe qué hacer con las redes y a quién avisar?")),
    ("noise", N_("Sumar ruido"),
     N_("¿Publicas a un ritmo que puedes sostener, sin llenar el muro por llenarlo?")),
    ("offline", N_("Olvidar lo que pasa fuera de la red"),
     N_("¿Algún objetivo mide lo que pasa en la tienda o en las ventas, y tus publicaciones se atan a "
        "lo que pasa en ella?")),
    ("change", N_("Repetir lo mismo esperando otro resultado"),
     N_("¿Reservas tiempo para medir y para crear contenido nuevo, y tu perfil recibe algo nuevo "
        "cada semana?")),
)
ANSWERS = ("avoid", "fall", "unsure")
ANSWER_LABELS = {"avoid": N_("Lo evito"), "fall": N_("Caigo en él"), "unsure": N_("No lo sé")}


def answer_label(answer: str) -> str:
    return _(ANSWER_LABELS[answer])
#: KPIs that count followers or eyeballs, not a relationship or a result.
VANITY_KPIS = ("followers", "reach")
#: KPIs measured outside the network (shop, sales, returns, an event).
OFFLINE_KPIS = ("sales", "web_visits", "return_rate", "event_signups")
OFFLINE_GOALS = ("sell_more", "fewer_returns", "fill_event")
#: Above this many posts a month a small page got fewer clicks per post (HubSpot; benchmarks.csv).
OVERPOSTING_PER_MONTH = 60


@dataclass
class AuditItem:
    key: str
    verdict: bool | None          # True: the plan avoids it; False: falls in it; None: cannot tell
    evidence: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _(dict((k, t) for k, t, _q in MISTAKES)[self.key])

    @property
    def question(self) -> str:
        return _(dict((k, q) for k, _t, q in MISTAKES)[self.key])

    @property
    def default_answer(self) -> str:
        return {True: "avoid", False: "fall", None: "unsure"}[self.verdict]


def _people(protocol: dict) -> list[str]:
    names = []
    for rule in protocol.get("rules") or []:
        if isinstance(rule, dict) and isinstance(rule.get("who"), str) and rule["who"].strip():
            names.append(rule["who"].strip())
    if isinstance(protocol.get("escalate_to"), str) and protocol["escalate_to"].strip():
        names.append(protocol["escalate_to"].strip())
    return list(dict.fromkeys(names))


def posts_per_month(routine: dict) -> float:
    """Publishing slots a week x networks x 52/12 (each slot publishes on every network)."""
    grid = routine.get("grid") if isinstance(routine.get("grid"), dict) else {}
    slots = sum(1 for row in grid.values() if isinstance(row, dict) and (schema.number(row.get("publish")) or 0) > 0)
    networks = [n for n in routine.get("networks") or [] if n] or [None]
    return slots * len(networks) * WEEKS_PER_MONTH


def calendar_posts(plan: Plan) -> list[dict]:
    """The posts of the plan's content section (module 4) that carry a readable date."""
    posts = []
    for post in schema.section(plan, "content").get("posts") or []:
        try:
            posts.append({**post, "day": date.fromisoformat(str(post.get("date")))})
        except (AttributeError, TypeError, ValueError):
            continue
    return posts


def calendar_fits(plan: Plan) -> bool:
    return schema.section(plan, "content").get("fits") is True


def silent_weeks(posts: list[dict]) -> list[date]:
    """Mondays of the calendar's month with no post in their week (weeks that start in the month)."""
    if not posts:
        return []
    first = min(p["day"] for p in posts).replace(day=1)
    days = (first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1) - first).days
    mondays = [first + timedelta(days=i) for i in range(days) if (first + timedelta(days=i)).weekday() == 0]
    posted = {p["day"] - timedelta(days=p["day"].weekday()) for p in posts}
    return [m for m in mondays if m not in posted]


def self_audit(plan: Plan) -> list[AuditItem]:
    """The seven mistakes, each with the evidence the plan holds and a suggested answer."""
    items_o = schema.records(plan, "objectives")
    kpis = [o.get("kpi") for o in items_o if o.get("kpi")]
    protocol, listening = schema.section(plan, "response_protocol"), schema.section(plan, "listening")
    routine, budget, saved_kpis = schema.section(plan, "routine"), schema.section(plan, "time_budget"), schema.records(plan, "kpis")
    audit = []

    # 1. numbers over relationships
    ev, verdict = [], None
    if protocol.get("rules"):
        ev.append(_("Tienes un protocolo de respuesta con {n} casos.").format(
            n=len([r for r in protocol["rules"] if isinstance(r, dict)])))
    if schema.number(listening.get("response_rate")) is not None:
        ev.append(_("Te propones responder al {rate} de los mensajes.").format(
            rate=fmt_percent(listening["response_rate"], 0)))
    if kpis:
        vanity = sum(1 for k in kpis if k in VANITY_KPIS)
        ev.append(_("{n} de tus {m} objetivos cuentan seguidores o alcance.").format(n=vanity, m=len(kpis)))
        all_vanity = vanity == len(kpis)
        if protocol.get("rules") and not all_vanity:
            verdict = True
        elif not protocol.get("rules") and all_vanity:
            verdict = False
    audit.append(AuditItem("relationships", verdict, ev))

    # 2. wrong metrics
    ev, verdict = [], None
    for k in saved_kpis:
        denominator = k.get("denominator")
        ev.append(_("KPI «{name}»: {denominator}.").format(
            name=k.get("name") or "?",
            denominator=_("denominador {d}").format(d=denominator) if denominator else
            _("sin denominador")))
    value_kpis = [k for k in kpis if k not in VANITY_KPIS]
    if kpis:
        ev.append(_("{n} de tus objetivos miden algo más que seguidores o alcance.").format(
            n=len(value_kpis)))
    if saved_kpis and all(k.get("denominator") for k in saved_kpis) and value_kpis:
        verdict = True
    elif kpis and not value_kpis and not saved_kpis:
        verdict = False
    audit.append(AuditItem("metrics", verdict, ev))

    # 3. time is not free
    ev, verdict = [], None
    cost, money = schema.hourly_cost(plan), schema.currency(plan)
    if cost is not None:
        ev.append(_("Tu hora vale {cost}.").format(cost=fmt_money(cost, money)))
        verdict = cost > 0
    if schema.number(budget.get("monthly_cost")) is not None:
        ev.append(_("Tus redes cuestan {cost} al mes con las horas contadas.").format(
            cost=fmt_money(budget["monthly_cost"], money, 0)))
    learning = budget.get("hours_per_week", {})
    if isinstance(learning, dict) and schema.number(learning.get("learning")):
        ev.append(_("Reservas {h} h a la semana para aprender.").format(
            h=fmt_number(learning["learning"], 1)))
    audit.append(AuditItem("time", verdict, ev))

    # 4. silo
    ev, verdict = [], None
    people = _people(protocol)
    if people:
        ev.append(_("Personas en tu protocolo: {names}.").format(names=", ".join(people)))
        verdict = len(people) >= 2
    audit.append(AuditItem("silo", verdict, ev))

    # 5. noise
    ev, verdict = [], None
    if routine.get("grid"):
        per_month = posts_per_month(routine)
        ev.append(_("Tu rutina publica unas {n} veces al mes.").format(n=fmt_number(per_month)))
        verdict = 0 < per_month <= OVERPOSTING_PER_MONTH
        if per_month > OVERPOSTING_PER_MONTH:
            ev.append(_("Las páginas pequeñas que publicaban más de 60 veces al mes tenían menos "
                        "clics por publicación (HubSpot, 2015)."))
    if listening:
        ev.append(_("Escuchas antes de hablar: tienes objetivos de escucha."))
    audit.append(AuditItem("noise", verdict, ev))

    # 6. offline: an objective measured in the shop, or posts tied to the shop's own dates
    ev, verdicts = [], []
    if items_o:
        offline = [o for o in items_o if o.get("kpi") in OFFLINE_KPIS or o.get("goal") in OFFLINE_GOALS]
        ev.append(_("{n} de tus {m} objetivos miden ventas, visitas, devoluciones o un "
                    "evento.").format(n=len(offline), m=len(items_o)))
        verdicts.append(bool(offline))
    posts = calendar_posts(plan)
    if posts:
        hooked = [p for p in posts if p.get("hook") is True]
        ev.append(ngettext("{n} publicación de tu calendario se ata a una fecha o un evento de la tienda.",
                           "{n} publicaciones de tu calendario se atan a una fecha o un evento de la "
                           "tienda.", len(hooked)).format(n=len(hooked)))
        verdicts.append(bool(hooked))
    audit.append(AuditItem("offline", any(verdicts) if verdicts else None, ev))

    # 7. no change
    ev, verdict = [], None
    grid = routine.get("grid") if isinstance(routine.get("grid"), dict) else {}
    if grid:
        measure = sum(schema.number(row.get("measure")) or 0 for row in grid.values() if isinstance(row, dict))
        create = sum(schema.number(row.get("create")) or 0 for row in grid.values() if isinstance(row, dict))
        ev.append(_("Cada semana: {m} min para medir y {c} min para crear contenido.").format(
            m=fmt_number(measure), c=fmt_number(create)))
        verdict = measure > 0 and create > 0
    if posts:  # a stale profile: a month that does not fit, or weeks without a post
        fits, silent = calendar_fits(plan), silent_weeks(posts)
        if fits and not silent:
            ev.append(_("Tu calendario de contenidos cabe en tu semana y publica todas las semanas: "
                        "el perfil no se queda parado."))
        elif not fits:
            ev.append(_("Tu calendario de contenidos no cabe en tu semana: lo que no cabe acaba "
                        "sin publicarse y el perfil se para."))
        else:
            ev.append(ngettext("Tu calendario deja {n} semana sin publicar.",
                               "Tu calendario deja {n} semanas sin publicar.", len(silent)).format(n=len(silent)))
        verdict = (fits and not silent) and verdict is not False
    habit = schema.section(plan, "habit")
    if schema.number(habit.get("done_days")) is not None and schema.number(habit.get("total_days")):
        ev.append(_("Has cumplido {done} de {total} días de tu registro.").format(
            done=int(habit["done_days"]), total=int(habit["total_days"])))
    audit.append(AuditItem("change", verdict, ev))
    return audit


#: An answer not given yet (the learner's self-audit starts with every question open).
UNANSWERED = ""


def audit_score(items: list[AuditItem], answers: dict | None = None, *,
                suggest: bool = True) -> dict:
    """Mistakes avoided out of seven. ``answers`` (key -> avoid/fall/unsure) override the
    plan's suggestions; with ``suggest=False`` nothing is suggested: a question without an
    answer (missing, or :data:`UNANSWERED`) counts as ``unanswered``. An unknown key or
    answer raises :class:`InvalidInputError`."""
    answers = dict(answers or {})
    keys = {item.key for item in items}
    unknown = [str(k) for k in answers if k not in keys]
    if unknown:
        raise InvalidInputError(_("No conozco estos errores: {keys}.").format(keys=", ".join(unknown)))
    allowed = ANSWERS if suggest else (*ANSWERS, UNANSWERED)
    wrong = [str(v) for v in answers.values() if v not in allowed]
    if wrong:
        raise InvalidInputError(_("Responde a cada error con «Lo evito», «Caigo en él» o «No lo "
                                  "sé»."))
    final = {item.key: answers.get(item.key, item.default_answer if suggest else UNANSWERED)
             for item in items}
    return {
        "answers": final,
        "avoided": sum(1 for v in final.values() if v == "avoid"),
        "fallen": sum(1 for v in final.values() if v == "fall"),
        "unsure": sum(1 for v in final.values() if v == "unsure"),
        "unanswered": sum(1 for v in final.values() if v == UNANSWERED),
        "total": len(items),
    }


def audit_advice(score: dict) -> str:
    """One sentence about the score."""
    open_questions = score.get("unanswered", 0)
    if open_questions == score["total"]:
        return _("Responde las siete preguntas con tu plan delante: debajo de cada una tienes lo "
                 "que dice tu plan.")
    if open_questions:
        return ngettext("Te queda {n} pregunta por responder.",
                        "Te quedan {n} preguntas por responder.", open_questions).format(
                            n=open_questions)
    if score["avoided"] == score["total"]:
        return _("Evitas los siete errores: revisa esta lista cada tres meses para seguir así.")
    if score["fallen"] == 0:
        return _("No caes en ningún error seguro; aclara los que no sabes con tu plan delante.")
    return ngettext("Caes en {n} error: empieza por corregir ese antes de publicar más.",
                    "Caes en {n} errores: elige uno y corrígelo este mes; luego el siguiente.",
                    score["fallen"]).format(n=score["fallen"])


# --- tables for the course notebook (labels translated, values formatted) --------------------


def status_table(plan: Plan):
    """Each section: module, status and what is there or what to do."""
    import pandas as pd

    return pd.DataFrame([{_("Sección"): s.label, _("Módulo"): s.module, _("Estado"): s.status_label,
                          _("Qué hay / qué falta"): s.summary or s.todo}
                         for s in section_status(plan)])


def findings_table(findings: list[Finding]):
    import pandas as pd

    return pd.DataFrame([{_("Estado"): f"{LEVEL_ICONS[f.level]} {f.level_label}",
                          _("Sección"): f.section_label, _("Qué pasa"): f.message,
                          _("Cómo arreglarlo"): f.fix} for f in findings])


def action_table(plan: Plan):
    """Objectives -> KPI -> action -> hours -> cost, with the monthly total."""
    import pandas as pd

    actions = action_plan(plan)
    money = actions.currency
    rows = [{_("Objetivo"): r.objective, _("KPI"): r.kpi, _("Acción semanal"): r.action,
             _("Horas/semana"): "—" if r.hours is None else fmt_number(r.hours, 2),
             _("Coste/mes"): "—" if r.cost is None else fmt_money(r.cost, money, 0)}
            for r in actions.rows]
    total = actions.monthly_total
    rows.append({_("Objetivo"): _("Total (con herramientas y anuncios)"), _("KPI"): "",
                 _("Acción semanal"): "", _("Horas/semana"): fmt_number(actions.total_hours, 2),
                 _("Coste/mes"): "—" if total is None else fmt_money(total, money, 0)})
    return pd.DataFrame(rows)


def audit_table(plan: Plan):
    """The seven mistakes, the suggested answer and the evidence of the plan."""
    import pandas as pd

    return pd.DataFrame([{_("Error"): item.title, _("Respuesta sugerida"): answer_label(item.default_answer),
                          _("Lo que dice tu plan"): " ".join(item.evidence) or "—"}
                         for item in self_audit(plan)])


#: Facts the module quotes: key of ``datasets/benchmarks.csv`` -> what it measures.
FACTS = {
    "smb_social_use": N_("Pymes que usan redes sociales"),
    "smb_social_marketing_use": N_("De ellas, las que las usan para marketing"),
    "response_time_expected_hours": N_("Tiempo de respuesta que espera la clientela"),
    "response_time_brands_hours": N_("Tiempo que tardan de media las marcas"),
    "hubspot_overposting_clicks_drop": N_("Clics por publicación al publicar más de 60 veces al mes"),
    "subsidised_plan_hours": N_("Horas del plan subvencionado para comercios de Bizkaia"),
    "subsidised_plan_cost": N_("Lo que pagaba cada comercio por ese plan"),
}
UNITS = {"percent": "%", "hours": "h", "eur": "€"}


def facts_table(keys=tuple(FACTS)):
    """The facts of this module with their source and year, from the benchmark table."""
    import pandas as pd

    rows = []
    for key in keys:
        for row in facts(key):
            rows.append({_("Dato"): _(FACTS[key]),
                         _("Valor"): f"{fmt_number(row.value, 0 if row.value.is_integer() else 1)} "
                                     f"{UNITS.get(row.unit, row.unit)}",
                         _("Fuente"): row.cite() if row.kind == "assumption" else row.source,
                         _("Año"): row.year_label(),
                         _("Nota"): row.note})
    return pd.DataFrame(rows)
