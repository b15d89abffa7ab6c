"""A submission: who it is, the code cells to grade, and a content hash.

Sources: a student's notebook file, the solution notebook (``--reference``), the generated
release (``--stub``), or the solution with a mutant/alternative file appended as a last cell.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .assignment import Assignment
from .errors import SubmissionError
from .notebook import Cell, code_cells, read_notebook

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
        h.update(f"{c.number}\0{c.source}\0".encode())
    return h.hexdigest()


def from_notebook(path: Path, student: str | None = None) -> Submission:
    """Read ``path``; an unreadable file gives a Submission with ``error`` set, no raise."""
    name = student or student_name(path)
    try:
        nb = read_notebook(path)
    except SubmissionError as exc:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = "0" * 64
        return Submission(name, [], digest, str(path), error=str(exc))
    cells = code_cells(nb)
    return Submission(name, cells, _hash(cells), str(path))


def with_override(base: Submission, student: str, override: Path) -> Submission:
    """``base`` plus the file ``override`` as a final code cell (mutants, alternatives)."""
    cell = Cell(max((c.number for c in base.cells), default=0) + 1, override.read_text())
    cells = [*base.cells, cell]
    return Submission(student, cells, _hash(cells), str(override))


def reference_submission(assignment: Assignment) -> Submission:
    return from_notebook(assignment.solution_notebook, "reference")


def stub_submission(assignment: Assignment) -> Submission:
    return from_notebook(assignment.release_dir / assignment.notebook, "stub")
