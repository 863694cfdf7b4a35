"""The learner's plan file: the thread through the course.

Module 0 writes the business profile; each later module adds its section
(objectives, KPIs, hours, routine, listening...); the capstone renders it.
What each section holds is written down in :mod:`rumbo.data.schema`.

Where it lives (first that applies):
1. the ``path`` argument (the notebooks' ``plan_path`` parameter),
2. the ``RUMBO_PLAN`` environment variable,
3. ``~/rumbo/mi_plan.json``.

The file is JSON with a ``schema_version`` (a whole number, 0 or more). It is
safe to use from several programs at once (JupyterLab and the app side by side):

- every load-change-save holds a lock file next to the plan (``.mi_plan.json.lock``,
  the ``filelock`` library), so two programs saving different sections at the
  same moment both keep their section;
- writes are atomic (a temporary file in the same folder, then ``os.replace``),
  so a crash never leaves half a plan, and temporary files a crash left behind
  are removed at the next save;
- a file that cannot be read, or whose ``schema_version`` is not a whole number
  of 0 or more, is moved aside (``mi_plan.json.corrupt-N``) and reported with
  :class:`CorruptPlanError`; it is never silently replaced;
- a plan written by a newer Rumbo is left untouched, with a message;
- a known section of the wrong type (``"profile": 5``) is left out of what
  :func:`load_plan` returns, and :func:`load_plan_checked` says which: the
  course goes on without that section until the learner saves it again.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

from filelock import FileLock, Timeout

from rumbo.core.errors import PlanError
from rumbo.core.i18n import translator
from rumbo.data.schema import SECTIONS, check_sections

_, N_, ngettext = translator("plan")

SCHEMA_VERSION = 1
#: Seconds to wait for another program that is saving the same plan.
LOCK_TIMEOUT = 30


class CorruptPlanError(PlanError):
    """The plan file was unreadable; it has been moved to ``moved_to``."""

    def __init__(self, message: str, moved_to: Path):
        super().__init__(message)
        self.moved_to = moved_to


def default_plan_path() -> Path:
    env = os.environ.get("RUMBO_PLAN")
    if env:
        return Path(env).expanduser()
    return Path.home() / "rumbo" / "mi_plan.json"


def resolve_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path).expanduser() if path else default_plan_path()


def display_path(path: str | os.PathLike | None = None) -> str:
    """The plan path as a learner reads it, with the home folder shortened to ``~``."""
    resolved = resolve_path(path)
    try:
        return "~/" + resolved.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(resolved)


def new_plan(language: str = "es") -> dict:
    return {"schema_version": SCHEMA_VERSION, "language": language}


# Each migration turns a plan of version N into version N + 1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {
    # Version 0 (course drafts) kept the profile at the top level.
    0: lambda old: {
        "schema_version": 1,
        "language": old.get("language", "es"),
        "profile": {k: v for k, v in old.items() if k not in ("schema_version", "language")},
    },
}


class _BadVersion(ValueError):
    """``schema_version`` is not a whole number of 0 or more."""


def migrate(plan: dict) -> dict:
    """Bring an older plan up to :data:`SCHEMA_VERSION`, one step at a time."""
    version = plan.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise _BadVersion(version)
    if version > SCHEMA_VERSION:
        raise PlanError(
            _("Este plan lo creó una versión más nueva de Rumbo (versión {version}). "
              "Actualiza el curso antes de abrirlo.").format(version=version)
        )
    while version < SCHEMA_VERSION:
        plan = MIGRATIONS[version](plan)
        version = plan["schema_version"]
    return plan


# --- the file, under its lock ---------------------------------------------------------------


def lock_path(path: Path) -> Path:
    """The lock file of a plan: ``.mi_plan.json.lock`` beside ``mi_plan.json``."""
    return path.with_name(f".{path.name}.lock")


@contextmanager
def _lock(path: Path, *, reading: bool = False):
    """Hold the plan's lock. A plan in a folder where no lock file can be made is still read."""
    if not reading:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot_save(path, exc) from exc
    lock = FileLock(lock_path(path), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except Timeout:
        raise PlanError(_("Otro programa lleva demasiado tiempo guardando tu plan en {path}. "
                          "Espera un momento y vuelve a intentarlo.").format(
                              path=display_path(path))) from None
    except OSError as exc:
        if not reading:
            raise _cannot_save(path, exc) from exc
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _cannot_save(path: Path, exc: OSError) -> PlanError:
    return PlanError(
        _("No he podido guardar tu plan en {path} ({reason}). Comprueba que la carpeta "
          "existe y que puedes escribir en ella.").format(
              path=display_path(path), reason=exc.strerror or exc))


def _move_aside(path: Path) -> Path:
    n = 1
    while (target := path.with_name(f"{path.name}.corrupt-{n}")).exists():
        n += 1
    os.replace(path, target)
    return target


def _read(path: Path) -> dict:
    """The plan in ``path``, migrated (call with the lock held)."""
    if not path.exists():
        return new_plan()
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(plan, dict):
            raise ValueError("not an object")
        return migrate(plan)
    except _BadVersion as exc:
        moved = _move_aside(path)
        message = _("Tu plan en {path} dice que es de la versión «{version}», y la versión es un "
                    "número entero de 0 en adelante. Lo he guardado aparte como {moved} y "
                    "empezamos uno nuevo; tu formador puede ayudarte a recuperarlo.").format(
                        path=display_path(path), version=exc.args[0], moved=moved.name)
    except (ValueError, UnicodeDecodeError):
        moved = _move_aside(path)
        message = _("Tu plan en {path} estaba dañado y no se podía leer. Lo he guardado aparte "
                    "como {moved} y empezamos uno nuevo; tu formador puede ayudarte a "
                    "recuperarlo.").format(path=display_path(path), moved=moved.name)
    raise CorruptPlanError(message, moved)


def _write(plan: dict, path: Path) -> None:
    """Write ``plan`` atomically (call with the lock held); remove temporary files of crashes."""
    plan = {**plan, "schema_version": SCHEMA_VERSION}
    text = json.dumps(plan, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
    prefix = f".{path.name}-"
    try:
        for orphan in path.parent.glob(f"{prefix}*.tmp"):  # the lock is ours: nobody is writing
            orphan.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise _cannot_save(path, exc) from exc


def load_plan_checked(path: str | os.PathLike | None = None) -> tuple[dict, list[str]]:
    """The plan (a new one if there is no file) and a message for each section left out.

    An unreadable file is moved aside and :class:`CorruptPlanError` says where.
    """
    path = resolve_path(path)
    if not path.exists():
        return new_plan(), []
    with _lock(path, reading=True):
        plan = _read(path)
    return check_sections(plan)


def load_plan(path: str | os.PathLike | None = None) -> dict:
    """The plan as the course uses it: sections of the wrong type left out (see
    :func:`load_plan_checked` for the messages)."""
    return load_plan_checked(path)[0]


def save_plan(plan: dict, path: str | os.PathLike | None = None) -> Path:
    """Write the whole plan atomically; returns the path written."""
    path = resolve_path(path)
    with _lock(path):
        _write(plan, path)
    return path


def update_section(section: str, value: Any, path: str | os.PathLike | None = None) -> dict:
    """Load the plan, set one section, save it, and return the plan, all under the lock.

    The other sections are written back exactly as they were in the file, even
    one of the wrong type. A corrupt file is moved aside: the new section is
    saved in a fresh plan and the error still reaches the caller, so the learner
    is told and nothing is lost.
    """
    if section not in SECTIONS:
        raise ValueError(f"unknown plan section {section!r}; known: {SECTIONS}")
    path = resolve_path(path)
    with _lock(path):
        try:
            plan = _read(path)
        except CorruptPlanError as corrupt:
            _write({**new_plan(), section: value}, path)
            raise CorruptPlanError(
                str(corrupt) + " " + _("Lo que acabas de guardar ya está en el plan nuevo."),
                corrupt.moved_to,
            ) from None
        plan[section] = value
        _write(plan, path)
    return check_sections(plan)[0]
