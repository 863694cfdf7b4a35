"""Each learner's server as their own Unix user, inside their limits, on their own workbooks.

JupyterHub's LocalProcessSpawner runs a server as the Unix user named like
the hub account; here the names differ (``ana-garcia`` signs in, the server
runs as ``alumno-ana-garcia``), the trainer's server runs as the owner of the
class folder (with formgrader, from the class folder), and before each start
the learner's home gets any workbook it lacks and the server joins the
learner's control groups (:mod:`rumbo.apps.hub.limits`).
"""

from __future__ import annotations

import os
import pwd

from jupyterhub.spawner import LocalProcessSpawner, set_user_setuid
from traitlets import Unicode

from rumbo.apps.hub import limits
from rumbo.apps.hub.state import Hub, open_hub
from rumbo.apps.hub.users import ensure_user, put_files
from rumbo.apps.hub.workbooks import FIRST_MODULE, HOME_COURSE, learner_business, workbooks_for
from rumbo.classroom.folder import open_class
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")


class RumboSpawner(LocalProcessSpawner):
    class_dir = Unicode(help="The class folder").tag(config=True)
    learner_config = Unicode(help="JUPYTER_CONFIG_PATH of learners' servers").tag(config=True)
    trainer_config = Unicode(help="JUPYTER_CONFIG_PATH of the trainer's server").tag(config=True)
    templates_path = Unicode(help="JUPYTER_PATH entry with Rumbo's Voilà template").tag(config=True)

    _hub: Hub | None = None
    _group: limits.Group | None = None

    @property
    def room(self) -> Hub:
        if self._hub is None:
            self._hub = open_hub(open_class(self.class_dir))
        return self._hub

    @property
    def is_trainer(self) -> bool:
        return self.user.name == self.room.settings.trainer

    @property
    def system_user(self) -> str:
        return self.room.unix_name(self.user.name)

    def make_preexec_fn(self, name):
        setuid = set_user_setuid(self.system_user)
        group = self._group
        # nbgrader (formgrader) reads its config from the working directory: the class folder.
        workdir = str(self.room.cls.path) if self.is_trainer else None

        def preexec():
            if group is not None:
                group.join(os.getpid())
            setuid()
            if workdir:
                os.chdir(workdir)

        return preexec

    def user_env(self, env):
        entry = pwd.getpwnam(self.system_user)
        env.update(USER=entry.pw_name, HOME=entry.pw_dir, SHELL="/bin/sh", LANG="C.UTF-8", RUMBO_LANG="es")
        return env

    def get_env(self):
        env = super().get_env()
        env["JUPYTER_CONFIG_PATH"] = self.trainer_config if self.is_trainer else self.learner_config
        env["JUPYTER_PATH"] = self.templates_path
        env["PATH"] = os.pathsep.join([os.path.dirname(self.cmd[0]), "/usr/local/bin", "/usr/bin", "/bin"])
        if not self.is_trainer:
            learner = self.room.learner(self.user.name)
            env["RUMBO_ALUMNO"] = learner.id
            env["RUMBO_BUSINESS"] = learner_business(self.room, learner)
        return env

    async def start(self):
        room = self.room
        self._group = None
        if self.is_trainer:
            self.notebook_dir = str(room.cls.path)
            self.default_url = "/lab"
            if pwd.getpwnam(self.system_user).pw_uid == 0 and "--allow-root" not in self.args:
                self.args = [*self.args, "--allow-root"]
        else:
            entry = ensure_user(room, self.system_user)
            put_files(entry, workbooks_for(room, room.learner(self.user.name)))
            self.notebook_dir = entry.pw_dir
            self.default_url = f"/lab/tree/{HOME_COURSE}/{FIRST_MODULE}"
            if limits.available()[0]:
                self._group = limits.group_for(self.system_user, room.settings.memory_mb)
        self.mem_limit = room.settings.memory_mb * 1024 * 1024
        return await super().start()

    async def progress(self):
        yield {"progress": 50, "message": _("Preparando tu espacio de trabajo…")}
