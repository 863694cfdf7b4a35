"""Bundled datasets by name, and the learner's own post exports in one schema.

Every table the course uses comes through here, so notebooks never build paths
by hand. Errors a learner can cause (a business that does not exist, a file
that cannot be read, a missing column) raise :class:`DataError` with a message
in the learner's language that says what to do.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from rumbo.core.errors import DataError
from rumbo.core.i18n import get_language, translator

_, N_, ngettext = translator("data")

#: Tables every bundled business has, each ``datasets/<business>/<table>.csv``.
TABLES = ("posts", "followers", "sales", "time_log", "mentions")

#: Columns parsed as timestamps when a table is loaded.
_DATE_COLUMNS = {
    "posts": ["published_at"],
    "followers": ["date"],
    "sales": ["date"],
    "time_log": ["date"],
    "mentions": ["created_at", "replied_at"],
}

#: The bakery's subsidised plan (first and last day): the story of seed 002 in the bundled data.
PLAN_START, PLAN_END = "2025-03-03", "2025-04-04"

#: The canonical posts schema every importer produces (see ``read_posts``).
POST_COLUMNS = (
    "published_at", "network", "post_type", "reach", "impressions",
    "likes", "comments", "shares", "saves", "clicks", "followers",
)


def datasets_dir() -> Path:
    """Where the bundled CSVs live: ``RUMBO_DATASETS``, else the package data ``rumbo.datasets``
    (the repository's ``datasets/`` folder, or its copy inside an installed wheel)."""
    env = os.environ.get("RUMBO_DATASETS")
    if env:
        return Path(env)
    return Path(str(resources.files("rumbo.datasets")))


@lru_cache(maxsize=4)
def _businesses(root: str) -> pd.DataFrame:
    path = Path(root) / "businesses.csv"
    if not path.exists():
        raise DataError(
            _("No encuentro los datos del curso en {path}. Ejecuta «make data» "
              "o revisa la variable RUMBO_DATASETS.").format(path=path)
        )
    return pd.read_csv(path, dtype={"business_id": str})


def businesses() -> pd.DataFrame:
    """The table of bundled fictional businesses (one row each); what they do and their
    country in the session's language."""
    return _in_language(_businesses(str(datasets_dir())).copy(), "businesses")


def list_businesses() -> list[str]:
    """Ids of the bundled businesses, e.g. ``["cosmetica", "ferreteria", "panaderia"]``."""
    return sorted(businesses()["business_id"])


def business_info(business: str) -> dict:
    """One bundled business as a dict (name, city, currency, networks as a list...)."""
    table = businesses()
    row = table[table["business_id"] == business]
    if row.empty:
        raise DataError(
            _("No existe el negocio «{business}». Elige uno de estos: {choices}.").format(
                business=business, choices=", ".join(list_businesses())
            )
        )
    info = row.iloc[0].to_dict()
    info["networks"] = str(info["networks"]).split(";")
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in info.items()}


@lru_cache(maxsize=32)
def _load(root: str, business: str, table: str) -> pd.DataFrame:
    path = Path(root) / business / f"{table}.csv"
    frame = pd.read_csv(path)
    for column in _DATE_COLUMNS.get(table, []):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return frame


#: Text columns stored once per edition: ``text`` is Spanish, ``text_en`` its English twin.
#: A loaded table has one ``text`` column (``sector``, ``country``), in the session's language.
_TRANSLATED = {"mentions": ("text",), "businesses": ("sector", "country")}


def _in_language(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    language = get_language()
    for column in _TRANSLATED.get(table, ()):
        twin = f"{column}_en"
        if twin in frame:
            if language == "en":
                frame[column] = frame[twin]
            frame = frame.drop(columns=twin)
    return frame


def load_dataset(business: str, table: str) -> pd.DataFrame:
    """A bundled table, e.g. ``load_dataset("panaderia", "posts")``; dates already parsed.

    Free text (the comments of ``mentions``) comes in the session's language; every other
    column is the same in both editions. Returns a fresh copy each call, so a learner's
    edits never leak between cells.
    """
    if table not in TABLES:
        raise DataError(
            _("No existe la tabla «{table}». Las tablas son: {choices}.").format(
                table=table, choices=", ".join(TABLES)
            )
        )
    business_info(business)  # clear message for an unknown business
    return _in_language(_load(str(datasets_dir()), business, table).copy(), table)


def require_columns(frame: pd.DataFrame, columns, what: str) -> None:
    """Raise a :class:`DataError` naming every column of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            _("A {what} le faltan estas columnas: {missing}. Revisa que sea el archivo "
              "correcto.").format(what=what, missing=", ".join(missing))
        )
