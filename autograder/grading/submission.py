"""A submission: who it is, the code cells to grade, and a content hash.

Sources: a student's notebook file, the solution notebook (``--reference``), the generated
release (``--stub``), or the solution with a mutant/alternative file appended as a last cell.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.authoring.assignment import Assignment
from autograder.errors import SubmissionError
from autograder.notebook import Cell, code_cells, read_notebook

__all__ = ["Submission", "from_notebook", "with_override", "student_name"]


@dataclass
class Submission:
    student: str
    cells: list[Cell]
    sha256: str
    path: str = ""
    error: str | None = None  # set when the file could not be read at all
    notes: list[str] = field(default_factory=list)


def student_name(path: Path) -> str:
    """A student is named by the file (or folder) name, made safe for a folder name."""
    stem = path.stem if path.is_file() or path.suffix == ".ipynb" else path.name
    safe = re.sub(r"[^A-Za-z0-9_.@-]+", "_", stem).strip("._") or "student"
    return safe[:80]


def _hash(cells: list[Cell]) -> str:
    h = hashlib.sha256()
    for c in cells:
        h.update(f"{c.index or c.number}\0{c.source}\0".encode())  # index: stable hashes
    return h.hexdigest()


def _file_digest(path: Path, cap: int = 64 * 2**20) -> str:
    """sha256 of a regular file's first ``cap`` bytes and its size, read in chunks (an
    unreadable 200 MB file must not be loaded whole; a FIFO must not block us)."""
    h = hashlib.sha256()
    try:
        if path.is_symlink() or not path.is_file():
            h.update(f"not a file: {path.name}".encode())
            return h.hexdigest()
        h.update(str(path.stat().st_size).encode())
        with open(path, "rb") as f:
            left = cap
            while left > 0 and (chunk := f.read(min(left, 1 << 20))):
                h.update(chunk)
                left -= len(chunk)
    except OSError:
        h.update(b"unreadable")
    return h.hexdigest()


def from_notebook(path: Path, student: str | None = None) -> Submission:
    """Read ``path``; an unreadable file gives a Submission with ``error`` set, no raise."""
    name = student or student_name(path)
    try:
        nb = read_notebook(path)
    except SubmissionError as exc:
        return Submission(name, [], _file_digest(path), str(path), error=str(exc))
    cells = code_cells(nb)
    return Submission(name, cells, _hash(cells), str(path))


def with_override(base: Submission, student: str, override: Path) -> Submission:
    """``base`` plus the file ``override`` as a final code cell (mutants, alternatives)."""
    cell = Cell(
        max((c.number for c in base.cells), default=0) + 1,
        override.read_text(),
        max((c.index for c in base.cells), default=0) + 1,
    )
    cells = [*base.cells, cell]
    return Submission(student, cells, _hash(cells), str(override))


def reference_submission(assignment: Assignment) -> Submission:
    return from_notebook(assignment.solution_notebook, "reference")


def stub_submission(assignment: Assignment) -> Submission:
    return from_notebook(assignment.release_dir / assignment.notebook, "stub")
