"""Grade many submissions in parallel; write results and the gradebook as each finishes.

The inputs come from :func:`autograder.course.inputs.collect`. Grading (:func:`grade_batch`)
runs on threads here (each submission's code runs in its own sandboxed worker process) or on
a Dask ``distributed`` cluster; either way this process alone writes ``results.json`` files
and the gradebook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from autograder.authoring.assignment import Assignment
from autograder.course.gradebook import Gradebook
from autograder.course.inputs import Collection, collect, wrong_assignment
from autograder.course.lms import Identity
from autograder.errors import UsageError
from autograder.grading.hidden import collect_tests
from autograder.grading.reference import load_reference
from autograder.grading.results import add_identity, write_results
from autograder.grading.runner import grade
from autograder.grading.submission import Submission

__all__ = ["BatchOutcome", "Collection", "collect", "grade_batch", "wrong_assignment"]


@dataclass
class BatchOutcome:
    """One submission's fate: graded (``results``), skipped, or an internal ``error``."""

    student: str
    results: dict | None
    skipped: bool = False
    error: str | None = None


Graded = tuple[Submission, dict | None, BaseException | None]


def _on_threads(assignment: Assignment, todo: list[Submission], jobs: int) -> Iterator[Graded]:
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(grade, assignment, s): s for s in todo}
        for fut in as_completed(futures):
            exc = fut.exception()
            yield futures[fut], None if exc else fut.result(), exc
    finally:  # on Ctrl-C, drop what has not started; running submissions have timeouts
        pool.shutdown(wait=True, cancel_futures=True)


def _on_dask(assignment: Assignment, todo: list[Submission], scheduler: str) -> Iterator[Graded]:
    """Each submission is one Dask task; a task lost with its worker is rerun elsewhere."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - dask is a dependency
        raise UsageError("--executor dask needs `pip install 'dask[distributed]'`") from None
    as_file = scheduler.endswith(".json") and Path(scheduler).is_file()
    try:
        client = (
            Client(scheduler_file=scheduler, timeout=30)
            if as_file
            else Client(scheduler, timeout=30)
        )
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        futures = {
            client.submit(
                grade,
                assignment,
                s,
                retries=2,
                key=f"medl-{assignment.id}-{s.student}-{s.sha256[:16]}",
            ): s
            for s in todo
        }
        for fut in dask_completed(futures):
            try:
                yield futures[fut], fut.result(), None
            except Exception as exc:  # noqa: BLE001 - KilledWorker, cancelled, a grader bug
                yield futures[fut], None, exc


def grade_batch(
    assignment: Assignment,
    subs: list[Submission],
    out_dir: Path,
    gradebook: Path | None = None,
    jobs: int = 1,
    force: bool = False,
    on_done: Callable[[BatchOutcome], None] | None = None,
    *,
    identities: dict[str, Identity] | None = None,
    executor: str = "threads",
    scheduler: str | None = None,
) -> list[BatchOutcome]:
    """Grade ``subs``; each result is written (file, then gradebook) as it finishes."""
    collect_tests(assignment)  # a broken assignment fails here, once, as a usage error
    load_reference(assignment.solution_notebook)
    if executor == "dask" and not scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (or a scheduler file)")
    book = Gradebook(gradebook) if gradebook else None
    outcomes: list[BatchOutcome] = []

    def finish(o: BatchOutcome) -> None:
        outcomes.append(o)
        if on_done:
            on_done(o)

    try:
        todo = []
        for s in subs:
            if book and not force and book.has(assignment.id, s.student, s.sha256):
                finish(BatchOutcome(s.student, None, skipped=True))
            else:
                todo.append(s)
        stream = (
            _on_dask(assignment, todo, scheduler or "")
            if executor == "dask"
            else _on_threads(assignment, todo, jobs)
        )
        for s, res, exc in stream:
            if exc is not None or res is None:
                finish(BatchOutcome(s.student, None, error=f"{type(exc).__name__}: {exc}"))
                continue
            ident = (identities or {}).get(s.student)
            if ident and ident.lms != "file":
                add_identity(res, ident.lms, ident.lms_id, ident.name, ident.late)
            write_results(out_dir, s.student, res)
            if book:
                book.record(res)
            finish(BatchOutcome(s.student, res))
    finally:
        if book:
            book.close()
    outcomes.sort(key=lambda o: o.student)
    return outcomes
