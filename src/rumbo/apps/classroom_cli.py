"""``rumbo classroom ...``: the trainer's commands (wired into ``rumbo`` by rumbo.apps.cli.FAMILIES).

Only argparse is imported here; each command imports what it needs inside
:func:`run`, so ``rumbo --help`` stays instant.
"""

from __future__ import annotations

import argparse
import sys

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("classroom")

HELP = _("la clase del formador: alumnos, envíos, recogida, notas e informes")


def _ids(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def add_commands(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Una clase entera, un comando por paso: init, personalize, release, collect, grade, "
                           "feedback y report. Empieza por «rumbo classroom init --help».")
    sub = parser.add_subparsers(dest="classroom_command", required=True, metavar=_("PASO"))

    p = sub.add_parser("init", help=_("crea la carpeta de la clase a partir de la lista de alumnos"),
                       description=_("Crea la carpeta de la clase: comprueba la lista de alumnos (línea a línea), "
                                     "copia los ejercicios del curso, prepara nbgrader y su libro de notas."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta nueva para la clase"))
    p.add_argument("--roster", "--alumnos", dest="roster", required=True, metavar=_("ALUMNOS.csv"),
                   help=_("CSV con las columnas id, nombre, apellidos, email, negocio (y, si quieres, ejemplo)"))
    p.add_argument("--curso", default=None, help=_("carpeta del curso (por defecto, la de este Rumbo)"))
    p.add_argument("--idioma", default="es", metavar="es|en",
                   help=_("edición del curso de la clase: es (español, por defecto) o en (inglés)"))
    p.add_argument("--timeout", type=int, default=None, metavar=_("SEGUNDOS"),
                   help=_("límite de tiempo por celda al corregir (por defecto, 60)"))
    p.add_argument("--memoria", type=int, default=None, metavar="MB",
                   help=_("memoria máxima de cada cuaderno al corregir (por defecto, 2048 MB)"))

    p = sub.add_parser("personalize", help=_("un cuaderno de trabajo por alumno, con los datos de su negocio"),
                       description=_("Ejecuta los cuadernos del curso para cada alumno con papermill, con el "
                                     "negocio de ejemplo más parecido al suyo, y los guarda en cuadernos/ID/."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("--modulos", default=None, help=_("solo estos módulos, p. ej. 00,01 (por defecto, todos)"))
    p.add_argument("--solo", default=None, metavar="ID,ID", help=_("solo estos alumnos"))
    p.add_argument("--procesos", type=int, default=None, help=_("cuántos cuadernos a la vez (por defecto, uno por núcleo)"))

    p = sub.add_parser("release", help=_("prepara un ejercicio para enviar: una carpeta y un zip por alumno"),
                       description=_("Prepara el ejercicio para cada alumno en envios/EJERCICIO/: su cuaderno, "
                                     "instrucciones (LEEME.txt) y un zip listo para mandar."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("assignment", metavar=_("EJERCICIO"), help=_("p. ej. 00_bienvenida o 00"))
    p.add_argument("--un-zip", dest="one_zip", action="store_true", help=_("un solo zip con todos los alumnos"))
    p.add_argument("--cuadernos", action="store_true", help=_("incluye los cuadernos personalizados de cada alumno"))
    p.add_argument("--hub", action="store_true", help=_("lo deja en el hub de la clase: cada alumno lo recoge en "
                                                        "JupyterLab (rumbo hub start)"))

    p = sub.add_parser("collect", help=_("recoge las entregas de una carpeta o un zip"),
                       description=_("Reparte las entregas entre los alumnos por id, correo o nombre (sin "
                                     "importar acentos ni mayúsculas). Lo que no sabe de quién es lo dice y no "
                                     "lo toca; nunca sobrescribe: las versiones anteriores se guardan en "
                                     "apartados/."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("source", metavar=_("ORIGEN"), help=_("carpeta o archivo .zip con las entregas (con --hub, no hace "
                                                       "falta)"))
    p.add_argument("assignment", metavar=_("EJERCICIO"), nargs="?", help=_("p. ej. 00_bienvenida o 00"))
    p.add_argument("--hub", action="store_true", help=_("recoge las entregas del hub de la clase: «collect CARPETA "
                                                        "EJERCICIO --hub»"))

    p = sub.add_parser("grade", help=_("corrige todas las entregas con nbgrader, en paralelo"),
                       description=_("Corrige cada entrega con nbgrader en su propia copia de trabajo, en "
                                     "paralelo, cada cuaderno encerrado: sin red, sin privilegios, sin ver tus "
                                     "archivos ni las demás entregas, con límites de tiempo por celda, de memoria "
                                     "y de procesos. Si el sistema no permite encerrarlos, lo dice y no corrige "
                                     "sin --sin-aislamiento."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("assignment", metavar=_("EJERCICIO"), help=_("p. ej. 00_bienvenida o 00"))
    p.add_argument("--procesos", type=int, default=None, help=_("entregas a la vez (por defecto, una por núcleo)"))
    p.add_argument("--timeout", type=int, default=None, metavar=_("SEGUNDOS"), help=_("límite por celda"))
    p.add_argument("--memoria", type=int, default=None, metavar="MB", help=_("memoria máxima por cuaderno"))
    p.add_argument("--solo", default=None, metavar="ID,ID", help=_("solo estos alumnos"))
    p.add_argument("--sin-aislamiento", dest="uncaged", action="store_true",
                   help=_("corrige aunque este sistema no permita aislar los cuadernos (sin red, sin ver tus "
                          "archivos): solo si confías en las entregas"))

    p = sub.add_parser("feedback", help=_("comentarios en HTML y un resumen por alumno"),
                       description=_("Genera los comentarios de nbgrader (sin mostrar las pruebas ocultas) y un "
                                     "resumen corto en español de lo que cada alumno debe repasar."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("assignment", metavar=_("EJERCICIO"), help=_("p. ej. 00_bienvenida o 00"))

    p = sub.add_parser("report", help=_("notas en CSV y panel de la clase en HTML"),
                       description=_("Escribe informes/notas.csv (una fila por alumno y ejercicio), "
                                     "notas_excel.csv y el panel de la clase informes/panel.html."))
    p.add_argument("dir", metavar=_("CARPETA"), help=_("carpeta de la clase"))
    p.add_argument("--todos", action="store_true", help=_("incluye también los ejercicios que no has empezado"))


def _say(text: str = "") -> None:
    print(text, flush=True)


def run(args: argparse.Namespace) -> int:
    command = args.classroom_command
    progress = sys.stderr.isatty()
    if command == "init":
        from rumbo.classroom.folder import init_class  # loaded when this command runs: `rumbo` starts fast

        cls, notes = init_class(args.dir, args.roster, args.curso, args.timeout, args.memoria, args.idioma)
        _say(_("Clase creada en {path}: {n} alumnos, ejercicios {assignments}.").format(
            path=cls.path, n=len(cls.roster()), assignments=", ".join(cls.assignments())))
        for note in notes:
            _say(f"  · {note}")
        return 0

    from rumbo.classroom.folder import open_class  # loaded when this command runs: `rumbo` starts fast

    cls = open_class(args.dir)
    if command == "personalize":
        from rumbo.classroom.personalize import personalize  # loaded when this command runs: `rumbo` starts fast

        result = personalize(cls, _ids(args.modulos), _ids(args.solo), args.procesos, progress=progress)
        for note in result.notes:
            _say(f"  · {note}")
        _say(_("Cuadernos personalizados: {n} en {folder}.").format(n=len(result.written), folder="cuadernos/"))
        for line in result.failed:
            _say(_("  ✗ con errores: {line}").format(line=line))
        return 1 if result.failed else 0
    if command == "release":
        from rumbo.classroom.release import release  # loaded when this command runs: `rumbo` starts fast

        assignment = cls.resolve(args.assignment)
        if args.hub:
            from rumbo.apps.hub.bridge import release_to_hub  # the hub's exchange: only when the class has a hub

            _say(release_to_hub(cls, assignment))
            return 0
        result = release(cls, assignment, one_zip=args.one_zip, with_workbooks=args.cuadernos)
        _say(_("Listo para enviar: {n} carpetas y {z} zip en envios/{assignment}/.").format(
            n=len(result.folders), z=len(result.zips), assignment=assignment))
        return 0
    if command == "collect":
        from rumbo.classroom.collect import collect  # loaded when this command runs: `rumbo` starts fast

        if args.hub:  # the exchange is the source: «collect DIR ASSIGNMENT --hub»
            from rumbo.apps.hub.bridge import collect_from_hub as collect  # the hub's exchange: only when the class has a hub

            args.assignment, args.source = args.assignment or args.source, None
        if not args.assignment:
            raise InvalidInputError(_("Falta el ejercicio: «rumbo classroom collect CARPETA ORIGEN EJERCICIO»."))
        assignment = cls.resolve(args.assignment)
        result = collect(cls, args.source, assignment)
        for line in result.summary():
            _say(line)
        unmatched = result.by_action("sin_asignar")
        _say(_("Recogidas: {new} nuevas, {replaced} sustituyen a una anterior, {aside} apartadas, {same} sin "
               "cambios, {unmatched} sin asignar.").format(
                   new=len(result.by_action("nueva")), replaced=len(result.by_action("sustituye")),
                   aside=len(result.by_action("apartada")), same=len(result.by_action("igual")),
                   unmatched=len(unmatched)))
        if unmatched:
            _say(_("Revisa los archivos sin asignar: renómbralos con el id del alumno y vuelve a recoger."))
        return 0
    if command == "grade":
        from rumbo.classroom.grade import grade_assignment  # loaded when this command runs: `rumbo` starts fast

        assignment = cls.resolve(args.assignment)
        result = grade_assignment(cls, assignment, workers=args.procesos, timeout=args.timeout,
                                  memory_mb=args.memoria, progress=progress, students=_ids(args.solo),
                                  allow_uncaged=args.uncaged, say=_say)
        for outcome in sorted(result.outcomes.values(), key=lambda o: o.student):
            _say(outcome.line())
        for problem in result.problems:
            _say(f"! {problem}")
        _say(_("{n} entregas corregidas en {seconds} s con {workers} procesos. Notas en el libro de notas; "
               "sigue con «rumbo classroom feedback» y «rumbo classroom report».").format(
                   n=len(result.outcomes), seconds=round(result.seconds), workers=result.workers))
        return 0
    if command == "feedback":
        from rumbo.classroom.feedback import generate_feedback  # loaded when this command runs: `rumbo` starts fast

        assignment = cls.resolve(args.assignment)
        result = generate_feedback(cls, assignment, progress=progress)
        _say(_("Comentarios: {html} páginas de nbgrader y {summaries} resúmenes en feedback/.").format(
            html=len(result.html), summaries=len(result.summaries)))
        for student in result.failed:
            _say(_("  ✗ nbgrader no pudo generar los comentarios de {id}").format(id=student))
        from rumbo.apps.hub.bridge import feedback_to_hub  # the hub's exchange: only when the class has a hub

        for line in feedback_to_hub(cls, assignment):
            _say(line)
        return 0
    if command == "report":
        from rumbo.classroom.report import make_report  # loaded when this command runs: `rumbo` starts fast

        result = make_report(cls, include_all=args.todos)
        _say(_("Notas: {csv} (y {excel} para Excel). Panel: {html}").format(
            csv=result.csv.relative_to(cls.path), excel=result.excel_csv.name,
            html=result.dashboard.relative_to(cls.path)))
        return 0
    return 2
