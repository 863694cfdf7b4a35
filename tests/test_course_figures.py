"""Every percentage a learner reads in the course's text has a known origin.

A percentage in a Markdown cell of ``course/*.ipynb`` passes when it is

1. a figure of the facts table (``datasets/benchmarks.csv``: value, low or high of a row
   in percent), which carries its source and year; or
2. computed from the example's data: it appears in the stored output of the code cell
   right before or right after the text (the output the text talks about); or
3. an invented example of the text itself, listed in :data:`ILLUSTRATIVE` with the reason
   (a thought experiment such as «un 0,05 % de un millón», never a claim about the world).

Anything else is a figure without a source, and this test names it with its notebook and
cell so it can be sourced, computed or removed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
COURSE = sorted(ROOT.glob("course/*.ipynb"))

#: Invented numbers of the text (notebook stem, figure as written) -> why they need no source.
ILLUSTRATIVE = {
    ("01_objetivos", "0,05 %"): "experimento mental: un millón de seguidores comprados que casi no miran",
    ("01_objetivos", "2 %"): "el mismo experimento: cien mil seguidores que te eligieron",
    ("01_objetivos", "50 %"): "ejemplo de la historia del módulo: unas ventas que crecen la mitad",
    ("01_objetivos", "70 %"): "mismo ejemplo: devoluciones que bajan; lo calcula el laboratorio",
    ("02_metricas", "50 %"): "el mismo ejemplo de ventas que crecen la mitad (módulo 1)",
    ("02_metricas", "70 %"): "el mismo ejemplo de devoluciones (módulo 1)",
    ("02_metricas", "3,1 %"): "cómo escribir una tasa: el número es un ejemplo de redacción",
    ("02_metricas", "3 %"): "la frase mal escrita que se enseña a evitar («engagement del 3 %»)",
    ("03_coste_del_tiempo", "50 %"): "valor por defecto del control de la curva de aprendizaje",
    ("06_escucha_y_recomendacion", "40 %"): "cómo leer una fila de la tabla de efectos («+40 %»)",
}

#: A percentage, or a range of them: «5,2 %», «1 % y 3 %», «57-60 %», «0,17 % al 1,53 %».
PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?)(?:\s*[-–]\s*(\d+(?:,\d+)?))?\s?%")
NUMBER = re.compile(r"(?<![\d])\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?")


def spanish(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def facts_percentages() -> set[Decimal]:
    table = pd.read_csv(ROOT / "datasets" / "benchmarks.csv")
    percent = table[table["unit"].astype(str).str.startswith("percent")]
    values = pd.concat([percent["value"], percent["low"], percent["high"]]).dropna()
    return {Decimal(repr(float(v))).normalize() for v in values}


def output_text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        text = out.get("text") or ""
        parts.append("".join(text) if isinstance(text, list) else text)
        for kind in ("text/plain", "text/html", "text/markdown"):
            data = out.get("data", {}).get(kind, "")
            parts.append("".join(data) if isinstance(data, list) else data)
    return "\n".join(parts)


def adjacent_numbers(cells: list[dict], index: int) -> set[Decimal]:
    """Numbers in the outputs of the nearest code cell before and after cell ``index``."""
    found = set()
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(cells) and cells[i]["cell_type"] != "code":
            i += step
        if 0 <= i < len(cells):
            found |= {n.normalize() for n in map(spanish, NUMBER.findall(output_text(cells[i])))
                      if n is not None}
    return found


def unexplained(notebook: Path, known: set[Decimal]) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    problems = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"]).replace("\u00a0", " ")
        text = re.sub(r"\$[^$]*\$", "", text)  # formulas are not figures
        nearby = None
        for match in PERCENT.finditer(text):
            for number in filter(None, match.groups()):
                value = spanish(number).normalize()
                written = f"{number} %"
                if value in known or (notebook.stem, written) in ILLUSTRATIVE:
                    continue
                nearby = adjacent_numbers(cells, index) if nearby is None else nearby
                if value not in nearby:
                    problems.append(f"{notebook.name} [{index}] {cell.get('id')}: «{written}»")
    return problems


@pytest.mark.parametrize("notebook", COURSE, ids=lambda p: p.stem)
def test_every_percentage_in_the_text_is_sourced_or_computed(notebook):
    problems = unexplained(notebook, facts_percentages())
    assert not problems, ("percentages neither in datasets/benchmarks.csv, nor in the output of "
                          "the code cell beside them, nor listed as an invented example:\n"
                          + "\n".join(problems))


def test_the_check_finds_an_unsourced_figure(tmp_path):
    """The check itself can fail: a made-up percentage in the text is caught, a sourced one
    and one shown by the next cell's output are not."""
    cells = [
        {"cell_type": "markdown", "id": "a", "source": ["Llega a un 5,2 % de sus fans; crece un 37 %."]},
        {"cell_type": "code", "id": "b", "source": [], "outputs": [
            {"output_type": "execute_result", "data": {"text/plain": "Tasa 2,19%"}}]},
        {"cell_type": "markdown", "id": "c", "source": ["Un 2,19 % por alcance, y un 0,26 – 3,8 %."]},
    ]
    notebook = tmp_path / "99_prueba.ipynb"
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    problems = unexplained(notebook, facts_percentages())
    assert problems == ["99_prueba.ipynb [0] a: «37 %»", "99_prueba.ipynb [2] c: «0,26 %»",
                        "99_prueba.ipynb [2] c: «3,8 %»"]
    assert unexplained(notebook, facts_percentages() | {Decimal("37"), Decimal("0.26"),
                                                        Decimal("3.8")}) == []


def test_every_invented_example_is_still_in_the_text():
    """An entry of ILLUSTRATIVE whose figure left the text is removed, not kept as a loophole."""
    texts = {nb.stem: "".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"]
                              if c["cell_type"] == "markdown").replace("\u00a0", " ")
             for nb in COURSE}
    stale = [key for key in ILLUSTRATIVE if key[1] not in texts.get(key[0], "")]
    assert not stale, f"invented examples no longer in the text: {stale}"
