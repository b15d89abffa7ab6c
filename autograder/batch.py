"""Grade many submissions: collect them, grade in parallel, write results and gradebook."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .assignment import Assignment
from .errors import UsageError
from .gradebook import Gradebook
from .results import write_results
from .runner import grade
from .submission import Submission, from_notebook

__all__ = ["BatchOutcome", "collect", "grade_batch"]


def collect(paths: Iterable[Path]) -> list[Submission]:
    """Submissions from notebook files and folders (``*.ipynb`` inside, one per student;
    a sub-folder holding notebooks is one student named after the folder)."""
    subs: list[Submission] = []
    for p in paths:
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.suffix == ".ipynb" and child.is_file():
                    subs.append(from_notebook(child))
                elif child.is_dir() and not child.name.startswith("."):
                    nbs = sorted(c for c in child.glob("*.ipynb") if c.is_file())
                    if nbs:
                        subs.append(from_notebook(nbs[-1], child.name))
        elif p.exists() or p.suffix == ".ipynb":
            subs.append(from_notebook(p))
        else:
            raise UsageError(f"{p}: no such file or folder")
    names = [s.student for s in subs]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise UsageError(f"two submissions are both named {dup[0]!r}; rename one")
    return subs


@dataclass
class BatchOutcome:
    student: str
    results: dict | None
    skipped: bool = False


def grade_batch(
    assignment: Assignment,
    subs: list[Submission],
    out_dir: Path,
    gradebook: Path | None = None,
    jobs: int = 1,
    force: bool = False,
    on_done: Callable[[BatchOutcome], None] | None = None,
) -> list[BatchOutcome]:
    """Grade ``subs`` with ``jobs`` in parallel; each result is written as it finishes."""
    book = Gradebook(gradebook) if gradebook else None
    outcomes: list[BatchOutcome] = []
    todo = []
    for s in subs:
        if book and not force and book.has(assignment.id, s.student, s.sha256):
            o = BatchOutcome(s.student, None, skipped=True)
            outcomes.append(o)
            if on_done:
                on_done(o)
        else:
            todo.append(s)
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(grade, assignment, s): s for s in todo}
            for fut in as_completed(futures):
                s = futures[fut]
                res = fut.result()
                write_results(out_dir, s.student, res)
                if book:
                    book.record(res)
                o = BatchOutcome(s.student, res)
                outcomes.append(o)
                if on_done:
                    on_done(o)
    finally:
        if book:
            book.close()
    outcomes.sort(key=lambda o: o.student)
    return outcomes

