"""Sign-in for a workshop: a one-time code from the trainer, then a password the learner chooses.

Why codes and not "the first password typed becomes yours": in a room, whoever
types a classmate's id first would own that account. A code handed out on
paper proves who is at the keyboard the first time; with it the learner
chooses their own password, and the code stops working. A learner who forgets
the password gets a new code (``rumbo hub codes DIR --solo ID``); the old
password stops working then.

Codes are eight characters from an alphabet without look-alikes (no 0/o, 1/l),
shown as ``abcd-efgh``. Codes and passwords are stored as scrypt hashes in a
small SQLite file: the trainer can reprint a code only by issuing a new one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MIN_PASSWORD = 8
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normal_code(text: str) -> str:
    """What a learner types, as the code was printed: case, spaces and dashes aside."""
    plain = "".join(ch for ch in text.lower() if ch.isalnum())
    return f"{plain[:4]}-{plain[4:]}" if len(plain) == 8 else text


def hash_secret(text: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(text.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_secret(text: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _kind, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(text.encode(), salt=bytes.fromhex(salt), **SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


class SignInRefused(Exception):
    """A sign-in that must say why (in the learner's language), not just "wrong password"."""


class Accounts:
    """The accounts of one hub, in ``path`` (SQLite, safe for the hub and ``rumbo hub codes`` at once)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _db(self) -> sqlite3.Connection:
        new = not self.path.exists()
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        if new:
            self.path.chmod(0o600)
        db.execute("CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, password TEXT, code TEXT, "
                   "changed TEXT)")
        return db

    def _set(self, db: sqlite3.Connection, name: str, password: str | None, code: str | None) -> None:
        db.execute("INSERT INTO accounts (name, password, code, changed) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET password = excluded.password, code = excluded.code, "
                   "changed = excluded.changed",
                   (name, password, code, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def state(self, name: str) -> tuple[str | None, str | None]:
        """(password hash, code hash) of ``name``; (None, None) for an account never issued."""
        with closing(self._db()) as db:
            row = db.execute("SELECT password, code FROM accounts WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def has_password(self, name: str) -> bool:
        return self.state(name)[0] is not None

    def issue_codes(self, names: list[str], reset: bool = False) -> dict[str, str]:
        """A new code for each name that has no password yet (all of ``names`` with ``reset``).

        With ``reset`` the account's password is removed: the code is the only way back in.
        """
        issued = {}
        with closing(self._db()) as db:
            for name in names:
                row = db.execute("SELECT password FROM accounts WHERE name = ?", (name,)).fetchone()
                if row and row[0] and not reset:
                    continue
                code = new_code()
                self._set(db, name, None, hash_secret(code))
                issued[name] = code
        return issued

    def sign_in(self, name: str, secret: str, new_password: str = "") -> bool:
        """True when ``secret`` opens ``name``'s account; the first time, ``new_password`` is kept.

        Raises :class:`SignInRefused` when the reason helps the learner (a code that
        needs a new password, a new password too short) and says nothing about
        whether an id exists otherwise.
        """
        password, code = self.state(name)
        if password is not None:
            return verify_secret(secret, password)
        if code is None or not verify_secret(normal_code(secret), code):
            return False
        if not new_password:
            raise SignInRefused(_("Es tu primera vez: además del código, escribe la contraseña que quieres usar "
                                  "a partir de ahora (al menos {n} caracteres).").format(n=MIN_PASSWORD))
        if len(new_password) < MIN_PASSWORD:
            raise SignInRefused(_("La contraseña nueva es demasiado corta: usa al menos {n} caracteres.").format(
                n=MIN_PASSWORD))
        with closing(self._db()) as db:
            self._set(db, name, hash_secret(new_password), None)
        return True


def check_names(names: list[str], known: list[str]) -> list[str]:
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise InvalidInputError(_("Estos usuarios no están en la clase: {ids}.").format(ids=", ".join(unknown)))
    return names
