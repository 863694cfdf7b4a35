"""What an exercise shows right above a question: small tables of the numbers to use.

Every number a question needs is on screen before the question, in a table whose
rows are named the way the learner can type them. A "sheet" of facts lists each
value with its name in the notebook (``fin``), what it is, and the value itself,
so the learner can type either the number (913) or its name; tables built for
:func:`rumbo.exercises.helpers.valor_de` carry row labels she can quote.
Numbers are shown as Python writes them (a point for decimals, no thousands
separator), so what she copies is what Python reads.
"""

from __future__ import annotations

import pandas as pd

from rumbo.core.i18n import translator
from rumbo.data import load_dataset

_, N_, ngettext = translator("helpers")


def sheet(rows: list[tuple[str, str, object]]) -> pd.DataFrame:
    """A facts table from ``rows`` (name, what it is, value), indexed by the name. Values keep
    their own type, so 800 shows as 800 and 17.5 as 17.5."""
    table = pd.DataFrame({_("qué es"): [what for _n, what, _v in rows],
                   _("valor"): pd.Series([_plain(v) for _n, _w, v in rows], dtype=object)})
    table.index = pd.Index([name for name, _w, _v in rows], name=_("nombre"))
    return table


def _plain(value):
    """Numpy and pandas numbers as plain Python ones (shown without 'np.float64')."""
    return value.item() if hasattr(value, "item") else value


def followers_on(business: str, network: str, days: tuple[str, ...]) -> tuple[int, ...]:
    """Followers of ``network`` on each of ``days`` (ISO dates) in the bundled data."""
    table = load_dataset(business, "followers")
    series = table[table["network"] == network].set_index("date")["followers"]
    return tuple(int(series.loc[day]) for day in days)


def instagram_year(business: str):
    """(followers on 01/01/2025, on 31/12/2025, the sheet that shows them as ``inicio`` and ``fin``):
    the two numbers the first exercises start from."""
    start, end = followers_on(business, "instagram", ("2025-01-01", "2025-12-31"))
    return start, end, sheet([
        ("inicio", _("seguidores de Instagram el 01/01/2025"), start),
        ("fin", _("seguidores de Instagram el 31/12/2025"), end),
    ])
