"""Rumbo: the helper package of a social-media strategy course for small businesses.

Notebooks teach; this package holds every formula, data loader, widget, check
and export, each in its own module with unit tests. Importing ``rumbo`` is
cheap: widgets and plotting are imported only by the modules that need them.
"""

from rumbo.core.errors import DataError, InvalidInputError, PlanError, RumboError

__version__ = "0.1.0"
__all__ = ["RumboError", "InvalidInputError", "DataError", "PlanError", "__version__"]
