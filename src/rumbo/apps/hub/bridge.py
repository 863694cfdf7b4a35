"""What ``rumbo classroom`` calls for a class that runs on a hub (``release``/``collect --hub``, ``feedback``).

``grade``, ``feedback`` and ``report`` work on the class folder as always; the
hub only changes how exercises go out, how hand-ins come in and how feedback
goes back (nbgrader's exchange, see :mod:`rumbo.apps.hub.exchange`).
"""

from __future__ import annotations

from rumbo.apps.hub import exchange
from rumbo.apps.hub.state import hub_of
from rumbo.classroom.folder import ClassFolder
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")


def _hub(cls: ClassFolder):
    hub = hub_of(cls)
    if hub is None:
        raise InvalidInputError(_("Esta clase no tiene hub todavía: arráncalo antes con «rumbo hub start {path}».")
                                .format(path=cls.path))
    return hub


def release_to_hub(cls: ClassFolder, assignment: str) -> str:
    exchange.release(cls, _hub(cls), assignment)
    return _("Ejercicio {assignment} enviado al hub: cada alumno lo tiene en JupyterLab, en la pestaña «Assignments» "
             "(Ejercicios), con el botón «Fetch».").format(assignment=cls.resolve(assignment))


def collect_from_hub(cls: ClassFolder, _source, assignment: str):
    return exchange.collect(cls, _hub(cls), assignment)


def feedback_to_hub(cls: ClassFolder, assignment: str) -> list[str]:
    """Publish the feedback just written, when the class runs on a hub; lines to tell the trainer."""
    hub = hub_of(cls)
    if hub is None:
        return []
    served = exchange.publish_feedback(cls, hub, assignment)
    return [_("Comentarios publicados en el hub para {n} alumnos: los recogen con «Fetch Feedback».").format(
        n=len(served))]
