"""Copy the rubric of every written answer from solutions/ into the trainer's guide.

    python tools/rubrics.py

The rubrics live in the solution notebooks (the mark-scheme region of each written answer's
prompt, which formgrader shows above the learner's answer). This rewrites the section of
docs/guia_formador.md between its two markers, so the guide says exactly the same;
tests/test_exercise_notebooks.py fails when they drift apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guia_formador.md"
BEGIN, END = "<!-- rúbricas: desde aquí (tools/rubrics.py) -->", "<!-- rúbricas: hasta aquí -->"
RUBRIC = re.compile(r"<!-- BEGIN MARK SCHEME -->\n(.*?)\n<!-- END MARK SCHEME -->", re.DOTALL)


def rubrics() -> list[tuple[str, str, str]]:
    """(exercise, question heading, rubric) of every written answer, in course order."""
    found = []
    for path in sorted(ROOT.glob("solutions/*/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            match = RUBRIC.search(cell.source) if cell.cell_type == "markdown" else None
            if match:
                heading = cell.source.splitlines()[0].lstrip("# ").strip()
                found.append((path.stem, heading, match.group(1)))
    return found


def section() -> str:
    parts = [BEGIN]
    for exercise, heading, rubric in rubrics():
        parts += [f"### {exercise} · {heading}", "", rubric, ""]
    parts.append(END)
    return "\n".join(parts)


def main() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        sys.exit(f"{GUIDE} lacks the markers {BEGIN!r} and {END!r}")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    GUIDE.write_text(text[:start] + section() + text[end:], encoding="utf-8")
    print(f"{GUIDE.relative_to(ROOT)}: {len(rubrics())} rubrics")


if __name__ == "__main__":
    main()
