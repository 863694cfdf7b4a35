"""The package is a house of layers, each importing only those below it (docs/ARCHITECTURE.md):

    core  <-  data  <-  domain  <-  views  <-  widgets  <-  course | exercises  <-  apps | classroom
          <-  hub  <-  commands

(the hub, rumbo.apps.hub, serves the app and the classroom to a whole class; the command
modules, ``cli.py`` and ``*_cli.py``, are the front door that reaches every floor).

Read from the source with ``ast``: every ``import``, at the top of a module or inside a
function, and every builder a registry panel names. Modules of one floor may import each
other, except across the two pairs of rooms that share a floor (course and exercises;
apps and classroom). A function-local import of rumbo is allowed only with a comment that
says why, and there are at most 40 of them. Outside libraries that draw or make pages stay
above the domain; ipywidgets belongs to the widgets alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rumbo
from rumbo.course import registry

SRC = Path(rumbo.__file__).parent
FLOORS = {"core": 0, "data": 1, "domain": 2, "views": 3, "widgets": 4, "course": 5, "exercises": 5,
          "apps": 6, "classroom": 6, "hub": 7, "commands": 8}
DOMAIN = {"metrics", "objectives", "timecost", "upkeep", "listening", "funnel", "predict",
          "plan_review", "plan_example", "measurement", "content", "triage_rules"}
MAX_LOCAL_IMPORTS = 40
#: Outside libraries and the lowest room allowed to import each.
LIBRARIES = {"ipywidgets": {"widgets"}, "matplotlib": {"views", "widgets", "course", "classroom"},
             "html": {"views", "widgets", "apps", "classroom"},
             "IPython": {"widgets", "course", "exercises"}, "jinja2": {"views", "classroom"}}


def room(module: str) -> str:
    """The room (package) of a module name such as ``rumbo.views.charts``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "core"  # rumbo itself: the package's face, which only re-exports the errors
    if parts[-1] == "cli" or parts[-1].endswith("_cli"):
        return "commands"
    if parts[1:3] == ["apps", "hub"]:
        return "hub"
    if parts[1] in DOMAIN:
        return "domain"
    if parts[1] == "templates":
        return "apps"  # the Voilà configuration of the app
    if parts[1] not in FLOORS:
        raise AssertionError(f"{module} is in no room of the house: add it to the map")
    return parts[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(imported module, line, inside a function?, comment) of every import in ``path``."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    local = {id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
             for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module in ("rumbo", "rumbo.views", "rumbo.data", "rumbo.apps", "rumbo.widgets",
                               "rumbo.course", "rumbo.core", "rumbo.exercises", "rumbo.classroom"):
                names = [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        line = lines[node.lineno - 1]
        above = node.lineno - 2  # a comment right above the group of imports this one is in
        while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
            above -= 1
        block = lines[above].strip() if above >= 0 else ""
        comment = line.partition("#")[2].strip() or (block[1:].strip() if block.startswith("#") else "")
        for name in names:
            yield name, node.lineno, id(node) in local, comment


SOURCES = sorted(SRC.rglob("*.py"))


def test_every_module_is_in_a_room():
    for path in SOURCES:
        room(module_name(path))


def test_imports_run_down_the_house():
    upward = []
    for path in SOURCES:
        here = room(module_name(path))
        for name, line, _local, _comment in imports(path):
            if not (name == "rumbo" or name.startswith("rumbo.")):
                continue
            if name.startswith("rumbo.") and name.split(".")[1] not in {*FLOORS, *DOMAIN, "templates", "apps"}:
                name = "rumbo"  # `from rumbo import RumboError`: the package's face
            there = room(name)
            same_floor_other_room = (FLOORS[there] == FLOORS[here] and there != here
                                     and {here, there} != {"domain"})
            if FLOORS[there] > FLOORS[here] or same_floor_other_room:
                upward.append(f"{path.relative_to(SRC)}:{line} ({here}) imports {name} ({there})")
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_panels_named_by_the_registry_are_widgets():
    for module in registry.MODULES:
        for panel in module.panels:
            assert room(panel.builder.partition(":")[0]) == "widgets"


def test_function_local_imports_are_few_and_say_why():
    found, silent = [], []
    for path in SOURCES:
        for name, line, local, comment in imports(path):
            if local and (name == "rumbo" or name.startswith("rumbo.")):
                where = f"{path.relative_to(SRC)}:{line} {name}"
                found.append(where)
                if not comment:
                    silent.append(where)
    assert len(set(found)) <= MAX_LOCAL_IMPORTS, f"{len(set(found))} function-local imports of rumbo"
    assert not silent, "function-local imports without a comment saying why:\n" + "\n".join(silent)


@pytest.mark.parametrize("library", sorted(LIBRARIES))
def test_drawing_and_page_libraries_stay_above_the_domain(library):
    allowed = LIBRARIES[library]
    wrong = [f"{path.relative_to(SRC)}:{line}" for path in SOURCES
             for name, line, _local, _comment in imports(path)
             if (name == library or name.startswith(library + "."))
             and room(module_name(path)) not in allowed]
    assert not wrong, f"{library} imported outside {sorted(allowed)}: {wrong}"


def test_starting_a_notebook_loads_no_widget_library():
    import subprocess
    import sys

    code = ("import sys; from rumbo.course import start; start('panaderia'); "
            "print(sorted(m for m in ('ipywidgets', 'rumbo.widgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "RUMBO_PLAN": "/nonexistent/p.json"})
    assert out.stdout.strip() == "[]"


def test_the_rule_can_fail(tmp_path):
    """The checker sees an import that runs up the house."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from rumbo.widgets.common import Panel\n")
    found = list(imports(bad))
    assert found == [("rumbo.widgets.common", 2, True, "")]
    assert FLOORS[room("rumbo.widgets.common")] > FLOORS[room("rumbo.metrics")]
