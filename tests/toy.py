"""A tiny two-question assignment, written into a temporary checkout, for engine tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat

TOML = """\
id = "toy01"
slug = "demo"
title = "Toy"
chapter = 0
notebook = "toy01_demo.ipynb"

[grading]
call_timeout_s = 3
load_timeout_s = 20

[[questions]]
id = "q1"
title = "Scale"
points = 1
functions = ["scale"]

[[questions]]
id = "q2"
title = "Softmax"
points = 2
functions = ["softmax"]
forbidden = ["scipy.special.softmax"]
"""

SETUP = """\
import sys; sys.path.insert(0, "..")
import numpy as np
from shared.compare import close
from shared.visible import verdict
"""

SCALE = '''\
def scale(x: np.ndarray, alpha: float) -> np.ndarray:
    """alpha * x."""
    ### BEGIN SOLUTION
    return alpha * np.asarray(x, dtype=float)
    ### END SOLUTION
'''

SOFTMAX = '''\
def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise S_Softmax. z: (N, K) -> (N, K)."""
    ### BEGIN SOLUTION
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
    ### END SOLUTION
'''

VISIBLE = """\
with verdict("q1 scale"):
    close(scale(np.array([1.0, 2.0]), 3.0), [3.0, 6.0], what="scale")
with verdict("q2 softmax"):
    close(softmax(np.zeros((1, 4))), [[0.25] * 4], what="softmax")
"""

EXPLORE = """\
import time
print("exploring")
result = scale(np.arange(3.0), 2.0)
"""

HIDDEN = '''\
from autograder.api import question
from shared.compare import close, rows_are_probabilities


@question("q1", points=1)
def test_scale_matches(student, reference, rng):
    """Does scale multiply every entry?"""
    x = rng.normal(size=(3, 4))
    close(student.scale(x, 2.5), reference.scale(x, 2.5), what="scale(x, 2.5)")


@question("q2", points=1)
def test_softmax_small(student, reference, rng):
    """Does softmax match on small scores?"""
    z = rng.normal(size=(4, 5))
    close(student.softmax(z), reference.softmax(z), what="softmax(z)")


@question("q2", points=1)
def test_softmax_huge(student, reference, rng):
    """Is softmax stable when |z| ~ 1000?"""
    z = rng.normal(size=(4, 5)) * 1000
    got = student.softmax(z)
    rows_are_probabilities(got, what="softmax(z)")
    close(got, reference.softmax(z), atol=1e-12, what="softmax(z)")
'''

MUTANT = '''\
"""Softmax without the max shift: overflows for large scores."""
# medl-breaks: q2
import numpy as np


def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
'''

ALTERNATIVE = '''\
"""Softmax through log-sum-exp, one row at a time."""
# medl-alternative: q2
import numpy as np


def softmax(z):
    out = np.empty_like(z, dtype=float)
    for i, row in enumerate(z):
        m = row.max()
        out[i] = np.exp(row - m - np.log(np.exp(row - m).sum()))
    return out
'''


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for kind, src in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(textwrap.dedent(src)))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def make_root(root: Path) -> Path:
    """Write a checkout with solutions/toy01_demo into ``root``; return the source dir."""
    src = root / "solutions" / "toy01_demo"
    (src / "hidden").mkdir(parents=True)
    (src / "mutants").mkdir()
    (src / "alternatives").mkdir()
    (src / "assignment.toml").write_text(TOML)
    nbformat.write(
        notebook(
            [
                ("markdown", "# Toy"),
                ("code", SETUP),
                ("code", SCALE),
                ("code", SOFTMAX),
                ("code", VISIBLE),
                ("code", EXPLORE),
            ]
        ),
        src / "toy01_demo.ipynb",
    )
    (src / "hidden" / "test_toy.py").write_text(HIDDEN)
    (src / "mutants" / "q2_unstable.py").write_text(MUTANT)
    (src / "alternatives" / "q2_logsumexp.py").write_text(ALTERNATIVE)
    return src
