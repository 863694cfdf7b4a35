"""Module 7 widgets: what is in your plan, objectives -> action -> hours -> cost, the seven
mistakes, and the document.

- :func:`build_plan_review`: each section done / half done / to do, and the consistency
  findings with their fix; a button reads the plan file again;
- :func:`build_action_planner` (the module's main widget): an action and its weekly hours
  for each objective; the table with the monthly cost and whether it fits updates as you
  type; «Guardar en mi plan» writes them into the plan's ``objectives``;
- :func:`build_self_audit`: the seven mistakes as questions about your plan, the evidence
  the plan holds next to each, and a score;
- :func:`build_plan_export`: saves the actions and writes the document (HTML, PDF,
  Markdown) and the routine's calendar next to the plan file, with download links.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timezone

import ipywidgets as widgets

from rumbo.data import business_info
from rumbo.data import plan as plan_file
from rumbo import plan_review as review
from rumbo.data import schema
from rumbo.core.errors import InvalidInputError, RumboError
from rumbo.core.i18n import fmt_money, fmt_number, translator
from rumbo.views.html import grid_table, html_table, message_html, messages_html
from rumbo.widgets.common import (LABEL_STYLE, button, connect, dropdown, guarded, number, Panel, text)
from rumbo.widgets.fields import HOURS_A_WEEK
from rumbo.data.schema import Plan
from rumbo.views.html import download_link
from rumbo.plan_example import ACTIONS, example_plan
from rumbo.upkeep import next_monday
from rumbo.views import plan_document

_, N_, ngettext = translator("plan_review")

#: Rows of the action planner (module 1 keeps at most three objectives; a hand-edited plan
#: may hold more: the first ones are shown and the rest kept as they are).
MAX_ROWS = 8

_STATUS_ICONS = {"done": "✅", "partial": "🟡", "todo": "✏️"}


def _load(plan_path) -> tuple[dict, str]:
    """The plan file and what was left out of it, or a new plan and what happened to a
    corrupt one."""
    try:
        plan, problems = plan_file.load_plan_checked(plan_path)
    except RumboError as exc:
        return plan_file.new_plan(), str(exc)
    return plan, " ".join(problems)


# --- 1. what is in the plan -----------------------------------------------------------------


def sections_html(plan: Plan) -> str:
    rows = [[f"{_STATUS_ICONS[s.status]} {s.label}", _("Módulo {n}").format(n=s.module),
             s.status_label, s.summary or s.todo] for s in review.section_status(plan)]
    return grid_table([_("Sección"), _("Módulo"), _("Estado"), _("Qué hay / qué falta")], rows,
                  _("Tu plan, sección a sección"))


def findings_html(findings: list[review.Finding]) -> str:
    rows = [[f"{review.LEVEL_ICONS[f.level]} {f.level_label}", f.section_label, f.message, f.fix]
            for f in findings]
    return grid_table([_("Estado"), _("Sección"), _("Qué pasa"), _("Cómo arreglarlo")], rows,
                  _("¿Cuadra tu plan?"))


class PlanReviewPanel(Panel):
    plan: dict                      # the plan as last read
    findings: list                  # its consistency findings


def build_plan_review(plan_path=None) -> Panel:
    """Sections and consistency findings of the plan at ``plan_path``; a button re-reads it."""
    controls = {"reload": button(_("Volver a leer mi plan"))}
    panel = PlanReviewPanel(_("Qué hay en tu plan"), controls, plan={}, findings=[])

    @guarded(panel)
    def refresh(_button=None) -> None:
        plan, notice = _load(plan_path)
        panel.plan, panel.findings = plan, review.consistency(plan)
        panel.result.value = sections_html(plan) + findings_html(panel.findings)
        bad = review.problems(panel.findings)
        notes = [message_html("error", notice)] if notice else []
        share = review.completeness(plan)
        if bad:
            notes.append(message_html("warning", _("Plan completo al {p} %; hay {n} cosas que "
                                                   "revisar: mira la tabla.").format(
                                                       p=fmt_number(share * 100), n=len(bad))))
        elif share < 1:
            notes.append(message_html("info", _(
                "Plan completo al {p} %: lo que hay cuadra; faltan las secciones marcadas con "
                "✏️ o 🟡.").format(p=fmt_number(share * 100))))
        else:
            notes.append(message_html("ok", _("Plan completo y sin incoherencias.")))
        panel.message.value = "".join(notes)

    controls["reload"].on_click(refresh)
    refresh()
    return panel


# --- 2. objectives -> action -> hours -> cost (the main widget) ------------------------------


def action_table_html(actions: review.ActionPlan) -> str:
    money = actions.currency
    rows = [[r.objective, r.kpi or _("sin KPI"), r.action or _("Por definir"),
             "—" if r.hours is None else fmt_number(r.hours, 2),
             "—" if r.cost is None else fmt_money(r.cost, money, 0)] for r in actions.rows]
    total = actions.monthly_total
    rows.append([_("Herramientas y anuncios"), "", "", "", fmt_money(actions.tools + actions.ads, money, 0)])
    rows.append([_("Total"), "", "", fmt_number(actions.total_hours, 2),
                 "—" if total is None else fmt_money(total, money, 0)])
    return grid_table([_("Objetivo"), _("KPI"), _("Acción semanal"), _("Horas/semana"), _("Coste/mes")],
                  rows, _("Tu plan de acción"))


def suggested_action(objective: dict) -> str:
    """A first line of action for an objective's KPI (the learner rewrites it)."""
    action = ACTIONS.get(objective.get("kpi") or "")
    return _(action) if action else _("Publicar dos veces por semana y responder cada día")


def _even_split(budget: float | None, n: int) -> float:
    """The weekly hours split evenly between ``n`` objectives, in quarter hours (rounded down)."""
    if not budget or not n:
        return 0.0
    return int(budget / n * 4) / 4


class ActionPlannerPanel(Panel):
    saved: list | None = None                    # the objectives last saved, with their actions
    actions: review.ActionPlan | None = None     # the last valid action plan
    from_example: bool = False                   # showing the example's objectives: never saved


def build_action_planner(plan: Plan | None, plan_path=None, *, profile: dict | None = None,
                         business: str = "panaderia") -> Panel:
    """An action and weekly hours per objective; cost and fit update as you type.

    ``plan`` is the learner's plan (``session.plan``); without objectives, those of the
    example plan of ``business`` are shown, labelled as the example's, and never saved as
    hers (``panel.from_example``). ``profile`` fills in the hours and hourly cost a plan
    without a profile lacks.
    """
    plan = dict(plan or {})
    if profile and not isinstance(plan.get("profile"), dict):
        plan["profile"] = dict(profile)
    from_example = not schema.records(plan, "objectives")
    example_name = business_info(business)["name"]
    if from_example:
        example = example_plan(business)
        plan["objectives"], plan["milestones"] = example["objectives"], example["milestones"]
    items = schema.records(plan, "objectives")
    shown = items[:MAX_ROWS]
    even = _even_split(schema.budget_hours(plan), len(items))
    controls: dict[str, widgets.Widget] = {}
    for i, objective in enumerate(shown):
        hours = schema.number(objective.get("hours_per_week"))
        controls[f"hours_{i}"] = number(_("Horas por semana, objetivo {n}").format(n=i + 1),
                                        even if hours is None else hours, unit=HOURS_A_WEEK)
        controls[f"action_{i}"] = text(_("Acción del objetivo {n}").format(n=i + 1),
                                       str(objective.get("action") or suggested_action(objective)),
                                       _("p. ej., tres publicaciones a la semana con fotos del obrador"))
        controls[f"action_{i}"].layout = widgets.Layout(width="95%")
    controls["save"] = button(_("Guardar en mi plan"))
    no_kpi = _("sin KPI")
    intro = widgets.HTML(value="<ol>" + "".join(
        f"<li>{html.escape(review.objective_text(o, i))} "
        f"<em>({html.escape(review.kpi_label(o.get('kpi')) or no_kpi)})</em></li>"
        for i, o in enumerate(shown)) + "</ol>")
    panel = ActionPlannerPanel(_("Objetivos, acciones, horas y dinero"), controls,
                               from_example=from_example)
    panel.children = (panel.children[0], intro, *panel.children[1:])
    panel.add_class("rumbo-main")

    def read() -> list[tuple]:
        typed = [(controls[f"action_{i}"].value, controls[f"hours_{i}"].value) for i in range(len(shown))]
        kept = [(o.get("action") or suggested_action(o), schema.number(o.get("hours_per_week")) or 0)
                for o in items[len(shown):]]
        return typed + kept

    def working() -> dict:
        return {**plan, "objectives": review.with_actions(plan, read())}

    @guarded(panel)
    def refresh(_change=None) -> None:
        try:
            current = working()
        except InvalidInputError as exc:
            panel.result.value = ""
            panel.message.value = messages_html("error", [str(exc)])
            return
        actions = review.action_plan(current)
        panel.actions = actions
        panel.result.value = action_table_html(actions)
        notes = []
        if from_example:
            notes.append(message_html("info", _(
                "Tu plan no tiene objetivos todavía: estos son los del negocio de ejemplo «{name}», "
                "para que veas cómo se reparten las horas; no se guardan en tu plan. Escribe los "
                "tuyos en el módulo 1.").format(name=example_name)))
        if actions.fits is None:
            notes.append(message_html("warning", _("No sé cuántas horas tienes a la semana: "
                                                   "ponlas en tu perfil (módulo 0).")))
        elif actions.fits:
            notes.append(message_html("ok", _("Cabe: usas {used} h de tus {budget} h semanales.").format(
                used=fmt_number(actions.total_hours, 2), budget=fmt_number(actions.budget_hours, 2))))
        else:
            notes.append(message_html("warning", _(
                "No cabe: tus acciones piden {used} h a la semana y tienes {budget} h. Quita "
                "horas a la acción menos importante.").format(
                    used=fmt_number(actions.total_hours, 2), budget=fmt_number(actions.budget_hours, 2))))
        if any(r.hours == 0 for r in actions.rows):
            notes.append(message_html("info", _("Un objetivo con 0 horas no avanza solo: dale al "
                                                "menos un rato a la semana o déjalo para más "
                                                "adelante.")))
        panel.message.value = "".join(notes)

    @guarded(panel)
    def save(_button=None) -> None:
        if from_example:
            panel.show("info", _("Son los objetivos del negocio de ejemplo: no los guardo como tuyos. "
                                 "Escribe los tuyos en el módulo 1 y vuelve aquí."))
            return
        try:
            updated = review.with_actions(plan, read())
        except InvalidInputError as exc:
            panel.message.value = messages_html("error", [str(exc), _("No he guardado nada todavía.")])
            return
        plan_file.update_section("objectives", updated, plan_path)
        plan["objectives"] = updated
        panel.saved = updated
        panel.show("ok", _("Acciones y horas guardadas en {path}.").format(
            path=plan_file.display_path(plan_path)))

    return connect(panel, refresh, save)


# --- 3. the seven mistakes --------------------------------------------------------------------


class SelfAuditPanel(Panel):
    score: dict | None = None       # the last score of the answers


def build_self_audit(plan: Plan | None) -> Panel:
    """The seven mistakes as questions about ``plan``, with its evidence; the score updates."""
    items = review.self_audit(plan or {})
    # Every question starts open: she answers; what her plan suggests is shown, not chosen.
    options = [(_("— elige —"), review.UNANSWERED),
               *[(review.answer_label(a), a) for a in review.ANSWERS]]
    controls: dict[str, widgets.Widget] = {}
    silent = _("Tu plan todavía no dice nada de esto.")
    for n, item in enumerate(items, start=1):
        evidence = "".join(f"<li>{html.escape(e)}</li>" for e in item.evidence) or \
            f"<li><em>{html.escape(silent)}</em></li>"
        hint = (_("Lo que sugiere tu plan: «{answer}».").format(
            answer=review.answer_label(item.default_answer)) if item.verdict is not None else "")
        controls[f"info_{item.key}"] = widgets.HTML(value=(
            f"<p style='margin:8px 0 0'><strong>{n}. {html.escape(item.title)}</strong><br>"
            f"{html.escape(item.question)}</p><ul style='margin:2px 0'>{evidence}</ul>"
            + (f"<p style='margin:0;color:#4d4d4d'><em>{html.escape(hint)}</em></p>" if hint else "")))
        controls[item.key] = widgets.Dropdown(options=options, value=review.UNANSWERED,
                                              description=_("Respuesta {n}").format(n=n),
                                              style=LABEL_STYLE)
    panel = SelfAuditPanel(_("Los siete errores: ¿caes en alguno?"), controls)

    @guarded(panel)
    def refresh(_change=None) -> None:
        answers = {item.key: controls[item.key].value for item in items}
        score = review.audit_score(items, answers, suggest=False)
        panel.score = score
        answered = score["total"] - score["unanswered"]
        panel.result.value = html_table([
            (_("Preguntas respondidas"), f"{answered} / {score['total']}"),
            (_("Errores que evitas"), str(score["avoided"])),
            (_("Errores en los que caes"), str(score["fallen"])),
            (_("Sin respuesta clara"), str(score["unsure"])),
        ], _("Tu puntuación"))
        kind = "info" if score["unanswered"] else "ok" if score["fallen"] == 0 else "warning"
        panel.show(kind, review.audit_advice(score))

    for item in items:
        controls[item.key].observe(refresh, names="value")
    refresh()
    return panel


# --- 4. the document --------------------------------------------------------------------------


_MIME = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown",
         "ics": "text/calendar"}


class PlanExportPanel(Panel):
    written: list                   # the files the last export wrote


def build_plan_export(planner: Panel | None = None, plan_path=None, *, profile: dict | None = None,
                      clock=None) -> Panel:
    """Save the planner's actions (if given) and write the plan document next to the plan file.

    ``clock`` returns the current ``datetime`` (tests pass a fixed one); it dates the
    routine's calendar, which starts on the next Monday.
    """
    formats = [(_("HTML (para ver e imprimir)"), "html"), (_("PDF"), "pdf"),
               (_("Markdown (texto)"), "md"), (_("Los tres"), "all")]
    controls = {"format": dropdown(_("Formato del documento"), formats, "html"),
                "save": button(_("Guardar en mi plan y crear el documento"))}
    links = widgets.HTML(value="")
    panel = PlanExportPanel(_("Tu plan, listo para imprimir"), controls, extra=[links], written=[])
    clock = clock or (lambda: datetime.now(timezone.utc).replace(microsecond=0))

    @guarded(panel)
    def save(_button=None) -> None:
        if planner is not None and not planner.from_example:  # the example's are never saved
            planner.saved = None
            planner.save()
            if planner.saved is None:
                panel.show("error", _("No he podido guardar tus acciones: mira el mensaje del plan "
                                      "de acción, más arriba."))
                return
        chosen = controls["format"].value
        if chosen not in ("html", "pdf", "md", "all"):
            raise InvalidInputError(_("Elige un formato de la lista."))
        plan, notice = _load(plan_path)
        if profile and not plan.get("profile"):
            plan["profile"] = dict(profile)
        folder = plan_file.resolve_path(plan_path).parent
        written = [plan_document.render(plan, f, folder)
                   for f in (("html", "pdf", "md") if chosen == "all" else (chosen,))]
        now = clock()
        calendar = plan_document.write_calendar(plan, folder, start=_next_monday(now.date()), dtstamp=now)
        if calendar is not None:
            written.append(calendar)
        panel.written = written
        links.value = "".join(download_link(p.read_bytes(), p.name, _MIME[p.suffix[1:]],
                                            _("Descargar {file}").format(file=p.name)) for p in written)
        todo = [s for s in review.section_status(plan) if s.status != "done"]
        text_ok = _("Documento guardado en {folder}: {files}.").format(
            folder=plan_file.display_path(folder), files=", ".join(p.name for p in written))
        notes = [message_html("error", notice)] if notice else []
        notes.append(message_html("ok", text_ok))
        if todo:
            notes.append(message_html("info", _("Aún faltan {n} secciones: salen en el documento "
                                                "como «por hacer».").format(n=len(todo))))
        panel.message.value = "".join(notes)

    controls["save"].on_click(save)
    return panel


def _next_monday(today: date) -> date:
    return next_monday(today)
