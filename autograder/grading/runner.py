"""Grade one submission: hidden tests in this (trusted) process, student code in a worker.

Passes, in order:
 1. the notebook could not be read      -> every test scores 0 with that one message;
 2. extract definitions                 -> syntax errors etc. become notes;
 3. static forbidden-API scan           -> affected questions score 0, tests not run;
 4. start the worker and load the code  -> load problems become notes;
 5. run each hidden test with a seeded rng; classify every failure; a fault of the grader
    itself is retried once and, if it persists, flagged (never scored as a pass).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from autograder import settings
from autograder.authoring.assignment import Assignment
from autograder.grading.extract import extract_definitions
from autograder.grading.forbidden import find_forbidden
from autograder.grading.hidden import HiddenTest, collect_tests
from autograder.grading.reference import load_reference
from autograder.grading.results import TestResult, build_results
from autograder.grading.speed import SpeedHarness
from autograder.grading.submission import Submission
from autograder.notebook import code_cells, read_notebook
from autograder.sandbox.session import (
    MissingDefinition,
    StudentError,
    StudentFault,
    StudentProxy,
    WorkerSession,
)

__all__ = ["grade", "seed_for"]


def seed_for(assignment_id: str, test_name: str, sha256: str) -> int:
    """Deterministic per (course secret, assignment, test, submission content)."""
    secret = settings.secret()
    h = hashlib.sha256(f"{secret}|{assignment_id}|{test_name}|{sha256}".encode())
    return int.from_bytes(h.digest()[:8], "big") >> 1


def _student_message(exc: BaseException) -> tuple[str, str]:
    """(kind, message) for a failure caused by the submission."""
    if isinstance(exc, AssertionError):
        return "wrong", str(exc) or "a check failed"
    if isinstance(exc, MissingDefinition):
        return "missing", str(exc)
    if isinstance(exc, StudentError):
        if exc.type == "NotImplementedError":
            return "todo", f"`{exc.name}` is not implemented yet (it raises NotImplementedError)"
        where = f" ({exc.where})" if exc.where else ""
        return "error", f"`{exc.name}` raised {exc.type}{where}: {exc.message}"
    kind = {
        "StudentTimeout": "timeout",
        "WorkerCrashed": "crash",
        "BadOutput": "bad-output",
        "OutOfMemory": "memory",
    }
    return kind.get(type(exc).__name__, "error"), str(exc)


class _Fixtures:
    """What a hidden test may ask for by parameter name, built on demand."""

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
        self.values: dict[str, Any] = {
            "student": student,
            "reference": reference,
            "rng": np.random.default_rng(seed),
            "device": "cuda" if _cuda() else "cpu",
        }
        speed_cfg = assignment.question(test.spec.question).speed or {}
        self.speed: SpeedHarness | None = None
        if "speed" in test.params:
            if session is None or reference_session is None:
                raise TypeError("the speed fixture needs a student worker")
            # A question without a cuda threshold (numpy code) is timed on the CPU anyway.
            device = self.values["device"] if "cuda" in speed_cfg else "cpu"
            self.speed = SpeedHarness(
                session, reference_session, speed_cfg, device, np.random.default_rng(seed + 1)
            )
            self.values["speed"] = self.speed

    def call(self, test: HiddenTest) -> tuple[float, str]:
        """Run the test: (fraction of its points, message). A test may return None (full
        marks), a fraction, or (fraction, message) to explain partial credit."""
        missing = [p for p in test.params if p not in self.values]
        if missing:
            raise TypeError(f"hidden test {test.name} asks for unknown fixtures {missing}")
        out = test.fn(**{p: self.values[p] for p in test.params})
        msg = ""
        if isinstance(out, tuple):
            out, msg = out
        if out is None:
            return 1.0, msg
        return float(min(1.0, max(0.0, out))), str(msg)


def _cuda() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:  # pragma: no cover
        return False


def grade(assignment: Assignment, sub: Submission, questions: set[str] | None = None) -> dict:
    """Grade ``sub`` and return its results.json content (Gradescope's schema).

    ``questions`` restricts grading to those question ids (CI uses it to grade a mutant on
    the question it breaks); the score is then out of those questions' points.
    """
    t0 = time.perf_counter()
    tests = collect_tests(assignment)
    if questions is not None:
        unknown = questions - {q.id for q in assignment.questions}
        if unknown:
            raise ValueError(f"unknown questions {sorted(unknown)}")
        tests = tuple(t for t in tests if t.spec.question in questions)
    titles = {q.id: q.title for q in assignment.questions}
    results: list[TestResult] = []
    notes = list(sub.notes)

    def record(t: HiddenTest, frac: float, kind: str, msg: str, **extra: Any) -> None:
        results.append(TestResult(t, titles.get(t.spec.question, ""), frac, kind, msg, extra))

    if sub.error is not None:
        for t in tests:
            record(t, 0.0, "unreadable", sub.error)
        return build_results(
            assignment, sub, results, [sub.error], time.perf_counter() - t0, questions
        )

    ext = extract_definitions(sub.cells)
    notes += ext.problems
    banned = {
        q.id: find_forbidden(ext.chunks, q.functions, q.forbidden) for q in assignment.questions
    }
    reference = load_reference(assignment.solution_notebook)
    watch = tuple(
        sorted(
            {pat for q in assignment.questions for pat in q.forbidden if not pat.startswith(".")}
        )
    )
    session = WorkerSession(
        ext.chunks,
        seed=seed_for(assignment.id, "load", sub.sha256),
        load_timeout=assignment.load_timeout_s,
        call_timeout=assignment.call_timeout_s,
        watch=watch,
    )
    grader_faults = 0
    ref_holder: list[WorkerSession] = []

    def reference_session() -> WorkerSession:
        if not ref_holder:
            ref_ext = extract_definitions(code_cells(read_notebook(assignment.solution_notebook)))
            ref_holder.append(
                WorkerSession(
                    ref_ext.chunks,
                    seed=0,
                    load_timeout=assignment.load_timeout_s,
                    call_timeout=assignment.call_timeout_s,
                )
            )
        return ref_holder[0]

    try:
        try:
            report = session.ensure()
            notes += report.problems
        except StudentFault as exc:
            notes.append(f"your notebook could not be loaded: {exc}")
        student = StudentProxy(session, ext.problems)
        for t in tests:
            if banned.get(t.spec.question):
                record(
                    t,
                    0.0,
                    "forbidden",
                    "not graded: "
                    + "; ".join(banned[t.spec.question])
                    + f" (forbidden in {t.spec.question})",
                )
                continue
            seed = seed_for(assignment.id, t.name, sub.sha256)
            session.used.clear()
            session.warned.clear()
            frac, kind, msg, extra = _attempt(
                assignment, t, student, reference, seed, session, reference_session
            )
            called = _forbidden_calls(session.used, assignment.question(t.spec.question).forbidden)
            if called:
                frac, kind, msg = (
                    0.0,
                    "forbidden",
                    (
                        f"not graded: your code called {', '.join(called)} while this test ran "
                        f"(forbidden in {t.spec.question})"
                    ),
                )
            if kind == "grader-fault":
                grader_faults += 1
            if session.warned and kind != "forbidden":
                msg = "; ".join(
                    m for m in (msg, "your code warned: " + "; ".join(session.warned)) if m
                )
            record(t, frac, kind, msg, **extra)
    finally:
        printed = session.printed()
        session.close()
        for ref_session in ref_holder:
            ref_session.close()
    if printed.strip():
        notes.append("your code printed (first lines):\n" + printed[:1500])
    out = build_results(assignment, sub, results, notes, time.perf_counter() - t0, questions)
    out["extra_data"]["worker_starts"] = session.starts
    out["extra_data"]["worker_start"] = session.worker_start  # "forked" | "fresh"
    out["extra_data"]["grader_faults"] = grader_faults
    out["extra_data"]["sandbox"] = session.sandbox  # "bwrap" | "rlimits-only (degraded)"
    return out


def _forbidden_calls(used: set[str], patterns: tuple[str, ...]) -> list[str]:
    """The run-time calls (from the worker's trip-wires) that ``patterns`` forbid."""
    return sorted(
        u
        for u in used
        for p in patterns
        if not p.startswith(".") and (u == p or u.startswith(p + "."))
    )


def _attempt(
    assignment: Assignment,
    t: HiddenTest,
    student: Any,
    reference: Any,
    seed: int,
    session: WorkerSession,
    reference_session: Callable[[], WorkerSession],
) -> tuple[float, str, str, dict]:
    """Run one test (twice if the grader itself seems to fail); never raises."""
    for attempt in (1, 2):
        fx = _Fixtures(assignment, t, student, reference, seed, session, reference_session)
        extra: dict = {}
        try:
            if t.spec.timeout:
                with session.timeout(t.spec.timeout):
                    frac, msg = fx.call(t)
            else:
                frac, msg = fx.call(t)
            if fx.speed is not None:
                extra = fx.speed.extra()
                msg = "; ".join(m for m in (fx.speed.message(), msg) if m)
            return frac, "passed" if frac >= 1.0 else "partial", msg, extra
        except (AssertionError, StudentFault) as exc:
            kind, msg = _student_message(exc)
            if fx.speed is not None and fx.speed.results:
                extra = fx.speed.extra()
            return 0.0, kind, msg, extra
        except Exception as exc:  # noqa: BLE001 - a fault in the test or caused by odd output
            if attempt == 1:
                continue
            # Does the same test pass when the reference plays the student? Then the
            # submission's output broke the check: the student's failure, not ours.
            try:
                _Fixtures(assignment, t, reference, reference, seed, None, None).call(t)
            except Exception:  # noqa: BLE001
                return (
                    0.0,
                    "grader-fault",
                    (
                        f"internal grader error ({type(exc).__name__}: {exc}); this test was not "
                        "scored - please tell your instructor"
                    ),
                    {},
                )
            return (
                0.0,
                "wrong",
                (
                    f"your output made the check fail with {type(exc).__name__}: {exc} "
                    "(wrong type or shape?)"
                ),
                {},
            )
    raise AssertionError("unreachable")  # pragma: no cover
