"""Ordered passes: canonical units per student, the baseline, one index per question, pairs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from autograder.authoring.assignment import Assignment, Question
from autograder.course.similarity.fingerprints import code_of
from autograder.course.similarity.index import Pair, Params, QuestionIndex
from autograder.course.similarity.inputs import Class, Student
from autograder.course.similarity.normalise import Unit, canonical_units
from autograder.errors import UsageError
from autograder.grading.submission import from_notebook

__all__ = ["ALL", "Analysis", "Part", "analyse", "question_units"]

ALL = "all"  # the question id of the whole notebook

Tick = Callable[[str, int, int], None]  # (stage, advance, total)


@dataclass
class Part:
    """One question (or ``all``): its index and its scored pairs, highest first."""

    id: str
    title: str
    functions: tuple[str, ...]
    index: QuestionIndex
    pairs: list[Pair] = field(default_factory=list)


@dataclass
class Analysis:
    assignment: Assignment
    students: dict[str, Student]
    parts: list[Part]  # the questions in assignment order, then ``all``
    notes: list[str]
    params: Params
    seconds: float = 0.0

    def part(self, qid: str) -> Part:
        return next(p for p in self.parts if p.id == qid)


def question_units(units: list[Unit], question: Question, graded: frozenset[str]) -> list[Unit]:
    """The units that answer ``question``: its graded functions (in the assignment's order)
    and, sorted by their canonical code, the student's own helpers they call, transitively.
    Another question's graded function is not pulled in (it is compared there)."""
    by_name = {u.name: u for u in units}
    chosen = [by_name[f] for f in question.functions if f in by_name]
    helpers: dict[str, Unit] = {}
    todo = [name for u in chosen for name in u.calls]
    while todo:
        name = todo.pop()
        if name in graded or name in helpers or name not in by_name:
            continue
        helpers[name] = by_name[name]
        todo += by_name[name].calls
    return chosen + sorted(helpers.values(), key=lambda u: u.key)


def _whole(units: list[Unit], assignment: Assignment) -> list[Unit]:
    """Every definition: graded ones in the assignment's order, then the rest sorted by
    canonical code (so moving definitions around changes nothing)."""
    order = [f for q in assignment.questions for f in q.functions]
    by_name = {u.name: u for u in units}
    graded = [by_name[f] for f in order if f in by_name]
    rest = sorted((u for u in units if u.name not in set(order)), key=lambda u: u.key)
    return graded + rest


def _baseline(assignment: Assignment, graded: frozenset[str]) -> tuple[set[int], set[int]]:
    """Fingerprints and statements of the release's stub notebook and of the reference."""
    stub = assignment.release_dir / assignment.notebook
    if not stub.is_file():
        raise UsageError(f"{stub} does not exist: run `medl release {assignment.id}` first")
    prints: set[int] = set()
    statements: set[int] = set()
    for path in (stub, assignment.solution_notebook):
        sub = from_notebook(path, "baseline")
        if sub.error:
            raise UsageError(f"{path}: {sub.error}")
        units, _ = canonical_units(sub.cells, graded)
        code = code_of(units)
        prints |= code.hashes
        statements |= set(code.statements)
    return prints, statements


def analyse(
    assignment: Assignment, klass: Class, params: Params | None = None, tick: Tick | None = None
) -> Analysis:
    """Compare every student with every other on each question and on the whole notebook."""
    t0 = time.perf_counter()
    params = params or Params()
    tick = tick or (lambda stage, n, total: None)
    graded = frozenset(f for q in assignment.questions for f in q.functions)
    base, base_st = _baseline(assignment, graded)
    parts = [
        Part(q.id, q.title, q.functions, QuestionIndex(q.id, base, base_st, params))
        for q in assignment.questions
    ]
    parts.append(Part(ALL, "the whole notebook", (), QuestionIndex(ALL, base, base_st, params)))
    notes = list(klass.notes)
    n = len(klass.students)
    for student in klass.students:
        units, problems = canonical_units(student.cells, graded)
        notes += [f"{student.key}: {p}" for p in problems]
        for part, q in zip(parts, assignment.questions, strict=False):
            chosen = question_units(units, q, graded)
            if chosen:
                part.index.add(student.key, code_of(chosen))
        if units:
            parts[-1].index.add(student.key, code_of(_whole(units, assignment)))
        else:
            notes.append(f"{student.key}: no definitions found (nothing to compare)")
        tick("reading", 1, n)
    for part in parts:
        part.index.build()
        stage = f"scoring {part.id}"
        part.pairs = part.index.pairs(lambda k, total, stage=stage: tick(stage, k, total))
    overall = {(p.a, p.b): p.similarity for p in parts[-1].pairs}
    for part in parts[:-1]:  # ties on a question: the pair more alike overall first
        part.pairs.sort(key=lambda x: (-x.similarity, -overall.get((x.a, x.b), 0.0), x.a, x.b))
    students = {s.key: s for s in klass.students}
    return Analysis(assignment, students, parts, notes, params, time.perf_counter() - t0)
