"""Every panel of the course declares the state it keeps, and no panel clicks another's button."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

import rumbo
from rumbo.course import registry, start
from rumbo.widgets.common import Panel

SRC = Path(rumbo.__file__).parent


@pytest.fixture(scope="module")
def panels(tmp_path_factory):
    plan_path = tmp_path_factory.mktemp("plan") / "mi_plan.json"
    session = start("panaderia", str(plan_path))
    found = []
    for module in registry.MODULES:
        built: dict = {}
        for panel in module.panels:
            built[panel.name] = panel.build(session, built)
            found.append((f"{module.stem}:{panel.name}", built[panel.name]))
    return found


def test_every_panel_refuses_an_attribute_it_does_not_declare(panels):
    for name, panel in panels:
        assert isinstance(panel, Panel), name
        with pytest.raises(AttributeError, match="declares no attribute"):
            panel.bolted_on = True


def test_what_a_panel_keeps_is_declared_on_its_class(panels):
    for name, panel in panels:
        declared = set()
        for klass in type(panel).__mro__:
            declared |= set(vars(klass).get("__annotations__", {}))
        kept = {k for k in vars(panel) if not k.startswith("_")}
        assert kept <= declared, f"{name} keeps undeclared {kept - declared}"
        assert typing.get_type_hints(type(panel))  # the declarations name real types


def test_no_panel_clicks_a_button():
    clicks = [f"{p.relative_to(SRC)}:{n.lineno}" for p in SRC.rglob("*.py")
              for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
              if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "click"]
    assert not clicks, f"code that clicks a panel's button instead of calling its save(): {clicks}"


def test_a_panel_without_a_save_button_says_so():
    panel = Panel("t", {})
    with pytest.raises(TypeError, match="saves nothing"):
        panel.save()
