"""The course notebooks of each learner, personalised as ``rumbo classroom personalize`` does.

A learner's workbooks differ from a classmate's only by the example business
whose data they show (the plan path stays the default, ``~/rumbo/mi_plan.json``,
which is each learner's own home) and by a first cell that names them. So
each course notebook is run with papermill once per example business used in
the class (cached in ``CLASS_DIR/hub/cuadernos/BUSINESS/``), and the course's
own notebooks, committed executed for their default business, are used as
they are. The first cell also links the code-free app on the learner's own
server.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rumbo.apps.hub.state import Hub
from rumbo.classroom.roster import Learner, example_business
from rumbo.core.errors import DataError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

HOME_COURSE = "rumbo/curso"
HOME_APP = "rumbo/app"
APP_URL = "/hub/user-redirect/voila/render/rumbo/app/index.ipynb"
FIRST_MODULE = "00_bienvenida.ipynb"
BUSINESS_RE = re.compile(r"""^business\s*=\s*["']([a-z_]+)["']""", re.M)


def course_notebooks(hub: Hub) -> list[Path]:
    return sorted(hub.cls.course_notebooks_dir.glob("[0-9][0-9]_*.ipynb"))


def default_business(notebook: Path) -> str | None:
    """The business a course notebook was committed with (its ``parameters`` cell)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            found = BUSINESS_RE.search("".join(cell["source"]))
            return found.group(1) if found else None
    return None


def _execute(task: tuple[str, str, str]) -> str:
    """Run one course notebook for one business (in a worker process); returns an error or ''."""
    import papermill

    source, output, business = task
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["RUMBO_PLAN"] = str(Path(scratch) / "mi_plan.json")  # the run must not touch a real plan
        os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        try:
            papermill.execute_notebook(source, output, parameters={"business": business, "plan_path": None},
                                       kernel_name="python3", cwd=str(Path(source).parent), progress_bar=False,
                                       log_output=False, execution_timeout=600)
        except Exception as exc:  # papermill raises its own errors and kernel errors alike
            return f"{Path(source).name}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}"
    return ""


def prepare_businesses(hub: Hub, businesses: set[str], workers: int | None = None) -> list[str]:
    """Run the course for each business not run yet; returns the notebooks that failed."""
    tasks = []
    for notebook in course_notebooks(hub):
        for business in sorted(businesses):
            target = hub.workbooks / business / notebook.name
            if business != default_business(notebook) and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                tasks.append((str(notebook), str(target), business))
    if not tasks:
        return []
    with ProcessPoolExecutor(max_workers=max(1, min(workers or os.cpu_count() or 1, len(tasks)))) as pool:
        return [error for error in pool.map(_execute, tasks) if error]


def learner_business(hub: Hub, learner: Learner) -> str:
    from rumbo.data import list_businesses  # reads datasets/: only when a learner is placed

    return example_business(learner, list_businesses())[0]


def header(learner: Learner, business: str) -> str:
    return _("**Cuaderno de {name}** · {business}. Los ejemplos usan los datos de «{example}»; tu plan se guarda en "
             "`~/rumbo/mi_plan.json`, en tu carpeta. ¿Prefieres no ver código? [Abre la app sin código]({url}): "
             "los mismos controles y el mismo plan.").format(
                 name=learner.full_name or learner.id, business=learner.negocio or "—", example=business,
                 url=APP_URL)


def workbooks_for(hub: Hub, learner: Learner) -> dict[str, bytes]:
    """Relative path in the home -> content: the learner's course notebooks and the app's pages."""
    business = learner_business(hub, learner)
    files: dict[str, bytes] = {}
    for notebook in course_notebooks(hub):
        source = notebook if business == default_business(notebook) else hub.workbooks / business / notebook.name
        if not source.exists():
            raise DataError(_("Falta el cuaderno {name} del negocio «{business}»: vuelve a arrancar el hub para "
                              "prepararlo.").format(name=notebook.name, business=business))
        nb = json.loads(source.read_text(encoding="utf-8"))
        nb.setdefault("metadata", {})["rumbo"] = {"alumno": learner.id, "negocio": business}
        nb["cells"].insert(0, {"cell_type": "markdown", "id": "rumbo-alumno", "metadata": {},
                               "source": header(learner, business)})
        files[f"{HOME_COURSE}/{notebook.name}"] = (json.dumps(nb, ensure_ascii=False, indent=1) + "\n").encode()
    for page in sorted((hub.cls.course / "app").glob("*.ipynb")):
        files[f"{HOME_APP}/{page.name}"] = page.read_bytes()
    return files
