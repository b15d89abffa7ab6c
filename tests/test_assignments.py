"""Every assignment, graded by the same path as a student: the hidden tests have power.

For each assignment under solutions/: the reference earns 100%, the untouched release earns
0, every mutant loses points on the question it breaks, every alternative earns full marks,
and the release is up to date and leaks nothing.
"""

from __future__ import annotations

import pytest

from autograder.authoring.assignment import list_ids, load_assignment
from autograder.authoring.variants import grade_variant, variants
from autograder.grading.hidden import collect_tests
from autograder.grading.runner import grade
from autograder.grading.submission import from_notebook

IDS = list_ids()
VARIANTS = [(a, v) for a in IDS for v in variants(load_assignment(a))]


@pytest.mark.parametrize("aid", IDS)
def test_every_question_has_hidden_tests_matching_its_points(aid):
    a = load_assignment(aid)
    tests = collect_tests(a)  # raises when points disagree with assignment.toml
    assert {t.spec.question for t in tests} == {q.id for q in a.questions}


@pytest.mark.parametrize("aid", IDS)
def test_every_question_has_a_mutant(aid):
    a = load_assignment(aid)
    broken = {q for v in variants(a) for q in v.breaks}
    missing = sorted({q.id for q in a.questions} - broken)
    assert not missing, f"{aid}: questions without a mutant proving their tests: {missing}"


@pytest.mark.slow
@pytest.mark.parametrize("aid", IDS)
def test_reference_earns_full_marks(aid):
    a = load_assignment(aid)
    res = grade(a, from_notebook(a.solution_notebook, "reference"))
    failed = [
        f"{t['number']} {t['extra_data']['test']}: {t['output']}"
        for t in res["tests"]
        if t["status"] != "passed"
    ]
    assert not failed and res["score"] == res["max_score"], "\n".join(failed)


@pytest.mark.slow
@pytest.mark.parametrize("aid", IDS)
def test_untouched_release_earns_zero(aid):
    a = load_assignment(aid)
    res = grade(a, from_notebook(a.release_dir / a.notebook, "stub"))
    scored = [t["extra_data"]["test"] for t in res["tests"] if t["score"] > 0]
    assert res["score"] == 0, f"the stub scores on {scored}"
    assert {t["extra_data"]["kind"] for t in res["tests"]} <= {"todo", "missing"}


@pytest.mark.slow
@pytest.mark.parametrize("aid,variant", VARIANTS, ids=[f"{a}-{v.name}" for a, v in VARIANTS])
def test_mutants_lose_points_and_alternatives_earn_full_marks(aid, variant):
    assert variant.breaks or variant.earns, f"{variant.name}: no medl-breaks/alternative header"
    scores = grade_variant(load_assignment(aid), variant)
    for q in variant.breaks:
        got, full = scores[q]
        assert got < full, f"{variant.name} should lose points on {q} but scored {got}/{full}"
    for q in variant.earns:
        got, full = scores[q]
        assert got == full, f"{variant.name} should earn full marks on {q}: {got}/{full}"
