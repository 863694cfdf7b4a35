"""Wall time of every course notebook under papermill, next to a trivial notebook's.

    python benchmarks/notebook_times.py [--repeat 3]

Each run is a separate `papermill` process (what CI and trainers do), so the
figure includes kernel start-up; the trivial notebook measures that overhead.
Target: a module notebook under 2x the trivial one.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
PAPERMILL = Path(sys.executable).parent / "papermill"


def timed(notebook: Path, out: Path, plan: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(PAPERMILL), "-k", "python3", "--no-progress-bar", "--cwd", str(notebook.parent),
                    str(notebook), str(out), "-p", "plan_path", str(plan)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        trivial = tmp / "trivial.ipynb"
        nb = new_notebook(cells=[new_code_cell("plan_path = None", metadata={"tags": ["parameters"]}),
                                 new_code_cell("1 + 1")],
                          metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nbformat.write(nb, trivial)
        rows = [("trivial", [timed(trivial, tmp / "o.ipynb", tmp / "p.json") for _ in range(args.repeat)])]
        for notebook in sorted(ROOT.glob("course/*.ipynb")):
            rows.append((notebook.stem, [timed(notebook, tmp / "o.ipynb", tmp / "p.json")
                                         for _ in range(args.repeat)]))
    base = statistics.median(rows[0][1])
    print(f"{'notebook':32} {'median s':>9} {'x trivial':>10}")
    for name, times in rows:
        med = statistics.median(times)
        print(f"{name:32} {med:9.2f} {med / base:10.2f}")


if __name__ == "__main__":
    main()
