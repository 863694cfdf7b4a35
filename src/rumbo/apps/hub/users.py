"""The learners' Unix users and what their homes start with.

Each learner gets a Unix user (``useradd``, its own group, no login shell, a
home of mode 700 so no classmate can look in). The user's comment field says
which class made it (``rumbo-hub <class>``): the hub never adopts or removes a
user it did not create. Files go into a home as the learner, through ``tar``
run with ``runuser``, so a link a learner plants in their home cannot make the
hub write anywhere else; files already there are kept (a restart never
overwrites a learner's work).
"""

from __future__ import annotations

import io
import os
import pwd
import shutil
import subprocess
import tarfile
from pathlib import Path

from rumbo.apps.hub.state import Hub
from rumbo.core.errors import DataError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

MARK = "rumbo-hub"


def _tool(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


def mark(hub: Hub) -> str:
    return f"{MARK} {hub.system_dir.name}"


def ensure_user(hub: Hub, name: str) -> pwd.struct_passwd:
    """The Unix user ``name`` made for this class (created now if missing); home mode 700."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        done = subprocess.run([_tool("useradd"), "--create-home", "--user-group", "--shell", "/usr/sbin/nologin",
                               "--comment", mark(hub), name], capture_output=True, text=True)
        if done.returncode != 0:
            raise DataError(_("No he podido crear el usuario del sistema {name}: {error}").format(
                name=name, error=done.stderr.strip())) from None
        entry = pwd.getpwnam(name)
    else:
        if entry.pw_gecos != mark(hub):
            raise DataError(_("Ya existe un usuario del sistema llamado {name} que no es de esta clase. Elige otro "
                              "prefijo para los alumnos con --prefijo.").format(name=name))
    home = Path(entry.pw_dir)
    home.mkdir(mode=0o700, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def put_files(entry: pwd.struct_passwd, files: dict[str, bytes]) -> None:
    """Write ``files`` (paths relative to the home) as the user; existing files are left alone."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        folders = sorted({str(Path(rel).parent) for rel in files} - {"."})
        for folder in folders:
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o700
            archive.addfile(info)
        for rel, data in sorted(files.items()):
            info = tarfile.TarInfo(rel)
            info.size, info.mode = len(data), 0o600
            archive.addfile(info, io.BytesIO(data))
    done = subprocess.run([_tool("runuser"), "-u", entry.pw_name, "--", "tar", "-x", "--skip-old-files",
                           "--no-same-owner", "-C", entry.pw_dir],
                          input=buffer.getvalue(), capture_output=True, env={"PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise DataError(_("No he podido preparar la carpeta de {name}: {error}").format(
            name=entry.pw_name, error=done.stderr.decode(errors="replace").strip()))


def class_users(hub: Hub) -> list[str]:
    """Unix users this class created (its mark in the comment field)."""
    return sorted(entry.pw_name for entry in pwd.getpwall() if entry.pw_gecos == mark(hub))


def remove_users(hub: Hub) -> list[str]:
    """Delete this class's Unix users and their homes (after a workshop); returns who was removed."""
    removed = []
    for name in class_users(hub):
        subprocess.run([_tool("pkill"), "-KILL", "-u", name], capture_output=True)
        subprocess.run([_tool("userdel"), "--remove", name], capture_output=True)
        removed.append(name)
    return removed
