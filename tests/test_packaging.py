"""Rumbo installs as a wheel: datasets, templates and catalogs travel inside the package.

The wheel is built from this checkout, installed in a fresh virtual environment in a
temporary folder outside the repository, and used from there: it loads a bundled
dataset, translates, and renders a plan with the ``rumbo`` command. The fresh
environment borrows the already pinned dependencies of the project's environment
(a path file appended after its own site-packages), so the test needs no network and
the rumbo it runs can only be the installed wheel.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import rumbo

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(rumbo.__file__).parent


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(SRC.parent).parts) for p in SRC.rglob("__init__.py")}
    assert found | {"rumbo.datasets"} == listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(ROOT)], check=True, capture_output=True, cwd=out)
    (found,) = out.glob("rumbo-*.whl")
    return found


def test_the_wheel_carries_datasets_templates_and_catalogs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for business in ("panaderia", "cosmetica", "ferreteria"):
        assert f"rumbo/datasets/{business}/posts.csv" in names
    for needed in ("rumbo/datasets/benchmarks.csv", "rumbo/datasets/businesses.csv",
                   "rumbo/templates/plan.html", "rumbo/templates/plan.css",
                   "rumbo/locale/en/LC_MESSAGES/plan_document.po", "rumbo/views/plan_document.py"):
        assert needed in names
    assert not any(n.startswith(("tests/", "course/", "solutions/")) for n in names)


USE = """
import sys
from pathlib import Path
import rumbo
from rumbo.core.i18n import set_language, translator
from rumbo.data import load_dataset
from rumbo.plan_example import example_plan
from rumbo.views.plan_document import render_html

assert Path(rumbo.__file__).is_relative_to(Path(sys.prefix)), rumbo.__file__
posts = load_dataset("panaderia", "posts")
html = render_html(example_plan("panaderia"), charts=False)
set_language("en")
print(len(posts), "Panadería Goikoa" in html, translator("plan_document").gettext("Objetivo"))
"""


def test_an_installed_wheel_works_outside_the_repository(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, capture_output=True)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "RUMBO_PLAN": str(tmp_path / "p.json")}
    out = subprocess.run([str(python), "-c", USE], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    rows, has_name, objective = out.stdout.split()
    assert int(rows) > 100 and has_name == "True" and objective == "Objective"
    plan = tmp_path / "plan.json"
    for command in (["plan", "example", "ferreteria", "--out", str(plan)],
                    ["plan", "render", str(plan), "--to", "html", "--out", str(tmp_path / "doc")]):
        done = subprocess.run([str(venv / "bin" / "rumbo"), *command], capture_output=True, text=True,
                              env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(plan.read_text(encoding="utf-8"))["profile"]["name"]
    assert "Ferretería El Tornillo" in (tmp_path / "doc" / "mi_plan.html").read_text(encoding="utf-8")
