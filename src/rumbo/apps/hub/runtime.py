"""The Python the learners' servers run: the course's environment, executable by every Unix user.

Each server runs as its learner's Unix user, so that user must be able to
execute the interpreter and read the packages. When the course's environment
was made with a Python that lives in a private folder (pyenv in root's home,
mode 700), no other user can start it. Then a thin virtual environment is made
next to it from the system's Python of the same version (Debian's
``/usr/bin/python3``): a ``.pth`` file adds the course environment's packages,
and ``share`` and ``etc`` point at its Jupyter data (JupyterLab, the Spanish
language pack, nbgrader's and Voilà's extensions). Nothing is installed twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from rumbo.core.errors import DataError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

OVERLAY = "hub-python"
SYSTEM_PYTHONS = ("/usr/bin/python3", "/usr/local/bin/python3")
PROBE_USER = "nobody"
PROBE = "import jupyterhub, rumbo"


def runs_as(python: str, user: str = PROBE_USER) -> bool:
    """Can ``user`` start ``python`` and import what a learner's server needs?"""
    try:
        done = subprocess.run([shutil.which("runuser") or "/usr/sbin/runuser", "-u", user, "--", python, "-c", PROBE], capture_output=True,
                              timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "MPLCONFIGDIR": "/tmp"})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _same_version(python: str) -> bool:
    wanted = f"{sys.version_info[0]}.{sys.version_info[1]}"
    try:
        out = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return False
    return out == wanted


def make_overlay(target: Path) -> Path:
    """A virtual environment at ``target`` from a system Python, seeing this environment's packages."""
    base = next((p for p in SYSTEM_PYTHONS if Path(p).exists() and _same_version(p)), None)
    if base is None:
        raise DataError(_("Los alumnos no pueden usar el Python del curso y no encuentro un Python {version} del "
                          "sistema para ellos. Instala python3-venv ({version}) o crea el entorno del curso con un "
                          "Python que todos los usuarios puedan ejecutar.").format(
                              version=f"{sys.version_info[0]}.{sys.version_info[1]}"))
    python = target / "bin" / "python"
    if not python.exists():
        subprocess.run([base, "-m", "venv", "--without-pip", str(target)], check=True)
    purelib = Path(sysconfig.get_paths()["purelib"])
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "rumbo_course_environment.pth").write_text(f"import site; site.addsitedir({str(purelib)!r})\n",
                                                        encoding="utf-8")
    for folder in ("share", "etc"):
        link = target / folder
        if not link.is_symlink():
            if link.exists():
                os.rmdir(link)
            link.symlink_to(Path(sys.prefix) / folder)
    return python


def learner_python() -> str:
    """The interpreter for learners' servers: this one if they can run it, else the overlay (made once)."""
    if runs_as(sys.executable):
        return sys.executable
    python = make_overlay(Path(sys.prefix) / OVERLAY)
    if not runs_as(str(python)):
        raise DataError(_("Los alumnos no pueden leer el entorno del curso en {path}. Pon el curso en una carpeta "
                          "que todos los usuarios puedan leer (por ejemplo /opt/rumbo) y vuelve a ejecutar "
                          "«make setup».").format(path=sys.prefix))
    return str(python)
