"""The English edition reads as English: no Spanish outside proper names in the Markdown and
the stored outputs of every English notebook (course/en, solutions/en_*, exercises/en_*), nor
in the app's English pages.

Outputs count too: Spanish that the package or its data prints (a fact's note, a sample
business's sector) fails the notebook that shows it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rumbo.views.language_check import spanish_chunks as find_chunks
from tests.language_support import proper_names

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted([*ROOT.glob("course/en/*.ipynb"), *ROOT.glob("solutions/en_*/*.ipynb"),
                  *ROOT.glob("exercises/en_*/*.ipynb")])
NAMES = [p.relative_to(ROOT).as_posix() for p in ENGLISH]

_MODEL = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
_WIDGET_TEXT = ("value", "description", "placeholder", "tooltip", "_options_labels", "button_style")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def widget_texts(state: dict, model_id: str) -> list[str]:
    """The text a widget and the widgets inside it show (from the stored widget state)."""
    found, todo, seen = [], [model_id], set()
    while todo:
        current = todo.pop()
        if current in seen or current not in state:
            continue
        seen.add(current)
        model = state[current].get("state", {})
        for key in _WIDGET_TEXT:
            value = model.get(key)
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found += [v for v in value if isinstance(v, str)]
        todo += _MODEL.findall(json.dumps(model))
    return found


def output_chunks(nb: dict, cell: dict) -> list[str]:
    """The Spanish pieces of the outputs of ``cell``: text, HTML, Markdown and its widgets."""
    state = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text" in output:
            found += spanish_chunks(_text(output["text"]))
        for kind in ("text/plain", "text/markdown"):
            if kind in data and "application/vnd.jupyter.widget-view+json" not in data:
                found += spanish_chunks(_text(data[kind]))
        if "text/html" in data:
            found += spanish_chunks(_text(data["text/html"]), markup=True)
        view = data.get("application/vnd.jupyter.widget-view+json")
        if view:
            for text in widget_texts(state, view["model_id"]):
                found += spanish_chunks(text, markup=True)
    return found


def spanish_chunks(text: str, markup: bool = False) -> list[str]:
    """The lines or cells of a notebook's text that read as Spanish, proper names aside."""
    return find_chunks(text, proper_names(), markup=markup)


def _read(name: str) -> dict:
    return json.loads((ROOT / name).read_text(encoding="utf-8"))


def test_there_is_an_english_edition():
    assert any(n.startswith("course/en/") for n in NAMES)
    assert any(n.startswith("solutions/en_") for n in NAMES)
    assert any(n.startswith("exercises/en_") for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_markdown_is_english(name):
    nb = _read(name)
    found = [(cell["id"], chunk) for cell in nb["cells"] if cell["cell_type"] == "markdown"
             for chunk in spanish_chunks(_text(cell["source"]))]
    assert found == []


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("exercises/")])
def test_outputs_are_english(name):
    nb = _read(name)
    assert any(cell.get("outputs") for cell in nb["cells"]), "executed (make outputs)"
    found = [(cell["id"], chunk) for cell in nb["cells"] if cell["cell_type"] == "code"
             for chunk in output_chunks(nb, cell)]
    assert found == []


def test_exercise_07_example_plan_is_english():
    """The example plan that question 5 shows: the package's English rows, as the English session makes them."""
    from rumbo.core.i18n import get_language, set_language
    from rumbo.exercises import ex07

    before = get_language()
    set_language("en")
    try:
        rows = ex07.reference_table("panaderia")
    finally:
        set_language(before)
    nb = _read("solutions/en_07_tu_plan/en_07_tu_plan.ipynb")
    cell = next(c for c in nb["cells"] if c["id"] == "q5-data")
    shown = "".join("".join(output.get("data", {}).get("text/html", "")) for output in cell["outputs"])
    assert output_chunks(nb, cell) == []
    assert all(f"<td>{text}</td>" in shown for text in rows[["objetivo", "kpi", "accion"]].to_numpy().ravel())


def _released_modules() -> list[str]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebook_i18n", ROOT / "tools" / "notebook_i18n.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    from rumbo.course import registry

    return [s for s in tool.all_stems() if registry.module(s) and tool.released(s)]


def page_texts(widget) -> list[str]:
    """The text a widget tree shows: values, labels and options."""
    found, todo = [], [widget]
    while todo:
        current = todo.pop()
        for key in ("value", "description", "placeholder", "tooltip"):
            value = getattr(current, key, None)
            if isinstance(value, str):
                found.append(value)
        labels = getattr(current, "_options_labels", None)
        if labels:
            found += [str(label) for label in labels]
        todo += list(getattr(current, "children", ()) or ())
    return found


@pytest.mark.parametrize("stem", _released_modules())
def test_app_english_page_is_english(stem, tmp_path):
    from rumbo.apps.app import module_page

    page = module_page(stem, "panaderia", tmp_path / "plan.json", language="en")
    found = [chunk for text in page_texts(page) for chunk in spanish_chunks(text, markup=True)]
    assert found == []
