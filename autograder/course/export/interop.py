"""What the nbgrader and otter exports share: which cells hold solutions, which questions
are exported, the runner module (``medl_runner.py``) and the files a notebook needs.

Speed questions (a ``[questions.speed]`` table, or a hidden test asking for the ``speed``
fixture) are NOT exported: their timing needs medl's worker harness, and nbgrader/otter run
everything in the notebook's own process. Their functions still become solution cells (so
the solution never reaches students), and a markdown note says the question is graded by
``medl grade`` only; the exported total is medl's total minus the speed points.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import nbformat

import shared
from autograder.authoring.assignment import Assignment, Question
from autograder.authoring.markers import find_regions
from autograder.course.export import interop_runner
from autograder.grading.extract import extract_definitions
from autograder.grading.hidden import collect_tests
from autograder.notebook import code_cells, read_notebook

__all__ = [
    "RUNNER",
    "clean_cell",
    "copy_support",
    "exported_questions",
    "fit_cell_ids",
    "last_solution_cell",
    "runner_source",
    "solution_cells",
    "speed_note",
    "speed_questions",
]

RUNNER = "medl_runner.py"


def speed_questions(a: Assignment) -> list[Question]:
    """Questions graded by timing (left out of the nbgrader/otter exports)."""
    timed = {t.spec.question for t in collect_tests(a) if "speed" in t.params}
    return [q for q in a.questions if q.speed is not None or q.id in timed]


def exported_questions(a: Assignment) -> list[Question]:
    """The questions an nbgrader/otter export grades, in assignment order."""
    skip = {q.id for q in speed_questions(a)}
    return [q for q in a.questions if q.id not in skip]


def _question_of(a: Assignment, function: str) -> str | None:
    q = a.question_for(function) or a.question_for(function.split(".")[0])
    return q.id if q else None


def solution_cells(a: Assignment, nb: nbformat.NotebookNode) -> dict[int, list[str]]:
    """0-based index of each cell with solution markers -> the question ids it answers."""
    names = {f for q in a.questions for f in q.functions}
    out: dict[int, list[str]] = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        regions = find_regions(i + 1, cell.source, lambda n: n in names)
        qids = [q for q in (_question_of(a, r.function) for r in regions) if q]
        if regions:
            out[i] = list(dict.fromkeys(qids))
    return out


def last_solution_cell(sol: dict[int, list[str]]) -> dict[str, int]:
    """Question id -> index of the last cell holding one of its solutions."""
    last: dict[str, int] = {}
    for i, qids in sorted(sol.items()):
        for q in qids:
            last[q] = i
    return last


def clean_cell(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy without outputs, execution count or metadata other than tags."""
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    cell.metadata = nbformat.NotebookNode({k: v for k, v in cell.metadata.items() if k == "tags"})
    return cell


def fit_cell_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Cell ids only where the notebook's minor version allows them (4.5+): nbgrader
    rejects a 4.4 notebook whose new cells carry ids."""
    if (nb.nbformat, nb.nbformat_minor) < (4, 5):
        for cell in nb.cells:
            cell.pop("id", None)
    return nb


def speed_note(q: Question) -> nbformat.NotebookNode:
    """The markdown cell that replaces a speed question's autograded tests."""
    return nbformat.v4.new_markdown_cell(
        f"**{q.id} ({q.title}, {q.points:g} points in medl) is a speed question and is not "
        "autograded here**: its timing needs medl's grading worker. Your instructor grades "
        "it with `medl grade`; it earns no points in this notebook."
    )


def _reference_source(a: Assignment) -> str:
    ext = extract_definitions(code_cells(read_notebook(a.solution_notebook)))
    if ext.problems:
        raise RuntimeError(f"reference {a.notebook}: " + "; ".join(ext.problems))
    return "\n\n".join(c.source.lstrip("\n") for c in ext.chunks) + "\n"


def runner_source(a: Assignment) -> str:
    """``medl_runner.py`` for ``a``: the template plus the hidden tests and the reference."""
    template = Path(interop_runner.__file__).read_text()
    hidden = sorted(
        (p.stem, p.read_text())
        for p in (a.source_dir / "hidden").glob("*.py")
        if p.name != "__init__.py"
    )
    questions = {q.id: q.points for q in exported_questions(a)}
    header = f'"""medl hidden tests and reference for {a.id} ({a.title}). INSTRUCTOR ONLY.\n'
    body = template.split('"""', 2)[2]  # drop the template's docstring, keep the code
    timeout = max(60.0, 6 * a.call_timeout_s)
    data = (
        "\n\n# ---- generated by `medl export` ----\n"
        f"ASSIGNMENT = {a.id!r}\n"
        f"QUESTIONS = {questions!r}\n"
        f"TEST_TIMEOUT_S = {timeout!r}\n"
        f"REFERENCE = {_reference_source(a)!r}\n"
        f"HIDDEN = {hidden!r}\n"
    )
    doc = (
        header + "\nGenerated by `medl export`; do not give this file to students. It runs medl's\n"
        "hidden tests in the notebook's own process (no sandbox): see docs/instructors.md.\n"
        '"""'
    )
    return doc + body + data


_SKIP = re.compile(r"(__pycache__|\.pyc$)")


def copy_support(a: Assignment, dest: Path) -> list[Path]:
    """Copy the ``shared`` helpers and the assignment's data files into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    src = Path(shared.__file__).parent
    for p in sorted(src.rglob("*")):
        if p.is_file() and not _SKIP.search(p.as_posix()):
            target = dest / "shared" / p.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, target)
            written.append(target)
    for d in a.data:
        p = a.source_dir / d
        files = sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p]
        for f in files:
            target = dest / f.relative_to(a.source_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)
            written.append(target)
    return written
