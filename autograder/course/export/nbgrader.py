"""``medl export nbgrader ID --out DIR``: an nbgrader course folder for one assignment.

    DIR/nbgrader_config.py                      course id, the assignment, cell timeout
    DIR/source/<ID>/<notebook>.ipynb            nbgrader source notebook (+ shared/, data)
    DIR/medl_hidden/<ID>/medl_runner.py         hidden tests + reference: instructor only

Each code cell holding a graded function becomes an autograded-answer cell (``solution``);
its ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers are nbgrader's own. After the last
solution cell of each question comes a locked autograder-test cell worth the question's
points: its visible part prints one line, its ``### BEGIN HIDDEN TESTS`` part finds
``medl_runner.py`` by walking up from the notebook's folder and runs the question's medl
hidden tests in the kernel (no sandbox: nbgrader's model). The runner sits outside
``source/<ID>`` on purpose: nbgrader copies every file of that folder into the student
release. Speed questions are not exported (see :mod:`.interop`).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.authoring.assignment import Assignment
from autograder.course.export.interop import (
    RUNNER,
    clean_cell,
    copy_support,
    exported_questions,
    fit_cell_ids,
    last_solution_cell,
    runner_source,
    solution_cells,
    speed_note,
    speed_questions,
)
from autograder.notebook import read_notebook

__all__ = ["export_nbgrader", "test_cell_source"]

SCHEMA = 3

CONFIG = '''\
"""nbgrader configuration written by `medl export nbgrader` (edit freely)."""
c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.course_id = {course!r}
# `nbgrader generate_assignment {aid}` adds the assignment to the gradebook.
# One cell runs a whole question's hidden tests; nbgrader's default (30 s) is too short.
c.Execute.timeout = {timeout}
'''

TEST_CELL = """\
# medl hidden tests for {qid} ({points:g} points). `nbgrader autograde` runs them IN THIS
# KERNEL, in the notebook's own process: unlike `medl grade` there is no sandbox (no separate
# worker, no memory/CPU limits, the code under test could read the tests). The runner,
# medl_hidden/{aid}/medl_runner.py, lives in the course folder, outside source/{aid}/.
print("{qid}: {points:g} point(s) from hidden tests, run when your notebook is autograded")
### BEGIN HIDDEN TESTS
import pathlib as _medl_p, sys as _medl_s
_medl_here = _medl_p.Path.cwd()
_medl_dirs = [d / "medl_hidden" / "{aid}" for d in (_medl_here, *_medl_here.parents)]
_medl_dirs = [str(d) for d in _medl_dirs if (d / "{runner}").is_file()]
assert _medl_dirs, "medl_hidden/{aid}/{runner} not found above " + str(_medl_p.Path.cwd())
_medl_s.path.insert(0, _medl_dirs[0])
from medl_runner import run_question
run_question("{qid}", globals())
### END HIDDEN TESTS"""


def test_cell_source(a: Assignment, qid: str, points: float) -> str:
    """The source of question ``qid``'s autograder-test cell."""
    return TEST_CELL.format(qid=qid, points=points, aid=a.id, runner=RUNNER)


def _meta(
    grade_id: str, *, solution: bool, grade: bool, locked: bool, points: float | None = None
) -> dict:
    meta: dict = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def source_notebook(a: Assignment) -> nbformat.NotebookNode:
    """The nbgrader source notebook built from ``a``'s solution notebook."""
    nb = nbformat.from_dict(read_notebook(a.solution_notebook))
    sol = solution_cells(a, nb)
    last = last_solution_cell(sol)
    exported = exported_questions(a)
    speed = speed_questions(a)
    cells = []
    for i, cell in enumerate(nb.cells):
        cell = clean_cell(cell)
        if i in sol:
            gid = f"cell{i + 1}_" + "_".join(sol[i]) + "_solution"
            cell.metadata["nbgrader"] = _meta(gid, solution=True, grade=False, locked=False)
        cells.append(cell)
        for q in exported:
            if last.get(q.id) == i:
                test = nbformat.v4.new_code_cell(test_cell_source(a, q.id, q.points))
                test.metadata["nbgrader"] = _meta(
                    f"{q.id}_hidden_tests", solution=False, grade=True, locked=True, points=q.points
                )
                cells.append(test)
        cells += [speed_note(q) for q in speed if last.get(q.id) == i]
    nb.cells = cells
    return fit_cell_ids(nb)


def export_nbgrader(a: Assignment, out: Path, course_id: str = "medl") -> list[Path]:
    """Write the nbgrader course layout for ``a`` under ``out``; return the files written.

    An existing ``out/nbgrader_config.py`` is kept (a course adopting the assignment has its
    own); then add the assignment to its ``db_assignments`` yourself.
    """
    src = out / "source" / a.id
    src.mkdir(parents=True, exist_ok=True)
    written = copy_support(a, src)
    nb_path = src / a.notebook
    nbformat.write(source_notebook(a), nb_path)
    written.append(nb_path)
    hidden = out / "medl_hidden" / a.id
    hidden.mkdir(parents=True, exist_ok=True)
    (hidden / RUNNER).write_text(runner_source(a))
    written.append(hidden / RUNNER)
    cfg = out / "nbgrader_config.py"
    if not cfg.exists():
        timeout = int(max(300, 30 * a.call_timeout_s))
        cfg.write_text(CONFIG.format(course=course_id, aid=a.id, timeout=timeout))
        written.append(cfg)
    return written
