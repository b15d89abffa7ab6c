"""``medl similarity ID INPUT... --out DIR``: which submissions share code, robust to renaming
and reordering.

Passes: read the class (:mod:`.inputs`), canonical token streams of every definition
(:mod:`.normalise`), winnowed fingerprints (:mod:`.fingerprints`), one inverted index per
question and for the whole notebook, scored pairs (:mod:`.index`, :mod:`.analysis`), then the
page and ``pairs.csv`` (:mod:`.page`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from autograder.authoring.assignment import load_assignment
from autograder.course.similarity.analysis import ALL, Analysis, Tick, analyse
from autograder.course.similarity.inputs import gather
from autograder.course.similarity.page import PAGE_NAME, write_csv, write_page
from autograder.errors import UsageError

__all__ = ["ALL", "PAGE_NAME", "THRESHOLD", "Outcome", "print_summary", "similarity"]

THRESHOLD = 0.7  # flagged at or above: see benchmarks/similarity/RESULTS.md


@dataclass
class Outcome:
    analysis: Analysis
    page: Path
    csv: Path
    rows: int


def similarity(
    assignment_id: str,
    inputs: list[Path],
    out_dir: Path,
    top: int = 10,
    threshold: float = THRESHOLD,
    tick: Tick | None = None,
) -> Outcome:
    """Compare the class in ``inputs``; write ``out_dir/index.html`` and ``out_dir/pairs.csv``."""
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"--threshold {threshold:g}: a similarity is between 0 and 1")
    if top < 1:
        raise UsageError(f"--top {top}: show at least one pair")
    assignment = load_assignment(assignment_id)
    klass = gather(assignment.id, inputs)
    result = analyse(assignment, klass, tick=tick)
    page = write_page(result, out_dir / PAGE_NAME, top, threshold)
    csv_path = out_dir / "pairs.csv"
    rows = write_csv(result, csv_path)
    return Outcome(result, page, csv_path, rows)


def print_summary(console: Console, done: Outcome, threshold: float, top: int = 5) -> None:
    """What was left out, the most similar pairs overall, and where the files are."""
    a = done.analysis
    for note in a.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
    pairs = a.part(ALL).pairs
    if pairs:
        table = Table(title=f"{a.assignment.id}: most similar pairs (whole notebook)")
        for col in ("student", "student", "similarity"):
            table.add_column(col, justify="right" if col == "similarity" else "left")
        for p in pairs[:top]:
            mark = "[red]" if p.similarity >= threshold else ""
            table.add_row(escape(p.a), escape(p.b), f"{mark}{p.similarity:.2f}")
        console.print(table)
    flagged = sum(p.similarity >= threshold for p in pairs)
    console.print(
        f"compared {len(a.students)} students on {len(a.parts) - 1} questions in "
        f"{a.seconds:.1f} s; {flagged} pair(s) at or above {threshold:.2f} on the whole notebook"
    )
    console.print(f"wrote {done.page} and {done.csv} ({done.rows} rows)", highlight=False)
