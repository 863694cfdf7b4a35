"""Shared fixtures: a throwaway plan file, and Spanish as the language of every test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from rumbo.core.i18n import set_language

# Property tests check properties, not speed (speed lives in benchmarks/): no deadline,
# so a busy 2-core CI machine cannot turn them red.
settings.register_profile("rumbo", deadline=None, max_examples=60)
settings.load_profile("rumbo")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium")


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language("es")


@pytest.fixture
def plan_path(tmp_path) -> Path:
    return tmp_path / "rumbo" / "mi_plan.json"


def require_chromium():
    """Browser tests need Debian's chromium; `make test` installs it. In CI its absence fails."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make system-deps` installs it")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 as `make lab` starts it, over a copy of the course (browser
    suites); yields its base URL."""
    from tests.browser_support import lab_server

    require_chromium()
    with lab_server(tmp_path_factory.mktemp("lab")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(lab):
    """Debian's Chromium for the JupyterLab suites (test_app.py has its own, for Voilà)."""
    from tests.browser_support import chromium

    with chromium() as browser:
        yield browser


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each test's call report on the item, so fixtures can save artifacts on failure."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
