"""``medl check NOTEBOOK``: run a notebook's visible tests outside Jupyter.

The runner is :mod:`shared.check`, which the student release also ships as
``medl_check.py``: students and ``medl check`` run the same code. Here the notebook is read
with :func:`autograder.notebook.read_notebook` first, so a malformed file gets the grader's
one-line message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from autograder.notebook import code_cells, read_notebook
from shared.check import CheckReport, run_cells

__all__ = ["CheckReport", "check_notebook"]


def check_notebook(path: Path, echo: Callable[[str], None] = print) -> CheckReport:
    """Run ``path`` cell by cell; return the visible-test verdicts and cell errors."""
    cells = code_cells(read_notebook(path))
    return run_cells([c.source for c in cells], path.parent, echo)
