"""App mode: the course's planners as a code-free web app (Voilà).

``app/index.ipynb`` lists the modules of the registry (:mod:`rumbo.course.registry`);
``app/NN_slug.ipynb`` shows one module's panels, built by the registry's
``build_*`` calls, the same as the course notebook's, and saved to the same plan file
(``$RUMBO_PLAN``, else ``~/rumbo/mi_plan.json``). Every app notebook is two
short cells written by :func:`write_app`; the page itself is built here, so it
is tested without a browser.

:func:`voila_command` is the one place that knows how Voilà must be started:
nbgrader's JupyterLab extension denied (it fails outside JupyterLab), and the
``rumbo`` template, which serves Font Awesome from Voilà's own bundle instead
of a CDN, so the app works offline.
"""

from __future__ import annotations

import html
import os
import sys
from importlib import resources
from pathlib import Path

import nbformat

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import get_language, language_from_env, set_language, translator
from rumbo.course import registry, start
from rumbo.widgets.common import page

_, N_, ngettext = translator("app")

#: Where the ``rumbo`` Voilà template lives (``<here>/voila/templates/rumbo``); added to JUPYTER_PATH.
TEMPLATES = Path(str(resources.files("rumbo") / "templates"))  # package data
TEMPLATE = "rumbo"
#: JupyterLab extensions that must not load in the app page (see docs/ARCHITECTURE.md, app mode).
DENIED_EXTENSIONS = ("@jupyter/nbgrader", "@voila-dashboards/jupyterlab-preview",
                     "@jupyter-notebook/lab-extension", "rumbo-lab")
BUSINESSES = ("panaderia", "cosmetica", "ferreteria")
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_STYLE = ("<style>.rumbo-app-nav{margin:0 0 1em 0}.rumbo-app-nav a{color:#0b5394}"
          ".rumbo-app-index li{margin:.4em 0}.rumbo-app-index a{font-weight:600;color:#0b5394}"
          ".rumbo-app-index span{color:#333}</style>")


def module_info(stem: str) -> registry.Module:
    """The registry's module of ``stem``; an unknown stem is a clear message."""
    found = registry.module(stem)
    if found is None:
        raise InvalidInputError(_("No existe el módulo «{stem}». Elige uno de la lista: {stems}.")
                                .format(stem=stem, stems=", ".join(registry.stems())))
    return found


def index_html() -> str:
    """The app's front page: every module, its minutes and what it teaches, as links."""
    minutes = _("{n} min")
    items = "".join(
        f'<li><a href="{html.escape(m.stem)}.ipynb">{html.escape(m.number)} · {html.escape(_(m.title))}</a>'
        f' <span>({html.escape(minutes.format(n=m.minutes))}) {html.escape(_(m.learn))}</span></li>'
        for m in registry.MODULES)
    heading = _("Rumbo: tu plan de redes sociales")
    intro = _("Las herramientas del curso, sin código. Lo que guardes aquí va al mismo plan que "
              "los cuadernos.")
    label = _("Módulos del curso")
    return (f"{_STYLE}<main class='rumbo-app-index'><h1>{html.escape(heading)}</h1>"
            f"<p>{html.escape(intro)}</p><nav aria-label='{html.escape(label)}'>"
            f"<ol>{items}</ol></nav></main>")


def _header(module: registry.Module) -> str:
    back, label = _("← Volver al índice"), _("Navegación")
    return (f"{_STYLE}<nav class='rumbo-app-nav' aria-label='{html.escape(label)}'>"
            f"<a href='index.ipynb'>{html.escape(back)}</a></nav>"
            f"<h1>{html.escape(module.number)} · {html.escape(_(module.title))}</h1>"
            f"<p>{html.escape(_(module.learn))}</p>")


def business_from_env(default: str = "panaderia") -> str:
    business = os.environ.get("RUMBO_BUSINESS", default) or default
    if business not in BUSINESSES:
        raise InvalidInputError(_("Negocio de ejemplo desconocido: «{name}». Usa uno de estos: "
                                  "{names}.").format(name=business, names=", ".join(BUSINESSES)))
    return business


def module_page(stem: str, business: str | None = None, plan_path=None, language: str | None = None):
    """The whole app page of one module: header, notice (if any) and its panels, built from the
    registry in the order of its notebook, as one widget."""
    module = module_info(stem)
    session = start(business or business_from_env(), plan_path, language or language_from_env())
    built: dict = {}
    for panel in module.panels:
        built[panel.name] = panel.build(session, built)
    return page(_header(module), session.notice, list(built.values()))


def index_page(language: str | None = None):
    """The app's index as a widget (the index notebook shows it)."""
    set_language(language or language_from_env())
    return page(index_html())


# -- the app notebooks ------------------------------------------------------------------------

def notebook(stem: str):
    """One app notebook: an import and one call; Voilà hides the code."""
    if stem == "index":
        title, call = "Rumbo", "from rumbo.apps.app import index_page\nindex_page()"
    else:
        title = _(module_info(stem).title)
        call = f"from rumbo.apps.app import module_page\nmodule_page({stem!r})"
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}, "title": f"Rumbo · {title}"}
    nb.cells = [nbformat.v4.new_code_cell(call)]
    nb.cells[0].id = f"app-{stem.replace('_', '-')}"
    return nb


def write_app(folder: str | os.PathLike) -> list[Path]:
    """Write app/index.ipynb and one app notebook per module; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    before = get_language()
    set_language("es")  # the notebooks' titles are the course's own (Spanish) titles
    try:
        written = []
        for stem in ["index", *registry.stems()]:
            path = folder / f"{stem}.ipynb"
            text = nbformat.writes(notebook(stem)) + "\n"
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
        return written
    finally:
        set_language(before)


# -- serving -----------------------------------------------------------------------------------

def check_address(ip: str, token: str | None) -> None:
    """Loopback needs no token; any other address does (the plan holds the owner's numbers)."""
    if ip not in LOOPBACK and not token:
        raise InvalidInputError(_(
            "Para abrir la app a otros equipos ({ip}) hace falta una contraseña: añade --token "
            "UNA_CLAVE_LARGA. Mejor aún, déjala en 127.0.0.1 y entra con un túnel SSH "
            "(ssh -L 8866:127.0.0.1:8866 tu-servidor).").format(ip=ip))


def voila_command(folder: str | os.PathLike, port: int, *, ip: str = "127.0.0.1", token: str | None = None,
                  open_browser: bool = False, python: str | None = None) -> list[str]:
    """The Voilà command line that serves ``folder`` as the app."""
    check_address(ip, token)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidInputError(_("El puerto debe ser un número entre 1 y 65535; has puesto {port}.")
                                .format(port=port))
    denied = "[" + ",".join(f"'{e}'" for e in DENIED_EXTENSIONS) + "]"
    cmd = [python or sys.executable, "-m", "voila", str(folder), f"--Voila.ip={ip}", f"--port={port}",
           "--Voila.port_retries=0", f"--template={TEMPLATE}", "--theme=light",
           f"--VoilaConfiguration.extension_denylist={denied}",
           "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|css)']",
           f"--Voila.config_file_paths=['{TEMPLATES / 'voila'}']",
           "--VoilaConfiguration.show_tracebacks=False", "--VoilaConfiguration.show_margins=True"]
    if token:
        cmd.append(f"--Voila.token={token}")
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def set_xsrf_cookie(handler, notebook, cwd):
    """Voilà prelaunch hook: reading ``xsrf_token`` sets the ``_xsrf`` cookie, which the page
    sends back when it asks Voilà to shut its kernel down on leaving (else: 403, kernel left)."""
    handler.xsrf_token  # noqa: B018 (the property sets the cookie)
    return notebook


def voila_env(plan_path=None, business: str = "panaderia", base: dict | None = None) -> dict:
    """Environment for the Voilà process: our template on JUPYTER_PATH; plan and business for kernels."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATES), env.get("JUPYTER_PATH", "")) if p)
    env["RUMBO_BUSINESS"] = business
    if plan_path:
        env["RUMBO_PLAN"] = str(Path(plan_path).expanduser().resolve())
    return env


def app_url(ip: str, port: int, token: str | None = None) -> str:
    host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}:{port}/voila/render/index.ipynb" + (f"?token={token}" if token else "")
