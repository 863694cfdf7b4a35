# Voilà configuration for Rumbo's app mode (loaded by `rumbo app` through --Voila.config_file_paths).
# The page's "close kernel on leaving" beacon sends the _xsrf cookie, which Voilà never sets:
# without this hook every page change leaves a kernel running and logs a 403.
from rumbo.apps.app import set_xsrf_cookie

c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie  # noqa: F821 (c is traitlets' config)
