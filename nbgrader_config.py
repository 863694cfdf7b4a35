"""nbgrader settings for the course (read by every `nbgrader` command run from here).

solutions/ is nbgrader's source and exercises/ its release: `make exercises`
regenerates the release from the solutions, never by hand.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "rumbo"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# The gradebook is built on the fly for generate_assignment; keep it out of the repo.
c.CourseDirectory.db_url = "sqlite:///.nbgrader-gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.ics", "*.json"]

# What the learner finds where an answer was: a Spanish stub, no NotImplementedError.
c.ClearSolutions.code_stub = {"python": "# Escribe aquí tu respuesta (sustituye el None de arriba)"}
c.ClearSolutions.text_stub = "Escribe aquí tu respuesta."
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
# The English exercises (en_<stem>, parameters cell `language = "en"`) get English stubs.
from nbgrader.converters import GenerateAssignment  # noqa: E402
from rumbo.classroom.preprocessors import ClearSolutionsInLanguage  # noqa: E402

c.GenerateAssignment.preprocessors = [ClearSolutionsInLanguage if p.__name__ == "ClearSolutions" else p
                                      for p in GenerateAssignment.class_traits()["preprocessors"].default()]
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
# The rubric of each written answer sits in a mark-scheme region of its locked prompt: the
# release leaves it out, and grading puts the locked prompt back whole, so formgrader shows
# the rubric to the trainer above each answer. nbgrader only expects mark schemes in "task"
# cells, which would add a point box of their own; a locked cell is always restored.
c.ClearMarkScheme.enforce_metadata = False

# A learner who deletes, empties or edits a test cell gets it back when graded. nbgrader
# 0.9.6 alone stops with a KeyError on a deleted test cell, so plain `nbgrader autograde`
# uses the same cleaning steps as `rumbo classroom grade` (rumbo/classroom/preprocessors.py);
# feedback never shows hidden tests.
from rumbo.classroom.folder import FEEDBACK_PREPROCESSORS, SANITIZE_PREPROCESSORS  # noqa: E402

c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = SANITIZE_PREPROCESSORS
c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
c.ExecutePreprocessor.kernel_name = "python3"
c.ExecutePreprocessor.timeout = 60           # per cell: an infinite loop is stopped
c.ExecutePreprocessor.interrupt_on_timeout = True
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100
c.Execute.timeout = 60

# The feedback page in the learner's language, with nothing loaded from the internet and written
# answers not yet marked shown as "pendiente" (rumbo/classroom/feedback_page.py).
from rumbo.classroom.feedback_page import configure as feedback_page  # noqa: E402

feedback_page(c)
