"""JupyterHub's sign-in for a class: roster ids (and the trainer) with :mod:`accounts`.

The login form sends ``username``, ``password`` (the password, or the code the
first time) and ``new_password`` (only the first time). Anything else fails
with JupyterHub's generic refusal, which the Spanish login page words as
"usuario o contraseña incorrectos": an id outside the roster and a wrong
password look the same, so nobody can probe which ids exist.
"""

from __future__ import annotations

import asyncio
import functools

from jupyterhub.auth import Authenticator
from tornado import web
from traitlets import Unicode

from rumbo.apps.hub.accounts import Accounts, SignInRefused


class RosterAuthenticator(Authenticator):
    accounts_path = Unicode(help="The class's cuentas.sqlite").tag(config=True)

    def normalize_username(self, username: str) -> str:
        return username.strip().lower()

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not name or name not in self.allowed_users:
            return None
        sign_in = functools.partial(Accounts(self.accounts_path).sign_in, name, data.get("password", ""),
                                    data.get("new_password", ""))
        try:  # scrypt takes tens of milliseconds on purpose: off the hub's event loop
            ok = await asyncio.get_running_loop().run_in_executor(None, sign_in)
        except SignInRefused as refused:
            raise web.HTTPError(403, str(refused)) from None
        return name if ok else None
