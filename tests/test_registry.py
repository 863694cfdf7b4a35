"""The module registry is the one list of modules: notebooks, README, app and plan review
agree with it, and a drift in any of them fails here."""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest

from rumbo import plan_review
from rumbo.apps import app
from rumbo.course import registry
from rumbo.data.schema import SECTIONS

ROOT = Path(__file__).resolve().parents[1]
MODULES = {m.stem: m for m in registry.MODULES}
NOTEBOOKS = {**MODULES, **{p.stem: p for p in registry.PRIMERS}}


def cells(stem: str, kind: str) -> list[str]:
    nb = json.loads((ROOT / "course" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def header(stem: str) -> str:
    """The Markdown before the notebook's first code cell: title, outcomes, time."""
    nb = json.loads((ROOT / "course" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    return "\n".join("".join(c["source"]) for c in nb["cells"][:first_code])


def built_in(stem: str) -> list[str]:
    """The build_* functions the notebook's code cells call, in order."""
    calls = []
    for source in cells(stem, "code"):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").startswith("build_"):
                calls.append((node.lineno, node.col_offset, node.func.id))
        calls.append(None)  # keep the cells' order
    return [c[2] for c in calls if c]


def test_every_course_notebook_is_a_module_and_every_module_a_notebook():
    assert sorted(p.stem for p in (ROOT / "course").glob("*.ipynb")) == registry.notebook_stems()


@pytest.mark.parametrize("stem", registry.notebook_stems())
def test_the_notebook_header_says_the_registry_s_title_and_time(stem):
    module = NOTEBOOKS[stem]
    first = header(stem)
    heading = first.splitlines()[0]
    assert heading.startswith("# ") and module.title.lower() in heading.lower(), heading
    times = re.findall(r"\*\*Tiempo:\*\*[^\n]*?(\d+) minutos", first)
    assert times == [str(module.minutes)], f"{stem}: «Tiempo» says {times}, the registry {module.minutes}"


@pytest.mark.parametrize("stem", registry.stems())
def test_the_notebook_builds_the_registry_s_panels_in_order(stem):
    assert built_in(stem) == [p.function_name for p in MODULES[stem].panels]


def test_every_panel_is_a_widget_builder():
    for module in registry.MODULES:
        assert len({p.name for p in module.panels}) == len(module.panels)
        for panel in module.panels:
            path, _sep, name = panel.builder.partition(":")
            assert path.startswith("rumbo.widgets.")
            assert callable(getattr(importlib.import_module(path), name))


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_readme_table_is_the_registry_s(language):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert registry.readme_table(language) in readme


def test_the_plan_review_and_the_registry_agree_on_who_saves_what():
    saved_by = {section: int(m.number) for m in registry.MODULES for section in m.saves}
    assert set(saved_by) == set(SECTIONS)
    assert {s: plan_review.SECTION_INFO[s][0] for s in SECTIONS} == saved_by


def test_the_app_lists_the_registry_s_modules_in_order():
    page = app.index_html()
    assert [m.group(1) for m in re.finditer(r'href="(\w+)\.ipynb"', page)] == registry.stems()
    for module in registry.MODULES:
        assert f"({module.minutes} min)" in page


def test_the_course_map_of_module_0_is_the_registry_s():
    table = registry.modules_table()
    assert list(table["Minutos"]) == [m.minutes for m in registry.MODULES]
    assert list(table.index) == [m.number for m in registry.MODULES]
