"""The classroom's HTML pages (the class dashboard, each learner's summary), rendered from
``rumbo/templates/classroom_*.html``; both extend ``classroom_base.html``, which carries a
Content-Security-Policy that lets no script run. nbgrader's feedback pages carry the same
policy (:mod:`rumbo.classroom.feedback_page`).
"""

from __future__ import annotations

from functools import lru_cache

#: No script, no plug-in, nothing fetched from elsewhere: styles and images inline only.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
                           "base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("rumbo", "templates"), autoescape=select_autoescape(["html"]))
    env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    return env


def render(template: str, **context) -> str:
    """``template`` (a file name under rumbo/templates) filled with ``context``, HTML-escaped."""
    return _environment().get_template(template).render(**context)

