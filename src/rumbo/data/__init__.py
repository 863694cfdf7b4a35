"""Bundled datasets, the learner's own exports, the profile and the plan file.

The names most notebooks use are importable from here directly
(``from rumbo.data import load_dataset``).
"""

from rumbo.data.datasets import (POST_COLUMNS, TABLES, business_info, businesses, datasets_dir,
                                 list_businesses, load_dataset, read_posts, require_columns)
from rumbo.data.facts import load_benchmarks

__all__ = ["POST_COLUMNS", "TABLES", "business_info", "businesses", "datasets_dir",
           "list_businesses", "load_benchmarks", "load_dataset", "read_posts", "require_columns"]
