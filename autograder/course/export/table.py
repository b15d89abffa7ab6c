"""The gradebook as a CSV an LMS gradebook import takes: one row per student.

``canvas`` (default): Canvas's own export columns ``Student, ID, SIS User ID, SIS Login ID,
Section``, a ``Points Possible`` row, then one column per assignment, one per question
(``ch01 q1``) and ``Total``. Canvas matches rows by ``ID`` (the Canvas user id from the
submission zip) or ``SIS Login ID`` (the student key, for files named by login). Moodle's
gradebook import maps any identity column, so the same file works there too.

``moodle``: the assignment's offline grading worksheet (``Identifier`` = "Participant N",
``Full name``, ``Grade``, ``Maximum Grade``, question columns, ``Feedback comments``), which
Moodle's "Upload grading worksheet" matches by participant id.

Every cell goes through :func:`safe_cell`: control and bidi characters escaped, and a cell a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR)
prefixed with ``'`` (OWASP's rule against CSV injection), so a display name such as
``=HYPERLINK(...)`` opens as text.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from autograder.course.gradebook import Gradebook
from autograder.errors import UsageError
from autograder.printable import printable

__all__ = ["export_csv", "safe_cell"]

CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell that a spreadsheet shows as plain text (numbers stay numbers)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA):
        try:
            float(text)  # "-1.5" is a number, not a formula
        except ValueError:
            text = "'" + text
    return printable(text)


class _SafeWriter:
    """csv.writer whose every cell goes through :func:`safe_cell`."""

    def __init__(self, f) -> None:
        self._w = csv.writer(f)

    def writerow(self, row: list[object]) -> None:
        self._w.writerow([safe_cell(c) for c in row])


def _num(x: float | None) -> str:
    return "" if x is None else f"{round(x, 4):g}"


Scores = dict[str, dict[str, float]]  # student -> column -> points


def _collect(
    book: Gradebook, assignment: str | None
) -> tuple[Scores, dict[str, float], list[str], list[str]]:
    """(scores, maximum per column, score columns in order, assignment ids)."""
    rows = book.latest_tests(assignment)
    if not rows:
        raise UsageError(
            "the gradebook has no graded submissions" + (f" for {assignment}" if assignment else "")
        )
    scores: Scores = defaultdict(dict)
    questions: dict[str, list[str]] = defaultdict(list)
    qmax: dict[tuple[str, str], float] = defaultdict(float)  # (student, column) -> max
    for r in rows:
        aid, student, q = r["assignment"], r["student"], r["question"]
        if q not in questions[aid]:
            questions[aid].append(q)
        col = f"{aid} {q}"
        scores[student][col] = scores[student].get(col, 0.0) + r["score"]
        scores[student][aid] = scores[student].get(aid, 0.0) + r["score"]
        qmax[(student, col)] += r["max_score"]
    maxima: dict[str, float] = {}
    for (_, col), m in qmax.items():
        maxima[col] = max(maxima.get(col, 0.0), m)
    for aid, qs in questions.items():
        maxima[aid] = sum(maxima[f"{aid} {q}"] for q in qs)
    columns = []
    for aid in sorted(questions):
        columns += [aid] + [f"{aid} {q}" for q in questions[aid]]
    return scores, maxima, columns, sorted(questions)


def export_csv(db: Path, out: Path, assignment: str | None = None, lms: str = "canvas") -> int:
    """Write the CSV; return the number of student rows."""
    with Gradebook.existing(db) as book:
        scores, maxima, columns, aids = _collect(book, assignment)
        idents = book.students(assignment)
    out.parent.mkdir(parents=True, exist_ok=True)
    if lms == "moodle":
        if len(aids) != 1:
            raise UsageError(
                "--lms moodle writes one assignment's grading worksheet: give --assignment ID"
            )
        return _moodle(out, aids[0], scores, maxima, columns, idents)
    with open(out, "w", newline="") as f:
        w = _SafeWriter(f)
        w.writerow(CANVAS_ID_COLUMNS + columns + ["Total"])
        total_max = sum(maxima[a] for a in aids)
        w.writerow(
            ["Points Possible", "", "", "", ""]
            + [_num(maxima.get(c)) for c in columns]
            + [_num(total_max)]
        )
        for student in sorted(scores):
            ident = next((idents[(a, student)] for a in aids if (a, student) in idents), {})
            canvas = ident.get("lms") == "canvas"
            w.writerow(
                [
                    ident.get("name", student),
                    ident.get("lms_id", "") if canvas else "",
                    "",
                    "" if canvas else student,
                    "",
                ]
                + [_num(scores[student].get(c)) for c in columns]
                + [_num(sum(scores[student].get(a, 0.0) for a in aids))]
            )
    return len(scores)


def _moodle(
    out: Path,
    aid: str,
    scores: Scores,
    maxima: dict[str, float],
    columns: list[str],
    idents: dict[tuple[str, str], dict[str, Any]],
) -> int:
    qcols = [c for c in columns if c != aid]
    with open(out, "w", newline="") as f:
        w = _SafeWriter(f)
        w.writerow(
            ["Identifier", "Full name", "Grade", "Maximum Grade"]
            + [c.split(" ", 1)[1] for c in qcols]
            + ["Feedback comments"]
        )
        for student in sorted(scores):
            ident = idents.get((aid, student), {})
            pid = ident.get("lms_id", student)
            ident_col = f"Participant {pid}" if ident.get("lms") == "moodle" else student
            feedback = "; ".join(
                f"{c.split(' ', 1)[1]} {_num(scores[student].get(c))}/{_num(maxima.get(c))}"
                for c in qcols
            )
            w.writerow(
                [
                    ident_col,
                    ident.get("name", student),
                    _num(scores[student].get(aid)),
                    _num(maxima.get(aid)),
                ]
                + [_num(scores[student].get(c)) for c in qcols]
                + [feedback]
            )
    return len(scores)
