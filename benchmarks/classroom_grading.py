"""Whole-class grading: ``rumbo classroom grade`` against a plain sequential ``nbgrader autograde``,
and the cost of the grading cage.

    .venv/bin/python benchmarks/classroom_grading.py [--learners 30] [--assignments 00,01] [--keep DIR]
    .venv/bin/python benchmarks/classroom_grading.py --jaula 3 [--learners 12] [--assignments 00]

With ``--jaula N`` the class is graded N times caged and N times uncaged
(``isolate=False``: the same parallel workers and warm kernels, no namespaces,
no user switch, no control groups), alternating which goes first, and the
median times and their ratio are printed (target: caged at most 10 % slower)
with whether the grades are identical. The cost is read on the submissions'
own run times (the sum of each one's seconds in its worker): uncaged, ``grade``
also waits to write the gradebook until every kernel is done (kernels could
reach it), so its wall time measures that too.

A synthetic class (default 30 learners) hands in every exercise of the course:
a third complete (the solution's answers), a third partial (every other
answer), a third untouched. The same class is graded twice, from identical
copies: once with our command (parallel, caged kernels) and once with plain
``nbgrader autograde`` run for each exercise with the course's own settings,
one submission after another. Prints wall times, the ratio (target: at most
0.6 on 2 cores) and whether every grade is identical. Not part of ``make test``:
it takes a while (about 30 x exercises kernel runs, twice).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def strip_markers(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


def hand_in(release, solution, kind: str):
    """complete, partial (every other answer) or untouched."""
    nb = copy.deepcopy(release)
    if kind == "untouched":
        return nb
    answers = {c.metadata["nbgrader"]["grade_id"]: strip_markers(c.source) for c in solution.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    order = [g for g in (c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells) if g in answers]
    keep = set(order if kind == "complete" else order[::2])
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in keep:
            cell.source = answers[grade_id]
    return nb


def scores(db: Path, assignments: list[str], students: list[str]) -> dict:
    from nbgrader.api import Gradebook, MissingEntry

    found = {}
    with Gradebook(f"sqlite:///{db}", "rumbo") as gb:
        for a in assignments:
            for s in students:
                try:
                    found[(a, s)] = round(float(gb.find_submission(a, s).score), 6)
                except MissingEntry:
                    found[(a, s)] = None
    return found


def main(argv: list[str] | None = None) -> int:
    import nbformat

    from rumbo.classroom.folder import init_class
    from rumbo.classroom.grade import grade_assignment, sequential_autograde

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--assignments", default="", help="comma-separated ids (default: every exercise)")
    parser.add_argument("--timeout", type=int, default=60)
    parser.add_argument("--keep", default=None, help="keep the class folders here")
    parser.add_argument("--jaula", type=int, default=0, metavar="N",
                        help="measure the cage instead: N caged and N uncaged runs")
    args = parser.parse_args(argv)

    base = Path(args.keep or tempfile.mkdtemp(prefix="rumbo-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    roster = base / "alumnos.csv"
    ids = [f"a{i:02d}" for i in range(1, args.learners + 1)]
    roster.write_text("id,nombre,apellidos,email,negocio\n" + "".join(
        f"{i},Alumno,{i.upper()},{i}@example.com,Panadería\n" for i in ids), encoding="utf-8")
    t0 = time.monotonic()
    cls, notes = init_class(base / "ours", roster, timeout=args.timeout)
    print(f"init: {time.monotonic() - t0:.1f} s; {' '.join(notes)}", flush=True)
    wanted = [a.strip() for a in args.assignments.split(",") if a.strip()]
    assignments = [cls.resolve(a) for a in wanted] if wanted else \
        sorted(p.name for p in (cls.path / "release").iterdir())
    kinds = ("complete", "partial", "untouched")
    for a in assignments:
        source = cls.path / "source" / a
        for nb_path in sorted(source.glob("*.ipynb")):
            solution = nbformat.read(nb_path, as_version=4)
            release = nbformat.read(cls.path / "release" / a / nb_path.name, as_version=4)
            for n, student in enumerate(ids):
                target = cls.submitted(student, a) / nb_path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(hand_in(release, solution, kinds[n % 3]), target)
    if args.jaula:
        return cage_cost(cls, base, assignments, ids, args)
    plain = base / "plain"
    shutil.copytree(cls.path, plain)
    (plain / "nbgrader_config.py").write_text(
        f'c = get_config()\nload_subconfig("nbgrader_curso.py")\nc.CourseDirectory.root = {str(plain)!r}\n'
        f'c.CourseDirectory.source_directory = "source"\nc.CourseDirectory.release_directory = "release"\n'
        f'c.CourseDirectory.db_url = "sqlite:///{plain}/gradebook.db"\n', encoding="utf-8")

    # Interleaved (ours, then plain, exercise by exercise) so both see the same machine load.
    timings = {}
    for a in assignments:
        t = time.monotonic()
        run = grade_assignment(cls, a, timeout=args.timeout, progress=False)
        timings[(a, "ours")] = time.monotonic() - t
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in run.phases.items())
        print(f"ours  {a}: {timings[(a, 'ours')]:.1f} s ({run.workers} processes, isolation {run.isolation}; "
              f"{phases})", flush=True)
        t = time.monotonic()
        done = sequential_autograde(plain, a, timeout=args.timeout)
        timings[(a, "plain")] = time.monotonic() - t
        print(f"plain {a}: {timings[(a, 'plain')]:.1f} s (exit {done.returncode})", flush=True)

    ours_total = sum(v for (a, k), v in timings.items() if k == "ours")
    plain_total = sum(v for (a, k), v in timings.items() if k == "plain")
    mine, theirs = scores(cls.path / "gradebook.db", assignments, ids), scores(plain / "gradebook.db", assignments, ids)
    differ = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
    summary = {
        "learners": args.learners, "assignments": assignments, "cores": os.cpu_count(),
        "ours_s": round(ours_total, 1), "plain_s": round(plain_total, 1),
        "ratio": round(ours_total / plain_total, 3) if plain_total else None,
        "identical_grades": not differ, "differences": {f"{a}/{s}": v for (a, s), v in differ.items()},
        "per_assignment": {a: {"ours_s": round(timings[(a, "ours")], 1), "plain_s": round(timings[(a, "plain")], 1)}
                           for a in assignments},
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


def cage_cost(cls, base: Path, assignments: list[str], ids: list[str], args) -> int:
    """Median wall time of grading caged and uncaged, interleaved so both see the same machine load."""
    import statistics

    from rumbo.classroom.folder import ClassFolder, write_class
    from rumbo.classroom.grade import grade_assignment

    folders = {}
    for mode in ("caged", "uncaged"):
        folder = base / mode
        shutil.copytree(cls.path, folder)
        other = ClassFolder(folder, cls.course, dict(cls.settings))
        write_class(other)
        folders[mode] = other
    times: dict[str, list[float]] = {"caged": [], "uncaged": []}
    jobs: dict[str, list[float]] = {"caged": [], "uncaged": []}
    isolation = ""
    for round_ in range(args.jaula):
        order = ("caged", "uncaged") if round_ % 2 == 0 else ("uncaged", "caged")
        for mode in order:
            t, spent = time.monotonic(), 0.0
            for a in assignments:
                run = grade_assignment(folders[mode], a, timeout=args.timeout, progress=False,
                                       isolate=mode == "caged")
                spent += sum(o.seconds for o in run.outcomes.values())
                if mode == "caged":
                    isolation = run.isolation
            times[mode].append(time.monotonic() - t)
            jobs[mode].append(spent)
            print(f"{mode:8s} round {round_ + 1}: {times[mode][-1]:.1f} s wall, {spent:.1f} s in submissions",
                  flush=True)
    caged, uncaged = (statistics.median(jobs[m]) for m in ("caged", "uncaged"))
    mine = scores(folders["caged"].path / "gradebook.db", assignments, ids)
    theirs = scores(folders["uncaged"].path / "gradebook.db", assignments, ids)
    summary = {"learners": args.learners, "assignments": assignments, "cores": os.cpu_count(),
               "rounds": args.jaula, "isolation": isolation,
               "wall_caged_s": [round(t, 1) for t in times["caged"]],
               "wall_uncaged_s": [round(t, 1) for t in times["uncaged"]],
               "submissions_caged_s": [round(t, 1) for t in jobs["caged"]],
               "submissions_uncaged_s": [round(t, 1) for t in jobs["uncaged"]],
               "median_submissions_caged_s": round(caged, 1), "median_submissions_uncaged_s": round(uncaged, 1),
               "ratio": round(caged / uncaged, 3),
               "wall_ratio": round(statistics.median(times["caged"]) / statistics.median(times["uncaged"]), 3),
               "identical_grades": mine == theirs}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
