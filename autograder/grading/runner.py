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
from functools import lru_cache
from pathlib import Path
from typing import Any

from autograder import settings
from autograder.authoring.assignment import Assignment
from autograder.grading import contracts
from autograder.grading.budget import call_budgets
from autograder.grading.extract import Chunk, extract_definitions
from autograder.grading.fixtures import Fixtures
from autograder.grading.forbidden import find_forbidden
from autograder.grading.hidden import HiddenTest, collect_tests
from autograder.grading.reference import load_reference
from autograder.grading.results import TestResult, build_results
from autograder.grading.submission import Submission
from autograder.notebook import code_cells, read_notebook
from autograder.sandbox.session import (
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
    """(kind, message) for a failure caused by the submission; the kind is the exception's
    own (:class:`StudentFault.kind`), a failed check is ``wrong``."""
    if isinstance(exc, AssertionError):
        return "wrong", str(exc) or "a check failed"
    if isinstance(exc, StudentError):
        if exc.type == "NotImplementedError":
            return "todo", f"`{exc.name}` is not implemented yet (it raises NotImplementedError)"
        where = f" ({exc.where})" if exc.where else ""
        return "error", f"`{exc.name}` raised {exc.type}{where}: {exc.message}"
    return getattr(exc, "kind", "error"), str(exc)


@lru_cache(maxsize=16)
def _reference_chunks(notebook: Path, mtime_ns: int) -> tuple[Chunk, ...]:
    """The solution notebook's definitions, parsed once per process (and per edit)."""
    return tuple(extract_definitions(code_cells(read_notebook(notebook))).chunks)


class _ReferenceWorker:
    """The reference's own worker for speed tests, started on first use, closed at the end."""

    def __init__(self, assignment: Assignment) -> None:
        self.assignment = assignment
        self.session: WorkerSession | None = None

    def __call__(self) -> WorkerSession:
        if self.session is None:
            nb = self.assignment.solution_notebook
            self.session = WorkerSession(
                list(_reference_chunks(nb, nb.stat().st_mtime_ns)),
                seed=0,
                load_timeout=self.assignment.load_timeout_s,
                call_timeout=self.assignment.call_timeout_s,
            )
        return self.session

    def close(self) -> None:
        if self.session is not None:
            self.session.close()


def grade(assignment: Assignment, sub: Submission, questions: set[str] | None = None) -> dict:
    """Grade ``sub`` and return its results.json content (Gradescope's schema).

    ``questions`` restricts grading to those question ids (CI uses it to grade a mutant on
    the question it breaks); the score is then out of those questions' points.
    """
    t0 = time.perf_counter()
    tests = _select(assignment, collect_tests(assignment), questions)
    titles = {q.id: q.title for q in assignment.questions}

    def finish(results: list[TestResult], notes: list[str], **extra: Any) -> dict:
        return build_results(
            assignment, sub, results, notes, time.perf_counter() - t0, questions, extra=extra
        )

    # Pass 1: a file that cannot be read scores 0 everywhere, with that one message.
    if sub.error is not None:
        return finish(
            [
                TestResult(t, titles.get(t.spec.question, ""), 0.0, "unreadable", sub.error)
                for t in tests
            ],
            [sub.error],
        )
    # Pass 2: keep the top-level definitions; pass 3: the static forbidden-API scan.
    ext = extract_definitions(sub.cells)
    notes = [*sub.notes, *ext.problems]
    banned = {
        q.id: find_forbidden(ext.chunks, q.functions, q.forbidden) for q in assignment.questions
    }
    # Pass 4: the worker loads the definitions; pass 5: every hidden test against it.
    reference = load_reference(assignment.solution_notebook)
    session = WorkerSession(
        ext.chunks,
        seed=seed_for(assignment.id, "load", sub.sha256),
        load_timeout=assignment.load_timeout_s,
        call_timeout=assignment.call_timeout_s,
        watch=_runtime_watch(assignment),
    )
    session.argument_check = contracts.changed_argument  # inputs are left unchanged
    session.may_mutate = {f for q in assignment.questions for f in q.mutates}
    reference_worker = _ReferenceWorker(assignment)
    try:
        try:
            notes += session.ensure().problems
        except StudentFault as exc:
            notes.append(f"your notebook could not be loaded: {exc}")
        student = StudentProxy(session, ext.problems)
        results = [
            _run_one(
                assignment,
                t,
                titles,
                banned,
                student,
                reference,
                session,
                reference_worker,
                sub.sha256,
            )
            for t in tests
        ]
    finally:
        printed = session.printed()
        session.close()
        reference_worker.close()
    if printed.strip():
        notes.append("your code printed (first lines):\n" + printed[:1500])
    return finish(
        results,
        notes,
        worker_starts=session.starts,
        worker_start=session.worker_start,  # "forked" | "fresh"
        grader_faults=sum(r.kind == "grader-fault" for r in results),
        sandbox=session.sandbox,  # "bwrap" | "rlimits-only (degraded)"
        limits=session.limited_by,  # "cgroup v1" | "cgroup v2" | "watchdog (degraded)"
    )


def _select(
    assignment: Assignment, tests: tuple[HiddenTest, ...], questions: set[str] | None
) -> tuple[HiddenTest, ...]:
    if questions is None:
        return tests
    unknown = questions - {q.id for q in assignment.questions}
    if unknown:
        raise ValueError(f"unknown questions {sorted(unknown)}")
    return tuple(t for t in tests if t.spec.question in questions)


def _runtime_watch(assignment: Assignment) -> tuple[str, ...]:
    """The dotted forbidden names the worker's trip-wires watch at run time."""
    return tuple(
        sorted({p for q in assignment.questions for p in q.forbidden if not p.startswith(".")})
    )


def _run_one(
    assignment: Assignment,
    t: HiddenTest,
    titles: dict[str, str],
    banned: dict[str, list[str]],
    student: Any,
    reference: Any,
    session: WorkerSession,
    reference_worker: Callable[[], WorkerSession],
    sha256: str,
) -> TestResult:
    """One hidden test: skipped if its question uses a forbidden API, else run (and its
    run-time forbidden calls and warnings folded into the verdict)."""
    qid = t.spec.question
    title = titles.get(qid, "")
    if banned.get(qid):
        why = "; ".join(banned[qid])
        return TestResult(t, title, 0.0, "forbidden", f"not graded: {why} (forbidden in {qid})")
    session.used.clear()
    session.warned.clear()
    session.budgets = {
        name: (b.seconds, b.why) for name, b in call_budgets(assignment, t, reference).items()
    }
    seed = seed_for(assignment.id, t.name, sha256)
    frac, kind, msg, extra = _attempt(
        assignment, t, student, reference, seed, session, reference_worker
    )
    called = _forbidden_calls(session.used, assignment.question(qid).forbidden)
    if called:
        frac, kind = 0.0, "forbidden"
        msg = (
            f"not graded: your code called {', '.join(called)} while this test ran "
            f"(forbidden in {qid})"
        )
    if session.warned and kind != "forbidden":
        msg = "; ".join(m for m in (msg, "your code warned: " + "; ".join(session.warned)) if m)
    return TestResult(t, title, frac, kind, msg, extra)


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
        fx = Fixtures(assignment, t, student, reference, seed, session, reference_session)
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
                Fixtures(assignment, t, reference, reference, seed, None, None).call(t)
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
