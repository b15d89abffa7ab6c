"""Small helpers for tests that grade code written inline."""

from __future__ import annotations

import textwrap

from autograder.authoring.assignment import Assignment
from autograder.grading.runner import grade
from autograder.grading.submission import Submission, _hash
from autograder.notebook import Cell


def submission(*sources: str, student: str = "tester") -> Submission:
    cells = [Cell(i + 1, textwrap.dedent(s)) for i, s in enumerate(sources)]
    return Submission(student, cells, _hash(cells))


def grade_sources(assignment: Assignment, *sources: str) -> dict:
    return grade(assignment, submission(*sources))


def by_question(results: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    for t in results["tests"]:
        out[t["number"]] = out.get(t["number"], 0.0) + t["score"]
    return out


def kinds(results: dict) -> dict[str, str]:
    return {t["extra_data"]["test"]: t["extra_data"]["kind"] for t in results["tests"]}
