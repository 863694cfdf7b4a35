"""The ``rumbo`` command: maintainer and trainer tasks from a terminal.

    rumbo version            print the version
    rumbo plan path          where the learner's plan is saved
    rumbo plan show [PLAN]   print the plan as JSON
    rumbo data [--out DIR]   regenerate the bundled datasets
"""

from __future__ import annotations

import argparse
import json
import sys

from rumbo import __version__
from rumbo.errors import RumboError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rumbo", description="Rumbo: curso de redes sociales para pymes.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("version", help="muestra la versión")
    plan = sub.add_parser("plan", help="el plan del alumno").add_subparsers(dest="plan_command", required=True)
    plan.add_parser("path", help="dónde se guarda el plan")
    show = plan.add_parser("show", help="muestra el plan en JSON")
    show.add_argument("plan", nargs="?", default=None)
    data = sub.add_parser("data", help="regenera los datos de ejemplo")
    data.add_argument("--out", default="datasets")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "version":
            print(__version__)
        elif args.command == "plan":
            from rumbo import plan

            if args.plan_command == "path":
                print(plan.resolve_path(None))
            else:
                print(json.dumps(plan.load_plan(args.plan), ensure_ascii=False, indent=2))
        elif args.command == "data":
            from rumbo import datagen

            datagen.main(["--out", args.out])
    except RumboError as exc:
        print(f"rumbo: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
