"""What a hidden test file imports.

    from autograder.api import question
    from shared.compare import close

    @question("q5", points=2)
    def test_softmax_rows_are_probabilities(student, reference, rng):
        \"\"\"Is softmax stable for large scores, and does every row sum to one?\"\"\"
        z = rng.normal(size=(7, 5)) * 500
        close(student.softmax(z), reference.softmax(z), rtol=1e-6, what="softmax(z)")

A test receives any of these by parameter name: ``student`` (proxy to the sandboxed
worker), ``reference`` (the trusted solution module), ``rng`` (a numpy Generator seeded by
the grader), ``device`` ("cpu" or "cuda"), ``speed`` (the speed harness, see
:mod:`autograder.grading.speed`), ``credit`` (partial credit: ``credit.award(0.5, "why")``).
It passes by returning, fails by raising AssertionError with a message the student reads, and
earns part of its points through ``credit`` (returning a fraction or ``(fraction, message)``
still works). The same files run under plain pytest with the reference as the student:
``pytest solutions/ch06_cnn/hidden`` (see ``solutions/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = ["TestSpec", "question"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class TestSpec:
    question: str
    points: float
    timeout: float | None = None


def question(qid: str, points: float, *, timeout: float | None = None) -> Callable[[F], F]:
    """Mark a hidden test as worth ``points`` towards question ``qid``."""
    if points <= 0:
        raise ValueError(f"points must be positive, got {points}")

    def mark(fn: F) -> F:
        fn.__medl__ = TestSpec(qid, float(points), timeout)  # type: ignore[attr-defined]
        return fn

    return mark
