"""``rumbo classroom release``: an exercise ready to send, a folder and a zip per learner.

For each learner, ``envios/ASSIGNMENT/ID/`` gets nbgrader's release of the
exercise (the learner's id and the exercise written into the notebook's
metadata, so ``collect`` recognises the file whatever it is renamed to) and a
``LEEME.txt`` in Spanish: how to open it, what not to touch, how to hand it in.
With ``--cuadernos`` the learner's personalised workbooks go in too. Each
folder is zipped as ``envios/ASSIGNMENT/ID_ASSIGNMENT.zip``; with ``--un-zip``
one zip holds every learner's folder instead. Zips are byte-stable (fixed
dates), so releasing twice gives the same files.

The exercise keeps the course's parameters (the bakery's data): its locked
cells are restored when graded, so a per-learner business there would grade
learners against data they did not use.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from rumbo.classroom.folder import OUTBOX, RELEASE, WORKBOOKS, ClassFolder
from rumbo.core.i18n import in_language, translator

_, N_, ngettext = translator("classroom")

FIXED_DATE = (2020, 1, 1, 0, 0, 0)


@dataclass
class ReleaseResult:
    folders: list[str] = field(default_factory=list)
    zips: list[str] = field(default_factory=list)


def readme(assignment: str, learner, notebooks: list[str]) -> str:
    files = ", ".join(f"{nb}.ipynb" for nb in notebooks)
    return "\n".join([
        _("Ejercicio {assignment} · para {name}").format(assignment=assignment,
                                                          name=learner.full_name or learner.id),
        "",
        _("1. Abre {files} en JupyterLab (o en Jupyter Notebook).").format(files=files),
        _("2. Ejecuta las celdas de arriba abajo. Escribe tus respuestas donde pone «None» o «Escribe aquí "
          "tu respuesta»."),
        _("3. Las celdas de comprobación te dicen al momento si vas bien. No borres ni cambies las celdas "
          "de corrección: se restauran al corregir."),
        _("4. Guarda el cuaderno y envíalo a tu formador tal cual (puedes cambiarle el nombre: sabemos que "
          "es tuyo)."),
        _("Si lo envías dos veces, contará el último."),
        "",
    ])


def _zip_folder(folder: Path, archive: zipfile.ZipFile, prefix: str) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def release(cls: ClassFolder, assignment: str, one_zip: bool = False, with_workbooks: bool = False,
            learners: list[str] | None = None) -> ReleaseResult:
    assignment = cls.ensure_assignment(assignment)
    roster = cls.roster().learners
    if learners:
        roster = [lr for lr in roster if lr.id in set(learners)]
    notebooks = cls.notebooks(assignment)
    source = cls.path / RELEASE / assignment
    outbox = cls.path / OUTBOX / assignment
    result = ReleaseResult()
    for learner in roster:
        folder = outbox / learner.id
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for extra in sorted(source.iterdir()):
            if extra.is_file() and extra.suffix != ".ipynb":
                shutil.copy2(extra, folder / extra.name)
        for nb_name in notebooks:
            nb = json.loads((source / f"{nb_name}.ipynb").read_text(encoding="utf-8"))
            nb.setdefault("metadata", {})["rumbo"] = {"alumno": learner.id, "ejercicio": assignment}
            (folder / f"{nb_name}.ipynb").write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
        with in_language(cls.edition):  # the learner reads it in the class's language
            text = readme(assignment, learner, notebooks)
        (folder / "LEEME.txt").write_text(text, encoding="utf-8")
        if with_workbooks and (cls.path / WORKBOOKS / learner.id).is_dir():
            shutil.copytree(cls.path / WORKBOOKS / learner.id, folder / "cuadernos")
        result.folders.append(str(folder.relative_to(cls.path)))
    if one_zip:
        target = outbox / f"{assignment}_todos.zip"
        with zipfile.ZipFile(target, "w") as archive:
            for learner in roster:
                _zip_folder(outbox / learner.id, archive, learner.id)
        result.zips.append(str(target.relative_to(cls.path)))
    else:
        for learner in roster:
            target = outbox / f"{learner.id}_{assignment}.zip"
            with zipfile.ZipFile(target, "w") as archive:
                _zip_folder(outbox / learner.id, archive, f"{learner.id}_{assignment}")
            result.zips.append(str(target.relative_to(cls.path)))
    return result
