"""The JupyterHub configuration of a class, and the Jupyter settings its servers read.

``rumbo hub start`` writes ``CLASS_DIR/hub/jupyterhub_config.py``, two lines
that call :func:`configure`; JupyterHub reads it as usual, so the whole setup
is here, in one place:

* addresses: the proxy on ``--ip``/``--port``, the hub and the proxy's API on
  127.0.0.1 only; TLS when a certificate is given;
* state that survives a restart: JupyterHub's SQLite database and the cookie
  secret in ``CLASS_DIR/hub/``; homes and the exchange outside it;
* who: :class:`RosterAuthenticator` (roster ids and the trainer, who is admin),
  :class:`RumboSpawner` (a Unix user per learner, limits, workbooks);
* the idle culler (jupyterhub-idle-culler) as a hub service;
* the hub's pages in Spanish (:mod:`rumbo.apps.hub.pages`).

:func:`write_jupyter_settings` writes the settings the single-user servers
read through ``JUPYTER_CONFIG_PATH``: for learners (read-only for them) the
nbgrader exchange with its private classes and their own student id, only the
assignment list of nbgrader's extensions, no terminal, and the app's Voilà
settings; for the trainer, formgrader on the class folder.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from rumbo.apps.hub import exchange, pages
from rumbo.apps.hub.state import COURSE_ID, Hub
from rumbo.core.errors import DataError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

CONFIG_FILE = "jupyterhub_config.py"
PROXY = Path("node_modules") / ".bin" / "configurable-http-proxy"
#: The project folder this package lives in (``make`` installs the proxy there).
PROJECT = Path(__file__).resolve().parents[4]
LEARNER_HIDDEN_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                          "@jupyter/nbgrader:course-list")
#: Server extensions a learner's server does not load: the trainer's tools, and what only costs start-up time.
LEARNER_OFF_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list",
                          "jupyter_lsp", "jupyter_server_terminals")
#: How often the culler looks, at most (it needs far less than the timeout).
CULL_EVERY_MAX = 300


def proxy_command(project: Path = PROJECT) -> Path:
    """configurable-http-proxy as ``make hub`` installs it inside the project folder (npm ci)."""
    path = project / PROXY
    if not path.exists():
        raise DataError(_("Falta configurable-http-proxy en {path}. Instálalo desde la carpeta del curso con "
                          "«make hub» (necesita Node.js y npm).").format(path=path))
    return path


def culler_service(hub: Hub) -> dict:
    timeout = max(1, round(hub.settings.idle_minutes * 60))
    every = max(1, min(CULL_EVERY_MAX, timeout // 2))
    return {"name": "idle-culler",
            "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={timeout}",
                        f"--cull-every={every}"]}


def configure(c, hub: Hub, *, ip: str, port: int, hub_port: int, api_port: int, learner_python: str,
              ssl_cert: str | None = None, ssl_key: str | None = None) -> None:
    """Fill JupyterHub's config object ``c`` for ``hub``."""
    # JupyterHub's own classes: loaded only by the hub process that reads this config.
    from rumbo.apps.app import TEMPLATES
    from rumbo.apps.hub.authenticator import RosterAuthenticator
    from rumbo.apps.hub.spawner import RumboSpawner

    c.JupyterHub.ip = ip
    c.JupyterHub.port = port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{api_port}"
    c.ConfigurableHTTPProxy.command = [str(proxy_command())]
    c.ConfigurableHTTPProxy.pid_file = str(hub.path / "proxy.pid")
    if ssl_cert and ssl_key:
        c.JupyterHub.ssl_cert = ssl_cert
        c.JupyterHub.ssl_key = ssl_key
    c.JupyterHub.db_url = f"sqlite:///{hub.hub_db}"
    c.JupyterHub.cookie_secret_file = str(hub.cookie_secret)
    c.JupyterHub.pid_file = str(hub.path / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.last_activity_interval = 60

    c.JupyterHub.authenticator_class = RosterAuthenticator
    c.RosterAuthenticator.accounts_path = str(hub.accounts_db)
    c.Authenticator.allowed_users = set(hub.hub_names())
    c.Authenticator.admin_users = {hub.settings.trainer}

    c.JupyterHub.spawner_class = RumboSpawner
    c.Spawner.cmd = [learner_python, "-m", "jupyterhub.singleuser"]
    c.Spawner.disable_user_config = True  # a learner's ~/.jupyter cannot change their server
    # Thirty learners signing in at once on two cores start their servers one after another:
    # a late one must wait, not fail.
    c.Spawner.start_timeout = 600
    c.Spawner.http_timeout = 600
    c.RumboSpawner.class_dir = str(hub.cls.path)
    c.RumboSpawner.learner_config = str(hub.jupyter_config / "alumnos")
    c.RumboSpawner.trainer_config = str(hub.path / "jupyter-formador")
    c.RumboSpawner.templates_path = str(TEMPLATES)

    # Ctrl-C: servers and the culler get SIGINT, then SIGTERM (the culler ignores SIGINT; 30 s by default).
    c.LocalProcessSpawner.interrupt_timeout = 5
    c.LocalProcessSpawner.term_timeout = 10
    c.JupyterHub.services = [culler_service(hub)]
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]

    c.JupyterHub.template_paths = [str(pages.TEMPLATES)]
    c.JupyterHub.template_vars = {"t": pages.strings()}


def _nbgrader_config(hub: Hub, classes: dict, learner: bool) -> str:
    lines = ["# Written by «rumbo hub start»; rewritten at every start.", "import os", "",
             "c = get_config()  # noqa: F821", f"c.CourseDirectory.course_id = {COURSE_ID!r}",
             f"c.Exchange.root = {str(hub.exchange)!r}"]
    if learner:
        lines.append('c.CourseDirectory.student_id = os.environ.get("RUMBO_ALUMNO", "*")')
    lines += [f"c.ExchangeFactory.{kind} = {f'{cls.__module__}.{cls.__qualname__}'!r}"
              for kind, cls in sorted(classes.items())]
    return "\n".join(lines) + "\n"


def _server_config(learner: bool) -> str:
    from rumbo.apps.app import DENIED_EXTENSIONS, TEMPLATE  # Voilà's settings: only when writing them

    lines = ["# Written by «rumbo hub start»; rewritten at every start.",
             "from rumbo.apps.app import set_xsrf_cookie", "", "c = get_config()  # noqa: F821",
             f"c.VoilaConfiguration.template = {TEMPLATE!r}",
             "c.VoilaConfiguration.theme = 'light'",
             f"c.VoilaConfiguration.extension_denylist = {list(DENIED_EXTENSIONS)!r}",
             "c.VoilaConfiguration.file_allowlist = [r'.*\\.(png|jpg|gif|svg|css)']",
             "c.VoilaConfiguration.show_tracebacks = False",
             "c.VoilaConfiguration.show_margins = True",
             "c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie"]
    if learner:
        lines += ["c.ServerApp.terminals_enabled = False",
                  "c.ServerApp.jpserver_extensions = {"
                  + ", ".join(f"{name!r}: False" for name in LEARNER_OFF_EXTENSIONS) + "}"]
    return "\n".join(lines) + "\n"


def _write(folder: Path, files: dict[str, str], mode: int, owner: tuple[int, int] = (0, 0)) -> None:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.chmod(path, 0o644 if mode == 0o755 else 0o600)
    for path in [folder, *folder.rglob("*")]:
        if os.geteuid() == 0:
            os.chown(path, *owner)
        if path.is_dir():
            os.chmod(path, mode)


def write_jupyter_settings(hub: Hub) -> None:
    page_config = {"disabledExtensions": {plugin: True for plugin in LEARNER_HIDDEN_PLUGINS}}
    _write(hub.jupyter_config / "alumnos", {
        "nbgrader_config.py": _nbgrader_config(hub, exchange.LEARNER_CLASSES, learner=True),
        "jupyter_server_config.py": _server_config(learner=True),
        "labconfig/page_config.json": json.dumps(page_config, indent=2) + "\n",
    }, 0o755)
    _write(hub.path / "jupyter-formador", {
        "nbgrader_config.py": _nbgrader_config(hub, exchange.TRAINER_CLASSES, learner=False),
        "jupyter_server_config.py": _server_config(learner=False),
    }, 0o700, hub.trainer_owner())


def write_config_file(hub: Hub, **options) -> Path:
    path = hub.path / CONFIG_FILE
    path.write_text("# Written by «rumbo hub start» at every start: change the command's options instead.\n"
                    "from rumbo.apps.hub.config import configure\nfrom rumbo.apps.hub.state import open_hub\n"
                    "from rumbo.classroom.folder import open_class\n\n"
                    f"configure(c, open_hub(open_class({str(hub.cls.path)!r})), **{options!r})  # noqa: F821\n",
                    encoding="utf-8")
    return path
