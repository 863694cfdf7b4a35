"""nbgrader's exchange for a hub, made private: exercises out, hand-ins in, feedback back.

nbgrader's own exchange trusts everybody: its root must be writable by all
(a learner could rename the course folder and put their own exercises in its
place), every hand-in folder is left mode 777 with readable files (anyone who
learns its name can read or change it), and the name a hand-in claims is never
checked against who wrote it. Here, under ``<system dir>/intercambio/rumbo/``:

=============  ======  ==========================================================
folder         mode    who
=============  ======  ==========================================================
(root, course) 755     root's; learners only pass through
``outbound/``  755     exercises, released by the trainer (:func:`release`)
``inbound/``   1733    learners can drop a hand-in but not list the folder, and
                       the sticky bit stops them removing or renaming others'
``feedback/``  711     feedback files, each owned by its learner, mode 600
=============  ======  ==========================================================

Learners' servers use :class:`PrivateSubmit` and friends (named in their
nbgrader config): a hand-in is the learner's alone (700/600). :func:`collect`
(root) copies each learner's latest hand-in into the class's ``submitted/``
only when the Unix owner of the folder is the learner it claims to be, and
copies regular files only (a link to a classmate's notebook is skipped).
:func:`publish_feedback` puts each learner's feedback where nbgrader's "fetch
feedback" looks for it, readable by that learner only, with Rumbo's summary
(``resumen.html``) beside nbgrader's page.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import stat
from pathlib import Path

from nbgrader.exchange.default import (ExchangeCollect, ExchangeFetchAssignment, ExchangeFetchFeedback,
                                       ExchangeList, ExchangeReleaseAssignment, ExchangeReleaseFeedback,
                                       ExchangeSubmit)
from nbgrader.utils import notebook_hash

from rumbo.apps.hub.state import COURSE_ID, Hub
from rumbo.classroom.collect import CollectResult, Decision
from rumbo.classroom.folder import ASIDE, RELEASE, ClassFolder
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import translator

_, N_, ngettext = translator("hub")

SUMMARY = "resumen"
MAX_HAND_IN_BYTES = 50 * 1024 * 1024
LAYOUT = (("", 0o755), (COURSE_ID, 0o755), (f"{COURSE_ID}/outbound", 0o755),
          (f"{COURSE_ID}/inbound", 0o1733), (f"{COURSE_ID}/feedback", 0o711))


def course_dir(hub: Hub, part: str = "") -> Path:
    return hub.exchange / COURSE_ID / part if part else hub.exchange / COURSE_ID


def prepare(hub: Hub) -> None:
    """Create (or repair) the exchange's folders with the modes above, owned by root."""
    hub.system_dir.mkdir(parents=True, exist_ok=True)
    for folder in (hub.system_dir.parent, hub.system_dir):
        if folder.stat().st_uid == 0:
            os.chmod(folder, 0o755)
    for rel, mode in LAYOUT:
        folder = hub.exchange / rel if rel else hub.exchange
        folder.mkdir(exist_ok=True)
        os.chown(folder, 0, 0)
        os.chmod(folder, mode)


# --- the learners' side (nbgrader classes named in their config) -------------------------------------


class _RootNeedsNoWrite:
    """nbgrader insists its root be writable by everybody; here passing through is enough."""

    def ensure_root(self):
        if not os.access(self.root, os.X_OK):
            self.fail("The exchange is not reachable, please ask your trainer: {}".format(self.root))


class PrivateSubmit(_RootNeedsNoWrite, ExchangeSubmit):
    """A hand-in only its learner (and the trainer, root) can read: 700 folders, 600 files."""

    def set_perms(self, dest, fileperms, dirperms):
        super().set_perms(dest, fileperms & 0o700, dirperms & 0o700)

    def copy_files(self):
        super().copy_files()  # ends with chmod 777 on the hand-in folder: take that back
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o700)


class HubFetchAssignment(_RootNeedsNoWrite, ExchangeFetchAssignment):
    pass


class HubList(_RootNeedsNoWrite, ExchangeList):
    pass


class HubFetchFeedback(_RootNeedsNoWrite, ExchangeFetchFeedback):
    """nbgrader's fetch, plus Rumbo's summary of each hand-in (``resumen.html``)."""

    def init_src(self):
        super().init_src()
        pattern = os.path.join(self.cache_path, "*+{}+*".format(self.coursedir.assignment_id or "*"))
        for folder in sorted(glob.glob(pattern)):
            secret_file = os.path.join(folder, "submission_secret.txt")
            if not os.path.isfile(secret_file):
                continue
            with open(secret_file) as fh:
                secret = fh.read()
            summary = os.path.join(self.outbound_path, notebook_hash(secret=secret, notebook_id=SUMMARY) + ".html")
            if os.path.exists(summary):
                self.feedback_files.append((SUMMARY, os.path.basename(folder).split("+")[-1], summary))


LEARNER_CLASSES = {"submit": PrivateSubmit, "fetch_assignment": HubFetchAssignment, "list": HubList,
                   "fetch_feedback": HubFetchFeedback}


# --- the trainer's side (run as root by ``rumbo classroom ... --hub``) --------------------------------


def release(cls: ClassFolder, hub: Hub, assignment: str) -> Path:
    """Put the class's release of ``assignment`` in the exchange (replacing an earlier one)."""
    assignment = cls.ensure_assignment(assignment)
    prepare(hub)
    target = course_dir(hub, "outbound") / assignment
    staging = target.with_name(f".{assignment}.nuevo")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(cls.path / RELEASE / assignment, staging,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    for folder, _dirs, files in os.walk(staging):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    old = target.with_name(f".{assignment}.anterior")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def _owners(hub: Hub) -> dict[int, str]:
    """Unix uid -> roster id, for the learners whose user exists."""
    owners = {}
    for hub_name, learner in hub.learners().items():
        try:
            owners[pwd.getpwnam(hub.unix_name(hub_name)).pw_uid] = learner.id
        except KeyError:
            continue
    return owners


def _regular_files(folder: Path) -> dict[str, bytes] | None:
    """Relative path -> bytes of every regular file under ``folder``, never following a link.

    None when the hand-in is larger than :data:`MAX_HAND_IN_BYTES`.
    """
    found: dict[str, bytes] = {}
    total = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d)) and d != ".ipynb_checkpoints"]
        for name in files:
            path = os.path.join(root, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue  # a symbolic link, or gone
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    continue
                data = fh.read(MAX_HAND_IN_BYTES + 1)
            total += len(data)
            if total > MAX_HAND_IN_BYTES:
                return None
            found[os.path.relpath(path, folder)] = data
    return found


def collect(cls: ClassFolder, hub: Hub, assignment: str) -> CollectResult:
    """Copy each learner's latest hand-in of ``assignment`` from the exchange into ``submitted/``."""
    assignment = cls.ensure_assignment(assignment)
    inbound = course_dir(hub, "inbound")
    if not inbound.is_dir():
        raise InvalidInputError(_("Esta clase aún no tiene intercambio del hub: arráncalo con «rumbo hub start "
                                  "{path}» y envía el ejercicio con «rumbo classroom release {path} {assignment} "
                                  "--hub».").format(path=cls.path, assignment=assignment))
    owners = _owners(hub)
    result = CollectResult(assignment)
    latest: dict[str, tuple[str, Path]] = {}
    for entry in sorted(os.listdir(inbound)):
        parts = entry.split("+")
        if len(parts) < 3 or parts[1] != assignment:
            continue
        path = inbound / entry
        info = os.lstat(path)
        claimed, when = parts[0], parts[2]
        owner = owners.get(info.st_uid)
        decision = Decision(f"intercambio/{entry}", when=when[:16])
        if not stat.S_ISDIR(info.st_mode):
            decision.action, decision.reason = "ignorada", _("no es una carpeta de entrega")
        elif owner is None or owner != claimed:
            decision.action = "sin_asignar"
            decision.reason = _("dice ser de «{claimed}» pero la ha dejado {owner}").format(
                claimed=claimed, owner=owner or _("alguien que no es de la clase"))
        else:
            decision.learner, decision.method = owner, _("usuario del hub")
            if owner in latest and latest[owner][0] >= when:
                decision.action, decision.reason = "apartada", _("hay una entrega posterior; esta sigue en el "
                                                                 "intercambio")
            else:
                if owner in latest:
                    earlier = next(d for d in result.decisions if d.origin == f"intercambio/{latest[owner][1].name}")
                    earlier.action, earlier.reason = "apartada", _("hay una entrega posterior; esta sigue en el "
                                                                   "intercambio")
                latest[owner] = (when, path)
                decision.action = "pendiente"
        result.decisions.append(decision)
    for decision in result.decisions:
        if decision.action == "pendiente":
            _install(cls, decision, latest[decision.learner][1], assignment)
    return result


def _install(cls: ClassFolder, decision: Decision, hand_in: Path, assignment: str) -> None:
    files = _regular_files(hand_in)
    if files is None:
        decision.action, decision.reason = "ignorada", _("la entrega pesa más de 50 MB")
        return
    if not any(rel.endswith(".ipynb") for rel in files):
        decision.action, decision.reason = "ignorada", _("la entrega no trae ningún cuaderno")
        return
    target = cls.submitted(decision.learner, assignment)
    stamp = target / "timestamp.txt"
    if stamp.exists() and stamp.read_bytes() == files.get("timestamp.txt"):
        decision.action, decision.reason = "igual", _("ya estaba recogida tal cual")
        return
    if target.exists():
        old = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else "anterior"
        aside = cls.path / ASIDE / decision.learner / assignment / "".join(c if c.isalnum() else "-" for c in old)
        aside.parent.mkdir(parents=True, exist_ok=True)
        if aside.exists():
            shutil.rmtree(aside)
        shutil.move(str(target), aside)
        decision.action = "sustituye"
        decision.reason = _("la entrega anterior se guarda en {place}").format(place=aside.relative_to(cls.path))
    else:
        decision.action = "nueva"
    for rel, data in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def publish_feedback(cls: ClassFolder, hub: Hub, assignment: str) -> list[str]:
    """Put each learner's feedback pages where their "fetch feedback" finds them; returns the ids served."""
    assignment = cls.resolve(assignment)
    prepare(hub)
    outbound = course_dir(hub, "feedback")
    served = []
    for hub_name, learner in sorted(hub.learners().items()):
        secret_file = cls.submitted(learner.id, assignment) / "submission_secret.txt"
        pages = sorted(cls.feedback(learner.id, assignment).glob("*.html"))
        if not secret_file.exists() or not pages:
            continue
        try:
            entry = pwd.getpwnam(hub.unix_name(hub_name))
        except KeyError:
            continue
        secret = secret_file.read_text(encoding="utf-8")
        for page in pages:
            name = notebook_hash(secret=secret, notebook_id=page.stem)
            staging = outbound / f".{name}.nuevo"
            staging.write_bytes(page.read_bytes())
            os.chown(staging, entry.pw_uid, entry.pw_gid)
            os.chmod(staging, 0o600)
            os.replace(staging, outbound / f"{name}.html")
        served.append(learner.id)
    return served


class _UseTheCommands:
    """Formgrader's release and collect buttons would undo the exchange's safety: point to the commands."""

    def start(self):
        self.fail(_("En el hub, envía y recoge con «rumbo classroom release CLASE EJERCICIO --hub», «rumbo classroom "
                    "collect CLASE EJERCICIO --hub» y «rumbo classroom feedback CLASE EJERCICIO»."))


class TrainerReleaseAssignment(_UseTheCommands, ExchangeReleaseAssignment):
    pass


class TrainerCollect(_UseTheCommands, ExchangeCollect):
    pass


class TrainerReleaseFeedback(_UseTheCommands, ExchangeReleaseFeedback):
    pass


TRAINER_CLASSES = {"release_assignment": TrainerReleaseAssignment, "collect": TrainerCollect,
                   "release_feedback": TrainerReleaseFeedback}
