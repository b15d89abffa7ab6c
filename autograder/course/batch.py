"""Grade many submissions: collect them, grade in parallel, write results and gradebook.

Inputs (:func:`collect`): notebooks, folders of notebooks or of per-student folders, and LMS
zips (see :mod:`autograder.course.lms`). Several files of one student: the newest is graded and the
choice is reported. Grading (:func:`grade_batch`) runs on threads here (each submission's
code runs in its own sandboxed worker process) or on a Dask ``distributed`` cluster; either
way this process alone writes ``results.json`` files and the gradebook.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.authoring.assignment import Assignment
from autograder.course.gradebook import Gradebook
from autograder.course.lms import Identity, ZipLimits, extract_notebooks, identify, safe_student
from autograder.errors import UsageError
from autograder.grading.hidden import collect_tests
from autograder.grading.reference import load_reference
from autograder.grading.results import add_identity, write_results
from autograder.grading.runner import grade
from autograder.grading.submission import Submission, from_notebook

__all__ = ["BatchOutcome", "Collection", "collect", "grade_batch"]


@dataclass
class _Candidate:
    identity: Identity
    path: Path  # a readable notebook
    label: str  # where it came from, for people: "subs.zip/ann_1_2_hw.ipynb"
    mtime: float


@dataclass
class Collection:
    """What :func:`collect` found: one submission per student, and what it left out."""

    subs: list[Submission] = field(default_factory=list)
    identities: dict[str, Identity] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)  # newest-wins decisions
    unmapped: list[str] = field(default_factory=list)  # files no student could be found for
    rejected: list[str] = field(default_factory=list)  # unsafe or oversized zip entries


def _generic(relpath: str) -> Identity:
    parts = PurePosixPath(relpath).parts
    key = safe_student(parts[0] if len(parts) > 1 else PurePosixPath(relpath).stem)
    return Identity(key, "file", key, key)


def _map(entries: list[tuple[str, Path, str, float]], out: Collection) -> list[_Candidate]:
    """Map one input's notebooks: LMS names if at least half match, else file/folder names."""
    found = [(identify(rel), rel, path, label, mtime) for rel, path, label, mtime in entries]
    lms_mode = 2 * sum(f[0] is not None for f in found) >= len(found) > 0
    cands = []
    for ident, rel, path, label, mtime in found:
        if lms_mode and ident is None:
            out.unmapped.append(f"{label}: not a Canvas or Moodle submission name")
            continue
        cands.append(_Candidate(ident if lms_mode and ident else _generic(rel), path, label, mtime))
    return cands


def _from_dir(root: Path, out: Collection) -> list[_Candidate]:
    entries = []
    for p in sorted(root.rglob("*.ipynb")):
        rel = p.relative_to(root)
        if any(s.startswith(".") or s == "__MACOSX" for s in rel.parts):
            continue
        # Symlinks, folders and FIFOs named *.ipynb are kept: reading them fails with a
        # clear message and a zero for that student, instead of vanishing silently.
        entries.append((rel.as_posix(), p, str(p), p.lstat().st_mtime))
    return _map(entries, out)


def _from_zip(zip_path: Path, tmp: Path, limits: ZipLimits, out: Collection) -> list[_Candidate]:
    dest = Path(tempfile.mkdtemp(prefix="zip", dir=tmp))
    try:
        report = extract_notebooks(zip_path, dest, limits)
    except UsageError as exc:  # one unreadable zip must not stop the others
        out.rejected.append(str(exc))
        return []
    out.rejected += [f"{zip_path.name}/{r}" for r in report.rejected]
    out.unmapped += [f"{zip_path.name}/{r}" for r in report.ignored]
    rels = [f.relpath for f in report.files]
    # A zip of one folder (``subs/alice.ipynb ...``): that folder is the root, unless the
    # names are an LMS's (one Moodle student's folder is not a wrapper).
    while (
        rels
        and not any(identify(r) for r in rels)
        and all(len(PurePosixPath(r).parts) > 1 for r in rels)
        and len({PurePosixPath(r).parts[0] for r in rels}) == 1
    ):
        rels = [str(PurePosixPath(*PurePosixPath(r).parts[1:])) for r in rels]
    entries = [
        (rel, f.path, f"{zip_path.name}/{f.relpath}", f.mtime)
        for rel, f in zip(rels, report.files, strict=True)
    ]
    return _map(entries, out)


def _newest(student: str, cands: list[_Candidate]) -> tuple[_Candidate, str | None]:
    ordered = sorted(cands, key=lambda c: (c.identity.order, c.mtime, c.label))
    best = ordered[-1]
    if len(cands) == 1:
        return best, None
    why = (
        f"Canvas submission {best.identity.order}"
        if best.identity.order
        else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(best.mtime))
    )
    others = ", ".join(c.label for c in reversed(ordered[:-1]))
    return best, (
        f"{student}: {len(cands)} submissions; graded the newest, {best.label} "
        f"({why}); ignored {others}"
    )


def collect(paths: Iterable[Path], limits: ZipLimits | None = None) -> Collection:
    """One submission per student from notebooks, folders and LMS zips in ``paths``."""
    limits = limits or ZipLimits()
    out = Collection()
    with tempfile.TemporaryDirectory(prefix="medl-collect-") as tmp:
        cands: list[_Candidate] = []
        for p in paths:
            if p.is_dir():
                cands += _from_dir(p, out)
            elif p.suffix.lower() == ".zip" and p.is_file():
                cands += _from_zip(p, Path(tmp), limits, out)
            elif p.suffix.lower() == ".ipynb" or p.is_file():
                if not p.exists():
                    raise UsageError(f"{p}: no such file or folder")
                cands += _map([(p.name, p, str(p), p.stat().st_mtime)], out)
            else:
                raise UsageError(f"{p}: no such file or folder")
        by_student: dict[str, list[_Candidate]] = {}
        for c in cands:
            by_student.setdefault(c.identity.student, []).append(c)
        for student in sorted(by_student):
            best, choice = _newest(student, by_student[student])
            if choice:
                out.choices.append(choice)
            sub = from_notebook(best.path, student)
            sub.path = best.label
            if best.identity.late:
                sub.notes.append("submitted late (marked late by the LMS)")
            out.subs.append(sub)
            out.identities[student] = best.identity
    return out


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
