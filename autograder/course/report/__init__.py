"""``medl report DB --out report.html [--students DIR]``: the class report and feedback pages.

Passes: read the newest submission of each student from the gradebook (:mod:`.data`), draw
the figures (:mod:`.plots`), render the autoescaped templates (:mod:`.templates`). Every page
is one self-contained HTML file: inline CSS, figures as base64 PNG, no script.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from jinja2 import Environment

from autograder.course.gradebook import Gradebook
from autograder.course.report import plots
from autograder.course.report.data import build
from autograder.course.report.templates import CLASS, STUDENT, STYLE

__all__ = ["write_report"]


def _env() -> Environment:
    return Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _similarity_page(out: Path, aid: str) -> str | None:
    """``similarity/<aid>/index.html`` beside the report, when ``medl similarity`` wrote it
    there (its default ``--out``)."""
    rel = f"similarity/{aid}/index.html"
    return rel if (out.resolve().parent / rel).is_file() else None


def write_report(
    db: Path,
    out: Path,
    assignment: str | None = None,
    students_dir: Path | None = None,
    title: str | None = None,
) -> int:
    """Write the class page to ``out`` (and one page per student into ``students_dir``);
    return the number of student pages written."""
    with Gradebook.existing(db) as book:
        data = build(book.latest_tests(assignment), book.students(assignment))
    generated = time.strftime("%Y-%m-%d %H:%M")
    course = title or "Mathematical Engineering of Deep Learning"
    sections = []
    for a in data.assignments:
        sections.append(
            {
                "stats": a,
                "full": sum(s >= a.max_score - 1e-9 for s in a.scores.values()),
                "histogram": plots.score_histogram(a),
                "pass_rates": plots.pass_rates(a),
                "speed": plots.speed_ratios(a),
                "similarity": _similarity_page(out, a.id),
            }
        )
    links = None
    if students_dir is not None:
        links = Path(os.path.relpath(students_dir.resolve(), out.resolve().parent)).as_posix()
    env = _env()
    page = env.from_string(CLASS).render(
        title=f"{course}: class report",
        db=Path(db).name,
        generated=generated,
        assignments=sections,
        students=data.students,
        links=links,
        style=STYLE,
        median=statistics.median,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    if students_dir is None:
        return 0
    students_dir.mkdir(parents=True, exist_ok=True)
    tpl = env.from_string(STUDENT)
    for s in data.students.values():
        (students_dir / f"{s.student}.html").write_text(
            tpl.render(s=s, course=course, generated=generated, style=STYLE), encoding="utf-8"
        )
    return len(data.students)
