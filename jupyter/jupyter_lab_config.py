"""JupyterLab as the learner meets it; `make lab` and the browser tests both start it with
`--config=jupyter/jupyter_lab_config.py`, so what is tested is what learners get."""

import os

c = get_config()  # noqa: F821 (provided by Jupyter)

HERE = os.path.dirname(os.path.abspath(__file__))

# The course opens on its first module, whose first cell links every other one.
c.LabApp.default_url = "/lab/tree/course/00_bienvenida.ipynb"
# Spanish interface, no news or update pop-ups (overrides.json). What the language pack and
# nbgrader leave in English, the rumbo-lab extension translates (labextension/; `make setup`
# installs its build into the environment, so a plain `jupyter lab` has it too).
c.LabServerApp.app_settings_dir = os.path.join(HERE, "lab", "settings")
