"""CSV files a spreadsheet opens without running anything a learner typed.

Excel, LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula: a roster name such as
``=HYPERLINK("http://...")`` would become a live link (or worse) in the
trainer's grades. Following OWASP's rule on CSV injection, every value the
toolkit writes to a CSV goes through :func:`safe_cell`, which puts a single
quote in front of such a value (the spreadsheet shows the text as typed);
:func:`read_cell` undoes it when the toolkit reads its own files back.
"""

from __future__ import annotations

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """``value`` as CSV text a spreadsheet shows as text: ``"=1+1"`` -> ``"'=1+1"``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_cell(text: str) -> str:
    """The value :func:`safe_cell` wrote: ``"'=1+1"`` -> ``"=1+1"``; anything else unchanged."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1] in "".join(FORMULA_STARTS) else text


class SafeWriter:
    """:func:`csv.writer` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, f, **options):
        self._writer = csv.writer(f, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
