"""The facts table: every figure about the world the course quotes, with its source.

``datasets/benchmarks.csv`` holds one row per figure (and per network where it
differs): ``key``, ``value`` (or a ``low``-``high`` range), ``unit``, ``source``,
``year`` and a ``note``; any further column (``kind``, ``url``, ``historical``...) is
carried through untouched in :attr:`Fact.extra`. :attr:`Fact.kind` and
:attr:`Fact.historical` read two of them: an assumption says so, and data older
than five years is cited as «dato histórico».

It is read once per datasets folder by :func:`load_benchmarks`, the one cached
reader; :func:`fact` and :func:`facts` hand out rows as :class:`Fact` objects,
whose :meth:`Fact.cite` is the one way the course names a source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from rumbo.core.errors import DataError
from rumbo.core.i18n import get_language, translator
from rumbo.data.datasets import datasets_dir

_, N_, ngettext = translator("data")

#: Columns every row has; anything else goes to :attr:`Fact.extra`.
COLUMNS = ("key", "metric", "network", "value", "low", "high", "unit", "source", "year", "note")
#: How the units of percentages start ("percent", "percent_per_month", "%"...): 2.5 means 2.5 %.
PERCENT_UNITS = ("%", "percent", "pct", "porcentaje")
#: What each ``kind`` of the table is, in the learner's words.
KIND_LABELS = {
    "measured": N_("dato medido"),
    "published_average": N_("media publicada"),
    "published_median": N_("mediana publicada"),
    "recommendation": N_("recomendación publicada"),
    "platform_rule": N_("regla de la plataforma"),
    "assumption": N_("supuesto del ejemplo"),
}


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value) -> float | None:
    return None if _missing(value) else float(value)


@dataclass(frozen=True)
class Fact:
    """One row of the facts table. Numbers as written in the table (percentages as 2.5)."""

    key: str
    metric: str
    network: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    source: str
    year: int | None
    note: str
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def percent(self) -> bool:
        return self.unit.strip().lower().startswith(PERCENT_UNITS)

    def ratio(self, which: str = "value") -> float | None:
        """``value``, ``low`` or ``high`` as a ratio when the unit is a percentage (2.5 -> 0.025)."""
        number = getattr(self, which)
        if number is None:
            return None
        return number / 100 if self.percent else number

    @property
    def kind(self) -> str:
        """``measured``, ``published_average``, ``published_median``, ``recommendation``,
        ``assumption``; empty when the table has no ``kind`` column."""
        value = self.extra.get("kind")
        return "" if _missing(value) else str(value)

    @property
    def historical(self) -> bool:
        """Data older than five years: shown as historical context, never as today's figure."""
        value = self.extra.get("historical")
        return not _missing(value) and str(value).strip() in ("1", "1.0", "True", "true")

    def kind_label(self) -> str:
        """The kind in the learner's words («media publicada»...), empty if the table has none."""
        return _(KIND_LABELS[self.kind]) if self.kind in KIND_LABELS else ""

    def year_label(self) -> str:
        """The year as a table column shows it: «2012 · dato histórico», «—» without a year."""
        if self.year is None:
            return "—"
        if self.historical:
            return _("{year} · dato histórico").format(year=self.year)
        return str(self.year)

    def cite(self) -> str:
        """"Fuente, 2022"; data older than five years adds «dato histórico»; a figure without a
        year says so instead of hiding it, an assumption says it is one, and one without a
        source says whether it is the course's own assumption."""
        if not self.source:
            if self.kind == "assumption":
                return _("supuesto del curso")
            return _("sin fuente publicada")
        if self.kind == "assumption":
            return _("supuesto del ejemplo: {source}").format(source=self.source)
        if self.year is None:
            return _("{source}, sin año").format(source=self.source)
        if self.historical:
            return _("{source}, {year}, dato histórico").format(source=self.source, year=self.year)
        return _("{source}, {year}").format(source=self.source, year=self.year)


@lru_cache(maxsize=4)
def _table(root: str) -> pd.DataFrame:
    path = Path(root) / "benchmarks.csv"
    if not path.exists():
        raise DataError(_("No encuentro la tabla de referencias {path}.").format(path=path))
    return pd.read_csv(path)


def load_benchmarks() -> pd.DataFrame:
    """The facts table as read from ``benchmarks.csv`` (a copy: edit it freely)."""
    return _table(str(datasets_dir())).copy()


#: Free text written once per edition: ``source`` and ``note`` are Spanish, ``*_en`` English.
TRANSLATED = ("source", "note")


def _in_language(row: dict, language: str) -> dict:
    """The row with its ``source`` and ``note`` in ``language`` (Spanish where a cell is empty)."""
    if language == "es":
        return row
    row = dict(row)
    for column in TRANSLATED:
        twin = row.get(f"{column}_{language}")
        if not _missing(twin) and str(twin).strip():
            row[column] = twin
    return row


def _fact(row: dict) -> Fact:
    year = row.get("year")
    return Fact(
        key=str(row["key"]), metric=str(row.get("metric") or ""),
        network=str(row.get("network") or "all"), value=_number(row.get("value")),
        low=_number(row.get("low")), high=_number(row.get("high")), unit=str(row.get("unit") or ""),
        source="" if _missing(row.get("source")) else str(row["source"]), year=None if _missing(year) else int(year),
        note="" if _missing(row.get("note")) else str(row["note"]),
        extra={k: v for k, v in row.items()
               if k not in COLUMNS and not any(k.startswith(f"{c}_") for c in TRANSLATED)},
    )


def _by_key(table: pd.DataFrame, language: str) -> dict[str, tuple[Fact, ...]]:
    rows: dict[str, list[Fact]] = {}
    for row in table.to_dict("records"):
        rows.setdefault(str(row["key"]), []).append(_fact(_in_language(row, language)))
    return {key: tuple(found) for key, found in rows.items()}


@lru_cache(maxsize=8)
def _bundled(root: str, language: str) -> dict[str, tuple[Fact, ...]]:
    return _by_key(_table(root), language)


def facts(key: str, table: pd.DataFrame | None = None) -> tuple[Fact, ...]:
    """Every row of ``key`` (one per network where the figure differs by network).

    ``table`` is the bundled facts table unless another one (same columns) is given. Sources
    and notes come in the session's language.
    """
    language = get_language()
    found = (_bundled(str(datasets_dir()), language) if table is None
             else _by_key(table, language)).get(key)
    if not found:
        raise DataError(_("No encuentro la referencia «{key}» en la tabla de referencias.").format(
            key=key))
    return found


def fact(key: str, network: str | None = None, table: pd.DataFrame | None = None) -> Fact:
    """The row of ``key``: the one for ``network`` when there is one, else the first."""
    found = facts(key, table)
    if network is not None:
        for row in found:
            if row.network.lower() == str(network).lower():
                return row
    return found[0]
