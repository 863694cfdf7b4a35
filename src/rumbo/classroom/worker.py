"""A grading worker: one long-lived process that runs ``nbgrader autograde`` job after job.

    python -m rumbo.classroom.worker

Reads one JSON job per line on stdin, answers one JSON line per job on the
file descriptor it was given (stdout, kept free of logs). nbgrader is imported
once per worker, not once per submission: that start-up cost is most of what
makes a plain run slow. The parent (:mod:`rumbo.classroom.grade`) owns the
clock: a job that overruns its deadline gets the whole worker killed (with its
kernel) and a fresh one started.

Job keys: ``root`` (the submission's working copy, nbgrader's course root),
``config`` (the class's nbgrader_config.py), ``assignment``, ``student``,
``timeout``, ``memory_mb``, ``cpu_s``, ``show`` and ``hide`` (what the kernel may
read, what it must not see), ``ipc`` (the folder of the kernel's sockets),
``isolate`` (bool), ``user`` (who the kernel runs as, when root), ``pids``
(process cap), ``kernel_home`` (where the rumbo-jaula kernel spec is), ``language`` (the
class's edition: what the kernel's checks and nbgrader's notes say to the learner).

The kernel talks to nbgrader over ZeroMQ's ``ipc`` transport (Unix sockets in
``ipc``), the one way into its network namespace. Each job gets its control
groups (:mod:`cgroups`), which the caged kernel joins; the answer says how often
a cap was hit (``caps``), and the groups go with whatever is left in them.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

from rumbo.classroom import cgroups, jaula
from rumbo.core.i18n import LANGUAGE_VARIABLE, SOURCE_LANGUAGE, set_language

KERNEL_NAME = "rumbo-jaula"


def overrides(job: dict) -> dict:
    root = job["root"]
    timeout = int(job["timeout"])
    return {
        "CourseDirectory": {
            "root": root, "source_directory": "source", "submitted_directory": "submitted",
            "autograded_directory": "caja/autograded", "db_url": f"sqlite:///{root}/gradebook.db",
        },
        "Execute": {"kernel_name": KERNEL_NAME, "timeout": timeout, "interrupt_on_timeout": True,
                    "raise_on_iopub_timeout": False, "startup_timeout": 120},
        "ExecuteGuarded": {"kernel_name": KERNEL_NAME, "timeout": timeout},
        "ExecutePreprocessor": {"kernel_name": KERNEL_NAME, "timeout": timeout},
        "KernelManager": {"transport": "ipc", "ip": os.path.join(job["ipc"], "k")},
        "Autograde": {"autograde_preprocessors": [
            "rumbo.classroom.preprocessors.ExecuteGuarded",
            "nbgrader.preprocessors.IgnorePattern",
            "nbconvert.preprocessors.ClearMetadataPreprocessor",
            "nbgrader.preprocessors.LimitOutput",
            "rumbo.classroom.preprocessors.LimitOutputBytes",
            "nbgrader.preprocessors.SaveAutoGrades",
            "nbgrader.preprocessors.AssignLatePenalties",
            "nbgrader.preprocessors.CheckCellMetadata",
        ]},
    }


_zygote: dict = {}


def start_zygote(kernel_home: str) -> str | None:
    """One zygote per worker (kernels forked already warm); None if it cannot start."""
    import subprocess

    if "path" in _zygote:
        return _zygote["path"]
    path = os.path.join(kernel_home, f"zygote-{os.getpid()}.sock")
    if len(path) > 100:  # AF_UNIX paths are short
        import tempfile

        path = os.path.join(tempfile.mkdtemp(prefix="rumbo-z-"), "z.sock")
    env = dict(os.environ, MALLOC_ARENA_MAX="2", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1", MPLBACKEND="module://matplotlib_inline.backend_inline",
               MPLCONFIGDIR=os.path.join(kernel_home, "matplotlib"))
    env.pop(jaula.ENV_ZYGOTE, None)
    proc = subprocess.Popen([sys.executable, "-m", "rumbo.classroom.jaula", "--zygote", path], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=sys.stderr)
    deadline = time.monotonic() + 120
    while not os.path.exists(path):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _zygote["path"] = None
            return None
        time.sleep(0.05)
    _zygote.update(path=path, proc=proc)
    return path


def run_job(job: dict) -> dict:
    from rumbo.classroom.folder import load_config, run_converter  # in the grading worker only

    root = job["root"]
    isolate = job.get("isolate", True)
    language = job.get("language") or SOURCE_LANGUAGE
    os.environ[LANGUAGE_VARIABLE] = language  # the kernel (and the zygote it forks from) reads it
    set_language(language)  # this worker's own notes in the notebook (a cell skipped...)
    zygote = start_zygote(job["kernel_home"]) if job.get("zygote", True) else None
    cage = os.path.join(root, "caja")
    group = cgroups.JobGroup.create(f"w{os.getpid()}-{job.get('seq', 0)}", int(job.get("memory_mb") or 0),
                                    int(job.get("pids") or cgroups.DEFAULT_PIDS)) \
        if isolate and job.get("memory_mb") else cgroups.JobGroup("", 0)
    os.environ.update({"JUPYTER_PATH": job["kernel_home"], "JUPYTER_RUNTIME_DIR": os.path.join(cage, "runtime")})
    os.environ.update(jaula.environment(
        cage, show=job.get("show", []), hide=job.get("hide", []), ipc=job["ipc"], cgroups=group.paths,
        memory_mb=job.get("memory_mb"), cpu_s=job.get("cpu_s"), isolate=isolate, user=job.get("user")))
    if zygote:
        os.environ[jaula.ENV_ZYGOTE] = zygote
    else:
        os.environ.pop(jaula.ENV_ZYGOTE, None)
    started = time.monotonic()
    try:
        config = load_config(__import__("pathlib").Path(job["config"]), overrides(job))
        result = run_converter("autograde", config, job["assignment"], job["student"])
    finally:
        caps = group.events()
        group.close()
    return {"id": job.get("id"), "success": bool(result.get("success")), "log": result.get("log", "")[-20000:],
            "error": (result.get("error") or "")[-5000:], "seconds": time.monotonic() - started,
            "caps": caps, "capped": sorted(group.folders)}


def main() -> None:
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # anything nbgrader prints goes to stderr, never into the answers
    sys.stdout = sys.stderr
    import nbgrader.converters  # noqa: F401  (the import is the cost we pay once)

    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            answer = run_job(job)
        except BaseException as exc:  # a worker never dies of a bad job
            answer = {"id": job.get("id"), "success": False, "log": "",
                      "error": "".join(traceback.format_exception(exc))[-5000:], "seconds": 0}
        out.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
