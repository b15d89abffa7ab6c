"""Call timeouts derived from the reference's own time on the same test (issue 13)."""

from __future__ import annotations

import dataclasses

from helpers import grade_sources, kinds

from autograder.grading import budget
from autograder.grading.hidden import collect_tests
from autograder.grading.reference import load_reference

IMPORTS = "import numpy as np"
SOFTMAX = (
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)"
)
LOOP = "def scale(x, alpha):\n    while True:\n        pass"


def test_each_called_function_gets_the_floor_or_a_multiple_of_the_reference(toy):
    generous = dataclasses.replace(toy, call_timeout_s=600)
    ref = load_reference(toy.solution_notebook)
    for t in collect_tests(toy):
        times = budget.reference_times(toy, t, ref)
        assert times, t.name  # every toy test calls a student function
        for name, b in budget.call_budgets(generous, t, ref).items():
            assert b.seconds == max(budget.FLOOR_S, budget.MULTIPLE * times[name])
            assert b.why.startswith(f"{budget.MULTIPLE:g} x the reference's ")
        capped = budget.call_budgets(dataclasses.replace(toy, call_timeout_s=0.01), t, ref)
        assert {b.seconds for b in capped.values()} == {0.01}
        assert all("call_timeout_s (0.01 s)" in b.why for b in capped.values())


def test_a_hanging_function_is_stopped_at_its_budget_and_the_feedback_says_why(toy, monkeypatch):
    monkeypatch.setattr(budget, "FLOOR_S", 0.5)
    res = grade_sources(dataclasses.replace(toy, call_timeout_s=600), IMPORTS, LOOP, SOFTMAX)
    assert kinds(res)["test_toy.test_scale_matches"] == "timeout"
    out = next(
        t["output"] for t in res["tests"] if t["extra_data"]["test"].endswith("scale_matches")
    )
    assert "did not finish within 0.5 s" in out
    assert "the limit is 50 x the reference's" in out and "at least 0.5 s" in out
    assert res["score"] == 2  # softmax's tests are untouched
