"""Every autograded point can be earned without programming.

A graded answer is the code of an answer cell in solutions/ (what the learner types
where the release says `None`). It may hold numbers, text in quotes, arithmetic, names
of values the exercise shows, and calls to the helpers the exercise provides. It may not
hold what only a programmer writes: `def`, `lambda`, loops, comprehensions, `import`,
table look-ups (`tabla["columna"]`, `.loc`, `.iloc`) or methods (`.groupby()`,
`.resample()`, `.sum()`...). Optional "Reto" cells, ungraded, are where pandas lives.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted(ROOT.glob("solutions/*/*.ipynb"))

#: Node types that only a programmer writes, and how the failure names them.
FORBIDDEN = {
    ast.FunctionDef: "def", ast.AsyncFunctionDef: "def", ast.Lambda: "lambda",
    ast.For: "bucle for", ast.While: "bucle while", ast.ListComp: "comprensión",
    ast.SetComp: "comprensión", ast.DictComp: "comprensión", ast.GeneratorExp: "comprensión",
    ast.Import: "import", ast.ImportFrom: "import", ast.ClassDef: "class",
    ast.Subscript: "consulta a una tabla ([...])", ast.Attribute: "atributo o método (.algo)",
}


def solution_code(source: str) -> str:
    """The lines between the solution markers: what a learner has to write."""
    lines, inside = [], False
    for line in source.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def programming_in(code: str) -> list[str]:
    """What in ``code`` needs programming (empty when an owner can type it)."""
    found = []
    for node in ast.walk(ast.parse(code)):
        for kind, name in FORBIDDEN.items():
            if isinstance(node, kind):
                found.append(name)
    return sorted(set(found))


def graded_answers(path: Path) -> list[tuple[str, str]]:
    """(grade id, solution code) of every autograded answer cell of a solution notebook: a
    solution cell whose variable (the ``name = None`` it starts with) a graded test cell reads.
    The optional challenges have no test cell, so they are left out."""
    nb = nbformat.read(path, as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    tests = "\n".join(c.source for c, m in zip(nb.cells, meta)
                      if c.cell_type == "code" and m.get("grade") and not m.get("solution"))
    answers = []
    for cell, m in zip(nb.cells, meta):
        if cell.cell_type == "code" and m.get("solution") and not m.get("grade"):
            variable = re.search(r"^(\w+) = None", cell.source, re.MULTILINE)
            if variable and re.search(rf"\({variable.group(1)}\)", tests):
                answers.append((m["grade_id"], solution_code(cell.source)))
    return answers


def test_the_scanner_sees_programming_and_lets_arithmetic_through():
    assert programming_in("x = (913 - 800) / 800") == []
    assert programming_in('x = crecimiento_mensual(800, 913, meses=12)') == []
    assert programming_in('x = "b, e, h"') == []
    assert programming_in('x = posts["clicks"].sum() / 2') == ["atributo o método (.algo)",
                                                               "consulta a una tabla ([...])"]
    assert programming_in("x = s.loc['2025']") == ["atributo o método (.algo)",
                                                   "consulta a una tabla ([...])"]
    assert programming_in("def f(a):\n    return a") == ["def"]
    assert programming_in("x = [a for a in b]") == ["comprensión"]
    assert programming_in("x = sorted(b, key=lambda a: a)") == ["lambda"]
    assert programming_in("for a in b:\n    pass") == ["bucle for"]


@pytest.mark.parametrize("notebook", [p.relative_to(ROOT).as_posix() for p in SOLUTIONS])
def test_no_graded_answer_needs_programming(notebook):
    answers = graded_answers(ROOT / notebook)
    assert answers, "every exercise has graded answers"
    needing = {gid: programming_in(code) for gid, code in answers if programming_in(code)}
    assert not needing, f"answers that need programming: {needing}"


def count_programming_answers() -> tuple[int, int]:
    """(answers that need programming, graded answers) over every exercise."""
    answers = [code for path in SOLUTIONS for _gid, code in graded_answers(path)]
    return sum(1 for code in answers if programming_in(code)), len(answers)


if __name__ == "__main__":  # the count for a report: python tests/test_exercise_no_programming.py
    need, total = count_programming_answers()
    print(f"{need} of {total} graded answers need programming")
