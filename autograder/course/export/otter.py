"""``medl export otter ID --out DIR``: an ``otter assign`` master notebook for one assignment.

    DIR/<ID>/<notebook>.ipynb     master notebook: ASSIGNMENT CONFIG, one question block each
    DIR/<ID>/medl_runner.py       hidden tests + reference (``autograder_files``: only in the
                                  autograder, never in the student notebook's folder)
    DIR/<ID>/shared/, data        helpers and data (``files``: student and autograder)

Then ``otter assign DIR/<ID>/<notebook>.ipynb dist`` writes ``dist/student`` and
``dist/autograder`` (with ``autograder.zip``), and ``otter run -a autograder.zip SUB.ipynb``
grades without docker. Solution markers become otter's ``# BEGIN SOLUTION`` /
``# END SOLUTION`` (otter leaves ``...`` in the student version). Each question block wraps
the question's last solution cell and holds one ``# HIDDEN`` test case per medl hidden test,
with medl's points per test (``points: [..]``); each case calls ``run_test`` in the
notebook's own process (no sandbox). Solutions are stripped from every code cell
(``strip_solutions_from_all_cells``), so questions spread over several cells stay clean.
Speed questions are not exported (see :mod:`.interop`).
"""

from __future__ import annotations

import json
import re
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
from autograder.grading.hidden import collect_tests
from autograder.notebook import read_notebook

__all__ = ["export_otter", "master_notebook", "otter_markers"]

_MARKER = re.compile(r"^(\s*)### (BEGIN|END) SOLUTION\s*$", re.MULTILINE)

TEST_CASE = """\
# HIDDEN
# medl hidden test {name}: runs in the notebook's own process (no medl sandbox).
from medl_runner import run_test
run_test({name!r}, globals())"""


def otter_markers(source: str) -> str:
    """medl's ``### BEGIN SOLUTION`` markers as otter's ``# BEGIN SOLUTION``."""
    return _MARKER.sub(r"\1# \2 SOLUTION", source)


def _yaml(cfg: dict) -> str:
    """A flat mapping as YAML (JSON values are YAML flow values; no PyYAML needed)."""
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in cfg.items())


def _raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def _config(a: Assignment, files: list[str]) -> str:
    cfg = {
        "name": a.id,
        "init_cell": False,  # the student notebook should not need otter installed
        "check_all_cell": False,
        "export_cell": False,
        "run_tests": False,  # instructors check with `otter run` on the reference
        "strip_solutions_from_all_cells": True,
        "files": files,
        "autograder_files": [RUNNER],
        "generate": True,
    }
    return "# ASSIGNMENT CONFIG\n" + _yaml(cfg)


def _question(qid: str, points: list[float]) -> nbformat.NotebookNode:
    return _raw("# BEGIN QUESTION\n" + _yaml({"name": qid, "points": points, "check_cell": False}))


def master_notebook(a: Assignment, files: list[str]) -> nbformat.NotebookNode:
    """The otter master notebook built from ``a``'s solution notebook."""
    nb = nbformat.from_dict(read_notebook(a.solution_notebook))
    sol = solution_cells(a, nb)
    last = last_solution_cell(sol)
    exported = exported_questions(a)
    speed = speed_questions(a)
    tests = collect_tests(a)
    cells = [_raw(_config(a, files))]
    for i, cell in enumerate(nb.cells):
        cell = clean_cell(cell)
        if cell.cell_type == "code":
            cell.source = otter_markers(cell.source)
        here = [q for q in exported if last.get(q.id) == i]
        if not here:
            cells.append(cell)
        for n, q in enumerate(here):
            mine = [t for t in tests if t.spec.question == q.id]
            cells.append(_question(q.id, [t.spec.points for t in mine]))
            if n == 0:  # the solution cell sits in the first question block it answers
                cells += [_raw("# BEGIN SOLUTION"), cell, _raw("# END SOLUTION")]
            cells.append(_raw("# BEGIN TESTS"))
            cells += [nbformat.v4.new_code_cell(TEST_CASE.format(name=t.name)) for t in mine]
            cells += [_raw("# END TESTS"), _raw("# END QUESTION")]
        cells += [speed_note(q) for q in speed if last.get(q.id) == i]
    nb.cells = cells
    return fit_cell_ids(nb)


def export_otter(a: Assignment, out: Path) -> list[Path]:
    """Write the master notebook, runner and support files under ``out/<ID>``."""
    dest = out / a.id
    written = copy_support(a, dest)
    files = sorted({p.relative_to(dest).parts[0] for p in written})
    nb_path = dest / a.notebook
    nbformat.write(master_notebook(a, files), nb_path)
    (dest / RUNNER).write_text(runner_source(a))
    return [*written, nb_path, dest / RUNNER]
