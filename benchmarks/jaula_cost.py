"""What the grading cage costs a notebook: every exercise's solution run in caged and uncaged kernels.

    .venv/bin/python benchmarks/jaula_cost.py [--rounds 5] [--assignments 00,03]

Each round runs every solution notebook (``solutions/NN_slug/``) once in a caged
kernel (new namespaces and root, the ``rumbo-jaula`` user, private tmpfs, the
submission's control groups) and once uncaged (the same warm kernel from the
same zygote, the same limits per process, none of the rest), alternating which
goes first, the way the grading worker starts them: nbclient, the ``rumbo-jaula``
kernel spec, ZeroMQ over ipc. Prints the median seconds per notebook and the
ratio (target: caged at most 1.10). The whole-class view, with nbgrader and the
final pass, is ``classroom_grading.py --jaula``. Needs root (as grading does).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_zygote(folder: Path) -> tuple[subprocess.Popen, str]:
    path = folder / "z.sock"
    env = dict(os.environ, MALLOC_ARENA_MAX="2", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    proc = subprocess.Popen([sys.executable, "-m", "rumbo.classroom.jaula", "--zygote", str(path)], env=env)
    while not path.exists():
        if proc.poll() is not None:
            raise SystemExit("the zygote did not start")
        time.sleep(0.05)
    return proc, str(path)


def kernel_spec(folder: Path) -> Path:
    spec = folder / "share" / "kernels" / "rumbo-jaula"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "rumbo.classroom.jaula", "-f", "{connection_file}"],
        "display_name": "jaula", "language": "python"}))
    return folder / "share"


def run_once(notebook: Path, caged: bool, base: Path, share: Path, zygote: str, n: int) -> float:
    """Seconds to start a kernel, run every cell of ``notebook`` and shut it down."""
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    from rumbo.classroom import cgroups, jaula
    from rumbo.data import datasets_dir

    job = base / f"job{n}" / "caja"
    cwd = job / "autograded"
    cwd.mkdir(parents=True)
    (job / "home").mkdir()
    ipc = base / f"ipc{n}"
    ipc.mkdir(mode=0o700)
    ids = jaula.cage_ids()
    if caged and ids:
        os.chown(ipc, *ids)
    started = time.monotonic()
    group = cgroups.JobGroup.create(f"bench-{os.getpid()}-{n}", 2048) if caged else cgroups.JobGroup("", 0)
    env = dict(os.environ, JUPYTER_PATH=str(share), JUPYTER_RUNTIME_DIR=str(job),
               **jaula.environment(job, show=jaula.default_show() + [str(datasets_dir())], ipc=ipc,
                                   cgroups=group.paths, memory_mb=2048, cpu_s=600, isolate=caged),
               **{jaula.ENV_ZYGOTE: zygote})
    km = KernelManager(kernel_name="rumbo-jaula", transport="ipc", ip=str(ipc / "k"))
    km.kernel_spec_manager.kernel_dirs.insert(0, str(share / "kernels"))
    nb = nbformat.read(notebook, as_version=4)
    try:
        NotebookClient(nb, km=km, timeout=120, allow_errors=True).execute(cwd=str(cwd), env=env)
    finally:
        group.close()
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--assignments", default="", help="comma-separated prefixes (default: every exercise)")
    args = parser.parse_args(argv)
    wanted = [a.strip() for a in args.assignments.split(",") if a.strip()]
    notebooks = [p for p in sorted((ROOT / "solutions").glob("*/*.ipynb"))
                 if not wanted or any(p.parent.name.startswith(w) for w in wanted)]
    from rumbo.classroom import jaula

    jaula.ensure_cage_user()
    base = Path(tempfile.mkdtemp(prefix="rumbo-bench-jaula-"))
    zygote, socket_path = start_zygote(base)
    share = kernel_spec(base)
    times: dict[str, list[float]] = {"caged": [], "uncaged": []}
    try:
        n = 0
        for round_ in range(args.rounds):
            order = (True, False) if round_ % 2 == 0 else (False, True)
            for caged in order:
                total = 0.0
                for notebook in notebooks:
                    n += 1
                    total += run_once(notebook, caged, base, share, socket_path, n)
                times["caged" if caged else "uncaged"].append(total)
                print(f"{'caged' if caged else 'uncaged':8s} round {round_ + 1}: {total:.1f} s for "
                      f"{len(notebooks)} notebooks", flush=True)
    finally:
        zygote.kill()
        shutil.rmtree(base, ignore_errors=True)
    caged, uncaged = statistics.median(times["caged"]), statistics.median(times["uncaged"])
    print(json.dumps({"notebooks": [p.parent.name for p in notebooks], "rounds": args.rounds,
                      "cores": os.cpu_count(), "caged_s": [round(t, 2) for t in times["caged"]],
                      "uncaged_s": [round(t, 2) for t in times["uncaged"]],
                      "median_per_notebook_caged_s": round(caged / len(notebooks), 2),
                      "median_per_notebook_uncaged_s": round(uncaged / len(notebooks), 2),
                      "ratio": round(caged / uncaged, 3)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
