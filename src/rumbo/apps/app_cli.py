"""``rumbo app ...``: the course's planners as a code-free web app (Voilà).

    rumbo app [serve] [--port 8866] [--business panaderia] [--plan PLAN.json] [--no-browser]
                                         serve the app on 127.0.0.1 (no token needed there)
    rumbo app build [--out app]          (re)write the app notebooks

To reach the app from another computer, keep it on 127.0.0.1 and use an SSH
tunnel (``ssh -L 8866:127.0.0.1:8866 server``). With ``--ip`` other than
loopback the app needs a token: ``$RUMBO_APP_TOKEN`` or, if unset, a random one
printed in the address (never on a command line, where ``ps`` shows it to every
user). SIGTERM or Ctrl+C stops Voilà and its kernels.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rumbo.core.i18n import translator

_, N_, ngettext = translator("app")

HELP = N_("la app sin código (Voilà)")


def _serve_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", default="app", help=_("carpeta de la app (por defecto, app; se crea si falta)"))
    parser.add_argument("--port", type=int, default=8866, help=_("puerto (por defecto, 8866)"))
    parser.add_argument("--ip", default="127.0.0.1",
                        help=_("dirección (por defecto, 127.0.0.1: solo este equipo); fuera de ella la app pide "
                               "una contraseña: la de RUMBO_APP_TOKEN o una nueva que se muestra al arrancar"))
    parser.add_argument("--business", default="panaderia", choices=("panaderia", "cosmetica", "ferreteria"),
                        help=_("negocio de ejemplo si aún no hay perfil (por defecto, panaderia)"))
    parser.add_argument("--plan", default=None, help=_("archivo del plan (por defecto, el tuyo: ~/rumbo/mi_plan.json)"))
    parser.add_argument("--no-browser", action="store_true", help=_("no abre el navegador"))


def add_commands(parser: argparse.ArgumentParser) -> None:
    _serve_options(parser)
    sub = parser.add_subparsers(dest="app_command", required=False)
    _serve_options(sub.add_parser("serve", help=_("abre la app en el navegador (por defecto)")))
    build = sub.add_parser("build", help=_("escribe los cuadernos de la app"))
    build.add_argument("--out", default="app", help=_("carpeta de salida (por defecto, app)"))


def run(args: argparse.Namespace) -> int:
    from rumbo.apps import app  # widgets and nbformat: loaded by this command only (fast `rumbo`)

    if getattr(args, "app_command", None) == "build":
        for path in app.write_app(args.out):
            print(path)
        return 0
    folder = Path(args.dir)
    if not (folder / "index.ipynb").exists():
        app.write_app(folder)
    token = app.app_token(args.ip)
    cmd = app.voila_command(folder, args.port, ip=args.ip, token=token, open_browser=not args.no_browser)
    env = app.voila_env(args.plan, args.business, token=token)
    print(_("Rumbo en modo app: {url}").format(url=app.app_url(args.ip, args.port, token)), flush=True)
    if app.is_loopback(args.ip):
        print(_("Solo este equipo puede abrirla. Para otro equipo, usa un túnel SSH: "
                "ssh -L {port}:127.0.0.1:{port} este-equipo. Ctrl+C para cerrar.").format(port=args.port), flush=True)
    return app.serve(cmd, env)
