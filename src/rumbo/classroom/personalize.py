"""``rumbo classroom personalize``: a workbook per learner, run with their business.

Every course notebook (``course/NN_slug.ipynb``) is executed with papermill for
each learner, with the parameters of the notebooks' ``parameters`` cell:
``business`` (the bundled example closest to the learner's business, see
:func:`roster.example_business`), ``plan_path`` (the learner's own plan file,
next to their workbooks) and ``language``. The results go to
``cuadernos/ID/``, with a first cell that says whose workbook it is. Runs are
spread over the available cores, with a progress bar; a notebook that fails
for one learner is reported and the others go on.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rumbo.classroom.folder import WORKBOOKS, ClassFolder
from rumbo.classroom.roster import example_business
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("classroom")

PLAN_NAME = "mi_plan.json"


@dataclass
class PersonalizeResult:
    written: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def course_notebooks(cls: ClassFolder, modules: list[str] | None = None) -> list[Path]:
    folder = cls.course_notebooks_dir
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if modules:
        wanted = {m.strip().removeprefix("en_")[:2].zfill(2) for m in modules if m.strip()}
        found = [p for p in found if p.name[:2] in wanted]
    if not found:
        raise InvalidInputError(_("No encuentro cuadernos del curso que personalizar en {path}.").format(
            path=folder))
    return found


def _run_one(task: dict) -> tuple[str, str]:
    """One papermill run in a worker process; returns (output path, error text or '')."""
    import nbformat
    import papermill

    out = Path(task["output"])
    out.parent.mkdir(parents=True, exist_ok=True)
    os.environ["RUMBO_PLAN"] = task["plan_path"]
    os.environ.setdefault("PYTHONHASHSEED", "0")
    scripts = str(Path(sys.executable).parent)
    os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])
    error = ""
    try:
        papermill.execute_notebook(
            task["input"], str(out), parameters=task["parameters"], kernel_name="python3",
            cwd=task["cwd"], progress_bar=False, log_output=False, execution_timeout=task["timeout"],
            request_save_on_cell_execute=False)
    except Exception as exc:  # papermill raises its own errors and kernel errors alike
        error = str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else type(exc).__name__
    if out.exists():
        nb = nbformat.read(out, as_version=4)
        nb.metadata["rumbo"] = {"alumno": task["learner"], "negocio": task["parameters"]["business"]}
        nb.metadata.pop("papermill", None)
        for cell in nb.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(task["header"]))
        nbformat.write(nb, out)
    return str(out), error


def personalize(cls: ClassFolder, modules: list[str] | None = None, learners: list[str] | None = None,
                workers: int | None = None, timeout: int = 600, progress: bool = True,
                language: str | None = None) -> PersonalizeResult:
    """Every course notebook of the class's edition run for each learner, in ``language`` (by
    default, the class's edition)."""
    from tqdm import tqdm

    from rumbo.data import list_businesses  # pandas: loaded when personalising, not when `rumbo` starts

    notebooks = course_notebooks(cls, modules)
    language = language or cls.edition
    roster = cls.roster().learners
    if learners:
        unknown = sorted(set(learners) - {lr.id for lr in roster})
        if unknown:
            raise InvalidInputError(_("Estos alumnos no están en la lista: {ids}.").format(ids=", ".join(unknown)))
        roster = [lr for lr in roster if lr.id in set(learners)]
    result = PersonalizeResult()
    known = list_businesses()
    tasks = []
    for learner in roster:
        business, note = example_business(learner, known)
        if note:
            result.notes.append(note)
        folder = cls.path / WORKBOOKS / learner.id
        header = _("**Cuaderno de {name}** · {business}. Ejemplos con los datos de «{example}»; tu plan se "
                   "guarda en `{plan}`.").format(name=learner.full_name or learner.id,
                                                  business=learner.negocio or "—", example=business,
                                                  plan=PLAN_NAME)
        for notebook in notebooks:
            tasks.append({
                "input": str(notebook), "output": str(folder / notebook.name), "learner": learner.id,
                "cwd": str(notebook.parent), "timeout": timeout, "header": header,
                "plan_path": str(folder / PLAN_NAME),
                "parameters": {"business": business, "plan_path": str(folder / PLAN_NAME), "language": language},
            })
    count = max(1, min(workers or (os.cpu_count() or 1), len(tasks)))
    with ProcessPoolExecutor(max_workers=count) as pool, \
            tqdm(total=len(tasks), desc=_("Personalizando"), unit=_("cuaderno"), disable=not progress,
                 file=sys.stderr) as bar:
        futures = {pool.submit(_run_one, task): task for task in tasks}
        for future in as_completed(futures):
            task = futures[future]
            try:
                path, error = future.result()
            except Exception as exc:  # a crashed worker process
                path, error = task["output"], type(exc).__name__
            rel = str(Path(path).relative_to(cls.path))
            if error:
                result.failed.append(f"{rel}: {error}")
            else:
                result.written.append(rel)
            bar.update(1)
    result.written.sort()
    result.failed.sort()
    return result
