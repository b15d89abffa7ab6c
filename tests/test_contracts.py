"""Generic contracts (autograder/grading/contracts.py): inputs left unchanged, outputs of the
reference's kind. Checked for every question without any per-test code."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import by_question, grade_sources

from autograder.grading.contracts import CallLog, changed_argument, describe

IMPORTS = "import numpy as np"
SCALE = "def scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"
SOFTMAX = (
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)"
)


def _outputs(res, q):
    return " ".join(t["output"] for t in res["tests"] if t["number"] == q)


def test_a_function_that_modifies_its_input_loses_the_points_with_a_named_argument(toy):
    inplace = (
        "def softmax(z):\n    z -= z.max(axis=-1, keepdims=True)\n    np.exp(z, out=z)\n"
        "    z /= z.sum(axis=-1, keepdims=True)\n    return z"
    )
    res = grade_sources(toy, IMPORTS, SCALE, inplace)
    assert by_question(res) == {"q1": 1, "q2": 0}
    out = _outputs(res, "q2")
    assert "`softmax` modified its argument 1" in out and "in place" in out


def test_a_function_allowed_to_mutate_is_not_flagged(toy, monkeypatch):
    from autograder.authoring import assignment as amod

    q2 = toy.question("q2")
    allowed = amod.Question(**{**q2.__dict__, "mutates": ("softmax",)})
    patched = amod.Assignment(**{**toy.__dict__, "questions": (toy.question("q1"), allowed)})
    inplace = (
        "def softmax(z):\n    z -= z.max(axis=-1, keepdims=True)\n    np.exp(z, out=z)\n"
        "    z /= z.sum(axis=-1, keepdims=True)\n    return z"
    )
    res = grade_sources(patched, IMPORTS, SCALE, inplace)
    assert by_question(res) == {"q1": 1, "q2": 2}


def test_an_output_of_another_kind_names_what_differs(toy):
    as_list = "def scale(x, alpha):\n    return (alpha * np.asarray(x, dtype=float)).tolist()"
    res = grade_sources(toy, IMPORTS, as_list, SOFTMAX)
    assert by_question(res)["q1"] == 0
    assert "but the reference returns a numpy array" in _outputs(res, "q1")


@pytest.mark.parametrize(
    "got,want,words",
    [
        (np.ones(3, dtype=np.int64), np.ones(3), "the dtype family differs"),
        (torch.ones(3), np.ones(3), "the container differs"),
        (np.ones((3, 1)), np.ones(3), "the shape differs"),
        ((np.ones(2),), (np.ones(2), np.ones(2)), "has 1 parts where the reference returns 2"),
    ],
)
def test_output_mismatches_are_named(got, want, words):
    log = CallLog()
    x = np.arange(3.0)
    log.record("reference", "f", (x,), {}, want)
    log.record("student", "f", (x.copy(),), {}, got)
    msg = log.mismatch()
    assert msg is not None and words in msg and msg.startswith("`f`'s output")


def test_same_kind_different_precision_or_container_of_scalars_agree():
    log = CallLog()
    x = np.arange(3.0)
    log.record("reference", "f", (x,), {}, (np.float64(1.0), np.ones(2)))
    log.record("student", "f", (x,), {}, [1.0, np.ones(2, dtype=np.float32)])
    assert log.mismatch() is None
    assert describe("text") is None  # not numbers: not compared


def test_different_inputs_are_not_compared():
    log = CallLog()
    log.record("reference", "f", (np.arange(3.0),), {}, np.ones(3))
    log.record("student", "f", (np.arange(3.0) + 1,), {}, np.ones(4, dtype=int))
    assert log.mismatch() is None


def test_changed_argument_reports_the_first_changed_entry_and_ignores_scalars():
    x = np.arange(6.0).reshape(2, 3)
    after = x.copy()
    after[1, 2] = -1
    msg = changed_argument("f", [x, 2.0], {}, {"args": [after, 3.0], "kwargs": {}})
    assert msg is not None and "argument 1 (entry [1, 2] was 5.0, is now -1.0)" in msg
    assert changed_argument("f", [x], {"w": x}, {"args": [x.copy()], "kwargs": {"w": x}}) is None
    nan = np.array([np.nan, 1.0])
    assert changed_argument("f", [nan], {}, {"args": [nan.copy()], "kwargs": {}}) is None
    assert changed_argument("f", [x], {}, None) is None  # no echo: nothing to compare
