"""The class to compare: notebooks, folders and LMS zips, optionally narrowed by a gradebook.

The submissions are read exactly as ``medl grade`` reads them (:func:`~autograder.course.batch.
collect`: one per student, the newest wins, LMS names). A gradebook records scores, file
names and a hash of each graded notebook, not the code itself, so it comes with the
submissions: it then chooses the students (those graded for this assignment), gives their
LMS names, and every difference between it and the files is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.batch import collect
from autograder.course.gradebook import Gradebook
from autograder.errors import UsageError
from autograder.notebook import Cell

__all__ = ["Class", "Student", "gather", "is_gradebook"]

_SQLITE = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Student:
    key: str  # the student key medl grades under
    name: str  # display name (the LMS's, else the key)
    cells: list[Cell]
    label: str  # where the notebook came from


@dataclass
class Class:
    students: list[Student] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out or looked odd, and why


def is_gradebook(path: Path) -> bool:
    """Is ``path`` a SQLite file (by its header, whatever its name)?"""
    try:
        with open(path, "rb") as f:
            return f.read(16) == _SQLITE
    except OSError:
        return False


def gather(assignment: str, inputs: list[Path]) -> Class:
    """Read the class from ``inputs``; raise UsageError (one line) when there is nothing to
    compare."""
    if not inputs:
        raise UsageError("give the submissions (notebooks, folders, LMS zips) and/or a gradebook")
    for p in inputs:
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder")
    books = [p for p in inputs if p.is_file() and is_gradebook(p)]
    paths = [p for p in inputs if p not in books]
    if books and not paths:
        raise UsageError(
            f"{books[0]}: a gradebook holds scores and file names, not the code; give the "
            f"submissions too (medl similarity {assignment} {books[0]} SUBMISSIONS...)"
        )
    found = collect(paths)
    out = Class()
    out.notes += [f"newest wins: {c}" for c in found.choices]
    out.notes += [f"not mapped to a student: {u}" for u in found.unmapped]
    out.notes += [f"rejected: {r}" for r in found.rejected]
    graded: dict[str, str] = {}  # student -> sha256 of the graded notebook
    names: dict[str, str] = {}
    for db in books:
        with Gradebook.existing(db) as book:
            rows = book.latest(assignment)
            if not rows:
                raise UsageError(f"{db}: no graded submissions of {assignment}")
            graded.update({r["student"]: r["sha256"] for r in rows})
            names.update({s: d["name"] for (_, s), d in book.students(assignment).items()})
    subs = {s.student: s for s in found.subs}
    for sub in found.subs:
        if sub.error:
            out.notes.append(f"{sub.student}: left out, {sub.error}")
            continue
        if books and sub.student not in graded:
            out.notes.append(f"{sub.student}: left out, not in the gradebook for {assignment}")
            continue
        if books and graded[sub.student] != sub.sha256:
            out.notes.append(
                f"{sub.student}: {sub.path} differs from the graded notebook; compared as it is now"
            )
        ident = found.identities.get(sub.student)
        name = names.get(sub.student) or (ident.name if ident else sub.student)
        out.students.append(Student(sub.student, name, sub.cells, sub.path))
    for student in sorted(set(graded) - set(subs)):
        out.notes.append(f"{student}: graded, but no notebook of theirs was given")
    if len(out.students) < 2:
        where = ", ".join(map(str, paths))
        raise UsageError(
            f"{len(out.students)} readable submission(s) of {assignment} in {where}: "
            "similarity needs at least two"
        )
    return out
