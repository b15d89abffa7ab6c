"""Collecting hidden tests: points must add up, helpers can be shared."""

from __future__ import annotations

import shutil

import pytest

from autograder.authoring.assignment import load_assignment
from autograder.errors import UsageError
from autograder.grading.hidden import _collect_once, collect_tests


@pytest.fixture
def root(tmp_path, toy_root):
    dest = tmp_path / "root"
    shutil.copytree(toy_root, dest)
    _collect_once.cache_clear()
    yield dest
    _collect_once.cache_clear()


def test_tests_can_share_a_helper_module(root):
    hidden = root / "solutions/toy01_demo/hidden"
    (hidden / "_common.py").write_text("FACTOR = 2.5\n")
    text = (hidden / "test_toy.py").read_text()
    (hidden / "test_toy.py").write_text("from ._common import FACTOR\n" + text)
    tests = collect_tests(load_assignment("toy01", root))
    assert [t.doc for t in tests][0] == "Does scale multiply every entry?"
    assert tests[0].fn.__globals__["FACTOR"] == 2.5


def test_points_that_disagree_with_the_toml_are_an_error(root):
    toml = root / "solutions/toy01_demo/assignment.toml"
    toml.write_text(toml.read_text().replace("points = 2", "points = 5"))
    with pytest.raises(UsageError, match="hidden tests give q2 2 points, assignment.toml says 5"):
        collect_tests(load_assignment("toy01", root))


def test_partial_credit_through_the_credit_fixture_lowest_award_counts():
    from autograder.grading.fixtures import Credit, score_of

    c = Credit()
    assert score_of(None, c) == (1.0, "")
    c.award(0.5, "twice as slow")
    c.award(0.75, "a bit slow")
    c.award(-3, "")  # clipped to 0, and the lowest wins even without a reason
    assert score_of(None, c) == (0.0, "")
    c2 = Credit()
    c2.award(0.4, "speed")
    assert score_of(0.8, c2) == (0.4, "speed")  # the lower of returned and awarded
    assert score_of((0.2, "returned"), c2) == (0.2, "returned")  # older tests still work
    assert score_of(7, Credit()) == (1.0, "")


def test_hidden_tests_run_under_plain_pytest_with_the_reference_as_student(toy_root, tmp_path):
    """`pytest solutions/<id>/hidden` works: same loader, same fixtures; partial credit fails."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = tmp_path / "checkout"
    shutil.copytree(toy_root, root)
    repo = Path(__file__).resolve().parents[1]
    shutil.copy(repo / "solutions" / "conftest.py", root / "solutions" / "conftest.py")
    hidden = root / "solutions" / "toy01_demo" / "hidden"
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    r = subprocess.run([*run, str(hidden)], cwd=root, capture_output=True, text=True)
    assert r.returncode == 0 and "3 passed" in r.stdout, r.stdout + r.stderr
    (hidden / "test_partial.py").write_text(
        "from autograder.api import question\n\n"
        "@question('q1', points=1)\n"
        "def test_half(student, credit):\n"
        "    credit.award(0.5, 'only half')\n"
    )
    r = subprocess.run([*run, str(hidden)], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1 and "the reference earned 0.50" in r.stdout, r.stdout
    assert "only half" in r.stdout and "1 failed, 3 passed" in r.stdout
