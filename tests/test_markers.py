"""Solution markers: stubs are generated, malformed markers name the cell and line."""

from __future__ import annotations

import pytest

from autograder.authoring.markers import find_regions, stub_cell
from autograder.errors import MarkerError

GRADED = {"f", "Value"}.__contains__

GOOD = """\
def f(x):
    \"\"\"doc\"\"\"
    ### BEGIN SOLUTION
    y = x + 1
    return y
    ### END SOLUTION
"""


def test_region_becomes_a_named_stub_at_the_markers_indentation():
    regions = find_regions(4, GOOD, GRADED)
    assert [(r.begin, r.end, r.function) for r in regions] == [(3, 6, "f")]
    out = stub_cell(GOOD, regions, lambda r: f"ch01.q1 {r.function}")
    assert out == 'def f(x):\n    """doc"""\n    raise NotImplementedError("ch01.q1 f")\n'
    ns: dict = {}
    exec(out, ns)
    with pytest.raises(NotImplementedError, match="ch01.q1 f"):
        ns["f"](1)


def test_methods_of_a_graded_class_are_allowed():
    src = (
        "class Value:\n    def backward(self):\n        ### BEGIN SOLUTION\n        pass\n"
        "        ### END SOLUTION\n"
    )
    assert find_regions(1, src, GRADED)[0].function == "Value"


@pytest.mark.parametrize(
    "src,match",
    [
        (
            "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n",
            "cell 7, line 3: BEGIN SOLUTION inside the region opened on line 2",
        ),
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "cell 7, line 2: .*never closed"),
        ("def f():\n    return 1\n    ### END SOLUTION\n", "cell 7, line 3: END SOLUTION without"),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "cell 7, line 1: .*at top level"),
        (
            "def g():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
            "cell 7, line 2: solution region in g, which is not a graded",
        ),
        ("def f():\n    ## BEGIN SOLUTION ###\n    return 1\n", "malformed marker"),
    ],
)
def test_malformed_markers_are_errors_with_cell_and_line(src, match):
    with pytest.raises(MarkerError, match=match):
        find_regions(7, src, GRADED)
