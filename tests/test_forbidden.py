"""Static detection of forbidden APIs in graded functions and the helpers they call."""

from __future__ import annotations

import textwrap

from autograder.grading.extract import extract_definitions
from autograder.grading.forbidden import find_forbidden
from autograder.notebook import Cell


def scan(src: str, functions: tuple[str, ...], patterns: tuple[str, ...]) -> list[str]:
    chunks = extract_definitions([Cell(3, textwrap.dedent(src))]).chunks
    return find_forbidden(chunks, functions, patterns)


def test_aliases_and_helpers_are_followed():
    src = """\
        import torch.nn.functional as F
        def helper(x, w):
            return F.conv2d(x, w)
        def conv(x, w):
            return helper(x, w)
        """
    assert scan(src, ("conv",), ("torch.nn.functional.conv2d",)) == [
        'helper (cell 3 "import torch.nn.functional as F", line 3) uses torch.nn.functional.conv2d'
    ]


def test_attribute_patterns_match_any_object():
    src = "def grads(loss):\n    loss.backward()\n    return 1\n"
    assert scan(src, ("grads",), (".backward",)) == [
        'grads (cell 3 "def grads(loss):", line 2) uses backward'
    ]


def test_a_parameter_named_like_a_top_level_function_is_not_followed():
    src = """\
        def train(x):
            x.backward()
        def batchnorm(x, train=True):
            if train:
                return x
            return -x
        """
    assert scan(src, ("batchnorm",), (".backward",)) == []
    assert scan(src, ("train",), (".backward",)) != []


def test_other_functions_are_not_scanned():
    src = (
        "import torch\ndef free(x):\n    return torch.autograd.grad(x, x)\n"
        "def f(x):\n    return x\n"
    )
    assert scan(src, ("f",), ("torch.autograd",)) == []


def test_aliasing_a_forbidden_function_is_caught():
    src = "import torch.nn.functional as F\nconv2d_fast = F.conv2d\n"
    assert scan(src, ("conv2d_fast",), ("torch.nn.functional.conv2d",)) == [
        'conv2d_fast (cell 3 "import torch.nn.functional as F", line 2) uses '
        "torch.nn.functional.conv2d"
    ]


def test_forbidden_function_reached_by_getattr_is_caught_at_run_time(toy):
    """Static scans miss getattr with a computed name; the worker's trip-wire does not."""
    from helpers import by_question, grade_sources

    sneaky = """\
import numpy as np
import scipy.special as sp
def scale(x, alpha):
    return alpha * np.asarray(x, dtype=float)
def softmax(z):
    f = getattr(sp, "soft" + "max")
    return f(z, axis=-1)
"""
    res = grade_sources(toy, sneaky)
    assert by_question(res) == {"q1": 1, "q2": 0}
    q2 = [t for t in res["tests"] if t["number"] == "q2"]
    assert {t["extra_data"]["kind"] for t in q2} == {"forbidden"}
    assert "called scipy.special.softmax while this test ran" in q2[0]["output"]


def test_tensor_backward_is_trip_wired_and_still_works():
    """A method of a class (Tensor.backward) is wrapped too; the student's call still runs."""
    import numpy as np

    from autograder.sandbox.session import StudentProxy, WorkerSession

    src = (
        "import torch\ndef g(x):\n    t = torch.tensor(x, requires_grad=True)\n"
        "    y = (t * t).sum()\n    getattr(y, 'back' + 'ward')()\n    return t.grad.numpy()"
    )
    chunks = extract_definitions([Cell(1, src)]).chunks
    with WorkerSession(chunks, watch=("torch.Tensor.backward", "torch.autograd.grad")) as s:
        out = StudentProxy(s).g(np.array([1.0, 2.0]))
        assert s.used == {"torch.Tensor.backward"}
    np.testing.assert_allclose(out, [2.0, 4.0])
