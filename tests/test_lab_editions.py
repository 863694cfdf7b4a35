"""How a learner chooses the edition: `make lab` opens the Spanish course in a Spanish JupyterLab,
`make lab-en` the English course (course/en/) in an English one, with RUMBO_LANG=en for kernels."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
from pathlib import Path

import pytest
from traitlets.config import Config

from rumbo.course.registry import MODULES

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "jupyter" / "jupyter_lab_config.py"


def lab_config(monkeypatch, language: str | None) -> Config:
    """What jupyter/jupyter_lab_config.py sets when RUMBO_LANG is ``language``."""
    if language is None:
        monkeypatch.delenv("RUMBO_LANG", raising=False)
    else:
        monkeypatch.setenv("RUMBO_LANG", language)
    config = Config()
    runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config


def overrides(config: Config) -> dict:
    return json.loads((Path(config.LabServerApp.app_settings_dir) / "overrides.json").read_text())


@pytest.mark.parametrize("language,folder,locale", [(None, "course", "es_ES"), ("es", "course", "es_ES"),
                                                    ("en", "course/en", "en")])
def test_the_edition_chooses_the_folder_and_jupyterlab_s_language(monkeypatch, language, folder, locale):
    config = lab_config(monkeypatch, language)
    assert config.LabApp.default_url == f"/lab/tree/{folder}/{MODULES[0].stem}.ipynb"
    assert overrides(config)["@jupyterlab/translation-extension:plugin"]["locale"] == locale


def test_the_two_interfaces_differ_only_in_their_language(monkeypatch):
    spanish, english = (overrides(lab_config(monkeypatch, lang)) for lang in ("es", "en"))
    plugin = "@jupyterlab/translation-extension:plugin"
    menu = "@jupyterlab/application-extension:context-menu"
    assert english[menu]["contextMenu"][0]["submenu"]["label"] == "Open With"
    for settings in (spanish, english):
        settings.pop(plugin)
        settings[menu]["contextMenu"][0]["submenu"].pop("label")
    assert spanish == english


def test_the_environment_s_copy_is_the_spanish_interface():
    """`make setup` copies the Spanish settings into the environment (a plain `jupyter lab`)."""
    assert "jupyter/lab/settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json" \
        in (ROOT / "Makefile").read_text()


def make(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_lab_en_without_the_english_edition_says_so_and_starts_nothing(tmp_path):
    missing = tmp_path / "course-en"
    result = make("lab-en", f"COURSE_EN={missing}")
    assert result.returncode != 0
    assert f"{missing}/ is missing" in result.stderr and "make outputs" in result.stderr
    assert "jupyter lab" not in result.stdout


def test_lab_en_and_lab_set_the_language_of_server_and_kernels(tmp_path):
    (tmp_path / "course-en").mkdir()
    english = make("-n", "lab-en", f"COURSE_EN={tmp_path / 'course-en'}").stdout
    spanish = make("-n", "lab").stdout
    assert "RUMBO_LANG=en" in english and "--config=jupyter/jupyter_lab_config.py" in english
    assert "RUMBO_LANG=es" in spanish  # a shell that exported RUMBO_LANG=en still gets Spanish
