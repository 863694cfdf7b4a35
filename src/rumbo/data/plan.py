"""The learner's plan file: the thread through the course.

Module 0 writes the business profile; each later module adds its section
(objectives, KPIs, hours, routine, listening...); the capstone renders it.

Where it lives (first that applies):
1. the ``path`` argument (the notebooks' ``plan_path`` parameter),
2. the ``RUMBO_PLAN`` environment variable,
3. ``~/rumbo/mi_plan.json``.

The file is JSON with a ``schema_version``. Writes are atomic (a temporary
file in the same folder, then ``os.replace``), so a crash never leaves half a
plan. A file that cannot be read is moved aside (``mi_plan.json.corrupt-N``)
and reported with :class:`CorruptPlanError`; it is never silently replaced.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from rumbo.core.errors import PlanError
from rumbo.core.i18n import _

SCHEMA_VERSION = 1

#: Sections a plan may hold, in the order the course fills them.
SECTIONS = (
    "profile", "objectives", "milestones", "kpis", "time_budget",
    "routine", "habit", "listening", "response_protocol",
)


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


def migrate(plan: dict) -> dict:
    """Bring an older plan up to :data:`SCHEMA_VERSION`, one step at a time."""
    version = plan.get("schema_version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise PlanError(
            _("Este plan lo creó una versión más nueva de Rumbo (versión {version}). "
              "Actualiza el curso antes de abrirlo.").format(version=version)
        )
    while version < SCHEMA_VERSION:
        plan = MIGRATIONS[version](plan)
        version = plan["schema_version"]
    return plan


def _move_aside(path: Path) -> Path:
    n = 1
    while (target := path.with_name(f"{path.name}.corrupt-{n}")).exists():
        n += 1
    os.replace(path, target)
    return target


def load_plan(path: str | os.PathLike | None = None) -> dict:
    """Read the plan; a missing file gives a new, empty plan.

    An unreadable file is moved aside and :class:`CorruptPlanError` says where.
    """
    path = resolve_path(path)
    if not path.exists():
        return new_plan()
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(plan, dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError):
        moved = _move_aside(path)
        raise CorruptPlanError(
            _("Tu plan en {path} estaba dañado y no se podía leer. Lo he guardado aparte como "
              "{moved} y empezamos uno nuevo; tu formador puede ayudarte a recuperarlo.").format(
                  path=display_path(path), moved=moved.name),
            moved,
        ) from None
    return migrate(plan)


def save_plan(plan: dict, path: str | os.PathLike | None = None) -> Path:
    """Write the whole plan atomically; returns the path written."""
    path = resolve_path(path)
    plan = {**plan, "schema_version": SCHEMA_VERSION}
    text = json.dumps(plan, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".mi_plan-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise PlanError(
            _("No he podido guardar tu plan en {path} ({reason}). Comprueba que la carpeta "
              "existe y que puedes escribir en ella.").format(
                  path=display_path(path), reason=exc.strerror or exc)
        ) from exc
    return path


def update_section(section: str, value: Any, path: str | os.PathLike | None = None) -> dict:
    """Load the plan, set one section, save it, and return the plan.

    A corrupt file is moved aside by :func:`load_plan`; the new section is
    saved in a fresh plan and the error still reaches the caller, so the
    learner is told and nothing is lost.
    """
    if section not in SECTIONS:
        raise ValueError(f"unknown plan section {section!r}; known: {SECTIONS}")
    try:
        plan = load_plan(path)
    except CorruptPlanError as corrupt:
        plan = new_plan()
        plan[section] = value
        save_plan(plan, path)
        raise CorruptPlanError(
            str(corrupt) + " " + _("Lo que acabas de guardar ya está en el plan nuevo."),
            corrupt.moved_to,
        ) from None
    plan[section] = value
    save_plan(plan, path)
    return plan
