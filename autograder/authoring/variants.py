"""Mutants and alternatives: the submissions that prove the hidden tests have power.

A file in ``mutants/`` or ``alternatives/`` is graded as the solution notebook plus the file
as a last cell. Its header lines say what it must do::

    # medl-breaks: q3        must score below full marks on q3
    # medl-alternative: q3   must score full marks on q3
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.authoring.assignment import Assignment
from autograder.grading.runner import grade
from autograder.grading.submission import from_notebook, with_override

__all__ = ["Variant", "grade_variant", "variants"]

_HEADER = re.compile(r"^#\s*medl-(breaks|alternative):\s*(.+?)\s*$", re.M)


@dataclass(frozen=True)
class Variant:
    path: Path
    breaks: tuple[str, ...]
    earns: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"


def variants(assignment: Assignment) -> list[Variant]:
    """Every mutant and alternative of ``assignment`` with its declared targets."""
    out = []
    for folder in ("mutants", "alternatives"):
        for path in sorted((assignment.source_dir / folder).glob("*.py")):
            breaks: list[str] = []
            earns: list[str] = []
            for kind, qids in _HEADER.findall(path.read_text()):
                ids = [q.strip() for q in qids.replace(",", " ").split()]
                (breaks if kind == "breaks" else earns).extend(ids)
            out.append(Variant(path, tuple(breaks), tuple(earns)))
    return out


def grade_variant(assignment: Assignment, variant: Variant) -> dict[str, tuple[float, float]]:
    """Grade the variant on its declared questions: {qid: (score, max_score)}."""
    base = from_notebook(assignment.solution_notebook, "reference")
    sub = with_override(base, variant.path.stem, variant.path)
    qids = set(variant.breaks) | set(variant.earns)
    res = grade(assignment, sub, questions=qids)
    scores = {q: (0.0, 0.0) for q in qids}
    for t in res["tests"]:
        s, m = scores[t["number"]]
        scores[t["number"]] = (s + t["score"], m + t["max_score"])
    return scores
