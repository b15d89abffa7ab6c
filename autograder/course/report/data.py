"""The numbers behind the class report, read from the gradebook (newest submission each).

Student-controlled text (display names, failure messages) is passed through
:func:`autograder.printable.printable` here; the templates then HTML-escape it."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from autograder.printable import printable

__all__ = [
    "AssignmentStats",
    "ClassData",
    "StudentFeedback",
    "build",
    "message_pattern",
    "speed_ratios",
]


@dataclass
class QuestionStats:
    id: str
    max_score: float
    students: int
    full_marks: int

    @property
    def pass_rate(self) -> float:
        return self.full_marks / self.students if self.students else 0.0


@dataclass
class AssignmentStats:
    id: str
    max_score: float
    scores: dict[str, float] = field(default_factory=dict)  # student -> score
    questions: list[QuestionStats] = field(default_factory=list)
    failures: list[tuple[str, str, int]] = field(default_factory=list)  # (q, message, n)
    ratios: dict[str, list[float]] = field(default_factory=dict)  # test -> measured ratios

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores.values()) if self.scores else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.scores.values()) if self.scores else 0.0


@dataclass
class StudentFeedback:
    student: str
    name: str
    # assignment -> (score, max, tests: list of dicts with question/title/score/max/output)
    assignments: dict[str, tuple[float, float, list[dict[str, Any]]]] = field(default_factory=dict)


@dataclass
class ClassData:
    assignments: list[AssignmentStats]
    students: dict[str, StudentFeedback]


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def message_pattern(output: str, width: int = 160) -> str:
    """A failure message with its numbers blanked, so that the same mistake groups together."""
    first = (output or "").strip().splitlines()[0] if (output or "").strip() else "(no message)"
    return printable(_NUMBER.sub("#", first)[:width])


def speed_ratios(extra: dict[str, Any]) -> list[float]:
    """Measured speed ratios in a test's extra data (``ratio`` or a list ``ratios``)."""
    found: list[Any] = []
    for key in ("ratio", "speed_ratio"):
        if key in extra:
            found.append(extra[key])
    if isinstance(extra.get("ratios"), list):
        found += extra["ratios"]
    out = []
    for x in found:
        if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and x > 0:
            out.append(float(x))
    return out


def build(
    rows: list[dict[str, Any]], idents: dict[tuple[str, str], dict[str, Any]], top: int = 12
) -> ClassData:
    """Aggregate gradebook test rows (see :meth:`Gradebook.latest_tests`)."""
    by_a: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_a[r["assignment"]].append(r)
    stats: list[AssignmentStats] = []
    students: dict[str, StudentFeedback] = {}
    for aid in sorted(by_a):
        per_q: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        fails: Counter[tuple[str, str]] = Counter()
        a = AssignmentStats(aid, 0.0)
        for r in by_a[aid]:
            st, q = r["student"], r["question"]
            a.scores[st] = a.scores.get(st, 0.0) + r["score"]
            per_q[q][st][0] += r["score"]
            per_q[q][st][1] += r["max_score"]
            if r["status"] != "passed":
                fails[(q, message_pattern(r["output"]))] += 1
            ratios = speed_ratios(r["extra"])
            if ratios:
                a.ratios.setdefault(r["test"], []).extend(ratios)
            fb = students.setdefault(
                st, StudentFeedback(st, printable(idents.get((aid, st), {}).get("name", st)))
            )
            score, mx, tests = fb.assignments.get(aid, (0.0, 0.0, []))
            title = str(r["extra"].get("name", r["test"]))
            title = title[len(q) + 1 :] if title.startswith(f"{q} ") else title
            tests.append(
                {
                    "question": q,
                    "title": title,
                    "score": r["score"],
                    "max_score": r["max_score"],
                    "status": r["status"],
                    "output": printable(r["output"], newlines=True),
                }
            )
            fb.assignments[aid] = (score + r["score"], mx + r["max_score"], tests)
        for q, by_student in per_q.items():
            mx = max(m for _, m in by_student.values())
            full = sum(s >= m - 1e-9 for s, m in by_student.values())
            a.questions.append(QuestionStats(q, mx, len(by_student), full))
        a.max_score = sum(q.max_score for q in a.questions)
        a.failures = [(q, msg, n) for (q, msg), n in fails.most_common(top)]
        stats.append(a)
    return ClassData(stats, dict(sorted(students.items())))
