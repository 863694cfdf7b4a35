"""``rumbo classroom report``: the class's grades as CSV and a dashboard in one HTML page.

``informes/notas.csv`` has one row per learner and exercise, a missing hand-in
as an explicit row ("no entregado"), the reason for anything unusual, and
whether the trainer still has answers to read. ``notas_excel.csv`` is the same
table as Spanish Excel opens it with a double click (``;``, decimal comma).
Both are spreadsheet-safe (:mod:`spreadsheet`): nothing a learner typed becomes
a formula.
``informes/panel.html`` shows, per exercise, the distribution of scores, the
share of learners who got each question right, who has not handed in, the
questions most learners miss, and every incident the grader reported. Charts
are inline SVG (no internet needed), in the course's colour-blind-safe palette.

The data comes from nbgrader's gradebook (so manual grades entered in the
formgrader count) and from the grader's results (statuses and reasons). Written
answers not marked yet are left out of a learner's maximum, and so of the
percentages and the average, until the trainer marks them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from rumbo.classroom import diagnose, pages
from rumbo.classroom.feedback_page import pending_points
from rumbo.classroom.folder import OUTBOX, REPORTS, SOURCE, SUBMITTED, ClassFolder
from rumbo.classroom.grade import GRADED, load_results
from rumbo.classroom.spreadsheet import SafeWriter
from rumbo.core.i18n import fmt_number, fmt_percent, translator

_, N_, ngettext = translator("classroom")

NOT_SUBMITTED, NOT_GRADED = "no_entregado", "sin_corregir"
STATUS_LABELS = {
    GRADED: N_("corregido"), NOT_SUBMITTED: N_("no entregado"), NOT_GRADED: N_("entregado, sin corregir"),
    diagnose.EMPTY: N_("archivo vacío"), diagnose.UNREADABLE: N_("archivo ilegible"),
    diagnose.NOT_NOTEBOOK: N_("no es un cuaderno"), diagnose.OTHER: N_("otro ejercicio"),
    "error": N_("no se pudo corregir"),
}
CSV_COLUMNS = ("id", "nombre", "apellidos", "email", "ejercicio", "estado", "nota", "nota_maxima",
               "porcentaje", "pendiente_manual", "motivo")


@dataclass
class Row:
    id: str
    nombre: str
    apellidos: str
    email: str
    ejercicio: str
    estado: str
    nota: float | None
    nota_maxima: float
    pendiente_manual: bool = False
    motivo: str = ""
    questions: dict[str, float] = field(default_factory=dict)  # grade_id -> share of the points (0..1)

    @property
    def porcentaje(self) -> float | None:
        if self.nota is None or not self.nota_maxima:
            return None
        return self.nota / self.nota_maxima


@dataclass
class ReportResult:
    csv: Path
    excel_csv: Path
    dashboard: Path
    rows: list[Row]


def reported_assignments(cls: ClassFolder, include_all: bool = False) -> list[str]:
    """Exercises the class has started: released, collected or graded (all with ``include_all``)."""
    every = cls.assignments()
    if include_all:
        return every
    started = [a for a in every if (cls.path / OUTBOX / a).is_dir() or cls.results_file(a).exists()
               or any((cls.path / SUBMITTED).glob(f"*/{a}"))]
    return started or every


def question_meta(cls: ClassFolder, assignment: str) -> dict[str, dict]:
    """grade_id -> label, points and whether a person grades it, from the source notebooks."""
    meta: dict[str, dict] = {}
    for path in sorted((cls.path / SOURCE / assignment).glob("*.ipynb")):
        nb = diagnose.read_notebook(path) or {}
        names = diagnose.labels(nb)
        for cell in nb.get("cells", []):
            info = (cell.get("metadata") or {}).get("nbgrader") or {}
            if info.get("grade"):
                meta[info["grade_id"]] = {
                    "label": names.get(info["grade_id"]) or info["grade_id"],
                    "points": float(info.get("points") or 0),
                    "manual": bool(info.get("solution")) or cell.get("cell_type") == "markdown",
                }
    return meta


def build_rows(cls: ClassFolder, assignments: list[str]) -> list[Row]:
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    from rumbo.classroom.folder import tools_on_path  # with the gradebook: only when the report is made

    roster = cls.roster().learners
    rows: list[Row] = []
    tools_on_path()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(cls.db_url, "rumbo") as gb:
            for assignment in assignments:
                results = load_results(cls, assignment).get("outcomes", {})
                try:
                    top = float(gb.find_assignment(assignment).max_score)
                except MissingEntry:
                    top = sum(q["points"] for q in question_meta(cls, assignment).values())
                for learner in roster:
                    outcome = results.get(learner.id)
                    handed = cls.submitted(learner.id, assignment).is_dir()
                    row = Row(learner.id, learner.nombre, learner.apellidos, learner.email, assignment,
                              NOT_SUBMITTED, None, top)
                    if outcome:
                        row.estado = outcome.get("status", "error")
                        row.motivo = " ".join(outcome.get("notes", []))
                        row.nota = outcome.get("score")
                    elif handed:
                        row.estado = NOT_GRADED
                    if row.estado == GRADED:
                        try:
                            sub = gb.find_submission(assignment, learner.id)
                        except MissingEntry:
                            sub = None
                        if sub is not None:
                            row.nota = float(sub.score)
                            row.nota_maxima = float(sub.max_score) - pending_points(sub)
                            row.pendiente_manual = bool(sub.needs_manual_grade)
                            for notebook in sub.notebooks:
                                for grade in notebook.grades:
                                    if grade.max_score:
                                        row.questions[grade.name] = float(grade.score) / float(grade.max_score)
                    elif row.estado not in (NOT_SUBMITTED, NOT_GRADED) and row.nota is None:
                        row.nota = 0.0
                    rows.append(row)
    return rows


def _csv_text(rows: list[Row], excel: bool) -> str:
    buf = io.StringIO()
    writer = SafeWriter(buf, delimiter=";" if excel else ",", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def number(value: float | None, digits: int = 2) -> str:
        if value is None:
            return ""
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if excel else text

    for r in rows:
        writer.writerow([r.id, r.nombre, r.apellidos, r.email, r.ejercicio, _(STATUS_LABELS.get(r.estado, r.estado)),
                         number(r.nota), number(r.nota_maxima),
                         number(None if r.porcentaje is None else r.porcentaje * 100, 1),
                         _("sí") if r.pendiente_manual else _("no"), r.motivo])
    return buf.getvalue()


# --- charts ----------------------------------------------------------------------------------------


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _style():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib as mpl

    from rumbo.views.palette import chart_style  # chart style and palette: only when the report draws

    chart_style()
    mpl.rcParams["svg.fonttype"] = "none"


def distribution_chart(percentages: list[float], title: str) -> str:
    import matplotlib.pyplot as plt

    from rumbo.views.palette import PALETTE  # chart style and palette: only when the report draws

    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    bins = [i * 10 for i in range(11)]
    ax.hist([p * 100 for p in percentages], bins=bins, color=PALETTE[0], edgecolor="white")
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("Nota (% de la nota máxima)"))
    ax.set_ylabel(_("Alumnos"))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, loc="left")
    return _svg(fig)


def questions_chart(items: list[tuple[str, float]], title: str) -> str:
    import matplotlib.pyplot as plt

    from rumbo.views.palette import PALETTE  # chart style and palette: only when the report draws

    labels = [label if len(label) <= 48 else label[:47] + "…" for label, _share in items]
    values = [share * 100 for _label, share in items]
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(items) + 1.0))
    colours = [PALETTE[3] if v < 50 else PALETTE[2] for v in values]
    ax.barh(range(len(items)), values, color=colours)
    ax.set_yticks(range(len(items)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("Alumnos que la tienen bien (%)"))
    ax.set_title(title, loc="left")
    return _svg(fig)


def dashboard_data(cls: ClassFolder, rows: list[Row], assignments: list[str]) -> dict:
    sections = []
    for assignment in assignments:
        mine = [r for r in rows if r.ejercicio == assignment]
        graded = [r for r in mine if r.estado == GRADED and r.porcentaje is not None]
        meta = question_meta(cls, assignment)
        auto = [gid for gid, m in meta.items() if not m["manual"]]
        shares = []
        for gid in auto:
            scored = [r.questions.get(gid, 0.0) for r in graded]
            if scored:
                shares.append((meta[gid]["label"], sum(1 for s in scored if s >= 0.999) / len(scored), gid))
        missed = sorted(shares, key=lambda item: (item[1], item[0]))
        missing = [r for r in mine if r.estado == NOT_SUBMITTED]
        incidents = [r for r in mine if r.motivo]
        average = sum(r.porcentaje for r in graded) / len(graded) if graded else None
        sections.append({
            "assignment": assignment,
            "tiles": [
                (_("alumnos"), fmt_number(len(mine))),
                (_("entregas"), fmt_number(len(mine) - len(missing))),
                (_("corregidas"), fmt_number(len(graded))),
                (_("nota media"), fmt_percent(average, 0) if average is not None else "—"),
                (_("por revisar a mano"), fmt_number(sum(1 for r in graded if r.pendiente_manual))),
            ],
            "distribution": distribution_chart([r.porcentaje for r in graded],
                                               _("Distribución de notas")) if graded else "",
            "questions": questions_chart([(label, share) for label, share, _gid in shares],
                                         _("Acierto por pregunta")) if shares else "",
            "missed": [(label, fmt_percent(1 - share, 0)) for label, share, _gid in missed if share < 1][:5],
            "missing": [f"{r.nombre} {r.apellidos}".strip() + f" ({r.id})" for r in missing],
            "incidents": [(f"{r.nombre} {r.apellidos}".strip() + f" ({r.id})",
                           _(STATUS_LABELS.get(r.estado, r.estado)),
                           "—" if r.nota is None else f"{fmt_number(r.nota, 1)}/{fmt_number(r.nota_maxima, 1)}",
                           r.motivo) for r in incidents],
            "grades": [(f"{r.nombre} {r.apellidos}".strip(), r.id, _(STATUS_LABELS.get(r.estado, r.estado)),
                        "—" if r.nota is None else f"{fmt_number(r.nota, 1)}/{fmt_number(r.nota_maxima, 1)}",
                        _("sí") if r.pendiente_manual else "") for r in mine],
        })
    return {"sections": sections}


def render_dashboard(data: dict, title: str) -> str:
    labels = {
        "lang": "es", "title": title,
        "intro": _("Notas automáticas de nbgrader y las puntuaciones manuales que hayas puesto en el "
                   "formgrader. Las respuestas escritas cuentan cuando las puntúes."),
        "distribution": _("Distribución de notas"), "questions": _("Acierto por pregunta"),
        "missed": _("Preguntas que más se fallan"), "missing": _("Quién no ha entregado"),
        "incidents": _("Incidencias"), "grades": _("Notas"), "nobody": _("Nadie: todos han entregado."),
        "none": _("Ninguna."), "question": _("Pregunta"), "fail": _("La fallan"),
        "learner": _("Alumno"), "status": _("Estado"), "score": _("Nota"), "reason": _("Motivo"),
        "manual": _("Por revisar a mano"), "no_chart": _("Todavía no hay entregas corregidas."),
        "exercise": _("Ejercicio"),
    }
    return pages.render("classroom_panel.html", data=data, labels=labels)


def make_report(cls: ClassFolder, include_all: bool = False, out_dir: Path | None = None) -> ReportResult:
    assignments = reported_assignments(cls, include_all)
    rows = build_rows(cls, assignments)
    folder = out_dir or cls.path / REPORTS
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, excel_path, html_path = folder / "notas.csv", folder / "notas_excel.csv", folder / "panel.html"
    csv_path.write_text(_csv_text(rows, excel=False), encoding="utf-8")
    excel_path.write_text("\ufeff" + _csv_text(rows, excel=True), encoding="utf-8")
    _style()
    data = dashboard_data(cls, rows, assignments)
    html_path.write_text(render_dashboard(data, _("Panel de la clase")), encoding="utf-8")
    return ReportResult(csv_path, excel_path, html_path, rows)
