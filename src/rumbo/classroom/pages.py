"""The classroom's HTML pages (the class dashboard, each learner's summary), rendered from
``rumbo/templates/classroom_*.html``; both extend ``classroom_base.html``, which carries a
Content-Security-Policy that lets no script run. nbgrader's feedback pages use the
``rumbo_feedback`` template (:func:`feedback_template_dirs`): nbgrader's own, with that policy.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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


def _nbgrader_formgrader() -> Path:
    import nbgrader

    return Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"


def feedback_template_dirs() -> list[str]:
    """``HTMLExporter.extra_template_basedirs``: where nbconvert finds ``rumbo_feedback``."""
    return [str(_nbgrader_formgrader() / "templates"), str(Path(__file__).resolve().parents[1] / "templates" / "nbconvert")]


def feedback_template_paths() -> list[str]:
    """``HTMLExporter.extra_template_paths``: nbgrader's (its Bootstrap CSS) and its templates,
    so ``rumbo_feedback`` can extend ``feedback/index.html.j2``."""
    formgrader = _nbgrader_formgrader()
    return [str(formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css"), str(formgrader / "templates")]
