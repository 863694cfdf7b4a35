"""``rumbo classroom grade``: nbgrader's autograde for a whole class, in parallel and caged.

How a class is graded:

1. Every hand-in in ``submitted/`` is read first (:mod:`diagnose`): an empty
   file, broken JSON or another exercise's notebook gets its grade (0) and its
   reason without running anything.
2. The others run in parallel, one long-lived worker process per core
   (:mod:`worker`), each submission in its own working copy in a temporary
   folder outside the class: its own copy of the source, the hand-in and the
   gradebook. Its kernel is the ``rumbo-jaula`` kernel (:mod:`jaula`): no
   network, an unprivileged user, a read-only world that holds only the system,
   Python and the course package (no home folder, no class folder, no other
   working copy), private ``/tmp`` and ``/dev/shm``, memory and process caps
   for everything the notebook starts (:mod:`cgroups`), per-cell timeout and
   output cap. Where Linux cannot build that cage, grading stops before it
   starts unless the trainer asks to go on without it (``allow_uncaged``).
   Meanwhile the class folder's own files are made read-only and checked
   after every submission; anything changed is restored and reported.
3. A last, sequential ``nbgrader autograde`` in the class folder replays the
   outputs of step 2 instead of executing (:class:`preprocessors.Replay`), so
   nbgrader's own code writes the gradebook and ``autograded/``: the grades are
   those of a plain sequential ``nbgrader autograde``, only sooner.
4. The results (score, and a reason for anything unusual) go to
   ``informes/correccion_ASSIGNMENT.json`` for ``feedback`` and ``report``.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from queue import Queue
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rumbo.classroom import cgroups, diagnose, jaula
from rumbo.classroom.folder import (
    ASIDE, CLASS_FILE, CONFIG_FILE, COURSE_CONFIG_FILE, DB_FILE, RELEASE, ROSTER_FILE, SANITIZE_STEP, SOURCE,
    SUBMITTED, ClassFolder, load_config, run_converter,
)
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.i18n import in_language, translator

_, N_, ngettext = translator("classroom")

GRADED, FAILED = "corregido", "error"
PROTECTED = (DB_FILE, CONFIG_FILE, COURSE_CONFIG_FILE, CLASS_FILE, ROSTER_FILE, SOURCE, RELEASE, SUBMITTED, ASIDE)
REPLAY_PREPROCESSORS = [
    "rumbo.classroom.preprocessors.Replay",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "rumbo.classroom.preprocessors.LimitOutputBytes",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    SANITIZE_STEP,
]


@dataclass
class Outcome:
    """One learner's result for one assignment."""

    student: str
    status: str
    score: float | None = None
    max_score: float = 0.0
    needs_manual: bool = False
    notes: list[str] = field(default_factory=list)
    isolation: str = ""
    seconds: float = 0.0

    def line(self) -> str:
        """The report line: who, score, and why (when there is something to say)."""
        from rumbo.core.i18n import fmt_number  # only for the report line of a slow notebook

        score = "—" if self.score is None else f"{fmt_number(self.score, 1)}/{fmt_number(self.max_score, 1)}"
        why = " ".join(self.notes) if self.notes else _("Sin incidencias.")
        return f"{self.student}: {score} · {why}"


@dataclass
class GradeRun:
    assignment: str
    outcomes: dict[str, Outcome]
    seconds: float
    workers: int
    isolation: str
    problems: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: prepare, run, replay

    def save(self, path: Path) -> None:
        """Deterministic JSON (no timings, no temporary paths) for feedback and report."""
        data = {"assignment": self.assignment, "isolation": self.isolation, "problems": self.problems,
                "outcomes": {s: {k: v for k, v in asdict(o).items() if k != "seconds"}
                             for s, o in sorted(self.outcomes.items())}}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_results(cls: ClassFolder, assignment: str) -> dict:
    path = cls.results_file(assignment)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}


# --- the class folder's files: read-only while learners' code runs, checked after ----------


class Guard:
    """Snapshot, back up and chmod the class folder's files; find and undo any change."""

    def __init__(self, root: Path, backup: Path, protected: tuple[str, ...] = PROTECTED):
        self.root, self.backup, self.protected = root, backup, protected
        self.modes: dict[Path, int] = {}
        self.before = self.snapshot()
        for name in self.protected:
            src = root / name
            if src.is_dir():
                shutil.copytree(src, backup / name, symlinks=True)
            elif src.exists():
                backup.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, backup / name)

    def _paths(self):
        for name in self.protected:
            top = self.root / name
            if not top.exists():
                continue
            yield top
            if top.is_dir():
                for dirpath, dirnames, filenames in os.walk(top):
                    for n in dirnames + filenames:
                        yield Path(dirpath) / n

    def snapshot(self) -> dict[str, tuple]:
        found = {}
        for path in self._paths():
            try:
                st = path.lstat()
            except OSError:
                continue
            kind = "d" if stat.S_ISDIR(st.st_mode) else "f"
            found[str(path.relative_to(self.root))] = (kind, 0 if kind == "d" else st.st_size,
                                                       0 if kind == "d" else st.st_mtime_ns)
        return found

    def lock(self) -> None:
        for path in self._paths():
            try:
                st = path.lstat()
                if stat.S_ISLNK(st.st_mode):
                    continue
                self.modes[path] = stat.S_IMODE(st.st_mode)
                os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o222)
            except OSError:
                pass

    def unlock(self) -> None:
        for path, mode in sorted(self.modes.items(), key=lambda kv: len(kv[0].parts)):
            try:
                os.chmod(path, mode)
            except OSError:
                pass
        self.modes.clear()

    def changes(self) -> list[str]:
        now = self.snapshot()
        changed = [p for p in set(self.before) | set(now) if self.before.get(p) != now.get(p)]
        return sorted(changed)

    def restore(self, changed: list[str]) -> None:
        """Put back what changed (from the backup) and remove what appeared."""
        relock = bool(self.modes)
        self.unlock()
        for rel in sorted(changed, key=len, reverse=True):
            target, saved = self.root / rel, self.backup / rel
            if saved.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir():
                    shutil.rmtree(target)
                shutil.copy2(saved, target)
            elif saved.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif target.is_dir() and not saved.exists():
                shutil.rmtree(target, ignore_errors=True)
            elif target.exists():
                target.unlink()
        self.before = self.snapshot()
        if relock:
            self.lock()


# --- workers ---------------------------------------------------------------------------------


class WorkerProcess:
    """One ``python -m rumbo.classroom.worker`` and the deadline of its current job."""

    def __init__(self, log_path: Path):
        self.proc: subprocess.Popen | None = None
        self.log_path = log_path

    def start(self) -> None:
        env = dict(os.environ)
        scripts = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join([scripts, env.get("PATH", "")])
        env.update({"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"})
        self.log = self.log_path.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "rumbo.classroom.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True, env=env,
                                     start_new_session=True, bufsize=1)

    def run(self, job: dict, deadline: float) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        assert self.proc and self.proc.stdin and self.proc.stdout
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.stop()
            return {"success": False, "error": "worker died", "crashed": True}
        end = time.monotonic() + deadline
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                self.stop()
                return {"success": False, "error": "deadline", "deadline": True}
            ready, _w, _x = select.select([self.proc.stdout], [], [], min(remaining, 1.0))
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    self.stop()
                    return {"success": False, "error": "worker died", "crashed": True}
                return json.loads(line)
            if self.proc.poll() is not None:
                self.stop()
                return {"success": False, "error": "worker died", "crashed": True}

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the worker and anything in its group
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except (OSError, AttributeError):
                pass
        self.log.close()
        self.proc = None


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _code_cells(nb: dict) -> int:
    return sum(1 for c in nb.get("cells", []) if c.get("cell_type") == "code")


def _kernel_spec(area: Path) -> Path:
    home = area / "share"
    spec = home / "kernels" / "rumbo-jaula"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "rumbo.classroom.jaula", "-f", "{connection_file}"],
        "display_name": "Python 3 (rumbo, corrección)", "language": "python",
        "metadata": {"debugger": False},
    }), encoding="utf-8")
    return home


def _prepare_fonts(kernel_home: Path, fonts: list[Path]) -> None:
    """The zygote's matplotlib cache: a copy of the trainer's, so nothing is rebuilt."""
    folder = kernel_home / "matplotlib"
    folder.mkdir(parents=True, exist_ok=True)
    for font in fonts:
        shutil.copy2(font, folder / font.name)


def _font_caches() -> list[Path]:
    try:
        import matplotlib

        return sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
    except Exception:  # no matplotlib cache yet: kernels build their own
        return []


def _make_job(cls: ClassFolder, area: Path, template_db: Path, assignment: str, student: str,
              fonts: list[Path]) -> Path:
    root = area / "jobs" / student
    shutil.copytree(cls.path / SOURCE / assignment, root / "source" / assignment)
    shutil.copytree(cls.submitted(student, assignment), root / "submitted" / student / assignment)
    for path in (root / "submitted").rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    shutil.copy2(template_db, root / DB_FILE)
    cage = root / "caja"
    for sub in ("runtime", "tmp", "autograded", "home/.matplotlib"):
        (cage / sub).mkdir(parents=True, exist_ok=True)
    for font in fonts:
        shutil.copy2(font, cage / "home" / ".matplotlib" / font.name)
    return root


def _job_failure_note(answer: dict, deadline: float) -> str:
    if answer.get("deadline"):
        return _("El cuaderno no terminó en {seconds} s en total: se detuvo. Nota 0.").format(
            seconds=int(deadline))
    error = answer.get("error") or ""
    if "DeadKernelError" in error or "Kernel died" in error:
        return _("El kernel se cerró una y otra vez: no se pudo corregir. Nota 0.")
    if "RuntimeError: Kernel didn't respond" in error or "Kernel died before replying" in error:
        return _("No se pudo iniciar el kernel para este cuaderno. Nota 0.")
    if answer.get("crashed"):
        return _("El proceso de corrección se detuvo con este cuaderno. Nota 0.")
    return _("nbgrader no pudo corregir este cuaderno. Nota 0.")


def _isolation(cage: Path) -> tuple[str, str]:
    """(level, reason) the kernel's cage reported: completo, basico or fallo."""
    try:
        report = json.loads((cage / jaula.REPORT).read_text(encoding="utf-8"))
        return str(report.get("aislamiento", "")), str(report.get("motivo", ""))
    except (OSError, ValueError):
        return "", ""


def check_cage(allow_uncaged: bool, possible: bool | None = None) -> tuple[bool, str]:
    """Can this machine cage kernels? (caged, user); without a cage, a clear refusal unless allowed.

    ``possible`` is what :func:`jaula.probe` finds (asked here when not given)."""
    user = ""
    if os.geteuid() == 0:
        user = jaula.CAGE_USER if jaula.ensure_cage_user() else ""
    if possible is None:
        possible = jaula.probe()
    caged = possible and (os.geteuid() != 0 or bool(user))
    if not caged and not allow_uncaged:
        raise InvalidInputError(_(
            "Este sistema no permite aislar los cuadernos al corregir (hace falta ser root o que Linux "
            "permita espacios de nombres de usuario). Sin aislamiento, el código de un alumno podría usar la "
            "red y leer tus archivos. Corrige en un equipo que lo permita o, si confías en las entregas, "
            "repite el comando con --sin-aislamiento."))
    if not user:
        import pwd

        user = pwd.getpwuid(os.geteuid()).pw_name  # in a user namespace, kernels run as the trainer
    return caged, user


def cage_summary(caged: bool, user: str, timeout: int, memory_mb: int, usable: dict) -> list[str]:
    """What the command tells the trainer before grading: how caged, which limits, by what means."""
    lines = []
    if caged:
        lines.append(_("Aislamiento completo: cada cuaderno se ejecuta sin red, como el usuario {user}, sin ver "
                       "tus carpetas ni las demás entregas, con /tmp y /dev/shm propios.").format(user=user))
    else:
        lines.append(_("Sin aislamiento (--sin-aislamiento): el código de los alumnos se ejecuta con tus permisos "
                       "y con red; solo se protegen los archivos de la clase."))
    if caged and "memory" in usable and "pids" in usable:
        lines.append(_("Límites de cada cuaderno: {seconds} s por celda, {mb} MB de memoria para todo el cuaderno "
                       "y {n} procesos a la vez ({how}).").format(seconds=timeout, mb=memory_mb,
                                                                   n=cgroups.DEFAULT_PIDS,
                                                                   how=cgroups.describe(usable)))
    else:
        lines.append(_("Límites de cada cuaderno: {seconds} s por celda y {mb} MB de memoria por proceso "
                       "(límites por proceso: este sistema no permite limitar el cuaderno entero).").format(
                           seconds=timeout, mb=memory_mb))
    return lines


def _read_scores(db_url: str, assignment: str, students: list[str]) -> dict[str, tuple]:
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(db_url, "rumbo") as gb:
        for student in students:
            try:
                sub = gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            scores[student] = (float(sub.score), float(sub.max_score), bool(sub.needs_manual_grade))
    return scores


def max_score(cls: ClassFolder, assignment: str) -> float:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(cls.db_url, "rumbo") as gb:
        try:
            return float(gb.find_assignment(assignment).max_score)
        except MissingEntry:
            return 0.0


def _inspect(cls: ClassFolder, assignment: str, student: str, notebooks: list[str], sources: dict,
             others: dict) -> Outcome:
    """What a hand-in is before anything runs (:func:`diagnose.inspect_submission`, notebook by
    notebook): its status and the notes that say why it cannot run, if it cannot."""
    notes, status, present = [], diagnose.OK, 0
    for nb in notebooks:
        path = cls.submitted(student, assignment) / f"{nb}.ipynb"
        if not path.exists():
            notes.append(_("Falta el cuaderno {name}.ipynb en su entrega: cuenta como 0.").format(name=nb))
            continue
        present += 1
        found = diagnose.inspect_submission(path.read_bytes(), sources[nb], assignment, others)
        notes.extend(found.notes)
        if not found.runnable:
            status = found.status
    if present == 0 and status == diagnose.OK:
        status = diagnose.EMPTY
    return Outcome(student, status, notes=notes)


def grade_assignment(cls: ClassFolder, assignment: str, workers: int | None = None, timeout: int | None = None,
                     memory_mb: int | None = None, progress: bool = True, isolate: bool = True,
                     students: list[str] | None = None, keep_area: bool = False,
                     total_limit: float | None = None, allow_uncaged: bool = False,
                     say=None) -> GradeRun:
    """Grade every collected hand-in of ``assignment``; see the module docstring.

    ``students`` grades only those (the others keep their earlier results);
    ``total_limit`` caps the seconds one submission may take in all (by default
    its code cells times the cell timeout, plus a margin). Where kernels cannot
    be caged, :class:`InvalidInputError` before anything runs, unless
    ``allow_uncaged``; ``isolate=False`` turns the cage off on purpose (tests,
    benchmarks). ``say`` receives the lines that tell the trainer how kernels
    are caged and limited, before grading starts.
    """
    from tqdm import tqdm

    started = time.monotonic()
    assignment = cls.ensure_assignment(assignment)
    timeout = int(cls.settings["timeout"] if timeout is None else timeout)
    memory_mb = int(cls.settings["memory_mb"] if memory_mb is None else memory_mb)
    workers = int(workers if workers is not None else (cls.settings.get("workers") or default_workers()))
    if timeout <= 0 or memory_mb < 256 or workers <= 0:
        raise InvalidInputError(_("Revisa los límites: el tiempo por celda y los procesos deben ser mayores "
                                  "que 0 y la memoria de al menos 256 MB."))
    notebooks = cls.notebooks(assignment)
    sources = {nb: json.loads((cls.path / SOURCE / assignment / f"{nb}.ipynb").read_text(encoding="utf-8"))
               for nb in notebooks}
    others = {}
    for other in cls.assignments():
        folder = cls.path / SOURCE / other
        if not folder.is_dir():
            folder = cls.course / "solutions" / other
        first = sorted(folder.glob("*.ipynb"))
        if other != assignment and first:
            others[other] = diagnose.read_notebook(first[0]) or {}
    submitted_root = cls.path / SUBMITTED
    everyone = sorted(p.name for p in submitted_root.iterdir()
                      if (p / assignment).is_dir()) if submitted_root.is_dir() else []
    if students:
        everyone = [s for s in everyone if s in set(students)]
    if not everyone:
        raise DataError(_("No hay entregas de {assignment} que corregir. Recógelas antes con «rumbo "
                          "classroom collect».").format(assignment=assignment))

    outcomes: dict[str, Outcome] = {}
    runnable: list[str] = []
    for student in everyone:
        with in_language(cls.edition):  # its notes reach the learner's summary
            outcomes[student] = _inspect(cls, assignment, student, notebooks, sources, others)
        if outcomes[student].status == diagnose.OK:
            runnable.append(student)

    caged, user = check_cage(allow_uncaged) if isolate else (False, "")
    usable = cgroups.available() if caged else {}
    if usable:
        cgroups.sweep()  # groups left by a grader that was killed
    for line in cage_summary(caged, user, timeout, memory_mb, usable) if say else ():
        say(line)
    isolate = caged
    area = Path(tempfile.mkdtemp(prefix="rumbo-correccion-"))
    if area.is_relative_to(cls.path) or cls.path.is_relative_to(area):
        shutil.rmtree(area, ignore_errors=True)
        raise DataError(_("La carpeta temporal {area} no puede estar dentro de la clase.").format(area=area))
    problems: list[str] = []
    phases: dict[str, float] = {}
    levels: set[str] = set()
    cage_failures: list[str] = []
    guard = None
    try:
        kernel_home = _kernel_spec(area)
        template_db = area / "plantilla.db"
        shutil.copy2(cls.path / DB_FILE, template_db)
        fonts = _font_caches()
        _prepare_fonts(kernel_home, fonts)
        # Where kernels are fully caged they cannot reach the class folder at all, so nbgrader's
        # final pass can run alongside (in a thread, learner by learner) and its gradebook stays
        # writable; elsewhere the gradebook is locked too and the final pass waits for the end.
        overlap = isolate
        guard = Guard(cls.path, area / "respaldo",
                      tuple(p for p in PROTECTED if p != DB_FILE) if overlap else PROTECTED)
        from jupyter_core.paths import jupyter_runtime_dir
        from rumbo.data import datasets_dir  # pandas' module: loaded when grading, not for every command

        show = jaula.default_show() + [str(datasets_dir())]
        hide = [str(cls.path), str(area), jupyter_runtime_dir()] + [
            str(p) for p in (cls.course / "solutions", cls.course / ".git") if p.exists()]
        ids = jaula.cage_ids(user) if isolate and os.geteuid() == 0 else None
        jobs = {}
        for seq, student in enumerate(runnable):
            root = _make_job(cls, area, template_db, assignment, student, fonts)
            ipc = area / "ipc" / str(seq)  # short: Unix socket paths have ~100 characters at most
            ipc.mkdir(parents=True, mode=0o700)
            if ids:
                os.chown(ipc, *ids)
            cells = sum(_code_cells(sources[nb]) for nb in notebooks) + 5
            jobs[student] = ({
                "id": student, "seq": seq, "root": str(root), "config": str(cls.config_file),
                "assignment": assignment, "student": student, "timeout": timeout, "memory_mb": memory_mb,
                "cpu_s": cells * timeout + 120, "show": show, "hide": hide, "ipc": str(ipc),
                "isolate": isolate, "user": user if ids else None, "pids": cgroups.DEFAULT_PIDS,
                "kernel_home": str(kernel_home), "language": cls.edition,
            }, total_limit or cells * (timeout + 5) + 180)
        local = threading.local()
        pool_workers: list[WorkerProcess] = []
        lock = threading.Lock()

        def run(student: str) -> tuple[str, dict]:
            if not hasattr(local, "worker"):
                local.worker = WorkerProcess(area / f"worker-{threading.get_ident()}.log")
                with lock:
                    pool_workers.append(local.worker)
            job, deadline = jobs[student]
            t0 = time.monotonic()
            answer = local.worker.run(job, deadline)
            answer["seconds"] = time.monotonic() - t0
            answer["deadline_s"] = deadline
            return student, answer

        guard.lock()
        phases["prepare"] = time.monotonic() - started
        executed = area / "ejecutados"
        config = load_config(cls.config_file, {
            "Autograde": {"autograde_preprocessors": REPLAY_PREPROCESSORS},
            "Replay": {"executed_dir": str(executed)},
        })
        replayed: set[str] = set()
        queue: Queue = Queue()

        def replayer() -> None:
            with in_language(cls.edition):  # this thread's notes in the notebooks: the learner's
                while (student := queue.get()) is not None:
                    run_converter("autograde", config, assignment, student)
                    replayed.add(student)

        thread = threading.Thread(target=replayer, name="rumbo-replay", daemon=True)
        if overlap:
            thread.start()
        try:
            with ThreadPoolExecutor(max_workers=min(workers, max(1, len(runnable)))) as pool, \
                    tqdm(total=len(runnable), desc=_("Corrigiendo {assignment}").format(assignment=assignment),
                         unit=_("entrega"), disable=not progress, file=sys.stderr) as bar:
                futures = [pool.submit(run, s) for s in runnable]
                for future in as_completed(futures):
                    student, answer = future.result()
                    outcome = outcomes[student]
                    outcome.seconds = answer.get("seconds", 0.0)
                    cage = Path(jobs[student][0]["root"]) / "caja"
                    outcome.isolation, why = _isolation(cage)
                    if outcome.isolation:
                        levels.add(outcome.isolation)
                    if outcome.isolation == jaula.FAILED:
                        cage_failures.append(f"{student}: {why}")
                    with lock:
                        changed = guard.changes()
                        if changed:
                            guard.restore(changed)
                    done = cage / "autograded" / student / assignment
                    with in_language(cls.edition):  # the notes reach the learner's summary
                        if changed:
                            outcome.notes.append(_("Su código cambió archivos de la clase ({files}): se han "
                                                   "restaurado.").format(files=", ".join(changed[:5])))
                        if answer.get("success") and done.is_dir():
                            target = executed / student / assignment
                            target.mkdir(parents=True, exist_ok=True)
                            for nb in done.glob("*.ipynb"):
                                shutil.copy2(nb, target / nb.name)
                                ran = diagnose.read_notebook(nb) or {}
                                outcome.notes.extend(n for n in diagnose.runtime_notes(
                                    ran, timeout, memory_mb, (str(cls.path),), caps=answer.get("caps"),
                                    processes=cgroups.DEFAULT_PIDS, workdir=str(cage))
                                    if n not in outcome.notes)
                            if overlap and outcome.isolation == "completo":
                                queue.put(student)
                        else:
                            outcome.status = FAILED
                            outcome.notes.append(_job_failure_note(answer, answer.get("deadline_s", 0)))
                    bar.update(1)
        finally:
            queue.put(None)
            for worker in pool_workers:
                worker.stop()
            if overlap:
                thread.join()
            guard.unlock()
        changed = guard.changes()
        if changed:
            guard.restore(changed)
            problems.append(_("Algunos archivos de la clase cambiaron durante la corrección y se han "
                              "restaurado: {files}.").format(files=", ".join(changed[:10])))

        phases["run"] = time.monotonic() - started - phases["prepare"]
        # Step 3: nbgrader itself, in the class folder, replaying the outputs (what is left of it).
        left = [s for s in everyone if s not in replayed]
        with in_language(cls.edition):  # its notes in the notebooks reach the learner
            if len(left) == len(everyone) and not students:
                run_converter("autograde", config, assignment, "*")  # one run for the class: cheaper
            else:
                for student in left:
                    run_converter("autograde", config, assignment, student)
        phases["replay"] = time.monotonic() - started - phases["prepare"] - phases["run"]
        scores = _read_scores(cls.db_url, assignment, everyone)
        top = max_score(cls, assignment)
        for student in everyone:
            outcome = outcomes[student]
            outcome.max_score = top
            if student in scores and cls.autograded(student, assignment).is_dir():
                outcome.score, outcome.max_score, outcome.needs_manual = scores[student]
                if outcome.status == diagnose.OK:
                    outcome.status = GRADED
            else:
                outcome.score = 0.0
                if outcome.status == diagnose.OK:
                    outcome.status = FAILED
                    with in_language(cls.edition):
                        outcome.notes.append(_("nbgrader no pudo corregir este cuaderno. Nota 0."))
    finally:
        if guard is not None:
            guard.unlock()
        if not keep_area:
            shutil.rmtree(area, ignore_errors=True)
    isolation = "completo" if levels == {"completo"} else ("basico" if levels else "")
    if cage_failures:
        isolation = jaula.FAILED
        problems.append(_("No se pudo encerrar el kernel de algunas entregas, que no se ejecutaron: {who}.").format(
            who="; ".join(cage_failures[:5])))
    if "basico" in levels:
        problems.append(_("Aislamiento básico: los cuadernos se ejecutaron sin jaula (con red y con tus permisos). "
                          "Se aplicaron los límites de memoria y tiempo, los archivos de la clase se protegieron "
                          "y se comprobó que nada cambió."))
    run_result = GradeRun(assignment, outcomes, time.monotonic() - started, workers, isolation, problems, phases)
    kept = load_results(cls, assignment).get("outcomes", {}) if students else {}
    saved = GradeRun(assignment, {**{s: Outcome(**o) for s, o in kept.items()}, **outcomes},
                     run_result.seconds, workers, isolation, problems)
    saved.save(cls.results_file(assignment))
    return run_result


def sequential_autograde(class_dir: Path, assignment: str, timeout: int | None = None) -> subprocess.CompletedProcess:
    """A plain ``nbgrader autograde`` of the whole class, one submission after another (the baseline)."""
    args = [str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"]
    if timeout:
        args += [f"--Execute.timeout={timeout}", f"--ExecutePreprocessor.timeout={timeout}"]
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(args, cwd=class_dir, capture_output=True, text=True, env=env)
