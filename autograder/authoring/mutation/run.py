"""``medl mutate ID``: grade mechanical mutants of every reference function (test power).

For each question (speed questions excluded: their functions are graded for correctness by
the question that owns them), each graded function's reference source is mutated by
:mod:`.operators`, one change per mutant; each mutant is graded like a submission (the
solution notebook plus the mutated function as a last cell) on that question alone, in
parallel workers. A mutant is **killed** when it scores below full marks, **survives**
otherwise, and is **equivalent** when the chapter's allow-list says no test can tell it from
the reference (``solutions/chNN_slug/mutation.toml``)::

    [[equivalent]]
    function = "standardize"
    id = "L9 number: 0 -> 1"          # as printed for the survivor
    reason = "ddof is ignored when N = 1 ... (why no input can tell them apart)"
"""

from __future__ import annotations

import difflib
import random
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from autograder.authoring.assignment import Assignment
from autograder.authoring.mutation.operators import Mutant, mutants_of
from autograder.errors import UsageError
from autograder.grading.extract import extract_definitions
from autograder.grading.runner import grade
from autograder.grading.submission import from_notebook, with_override
from autograder.notebook import code_cells, read_notebook

__all__ = ["Outcome", "QuestionReport", "function_sources", "mutate", "plan"]


@dataclass(frozen=True)
class Job:
    question: str
    function: str
    mutant: Mutant
    original: str


@dataclass
class Outcome:
    job: Job
    status: str  # "killed" | "survived" | "equivalent"
    detail: str = ""  # the first failing test's kind and message, for killed mutants

    def diff(self) -> str:
        a = (self.job.original.rstrip("\n") + "\n").splitlines(keepends=True)
        b = (self.job.mutant.source.rstrip("\n") + "\n").splitlines(keepends=True)
        return "".join(
            difflib.unified_diff(a, b, self.job.function, f"{self.job.function} (mutant)", n=1)
        )


@dataclass
class QuestionReport:
    question: str
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def line(self) -> str:
        k, s, e = self.count("killed"), self.count("survived"), self.count("equivalent")
        return f"{self.question}: killed {k} of {k + s} ({s} survived, {e} equivalent)"

    @property
    def rate(self) -> float:
        k, s = self.count("killed"), self.count("survived")
        return k / (k + s) if k + s else 1.0


def function_sources(notebook: Path) -> dict[str, str]:
    """Top-level function name -> its whole definition in the (solution) notebook."""
    out = {}
    for chunk in extract_definitions(code_cells(read_notebook(notebook))).chunks:
        src = chunk.source.lstrip("\n")
        if src.startswith(("def ", "@")):
            name = src.split("def ", 1)[1].split("(", 1)[0].strip()
            out[name] = chunk.source
    return out


def _allow_list(assignment: Assignment) -> dict[tuple[str, str], str]:
    path = assignment.source_dir / "mutation.toml"
    if not path.is_file():
        return {}
    try:
        raw = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: cannot be read ({exc})") from None
    out = {}
    for i, e in enumerate(raw.get("equivalent", []), 1):
        if not all(isinstance(e.get(k), str) and e.get(k) for k in ("function", "id", "reason")):
            raise UsageError(f"{path}: equivalent entry {i} needs function, id and reason")
        out[(e["function"], e["id"])] = e["reason"]
    return out


def plan(
    assignment: Assignment, questions: set[str] | None = None, sample: int | None = None
) -> list[Job]:
    """The mutants to grade: per non-speed question, per graded function (``sample``: at
    most that many per question, drawn with a fixed seed)."""
    sources = function_sources(assignment.solution_notebook)
    known = {q.id for q in assignment.questions}
    if questions and questions - known:
        raise UsageError(
            f"{assignment.id} has no question {', '.join(sorted(questions - known))} "
            f"(it has {', '.join(sorted(known))})"
        )
    jobs: list[Job] = []
    for q in assignment.questions:
        if q.speed or (questions and q.id not in questions):
            continue
        mine = [
            Job(q.id, fn, m, sources[fn])
            for fn in q.functions
            if fn in sources
            for m in mutants_of(sources[fn])
        ]
        if sample is not None and len(mine) > sample:
            mine = random.Random(f"{assignment.id}/{q.id}").sample(mine, sample)
            mine.sort(key=lambda j: (j.function, j.mutant.index))
        jobs += mine
    return jobs


def _grade_one(assignment: Assignment, job: Job, workdir: Path) -> Outcome:
    base = from_notebook(assignment.solution_notebook, "reference")
    path = workdir / f"{job.question}_{job.function}_{job.mutant.index}.py"
    path.write_text(job.mutant.source)
    res = grade(assignment, with_override(base, path.stem, path), questions={job.question})
    lost = [t for t in res["tests"] if t["score"] < t["max_score"]]
    if not lost:
        return Outcome(job, "survived")
    first = lost[0]
    return Outcome(job, "killed", f"{first['extra_data'].get('kind')}: {first['output'][:120]}")


def mutate(
    assignment: Assignment,
    jobs: list[Job],
    *,
    workers: int = 2,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[QuestionReport]:
    """Grade ``jobs`` (``workers`` at a time); one report per question, in question order."""
    allow = _allow_list(assignment)
    made = {(j.function, j.mutant.id) for j in jobs}
    stale = sorted(k for k in allow if k not in made and any(j.function == k[0] for j in jobs))
    for function, mid in stale:  # said, never silently kept
        print(f"{assignment.id} mutation.toml: no mutant of {function} is {mid!r} (stale entry)")
    reports = {q.id: QuestionReport(q.id) for q in assignment.questions}
    with tempfile.TemporaryDirectory(prefix="medl-mutants-") as tmp:
        todo = []
        for job in jobs:
            reason = allow.get((job.function, job.mutant.id))
            if reason is not None:
                done = Outcome(job, "equivalent", reason)
                reports[job.question].outcomes.append(done)
                if on_done:
                    on_done(done)
            else:
                todo.append(job)
        for outcome in _parallel(assignment, todo, Path(tmp), workers):
            reports[outcome.job.question].outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return [r for r in reports.values() if r.outcomes]


def _parallel(
    assignment: Assignment, jobs: list[Job], tmp: Path, workers: int
) -> Iterator[Outcome]:
    # Threads suffice: each grade's student code runs in its own worker process.
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        yield from pool.map(lambda j: _grade_one(assignment, j, tmp), jobs)
