"""What every notebook does first (``start``) and the map of the course."""

from rumbo.course.session import (MODULES, Session, chart_style, examples_table, modules_table,
                                  start)

__all__ = ["MODULES", "Session", "chart_style", "examples_table", "modules_table", "start"]
