"""Bundled datasets, facts, the learner's own exports, the profile and the plan file.

The names most notebooks use are importable from here directly
(``from rumbo.data import load_dataset``). They are loaded on first use, so a
program that only needs the plan file (``from rumbo.data import plan``) does not
load pandas.
"""

from __future__ import annotations

import importlib

#: Public name -> (module, name in that module).
_EXPORTS = {
    "POST_COLUMNS": ("rumbo.data.datasets", "POST_COLUMNS"),
    "TABLES": ("rumbo.data.datasets", "TABLES"),
    "business_info": ("rumbo.data.datasets", "business_info"),
    "businesses": ("rumbo.data.datasets", "businesses"),
    "datasets_dir": ("rumbo.data.datasets", "datasets_dir"),
    "list_businesses": ("rumbo.data.datasets", "list_businesses"),
    "load_dataset": ("rumbo.data.datasets", "load_dataset"),
    "require_columns": ("rumbo.data.datasets", "require_columns"),
    "load_benchmarks": ("rumbo.data.facts", "load_benchmarks"),
    "read_posts": ("rumbo.data.importers", "import_posts"),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'rumbo.data' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # found once, then an ordinary attribute
    return value
