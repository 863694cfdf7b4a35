"""deploy/: the Zero to JupyterHub values and the learners' image install exactly the course's pins."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pin_module():
    spec = importlib.util.spec_from_file_location("pin_environment", DEPLOY / "pin_environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locked_environment() -> dict:
    text = pin_module().pinned((ROOT / "environment.yml").read_text(), (ROOT / "constraints.txt").read_text())
    return yaml.safe_load(text)


def test_the_image_installs_exactly_the_pinned_versions_of_every_course_package():
    constraints = pin_module().pins((ROOT / "constraints.txt").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_norm(Requirement(r).name) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    installed = {}
    for dep in locked_environment()["dependencies"]:
        for entry in dep["pip"] if isinstance(dep, dict) else [dep]:
            if entry in ("pip", "-e .") or entry.startswith(("python=", "-e ")):
                continue
            req = Requirement(entry)
            pins = [s for s in req.specifier]
            assert len(pins) == 1 and pins[0].operator == "==", f"{entry} is not an exact pin"
            installed[_norm(req.name)] = pins[0].version
    assert set(installed) == declared
    assert installed == {name: constraints[name] for name in declared}
    assert {"jupyterhub", "jupyterhub-idle-culler", "nbgrader", "voila"} <= set(installed)


def test_a_package_without_a_pin_stops_the_build():
    import pytest

    with pytest.raises(SystemExit, match="newthing"):
        pin_module().pinned("dependencies:\n  - newthing>=1\n", "pandas==2.2.0\n")


def test_the_dockerfile_builds_from_the_pinned_environment():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "pin_environment.py environment.yml constraints.txt" in dockerfile
    assert "-f /tmp/environment.lock.yml" in dockerfile
    assert "pip install --no-deps -c constraints.txt" in dockerfile
    assert "overrides.json" in dockerfile  # Spanish JupyterLab, as make setup does
    assert "labextensions/rumbo-lab" in dockerfile  # and its extension (nbgrader in Spanish...)


def test_values_match_the_hub_that_rumbo_runs():
    from rumbo import __version__
    from rumbo.apps.hub.workbooks import FIRST_MODULE, HOME_COURSE

    values = yaml.safe_load((DEPLOY / "values.yaml").read_text())
    single = values["singleuser"]
    assert single["image"]["tag"] == __version__
    assert single["defaultUrl"] == f"/lab/tree/{HOME_COURSE}/{FIRST_MODULE}"
    assert single["memory"]["limit"] == "1G"
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == 3600
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"].endswith("RosterAuthenticator")
    assert values["proxy"]["https"]["enabled"]
    mounts = {m["mountPath"]: m for m in single["storage"]["extraVolumeMounts"]}
    assert mounts["/srv/nbgrader/exchange/rumbo/outbound"]["readOnly"]
    assert "{username}" in mounts["/srv/nbgrader/exchange/rumbo/inbound"]["subPath"]
    assert "{username}" in mounts["/srv/nbgrader/exchange/rumbo/feedback"]["subPath"]
