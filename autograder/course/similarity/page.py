"""What ``medl similarity`` writes: ``DIR/index.html`` (the page) and ``DIR/pairs.csv``."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment

from autograder.course.similarity.analysis import ALL, Analysis, Part
from autograder.course.similarity.fingerprints import WINDOW, K
from autograder.course.similarity.index import Pair
from autograder.course.similarity.templates import PAGE, STYLE

__all__ = ["PAGE_NAME", "csv_cell", "write_csv", "write_page"]

PAGE_NAME = "index.html"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet will not run: text starting with ``= + - @``,
    a tab or a carriage return gets a leading ``'`` (OWASP's advice on CSV injection)."""
    text = value if isinstance(value, str) else f"{value}"
    return "'" + text if text.startswith(_FORMULA) else text


def write_csv(analysis: Analysis, path: Path) -> int:
    """One row per scored pair and question (``all``: the whole notebook), highest first;
    pairs that share no fingerprint beyond the baseline are not rows (similarity 0).
    Return the number of rows."""
    overall = {(p.a, p.b): p.similarity for p in analysis.part(ALL).pairs}
    rows = [p for part in analysis.parts for p in part.pairs]
    rows.sort(key=lambda p: (-p.similarity, -overall.get((p.a, p.b), 0.0), p.question, p.a, p.b))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_a", "student_b", "question", "similarity"])
        for p in rows:
            w.writerow([csv_cell(p.a), csv_cell(p.b), csv_cell(p.question), f"{p.similarity:.4f}"])
    return len(rows)


def _label(analysis: Analysis, key: str) -> str:
    s = analysis.students[key]
    return key if s.name in ("", key) else f"{s.name} ({key})"


def _blocks(part: Part, student: str, marks: dict[int, set[int]]) -> list[dict[str, Any]]:
    code = part.index.codes.get(student)
    if code is None:
        return []
    out = []
    for i, unit in enumerate(code.units):
        hit = marks.get(i, set())
        lines = [
            (unit.lineno + j, text, unit.lineno + j in hit)
            for j, text in enumerate(unit.source.split("\n"))
        ]
        out.append({"where": f"cell {unit.cell}, line {unit.lineno}: {unit.name}", "lines": lines})
    return out


def _detail(analysis: Analysis, part: Part, a: str, b: str, sim: float | None) -> dict[str, Any]:
    if a in part.index.kept and b in part.index.kept:
        left, right = part.index.regions(a, b)
    else:
        left, right = {}, {}
    return {
        "question": part.id,
        "title": part.title,
        "similarity": sim,
        "a": _label(analysis, a),
        "b": _label(analysis, b),
        "left": _blocks(part, a, left),
        "right": _blocks(part, b, right),
    }


def write_page(analysis: Analysis, out: Path, top: int = 10, threshold: float = 0.5) -> Path:
    """Write the page to ``out``; ``top`` pairs per question and overall."""
    questions = analysis.parts[:-1]
    by_pair: dict[tuple[str, str], dict[str, float]] = {}
    for part in questions:
        for p in part.pairs:
            by_pair.setdefault((p.a, p.b), {})[part.id] = p.similarity
    everything = analysis.part(ALL)
    overall_sim = {(p.a, p.b): p.similarity for p in everything.pairs}

    def row(p: Pair, anchor: str) -> dict[str, Any]:
        return {
            "a": _label(analysis, p.a),
            "b": _label(analysis, p.b),
            "similarity": p.similarity,
            "flagged": p.similarity >= threshold,
            "shared": p.shared,
            "overall": overall_sim.get((p.a, p.b), 0.0),
            "anchor": anchor,
            "by_question": by_pair.get((p.a, p.b), {}),
        }

    overall = []
    for i, p in enumerate(everything.pairs[:top], 1):
        r = row(p, f"all-{i}")
        sims = by_pair.get((p.a, p.b), {})
        details = [_detail(analysis, q, p.a, p.b, sims.get(q.id)) for q in questions]
        r["details"] = [d for d in details if d["left"] or d["right"]]
        overall.append(r)
    qs = []
    for qi, part in enumerate(questions):
        pairs = []
        for i, p in enumerate(part.pairs[:top], 1):
            r = row(p, f"q{qi}-{i}")
            r["details"] = [_detail(analysis, part, p.a, p.b, p.similarity)]
            pairs.append(r)
        qs.append(
            {
                "id": part.id,
                "title": part.title,
                "functions": part.functions,
                "students": len(part.index.codes),
                "scored": len(part.pairs),
                "pairs": pairs,
            }
        )
    params = analysis.params
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    html = env.from_string(PAGE).render(
        title=f"{analysis.assignment.id} {analysis.assignment.title}: similarity",
        assignment=analysis.assignment.id,
        students=len(analysis.students),
        generated=time.strftime("%Y-%m-%d %H:%M"),
        seconds=analysis.seconds,
        threshold=threshold,
        flagged=sum(p.similarity >= threshold for p in everything.pairs),
        highest=everything.pairs[0].similarity if everything.pairs else 0.0,
        questions=qs,
        overall=overall,
        notes=analysis.notes,
        k=K,
        w=WINDOW,
        common=f"{params.common_share:.0%} of the class (and over {params.common_min} students)",
        style=STYLE,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
