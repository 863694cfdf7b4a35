"""A class follows one edition of the course: `rumbo classroom init ... --idioma en` makes a class
whose exercises are the English ones (``en_NN_slug``); a Spanish class never sees them.

A small course with exercise 01 in both editions (the classroom tests' two-question notebook) and
a course notebook in each; nbgrader releases them for real.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from rumbo.apps.cli import main
from rumbo.classroom.collect import collect
from rumbo.classroom.feedback import generate_feedback
from rumbo.classroom.folder import open_class
from rumbo.classroom.grade import GRADED, grade_assignment, load_results
from rumbo.classroom.personalize import course_notebooks
from rumbo.classroom.release import release
from rumbo.core.errors import InvalidInputError
from rumbo.core.i18n import get_language, in_language
from rumbo.views.language_check import spanish_words
from tests.classroom_helpers import FIXTURES, answered, release_notebook, source_notebook

ROOT = Path(__file__).resolve().parents[1]
SPANISH, ENGLISH = "01_objetivos", "en_01_objetivos"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("curso")
    for assignment in (SPANISH, ENGLISH):
        (folder / "solutions" / assignment).mkdir(parents=True)
        nbformat.write(source_notebook(assignment), folder / "solutions" / assignment / f"{assignment}.ipynb")
    for notebooks in (folder / "course", folder / "course" / "en"):
        notebooks.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(), notebooks / f"{SPANISH}.ipynb")
    return folder


def init(tmp_path: Path, course: Path, *options: str) -> int:
    return main(["classroom", "init", str(tmp_path / "clase"), "--roster", str(FIXTURES / "alumnos_ok.csv"),
                 "--curso", str(course), *options])


def test_an_english_class_has_the_english_exercises_and_finds_them_by_number(tmp_path, course, capsys):
    assert init(tmp_path, course, "--idioma", "en") == 0
    assert ENGLISH in capsys.readouterr().out
    cls = open_class(tmp_path / "clase")
    assert cls.edition == "en"
    assert json.loads((cls.path / "clase.json").read_text(encoding="utf-8"))["edition"] == "en"
    assert cls.assignments() == [ENGLISH]
    assert cls.resolve("01") == cls.resolve("1") == cls.resolve(SPANISH) == cls.resolve(ENGLISH) == ENGLISH
    released = cls.path / "release" / ENGLISH / f"{ENGLISH}.ipynb"
    assert released.exists() and not (cls.path / "source" / SPANISH).exists()
    assert "This cell ({cell_id}) was missing" in (cls.path / "nbgrader_config.py").read_text(encoding="utf-8")
    result = release(cls, "01")
    handout = cls.path / "envios" / ENGLISH / "ana" / f"{ENGLISH}.ipynb"
    assert handout.exists() and len(result.folders) == 3
    assert json.loads(handout.read_text(encoding="utf-8"))["metadata"]["rumbo"]["ejercicio"] == ENGLISH
    assert [p.parent.name for p in course_notebooks(cls)] == ["en"]
    with in_language("es"):  # the trainer's terminal speaks Spanish; what the learner gets is English
        readme = (handout.parent / "LEEME.txt").read_text(encoding="utf-8")
        assert readme.startswith(f"Exercise {ENGLISH} · for Ana García López") and "1. Open" in readme
        assert spanish_words(readme, proper_names=["García López"]) == []
        results = cls.path / "informes" / f"correccion_{ENGLISH}.json"
        results.parent.mkdir(exist_ok=True)
        results.write_text(json.dumps({"outcomes": {"ana": {"status": GRADED, "score": 2, "max_score": 3}}}),
                           encoding="utf-8")
        generate_feedback(cls, "01", progress=False)
        assert get_language() == "es"
    summary = (cls.path / "feedback" / "ana" / ENGLISH / "resumen.txt").read_text(encoding="utf-8")
    assert "Automatic score: 2.0 of 3.0 points." in summary
    assert spanish_words(summary, proper_names=["García López"]) == []
    page = (cls.path / "feedback" / "ana" / ENGLISH / "resumen.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page


def test_a_spanish_class_lists_no_english_exercise(tmp_path, course, capsys):
    assert init(tmp_path, course) == 0
    out = capsys.readouterr().out
    cls = open_class(tmp_path / "clase")
    assert cls.edition == "es" and cls.assignments() == [SPANISH] and ENGLISH not in out
    assert cls.resolve("01") == SPANISH
    assert "Esta celda ({cell_id}) faltaba" in (cls.path / "nbgrader_config.py").read_text(encoding="utf-8")
    assert not (cls.path / "source" / ENGLISH).exists() and not (cls.path / "release" / ENGLISH).exists()
    assert [p.parent.name for p in course_notebooks(cls)] == ["course"]
    release(cls, "01")
    readme = (cls.path / "envios" / SPANISH / "ana" / "LEEME.txt").read_text(encoding="utf-8")
    assert readme.startswith(f"Ejercicio {SPANISH} · para Ana García López")
    with pytest.raises(InvalidInputError, match="No conozco el ejercicio «en_01_objetivos»"):
        cls.resolve(ENGLISH)


def test_an_unknown_edition_is_refused_in_spanish_and_creates_nothing(tmp_path, course, capsys):
    assert init(tmp_path, course, "--idioma", "fr") == 1
    err = capsys.readouterr().err
    assert "No hay edición del curso en «fr»" in err and "es, en" in err and "Traceback" not in err
    assert not (tmp_path / "clase").exists()


@pytest.mark.grading
def test_an_english_class_collects_grades_and_reports_its_exercise(tmp_path, course, capsys):
    assert init(tmp_path, course, "--idioma", "en") == 0
    cls = open_class(tmp_path / "clase")
    release(cls, "01")
    inbox = tmp_path / "correo"
    inbox.mkdir()
    handed_in = answered(release_notebook(source_notebook(ENGLISH)), q1_answer="doble = 2 * x")
    handed_in.metadata["rumbo"] = {"alumno": "ana", "ejercicio": ENGLISH}
    nbformat.write(handed_in, inbox / f"ana_{ENGLISH}.ipynb")
    collected = collect(cls, inbox, "1")
    assert collected.assignment == ENGLISH
    assert (cls.submitted("ana", ENGLISH) / f"{ENGLISH}.ipynb").exists()
    graded = grade_assignment(cls, "01", workers=1, progress=False, isolate=False, allow_uncaged=True)
    assert graded is not None
    assert load_results(cls, ENGLISH)["outcomes"]["ana"]["score"] == 1, graded  # question 1 right, 2 blank
    generate_feedback(cls, "01", progress=False)
    summary = (cls.path / "feedback" / "ana" / ENGLISH / "resumen.txt").read_text(encoding="utf-8")
    assert "Automatic score: 1.0 of" in summary
    assert main(["classroom", "report", str(cls.path)]) == 0
    rows = (cls.path / "informes" / "notas.csv").read_text(encoding="utf-8")
    assert ENGLISH in rows and "01_objetivos," not in rows.replace(ENGLISH, "")


# -- a real exercise graded: what the learner reads is in the class's language ------------------

REAL = {"es": "01_objetivos", "en": "en_01_objetivos"}
#: A wrong first answer (the needed monthly growth is not 50 %) that also floods its output, so
#: the kernel's cap cuts it and grading notes it; the other answers left blank.
WRONG_RATE = 0.5
FLOOD = "print('x' * 3_000_000)"
HUGE_OUTPUT = "{where} escribió una salida enorme: se recortó y el resto se corrigió."


@pytest.fixture(scope="module")
def real_course(tmp_path_factory) -> Path:
    """The course's own exercise 01 in both editions (its checks are the package's)."""
    import shutil

    folder = tmp_path_factory.mktemp("curso-real")
    for assignment in REAL.values():
        shutil.copytree(ROOT / "solutions" / assignment, folder / "solutions" / assignment)
    shutil.copy2(ROOT / "nbgrader_config.py", folder)  # the course's settings (mark schemes in prompts)
    for notebooks in (folder / "course", folder / "course" / "en"):
        notebooks.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(), notebooks / f"{SPANISH}.ipynb")
    return folder


def expected_message(edition: str) -> str:
    """What the check of question 1 says to ``WRONG_RATE``, in ``edition``'s language (the
    package's own words, not typed in here)."""
    from rumbo.exercises import ex01

    with in_language(edition):
        return str(ex01.questions("panaderia").q1.check(WRONG_RATE))


def grade_a_wrong_hand_in(tmp_path: Path, course: Path, edition: str) -> tuple[str, str, Path]:
    """A class of ``edition``, one learner's wrong exercise 01 collected, graded by nbgrader for
    real and given feedback; returns the summary, its page and the feedback folder."""
    assert init(tmp_path, course, "--idioma", edition) == 0
    cls = open_class(tmp_path / "clase")
    assignment = REAL[edition]
    release(cls, "01")
    handed_in = nbformat.read(cls.path / "envios" / assignment / "ana" / f"{assignment}.ipynb", as_version=4)
    [answer] = [c for c in handed_in.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1_answer"]
    variable = answer.source.split("=")[0].strip()
    answer.source = f"{variable} = {WRONG_RATE}\n{FLOOD}"
    inbox = tmp_path / "correo"
    inbox.mkdir()
    nbformat.write(handed_in, inbox / f"ana_{assignment}.ipynb")
    assert collect(cls, inbox, "1").assignment == assignment
    grade_assignment(cls, "01", workers=1, progress=False, isolate=False, allow_uncaged=True)
    assert load_results(cls, assignment)["outcomes"]["ana"]["status"] == GRADED
    generate_feedback(cls, "01", progress=False)
    folder = cls.path / "feedback" / "ana" / assignment
    return ((folder / "resumen.txt").read_text(encoding="utf-8"),
            (folder / "resumen.html").read_text(encoding="utf-8"), folder)


def said_in(edition: str) -> tuple[str, str]:
    """The grading note on a flooded output (without the cell it names) and the line that ends
    the cut output, in ``edition``'s language."""
    from rumbo.classroom.diagnose import output_cut_notice
    from rumbo.core.i18n import translator

    with in_language(edition):
        return (translator("classroom").gettext(HUGE_OUTPUT).split("{where}")[1],
                output_cut_notice(2).strip().split(":")[0])


def feedback_page_text(folder: Path, assignment: str) -> str:
    """nbgrader's feedback page without its code (the learner's code is named in Spanish in both
    editions) and without styles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((folder / f"{assignment}.html").read_text(encoding="utf-8"), "html.parser")
    for code in soup.select(".input_area, style, script"):
        code.decompose()
    return str(soup)


@pytest.mark.grading
def test_a_wrong_english_hand_in_gets_english_feedback_from_a_spanish_speaking_trainer(
        tmp_path, real_course, monkeypatch):
    """The trainer's process speaks Spanish (RUMBO_LANG=es); the English class's learner reads
    the check's English message, English notes and an English summary and feedback page."""
    from rumbo.core.i18n import LANGUAGE_VARIABLE, set_language
    from rumbo.views.language_check import spanish_chunks, spanish_excerpts
    from tests.language_support import proper_names

    monkeypatch.setenv(LANGUAGE_VARIABLE, "es")
    set_language("es")
    names = (*proper_names(), "Ana García López")
    summary, page, folder = grade_a_wrong_hand_in(tmp_path, real_course, "en")
    message = expected_message("en")
    assert message != expected_message("es") and message in summary
    assert "Automatic score: 0.0 of" in summary
    note, cut = said_in("en")
    assert note != said_in("es")[0] and note in summary
    assert spanish_excerpts(summary, names) == []
    assert spanish_excerpts(page, names) == [] and '<html lang="en"' in page
    shown = feedback_page_text(folder, REAL["en"])
    assert message.split(":")[0] in shown and cut in shown  # the check's and the cap's words
    assert spanish_chunks(shown, names, markup=True) == []
    assert get_language() == "es"


@pytest.mark.grading
def test_a_spanish_class_stays_spanish_when_the_trainer_speaks_english(tmp_path, real_course, monkeypatch):
    from rumbo.core.i18n import LANGUAGE_VARIABLE, set_language
    from rumbo.views.language_check import spanish_words

    monkeypatch.setenv(LANGUAGE_VARIABLE, "en")
    set_language("en")
    try:
        summary, page, _folder = grade_a_wrong_hand_in(tmp_path, real_course, "es")
        assert get_language() == "en"
    finally:
        set_language("es")
    assert expected_message("es") in summary and "Nota automática: 0,0 de" in summary
    assert said_in("es")[0] in summary
    assert "Automatic" not in summary and spanish_words(summary)
    assert '<html lang="es"' in page
