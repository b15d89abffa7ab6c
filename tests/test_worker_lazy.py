"""Plotting imports in a submission load lazily in the worker, and still work when used."""

from __future__ import annotations

import numpy as np

from autograder.grading.extract import extract_definitions
from autograder.notebook import Cell
from autograder.sandbox.session import StudentProxy, WorkerSession

SRC = """\
import numpy as np
import matplotlib.pyplot as plt
from matplotlib import colors
import matplotlib

def loaded():
    import sys
    return "matplotlib.pyplot" in sys.modules

def uses_plot(x):
    fig, ax = plt.subplots()
    ax.plot(x)
    plt.close(fig)
    return np.asarray(colors.to_rgb("red")) * matplotlib.pyplot.gcf().number
"""


def test_plot_imports_are_lazy_until_used():
    chunks = extract_definitions([Cell(1, SRC)]).chunks
    with WorkerSession(chunks) as session:
        student = StudentProxy(session)
        assert student.loaded() is False  # not imported while loading the definitions
        np.testing.assert_allclose(student.uses_plot(np.arange(3.0)), [1.0, 0.0, 0.0])
        assert student.loaded() is True
