"""The class folder: where everything of one workshop lives, and its nbgrader config.

::

    DIR/
      clase.json            the course it comes from, its edition (es/en), grading limits
      alumnos.csv           the validated roster (UTF-8, comma separated)
      nbgrader_config.py    nbgrader settings of this class (loads nbgrader_curso.py)
      nbgrader_curso.py     a copy of the course's nbgrader settings
      gradebook.db          nbgrader's gradebook (students imported from the roster)
      source/NN_slug/       the course's solutions, copied at init (nbgrader's source)
      release/NN_slug/      nbgrader's release of each exercise
      cuadernos/ID/         each learner's personalised workbooks (personalize)
      envios/NN_slug/       a folder and a zip per learner, ready to send (release)
      submitted/ID/NN_slug/ the hand-in nbgrader grades (collect)
      apartados/ID/NN_slug/ older hand-ins, set aside, never overwritten (collect)
      autograded/, feedback/  nbgrader's outputs (grade, feedback)
      informes/             grading results, grades CSV and dashboard (grade, report)

Every nbgrader command a trainer runs from ``DIR`` (``nbgrader formgrader``,
``nbgrader export``...) reads ``nbgrader_config.py``, so the class works with
plain nbgrader too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import in_language, translator

_, N_, ngettext = translator("classroom")

CLASS_FILE = "clase.json"
ROSTER_FILE = "alumnos.csv"
CONFIG_FILE = "nbgrader_config.py"
COURSE_CONFIG_FILE = "nbgrader_curso.py"
DB_FILE = "gradebook.db"
SOURCE, RELEASE, SUBMITTED, AUTOGRADED, FEEDBACK = "source", "release", "submitted", "autograded", "feedback"
WORKBOOKS, OUTBOX, ASIDE, REPORTS = "cuadernos", "envios", "apartados", "informes"
ASSIGNMENT_RE = re.compile(r"^\d\d_[A-Za-z0-9_]+$")

#: A class follows one edition of the course: its exercises are the solutions of that edition
#: (Spanish ``NN_slug``, English ``en_NN_slug``) and its workbooks come from that edition's notebooks.
EDITIONS = {"es": ASSIGNMENT_RE, "en": re.compile(r"^en_\d\d_[A-Za-z0-9_]+$")}
DEFAULT_EDITION = "es"

#: Grading limits a class starts with (``rumbo classroom grade`` can override each).
DEFAULT_SETTINGS = {"timeout": 60, "memory_mb": 2048, "workers": 0}

#: nbgrader's sanitising before autograde, with two fixes (see rumbo.classroom.preprocessors).
SANITIZE_PREPROCESSORS = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "rumbo.classroom.preprocessors.DropEmptyMetadata",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "rumbo.classroom.preprocessors.RestoreCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

#: nbgrader preprocessors of generate_feedback: hidden tests never reach the learner, nor
#: does any script a learner wrote.
FEEDBACK_PREPROCESSORS = [
    "rumbo.classroom.preprocessors.HideHiddenTests",
    "rumbo.classroom.preprocessors.SanitizeLearnerHTML",
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

#: Last step of every autograde: the autograded notebook, which the formgrader shows on the
#: trainer's Jupyter origin and feedback is made from, carries no learner script.
SANITIZE_STEP = "rumbo.classroom.preprocessors.SanitizeLearnerHTML"

#: nbgrader's own autograde steps, then the sanitizer (a plain ``nbgrader autograde`` in the class).
AUTOGRADE_PREPROCESSORS = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    SANITIZE_STEP,
]


def course_root(explicit: str | os.PathLike | None = None) -> Path:
    """The course repository: ``explicit``, else ``$RUMBO_COURSE``, else the one this package is in."""
    candidates = [explicit, os.environ.get("RUMBO_COURSE"), Path(__file__).resolve().parents[3]]
    for candidate in candidates:
        if candidate and (Path(candidate) / "solutions").is_dir():
            return Path(candidate).resolve()
    raise DataError(_("No encuentro el curso (la carpeta «solutions» con los ejercicios). Indica dónde "
                      "está con --curso o con la variable RUMBO_COURSE."))


def assignments_in(folder: Path, edition: str = DEFAULT_EDITION) -> list[str]:
    """Assignment ids of one edition (``00_bienvenida``... or ``en_00_bienvenida``...) that have a
    folder with a notebook in ``folder``."""
    if not folder.is_dir():
        return []
    pattern = EDITIONS[edition]
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and pattern.match(p.name) and any(p.glob("*.ipynb")))


def assignment_number(assignment: str) -> int:
    """``"01_objetivos"`` and ``"en_01_objetivos"`` -> 1."""
    return int(assignment.removeprefix("en_")[:2])


def check_edition(edition: str) -> str:
    """``"es"`` or ``"en"``; a clear message for anything else."""
    text = str(edition or "").strip().lower()
    if text not in EDITIONS:
        raise InvalidInputError(_("No hay edición del curso en «{edition}». Elige una de estas: {choices}.").format(
            edition=edition, choices=", ".join(EDITIONS)))
    return text


@dataclass
class ClassFolder:
    path: Path
    course: Path
    settings: dict = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    edition: str = DEFAULT_EDITION

    # --- paths -------------------------------------------------------------------------
    def __truediv__(self, other: str) -> Path:
        return self.path / other

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.path / DB_FILE}"

    @property
    def config_file(self) -> Path:
        return self.path / CONFIG_FILE

    def submitted(self, student: str, assignment: str) -> Path:
        return self.path / SUBMITTED / student / assignment

    def autograded(self, student: str, assignment: str) -> Path:
        return self.path / AUTOGRADED / student / assignment

    def feedback(self, student: str, assignment: str) -> Path:
        return self.path / FEEDBACK / student / assignment

    def results_file(self, assignment: str) -> Path:
        return self.path / REPORTS / f"correccion_{assignment}.json"

    # --- assignments ---------------------------------------------------------------------
    def assignments(self) -> list[str]:
        """Assignments of this class: those copied at init plus any the course has added since."""
        return sorted(set(assignments_in(self.path / SOURCE, self.edition))
                      | set(assignments_in(self.course / "solutions", self.edition)))

    @property
    def course_notebooks_dir(self) -> Path:
        """The course notebooks of this class's edition (``course/`` or ``course/en/``)."""
        folder = self.course / "course"
        return folder if self.edition == DEFAULT_EDITION else folder / self.edition

    def notebooks(self, assignment: str) -> list[str]:
        """Notebook names (without .ipynb) of an assignment's source."""
        return sorted(p.stem for p in (self.path / SOURCE / assignment).glob("*.ipynb"))

    def resolve(self, name: str) -> str:
        """``"00_bienvenida"``, ``"00"`` or ``"0"`` -> ``"00_bienvenida"`` (``"en_00_bienvenida"`` in an
        English class, where ``"00_bienvenida"`` is accepted too); a clear error otherwise."""
        known = self.assignments()
        text = str(name).strip().strip("/")
        if text in known:
            return text
        if text.isdigit():
            matches = [a for a in known if assignment_number(a) == int(text)]
            if len(matches) == 1:
                return matches[0]
        matches = [a for a in known if a.startswith(text) or a.removeprefix("en_").startswith(text)] if text else []
        if len(matches) == 1:
            return matches[0]
        raise InvalidInputError(_("No conozco el ejercicio «{name}». Los ejercicios de esta clase son: "
                                  "{choices}.").format(name=name, choices=", ".join(known) or "—"))

    def ensure_assignment(self, assignment: str) -> str:
        """Copy an exercise the course added after init, and release it with nbgrader if needed.

        Accepts what :meth:`resolve` accepts and returns the assignment id.
        """
        assignment = self.resolve(assignment)
        source = self.path / SOURCE / assignment
        if not source.is_dir():
            shutil.copytree(self.course / "solutions" / assignment, source,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        release = self.path / RELEASE / assignment
        if not all((release / f"{nb}.ipynb").exists() for nb in self.notebooks(assignment)):
            generate_assignment(self, assignment)
        return assignment

    # --- roster ----------------------------------------------------------------------------
    def roster(self):
        from rumbo.classroom.roster import read_roster  # the roster is read only by the commands that need it

        return read_roster(self.path / ROSTER_FILE)


def open_class(path: str | os.PathLike) -> ClassFolder:
    """The class in ``path``, or a message saying how to create one."""
    folder = Path(path).expanduser().resolve()
    meta = folder / CLASS_FILE
    if not meta.exists():
        raise InvalidInputError(_("En {path} no hay ninguna clase. Créala con «rumbo classroom init "
                                  "{path} --roster alumnos.csv».").format(path=folder))
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(_("No puedo leer {file}: {error}.").format(file=meta, error=exc)) from None
    settings = dict(DEFAULT_SETTINGS)
    settings.update(info.get("settings", {}))
    course = Path(info.get("course", ""))
    if not (course / "solutions").is_dir():
        course = course_root()
    return ClassFolder(folder, course, settings, check_edition(info.get("edition", DEFAULT_EDITION)))


def config_text(cls: ClassFolder) -> str:
    """The class's nbgrader_config.py: the course's settings plus this folder's paths."""
    timeout = int(cls.settings["timeout"])
    notice = _("Esta celda ({cell_id}) faltaba en la entrega y se ha vuelto a añadir al corregir.") + "\n\n"
    return f'''"""nbgrader settings of this class (written by «rumbo classroom init»; safe to edit).

nbgrader_curso.py is a copy of the course's settings (Spanish stubs, timeouts,
missing test cells restored). Run nbgrader commands from this folder.
"""

c = get_config()  # noqa: F821 (provided by nbgrader)
load_subconfig("{COURSE_CONFIG_FILE}")  # noqa: F821

c.CourseDirectory.root = {str(cls.path)!r}
c.CourseDirectory.course_id = "rumbo"
c.CourseDirectory.source_directory = "{SOURCE}"
c.CourseDirectory.release_directory = "{RELEASE}"
c.CourseDirectory.submitted_directory = "{SUBMITTED}"
c.CourseDirectory.autograded_directory = "{AUTOGRADED}"
c.CourseDirectory.feedback_directory = "{FEEDBACK}"
c.CourseDirectory.db_url = {cls.db_url!r}

# A learner who deletes a test cell gets it back when graded (nbgrader's default is not to);
# RestoreCells and DropEmptyMetadata fix two crashes of nbgrader 0.9.6 with deleted or copied cells.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = {notice!r}
c.Autograde.sanitize_preprocessors = {SANITIZE_PREPROCESSORS!r}
c.Execute.timeout = {timeout}
c.ExecutePreprocessor.timeout = {timeout}
c.Execute.interrupt_on_timeout = True
# A flood of output must not fail the whole notebook: it is cut instead.
c.Execute.raise_on_iopub_timeout = False

# Feedback never shows hidden tests (nbgrader's issue #917). No learner script reaches the
# autograded notebooks (what the formgrader shows) or the feedback pages, whose template (set by
# the course's settings above, rumbo.classroom.feedback_page) also carries a
# Content-Security-Policy that lets no script run.
c.GenerateFeedback.preprocessors = {FEEDBACK_PREPROCESSORS!r}
c.Autograde.autograde_preprocessors = {AUTOGRADE_PREPROCESSORS!r}
'''


def write_class(cls: ClassFolder) -> None:
    cls.path.mkdir(parents=True, exist_ok=True)
    info = {"version": 1, "course": str(cls.course), "edition": cls.edition, "settings": cls.settings}
    (cls.path / CLASS_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    course_config = cls.course / "nbgrader_config.py"
    text = course_config.read_text(encoding="utf-8") if course_config.exists() else "c = get_config()\n"
    (cls.path / COURSE_CONFIG_FILE).write_text(text, encoding="utf-8")
    with in_language(cls.edition):  # its notice of a restored cell reaches the learner's feedback
        text = config_text(cls)
    (cls.path / CONFIG_FILE).write_text(text, encoding="utf-8")


# --- nbgrader in-process ----------------------------------------------------------------


def tools_on_path() -> None:
    """nbgrader creates a gradebook by calling ``alembic``: make this Python's scripts findable."""
    import sys

    scripts = str(Path(sys.executable).parent)
    paths = os.environ.get("PATH", "").split(os.pathsep)
    if scripts not in paths:
        os.environ["PATH"] = os.pathsep.join([scripts, *paths])


def load_config(config_file: Path, overrides: dict | None = None):
    """A traitlets Config from an nbgrader_config.py (and its load_subconfig), plus overrides."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
    for section, values in (overrides or {}).items():
        config.merge(Config({section: values}))
    return config


def run_converter(kind: str, config, assignment: str, student: str = "*") -> dict:
    """Run an nbgrader converter (``autograde``, ``generate_assignment``, ``generate_feedback``)
    in this process; returns nbgrader's ``{"success", "log", "error"}``."""
    from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    tools_on_path()
    classes = {"autograde": Autograde, "generate_assignment": GenerateAssignment,
               "generate_feedback": GenerateFeedback}
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's SAWarnings from inside nbgrader
        app = classes[kind](coursedir=coursedir, config=config)
        app.force = True
        if kind == "autograde":
            app.create_student = True
        return capture_log(app)


def generate_assignment(cls: ClassFolder, assignment: str) -> None:
    result = run_converter("generate_assignment", load_config(cls.config_file), assignment, ".")
    if not result["success"]:
        raise DataError(_("nbgrader no pudo preparar el ejercicio {assignment}: {error}").format(
            assignment=assignment, error=_last_line(result.get("error") or result.get("log") or "")))


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


# --- init -------------------------------------------------------------------------------


def init_class(path: str | os.PathLike, roster_file: str | os.PathLike, course: str | None = None,
               timeout: int | None = None, memory_mb: int | None = None,
               edition: str = DEFAULT_EDITION) -> tuple[ClassFolder, list[str]]:
    """Create a class folder: roster checked and imported, the exercises of ``edition`` copied and released.

    Returns the class and the notes worth telling the trainer (roster warnings).
    """
    from rumbo.classroom.roster import read_roster, write_roster  # the roster is read only by the commands that need it

    edition = check_edition(edition)
    roster = read_roster(roster_file)  # first: a bad roster or edition leaves nothing behind
    folder = Path(path).expanduser().resolve()
    if (folder / CLASS_FILE).exists():
        raise InvalidInputError(_("Ya hay una clase en {path}. Usa otra carpeta o borra esta si "
                                  "quieres empezar de cero.").format(path=folder))
    if folder.exists() and any(folder.iterdir()):
        raise InvalidInputError(_("La carpeta {path} no está vacía. Elige una carpeta nueva para la "
                                  "clase.").format(path=folder))
    settings = dict(DEFAULT_SETTINGS)
    if timeout is not None:
        settings["timeout"] = _positive(timeout, _("el límite por celda"))
    if memory_mb is not None:
        settings["memory_mb"] = _positive(memory_mb, _("la memoria"))
    cls = ClassFolder(folder, course_root(course), settings, edition)
    assignments = assignments_in(cls.course / "solutions", edition)
    if not assignments:
        raise DataError(_("El curso en {path} no tiene ejercicios de la edición «{edition}» en «solutions».").format(
            path=cls.course, edition=edition))
    write_class(cls)
    write_roster(roster, folder / ROSTER_FILE)
    notes = list(roster.warnings)
    prepared = 0
    for assignment in assignments:
        try:
            cls.ensure_assignment(assignment)
            prepared += 1
        except DataError as exc:  # one broken exercise must not stop the class
            shutil.rmtree(folder / SOURCE / assignment, ignore_errors=True)
            notes.append(str(exc))
    if not prepared:
        raise DataError(_("No se pudo preparar ningún ejercicio del curso:") + " " + " ".join(notes))
    import_students(cls, roster)
    return cls, notes


def import_students(cls: ClassFolder, roster) -> None:
    """Every learner of the roster in nbgrader's gradebook (names and e-mail as typed)."""
    from nbgrader.api import Gradebook

    tools_on_path()
    with Gradebook(cls.db_url, "rumbo") as gb:
        for learner in roster:
            gb.update_or_create_student(learner.id, first_name=learner.nombre,
                                        last_name=learner.apellidos, email=learner.email or None)


def _positive(value, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise InvalidInputError(_("{what} tiene que ser un número entero mayor que 0.").format(
            what=what[:1].upper() + what[1:]))
    return number
