"""Similarity benchmark: do disguised copies rank above independent solutions, and how fast?

    .venv/bin/python benchmarks/similarity/bench.py --assignment ch01 --independent 60 --copies 20
    .venv/bin/python benchmarks/similarity/bench.py --assignment ch01 --scale 500

The first form writes a synthetic class (:mod:`synth`) and scores it with the same code as
``medl similarity``, then reports, on the whole-notebook pairs (``all``): precision and recall
of the copy pairs at the default threshold, whether every copy pair ranks above every
independent pair, and the same per question (a copy's pair on a question is positive). The
second form times ``medl similarity`` itself, as a subprocess, on a class of that size (80%
independent, 20% copies). ``--verify`` grades the independent students with ``medl grade``
first, to show they are correct.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autograder.authoring.assignment import load_assignment  # noqa: E402
from autograder.course.similarity import THRESHOLD  # noqa: E402
from autograder.course.similarity.analysis import analyse  # noqa: E402
from autograder.course.similarity.inputs import gather  # noqa: E402
from benchmarks.similarity.synth import make_class  # noqa: E402


def _positive(a: str, b: str, copies: dict[str, str]) -> bool:
    return copies.get(a) == b or copies.get(b) == a


def _same_code(index, a: str, b: str) -> bool:
    """Is the two students' normalised code identical (no measure could tell them apart)?"""
    ca, cb = index.codes.get(a), index.codes.get(b)
    return bool(ca and cb) and [u.tokens for u in ca.units] == [u.tokens for u in cb.units]


def evaluate(index, pairs: list, copies: dict[str, str], threshold: float) -> dict:
    """Precision/recall at ``threshold`` and the ranking check over scored pairs. On one
    question, a copy pair is only counted when the original's code there is evidence at all:
    it kept a fingerprint (code identical to the reference or the stub is not evidence, by
    design) and no other student wrote the very same normalised code (then nothing can tell
    who copied from whom)."""

    def detectable(c: str, o: str) -> bool:
        if not index.kept.get(o) or c not in index.kept:
            return False
        return not any(_same_code(index, o, s) for s in index.codes if s not in (c, o))

    pos = {tuple(sorted((c, o))) for c, o in copies.items() if detectable(c, o)}
    copies = {c: o for c, o in copies.items() if tuple(sorted((c, o))) in pos}
    flagged = [p for p in pairs if p.similarity >= threshold]
    tp = sum(_positive(p.a, p.b, copies) for p in flagged)
    found = {tuple(sorted((p.a, p.b))) for p in pairs}
    lowest_copy = min((p.similarity for p in pairs if _positive(p.a, p.b, copies)), default=0.0)
    if pos - found:  # a copy pair that shares no fingerprint scores 0
        lowest_copy = 0.0
    highest_other = max(
        (p.similarity for p in pairs if not _positive(p.a, p.b, copies)), default=0.0
    )
    false = [p for p in flagged if not _positive(p.a, p.b, copies)]
    return {
        "copy_pairs": len(pos),
        "false_positives_with_identical_code": sum(_same_code(index, p.a, p.b) for p in false),
        "flagged": len(flagged),
        "true_positives": tp,
        "precision": tp / len(flagged) if flagged else 1.0,
        "recall": tp / len(pos) if pos else 1.0,
        "lowest_copy": lowest_copy,
        "highest_independent": highest_other,
        "copies_rank_first": lowest_copy > highest_other,
    }


def quality(args: argparse.Namespace) -> dict:
    assignment = load_assignment(args.assignment)
    folder = args.out / f"{assignment.id}-{args.independent}+{args.copies}-seed{args.seed}"
    truth = make_class(assignment, folder, args.independent, args.copies, args.seed)
    if args.verify:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "autograder.cli",
                "grade",
                assignment.id,
                *sorted(str(p) for p in folder.glob("s*.ipynb")),
                "--out",
                str(folder / "graded"),
                "--quiet",
                "--jobs",
                "2",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        scores = [
            json.loads(p.read_text())["score"] for p in (folder / "graded").glob("*/results.json")
        ]
        print(
            f"verify: {len(scores)} independent students graded, "
            f"min {min(scores):g} / {assignment.max_score:g}"
        )
    t0 = time.perf_counter()
    result = analyse(assignment, gather(assignment.id, [folder]))
    seconds = time.perf_counter() - t0
    copies = truth["copies"]
    report = {"assignment": assignment.id, "students": len(result.students), "seconds": seconds}
    for part in [result.parts[-1], *result.parts[:-1]]:
        report[part.id] = evaluate(part.index, part.pairs, copies, args.threshold)
    return report


def scale(args: argparse.Namespace) -> dict:
    assignment = load_assignment(args.assignment)
    n_copies = args.scale // 5
    folder = args.out / f"{assignment.id}-scale{args.scale}-seed{args.seed}"
    if not folder.is_dir():
        make_class(assignment, folder, args.scale - n_copies, n_copies, args.seed)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder.cli",
            "similarity",
            assignment.id,
            str(folder),
            "--out",
            str(folder / "report"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - t0
    print(proc.stdout[-1500:], proc.stderr[-1500:])
    copies = json.loads((folder / "truth.json").read_text())["copies"]
    pos = {tuple(sorted(x)) for x in copies.items()}
    with open(folder / "report" / "pairs.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    overall = [r for r in rows if r["question"] == "all"]
    flagged = {
        tuple(sorted((r["student_a"], r["student_b"])))
        for r in overall
        if float(r["similarity"]) >= args.threshold
    }
    copy_sims = [
        float(r["similarity"])
        for r in overall
        if tuple(sorted((r["student_a"], r["student_b"]))) in pos
    ]
    other = [
        float(r["similarity"])
        for r in overall
        if tuple(sorted((r["student_a"], r["student_b"]))) not in pos
    ]
    return {
        "students": args.scale,
        "seconds": round(seconds, 1),
        "exit": proc.returncode,
        "csv_rows": len(rows),
        "whole_notebook_pairs_scored": len(overall),
        "all_pairs": args.scale * (args.scale - 1) // 2,
        "copy_pairs": len(pos),
        "precision": len(flagged & pos) / len(flagged) if flagged else 1.0,
        "recall": len(flagged & pos) / len(pos),
        "lowest_copy": min(copy_sims) if len(copy_sims) == len(pos) else 0.0,
        "highest_independent": max(other, default=0.0),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assignment", default="ch01")
    ap.add_argument("--independent", type=int, default=60)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--scale", type=int, help="time `medl similarity` on this many students")
    ap.add_argument("--verify", action="store_true", help="grade the independent students")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench-similarity")
    ap.add_argument("--save", type=Path, help="also write the figures (JSON) here")
    args = ap.parse_args()
    report = scale(args) if args.scale else quality(args)
    print(json.dumps(report, indent=1))
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
