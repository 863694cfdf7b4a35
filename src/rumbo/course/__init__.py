"""What every notebook does first (``start``) and the map of the course."""

from rumbo.course.registry import MODULES, modules_table
from rumbo.course.session import Session, examples_table, start

__all__ = ["MODULES", "Session", "examples_table", "modules_table", "start"]
