"""Where the hub of one class keeps its files, and the names each learner goes by.

Two places, because learners and trainer need different access:

* ``CLASS_DIR/hub/`` (the class folder stays the trainer's alone, mode 700):
  ``hub.json`` (settings), ``cuentas.sqlite`` (codes and passwords),
  ``jupyterhub.sqlite`` (JupyterHub's database), ``cookie_secret`` (sign-ins
  survive a restart), ``cuadernos/BUSINESS/`` (workbooks per example business).
* a system folder every learner can traverse, ``/srv/rumbo/<class>-<hash>/``
  (``$RUMBO_HUB_ROOT`` instead of ``/srv/rumbo``): ``intercambio/`` (nbgrader's
  exchange, see :mod:`rumbo.apps.hub.exchange`) and ``jupyter/`` (the learners'
  Jupyter settings, read-only for them).

A learner's hub name is their roster id in lower case (JupyterHub lowers
names); their Unix user is that name with a prefix (``alumno-`` unless the
trainer chose another), so it never collides with system users such as
``rumbo-jaula``. Names Unix would refuse (too long, odd characters) get a
short hash instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from rumbo.classroom.folder import ClassFolder
from rumbo.classroom.roster import Learner
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

HUB_FOLDER = "hub"
SETTINGS_FILE = "hub.json"
SYSTEM_ROOT_ENV = "RUMBO_HUB_ROOT"
DEFAULT_SYSTEM_ROOT = "/srv/rumbo"
#: nbgrader's course id; the class's nbgrader_config.py uses the same one.
COURSE_ID = "rumbo"
UNIX_NAME_RE = re.compile(r"^[a-z_][a-z0-9_.-]*$")
PREFIX_RE = re.compile(r"^[a-z][a-z0-9-]{0,11}$")
MAX_UNIX_NAME = 32


@dataclass
class HubSettings:
    prefix: str = "alumno-"
    trainer: str = "formador"
    memory_mb: int = 1024
    idle_minutes: float = 60.0
    system_dir: str = ""


def unix_name(prefix: str, hub_name: str) -> str:
    """``("alumno-", "ana-garcia")`` -> ``"alumno-ana-garcia"``; too long or odd -> prefix, slug and hash."""
    name = prefix + hub_name
    if len(name) <= MAX_UNIX_NAME and UNIX_NAME_RE.match(name) and not name.endswith((".", "-")):
        return name
    slug = re.sub(r"[^a-z0-9]+", "-", hub_name).strip("-")[:MAX_UNIX_NAME - len(prefix) - 7]
    digest = hashlib.sha256(hub_name.encode()).hexdigest()[:6]
    return f"{prefix}{slug}-{digest}" if slug else f"{prefix}{digest}"


class Hub:
    """The hub of a class: its folders, settings and names."""

    def __init__(self, cls: ClassFolder, settings: HubSettings):
        self.cls = cls
        self.settings = settings

    # --- places ---------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.cls.path / HUB_FOLDER

    @property
    def system_dir(self) -> Path:
        return Path(self.settings.system_dir)

    @property
    def exchange(self) -> Path:
        return self.system_dir / "intercambio"

    @property
    def jupyter_config(self) -> Path:
        return self.system_dir / "jupyter"

    @property
    def accounts_db(self) -> Path:
        return self.path / "cuentas.sqlite"

    @property
    def hub_db(self) -> Path:
        return self.path / "jupyterhub.sqlite"

    @property
    def cookie_secret(self) -> Path:
        return self.path / "cookie_secret"

    @property
    def workbooks(self) -> Path:
        return self.path / "cuadernos"

    # --- people ---------------------------------------------------------------------------------
    def learners(self) -> dict[str, Learner]:
        """Hub name -> learner, for every learner of the roster."""
        return {learner.id.lower(): learner for learner in self.cls.roster()}

    def learner(self, hub_name: str) -> Learner | None:
        return self.learners().get(hub_name.lower())

    def unix_name(self, hub_name: str) -> str:
        """The Unix user a hub account runs as: the class folder's owner for the trainer."""
        if hub_name == self.settings.trainer:
            return self.trainer_unix_name()
        return unix_name(self.settings.prefix, hub_name.lower())

    def trainer_unix_name(self) -> str:
        return pwd.getpwuid(self.cls.path.stat().st_uid).pw_name

    def hub_names(self) -> list[str]:
        """Every account of the hub: the trainer first, then the learners."""
        return [self.settings.trainer, *sorted(self.learners())]

    def trainer_owner(self) -> tuple[int, int]:
        """uid and gid of the class folder's owner: the trainer's server runs as them."""
        info = self.cls.path.stat()
        return info.st_uid, info.st_gid

    def save(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        os.chown(self.path, *self.trainer_owner())  # the trainer's server reads its settings in here
        os.chmod(self.path, 0o700)
        (self.path / SETTINGS_FILE).write_text(json.dumps(asdict(self.settings), indent=2) + "\n",
                                               encoding="utf-8")


def default_system_dir(cls: ClassFolder) -> str:
    root = Path(os.environ.get(SYSTEM_ROOT_ENV) or DEFAULT_SYSTEM_ROOT)
    slug = re.sub(r"[^a-z0-9]+", "-", cls.path.name.lower()).strip("-")[:24] or "clase"
    return str(root / f"{slug}-{hashlib.sha256(str(cls.path).encode()).hexdigest()[:8]}")


def open_hub(cls: ClassFolder, **choices) -> Hub:
    """The hub of ``cls``: settings saved at its first start, ``choices`` (not None) applied on top."""
    stored = cls.path / HUB_FOLDER / SETTINGS_FILE
    values = {}
    if stored.exists():
        values = json.loads(stored.read_text(encoding="utf-8"))
    known = {f.name for f in fields(HubSettings)}
    values.update({k: v for k, v in choices.items() if v is not None and k in known})
    settings = HubSettings(**{k: v for k, v in values.items() if k in known})
    if not settings.system_dir:
        settings.system_dir = default_system_dir(cls)
    check_settings(settings, cls)
    return Hub(cls, settings)


def hub_of(cls: ClassFolder) -> Hub | None:
    """The hub of ``cls`` if it was ever started (``rumbo hub start``), else None."""
    return open_hub(cls) if (cls.path / HUB_FOLDER / SETTINGS_FILE).exists() else None


def check_settings(settings: HubSettings, cls: ClassFolder) -> None:
    if not PREFIX_RE.match(settings.prefix.rstrip("-")) or not settings.prefix.endswith("-"):
        raise InvalidInputError(_("El prefijo de los usuarios «{prefix}» no vale: usa de 1 a 12 letras "
                                  "minúsculas o números y termina en guion (por ejemplo «alumno-»).").format(
                                      prefix=settings.prefix))
    if settings.trainer.lower() in {learner.id.lower() for learner in cls.roster()}:
        raise InvalidInputError(_("El usuario del formador «{name}» coincide con un alumno de la lista. Elige "
                                  "otro con --formador.").format(name=settings.trainer))
    if settings.memory_mb < 256:
        raise InvalidInputError(_("La memoria por alumno debe ser de al menos 256 MB; has puesto {mb}.").format(
            mb=settings.memory_mb))
    if settings.idle_minutes <= 0:
        raise InvalidInputError(_("Los minutos de inactividad deben ser más de 0; has puesto {minutes}.").format(
            minutes=settings.idle_minutes))
