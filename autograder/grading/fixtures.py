"""What a hidden test may ask for by parameter name, and how its score is read.

The same names exist under ``medl grade`` (built here) and under plain pytest
(``solutions/conftest.py``, where the reference plays the student):

- ``student``: the code being graded (a proxy to the sandboxed worker under medl);
- ``reference``: the trusted solution module;
- ``rng``: a numpy Generator seeded by the grader;
- ``device``: ``"cuda"`` or ``"cpu"``;
- ``speed``: the speed harness (:mod:`autograder.grading.speed`);
- ``credit``: partial credit, ``credit.award(0.5, "why")``.

A test passes by returning normally; it fails by raising AssertionError with a message the
student reads; it earns part of its points through ``credit`` (the lowest award counts).
Returning a fraction or ``(fraction, message)`` still works for older tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.authoring.assignment import Assignment
from autograder.grading.contracts import CallLog, Recorded
from autograder.grading.hidden import HiddenTest
from autograder.grading.speed import SpeedHarness
from autograder.sandbox.session import WorkerSession

__all__ = ["Credit", "Fixtures", "cuda_available", "score_of"]


class Credit:
    """Partial credit for one test. ``award(fraction, why)`` may be called several times;
    the lowest fraction counts and its reason is reported."""

    def __init__(self) -> None:
        self.fraction = 1.0
        self.why = ""

    def award(self, fraction: float, why: str = "") -> None:
        """Earn ``fraction`` (clipped to [0, 1]) of the test's points, explained by ``why``."""
        fraction = float(min(1.0, max(0.0, fraction)))
        if fraction < self.fraction or (fraction == self.fraction and why and not self.why):
            self.fraction, self.why = fraction, str(why)


def score_of(returned: Any, credit: Credit) -> tuple[float, str]:
    """(fraction, message) from what a test returned and what it awarded through ``credit``."""
    msg = ""
    if isinstance(returned, tuple):
        returned, msg = returned
    frac = 1.0 if returned is None else float(min(1.0, max(0.0, returned)))
    if credit.fraction < frac or (credit.fraction == frac and credit.why and not msg):
        frac, msg = credit.fraction, credit.why
    return frac, str(msg)


def cuda_available() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:  # pragma: no cover
        return False


class Fixtures:
    """The fixtures of one test run under ``medl grade``, built on demand."""

    def __init__(
        self,
        assignment: Assignment,
        test: HiddenTest,
        student: Any,
        reference: Any,
        seed: int,
        session: WorkerSession | None,
        reference_session: Callable[[], WorkerSession] | None,
    ) -> None:
        self.credit = Credit()
        self.log = CallLog()  # outputs of same-input calls must agree in kind (contracts.py)
        self.values: dict[str, Any] = {
            "student": Recorded(student, self.log, "student"),
            "reference": Recorded(reference, self.log, "reference"),
            "rng": np.random.default_rng(seed),
            "credit": self.credit,
        }
        if {"device", "speed"} & set(test.params):  # importing torch costs 2 s: on request
            self.values["device"] = "cuda" if cuda_available() else "cpu"
        speed_cfg = assignment.question(test.spec.question).speed or {}
        self.speed: SpeedHarness | None = None
        if "speed" in test.params:
            if session is None or reference_session is None:
                raise TypeError("the speed fixture needs a student worker")
            # A question without a cuda threshold (numpy code) is timed on the CPU anyway.
            device = self.values["device"] if "cuda" in speed_cfg else "cpu"
            self.speed = SpeedHarness(
                session,
                reference_session,
                speed_cfg,
                device,
                np.random.default_rng(seed + 1),
                key=f"{assignment.id}/{test.spec.question}",  # thresholds `medl calibrate` stored
            )
            self.values["speed"] = self.speed

    def call(self, test: HiddenTest) -> tuple[float, str]:
        """Run the test: (fraction of its points, message)."""
        missing = [p for p in test.params if p not in self.values]
        if missing:
            raise TypeError(f"hidden test {test.name} asks for unknown fixtures {missing}")
        returned = test.fn(**{p: self.values[p] for p in test.params})
        mismatch = self.log.mismatch()
        if mismatch:
            raise AssertionError(mismatch)
        return score_of(returned, self.credit)
