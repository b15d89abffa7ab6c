"""results.json in Gradescope's schema, plus medl's own fields under ``extra_data``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.authoring.assignment import Assignment
from autograder.grading.hidden import HiddenTest
from autograder.grading.submission import Submission

__all__ = ["TestResult", "add_identity", "build_results", "write_results"]


@dataclass
class TestResult:
    test: HiddenTest
    title: str
    fraction: float
    kind: str  # passed | partial | wrong | todo | missing | error | timeout | crash | ...
    message: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return round(self.test.spec.points * self.fraction, 4)


def build_results(
    assignment: Assignment,
    sub: Submission,
    results: list[TestResult],
    notes: list[str],
    seconds: float,
    questions: set[str] | None = None,
    *,
    extra: dict[str, Any] | None = None,
) -> dict:
    """results.json for one graded submission; ``extra`` joins ``extra_data`` (how the
    worker was started, the sandbox mode, grader faults)."""
    tests = []
    for r in results:
        spec = r.test.spec
        tests.append(
            {
                "name": f"{spec.question} {r.title}: {r.test.doc}",
                "number": spec.question,
                "score": r.score,
                "max_score": spec.points,
                "status": "passed" if r.fraction >= 1.0 else "failed",
                "output": r.message or "passed",
                "extra_data": {"test": r.test.name, "kind": r.kind, **r.extra},
            }
        )
    score = round(sum(t["score"] for t in tests), 4)
    max_score = sum(
        q.points for q in assignment.questions if questions is None or q.id in questions
    )
    lines = [f"{assignment.id} {assignment.title}: {score:g} / {max_score:g}"]
    lines += [f"note: {n}" for n in notes]
    return {
        "score": score,
        "max_score": max_score,
        "execution_time": round(seconds, 3),
        "output": "\n".join(lines),
        "tests": tests,
        "extra_data": {
            "assignment": assignment.id,
            "student": sub.student,
            "sha256": sub.sha256,
            "source": Path(sub.path).name if sub.path else "",
            "notes": notes,
            **(extra or {}),
        },
    }


def add_identity(results: dict, system: str, lms_id: str, name: str, late: bool) -> dict:
    """Record where an LMS submission came from (``extra_data.lms``); returns ``results``."""
    results["extra_data"]["lms"] = {"system": system, "id": lms_id, "name": name, "late": late}
    return results


def write_results(out_dir: Path, student: str, results: dict) -> Path:
    """Write ``out_dir/<student>/results.json`` atomically; return its path."""
    target = out_dir / student
    target.mkdir(parents=True, exist_ok=True)
    path = target / "results.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2, allow_nan=False))
    tmp.replace(path)
    return path
