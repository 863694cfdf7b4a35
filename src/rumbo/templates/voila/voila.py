# Voilà configuration for Rumbo's app mode (loaded by `rumbo app` through --Voila.config_file_paths).
# The page's "close kernel on leaving" beacon sends the _xsrf cookie, which Voilà never sets:
# without this hook every page change leaves a kernel running and logs a 403.
from rumbo.apps.app import set_xsrf_cookie

c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie  # noqa: F821 (c is traitlets' config)

# The app's notebooks carry no outputs to trust (Voilà runs them itself, on every visit), so
# jupyter_server's "Notebook ... is not trusted" line says nothing useful and fills the
# terminal of `make app` at every page: that one message is left out of Voilà's log.
import logging  # noqa: E402


class _NoTrustNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Notebook %s is not trusted"


logging.getLogger("Voila").addFilter(_NoTrustNotice())
