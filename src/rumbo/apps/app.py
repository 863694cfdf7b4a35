"""App mode: the course's planners as a code-free web app (Voilà).

``app/index.ipynb`` lists the modules of :data:`rumbo.course.MODULES`;
``app/NN_slug.ipynb`` shows one module's planners, built by the same
``build_*`` functions as the course notebooks and saved to the same plan file
(``$RUMBO_PLAN``, else ``~/rumbo/mi_plan.json``). Every app notebook is two
short cells written by :func:`write_app`; the page itself is built here, so it
is tested without a browser.

:func:`voila_command` is the one place that knows how Voilà must be started:
nbgrader's JupyterLab extension denied (it fails outside JupyterLab), the
``rumbo`` template, which serves Font Awesome from Voilà's own bundle instead
of a CDN, so the app works offline, only loopback Host names on loopback (no
DNS rebinding) and the token, when there is one, kept off the command line.
:func:`serve` runs it and stops it, kernels included, on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

from rumbo.course import MODULES
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import _

#: Where the ``rumbo`` Voilà template lives (``<here>/voila/templates/rumbo``); added to JUPYTER_PATH.
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE = "rumbo"
#: JupyterLab extensions that must not load in the app page (see docs/ARCHITECTURE.md, app mode).
DENIED_EXTENSIONS = ("@jupyter/nbgrader", "@voila-dashboards/jupyterlab-preview",
                     "@jupyter-notebook/lab-extension")
BUSINESSES = ("panaderia", "cosmetica", "ferreteria")
LOOPBACK = ("127.0.0.1", "localhost", "::1")

_STYLE = ("<style>.rumbo-app-nav{margin:0 0 1em 0}.rumbo-app-nav a{color:#0b5394}"
          ".rumbo-app-index li{margin:.4em 0}.rumbo-app-index a{font-weight:600;color:#0b5394}"
          ".rumbo-app-index span{color:#333}</style>")


def stems() -> list[str]:
    return [stem for stem, *_rest in MODULES]


def module_info(stem: str) -> tuple[str, str, int, str]:
    for entry in MODULES:
        if entry[0] == stem:
            return entry
    raise InvalidInputError(_("No existe el módulo «{stem}». Elige uno de la lista: {stems}.")
                            .format(stem=stem, stems=", ".join(stems())))


def index_html() -> str:
    """The app's front page: every module, its minutes and what it teaches, as links."""
    minutes_text = _("{n} min")
    items = "".join(
        f'<li><a href="{html.escape(stem)}.ipynb">{html.escape(stem[:2])} · {html.escape(_(title))}</a>'
        f' <span>({html.escape(minutes_text.format(n=minutes))}) {html.escape(_(learn))}</span></li>'
        for stem, title, minutes, learn in MODULES)
    heading = _("Rumbo: tu plan de redes sociales")
    intro = _("Las herramientas del curso, sin código. Lo que guardes aquí va al mismo plan que "
              "los cuadernos.")
    label = _("Módulos del curso")
    return (f"{_STYLE}<main class='rumbo-app-index'><h1>{html.escape(heading)}</h1>"
            f"<p>{html.escape(intro)}</p><nav aria-label='{html.escape(label)}'>"
            f"<ol>{items}</ol></nav></main>")


def _header(stem: str) -> str:
    _stem, title, minutes, learn = module_info(stem)
    back, label = _("← Volver al índice"), _("Navegación")
    return (f"{_STYLE}<nav class='rumbo-app-nav' aria-label='{html.escape(label)}'>"
            f"<a href='index.ipynb'>{html.escape(back)}</a></nav>"
            f"<h1>{html.escape(stem[:2])} · {html.escape(_(title))}</h1><p>{html.escape(_(learn))}</p>")


def _panels(stem: str, session) -> list:
    """The module's planners, in the order of its notebook, with the notebook's arguments."""
    business, plan_path, profile = session.business, session.plan_path, session.profile
    if stem == "00_bienvenida":
        from rumbo.widgets.profile import build_profile_form

        return [build_profile_form(profile, plan_path)]
    if stem == "01_objetivos":
        from rumbo.widgets import objectives as w

        return [w.build_reality_check(profile), w.build_event_check(profile),
                w.build_quality_lab(session.currency),
                w.build_objectives_planner(profile, plan_path, saved=session.plan.get("objectives"))]
    if stem == "02_metricas":
        from rumbo import metrics
        from rumbo.widgets import metrics as w

        explorer = w.build_metric_explorer(business, plan_path)
        sales, returns = metrics.sales_baseline(business)
        return [explorer, w.build_kpi_saver(explorer, plan_path),
                w.build_quality_money(session.currency, sales, returns)]
    if stem == "03_coste_del_tiempo":
        from rumbo import timecost as tc
        from rumbo.data import load_dataset
        from rumbo.widgets import timecost as w

        week = tc.typical_week(load_dataset(business, "time_log"))
        fees = tc.fee_defaults(session.currency, profile["hourly_cost"])
        return [w.build_time_inventory(profile, plan_path, hours=week, ranges=tc.task_range_notes()),
                w.build_options(profile, fees=fees, diy_hours=sum(week.values()), source_note=fees["note"]),
                w.build_roi(business, profile)]
    if stem == "04_mantenimiento_diario":
        from rumbo.widgets import upkeep as w

        routine = w.build_routine_planner(profile, session.plan, plan_path)
        tracker = w.build_habit_tracker(session.plan, plan_path)
        return [routine, tracker, w.build_plan_saver(routine, tracker, plan_path)]
    if stem == "05_escucha_y_recomendacion":
        from rumbo.widgets import listening as w

        return [w.build_crisis_radar(business), w.build_triage(), w.build_comment_tester(),
                w.build_reach_predictor(business), w.build_listening_plan(business, plan_path)]
    if stem == "06_tu_plan":
        from rumbo.widgets import plan as w

        planner = w.build_action_planner(session.plan, plan_path, profile=profile, business=business)
        return [w.build_plan_review(plan_path), planner, w.build_self_audit(session.plan),
                w.build_plan_export(planner, plan_path, profile=profile)]
    module_info(stem)  # unknown stem: a clear message
    return []


def business_from_env(default: str = "panaderia") -> str:
    business = os.environ.get("RUMBO_BUSINESS", default) or default
    if business not in BUSINESSES:
        raise InvalidInputError(_("Negocio de ejemplo desconocido: «{name}». Usa uno de estos: "
                                  "{names}.").format(name=business, names=", ".join(BUSINESSES)))
    return business


def module_page(stem: str, business: str | None = None, plan_path=None, language: str | None = None):
    """The whole app page of one module: header, notice (if any) and its planners, as one VBox."""
    import ipywidgets as widgets

    from rumbo.course import start
    from rumbo.widgets.common import message_html

    module_info(stem)
    session = start(business or business_from_env(), plan_path,
                    language or os.environ.get("RUMBO_LANGUAGE", "es"))
    parts = [widgets.HTML(value=_header(stem))]
    if session.notice:
        parts.append(widgets.HTML(value=message_html("warning", session.notice)))
    page = widgets.VBox(children=[*parts, *_panels(stem, session)])
    page.add_class("rumbo-app-page")
    return page


def index_page(language: str | None = None):
    """The app's index as a widget (the index notebook shows it)."""
    import ipywidgets as widgets

    from rumbo.core.i18n import set_language

    set_language(language or os.environ.get("RUMBO_LANGUAGE", "es"))
    return widgets.HTML(value=index_html())


# -- the app notebooks ------------------------------------------------------------------------

def notebook(stem: str):
    """One app notebook: an import and one call; Voilà hides the code."""
    import nbformat

    if stem == "index":
        title, call = "Rumbo", "from rumbo.apps.app import index_page\nindex_page()"
    else:
        title = _(module_info(stem)[1])
        call = f"from rumbo.apps.app import module_page\nmodule_page({stem!r})"
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}, "title": f"Rumbo · {title}"}
    nb.cells = [nbformat.v4.new_code_cell(call)]
    nb.cells[0].id = f"app-{stem.replace('_', '-')}"
    return nb


def write_app(folder: str | os.PathLike) -> list[Path]:
    """Write app/index.ipynb and one app notebook per module; returns the paths written."""
    import nbformat

    from rumbo.core.i18n import get_language, set_language

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    before = get_language()
    set_language("es")  # the notebooks' titles are the course's own (Spanish) titles
    try:
        written = []
        for stem in ["index", *stems()]:
            path = folder / f"{stem}.ipynb"
            text = nbformat.writes(notebook(stem)) + "\n"
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
        return written
    finally:
        set_language(before)


# -- serving -----------------------------------------------------------------------------------

#: Where a token comes from, so it never shows on a command line (``ps`` lists those to every user).
TOKEN_ENV = "RUMBO_APP_TOKEN"


def is_loopback(ip: str) -> bool:
    import ipaddress

    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def check_address(ip: str, token: str | None) -> None:
    """Loopback needs no token; any other address does (the plan holds the owner's numbers)."""
    if not is_loopback(ip) and not token:
        raise InvalidInputError(_(
            "Para abrir la app a otros equipos ({ip}) hace falta una contraseña: define la variable "
            "{env} con una clave larga (o deja que Rumbo cree una). Mejor aún, déjala en 127.0.0.1 y entra "
            "con un túnel SSH (ssh -L 8866:127.0.0.1:8866 tu-servidor).").format(ip=ip, env=TOKEN_ENV))


def app_token(ip: str, environ: dict | None = None) -> str | None:
    """The app's token: ``$RUMBO_APP_TOKEN`` if set, else a new random one off loopback, else none."""
    import secrets

    given = (os.environ if environ is None else environ).get(TOKEN_ENV, "").strip()
    if given:
        return given
    return None if is_loopback(ip) else secrets.token_urlsafe(24)


def voila_command(folder: str | os.PathLike, port: int, *, ip: str = "127.0.0.1", token: str | None = None,
                  open_browser: bool = False, python: str | None = None) -> list[str]:
    """The Voilà command line that serves ``folder`` as the app.

    On loopback, Voilà answers only requests whose Host is a loopback name or address (a web
    page elsewhere cannot reach it by DNS rebinding). A token is never on this command line:
    Voilà reads it from ``JUPYTER_TOKEN`` (:func:`voila_env`)."""
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
    if is_loopback(ip):
        cmd.append("--Voila.tornado_settings={'allow_remote_access': False, 'local_hostnames': ['localhost']}")
    if token:
        cmd.append("--Voila.auto_token=True")  # the token itself comes from JUPYTER_TOKEN
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def serve(cmd: list[str], env: dict, grace: float = 10.0) -> int:
    """Run Voilà until it ends or this process is told to stop (SIGTERM, SIGINT, SIGHUP): then
    Voilà is asked to stop (it shuts its kernels down), and killed with them after ``grace`` s.
    If this process dies, Voilà gets SIGTERM (Linux)."""
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(cmd, env=env, preexec_fn=_stop_with_parent)
    asked: dict[str, float] = {}

    def stop(signum, frame):
        asked.setdefault("at", time.monotonic())
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    signals = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {sig: signal.signal(sig, stop) for sig in signals}
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if "at" in asked and time.monotonic() - asked["at"] > grace:
                    for pid in [proc.pid, *_descendants(proc.pid)]:
                        _kill(pid)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if "at" in asked else code


def _stop_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _descendants(pid: int) -> list[int]:
    """Every process started by ``pid`` (Voilà's kernels), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def set_xsrf_cookie(handler, notebook, cwd):
    """Voilà prelaunch hook: reading ``xsrf_token`` sets the ``_xsrf`` cookie, which the page
    sends back when it asks Voilà to shut its kernel down on leaving (else: 403, kernel left)."""
    handler.xsrf_token  # noqa: B018 (the property sets the cookie)
    return notebook


def voila_env(plan_path=None, business: str = "panaderia", base: dict | None = None,
              token: str | None = None) -> dict:
    """Environment for the Voilà process: our template on JUPYTER_PATH; plan and business for
    kernels; the token, if any, in ``JUPYTER_TOKEN``, never on a command line."""
    env = dict(os.environ if base is None else base)
    env.pop(TOKEN_ENV, None)
    env.pop("JUPYTER_TOKEN", None)
    if token:
        env["JUPYTER_TOKEN"] = token
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(TEMPLATES), env.get("JUPYTER_PATH", "")) if p)
    env["RUMBO_BUSINESS"] = business
    if plan_path:
        env["RUMBO_PLAN"] = str(Path(plan_path).expanduser().resolve())
    return env


def app_url(ip: str, port: int, token: str | None = None) -> str:
    host = f"[{ip}]" if ":" in ip else ip
    return f"http://{host}:{port}/voila/render/index.ipynb" + (f"?token={token}" if token else "")
