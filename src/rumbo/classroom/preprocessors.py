"""nbgrader preprocessors the class's config names (nbgrader imports them by dotted path).

- :class:`ExecuteGuarded`: nbgrader's ``Execute``, except that a cell that kills
  the kernel (``os._exit``, a crash) is skipped with a clear error and the
  notebook is run again without it, so the rest is graded. Plain nbgrader
  gives the whole notebook 0 with no reason.
- :class:`LimitOutputBytes`: cuts any single output above a size (nbgrader's
  ``LimitOutput`` counts lines, so one 100 MB line passes through it).
- :class:`Replay`: used by the grader's last, sequential pass in the class
  folder: instead of running a kernel it takes the outputs the parallel run
  produced for the same cells, so nbgrader's own ``SaveAutoGrades`` writes the
  gradebook exactly as a plain ``nbgrader autograde`` would.
- :class:`DropEmptyMetadata` and :class:`RestoreCells`: two fixes to
  nbgrader 0.9.6's sanitising. A duplicated cell leaves an empty ``nbgrader``
  dict behind (``KeyError: 'grade_id'``), and ``add_missing_cells`` crashes
  when the cell before a deleted test is an ordinary locked cell, as the check
  cell of every Rumbo question is (``KeyError: 'q1_check'``). Plain nbgrader
  then gives the whole notebook 0.
- :class:`HideHiddenTests`: for ``generate_feedback``: removes the hidden-test
  lines from every cell and the traceback lines of graded cells, so the
  feedback shows the learner's result and never the hidden tests (nbgrader's
  issue #917).
- :class:`SanitizeLearnerHTML`: last step of autograde and a step of
  ``generate_feedback``: nbconvert's :class:`~nbconvert.preprocessors.SanitizeHTML`
  (bleach) with an allowlist wide enough for the course's own formatting, so
  no learner ``<script>``, event handler or JavaScript output reaches the
  feedback pages or the formgrader (which shows the autograded notebooks on
  the trainer's Jupyter origin).
- :class:`ClearSolutionsInLanguage`: for ``generate_assignment``: nbgrader's
  ``ClearSolutions`` with the stubs (what the learner finds where an answer was)
  in the language of the notebook's parameters cell, so the English exercises
  say "Write your answer here." where the Spanish ones say «Escribe aquí tu respuesta.».
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import ClearSolutions, Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Any, Bool, Integer, List, Unicode

from rumbo.classroom.diagnose import KERNEL_DIED, KERNEL_STUCK, output_cut_notice
from rumbo.core.i18n import translator

_, N_, ngettext = translator("classroom")


class ExecuteGuarded(Execute):
    """Execute, surviving cells that kill the kernel (each is skipped and reported)."""

    max_kernel_deaths = Integer(3, help="How many cells may kill the kernel before giving up").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._skipped: dict[int, str] = {}
        for attempt in range(self.max_kernel_deaths + 1):
            self._current = None
            self._timed_out = None
            try:
                return super().preprocess(nb, resources, km)
            except DeadKernelError as exc:
                index = self._current
                if index is None or index in self._skipped or attempt == self.max_kernel_deaths:
                    raise
                self.log.warning("The kernel died in cell %s; running again without it", index)
                self._skipped[index] = KERNEL_STUCK if "stuck" in str(exc) else KERNEL_DIED
        raise DeadKernelError("kernel died")  # not reached

    def preprocess_cell(self, cell, resources, index):
        if index in getattr(self, "_skipped", {}):
            why = self._skipped[index]
            text = (_("El kernel se cerró al ejecutar esta celda (por ejemplo, con os._exit()). "
                      "Se ha omitido y se ha corregido el resto del cuaderno.") if why == KERNEL_DIED else
                    _("Esta celda no terminó y el kernel dejó de responder. Se ha omitido y se ha "
                      "corregido el resto del cuaderno."))
            cell.outputs = [NotebookNode(output_type="error", ename=why, evalue=text, traceback=[])]
            cell.execution_count = None
            return cell, resources
        if cell.cell_type != "code":
            return super().preprocess_cell(cell, resources, index)
        self._current = index
        cell, resources = super().preprocess_cell(cell, resources, index)
        timed_out = any(o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError"
                        for o in cell.get("outputs", []))
        if timed_out and self._timed_out is not None:
            # Two timeouts in a row: the kernel ignored the interrupt (or starves); restart it
            # and skip the cell that started it, as if it had died there.
            self._current = self._timed_out
            raise DeadKernelError("kernel stuck after a timeout")
        self._timed_out = index if timed_out else None
        return cell, resources


def notebook_language(nb) -> str:
    """The ``language`` of a notebook's parameters cell (``language = "en"``); Spanish if none."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                name, _sep, value = line.partition("=")
                if name.strip() == "language":
                    return value.split("#")[0].strip().strip("\"'") or "es"
    return "es"


class ClearSolutionsInLanguage(ClearSolutions):
    """ClearSolutions whose stubs follow the notebook's language; the configured ones are the
    Spanish edition's."""

    #: language -> (code stub, text stub)
    STUBS = {"en": ("# Write your answer here (replace the None above)", "Write your answer here.")}

    def preprocess(self, nb, resources):
        configured = self.code_stub, self.text_stub
        stubs = self.STUBS.get(notebook_language(nb))
        if stubs:
            self.code_stub, self.text_stub = {**self.code_stub, "python": stubs[0]}, stubs[1]
        try:
            return super().preprocess(nb, resources)
        finally:
            self.code_stub, self.text_stub = configured


class DropEmptyMetadata(NbGraderPreprocessor):
    """After DeduplicateIds: a demoted duplicate loses its (now empty) nbgrader metadata entirely."""

    def preprocess_cell(self, cell, resources, index):
        if "nbgrader" in cell.metadata and not cell.metadata.nbgrader.get("grade_id"):
            del cell.metadata["nbgrader"]
        return cell, resources


class RestoreCells(OverwriteCells):
    """OverwriteCells whose ``add_missing_cells`` puts a deleted graded cell back after the
    nearest cell of the source that is still there, whatever kind of cell that is."""

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source_nb.source_cells]
        by_name = {cell.name: cell for cell in source_nb.source_cells}
        graded = {cell.name: cell for cell in source_nb.grade_cells}
        solutions = {cell.name for cell in source_nb.solution_cells}

        def position(name):
            for i, cell in enumerate(nb.cells):
                if cell.metadata.get("nbgrader", {}).get("grade_id") == name:
                    return i
            return None

        for name in order:
            if name not in graded or position(name) is not None:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", name)
            cell = self.missing_cell_transform(by_name[name], graded[name].max_score, is_solution=name in solutions)
            at = 0
            for previous in reversed(order[:order.index(name)]):
                found = position(previous)
                if found is not None:
                    at = found + 1
                    break
            nb.cells.insert(at, cell)
        return nb, resources


class LimitOutputBytes(NbGraderPreprocessor):
    """Cut any text output longer than ``max_bytes`` characters (a marker says so)."""

    max_bytes = Integer(200_000).tag(config=True)

    def _cut(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if isinstance(text, str) and len(text) > self.max_bytes:
            return text[: self.max_bytes] + output_cut_notice()
        return text

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                out.text = self._cut(out.text)
            elif "data" in out:
                for mime in list(out.data):
                    if mime.startswith("text/") or mime.endswith("json"):
                        value = out.data[mime]
                        if isinstance(value, str | list):
                            out.data[mime] = self._cut(value)
            elif out.output_type == "error" and len(out.get("traceback", [])) > 200:
                out.traceback = out.traceback[:100] + ["..."] + out.traceback[-99:]
        return cell, resources


class ReplayMismatch(Exception):
    pass


class Replay(NbGraderPreprocessor):
    """Take the outputs of an earlier run of the same sanitised notebook instead of executing."""

    executed_dir = Unicode("", help="Folder with STUDENT/ASSIGNMENT/NOTEBOOK.ipynb already executed").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        path = Path(self.executed_dir) / info["student"] / info["assignment"] / f"{info['notebook']}.ipynb"
        if not path.exists():
            raise ReplayMismatch(f"no executed notebook for {info['student']}")
        done = nbformat.read(path, as_version=4)
        if len(done.cells) != len(nb.cells):
            raise ReplayMismatch(f"{info['student']}: {len(done.cells)} cells executed, {len(nb.cells)} expected")
        for mine, theirs in zip(nb.cells, done.cells):
            if mine.cell_type != theirs.cell_type or mine.source != theirs.source:
                raise ReplayMismatch(f"{info['student']}: the executed notebook differs from the sanitised one")
            if mine.cell_type == "code":
                mine.outputs = theirs.outputs
                mine.execution_count = theirs.execution_count
        if "language_info" in done.metadata:
            nb.metadata["language_info"] = done.metadata["language_info"]
        return nb, resources


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback without hidden tests: their lines go, and so do graded cells' tracebacks."""

    begin = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("END HIDDEN TESTS").tag(config=True)

    def _strip(self, source: str) -> tuple[str, bool]:
        kept, inside, removed = [], False, False
        for line in source.split("\n"):
            if self.begin in line:
                inside, removed = True, True
                continue
            if self.end in line:
                inside = False
                continue
            if not inside:
                kept.append(line)
        return "\n".join(kept).rstrip("\n"), removed

    def preprocess_cell(self, cell, resources, index):
        cell.source, removed = self._strip(cell.source)
        graded = (cell.metadata.get("nbgrader") or {}).get("grade", False)
        if cell.cell_type == "code" and (removed or graded):
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    # Keep the learner-facing message, drop the code lines the traceback quotes.
                    out.traceback = [f"{out.ename}: {out.evalue}"]
        return cell, resources


#: HTML a notebook's Markdown and outputs may keep: formatting, tables, links; no script, no
#: event handler, no form, no frame, no image or style sheet fetched from elsewhere.
SAFE_TAGS = ["a", "abbr", "acronym", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
             "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol",
             "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
             "tfoot", "th", "thead", "tr", "u", "ul"]
SAFE_ATTRIBUTES = {"*": ["class", "title", "style"], "a": ["href", "title"], "abbr": ["title"],
                   "acronym": ["title"], "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan", "scope"]}


class SanitizeLearnerHTML(SanitizeHTML):
    """nbconvert's bleach sanitizer, allowing the formatting the course's own cells use
    (coloured check results, tables) and escaping everything else, visibly.

    Markdown a learner controls (their answer cells, cells they added, Markdown outputs) is
    first rendered to HTML with nbconvert's own renderer, then cleaned: a Markdown link to
    ``javascript:`` is not HTML until rendered, and the renderer keeps it. The result renders
    exactly as before. Locked cells are the course's own (nbgrader restores them)."""

    enabled = Bool(True).tag(config=True)  # nbconvert's preprocessors start disabled
    tags = List(Unicode(), default_value=SAFE_TAGS).tag(config=True)
    attributes = Any(default_value=SAFE_ATTRIBUTES).tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        from nbconvert.filters.markdown import markdown2html

        meta = cell.metadata.get("nbgrader") or {}
        if cell.cell_type == "markdown" and not (meta.get("locked") and not meta.get("solution")):
            cell.source = self.sanitize_html_tags(markdown2html(cell.source))
            return cell, resources
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data") or {}
                if "text/markdown" in data:
                    rendered = markdown2html(data.pop("text/markdown"))
                    data.setdefault("text/html", rendered)
        return super().preprocess_cell(cell, resources, cell_index)
