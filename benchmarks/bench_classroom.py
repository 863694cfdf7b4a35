"""Latency of the trainer toolkit's pure steps (pytest-benchmark; figures, not pass/fail).

    PYTHONPATH=. .venv/bin/pytest benchmarks/bench_classroom.py --benchmark-only -q

The toolkit has no widgets: what a trainer waits for, apart from kernels, is
reading a roster, matching a pile of hand-ins, inspecting each one before it
runs, and drawing the dashboard. Each is measured on a class of 300 learners.
The whole-class grading benchmark (30 learners x every exercise, ours against
a sequential ``nbgrader autograde``) is ``benchmarks/classroom_grading.py``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests package (shared fixtures)

from rumbo.classroom import diagnose, report  # noqa: E402
from rumbo.classroom.collect import Found, match  # noqa: E402
from rumbo.classroom.report import Row, dashboard_data, render_dashboard  # noqa: E402
from rumbo.classroom.roster import parse_roster  # noqa: E402
from tests.classroom_helpers import ASSIGNMENT, notebook_bytes, release_notebook, source_notebook, tiny_class  # noqa: E402

N = 300
NAMES = ["Ana", "José", "María Ángeles", "Íñigo", "Begoña", "Núria", "Raúl", "Zoe"]
SURNAMES = ["García López", "Núñez Peña", "Ruiz", "Etxeberria", "Fernández", "Sáez Gil"]


def roster_csv() -> bytes:
    lines = ["\ufeffid;Nombre;Apellidos;Correo electrónico;Negocio"]
    for i in range(N):
        lines.append(f"a{i:03d};{NAMES[i % len(NAMES)]};{SURNAMES[i % len(SURNAMES)]} {i};"
                     f"alumno{i}@example.com;Panadería {i}")
    return "\r\n".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def roster():
    return parse_roster(roster_csv())


def test_roster_of_300_learners(benchmark):
    result = benchmark(parse_roster, roster_csv())
    assert len(result) == N


def test_match_one_lms_file_among_300_learners(benchmark, roster):
    learners = roster.learners
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    files = [Found(f"{lr.nombre} {lr.apellidos}_{i}_assignsubmission_file_/Ejercicio 0 FINAL (1).ipynb",
                   f"{lr.nombre} {lr.apellidos}_{i}_assignsubmission_file_/Ejercicio 0 FINAL (1).ipynb",
                   when, b"{}") for i, lr in enumerate(learners)]
    counter = iter(range(10**9))

    def one():
        return match(files[next(counter) % N], learners)

    candidates, _method, _conflict = benchmark(one)
    assert len(candidates) == 1


def test_inspect_a_tampered_hand_in(benchmark):
    source = json.loads(nbformat.writes(source_notebook()))
    release = release_notebook(source_notebook())
    del release.cells[4]
    raw = notebook_bytes(release)
    found = benchmark(diagnose.inspect_submission, raw, source, ASSIGNMENT, {})
    assert found.notes


def test_dashboard_of_300_learners(benchmark, tmp_path):
    cls = tiny_class(tmp_path)
    report._style()
    rows = [Row(f"a{i:03d}", "N", "A", "", ASSIGNMENT, "corregido" if i % 10 else "no_entregado",
                float(i % 4) if i % 10 else None, 3.0,
                questions={"q1_test": float(i % 2), "q2_test": float(i % 3 == 0)}) for i in range(N)]

    def draw():
        return render_dashboard(dashboard_data(cls, rows, [ASSIGNMENT]), "Panel")

    html = benchmark.pedantic(draw, rounds=5, iterations=1)
    assert html.count("<svg") == 2
