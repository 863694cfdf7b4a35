"""The classroom's HTML pages (the class dashboard, each learner's summary), rendered from
``rumbo/templates/classroom_*.html``; both extend ``classroom_base.html``."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("rumbo", "templates"), autoescape=select_autoescape(["html"]))


def render(template: str, **context) -> str:
    """``template`` (a file name under rumbo/templates) filled with ``context``, HTML-escaped."""
    return _environment().get_template(template).render(**context)
