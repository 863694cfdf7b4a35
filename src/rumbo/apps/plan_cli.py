"""``rumbo plan ...``: the learner's plan from a terminal.

    rumbo plan path                                   where the plan is saved
    rumbo plan show [PLAN.json]                       the plan as JSON
    rumbo plan render PLAN.json --to html|pdf|md --out DIR
                                                      the plan as a document (and the
                                                      routine's calendar, mi_rutina.ics)
    rumbo plan example BUSINESS --out PLAN.json       a complete example plan
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from rumbo.core.errors import PlanError
from rumbo.core.i18n import translator
from rumbo.data import plan as plan_file

_, N_, ngettext = translator("plan_cli")

HELP = N_("el plan del alumno")


def add_commands(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="plan_command", required=True)
    sub.add_parser("path", help=_("dónde se guarda el plan"))
    show = sub.add_parser("show", help=_("muestra el plan en JSON"))
    show.add_argument("plan", nargs="?", default=None, help=_("archivo del plan (por defecto, el tuyo)"))
    render = sub.add_parser("render", help=_("crea el documento del plan (HTML, PDF o Markdown)"))
    render.add_argument("plan", help=_("archivo del plan (JSON)"))
    render.add_argument("--to", choices=("html", "pdf", "md"), default="html",
                        help=_("formato del documento (por defecto, html)"))
    render.add_argument("--out", default=".", help=_("carpeta donde se guarda (por defecto, la actual)"))
    render.add_argument("--lang", choices=("es", "en"), default=None,
                        help=_("idioma del documento (por defecto, el del plan)"))
    render.add_argument("--no-calendar", action="store_true",
                        help=_("no escribir el calendario de la rutina (mi_rutina.ics)"))
    example = sub.add_parser("example", help=_("escribe un plan de ejemplo completo"))
    example.add_argument("business", help=_("negocio de ejemplo: panaderia, cosmetica o ferreteria"))
    example.add_argument("--out", required=True, help=_("archivo del plan que se escribe (JSON)"))
    example.add_argument("--lang", choices=("es", "en"), default="es", help=_("idioma del plan"))


def _load(path) -> dict:
    """The plan, saying on stderr which sections were left out (of the wrong type)."""
    saved, problems = plan_file.load_plan_checked(path)
    for problem in problems:
        print(f"rumbo: {problem}", file=sys.stderr)
    return saved


def _render(args: argparse.Namespace) -> int:
    # The document needs pandas, matplotlib and jinja2: loaded by this command only, so
    # `rumbo --help` and `rumbo plan path` stay instant.
    from rumbo.upkeep import next_monday
    from rumbo.views import plan_document

    path = Path(args.plan).expanduser()
    if not path.exists():
        raise PlanError(_("No encuentro el plan {path}. Comprueba la ruta o crea uno con «rumbo "
                          "plan example».").format(path=path))
    saved = _load(path)  # a corrupt file is moved aside and reported
    written = plan_document.render(saved, args.to, args.out, args.lang)
    print(written)
    if not args.no_calendar:
        now = datetime.now(timezone.utc).replace(microsecond=0)
        calendar = plan_document.write_calendar(saved, args.out, start=next_monday(date.today()),
                                              dtstamp=now)
        if calendar is not None:
            print(calendar)
    return 0


def _example(args: argparse.Namespace) -> int:
    from rumbo.plan_example import example_plan  # the whole course's data: this command only

    print(plan_file.save_plan(example_plan(args.business, args.lang), args.out))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.plan_command == "path":
        print(plan_file.resolve_path(None))
    elif args.plan_command == "show":
        print(json.dumps(_load(args.plan), ensure_ascii=False, indent=2))
    elif args.plan_command == "render":
        return _render(args)
    elif args.plan_command == "example":
        return _example(args)
    return 0
