"""JupyterLab as the learner meets it; `make lab`, `make lab-en` and the browser tests start it
with `--config=jupyter/jupyter_lab_config.py`, so what is tested is what learners get.

The edition follows RUMBO_LANG (the course's one language variable; `make lab-en` sets it to
"en"): the Spanish course in a Spanish JupyterLab, or course/en/ in an English one. Kernels
started by this server inherit RUMBO_LANG, so the package speaks the same language.
"""

import os

from rumbo.core.i18n import language_from_env
from rumbo.course.registry import MODULES

c = get_config()  # noqa: F821 (provided by Jupyter)

HERE = os.path.dirname(os.path.abspath(__file__))
ENGLISH = language_from_env() == "en"

# The course opens on its first module, whose first cell links every other one.
FOLDER = "course/en" if ENGLISH else "course"
c.LabApp.default_url = f"/lab/tree/{FOLDER}/{MODULES[0].stem}.ipynb"
# JupyterLab's own menus in the edition's language (lab/settings*/overrides.json), no news or
# update pop-ups. What the Spanish language pack and nbgrader leave in English, the rumbo-lab
# extension translates (labextension/; `make setup` installs its build into the environment,
# so a plain `jupyter lab` has it too); in an English interface it has nothing to do.
c.LabServerApp.app_settings_dir = os.path.join(HERE, "lab", "settings-en" if ENGLISH else "settings")
